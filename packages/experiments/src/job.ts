/**
 * The generic job runner: train one model on one dataset, evaluate it, and produce the
 * metrics.json object of the CLI contract (issue 5) plus what the plots need. The CLI `train`
 * command, `experiments run` and the web app all run through `runJob`.
 */
import {
  bounds as dataBounds,
  classNamesOf,
  concatRows,
  featureNamesOf,
  fitStandardizer,
  grid as boundaryGrid,
  isRegression,
  projectColumns,
  sliceGrid,
  columnMedians,
  takeRows,
  targetNamesOf,
  trainTestSplit,
  type AnyDataset,
  type Dataset,
  type DataSchema,
  type RegressionDataset,
  type Standardizer,
  type StandardizerJSON,
} from '@mlpkit/datasets';
import { accuracy, classificationReport, confusionMatrix, regressionReport, type ClassificationReport, type RegressionReport } from '@mlpkit/metrics';
import { checkSpecAgainstData, type ModelSpec } from '@mlpkit/models';
import {
  createTrainer,
  type BatchInfo,
  type ClassificationHistory,
  type EpochLogs,
  type RegressionHistory,
  type Trainer,
} from '@mlpkit/train';
import { ExperimentInputError } from './errors.js';

export type EvaluationKind = 'test' | 'validation' | 'train';

/** Where a dataset came from, as recorded in metrics.json. */
export interface DatasetInfo {
  /** Registry name, or the CSV file name. */
  name: string;
  params: Record<string, unknown>;
  /** Rows in the set. */
  rows: number;
}

/** A job on class labels (what every seed experiment is); runJob then returns a JobResult. */
export type ClassificationJob = Job & { train: Dataset; evaluation?: Dataset };

export interface JobFit {
  epochs: number;
  /** Default 32 (Keras). */
  batchSize?: number;
  /** Stop at the end of the first epoch whose training accuracy reaches this. */
  stopAtAccuracy?: number;
  /**
   * Hold out this fraction of the training rows, from the end as Keras does, as validation data
   * (only when no `evaluation` set is given). The job is then evaluated on those rows.
   */
  validationSplit?: number;
  /**
   * Which rows `validationSplit` holds out: 'last' (default; Keras's `validation_split`, the last
   * rows before any shuffling) or 'stratified' (a seeded sample keeping each class's share, as
   * scikit-learn's `train_test_split(stratify=y)`).
   */
  validationSplitMode?: 'last' | 'stratified';
  shuffle?: boolean;
}

/** Preprocessing fitted on the training rows and applied to every input of the model. */
export interface JobPreprocessing {
  /**
   * Standardize every feature to mean 0, std 1 (scikit-learn's StandardScaler, population std),
   * fitted on the training rows only (after a validation split), applied to validation, test,
   * prediction and boundary-grid inputs. Default false (the seed experiments run as the
   * tutorials did).
   */
  standardize?: boolean;
  /**
   * Regression only: standardize the targets too (scikit-learn's TransformedTargetRegressor with
   * a StandardScaler), fitted on the training rows. The model learns z-scored targets; its
   * predictions are mapped back, so metrics and predictions are in the target's units (the
   * per-epoch loss and mae are in standardized units). Default false.
   */
  standardizeTarget?: boolean;
}

export interface Job {
  /** The experiment id, or null for an ad-hoc training run. */
  experiment: string | null;
  /** Class labels (Dataset) or numeric targets (RegressionDataset, `task: 'regression'`). */
  train: AnyDataset;
  trainInfo: DatasetInfo;
  /**
   * The training file's columns in file order (label and ignored columns included), saved in the
   * schema so a headerless file laid out the same way can be read later (see DataSchema.columns).
   */
  columns?: string[];
  /** The set to evaluate on ('test' or 'validation'); omitted for 'train' or a validationSplit. Same task as `train`. */
  evaluation?: AnyDataset;
  evaluationInfo?: DatasetInfo;
  evaluationKind: EvaluationKind;
  spec: ModelSpec;
  fit: JobFit;
  preprocessing?: JobPreprocessing;
  /** Seeds the initial weights and the per-epoch shuffles. */
  seed: number;
  /** Backend name for @mlpkit/train ('auto' picks the fastest). Default 'auto'. */
  backend?: string;
  /**
   * Decision-boundary / prediction-surface grid resolution (data with 2 or more features: a slice
   * for more, see `plotFeatures`); false to skip. Default 101 × 101.
   */
  grid?: { nx: number; ny: number } | false;
  /**
   * Data with more than 2 features: the two features (0-based indices) the decision-boundary or
   * prediction-surface grid spans; the others are held at their training medians (a slice).
   * Default [0, 1].
   */
  plotFeatures?: [number, number];
  onEpochEnd?: (logs: EpochLogs) => void | Promise<void>;
  onBatchEnd?: (info: BatchInfo) => void;
  /** Called with each warning as soon as it is found (before training for data warnings). */
  onWarning?: (warning: string) => void;
  /**
   * Warnings found while reading the data (e.g. a feature column that counts the rows, from
   * CsvInfo.warnings): reported through `onWarning` and recorded in `metrics.warnings` with the
   * run's own.
   */
  dataWarnings?: string[];
  signal?: AbortSignal;
}

