import type { ModelSpec } from '@mlpkit/models';
import seedrandom from 'seedrandom';
import type { ClassificationData } from '../src/index.js';

/** Gaussian blobs around class-specific centres: simple, seeded, separable-ish data. */
export function blobsData(n: number, classes: number, seed: number, features = 2): ClassificationData {
  const random = seedrandom.alea(`test-blobs:${seed}`);
  const x = new Float32Array(n * features);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    y[i] = c;
    for (let f = 0; f < features; f++) {
      const centre = Math.cos(c * 2.1 + f * 1.3) * 1.5;
      // Box–Muller.
      const g = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      x[i * features + f] = centre + 0.6 * g;
    }
  }
  return { x, y, features, classes };
}

export function binarySpec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    input: 2,
    layers: [
      { units: 6, activation: 'tanh' },
      { units: 1, activation: 'sigmoid' },
    ],
    compile: { optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'binaryCrossentropy', metrics: ['accuracy'] },
    ...overrides,
  };
}

/** Float64 forward pass of Dense layers from Keras-order weights. */
export function referenceForward(spec: ModelSpec, weights: Float32Array[], x: Float32Array): number[][] {
  const n = x.length / spec.input;
  let rows: number[][] = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * spec.input, (i + 1) * spec.input)));
  spec.layers.forEach((layer, l) => {
    const kernel = weights[2 * l]!;
    const bias = weights[2 * l + 1]!;
    const inputs = rows[0]!.length;
    rows = rows.map((row) => {
      const z = Array.from({ length: layer.units }, (_, u) => {
        let s = bias[u]!;
        for (let k = 0; k < inputs; k++) s += row[k]! * kernel[k * layer.units + u]!;
        return s;
      });
      switch (layer.activation) {
        case 'linear':
          return z;
        case 'relu':
          return z.map((v) => Math.max(0, v));
        case 'tanh':
          return z.map(Math.tanh);
        case 'sigmoid':
          return z.map((v) => 1 / (1 + Math.exp(-v)));
        case 'softmax': {
          const m = Math.max(...z);
          const e = z.map((v) => Math.exp(v - m));
          const s = e.reduce((a, b) => a + b, 0);
          return e.map((v) => v / s);
        }
      }
    });
  });
  return rows;
}

/** Keras's loss (mean over samples, + kernel l1/l2) and accuracy, in float64. */
export function referenceLoss(spec: ModelSpec, weights: Float32Array[], x: Float32Array, y: Int32Array): { loss: number; accuracy: number } {
  const eps = 1e-7;
  const clip = (p: number) => Math.min(1 - eps, Math.max(eps, p));
  const out = referenceForward(spec, weights, x);
  let total = 0;
  let correct = 0;
  out.forEach((p, i) => {
    const c = y[i]!;
    const units = p.length;
    const t = units === 1 ? [c] : p.map((_, k) => (k === c ? 1 : 0));
    switch (spec.compile.loss) {
      case 'binaryCrossentropy':
        total += p.reduce((s, v, k) => s - (t[k]! * Math.log(clip(v)) + (1 - t[k]!) * Math.log(1 - clip(v))), 0) / units;
        break;
      case 'categoricalCrossentropy':
      case 'sparseCategoricalCrossentropy': {
        const sum = p.reduce((a, b) => a + b, 0);
        total -= Math.log(clip(p[c]! / sum));
        break;
      }
      case 'meanSquaredError':
        total += p.reduce((s, v, k) => s + (t[k]! - v) ** 2, 0) / units;
        break;
    }
    const predicted = units === 1 ? (p[0]! > 0.5 ? 1 : 0) : p.indexOf(Math.max(...p));
    if (predicted === c) correct++;
  });
  let penalty = 0;
  spec.layers.forEach((layer, l) => {
    const r = layer.kernelRegularizer;
    if (!r) return;
    for (const w of weights[2 * l]!) penalty += (r.l1 ?? 0) * Math.abs(w) + (r.l2 ?? 0) * w * w;
  });
  return { loss: total / out.length + penalty, accuracy: correct / out.length };
}
