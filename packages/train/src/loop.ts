import seedrandom from 'seedrandom';
import { checkSpecAgainstData, encodeTargets, type ModelSpec } from '@mlpkit/models';
import { TrainingError, TrainOptionsError } from './errors.js';
import type { EncodedData, EpochLogs, History, TrainData, TrainingEngine, TrainOptions } from './types.js';

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
  if (!out) return undefined;
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

function diverged(epoch: number, what: string): TrainingError {
  return new TrainingError(`training diverged: ${what} at epoch ${epoch}; try a lower learning rate`);
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

function checkData(data: TrainData, what: string): number {
  if (!Number.isInteger(data.features) || data.features <= 0) {
    throw new TrainOptionsError(`${what}.features must be a positive integer, got ${data.features}`);
  }
  const n = data.y.length;
  if (data.x.length !== n * data.features) {
    throw new TrainOptionsError(`${what}.x has ${data.x.length} values but y has ${n} rows of ${data.features} features (expected ${n * data.features})`);
  }
  return n;
}

/** Encodes rows `start..end` of `data` for the spec's loss. */
function encodeRows(spec: ModelSpec, data: TrainData, start: number, end: number, classes: number): EncodedData {
  const f = data.features;
  const y = data.y.subarray(start, end);
  const { targets, width } = encodeTargets(spec, y, classes);
  return { x: data.x.subarray(start * f, end * f), targets, y, n: end - start, features: f, width };
}

/** Train and validation sets as the loop uses them (validation split taken from the end, as Keras does). */
export function prepareData(spec: ModelSpec, data: TrainData, options: Pick<TrainOptions, 'validationData' | 'validationSplit'>): { train: EncodedData; validation?: EncodedData } {
  const n = checkData(data, 'data');
  checkSpecAgainstData(spec, data);
  const split = options.validationSplit ?? 0;
  if (!(split >= 0 && split < 1)) throw new TrainOptionsError(`validationSplit must be in [0, 1), got ${split}`);
  if (options.validationData) {
    if (split > 0) throw new TrainOptionsError('give either validationData or validationSplit, not both');
    const v = options.validationData;
    checkData(v, 'validationData');
    checkSpecAgainstData(spec, { features: v.features, classes: Math.max(v.classes, data.classes) });
    const classes = Math.max(v.classes, data.classes);
    return { train: encodeRows(spec, data, 0, n, classes), validation: encodeRows(spec, v, 0, v.y.length, classes) };
  }
  if (split > 0) {
    // Keras: split_at = int(len(x) * (1 - validation_split)).
    const splitAt = Math.trunc(n * (1 - split));
    if (splitAt < 1 || splitAt >= n) throw new TrainOptionsError(`validationSplit ${split} leaves an empty training or validation set for ${n} rows`);
    return { train: encodeRows(spec, data, 0, splitAt, data.classes), validation: encodeRows(spec, data, splitAt, n, data.classes) };
  }
  if (n === 0) throw new TrainOptionsError('data has no rows');
  return { train: encodeRows(spec, data, 0, n, data.classes) };
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

function checkOptions(options: TrainOptions): void {
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
    readonly monitor: keyof Pick<EpochLogs, 'loss' | 'accuracy' | 'val_loss' | 'val_accuracy'>,
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

/**
 * The shared epoch driver: every engine trains through this, so shuffling, batching order,
 * callbacks, validation and stop criteria are identical. Returns the history (Keras-style).
 */
export async function runTraining(engine: TrainingEngine, data: TrainData, spec: ModelSpec, options: TrainOptions): Promise<History> {
  checkOptions(options);
  const { train, validation } = prepareData(spec, data, options);
  const batchSize = options.batchSize ?? 32;
  const seed = options.seed ?? 0;
  const shuffle = options.shuffle ?? true;
  const history: History = { loss: [], accuracy: [], epochs: 0, stopReason: 'completed' };
  if (validation) {
    history.val_loss = [];
    history.val_accuracy = [];
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
    const hooks = onBatchEnd
      ? {
          onBatchEnd: (batch: number, batches: number) => {
            const t = now();
            if (t - lastBatchCall < interval) return;
            lastBatchCall = t;
            onBatchEnd({ epoch, batch, batches });
          },
        }
      : undefined;
    const result = await engine.trainEpoch(train, order, batchSize, hooks);
    // Weights first: non-finite weights make the loss NaN on some backends and leave it finite
    // (clipped) on others; checking them first gives every backend the same error.
    if (result.weightsFinite === false) throw diverged(epoch, 'weights are not finite');
    if (!Number.isFinite(result.loss)) {
      throw diverged(epoch, `loss is ${Number.isNaN(result.loss) ? 'NaN' : result.loss > 0 ? 'Infinity' : '-Infinity'}`);
    }
    if (ceiling && saturated(result.loss, result.accuracy, ceiling)) {
      saturatedLosses.push(result.loss);
      if (saturatedLosses.length >= SATURATION_EPOCHS) {
        const recent = saturatedLosses.slice(-SATURATION_EPOCHS);
        const hi = Math.max(...recent);
        if (hi - Math.min(...recent) <= 1e-3 * hi) throw diverged(epoch, 'loss stuck at its ceiling (saturated outputs)');
      }
    } else {
      saturatedLosses.length = 0;
    }
    const logs: EpochLogs = { epoch, loss: result.loss, accuracy: result.accuracy, elapsedMs: 0 };
    history.loss.push(result.loss);
    history.accuracy.push(result.accuracy);
    if (validation) {
      const v = await engine.evaluate(validation);
      logs.val_loss = v.loss;
      logs.val_accuracy = v.accuracy;
      history.val_loss!.push(v.loss);
      history.val_accuracy!.push(v.accuracy);
    }
    logs.elapsedMs = now() - started;
    history.epochs = epoch;
    await options.onEpochEnd?.(logs);

    if (options.stopAtAccuracy !== undefined && result.accuracy >= options.stopAtAccuracy) {
      history.reachedAccuracyAt = epoch;
      history.stopReason = 'targetAccuracy';
      break;
    }
    if (stopper?.update(logs)) {
      history.stopReason = 'earlyStopping';
      break;
    }
    await yieldToEventLoop();
  }
  return history;
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}
