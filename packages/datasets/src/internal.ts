import type { DefinedDatasetEntry, ParamValues } from './params.js';
import { RandomState } from './random-state.js';
import type { Rng } from './rng.js';
import { permutation } from './rng.js';
import type { Dataset } from './types.js';

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

/**
 * Rows per class of sklearn make_blobs (and the K-class rules that split evenly): `n // k` each,
 * the remainder one each to the first classes.
 */
export function evenSplit(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, c) => Math.floor(n / k) + (c < n % k ? 1 : 0));
}

/**
 * Rows per cluster of sklearn 1.2 make_classification with weights=None and one cluster per
 * class: `int(n · (1/k))` each (double arithmetic, as sklearn), then the remaining rows one by one
 * to clusters 0, 1, …, wrapping around.
 */
export function classificationSplit(n: number, k: number): number[] {
  const weight = 1 / k;
  const counts = Array.from({ length: k }, () => Math.trunc(n * weight));
  let assigned = 0;
  for (const c of counts) assigned += c;
  const remainder = n - assigned;
  for (let i = 0; i < remainder; i++) counts[i % k]! += 1;
  return counts;
}

/** `X[perm]`, `y[perm]` in float64 (sklearn's util_shuffle before noise is added). */
export function permuteRows64(
  x: Float64Array,
  y: Int32Array,
  features: number,
  perm: ArrayLike<number>,
): { x: Float64Array; y: Int32Array } {
  const n = perm.length;
  const outX = new Float64Array(n * features);
  const outY = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const src = perm[r]!;
    outY[r] = y[src]!;
    for (let f = 0; f < features; f++) outX[r * features + f] = x[src * features + f]!;
  }
  return { x: outX, y: outY };
}

/**
 * The RandomState a generator draws from: the caller's instance (advanced in place, as sklearn
 * does with a RandomState passed as random_state), a fresh `RandomState(randomState)` when
 * randomState ≥ 0, or undefined (the seedrandom `seed` path).
 */
export function numpyState(randomState: number, given: RandomState | undefined): RandomState | undefined {
  if (given) return given;
  return randomState >= 0 ? new RandomState(randomState) : undefined;
}

/**
 * The parameters recorded on a dataset: with a RandomState in use, `randomState` (the integer,
 * or 'instance' for a caller's RandomState) replaces the unused `seed`; otherwise `seed` as before.
 */
export function recordedParams(
  p: ParamValues & { seed: number; randomState: number },
  given: RandomState | undefined,
): Record<string, number | boolean | string> {
  const { seed, randomState, ...rest } = p;
  if (given) return { ...rest, randomState: 'instance' };
  return randomState >= 0 ? { ...rest, randomState } : { ...rest, seed };
}

/**
 * The typed generator functions: `randomState` may be a RandomState instance (the registry takes
 * only the integer), which is validated apart and passed to `build`.
 */
export function generateTyped<P>(
  entry: DefinedDatasetEntry<Dataset>,
  options: object,
  build: (params: P, given?: RandomState) => Dataset,
): Dataset {
  const { randomState, ...rest } = options as { randomState?: unknown };
  if (randomState instanceof RandomState) return build(entry.parseParams(rest) as P, randomState);
  return entry.generate({ ...options });
}

/**
 * sklearn make_moons / make_circles after the layout: `X, y = util_shuffle(X, y)` (rows in the
 * order of `permutation(n)`) when `shuffle`, then `X += normal(scale=noise, size=X.shape)` (drawn
 * also for noise 0, as sklearn does), rounded once to float32. Gathers and adds in one pass, so no
 * second float64 copy of the data is made.
 */
export function shuffleThenNoise(
  x: Float64Array,
  y: Int32Array,
  shuffle: boolean,
  noise: number,
  rs: RandomState,
): { x: Float32Array; y: Int32Array } {
  const n = y.length;
  const perm = shuffle ? rs.permutation(n) : undefined;
  const outX = new Float32Array(2 * n);
  const outY = perm ? new Int32Array(n) : y;
  for (let r = 0; r < n; r++) {
    const src = perm ? perm[r]! : r;
    if (perm) outY[r] = y[src]!;
    outX[2 * r] = x[2 * src]! + (0 + noise * rs.standardNormal());
    outX[2 * r + 1] = x[2 * src + 1]! + (0 + noise * rs.standardNormal());
  }
  return { x: outX, y: outY };
}