/** metrics.json, exactly the contract of issue 5 (plus `epochsTo100` for xor-table and stop-at-100% runs). */
export interface MetricsJson {
  experiment: string | null;
  /** 'classification' (every run of a classifier; absent in metrics written before regression existed). */
  task?: 'classification';
  backend: string;
  seed: number;
  dataset: DatasetInfo & { evaluation?: DatasetInfo };
  spec: ModelSpec;
  /** Epochs actually run. */
  epochs: number;
  history: { loss: number[]; accuracy: number[]; val_loss: number[]; val_accuracy: number[] };
  evaluatedOn: EvaluationKind;
  accuracy: number;
  report: ClassificationReport;
  confusionMatrix: number[][];
  yTrue: number[];
  yPred: number[];
  trainMs: number;
  /** Feature names in the model's input order (the CSV header, or x0, x1, … for generated data). */
  features: string[];
  /** Warnings about the data or the run (also printed by the CLI), e.g. a validation set missing a class. */
  warnings: string[];
  /** The fitted preprocessing: `standardize` holds the per-feature mean and std, or null. */
  preprocessing: { standardize: StandardizerJSON | null };
  /** Runs with `stopAtAccuracy: 1` and runs on xor-table: first epoch at 100% training accuracy, or null. */
  epochsTo100?: number | null;
}

/** Model outputs over the decision-boundary grid. */
export interface BoundaryGrid {
  nx: number;
  ny: number;
  bounds: { xMin: number; xMax: number; yMin: number; yMax: number };
  /** Grid points, row-major nx·ny × 2, index j * nx + i. */
  x: Float32Array;
  /** nx·ny × outputs model outputs (P(class 1) for a 1-unit sigmoid). */
  probs: Float32Array;
  outputs: number;
  /** The two features (0-based) the grid spans (runJob sets it; [0, 1] for 2-feature data). */
  axes?: [number, number];
  /** Every feature's value where the grid was taken: the training medians, NaN for the two axes. */
  fixed?: number[];
}

/** Model predictions over a grid of the plane of two features (a regression model's surface). */
export interface SurfaceGrid extends BoundaryGrid {
  /** The two features (0-based) the grid spans: `x` holds their values, nx·ny × 2. */
  axes: [number, number];
  /** The values of every feature where the grid was taken (raw units; the spanned ones NaN). */
  fixed: number[];
}

/** metrics.json of a regression run: the classification contract's fields with regression scores. */
export interface RegressionMetricsJson {
  experiment: string | null;
  task: 'regression';
  backend: string;
  seed: number;
  dataset: DatasetInfo & { evaluation?: DatasetInfo };
  spec: ModelSpec;
  /** Epochs actually run. */
  epochs: number;
  /** Per-epoch loss and mae (Keras names), in standardized target units when `preprocessing.standardizeTarget` is set. */
  history: { loss: number[]; mae: number[]; val_loss: number[]; val_mae: number[] };
  evaluatedOn: EvaluationKind;
  /** Scores on the evaluated rows, in the target's units (uniform averages over the targets). */
  r2: number;
  mae: number;
  mse: number;
  rmse: number;
  explainedVariance: number;
  /** Per-target scores (regressionReport of @mlpkit/metrics). */
  report: RegressionReport;
  /** True and predicted targets, n × targets row-major, in the target's units. */
  yTrue: number[];
  yPred: number[];
  /** Target names (the label column of a CSV; y, or y0, y1, … for generated data). */
  targets: string[];
  trainMs: number;
  features: string[];
  warnings: string[];
  /** The fitted preprocessing: per-feature and per-target mean and std, or null. */
  preprocessing: { standardize: StandardizerJSON | null; standardizeTarget: StandardizerJSON | null };
}

/** metrics.json of either task; `task` tells which. */
export type AnyMetricsJson = MetricsJson | RegressionMetricsJson;

/** What a regression run produced (see JobResult for a classifier's). */
export interface RegressionJobResult {
  task: 'regression';
  metrics: RegressionMetricsJson;
  /** The trained model (call `dispose()` when done); it predicts standardized targets when `targetStandardizer` is set. */
  trainer: Trainer;
  history: RegressionHistory;
  train: RegressionDataset;
  evaluation: RegressionDataset;
  /** The model's surface over two features (null for 1-feature data or when the grid was switched off). */
  grid: SurfaceGrid | null;
  /** Applied to the inputs before the trainer, as for a classifier. */
  standardizer?: Standardizer;
  /** Maps the trainer's outputs back to target units: `targetStandardizer.inverseTransform(out)`. */
  targetStandardizer?: Standardizer;
  schema: DataSchema;
}

/** A finished run of either task; `task` tells which. */
export type AnyJobResult = JobResult | RegressionJobResult;

