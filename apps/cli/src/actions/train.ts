/**
 * The work of `mlpkit train` (loaded on demand: it pulls in TF.js).
 */
import '../tf-quiet.js';
import { classNamesOf, datasetSize, featureNamesOf, getDataset, isRegression, RandomState, type DataSchema } from '@mlpkit/datasets';
import { describeFeature, summary } from '@mlpkit/models';
import { formatClassificationReport, formatConfusionMatrix, formatRegressionReport } from '@mlpkit/metrics';
import { runJob, TEST_SEED_OFFSET, type AnyJobResult, type AnyMetricsJson, type Evaluation, type Job, type RegressionEvaluation } from '@mlpkit/experiments';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobOutputNames, writeJobOutputs } from '../artifacts.js';
import { isCsvPath, loadDataset, type CsvArgs, type LoadedData } from '../dataset-args.js';
import { loadForSchema } from '../schema-data.js';
import { UsageError } from '../errors.js';
import { isSpecPath, resolveModelSpec } from '../model-args.js';
import { describeCommit, openOutputDir } from '../outdir.js';
import { createSeedPool, defaultJobs } from '../pool.js';
import { runSeed as runSeedInThisThread, type JobTask } from '../seed-worker.js';
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
  /** Regression: standardize the target for training (default as --standardize). */
  standardizeTarget?: boolean;
  /** Regression loss, or a classifier's (Keras names; mse/mae accepted). */
  loss?: string;
  /** Feature stage: expressions over the columns, e.g. "x0^2,x1^2" or "petal_length*petal_width". */
  features?: string;
  /** Data with more than 2 features: the two features the plots span (a slice through the medians of the others). */
  plotFeatures?: string;
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
  /** Worker threads for --seeds (default: defaultJobs, one per core for large work, else 1). */
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

/** Prints a regression run's scores: R² in the heading, then the per-target report. */
export function printRegression(term: Terminal, m: Pick<RegressionEvaluation, 'report' | 'r2'>, heading: string): void {
  term.print(term.out.bold(heading));
  term.print('');
  term.print(formatRegressionReport(m.report, { digits: 4 }).trimEnd());
}

/** The headline score of a run: accuracy, or R² for regression. */
function headline(m: AnyMetricsJson): { name: string; value: number } {
  return m.task === 'regression' ? { name: 'R²', value: m.r2 } : { name: 'accuracy', value: m.accuracy };
}

/** The data contract saved with the model, from the training data as loaded. */
function schemaOf(train: LoadedData): DataSchema {
  const d = train.data;
  return {
    ...(isRegression(d) ? { task: 'regression' as const } : {}),
    features: featureNamesOf(d),
    label: train.labelColumn,
    classNames: isRegression(d) ? [] : classNamesOf(d),
    ...(train.columns ? { columns: train.columns } : {}),
  };
}

