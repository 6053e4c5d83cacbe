import * as tf from '@tensorflow/tfjs';
import { buildModel, decodeOutputs, parseSpec, summary, type ModelSpec } from '@mlpkit/models';
import { fusedModeOf, useBackend } from './backends.js';
import { TrainOptionsError } from './errors.js';
import { loadFusedModule } from './fused-module.js';
import { networkRows, requireClassifier, type AnyTrainOptions } from './inputs.js';
import { prepareData, runTraining } from './loop.js';
import { TfjsEngine } from './tfjs-engine.js';
import type {
  BackendName,
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
} from './types.js';

/**
 * Trains a tf.LayersModel of Dense layers (e.g. from buildModel) with our loop; equivalent to
 * runTraining(new TfjsEngine(model, spec), data, spec, options). The model's compiled optimizer
 * is used (and keeps its state between calls); an uncompiled model gets a fresh one per call.
 */
export function train(model: tf.LayersModel, spec: ModelSpec, data: ClassificationData, options: TrainOptions<ClassificationEpochLogs>): Promise<ClassificationHistory>;
export function train(model: tf.LayersModel, spec: ModelSpec, data: RegressionData, options: TrainOptions<RegressionEpochLogs>): Promise<RegressionHistory>;
export function train(model: tf.LayersModel, spec: ModelSpec, data: TrainData, options: TrainOptions): Promise<History>;
export async function train(model: tf.LayersModel, spec: ModelSpec, data: TrainData, options: AnyTrainOptions): Promise<History> {
  const engine = new TfjsEngine(model, spec);
  try {
    return await runTraining(engine, data, spec, options as TrainOptions);
  } finally {
    engine.dispose();
  }
}

/** Checks weights against the spec's shapes (Keras order: kernel in×out, then bias, per layer). */
export function checkWeights(spec: ModelSpec, weights: Float32Array[]): void {
  const layers = summary(spec).layers;
  if (weights.length !== layers.length * 2) {
    throw new TrainOptionsError(`expected ${layers.length * 2} weight arrays (kernel and bias per layer), got ${weights.length}`);
  }
  layers.forEach((l, i) => {
    const kernel = weights[2 * i]!;
    const bias = weights[2 * i + 1]!;
    if (kernel.length !== l.inputs * l.units) throw new TrainOptionsError(`weights[${2 * i}] (layers[${i}] kernel) has ${kernel.length} values, expected ${l.inputs}×${l.units} = ${l.inputs * l.units}`);
    if (bias.length !== l.units) throw new TrainOptionsError(`weights[${2 * i + 1}] (layers[${i}] bias) has ${bias.length} values, expected ${l.units}`);
  });
}

