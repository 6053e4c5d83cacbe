import * as tf from '@tensorflow/tfjs';
import { layerName } from './naming.js';
import { createOptimizer } from './optimizer.js';
import type { DenseLayerSpec, KernelInitializer, ModelSpec } from './types.js';

export interface BuildOptions {
  /** Seed of the kernel initialisers; each layer gets its own seed derived from it. Default 0. */
  seed?: number;
}

/** Deterministic per-layer seed (a 32-bit integer mix of seed and layer index). */
export function layerSeed(seed: number, layerIndex: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(layerIndex + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
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
    ...(index === 0 ? { batchInputShape: [null, spec.input] } : {}),
  });
}

/**
 * Builds and compiles a Sequential tf.LayersModel for a (validated) spec, on the current backend.
 * The model owns its optimizer (createOptimizer): model.dispose() frees weights and optimizer.
 * Same spec + seed ⇒ same initial weights, on every backend (TF.js draws seeded randoms in JS).
 */
export function buildModel(spec: ModelSpec, options: BuildOptions = {}): tf.Sequential {
  const seed = options.seed ?? 0;
  const model = tf.sequential({ name: spec.name ?? 'mlp' });
  spec.layers.forEach((layer, i) => model.add(denseLayer(layer, i, spec, seed)));
  model.compile({
    optimizer: createOptimizer(spec.compile.optimizer),
    loss: spec.compile.loss,
    metrics: spec.compile.metrics ?? ['accuracy'],
  });
  // The optimizer was made for this model alone: let model.dispose() free it too (TF.js only
  // does that for optimizers it created from a string name).
  (model as unknown as { isOptimizerOwned: boolean }).isOptimizerOwned = true;
  return model;
}
