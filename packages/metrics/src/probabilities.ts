import { MetricsInputError } from './errors.js';
import { checkClassCount, checkClassIds, type Labels } from './validate.js';

/** Keras' default `epsilon()`, which TF.js losses also clip with. */
export const DEFAULT_LOG_LOSS_EPS = 1e-7;

export interface LogLossOptions {
  /**
   * Width of each probability row. 1 means binary: each value is P(class 1). Default:
   * probs.length / yTrue.length.
   */
  classes?: number;
  /**
   * Probabilities are clipped to [eps, 1 - eps] before the log. Default 1e-7, Keras' epsilon, so
   * the value matches the loss a Keras/TF.js model reports (sklearn uses float64 machine eps).
   */
  eps?: number;
}

function checkProbabilities(probs: ArrayLike<number>): void {
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i] as number;
    if (Number.isNaN(p)) throw new MetricsInputError(`probs[${i}] is NaN`);
    if (!(p >= 0 && p <= 1)) {
      throw new MetricsInputError(`probs[${i}] = ${p} is not a probability in [0, 1]`);
    }
  }
}

/**
 * Mean negative log-likelihood (natural log) of the true classes: binary cross-entropy for
 * width 1, categorical cross-entropy otherwise. Like Keras, each categorical row is divided by
 * its sum (softmax outputs in float32 drift from 1) and then clipped; arithmetic is float64.
 */
export function logLoss(
  yTrue: Labels,
  probs: Float32Array | number[] | ArrayLike<number>,
  o: LogLossOptions = {},
): number {
  const n = yTrue.length;
  if (n === 0) throw new MetricsInputError('yTrue is empty: log loss needs at least one sample');
  let width = o.classes;
  if (width === undefined) {
    width = probs.length / n;
    if (!Number.isInteger(width) || width < 1) {
      throw new MetricsInputError(
        `probs has ${probs.length} values, not a positive multiple of yTrue.length = ${n}; pass classes`,
      );
    }
  }
  checkClassCount(width);
  if (probs.length !== n * width) {
    throw new MetricsInputError(
      `probs has ${probs.length} values, expected yTrue.length × classes = ${n} × ${width} = ${n * width}`,
    );
  }
  const eps = o.eps ?? DEFAULT_LOG_LOSS_EPS;
  if (!(eps >= 0 && eps < 0.5)) throw new MetricsInputError(`eps must be in [0, 0.5), got ${eps}`);
  checkClassIds(yTrue, 'yTrue', width === 1 ? 2 : width);
  checkProbabilities(probs);

  const clip = (p: number): number => Math.min(1 - eps, Math.max(eps, p));
  let total = 0;
  if (width === 1) {
    for (let i = 0; i < n; i++) {
      const p = clip(probs[i] as number);
      total -= yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p);
    }
  } else {
    for (let i = 0; i < n; i++) {
      let rowSum = 0;
      for (let j = 0; j < width; j++) rowSum += probs[i * width + j] as number;
      if (rowSum === 0) throw new MetricsInputError(`probs row ${i} sums to 0`);
      total -= Math.log(clip((probs[i * width + (yTrue[i] as number)] as number) / rowSum));
    }
  }
  return total / n;
}

/**
 * Predicted class per row: for width 1 (binary P(class 1)) p > 0.5 → 1 else 0 (Keras binary_accuracy's rule, so a tie at 0.5 is class 0); otherwise the
 * row's argmax, the first index on ties (like numpy's argmax). Empty input gives an empty array.
 */
export function classesFromProbabilities(
  probs: Float32Array | number[] | ArrayLike<number>,
  width: number,
): Int32Array {
  checkClassCount(width, 'width');
  if (probs.length % width !== 0) {
    throw new MetricsInputError(`probs has ${probs.length} values, not a multiple of width = ${width}`);
  }
  for (let i = 0; i < probs.length; i++) {
    if (Number.isNaN(probs[i] as number)) throw new MetricsInputError(`probs[${i}] is NaN`);
  }
  const rows = probs.length / width;
  const out = new Int32Array(rows);
  if (width === 1) {
    for (let i = 0; i < rows; i++) out[i] = (probs[i] as number) > 0.5 ? 1 : 0;
    return out;
  }
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestValue = probs[i * width] as number;
    for (let j = 1; j < width; j++) {
      const v = probs[i * width + j] as number;
      if (v > bestValue) {
        best = j;
        bestValue = v;
      }
    }
    out[i] = best;
  }
  return out;
}