/** Copies weights into a model built from `spec` (Keras order). */
export function setModelWeights(model: tf.LayersModel, spec: ModelSpec, weights: Float32Array[]): void {
  checkWeights(spec, weights);
  const layers = summary(spec).layers;
  const tensors = weights.map((w, i) => {
    const l = layers[Math.floor(i / 2)]!;
    return i % 2 === 0 ? tf.tensor2d(w, [l.inputs, l.units]) : tf.tensor1d(w);
  });
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/**
 * A new compiled model for `spec` (buildModel with `seed`) holding `weights` (Keras order); the
 * caller disposes it. What the fused trainers of createTrainer use for toLayersModel.
 */
export function layersModelFromWeights(spec: ModelSpec, weights: Float32Array[], seed = 0): tf.LayersModel {
  const model = buildModel(spec, { seed });
  try {
    setModelWeights(model, spec, weights);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/**
 * A Trainer on a TF.js backend (cpu, wasm, webgl, webgpu, tensorflow). Rows are the raw columns:
 * the spec's `features` stage is applied in train, evaluate and every predict method.
 */
export class TfjsTrainer implements Trainer {
  private readonly engine: TfjsEngine;
  private disposed = false;

  constructor(
    readonly backend: string,
    readonly spec: ModelSpec,
    readonly model: tf.LayersModel,
    /** Default shuffle seed of train(). */
    private readonly seed = 0,
  ) {
    this.engine = new TfjsEngine(model, spec);
  }

  private live(): void {
    if (this.disposed) throw new TrainOptionsError('this trainer has been disposed');
  }

  train(data: ClassificationData, options: TrainOptions<ClassificationEpochLogs>): Promise<ClassificationHistory>;
  train(data: RegressionData, options: TrainOptions<RegressionEpochLogs>): Promise<RegressionHistory>;
  train(data: TrainData, options: TrainOptions): Promise<History>;
  async train(data: TrainData, options: AnyTrainOptions): Promise<History> {
    this.live();
    return runTraining(this.engine, data, this.spec, { seed: this.seed, ...(options as TrainOptions) });
  }

  async predict(x: Float32Array): Promise<Float32Array> {
    this.live();
    return this.engine.predict(networkRows(this.spec, x).x);
  }

  async predictProba(x: Float32Array): Promise<Float32Array> {
    requireClassifier(this.spec, 'predictProba');
    return this.predict(x);
  }

  async predictClasses(x: Float32Array): Promise<Int32Array> {
    requireClassifier(this.spec, 'predictClasses');
    return decodeOutputs(this.spec, await this.predict(x));
  }

  async predictGrid(grid: GridInput, options: { batchSize?: number } = {}): Promise<Float32Array> {
    this.live();
    return this.engine.predict(networkRows(this.spec, grid.x).x, options.batchSize ?? 4096);
  }

  evaluate(data: ClassificationData): Promise<ClassificationEvalResult>;
  evaluate(data: RegressionData): Promise<RegressionEvalResult>;
  evaluate(data: TrainData): Promise<EvalResult>;
  async evaluate(data: TrainData): Promise<EvalResult> {
    this.live();
    return this.engine.evaluate(prepareData(this.spec, data, {}).train);
  }

  async getWeights(): Promise<Float32Array[]> {
    this.live();
    return Promise.all(this.model.getWeights().map(async (w) => new Float32Array(await w.data())));
  }

  async setWeights(weights: Float32Array[]): Promise<void> {
    this.live();
    setModelWeights(this.model, this.spec, weights);
  }

  /** A new model (compiled, owning its optimizer) with the current weights; the caller disposes it. */
  async toLayersModel(): Promise<tf.LayersModel> {
    this.live();
    return layersModelFromWeights(this.spec, await this.getWeights());
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // The model from buildModel owns its optimizer, so this frees weights and optimizer state.
    this.model.dispose();
    this.engine.dispose();
  }
}

export interface CreateTrainerOptions {
  /** A backend name from listBackends(), or 'auto' (default). */
  backend?: BackendName;
  /** Seed of the initial weights and of the per-epoch shuffles. Default 0. */
  seed?: number;
  /** Batch size `auto` chooses for (default 32); training itself takes its own. */
  batchSize?: number;
  /** Training rows per epoch `auto` chooses for (default 1024). */
  rows?: number;
}

/**
 * Validates the spec, selects the backend and returns a Trainer. The initial weights come from
 * buildModel(spec, { seed }) in every case, so engines start from identical weights. The trainer
 * takes raw rows (n × spec.input) and applies the spec's `features` stage on every engine.
 */
export async function createTrainer(spec: ModelSpec, options: CreateTrainerOptions = {}): Promise<Trainer> {
  const valid = parseSpec(spec);
  const seed = options.seed ?? 0;
  const backend = await useBackend(options.backend ?? 'auto', {
    spec: valid,
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.rows !== undefined ? { rows: options.rows } : {}),
  });
  const mode = fusedModeOf(backend);
  if (mode) {
    // useBackend selected TF.js 'cpu': build there to get the same initial weights as TF.js.
    const model = buildModel(valid, { seed });
    const initialWeights = model.getWeights().map((w) => new Float32Array(w.dataSync()));
    model.dispose();
    return (await loadFusedModule()).createFusedTrainer(valid, { seed, initialWeights, mode, layersModel: layersModelFromWeights });
  }
  return new TfjsTrainer(backend, valid, buildModel(valid, { seed }), seed);
}
