/**
 * The fused engine's exact mode (FusedNetwork, backend `fused-exact`) against TF.js itself: from
 * the same initial weights and the same batches, the
 * per-step losses and the weights after N steps must match LayersModel.trainOnBatch (the exact
 * step LayersModel.fit takes) on the `cpu` backend, for every optimizer, loss and activation, and
 * the l1/l2 regularisers — the regression losses (meanSquaredError, meanAbsoluteError, and huber
 * as buildModel compiles it with TF.js's tf.losses.huberLoss) on linear outputs included.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveOptimizer } from '@mlpkit/models';
import { FusedNetwork } from '../src/fused/index.js';
import { epochOrder } from '../src/loop.js';
import { activationCases, lossCases, optimizerCases, randomCase, randomRegressionCase, regressionCases, regularizerCases, sizeCases, type Case } from './fused-cases.js';
import { countInexact, firstMismatch, makeData, referenceRun, type Dataset } from './fused-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const STEPS = 20;
/** Float32 tolerance: |fused − tfjs| ≤ ABS + REL·|tfjs|. */
const REL = 1e-4;
const ABS = 1e-5;

async function compare(c: Case): Promise<{ lossIndex: number; weightIndex: number[]; inexact: number; total: number }> {
  const data: Dataset = makeData(c.spec, c.n, 11, c.classes);
  const order = epochOrder(5, 0, c.n);
  const steps = c.steps ?? STEPS;
  const ref = await referenceRun(c.spec, 3, data, order, c.batchSize, steps);
  const net = new FusedNetwork(c.spec, ref.initialWeights, { optimizer: resolveOptimizer(c.spec.compile.optimizer), maxBatch: c.batchSize });
  const losses: number[] = [];
  const perEpoch = Math.ceil(c.n / c.batchSize);
  for (let s = 0; s < steps; s++) {
    const start = (s % perEpoch) * c.batchSize;
    losses.push(net.trainBatch(data.x, data.targets, order, start, Math.min(c.batchSize, c.n - start)));
  }
  const weights = net.getWeights();
  let inexact = countInexact(losses, ref.losses);
  let total = losses.length;
  weights.forEach((w, i) => {
    inexact += countInexact(w, ref.weights[i]!);
    total += w.length;
  });
  return {
    lossIndex: firstMismatch(losses, ref.losses, REL, ABS),
    weightIndex: weights.map((w, i) => firstMismatch(w, ref.weights[i]!, REL, ABS)),
    inexact,
    total,
  };
}

describe.each([
  ['optimizer', optimizerCases],
  ['loss', lossCases],
  ['regression loss', regressionCases],
  ['activation', activationCases],
  ['regulariser', regularizerCases],
  ['size', sizeCases],
] as const)('fused vs TF.js trainOnBatch — %s', (_group, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: losses and weights match', async (_name, c) => {
    const r = await compare(c);
    expect(r.lossIndex).toBe(-1);
    expect(r.weightIndex).toEqual(r.weightIndex.map(() => -1));
    // Stronger than the tolerance: the kernels replay TF.js cpu's float32 op sequence, so every
    // loss and weight is bit-identical.
    expect(r.inexact).toBe(0);
  });
});

describe('fused vs TF.js trainOnBatch — random networks', () => {
  it.each(Array.from({ length: 16 }, (_, i) => [i] as const))('seed %i: bit-identical losses and weights', async (seed) => {
    const c = randomCase(seed);
    const r = await compare(c);
    const where = JSON.stringify({ spec: c.spec, n: c.n, batchSize: c.batchSize });
    expect(r.lossIndex, where).toBe(-1);
    expect(r.weightIndex, where).toEqual(r.weightIndex.map(() => -1));
    expect(r.inexact, where).toBe(0);
  });
});

describe('fused vs TF.js trainOnBatch — random regression networks', () => {
  it.each(Array.from({ length: 12 }, (_, i) => [i] as const))('seed %i: bit-identical losses and weights', async (seed) => {
    const c = randomRegressionCase(seed);
    const r = await compare(c);
    const where = JSON.stringify({ spec: c.spec, n: c.n, batchSize: c.batchSize });
    expect(r.lossIndex, where).toBe(-1);
    expect(r.weightIndex, where).toEqual(r.weightIndex.map(() => -1));
    expect(r.inexact, where).toBe(0);
  });
});

describe('the comparison itself', () => {
  it('detects a learning rate that is off by 0.1%', async () => {
    const c = optimizerCases[0]!;
    const slightly: Case = { ...c, spec: { ...c.spec, compile: { ...c.spec.compile, optimizer: { name: 'adam', learningRate: 0.001001 } } } };
    const data = makeData(c.spec, c.n, 11, c.classes);
    const order = epochOrder(5, 0, c.n);
    const ref = await referenceRun(c.spec, 3, data, order, c.batchSize, STEPS);
    const net = new FusedNetwork(slightly.spec, ref.initialWeights, { optimizer: resolveOptimizer(slightly.spec.compile.optimizer) });
    for (let s = 0; s < STEPS; s++) net.trainBatch(data.x, data.targets, order, (s % 12) * 10, 10);
    const mismatched = net.getWeights().some((w, i) => firstMismatch(w, ref.weights[i]!, REL, ABS) !== -1);
    expect(mismatched).toBe(true);
  });
});
