/**
 * `mlpkit datasets`, `mlpkit models`, `mlpkit backends`: what is available, with --json.
 */
import { describeRange, listDatasets } from '@mlpkit/datasets';
import type { Command } from 'commander';
import { kebab } from '../dataset-args.js';
import type { Terminal } from '../terminal.js';
import { textTable } from '../terminal.js';

export function registerInfoCommands(program: Command, term: Terminal): void {
  program
    .command('datasets')
    .description('list the datasets with their parameters and defaults')
    .option('--json', 'machine-readable output on stdout')
    .action((o: { json?: boolean }) => {
      const entries = listDatasets();
      if (o.json) {
        term.json(entries.map((e) => ({ name: e.name, title: e.title, description: e.description, classes: e.classes, params: e.params })));
        return;
      }
      for (const e of entries) {
        term.print(`${term.out.bold(e.name)} — ${e.title} (${e.classes === 'param' ? 'classes set by --classes' : `${e.classes} classes`})`);
        term.print(`  ${term.out.dim(e.description)}`);
        for (const p of e.params) {
          term.print(`  --${kebab(p.name).padEnd(13)} default ${String(p.default).padEnd(6)} ${describeRange(p)}: ${p.description}`);
        }
        term.print('');
      }
    });

  program
    .command('models')
    .description('list the model presets (one per seed experiment)')
    .option('--json', 'machine-readable output on stdout')
    .action(async (o: { json?: boolean }) => {
      const { getPreset, listPresets, summary } = await import('@mlpkit/models');
      const rows = listPresets().map((name) => {
        const spec = getPreset(name);
        return { name, spec, params: summary(spec).totalParams };
      });
      if (o.json) {
        term.json(rows);
        return;
      }
      term.print(
        textTable(
          ['preset', 'layers (hidden → output)', 'optimizer', 'loss', 'params'],
          rows.map(({ name, spec, params }) => [
            name,
            spec.layers.map((l) => `${l.units} ${l.activation}`).join(' → '),
            `${spec.compile.optimizer.name}${spec.compile.optimizer.learningRate !== undefined ? ` lr ${spec.compile.optimizer.learningRate}` : ''}`,
            spec.compile.loss,
            String(params),
          ]),
          ['l', 'l', 'l', 'l', 'r'],
        ),
      );
    });

  program
    .command('backends')
    .description('list the training backends, available or not (with the reason)')
    .option('--json', 'machine-readable output on stdout')
    .action(async (o: { json?: boolean }) => {
      await import('../tf-quiet.js');
      const { listBackends } = await import('@mlpkit/train');
      const backends = await listBackends();
      if (o.json) {
        term.json(backends);
        return;
      }
      for (const b of backends) {
        const mark = b.available ? term.out.green('available') : term.out.red('unavailable');
        term.print(`${term.out.bold(b.name.padEnd(11))} ${mark}  ${b.description}`);
        if (!b.available && b.reason) term.print(`            ${term.out.dim(b.reason)}`);
      }
      term.print(`${term.out.bold('auto'.padEnd(11))} picks the fastest available backend that supports the model`);
    });
}
