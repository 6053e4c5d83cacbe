import { DatasetParamError } from './errors.js';

/**
 * NumPy's legacy `numpy.random.RandomState`: the MT19937 Mersenne Twister with NumPy's seeding
 * and NumPy's legacy algorithms for every draw, so the same seed gives bit-for-bit the numbers
 * NumPy gives (checked against NumPy 1.24 in test/random-state.test.ts).
 *
 * - `new RandomState(seed)` with an integer seed in [0, 2³² − 1] seeds like `RandomState(seed)`
 *   (MT19937 `init_genrand`); an array of such integers seeds like `RandomState([a, b, ...])`
 *   (`init_by_array`).
 * - `randomSample` / `rand`: 53-bit doubles in [0, 1) from two 32-bit draws.
 * - `standardNormal` / `randn` / `normal`: the legacy polar (Marsaglia) method; each accepted pair
 *   yields two values and the second is cached for the next call, whatever is drawn in between.
 * - `randint`, `permutation`, `shuffle`, `choice`: masked rejection sampling of 32-bit (64-bit for
 *   ranges above 2³²) draws, and Fisher–Yates from the end, as NumPy's legacy code.
 *
 * Methods with a `size` return a new array of `size` values in NumPy's C (row-major) order; a
 * NumPy shape `(n, d)` is `size = n * d`.
 */
export class RandomState {
  private readonly key = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  /** Throws DatasetParamError (MLPKIT_INVALID_INPUT) on a seed outside NumPy's range. */
  constructor(seed: number | ArrayLike<number>) {
    this.seed(seed);
  }

