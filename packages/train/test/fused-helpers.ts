/** Shared fixtures of the fused-engine tests: seeded data and a TF.js (LayersModel) reference. */
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { disposeOptimizer } from '../src/tfjs-engine.js';
import { applyLegacySgdDecay, buildModel, encodeTargets, resolveOptimizer, type ModelSpec } from '@mlpkit/models';

export interface Dataset {
  x: Float32Array;
  /** Class ids (for a regression spec: all 0, unused). */
  y: Int32Array;
  targets: Float32Array;
  width: number;
  n: number;
  features: number;
  classes: number;
}

/**
 * n rows of N(0, 1)-ish features (sum of uniforms) with labels from a fixed nonlinear rule; for a
 * regression spec, `targets` are n × output-units values 2.5·sin(score + c) + 0.3·c, wide enough
 * that huber's linear branch (|error| > 1) and both signs of every error occur.
 */
export function makeData(spec: ModelSpec, n: number, seed: number, classes: number): Dataset {
  const random = seedrandom.alea(`fused-test:${seed}`);
  const f = spec.input;
  const x = new Float32Array(n * f);
  const y = new Int32Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let score = 0;
    for (let k = 0; k < f; k++) {
      const v = (random() + random() + random() - 1.5) * 2;
      x[i * f + k] = v;
      score += Math.sin(1.7 * v + k) * (k % 2 === 0 ? 1 : -1);
    }
    y[i] = Math.min(classes - 1, Math.floor(((Math.tanh(score) + 1) / 2) * classes));
    scores[i] = score;
  }
  if (spec.task === 'regression') {
    const width = spec.layers[spec.layers.length - 1]!.units;
    const targets = new Float32Array(n * width);
    for (let i = 0; i < n; i++) for (let c = 0; c < width; c++) targets[i * width + c] = 2.5 * Math.sin(scores[i]! + c) + 0.3 * c;
    return { x, y: new Int32Array(n), targets, width, n, features: f, classes };
  }
  const { targets, width } = encodeTargets(spec, y, classes);
  return { x, y, targets, width, n, features: f, classes };
}

/** Rows order[start..start+count) of a row-major matrix of `width` columns. */
export function gatherRows(m: Float32Array, width: number, order: Int32Array, start: number, count: number): Float32Array {
  const out = new Float32Array(count * width);
  for (let r = 0; r < count; r++) out.set(m.subarray(order[start + r]! * width, order[start + r]! * width + width), r * width);
  return out;
}

export interface ReferenceRun {
  initialWeights: Float32Array[];
  /** Loss reported by each step (before its update), as LayersModel.fit logs it. */
  losses: number[];
  weights: Float32Array[];
}

/**
 * Trains with TF.js itself: buildModel (compiled with createOptimizer) and trainOnBatch, i.e. the
 * exact LayersModel.fit step, on consecutive batches of `order`. The legacy SGD decay is applied
 * before each step with applyLegacySgdDecay, as the train loop does.
 */
export async function referenceRun(spec: ModelSpec, seed: number, data: Dataset, order: Int32Array, batchSize: number, steps: number): Promise<ReferenceRun> {
  const model = buildModel(spec, { seed });
  try {
    const initialWeights = model.getWeights().map((w) => w.dataSync() as Float32Array).map((a) => a.slice());
    const o = resolveOptimizer(spec.compile.optimizer);
    const losses: number[] = [];
    const perEpoch = Math.ceil(data.n / batchSize);
    for (let s = 0; s < steps; s++) {
      const b = s % perEpoch;
      const start = b * batchSize;
      const count = Math.min(batchSize, data.n - start);
      applyLegacySgdDecay(model.optimizer, o, s);
      const xs = tf.tensor2d(gatherRows(data.x, data.features, order, start, count), [count, data.features]);
      const ts = tf.tensor2d(gatherRows(data.targets, data.width, order, start, count), [count, data.width]);
      const out = await model.trainOnBatch(xs, ts);
      tf.dispose([xs, ts]);
      losses.push(Array.isArray(out) ? out[0]! : out);
    }
    const weights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
    return { initialWeights, losses, weights };
  } finally {
    disposeOptimizer(model.optimizer);
    model.dispose();
  }
}

/** Largest |a − b| / max(|b|, absFloor) over two arrays of equal length. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, absFloor = 1e-3): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), absFloor);
    if (!(e <= worst)) worst = e;
  }
  return worst;
}

/** Asserts |a − b| ≤ abs + rel·|b| elementwise; returns the index of the first violation or -1. */
export function firstMismatch(a: ArrayLike<number>, b: ArrayLike<number>, rel = 1e-4, abs = 1e-5): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= abs + rel * Math.abs(b[i]!))) return i;
  }
  return -1;
}

/** Counts values that are not bit-identical. */
export function countInexact(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(Math.fround(a[i]!), Math.fround(b[i]!))) n++;
  return n;
}
