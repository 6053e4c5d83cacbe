/**
 * The heatmaps' forward pass (every layer's output over the grid) against TF.js: each layer's
 * output equals the same layer of the tf.LayersModel that @mlpkit/models builds, for random
 * networks (fast-check), and the last layer equals the trainer's predictions.
 */
import * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS, buildModel, type Activation, type ModelSpec } from '@mlpkit/models';
import { createTrainer } from '@mlpkit/train';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerOutputs, packHeatmaps, shownUnits } from '../src/training/activations.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function specOf(hidden: Array<{ units: number; activation: Activation }>, classes: number): ModelSpec {
  const output = classes === 2 ? { units: 1, activation: 'sigmoid' as const } : { units: classes, activation: 'softmax' as const };
  return {
    name: 'heat',
    input: 2,
    layers: [...hidden, output],
    compile: { optimizer: { name: 'adam' }, loss: classes === 2 ? 'binaryCrossentropy' : 'categoricalCrossentropy', metrics: ['accuracy'] },
  };
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(1e-5 + 1e-5 * Math.abs(expected[i]!));
  }
}

describe('layerOutputs', () => {
  it("equals every layer's output of the TF.js model, for random networks", () => {
    const layer = fc.record({ units: fc.integer({ min: 1, max: 9 }), activation: fc.constantFrom(...ACTIVATIONS) });
    fc.assert(
      fc.property(fc.array(layer, { minLength: 0, maxLength: 3 }), fc.constantFrom(2, 3, 5), fc.integer({ min: 0, max: 1000 }), (hidden, classes, seed) => {
        const spec = specOf(hidden, classes);
        const model = buildModel(spec, { seed });
        const weights = model.getWeights().map((w) => new Float32Array(w.dataSync()));
        const rows = 37;
        const x = Float32Array.from({ length: rows * 2 }, (_, i) => Math.sin(i * 1.7 + seed) * 3);
        const ours = layerOutputs(spec, weights, x, rows);
        expect(ours).toHaveLength(spec.layers.length);
        tf.tidy(() => {
          const input = tf.tensor2d(x, [rows, 2]);
          model.layers.forEach((l, i) => {
            const sub = tf.model({ inputs: model.inputs, outputs: l.output as tf.SymbolicTensor });
            expectClose(ours[i]!, (sub.predict(input) as tf.Tensor).dataSync() as Float32Array);
          });
        });
        model.dispose();
      }),
      { numRuns: 25 },
    );
  });

  it("ends with the trainer's own predictions (fused engine)", async () => {
    const spec = specOf(
      [
        { units: 12, activation: 'tanh' },
        { units: 12, activation: 'relu' },
      ],
      3,
    );
    const trainer = await createTrainer(spec, { backend: 'fused', seed: 4 });
    const x = Float32Array.from({ length: 200 }, (_, i) => Math.cos(i) * 2);
    const outputs = layerOutputs(spec, await trainer.getWeights(), x, 100);
    expectClose(outputs[outputs.length - 1]!, await trainer.predictProba(x));
    trainer.dispose();
  });
});

describe('packHeatmaps', () => {
  it('packs the first `max` units of each layer, unit after unit', () => {
    const points = 3;
    // Two layers: 3 units then 1 unit; values encode (layer, point, unit).
    const outputs = [
      Float32Array.from({ length: points * 3 }, (_, i) => 100 + Math.floor(i / 3) * 10 + (i % 3)),
      Float32Array.from({ length: points }, (_, p) => 200 + p * 10),
    ];
    expect(shownUnits([3, 1], 2)).toEqual([2, 1]);
    expect(Array.from(packHeatmaps(outputs, [3, 1], points, 2))).toEqual([100, 110, 120, 101, 111, 121, 200, 210, 220]);
  });
});
