/**
 * Regression (spec `task: 'regression'`): the losses on every engine against float64 references
 * and TF.js itself, the driver's history (loss, mae, val_ forms), the refused classification-only
 * options and methods, divergence checks, and learning a plane (TF Playground's "plane" data)
 * to R² ≥ 0.95 on fused, fused-exact and cpu.
 */
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, type LossName, type ModelSpec } from '@mlpkit/models';
import { plane as playgroundPlane } from '@mlpkit/datasets';
import {
  createTrainer,
  prepareData,
  runTraining,
  TfjsEngine,
  TrainingError,
  TrainOptionsError,
  type EncodedData,
  type EpochLogs,
  type RegressionData,
  type TrainingEngine,
} from '../src/index.js';
import { LOSS_HUBER, LOSS_MAE, lossForwardBackward } from '../src/fused/losses.js';
import { loadModel, saveModel } from '../src/node.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceForward } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const regressionSpec = (loss: LossName, layers: ModelSpec['layers'] = [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'linear' }], input = 2): ModelSpec => ({
  task: 'regression',
  input,
  layers,
  compile: { optimizer: { name: 'adam', learningRate: 0.01 }, loss },
});

/** TF Playground's "plane": y = 0.1·(x0 + x1) with x uniform in [−6, 6]², plus optional noise. */
function plane(n: number, seed: number, noise = 0): RegressionData {
  const random = seedrandom.alea(`plane:${seed}`);
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = random() * 12 - 6;
    const b = random() * 12 - 6;
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = 0.1 * (a + b) + noise * (random() - 0.5);
  }
  return { task: 'regression', x, y, features: 2, targets: 1 };
}

/** Smooth nonlinear targets with `targets` columns (values beyond ±1, so huber's linear part is used). */
function waves(n: number, seed: number, targets: number): RegressionData {
  const random = seedrandom.alea(`waves:${seed}`);
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n * targets);
  for (let i = 0; i < n; i++) {
    const a = random() * 4 - 2;
    const b = random() * 4 - 2;
    x.set([a, b], 2 * i);
    for (let c = 0; c < targets; c++) y[i * targets + c] = 2 * Math.sin(a + c) + b * (c + 1) * 0.5;
  }
  return { x, y, features: 2, targets };
}

/** Coefficient of determination of predictions (n × k, pooled over the k columns' own means). */
function r2(pred: Float32Array, truth: Float32Array, k = 1): number {
  let ssRes = 0;
  let ssTot = 0;
  for (let c = 0; c < k; c++) {
    let mean = 0;
    const n = truth.length / k;
    for (let i = 0; i < n; i++) mean += truth[i * k + c]!;
    mean /= n;
    for (let i = 0; i < n; i++) {
      ssRes += (truth[i * k + c]! - pred[i * k + c]!) ** 2;
      ssTot += (truth[i * k + c]! - mean) ** 2;
    }
  }
  return 1 - ssRes / ssTot;
}

/** Keras's regression losses and the mae metric in float64 (mean over outputs, then rows; + l1/l2). */
function referenceRegression(spec: ModelSpec, weights: Float32Array[], data: RegressionData): { loss: number; mae: number } {
  const out = referenceForward(spec, weights, data.x);
  const k = data.targets;
  let total = 0;
  let mae = 0;
  out.forEach((p, i) => {
    let row = 0;
    let abs = 0;
    p.forEach((v, c) => {
      const e = v - data.y[i * k + c]!;
      abs += Math.abs(e);
      if (spec.compile.loss === 'meanSquaredError') row += e * e;
      else if (spec.compile.loss === 'meanAbsoluteError') row += Math.abs(e);
      else row += Math.abs(e) <= 1 ? 0.5 * e * e : Math.abs(e) - 0.5;
    });
    total += row / k;
    mae += abs / k;
  });
  let penalty = 0;
  spec.layers.forEach((layer, l) => {
    const r = layer.kernelRegularizer;
    if (r) for (const w of weights[2 * l]!) penalty += (r.l1 ?? 0) * Math.abs(w) + (r.l2 ?? 0) * w * w;
  });
  return { loss: total / out.length + penalty, mae: mae / out.length };
}

