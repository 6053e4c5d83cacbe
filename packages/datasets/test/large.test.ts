import { describe, expect, it } from 'vitest';
import {
  bounds,
  concatRows,
  type Dataset,
  fitStandardizer,
  moons,
  oneHot,
  parseCsv,
  selectRows,
  shuffleDataset,
  standardize,
  takeRows,
  toCsv,
  toCsvChunks,
  trainTestSplit,
} from '../src/index.js';
import { classCounts } from './helpers.js';

/**
 * Issue 11, item 13: trainTestSplit overflowed the call stack at 500,000 rows (an argument spread,
 * `push(...rows)`). Every data-sized helper of the package runs here on 600,000 rows; they are
 * loop-based, so none depends on the engine's argument-count limit.
 */
const N = 600_000;

/** Row r is (r, -r) with label r mod 3, so rows can be traced through every helper. */
function traced(n: number): Dataset {
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    x[2 * r] = r;
    x[2 * r + 1] = -r;
    y[r] = r % 3;
  }
  return { name: 'traced', x, y, features: 2, classes: 3 };
}

/** Every row is intact (x1 = -x0, label = x0 mod 3) and the ids are a set of distinct rows. */
function expectIntactRows(d: Dataset): Uint8Array {
  const seen = new Uint8Array(N);
  let broken = 0;
  let repeated = 0;
  for (let r = 0; r < d.y.length; r++) {
    const id = d.x[2 * r]!;
    if (d.x[2 * r + 1] !== -id || d.y[r] !== id % 3) broken++;
    if (seen[id]) repeated++;
    seen[id] = 1;
  }
  expect({ broken, repeated }).toEqual({ broken: 0, repeated: 0 });
  return seen;
}

const countOf = (seen: Uint8Array) => seen.reduce((a, b) => a + b, 0);

describe(`helpers on ${N.toLocaleString('en')} rows`, () => {
  const d = traced(N);

  it('trainTestSplit, stratified: exact per-class shares, disjoint parts covering every row', () => {
    const { train, test } = trainTestSplit(d, { testSize: 0.25, stratify: true, seed: 3 });
    expect(test.y.length).toBe(150_000);
    expect(train.y.length).toBe(450_000);
    expect(classCounts(test)).toEqual([50_000, 50_000, 50_000]);
    const a = expectIntactRows(train);
    const b = expectIntactRows(test);
    let overlap = 0;
    for (let id = 0; id < N; id++) if (a[id] && b[id]) overlap++;
    expect(overlap).toBe(0);
    expect(countOf(a) + countOf(b)).toBe(N);
  });

  it('trainTestSplit, plain and unshuffled', () => {
    const plain = trainTestSplit(d, { testSize: 100_001, seed: 1 });
    expect(plain.test.y.length).toBe(100_001);
    expect(countOf(expectIntactRows(plain.train)) + countOf(expectIntactRows(plain.test))).toBe(N);
    const ordered = trainTestSplit(d, { testSize: 0.5, shuffle: false });
    expect(ordered.test.x[0]).toBe(300_000);
  });

  it('shuffleDataset, selectRows, takeRows, concatRows', () => {
    const shuffled = shuffleDataset(d, 7);
    expect(countOf(expectIntactRows(shuffled))).toBe(N);
    expect(shuffled.x[0]).not.toBe(0);
    const reversed = selectRows(d, Int32Array.from({ length: N }, (_, i) => N - 1 - i));
    expect(reversed.x[0]).toBe(N - 1);
    const both = concatRows(takeRows(d, 0, 250_000), takeRows(d, -350_000));
    expect(both.y.length).toBe(N);
    expect(both.x[2 * 250_000]).toBe(250_000);
  });

  it('oneHot, fitStandardizer / standardize, bounds', () => {
    const hot = oneHot(d.y, 3);
    expect(hot.length).toBe(3 * N);
    expect(hot[3 * (N - 1) + ((N - 1) % 3)]).toBe(1);
    const s = fitStandardizer(d);
    expect(s.mean[0]).toBeCloseTo((N - 1) / 2, 3);
    const { train } = standardize(d);
    expect(train.x.length).toBe(2 * N);
    expect(bounds(d, { padding: 0 })).toEqual({ xMin: 0, xMax: N - 1, yMin: -(N - 1), yMax: 0 });
  });

  it('toCsvChunks streams 600,000 rows in bounded chunks; the ends match toCsv of those rows', { timeout: 60_000 }, () => {
    const m = moons({ samples: N, randomState: 1 });
    let chunks = 0;
    let lines = 0;
    let maxLines = 0;
    let first = '';
    let last = '';
    for (const chunk of toCsvChunks(m, { rowsPerChunk: 50_000 })) {
      const n = chunk.split('\n').length - 1;
      lines += n;
      maxLines = Math.max(maxLines, n);
      if (chunks++ === 0) first = chunk;
      last = chunk;
    }
    expect(chunks).toBe(12);
    expect(lines).toBe(N + 1);
    expect(maxLines).toBe(50_001); // the first chunk: header + 50,000 rows
    expect(first).toBe(toCsv(takeRows(m, 0, 50_000)));
    expect(last).toBe(toCsv(takeRows(m, -50_000), { header: false }));
  });
});