export interface JobResult {
  /** Absent or 'classification'. */
  task?: 'classification';
  metrics: MetricsJson;
  /** The trained model (call `dispose()` when done). */
  trainer: Trainer;
  history: ClassificationHistory;
  /** The data the model was trained on (after a validationSplit, the remaining rows). */
  train: Dataset;
  /** The data `accuracy`, `report` and the confusion matrix were computed on. */
  evaluation: Dataset;
  classNames: string[];
  /** null for data that is not 2-D or when the grid was switched off. */
  grid: BoundaryGrid | null;
  /**
   * The fitted standardizer when the job standardized its inputs: the trainer expects
   * `standardizer.transform(x)`, while `train`, `evaluation` and `grid.x` stay in raw units.
   */
  standardizer?: Standardizer;
  /** The data contract to save with the model: feature names, label column, classes. */
  schema?: DataSchema;
}

const DEFAULT_GRID = { nx: 101, ny: 101 };

function rows(d: AnyDataset): number {
  return isRegression(d) ? d.y.length / d.targets : d.y.length;
}

/** Splits `validationSplit` of the rows off the end, as Keras's validation_split does. */
function splitTail<D extends AnyDataset>(d: D, fraction: number): { train: D; validation: D } {
  checkFraction(d, fraction);
  const n = rows(d);
  const trainRows = Math.floor(n * (1 - fraction));
  return { train: takeRows(d, 0, trainRows), validation: takeRows(d, trainRows, n) };
}

function checkFraction(d: AnyDataset, fraction: number): void {
  if (!(fraction > 0 && fraction < 1)) {
    throw new ExperimentInputError(`validation split must be a number in (0, 1), got ${fraction}`);
  }
  const n = rows(d);
  const trainRows = Math.floor(n * (1 - fraction));
  if (trainRows < 1 || trainRows >= n) {
    throw new ExperimentInputError(`validation split ${fraction} of ${n} rows leaves an empty training or validation set`);
  }
}

/** A seeded validation split that keeps each class's share (scikit-learn's stratified train_test_split). */
function splitStratified(d: Dataset, fraction: number, seed: number): { train: Dataset; validation: Dataset } {
  checkFraction(d, fraction);
  const { train, test } = trainTestSplit(d, { testSize: rows(d) - Math.floor(rows(d) * (1 - fraction)), seed, stratify: true });
  return { train, validation: test };
}

/** Number of rows of each class 0..classes-1. */
function classCounts(d: Dataset, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < d.y.length; i++) counts[d.y[i]!]!++;
  return counts;
}

/**
 * Warnings about a train/validation pair: a class present in one but not the other (Keras's
 * validation_split takes the last rows, so a file sorted by class validates on classes the model
 * never saw).
 */
export function splitWarnings(train: Dataset, validation: Dataset, classNames: readonly string[], how: string): string[] {
  const classes = classNames.length;
  const inTrain = classCounts(train, classes);
  const inVal = classCounts(validation, classes);
  const warnings: string[] = [];
  const name = (k: number) => JSON.stringify(classNames[k] ?? String(k));
  const missingInVal = inTrain.map((c, k) => (c > 0 && inVal[k] === 0 ? k : -1)).filter((k) => k >= 0);
  const missingInTrain = inVal.map((c, k) => (c > 0 && inTrain[k] === 0 ? k : -1)).filter((k) => k >= 0);
  const fix = 'the rows look ordered by class: use --validation-split-mode stratified, or shuffle the file';
  if (missingInTrain.length > 0) {
    warnings.push(
      `the validation rows (${how}) hold class${missingInTrain.length > 1 ? 'es' : ''} ${missingInTrain.map(name).join(', ')} that the training rows lack, so the model never sees ${missingInTrain.length > 1 ? 'them' : 'it'}; ${fix}`,
    );
  }
  if (missingInVal.length > 0) {
    warnings.push(`the validation rows (${how}) hold no rows of class${missingInVal.length > 1 ? 'es' : ''} ${missingInVal.map(name).join(', ')}; ${fix}`);
  }
  return warnings;
}

/**
 * A warning when the features' scales make plain gradient descent struggle (a feature above 100
 * in magnitude, or standard deviations more than 100× apart), for runs without standardization.
 */