const BACKENDS = ['fused', 'fused-exact', 'cpu', 'wasm'] as const;

describe('the exact mode’s regression losses (values and gradients)', () => {
  const errors = [-3, -1.5, -1, -0.25, 0, 0.25, 1, 1.5, 3];
  const out = Float32Array.from(errors);
  const targets = new Float32Array(errors.length);
  const rows = errors.length;
  const g = Math.fround(Math.fround(1 / rows) / 1);

  it('meanAbsoluteError: mean |e|, gradient ±1/n with −1/n at e = 0 (TF.js abs gradient step(x, −1))', () => {
    const grad = new Float32Array(rows);
    const loss = lossForwardBackward(LOSS_MAE, out, targets, rows, 1, grad, new Float32Array(1));
    expect(loss).toBeCloseTo(errors.reduce((s, e) => s + Math.abs(e), 0) / rows, 6);
    expect(Array.from(grad)).toEqual(errors.map((e) => (e > 0 ? g : -g)));
  });

  it('huber (delta 1): 0.5·e² inside ±1, |e| − 0.5 beyond; gradient e/n inside, ±1/n beyond', () => {
    const grad = new Float32Array(rows);
    const loss = lossForwardBackward(LOSS_HUBER, out, targets, rows, 1, grad, new Float32Array(1));
    const huber = (e: number) => (Math.abs(e) <= 1 ? 0.5 * e * e : Math.abs(e) - 0.5);
    expect(loss).toBeCloseTo(errors.reduce((s, e) => s + huber(e), 0) / rows, 6);
    errors.forEach((e, i) => expect(grad[i], `e = ${e}`).toBeCloseTo((Math.abs(e) <= 1 ? e : Math.sign(e)) * g, 7));
  });
});

describe('TF.js engine: regression losses equal Keras', () => {
  for (const loss of ['meanSquaredError', 'meanAbsoluteError', 'huber'] as const) {
    it(`${loss}: evaluate matches a float64 reference and model.evaluate (1 and 3 outputs, l2)`, async () => {
      for (const k of [1, 3]) {
        const spec = regressionSpec(loss, [{ units: 6, activation: 'tanh', kernelRegularizer: { l2: 0.01 } }, { units: k, activation: 'linear' }]);
        const data = waves(200, 4, k);
        const model = buildModel(spec, { seed: 11 });
        const engine = new TfjsEngine(model, spec);
        const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
        const ours = await engine.evaluate(prepareData(spec, data, {}).train);
        const ref = referenceRegression(spec, weights, data);
        expect(ours.loss).toBeCloseTo(ref.loss, 5);
        expect(ours.mae).toBeCloseTo(ref.mae, 5);
        expect(ours.accuracy).toBeUndefined();
        model.dispose();
        // TF.js's own evaluate (compiled by buildModel: huber through tf.losses.huberLoss, metric
        // mae). LayersModel.evaluate leaves the regularisation terms out, so compare without them.
        const plain = regressionSpec(loss, [{ units: 6, activation: 'tanh' }, { units: k, activation: 'linear' }]);
        const plainModel = buildModel(plain, { seed: 11 });
        const plainOurs = await new TfjsEngine(plainModel, plain).evaluate(prepareData(plain, data, {}).train);
        const xs = tf.tensor2d(data.x, [200, 2]);
        const ys = tf.tensor2d(data.y, [200, k]);
        const [tfLoss, tfMae] = plainModel.evaluate(xs, ys, { batchSize: 200 }) as tf.Scalar[];
        expect(plainOurs.loss).toBeCloseTo(tfLoss!.dataSync()[0]!, 5);
        expect(plainOurs.mae).toBeCloseTo(tfMae!.dataSync()[0]!, 5);
        tf.dispose([xs, ys, tfLoss!, tfMae!]);
        plainModel.dispose();
      }
    });
  }
});

