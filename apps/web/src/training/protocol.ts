/**
 * Messages between the page and the training worker. Typed arrays travel as transferables, so a
 * boundary grid costs no copy.
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
  epochs: number;
  batchSize: number;
  stopAtAccuracy?: number;
  /** Least time between two boundary repaints. */
  repaintMs: number;
  /** Pause after the first epoch (the Step button). */
  step?: boolean;
}

export type ToWorker =
  | { type: 'init' }
  | StartRequest
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  /** Train one more epoch, then pause again. */
  | { type: 'step'; runId: number }
  | { type: 'stop'; runId: number }
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
  | { type: 'epoch'; runId: number; logs: EpochLogs }
  /** The run is waiting (after a pause or a step) at the end of `epoch`. */
  | { type: 'paused'; runId: number; epoch: number }
  | {
      type: 'grid';
      runId: number;
      epoch: number;
      probs: Float32Array;
      width: number;
      /** The weights at that epoch, Keras order (kernel in × out, then bias, per layer). */
      weights: Float32Array[];
    }
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
