import { decodeOutputs, resolveOptimizer, type ModelSpec } from '@mlpkit/models';
import type { LayersModel } from '@tensorflow/tfjs';
import { BackendUnavailableError, TrainOptionsError } from '../errors.js';
import { prepareData, runTraining } from '../loop.js';
import type { EvalResult, GridInput, History, TrainData, Trainer, TrainOptions } from '../types.js';
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
}

/** A Trainer on the fused engine. Only toLayersModel loads TF.js (lazily). */
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

  private rows(x: Float32Array): number {
    const features = this.spec.input;
    if (x.length % features !== 0) {
      throw new TrainOptionsError(`x has ${x.length} values, not a multiple of the ${features} input features`);
    }
    return x.length / features;
  }

  train(data: TrainData, options: TrainOptions): Promise<History> {
    this.live();
    return runTraining(this.engine, data, this.spec, { ...options, seed: options.seed ?? this.options.seed });
  }

  async predictProba(x: Float32Array): Promise<Float32Array> {
    return this.live().predict(x, this.rows(x));
  }

  async predictClasses(x: Float32Array): Promise<Int32Array> {
    return decodeOutputs(this.spec, await this.predictProba(x));
  }

  /** The fused forward pass is already chunked; batchSize is accepted for interface parity. */
  async predictGrid(grid: GridInput, _options?: { batchSize?: number }): Promise<Float32Array> {
    return this.predictProba(grid.x);
  }

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

  /** Builds the spec's tf.LayersModel (on the current TF.js backend) holding the current weights. */
  async toLayersModel(): Promise<LayersModel> {
    const net = this.live();
    const tf = await import('@tensorflow/tfjs');
    const { buildModel } = await import('@mlpkit/models');
    const model = buildModel(this.spec, { seed: this.options.seed });
    const weights = net.getWeights();
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
