/**
 * The work of `mlpkit train` (loaded on demand: it pulls in TF.js).
 */
import '../tf-quiet.js';
import { classNamesOf, featureNamesOf, type DataSchema } from '@mlpkit/datasets';
import { formatClassificationReport, formatConfusionMatrix } from '@mlpkit/metrics';
import { runJob, TEST_SEED_OFFSET, type Evaluation, type Job, type JobResult, type MetricsJson } from '@mlpkit/experiments';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobOutputNames, writeJobOutputs } from '../artifacts.js';
import { isCsvPath, loadDataset, type CsvArgs, type LoadedData } from '../dataset-args.js';
import { loadForSchema } from '../schema-data.js';
import { UsageError } from '../errors.js';
import { isSpecPath, resolveModelSpec } from '../model-args.js';
import { describeCommit, openOutputDir } from '../outdir.js';
import { createSeedPool, defaultJobs } from '../pool.js';
import runSeedInThisThread, { type JobTask } from '../seed-worker.js';
import { textTable, type Terminal } from '../terminal.js';
import { epochProgress, progressMode } from '../progress.js';

export interface TrainOpts extends CsvArgs {
  /** Generator parameters given as flags. */
  datasetParams: Record<string, string>;
  dataset?: string;
  test?: string;
  validationSplit?: number;
  validationSplitMode?: 'last' | 'stratified';
  /** Standardize the features (default: on for a data file, off for a generated dataset). */
  standardize?: boolean;
  model?: string;
  layers?: string;
  activation?: string;
  optimizer?: string;
  lr?: number;
  epochs: number;
  batchSize: number;
  backend: string;
  seed: number;
  out?: string;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
  png: boolean;
  /** Train seeds seed … seed+seeds−1 (data where generated, initial weights, shuffles) and summarise. */
  seeds?: number;
  /** Worker threads for --seeds (default one per core). */
  jobs?: number;
}

/** The files `train` reads (never overwritten by --out). */
function trainInputs(o: TrainOpts): string[] {
  const files: string[] = [];
  if (o.dataset !== undefined && isCsvPath(o.dataset)) files.push(o.dataset);
  if (o.test !== undefined && isCsvPath(o.test)) files.push(o.test);
  if (o.model !== undefined && isSpecPath(o.model)) files.push(o.model);
  return files;
}

/** Prints the end-of-run summary: accuracy, classification report, confusion matrix. */
export function printEvaluation(
  term: Terminal,
  m: Pick<Evaluation, 'report' | 'confusionMatrix'>,
  classNames: string[],
  heading: string,
): void {
  term.print(term.out.bold(heading));
  term.print('');
  term.print(formatClassificationReport(m.report, { digits: 3 }).trimEnd());
  term.print('');
  term.print(term.out.bold('Confusion matrix'));
  term.print(formatConfusionMatrix(m.confusionMatrix, { labels: classNames }).trimEnd());
}

