import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blobs, circles, type Dataset, linear, moons, sine, spiral, twoSpirals, xorGauss, xorTable } from '../src/index.js';
import { classCounts } from './helpers.js';

/**
 * Class sizes of every generator, for every n = 1..200 and classes = 2..6 the generator accepts,
 * on both random streams (mlpkit's `seed` and NumPy's `randomState`). The rules are written out
 * here from scikit-learn 1.2.1's source (not imported from src), so a wrong rule in src fails.
 */

/** make_moons / make_circles: `n_samples_out = n // 2`, `n_samples_in = n - n_samples_out`. */
const halves = (n: number) => [Math.floor(n / 2), n - Math.floor(n / 2)];

/** make_blobs: `[n // k] * k`, then `+1` for `i in range(n % k)`. */
const blobsRule = (n: number, k: number) => Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));

/**
 * make_classification (weights=None → `[1/k] * k`, 1 cluster per class):
 * `int(n * weights[i] / 1)` each, then `+1` for `i % k` over the `n - sum` remaining rows.
 */
function classificationRule(n: number, k: number): number[] {
  const counts = Array.from({ length: k }, () => Math.trunc((n * (1 / k)) / 1));
  const missing = n - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; i < missing; i++) counts[i % k]! += 1;
  return counts;
}

/** sine (not in sklearn): row i has label ⌊i / blockSize⌋ mod 2. */
function sineRule(n: number, blockSize: number): number[] {
  const counts = [0, 0];
  for (let start = 0, b = 0; start < n; start += blockSize, b++) counts[b % 2]! += Math.min(blockSize, n - start);
  return counts;
}

/** A row left at the typed arrays' initial (0, 0) would be a row the generator never wrote. */
function zeroRows(d: Dataset): number {
  let zeros = 0;
  for (let r = 0; r < d.y.length; r++) if (d.x[2 * r] === 0 && d.x[2 * r + 1] === 0) zeros++;
  return zeros;
}

function expectRows(d: Dataset, n: number, counts: number[]): void {
  expect(d.y.length).toBe(n);
  expect(d.x.length).toBe(2 * n);
  expect(classCounts(d)).toEqual(counts);
}

const n = fc.integer({ min: 1, max: 200 });
const stream = fc.oneof(
  fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }),
  fc.record({ randomState: fc.integer({ min: 0, max: 2 ** 32 - 1 }) }),
);
const RUNS = { numRuns: 300 };

describe('class counts equal scikit-learn 1.2.1 for every n and class count (issue 11, item 11)', () => {
  it('linear: the phantom-row cases of the report give sklearn’s counts and no unwritten row', () => {
    for (const s of [{ seed: 0 }, { randomState: 0 }]) {
      const five = linear({ samples: 5, classes: 3, flipY: 0, shuffle: false, classSep: 10, ...s });
      expectRows(five, 5, [2, 2, 1]); // sklearn make_classification(5, n_classes=3, ...): [2, 2, 1]
      expect(zeroRows(five)).toBe(0);
      expectRows(linear({ samples: 101, classes: 3, flipY: 0, ...s }), 101, [34, 34, 33]);
    }
  });

  it('linear (make_classification), classes 2..4, flipY 0: sklearn’s split, every row on its vertex', () => {
    fc.assert(
      fc.property(n, fc.integer({ min: 2, max: 4 }), fc.boolean(), stream, (samples, classes, shuffle, s) => {
        const d = linear({ samples, classes, shuffle, flipY: 0, classSep: 10, ...s });
        expectRows(d, samples, classificationRule(samples, classes));
        // classSep 10 puts every written row ≥ ~5 away from both axes; an unwritten row is (0, 0).
        expect(zeroRows(d)).toBe(0);
      }),
      RUNS,
    );
  });

  it('linear rejects 5 and 6 classes: 2 informative features give only 4 vertices', () => {
    for (const classes of [5, 6]) {
      expect(() => linear({ classes })).toThrow(`linear: classes must be an integer in [2, 4], got ${classes}`);
    }
  });

  it('blobs (make_blobs), classes 2..6: n // k each, remainder to the first', () => {
    fc.assert(
      fc.property(n, fc.integer({ min: 2, max: 6 }), fc.boolean(), stream, (samples, classes, shuffle, s) => {
        const d = blobs({ samples, classes, shuffle, ...s });
        expectRows(d, samples, blobsRule(samples, classes));
        expect(zeroRows(d)).toBe(0);
      }),
      RUNS,
    );
  });

  it('moons and circles: n // 2 outer (0), the rest inner (1)', () => {
    fc.assert(
      fc.property(n, fc.boolean(), fc.double({ min: 0, max: 0.3, noNaN: true }), stream, (samples, shuffle, noise, s) => {
        const m = moons({ samples, shuffle, noise, ...s });
        expectRows(m, samples, halves(samples));
        expect(zeroRows(m)).toBe(0);
        const c = circles({ samples, shuffle, noise, factor: 0.5, ...s });
        expectRows(c, samples, halves(samples));
        expect(zeroRows(c)).toBe(0);
      }),
      RUNS,
    );
  });
});

describe('class counts of the generators that are not in scikit-learn (documented rules)', () => {
  it('spiral, classes 2..6: samples must be a multiple of classes; samples / classes each', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 40 }), fc.nat(), (classes, perClass, seed) => {
        const d = spiral({ samples: classes * perClass, classes, seed });
        expectRows(d, classes * perClass, new Array(classes).fill(perClass));
      }),
      RUNS,
    );
    expect(() => spiral({ samples: 7, classes: 3 })).toThrow('spiral: samples must be divisible by classes (3), got 7');
  });

  it('twospirals: samples must be even; samples / 2 per spiral', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0.01, max: 1, noNaN: true }), stream, (half, noise, s) => {
        const d = twoSpirals({ samples: 2 * half, noise, ...s });
        expectRows(d, 2 * half, [half, half]);
        expect(zeroRows(d)).toBe(0);
      }),
      RUNS,
    );
    expect(() => twoSpirals({ samples: 7 })).toThrow('twospirals: samples must be an integer > 0 and a multiple of 2, got 7');
  });

  it('sine: row i has label ⌊i / blockSize⌋ mod 2', () => {
    fc.assert(
      fc.property(n, fc.integer({ min: 1, max: 60 }), fc.nat(), (samples, blockSize, seed) => {
        const d = sine({ samples, blockSize, seed });
        expectRows(d, samples, sineRule(samples, blockSize));
        // (0, 0) is a real sine point (x0 = 0 when samples is odd), so no zero-row check here;
        // every row i is written by the one loop over i.
      }),
      RUNS,
    );
  });

  it('xor-gauss: no size rule (labels follow the signs of the points); every row is written and labelled by the rule', () => {
    fc.assert(
      fc.property(n, stream, (samples, s) => {
        const d = xorGauss({ samples, ...s });
        expect(d.y.length).toBe(samples);
        expect(zeroRows(d)).toBe(0);
        for (let r = 0; r < samples; r++) expect(d.y[r]).toBe(d.x[2 * r]! * d.x[2 * r + 1]! > 0 ? 0 : 1);
      }),
      RUNS,
    );
  });

  it('xor-table: always the 4 rows, 2 per class', () => {
    expectRows(xorTable(), 4, [2, 2]);
  });
});
