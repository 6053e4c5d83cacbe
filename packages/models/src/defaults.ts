/**
 * Keras default hyper-parameters, in a module without TF.js so that UI code (e.g. a page that
 * trains in a worker) can read them without bundling TF.js.
 */
import type { OptimizerName } from './types.js';

/** Keras (tf.keras 2.x) defaults; see shared/experiments.md. */
export const KERAS_LEARNING_RATES: Record<OptimizerName, number> = {
  adam: 0.001,
  rmsprop: 0.001,
  sgd: 0.01,
  adagrad: 0.001,
};
