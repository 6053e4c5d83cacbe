/**
 * Contract types of @mlpkit/train, shared by the TF.js loop, the fused engine and the apps.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { ModelSpec } from '@mlpkit/models/core';

/**
 * Classification data: row-major features and integer class ids (the `Dataset` of
 * @mlpkit/datasets, or any object of this shape).
 */
export interface ClassificationData {
  /** n × features, row-major (the raw columns; a spec's `features` stage is applied by train). */
  x: Float32Array;
  /** Class ids 0..classes−1, one per row. */
  y: Int32Array;
  features: number;
  classes: number;
  task?: 'classification';
}

/**
 * Regression data: row-major features and numeric targets (the `RegressionDataset` of
 * @mlpkit/datasets, or any object of this shape). Recognised by `task: 'regression'`, or by a
 * numeric `targets` count when `task` is absent.
 */
export interface RegressionData {
  /** n × features, row-major (the raw columns). */
  x: Float32Array;
  /** n × targets target values, row-major. */
  y: Float32Array;
  features: number;
  /** Number of target columns (= the spec's output units). */
  targets: number;
  task?: 'regression';
}

/** What the trainers take: classification or regression data (the spec's `task` says which it must be). */
export type TrainData = ClassificationData | RegressionData;

/** Targets encoded for a spec's loss/output layer (see encodeTargets in @mlpkit/models). */
export interface EncodedData {
  /** n × features network inputs (after the spec's `features` stage, if any). */
  x: Float32Array;
  /** n × width targets: 1 column for a 1-unit output, one-hot for K units, the values for regression. */
  targets: Float32Array;
  /** Class ids, for accuracy (classification only). */
  y?: Int32Array;
  n: number;
  /** Network input width (networkInputs(spec)). */
  features: number;
  width: number;
}

interface EpochLogsBase {
  /** 1-based epoch number. */
  epoch: number;
  loss: number;
  val_loss?: number;
  /** Wall time of this epoch. */
  elapsedMs: number;
}

/** A classifier's epoch logs (Keras names): loss and accuracy, and their val_ forms. */
export interface ClassificationEpochLogs extends EpochLogsBase {
  /** The fraction of correct rows. */
  accuracy: number;
  val_accuracy?: number;
  mae?: undefined;
  val_mae?: undefined;
}

/** A regression model's epoch logs (Keras names): loss and mae, and their val_ forms. */
export interface RegressionEpochLogs extends EpochLogsBase {
  /** Mean absolute error: mean over the outputs of a row, then over the rows (Keras's `mae`). */
  mae: number;
  val_mae?: number;
  accuracy?: undefined;
  val_accuracy?: undefined;
}

/** Per-epoch logs: accuracy for a classifier, mae for a regression model (narrow on either). */
export type EpochLogs = ClassificationEpochLogs | RegressionEpochLogs;

export interface BatchInfo {
  epoch: number;
  batch: number;
  batches: number;
}

export interface EarlyStoppingOptions {
  /** Default val_loss with validation data, else loss; accuracy is classification-only, mae regression-only. */
  monitor?: 'loss' | 'val_loss' | 'accuracy' | 'val_accuracy' | 'mae' | 'val_mae';
  patience: number;
  minDelta?: number;
}

/** Options of Trainer.train / runTraining; `L` is the type of the logs onEpochEnd receives. */
export interface TrainOptions<L extends EpochLogs = EpochLogs> {
  epochs: number;
  /** Keras default 32. */
  batchSize?: number;
  /** Seeded shuffle of the training rows each epoch (default true). */
  shuffle?: boolean;
  seed?: number;
  validationData?: TrainData;
  /** Fraction of the rows (taken from the end, as Keras does) held out for validation. */
  validationSplit?: number;
  /**
   * Called after every epoch. The return value is ignored unless it is a promise, which is awaited
   * before the next epoch (so `cond && console.log(…)` and async callbacks both work).
   */
  onEpochEnd?: (logs: L) => unknown;
  /**
   * Throttled to at most one call per `batchCallbackIntervalMs` (default 100 ms). Batches run
   * synchronously, so a returned promise is not awaited between batches: it is awaited at the end
   * of the epoch (a rejection then stops training with that error).
   */
  onBatchEnd?: (info: BatchInfo) => unknown;
  batchCallbackIntervalMs?: number;
  earlyStopping?: EarlyStoppingOptions;
  /** Stop at the end of the first epoch whose training accuracy is ≥ this (e.g. 1 for XOR). Classification only. */
  stopAtAccuracy?: number;
  signal?: AbortSignal;
}

export type StopReason = 'completed' | 'earlyStopping' | 'targetAccuracy' | 'aborted';

interface HistoryBase {
  loss: number[];
  val_loss?: number[];
  /** Epochs actually run. */
  epochs: number;
  stopReason: StopReason;
  /** 1-based epoch at which training accuracy first reached `stopAtAccuracy`, if it did. */
  reachedAccuracyAt?: number;
}

/** A classifier's history (Keras's History.history): loss and accuracy per epoch, and their val_ forms. */
export interface ClassificationHistory extends HistoryBase {
  accuracy: number[];
  val_accuracy?: number[];
  mae?: undefined;
  val_mae?: undefined;
}

/** A regression model's history: loss and mae (mean absolute error) per epoch, and their val_ forms. */
export interface RegressionHistory extends HistoryBase {
  mae: number[];
  val_mae?: number[];
  accuracy?: undefined;
  val_accuracy?: undefined;
}

