/**
 * `mlpkit data <dataset>`: generate a dataset and write it as CSV (header x0,x1,...,label) or JSON.
 * The text is written in chunks of rows (with backpressure on stdout), so memory stays flat
 * whatever the row count: only the generated arrays are held, not their text.
 */
import { datasetSize, isRegression, targetNamesOf, toCsvChunks, type AnyDataset } from '@mlpkit/datasets';
import { Option, type Command } from 'commander';
import { addDatasetParamOptions, givenDatasetParams, isCsvPath, loadDataset } from '../dataset-args.js';
import { UsageError } from '../errors.js';
import { toStdout, yieldToEventLoop } from '../io.js';
import { openOutputFile, type OutputFile } from '../outdir.js';
import { parseNonNegativeInt } from '../parse.js';
import type { Terminal } from '../terminal.js';
import { refuseFolder } from './data-path.js';

const ROWS_PER_CHUNK = 20_000;

/** The JSON of `mlpkit data --format json` (the format `parseDatasetJson` reads), in chunks. */
function* jsonChunks(d: AnyDataset): Generator<string> {
  const head = isRegression(d)
    ? {
        task: 'regression',
        name: d.name,
        params: d.params ?? {},
        features: d.features,
        targets: d.targets,
        targetNames: targetNamesOf(d),
        ...(d.featureNames ? { featureNames: d.featureNames } : {}),
      }
    : {
        name: d.name,
        params: d.params ?? {},
        features: d.features,
        classes: d.classes,
        ...(d.classNames ? { classNames: d.classNames } : {}),
        ...(d.featureNames ? { featureNames: d.featureNames } : {}),
      };
  yield `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "x": [`;
  const step = ROWS_PER_CHUNK * d.features;
  for (let i = 0; i < d.x.length; i += step) {
    yield `${i > 0 ? ',' : ''}\n    ${Array.from(d.x.subarray(i, i + step), (v) => JSON.stringify(v)).join(', ')}`;
  }
  yield '\n  ],\n  "y": [';
  for (let i = 0; i < d.y.length; i += ROWS_PER_CHUNK) {
    yield `${i > 0 ? ',' : ''}\n    ${Array.from(d.y.subarray(i, i + ROWS_PER_CHUNK), (v) => JSON.stringify(v)).join(', ')}`;
  }
  yield '\n  ]\n}\n';
}

export function registerDataCommand(program: Command, term: Terminal): void {
  const cmd = program
    .command('data')
    .description('generate a dataset and write it as CSV or JSON')
    .argument('<dataset>', 'dataset name (see `mlpkit datasets`)')
    .option('--seed <n>', 'random seed (same seed, same data)', parseNonNegativeInt, 0)
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--out <file>', 'write to a file instead of stdout (an existing file only with --force)')
    .option('--force', 'replace an existing --out file')
    .option('--quiet', 'no notes on stderr (errors only)');
  addDatasetParamOptions(cmd);
  cmd.action(async (name: string, o: { seed: number; format: 'csv' | 'json'; out?: string; force?: boolean; quiet?: boolean }) => {
    refuseFolder(name, 'dataset', 'a dataset name (see `mlpkit datasets`); `mlpkit data` generates data, it does not read files');
    // A refused --out costs nothing: it is checked before the data is generated.
    const out = o.out !== undefined ? openOutputFile(o.out, { force: o.force }) : undefined;
    try {
      await writeData(name, o, out);
    } catch (err) {
      out?.abort();
      throw err;
    }
  });

  const writeData = async (name: string, o: { seed: number; format: 'csv' | 'json'; out?: string; quiet?: boolean }, out: OutputFile | undefined) => {
    if (isCsvPath(name)) {
      throw new UsageError(`${name} is a file: \`mlpkit data\` generates a dataset of the registry (see \`mlpkit datasets\`); to train on a file, use \`mlpkit train --dataset ${name}\``);
    }
    const given = givenDatasetParams(cmd);
    if (given.randomState !== undefined && given.randomState !== '-1' && cmd.getOptionValueSource('seed') === 'cli') {
      throw new UsageError("use either --seed (mlpkit's generator) or --random-state (NumPy's RandomState, as scikit-learn), not both");
    }
    const { data } = loadDataset(name, given, { seed: o.seed });
    const chunks = o.format === 'csv' ? toCsvChunks(data, { rowsPerChunk: ROWS_PER_CHUNK }) : jsonChunks(data);
    if (out) {
      for (const chunk of chunks) {
        out.write(chunk);
        // Let a Ctrl-C through between chunks (a long write would otherwise hold the event loop).
        await yieldToEventLoop();
      }
      out.commit();
      if (!o.quiet) term.note(`wrote ${datasetSize(data)} row${datasetSize(data) === 1 ? '' : 's'} of ${data.name} to ${o.out}`);
    } else {
      await toStdout(chunks);
    }
  };
}
