import * as tf from '@tensorflow/tfjs';
import { buildModel, getPreset, summary } from '@mlpkit/models';
import { moons, spiral } from '@mlpkit/datasets';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createTrainer, prepareData, TfjsEngine, TfjsTrainer, train, useBackend, type History } from '../src/index.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const data = moons({ samples: 200, noise: 0.1, seed: 3 });

async function historyOn(backend: string, seed: number): Promise<History> {
  const trainer = await createTrainer(getPreset('moons-ann'), { backend, seed });
  try {
    return await trainer.train(data, { epochs: 4, batchSize: 16, validationSplit: 0.25 });
  } finally {
    trainer.dispose();
  }
}

describe('determinism', () => {
  for (const backend of ['cpu', 'wasm', 'fused', 'fused-exact']) {
    it(`same seed + ${backend} → identical history; another seed differs`, async () => {
      const a = await historyOn(backend, 5);
      const b = await historyOn(backend, 5);
      const c = await historyOn(backend, 6);
      expect(b).toEqual(a);
      expect(c.loss).not.toEqual(a.loss);
    });
  }

  it('cpu, wasm, fused and fused-exact agree to float32 tolerance from the same seed', async () => {
    const [cpu, wasm, fused, exact] = [await historyOn('cpu', 7), await historyOn('wasm', 7), await historyOn('fused', 7), await historyOn('fused-exact', 7)];
    for (const other of [wasm, fused, exact]) {
      other.loss.forEach((l, i) => expect(l).toBeCloseTo(cpu.loss[i]!, 4));
      other.val_loss!.forEach((l, i) => expect(l).toBeCloseTo(cpu.val_loss![i]!, 4));
    }
  });
});

