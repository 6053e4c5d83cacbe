/**
 * Model specs from a few choices (hidden sizes, activation, optimizer), as the CLI's --layers and
 * the web app's layer controls build them.
 */
import {
  parseSpec,
  type Activation,
  type LossName,
  type ModelSpec,
  type OptimizerName,
  type OptimizerSpec,
} from '@mlpkit/models';

/** A Dense layer as mlpSpec takes it: units and activation. */
export interface MlpLayer {
  units: number;
  activation: Activation;
}

export interface MlpOptions {
  /** Input features (raw columns of the data). */
  input: number;
  /** Classes of the data: 2 gives a 1-unit sigmoid output, K > 2 a K-unit softmax. Ignored for regression. */
  classes?: number;
  /**
   * 'classification' (default) or 'regression': a linear output layer of `targets` units,
   * meanSquaredError (unless `loss` says meanAbsoluteError or huber) and the mae metric.
   */
  task?: 'classification' | 'regression';
  /** Regression: number of targets (default 1). */
  targets?: number;
  /**
   * Optional feature stage: expressions over the raw columns (`x0^2`, `x0*x1`, `sin(x1)`, …; see
   * parseFeature in @mlpkit/models) that become the network's inputs.
   */
  features?: string[];
  /**
   * Hidden layers in order: a unit count (activation from `activation`) or a layer with its own
   * activation, e.g. `[4, 2]` or `[{ units: 4, activation: 'tanh' }, { units: 2, activation: 'relu' }]`.
   * [] is logistic (softmax) regression.
   */
  hidden: Array<number | MlpLayer>;
  /** Activation of the hidden layers given as a unit count (default relu). */
  activation?: Activation;
  /** The output layer; default mlpOutputLayer(classes). */
  output?: MlpLayer;
  /** Default mlpLoss(output). */
  loss?: LossName;
  /** Default adam with Keras's learning rate. */
  optimizer?: OptimizerSpec;
  name?: string;
}

/** The output layer that fits `classes`: 1 sigmoid unit for 2 classes, K softmax units for K > 2. */
export function mlpOutputLayer(classes: number): MlpLayer {
  return classes <= 2 ? { units: 1, activation: 'sigmoid' } : { units: classes, activation: 'softmax' };
}

/** The loss that fits an output layer: binary cross-entropy for 1 unit, categorical otherwise. */
export function mlpLoss(output: MlpLayer): LossName {
  return output.units === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy';
}

/**
 * A Dense MLP whose output layer and loss follow the data unless given: 1 sigmoid unit with
 * binary cross-entropy for 2 classes, K softmax units with categorical cross-entropy otherwise,
 * and for regression a linear layer of one unit per target with mean squared error (Keras's
 * usual regression head). Validated with the models package's schema (SpecError on bad input).
 */
export function mlpSpec(o: MlpOptions): ModelSpec {
  const activation = o.activation ?? 'relu';
  const hidden = o.hidden.map((layer) =>
    typeof layer === 'number' ? { units: layer, activation } : { units: layer.units, activation: layer.activation },
  );
  const regression = o.task === 'regression';
  const classes = o.classes ?? 2;
  const output = o.output
    ? { units: o.output.units, activation: o.output.activation }
    : regression
      ? { units: o.targets ?? 1, activation: 'linear' as const }
      : mlpOutputLayer(classes);
  const name = o.name ?? (hidden.length > 0 ? `mlp-${hidden.map((l) => l.units).join('-')}` : regression ? 'linear-regression' : classes <= 2 ? 'logreg' : 'softmax-regression');
  return parseSpec({
    name,
    ...(regression ? { task: 'regression' } : {}),
    input: o.input,
    ...(o.features && o.features.length > 0 ? { features: o.features } : {}),
    layers: [...hidden, output],
    compile: {
      optimizer: o.optimizer ?? { name: 'adam' },
      loss: o.loss ?? (regression ? 'meanSquaredError' : mlpLoss(output)),
      metrics: [regression ? 'mae' : 'accuracy'],
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
