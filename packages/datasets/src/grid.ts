import { DatasetParamError } from './errors.js';
import { linspace } from './internal.js';

/** Axis-aligned box over features 0 (x) and 1 (y). */
export interface Bounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Grid points for decision-boundary plots; point j*nx + i is (xs[i], ys[j]), j = 0 at yMin. */
export interface Grid {
  /** Row-major `(nx*ny) × 2` coordinates, ready to feed a model. */
  x: Float32Array;
  nx: number;
  ny: number;
  xs: Float64Array;
  ys: Float64Array;
  bounds: Bounds;
}

/**
 * Bounds of features 0 and 1 over the finite values, widened by `padding` × range on each
 * side (default 0.1). An axis with zero range is widened by ±0.5 instead.
 */
export function bounds(d: { x: Float32Array; features: number }, o: { padding?: number } = {}): Bounds {
  const padding = o.padding ?? 0.1;
  if (!(padding >= 0) || !Number.isFinite(padding)) {
    throw new DatasetParamError(`bounds: padding must be ≥ 0, got ${padding}`);
  }
  if (d.features < 2) throw new DatasetParamError(`bounds: need at least 2 features, got ${d.features}`);
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let k = 0; k + 1 < d.x.length; k += d.features) {
    const a = d.x[k]!;
    const b = d.x[k + 1]!;
    if (Number.isFinite(a)) {
      if (a < xMin) xMin = a;
      if (a > xMax) xMax = a;
    }
    if (Number.isFinite(b)) {
      if (b < yMin) yMin = b;
      if (b > yMax) yMax = b;
    }
  }
  if (!Number.isFinite(xMin) || !Number.isFinite(yMin)) {
    throw new DatasetParamError('bounds: the dataset has no finite points');
  }
  const pad = (lo: number, hi: number): [number, number] => {
    const span = hi - lo;
    const p = span > 0 ? span * padding : 0.5;
    return [lo - p, hi + p];
  };
  [xMin, xMax] = pad(xMin, xMax);
  [yMin, yMax] = pad(yMin, yMax);
  return { xMin, xMax, yMin, yMax };
}

/** An `nx × ny` grid (default 101 × 101) spanning `b`, endpoints included. */
export function grid(b: Bounds, o: { nx?: number; ny?: number } = {}): Grid {
  const nx = o.nx ?? 101;
  const ny = o.ny ?? 101;
  for (const [label, v] of [['nx', nx], ['ny', ny]] as const) {
    if (!Number.isInteger(v) || v < 2) throw new DatasetParamError(`grid: ${label} must be an integer ≥ 2, got ${v}`);
  }
  if (!(b.xMax > b.xMin) || !(b.yMax > b.yMin)) {
    throw new DatasetParamError(
      `grid: bounds must satisfy xMin < xMax and yMin < yMax, got x [${b.xMin}, ${b.xMax}], y [${b.yMin}, ${b.yMax}]`,
    );
  }
  const xs = linspace(b.xMin, b.xMax, nx);
  const ys = linspace(b.yMin, b.yMax, ny);
  const x = new Float32Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const p = j * nx + i;
      x[2 * p] = xs[i]!;
      x[2 * p + 1] = ys[j]!;
    }
  }
  return { x, nx, ny, xs, ys, bounds: { ...b } };
}

/**
 * The per-feature medians of `x` (`n × features`, row-major), as numpy.median (the mean of the
 * two middle values for an even count). What a 2-D slice holds the other features at.
 */
export function columnMedians(d: { x: Float32Array; features: number }): Float64Array {
  const n = d.x.length / d.features;
  if (!Number.isInteger(n) || n === 0) throw new DatasetParamError('columnMedians: need at least one row');
  const out = new Float64Array(d.features);
  const column = new Float64Array(n);
  for (let f = 0; f < d.features; f++) {
    for (let r = 0; r < n; r++) column[r] = d.x[r * d.features + f]!;
    column.sort();
    out[f] = n % 2 ? column[(n - 1) >> 1]! : (column[n / 2 - 1]! + column[n / 2]!) / 2;
  }
  return out;
}

/** Columns `axes` of `x` (`n × features`) as an `n × 2` array: the data seen in a 2-D slice. */
export function projectColumns(d: { x: Float32Array; features: number }, axes: readonly [number, number]): Float32Array {
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= d.features) throw new DatasetParamError(`projectColumns: feature index ${a} is outside 0..${d.features - 1}`);
  }
  const n = d.x.length / d.features;
  const out = new Float32Array(n * 2);
  for (let r = 0; r < n; r++) {
    out[2 * r] = d.x[r * d.features + axes[0]]!;
    out[2 * r + 1] = d.x[r * d.features + axes[1]]!;
  }
  return out;
}

/**
 * A 2-D slice through `features`-dimensional input space: the `nx × ny` grid `g` (over the two
 * axis features) with every other feature held at `fixed[f]` (e.g. the training medians). Returns
 * the `(nx·ny) × features` inputs to feed a model, point j·nx + i as in `grid`.
 */
export function sliceGrid(g: Grid, features: number, axes: readonly [number, number], fixed: ArrayLike<number>): Float32Array {
  if (fixed.length !== features) throw new DatasetParamError(`sliceGrid: ${fixed.length} fixed values for ${features} features`);
  if (axes[0] === axes[1]) throw new DatasetParamError('sliceGrid: the two axes must be different features');
  const points = g.nx * g.ny;
  const out = new Float32Array(points * features);
  for (let p = 0; p < points; p++) {
    for (let f = 0; f < features; f++) out[p * features + f] = fixed[f]!;
    out[p * features + axes[0]] = g.x[2 * p]!;
    out[p * features + axes[1]] = g.x[2 * p + 1]!;
  }
  return out;
}
