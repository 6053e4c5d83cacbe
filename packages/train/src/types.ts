/**
 * Contract types of @mlpkit/train, shared by the TF.js loop, the fused engine and the apps.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { ModelSpec } from '@mlpkit/models';

/** Any labelled 2-D-or-more dataset: row-major features and integer class ids. */
export interface TrainData {
  x: Float32Array;
  y: Int32Array;
  features: number;
  classes: number;
}

/** Targets encoded for a spec's loss/output layer (see encodeTargets in @mlpkit/models). */
export interface EncodedData {
  x: Float32Array;
  /** n × width targets: 1 column for a 1-unit output, one-hot for K units. */
  targets: Float32Array;
  /** Class ids, for accuracy. */
  y: Int32Array;
  n: number;
  features: number;
  width: number;
}

export interface EpochLogs {
  /** 1-based epoch number. */
  epoch: number;
  loss: number;
  accuracy: number;
  val_loss?: number;
  val_accuracy?: number;
  /** Wall time of this epoch. */
  elapsedMs: number;
}

export interface BatchInfo {
  epoch: number;
  batch: number;
  batches: number;
}

export interface EarlyStoppingOptions {
  monitor?: 'loss' | 'val_loss' | 'accuracy' | 'val_accuracy';
  patience: number;
  minDelta?: number;
}

export interface TrainOptions {
  epochs: number;
  /** Keras default 32. */
  batchSize?: number;
  /** Seeded shuffle of the training rows each epoch (default true). */
  shuffle?: boolean;
  seed?: number;
  validationData?: TrainData;
  /** Fraction of the rows (taken from the end, as Keras does) held out for validation. */
  validationSplit?: number;
  onEpochEnd?: (logs: EpochLogs) => void | Promise<void>;
  /** Throttled to at most one call per `batchCallbackIntervalMs` (default 100 ms). */
  onBatchEnd?: (info: BatchInfo) => void;
  batchCallbackIntervalMs?: number;
  earlyStopping?: EarlyStoppingOptions;
  /** Stop at the end of the first epoch whose training accuracy is ≥ this (e.g. 1 for XOR). */
  stopAtAccuracy?: number;
  signal?: AbortSignal;
}

export type StopReason = 'completed' | 'earlyStopping' | 'targetAccuracy' | 'aborted';

export interface History {
  loss: number[];
  accuracy: number[];
  val_loss?: number[];
  val_accuracy?: number[];
  /** Epochs actually run. */
  epochs: number;
  stopReason: StopReason;
  /** 1-based epoch at which training accuracy first reached `stopAtAccuracy`, if it did. */
  reachedAccuracyAt?: number;
}

/**
 * One engine's way of running the math. The shared epoch driver (loop.ts) owns shuffling,
 * batching order, callbacks, early stopping and stop criteria, so every engine behaves alike.
 */
export interface TrainingEngine {
  /**
   * Trains one epoch visiting rows in `order`, in consecutive batches of `batchSize` (the last one
   * may be smaller). Returns the sample-weighted mean loss and accuracy over the epoch, as Keras
   * reports them. Results are read back once, at the end of the epoch.
   */
  trainEpoch(data: EncodedData, order: Int32Array, batchSize: number, hooks?: EpochHooks): Promise<EpochResult>;
  /** Loss and accuracy on data without updating weights. */
  evaluate(data: EncodedData): Promise<EvalResult>;
}

export interface EvalResult {
  /** Mean loss over the samples plus the kernel l1/l2 regularisation terms (as Keras reports it). */
  loss: number;
  /**
   * Fraction of correct samples. 1 output unit: Keras binary accuracy, predicted class is
   * (p > 0.5), strictly; K units: argmax (first maximum) against the target class.
   */
  accuracy: number;
}

/** What `trainEpoch` returns: the epoch's loss and accuracy, and optionally a weight check. */
export interface EpochResult extends EvalResult {
  /**
   * False when some weight is NaN or ±∞ after the epoch (the driver then stops with a
   * TrainingError); engines that do not check leave it undefined.
   */
  weightsFinite?: boolean;
}

/**
 * Optional per-batch hooks the shared loop passes to `trainEpoch` (added compatibly: engines may
 * ignore them). `onBatchEnd` is already throttled by the loop; engines call it after each batch
 * with the 1-based batch number.
 */
export interface EpochHooks {
  onBatchEnd?: (batch: number, batches: number) => void;
}

/** Decision-boundary grid points, row-major n × 2 (index j * nx + i). */
export interface GridInput {
  x: Float32Array;
}

/** An engine-agnostic trained model; what the apps use. */
export interface Trainer {
  /** Resolved backend name, e.g. 'fused', 'cpu', 'wasm'. */
  readonly backend: string;
  readonly spec: ModelSpec;
  train(data: TrainData, options: TrainOptions): Promise<History>;
  /** n × outputUnits probabilities (or raw outputs for a linear output layer). */
  predictProba(x: Float32Array): Promise<Float32Array>;
  predictClasses(x: Float32Array): Promise<Int32Array>;
  /** Batched prediction over a grid; returns n × outputUnits. */
  predictGrid(grid: GridInput, options?: { batchSize?: number }): Promise<Float32Array>;
  evaluate(data: TrainData): Promise<EvalResult>;
  /** Weights in Keras order: for each Dense layer, kernel (in × out, row-major) then bias. */
  getWeights(): Promise<Float32Array[]>;
  setWeights(weights: Float32Array[]): Promise<void>;
  /** A tf.LayersModel with the current weights (for saving in TF.js format). */
  toLayersModel(): Promise<LayersModel>;
  dispose(): void;
}
