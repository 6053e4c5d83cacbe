/**
 * One test per seed-experiment preset (shared/experiments.md): each trains on the experiment's
 * data (from @mlpkit/datasets, a devDependency) and must land in the tutorial's ballpark. Backend
 * and any reduction of epochs are in each test's name; most run on the fused engine's fast mode
 * (WebAssembly SIMD; the last test re-runs the first 2 epochs of each on TF.js cpu to show the
 * histories agree within float32 tolerance), a few on TF.js wasm/cpu for the whole run.
 */
import * as tf from '@tensorflow/tfjs';
import { getPreset, listPresets } from '@mlpkit/models';
import { circles, linear, moons, sine, spiral, takeRows, twoSpirals, xorGauss, xorTable, type Dataset } from '@mlpkit/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import { createTrainer, type ClassificationEpochLogs, type ClassificationHistory, type TrainOptions } from '../src/index.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const SLOW = 60_000;
const tested = new Set<string>();
/** The runs made on the fused engine, re-checked against TF.js cpu at the end. */
const fusedRuns: Array<{ id: string; trainSet: Dataset; fit: TrainOptions<ClassificationEpochLogs>; seed: number }> = [];

async function run(id: string, backend: string, trainSet: Dataset, fit: TrainOptions<ClassificationEpochLogs>, testSet?: Dataset, seed = 0): Promise<{ history: ClassificationHistory; test?: number }> {
  tested.add(id);
  if (backend === 'fused' && !fusedRuns.some((r) => r.id === id && r.seed === seed)) fusedRuns.push({ id, trainSet, fit, seed });
  const trainer = await createTrainer(getPreset(id), { backend, seed });
  try {
    const history = await trainer.train(trainSet, fit);
    const test = testSet ? (await trainer.evaluate(testSet)).accuracy : undefined;
    return { history, ...(test !== undefined ? { test } : {}) };
  } finally {
    trainer.dispose();
  }
}

const spiralsTrain = () => twoSpirals({ samples: 2000, seed: 1 });
const spiralsTest = () => twoSpirals({ samples: 2000, seed: 2 });
const circles5k = () => {
  const all = circles({ samples: 5000, factor: 0.3, noise: 0.05, seed: 1 });
  return { train: takeRows(all, 0, 4000), val: takeRows(all, 4000) };
};
const moons1k = () => moons({ samples: 1000, noise: 0.05, seed: 0 });
const circles1k = () => circles({ samples: 1000, noise: 0.05, factor: 0.3, seed: 0 });

