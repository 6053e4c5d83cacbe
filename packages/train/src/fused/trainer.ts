import { decodeOutputs, resolveOptimizer, type ModelSpec } from '@mlpkit/models';
import type { LayersModel } from '@tensorflow/tfjs';
import { TrainOptionsError } from '../errors.js';
import { prepareData, runTraining } from '../loop.js';
import type { EvalResult, GridInput, History, TrainData, Trainer, TrainOptions } from '../types.js';
import { FusedEngine } from './engine.js';
import { FusedNetwork } from './network.js';
import { supportsFused } from './support.js';

export interface FusedTrainerOptions {
  /** Default shuffle seed of `train` (TrainOptions.seed wins) and the seed toLayersModel builds with. */
  seed: number;
  /** Starting weights in Keras order (e.g. a tf.LayersModel's getWeights() for the same spec + seed). */
  initialWeights: Float32Array[];
  /** Initial row capacity of the training buffers (grows on demand). Default 32. */
  maxBatch?: number;
}

/** A Trainer on the fused engine. Only toLayersModel loads TF.js (lazily). */
export class FusedTrainer implements Trainer {
  readonly backend = 'fused';
  readonly network: FusedNetwork;
  readonly engine: FusedEngine;
  private disposed = false;

  constructor(
    readonly spec: ModelSpec,
    private readonly options: FusedTrainerOptions,
  ) {
    const support = supportsFused(spec);
    if (!support.ok) throw new TrainOptionsError(`the fused engine cannot run this spec: ${support.reason}`);
    this.network = new FusedNetwork(spec, options.initialWeights, {
      optimizer: resolveOptimizer(spec.compile.optimizer),
      maxBatch: options.maxBatch ?? 32,
    });
    this.engine = new FusedEngine(this.network);
  }

  private live(): FusedNetwork {
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

  dispose(): void {
    this.disposed = true;
  }
}

/** A fused-engine Trainer for a Dense-only spec (see supportsFused), starting from initialWeights. */
export function createFusedTrainer(spec: ModelSpec, options: FusedTrainerOptions): FusedTrainer {
  return new FusedTrainer(spec, options);
}
