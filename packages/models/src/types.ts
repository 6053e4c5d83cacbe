/**
 * The model-spec types. They are the contract between models, train (TF.js loop and fused
 * engine), experiments and the apps; the zod schema in schema.ts must accept exactly these.
 */

export const ACTIVATIONS = ['linear', 'relu', 'tanh', 'sigmoid', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const KERNEL_INITIALIZERS = [
  'glorotUniform',
  'glorotNormal',
  'heUniform',
  'heNormal',
  'leCunUniform',
  'leCunNormal',
  'zeros',
] as const;
export type KernelInitializer = (typeof KERNEL_INITIALIZERS)[number];

export const OPTIMIZERS = ['adam', 'rmsprop', 'sgd', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const LOSSES = [
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'meanSquaredError',
  'meanAbsoluteError',
  'huber',
] as const;
export type LossName = (typeof LOSSES)[number];

/** What a model predicts: class ids (the default) or real values. */
export const TASKS = ['classification', 'regression'] as const;
export type Task = (typeof TASKS)[number];

/** The losses a regression model may use (Keras names; `huber` is Keras's `Huber(delta=1.0)`). */
export const REGRESSION_LOSSES = ['meanSquaredError', 'meanAbsoluteError', 'huber'] as const satisfies readonly LossName[];
/** The losses a classifier may use (meanSquaredError on class targets, as the XOR tutorial does). */
export const CLASSIFICATION_LOSSES = [
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'meanSquaredError',
] as const satisfies readonly LossName[];

/** Metrics a spec may compile with: `accuracy` (classification) or `mae` (regression). */
export const METRICS = ['accuracy', 'mae'] as const;
export type MetricName = (typeof METRICS)[number];

export interface Regularizer {
  l1?: number;
  l2?: number;
}

export interface DenseLayerSpec {
  type?: 'dense';
  units: number;
  activation: Activation;
  /** Keras default: glorotUniform. Biases are always zero-initialised (Keras default). */
  kernelInitializer?: KernelInitializer;
  kernelRegularizer?: Regularizer;
}

export interface OptimizerSpec {
  name: OptimizerName;
  /** Keras defaults: adam/rmsprop/adagrad 0.001, sgd 0.01. */
  learningRate?: number;
  /** sgd only. */
  momentum?: number;
  /** sgd only: Keras legacy inverse-time decay, lr_t = lr / (1 + decay * iterations), per step. */
  decay?: number;
  /** adam: beta1 0.9, beta2 0.999; rmsprop: rho 0.9; all: epsilon 1e-7 (Keras). */
  beta1?: number;
  beta2?: number;
  rho?: number;
  epsilon?: number;
}

export interface CompileSpec {
  optimizer: OptimizerSpec;
  /**
   * Classification: binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy or
   * meanSquaredError. Regression: meanSquaredError, meanAbsoluteError or huber (delta 1).
   */
  loss: LossName;
  /** What buildModel compiles the TF.js model with; default ['accuracy'] (classification) or ['mae'] (regression). */
  metrics?: MetricName[];
}

export interface ModelSpec {
  /** Optional human name, e.g. the preset id. */
  name?: string;
  /**
   * 'classification' (default when absent: every spec written before regression existed) or
   * 'regression': a linear output layer with one unit per target and a regression loss.
   */
  task?: Task;
  /**
   * Number of raw input columns (what the data has). With `features`, the first Dense layer takes
   * `features.length` inputs instead (see networkInputs).
   */
  input: number;
  /**
   * Optional feature stage: expressions over the raw inputs x0 … x{input−1}, computed before the
   * first Dense layer: `xK`, `xK^2`, `xK*xJ`, `sin(xK)`, `cos(xK)` (see parseFeature). Stored in
   * canonical form (no spaces; parseSpec canonicalises).
   */
  features?: string[];
  /** Dense layers in order; the last one is the output layer. */
  layers: DenseLayerSpec[];
  compile: CompileSpec;
  /** Allows sigmoid + binary CE with >1 output units (independent labels). */
  multiLabel?: boolean;
}
