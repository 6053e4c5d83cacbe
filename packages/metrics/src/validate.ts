import { MetricsInputError } from './errors.js';

/** Class ids: any array-like of numbers (Int32Array, number[], ...). */
export type Labels = ArrayLike<number>;

export function checkPairedLabels(yTrue: Labels, yPred: Labels): void {
  if (yTrue.length !== yPred.length) {
    throw new MetricsInputError(
      `yTrue and yPred have different lengths: ${yTrue.length} vs ${yPred.length}`,
    );
  }
  if (yTrue.length === 0) {
    throw new MetricsInputError('yTrue and yPred are empty: metrics need at least one sample');
  }
  checkClassIds(yTrue, 'yTrue');
  checkClassIds(yPred, 'yPred');
}

export function checkClassIds(labels: Labels, name: string, classes?: number): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    if (!Number.isInteger(label) || label < 0) {
      throw new MetricsInputError(
        `${name}[${i}] = ${label} is not a class id (a non-negative integer)`,
      );
    }
    if (classes !== undefined && label >= classes) {
      throw new MetricsInputError(
        `${name}[${i}] = ${label} is out of range for classes = ${classes} (ids 0..${classes - 1})`,
      );
    }
  }
}

export function checkClassCount(classes: number, name = 'classes'): void {
  if (!Number.isInteger(classes) || classes < 1) {
    throw new MetricsInputError(`${name} must be a positive integer, got ${classes}`);
  }
}
