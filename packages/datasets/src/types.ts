/**
 * A labelled classification dataset stored as row-major typed arrays (see docs/architecture.md).
 * `task` is absent or 'classification'.
 */
export interface Dataset {
  task?: 'classification';
  name: string;
  /** Row-major `n × features` values. */
  x: Float32Array;
  /** Class ids `0..classes-1`, one per row. */
  y: Int32Array;
  features: number;
  classes: number;
  /** Display name per class id (e.g. the original CSV labels). */
  classNames?: string[];
  featureNames?: string[];
  /** The generator parameters that produced this data (after defaults). */
  params?: Record<string, number | boolean | string>;  /**
   * The feature values as read, in float64, present only when rounding them to float32 (`x`)
   * loses precision that matters (a column such as Unix timestamps, whose spread is small next to
   * its magnitude). Standardization starts from these, so such a column keeps its information.
   */
  x64?: Float64Array;
}

/** A regression dataset: continuous targets, `n × targets` row-major in `y`. */
export interface RegressionDataset {
  task: 'regression';
  name: string;
  /** Row-major `n × features` values. */
  x: Float32Array;
  /** Row-major `n × targets` target values. */
  y: Float32Array;
  features: number;
  /** Targets per row (1 for one continuous target). */
  targets: number;
  featureNames?: string[];
  /** Names of the targets (default "y", or y0, y1, … for several). */
  targetNames?: string[];
  params?: Record<string, number | boolean | string>;  /**
   * The feature values as read, in float64, present only when rounding them to float32 (`x`)
   * loses precision that matters (a column such as Unix timestamps, whose spread is small next to
   * its magnitude). Standardization starts from these, so such a column keeps its information.
   */
  x64?: Float64Array;
}

/** Either kind; `isRegression` tells them apart. */
export type AnyDataset = Dataset | RegressionDataset;

/** Whether `d` is a regression dataset (continuous targets in `y`). */
export function isRegression(d: { task?: string }): d is RegressionDataset {
  return d.task === 'regression';
}

/** Number of rows in a dataset. */
export function datasetSize(d: AnyDataset): number {
  return isRegression(d) ? d.y.length / d.targets : d.y.length;
}

/** Values of `y` per row: the number of targets of a regression dataset, 1 for class ids. */
export function yWidth(d: AnyDataset): number {
  return isRegression(d) ? d.targets : 1;
}

/** Target names of a regression dataset: its own, else "y" (one target) or y0, y1, …. */
export function targetNamesOf(d: Pick<RegressionDataset, 'targets' | 'targetNames'>): string[] {
  if (d.targetNames && d.targetNames.length === d.targets) return [...d.targetNames];
  return d.targets === 1 ? ['y'] : Array.from({ length: d.targets }, (_, k) => `y${k}`);
}

/**
 * `x64` when float32 would blur a column: some value's float32 rounding error exceeds 1e-4 of its
 * column's standard deviation. Otherwise undefined (float32 `x` is all a model needs).
 */
export function precisionCopy(x64: Float64Array, features: number): Float64Array | undefined {
  const n = x64.length / features;
  if (n < 2) return undefined;
  for (let f = 0; f < features; f++) {
    let mean = 0;
    for (let r = 0; r < n; r++) mean += x64[r * features + f]!;
    mean /= n;
    let variance = 0;
    let maxError = 0;
    for (let r = 0; r < n; r++) {
      const v = x64[r * features + f]!;
      variance += (v - mean) ** 2;
      maxError = Math.max(maxError, Math.abs(Math.fround(v) - v));
    }
    const std = Math.sqrt(variance / n);
    // (The absolute floor ignores subnormal values, whose float32 rounding is below any real data.)
    if (std > 0 && maxError > Math.max(1e-4 * std, 1e-30)) return x64;
  }
  return undefined;
}
