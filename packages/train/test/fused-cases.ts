/**
 * Shared cases of the fused-engine tests: networks, optimizers, losses, activations,
 * regularisers and sizes, plus random networks drawn from a seed. Used by the exact mode's
 * TF.js equivalence test and the fast mode's comparison with the exact mode.
 */
import seedrandom from 'seedrandom';
import type { Activation, CompileSpec, DenseLayerSpec, ModelSpec } from '@mlpkit/models';

export interface Case {
  name: string;
  spec: ModelSpec;
  classes: number;
  n: number;
  batchSize: number;
  steps?: number;
}

export const adam: CompileSpec = { optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'binaryCrossentropy' };
export const spec = (layers: DenseLayerSpec[], compile: CompileSpec, input = 2): ModelSpec => ({ input, layers, compile });
export const dense = (units: number, activation: Activation, extra: Partial<DenseLayerSpec> = {}): DenseLayerSpec => ({ units, activation, ...extra });

/** A 2 → 8 tanh → 6 relu → 1 sigmoid binary classifier with the given optimizer. */
export const binaryNet = (optimizer: CompileSpec['optimizer']): ModelSpec =>
  spec([dense(8, 'tanh'), dense(6, 'relu'), dense(1, 'sigmoid')], { optimizer, loss: 'binaryCrossentropy' });

export const optimizerCases: Case[] = [
  { name: 'adam (Keras defaults)', spec: binaryNet({ name: 'adam' }), classes: 2, n: 120, batchSize: 10 },
  { name: 'adam lr 0.01, custom betas and epsilon', spec: binaryNet({ name: 'adam', learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-5 }), classes: 2, n: 120, batchSize: 10 },
  { name: 'rmsprop (Keras defaults)', spec: binaryNet({ name: 'rmsprop' }), classes: 2, n: 120, batchSize: 10 },
  { name: 'rmsprop lr 0.01 rho 0.8', spec: binaryNet({ name: 'rmsprop', learningRate: 0.01, rho: 0.8 }), classes: 2, n: 120, batchSize: 10 },
  { name: 'sgd plain', spec: binaryNet({ name: 'sgd', learningRate: 0.1 }), classes: 2, n: 120, batchSize: 10 },
  { name: 'sgd + momentum', spec: binaryNet({ name: 'sgd', learningRate: 0.05, momentum: 0.9 }), classes: 2, n: 120, batchSize: 10 },
  { name: 'sgd + decay', spec: binaryNet({ name: 'sgd', learningRate: 0.1, decay: 0.05 }), classes: 2, n: 120, batchSize: 10 },
  { name: 'sgd + momentum + decay (xor-gauss settings)', spec: binaryNet({ name: 'sgd', learningRate: 0.01, momentum: 0.99, decay: 0.001 }), classes: 2, n: 120, batchSize: 10 },
  { name: 'adagrad', spec: binaryNet({ name: 'adagrad', learningRate: 0.05 }), classes: 2, n: 120, batchSize: 10 },
];

export const lossCases: Case[] = [
  { name: 'binary CE, 1 sigmoid unit', spec: spec([dense(5, 'tanh'), dense(1, 'sigmoid')], adam), classes: 2, n: 100, batchSize: 16 },
  {
    name: 'binary CE over a 2-unit softmax (xor-gauss)',
    spec: spec([dense(4, 'relu'), dense(4, 'relu'), dense(2, 'softmax')], { optimizer: { name: 'sgd', learningRate: 0.01, momentum: 0.99, decay: 0.001 }, loss: 'binaryCrossentropy' }),
    classes: 2,
    n: 300,
    batchSize: 100,
  },
  { name: 'categorical CE, 3 softmax units', spec: spec([dense(8, 'tanh'), dense(3, 'softmax')], { optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'categoricalCrossentropy' }), classes: 3, n: 90, batchSize: 12 },
  { name: 'sparse categorical CE, 3 softmax units', spec: spec([dense(8, 'tanh'), dense(3, 'softmax')], { optimizer: { name: 'rmsprop', learningRate: 0.01 }, loss: 'sparseCategoricalCrossentropy' }), classes: 3, n: 90, batchSize: 12 },
  { name: 'mean squared error, 1 sigmoid unit (xor-table)', spec: spec([dense(16, 'relu'), dense(1, 'sigmoid')], { optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'meanSquaredError' }), classes: 2, n: 40, batchSize: 4 },
  { name: 'mean squared error, 3 linear units', spec: spec([dense(6, 'sigmoid'), dense(3, 'linear')], { optimizer: { name: 'sgd', learningRate: 0.05 }, loss: 'meanSquaredError' }), classes: 3, n: 60, batchSize: 8 },
];

