/**
 * `mlpkit datasets`, `mlpkit models`, `mlpkit backends`: what is available, with --json.
 */
import { describeRange, listDatasets } from '@mlpkit/datasets';
import type { Command } from 'commander';
import { kebab } from '../dataset-args.js';
import type { Terminal } from '../terminal.js';
import { textTable } from '../terminal.js';
import { parsePositiveInt } from '../parse.js';

export function registerInfoCommands(program: Command, term: Terminal): void {
  program
    .command('datasets')
    .description('list the datasets with their parameters and defaults')
    .option('--json', 'machine-readable output on stdout')
    .option('--quiet', 'no notes on stderr (errors only; this command prints none)')
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
    .option('--quiet', 'no notes on stderr (errors only; this command prints none)')
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
    .description('list the training backends, available or not (with the reason); with --model, the estimated cost of an epoch on each')
    .option('--model <preset|spec.json>', 'estimate the epoch time of this model on every backend that can train it')
    .option('--batch-size <n>', 'batch size of the estimate', parsePositiveInt, 32)
    .option('--rows <n>', 'training rows of the estimate', parsePositiveInt, 1000)
    .option('--measure <steps>', 'also time this many training steps per backend, next to the estimate (noisy; auto never uses it)', parsePositiveInt)
    .option('--json', 'machine-readable output on stdout')
    .option('--quiet', 'no notes on stderr (errors only; this command prints none)')
    .action(async (o: { json?: boolean; model?: string; batchSize: number; rows: number; measure?: number }) => {
      await import('../tf-quiet.js');
      const { estimateBackends, listBackends } = await import('@mlpkit/train');
      const backends = await listBackends();
      let estimates: Array<{ backend: string; epochMs: number; gflops: number; auto: boolean; measuredEpochMs?: number }> | undefined;
      if (o.model !== undefined) {
        const { resolveModelSpec } = await import('../model-args.js');
        const spec = resolveModelSpec({ model: o.model }, { features: 0, classes: 0 });
        const list = await estimateBackends(spec, { batchSize: o.batchSize, rows: o.rows, ...(o.measure ? { measure: o.measure } : {}) });
        estimates = list.map((e) => ({
          backend: e.backend,
          epochMs: e.epochMs,
          gflops: e.epochFlops / e.epochMs / 1e6,
          auto: e.auto,
          ...(e.measured ? { measuredEpochMs: e.measured.epochMs } : {}),
        }));
      }
      if (o.json) {
        term.json(estimates ? { backends, estimates } : backends);
        return;
      }
      for (const b of backends) {
        const mark = b.available ? term.out.green('available') : term.out.red('unavailable');
        term.print(`${term.out.bold(b.name.padEnd(11))} ${mark}  ${b.description}`);
        if (!b.available && b.reason) term.print(`            ${term.out.dim(b.reason)}`);
      }
      term.print(`${term.out.bold('auto'.padEnd(11))} picks the cheapest backend for the model by a fixed cost model (the same on every run; the default one unless another is 2× cheaper)`);
      if (estimates) {
        term.print('');
        term.print(`Estimated epoch of ${o.model} (${o.rows} row${o.rows === 1 ? '' : 's'}, batch ${o.batchSize}; cost model, not a timing):`);
        const ms = (v: number) => v.toFixed(v < 10 ? 2 : 1);
        const measured = o.measure !== undefined;
        term.print(
          textTable(
            ['backend', 'ms/epoch', 'GFLOP/s', ...(measured ? [`measured ms/epoch (${o.measure} steps)`] : []), 'auto'],
            estimates.map((e) => [e.backend, ms(e.epochMs), e.gflops.toFixed(2), ...(measured ? [e.measuredEpochMs !== undefined ? ms(e.measuredEpochMs) : ''] : []), e.auto ? '←' : '']),
            ['l', 'r', 'r', ...(measured ? (['r'] as const) : []), 'l'],
          ),
        );
      }
    });
}