export function scaleWarnings(d: { x: Float32Array; features: number }, names: readonly string[]): string[] {
  const f = d.features;
  const n = d.x.length / f;
  if (n === 0) return [];
  const mean = new Float64Array(f);
  const maxAbs = new Float64Array(f);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < f; k++) {
      const v = d.x[i * f + k]!;
      mean[k]! += v;
      if (Math.abs(v) > maxAbs[k]!) maxAbs[k] = Math.abs(v);
    }
  }
  for (let k = 0; k < f; k++) mean[k]! /= n;
  const variance = new Float64Array(f);
  for (let i = 0; i < n; i++) for (let k = 0; k < f; k++) variance[k]! += (d.x[i * f + k]! - mean[k]!) ** 2;
  const std = Array.from(variance, (v) => Math.sqrt(v / n));
  const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(3))));
  let big = 0;
  for (let k = 1; k < f; k++) if (maxAbs[k]! > maxAbs[big]!) big = k;
  const positive = std.map((v, k) => [v, k] as const).filter(([v]) => v > 0);
  const widest = positive.reduce((a, b) => (b[0] > a[0] ? b : a), positive[0] ?? [0, 0]);
  const narrowest = positive.reduce((a, b) => (b[0] < a[0] ? b : a), positive[0] ?? [0, 0]);
  const problems: string[] = [];
  if (maxAbs[big]! > 100) problems.push(`feature "${names[big]}" reaches ${fmt(maxAbs[big]!)} in magnitude`);
  if (narrowest[0] > 0 && widest[0] / narrowest[0] > 100) {
    problems.push(`standard deviations range from ${fmt(narrowest[0])} ("${names[narrowest[1]]}") to ${fmt(widest[0])} ("${names[widest[1]]}")`);
  }
  return problems.length > 0 ? [`the features are not on a common scale (${problems.join('; ')}): the network may train to chance; standardize them (--standardize)`] : [];
}

/**
 * A warning when a regression target is large in magnitude (above 100) and is not standardized:
 * a network with a linear output starts near 0 and needs many steps (or a lucky learning rate)
 * to reach such values; the loss is dominated by the scale (review: R² −0.26 raw, 0.99 standardized).
 */
export function targetScaleWarnings(y: Float32Array, names: readonly string[]): string[] {
  const t = Math.max(1, names.length);
  let big = 0;
  let at = 0;
  for (let i = 0; i < y.length; i++) {
    if (Math.abs(y[i]!) > big) {
      big = Math.abs(y[i]!);
      at = i % t;
    }
  }
  if (!(big > 100)) return [];
  const fmt = big >= 1e4 ? big.toExponential(1) : String(Number(big.toPrecision(3)));
  return [`the target "${names[at] ?? 'y'}" reaches ${fmt} in magnitude and is not standardized: a network may train slowly or to a poor fit on raw targets this large; standardize it (--standardize-target)`];
}

/** The train options every job passes (Keras's defaults where the job leaves them out). */
function fitOptions(job: Pick<Job, 'fit' | 'seed' | 'onEpochEnd' | 'onBatchEnd' | 'signal'>) {
  return {
    epochs: job.fit.epochs,
    batchSize: job.fit.batchSize ?? 32,
    shuffle: job.fit.shuffle ?? true,
    seed: job.seed,
    ...(job.onEpochEnd ? { onEpochEnd: job.onEpochEnd } : {}),
    ...(job.onBatchEnd ? { onBatchEnd: job.onBatchEnd } : {}),
    ...(job.signal ? { signal: job.signal } : {}),
  };
}

function validateJob(job: Job): void {
  const { epochs, batchSize } = job.fit;
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new ExperimentInputError(`epochs must be a non-negative integer, got ${epochs}`);
  }
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new ExperimentInputError(`batch size must be a positive integer, got ${batchSize}`);
  }
  if (!Number.isInteger(job.seed) || job.seed < 0) {
    throw new ExperimentInputError(`seed must be a non-negative integer, got ${job.seed}`);
  }
  if (job.evaluationKind !== 'train' && !job.evaluation && job.fit.validationSplit === undefined) {
    throw new ExperimentInputError(`evaluation on "${job.evaluationKind}" needs an evaluation dataset or a validation split`);
  }
  if (job.evaluation && isRegression(job.evaluation) !== isRegression(job.train)) {
    throw new ExperimentInputError(
      `the ${job.evaluationKind} data has ${isRegression(job.evaluation) ? 'numeric targets' : 'class labels'} but the training data has ${isRegression(job.train) ? 'numeric targets' : 'class labels'}`,
    );
  }
  if (job.evaluation && job.evaluation.features !== job.train.features) {
    throw new ExperimentInputError(
      `the ${job.evaluationKind} data has ${job.evaluation.features} features but the training data has ${job.train.features}`,
    );
  }
}

/** Accuracy, classification report and confusion matrix of a model's predictions on `data`. */
export interface Evaluation {
  accuracy: number;
  report: ClassificationReport;
  confusionMatrix: number[][];
  yTrue: number[];
  yPred: number[];
}

/** Predicts `data` with a trained model and scores the predictions (classes 0..classes-1). */
export async function evaluateTrainer(
  trainer: Pick<Trainer, 'predictClasses'>,
  data: { x: Float32Array; y: Int32Array },
  o: { classes: number; classNames?: string[] },
): Promise<Evaluation> {
  const yPred = await trainer.predictClasses(data.x);
  return {
    accuracy: accuracy(data.y, yPred),
    // sklearn's default: the labels present in yTrue or yPred, so a class absent from both does
    // not pull the macro average down (the confusion matrix still has every class).
    report: classificationReport(data.y, yPred, o.classNames ? { classNames: o.classNames } : {}),
    confusionMatrix: confusionMatrix(data.y, yPred, { classes: o.classes }),
    yTrue: Array.from(data.y),
    yPred: Array.from(yPred),
  };
}

