/**
 * Messages between the page and the training worker. Typed arrays travel as transferables, so a
 * boundary grid or a set of heatmaps costs no copy.
 */
import { isRegression, type AnyDataset, type Dataset, type RegressionDataset, type StandardizerJSON } from '@mlpkit/datasets';
import type { AnyMetricsJson, BoundaryGrid, DatasetInfo } from '@mlpkit/experiments';
import type { ModelSpec } from '@mlpkit/models';
import type { EpochLogs, History } from '@mlpkit/train';

/**
 * The Dataset fields training needs (what the page sends: no feature names or generator params):
 * class ids for a classifier, the numeric targets (with `task: 'regression'`) for a regression.
 */
export type DataMessage = Pick<Dataset, 'name' | 'x' | 'y' | 'features' | 'classes' | 'classNames'> | Pick<RegressionDataset, 'task' | 'name' | 'x' | 'y' | 'features' | 'targets'>;

/** The fields of a dataset the worker needs (the arrays are shared, not copied). */
export function dataMessage(d: AnyDataset): DataMessage {
  if (isRegression(d)) return { task: 'regression', name: d.name, x: d.x, y: d.y, features: d.features, targets: d.targets };
  return { name: d.name, x: d.x, y: d.y, features: d.features, classes: d.classes, ...(d.classNames ? { classNames: d.classNames } : {}) };
}

/** A decision-boundary grid's points, without outputs (the worker predicts those). */
export type GridMessage = Omit<BoundaryGrid, 'probs' | 'outputs'>;

export type { BackendInfo as BackendStatus } from '@mlpkit/train';
import type { BackendInfo } from '@mlpkit/train';

/** Most units per layer the diagram draws (and the worker computes heatmaps for). */
export const MAX_SHOWN_UNITS = 16;

/** Fit settings that can change while a run goes on. */
export interface FitSettings {
  /** Total epochs of the run (the target; Continue raises it); Infinity: until paused. */
  epochs: number;
  batchSize: number;
  stopAtAccuracy?: number;
}

export interface StartRequest {
  type: 'start';
  runId: number;
  spec: ModelSpec;
  backend: string;
  seed: number;
  /** The rows the network trains and is evaluated on (standardized when `standardizer` is set). */
  train: DataMessage;
  validation?: DataMessage;
  /** With standardized rows: the rows and grid in the data's own units, for the HTML report. */
  display?: { train: DataMessage; validation?: DataMessage; gridX: Float32Array };
  /** The standardizer fitted on the training rows (saved with the model, recorded in metrics.json). */
  standardizer?: StandardizerJSON;
  /** Feature names in input order (the CSV header), for metrics.json and the saved model. */
  featureNames?: string[];
  /** Warnings about the data, recorded in metrics.json. */
  warnings?: string[];
  /** Pacing: epochs per second, or null (as fast as it goes). */
  epochsPerSecond?: number | null;
  /** Where the report comes from: the validation rows, a fresh test draw, or the training rows. */
  evaluatedOn: 'validation' | 'test' | 'train';
  classNames: string[];
  /** For the report: the experiment id (or null) and where the data came from. */
  experiment: string | null;
  trainInfo: DatasetInfo;
  evaluationInfo?: DatasetInfo;
  /** Data with more than 2 features: the plotted pair and every feature's value on the plane (NaN for the pair), for the report. */
  axes?: [number, number];
  fixed?: number[];
  /** The boundary grid; `x` in the network's units (standardized rows: standardized points). */
  grid: GridMessage;
  /** The per-neuron heatmap grid (same bounds, coarser; `x` in the network's units). */
  heatGrid: { nx: number; ny: number; x: Float32Array };
  fit: FitSettings;
  /** Least time between two boundary repaints. */
  repaintMs: number;
  /**
   * 'hold': build the model, paint its initial state and wait (the page's Ready state);
   * 'step': train one epoch, then pause; 'run': train.
   */
  mode: 'hold' | 'step' | 'run';
}

