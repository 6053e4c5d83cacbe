/**
 * The fused Trainer and engine end to end: the shared epoch driver, the TF.js engine and
 * LayersModel.fit as references, LayersModel round trips, prediction, determinism and errors.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, getPreset, listPresets, resolveOptimizer, type ModelSpec } from '@mlpkit/models';
import { createFusedTrainer, FusedEngine, FusedNetwork, supportsFused } from '../src/fused/index.js';
import { epochOrder, prepareData, runTraining } from '../src/loop.js';
import { disposeOptimizer, TfjsEngine } from '../src/tfjs-engine.js';
import { createTrainer } from '../src/trainer.js';
import type { ClassificationData } from '../src/types.js';
import { firstMismatch, makeData } from './fused-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function initialWeightsOf(spec: ModelSpec, seed: number): Float32Array[] {
  const model = buildModel(spec, { seed });
  const weights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
  disposeOptimizer(model.optimizer);
  model.dispose();
  return weights;
}

function trainData(spec: ModelSpec, n: number, classes: number, seed = 1): ClassificationData {
  const d = makeData(spec, n, seed, classes);
  return { x: d.x, y: d.y, features: d.features, classes };
}

describe('supportsFused', () => {
  it('accepts every preset of @mlpkit/models', () => {
    for (const name of listPresets()) expect(supportsFused(getPreset(name)), name).toEqual({ ok: true });
  });

  it('rejects non-Dense layers, unknown activations, losses and optimizers with a reason', () => {
    const base = getPreset('moons-ann');
    const conv = { ...base, layers: [{ type: 'conv2d', units: 4, activation: 'relu' }, ...base.layers] } as unknown as ModelSpec;
    expect(supportsFused(conv)).toEqual({ ok: false, reason: 'layer 1 is a conv2d layer; the fused engine runs Dense layers only' });
    const elu = { ...base, layers: [{ units: 4, activation: 'elu' }, ...base.layers.slice(1)] } as unknown as ModelSpec;
    expect(supportsFused(elu)).toEqual({ ok: false, reason: 'layer 1 uses activation "elu", which the fused engine does not implement' });
    const hinge = { ...base, compile: { ...base.compile, loss: 'hinge' } } as unknown as ModelSpec;
    expect(supportsFused(hinge)).toEqual({ ok: false, reason: 'loss "hinge" is not implemented by the fused engine' });
    const adamax = { ...base, compile: { ...base.compile, optimizer: { name: 'adamax' } } } as unknown as ModelSpec;
    expect(supportsFused(adamax)).toEqual({ ok: false, reason: 'optimizer "adamax" is not implemented by the fused engine' });
    expect(supportsFused({ ...base, layers: [] })).toEqual({ ok: false, reason: 'the spec has no layers' });
  });

  it('makes createFusedTrainer refuse an unsupported spec', () => {
    const base = getPreset('moons-ann');
    const bad = { ...base, compile: { ...base.compile, loss: 'hinge' } } as unknown as ModelSpec;
    expect(() => createFusedTrainer(bad, { seed: 0, initialWeights: [] })).toThrow('the fused engine cannot run this spec: loss "hinge" is not implemented by the fused engine');
  });
});

describe('FusedEngine through runTraining', () => {
  it('reports the same per-epoch loss and accuracy as LayersModel.fit (no shuffle, uneven last batch)', async () => {
    const spec = getPreset('spiral3-ann');
    const data = trainData(spec, 150, 3);
    const model = buildModel(spec, { seed: 4 });
    const net = new FusedNetwork(spec, model.getWeights().map((w) => (w.dataSync() as Float32Array).slice()), { optimizer: resolveOptimizer(spec.compile.optimizer) });
    const history = await runTraining(new FusedEngine(net), data, spec, { epochs: 3, batchSize: 32, shuffle: false });
    const { train } = prepareData(spec, data, {});
    const xs = tf.tensor2d(train.x, [train.n, train.features]);
    const ys = tf.tensor2d(train.targets, [train.n, train.width]);
    const fit = await model.fit(xs, ys, { epochs: 3, batchSize: 32, shuffle: false, verbose: 0 });
    tf.dispose([xs, ys]);
    const fitWeights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
    disposeOptimizer(model.optimizer);
    model.dispose();
    expect(firstMismatch(history.loss, fit.history.loss as number[], 1e-5, 1e-6)).toBe(-1);
    expect(history.accuracy).toEqual((fit.history.acc as number[]).map((a) => expect.closeTo(a, 6)));
    net.getWeights().forEach((w, i) => expect(firstMismatch(w, fitWeights[i]!)).toBe(-1));
  });

  it('matches our TF.js engine (TfjsEngine) epoch by epoch with shuffling and validation', async () => {
    for (const name of ['spirals-3x12', 'xor-gauss', 'xor-table-16']) {
      const spec = getPreset(name);
      const data = trainData(spec, name === 'xor-table-16' ? 40 : 200, 2, 7);
      const options = { epochs: 3, batchSize: name === 'xor-gauss' ? 50 : 10, seed: 9, validationSplit: 0.2 };
      const model = buildModel(spec, { seed: 2 });
      const initial = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
      const tfjsEngine = new TfjsEngine(model, spec);
      const reference = await runTraining(tfjsEngine, data, spec, options);
      const referenceWeights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
      tfjsEngine.dispose();
      disposeOptimizer(model.optimizer);
      model.dispose();
      const net = new FusedNetwork(spec, initial, { optimizer: resolveOptimizer(spec.compile.optimizer) });
      const history = await runTraining(new FusedEngine(net), data, spec, options);
      expect(firstMismatch(history.loss, reference.loss), name).toBe(-1);
      expect(firstMismatch(history.val_loss!, reference.val_loss!), name).toBe(-1);
      expect(history.accuracy, name).toEqual(reference.accuracy);
      expect(history.val_accuracy, name).toEqual(reference.val_accuracy);
      net.getWeights().forEach((w, i) => expect(firstMismatch(w, referenceWeights[i]!), `${name} weight ${i}`).toBe(-1));
    }
  });

  it('visits rows in the given order and calls onBatchEnd once per batch', async () => {
    const spec = getPreset('moons-ann');
    const data = trainData(spec, 25, 2);
    const { train } = prepareData(spec, data, {});
    const order = epochOrder(3, 0, train.n);
    const weights = initialWeightsOf(spec, 1);
    const a = new FusedNetwork(spec, weights, { optimizer: resolveOptimizer(spec.compile.optimizer) });
    const calls: Array<[number, number]> = [];
    const result = await new FusedEngine(a).trainEpoch(train, order, 10, { onBatchEnd: (b, n) => calls.push([b, n]) });
    expect(calls).toEqual([[1, 3], [2, 3], [3, 3]]);
    // The same three batches stepped by hand, rows picked through `order`.
    const b = new FusedNetwork(spec, weights, { optimizer: resolveOptimizer(spec.compile.optimizer) });
    const losses = [0, 10, 20].map((start) => b.trainBatch(train.x, train.targets, order, start, Math.min(10, 25 - start)));
    expect(result.loss).toBeCloseTo((losses[0]! * 10 + losses[1]! * 10 + losses[2]! * 5) / 25, 12);
    expect(a.getWeights()).toEqual(b.getWeights());
  });
});

/** How many Float32Arrays `fn` constructs (the global constructor is wrapped while it runs). */
function float32ArraysCreatedBy(fn: () => void): number {
  const RealFloat32Array = globalThis.Float32Array;
  let created = 0;
  globalThis.Float32Array = new Proxy(RealFloat32Array, {
    construct(target, args) {
      created++;
      return Reflect.construct(target, args) as object;
    },
  });
  try {
    fn();
  } finally {
    globalThis.Float32Array = RealFloat32Array;
  }
  return created;
}

