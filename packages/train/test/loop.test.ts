import * as tf from '@tensorflow/tfjs';
import { buildModel, decayedLearningRate, getPreset, type ModelSpec } from '@mlpkit/models';
import { xorTable } from '@mlpkit/datasets';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createTrainer,
  epochOrder,
  runTraining,
  train,
  TrainingError,
  TrainOptionsError,
  useBackend,
  type EncodedData,
  type EpochLogs,
  type EvalResult,
  type TrainingEngine,
} from '../src/index.js';
import { blobsData, binarySpec } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Records what the shared driver hands an engine; its loss follows a script. */
class RecordingEngine implements TrainingEngine {
  epochs: Array<{ n: number; order: Int32Array; batchSize: number; firstX: number[] }> = [];
  evaluated: EncodedData[] = [];
  constructor(private readonly losses: (epoch: number) => number = () => 1) {}
  async trainEpoch(data: EncodedData, order: Int32Array, batchSize: number, hooks?: { onBatchEnd?: (b: number, n: number) => void }): Promise<EvalResult> {
    this.epochs.push({ n: data.n, order: order.slice(), batchSize, firstX: Array.from(data.x.subarray(0, data.features)) });
    const batches = Math.ceil(data.n / batchSize);
    for (let b = 1; b <= batches; b++) hooks?.onBatchEnd?.(b, batches);
    return { loss: this.losses(this.epochs.length), accuracy: 0.5 };
  }
  async evaluate(data: EncodedData): Promise<EvalResult> {
    this.evaluated.push(data);
    return { loss: 2, accuracy: 0.25 };
  }
}

