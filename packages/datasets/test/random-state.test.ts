import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetParamError, RandomState, type RandomStateState } from '../src/index.js';

// Produced by test/fixtures/make_fixtures.py with Debian's NumPy 1.24.2 (see the script).
const fx = JSON.parse(readFileSync(new URL('./fixtures/random-state.json', import.meta.url), 'utf8'));

interface StateFx {
  keySha256: string;
  pos: number;
  hasGauss: boolean;
  cachedGaussian: number;
}

/** SHA-256 of the values' little-endian bytes, as the fixture script computes it. */
function sha(values: Float64Array | Float32Array | Uint32Array | Int32Array): string {
  return createHash('sha256').update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)).digest('hex');
}

function raw(rs: RandomState, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = rs.nextUint32();
  return out;
}

/**
 * Gaussians: the polar method's sqrt(-2 log(r2) / r2) goes through libm's log. JS Math.log and
 * glibc's log (which NumPy calls) disagree in the last bit for ~3% of arguments, which moves the
 * Gaussian by at most 2 ε relative (measured over 10⁶ draws: 96.9% identical, max 1.94 ε). So
 * Gaussian values are compared to 4 ε relative; everything that decides the stream (the uniforms,
 * the accepted pairs, the state) is compared exactly.
 */
function expectGaussians(got: ArrayLike<number>, want: number[]): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i]! - want[i]!), `value ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(want[i]!));
  }
}

/** loc + scale·gauss: the Gaussian's last-bit difference scaled, plus one rounding of the sum. */
function expectNormals(got: ArrayLike<number>, want: number[], scale: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i]! - want[i]!), `value ${i}`).toBeLessThanOrEqual(4 * Number.EPSILON * Math.max(Math.abs(want[i]!), scale * 4));
  }
}

function expectState(rs: RandomState, want: StateFx): void {
  const st = rs.getState();
  expect(sha(Uint32Array.from(st.key))).toBe(want.keySha256);
  expect(st.pos).toBe(want.pos);
  expect(st.hasGauss).toBe(want.hasGauss);
  expectGaussians([st.cachedGaussian], [want.cachedGaussian]);
}

describe('RandomState seeding (NumPy RandomState(seed))', () => {
  it('integer seeds: init_genrand key, raw outputs across two regenerations of the 624-word block', () => {
    expect(fx.intSeeds.length).toBe(7);
    for (const c of fx.intSeeds) {
      const rs = new RandomState(c.seed);
      const st = rs.getState();
      expect(Array.from(st.key).slice(0, 6)).toEqual(c.keyHead);
      expect(Array.from(st.key).slice(-3)).toEqual(c.keyTail);
      expect(sha(Uint32Array.from(st.key))).toBe(c.keySha256);
      expect(st.pos).toBe(624);
      const r = raw(rs, 1250);
      expect(Array.from(r.subarray(0, 10))).toEqual(c.raw0);
      expect(Array.from(r.subarray(620, 630))).toEqual(c.raw620);
      expect(Array.from(r.subarray(1240, 1250))).toEqual(c.raw1240);
      expect(sha(r)).toBe(c.rawSha256);
    }
  });

  it('array seeds use init_by_array (also for keys longer than the 624-word state)', () => {
    for (const c of fx.arraySeeds) {
      const rs = new RandomState(c.seed);
      expect(sha(Uint32Array.from(rs.getState().key))).toBe(c.keySha256);
      expect(Array.from(raw(rs, 10))).toEqual(c.raw0);
    }
    // RandomState(0) and RandomState([0]) are different streams in NumPy (0.5488… vs 0.8444…).
    expect(new RandomState(0).randomSample()).toBe(0.5488135039273248);
    expect(new RandomState([0]).randomSample()).toBe(0.8444218515250481);
  });

  it('seed() restarts the stream and drops the cached Gaussian', () => {
    const rs = new RandomState(5);
    const first = rs.randn(3);
    expect(rs.getState().hasGauss).toBe(true);
    rs.seed(5);
    expect(rs.getState().hasGauss).toBe(false);
    expect(rs.randn(3)).toEqual(first);
  });

  it('rejects seeds outside [0, 2^32 - 1] with a DatasetParamError naming the range', () => {
    for (const [seed, text] of [
      [-1, 'seed must be an integer in [0, 4294967295], got -1'],
      [2 ** 32, 'seed must be an integer in [0, 4294967295], got 4294967296'],
      [1.5, 'seed must be an integer in [0, 4294967295], got 1.5'],
      [[1, -2], 'seed[1] must be an integer in [0, 4294967295], got -2'],
    ] as const) {
      expect(() => new RandomState(seed as number)).toThrow(DatasetParamError);
      expect(() => new RandomState(seed as number)).toThrow(`RandomState: ${text}`);
    }
    expect(() => new RandomState([])).toThrow('RandomState: seed must be an integer or a non-empty array of integers');
  });
});

describe('RandomState.randomSample / rand (53-bit doubles)', () => {
  it('equals NumPy random_sample for seed 0 and over a 200,000-value stream', () => {
    expect(Array.from(new RandomState(0).randomSample(20))).toEqual(fx.randomSample.first);
    expect(Array.from(new RandomState(0).rand(20))).toEqual(fx.randomSample.first);
    const rs = new RandomState(0);
    expect(Array.from({ length: 20 }, () => rs.rand())).toEqual(fx.randomSample.first);
    expect(sha(new RandomState(fx.randomSampleLong.seed).randomSample(fx.randomSampleLong.size))).toBe(fx.randomSampleLong.sha256);
  });

  it('values are multiples of 2^-53 in [0, 1) (any seed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        for (const v of new RandomState(seed).randomSample(64)) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThan(1);
          expect(Number.isInteger(v * 2 ** 53)).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('RandomState.randn / standardNormal / normal (legacy polar method)', () => {
  it('caches the second value of a pair across calls, untouched by uniform draws in between', () => {
    const g = fx.gaussCache;
    const rs = new RandomState(g.seed);
    const first = rs.randn(3);
    expectGaussians(first, g.randn3);
    expectState(rs, g.stateAfterRandn3);
    const cached = rs.getState().cachedGaussian;
    expect(rs.getState().hasGauss).toBe(true);
    expect(Array.from(rs.randomSample(2))).toEqual(g.randomSample2);
    const next = rs.randn(1);
    expectGaussians(next, g.randn1);
    expect(next[0]).toBe(cached);
    expectState(rs, g.stateAfterRandn1);
    expect(rs.getState().hasGauss).toBe(false);
    expectGaussians(rs.standardNormal(2), g.standardNormal2);
  });

  it('scalar calls draw from the same stream and cache', () => {
    const rs = new RandomState(fx.randnScalar.seed);
    expectGaussians(Array.from({ length: 5 }, () => rs.randn()), fx.randnScalar.first5);
    expectGaussians(rs.randn(3), fx.randnScalar.then3);
  });

  it('equals NumPy over 200,001 values (odd: ends with a cached value): float32 exactly, float64 to 4 ε', () => {
    const rs = new RandomState(fx.randnLong.seed);
    const g = rs.randn(fx.randnLong.size);
    expect(sha(Float32Array.from(g))).toBe(fx.randnLong.float32Sha256);
    const sample = Array.from({ length: fx.randnLong.every200th.length }, (_, i) => g[200 * i]!);
    expectGaussians(sample, fx.randnLong.every200th);
    // The last-bit differences are libm's, not the algorithm's: most values are bit-identical.
    const same = sample.filter((v, i) => v === fx.randnLong.every200th[i]).length;
    expect(same / sample.length).toBeGreaterThan(0.9);
    expectState(rs, fx.randnLong.state);
  });

  it('normal(loc, scale, size) = loc + scale·gauss, loc arrays broadcast along rows, scale 0 still draws', () => {
    const n = fx.normal;
    const rs = new RandomState(n.seed);
    expectNormals([rs.normal(1.5, 0.25)], [n.scalar], 0.25);
    expectNormals(rs.normal(n.loc, n.scale, 7), n.size7, n.scale);
    expectNormals(rs.normal(n.locArray, n.scaleArray, 6), n.rows3, n.scaleArray);
    expect(Array.from(rs.normal(0, 0, 3))).toEqual(n.scale0);
    expectState(rs, n.stateAfter);
    expect(() => rs.normal(0, -1)).toThrow('RandomState.normal: scale must be ≥ 0, got -1');
    expect(() => rs.normal([1, 2, 3], 1, 4)).toThrow("RandomState.normal: size 4 is not a multiple of loc's length 3");
  });

  it('uniform(low, high, size) = low + (high - low)·random_sample()', () => {
    const u = fx.uniform;
    const rs = new RandomState(u.seed);
    expect(rs.uniform()).toBe(u.scalar);
    expect(Array.from(rs.uniform(-2, 5, 5))).toEqual(u.size5);
    expect(Array.from(rs.uniform(-10, 10, 6))).toEqual(u.box);
  });
});

describe('RandomState.randint (masked rejection sampling, int64)', () => {
  it('equals NumPy on 32-bit, full-uint32 and 64-bit ranges, with the same number of draws', () => {
    const rs = new RandomState(11);
    expect(fx.randint.length).toBe(13);
    for (const c of fx.randint) {
      expect(Array.from(rs.randint(c.low, c.high, c.size)), `[${c.low}, ${c.high})`).toEqual(c.values);
      expectState(rs, c.state);
    }
  });

  it('randint(high) draws from [0, high); randint(low, high) from [low, high)', () => {
    const rs = new RandomState(fx.randintScalar.seed);
    expect(rs.randint(10)).toBe(fx.randintScalar.oneArg);
    expect(rs.randint(-5, 5)).toBe(fx.randintScalar.twoArgs);
  });

  it('stays in range for any bounds (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.integer({ min: 1, max: 2 ** 45 }),
        (seed, low, span) => {
          const v = new RandomState(seed).randint(low, low + span, 20);
          for (const x of v) {
            expect(Number.isInteger(x)).toBe(true);
            expect(x).toBeGreaterThanOrEqual(low);
            expect(x).toBeLessThan(low + span);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects empty ranges and unsafe bounds', () => {
    const rs = new RandomState(0);
    expect(() => rs.randint(3, 3)).toThrow('RandomState.randint: low must be < high, got 3 >= 3');
    expect(() => rs.randint(0)).toThrow('RandomState.randint: low must be < high, got 0 >= 0');
    expect(() => rs.randint(0.5, 3)).toThrow('RandomState.randint: low and high must be safe integers, got 0.5 and 3');
  });
});

describe('RandomState.permutation / shuffle (legacy Fisher–Yates)', () => {
  it('permutation(n) equals NumPy, including n = 0, 1, 2 and the draws consumed', () => {
    const rs = new RandomState(21);
    for (const c of fx.permutation) expect(Array.from(rs.permutation(c.n)), `n=${c.n}`).toEqual(c.values);
    expectState(rs, fx.permutationState);
    const long = new RandomState(fx.permutationLong.seed).permutation(fx.permutationLong.n);
    expect(sha(long)).toBe(fx.permutationLong.sha256);
  });

  it('shuffle works in place on arrays and typed arrays; permutation(array) shuffles a copy', () => {
    const s = fx.shuffle;
    const rs = new RandomState(s.seed);
    const list = [...s.list];
    expect(rs.shuffle(list)).toBe(list);
    expect(list).toEqual(s.shuffledList);
    const arr = Int32Array.from({ length: 10 }, (_, i) => 10 + i);
    rs.shuffle(arr);
    expect(Array.from(arr)).toEqual(s.shuffledArange10to20);
    const source = [0.5, 1.5, 2.5, 3.5];
    expect(rs.permutation(source)).toEqual(s.permutationOfList);
    expect(source).toEqual([0.5, 1.5, 2.5, 3.5]);
  });

  it('permutation(n) is a permutation of 0..n-1 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 300 }), (seed, n) => {
        const p = Array.from(new RandomState(seed).permutation(n)).sort((a, b) => a - b);
        expect(p).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
      { numRuns: 100 },
    );
  });
});

describe('RandomState.choice', () => {
  it('equals NumPy with and without replacement, with and without p, over numbers and items', () => {
    const c = fx.choice;
    const rs = new RandomState(c.seed);
    expect(Array.from(rs.choice(10, 12))).toEqual(c.replace);
    expect(Array.from(rs.choice(10, 6, { replace: false }))).toEqual(c.noReplace);
    expect(Array.from(rs.choice(5, 15, { p: c.p }))).toEqual(c.replaceP);
    expect(Array.from(rs.choice(6, 4, { replace: false, p: c.p6 }))).toEqual(c.noReplaceP);
    expect(rs.choice(c.items as string[], 3, { replace: false })).toEqual(c.itemsNoReplace);
    expectState(rs, c.state);
  });

  it('rejects impossible requests', () => {
    const rs = new RandomState(0);
    expect(() => rs.choice(3, 4, { replace: false })).toThrow(
      'RandomState.choice: cannot take a sample of 4 from 3 items without replacement',
    );
    expect(() => rs.choice(3, 1, { p: [0.5, 0.6, 0] })).toThrow('RandomState.choice: probabilities must sum to 1, got 1.1');
    expect(() => rs.choice(3, 1, { p: [0.5, 0.5] })).toThrow('RandomState.choice: p has 2 entries for 3 items');
    expect(() => rs.choice(3, 3, { replace: false, p: [0.5, 0.5, 0] })).toThrow(
      'RandomState.choice: fewer non-zero entries in p than size',
    );
  });
});

describe('RandomState.getState / setState', () => {
  it('round-trips the state mid-stream, cached Gaussian included', () => {
    const a = new RandomState(77);
    a.randn(5);
    a.randomSample(3);
    const saved: RandomStateState = a.getState();
    expect(saved.hasGauss).toBe(true);
    const expected = [a.randn(4), a.randint(0, 1000, 4), a.permutation(6)];
    const b = new RandomState(0);
    b.setState(saved);
    expect([b.randn(4), b.randint(0, 1000, 4), b.permutation(6)]).toEqual(expected);
  });

  it('validates the state', () => {
    const rs = new RandomState(0);
    const st = rs.getState();
    expect(() => rs.setState({ ...st, key: st.key instanceof Uint32Array ? st.key.subarray(1) : [] })).toThrow(
      'RandomState.setState: key must have 624 words, got 623',
    );
    expect(() => rs.setState({ ...st, pos: 625 })).toThrow('RandomState.setState: pos must be an integer in [0, 624], got 625');
  });
});