describe('training a regression model', () => {
  it.each(BACKENDS)('%s: history has loss, mae, val_loss, val_mae (no accuracy); evaluate and predict agree with it', async (backend) => {
    const spec = regressionSpec('huber', [{ units: 8, activation: 'tanh' }, { units: 2, activation: 'linear' }]);
    const data = waves(300, 1, 2);
    const trainer = await createTrainer(spec, { backend, seed: 3 });
    const logs: EpochLogs[] = [];
    const history = await trainer.train(data, { epochs: 4, batchSize: 16, validationSplit: 0.2, onEpochEnd: (l) => void logs.push(l) });
    expect(Object.keys(history).sort()).toEqual(['epochs', 'loss', 'mae', 'stopReason', 'val_loss', 'val_mae']);
    expect(history.mae).toHaveLength(4);
    expect(history.val_mae).toHaveLength(4);
    expect(history.loss[3]!).toBeLessThan(history.loss[0]!);
    expect(logs.map((l) => Object.keys(l).sort())).toEqual(logs.map(() => ['elapsedMs', 'epoch', 'loss', 'mae', 'val_loss', 'val_mae']));
    // The last val_ values are evaluate() on the held-out rows; mae is the mean |error| of predict.
    const held: RegressionData = { x: data.x.subarray(240 * 2), y: data.y.subarray(240 * 2), features: 2, targets: 2 };
    const v = await trainer.evaluate(held);
    expect(v.loss).toBeCloseTo(history.val_loss!.at(-1)!, 5);
    expect(v.mae).toBeCloseTo(history.val_mae!.at(-1)!, 5);
    const pred = await trainer.predict(held.x);
    expect(pred).toHaveLength(60 * 2);
    const mae = pred.reduce((s, p, i) => s + Math.abs(p - held.y[i]!), 0) / pred.length;
    expect(v.mae).toBeCloseTo(mae, 5);
    expect(await trainer.predictGrid({ x: held.x })).toEqual(pred);
    trainer.dispose();
  });

  it('fused, fused-exact and cpu give the same regression history (float32 tolerance)', async () => {
    const spec = regressionSpec('meanAbsoluteError', [{ units: 6, activation: 'relu' }, { units: 3, activation: 'linear' }]);
    const data = waves(200, 2, 3);
    const histories = [];
    for (const backend of ['fused', 'fused-exact', 'cpu']) {
      const trainer = await createTrainer(spec, { backend, seed: 9 });
      histories.push(await trainer.train(data, { epochs: 3, batchSize: 20, validationSplit: 0.25 }));
      trainer.dispose();
    }
    const [fused, exact, cpu] = histories;
    for (const h of [fused!, cpu!]) {
      h.loss.forEach((l, i) => expect(Math.abs(l - exact!.loss[i]!)).toBeLessThan(1e-4 * Math.max(1, l)));
      h.mae!.forEach((m, i) => expect(Math.abs(m - exact!.mae![i]!)).toBeLessThan(1e-4 * Math.max(1, m)));
      h.val_mae!.forEach((m, i) => expect(Math.abs(m - exact!.val_mae![i]!)).toBeLessThan(1e-4 * Math.max(1, m)));
    }
  });

  it.each(['fused', 'fused-exact', 'cpu'] as const)('%s: learns the plane y = 0.1·(x0 + x1) over [−6, 6]² to R² ≥ 0.95', { timeout: 60_000 }, async (backend) => {
    const spec = regressionSpec('meanSquaredError', [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'linear' }]);
    const trainer = await createTrainer(spec, { backend, seed: 1 });
    const history = await trainer.train(plane(500, 1), { epochs: 30, batchSize: 10 });
    const test = plane(500, 2);
    const score = r2(await trainer.predict(test.x), test.y);
    expect(score).toBeGreaterThanOrEqual(0.95);
    expect(history.mae!.at(-1)!).toBeLessThan(0.1);
    trainer.dispose();
  });

  it('takes a RegressionDataset of @mlpkit/datasets as it is (structural typing)', async () => {
    const trainer = await createTrainer(regressionSpec('meanSquaredError'), { backend: 'fused', seed: 0 });
    const data = playgroundPlane({ samples: 300, seed: 1 });
    const history = await trainer.train(data, { epochs: 20, batchSize: 10 });
    expect(history.mae.at(-1)!).toBeLessThan(history.mae[0]!);
    expect(r2(await trainer.predict(data.x), data.y)).toBeGreaterThan(0.95);
    trainer.dispose();
  });

  it('a linear model (no hidden layer) recovers the plane’s coefficients', async () => {
    const spec = regressionSpec('meanSquaredError', [{ units: 1, activation: 'linear' }]);
    const trainer = await createTrainer(spec, { backend: 'fused', seed: 0 });
    await trainer.train(plane(400, 3), { epochs: 40, batchSize: 8 });
    const [kernel, bias] = await trainer.getWeights();
    expect(kernel![0]).toBeCloseTo(0.1, 2);
    expect(kernel![1]).toBeCloseTo(0.1, 2);
    expect(bias![0]).toBeCloseTo(0, 2);
    trainer.dispose();
  });

  it('early stopping can monitor mae and val_mae', async () => {
    const spec = regressionSpec('meanSquaredError');
    const trainer = await createTrainer(spec, { backend: 'fused', seed: 0 });
    const history = await trainer.train(plane(200, 5), { epochs: 300, validationSplit: 0.2, earlyStopping: { monitor: 'val_mae', patience: 2, minDelta: 0.05 } });
    expect(history.stopReason).toBe('earlyStopping');
    expect(history.epochs).toBeLessThan(300);
    trainer.dispose();
  });
});

