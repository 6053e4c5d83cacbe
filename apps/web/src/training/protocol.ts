/**
 * Messages between the page and the training worker. Typed arrays travel as transferables, so a
 * boundary grid or a set of heatmaps costs no copy.
 */
import type { Dataset } from '@mlpkit/datasets';
import type { BoundaryGrid, DatasetInfo, MetricsJson } from '@mlpkit/experiments';
import type { ModelSpec } from '@mlpkit/models';
import type { EpochLogs, History } from '@mlpkit/train';

/** The Dataset fields training needs (what the page sends: no feature names or generator params). */
export type DataMessage = Pick<Dataset, 'name' | 'x' | 'y' | 'features' | 'classes' | 'classNames'>;

/** A decision-boundary grid's points, without outputs (the worker predicts those). */
export type GridMessage = Omit<BoundaryGrid, 'probs' | 'outputs'>;

export type { BackendInfo as BackendStatus } from '@mlpkit/train';
import type { BackendInfo } from '@mlpkit/train';

/** Most units per layer the diagram draws (and the worker computes heatmaps for). */
export const MAX_SHOWN_UNITS = 16;

/** Fit settings that can change while a run goes on. */
export interface FitSettings {
  /** Total epochs of the run (the target; Continue raises it). */
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
  train: DataMessage;
  validation?: DataMessage;
  /** Where the report comes from: the validation rows, a fresh test draw, or the training rows. */
  evaluatedOn: 'validation' | 'test' | 'train';
  classNames: string[];
  /** For the report: the experiment id (or null) and where the data came from. */
  experiment: string | null;
  trainInfo: DatasetInfo;
  evaluationInfo?: DatasetInfo;
  grid: GridMessage;
  /** The per-neuron heatmap grid (same bounds, coarser). */
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
  /** A reconfigure took effect after `epoch` (on `backend`). */
  | { type: 'reconfigured'; runId: number; epoch: number; backend: string }
  | {
      type: 'done';
      runId: number;
      history: History;
      /** metrics.json of the run: report, confusion matrix, yTrue/yPred, history. */
      metrics: MetricsJson;
      /** The self-contained HTML report of @mlpkit/experiments. */
      reportHtml: string;
    }
  | { type: 'model'; runId: number; name: string; artifacts: ModelArtifactsMessage }
  | { type: 'error'; runId: number; message: string; code?: string };