/** R², MAE, MSE, RMSE and explained variance of a regression model's predictions, in the target's units. */
export interface RegressionEvaluation {
  r2: number;
  mae: number;
  mse: number;
  rmse: number;
  explainedVariance: number;
  report: RegressionReport;
  /** n × targets, row-major. */
  yTrue: number[];
  yPred: number[];
}

/**
 * Predicts `data.x` (already in the model's input units) with a regression model and scores the
 * predictions against `data.y` (n × targets, target units). With `targetStandardizer`, the
 * model's outputs are standardized targets and are mapped back first. Throws
 * ExperimentInputError (MLPKIT_INVALID_INPUT) when a prediction is not finite, naming the row.
 */
export async function evaluateRegressor(
  trainer: Pick<Trainer, 'predict'>,
  data: { x: Float32Array; y: Float32Array; targets?: number },
  o: { targetNames?: string[]; targetStandardizer?: Standardizer } = {},
): Promise<RegressionEvaluation> {
  const targets = data.targets ?? 1;
  const raw = await trainer.predict(data.x);
  const yPred = o.targetStandardizer ? o.targetStandardizer.inverseTransform(raw) : raw;
  const bad = yPred.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new ExperimentInputError(
      `the model's prediction for row ${Math.floor(bad / targets) + 1} is ${yPred[bad]} (not finite): the inputs are likely far outside the training range, or training diverged`,
    );
  }
  const report = regressionReport(data.y, yPred, { outputs: targets, ...(o.targetNames ? { targetNames: o.targetNames } : {}) });
  return {
    r2: report.r2,
    mae: report.mae,
    mse: report.mse,
    rmse: report.rmse,
    explainedVariance: report.explainedVariance,
    report,
    yTrue: Array.from(data.y),
    yPred: Array.from(yPred),
  };
}

/** The dataset whose runs report `epochsTo100` (experiments.md, tutorial 004). */
const XOR_TABLE_DATASET = 'xor-table';

/** What a finished training run produced, as `jobMetrics` turns it into metrics.json. */
export interface JobMetricsInput {
  experiment: string | null;
  /** The backend that actually trained (`trainer.backend`). */
  backend: string;
  seed: number;
  trainInfo: DatasetInfo;
  /** Recorded as `dataset.evaluation` unless the run was evaluated on its training data. */
  evaluationInfo?: DatasetInfo;
  evaluatedOn: EvaluationKind;
  spec: ModelSpec;
  history: { loss: number[]; accuracy: number[]; val_loss?: number[]; val_accuracy?: number[]; epochs: number };
  scores: Evaluation;
  trainMs: number;
  /** The fit's stop criterion, if any (1 for the xor-table runs "until 100%"). */
  stopAtAccuracy?: number;
  /** Feature names (default x0, x1, … for the spec's inputs). */
  features?: string[];
  /** Warnings about the data or the run (default none). */
  warnings?: string[];
  /** The fitted standardizer, if the inputs were standardized. */
  standardizer?: StandardizerJSON | null;
}

/** What regressionJobMetrics needs: JobMetricsInput's fields with a regression history and scores. */
export interface RegressionJobMetricsInput extends Omit<JobMetricsInput, 'history' | 'scores' | 'stopAtAccuracy'> {
  history: { loss: number[]; mae: number[]; val_loss?: number[]; val_mae?: number[]; epochs: number };
  scores: RegressionEvaluation;
  /** Target names (default `y`, or y0, y1, … for several). */
  targets?: string[];
  /** The fitted target standardizer, if the targets were standardized for training. */
  targetStandardizer?: StandardizerJSON | null;
}

/**
 * The metrics.json object of a finished regression run (RegressionMetricsJson): what runJob
 * returns for a regression job, for apps that drive the trainer themselves (the playground).
 */
export function regressionJobMetrics(r: RegressionJobMetricsInput): RegressionMetricsJson {
  return {
    experiment: r.experiment,
    task: 'regression',
    backend: r.backend,
    seed: r.seed,
    dataset: { ...r.trainInfo, ...(r.evaluationInfo && r.evaluatedOn !== 'train' ? { evaluation: r.evaluationInfo } : {}) },
    spec: r.spec,
    epochs: r.history.epochs,
    history: { loss: [...r.history.loss], mae: [...r.history.mae], val_loss: [...(r.history.val_loss ?? [])], val_mae: [...(r.history.val_mae ?? [])] },
    evaluatedOn: r.evaluatedOn,
    r2: r.scores.r2,
    mae: r.scores.mae,
    mse: r.scores.mse,
    rmse: r.scores.rmse,
    explainedVariance: r.scores.explainedVariance,
    report: r.scores.report,
    yTrue: r.scores.yTrue,
    yPred: r.scores.yPred,
    targets: r.targets ? [...r.targets] : r.scores.report.outputs.length > 1 ? r.scores.report.outputs.map((_, k) => `y${k}`) : ['y'],
    trainMs: Math.round(r.trainMs * 10) / 10,
    features: r.features ? [...r.features] : Array.from({ length: r.spec.input }, (_, f) => `x${f}`),
    warnings: [...(r.warnings ?? [])],
    preprocessing: { standardize: r.standardizer ?? null, standardizeTarget: r.targetStandardizer ?? null },
  };
}