describe('FusedNetwork hot loop', () => {
  it('allocates nothing per step: no typed arrays are created and every buffer is reused', () => {
    for (const name of ['spirals-3x12', 'spiral3-ann', 'xor-gauss']) {
      const spec = getPreset(name);
      const classes = spec.layers.at(-1)!.units === 1 ? 2 : spec.layers.at(-1)!.units;
      const data = makeData(spec, 200, 4, classes);
      const net = new FusedNetwork(spec, initialWeightsOf(spec, 1), { optimizer: resolveOptimizer(spec.compile.optimizer), maxBatch: 10 });
      const order = epochOrder(1, 0, data.n);
      net.trainBatch(data.x, data.targets, order, 0, 10); // a first step at full capacity
      const internals = net as unknown as { xBatch: Float32Array; tBatch: Float32Array; train: { acts: Float32Array[] }; deltas: Float32Array[]; grads: Float32Array[]; params: Float32Array[]; lossScratch: Float32Array; optimizer: { slot1: Float32Array[]; slot2: Float32Array[] } };
      const buffers = () => [internals.xBatch, internals.tBatch, internals.lossScratch, ...internals.train.acts, ...internals.deltas, ...internals.grads, ...internals.params, ...internals.optimizer.slot1, ...internals.optimizer.slot2];
      const before = buffers();
      expect(float32ArraysCreatedBy(() => {
        for (let step = 1; step < 20; step++) net.trainBatch(data.x, data.targets, order, step * 10, 10);
      }), name).toBe(0);
      const after = buffers();
      expect(after.length, name).toBe(before.length);
      after.forEach((buffer, i) => expect(buffer, `${name} buffer ${i}`).toBe(before[i]));
      // The check itself sees allocations: predict() returns a new array.
      expect(float32ArraysCreatedBy(() => net.predict(data.x.subarray(0, 2 * spec.input))), name).toBeGreaterThan(0);
    }
  });
});

