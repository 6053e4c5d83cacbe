/**
 * Regression metrics, equal to scikit-learn 1.2's for the same arrays: `r2Score`
 * (`r2_score`), `meanAbsoluteError`, `meanSquaredError`, `rootMeanSquaredError`
 * (`mean_squared_error(squared=False)`), `explainedVariance` (`explained_variance_score`), and a
 * regression report. Targets are `n` values, or `n × outputs` row-major for several outputs.
 * Sums are in float64 (float32 inputs are widened exactly); results can differ from NumPy's
 * pairwise sums in the last bits.
 */
import { MetricsInputError } from './errors.js';

/** Target values: any array-like of numbers, `n × outputs` row-major. */
export type Targets = ArrayLike<number>;

/**
 * How several outputs are combined, as scikit-learn's `multioutput`: 'uniform_average' (default:
 * the mean of the per-output scores), 'raw_values' (one score per output), or
 * 'variance_weighted' (r2Score and explainedVariance only: weighted by each output's variance).
 */
export type Multioutput = 'uniform_average' | 'raw_values' | 'variance_weighted';

export interface RegressionMetricOptions {
  /** Outputs per sample (default 1): `yTrue` and `yPred` are `n × outputs` row-major. */
  outputs?: number;
  multioutput?: Multioutput;
}

type Raw = { multioutput: 'raw_values' };

interface Checked {
  n: number;
  outputs: number;
}

function check(yTrue: Targets, yPred: Targets, o: RegressionMetricOptions, allowVarianceWeighted = false): Checked {
  const outputs = o.outputs ?? 1;
  if (!Number.isInteger(outputs) || outputs < 1) throw new MetricsInputError(`outputs must be a positive integer, got ${outputs}`);
  if (yTrue.length !== yPred.length) {
    throw new MetricsInputError(`yTrue and yPred have different lengths: ${yTrue.length} vs ${yPred.length}`);
  }
  if (yTrue.length === 0) throw new MetricsInputError('yTrue and yPred are empty: metrics need at least one sample');
  if (yTrue.length % outputs !== 0) {
    throw new MetricsInputError(`yTrue has ${yTrue.length} values, not a multiple of ${outputs} outputs`);
  }
  const m = o.multioutput ?? 'uniform_average';
  if (m !== 'uniform_average' && m !== 'raw_values' && !(allowVarianceWeighted && m === 'variance_weighted')) {
    throw new MetricsInputError(`multioutput must be one of uniform_average, raw_values${allowVarianceWeighted ? ', variance_weighted' : ''}, got ${JSON.stringify(m)}`);
  }
  for (const [name, y] of [['yTrue', yTrue], ['yPred', yPred]] as const) {
    for (let i = 0; i < y.length; i++) {
      if (!Number.isFinite(y[i]!)) throw new MetricsInputError(`${name}[${i}] = ${y[i]} is not a finite number`);
    }
  }
  return { n: yTrue.length / outputs, outputs };
}

/** Per-output mean of f(yTrue, yPred) over the samples. */
function perOutputMean(yTrue: Targets, yPred: Targets, c: Checked, f: (t: number, p: number) => number): number[] {
  const sums = new Float64Array(c.outputs);
  for (let i = 0; i < c.n; i++) for (let k = 0; k < c.outputs; k++) sums[k]! += f(yTrue[i * c.outputs + k]!, yPred[i * c.outputs + k]!);
  return Array.from(sums, (s) => s / c.n);
}

