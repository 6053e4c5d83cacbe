/** A labelled dataset stored as row-major typed arrays (see docs/architecture.md). */
export interface Dataset {
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
  params?: Record<string, number | boolean | string>;
}

/** Number of rows in a dataset. */
export function datasetSize(d: Dataset): number {
  return d.y.length;
}
