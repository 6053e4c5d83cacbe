/**
 * The state's model settings as an @mlpkit/models spec, built by @mlpkit/experiments' mlpSpec.
 * The output layer and the loss default to what the data needs (mlpOutputLayer, mlpLoss): one
 * sigmoid unit with binary cross-entropy for two classes, K softmax units with categorical
 * cross-entropy for K classes. L1/L2 regularisation is Keras's `kernel_regularizer` on every
 * Dense layer (TF Playground regularises every weight too); the loss then includes the penalty.
 */
import { mlpLoss, mlpOutputLayer, mlpSpec } from '@mlpkit/experiments';
import { parseSpec, type LossName, type ModelSpec, type OptimizerSpec } from '@mlpkit/models';
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
  const spec = mlpSpec({
    name: state.preset || 'playground',
    input: features,
    classes,
    hidden: state.layers,
    output: outputOf(state, classes),
    loss: lossOf(state, classes),
    optimizer,
  });
  if (state.regularization === 'none' || state.regularizationRate === 0) return spec;
  const kernelRegularizer = { [state.regularization]: state.regularizationRate };
  return parseSpec({ ...spec, layers: spec.layers.map((l) => ({ ...l, kernelRegularizer })) });
}

/** True when `next` only changes what can be applied to a running model (same weight shapes). */
export function sameShapes(a: ModelSpec, b: ModelSpec): boolean {
  return a.input === b.input && a.layers.length === b.layers.length && a.layers.every((l, i) => l.units === b.layers[i]!.units);
}
