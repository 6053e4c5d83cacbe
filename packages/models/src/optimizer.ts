import * as tf from '@tensorflow/tfjs';
import { KERAS_LEARNING_RATES } from './defaults.js';
import type { OptimizerSpec, OptimizerName } from './types.js';

/** Every optimizer hyper-parameter with Keras defaults filled in. */
export interface ResolvedOptimizer {
  name: OptimizerName;
  learningRate: number;
  /** sgd: 0 means plain SGD. */
  momentum: number;
  /** sgd: legacy inverse-time decay per step. */
  decay: number;
  beta1: number;
  beta2: number;
  rho: number;
  epsilon: number;
  /** adagrad: initial accumulator value (Keras/TF.js 0.1). */
  initialAccumulatorValue: number;
}

/** Fills in the Keras defaults, so every engine uses exactly the same numbers. */
export function resolveOptimizer(spec: OptimizerSpec): ResolvedOptimizer {
  return {
    name: spec.name,
    learningRate: spec.learningRate ?? KERAS_LEARNING_RATES[spec.name],
    momentum: spec.momentum ?? 0,
    decay: spec.decay ?? 0,
    beta1: spec.beta1 ?? 0.9,
    beta2: spec.beta2 ?? 0.999,
    rho: spec.rho ?? 0.9,
    epsilon: spec.epsilon ?? 1e-7,
    initialAccumulatorValue: 0.1,
  };
}

/** The learning rate Keras's legacy SGD uses at step `iterations` (0-based): lr / (1 + decay·it). */
export function decayedLearningRate(learningRate: number, decay: number, iterations: number): number {
  return decay > 0 ? learningRate / (1 + decay * iterations) : learningRate;
}

/**
 * The momentum that makes tf.train.momentum follow Keras's legacy SGD with `decay` at step
 * `iterations` (0-based). Keras keeps each step's rate inside the velocity (v = m·v − lr_t·g;
 * w += v); tf.train.momentum applies the current rate to the whole accumulation (a = m·a + g;
 * w −= lr_t·a). With a = −v / lr_t the two are the same update when step t uses the momentum
 * m · lr_{t−1} / lr_t. Without decay (or at step 0, where a = 0) it is m itself.
 */
export function legacyDecayMomentum(momentum: number, decay: number, iterations: number): number {
  if (!(decay > 0) || iterations === 0) return momentum;
  return momentum * ((1 + decay * iterations) / (1 + decay * (iterations - 1)));
}

/**
 * Prepares a TF.js SGD optimizer for step `iterations` of Keras's legacy `decay` schedule: sets
 * the learning rate lr / (1 + decay·iterations) and, with momentum, legacyDecayMomentum. Does
 * nothing without decay. (tf.MomentumOptimizer.setMomentum only stores the number; its update
 * reads the scalar tensor `m`, which is replaced here.)
 */
export function applyLegacySgdDecay(optimizer: tf.Optimizer, o: ResolvedOptimizer, iterations: number): void {
  if (!(o.decay > 0)) return;
  (optimizer as tf.SGDOptimizer).setLearningRate(decayedLearningRate(o.learningRate, o.decay, iterations));
  const momentum = optimizer as unknown as { m?: tf.Scalar; momentum?: number };
  if (o.momentum > 0 && momentum.m) {
    const value = legacyDecayMomentum(o.momentum, o.decay, iterations);
    momentum.m.dispose();
    momentum.m = tf.keep(tf.scalar(value));
    momentum.momentum = value;
  }
}

/** tf.train.momentum whose dispose() also frees its learning-rate scalar (TF.js's forgets it). */
class MomentumOptimizer extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    const c = (this as unknown as { c?: tf.Tensor }).c;
    if (c && !c.isDisposed) c.dispose();
  }
}

/**
 * A TF.js optimizer with Keras defaults. Every argument is passed explicitly because TF.js's own
 * defaults differ (e.g. rmsprop's epsilon comes from the backend). SGD with momentum uses
 * tf.train.momentum (velocity accumulates gradients, lr applied on update); with a constant lr
 * this equals Keras's SGD. The legacy `decay` is NOT applied here: the training loop calls
 * applyLegacySgdDecay before every step (tf.LayersModel.fit ignores it).
 */
export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  const o = resolveOptimizer(spec);
  switch (o.name) {
    case 'adam':
      return tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(o.learningRate, o.rho, 0, o.epsilon, false);
    case 'sgd':
      return o.momentum > 0 ? new MomentumOptimizer(o.learningRate, o.momentum, false) : tf.train.sgd(o.learningRate);
    case 'adagrad':
      return tf.train.adagrad(o.learningRate, o.initialAccumulatorValue);
  }
}
