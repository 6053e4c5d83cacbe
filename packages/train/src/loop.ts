import seedrandom from 'seedrandom';
import { checkSpecAgainstData, encodeTargets, isRegressionShape, mapFeatures, networkInputs, type ModelSpec } from '@mlpkit/models/core';
import { TrainingError, TrainOptionsError } from './errors.js';
import type { AnyTrainOptions } from './inputs.js';
import type {
  ClassificationData,
  ClassificationEpochLogs,
  ClassificationHistory,
  EncodedData,
  EpochLogs,
  EpochResult,
  History,
  RegressionData,
  RegressionEpochLogs,
  RegressionHistory,
  TrainData,
  TrainingEngine,
  TrainOptions,
} from './types.js';

/** Consecutive epochs with saturated outputs and a stuck loss after which training counts as diverged. */
export const SATURATION_EPOCHS = 3;

/** −ln(ε) with ε = 1e-7 in float32: the largest per-value cross-entropy after Keras's clip. */
const CE_CEILING = -Math.log(Math.fround(1e-7));

/**
 * The loss ceiling of a spec's output/loss pair and a bound on the loss of a correctly classified
 * row, or undefined when the loss has no ceiling (MSE on unbounded outputs).
 * - ceiling: the per-row loss of a row whose outputs are saturated at the wrong extreme (cross
 *   entropy: −ln ε, the clip; MSE on sigmoid/softmax outputs: 1 per unit, 2/K for K softmax units).
 * - maxRight: the largest per-row loss a correctly classified row can have (ln 2 for one unit,
 *   ln K for K softmax units …), or the ceiling where no bound holds.
 */
export function lossCeiling(spec: ModelSpec): { ceiling: number; maxRight: number } | undefined {
  const out = spec.layers[spec.layers.length - 1];
  // Regression has no "wrong extreme": the rule is classification-only.
  if (!out || spec.task === 'regression') return undefined;
  const k = out.units;
  const act = out.activation;
  switch (spec.compile.loss) {
    case 'binaryCrossentropy':
      return { ceiling: CE_CEILING, maxRight: k === 1 ? Math.LN2 : act === 'softmax' ? Math.log(k) : CE_CEILING };
    case 'categoricalCrossentropy':
    case 'sparseCategoricalCrossentropy':
      return k >= 2 ? { ceiling: CE_CEILING, maxRight: Math.log(k) } : undefined;
    case 'meanSquaredError':
      if (act === 'sigmoid') return { ceiling: 1, maxRight: k === 1 ? 0.25 : 1 };
      if (act === 'softmax' && k >= 2) return { ceiling: 2 / k, maxRight: (2 * (1 - 1 / k) ** 2) / k };
      return undefined;
    case 'meanAbsoluteError':
    case 'huber':
      return undefined;
  }
}

/**
 * Whether an epoch's loss and accuracy say the outputs are saturated at the wrong extreme: the
 * misclassified rows carry, on average, at least half the ceiling (bounding the correct rows'
 * share by maxRight). Legitimate training never stays there; a learning rate far too high does.
 */
function saturated(loss: number, accuracy: number, c: { ceiling: number; maxRight: number }): boolean {
  if (!(accuracy < 1)) return false;
  return (loss - accuracy * c.maxRight) / (1 - accuracy) >= c.ceiling / 2;
}

function diverged(epoch: number, what: string, fix = 'try a lower learning rate'): TrainingError {
  return new TrainingError(`training diverged: ${what} at epoch ${epoch}; ${fix}`);
}

/**
 * The row order of epoch `epoch` (0-based): a Fisher–Yates shuffle driven by seedrandom's alea
 * generator seeded with (seed, epoch). Every engine gets the same order for the same seed.
 */
