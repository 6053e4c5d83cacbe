/**
 * The state's model settings as an @mlpkit/models spec. The output layer and the loss default
 * to what the data needs: one sigmoid unit with binary cross-entropy for two classes, K softmax
 * units with categorical cross-entropy for K classes.
 */
import { parseSpec, type LossName, type ModelSpec, type OptimizerSpec } from '@mlpkit/models';
import type { AppState, LayerState } from './state.js';

export function autoOutput(classes: number): LayerState {
  return classes <= 2 ? { units: 1, activation: 'sigmoid' } : { units: classes, activation: 'softmax' };
}

export function autoLoss(output: LayerState): LossName {
  return output.units === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy';
}

export function outputOf(state: AppState, classes: number): LayerState {
  return state.output ?? autoOutput(classes);
}

export function lossOf(state: AppState, classes: number): LossName {
  return state.loss === 'auto' ? autoLoss(outputOf(state, classes)) : state.loss;
}

/** Builds and validates (parseSpec) the spec; throws a SpecError with a readable message. */
export function specFromState(state: AppState, features: number, classes: number): ModelSpec {
  const optimizer: OptimizerSpec = { name: state.optimizer, learningRate: state.learningRate };
  if (state.optimizer === 'sgd') {
    if (state.momentum) optimizer.momentum = state.momentum;
    if (state.decay) optimizer.decay = state.decay;
  }
  return parseSpec({
    name: state.preset || 'playground',
    input: features,
    layers: [...state.layers, outputOf(state, classes)].map((l) => ({ units: l.units, activation: l.activation })),
    compile: { optimizer, loss: lossOf(state, classes), metrics: ['accuracy'] },
  });
}
