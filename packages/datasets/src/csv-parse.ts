/**
 * A training dataset from CSV text: header detection, the label column by name or index,
 * ignored columns, numeric features, class labels checked to be a classification target.
 */
import { FLOAT32_MAX, missingValueError, notANumberError, parseDecimal, readCsvTable, resolveColumn, type CsvTable, type ReadCsvOptions } from './csv-read.js';
import { CsvError } from './errors.js';
import { encodeLabels, maxClasses, typeOfTarget, type TargetType } from './target.js';
import { precisionCopy, type AnyDataset, type Dataset, type RegressionDataset } from './types.js';

export interface ParseCsvOptions extends ReadCsvOptions {
  /**
   * The label column: a name, or a 0-based index (negative counts from the end; a string such as
   * "-1" that is no column's name is read as an index). Default: the column named "label" (any
   * case), else the last column.
   */
  labelColumn?: string | number;
  /** Columns to leave out (names or indices), e.g. an id column. */
  ignoreColumns?: ReadonlyArray<string | number>;
  /** Dataset name. Default "csv". */
  name?: string;
  /**
   * Fewest classes accepted (default 2: a classifier needs two). An evaluation set may hold one
   * class; read it against the model's classes with `alignCsv` instead.
   */
  minClasses?: number;
  /**
   * 'classification' (default): the label column holds classes, and a continuous column is a
   * CsvError. 'regression': it holds a numeric target (a RegressionDataset). 'auto': regression
   * when the column holds numbers with a fractional part or more distinct integers than a class
   * column may have (max(20, 5% of the rows)), else classification; `info.task` says which.
   */
  task?: 'classification' | 'regression' | 'auto';
}

/** What parseCsvWithInfo decided about the file, to tell the user. */
export interface CsvInfo {
  /** Whether the first row was read as column names, and whether that was detected or set. */
  hasHeader: boolean;
  headerSource: 'detected' | 'option';
  /** The label column's name (x<k> for a file without header) and index. */
  labelColumn: string;
  labelIndex: number;
  /** Feature column names, in order. */
  featureColumns: string[];
  /** Every column of the file in order (the header, or x0, x1, … by position), label and ignored ones included. */
  columns: string[];
  /** Columns left out by `ignoreColumns`. */
  ignoredColumns: string[];
  rows: number;
  target: TargetType;
  /** Things done to read the file (columns renamed or dropped). */
  notes: string[];
  /**
   * Things that may make a model silently wrong, to show as warnings (and record with the run):
   * a feature column that counts the rows like an index, an integer label column read as many classes.
   */
  warnings: string[];
  /** What the label column was read as, and whether that was detected (`task: 'auto'`) or set. */
  task: 'classification' | 'regression';
  taskSource: 'detected' | 'option';
  delimiter: string;
}

/**
 * Parses CSV text into a Dataset and says how it read it. Every column except the label column
 * and the ignored ones is a numeric feature (stored as float32). Labels are class names: numeric
 * labels are one class per value (`1`, `1.0`, `1e0`) in ascending order, text labels in sorted
 * order (`encodeLabels`). Throws CsvError (MLPKIT_INVALID_INPUT) naming the row (1-based as in
 * the file) and column for ragged rows, missing values and non-numeric features, and for a label
 * column that mixes numbers and text, holds a continuous target, or has fewer than `minClasses`
 * classes.
 */