  /** Re-seeds in place (NumPy `RandomState.seed`); also drops the cached Gaussian. */
  seed(seed: number | ArrayLike<number>): void {
    if (typeof seed === 'number') {
      checkSeedWord(seed, 'seed');
      initGenrand(this.key, seed);
    } else {
      if (seed === null || typeof seed !== 'object' || typeof seed.length !== 'number' || seed.length === 0) {
        throw new DatasetParamError(`RandomState: seed must be an integer or a non-empty array of integers, got ${String(seed)}`);
      }
      const words = new Uint32Array(seed.length);
      for (let i = 0; i < seed.length; i++) {
        checkSeedWord(seed[i]!, `seed[${i}]`);
        words[i] = seed[i]!;
      }
      initByArray(this.key, words);
    }
    this.pos = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** The next raw 32-bit output of MT19937 (an integer in [0, 2³²)). */
  nextUint32(): number {
    if (this.pos === N) {
      regenerate(this.key);
      this.pos = 0;
    }
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** NumPy's 53-bit double: `(a·2²⁶ + b) / 2⁵³` with a = 27 and b = 26 high bits of two draws. */
  private nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** Legacy `random_sample` / `random`: uniform doubles in [0, 1). */
  randomSample(): number;
  randomSample(size: number): Float64Array;
  randomSample(size?: number): number | Float64Array {
    if (size === undefined) return this.nextDouble();
    const out = new Float64Array(checkSize(size));
    for (let i = 0; i < out.length; i++) out[i] = this.nextDouble();
    return out;
  }

  /** `rand(size)`: the same stream as `randomSample`. */
  rand(): number;
  rand(size: number): Float64Array;
  rand(size?: number): number | Float64Array {
    return size === undefined ? this.nextDouble() : this.randomSample(size);
  }

  /** Legacy Gaussian (polar method with the cached second value). */
  private nextGauss(): number {
    if (this.hasGauss) {
      const g = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.nextDouble() - 1.0;
      x2 = 2.0 * this.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** Legacy `standard_normal`: N(0, 1) values. */
  standardNormal(): number;
  standardNormal(size: number): Float64Array;
  standardNormal(size?: number): number | Float64Array {
    if (size === undefined) return this.nextGauss();
    const out = new Float64Array(checkSize(size));
    for (let i = 0; i < out.length; i++) out[i] = this.nextGauss();
    return out;
  }

  /** `randn(size)`: the same stream as `standardNormal`. */
  randn(): number;
  randn(size: number): Float64Array;
  randn(size?: number): number | Float64Array {
    return size === undefined ? this.nextGauss() : this.standardNormal(size);
  }

  /**
   * Legacy `normal(loc, scale, size)`: value i is `loc[i mod loc.length] + scale · gauss()` (a
   * `loc` array broadcasts along the last axis, as NumPy's `normal(loc=centre, size=(n, d))`).
   * Draws even when scale is 0, as NumPy does. Throws on scale < 0.
   */
  normal(loc?: number, scale?: number): number;
  normal(loc: number | ArrayLike<number>, scale: number, size: number): Float64Array;
  normal(loc: number | ArrayLike<number> = 0, scale = 1, size?: number): number | Float64Array {
    if (!(scale >= 0)) throw new DatasetParamError(`RandomState.normal: scale must be ≥ 0, got ${scale}`);
    if (size === undefined) {
      if (typeof loc !== 'number') throw new DatasetParamError('RandomState.normal: an array loc needs a size');
      return loc + scale * this.nextGauss();
    }
    const out = new Float64Array(checkSize(size));
    if (typeof loc === 'number') {
      for (let i = 0; i < out.length; i++) out[i] = loc + scale * this.nextGauss();
    } else {
      const k = loc.length;
      if (k === 0 || out.length % k !== 0) {
        throw new DatasetParamError(`RandomState.normal: size ${size} is not a multiple of loc's length ${k}`);
      }
      for (let i = 0; i < out.length; i++) out[i] = loc[i % k]! + scale * this.nextGauss();
    }
    return out;
  }

  /** Legacy `uniform(low, high, size)`: `low + (high − low) · random_sample()`. */
  uniform(low?: number, high?: number): number;
  uniform(low: number, high: number, size: number): Float64Array;
  uniform(low = 0, high = 1, size?: number): number | Float64Array {
    const range = high - low;
    if (!Number.isFinite(range)) {
      throw new DatasetParamError(`RandomState.uniform: high - low must be finite, got ${high} - ${low}`);
    }
    if (size === undefined) return low + range * this.nextDouble();
    const out = new Float64Array(checkSize(size));
    for (let i = 0; i < out.length; i++) out[i] = low + range * this.nextDouble();
    return out;
  }

  /**
   * Legacy `randint(low, high)` with NumPy's default int64 dtype: an integer in [low, high), or in
   * [0, low) when `high` is omitted. Masked rejection sampling on 32-bit draws (two draws per value
   * when high − low − 1 ≥ 2³²). Bounds must be safe integers with high − low ≤ 2⁵³; a size returns
   * a Float64Array of exact integers.
   */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, size: number): Float64Array;
  randint(low: number, high?: number, size?: number): number | Float64Array {
    let lo = low;
    let hi = high;
    if (hi === undefined) {
      hi = lo;
      lo = 0;
    }
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) {
      throw new DatasetParamError(`RandomState.randint: low and high must be safe integers, got ${lo} and ${hi}`);
    }
    if (lo >= hi) throw new DatasetParamError(`RandomState.randint: low must be < high, got ${lo} >= ${hi}`);
    const rng = hi - lo - 1;
    if (rng >= 2 ** 53) throw new DatasetParamError(`RandomState.randint: high - low must be ≤ 2^53, got ${hi - lo}`);
    if (size === undefined) return lo + this.boundedMasked(rng);
    const out = new Float64Array(checkSize(size));
    for (let i = 0; i < out.length; i++) out[i] = lo + this.boundedMasked(rng);
    return out;
  }

  /** An integer in [0, rng]: NumPy's bounded masked uint64 fill. */
  private boundedMasked(rng: number): number {
    if (rng === 0) return 0;
    if (rng <= 0xffffffff) {
      if (rng === 0xffffffff) return this.nextUint32();
      const mask = maskOf(rng);
      let v: number;
      do v = (this.nextUint32() & mask) >>> 0;
      while (v > rng);
      return v;
    }
    // rng < 2^53: mask = 2^bits - 1 with bits in 33..53; the high word is drawn first.
    const maskHi = maskOf(Math.floor(rng / 4294967296));
    let v: number;
    do {
      const h = (this.nextUint32() & maskHi) >>> 0;
      const l = this.nextUint32();
      v = h * 4294967296 + l;
    } while (v > rng);
    return v;
  }

  /** NumPy's `random_interval(max)`: an integer in [0, max] (shuffle and permutation use it). */
  private interval(max: number): number {
    if (max === 0) return 0;
    const mask = maskOf(max);
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0;
    while (v > max);
    return v;
  }

  /**
   * Legacy `shuffle(x)` of a 1-D array, in place: for i = n−1 down to 1, swap x[i] with
   * x[random_interval(i)]. Returns `x`.
   */
  shuffle<T extends { length: number; [i: number]: unknown }>(x: T): T {
    if (x.length > 0xffffffff) throw new DatasetParamError('RandomState.shuffle: arrays longer than 2^32 are not supported');
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    return x;
  }

  /** Legacy `permutation(n)` (shuffled `0..n-1`) or `permutation(array)` (a shuffled copy). */
  permutation(n: number): Int32Array;
  permutation<T>(x: ArrayLike<T>): T[];
  permutation<T>(x: number | ArrayLike<T>): Int32Array | T[] {
    if (typeof x === 'number') {
      if (!Number.isInteger(x) || x < 0 || x > 0x7fffffff) {
        throw new DatasetParamError(`RandomState.permutation: n must be an integer in [0, 2^31 - 1], got ${x}`);
      }
      const p = new Int32Array(x);
      for (let i = 0; i < x; i++) p[i] = i;
      return this.shuffle(p);
    }
    return this.shuffle(Array.from(x));
  }

  /**
   * Legacy `choice(a, size, replace, p)` over `0..a-1` (a number) or the items of an array.
   * - replace, no p: `randint(0, a, size)`;
   * - replace, p: `cdf = cumsum(p) / sum`, then `searchsorted(cdf, random_sample(size), 'right')`;
   * - no replace, no p: `permutation(a)[:size]`;
   * - no replace, p: NumPy's repeated draws of `rand(size - found)` against the cdf with the
   *   chosen items' probabilities zeroed, keeping first occurrences.
   * `p` must be non-negative, one per item, and sum to 1 (within √ε, as NumPy checks).
   */
  choice(a: number, size: number, o?: { replace?: boolean; p?: ArrayLike<number> }): Int32Array;
  choice<T>(a: ArrayLike<T>, size: number, o?: { replace?: boolean; p?: ArrayLike<number> }): T[];
  choice<T>(a: number | ArrayLike<T>, size: number, o: { replace?: boolean; p?: ArrayLike<number> } = {}): Int32Array | T[] {
    const pop = typeof a === 'number' ? a : a.length;
    if (!Number.isInteger(pop) || pop <= 0 || pop > 0x7fffffff) {
      throw new DatasetParamError(`RandomState.choice: a must be a positive integer or a non-empty array, got ${typeof a === 'number' ? a : 'an empty array'}`);
    }
    checkSize(size);
    const replace = o.replace ?? true;
    let p: Float64Array | undefined;
    if (o.p !== undefined) {
      p = Float64Array.from(o.p);
      if (p.length !== pop) throw new DatasetParamError(`RandomState.choice: p has ${p.length} entries for ${pop} items`);
      let sum = 0;
      for (let i = 0; i < p.length; i++) {
        if (!(p[i]! >= 0)) throw new DatasetParamError(`RandomState.choice: probabilities must be ≥ 0, got p[${i}] = ${p[i]}`);
        sum += p[i]!;
      }
      if (Math.abs(sum - 1) > Math.sqrt(Number.EPSILON)) {
        throw new DatasetParamError(`RandomState.choice: probabilities must sum to 1, got ${sum}`);
      }
    }
    const idx = new Int32Array(size);
    if (replace) {
      if (p) {
        const cdf = cumulative(p);
        for (let i = 0; i < size; i++) idx[i] = searchRight(cdf, this.nextDouble());
      } else {
        for (let i = 0; i < size; i++) idx[i] = this.boundedMasked(pop - 1);
      }
    } else {
      if (size > pop) {
        throw new DatasetParamError(`RandomState.choice: cannot take a sample of ${size} from ${pop} items without replacement`);
      }
      if (p) {
        let positive = 0;
        for (let i = 0; i < p.length; i++) if (p[i]! > 0) positive++;
        if (positive < size) throw new DatasetParamError('RandomState.choice: fewer non-zero entries in p than size');
        const q = Float64Array.from(p);
        let found = 0;
        while (found < size) {
          const x = this.randomSample(size - found);
          for (let i = 0; i < found; i++) q[idx[i]!] = 0;
          const cdf = cumulative(q);
          // np.unique(new, return_index=True) then sorted indices: the first occurrence of each
          // value, in draw order; values already found cannot recur (their probability is 0).
          const seen = new Set<number>();
          for (let i = 0; i < x.length; i++) {
            const v = searchRight(cdf, x[i]!);
            if (!seen.has(v)) {
              seen.add(v);
              idx[found++] = v;
            }
          }
        }
      } else {
        idx.set(this.permutation(pop).subarray(0, size));
      }
    }
    if (typeof a === 'number') return idx;
    return Array.from(idx, (i) => a[i]!);
  }

  /** A short JSON form (not the 624-word state), e.g. for error messages: use getState() to save it. */
  toJSON(): string {
    return `RandomState(pos ${this.pos})`;
  }

  /**
   * The generator state as NumPy's `get_state()` gives it: `('MT19937', key, pos, has_gauss,
   * cached_gaussian)`.
   */
  getState(): RandomStateState {
    return { key: Uint32Array.from(this.key), pos: this.pos, hasGauss: this.hasGauss, cachedGaussian: this.gauss };
  }

  /** Restores a state from `getState()` (or from NumPy's `get_state()` tuple fields). */
  setState(state: RandomStateState): void {
    if (state.key.length !== N) throw new DatasetParamError(`RandomState.setState: key must have ${N} words, got ${state.key.length}`);
    if (!Number.isInteger(state.pos) || state.pos < 0 || state.pos > N) {
      throw new DatasetParamError(`RandomState.setState: pos must be an integer in [0, ${N}], got ${state.pos}`);
    }
    for (let i = 0; i < N; i++) checkSeedWord(state.key[i]!, `key[${i}]`);
    this.key.set(state.key);
    this.pos = state.pos;
    this.hasGauss = state.hasGauss;
    this.gauss = state.hasGauss ? state.cachedGaussian : 0;
  }
}

/** The fields of NumPy's `RandomState.get_state()` after the 'MT19937' tag. */
export interface RandomStateState {
  key: ArrayLike<number>;
  pos: number;
  hasGauss: boolean;
  cachedGaussian: number;
}

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

function checkSeedWord(v: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new DatasetParamError(`RandomState: ${what} must be an integer in [0, 4294967295], got ${v}`);
  }
}

function checkSize(size: number): number {
  if (!Number.isInteger(size) || size < 0) throw new DatasetParamError(`RandomState: size must be an integer ≥ 0, got ${size}`);
  return size;
}

/** MT19937 init_genrand (NumPy's `mt19937_seed`). */
function initGenrand(mt: Uint32Array, seed: number): void {
  mt[0] = seed >>> 0;
  for (let i = 1; i < N; i++) {
    const prev = mt[i - 1]!;
    mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
  }
}

/** MT19937 init_by_array (NumPy's `mt19937_init_by_array`). */
function initByArray(mt: Uint32Array, key: Uint32Array): void {
  initGenrand(mt, 19650218);
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, key.length); k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = (((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) >>> 0) + key[j]! + j) >>> 0;
    i++;
    j++;
    if (i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
    if (j >= key.length) j = 0;
  }
  for (let k = N - 1; k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = (((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) >>> 0) - i) >>> 0;
    i++;
    if (i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
  }
  mt[0] = 0x80000000;
}

/** Regenerates the 624-word block (mt19937_gen). */
function regenerate(mt: Uint32Array): void {
  let i = 0;
  let y: number;
  for (; i < N - M; i++) {
    y = (mt[i]! & UPPER) | (mt[i + 1]! & LOWER);
    mt[i] = mt[i + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  for (; i < N - 1; i++) {
    y = (mt[i]! & UPPER) | (mt[i + 1]! & LOWER);
    mt[i] = mt[i + M - N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  y = (mt[N - 1]! & UPPER) | (mt[0]! & LOWER);
  mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
}

/** Smallest 2^k − 1 ≥ v, for 0 < v < 2³². */
function maskOf(v: number): number {
  let m = v >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

/** NumPy `cumsum(p); cdf /= cdf[-1]`. */
function cumulative(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = s += p[i]!;
  const last = cdf[cdf.length - 1]!;
  for (let i = 0; i < cdf.length; i++) cdf[i] = cdf[i]! / last;
  return cdf;
}

/** `searchsorted(cdf, x, side='right')`: the first index with cdf[i] > x. */
function searchRight(cdf: Float64Array, x: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
