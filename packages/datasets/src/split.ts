import { DatasetParamError } from './errors.js';
import { createRng, permutation, shuffleIndices } from './rng.js';
import { datasetSize, isRegression, yWidth, type AnyDataset, type Dataset } from './types.js';

/** Copies the rows `order` of a row-major array with `width` values per row. */
function gather<T extends Float32Array | Int32Array>(values: T, width: number, order: ArrayLike<number>): T {
  const out = new (values.constructor as new (n: number) => T)(order.length * width);
  for (let r = 0; r < order.length; r++) {
    const src = order[r]!;
    if (width === 1) out[r] = values[src]!;
    else out.set(values.subarray(src * width, (src + 1) * width), r * width);
  }
  return out;
}

/** A dataset with the same metadata as `d` and the rows `order` (in that order). Either kind. */
export function selectRows<D extends AnyDataset>(d: D, order: ArrayLike<number>): D {
  const out: D = { ...d, x: gather(d.x, d.features, order), y: gather(d.y, yWidth(d), order) };
  if (d.x64) out.x64 = gatherF64(d.x64, d.features, order);
  return out;
}

function gatherF64(values: Float64Array, width: number, order: ArrayLike<number>): Float64Array {
  const out = new Float64Array(order.length * width);
  for (let r = 0; r < order.length; r++) out.set(values.subarray(order[r]! * width, (order[r]! + 1) * width), r * width);
  return out;
}

/**
 * Rows `start` (inclusive) to `end` (exclusive), like Array.prototype.slice: negative values
 * count from the end. `takeRows(d, 0, 4000)` / `takeRows(d, 4000)` or `takeRows(d, -1000)`.
 * Either kind of dataset.
 */
export function takeRows<D extends AnyDataset>(d: D, start: number, end?: number): D {
  const n = datasetSize(d);
  for (const [label, v] of [['start', start], ['end', end]] as const) {
    if (v !== undefined && !Number.isInteger(v)) {
      throw new DatasetParamError(`takeRows: ${label} must be an integer, got ${v}`);
    }
  }
  const from = start < 0 ? Math.max(n + start, 0) : Math.min(start, n);
  const stopRaw = end ?? n;
  const to = stopRaw < 0 ? Math.max(n + stopRaw, 0) : Math.min(stopRaw, n);
  const count = Math.max(to - from, 0);
  const w = yWidth(d);
  const out: D = {
    ...d,
    x: d.x.slice(from * d.features, (from + count) * d.features),
    y: d.y.slice(from * w, (from + count) * w),
  };
  if (d.x64) out.x64 = d.x64.slice(from * d.features, (from + count) * d.features);
  return out;
}

/**
 * The rows of `a` followed by the rows of `b` (e.g. train and test, to plot or bound them
 * together). Metadata comes from `a`; `classes` is the larger of the two. Both must be the same
 * kind (and, for regression, have the same number of targets).
 */
export function concatRows<D extends AnyDataset>(a: D, b: D): D {
  if (a.features !== b.features) {
    throw new DatasetParamError(`concatRows: the datasets have ${a.features} and ${b.features} features`);
  }
  if (isRegression(a) !== isRegression(b) || yWidth(a) !== yWidth(b)) {
    throw new DatasetParamError('concatRows: the datasets are of different kinds (classification and regression, or different numbers of targets)');
  }
  const x = new Float32Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const y = new (a.y.constructor as new (n: number) => D['y'])(a.y.length + b.y.length);
  y.set(a.y);
  y.set(b.y, a.y.length);
  // The float64 copy survives only when both parts have it (else the float32 values are all there is).
  const x64 = a.x64 && b.x64 ? Float64Array.from([...a.x64, ...b.x64]) : undefined;
  const { x64: _dropped, ...meta } = a;
  const out = isRegression(a) ? ({ ...meta, x, y } as D) : ({ ...meta, x, y, classes: Math.max((a as Dataset).classes, (b as Dataset).classes) } as D);
  if (x64) out.x64 = x64;
  return out;
}

/** Display names of classes 0..classes-1: the dataset's own (from a CSV) when they fit, else "0", "1", ... */
export function classNamesOf(d: Dataset, classes: number = d.classes): string[] {
  return d.classNames && d.classNames.length === classes
    ? [...d.classNames]
    : Array.from({ length: classes }, (_, i) => String(i));
}

/** The rows of `d` in a seeded random order. Either kind. */
export function shuffleDataset<D extends AnyDataset>(d: D, seed: number): D {
  return selectRows(d, permutation(datasetSize(d), createRng(seed)));
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

/**
 * Seeded train/test split, optionally stratified by class (sklearn train_test_split). Either kind
 * of dataset; `stratify` needs classes (a DatasetParamError for regression data).
 */
export function trainTestSplit<D extends AnyDataset>(d: D, o: TrainTestSplitOptions): { train: D; test: D } {
  const n = datasetSize(d);
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
  }  if (isRegression(d)) {
    throw new DatasetParamError('trainTestSplit: stratify needs class labels; this is a regression dataset (use stratify: false)');
  }
  const c0 = d as Dataset;


  // Stratified. Rows grouped by class (ascending row order within a class), in one Int32Array;
  // loops only, no argument spreads, so any row count works (no call-stack limit).
  const classCounts = new Int32Array(c0.classes);
  for (let i = 0; i < n; i++) {
    const c = c0.y[i]!;
    if (!(c >= 0 && c < c0.classes)) {
      throw new DatasetParamError(`trainTestSplit: label ${c} at row ${i} is outside 0..${c0.classes - 1}`);
    }
    classCounts[c]! += 1;
  }
  const classStart = new Int32Array(c0.classes + 1);
  for (let c = 0; c < c0.classes; c++) classStart[c + 1] = classStart[c]! + classCounts[c]!;
  const grouped = new Int32Array(n);
  const fill = classStart.slice(0, c0.classes);
  for (let i = 0; i < n; i++) grouped[fill[c0.y[i]!]!++] = i;

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
  for (let c = 0; c < c0.classes; c++) {
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