function combine(scores: number[], multioutput: Multioutput | undefined, weights?: number[]): number | number[] {
  if (multioutput === 'raw_values') return scores;
  if (multioutput === 'variance_weighted' && weights) {
    const total = weights.reduce((a, b) => a + b, 0);
    // scikit-learn: all-zero weights (constant targets) fall back to the plain mean.
    if (total !== 0) return scores.reduce((a, s, k) => a + s * weights[k]!, 0) / total;
  }
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

/** Mean absolute error, per output then combined (`sklearn.metrics.mean_absolute_error`). */
export function meanAbsoluteError(yTrue: Targets, yPred: Targets, o: RegressionMetricOptions & Raw): number[];
export function meanAbsoluteError(yTrue: Targets, yPred: Targets, o?: RegressionMetricOptions): number;
export function meanAbsoluteError(yTrue: Targets, yPred: Targets, o: RegressionMetricOptions = {}): number | number[] {
  const c = check(yTrue, yPred, o);
  return combine(perOutputMean(yTrue, yPred, c, (t, p) => Math.abs(p - t)), o.multioutput);
}

/** Mean squared error, per output then combined (`sklearn.metrics.mean_squared_error`). */
export function meanSquaredError(yTrue: Targets, yPred: Targets, o: RegressionMetricOptions & Raw): number[];
export function meanSquaredError(yTrue: Targets, yPred: Targets, o?: RegressionMetricOptions): number;
export function meanSquaredError(yTrue: Targets, yPred: Targets, o: RegressionMetricOptions = {}): number | number[] {
  const c = check(yTrue, yPred, o);
  return combine(perOutputMean(yTrue, yPred, c, (t, p) => (t - p) ** 2), o.multioutput);
}

/**
 * Root mean squared error: the square root of each output's MSE, then combined (scikit-learn
 * 1.2's `mean_squared_error(squared=False)`; for several outputs this is the mean of the
 * per-output RMSEs, not the root of the mean MSE).
 */
export function rootMeanSquaredError(yTrue: Targets, yPred: Targets, o: RegressionMetricOptions & Raw): number[];
export function rootMeanSquaredError(yTrue: Targets, yPred: Targets, o?: RegressionMetricOptions): number;
export function rootMeanSquaredError(yTrue: Targets, yPred: Targets, o: RegressionMetricOptions = {}): number | number[] {
  const c = check(yTrue, yPred, o);
  return combine(perOutputMean(yTrue, yPred, c, (t, p) => (t - p) ** 2).map(Math.sqrt), o.multioutput);
}

/**
 * scikit-learn's `_assemble_r2_explained_variance` with `force_finite=True`: 1 − num/den, but 1
 * for a perfect prediction of a constant target and 0 for an imperfect one (instead of NaN/−∞).
 */
function assemble(numerator: number[], denominator: number[], multioutput: Multioutput | undefined): number | number[] {
  const scores = numerator.map((num, k) => {
    const den = denominator[k]!;
    if (den !== 0 && num !== 0) return 1 - num / den;
    if (num !== 0 && den === 0) return 0;
    return 1;
  });
  return combine(scores, multioutput, denominator);
}

/**
 * Coefficient of determination R² (`sklearn.metrics.r2_score`, force_finite): per output
 * 1 − Σ(y − ŷ)² / Σ(y − ȳ)², then combined. Fewer than two samples give NaN, as scikit-learn.
 */
export function r2Score(yTrue: Targets, yPred: Targets, o: RegressionMetricOptions & Raw): number[];
export function r2Score(yTrue: Targets, yPred: Targets, o?: RegressionMetricOptions): number;
export function r2Score(yTrue: Targets, yPred: Targets, o: RegressionMetricOptions = {}): number | number[] {
  const c = check(yTrue, yPred, o, true);
  if (c.n < 2) return o.multioutput === 'raw_values' ? new Array<number>(c.outputs).fill(Number.NaN) : Number.NaN;
  const mean = perOutputMean(yTrue, yTrue, c, (t) => t);
  const num = new Array<number>(c.outputs).fill(0);
  const den = new Array<number>(c.outputs).fill(0);
  for (let i = 0; i < c.n; i++) {
    for (let k = 0; k < c.outputs; k++) {
      const t = yTrue[i * c.outputs + k]!;
      num[k]! += (t - yPred[i * c.outputs + k]!) ** 2;
      den[k]! += (t - mean[k]!) ** 2;
    }
  }
  return assemble(num, den, o.multioutput);
}

/**
 * Explained variance (`sklearn.metrics.explained_variance_score`, force_finite): per output
 * 1 − Var(y − ŷ) / Var(y), then combined. Unlike R², a constant offset in the predictions is not
 * penalised.
 */
export function explainedVariance(yTrue: Targets, yPred: Targets, o: RegressionMetricOptions & Raw): number[];
export function explainedVariance(yTrue: Targets, yPred: Targets, o?: RegressionMetricOptions): number;
export function explainedVariance(yTrue: Targets, yPred: Targets, o: RegressionMetricOptions = {}): number | number[] {
  const c = check(yTrue, yPred, o, true);
  const diffMean = perOutputMean(yTrue, yPred, c, (t, p) => t - p);
  const trueMean = perOutputMean(yTrue, yTrue, c, (t) => t);
  const num = new Array<number>(c.outputs).fill(0);
  const den = new Array<number>(c.outputs).fill(0);
  for (let i = 0; i < c.n; i++) {
    for (let k = 0; k < c.outputs; k++) {
      const t = yTrue[i * c.outputs + k]!;
      num[k]! += (t - yPred[i * c.outputs + k]! - diffMean[k]!) ** 2;
      den[k]! += (t - trueMean[k]!) ** 2;
    }
  }
  return assemble(num.map((v) => v / c.n), den.map((v) => v / c.n), o.multioutput);
}

/** One row of a regression report. */
export interface RegressionScores {
  /** Output name (`targetNames[k]`, else "y" for one output, "y0", "y1", … for several). */
  name: string;
  r2: number;
  mae: number;
  mse: number;
  rmse: number;
  explainedVariance: number;
}

/** A regression report: the uniform averages over the outputs, per output scores, and the support. */
export interface RegressionReport extends Omit<RegressionScores, 'name'> {
  /** Per-output rows (one for a single output). */
  outputs: RegressionScores[];
  /** Number of samples. */
  support: number;
}

export interface RegressionReportOptions {
  outputs?: number;
  /** Display names of the outputs. */
  targetNames?: string[];
}

/** R², MAE, MSE, RMSE and explained variance, per output and their uniform averages. */
export function regressionReport(yTrue: Targets, yPred: Targets, o: RegressionReportOptions = {}): RegressionReport {
  const outputs = o.outputs ?? 1;
  const opts = { outputs, multioutput: 'raw_values' as const };
  const r2 = r2Score(yTrue, yPred, opts);
  const mae = meanAbsoluteError(yTrue, yPred, opts);
  const mse = meanSquaredError(yTrue, yPred, opts);
  const rmse = rootMeanSquaredError(yTrue, yPred, opts);
  const ev = explainedVariance(yTrue, yPred, opts);
  if (o.targetNames && o.targetNames.length !== outputs) {
    throw new MetricsInputError(`targetNames has ${o.targetNames.length} names for ${outputs} outputs`);
  }
  const name = (k: number) => o.targetNames?.[k] ?? (outputs === 1 ? 'y' : `y${k}`);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return {
    r2: mean(r2),
    mae: mean(mae),
    mse: mean(mse),
    rmse: mean(rmse),
    explainedVariance: mean(ev),
    outputs: r2.map((_, k) => ({ name: name(k), r2: r2[k]!, mae: mae[k]!, mse: mse[k]!, rmse: rmse[k]!, explainedVariance: ev[k]! })),
    support: yTrue.length / outputs,
  };
}