/** 1-based first epoch whose training accuracy reached 1, or null. */
function firstPerfectEpoch(accuracy: readonly number[]): number | null {
  const i = accuracy.findIndex((a) => a >= 1);
  return i < 0 ? null : i + 1;
}

/**
 * The metrics.json object of a finished run (the contract of issue 5). Every shell builds it here:
 * `runJob` does, and so should an app that drives the trainer itself (e.g. to repaint while it
 * trains). Runs "until 100%" and every run on the xor-table dataset carry `epochsTo100`.
 */
export function jobMetrics(r: JobMetricsInput): MetricsJson {
  const metrics: MetricsJson = {
    experiment: r.experiment,
    task: 'classification',
    backend: r.backend,
    seed: r.seed,
    dataset: { ...r.trainInfo, ...(r.evaluationInfo && r.evaluatedOn !== 'train' ? { evaluation: r.evaluationInfo } : {}) },
    spec: r.spec,
    epochs: r.history.epochs,
    history: {
      loss: [...r.history.loss],
      accuracy: [...r.history.accuracy],
      val_loss: [...(r.history.val_loss ?? [])],
      val_accuracy: [...(r.history.val_accuracy ?? [])],
    },
    evaluatedOn: r.evaluatedOn,
    // Field by field: a wider object passed as `scores` must not add keys to the contract.
    accuracy: r.scores.accuracy,
    report: r.scores.report,
    confusionMatrix: r.scores.confusionMatrix,
    yTrue: r.scores.yTrue,
    yPred: r.scores.yPred,
    trainMs: Math.round(r.trainMs * 10) / 10,
    features: r.features ? [...r.features] : Array.from({ length: r.spec.input }, (_, f) => `x${f}`),
    warnings: [...(r.warnings ?? [])],
    preprocessing: { standardize: r.standardizer ?? null },
  };
  if (r.stopAtAccuracy === 1 || r.trainInfo.name === XOR_TABLE_DATASET) {
    metrics.epochsTo100 = firstPerfectEpoch(r.history.accuracy);
  }
  return metrics;
}

/**
 * Trains, evaluates and (for 2-D data) predicts the boundary grid. A job whose data has numeric
 * targets (`task: 'regression'`) is a regression run: R², MAE, MSE, RMSE and explained variance
 * instead of accuracy, and the model's prediction surface instead of the boundary.
 */
export function runJob(job: ClassificationJob): Promise<JobResult>;
export function runJob(job: Job): Promise<AnyJobResult>;
export async function runJob(job: Job): Promise<AnyJobResult> {
  validateJob(job);
  if (isRegression(job.train)) return runRegressionJob(job, job.train, job.evaluation as RegressionDataset | undefined);
  return runClassificationJob(job, job.train, job.evaluation as Dataset | undefined);
}

/** The label used in warnings for rows held out by `validationSplit`. */
function heldOutRows(mode: 'last' | 'stratified', fraction: number, n: number): string {
  const held = n - Math.floor(n * (1 - fraction));
  return mode === 'stratified' ? `a stratified sample of ${held} row${held === 1 ? '' : 's'}` : held === 1 ? 'the last row' : `the last ${held} rows`;
}

/** The standardizer's input for a dataset: its float64 values when it has them. */
function rawX(d: { x: Float32Array; x64?: Float64Array }): Float32Array | Float64Array {
  return d.x64 ?? d.x;
}