describe('shuffling', () => {
  it('epochOrder is a seeded permutation, different per epoch and seed', () => {
    const a = epochOrder(3, 0, 100);
    expect(Array.from(a).sort((p, q) => p - q)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(epochOrder(3, 0, 100)).toEqual(a);
    expect(epochOrder(3, 1, 100)).not.toEqual(a);
    expect(epochOrder(4, 0, 100)).not.toEqual(a);
  });

  it('the driver passes epochOrder(seed, epoch) to the engine, or the identity without shuffle', async () => {
    const spec = binarySpec();
    const data = blobsData(40, 2, 1);
    const engine = new RecordingEngine();
    await runTraining(engine, data, spec, { epochs: 3, batchSize: 8, seed: 9 });
    expect(engine.epochs.map((e) => e.order)).toEqual([epochOrder(9, 0, 40), epochOrder(9, 1, 40), epochOrder(9, 2, 40)]);
    expect(engine.epochs[0]!.batchSize).toBe(8);
    const plain = new RecordingEngine();
    await runTraining(plain, data, spec, { epochs: 1, shuffle: false });
    expect(Array.from(plain.epochs[0]!.order)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(plain.epochs[0]!.batchSize).toBe(32);
  });
});

describe('validation', () => {
  it('validationSplit holds out the last rows, as Keras does', async () => {
    const data = blobsData(100, 2, 2);
    const engine = new RecordingEngine();
    const history = await runTraining(engine, data, binarySpec(), { epochs: 2, validationSplit: 0.25 });
    expect(engine.epochs[0]!.n).toBe(75);
    expect(engine.evaluated[0]!.n).toBe(25);
    expect(engine.evaluated[0]!.x).toEqual(data.x.subarray(150));
    expect(engine.evaluated[0]!.y).toEqual(data.y.subarray(75));
    expect(history.val_loss).toEqual([2, 2]);
    expect(history.val_accuracy).toEqual([0.25, 0.25]);
  });

  it('the last val_loss equals evaluate() on the held-out rows with the final weights', async () => {
    const spec = binarySpec();
    const data = blobsData(120, 2, 3);
    const trainer = await createTrainer(spec, { backend: 'cpu', seed: 1 });
    const history = await trainer.train(data, { epochs: 3, validationSplit: 0.2 });
    const held = { x: data.x.subarray(96 * 2), y: data.y.subarray(96), features: 2, classes: 2 };
    const v = await trainer.evaluate(held);
    expect(history.val_loss!.at(-1)).toBeCloseTo(v.loss, 6);
    expect(history.val_accuracy!.at(-1)).toBe(v.accuracy);
    expect(history.loss.length).toBe(3);
    trainer.dispose();
  });

  it('validationData is used as given', async () => {
    const engine = new RecordingEngine();
    const val = blobsData(10, 2, 4);
    await runTraining(engine, blobsData(30, 2, 4), binarySpec(), { epochs: 1, validationData: val });
    expect(engine.evaluated[0]!.x).toEqual(val.x);
  });

  it('rejects bad options with readable messages', async () => {
    const data = blobsData(10, 2, 1);
    const run = (o: object) => runTraining(new RecordingEngine(), data, binarySpec(), { epochs: 1, ...o });
    await expect(run({ epochs: 0 })).rejects.toThrow(new TrainOptionsError('epochs must be a positive integer, got 0'));
    await expect(run({ batchSize: 2.5 })).rejects.toThrow('batchSize must be a positive integer, got 2.5');
    await expect(run({ validationSplit: 1 })).rejects.toThrow('validationSplit must be in [0, 1), got 1');
    await expect(run({ earlyStopping: { monitor: 'val_loss', patience: 1 } })).rejects.toThrow('earlyStopping monitors val_loss but there is no validation data');
    await expect(runTraining(new RecordingEngine(), { ...data, features: 3 }, binarySpec(), { epochs: 1 })).rejects.toThrow('data.x has 20 values but y has 10 rows of 3 features (expected 30)');
    await expect(runTraining(new RecordingEngine(), { ...blobsData(9, 3, 1, 3) }, binarySpec(), { epochs: 1 })).rejects.toThrow('model input is 2 features but the data has 3');
  });
});

describe('callbacks and stopping', () => {
  it('onEpochEnd gets Keras-style logs; onBatchEnd is throttled', async () => {
    const engine = new RecordingEngine((e) => 1 / e);
    const logs: EpochLogs[] = [];
    const everyBatch: number[] = [];
    await runTraining(engine, blobsData(50, 2, 1), binarySpec(), {
      epochs: 2,
      batchSize: 10,
      onEpochEnd: (l) => void logs.push(l),
      onBatchEnd: (b) => void everyBatch.push(b.epoch * 100 + b.batch),
      batchCallbackIntervalMs: 0,
    });
    expect(logs.map((l) => [l.epoch, l.loss, l.accuracy])).toEqual([[1, 1, 0.5], [2, 0.5, 0.5]]);
    expect(everyBatch).toEqual([101, 102, 103, 104, 105, 201, 202, 203, 204, 205]);
    const throttled: number[] = [];
    await runTraining(new RecordingEngine(), blobsData(50, 2, 1), binarySpec(), {
      epochs: 3,
      batchSize: 10,
      onBatchEnd: (b) => void throttled.push(b.batch),
      batchCallbackIntervalMs: 60_000,
    });
    expect(throttled).toEqual([1]);
  });

  it('callbacks may return anything (the `cond && console.log()` idiom); promises are awaited', async () => {
    const order: string[] = [];
    const history = await runTraining(new RecordingEngine(), blobsData(20, 2, 1), binarySpec(), {
      epochs: 3,
      batchSize: 10,
      batchCallbackIntervalMs: 0,
      // Returns false or undefined: accepted by the type (unknown) and ignored.
      onBatchEnd: (b) => b.batch === 2 && order.push(`batch ${b.epoch}.${b.batch}`),
      // An async callback is awaited before the next epoch starts.
      onEpochEnd: async (l) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(`epoch ${l.epoch}`);
      },
    });
    expect(history.epochs).toBe(3);
    expect(order).toEqual(['batch 1.2', 'epoch 1', 'batch 2.2', 'epoch 2', 'batch 3.2', 'epoch 3']);
  });

  it('a promise from onBatchEnd is awaited at the end of the epoch, and its rejection stops training', async () => {
    let settled = 0;
    await runTraining(new RecordingEngine(), blobsData(30, 2, 1), binarySpec(), {
      epochs: 1,
      batchSize: 10,
      batchCallbackIntervalMs: 0,
      onBatchEnd: () => new Promise<void>((resolve) => setTimeout(() => resolve(void settled++), 5)),
      onEpochEnd: () => expect(settled).toBe(3),
    });
    expect(settled).toBe(3);
    const epochs: number[] = [];
    await expect(
      runTraining(new RecordingEngine(), blobsData(30, 2, 1), binarySpec(), {
        epochs: 3,
        batchSize: 10,
        batchCallbackIntervalMs: 0,
        onBatchEnd: async (b) => {
          if (b.epoch === 2 && b.batch === 1) throw new Error('the UI went away');
        },
        onEpochEnd: (l) => void epochs.push(l.epoch),
      }),
    ).rejects.toThrow('the UI went away');
    expect(epochs).toEqual([1]);
  });

  it('early stopping follows Keras (patience, minDelta)', async () => {
    const losses = [1, 0.5, 0.49, 0.495, 0.6, 0.3];
    const run = (patience: number, minDelta?: number) =>
      runTraining(new RecordingEngine((e) => losses[e - 1]!), blobsData(20, 2, 1), binarySpec(), {
        epochs: 6,
        earlyStopping: { monitor: 'loss', patience, ...(minDelta !== undefined ? { minDelta } : {}) },
      });
    const a = await run(2);
    expect([a.epochs, a.stopReason]).toEqual([5, 'earlyStopping']);
    const b = await run(3);
    expect([b.epochs, b.stopReason]).toEqual([6, 'completed']);
    // 0.49 is not an improvement of more than 0.05 over 0.5.
    const c = await run(2, 0.05);
    expect([c.epochs, c.stopReason]).toEqual([4, 'earlyStopping']);
  });

  it('stops at the target accuracy and reports the epoch (xor-table)', async () => {
    const trainer = await createTrainer(getPreset('xor-table-16x2'), { backend: 'cpu', seed: 2 });
    const history = await trainer.train(xorTable(), { epochs: 400, batchSize: 4, stopAtAccuracy: 1 });
    expect(history.stopReason).toBe('targetAccuracy');
    expect(history.reachedAccuracyAt).toBe(history.epochs);
    expect(history.accuracy.at(-1)).toBe(1);
    expect(history.accuracy.slice(0, -1).every((a) => a < 1)).toBe(true);
    trainer.dispose();
  });

  it('an AbortSignal stops between epochs', async () => {
    const controller = new AbortController();
    const history = await runTraining(new RecordingEngine(), blobsData(20, 2, 1), binarySpec(), {
      epochs: 10,
      signal: controller.signal,
      onEpochEnd: (l) => {
        if (l.epoch === 3) controller.abort();
      },
    });
    expect([history.epochs, history.stopReason, history.loss.length]).toEqual([3, 'aborted', 3]);
    const none = await runTraining(new RecordingEngine(), blobsData(20, 2, 1), binarySpec(), { epochs: 5, signal: AbortSignal.abort() });
    expect([none.epochs, none.stopReason]).toEqual([0, 'aborted']);
  });

  it('yields to the event loop between epochs', async () => {
    let timerFired = false;
    const seenAt: boolean[] = [];
    setTimeout(() => (timerFired = true), 0);
    // Each epoch blocks for 5 ms (synchronously), so the timer is due after epoch 1; it can only
    // run if the driver gives the event loop a turn between epochs.
    const busyEngine = new RecordingEngine();
    const trainEpoch = busyEngine.trainEpoch.bind(busyEngine);
    busyEngine.trainEpoch = (...args) => {
      const until = Date.now() + 5;
      while (Date.now() < until);
      return trainEpoch(...args);
    };
    await runTraining(busyEngine, blobsData(20, 2, 1), binarySpec(), { epochs: 3, onEpochEnd: () => void seenAt.push(timerFired) });
    expect(seenAt[0]).toBe(false);
    expect(seenAt.at(-1)).toBe(true);
  });
});

describe('divergence', () => {
  it('a NaN or infinite loss stops with a TrainingError naming the epoch', async () => {
    const engine = new RecordingEngine((e) => (e < 3 ? 1 : NaN));
    const error = await runTraining(engine, blobsData(20, 2, 1), binarySpec(), { epochs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).code).toBe('MLPKIT_RUNTIME');
    expect((error as Error).message).toBe('training diverged: loss is NaN at epoch 3; try a lower learning rate');
  });

  it('a real model with a huge learning rate diverges deterministically', async () => {
    const spec: ModelSpec = {
      input: 2,
      layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'linear' }],
      compile: { optimizer: { name: 'sgd', learningRate: 1e6 }, loss: 'meanSquaredError' },
    };
    const data = blobsData(64, 2, 6);
    const messages: string[] = [];
    for (let i = 0; i < 2; i++) {
      const trainer = await createTrainer(spec, { backend: 'cpu', seed: 1 });
      messages.push(await trainer.train(data, { epochs: 20, batchSize: 8 }).then(() => 'no error', (e: Error) => e.message));
      trainer.dispose();
    }
    expect(messages[0]).toMatch(/^training diverged: (loss is (NaN|Infinity)|weights are not finite) at epoch \d+; try a lower learning rate$/);
    expect(messages[1]).toBe(messages[0]);
  });
});