const regression = (layers: DenseLayerSpec[], compile: CompileSpec, input = 2): ModelSpec => ({ task: 'regression', input, layers, compile });

/** Regression: the three regression losses on linear outputs, one and several targets. */
export const regressionCases: Case[] = [
  { name: 'mean squared error, 1 linear output', spec: regression([dense(8, 'tanh'), dense(1, 'linear')], { optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'meanSquaredError' }), classes: 1, n: 90, batchSize: 16 },
  { name: 'mean squared error, 3 linear outputs, sgd', spec: regression([dense(6, 'relu'), dense(3, 'linear')], { optimizer: { name: 'sgd', learningRate: 0.02, momentum: 0.5 }, loss: 'meanSquaredError' }), classes: 3, n: 60, batchSize: 7 },
  { name: 'mean absolute error, 1 linear output', spec: regression([dense(8, 'tanh'), dense(1, 'linear')], { optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'meanAbsoluteError' }), classes: 1, n: 90, batchSize: 16 },
  { name: 'mean absolute error, 2 linear outputs, rmsprop', spec: regression([dense(7, 'sigmoid'), dense(5, 'tanh'), dense(2, 'linear')], { optimizer: { name: 'rmsprop', learningRate: 0.01 }, loss: 'meanAbsoluteError' }, 3), classes: 2, n: 80, batchSize: 9 },
  { name: 'huber, 1 linear output', spec: regression([dense(8, 'tanh'), dense(1, 'linear')], { optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'huber' }), classes: 1, n: 90, batchSize: 16 },
  { name: 'huber, 3 linear outputs, adagrad + l2', spec: regression([dense(6, 'relu', { kernelRegularizer: { l2: 0.01 } }), dense(3, 'linear')], { optimizer: { name: 'adagrad', learningRate: 0.1 }, loss: 'huber' }), classes: 3, n: 70, batchSize: 10 },
  { name: 'huber, no hidden layer (linear regression)', spec: regression([dense(2, 'linear')], { optimizer: { name: 'sgd', learningRate: 0.1 }, loss: 'huber' }, 4), classes: 2, n: 50, batchSize: 8 },
];

export const activationCases: Case[] = (['linear', 'relu', 'tanh', 'sigmoid', 'softmax'] as const).map((activation) => ({
  name: `hidden ${activation}`,
  spec: spec([dense(7, activation), dense(5, activation), dense(1, 'sigmoid')], { optimizer: { name: 'adam', learningRate: 0.02 }, loss: 'binaryCrossentropy' }, 3),
  classes: 2,
  n: 80,
  // Odd batch size and layer widths (7, 5, 3 inputs) exercise every remainder path of the kernels.
  batchSize: 7,
}));

export const regularizerCases: Case[] = [
  { name: 'l2 kernel regulariser', spec: spec([dense(8, 'tanh', { kernelRegularizer: { l2: 0.01 } }), dense(1, 'sigmoid', { kernelRegularizer: { l2: 0.05 } })], adam), classes: 2, n: 80, batchSize: 9 },
  { name: 'l1 kernel regulariser', spec: spec([dense(8, 'relu', { kernelRegularizer: { l1: 0.01 } }), dense(1, 'sigmoid')], adam), classes: 2, n: 80, batchSize: 10 },
  { name: 'l1 + l2 on every layer, sgd', spec: spec([dense(8, 'tanh', { kernelRegularizer: { l1: 0.003, l2: 0.02 } }), dense(4, 'relu', { kernelRegularizer: { l1: 0.01, l2: 0.001 } }), dense(1, 'sigmoid', { kernelRegularizer: { l1: 0.001, l2: 0.001 } })], { optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.5 }, loss: 'binaryCrossentropy' }), classes: 2, n: 80, batchSize: 10 },
];