/** A change applied to a live run at the next epoch boundary, keeping the current weights. */
export interface Reconfigure {
  type: 'reconfigure';
  runId: number;
  /** The new spec (same layer sizes): learning rate, regularisation, optimizer, loss, activations. */
  spec: ModelSpec;
  backend: string;
  fit: FitSettings;
  /** For the report: what changed, e.g. "learning rate 0.01 → 0.1". */
  change: string;
  /** The experiment the setup still is (a change at epoch 0 may leave it, e.g. the backend), or null. */
  experiment: string | null;
}

export type ToWorker =
  | { type: 'init' }
  | StartRequest
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  /** Train one more epoch, then pause again. */
  | { type: 'step'; runId: number }
  /** Pacing from the next epoch on: epochs per second, or null (as fast as it goes). */
  | { type: 'speed'; runId: number; epochsPerSecond: number | null }
  | { type: 'stop'; runId: number }
  /** After the run is done: train `epochs` more epochs from the current weights. */
  | { type: 'continue'; runId: number; epochs: number }
  | Reconfigure
  /** Sets one weight (Keras order: weights[array][index]) and repaints. */
  | { type: 'set-weight'; runId: number; array: number; index: number; value: number }
  | { type: 'export-model'; runId: number; name: string };

/** A TF.js model in its save format (what `model.save(withSaveHandler)` receives). */
export interface ModelArtifactsMessage {
  modelTopology: unknown;
  weightSpecs: unknown[];
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: unknown;
  userDefinedMetadata?: unknown;
}

export type FromWorker =
  | { type: 'ready'; backends: BackendInfo[] }
  | { type: 'started'; runId: number; backend: string }
  /** Epoch logs since the last message (epoch numbers count from the start of the run). */
  | { type: 'epochs'; runId: number; logs: EpochLogs[] }
  /** Progress inside an epoch (throttled), for slow backends. */
  | { type: 'batch'; runId: number; epoch: number; batch: number; batches: number }
  /** The run is waiting (after a pause, a step or a hold) at the end of `epoch`. */
  | { type: 'paused'; runId: number; epoch: number }
  | {
      type: 'grid';
      runId: number;
      epoch: number;
      probs: Float32Array;
      width: number;
      /** The weights at that epoch, Keras order (kernel in × out, then bias, per layer). */
      weights: Float32Array[];
      /** Per-neuron outputs over the heat grid, packed as activations.ts' packHeatmaps. */
      heat: Float32Array;
    }
  /**
   * Training diverged in `epoch` (the loss or the weights became non-finite, or the outputs stuck
   * at their ceiling: `reason`). The run went back to its last finite weights, from
   * `restoredEpoch`, dropped the epochs after them and pauses there ('paused' follows).
   */
  | { type: 'diverged'; runId: number; epoch: number; reason: string; restoredEpoch: number }
  /** Loss and accuracy of the current weights (after a weight edit), at `epoch`. */
  | {
      type: 'evaluated';
      runId: number;
      epoch: number;
      loss: number;
      /** Classification: accuracy; regression: mae (and their val_ forms). */
      accuracy?: number;
      mae?: number;
      val_loss?: number;
      val_accuracy?: number;
      val_mae?: number;
    }
  /** A reconfigure took effect after `epoch` (on `backend`). */
  | { type: 'reconfigured'; runId: number; epoch: number; backend: string }
  | {
      type: 'done';
      runId: number;
      history: History;
      /** metrics.json of the run: report, confusion matrix, yTrue/yPred, history. */
      metrics: AnyMetricsJson;
      /** The self-contained HTML report of @mlpkit/experiments. */
      reportHtml: string;
    }
  | { type: 'model'; runId: number; name: string; artifacts: ModelArtifactsMessage }
  | { type: 'error'; runId: number; message: string; code?: string };