export async function trainAction(o: TrainOpts, term: Terminal): Promise<void> {
  if (o.test !== undefined && o.validationSplit !== undefined) {
    throw new UsageError('use either --test or --validation-split, not both');
  }
  if (o.validationSplitMode !== undefined && o.validationSplit === undefined) {
    throw new UsageError('--validation-split-mode goes with --validation-split');
  }
  const given = o.datasetParams;
  const train = loadDataset(o.dataset!, given, { seed: o.seed, labelColumn: o.labelColumn, header: o.header, ignoreColumns: o.ignoreColumns });
  const schema: DataSchema = { features: featureNamesOf(train.data), label: train.labelColumn, classNames: classNamesOf(train.data) };
  let test: LoadedData | undefined;
  if (o.test !== undefined) {
    // The test set is read against the training data's schema: columns by name, labels by value.
    test = isCsvPath(o.test)
      ? loadForSchema(o.test, {}, schema, { seed: o.seed, header: o.header })
      : loadForSchema(o.test, isCsvPath(o.dataset!) ? {} : given, schema, { seed: o.seed + TEST_SEED_OFFSET });
  }
  const note = (text: string) => {
    if (!o.quiet) term.note(text);
  };
  for (const n of [...train.notes, ...(test?.notes ?? [])]) note(n);
  const standardize = o.standardize ?? train.fromFile;
  if (standardize && o.standardize === undefined) {
    note(`standardizing the ${train.data.features} feature${train.data.features === 1 ? '' : 's'} (mean and std of the training rows, saved with the model; --no-standardize to train on raw values)`);
  }
  const classes = train.data.classes;
  const spec = resolveModelSpec(o, { features: train.data.features, classes });

  const job: Job = {
    experiment: null,
    train: { ...train.data, classNames: schema.classNames, featureNames: schema.features },
    trainInfo: { ...train.info, params: { ...train.info.params, labelColumn: train.labelColumn } },
    ...(test ? { evaluation: test.data, evaluationInfo: test.info } : {}),
    evaluationKind: test ? 'test' : o.validationSplit !== undefined ? 'validation' : 'train',
    spec,
    fit: {
      epochs: o.epochs,
      batchSize: o.batchSize,
      ...(o.validationSplit !== undefined ? { validationSplit: o.validationSplit } : {}),
      ...(o.validationSplitMode !== undefined ? { validationSplitMode: o.validationSplitMode } : {}),
    },
    preprocessing: { standardize },
    seed: o.seed,
    backend: o.backend,
    onWarning: (w) => term.note(`${term.err.yellow('mlpkit: warning:')} ${w}`),
  };
  if (o.seeds !== undefined && o.seeds > 1) {
    await trainSeeds(o, job, train, test, term);
    return;
  }
  // Open the output first: a bad --out fails before training, and a failure removes it.
  const out = o.out !== undefined ? openOutputDir(o.out, { force: o.force, inputs: trainInputs(o), expected: jobOutputNames({ png: o.png }) }) : undefined;
  const progress = epochProgress({ label: 'train', totalEpochs: o.epochs, mode: progressMode(o) });
  let result: JobResult | undefined;
  let wrote: string | undefined;
  try {
    result = await runJob({ ...job, onEpochEnd: (logs) => progress.onEpochEnd(logs) });
    progress.stop(true);
    if (out) {
      await writeJobOutputs(out.path, result, { png: o.png });
      wrote = describeCommit(o.out!, out.commit());
    }
  } catch (err) {
    progress.stop();
    out?.abort();
    throw err;
  } finally {
    result?.trainer.dispose();
  }
  const m = result.metrics;
  if (o.json) {
    term.json(m);
    if (wrote && !o.quiet) term.note(wrote);
    return;
  }
  if (!o.quiet) {
    term.note(
      `trained ${spec.name ?? 'model'} on ${m.dataset.name} for ${m.epochs} epochs with ${m.backend} in ${(m.trainMs / 1000).toFixed(2)} s`,
    );
  }
  printEvaluation(term, m, result.classNames, `Accuracy on the ${m.evaluatedOn} data: ${m.accuracy.toFixed(4)}`);
  if (wrote && !o.quiet) term.note(wrote);
}

/** median, min and max of finite values */
function spread(values: number[]): { median: number; min: number; max: number } {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return { median: v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2, min: v[0]!, max: v[v.length - 1]! };
}

/**
 * `train --seeds N`: N independent runs (seed … seed+N−1: a generated dataset is drawn again for
 * each, a file stays the same; initial weights and shuffles always change), in a worker pool.
 * Prints each seed's accuracy and their median and range; `--out` holds the first seed's run
 * plus seeds.json with every seed's numbers.
 */