export async function trainAction(o: TrainOpts, term: Terminal): Promise<void> {
  if (o.test !== undefined && o.validationSplit !== undefined) {
    throw new UsageError('use either --test or --validation-split, not both');
  }
  if (o.validationSplitMode !== undefined && o.validationSplit === undefined) {
    throw new UsageError('--validation-split-mode goes with --validation-split');
  }
  const given = o.datasetParams;
  const train = loadDataset(o.dataset!, given, { seed: o.seed, labelColumn: o.labelColumn, header: o.header, ignoreColumns: o.ignoreColumns, task: o.task });
  const regression = isRegression(train.data);
  const schema = schemaOf(train);
  let test: LoadedData | undefined;
  if (o.test !== undefined) {
    // The test set is read against the training data's schema: columns by name, labels by value.
    test = isCsvPath(o.test)
      ? loadForSchema(o.test, {}, schema, { seed: o.seed, header: o.header })
      : loadForSchema(o.test, isCsvPath(o.dataset!) ? {} : given, schema, { seed: o.seed + TEST_SEED_OFFSET, ...testStream(o, given) });
  }
  const note = (text: string) => {
    if (!o.quiet) term.note(text);
  };
  for (const n of [...train.notes, ...(test?.notes ?? [])]) note(n);
  const standardize = o.standardize ?? train.fromFile;
  if (standardize && o.standardize === undefined) {
    note(`standardizing the ${train.data.features} feature${train.data.features === 1 ? '' : 's'} (mean and std of the training rows, saved with the model; --no-standardize to train on raw values)`);
  }
  if (o.standardizeTarget !== undefined && !regression) throw new UsageError('--standardize-target applies to regression (a numeric target), not to class labels');
  const standardizeTarget = regression && (o.standardizeTarget ?? train.fromFile);
  if (standardizeTarget && o.standardizeTarget === undefined) {
    note(`standardizing the target "${schema.label}" for training (predictions and scores are in its units; --no-standardize-target to train on raw values)`);
  }
  const plotFeatures = o.plotFeatures !== undefined ? parsePlotFeatures(o.plotFeatures, schema.features) : undefined;
  const d = train.data;
  const spec = resolveModelSpec(o, isRegression(d) ? { features: d.features, task: 'regression', targets: d.targets, featureNames: schema.features } : { features: d.features, classes: d.classes, featureNames: schema.features });
  if (standardize && spec.features && spec.features.length > 0) {
    // Standardizing comes first: the feature stage sees z-scores, not the file's units.
    note(
      `--features are computed after standardizing: each term (e.g. ${describeFeature(spec.features[0]!, schema.features)}) uses its columns' z-scores (value − mean) / std, not the raw values (a square loses the sign of the value); --no-standardize computes them from the raw values`,
    );
  }

  const job: Job = {
    experiment: null,
    train: isRegression(d) ? { ...d, featureNames: schema.features } : { ...d, classNames: schema.classNames, featureNames: schema.features },
    trainInfo: { ...train.info, params: { ...train.info.params, labelColumn: train.labelColumn } },
    ...(train.columns ? { columns: train.columns } : {}),
    ...(train.warnings && train.warnings.length > 0 ? { dataWarnings: train.warnings } : {}),
    ...(test ? { evaluation: test.data, evaluationInfo: test.info } : {}),
    evaluationKind: test ? 'test' : o.validationSplit !== undefined ? 'validation' : 'train',
    spec,
    fit: {
      epochs: o.epochs,
      batchSize: o.batchSize,
      ...(o.validationSplit !== undefined ? { validationSplit: o.validationSplit } : {}),
      ...(o.validationSplitMode !== undefined ? { validationSplitMode: o.validationSplitMode } : {}),
    },
    preprocessing: { standardize, ...(standardizeTarget ? { standardizeTarget } : {}) },
    ...(plotFeatures ? { plotFeatures } : {}),
    seed: o.seed,
    backend: o.backend,
    onWarning: (w) => term.note(`${term.err.yellow('mlpkit: warning:')} ${w}`),
  };
  if (o.seeds !== undefined && o.seeds > 1) {
    await trainSeeds(o, job, train, test, term);
    return;
  }
  // Open the output first: a bad --out fails before training, and a failure removes it.
  const task = regression ? 'regression' : 'classification';
  const out = o.out !== undefined ? openOutputDir(o.out, { force: o.force, inputs: trainInputs(o), expected: jobOutputNames({ png: o.png, task }) }) : undefined;
  const progress = epochProgress({ label: 'train', totalEpochs: o.epochs, mode: progressMode(o) });
  let result: AnyJobResult | undefined;
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
      `trained ${spec.name ?? 'model'} on ${m.dataset.name} for ${m.epochs} epoch${m.epochs === 1 ? '' : 's'} with ${m.backend} in ${(m.trainMs / 1000).toFixed(2)} s`,
    );
  }
  if (result.task === 'regression') {
    const r = result.metrics;
    printRegression(term, r, `R² on the ${r.evaluatedOn} data: ${r.r2.toFixed(4)} (MAE ${formatValue(r.mae)}, RMSE ${formatValue(r.rmse)})`);
  } else {
    printEvaluation(term, result.metrics, result.classNames, `Accuracy on the ${result.metrics.evaluatedOn} data: ${result.metrics.accuracy.toFixed(4)}`);
  }
  if (wrote && !o.quiet) term.note(wrote);
}

/**
 * With `--random-state n` on generated data, a generated `--test` set continues the training
 * set's NumPy stream (as `np.random.seed(n)` then two scikit-learn calls): the same n again would
 * draw the training rows themselves. A dataset that cannot continue a stream is an error.
 */
function testStream(o: TrainOpts, given: Record<string, string>): { stream?: RandomState } {
  const n = given.randomState !== undefined ? Number(given.randomState) : -1;
  if (n < 0 || isCsvPath(o.dataset!)) return {};
  const trainEntry = getDataset(o.dataset!);
  const testEntry = getDataset(o.test!);
  if (!trainEntry.generateFrom || !testEntry.generateFrom) {
    throw new UsageError(`--random-state with --test ${o.test}: ${o.test} cannot continue ${o.dataset}'s NumPy stream, so it would draw the training rows again; use --validation-split or a test file`);
  }
  // Draw the training set once more to advance the stream to where the test set starts.
  const { randomState: _n, ...rest } = given;
  const stream = new RandomState(n);
  trainEntry.generateFrom(rest, stream);
  return { stream };
}

