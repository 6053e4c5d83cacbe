/**
 * The state's model settings as an @mlpkit/models spec, built by @mlpkit/experiments' mlpSpec.
 * The output layer and the loss default to what the data needs (mlpOutputLayer, mlpLoss): one
 * sigmoid unit with binary cross-entropy for two classes, K softmax units with categorical
 * cross-entropy for K classes.
 */
import { mlpLoss, mlpOutputLayer, mlpSpec } from '@mlpkit/experiments';
import type { LossName, ModelSpec, OptimizerSpec } from '@mlpkit/models';
import type { AppState, LayerState } from './state.js';

export function outputOf(state: AppState, classes: number): LayerState {
  return state.output ?? mlpOutputLayer(classes);
}

export function lossOf(state: AppState, classes: number): LossName {
  return state.loss === 'auto' ? mlpLoss(outputOf(state, classes)) : state.loss;
}

/** Builds and validates the spec; throws a SpecError with a readable message. */
export function specFromState(state: AppState, features: number, classes: number): ModelSpec {
  const optimizer: OptimizerSpec = { name: state.optimizer, learningRate: state.learningRate };
  if (state.optimizer === 'sgd') {
    if (state.momentum) optimizer.momentum = state.momentum;
    if (state.decay) optimizer.decay = state.decay;
  }
  return mlpSpec({
    name: state.preset || 'playground',
    input: features,
    classes,
    hidden: state.layers,
    output: outputOf(state, classes),
    loss: lossOf(state, classes),
    optimizer,
  });
}
