import { DatasetParamError } from './errors.js';
import { gatherRows } from './internal.js';
import { createRng, permutation, shuffleIndices } from './rng.js';
import type { Dataset } from './types.js';

/** A dataset with the same metadata as `d` and the rows `order` (in that order). */
export function selectRows(d: Dataset, order: ArrayLike<number>): Dataset {
  const { x, y } = gatherRows(d.x, d.y, d.features, order);
  const out: Dataset = { ...d, x, y };
  return out;
}

/**
 * Rows `start` (inclusive) to `end` (exclusive), like Array.prototype.slice: negative values
 * count from the end. `takeRows(d, 0, 4000)` / `takeRows(d, 4000)` or `takeRows(d, -1000)`.
 */
export function takeRows(d: Dataset, start: number, end?: number): Dataset {
  const n = d.y.length;
  for (const [label, v] of [['start', start], ['end', end]] as const) {
    if (v !== undefined && !Number.isInteger(v)) {
      throw new DatasetParamError(`takeRows: ${label} must be an integer, got ${v}`);
    }
  }
  const from = start < 0 ? Math.max(n + start, 0) : Math.min(start, n);
  const stopRaw = end ?? n;
  const to = stopRaw < 0 ? Math.max(n + stopRaw, 0) : Math.min(stopRaw, n);
  const count = Math.max(to - from, 0);
  return {
    ...d,
    x: d.x.slice(from * d.features, (from + count) * d.features),
    y: d.y.slice(from, from + count),
  };
}

/**
 * The rows of `a` followed by the rows of `b` (e.g. train and test, to plot or bound them
 * together). Metadata comes from `a`; `classes` is the larger of the two.
 */
export function concatRows(a: Dataset, b: Dataset): Dataset {
  if (a.features !== b.features) {
    throw new DatasetParamError(`concatRows: the datasets have ${a.features} and ${b.features} features`);
  }
  const x = new Float32Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const y = new Int32Array(a.y.length + b.y.length);
  y.set(a.y);
  y.set(b.y, a.y.length);
  return { ...a, x, y, classes: Math.max(a.classes, b.classes) };
}

/** Display names of classes 0..classes-1: the dataset's own (from a CSV) when they fit, else "0", "1", ... */
export function classNamesOf(d: Dataset, classes: number = d.classes): string[] {
  return d.classNames && d.classNames.length === classes
    ? [...d.classNames]
    : Array.from({ length: classes }, (_, i) => String(i));
}

/** The rows of `d` in a seeded random order. */
export function shuffleDataset(d: Dataset, seed: number): Dataset {
  return selectRows(d, permutation(d.y.length, createRng(seed)));
}

export interface TrainTestSplitOptions {
  /** A fraction in (0, 1) (test rows = ceil(fraction × n), as sklearn) or a row count. */
  testSize: number;
  /** Default 0. */
  seed?: number;
  /** Keep each class's share in both parts (needs shuffle). Default false. */
  stratify?: boolean;
  /** Default true. When false: train = the first rows, test = the last rows. */
  shuffle?: boolean;
}

/** Seeded train/test split, optionally stratified by class (sklearn train_test_split). */
export function trainTestSplit(d: Dataset, o: TrainTestSplitOptions): { train: Dataset; test: Dataset } {
  const n = d.y.length;
  const { testSize, seed = 0, stratify = false, shuffle = true } = o;
  let nTest: number;
  if (testSize > 0 && testSize < 1) nTest = Math.ceil(testSize * n);
  else if (Number.isInteger(testSize) && testSize >= 1) nTest = testSize;
  else {
    throw new DatasetParamError(
      `trainTestSplit: testSize must be a fraction in (0, 1) or a row count ≥ 1, got ${testSize}`,
    );
  }
  if (nTest >= n) {
    throw new DatasetParamError(
      `trainTestSplit: testSize ${testSize} leaves no training rows (dataset has ${n} rows)`,
    );
  }
  if (stratify && !shuffle) {
    throw new DatasetParamError('trainTestSplit: stratify requires shuffle (shuffle: false keeps row order)');
  }
  const nTrain = n - nTest;
  if (!shuffle) {
    return { train: takeRows(d, 0, nTrain), test: takeRows(d, nTrain) };
  }
  const rng = createRng(seed);
  if (!stratify) {
    const perm = permutation(n, rng);
    return { test: selectRows(d, perm.subarray(0, nTest)), train: selectRows(d, perm.subarray(nTest)) };
  }

  // Stratified. Rows grouped by class (ascending row order within a class), in one Int32Array;
  // loops only, no argument spreads, so any row count works (no call-stack limit).
  const classCounts = new Int32Array(d.classes);
  for (let i = 0; i < n; i++) {
    const c = d.y[i]!;
    if (!(c >= 0 && c < d.classes)) {
      throw new DatasetParamError(`trainTestSplit: label ${c} at row ${i} is outside 0..${d.classes - 1}`);
    }
    classCounts[c]! += 1;
  }
  const classStart = new Int32Array(d.classes + 1);
  for (let c = 0; c < d.classes; c++) classStart[c + 1] = classStart[c]! + classCounts[c]!;
  const grouped = new Int32Array(n);
  const fill = classStart.slice(0, d.classes);
  for (let i = 0; i < n; i++) grouped[fill[d.y[i]!]!++] = i;

  // Per-class test counts by largest remainder, so they sum to nTest exactly.
  const exact = Array.from(classCounts, (count) => (nTest * count) / n);
  const testCounts = exact.map(Math.floor);
  let missing = nTest;
  for (const t of testCounts) missing -= t;
  const byRemainder = exact
    .map((e, c) => ({ c, rest: e - Math.floor(e) }))
    .sort((a, b) => b.rest - a.rest || a.c - b.c);
  for (const { c } of byRemainder) {
    if (missing === 0) break;
    if (testCounts[c]! < classCounts[c]!) {
      testCounts[c]! += 1;
      missing--;
    }
  }
  const testRows = new Int32Array(nTest);
  const trainRows = new Int32Array(nTrain);
  let t = 0;
  let r = 0;
  for (let c = 0; c < d.classes; c++) {
    const rows = grouped.subarray(classStart[c]!, classStart[c + 1]!);
    shuffleIndices(rows, rng);
    testRows.set(rows.subarray(0, testCounts[c]!), t);
    t += testCounts[c]!;
    trainRows.set(rows.subarray(testCounts[c]!), r);
    r += rows.length - testCounts[c]!;
  }
  // Mix the classes again so neither part is grouped by label.
  shuffleIndices(testRows, rng);
  shuffleIndices(trainRows, rng);
  return { train: selectRows(d, trainRows), test: selectRows(d, testRows) };
}
