/** Structural twin of `@mlpkit/datasets` Dataset: row-major `x` (n × features), class ids in `y`. */
export interface PlotData {
  x: Float32Array;
  y: Int32Array;
  features: number;
  classes: number;
  classNames?: string[];
  /** Column names; the axes are labelled with the first two (default "x0", "x1", the CSV header). */
  featureNames?: string[];
}

/** Decision-boundary grid: point index `j * nx + i`, i along x, j along y, j = 0 at `yMin`. */
export interface GridSpec {
  nx: number;
  ny: number;
  bounds: Bounds;
}

export interface Bounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface CommonOptions {
  title?: string;
  /** Width of the SVG in px. */
  width?: number;
  /** Height of the SVG in px. */
  height?: number;
}

/**
 * Per-epoch curves (Keras names): `loss` and, for classification, `accuracy`; for regression,
 * `mae` (the second panel shows whichever is present, accuracy first).
 */
export interface HistoryLike {
  loss: number[];
  accuracy?: number[];
  val_loss?: number[];
  val_accuracy?: number[];
  mae?: number[];
  val_mae?: number[];
}

export interface AxisLabelOptions {
  /** Label under the x axis (default: featureNames[0], else "x0"). */
  xLabel?: string;
  /** Label left of the y axis (default: featureNames[1], else "x1"). */
  yLabel?: string;
}

export interface PointOptions {
  /** Radius of the data points in px (default depends on the number of points drawn). */
  pointRadius?: number;
  /**
   * Draw at most this many points (default 5,000; Infinity for all): larger data sets are drawn
   * as a seeded, stratified sample, and the title says so.
   */
  maxPoints?: number;
  /** Seed of that sample (default 0). */
  sampleSeed?: number;
}

export type ScatterOptions = CommonOptions &
  AxisLabelOptions &
  PointOptions & {
    /** Axis limits; default: the data extent padded by 5 % (matplotlib's default margins). */
    bounds?: Bounds;
  };

export type DecisionBoundaryOptions = CommonOptions &
  AxisLabelOptions &
  PointOptions & {
    /** Number of filled probability bands between 0 and 1 (default 10, like contourf). */
    levels?: number;
    /** Draw the P = 0.5 contour line (default true). */
    showContour?: boolean;
    /**
     * The colourbar's label (binary plots): default `P(y = <name of class 1>)` when the data names
     * its classes (e.g. "P(y = malignant)"), else "P(y = 1)".
     */
    probabilityLabel?: string;
  };

export type DecisionRegionsOptions = CommonOptions & AxisLabelOptions & PointOptions;

export type BoundaryOptions = DecisionBoundaryOptions;

export interface ComparisonPanel {
  title: string;
  data: PlotData | null;
  grid: GridSpec;
  /** nx*ny*width probabilities, row-major per grid point. */
  probs: Float32Array;
  /** 1 for a sigmoid output (P(class 1)), K for a softmax output. */
  width: number;
}

export type ConfusionMatrixOptions = CommonOptions & {
  /** Class labels for rows and columns (default 0..K-1). */
  labels?: string[];
};

/** Axis labels: explicit options, else the data's feature names, else the CSV header's x0/x1. */
export function axisLabels(data: PlotData | null, o: AxisLabelOptions): { xLabel: string; yLabel: string } {
  return {
    xLabel: o.xLabel ?? data?.featureNames?.[0] ?? 'x0',
    yLabel: o.yLabel ?? data?.featureNames?.[1] ?? 'x1',
  };
}
