/**
 * The fused engine's fast mode (WebAssembly SIMD kernels, backend `fused`):
 * - each kernel against a float64 reference (matrix products with every remainder, column sums,
 *   exp/tanh/sigmoid accuracy, the finite check);
 * - per step, against the exact mode (which is TF.js cpu bit for bit, see
 *   fused-equivalence.test.ts) within float32 tolerance, for every optimizer, loss, activation,
 *   regulariser and size, and 16 random networks;
 * - determinism, weight round trips, memory reuse across many trainers.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, getPreset, resolveOptimizer, type ModelSpec } from '@mlpkit/models';
import seedrandom from 'seedrandom';
import * as tf from '@tensorflow/tfjs';
import { createFusedTrainer, FusedNetwork, SimdNetwork, simdRuntimeSync } from '../src/fused/index.js';
import { epochOrder } from '../src/loop.js';
import { disposeOptimizer } from '../src/tfjs-engine.js';
import { activationCases, lossCases, optimizerCases, randomCase, randomRegressionCase, regressionCases, regularizerCases, sizeCases, type Case } from './fused-cases.js';
import { firstMismatch, makeData } from './fused-helpers.js';

const { kernels, heap } = simdRuntimeSync();

/** Copies `values` into a fresh heap block; returns its pointer. */
function put(values: ArrayLike<number>): number {
  const p = heap.alloc(values.length * 4);
  heap.f32.set(values, p >> 2);
  return p;
}

function read(ptr: number, n: number): Float32Array {
  return heap.f32.slice(ptr >> 2, (ptr >> 2) + n);
}

function randomMatrix(random: () => number, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => random() * 2 - 1);
}

const ld4 = (n: number) => (n + 3) & ~3;