describe('createFusedTrainer', () => {
  const spec = getPreset('spirals-3x12');
  const data = trainData(spec, 120, 2, 3);

  it('is deterministic: the same seed and weights give an identical history and weights', async () => {
    const run = async () => {
      const trainer = createFusedTrainer(spec, { seed: 5, initialWeights: initialWeightsOf(spec, 5) });
      const history = await trainer.train(data, { epochs: 4, batchSize: 10 });
      const weights = await trainer.getWeights();
      trainer.dispose();
      return { history, weights };
    };
    const first = await run();
    const second = await run();
    expect(second.history).toEqual(first.history);
    expect(second.weights).toEqual(first.weights);
    const other = createFusedTrainer(spec, { seed: 6, initialWeights: initialWeightsOf(spec, 5) });
    const shuffledDifferently = await other.train(data, { epochs: 4, batchSize: 10 });
    expect(shuffledDifferently.loss).not.toEqual(first.history.loss);
  });

  it('converts weights to and from tf.LayersModel exactly, and predicts like it', async () => {
    const trainer = createFusedTrainer(spec, { seed: 1, initialWeights: initialWeightsOf(spec, 1) });
    expect(trainer.backend).toBe('fused');
    await trainer.train(data, { epochs: 2, batchSize: 10 });
    const model = await trainer.toLayersModel();
    const fromModel = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
    expect(fromModel).toEqual(await trainer.getWeights());
    expect(model.getWeights().map((w) => w.shape)).toEqual([[2, 12], [12], [12, 12], [12], [12, 12], [12], [12, 1], [1]]);

    const probe = makeData(spec, 300, 42, 2).x;
    const xs = tf.tensor2d(probe, [300, 2]);
    const predicted = model.predict(xs) as tf.Tensor;
    const expected = predicted.dataSync() as Float32Array;
    const actual = await trainer.predictProba(probe);
    expect(firstMismatch(actual, expected, 1e-6, 1e-7)).toBe(-1);
    expect(await trainer.predictClasses(probe)).toEqual(Int32Array.from(expected, (p) => (p >= 0.5 ? 1 : 0)));
    tf.dispose([xs, predicted]);

    // Back: weights of another model replace the trainer's exactly.
    const other = buildModel(spec, { seed: 77 });
    const otherWeights = other.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
    await trainer.setWeights(otherWeights);
    expect(await trainer.getWeights()).toEqual(otherWeights);
    disposeOptimizer(model.optimizer);
    model.dispose();
    disposeOptimizer(other.optimizer);
    other.dispose();
    trainer.dispose();
  });

  it('predictGrid equals predictProba over the grid points, for multi-class outputs too', async () => {
    const multi = getPreset('spiral3-ann');
    const trainer = createFusedTrainer(multi, { seed: 2, initialWeights: initialWeightsOf(multi, 2) });
    const nx = 101;
    const ny = 101;
    const grid = new Float32Array(nx * ny * 2);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) grid.set([-1 + (2 * i) / (nx - 1), -1 + (2 * j) / (ny - 1)], 2 * (j * nx + i));
    const out = await trainer.predictGrid({ x: grid }, { batchSize: 1000 });
    expect(out.length).toBe(nx * ny * 3);
    expect(out).toEqual(await trainer.predictProba(grid));
    // Rows of a softmax sum to 1.
    for (let r = 0; r < nx * ny; r += 997) expect(out[3 * r]! + out[3 * r + 1]! + out[3 * r + 2]!).toBeCloseTo(1, 5);
    trainer.dispose();
  });

  it('evaluate matches LayersModel.evaluate (and adds the regularisation terms)', async () => {
    const trainer = createFusedTrainer(spec, { seed: 3, initialWeights: initialWeightsOf(spec, 3) });
    await trainer.train(data, { epochs: 1, batchSize: 10 });
    const model = await trainer.toLayersModel();
    const { train } = prepareData(spec, data, {});
    const xs = tf.tensor2d(train.x, [train.n, 2]);
    const ys = tf.tensor2d(train.targets, [train.n, 1]);
    const [loss, acc] = model.evaluate(xs, ys, { batchSize: 32 }) as tf.Scalar[];
    const expected = { loss: loss!.dataSync()[0]!, accuracy: acc!.dataSync()[0]! };
    tf.dispose([xs, ys, loss!, acc!]);
    disposeOptimizer(model.optimizer);
    model.dispose();
    const result = await trainer.evaluate(data);
    expect(result.loss).toBeCloseTo(expected.loss, 6);
    expect(result.accuracy).toBeCloseTo(expected.accuracy, 6);
    trainer.dispose();

    const l2 = 0.01;
    const regularised: ModelSpec = { ...spec, layers: spec.layers.map((l) => ({ ...l, kernelRegularizer: { l2 } })) };
    const weights = initialWeightsOf(spec, 3);
    const r = createFusedTrainer(regularised, { seed: 3, initialWeights: weights });
    const plain = createFusedTrainer(spec, { seed: 3, initialWeights: weights });
    let penalty = 0;
    weights.forEach((w, i) => {
      if (i % 2 === 0) for (const v of w) penalty += l2 * v * v;
    });
    expect((await r.evaluate(data)).loss - (await plain.evaluate(data)).loss).toBeCloseTo(penalty, 5);
    r.dispose();
    plain.dispose();
  });

  it('creates no TF.js tensors while training, predicting and evaluating', async () => {
    const weights = initialWeightsOf(spec, 8);
    const before = tf.memory().numTensors;
    const trainer = createFusedTrainer(spec, { seed: 8, initialWeights: weights });
    await trainer.train(data, { epochs: 3, batchSize: 10, validationSplit: 0.25 });
    await trainer.predictGrid({ x: new Float32Array(2 * 500) });
    await trainer.evaluate(data);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad input with a clear message', async () => {
    const trainer = createFusedTrainer(spec, { seed: 0, initialWeights: initialWeightsOf(spec, 0) });
    await expect(trainer.predictProba(new Float32Array(5))).rejects.toMatchObject({
      name: 'TrainOptionsError',
      code: 'MLPKIT_INVALID_INPUT',
      message: 'x has 5 values, not a multiple of the 2 input features',
    });
    await expect(trainer.setWeights([new Float32Array(3)])).rejects.toThrow('expected 8 weight arrays (kernel and bias per layer), got 1');
    const wrong = initialWeightsOf(spec, 0);
    wrong[2] = new Float32Array(10);
    await expect(trainer.setWeights(wrong)).rejects.toThrow('weight 2 (layer 2 kernel (12×12)) has 10 values, expected 144');
    expect(() => createFusedTrainer(spec, { seed: 0, initialWeights: [] })).toThrow('expected 8 weight arrays (kernel and bias per layer), got 0');
    trainer.dispose();
    await expect(trainer.predictProba(new Float32Array(2))).rejects.toThrow('this trainer has been disposed');
    expect(() => trainer.train(data, { epochs: 1 })).toThrow('this trainer has been disposed');
  });

  it('stops with a TrainingError when the loss diverges', async () => {
    const wild: ModelSpec = { ...spec, compile: { ...spec.compile, optimizer: { name: 'sgd', learningRate: 1e30 } } };
    const linear: ModelSpec = { ...wild, layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'linear' }], compile: { ...wild.compile, loss: 'meanSquaredError' } };
    const trainer = createFusedTrainer(linear, { seed: 0, initialWeights: initialWeightsOf(linear, 0) });
    await expect(trainer.train(data, { epochs: 5, batchSize: 10 })).rejects.toMatchObject({ code: 'MLPKIT_RUNTIME' });
    trainer.dispose();
  });
});

