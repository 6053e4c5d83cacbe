import { MetricsInputError } from './errors.js';
import { confusionCounts, resolveLabels } from './labels.js';
import type { Labels } from './validate.js';

/** Scores of one class (one row of sklearn's report). */
export interface ClassScores {
  /** Display name: `classNames[id]`, else the class id as a string ('0', '1', ...). */
  label: string;
  /** The class id this row describes (always set by `classificationReport`). */
  id?: number;
  precision: number;
  recall: number;
  f1: number;
  /** Number of samples whose true class is this class. */
  support: number;
}

export interface AverageScores {
  precision: number;
  recall: number;
  f1: number;
  /** Total number of samples. */
  support: number;
}

/** Plain, JSON-serialisable numbers behind sklearn's `classification_report`. */
export interface ClassificationReport {
  classes: ClassScores[];
  accuracy: number;
  /** Unweighted mean over the class rows. */
  macroAvg: AverageScores;
  /** Mean over the class rows weighted by support. */
  weightedAvg: AverageScores;
  /** Total number of samples. */
  support: number;
  /**
   * Heading of the accuracy row in the text rendering. `classificationReport` always reports on a
   * superset of the labels present, for which scikit-learn ≥ 1.5 prints 'accuracy' (older
   * versions printed 'micro avg'). 'micro avg' renders `accuracy` in the precision, recall and
   * f1 columns, for hand-built reports whose `accuracy` holds a micro average. Missing means
   * 'accuracy'.
   */
  accuracyLabel?: 'accuracy' | 'micro avg';
}

export interface ClassificationReportOptions {
  /** Display names: `classNames[i]` names class id i. Defaults to the ids as strings. */
  classNames?: string[];
  /** Report on ids 0..classes-1 (sklearn's `labels=`); default: labels present in yTrue or yPred. */
  classes?: number;
  /** Value used where a ratio divides by zero (sklearn's default "warn" behaves as 0). */
  zeroDivision?: 0 | 1;
}

/**
 * Per-class precision, recall, F1 and support with accuracy and macro/weighted averages, with
 * the semantics of scikit-learn's `classification_report` (precision_recall_fscore_support).
 * F1 is computed as 2·tp / (support + predicted), as sklearn ≥ 1.3 does; a class with no true and
 * no predicted samples gets `zeroDivision` for all three scores, and its row is still reported.
 */
export function classificationReport(
  yTrue: Labels,
  yPred: Labels,
  o: ClassificationReportOptions = {},
): ClassificationReport {
  const zeroDivision = o.zeroDivision ?? 0;
  if (zeroDivision !== 0 && zeroDivision !== 1) {
    throw new MetricsInputError(`zeroDivision must be 0 or 1, got ${String(zeroDivision)}`);
  }
  const labels = resolveLabels(yTrue, yPred, o.classes);
  const names = labels.map((id) => {
    if (o.classNames === undefined) return String(id);
    const name = o.classNames[id];
    if (name === undefined) {
      throw new MetricsInputError(
        `classNames has ${o.classNames.length} names but class id ${id} needs one (classNames[i] names class id i)`,
      );
    }
    return name;
  });

  const cm = confusionCounts(yTrue, yPred, labels);
  const n = yTrue.length;
  const divide = (num: number, den: number): number => (den === 0 ? zeroDivision : num / den);

  let correct = 0;
  const classes: ClassScores[] = labels.map((id, i) => {
    const row = cm[i] as number[];
    const tp = row[i] as number;
    correct += tp;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = cm.reduce((sum, r) => sum + (r[i] as number), 0);
    return {
      label: names[i] as string,
      id,
      precision: divide(tp, predicted),
      recall: divide(tp, support),
      f1: divide(2 * tp, support + predicted),
      support,
    };
  });

  const mean = (pick: (c: ClassScores) => number): number =>
    classes.reduce((sum, c) => sum + pick(c), 0) / classes.length;
  // Every label is inside `labels`, so the support total is n > 0 (sklearn's zero-weight case
  // cannot occur).
  const weighted = (pick: (c: ClassScores) => number): number =>
    classes.reduce((sum, c) => sum + pick(c) * c.support, 0) / n;

  // sklearn ≥ 1.5 heads the micro average 'accuracy' whenever the reported labels include every
  // label present (scikit-learn#28399). Labels outside `classes` throw, so that always holds here.
  const accuracyLabel = 'accuracy';

  return {
    classes,
    accuracy: correct / n,
    macroAvg: {
      precision: mean((c) => c.precision),
      recall: mean((c) => c.recall),
      f1: mean((c) => c.f1),
      support: n,
    },
    weightedAvg: {
      precision: weighted((c) => c.precision),
      recall: weighted((c) => c.recall),
      f1: weighted((c) => c.f1),
      support: n,
    },
    support: n,
    accuracyLabel,
  };
}