export function epochOrder(seed: number, epoch: number, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const random = seedrandom.alea(`mlpkit-shuffle:${seed}:${epoch}`);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** Whether `data` is regression data: `task: 'regression'`, or a numeric `targets` without `task`. */
export function isRegressionData(data: TrainData): data is RegressionData {
  return isRegressionShape(data as { features: number; targets?: number; task?: string });
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? ((value as object).constructor?.name ?? 'an object') : typeof value;
}

/** Checks the arrays and counts of `data` (not yet against the spec); returns the row count. */
function checkData(data: TrainData, what: string): number {
  if (!data || typeof data !== 'object') throw new TrainOptionsError(`${what} must be an object { x, y, features, classes | targets }, got ${typeName(data)}`);
  if (!Number.isInteger(data.features) || data.features <= 0) {
    throw new TrainOptionsError(`${what}.features must be a positive integer, got ${data.features}`);
  }
  if (!data.x || typeof data.x.length !== 'number') throw new TrainOptionsError(`${what}.x must be a Float32Array (n × features, row-major), got ${typeName(data.x)}`);
  let n: number;
  if (isRegressionData(data)) {
    const t = data.targets;
    if (!Number.isInteger(t) || t <= 0) throw new TrainOptionsError(`${what}.targets must be a positive integer (the number of target columns), got ${t}`);
    if (!(data.y instanceof Float32Array)) {
      throw new TrainOptionsError(`${what}.y must be a Float32Array of n × ${t} target values for regression data, got ${typeName(data.y)}`);
    }
    if (data.y.length % t !== 0) throw new TrainOptionsError(`${what}.y has ${data.y.length} values, not a multiple of its ${t} targets`);
    n = data.y.length / t;
  } else {
    if (!data.y || typeof (data.y as Int32Array).length !== 'number') throw new TrainOptionsError(`${what}.y must be an Int32Array of class ids, got ${typeName(data.y)}`);
    n = data.y.length;
  }
  if (data.x.length !== n * data.features) {
    throw new TrainOptionsError(`${what}.x has ${data.x.length} values but y has ${n} rows of ${data.features} features (expected ${n * data.features})`);
  }
  return n;
}

/** Rows `start..end` of the raw x, through the spec's features stage (network inputs). */
function inputRows(spec: ModelSpec, data: TrainData, start: number, end: number): Float32Array {
  const f = data.features;
  return mapFeatures(spec, data.x.subarray(start * f, end * f));
}

/** Encodes rows `start..end` of `data` for the spec's loss (and maps x through its features). */
function encodeRows(spec: ModelSpec, data: TrainData, start: number, end: number, classes: number): EncodedData {
  const x = inputRows(spec, data, start, end);
  const features = networkInputs(spec);
  if (isRegressionData(data)) {
    const t = data.targets;
    return { x, targets: data.y.subarray(start * t, end * t), n: end - start, features, width: t };
  }
  const y = data.y.subarray(start, end);
  const { targets, width } = encodeTargets(spec, y, classes);
  return { x, targets, y, n: end - start, features, width };
}

/**
 * Train and validation sets as the loop uses them (validation split taken from the end, as Keras
 * does), with the spec's `features` stage applied to x. Classification data is checked against
 * the spec's output layer and its targets encoded; regression data keeps its targets as they are.
 */
export function prepareData(spec: ModelSpec, data: TrainData, options: Pick<TrainOptions, 'validationData' | 'validationSplit'>): { train: EncodedData; validation?: EncodedData } {
  const n = checkData(data, 'data');
  checkSpecAgainstData(spec, data);
  const split = options.validationSplit ?? 0;
  if (!(split >= 0 && split < 1)) throw new TrainOptionsError(`validationSplit must be in [0, 1), got ${split}`);
  const classesOf = (d: TrainData) => (isRegressionData(d) ? 0 : (d as ClassificationData).classes);
  if (options.validationData) {
    if (split > 0) throw new TrainOptionsError('give either validationData or validationSplit, not both');
    const v = options.validationData;
    const nv = checkData(v, 'validationData');
    const classes = Math.max(classesOf(v), classesOf(data));
    if (isRegressionData(v)) checkSpecAgainstData(spec, v);
    else checkSpecAgainstData(spec, { features: v.features, classes });
    return { train: encodeRows(spec, data, 0, n, classes), validation: encodeRows(spec, v, 0, nv, classes) };
  }
  if (split > 0) {
    // Keras: split_at = int(len(x) * (1 - validation_split)).
    const splitAt = Math.trunc(n * (1 - split));
    if (splitAt < 1 || splitAt >= n) throw new TrainOptionsError(`validationSplit ${split} leaves an empty training or validation set for ${n} rows`);
    return { train: encodeRows(spec, data, 0, splitAt, classesOf(data)), validation: encodeRows(spec, data, splitAt, n, classesOf(data)) };
  }
  if (n === 0) throw new TrainOptionsError('data has no rows');
  return { train: encodeRows(spec, data, 0, n, classesOf(data)) };
}

/** Lets timers, I/O and UI events run between epochs (setImmediate in Node, MessageChannel in browsers). */
export function yieldToEventLoop(): Promise<void> {
  interface Port {
    onmessage: (() => void) | null;
    postMessage(value: unknown): void;
    close(): void;
  }
  const g = globalThis as unknown as { setImmediate?: (cb: () => void) => unknown; MessageChannel?: new () => { port1: Port; port2: Port } };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof g.MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new g.MessageChannel!();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function checkOptions(options: TrainOptions, spec: ModelSpec): void {
  const regression = spec.task === 'regression';
  if (regression && options.stopAtAccuracy !== undefined) {
    throw new TrainOptionsError('stopAtAccuracy applies to classification; a regression model reports loss and mae: use earlyStopping (e.g. { monitor: "val_loss", patience: 10 })');
  }
  const monitor = options.earlyStopping?.monitor;
  if (monitor !== undefined) {
    if (!['loss', 'val_loss', 'accuracy', 'val_accuracy', 'mae', 'val_mae'].includes(monitor)) {
      throw new TrainOptionsError(`earlyStopping.monitor must be one of loss, val_loss, ${regression ? 'mae, val_mae' : 'accuracy, val_accuracy'}, got "${String(monitor)}"`);
    }
    if (regression && monitor.endsWith('accuracy')) {
      throw new TrainOptionsError(`earlyStopping monitors ${monitor}, which a regression model does not report: monitor loss, val_loss, mae or val_mae`);
    }
    if (!regression && monitor.endsWith('mae')) {
      throw new TrainOptionsError(`earlyStopping monitors ${monitor}, which a classifier does not report: monitor loss, val_loss, accuracy or val_accuracy`);
    }
  }
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new TrainOptionsError(`epochs must be a positive integer, got ${options.epochs}`);
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new TrainOptionsError(`batchSize must be a positive integer, got ${batchSize}`);
  if (options.earlyStopping && !(Number.isInteger(options.earlyStopping.patience) && options.earlyStopping.patience >= 0)) {
    throw new TrainOptionsError(`earlyStopping.patience must be an integer ≥ 0, got ${options.earlyStopping.patience}`);
  }
  if (options.stopAtAccuracy !== undefined && !(options.stopAtAccuracy > 0 && options.stopAtAccuracy <= 1)) {
    throw new TrainOptionsError(`stopAtAccuracy must be in (0, 1], got ${options.stopAtAccuracy}`);
  }
}

/** Keras EarlyStopping: stop after `patience` epochs without an improvement of more than minDelta. */
class EarlyStopper {
  private best: number;
  private wait = 0;
  private readonly sign: number;
  constructor(
    readonly monitor: keyof Pick<EpochLogs, 'loss' | 'accuracy' | 'val_loss' | 'val_accuracy' | 'mae' | 'val_mae'>,
    private readonly patience: number,
    private readonly minDelta: number,
  ) {
    this.sign = monitor.endsWith('accuracy') ? 1 : -1;
    this.best = -Infinity;
  }
  /** Returns true when training should stop. */
  update(logs: EpochLogs): boolean {
    const value = logs[this.monitor];
    if (value === undefined) return false;
    const score = this.sign * value;
    if (score - Math.abs(this.minDelta) > this.best) {
      this.best = score;
      this.wait = 0;
      return false;
    }
    this.wait += 1;
    return this.wait >= this.patience;
  }
}

/** The epoch's metric of an engine result: accuracy (classification) or mae (regression). */
function metricOf(result: EpochResult, metric: 'accuracy' | 'mae'): number {
  const value = result[metric];
  if (typeof value !== 'number') throw new TrainingError(`the training engine reported no ${metric} for this ${metric === 'mae' ? 'regression' : 'classification'} model`);
  return value;
}

/**
 * The shared epoch driver: every engine trains through this, so shuffling, batching order,
 * callbacks, validation and stop criteria are identical. Returns the history (Keras-style):
 * loss and accuracy for classification, loss and mae for regression (and their val_ forms).
 * The spec's `features` stage is applied to the data here (prepareData), for every engine.
 */
export function runTraining(engine: TrainingEngine, data: ClassificationData, spec: ModelSpec, options: TrainOptions<ClassificationEpochLogs>): Promise<ClassificationHistory>;
export function runTraining(engine: TrainingEngine, data: RegressionData, spec: ModelSpec, options: TrainOptions<RegressionEpochLogs>): Promise<RegressionHistory>;
export function runTraining(engine: TrainingEngine, data: TrainData, spec: ModelSpec, options: TrainOptions): Promise<History>;
export async function runTraining(engine: TrainingEngine, data: TrainData, spec: ModelSpec, anyOptions: AnyTrainOptions): Promise<History> {
  const options = anyOptions as TrainOptions;
  checkOptions(options, spec);
  const { train, validation } = prepareData(spec, data, options);
  const batchSize = options.batchSize ?? 32;
  const seed = options.seed ?? 0;
  const shuffle = options.shuffle ?? true;
  const metric = spec.task === 'regression' ? 'mae' : 'accuracy';
  const valMetric = metric === 'mae' ? 'val_mae' : 'val_accuracy';
  // One record type for both tasks while filling it; the caller's overload narrows it.
  type Values = { loss: number[]; val_loss?: number[]; accuracy?: number[]; val_accuracy?: number[]; mae?: number[]; val_mae?: number[] };
  const history = { loss: [], [metric]: [], epochs: 0, stopReason: 'completed' } as Values & Omit<History, keyof Values>;
  if (validation) {
    history.val_loss = [];
    history[valMetric] = [];
  }
  const es = options.earlyStopping;
  const stopper = es ? new EarlyStopper(es.monitor ?? (validation ? 'val_loss' : 'loss'), es.patience, es.minDelta ?? 0) : undefined;
  if (stopper?.monitor.startsWith('val_') && !validation) {
    throw new TrainOptionsError(`earlyStopping monitors ${stopper.monitor} but there is no validation data`);
  }
  const identity = shuffle ? undefined : Int32Array.from({ length: train.n }, (_, i) => i);
  const ceiling = lossCeiling(spec);
  /** Losses of the current run of saturated epochs. */
  const saturatedLosses: number[] = [];
  const interval = options.batchCallbackIntervalMs ?? 100;
  let lastBatchCall = -Infinity;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    if (options.signal?.aborted) {
      history.stopReason = 'aborted';
      break;
    }
    const started = now();
    const order = identity ?? epochOrder(seed, epoch - 1, train.n);
    const onBatchEnd = options.onBatchEnd;
    /** Promises returned by onBatchEnd, awaited at the end of the epoch (a rejection is recorded at once, so it is never unhandled). */
    const pending: Array<Promise<void>> = [];
    let batchError: { error: unknown } | undefined;
    const hooks = onBatchEnd
      ? {
          onBatchEnd: (batch: number, batches: number) => {
            const t = now();
            if (t - lastBatchCall < interval) return;
            lastBatchCall = t;
            const r = onBatchEnd({ epoch, batch, batches });
            if (r && typeof (r as PromiseLike<unknown>).then === 'function') {
              pending.push(
                Promise.resolve(r).then(
                  () => undefined,
                  (error: unknown) => {
                    batchError ??= { error };
                  },
                ),
              );
            }
          },
        }
      : undefined;
    const result = await engine.trainEpoch(train, order, batchSize, hooks);
    if (pending.length > 0) await Promise.all(pending);
    if (batchError) throw (batchError as { error: unknown }).error;
    // Weights first: non-finite weights make the loss NaN on some backends and leave it finite
    // (clipped) on others; checking them first gives every backend the same error.
    if (result.weightsFinite === false) throw diverged(epoch, 'weights are not finite');
    if (!Number.isFinite(result.loss)) {
      throw diverged(epoch, `loss is ${Number.isNaN(result.loss) ? 'NaN' : result.loss > 0 ? 'Infinity' : '-Infinity'}`);
    }
    const value = metricOf(result, metric);
    if (ceiling && saturated(result.loss, value, ceiling)) {
      saturatedLosses.push(result.loss);
      if (saturatedLosses.length >= SATURATION_EPOCHS) {
        const recent = saturatedLosses.slice(-SATURATION_EPOCHS);
        const hi = Math.max(...recent);
        // Still falling every epoch (however slowly): saturated, but learning — not stuck.
        const falling = recent.every((v, i) => i === 0 || v < recent[i - 1]! * (1 - 1e-5));
        if (hi - Math.min(...recent) <= 1e-3 * hi && !falling) {
          throw diverged(epoch, 'loss stuck at its ceiling (saturated outputs)', 'try a lower learning rate, or standardize the inputs if their values are large');
        }
      }
    } else {
      saturatedLosses.length = 0;
    }
    const logs = { epoch, loss: result.loss, [metric]: value, elapsedMs: 0 } as { epoch: number; loss: number; elapsedMs: number } & Record<'accuracy' | 'mae' | 'val_loss' | 'val_accuracy' | 'val_mae', number | undefined>;
    history.loss.push(result.loss);
    history[metric]!.push(value);
    if (validation) {
      const v = await engine.evaluate(validation);
      const vValue = metricOf(v, metric);
      logs.val_loss = v.loss;
      logs[valMetric] = vValue;
      history.val_loss!.push(v.loss);
      history[valMetric]!.push(vValue);
    }
    logs.elapsedMs = now() - started;
    history.epochs = epoch;
    const callback = options.onEpochEnd?.(logs as EpochLogs);
    if (callback && typeof (callback as PromiseLike<unknown>).then === 'function') await callback;

    if (options.stopAtAccuracy !== undefined && value >= options.stopAtAccuracy) {
      history.reachedAccuracyAt = epoch;
      history.stopReason = 'targetAccuracy';
      break;
    }
    if (stopper?.update(logs as EpochLogs)) {
      history.stopReason = 'earlyStopping';
      break;
    }
    await yieldToEventLoop();
  }
  return history as History;
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}
