/**
 * Optimizer hyper-parameters with Keras defaults, and Keras's legacy SGD decay schedule: plain
 * numbers, no TF.js, so the fused engine can use them without pulling TF.js into a bundle.
 */
import { KERAS_LEARNING_RATES } from './defaults.js';
import type { OptimizerName, OptimizerSpec } from './types.js';

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