describe('memory', () => {
  for (const backend of ['cpu', 'wasm']) it(`${backend}: tensors after training = before + optimizer slots, stable over many epochs; dispose frees all`, { timeout: 30_000 }, async () => {
    await useBackend(backend);
    const spec = getPreset('moons-ann'); // adam: 2 slots per weight tensor
    const baseline = tf.memory().numTensors;
    const trainer = await createTrainer(spec, { backend, seed: 1 });
    const weightTensors = summary(spec).layers.length * 2;
    const afterBuild = tf.memory().numTensors;
    // Weights plus adam's two accumulated-beta scalars.
    expect(afterBuild - baseline).toBe(weightTensors + 2);
    await trainer.train(data, { epochs: 1, batchSize: 32 });
    const afterOne = tf.memory().numTensors;
    expect(afterOne - afterBuild).toBe(2 * weightTensors);
    await trainer.train(data, { epochs: 40, batchSize: 32, validationSplit: 0.2 });
    expect(tf.memory().numTensors).toBe(afterOne);
    await trainer.predictGrid({ x: new Float32Array(2 * 10_000) }, { batchSize: 999 });
    await trainer.evaluate(data);
    await trainer.getWeights();
    const copy = await trainer.toLayersModel();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(afterOne);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
  it('plain SGD through train(): after 60 epochs the count is the count before plus the weights', async () => {
    await useBackend('cpu');
    const spec = { ...getPreset('moons-ann'), compile: { optimizer: { name: 'sgd' as const, learningRate: 0.05 }, loss: 'binaryCrossentropy' as const } };
    const before = tf.memory().numTensors;
    const model = buildModel(spec, { seed: 2 });
    const weights = model.getWeights().length; // kernel + bias per Dense layer
    // tf.train.sgd keeps its learning rate as one scalar tensor; plain SGD has no slot variables.
    const SGD_LEARNING_RATE_SCALAR = 1;
    expect(tf.memory().numTensors).toBe(before + weights + SGD_LEARNING_RATE_SCALAR);
    await train(model, spec, data, { epochs: 60, batchSize: 16, validationSplit: 0.2 });
    expect(tf.memory().numTensors).toBe(before + weights + SGD_LEARNING_RATE_SCALAR);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
  it('an SGD-momentum model with decay frees everything too', async () => {
    await useBackend('cpu');
    const baseline = tf.memory().numTensors;
    const trainer = await createTrainer(getPreset('xor-gauss'), { backend: 'cpu', seed: 1 });
    await trainer.train(data, { epochs: 3, batchSize: 50 });
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe('performance', () => {
  for (const backend of ['cpu', 'wasm']) it(`${backend}: an epoch of many batches reads device data back once`, async () => {
    await useBackend(backend);
    const spec = getPreset('moons-ann');
    const model = buildModel(spec, { seed: 1 });
    const engine = new TfjsEngine(model, spec);
    const { train: encoded } = prepareData(spec, data, {});
    // Every download of tensor data goes through the engine's read / readSync.
    const read = vi.spyOn(tf.engine(), 'read');
    const readSync = vi.spyOn(tf.engine(), 'readSync');
    try {
      const batchSize = 10; // 20 batches
      const order = Int32Array.from({ length: encoded.n }, (_, i) => i);
      const result = await engine.trainEpoch(encoded, order, batchSize);
      expect(Number.isFinite(result.loss)).toBe(true);
      expect(read).toHaveBeenCalledTimes(1);
      expect(readSync).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
      readSync.mockRestore();
      engine.dispose();
      model.dispose();
    }
  });
});

describe('TfjsTrainer', () => {
  it('predictGrid is batched and equals predictProba; predictClasses decodes', async () => {
    const trainer = await createTrainer(getPreset('spiral3-softmax'), { backend: 'cpu', seed: 2 });
    const grid = new Float32Array(2 * 1000).map((_, i) => Math.sin(i) * 2);
    const whole = await trainer.predictProba(grid);
    const batched = await trainer.predictGrid({ x: grid }, { batchSize: 64 });
    expect(batched).toEqual(whole);
    expect(whole.length).toBe(3000);
    const classes = await trainer.predictClasses(grid.subarray(0, 8));
    const p = whole.subarray(0, 12);
    expect(Array.from(classes)).toEqual([0, 1, 2, 3].map((r) => [0, 1, 2].reduce((best, k) => (p[r * 3 + k]! > p[r * 3 + best]! ? k : best), 0)));
    trainer.dispose();
  });

  it('get/setWeights use Keras order and shapes; toLayersModel carries the weights', async () => {
    const spec = getPreset('spiral3-ann');
    const trainer = await createTrainer(spec, { backend: 'cpu', seed: 4 });
    const weights = await trainer.getWeights();
    expect(weights.map((w) => w.length)).toEqual([128, 64, 2048, 32, 512, 16, 48, 3]);
    const reference = buildModel(spec, { seed: 4 });
    expect(weights[0]).toEqual(reference.getWeights()[0]!.dataSync());
    const changed = weights.map((w) => w.map((v, i) => v + 0.001 * (i % 3)));
    await trainer.setWeights(changed);
    expect(await trainer.getWeights()).toEqual(changed);
    const model = await trainer.toLayersModel();
    const x = spiral({ samples: 30, seed: 1 }).x;
    const expected = tf.tidy(() => (model.predict(tf.tensor2d(x, [30, 2])) as tf.Tensor).dataSync());
    const ours = await trainer.predictProba(x);
    ours.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    await expect(trainer.setWeights(changed.slice(1))).rejects.toThrow('expected 8 weight arrays (kernel and bias per layer), got 7');
    await expect(trainer.setWeights([new Float32Array(3), ...changed.slice(1)])).rejects.toThrow('weights[0] (layers[0] kernel) has 3 values, expected 2×64 = 128');
    model.dispose();
    reference.dispose();
    trainer.dispose();
    await expect(trainer.predictProba(x)).rejects.toThrow('this trainer has been disposed');
  });

  it('createTrainer: fused starts from the same initial weights as TF.js; specs are validated', async () => {
    const spec = getPreset('sine-ann');
    const fused = await createTrainer(spec, { backend: 'fused', seed: 9 });
    const cpu = await createTrainer(spec, { backend: 'cpu', seed: 9 });
    expect(fused.backend).toBe('fused');
    expect(cpu).toBeInstanceOf(TfjsTrainer);
    expect(await fused.getWeights()).toEqual(await cpu.getWeights());
    fused.dispose();
    cpu.dispose();
    const bad = { ...spec, input: -1 };
    await expect(createTrainer(bad)).rejects.toThrow('input must be a positive integer, got -1');
    expect((await createTrainer(spec)).backend).toBe('fused');
  });
});