describe('seed experiment presets reach the reported ballpark', () => {
  it('spirals-1x12 [fused, 150 epochs, batch 10]: poor on fresh test spirals', { timeout: SLOW }, async () => {
    const { test } = await run('spirals-1x12', 'fused', spiralsTrain(), { epochs: 150, batchSize: 10 }, spiralsTest());
    expect(test).toBeLessThan(0.7);
  });

  it('spirals-3x12 [fused, 150 epochs, batch 10]: most test points correct', { timeout: SLOW }, async () => {
    const { test } = await run('spirals-3x12', 'fused', spiralsTrain(), { epochs: 150, batchSize: 10 }, spiralsTest());
    expect(test).toBeGreaterThan(0.9);
  });

  it('circles5k-logreg [wasm, 1 epoch]: val acc ≈ 0.5', { timeout: SLOW }, async () => {
    const { train, val } = circles5k();
    const { history } = await run('circles5k-logreg', 'wasm', train, { epochs: 1, validationData: val });
    expect(history.val_accuracy![0]).toBeGreaterThan(0.35);
    expect(history.val_accuracy![0]).toBeLessThan(0.65);
  });

  it('circles5k-relu5 [fused, 20 epochs]: learns the circle (piecewise-linear)', { timeout: SLOW }, async () => {
    const { train, val } = circles5k();
    const { history } = await run('circles5k-relu5', 'fused', train, { epochs: 20, validationData: val });
    expect(history.val_accuracy!.at(-1)).toBeGreaterThan(0.85);
  });

  it('circles5k-relu128 [wasm, 2 of 10 epochs]: val acc ≥ 0.95 after epoch 1, ≈1 after epoch 2', { timeout: SLOW }, async () => {
    const { train, val } = circles5k();
    const { history } = await run('circles5k-relu128', 'wasm', train, { epochs: 2, validationData: val });
    expect(history.val_accuracy![0]).toBeGreaterThanOrEqual(0.95);
    expect(history.val_accuracy![1]).toBeGreaterThanOrEqual(0.99);
  });

  it('circles5k-relu128x2 [fused, 2 of 10 epochs]: val acc ≈ 1 from epoch 1', { timeout: SLOW }, async () => {
    const { train, val } = circles5k();
    const { history } = await run('circles5k-relu128x2', 'fused', train, { epochs: 2, validationData: val });
    expect(history.val_accuracy![0]).toBeGreaterThanOrEqual(0.98);
  });

  it('linear-logreg [fused, 50 epochs]: high accuracy on linearly separable clusters', { timeout: SLOW }, async () => {
    // The tutorial's sklearn draw (random_state 7) gives 99.7%; our generator's seed-7 draw
    // overlaps more (a logistic regression tops out near 95% on it), so the bar is 0.9.
    const { history } = await run('linear-logreg', 'fused', linear({ samples: 1000, seed: 7 }), { epochs: 50 });
    expect(history.accuracy.at(-1)).toBeGreaterThan(0.9);
  });

  it('moons-logreg [fused, 100 epochs]: loss ≈ 0.27, acc ≈ 0.86', { timeout: SLOW }, async () => {
    const { history } = await run('moons-logreg', 'fused', moons1k(), { epochs: 100 });
    expect(history.accuracy.at(-1)).toBeGreaterThan(0.78);
    expect(history.accuracy.at(-1)).toBeLessThan(0.92);
    expect(history.loss.at(-1)).toBeGreaterThan(0.2);
    expect(history.loss.at(-1)).toBeLessThan(0.4);
  });

  it('circles-logreg [fused, 100 epochs]: acc ≈ 0.5 (not linearly separable)', { timeout: SLOW }, async () => {
    const { history } = await run('circles-logreg', 'fused', circles1k(), { epochs: 100 });
    expect(history.accuracy.at(-1)).toBeLessThan(0.7);
    expect(history.loss.at(-1)).toBeGreaterThan(0.65);
  });

  it('moons-ann [fused, 100 epochs]: acc 1.00', { timeout: SLOW }, async () => {
    const { history } = await run('moons-ann', 'fused', moons1k(), { epochs: 100 });
    expect(history.accuracy.at(-1)).toBeGreaterThanOrEqual(0.99);
  });

  it('circles-ann [fused, 50 epochs]: acc 1.00', { timeout: SLOW }, async () => {
    const { history } = await run('circles-ann', 'fused', circles1k(), { epochs: 50 });
    expect(history.accuracy.at(-1)).toBeGreaterThanOrEqual(0.99);
  });

  it('sine-ann [fused, 20 of 50 epochs]: acc ≥ 0.95 (0.99 reported at 50)', { timeout: SLOW }, async () => {
    const { history } = await run('sine-ann', 'fused', sine({ seed: 0 }), { epochs: 20 });
    expect(history.accuracy.at(-1)).toBeGreaterThanOrEqual(0.95);
  });

  it('spiral3-softmax [fused, 20 epochs]: acc ≈ 0.5 (linear boundaries on 3 spirals)', { timeout: SLOW }, async () => {
    const { history } = await run('spiral3-softmax', 'fused', spiral({ seed: 0 }), { epochs: 20 });
    expect(history.accuracy.at(-1)).toBeGreaterThan(0.4);
    expect(history.accuracy.at(-1)).toBeLessThan(0.65);
  });

  it('spiral3-ann [fused, 50 epochs]: acc ≈ 0.99', { timeout: SLOW }, async () => {
    const { history } = await run('spiral3-ann', 'fused', spiral({ seed: 0 }), { epochs: 50 });
    expect(history.accuracy.at(-1)).toBeGreaterThanOrEqual(0.97);
  });

  it('xor-gauss [fused, 200 epochs, batch 100, init seed 0]: test regions follow the XOR quadrants', { timeout: SLOW }, async () => {
    // SGD with momentum 0.99 on 4-4 ReLUs depends on the init (seed 1 stalls at ~0.74).
    const { test } = await run('xor-gauss', 'fused', xorGauss({ samples: 10000, seed: 1 }), { epochs: 200, batchSize: 100 }, xorGauss({ samples: 5000, seed: 2 }));
    expect(test).toBeGreaterThan(0.97);
  });

  for (const [id, backend] of [['xor-table-16', 'fused'], ['xor-table-16x2', 'cpu'], ['xor-table-32', 'fused']] as const) {
    it(`${id} [${backend}, until 100%]: reaches 100% within tens to a few hundred epochs, for every seed 0–4`, { timeout: SLOW }, async () => {
      const reached: number[] = [];
      for (let seed = 0; seed < 5; seed++) {
        const { history } = await run(id, backend, xorTable(), { epochs: 1000, stopAtAccuracy: 1 }, undefined, seed);
        expect(history.stopReason).toBe('targetAccuracy');
        reached.push(history.reachedAccuracyAt!);
      }
      const median = [...reached].sort((a, b) => a - b)[2]!;
      expect(median).toBeGreaterThanOrEqual(2);
      expect(median).toBeLessThanOrEqual(300);
    });
  }

  // The fast mode agrees with the exact mode (= TF.js cpu) per step within float32 tolerance
  // (test/fused-fast.test.ts). This checks it on the real presets and data: the first 2 epochs of
  // every fused run, repeated on TF.js cpu from the same seed, give the same history.
  it('[cpu, first 2 epochs of each]: the fused runs above agree with TF.js cpu runs', { timeout: SLOW }, async () => {
    expect(fusedRuns.length).toBeGreaterThanOrEqual(12);
    for (const r of fusedRuns) {
      const fit = { ...r.fit, epochs: Math.min(2, r.fit.epochs) };
      const [fused, cpu] = [(await run(r.id, 'fused', r.trainSet, fit, undefined, r.seed)).history, (await run(r.id, 'cpu', r.trainSet, fit, undefined, r.seed)).history];
      expect(cpu.epochs, r.id).toBe(fused.epochs);
      cpu.loss.forEach((loss, i) => expect(Math.abs(loss - fused.loss[i]!), `${r.id} loss, epoch ${i + 1}`).toBeLessThan(1e-4 * Math.max(1, loss)));
      cpu.accuracy.forEach((acc, i) => expect(Math.abs(acc - fused.accuracy[i]!), `${r.id} accuracy, epoch ${i + 1}`).toBeLessThanOrEqual(0.002));
      cpu.val_loss?.forEach((loss, i) => expect(Math.abs(loss - fused.val_loss![i]!), `${r.id} val_loss, epoch ${i + 1}`).toBeLessThan(1e-4 * Math.max(1, loss)));
    }
  });

  it('covers every preset', () => {
    expect([...tested].sort()).toEqual(listPresets().sort());
  });
});
