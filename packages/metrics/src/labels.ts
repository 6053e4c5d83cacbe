import { checkClassCount, checkClassIds, checkPairedLabels, type Labels } from './validate.js';

/**
 * The sorted class ids present in either yTrue or yPred (sklearn's `unique_labels`). These index
 * the rows/columns of `confusionMatrix` and the rows of `classificationReport` when `classes` is
 * not given.
 */
export function uniqueLabels(yTrue: Labels, yPred: Labels): number[] {
  checkPairedLabels(yTrue, yPred);
  const seen = new Set<number>();
  for (let i = 0; i < yTrue.length; i++) {
    seen.add(yTrue[i] as number);
    seen.add(yPred[i] as number);
  }
  return [...seen].sort((a, b) => a - b);
}

/** Fraction of samples whose predicted class equals the true class. */
export function accuracy(yTrue: Labels, yPred: Labels): number {
  checkPairedLabels(yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/**
 * The label ids a metric reports on: 0..classes-1 when `classes` is given (sklearn's `labels=`),
 * else the union of the labels present in yTrue and yPred.
 */
export function resolveLabels(yTrue: Labels, yPred: Labels, classes: number | undefined): number[] {
  checkPairedLabels(yTrue, yPred);
  if (classes === undefined) return uniqueLabels(yTrue, yPred);
  checkClassCount(classes);
  checkClassIds(yTrue, 'yTrue', classes);
  checkClassIds(yPred, 'yPred', classes);
  return Array.from({ length: classes }, (_, i) => i);
}

/** Counts indexed by the positions of `labels` (every label of yTrue/yPred is in `labels`). */
export function confusionCounts(yTrue: Labels, yPred: Labels, labels: readonly number[]): number[][] {
  const index = new Map<number, number>();
  labels.forEach((label, i) => index.set(label, i));
  const cm = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const row = cm[index.get(yTrue[i] as number) as number] as number[];
    const col = index.get(yPred[i] as number) as number;
    row[col] = (row[col] as number) + 1;
  }
  return cm;
}

/**
 * Confusion matrix with rows = true class, columns = predicted class (sklearn's layout).
 * Without `classes` the rows/columns are the sorted labels present in yTrue or yPred (see
 * `uniqueLabels`); with `classes` they are 0..classes-1 and any label outside throws.
 */
export function confusionMatrix(
  yTrue: Labels,
  yPred: Labels,
  o: { classes?: number } = {},
): number[][] {
  return confusionCounts(yTrue, yPred, resolveLabels(yTrue, yPred, o.classes));
}
