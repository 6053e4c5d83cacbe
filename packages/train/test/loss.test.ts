import * as tf from '@tensorflow/tfjs';
import { buildModel, type LossName, type ModelSpec } from '@mlpkit/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareData, TfjsEngine, train } from '../src/index.js';
import { blobsData, referenceLoss } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cases: Array<{ name: string; spec: ModelSpec; classes: number }> = [
  {
    name: 'binary CE, sigmoid',
    classes: 2,
    spec: { input: 2, layers: [{ units: 5, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], compile: { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy' } },
  },
  {
    name: 'binary CE on 2 softmax units (xor-gauss style) + l1/l2',
    classes: 2,
    spec: {
      input: 2,
      layers: [{ units: 4, activation: 'relu', kernelRegularizer: { l1: 0.01, l2: 0.02 } }, { units: 2, activation: 'softmax', kernelRegularizer: { l2: 0.05 } }],
      compile: { optimizer: { name: 'sgd', momentum: 0.9 }, loss: 'binaryCrossentropy' },
    },
  },
  {
    name: 'categorical CE, softmax',
    classes: 3,
    spec: { input: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], compile: { optimizer: { name: 'rmsprop' }, loss: 'categoricalCrossentropy' } },
  },
  {
    name: 'sparse categorical CE',
    classes: 3,
    spec: { input: 2, layers: [{ units: 3, activation: 'softmax' }], compile: { optimizer: { name: 'adagrad' }, loss: 'sparseCategoricalCrossentropy' } },
  },
  {
    name: 'MSE, sigmoid',
    classes: 2,
    spec: { input: 2, layers: [{ units: 16, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], compile: { optimizer: { name: 'adam' }, loss: 'meanSquaredError' } },
  },
];

describe('TF.js engine loss equals Keras', () => {
  for (const { name, spec, classes } of cases) {
    it(`evaluate: ${name} matches a float64 reference`, async () => {
      const data = blobsData(300, classes, 4);
      const model = buildModel(spec, { seed: 11 });
      const engine = new TfjsEngine(model, spec);
      const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
      const ours = await engine.evaluate(prepareData(spec, data, {}).train);
      const ref = referenceLoss(spec, weights, data.x, data.y);
      expect(ours.loss).toBeCloseTo(ref.loss, 5);
      expect(ours.accuracy).toBe(ref.accuracy);
      model.dispose();
    });
  }

  it('the epoch loss is the pre-update loss when one batch covers the data', async () => {
    const spec = cases[2]!.spec;
    const data = blobsData(64, 3, 5);
    const model = buildModel(spec, { seed: 3 });
    const ref = referenceLoss(spec, model.getWeights().map((w) => w.dataSync() as Float32Array), data.x, data.y);
    const history = await train(model, spec, data, { epochs: 1, batchSize: 64 });
    expect(history.loss[0]).toBeCloseTo(ref.loss, 5);
    expect(history.accuracy[0]).toBe(ref.accuracy);
    model.dispose();
  });

  it('agrees with TF.js model.evaluate (the Keras-compatible implementation)', async () => {
    for (const loss of ['binaryCrossentropy', 'meanSquaredError'] as LossName[]) {
      const spec: ModelSpec = { ...cases[0]!.spec, compile: { optimizer: { name: 'adam' }, loss } };
      const data = blobsData(200, 2, 9);
      const model = buildModel(spec, { seed: 5 });
      const engine = new TfjsEngine(model, spec);
      const ours = await engine.evaluate(prepareData(spec, data, {}).train);
      const xs = tf.tensor2d(data.x, [200, 2]);
      const ys = tf.tensor2d(Float32Array.from(data.y), [200, 1]);
      const [tfLoss, tfAcc] = model.evaluate(xs, ys, { batchSize: 200 }) as tf.Scalar[];
      expect(ours.loss).toBeCloseTo(tfLoss!.dataSync()[0]!, 5);
      expect(ours.accuracy).toBeCloseTo(tfAcc!.dataSync()[0]!, 6);
      tf.dispose([xs, ys, tfLoss!, tfAcc!]);
      model.dispose();
    }
  });

  it('predictions equal model.predict', async () => {
    const spec = cases[2]!.spec;
    const data = blobsData(50, 3, 1);
    const model = buildModel(spec, { seed: 2 });
    const engine = new TfjsEngine(model, spec);
    const ours = await engine.predict(data.x, 7);
    const expected = tf.tidy(() => (model.predict(tf.tensor2d(data.x, [50, 2])) as tf.Tensor).dataSync());
    expect(Array.from(ours).map((v, i) => Math.abs(v - expected[i]!)).every((d) => d < 1e-6)).toBe(true);
    model.dispose();
  });
});