async function runClassificationJob(job: Job, jobTrain: Dataset, jobEvaluation: Dataset | undefined): Promise<JobResult> {
  let train = jobTrain;
  let evaluation = jobEvaluation;
  let evaluationInfo = job.evaluationInfo;
  let trainInfo = job.trainInfo;
  const classes = Math.max(train.classes, evaluation?.classes ?? 0);
  const classNames = classNamesOf(train.classNames ? train : evaluation?.classNames ? evaluation : train, classes);
  const features = featureNamesOf(train);
  const warnings: string[] = [...(job.dataWarnings ?? [])];
  if (!evaluation && job.fit.validationSplit !== undefined) {
    const mode = job.fit.validationSplitMode ?? 'last';
    const n = rows(train);
    const split = mode === 'stratified' ? splitStratified(train, job.fit.validationSplit, job.seed) : splitTail(train, job.fit.validationSplit);
    train = split.train;
    evaluation = split.validation;
    trainInfo = { ...trainInfo, rows: rows(train) };
    evaluationInfo = {
      name: job.trainInfo.name,
      params: { ...job.trainInfo.params, validationSplit: job.fit.validationSplit, ...(mode === 'stratified' ? { validationSplitMode: mode } : {}) },
      rows: rows(evaluation),
    };
    warnings.push(...splitWarnings(train, evaluation, classNames, heldOutRows(mode, job.fit.validationSplit, n)));
  }
  checkSpecAgainstData(job.spec, { features: train.features, classes });

  // Preprocessing: fitted on the training rows only; the trainer sees transformed inputs, while
  // the datasets returned for plots and reports stay in raw units.
  const standardizer = job.preprocessing?.standardize ? fitStandardizer(train) : undefined;
  if (!standardizer) warnings.push(...scaleWarnings(train, features));
  const prepare = <T extends { x: Float32Array; x64?: Float64Array }>(d: T): T => (standardizer ? { ...d, x: standardizer.transform(rawX(d)) } : d);
  for (const w of warnings) job.onWarning?.(w);

  // `auto` estimates each engine's epoch cost at the run's batch size.
  const trainer = await createTrainer(job.spec, { backend: job.backend ?? 'auto', seed: job.seed, batchSize: job.fit.batchSize ?? 32 });
  try {
    const validationData = job.evaluationKind === 'validation' && evaluation ? prepare(evaluation) : undefined;
    const started = performance.now();
    const history = await trainer.train(prepare(train), {
      ...fitOptions(job),
      ...(validationData ? { validationData } : {}),
      ...(job.fit.stopAtAccuracy !== undefined ? { stopAtAccuracy: job.fit.stopAtAccuracy } : {}),
    });
    const trainMs = performance.now() - started;

    const evalSet = job.evaluationKind === 'train' || !evaluation ? train : evaluation;
    const scores = await evaluateTrainer(trainer, prepare(evalSet), { classes, classNames });
    const metrics = jobMetrics({
      experiment: job.experiment,
      backend: trainer.backend,
      seed: job.seed,
      trainInfo,
      ...(evaluationInfo ? { evaluationInfo } : {}),
      evaluatedOn: job.evaluationKind === 'train' || !evaluation ? 'train' : job.evaluationKind,
      spec: job.spec,
      history,
      scores,
      trainMs,
      ...(job.fit.stopAtAccuracy !== undefined ? { stopAtAccuracy: job.fit.stopAtAccuracy } : {}),
      features,
      warnings,
      standardizer: standardizer ? standardizer.toJSON() : null,
    });

    let gridResult: BoundaryGrid | null = null;
    if (job.grid !== false && train.features >= 2) {
      const plane = await planeGrid(job, trainer, train, evalSet, standardizer);
      gridResult = { ...plane, outputs: plane.probs.length / (plane.nx * plane.ny) };
    }
    const schema: DataSchema = {
      features,
      label: job.trainInfo.params.labelColumn !== undefined ? String(job.trainInfo.params.labelColumn) : 'label',
      classNames,
      ...(job.columns ? { columns: [...job.columns] } : {}),
    };
    return {
      task: 'classification',
      metrics,
      trainer,
      history,
      train,
      evaluation: evalSet,
      classNames,
      grid: gridResult,
      ...(standardizer ? { standardizer } : {}),
      schema,
    };
  } catch (err) {
    trainer.dispose();
    throw err;
  }
}

/**
 * The model's outputs over an nx × ny grid of the plane of two features (`job.plotFeatures`,
 * default the first two), spanning the training and evaluated rows; with more than two features,
 * a slice: every other feature held at its training median (`fixed`). For 2-feature data the
 * grid is exactly `grid(bounds(rows))` of @mlpkit/datasets.
 */
async function planeGrid(
  job: Job,
  trainer: Trainer,
  train: AnyDataset,
  evalSet: AnyDataset,
  standardizer: Standardizer | undefined,
): Promise<{ nx: number; ny: number; bounds: BoundaryGrid['bounds']; x: Float32Array; probs: Float32Array; axes: [number, number]; fixed: number[] }> {
  const d = train.features;
  const axes = job.plotFeatures ?? [0, 1];
  if (axes.some((a) => !Number.isInteger(a) || a < 0 || a >= d) || axes[0] === axes[1]) {
    throw new ExperimentInputError(`plotFeatures must be two different feature indices in 0..${d - 1}, got ${axes.join(', ')}`);
  }
  const { nx, ny } = job.grid || DEFAULT_GRID;
  const shown = evalSet === train ? train : concatRows(train, evalSet);
  const plain = d === 2 && axes[0] === 0 && axes[1] === 1;
  const points = boundaryGrid(dataBounds(plain ? shown : { x: projectColumns(shown, axes), features: 2 }), { nx, ny });
  const medians = columnMedians(train);
  const fixed = Array.from(medians, (m, k) => (k === axes[0] || k === axes[1] ? Number.NaN : m));
  const x = plain ? points.x : sliceGrid(points, d, axes, medians);
  const probs = await trainer.predictGrid({ x: standardizer ? standardizer.transform(x) : x });
  return { nx, ny, bounds: points.bounds, x: points.x, probs, axes: [axes[0], axes[1]], fixed };
}

