import type { Rng } from './rng.js';
import { permutation } from './rng.js';

/** numpy.linspace: `n` evenly spaced values from start to stop (stop excluded when !endpoint). */
export function linspace(start: number, stop: number, n: number, endpoint = true): Float64Array {
  const out = new Float64Array(n);
  if (n === 0) return out;
  const div = endpoint ? n - 1 : n;
  if (div === 0) {
    out[0] = start;
    return out;
  }
  const step = (stop - start) / div;
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  if (endpoint && n > 1) out[n - 1] = stop;
  return out;
}

/** Copies rows of (x, y) in the order given by `order`. */
export function gatherRows(
  x: Float32Array,
  y: Int32Array,
  features: number,
  order: ArrayLike<number>,
): { x: Float32Array; y: Int32Array } {
  const n = order.length;
  const outX = new Float32Array(n * features);
  const outY = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const src = order[r]!;
    outY[r] = y[src]!;
    outX.set(x.subarray(src * features, (src + 1) * features), r * features);
  }
  return { x: outX, y: outY };
}

/** sklearn's util_shuffle on (X, y): one random row permutation applied to both. */
export function shuffleRows(
  x: Float32Array,
  y: Int32Array,
  features: number,
  rng: Rng,
): { x: Float32Array; y: Int32Array } {
  return gatherRows(x, y, features, permutation(y.length, rng));
}

/** Adds N(0, std) to every value. Always draws, so the noise-free layout is seed-stable. */
export function addGaussianNoise(x: Float32Array, std: number, rng: Rng): void {
  for (let k = 0; k < x.length; k++) {
    // Sum in double precision, round once.
    x[k] = x[k]! + rng.normal(0, std);
  }
}
