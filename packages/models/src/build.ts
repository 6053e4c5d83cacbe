import * as tf from '@tensorflow/tfjs';
import { networkInputs } from './features.js';
import { layerName } from './naming.js';
import { layerSeed } from './seed.js';
import { createOptimizer } from './optimizer.js';
import type { DenseLayerSpec, KernelInitializer, LossName, MetricName, ModelSpec } from './types.js';

export interface BuildOptions {
  /** Seed of the kernel initialisers; each layer gets its own seed derived from it. Default 0. */
  seed?: number;
}

function kernelInitializer(name: KernelInitializer, seed: number): ReturnType<typeof tf.initializers.zeros> {
  switch (name) {
    case 'glorotUniform':
      return tf.initializers.glorotUniform({ seed });
    case 'glorotNormal':
      return tf.initializers.glorotNormal({ seed });
    case 'heUniform':
      return tf.initializers.heUniform({ seed });
    case 'heNormal':
      return tf.initializers.heNormal({ seed });
    case 'leCunUniform':
      return tf.initializers.leCunUniform({ seed });
    case 'leCunNormal':
      return tf.initializers.leCunNormal({ seed });
    case 'zeros':
      return tf.initializers.zeros();
  }
}

function denseLayer(layer: DenseLayerSpec, index: number, spec: ModelSpec, seed: number): tf.layers.Layer {
  const reg = layer.kernelRegularizer;
  return tf.layers.dense({
    name: layerName(index),
    units: layer.units,
    activation: layer.activation,
    useBias: true,
    kernelInitializer: kernelInitializer(layer.kernelInitializer ?? 'glorotUniform', layerSeed(seed, index)),
    biasInitializer: 'zeros',
    ...(reg && (reg.l1 || reg.l2) ? { kernelRegularizer: tf.regularizers.l1l2({ l1: reg.l1 ?? 0, l2: reg.l2 ?? 0 }) } : {}),
    ...(index === 0 ? { batchInputShape: [null, networkInputs(spec)] } : {}),
  });
}

/**
 * Keras's `Huber(delta=1.0)` as a TF.js Keras loss function (yTrue, yPred) → per-row loss: TF.js's
 * tf.losses.huberLoss with delta 1 and no reduction (0.5·e² for |e| ≤ 1, |e| − 0.5 otherwise,
 * e = yPred − yTrue), averaged over the outputs of a row; fit/evaluate then average over rows.
 * tfjs-layers has no `huber` loss name, so buildModel compiles with this function.
 */
export function huberLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mean(tf.losses.huberLoss(yTrue, yPred, undefined, 1, tf.Reduction.NONE), -1));
}

/** The loss argument of LayersModel.compile for a spec's loss (a name, or huberLoss). */
export function kerasLoss(loss: LossName): string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor) {
  return loss === 'huber' ? huberLoss : loss;
}

/** The metrics a spec compiles with: its own, else ['accuracy'] (classification) or ['mae'] (regression). */
export function compileMetrics(spec: ModelSpec): MetricName[] {
  return spec.compile.metrics ?? (spec.task === 'regression' ? ['mae'] : ['accuracy']);
}

/**
 * Compiles a model for a spec: createOptimizer(spec.compile.optimizer), the spec's loss (huber as
 * huberLoss) and compileMetrics(spec). The optimizer belongs to the model: model.dispose() frees it.
 */
export function compileModel(model: tf.LayersModel, spec: ModelSpec): void {
  model.compile({
    optimizer: createOptimizer(spec.compile.optimizer),
    loss: kerasLoss(spec.compile.loss),
    metrics: compileMetrics(spec),
  });
  // The optimizer was made for this model alone: let model.dispose() free it too (TF.js only
  // does that for optimizers it created from a string name).
  (model as unknown as { isOptimizerOwned: boolean }).isOptimizerOwned = true;
}

/**
 * Builds and compiles a Sequential tf.LayersModel for a (validated) spec, on the current backend.
 * The first layer takes networkInputs(spec) inputs: with a `features` stage, the model's input is
 * the mapped features (mapFeatures), not the raw columns. The model owns its optimizer
 * (compileModel): model.dispose() frees weights and optimizer.
 * Same spec + seed ⇒ same initial weights, on every backend (TF.js draws seeded randoms in JS).
 */
export function buildModel(spec: ModelSpec, options: BuildOptions = {}): tf.Sequential {
  const seed = options.seed ?? 0;
  const model = tf.sequential({ name: spec.name ?? 'mlp' });
  spec.layers.forEach((layer, i) => model.add(denseLayer(layer, i, spec, seed)));
  compileModel(model, spec);
  return model;
}