describe('legacy SGD decay', () => {
  /**
   * Float64 reference of Keras's legacy SGD (keras/optimizers/legacy/gradient_descent.py):
   * lr_t = lr/(1+decay·t); v = m·v − lr_t·g; w += v. On y ≈ w·x + b, MSE.
   */
  function reference(x: number[], t: number[], batchSize: number, epochs: number, lr: number, decay: number, momentum: number, form: 'keras' | 'tfjs' = 'keras') {
    let w = 0;
    let b = 0;
    let vw = 0;
    let vb = 0;
    let step = 0;
    for (let e = 0; e < epochs; e++) {
      for (let start = 0; start < x.length; start += batchSize) {
        const end = Math.min(x.length, start + batchSize);
        let gw = 0;
        let gb = 0;
        for (let i = start; i < end; i++) {
          const r = w * x[i]! + b - t[i]!;
          gw += (2 * r * x[i]!) / (end - start);
          gb += (2 * r) / (end - start);
        }
        const rate = decayedLearningRate(lr, decay, step++);
        if (form === 'keras') {
          vw = momentum * vw - rate * gw;
          vb = momentum * vb - rate * gb;
          w += vw;
          b += vb;
        } else {
          // tf.train.momentum with only the rate decayed: the current rate scales all past gradients.
          vw = momentum * vw + gw;
          vb = momentum * vb + gb;
          w -= rate * vw;
          b -= rate * vb;
        }
      }
    }
    return [w, b];
  }

  for (const momentum of [0, 0.9]) {
    it(`applies lr/(1 + decay·iterations) per step (momentum ${momentum})`, async () => {
      const spec: ModelSpec = {
        input: 1,
        layers: [{ units: 1, activation: 'linear', kernelInitializer: 'zeros' }],
        compile: { optimizer: { name: 'sgd', learningRate: 0.1, decay: 0.5, ...(momentum ? { momentum } : {}) }, loss: 'meanSquaredError' },
      };
      const x = [0.5, -1, 2, 1.5, -0.5, 1];
      const y = [1, 0, 1, 1, 0, 1];
      const data = { x: Float32Array.from(x), y: Int32Array.from(y), features: 1, classes: 2 };
      const model = buildModel(spec);
      await train(model, spec, data, { epochs: 3, batchSize: 4, shuffle: false });
      const [w, b] = model.getWeights().map((t) => t.dataSync()[0]!);
      const [rw, rb] = reference(x, y, 4, 3, 0.1, 0.5, momentum);
      const [nw] = reference(x, y, 4, 3, 0.1, 0, momentum);
      expect(w).toBeCloseTo(rw!, 5);
      expect(b).toBeCloseTo(rb!, 5);
      // The schedule matters: without decay the weight is clearly different.
      expect(Math.abs(nw! - rw!)).toBeGreaterThan(0.01);
      if (momentum > 0) {
        // …and so does where the rate goes: TF.js's form (rate applied to the accumulation) differs.
        const [tw] = reference(x, y, 4, 3, 0.1, 0.5, momentum, 'tfjs');
        expect(Math.abs(tw! - rw!)).toBeGreaterThan(0.01);
      }
      // The fused engine follows the same schedule.
      const fused = await createTrainer(spec, { backend: 'fused' });
      await fused.train(data, { epochs: 3, batchSize: 4, shuffle: false });
      const [fw, fb] = (await fused.getWeights()).map((a) => a[0]!);
      expect(fw).toBeCloseTo(rw!, 5);
      expect(fb).toBeCloseTo(rb!, 5);
      fused.dispose();
      await useBackend('cpu');
      model.dispose();
    });
  }
});
