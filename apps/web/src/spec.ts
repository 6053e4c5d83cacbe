/**
 * The state's model settings as an @mlpkit/models spec, built by @mlpkit/experiments' mlpSpec.
 * The output layer and the loss default to what the data needs (mlpOutputLayer, mlpLoss): one
 * sigmoid unit with binary cross-entropy for two classes, K softmax units with categorical
 * cross-entropy for K classes. L1/L2 regularisation is Keras's `kernel_regularizer` on every
 * Dense layer (TF Playground regularises every weight too); the loss then includes the penalty.
 */
import { mlpLoss, mlpOutputLayer, mlpSpec } from '@mlpkit/experiments';
import { checkSpecAgainstData, parseSpec, type LossName, type ModelSpec, type OptimizerSpec } from '@mlpkit/models';
import { isRawFeatures, type AppState, type LayerState } from './state.js';

/** The output layer: the state's, else 1 linear unit (regression) or what the classes need. */
export function outputOf(state: AppState, classes: number): LayerState {
  return state.output ?? (state.task === 'regression' ? { units: 1, activation: 'linear' } : mlpOutputLayer(classes));
}

/** The loss: the state's, else mean squared error (regression) or the one that fits the output layer. */
export function lossOf(state: AppState, classes: number): LossName {
  if (state.loss !== 'auto') return state.loss;
  return state.task === 'regression' ? 'meanSquaredError' : mlpLoss(outputOf(state, classes));
}

/**
 * The spec's feature stage: the state's feature expressions for 2-feature data (none when they
 * are the raw columns x0, x1), none for wider data (its columns go in as they are).
 */
export function featuresOf(state: AppState, inputs: number): string[] | undefined {
  return inputs === 2 && !isRawFeatures(state.features) ? [...state.features] : undefined;
}

/** Builds and validates the spec; throws a SpecError with a readable message. */
export function specFromState(state: AppState, features: number, classes: number): ModelSpec {
  const optimizer: OptimizerSpec = { name: state.optimizer, learningRate: state.learningRate };
  if (state.optimizer === 'sgd') {
    if (state.momentum) optimizer.momentum = state.momentum;
    if (state.decay) optimizer.decay = state.decay;
  }
  const regression = state.task === 'regression';
  const stage = featuresOf(state, features);
  const spec = mlpSpec({
    name: state.preset || 'playground',
    input: features,
    ...(regression ? { task: 'regression' as const, targets: 1 } : { classes }),
    ...(stage ? { features: stage } : {}),
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
  return (
    a.input === b.input &&
    (a.task ?? 'classification') === (b.task ?? 'classification') &&
    (a.features ?? []).join() === (b.features ?? []).join() &&
    a.layers.length === b.layers.length &&
    a.layers.every((l, i) => l.units === b.layers[i]!.units)
  );
}

/**
 * Why the state's model cannot train on 2-feature data of `classes` classes (the models
 * package's message), or null when it can.
 */
export function modelProblem(state: AppState, classes: number, features = 2): string | null {
  try {
    const spec = specFromState(state, features, classes);
    checkSpecAgainstData(spec, state.task === 'regression' ? { features, targets: 1, task: 'regression' } : { features, classes });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