/**
 * Per-epoch values. Training on ClassificationData gives a ClassificationHistory (accuracy),
 * on RegressionData a RegressionHistory (mae); the trainers' overloads say which.
 */
export type History = ClassificationHistory | RegressionHistory;

/**
 * One engine's way of running the math. The shared epoch driver (loop.ts) owns shuffling,
 * batching order, callbacks, early stopping and stop criteria, so every engine behaves alike.
 */
export interface TrainingEngine {
  /**
   * Trains one epoch visiting rows in `order`, in consecutive batches of `batchSize` (the last one
   * may be smaller). Returns the sample-weighted mean loss and accuracy (classification) or mae
   * (regression) over the epoch, as Keras reports them. Results are read back once, at the end of
   * the epoch.
   */
  trainEpoch(data: EncodedData, order: Int32Array, batchSize: number, hooks?: EpochHooks): Promise<EpochResult>;
  /** Loss and accuracy (or mae) on data without updating weights. */
  evaluate(data: EncodedData): Promise<EvalResult>;
}

/** A classifier's loss and accuracy. */
export interface ClassificationEvalResult {
  /** Mean loss over the samples plus the kernel l1/l2 regularisation terms (as Keras reports it). */
  loss: number;
  /**
   * Fraction of correct samples. 1 output unit: Keras binary accuracy, predicted class is
   * (p > 0.5), strictly; K units: argmax (first maximum) against the target class.
   */
  accuracy: number;
  mae?: undefined;
}

/** A regression model's loss and mean absolute error. */
export interface RegressionEvalResult {
  /** Mean loss over the samples plus the kernel l1/l2 regularisation terms (as Keras reports it). */
  loss: number;
  /** Mean absolute error: mean over the outputs of a row, then over rows (Keras's `mae`). */
  mae: number;
  accuracy?: undefined;
}

/** Loss and accuracy (classification) or mae (regression). */
export type EvalResult = ClassificationEvalResult | RegressionEvalResult;

/** What `trainEpoch` returns: the epoch's loss and accuracy (or mae), and optionally a weight check. */
export type EpochResult = EvalResult & {
  /**
   * False when some weight is NaN or ±∞ after the epoch (the driver then stops with a
   * TrainingError); engines that do not check leave it undefined.
   */
  weightsFinite?: boolean;
};

/**
 * Optional per-batch hooks the shared loop passes to `trainEpoch` (added compatibly: engines may
 * ignore them). `onBatchEnd` is already throttled by the loop; engines call it after each batch
 * with the 1-based batch number.
 */
export interface EpochHooks {
  onBatchEnd?: (batch: number, batches: number) => void;
}

/** Decision-boundary grid points, row-major n × raw inputs (n × 2 for 2-D data; index j * nx + i). */
export interface GridInput {
  x: Float32Array;
}

/** The built-in backend names (and 'auto'); any registered name is accepted too. */
export const BUILTIN_BACKENDS = ['auto', 'fused', 'fused-exact', 'webgpu', 'tensorflow', 'webgl', 'wasm', 'cpu'] as const;
/** A backend name: the built-in ones autocomplete; any string is accepted (and checked at run time). */
export type BackendName = (typeof BUILTIN_BACKENDS)[number] | (string & {});

/**
 * An engine-agnostic trained model; what the apps use. Every method that takes rows takes the
 * raw columns (n × spec.input): a spec's `features` stage is applied inside, on every engine.
 */
export interface Trainer {
  /** Resolved backend name, e.g. 'fused', 'cpu', 'wasm'. */
  readonly backend: string;
  readonly spec: ModelSpec;
  /** Classification data gives a ClassificationHistory, regression data a RegressionHistory. */
  train(data: ClassificationData, options: TrainOptions<ClassificationEpochLogs>): Promise<ClassificationHistory>;
  train(data: RegressionData, options: TrainOptions<RegressionEpochLogs>): Promise<RegressionHistory>;
  train(data: TrainData, options: TrainOptions): Promise<History>;
  /** The network's outputs, n × outputUnits: probabilities for a classifier, the predicted values for regression. */
  predict(x: Float32Array): Promise<Float32Array>;
  /** n × outputUnits probabilities (raw outputs for a linear output layer). Classification only (regression: predict). */
  predictProba(x: Float32Array): Promise<Float32Array>;
  /** Class ids (decodeOutputs). Classification only. */
  predictClasses(x: Float32Array): Promise<Int32Array>;
  /** Batched predict over a grid (raw columns); returns n × outputUnits, for either task. */
  predictGrid(grid: GridInput, options?: { batchSize?: number }): Promise<Float32Array>;
  /** Loss and accuracy (classification) or mae (regression), with the l1/l2 terms in the loss. */
  evaluate(data: ClassificationData): Promise<ClassificationEvalResult>;
  evaluate(data: RegressionData): Promise<RegressionEvalResult>;
  evaluate(data: TrainData): Promise<EvalResult>;
  /** Weights in Keras order: for each Dense layer, kernel (in × out, row-major) then bias. */
  getWeights(): Promise<Float32Array[]>;
  setWeights(weights: Float32Array[]): Promise<void>;
  /** A tf.LayersModel with the current weights (for saving in TF.js format). */
  toLayersModel(): Promise<LayersModel>;
  dispose(): void;
}