describe('fast kernels against float64 references', () => {
  it('gemm: Z = X·W + b (A packed) for every remainder of rows (4-blocks) and columns (8/4-blocks)', () => {
    const random = seedrandom.alea('gemm');
    for (const [M, N, K] of [[1, 1, 1], [3, 5, 2], [4, 8, 7], [5, 12, 13], [9, 20, 33], [17, 64, 64], [6, 3, 100]] as const) {
      const ldx = ld4(K) + 4; // a leading dimension larger than the row, as for padded inputs
      const ldn = ld4(N);
      const x = randomMatrix(random, M * ldx);
      const w = new Float32Array(K * ldn);
      for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) w[k * ldn + n] = random() * 2 - 1;
      const b = new Float32Array(ldn);
      for (let n = 0; n < N; n++) b[n] = random();
      const [px, pw, pb, pz, pack] = [put(x), put(w), put(b), heap.alloc(M * ldn * 4), heap.alloc(16 * K)];
      kernels.gemm(px, ldx, 1, pw, ldn, pz, ldn, M, ldn, K, pb, pack);
      const z = read(pz, M * ldn);
      for (let m = 0; m < M; m++) {
        for (let n = 0; n < ldn; n++) {
          let s = b[n]!;
          for (let k = 0; k < K; k++) s += x[m * ldx + k]! * w[k * ldn + n]!;
          expect(Math.abs(z[m * ldn + n]! - s), `${M}×${N}×${K} [${m}, ${n}]`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(s)) * Math.sqrt(K));
          if (n >= N) expect(z[m * ldn + n], 'padding').toBe(0);
        }
      }
      [px, pw, pb, pz, pack].forEach((p) => heap.release(p));
    }
  });

  it('gemm with transposed A: dW = Xᵀ·dZ', () => {
    const random = seedrandom.alea('gemm-t');
    for (const [inSize, units, rows] of [[1, 4, 1], [2, 12, 10], [5, 8, 7], [13, 20, 33], [64, 64, 32]] as const) {
      const ldx = ld4(inSize);
      const ldz = ld4(units);
      const x = randomMatrix(random, rows * ldx);
      const dz = randomMatrix(random, rows * ldz);
      const [px, pz, pg] = [put(x), put(dz), heap.alloc(inSize * ldz * 4)];
      kernels.gemm(px, 1, ldx, pz, ldz, pg, ldz, inSize, ldz, rows, 0, 0);
      const g = read(pg, inSize * ldz);
      for (let i = 0; i < inSize; i++) {
        for (let j = 0; j < ldz; j++) {
          let s = 0;
          for (let r = 0; r < rows; r++) s += x[r * ldx + i]! * dz[r * ldz + j]!;
          expect(Math.abs(g[i * ldz + j]! - s), `${inSize}×${units}×${rows} [${i}, ${j}]`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(s)) * Math.sqrt(rows));
        }
      }
      [px, pz, pg].forEach((p) => heap.release(p));
    }
  });

  it('gemmNT: dX = dZ·Wᵀ (row dot products), padding columns zeroed', () => {
    const random = seedrandom.alea('gemm-nt');
    for (const [rows, inSize, units] of [[1, 1, 1], [3, 2, 12], [5, 7, 5], [10, 12, 12], [33, 64, 64], [2, 9, 1]] as const) {
      const ldo = ld4(units);
      const ldi = ld4(inSize);
      const dz = new Float32Array(rows * ldo);
      for (let r = 0; r < rows; r++) for (let j = 0; j < units; j++) dz[r * ldo + j] = random() * 2 - 1;
      const w = new Float32Array(inSize * ldo);
      for (let i = 0; i < inSize; i++) for (let j = 0; j < units; j++) w[i * ldo + j] = random() * 2 - 1;
      const garbage = Float32Array.from({ length: rows * ldi }, () => 7);
      const [pz, pw, pa] = [put(dz), put(w), put(garbage)];
      kernels.gemmNT(pz, ldo, pw, ldo, pa, ldi, rows, inSize, ldo);
      const a = read(pa, rows * ldi);
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < ldi; i++) {
          let s = 0;
          if (i < inSize) for (let j = 0; j < units; j++) s += dz[r * ldo + j]! * w[i * ldo + j]!;
          expect(Math.abs(a[r * ldi + i]! - s), `${rows}×${inSize}×${units} [${r}, ${i}]`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(s)) * Math.sqrt(units));
        }
      }
      [pz, pw, pa].forEach((p) => heap.release(p));
    }
  });

  it('columnSums: the bias gradient', () => {
    const random = seedrandom.alea('colsum');
    const rows = 37;
    const ld = 12;
    const dz = randomMatrix(random, rows * ld);
    const [pz, pg] = [put(dz), heap.alloc(ld * 4)];
    kernels.columnSums(pz, ld, rows, pg);
    const g = read(pg, ld);
    for (let j = 0; j < ld; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += dz[r * ld + j]!;
      expect(g[j]).toBeCloseTo(s, 5);
    }
    [pz, pg].forEach((p) => heap.release(p));
  });

  it('exp, tanh and sigmoid are within a few float32 ulps of Math', () => {
    const n = 40000;
    const x = Float32Array.from({ length: n }, (_, i) => -20 + (40 * i) / n + 1e-4);
    // Include tiny arguments and the branch point of tanh.
    x.set([0, -0, 1e-30, -1e-8, 0.3124999, 0.3125, -0.3125, 88, -87, 1e-3], 0);
    const px = put(x);
    const out = heap.alloc(n * 4);
    const worst = (fn: number, ref: (v: number) => number, floor: number) => {
      kernels.mapVector(fn, px, out, n);
      const y = read(out, n);
      let w = 0;
      for (let i = 0; i < n; i++) {
        const r = ref(x[i]!);
        w = Math.max(w, Math.abs(y[i]! - r) / Math.max(Math.abs(r), floor));
      }
      return w;
    };
    expect(worst(0, Math.exp, 1e-30)).toBeLessThan(3e-7);
    // tanh: relative error below 3e-7 (≈ 2.5 ulps) down to tiny arguments, where it is x.
    expect(worst(1, Math.tanh, 1e-38)).toBeLessThan(3e-7);
    expect(worst(2, (v) => 1 / (1 + Math.exp(-v)), 1e-30)).toBeLessThan(3e-7);
    kernels.mapVector(1, px, out, 4);
    expect(Array.from(read(out, 4))).toEqual([0, -0, 1e-30, Math.fround(-1e-8)].map(Math.fround));
    heap.release(px);
    heap.release(out);
  });

  it('allFinite spots NaN and ±∞ anywhere', () => {
    const values = new Float32Array(64).fill(1.5);
    const p = put(values);
    expect(kernels.allFinite(p, 64)).toBe(1);
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of [0, 33, 63]) {
        heap.f32[(p >> 2) + at] = bad;
        expect(kernels.allFinite(p, 64), `${bad} at ${at}`).toBe(0);
        heap.f32[(p >> 2) + at] = 1.5;
      }
    }
    heap.release(p);
  });
});

const STEPS = 20;
/** Float32 tolerance of fast vs exact: |fast − exact| ≤ ABS + REL·|exact|. */
const REL = 1e-4;
const ABS = 1e-5;

function initialWeights(spec: ModelSpec, seed: number): Float32Array[] {
  const model = buildModel(spec, { seed });
  const weights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
  disposeOptimizer(model.optimizer);
  model.dispose();
  return weights;
}

