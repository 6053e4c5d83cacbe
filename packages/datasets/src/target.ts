/**
 * Class labels from text cells: what kind of target a column is (scikit-learn's
 * `type_of_target`), class ids in a canonical order, and matching labels of another file to a
 * model's classes by value.
 */
import { parseDecimal } from './csv-read.js';
import { CsvError } from './errors.js';

/** scikit-learn's `type_of_target` kinds that mlpkit distinguishes. */
export type TargetType = 'binary' | 'multiclass' | 'continuous';

export interface TargetInfo {
  type: TargetType;
  /** Every label is a decimal number. */
  numeric: boolean;
  /** Distinct values (by value for numeric labels). */
  distinct: number;
}

/**
 * The class name of a label: numeric labels by value, as the shortest text of the number
 * (`1`, `1.0`, `1e0`, `+1` → "1"; `-0` → "0"), text labels as written.
 */
export function canonicalLabel(label: string): string {
  const v = parseDecimal(label);
  if (v === undefined) return label;
  // Integers beyond 2^53 keep every digit (as NumPy's int64 would): 9007199254740993 is its own class.
  if (/^[+-]?\d+$/.test(label) && !Number.isSafeInteger(v)) return BigInt(label).toString();
  return String(v === 0 ? 0 : v);
}

/** Orders canonical numeric labels by value (exactly, also for integers beyond 2^53). */
function compareNumeric(a: string, b: string): number {
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}

/** Orders text by Unicode code points, as NumPy sorts strings (JavaScript's `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Up to three examples for a message: "1.5", "2.25", "3" */
const examples = (values: readonly string[]) => values.slice(0, 3).map((v) => JSON.stringify(v)).join(', ');

/**
 * Classifies a label column like scikit-learn's `type_of_target`: numbers with a fractional part
 * are `continuous`; otherwise `binary` (≤ 2 distinct values) or `multiclass`. Numeric labels are
 * compared by value (`1` and `1.0` are one class).
 *
 * Throws CsvError (MLPKIT_INVALID_INPUT) when the column mixes numbers and text (scikit-learn:
 * "Mix of label input types (string and number)"), naming a row of each; `rowNumbers[i]` is the
 * file row of `labels[i]`.
 */
export function typeOfTarget(labels: readonly string[], o: { column?: string; rowNumbers?: readonly number[] } = {}): TargetInfo {
  let firstNumber = -1;
  let firstText = -1;
  for (let i = 0; i < labels.length && (firstNumber < 0 || firstText < 0); i++) {
    if (parseDecimal(labels[i]!) === undefined) {
      if (firstText < 0) firstText = i;
    } else if (firstNumber < 0) {
      firstNumber = i;
    }
  }
  const where = (i: number) => `row ${o.rowNumbers?.[i] ?? i + 1}`;
  const column = o.column !== undefined ? `column "${o.column}"` : 'the label column';
  if (firstNumber >= 0 && firstText >= 0) {
    throw new CsvError(
      `CSV ${column} mixes numbers and text (${where(firstNumber)}: ${JSON.stringify(labels[firstNumber])}, ${where(firstText)}: ${JSON.stringify(labels[firstText])}), as scikit-learn refuses ("Mix of label input types"); fix the file, or choose another column with --label-column`,
      ...(o.column !== undefined ? [{ column: o.column }] : []),
    );
  }
  const numeric = firstText < 0 && labels.length > 0;
  const distinct = new Set(numeric ? labels.map(canonicalLabel) : labels);
  if (numeric) {
    const fractional = [...distinct].filter((v) => !Number.isInteger(Number(v)));
    if (fractional.length > 0) return { type: 'continuous', numeric, distinct: distinct.size };
  }
  return { type: distinct.size <= 2 ? 'binary' : 'multiclass', numeric, distinct: distinct.size };
}

/** The most classes a label column of `rows` rows may have before it looks like a continuous target. */
export function maxClasses(rows: number): number {
  return Math.max(20, Math.floor(0.05 * rows));
}

export interface EncodedLabels {
  /** Class id per row, 0..classNames.length-1. */
  y: Int32Array;
  /** Class names in id order: numbers ascending (canonical text), else text in code-unit order. */
  classNames: string[];
}

/**
 * Encodes class labels as ids (numeric labels by value in ascending order; text labels sorted as
 * `numpy.unique` sorts them). Refuses, with CsvError, a column that is not a classification
 * target: numbers with a fractional part, or more distinct values than `maxClasses(rows)`
 * (max(20, 5 % of the rows)) — a regression target or an id column.
 */
export function encodeLabels(
  labels: readonly string[],
  o: { column?: string; rowNumbers?: readonly number[]; /** Skip the max(20, 5%) rule: the caller says these are classes. */ manyClasses?: boolean } = {},
): EncodedLabels {
  const info = typeOfTarget(labels, o);
  const column = o.column !== undefined ? `column "${o.column}"` : 'the label column';
  const limit = maxClasses(labels.length);
  if (info.type === 'continuous' || (info.distinct > limit && !o.manyClasses)) {
    const sample = [...new Set(labels)].slice(0, 3);
    const why =
      info.type === 'continuous'
        ? `holds numbers with a fractional part (${examples(sample)}, …: ${info.distinct} distinct values in ${labels.length} rows)`
        : `has ${info.distinct} distinct values in ${labels.length} rows (a class column has at most max(20, 5% of the rows) = ${limit})`;
    throw new CsvError(
      `CSV ${column} ${why}: that is a continuous target or an id, not class labels; choose the class column with --label-column${info.numeric ? ', or read it as a numeric target with --task regression' : ''}${info.type !== 'continuous' ? ' (or --task classification if these really are classes)' : ''}`,
      ...(o.column !== undefined ? [{ column: o.column }] : []),
    );
  }
  const keyOf = info.numeric ? canonicalLabel : (l: string) => l;
  const keys = [...new Set(labels.map(keyOf))];
  keys.sort(info.numeric ? compareNumeric : compareCodePoints);
  const idOf = new Map(keys.map((k, i) => [k, i]));
  const y = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) y[i] = idOf.get(keyOf(labels[i]!))!;
  return { y, classNames: keys };
}

/**
 * Maps labels to the ids of known classes by value (numeric labels and class names compare as
 * numbers, so `1.0` matches class "1"; text compares exactly). Throws CsvError naming the first
 * label that is not one of `classNames`, with its row.
 */
export function matchLabels(
  labels: readonly string[],
  classNames: readonly string[],
  o: { column?: string; rowNumbers?: readonly number[]; source?: string; rowWord?: string } = {},
): Int32Array {
  const idOf = new Map<string, number>();
  classNames.forEach((name, i) => {
    idOf.set(name, i);
    idOf.set(canonicalLabel(name), i);
  });
  const y = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const id = idOf.get(label) ?? idOf.get(canonicalLabel(label));
    if (id === undefined) {
      const row = o.rowNumbers?.[i] ?? i + 1;
      throw new CsvError(
        `${o.source ? `${o.source}: ` : ''}${o.rowWord ?? 'CSV row'} ${row}${o.column !== undefined ? `, column "${o.column}"` : ''}: label ${JSON.stringify(label)} is not one of the model's classes (${classNames.join(', ')}): a model cannot predict a class it never saw in training; to evaluate on ${JSON.stringify(label)}, train the model on data that contains it`,
        { row, ...(o.column !== undefined ? { column: o.column } : {}) },
      );
    }
    y[i] = id;
  }
  return y;
}