describe('saving a regression model', () => {
  it('a huber model saves and loads (compiled with huber and mae), predicting the same values', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mlpkit-regression-'));
    try {
      const spec = regressionSpec('huber', [{ units: 5, activation: 'relu' }, { units: 2, activation: 'linear' }]);
      const data = waves(64, 3, 2);
      const trainer = await createTrainer(spec, { backend: 'fused', seed: 2 });
      await trainer.train(data, { epochs: 2 });
      await saveModel(trainer, join(dir, 'm'));
      const { model, spec: loaded } = await loadModel(join(dir, 'm'));
      expect(loaded).toEqual(spec);
      expect(model.metricsNames).toEqual(['loss', 'mae']);
      const out = tf.tidy(() => (model.predict(tf.tensor2d(data.x, [64, 2])) as tf.Tensor).dataSync() as Float32Array);
      const ours = await trainer.predict(data.x);
      expect(Math.max(...Array.from(ours, (p, i) => Math.abs(p - out[i]!)))).toBeLessThan(1e-5);
      model.dispose();
      trainer.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('regression: refused options, methods and mismatched data', () => {
  async function rejection(p: Promise<unknown>): Promise<Error> {
    try {
      await p;
    } catch (e) {
      return e as Error;
    }
    throw new Error('expected a rejection');
  }

  it('predictProba and predictClasses name predict; stopAtAccuracy and accuracy monitors are refused', async () => {
    for (const backend of ['fused', 'cpu']) {
      const trainer = await createTrainer(regressionSpec('meanSquaredError'), { backend });
      const x = new Float32Array([0, 1]);
      for (const method of ['predictProba', 'predictClasses'] as const) {
        const e = await rejection(trainer[method](x));
        expect(e).toBeInstanceOf(TrainOptionsError);
        expect(e.message).toBe(`${method} applies to classifiers; this is a regression model (task "regression"): use predict(x) for its n × outputs values`);
      }
      const data = plane(20, 1);
      expect((await rejection(trainer.train(data, { epochs: 1, stopAtAccuracy: 1 }))).message).toBe(
        'stopAtAccuracy applies to classification; a regression model reports loss and mae: use earlyStopping (e.g. { monitor: "val_loss", patience: 10 })',
      );
      expect((await rejection(trainer.train(data, { epochs: 1, earlyStopping: { monitor: 'val_accuracy', patience: 1 } }))).message).toBe(
        'earlyStopping monitors val_accuracy, which a regression model does not report: monitor loss, val_loss, mae or val_mae',
      );
      trainer.dispose();
    }
    const classifier = await createTrainer({ input: 2, layers: [{ units: 1, activation: 'sigmoid' }], compile: { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy' } }, { backend: 'fused' });
    const labels = { x: new Float32Array(4), y: Int32Array.from([0, 1]), features: 2, classes: 2 };
    expect((await rejection(classifier.train(labels, { epochs: 1, earlyStopping: { monitor: 'mae', patience: 1 } }))).message).toBe(
      'earlyStopping monitors mae, which a classifier does not report: monitor loss, val_loss, accuracy or val_accuracy',
    );
    classifier.dispose();
  });

  it('class labels for a regression model, targets for a classifier, and bad target arrays are named', async () => {
    const trainer = await createTrainer(regressionSpec('huber'), { backend: 'fused' });
    const labels = { x: new Float32Array(4), y: Int32Array.from([0, 1]), features: 2, classes: 2 };
    expect((await rejection(trainer.train(labels, { epochs: 1 }))).message).toBe(
      'the model is a regression model (task "regression") but the data has class labels (2 classes): use data with numeric targets ({ y: Float32Array, targets }), or a classification model',
    );
    expect((await rejection(trainer.train({ ...plane(3, 1), targets: 2 }, { epochs: 1 }))).message).toBe('data.y has 3 values, not a multiple of its 2 targets');
    expect((await rejection(trainer.train({ ...waves(4, 1, 2) }, { epochs: 1 }))).message).toBe(
      'model output is 1 unit but the data has 2 targets: a regression model needs one linear output unit per target',
    );
    const wrongType = { x: new Float32Array(4), y: Int32Array.from([1, 2]), features: 2, targets: 1 } as unknown as RegressionData;
    expect((await rejection(trainer.train(wrongType, { epochs: 1 }))).message).toBe('data.y must be a Float32Array of n × 1 target values for regression data, got Int32Array');
    trainer.dispose();
    const classifier = await createTrainer({ input: 2, layers: [{ units: 1, activation: 'sigmoid' }], compile: { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy' } }, { backend: 'cpu' });
    expect((await rejection(classifier.train(plane(4, 1), { epochs: 1 }))).message).toBe(
      'the data has numeric targets (a regression dataset) but the model is a classifier: set "task": "regression" with a linear output layer of 1 unit and a regression loss (meanSquaredError, meanAbsoluteError or huber)',
    );
    classifier.dispose();
  });
});

describe('regression divergence', () => {
  it.each(['fused', 'fused-exact', 'cpu'] as const)('%s: a huge learning rate stops with the same TrainingError', async (backend) => {
    const spec: ModelSpec = { ...regressionSpec('meanSquaredError'), compile: { optimizer: { name: 'sgd', learningRate: 1e6 }, loss: 'meanSquaredError' } };
    const trainer = await createTrainer(spec, { backend, seed: 0 });
    let error: unknown;
    try {
      await trainer.train(plane(100, 1), { epochs: 20, batchSize: 10 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as Error).message).toMatch(/^training diverged: (weights are not finite|loss is (NaN|Infinity)) at epoch 1; try a lower learning rate$/);
    trainer.dispose();
  });

  it('the saturation rule is classification-only: a constant regression loss does not stop training', async () => {
    let calls = 0;
    const engine: TrainingEngine = {
      async trainEpoch(_data: EncodedData) {
        calls++;
        return { loss: 16.1, mae: 4 };
      },
      async evaluate() {
        return { loss: 16.1, mae: 4 };
      },
    };
    const history = await runTraining(engine, plane(10, 1), regressionSpec('meanSquaredError'), { epochs: 6 });
    expect(calls).toBe(6);
    expect(history.mae).toEqual([4, 4, 4, 4, 4, 4]);
    const nan: TrainingEngine = { trainEpoch: async () => ({ loss: NaN, mae: NaN }), evaluate: async () => ({ loss: NaN, mae: NaN }) };
    await expect(runTraining(nan, plane(10, 1), regressionSpec('huber'), { epochs: 2 })).rejects.toThrow('training diverged: loss is NaN at epoch 1; try a lower learning rate');
  });
});
