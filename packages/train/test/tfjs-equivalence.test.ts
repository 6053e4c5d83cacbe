/**
 * Our TF.js training loop (TfjsEngine, i.e. backends `cpu`, `wasm`, …) against TF.js's own
 * LayersModel.fit step on the cpu backend: from the same initial weights and the same batches,
 * every weight after N steps must be bit-identical to LayersModel.trainOnBatch (the step fit
 * takes), to LayersModel.fit itself, and to the fused engine's exact mode (`fused-exact`) — for
 * every loss (binary, categorical and sparse categorical cross-entropy, MSE, MAE, huber), every
 * optimizer, activation and l1/l2 regulariser, and random networks. The reported epoch loss must
 * be the size-weighted sum of fit's per-batch losses, summed in float32 as the loop does.
 *
 * Before the fix, binary cross-entropy was computed as −[t·log p + (1 − t)·log(1 − p)] instead of
 * tfjs-layers' log(p / (1 − p)) → sigmoidCrossEntropyWithLogits: algebraically equal, 1 ulp apart
 * in some weights after one step (issue review 1316, item 4).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyLegacySgdDecay, buildModel, resolveOptimizer } from '@mlpkit/models';
import { useBackend } from '../src/backends.js';
import { FusedNetwork } from '../src/fused/index.js';
import { epochOrder } from '../src/loop.js';
import { disposeOptimizer, kerasRowLoss, TfjsEngine } from '../src/tfjs-engine.js';
import { activationCases, binaryNet, dense, lossCases, optimizerCases, randomCase, randomRegressionCase, regressionCases, regularizerCases, sizeCases, spec, type Case } from './fused-cases.js';
import { countInexact, gatherRows, makeData, referenceRun, type Dataset } from './fused-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const SEED = 3;

/** Whole epochs of consecutive batches of `order` covering at least `minSteps` steps. */
function plan(c: Case, minSteps: number): { epochs: number; steps: number; perEpoch: number } {
  const perEpoch = Math.ceil(c.n / c.batchSize);
  const epochs = Math.max(1, Math.ceil(minSteps / perEpoch));
  return { epochs, steps: epochs * perEpoch, perEpoch };
}

/**
 * Trains with our TF.js loop (TfjsEngine on the compiled model of buildModel) for whole epochs;
 * `tensorsLeaked` counts tensors left after the model and its optimizer are disposed.
 */
async function engineRun(c: Case, data: Dataset, order: Int32Array, epochs: number): Promise<{ weights: Float32Array[]; epochLosses: number[]; tensorsLeaked: number }> {
  const before = tf.memory().numTensors;
  const model = buildModel(c.spec, { seed: SEED });
  const engine = new TfjsEngine(model, c.spec);
  const epochLosses: number[] = [];
  let weights: Float32Array[];
  try {
    for (let e = 0; e < epochs; e++) {
      const r = await engine.trainEpoch({ x: data.x, targets: data.targets, y: data.y, n: data.n, features: data.features, width: data.width }, order, c.batchSize);
      epochLosses.push(r.loss);
    }
    weights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
  } finally {
    engine.dispose();
    disposeOptimizer(model.optimizer);
    model.dispose();
  }
  return { weights, epochLosses, tensorsLeaked: tf.memory().numTensors - before };
}

/** The epoch loss our loop reports from fit's per-batch losses: Σ fround(loss·size) in float32, / n. */
function epochLossFrom(losses: number[], c: Case, perEpoch: number, epoch: number): number {
  let sum = 0;
  for (let b = 0; b < perEpoch; b++) {
    const size = Math.min(c.batchSize, c.n - b * c.batchSize);
    sum = Math.fround(sum + Math.fround(losses[epoch * perEpoch + b]! * size));
  }
  return sum / c.n;
}

