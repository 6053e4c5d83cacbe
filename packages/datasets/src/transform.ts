import { DatasetParamError } from './errors.js';
import type { AnyDataset, Dataset } from './types.js';

/** One-hot rows (`n × classes`, row-major) for labels `y`. */
export function oneHot(y: Int32Array, classes: number): Float32Array {
  if (!Number.isInteger(classes) || classes < 1) {
    throw new DatasetParamError(`oneHot: classes must be an integer ≥ 1, got ${classes}`);
  }
  const out = new Float32Array(y.length * classes);
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (c < 0 || c >= classes) {
      throw new DatasetParamError(`oneHot: label ${c} at row ${i} is outside 0..${classes - 1}`);
    }
    out[i * classes + c] = 1;
  }
  return out;
}

export interface StandardizerJSON {
  mean: number[];
  std: number[];
}

/** Per-feature z-scoring fitted on one set of rows (fit on train, apply to test). */
export interface Standardizer {
  readonly features: number;
  readonly mean: Float64Array;
  /** Population std (ddof 0, like sklearn's StandardScaler); 1 where a feature is constant. */
  readonly std: Float64Array;
  /**
   * `(x - mean) / std` for row-major `n × features` values, computed in float64 and rounded once
   * to float32; give the float64 values when there are some (a dataset's `x64`).
   */
  transform(x: Float32Array | Float64Array): Float32Array;
  /** The dataset with standardized `x` (from `x64` when present; labels and metadata unchanged). */
  transformDataset<D extends AnyDataset>(d: D): D;
  inverseTransform(x: Float32Array): Float32Array;
  toJSON(): StandardizerJSON;
}

function checkShape(where: string, x: Float32Array | Float64Array, features: number): void {
  if (!Number.isInteger(features) || features < 1) {
    throw new DatasetParamError(`${where}: features must be an integer ≥ 1, got ${features}`);
  }
  if (x.length % features !== 0) {
    throw new DatasetParamError(`${where}: x has ${x.length} values, not a multiple of ${features} features`);
  }
}

function makeStandardizer(mean: Float64Array, std: Float64Array): Standardizer {
  const features = mean.length;
  const apply = (x: Float32Array | Float64Array, forward: boolean): Float32Array => {
    checkShape(forward ? 'transform' : 'inverseTransform', x, features);
    const out = new Float32Array(x.length);
    for (let k = 0; k < x.length; k++) {
      const f = k % features;
      out[k] = forward ? (x[k]! - mean[f]!) / std[f]! : x[k]! * std[f]! + mean[f]!;
    }
    return out;
  };
  return {
    features,
    mean,
    std,
    transform: (x) => apply(x, true),
    inverseTransform: (x) => apply(x, false),
    transformDataset: (d) => {
      if (d.features !== features) {
        throw new DatasetParamError(`transformDataset: dataset has ${d.features} features, standardizer ${features}`);
      }
      const { x64, ...rest } = d;
      return { ...rest, x: apply(x64 ?? d.x, true) } as typeof d;
    },
    toJSON: () => ({ mean: Array.from(mean), std: Array.from(std) }),
  };
}

/**
 * Fits per-feature mean and population std on `d` (use the training rows only), in float64 from
 * `d.x64` when present (else from the float32 `x`).
 */
export function fitStandardizer(d: AnyDataset | { x: Float32Array; x64?: Float64Array; features: number }): Standardizer {
  const values: Float32Array | Float64Array = d.x64 ?? d.x;
  checkShape('fitStandardizer', values, d.features);
  const n = values.length / d.features;
  if (n === 0) throw new DatasetParamError('fitStandardizer: cannot fit on 0 rows');
  const mean = new Float64Array(d.features);
  const std = new Float64Array(d.features);
  for (let k = 0; k < values.length; k++) mean[k % d.features]! += values[k]!;
  for (let f = 0; f < d.features; f++) mean[f]! /= n;
  // Two-pass variance: numerically safer than E[x²] - E[x]².
  for (let k = 0; k < values.length; k++) {
    const diff = values[k]! - mean[k % d.features]!;
    std[k % d.features]! += diff * diff;
  }
  for (let f = 0; f < d.features; f++) {
    const s = Math.sqrt(std[f]! / n);
    std[f] = s > 0 ? s : 1;
  }
  return makeStandardizer(mean, std);
}

/** Rebuilds a standardizer saved with `toJSON()`. */
export function standardizerFromJSON(json: StandardizerJSON): Standardizer {
  if (json.mean.length !== json.std.length || json.mean.length === 0) {
    throw new DatasetParamError('standardizerFromJSON: mean and std must be non-empty and the same length');
  }
  if (json.std.some((s) => !(s > 0))) {
    throw new DatasetParamError('standardizerFromJSON: every std must be > 0');
  }
  return makeStandardizer(Float64Array.from(json.mean), Float64Array.from(json.std));
}

/** Fits on `train` and applies to `train` and every other dataset given (e.g. test). */
export function standardize(
  train: Dataset,
  ...others: Dataset[]
): { standardizer: Standardizer; train: Dataset; others: Dataset[] } {
  const standardizer = fitStandardizer(train);
  return {
    standardizer,
    train: standardizer.transformDataset(train),
    others: others.map((d) => standardizer.transformDataset(d)),
  };
}