/** The regression branch of runJob: same steps, regression scores and a prediction surface. */
async function runRegressionJob(job: Job, jobTrain: RegressionDataset, jobEvaluation: RegressionDataset | undefined): Promise<RegressionJobResult> {
  let train = jobTrain;
  let evaluation = jobEvaluation;
  let evaluationInfo = job.evaluationInfo;
  let trainInfo = job.trainInfo;
  const features = featureNamesOf(train);
  const targets = train.targets;
  const targetNames = targetNamesOf(train);
  const warnings: string[] = [...(job.dataWarnings ?? [])];
  if (job.fit.stopAtAccuracy !== undefined) {
    throw new ExperimentInputError('stopAtAccuracy applies to classifiers; a regression model has no accuracy');
  }
  if (!evaluation && job.fit.validationSplit !== undefined) {
    if ((job.fit.validationSplitMode ?? 'last') === 'stratified') {
      throw new ExperimentInputError(
        "validation split mode 'stratified' keeps each class's share; a regression target has no classes: use 'last' (the default) or shuffle the file",
      );
    }
    const split = splitTail(train, job.fit.validationSplit);
    train = split.train;
    evaluation = split.validation;
    trainInfo = { ...trainInfo, rows: rows(train) };
    evaluationInfo = { name: job.trainInfo.name, params: { ...job.trainInfo.params, validationSplit: job.fit.validationSplit }, rows: rows(evaluation) };
  }
  checkSpecAgainstData(job.spec, { features: train.features, targets, task: 'regression' });
  const standardizer = job.preprocessing?.standardize ? fitStandardizer(train) : undefined;
  if (!standardizer) warnings.push(...scaleWarnings(train, features));
  const targetStandardizer = job.preprocessing?.standardizeTarget ? fitStandardizer({ x: train.y, features: targets }) : undefined;
  if (!targetStandardizer) warnings.push(...targetScaleWarnings(train.y, train.targetNames ?? Array.from({ length: targets }, (_, k) => (targets === 1 ? 'y' : `y${k}`))));
  const prepare = (d: RegressionDataset): RegressionDataset => ({
    ...d,
    x: standardizer ? standardizer.transform(rawX(d)) : d.x,
    y: targetStandardizer ? targetStandardizer.transform(d.y) : d.y,
  });
  for (const w of warnings) job.onWarning?.(w);

  const trainer = await createTrainer(job.spec, { backend: job.backend ?? 'auto', seed: job.seed, batchSize: job.fit.batchSize ?? 32 });
  try {
    const validationData = job.evaluationKind === 'validation' && evaluation ? prepare(evaluation) : undefined;
    const started = performance.now();
    const history = await trainer.train(prepare(train), { ...fitOptions(job), ...(validationData ? { validationData } : {}) });
    const trainMs = performance.now() - started;
    const evalSet = job.evaluationKind === 'train' || !evaluation ? train : evaluation;
    const scores = await evaluateRegressor(
      trainer,
      { x: standardizer ? standardizer.transform(rawX(evalSet)) : evalSet.x, y: evalSet.y, targets },
      { targetNames, ...(targetStandardizer ? { targetStandardizer } : {}) },
    );
    const metrics = regressionJobMetrics({
      experiment: job.experiment,
      backend: trainer.backend,
      seed: job.seed,
      trainInfo,
      ...(evaluationInfo && evalSet !== train ? { evaluationInfo } : {}),
      evaluatedOn: job.evaluationKind === 'train' || !evaluation ? 'train' : job.evaluationKind,
      spec: job.spec,
      history,
      scores,
      targets: targetNames,
      trainMs,
      features,
      warnings,
      standardizer: standardizer ? standardizer.toJSON() : null,
      targetStandardizer: targetStandardizer ? targetStandardizer.toJSON() : null,
    });

    let grid: SurfaceGrid | null = null;
    if (job.grid !== false && train.features >= 2 && targets === 1) {
      const plane = await planeGrid(job, trainer, train, evalSet, standardizer);
      const values = targetStandardizer ? targetStandardizer.inverseTransform(plane.probs) : plane.probs;
      grid = { ...plane, probs: values, outputs: 1, axes: plane.axes, fixed: plane.fixed };
    }
    const schema: DataSchema = {
      task: 'regression',
      features,
      label: job.trainInfo.params.labelColumn !== undefined ? String(job.trainInfo.params.labelColumn) : targetNames[0]!,
      classNames: [],
      ...(job.columns ? { columns: [...job.columns] } : {}),
    };
    return {
      task: 'regression',
      metrics,
      trainer,
      history,
      train,
      evaluation: evalSet,
      grid,
      ...(standardizer ? { standardizer } : {}),
      ...(targetStandardizer ? { targetStandardizer } : {}),
      schema,
    };
  } catch (err) {
    trainer.dispose();
    throw err;
  }
}