/** Trains the exact fused engine for `steps` consecutive batches of `order`. */
function fusedExactRun(c: Case, data: Dataset, order: Int32Array, steps: number, initialWeights: Float32Array[]): Float32Array[] {
  const net = new FusedNetwork(c.spec, initialWeights, { optimizer: resolveOptimizer(c.spec.compile.optimizer), maxBatch: c.batchSize });
  const perEpoch = Math.ceil(c.n / c.batchSize);
  for (let s = 0; s < steps; s++) {
    const start = (s % perEpoch) * c.batchSize;
    net.trainBatch(data.x, data.targets, order, start, Math.min(c.batchSize, c.n - start));
  }
  return net.getWeights();
}

function inexactWeights(a: Float32Array[], b: Float32Array[]): number {
  expect(a.map((w) => w.length)).toEqual(b.map((w) => w.length));
  return a.reduce((n, w, i) => n + countInexact(w, b[i]!), 0);
}

async function compare(c: Case, minSteps = 16): Promise<void> {
  const data = makeData(c.spec, c.n, 11, c.classes);
  const order = epochOrder(5, 0, c.n);
  const { epochs, steps, perEpoch } = plan(c, minSteps);
  const ref = await referenceRun(c.spec, SEED, data, order, c.batchSize, steps);
  const ours = await engineRun(c, data, order, epochs);
  const where = JSON.stringify({ spec: c.spec, n: c.n, batchSize: c.batchSize, steps });
  expect(inexactWeights(ours.weights, ref.weights), `TfjsEngine vs trainOnBatch: ${where}`).toBe(0);
  expect(ours.epochLosses, where).toEqual(Array.from({ length: epochs }, (_, e) => epochLossFrom(ref.losses, c, perEpoch, e)));
  expect(inexactWeights(fusedExactRun(c, data, order, steps, ref.initialWeights), ours.weights), `fused-exact vs TfjsEngine: ${where}`).toBe(0);
  expect(ours.tensorsLeaked, where).toBe(0);
}

describe.each([
  ['optimizer', optimizerCases],
  ['loss', lossCases],
  ['regression loss', regressionCases],
  ['activation', activationCases],
  ['regulariser', regularizerCases],
  ['size', sizeCases],
] as const)('TfjsEngine (cpu) vs trainOnBatch and fused-exact — %s', (_group, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: bit-identical weights and epoch losses', async (_name, c) => {
    await compare(c, c.steps ?? 16);
  });
});

describe('TfjsEngine (cpu) vs trainOnBatch and fused-exact — random networks', () => {
  it.each(Array.from({ length: 16 }, (_, i) => [i] as const))('classification seed %i', async (seed) => {
    await compare(randomCase(seed), 8);
  });
  it.each(Array.from({ length: 12 }, (_, i) => [i] as const))('regression seed %i', async (seed) => {
    await compare(randomRegressionCase(seed), 8);
  });
});

/**
 * Every loss × four optimizers against LayersModel.fit itself (shuffle off, the data in the
 * epoch's order, the legacy SGD decay applied before each batch as our loop does).
 */