export function parseCsvWithInfo(text: string, o: ParseCsvOptions & { task: 'regression' }): { data: RegressionDataset; info: CsvInfo; table: CsvTable };
export function parseCsvWithInfo(text: string, o: ParseCsvOptions & { task: 'auto' }): { data: AnyDataset; info: CsvInfo; table: CsvTable };
export function parseCsvWithInfo(text: string, o?: ParseCsvOptions & { task?: 'classification' }): { data: Dataset; info: CsvInfo; table: CsvTable };
export function parseCsvWithInfo(text: string, o?: ParseCsvOptions): { data: AnyDataset; info: CsvInfo; table: CsvTable };
export function parseCsvWithInfo(text: string, o: ParseCsvOptions = {}): { data: AnyDataset; info: CsvInfo; table: CsvTable } {
  const table = readCsvTable(text, o);
  const { columns } = table;
  if (columns.length < 2) {
    throw new CsvError(`CSV has ${columns.length} column; need at least one feature column and a label column`);
  }
  const labelIndex = resolveLabel(columns, o.labelColumn);
  const ignored = new Set<number>();
  for (const spec of o.ignoreColumns ?? []) {
    const c = resolveColumn(columns, spec, 'ignored column');
    if (c === labelIndex) throw new CsvError(`CSV: column "${columns[c]}" is the label column and cannot be ignored`, { column: columns[c]! });
    ignored.add(c);
  }
  const featureIndices = columns.map((_, c) => c).filter((c) => c !== labelIndex && !ignored.has(c));
  if (featureIndices.length === 0) {
    throw new CsvError(`CSV: no feature columns left (columns: ${columns.join(', ')}; label: ${columns[labelIndex]})`);
  }
  const labelName = columns[labelIndex]!;
  const features = featureIndices.length;
  const n = table.rows.length;
  if (n === 0) throw new CsvError('CSV has a header but no data rows', { row: table.rowNumbers[0] ?? 2 });
  const x64 = new Float64Array(n * features);
  const labels: string[] = new Array(n);
  const used = [...featureIndices, labelIndex];
  for (let r = 0; r < n; r++) {
    const row = table.rows[r]!;
    const fileRow = table.rowNumbers[r]!;
    for (let k = 0; k < features; k++) {
      const c = featureIndices[k]!;
      const cell = row[c]!;
      const column = columns[c]!;
      if (cell === '') throw missingValueError(table.rows, table.rowNumbers, r, column, used);
      const v = parseDecimal(cell);
      if (v === undefined) throw notANumberError(table, fileRow, column, cell, labelHint(table.rows, c, column, labelName));
      if (Math.abs(v) > FLOAT32_MAX) throw new CsvError(`CSV row ${fileRow}, column "${column}": ${cell} is outside the float32 range mlpkit computes in (about ±3.4e38)`, { row: fileRow, column });
      x64[r * features + k] = v;
    }
    const label = row[labelIndex]!;
    if (label === '') throw missingValueError(table.rows, table.rowNumbers, r, labelName, used);
    labels[r] = label;
  }
  const x = Float32Array.from(x64);
  const precise = precisionCopy(x64, features);
  const target = typeOfTarget(labels, { column: labelName, rowNumbers: table.rowNumbers });
  const wanted = o.task ?? 'classification';
  const continuous = target.numeric && (target.type === 'continuous' || target.distinct > maxClasses(n));
  const task = wanted === 'auto' ? (continuous ? 'regression' : 'classification') : wanted;
  const info = {
    hasHeader: table.hasHeader,
    headerSource: table.headerSource,
    labelColumn: labelName,
    labelIndex,
    featureColumns: featureIndices.map((c) => columns[c]!),
    ignoredColumns: [...ignored].sort((a, b) => a - b).map((c) => columns[c]!),
    rows: n,
    target: target.type,
    task,
    taskSource: wanted === 'auto' ? ('detected' as const) : ('option' as const),
    delimiter: table.delimiter,
    columns: [...columns],
    notes: [...table.notes],
    warnings: indexLikeColumns(x64, features, featureIndices.map((c) => columns[c]!)),
  };
  if (task === 'regression') {
    if (!target.numeric) {
      const bad = labels.findIndex((l) => parseDecimal(l) === undefined);
      throw new CsvError(
        `CSV row ${table.rowNumbers[bad]}, column "${labelName}": ${JSON.stringify(labels[bad])} is not a number; a regression target must be numeric`,
        { row: table.rowNumbers[bad]!, column: labelName },
      );
    }
    const y = Float32Array.from(labels, (l) => parseDecimal(l)!);
    const data: RegressionDataset = {
      task: 'regression',
      name: o.name ?? 'csv',
      x,
      y,
      features,
      targets: 1,
      featureNames: featureIndices.map((c) => columns[c]!),
      targetNames: [labelName],
      ...(precise ? { x64: precise } : {}),
    };
    return { data, info, table };
  }
  const { y, classNames } = encodeLabels(labels, { column: labelName, rowNumbers: table.rowNumbers, manyClasses: o.task === 'classification' });
  if (target.numeric && classNames.length > 10 && wanted !== 'classification') {
    info.warnings.push(`label column "${labelName}" holds ${classNames.length} integer values: read as ${classNames.length} classes (use --task regression if it is a numeric target)`);
  } else if (target.numeric && wanted === 'classification' && classNames.length > maxClasses(n)) {
    info.warnings.push(
      `label column "${labelName}" holds ${classNames.length} distinct numbers in ${n} rows, read as ${classNames.length} classes as asked (task classification): ` +
        `${(n / classNames.length).toFixed(1)} rows per class on average, too few to learn from (use --task regression if it is a numeric target)`,
    );
  }
  const minClasses = o.minClasses ?? 2;
  if (classNames.length < minClasses) {
    throw new CsvError(
      `CSV column "${labelName}": only one class (${JSON.stringify(classNames[0])}); a classifier needs at least 2`,
      { column: labelName },
    );
  }
  return {
    data: {
      name: o.name ?? 'csv',
      x,
      y,
      features,
      classes: classNames.length,
      classNames,
      featureNames: featureIndices.map((c) => columns[c]!),
      ...(precise ? { x64: precise } : {}),
    },
    info,
    table,
  };
}