async function trainSeeds(o: TrainOpts, base: Job, train: LoadedData, test: LoadedData | undefined, term: Terminal): Promise<void> {
  const seeds = Array.from({ length: o.seeds! }, (_, i) => o.seed + i);
  const jobFor = (seed: number): JobTask['job'] => {
    const { onWarning: _w, ...rest } = base;
    if (seed === o.seed || train.fromFile) return { ...rest, seed };
    // A generated dataset: this seed's own draw (and its own fresh test set).
    const data = loadDataset(o.dataset!, o.datasetParams, { seed }).data;
    const schema: DataSchema = { features: featureNamesOf(base.train), label: 'label', classNames: classNamesOf(base.train) };
    const evaluation = test && !test.fromFile ? loadForSchema(o.test!, o.datasetParams, schema, { seed: seed + TEST_SEED_OFFSET }).data : rest.evaluation;
    return { ...rest, seed, train: { ...data, classNames: classNamesOf(base.train), featureNames: featureNamesOf(base.train) }, trainInfo: { ...rest.trainInfo, params: { ...rest.trainInfo.params, ...(data.params ?? {}) } }, ...(evaluation ? { evaluation } : {}) };
  };
  const out = o.out !== undefined ? openOutputDir(o.out, { force: o.force, inputs: trainInputs(o), expected: [...jobOutputNames({ png: o.png }), 'seeds.json'] }) : undefined;
  const jobs = Math.min(o.jobs ?? defaultJobs(), seeds.length);
  const pool = jobs > 1 ? createSeedPool(jobs) : undefined;
  if (!o.quiet && !o.json) term.note(`training ${seeds.length} seeds (${seeds[0]}–${seeds.at(-1)})${pool ? ` on ${jobs} workers` : ''}`);
  let wrote: string | undefined;
  let runs: MetricsJson[];
  try {
    const runSeed = async (seed: number, k: number): Promise<MetricsJson> => {
      const task: JobTask = { kind: 'job', job: jobFor(seed), png: o.png, ...(k === 0 && out ? { outDir: out.path } : {}) };
      if (pool) return (await pool.run(task)).metrics;
      return (await runSeedInThisThread(task)).metrics;
    };
    const pending = seeds.map((seed, k) => (pool ? runSeed(seed, k) : undefined));
    for (const p of pending) p?.catch(() => {});
    runs = [];
    for (const [k, seed] of seeds.entries()) {
      const m = await (pending[k] ?? runSeed(seed, k));
      runs.push(m);
      if (!o.quiet && !o.json) term.note(`seed ${seed}: accuracy ${m.accuracy.toFixed(4)} on the ${m.evaluatedOn} data (${m.epochs} epochs, ${m.backend})`);
    }
    const summary = { seeds, accuracy: spread(runs.map((m) => m.accuracy)), runs: runs.map((m, k) => ({ seed: seeds[k], accuracy: m.accuracy, epochs: m.epochs, trainMs: m.trainMs, backend: m.backend })) };
    if (out) {
      writeFileSync(join(out.path, 'seeds.json'), `${JSON.stringify(summary, null, 2)}\n`);
      wrote = describeCommit(o.out!, out.commit());
    }
    for (const w of new Set(runs.flatMap((m) => m.warnings))) term.note(`${term.err.yellow('mlpkit: warning:')} ${w}`);
    if (o.json) {
      term.json({ ...summary, runs });
    } else {
      const a = summary.accuracy;
      term.print(`Accuracy on the ${runs[0]!.evaluatedOn} data over ${seeds.length} seeds: median ${a.median.toFixed(4)} (${a.min.toFixed(4)}–${a.max.toFixed(4)})`);
      term.print('');
      term.print(textTable(['seed', 'accuracy', 'epochs', 'train s', 'backend'], summary.runs.map((r) => [String(r.seed), r.accuracy.toFixed(4), String(r.epochs), (r.trainMs / 1000).toFixed(2), r.backend]), ['r', 'r', 'r', 'r', 'l']));
    }
    if (wrote && !o.quiet) term.note(wrote);
  } catch (err) {
    out?.abort();
    throw err;
  } finally {
    await pool?.close();
  }
}