/** Steps both modes through the same batches; returns the first mismatching step/weight (−1: none). */
function compareModes(c: Case): { loss: number; weights: number[]; accuracy: number; mae: number } {
  const data = makeData(c.spec, c.n, 11, c.classes);
  const order = epochOrder(5, 0, c.n);
  const weights = initialWeights(c.spec, 3);
  const options = { optimizer: resolveOptimizer(c.spec.compile.optimizer), maxBatch: c.batchSize };
  const exact = new FusedNetwork(c.spec, weights, options);
  const fast = new SimdNetwork(c.spec, weights, options);
  const steps = c.steps ?? STEPS;
  const perEpoch = Math.ceil(c.n / c.batchSize);
  const le: number[] = [];
  const lf: number[] = [];
  const ae: number[] = [];
  const af: number[] = [];
  for (let s = 0; s < steps; s++) {
    const start = (s % perEpoch) * c.batchSize;
    const count = Math.min(c.batchSize, c.n - start);
    le.push(exact.trainBatch(data.x, data.targets, order, start, count));
    lf.push(fast.trainBatch(data.x, data.targets, order, start, count));
    ae.push(exact.lastBatchMetric);
    af.push(fast.lastBatchMetric);
  }
  const we = exact.getWeights();
  const wf = fast.getWeights();
  // Evaluation on all rows: the same loss and metric (accuracy, or mae for regression).
  const ee = exact.evaluate(data.x, data.targets, c.n);
  const ef = fast.evaluate(data.x, data.targets, c.n);
  fast.dispose();
  // Accuracy counts may differ only where an output sits within rounding of 0.5 / a tie.
  const accuracy = c.spec.task === 'regression' ? 0 : ae.reduce((worst, a, i) => Math.max(worst, Math.abs(a - af[i]!)), 0);
  // The regression metric (mae) is a float: within float32 tolerance, per batch and evaluated.
  const mae = c.spec.task === 'regression' ? firstMismatch([...af, ef.mae!], [...ae, ee.mae!], REL, ABS) : -1;
  return { loss: firstMismatch([...lf, ef.loss], [...le, ee.loss], REL, ABS), weights: wf.map((w, i) => firstMismatch(w, we[i]!, REL, ABS)), accuracy, mae };
}

describe.each([
  ['optimizer', optimizerCases],
  ['loss', lossCases],
  ['regression loss', regressionCases],
  ['activation', activationCases],
  ['regulariser', regularizerCases],
  ['size', sizeCases],
] as const)('fast vs exact mode, per step — %s', (_group, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: losses and weights within float32 tolerance', (_name, c) => {
    const r = compareModes(c);
    expect(r.loss).toBe(-1);
    expect(r.weights).toEqual(r.weights.map(() => -1));
    expect(r.accuracy).toBeLessThanOrEqual(2 / c.batchSize);
    expect(r.mae).toBe(-1);
  });
});

describe('fast vs exact mode, per step — random networks', () => {
  it.each(Array.from({ length: 16 }, (_, i) => [i] as const))('seed %i', (seed) => {
    const c = randomCase(seed);
    const r = compareModes(c);
    const where = JSON.stringify({ spec: c.spec, n: c.n, batchSize: c.batchSize });
    expect(r.loss, where).toBe(-1);
    expect(r.weights, where).toEqual(r.weights.map(() => -1));
  });

  it.each(Array.from({ length: 12 }, (_, i) => [i] as const))('regression seed %i', (seed) => {
    const c = randomRegressionCase(seed);
    const r = compareModes(c);
    const where = JSON.stringify({ spec: c.spec, n: c.n, batchSize: c.batchSize });
    expect(r.loss, where).toBe(-1);
    expect(r.weights, where).toEqual(r.weights.map(() => -1));
    expect(r.mae, where).toBe(-1);
  });

  it('the comparison detects a learning rate that is off by 0.1%', () => {
    const c = optimizerCases[0]!;
    const data = makeData(c.spec, c.n, 11, c.classes);
    const order = epochOrder(5, 0, c.n);
    const weights = initialWeights(c.spec, 3);
    const exact = new FusedNetwork(c.spec, weights, { optimizer: resolveOptimizer(c.spec.compile.optimizer) });
    const fast = new SimdNetwork(c.spec, weights, { optimizer: resolveOptimizer({ name: 'adam', learningRate: 0.001001 }) });
    for (let s = 0; s < STEPS; s++) {
      exact.trainBatch(data.x, data.targets, order, (s % 12) * 10, 10);
      fast.trainBatch(data.x, data.targets, order, (s % 12) * 10, 10);
    }
    const we = exact.getWeights();
    expect(fast.getWeights().some((w, i) => firstMismatch(w, we[i]!, REL, ABS) !== -1)).toBe(true);
    fast.dispose();
  });
});

