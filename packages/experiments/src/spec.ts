/**
 * Model specs from a few choices (hidden sizes, activation, optimizer), as the CLI's --layers and
 * the web app's layer controls build them.
 */
import { parseSpec, type Activation, type ModelSpec, type OptimizerName, type OptimizerSpec } from '@mlpkit/models';

export interface MlpOptions {
  /** Input features. */
  input: number;
  /** Classes of the data: 2 gives a 1-unit sigmoid output, K > 2 a K-unit softmax. */
  classes: number;
  /** Units per hidden layer; [] is logistic (softmax) regression. */
  hidden: number[];
  /** Activation of the hidden layers (default relu). */
  activation?: Activation;
  /** Default adam with Keras's learning rate. */
  optimizer?: OptimizerSpec;
  name?: string;
}

/**
 * A Dense MLP whose output layer and loss follow the classes: 1 sigmoid unit with binary
 * cross-entropy for 2 classes, K softmax units with categorical cross-entropy otherwise.
 * Validated with the models package's schema (SpecError on bad input).
 */
export function mlpSpec(o: MlpOptions): ModelSpec {
  const binary = o.classes <= 2;
  const activation = o.activation ?? 'relu';
  return parseSpec({
    name: o.name ?? (o.hidden.length > 0 ? `mlp-${o.hidden.join('-')}` : binary ? 'logreg' : 'softmax-regression'),
    input: o.input,
    layers: [
      ...o.hidden.map((units) => ({ units, activation })),
      binary ? { units: 1, activation: 'sigmoid' } : { units: o.classes, activation: 'softmax' },
    ],
    compile: {
      optimizer: o.optimizer ?? { name: 'adam' },
      loss: binary ? 'binaryCrossentropy' : 'categoricalCrossentropy',
      metrics: ['accuracy'],
    },
  });
}

/**
 * The spec with another optimizer and/or learning rate. Switching optimizers drops the old one's
 * specific settings (momentum, rho, ...); the result is validated.
 */
export function withOptimizer(spec: ModelSpec, o: { name?: OptimizerName; learningRate?: number }): ModelSpec {
  const current = spec.compile.optimizer;
  const optimizer: OptimizerSpec = o.name !== undefined && o.name !== current.name ? { name: o.name } : { ...current };
  if (o.learningRate !== undefined) optimizer.learningRate = o.learningRate;
  return parseSpec({ ...spec, compile: { ...spec.compile, optimizer } });
}
