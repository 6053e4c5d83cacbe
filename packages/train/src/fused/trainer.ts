import { decodeOutputs, resolveOptimizer, type ModelSpec } from '@mlpkit/models/core';
import type { LayersModel } from '@tensorflow/tfjs';
import { BackendUnavailableError, TrainOptionsError } from '../errors.js';
import { networkRows, requireClassifier, type AnyTrainOptions } from '../inputs.js';
import { prepareData, runTraining } from '../loop.js';
import { importOptional } from '../optional-import.js';
import type {
  ClassificationData,
  ClassificationEpochLogs,
  ClassificationEvalResult,
  ClassificationHistory,
  EvalResult,
  GridInput,
  History,
  RegressionData,
  RegressionEpochLogs,
  RegressionEvalResult,
  RegressionHistory,
  TrainData,
  Trainer,
  TrainOptions,
} from '../types.js';
import { FusedEngine } from './engine.js';
import { FusedNetwork } from './network.js';
import { SimdNetwork } from './simd/network.js';
import { simdSupport } from './simd/runtime.js';
import { supportsFused } from './support.js';

/**
 * How the fused engine computes:
 * - `'fast'` (backend `fused`, the default): WebAssembly SIMD kernels (f32x4, register-blocked
 *   matrix products, polynomial tanh/exp). Deterministic — the same seed gives the same bits on
 *   every machine — and within float32 tolerance of the exact mode per step, not bit-identical.
 *   Needs WebAssembly SIMD (Node ≥ 16.4, current browsers).
 * - `'exact'` (backend `fused-exact`): plain JS that replays TF.js cpu's float32 arithmetic op by
 *   op, so losses and weights are bit-identical to `LayersModel.fit` on the cpu backend. Slower
 *   (scalar float64 products rounded in TF.js's order).
 */
export type FusedMode = 'fast' | 'exact';

/** The backend name of each mode. */
export const FUSED_BACKEND_NAMES: Readonly<Record<FusedMode, string>> = { fast: 'fused', exact: 'fused-exact' };

export interface FusedTrainerOptions {
  /** Default shuffle seed of `train` (TrainOptions.seed wins) and the seed toLayersModel builds with. */
  seed: number;
  /** Starting weights in Keras order (e.g. a tf.LayersModel's getWeights() for the same spec + seed). */
  initialWeights: Float32Array[];
  /** Initial row capacity of the training buffers (grows on demand). Default 32. */
  maxBatch?: number;
  /** 'fast' (WebAssembly SIMD, backend `fused`; default) or 'exact' (TF.js cpu replay, backend `fused-exact`). */
  mode?: FusedMode;
  /**
   * Builds the tf.LayersModel that toLayersModel returns from the spec, the current weights
   * (Keras order) and the seed; createTrainer passes `layersModelFromWeights` of
   * `@mlpkit/train`. Without it, toLayersModel imports `@tensorflow/tfjs` and `@mlpkit/models`
   * by computed names (fine in Node), so that this entry never bundles TF.js; in a browser
   * bundle that uses `@mlpkit/train/fused` alone, pass it.
   */
  layersModel?: (spec: ModelSpec, weights: Float32Array[], seed: number) => LayersModel | Promise<LayersModel>;
}

/**
 * A Trainer on the fused engine. Only toLayersModel needs TF.js (options.layersModel, or a lazy
 * import). Rows are the raw columns: the spec's `features` stage is applied in train, evaluate
 * and every predict method.
 */
export class FusedTrainer implements Trainer {
  /** 'fused' (fast mode) or 'fused-exact'. */
  readonly backend: string;
  readonly mode: FusedMode;
  readonly network: FusedNetwork | SimdNetwork;
  readonly engine: FusedEngine;
  private disposed = false;

  constructor(
    readonly spec: ModelSpec,
    private readonly options: FusedTrainerOptions,
  ) {
    const support = supportsFused(spec);
    if (!support.ok) throw new TrainOptionsError(`the fused engine cannot run this spec: ${support.reason}`);
    this.mode = options.mode ?? 'fast';
    if (this.mode !== 'fast' && this.mode !== 'exact') throw new TrainOptionsError(`fused mode must be "fast" or "exact", got "${String(this.mode)}"`);
    this.backend = FUSED_BACKEND_NAMES[this.mode];
    const networkOptions = { optimizer: resolveOptimizer(spec.compile.optimizer), maxBatch: options.maxBatch ?? 32 };
    if (this.mode === 'fast') {
      const support = simdSupport();
      if (!support.ok) throw new BackendUnavailableError(`fused backend unavailable: ${support.reason}; use mode 'exact' (backend fused-exact)`, 'fused');
    }
    this.network = this.mode === 'fast' ? new SimdNetwork(spec, options.initialWeights, networkOptions) : new FusedNetwork(spec, options.initialWeights, networkOptions);
    this.engine = new FusedEngine(this.network);
  }