describe('fast-mode trainer', () => {
  const spec = getPreset('spirals-3x12');
  const data = (() => {
    const d = makeData(spec, 150, 3, 2);
    return { x: d.x, y: d.y, features: d.features, classes: 2 };
  })();

  it('is deterministic: the same seed gives an identical history and weights; trainEpoch = trainBatch steps', async () => {
    const run = async (seed: number) => {
      const trainer = createFusedTrainer(spec, { seed, initialWeights: initialWeights(spec, 5) });
      expect(trainer.backend).toBe('fused');
      const history = await trainer.train(data, { epochs: 5, batchSize: 10, validationSplit: 0.2 });
      const weights = await trainer.getWeights();
      trainer.dispose();
      return { history, weights };
    };
    const first = await run(5);
    const second = await run(5);
    expect(second.history).toEqual(first.history);
    expect(second.weights).toEqual(first.weights);
    expect((await run(6)).history.loss).not.toEqual(first.history.loss);

    // The engine's one-call epoch equals stepping batch by batch, bit for bit.
    const a = new SimdNetwork(spec, initialWeights(spec, 1), { optimizer: resolveOptimizer(spec.compile.optimizer) });
    const b = new SimdNetwork(spec, initialWeights(spec, 1), { optimizer: resolveOptimizer(spec.compile.optimizer) });
    const d = makeData(spec, 95, 4, 2);
    const order = epochOrder(2, 0, 95);
    const epoch = a.trainEpoch(d.x, d.targets, order, 10);
    let lossSum = 0;
    for (let start = 0; start < 95; start += 10) lossSum += b.trainBatch(d.x, d.targets, order, start, Math.min(10, 95 - start)) * Math.min(10, 95 - start);
    expect(epoch.loss).toBe(lossSum / 95);
    expect(a.getWeights()).toEqual(b.getWeights());
    a.dispose();
    b.dispose();
  });

  it('round-trips weights exactly and predicts like TF.js from the same weights', async () => {
    const multi = getPreset('spiral3-ann');
    const trainer = createFusedTrainer(multi, { seed: 2, initialWeights: initialWeights(multi, 2) });
    const d = makeData(multi, 200, 9, 3);
    await trainer.train({ x: d.x, y: d.y, features: 2, classes: 3 }, { epochs: 2 });
    const weights = await trainer.getWeights();
    const model = await trainer.toLayersModel();
    expect(model.getWeights().map((w) => (w.dataSync() as Float32Array).slice())).toEqual(weights);
    const xs = tf.tensor2d(d.x, [200, 2]);
    const expected = (model.predict(xs) as tf.Tensor).dataSync() as Float32Array;
    expect(firstMismatch(await trainer.predictProba(d.x), expected, 1e-5, 1e-6)).toBe(-1);
    tf.dispose(xs);
    disposeOptimizer(model.optimizer);
    model.dispose();
    const other = initialWeights(multi, 77);
    await trainer.setWeights(other);
    expect(await trainer.getWeights()).toEqual(other);
    trainer.dispose();
  });

  it('gives its WebAssembly memory back: 300 trainers created, trained and disposed do not grow it', async () => {
    const wide = getPreset('circles5k-relu128x2');
    const d = makeData(wide, 64, 1, 2);
    const weights = initialWeights(wide, 0);
    const cycle = async () => {
      const trainer = createFusedTrainer(wide, { seed: 0, initialWeights: weights });
      await trainer.train({ x: d.x, y: d.y, features: 2, classes: 2 }, { epochs: 1, batchSize: 16, validationSplit: 0.25 });
      await trainer.predictProba(d.x);
      trainer.dispose();
    };
    for (let i = 0; i < 3; i++) await cycle();
    const allocated = heap.allocatedBytes;
    const memory = heap.memoryBytes;
    for (let i = 0; i < 300; i++) {
      const trainer = createFusedTrainer(wide, { seed: 0, initialWeights: weights });
      await trainer.train({ x: d.x, y: d.y, features: 2, classes: 2 }, { epochs: 1, batchSize: 16 + (i % 7), validationSplit: 0.25 });
      await trainer.predictProba(d.x);
      trainer.dispose();
    }
    expect(heap.allocatedBytes).toBe(allocated);
    expect(heap.memoryBytes).toBe(memory);
    // The check is not vacuous: a trainer that is not disposed keeps its blocks.
    const kept = createFusedTrainer(wide, { seed: 0, initialWeights: weights });
    expect(heap.allocatedBytes).toBeGreaterThan(allocated);
    kept.dispose();
    expect(heap.allocatedBytes).toBe(allocated);
    expect(() => kept.network.getWeights()).toThrow('this fused network has been disposed');
  });
});