describe('TfjsEngine (cpu) vs LayersModel.fit — every loss × optimizer', () => {
  const optimizers = [
    { name: 'adam', learningRate: 0.01 },
    { name: 'rmsprop', learningRate: 0.01 },
    { name: 'sgd', learningRate: 0.1, momentum: 0.9, decay: 0.01 },
    { name: 'adagrad', learningRate: 0.05 },
  ] as const;
  const networks = {
    binaryCrossentropy: { layers: [dense(8, 'tanh', { kernelRegularizer: { l2: 0.01 } }), dense(1, 'sigmoid')], classes: 2 },
    categoricalCrossentropy: { layers: [dense(8, 'relu'), dense(3, 'softmax')], classes: 3 },
    sparseCategoricalCrossentropy: { layers: [dense(8, 'tanh', { kernelRegularizer: { l1: 0.005 } }), dense(3, 'softmax')], classes: 3 },
    meanSquaredError: { layers: [dense(8, 'relu'), dense(1, 'sigmoid')], classes: 2 },
    meanAbsoluteError: { layers: [dense(8, 'tanh'), dense(2, 'linear')], classes: 2, regression: true },
    huber: { layers: [dense(8, 'relu', { kernelRegularizer: { l1: 0.001, l2: 0.01 } }), dense(2, 'linear')], classes: 2, regression: true },
  } as const;
  const cases = Object.entries(networks).flatMap(([loss, net]) =>
    optimizers.map((optimizer) => {
      const s = spec([...net.layers], { optimizer, loss: loss as keyof typeof networks });
      const c: Case = { name: `${loss} × ${optimizer.name}`, spec: 'regression' in net ? { ...s, task: 'regression' } : s, classes: net.classes, n: 96, batchSize: 16 };
      return [c.name, c] as const;
    }),
  );

  it.each(cases)('%s: bit-identical weights after 2 epochs', async (_name, c) => {
    await compareWithFit(c);
  });

  // The same on TF.js wasm: our loop runs model.fit's op sequence on any backend.
  it.each(cases.filter(([, c]) => c.spec.compile.optimizer.name === 'adam'))('on wasm: %s', async (_name, c) => {
    await useBackend('wasm');
    try {
      await compareWithFit(c);
    } finally {
      await tf.setBackend('cpu');
    }
  });
});

/** Our loop vs LayersModel.fit on the current TF.js backend: bit-identical weights after 2 epochs. */
async function compareWithFit(c: Case): Promise<void> {
  const data = makeData(c.spec, c.n, 11, c.classes);
  const order = epochOrder(5, 0, c.n);
  const epochs = 2;
  const ours = await engineRun(c, data, order, epochs);
  const model = buildModel(c.spec, { seed: SEED });
  const o = resolveOptimizer(c.spec.compile.optimizer);
  const xs = tf.tensor2d(gatherRows(data.x, data.features, order, 0, c.n), [c.n, data.features]);
  const ys = tf.tensor2d(gatherRows(data.targets, data.width, order, 0, c.n), [c.n, data.width]);
  let step = 0;
  try {
    await model.fit(xs, ys, {
      epochs,
      batchSize: c.batchSize,
      shuffle: false,
      verbose: 0,
      callbacks: { onBatchBegin: async () => void applyLegacySgdDecay(model.optimizer, o, step++) },
    });
    const fitWeights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
    expect(step).toBe(epochs * Math.ceil(c.n / c.batchSize));
    expect(inexactWeights(ours.weights, fitWeights), `${c.name} on ${tf.getBackend()}`).toBe(0);
  } finally {
    tf.dispose([xs, ys]);
    disposeOptimizer(model.optimizer);
    model.dispose();
  }
}

describe('the comparison itself', () => {
  it('detects the old binary cross-entropy formula (−[t·log p + (1 − t)·log(1 − p)], 1 ulp apart)', async () => {
    const c: Case = { name: 'adam', spec: binaryNet({ name: 'adam', learningRate: 0.01 }), classes: 2, n: 120, batchSize: 10 };
    const data = makeData(c.spec, c.n, 11, c.classes);
    const order = epochOrder(5, 0, c.n);
    const ref = await referenceRun(c.spec, SEED, data, order, c.batchSize, 12);
    // One epoch of our loop with the direct formula in place of tfjs-layers' logit form.
    const model = buildModel(c.spec, { seed: SEED });
    const engine = new TfjsEngine(model, c.spec);
    (engine as unknown as { rowLoss: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor }).rowLoss = (t, p) =>
      tf.tidy(() => {
        const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
        return tf.mean(tf.neg(tf.add(tf.mul(t, tf.log(q)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, q))))), -1);
      });
    try {
      await engine.trainEpoch({ x: data.x, targets: data.targets, n: data.n, features: data.features, width: data.width }, order, c.batchSize);
      const weights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
      expect(inexactWeights(weights, ref.weights)).toBeGreaterThan(0);
    } finally {
      engine.dispose();
      disposeOptimizer(model.optimizer);
      model.dispose();
    }
  });
});

