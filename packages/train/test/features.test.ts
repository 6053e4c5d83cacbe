/**
 * A spec's `features` stage (expressions over the raw columns, before the first Dense layer) on
 * every engine: applied in train, evaluate, predict and predictGrid from raw rows, saved with the
 * model, and the acceptance test — a logistic regression on x0², x1² separates the
 * circles that it cannot separate on x0, x1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { circles } from '@mlpkit/datasets';
import { buildModel, getPreset, mapFeatures, networkInputs, type ModelSpec } from '@mlpkit/models';
import { createTrainer, TrainOptionsError, type Trainer } from '../src/index.js';
import { createFusedTrainer } from '../src/fused/index.js';
import { loadModel, saveModel } from '../src/node.js';
import { disposeOptimizer } from '../src/tfjs-engine.js';
import { blobsData, referenceForward, referenceLoss } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlpkit-features-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The tutorial's circles-logreg (adam with Keras defaults, binary CE, no hidden layer), optionally on features. */
const logreg = (features?: string[]): ModelSpec => ({ ...getPreset('circles-logreg'), ...(features ? { features } : {}) });

describe('acceptance: circles (1000 rows, noise 0.05, factor 0.3), the tutorial’s logistic regression (100 epochs)', () => {
  const data = circles({ samples: 1000, noise: 0.05, factor: 0.3, seed: 0 });
  const test = circles({ samples: 1000, noise: 0.05, factor: 0.3, seed: 1 });

  it.each(['fused', 'fused-exact', 'cpu'] as const)('%s: on x0^2, x1^2 it reaches accuracy ≥ 0.98', { timeout: 60_000 }, async (backend) => {
    const trainer = await createTrainer(logreg(['x0^2', 'x1^2']), { backend, seed: 0 });
    const history = await trainer.train(data, { epochs: 100 });
    expect(history.accuracy.at(-1)!).toBeGreaterThanOrEqual(0.98);
    expect((await trainer.evaluate(data)).accuracy).toBeGreaterThanOrEqual(0.98);
    expect((await trainer.evaluate(test)).accuracy).toBeGreaterThanOrEqual(0.98);
    trainer.dispose();
  });

  it('fused: on the raw x0, x1 it stays near 0.5', async () => {
    const trainer = await createTrainer(logreg(), { backend: 'fused', seed: 0 });
    const history = await trainer.train(data, { epochs: 100 });
    const accuracy = (await trainer.evaluate(data)).accuracy;
    expect(accuracy).toBeGreaterThan(0.4);
    expect(accuracy).toBeLessThan(0.6);
    expect(history.accuracy.at(-1)!).toBeLessThan(0.6);
    trainer.dispose();
  });
});

/** A 3-class classifier on every kind of expression. */
const rich: ModelSpec = {
  input: 3,
  features: ['x0', 'x1^2', 'x0*x2', 'sin(x1)', 'cos(x2)'],
  layers: [{ units: 6, activation: 'tanh' }, { units: 3, activation: 'softmax' }],
  compile: { optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'categoricalCrossentropy' },
};
/** The same network seen from the inside: its input is the 5 mapped features. */
const inner: ModelSpec = { ...rich, input: 5, features: undefined };
delete inner.features;

describe('the features stage on every engine', () => {
  const data = blobsData(120, 3, 7, 3);
  const mapped = mapFeatures(rich, data.x);

  it('mapFeatures feeds the network: 3 raw columns → 5 network inputs', () => {
    expect(networkInputs(rich)).toBe(5);
    expect(mapped).toHaveLength(120 * 5);
  });

  it.each(['fused', 'fused-exact', 'cpu', 'wasm'] as const)('%s: train, evaluate, predict and predictGrid take raw rows and apply the features', async (backend) => {
    const trainer = await createTrainer(rich, { backend, seed: 4 });
    const weights = await trainer.getWeights();
    expect(weights[0]).toHaveLength(5 * 6); // the first kernel is features × units
    // predict from raw rows = the network on the mapped rows.
    const expected = referenceForward(inner, weights, mapped).flat();
    const pred = await trainer.predict(data.x);
    expect(Math.max(...Array.from(pred, (p, i) => Math.abs(p - expected[i]!)))).toBeLessThan(1e-5);
    expect(await trainer.predictProba(data.x)).toEqual(pred);
    expect(await trainer.predictGrid({ x: data.x }, { batchSize: 17 })).toEqual(pred);
    const classes = await trainer.predictClasses(data.x);
    expect(Array.from(classes)).toEqual(Array.from({ length: 120 }, (_, i) => { const row = expected.slice(3 * i, 3 * i + 3); return row.indexOf(Math.max(...row)); }));
    // evaluate = Keras's loss of the network on the mapped rows.
    const ev = await trainer.evaluate(data);
    const ref = referenceLoss(inner, weights, mapped, data.y);
    expect(ev.loss).toBeCloseTo(ref.loss, 5);
    expect(ev.accuracy).toBe(ref.accuracy);
    // Training (with validation) runs on the mapped rows and improves the loss.
    const history = await trainer.train(data, { epochs: 5, batchSize: 16, validationSplit: 0.25 });
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]!);
    expect(history.val_accuracy).toHaveLength(5);
    // Raw rows must have the raw width.
    await expect(trainer.predict(mapped.subarray(0, 10))).rejects.toThrow(new TrainOptionsError('x has 10 values, not a multiple of the 3 input features'));
    await expect(trainer.train({ ...data, x: mapped, features: 5 }, { epochs: 1 })).rejects.toThrow('model input is 3 features raw (its features map them to 5 network inputs) but the data has 5');
    trainer.dispose();
  });

  it('every engine starts from the same weights and trains to the same history (float32 tolerance)', async () => {
    const runs: Array<{ loss: number[]; accuracy: number[] }> = [];
    for (const backend of ['fused', 'fused-exact', 'cpu']) {
      const trainer = await createTrainer(rich, { backend, seed: 2 });
      runs.push(await trainer.train(data, { epochs: 3, batchSize: 10 }));
      trainer.dispose();
    }
    for (const r of [runs[0]!, runs[2]!]) r.loss.forEach((l, i) => expect(Math.abs(l - runs[1]!.loss[i]!)).toBeLessThan(1e-4 * Math.max(1, l)));
  });

  it('is saved with the model: the TF.js model takes the mapped features, the spec in model.json restores the stage', async () => {
    for (const trainer of [await createTrainer(rich, { backend: 'fused', seed: 1 }), createFusedTrainer(rich, { seed: 1, initialWeights: initial(rich, 1), mode: 'exact' })] as Trainer[]) {
      await trainer.train(data, { epochs: 2 });
      const target = join(dir, `rich-${trainer.backend}`);
      await saveModel(trainer, target);
      const { model, spec } = await loadModel(target);
      expect(spec?.features).toEqual(rich.features);
      expect(spec?.input).toBe(3);
      expect(model.inputs[0]!.shape).toEqual([null, 5]);
      const out = tf.tidy(() => (model.predict(tf.tensor2d(mapFeatures(spec!, data.x), [120, 5])) as tf.Tensor).dataSync() as Float32Array);
      const ours = await trainer.predict(data.x);
      expect(Math.max(...Array.from(ours, (p, i) => Math.abs(p - out[i]!)))).toBeLessThan(1e-5);
      model.dispose();
      trainer.dispose();
    }
  });
});

function initial(spec: ModelSpec, seed: number): Float32Array[] {
  const model = buildModel(spec, { seed });
  const weights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
  disposeOptimizer(model.optimizer);
  model.dispose();
  return weights;
}
