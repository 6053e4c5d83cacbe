import * as tf from '@tensorflow/tfjs';
import { decayedLearningRate, legacyDecayMomentum, resolveOptimizer, type ResolvedOptimizer } from './optimizer-config.js';
import type { OptimizerSpec } from './types.js';

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