export const sizeCases: Case[] = [
  // Layers and batches wider than tfjs-backend-cpu's matMul block (48) exercise the blocked sums.
  { name: 'wide layers (sine-ann shape), batch 100', spec: spec([dense(64, 'tanh'), dense(64, 'tanh'), dense(1, 'sigmoid')], { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy' }), classes: 2, n: 300, batchSize: 100, steps: 10 },
  { name: '128 relu units, 100 inputs, uneven last batch', spec: spec([dense(128, 'relu'), dense(3, 'softmax')], { optimizer: { name: 'adam' }, loss: 'categoricalCrossentropy' }, 100), classes: 3, n: 130, batchSize: 50, steps: 9 },
];

/** A random regression network: hidden layers, a linear output of 1–3 units, a regression loss. */
export function randomRegressionCase(seed: number): Case {
  const random = seedrandom.alea(`fused-random-regression:${seed}`);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const hidden: DenseLayerSpec[] = Array.from({ length: int(0, 3) }, () => dense(int(1, 9), pick(['linear', 'relu', 'tanh', 'sigmoid', 'softmax'] as const)));
  const outputs = int(1, 3);
  const optimizer = pick<CompileSpec['optimizer']>([
    { name: 'adam', learningRate: 0.001 + 0.05 * random() },
    { name: 'rmsprop', learningRate: 0.001 + 0.02 * random() },
    { name: 'sgd', learningRate: 0.01 + 0.05 * random(), momentum: 0.9 * random() },
    { name: 'adagrad', learningRate: 0.01 + 0.1 * random() },
  ]);
  const loss = pick(['meanSquaredError', 'meanAbsoluteError', 'huber'] as const);
  const n = int(20, 130);
  return { name: `regression seed ${seed}`, spec: regression([...hidden, dense(outputs, 'linear')], { optimizer, loss }, int(1, 5)), classes: outputs, n, batchSize: int(1, 60), steps: 8 };
}

/** A random but valid network, loss, optimizer and batch size drawn from `seed`. */
export function randomCase(seed: number): Case {
  const random = seedrandom.alea(`fused-random-case:${seed}`);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const activations = ['linear', 'relu', 'tanh', 'sigmoid', 'softmax'] as const;
  const hidden: DenseLayerSpec[] = Array.from({ length: int(0, 3) }, () => {
    const layer = dense(int(1, 9), pick(activations));
    if (random() < 0.3) layer.kernelRegularizer = random() < 0.5 ? { l2: 0.01 * random() } : { l1: 0.01 * random(), l2: 0.01 * random() };
    return layer;
  });
  const loss = pick(['binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'meanSquaredError'] as const);
  const classes = loss === 'binaryCrossentropy' || loss === 'meanSquaredError' ? pick([2, 2, 3]) : int(2, 4);
  const output =
    loss === 'binaryCrossentropy'
      ? classes === 2 && random() < 0.5
        ? dense(1, 'sigmoid')
        : dense(classes, 'softmax')
      : loss === 'meanSquaredError'
        ? dense(classes === 2 ? 1 : classes, pick(['linear', 'sigmoid', 'softmax'] as const))
        : dense(classes, 'softmax');
  if (output.units === 1 && output.activation === 'softmax') output.activation = 'sigmoid';
  const optimizer = pick<CompileSpec['optimizer']>([
    { name: 'adam', learningRate: 0.001 + 0.05 * random() },
    { name: 'rmsprop', learningRate: 0.001 + 0.02 * random(), rho: 0.8 + 0.19 * random() },
    { name: 'sgd', learningRate: 0.01 + 0.2 * random() },
    { name: 'sgd', learningRate: 0.01 + 0.1 * random(), momentum: 0.9 * random(), decay: 0.05 * random() },
    { name: 'adagrad', learningRate: 0.01 + 0.1 * random() },
  ]);
  const n = int(20, 130);
  return {
    name: `seed ${seed}`,
    spec: spec([...hidden, output], { optimizer, loss }, int(1, 5)),
    classes,
    n,
    batchSize: int(1, 60),
    steps: 8,
  };
}

