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
] as const;
export type LossName = (typeof LOSSES)[number];

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
  loss: LossName;
  metrics?: Array<'accuracy'>;
}

export interface ModelSpec {
  /** Optional human name, e.g. the preset id. */
  name?: string;
  /** Number of input features. */
  input: number;
  /** Dense layers in order; the last one is the output layer. */
  layers: DenseLayerSpec[];
  compile: CompileSpec;
  /** Allows sigmoid + binary CE with >1 output units (independent labels). */
  multiLabel?: boolean;
}