describe('createTrainer with the fused backend', () => {
  it("'fused' and 'auto' give the fused trainer, starting from buildModel's weights for the seed", async () => {
    const spec = getPreset('moons-ann');
    const data = trainData(spec, 100, 2, 4);
    for (const backend of ['fused', 'auto']) {
      const trainer = await createTrainer(spec, { backend, seed: 12 });
      expect(trainer.backend, backend).toBe('fused');
      expect(await trainer.getWeights()).toEqual(initialWeightsOf(spec, 12));
      const history = await trainer.train(data, { epochs: 3, batchSize: 10 });
      expect(history.epochs).toBe(3);
      expect(history.loss[2]!).toBeLessThan(history.loss[0]!);
      trainer.dispose();
    }
    // Same seed, same history on 'fused' and 'auto'; and the TF.js cpu trainer agrees within float32 tolerance.
    const a = await createTrainer(spec, { backend: 'fused', seed: 12 });
    const b = await createTrainer(spec, { backend: 'cpu', seed: 12 });
    const ha = await a.train(data, { epochs: 2, batchSize: 10 });
    const hb = await b.train(data, { epochs: 2, batchSize: 10 });
    expect(firstMismatch(ha.loss, hb.loss)).toBe(-1);
    expect(ha.accuracy).toEqual(hb.accuracy);
    a.dispose();
    b.dispose();
  });
});