/**
 * Each per-row loss against the function LayersModel.compile itself resolved (the model's
 * `lossFunctions[0]`), value and gradient, on outputs that include saturated probabilities
 * (0, 1e-9, 1 − 1e-9, 1: where the clips — e.g. sparse CE's extra first clip — matter).
 */
describe('kerasRowLoss is the function model.compile uses', () => {
  const losses = ['binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'meanSquaredError', 'meanAbsoluteError', 'huber'] as const;
  it.each(losses.map((l) => [l] as const))('%s: same values and gradients', (loss) => {
    const units = loss === 'binaryCrossentropy' ? 1 : 3;
    const regression = loss === 'meanAbsoluteError' || loss === 'huber';
    const s = spec([dense(4, 'tanh'), dense(units, regression ? 'linear' : units === 1 ? 'sigmoid' : 'softmax')], { optimizer: { name: 'adam' }, loss });
    const model = buildModel(regression ? { ...s, task: 'regression' } : s, { seed: 1 });
    // A Sequential compiles its inner functional model, which holds the resolved loss functions.
    const compiled = (model as unknown as { model: { lossFunctions: Array<(t: tf.Tensor, p: tf.Tensor) => tf.Tensor> } }).model.lossFunctions[0]!;
    const ours = kerasRowLoss(loss);
    const rows = 8;
    const raw = [0, 1e-9, 1 - 1e-9, 1, 0.3, 0.5, 0.7, 1e-7, 0.2, 0.9, 0.05, 0.6];
    const p = tf.tensor2d(Array.from({ length: rows * units }, (_, i) => (regression ? 3 * Math.sin(i) : raw[i % raw.length]!)), [rows, units]);
    const t =
      loss === 'sparseCategoricalCrossentropy'
        ? tf.tensor2d(Array.from({ length: rows }, (_, i) => i % units), [rows, 1])
        : tf.tensor2d(Array.from({ length: rows * units }, (_, i) => (regression ? Math.cos(i) : units === 1 ? i % 2 : Number(i % units === (i / units | 0) % units))), [rows, units]);
    try {
      const [a, b] = [ours(t, p), compiled(t, p)];
      const [ga, gb] = [tf.grad((q: tf.Tensor) => tf.mean(ours(t, q)))(p), tf.grad((q: tf.Tensor) => tf.mean(compiled(t, q)))(p)];
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      expect(Array.from(ga.dataSync())).toEqual(Array.from(gb.dataSync()));
      expect(a.shape).toEqual([rows]);
      tf.dispose([a, b, ga, gb]);
    } finally {
      tf.dispose([p, t]);
      disposeOptimizer(model.optimizer);
      model.dispose();
    }
  });

  it('sparse CE clips before renormalising: no gradient reaches a probability below epsilon', () => {
    // Row [1e-9, 0.5, 0.5 − 1e-9] of class 1: tfjs-layers' sparse CE clips 1e-9 up to 1e-7
    // before the row is renormalised, so p0 gets no gradient; one-hot categorical CE renormalises
    // the raw row, and p0 gets ∂/∂p0 of −log(p1 / Σp) = 1/Σp (÷ rows).
    const p = tf.tensor2d([[1e-9, 0.5, 0.5 - 1e-9]]);
    const ids = tf.tensor2d([[1]]);
    const oneHot = tf.tensor2d([[0, 1, 0]]);
    const gSparse = tf.grad((q: tf.Tensor) => tf.mean(kerasRowLoss('sparseCategoricalCrossentropy')(ids, q)))(p);
    const gDense = tf.grad((q: tf.Tensor) => tf.mean(kerasRowLoss('categoricalCrossentropy')(oneHot, q)))(p);
    expect(gSparse.dataSync()[0]).toBe(0);
    expect(gDense.dataSync()[0]).toBeCloseTo(1, 5);
    tf.dispose([p, ids, oneHot, gSparse, gDense]);
  });
});
