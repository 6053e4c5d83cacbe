/**
 * `mlpkit data <dataset>`: generate a dataset and write it as CSV (header x0,x1,...,label) or JSON.
 */
import { toCsv } from '@mlpkit/datasets';
import { Option, type Command } from 'commander';
import { addDatasetParamOptions, givenDatasetParams, loadDataset } from '../dataset-args.js';
import { openOutputFile, type OutputFile } from '../outdir.js';
import { parseNonNegativeInt } from '../parse.js';
import type { Terminal } from '../terminal.js';

export function registerDataCommand(program: Command, term: Terminal): void {
  const cmd = program
    .command('data')
    .description('generate a dataset and write it as CSV or JSON')
    .argument('<dataset>', 'dataset name (see `mlpkit datasets`)')
    .option('--seed <n>', 'random seed (same seed, same data)', parseNonNegativeInt, 0)
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--out <file>', 'write to a file instead of stdout (an existing file only with --force)')
    .option('--force', 'replace an existing --out file');
  addDatasetParamOptions(cmd);
  cmd.action((name: string, o: { seed: number; format: 'csv' | 'json'; out?: string; force?: boolean }) => {
    // A refused --out costs nothing: it is checked before the data is generated.
    const out = o.out !== undefined ? openOutputFile(o.out, { force: o.force }) : undefined;
    try {
      writeData(name, o, out);
    } catch (err) {
      out?.abort();
      throw err;
    }
  });

  const writeData = (name: string, o: { seed: number; format: 'csv' | 'json'; out?: string }, out: OutputFile | undefined) => {
    const { data } = loadDataset(name, givenDatasetParams(cmd), { seed: o.seed });
    const text =
      o.format === 'csv'
        ? toCsv(data)
        : `${JSON.stringify(
            {
              name: data.name,
              params: data.params ?? {},
              features: data.features,
              classes: data.classes,
              ...(data.classNames ? { classNames: data.classNames } : {}),
              x: Array.from(data.x),
              y: Array.from(data.y),
            },
            null,
            2,
          )}\n`;
    if (out) {
      out.write(text);
      out.commit();
      term.note(`wrote ${data.y.length} rows of ${data.name} to ${o.out}`);
    } else {
      process.stdout.write(text);
    }
  };
}