/**
 * For a text value in a feature column that holds no numbers at all and whose values recur (a
 * class column such as "species" while the label is taken from another column): which column is the label, and how to
 * choose this one instead. Empty when the column holds numbers (a stray text value).
 */
function labelHint(rows: readonly string[][], c: number, column: string, labelName: string): string {
  const values = rows.map((row) => row[c]!).filter((v) => v !== '');
  // Class labels: text throughout, and values that recur (a single odd value is a typo, not a class column).
  const classLike = values.every((v) => parseDecimal(v) === undefined) && new Set(values).size < values.length;
  if (!classLike) return '';
  const arg = /^[\w.-]+$/.test(column) ? column : JSON.stringify(column);
  return ` (the label column is "${labelName}"; if "${column}" is the label, pass --label-column ${arg} / labelColumn: ${JSON.stringify(column)})`;
}

function resolveLabel(columns: readonly string[], spec: string | number | undefined): number {
  if (spec === undefined) {
    const named = columns.findIndex((h) => h.toLowerCase() === 'label');
    return named >= 0 ? named : columns.length - 1;
  }
  // One label (or target) column: "t1,t2" that names no column is a list, which is not supported.
  if (typeof spec === 'string' && spec.includes(',') && !columns.includes(spec.trim())) {
    const parts = spec.split(',').map((p) => p.trim());
    if (parts.length > 1 && parts.every((p) => p !== '')) {
      throw new CsvError(`CSV: the label column is one column, but "${spec}" names ${parts.length}; mlpkit trains on one label or target column (pass one of ${parts.join(', ')}, and leave the others out with --ignore-columns)`);
    }
  }
  return resolveColumn(columns, spec, 'label column');
}

/** One line saying how a CSV was read, e.g. for a CLI summary. */
export function describeCsvInfo(info: CsvInfo): string {
  const header = info.hasHeader
    ? info.headerSource === 'detected'
      ? 'first row read as column names'
      : 'header row as set'
    : info.headerSource === 'detected'
      ? 'no header row (the first row holds data like the others; columns named x0, x1, … by position; --header if it holds names)'
      : 'no header row (as set)';
  return `${info.rows} rows; ${header}; label column "${info.labelColumn}"; ${info.featureColumns.length} feature${info.featureColumns.length === 1 ? '' : 's'}${info.ignoredColumns.length > 0 ? `; ignored ${info.ignoredColumns.join(', ')}` : ''}`;
}

/**
 * Feature columns that count the rows (0, 1, 2, … or 1, 2, 3, … in order): a row index or id,
 * which a model can learn the file's order from. Named in a note, with the fix.
 */
function indexLikeColumns(x: Float64Array, features: number, names: readonly string[]): string[] {
  const n = x.length / features;
  if (n < 3) return [];
  const out: string[] = [];
  for (let f = 0; f < features; f++) {
    const start = x[f]!;
    if (start !== 0 && start !== 1) continue;
    let counts = true;
    for (let r = 1; r < n && counts; r++) counts = x[r * features + f] === start + r;
    if (counts) out.push(`column "${names[f]}" counts the rows (${start}, ${start + 1}, ${start + 2}, …) like a row index or id: the model could learn the row order from it; leave it out with --ignore-columns ${names[f]}`);
  }
  return out;
}