  private live(): FusedNetwork | SimdNetwork {
    if (this.disposed) throw new TrainOptionsError('this trainer has been disposed');
    return this.network;
  }

  train(data: ClassificationData, options: TrainOptions<ClassificationEpochLogs>): Promise<ClassificationHistory>;
  train(data: RegressionData, options: TrainOptions<RegressionEpochLogs>): Promise<RegressionHistory>;
  train(data: TrainData, options: TrainOptions): Promise<History>;
  train(data: TrainData, anyOptions: AnyTrainOptions): Promise<History> {
    this.live();
    const options = anyOptions as TrainOptions;
    return runTraining(this.engine, data, this.spec, { ...options, seed: options.seed ?? this.options.seed });
  }

  /** n × outputUnits outputs (probabilities, or a regression model's values) of raw rows x. */
  async predict(x: Float32Array): Promise<Float32Array> {
    const net = this.live();
    const rows = networkRows(this.spec, x);
    return net.predict(rows.x, rows.n);
  }

  async predictProba(x: Float32Array): Promise<Float32Array> {
    requireClassifier(this.spec, 'predictProba');
    return this.predict(x);
  }

  async predictClasses(x: Float32Array): Promise<Int32Array> {
    requireClassifier(this.spec, 'predictClasses');
    return decodeOutputs(this.spec, await this.predict(x));
  }

  /** The fused forward pass is already chunked; batchSize is accepted for interface parity. */
  async predictGrid(grid: GridInput, _options?: { batchSize?: number }): Promise<Float32Array> {
    return this.predict(grid.x);
  }

  evaluate(data: ClassificationData): Promise<ClassificationEvalResult>;
  evaluate(data: RegressionData): Promise<RegressionEvalResult>;
  evaluate(data: TrainData): Promise<EvalResult>;
  async evaluate(data: TrainData): Promise<EvalResult> {
    this.live();
    const { train } = prepareData(this.spec, data, {});
    return this.engine.evaluate(train);
  }

  async getWeights(): Promise<Float32Array[]> {
    return this.live().getWeights();
  }

  async setWeights(weights: Float32Array[]): Promise<void> {
    this.live().setWeights(weights);
  }

  /**
   * The spec's tf.LayersModel (on the current TF.js backend) holding the current weights; with a
   * `features` stage it takes the mapped features as input (as buildModel does).
   */
  async toLayersModel(): Promise<LayersModel> {
    const weights = this.live().getWeights();
    const seed = this.options.seed;
    if (this.options.layersModel) return this.options.layersModel(this.spec, weights, seed);
    let tf: typeof import('@tensorflow/tfjs');
    let models: typeof import('@mlpkit/models');
    try {
      tf = (await importOptional('@tensorflow/tfjs')) as typeof import('@tensorflow/tfjs');
      models = (await importOptional('@mlpkit/models')) as typeof import('@mlpkit/models');
    } catch (error) {
      throw new TrainOptionsError(
        `toLayersModel needs TF.js, which @mlpkit/train/fused does not bundle (${(error as Error).message.split('\n')[0]}): create the trainer with createTrainer from '@mlpkit/train', or pass options.layersModel`,
      );
    }
    const model = models.buildModel(this.spec, { seed });
    const tensors = model.getWeights().map((w, i) => tf.tensor(weights[i]!, w.shape, 'float32'));
    try {
      model.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
    return model;
  }

  /** Frees the network (the fast mode gives its WebAssembly memory back). Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.network instanceof SimdNetwork) this.network.dispose();
  }
}

/**
 * A fused-engine Trainer for a Dense-only spec (see supportsFused), starting from initialWeights.
 * `mode` 'fast' (default) needs the WebAssembly kernels: they are compiled synchronously on first
 * use (fine in Node and Web Workers); on a browser's main thread await loadSimdRuntime() first.
 */
export function createFusedTrainer(spec: ModelSpec, options: FusedTrainerOptions): FusedTrainer {
  return new FusedTrainer(spec, options);
}