/** A value in target units, 4 significant digits. */
function formatValue(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** `--plot-features a,b`: two feature names or 0-based indices. */
function parsePlotFeatures(text: string, features: readonly string[]): [number, number] {
  const parts = text.split(',').map((p) => p.trim());
  const resolve = (p: string): number => {
    const named = features.indexOf(p);
    if (named >= 0) return named;
    if (/^\d+$/.test(p) && Number(p) < features.length) return Number(p);
    throw new UsageError(`--plot-features: no feature "${p}" (the features are ${features.join(', ')}; or give 0-based indices)`);
  };
  if (parts.length !== 2) throw new UsageError(`--plot-features takes two features separated by a comma, e.g. ${features.slice(0, 2).join(',')}; got "${text}"`);
  const axes: [number, number] = [resolve(parts[0]!), resolve(parts[1]!)];
  if (axes[0] === axes[1]) throw new UsageError('--plot-features: give two different features');
  return axes;
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
    const loaded = loadDataset(o.dataset!, o.datasetParams, { seed });
    const schema = schemaOf(train);
    const evaluation = test && !test.fromFile ? loadForSchema(o.test!, o.datasetParams, schema, { seed: seed + TEST_SEED_OFFSET }).data : rest.evaluation;
    const data = loaded.data;
    const named = isRegression(data) ? { ...data, featureNames: schema.features } : { ...data, classNames: schema.classNames, featureNames: schema.features };
    return { ...rest, seed, train: named, trainInfo: { ...rest.trainInfo, params: { ...rest.trainInfo.params, ...(data.params ?? {}) } }, ...(evaluation ? { evaluation } : {}) };
  };
  const task = isRegression(train.data) ? 'regression' : 'classification';
  const out = o.out !== undefined ? openOutputDir(o.out, { force: o.force, inputs: trainInputs(o), expected: [...jobOutputNames({ png: o.png, task }), 'seeds.json'] }) : undefined;
  const work = { epochs: o.epochs, rows: datasetSize(base.train), batchSize: o.batchSize, params: summary(base.spec).totalParams };
  const jobs = Math.min(o.jobs ?? defaultJobs(seeds.map(() => work)), seeds.length);
  const pool = jobs > 1 ? createSeedPool(jobs) : undefined;
  if (!o.quiet && !o.json) term.note(seeds.length === 1 ? `training seed ${seeds[0]}` : `training ${seeds.length} seeds (${seeds[0]}–${seeds.at(-1)})${pool ? ` on ${jobs} workers` : ''}`);
  let wrote: string | undefined;
  let runs: AnyMetricsJson[];
  try {
    const runSeed = async (seed: number, k: number): Promise<AnyMetricsJson> => {
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
      const h = headline(m);
      if (!o.quiet && !o.json) term.note(`seed ${seed}: ${h.name} ${h.value.toFixed(4)} on the ${m.evaluatedOn} data (${m.epochs} epoch${m.epochs === 1 ? '' : 's'}, ${m.backend})`);
    }
    const score = headline(runs[0]!).name;
    const key = score === 'R²' ? 'r2' : 'accuracy';
    const summary = {
      seeds,
      [key]: spread(runs.map((m) => headline(m).value)),
      runs: runs.map((m, k) => ({ seed: seeds[k], [key]: headline(m).value, epochs: m.epochs, trainMs: m.trainMs, backend: m.backend })),
    };
    if (out) {
      writeFileSync(join(out.path, 'seeds.json'), `${JSON.stringify(summary, null, 2)}\n`);
      wrote = describeCommit(o.out!, out.commit());
    }
    for (const w of new Set(runs.flatMap((m) => m.warnings))) term.note(`${term.err.yellow('mlpkit: warning:')} ${w}`);
    if (o.json) {
      term.json({ ...summary, runs });
    } else {
      const a = spread(runs.map((m) => headline(m).value));
      const title = score === 'R²' ? 'R²' : 'Accuracy';
      term.print(`${title} on the ${runs[0]!.evaluatedOn} data over ${seeds.length} seed${seeds.length === 1 ? '' : 's'}: median ${a.median.toFixed(4)} (${a.min.toFixed(4)}–${a.max.toFixed(4)})`);
      term.print('');
      term.print(textTable(['seed', score, 'epochs', 'train s', 'backend'], runs.map((m, k) => [String(seeds[k]), headline(m).value.toFixed(4), String(m.epochs), (m.trainMs / 1000).toFixed(2), m.backend]), ['r', 'r', 'r', 'r', 'l']));
    }
    if (wrote && !o.quiet) term.note(wrote);
  } catch (err) {
    out?.abort();
    throw err;
  } finally {
    await pool?.close();
  }
}
