import Papa from 'papaparse';
import { CsvError, DatasetParamError } from './errors.js';
import type { Dataset } from './types.js';

export interface ParseCsvOptions {
  /** Header name or 0-based index. Default: the column named "label" (any case), else the last. */
  labelColumn?: string | number;
  /** Dataset name. Default "csv". */
  name?: string;
  /** Field delimiter. Default: detected (",", tab, ";", "|"). */
  delimiter?: string;
}

const isBlankLine = (row: string[]): boolean => row.length === 1 && row[0]!.trim() === '';

// Plain decimal or scientific notation only: `Number()` alone would also accept "0x1A", "0b1"
// and "Infinity", which are not numbers in a data file.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value of a trimmed decimal cell, or undefined when it is not a finite decimal number. */
function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * Parses a CSV with a header row into a Dataset. Every column except the label column is a
 * numeric feature (stored as float32). Labels:
 * - all numeric → ids in ascending numeric order; `classNames` keeps the text as written
 *   (first spelling seen), e.g. "1", "3", "5" → ids 0, 1, 2;
 * - otherwise → ids in sorted (code-unit) order of the names, so row order does not matter.
 * Errors are `CsvError`s naming the row (1-based as in the file, header = row 1) and column.
 * Blank lines are skipped. Row numbers count records, so they equal line numbers unless a
 * quoted field spans lines.
 */
export function parseCsv(text: string, o: ParseCsvOptions = {}): Dataset {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new CsvError('CSV is empty: expected a header row and data rows');
  const parsed = Papa.parse<string[]>(body, { delimiter: o.delimiter ?? '', skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    const row = (quoteError.row ?? 0) + 1;
    throw new CsvError(`CSV row ${row}: ${quoteError.message}`, { row });
  }
  const rows = parsed.data;
  let headerIndex = 0;
  while (headerIndex < rows.length && isBlankLine(rows[headerIndex]!)) headerIndex++;
  const header = rows[headerIndex]!.map((h) => h.trim());
  const headerRow = headerIndex + 1;
  if (header.length < 2) {
    throw new CsvError(
      `CSV row ${headerRow}: the header has ${header.length} column; need at least one feature column and a label column`,
      { row: headerRow },
    );
  }
  header.forEach((h, c) => {
    if (h === '') throw new CsvError(`CSV row ${headerRow}: column ${c + 1} has an empty name`, { row: headerRow });
    if (header.indexOf(h) !== c) {
      throw new CsvError(`CSV row ${headerRow}: duplicate column name "${h}"`, { row: headerRow, column: h });
    }
  });

  const labelIndex = resolveLabelColumn(header, o.labelColumn);
  const labelName = header[labelIndex]!;
  const featureIndices = header.map((_, c) => c).filter((c) => c !== labelIndex);
  const features = featureIndices.length;

  const values: number[] = [];
  const labels: string[] = [];
  for (let k = headerIndex + 1; k < rows.length; k++) {
    const row = rows[k]!;
    const fileRow = k + 1;
    if (isBlankLine(row)) continue;
    if (row.length !== header.length) {
      throw new CsvError(
        `CSV row ${fileRow}: expected ${header.length} fields (as in the header), got ${row.length}`,
        { row: fileRow },
      );
    }
    for (const c of featureIndices) {
      const cell = row[c]!.trim();
      const column = header[c]!;
      if (cell === '') throw new CsvError(`CSV row ${fileRow}, column "${column}": missing value`, { row: fileRow, column });
      const v = parseDecimal(cell);
      if (v === undefined) {
        throw new CsvError(`CSV row ${fileRow}, column "${column}": ${JSON.stringify(cell)} is not a number`, {
          row: fileRow,
          column,
        });
      }
      values.push(v);
    }
    const label = row[labelIndex]!.trim();
    if (label === '') {
      throw new CsvError(`CSV row ${fileRow}, column "${labelName}": missing value`, { row: fileRow, column: labelName });
    }
    labels.push(label);
  }
  if (labels.length === 0) {
    throw new CsvError(`CSV has a header but no data rows`, { row: headerRow + 1 });
  }

  const { y, classNames } = encodeLabels(labels);
  if (classNames.length < 2) {
    throw new CsvError(
      `CSV column "${labelName}": only one class (${JSON.stringify(classNames[0])}); a classifier needs at least 2`,
      { column: labelName },
    );
  }
  return {
    name: o.name ?? 'csv',
    x: Float32Array.from(values),
    y,
    features,
    classes: classNames.length,
    classNames,
    featureNames: featureIndices.map((c) => header[c]!),
  };
}

function resolveLabelColumn(header: string[], labelColumn: string | number | undefined): number {
  if (labelColumn === undefined) {
    const named = header.findIndex((h) => h.toLowerCase() === 'label');
    return named >= 0 ? named : header.length - 1;
  }
  if (typeof labelColumn === 'number') {
    if (!Number.isInteger(labelColumn) || labelColumn < 0 || labelColumn >= header.length) {
      throw new CsvError(
        `CSV: label column index ${labelColumn} is out of range; the header has ${header.length} columns (0..${header.length - 1})`,
      );
    }
    return labelColumn;
  }
  const index = header.indexOf(labelColumn.trim());
  if (index < 0) {
    throw new CsvError(`CSV: label column "${labelColumn}" not found; columns are ${header.join(', ')}`, {
      column: labelColumn,
    });
  }
  return index;
}

/** Maps label strings to ids (numeric order when all numeric, else sorted names). */
function encodeLabels(labels: string[]): { y: Int32Array; classNames: string[] } {
  const numeric = labels.every((l) => parseDecimal(l) !== undefined);
  const key = numeric ? (l: string) => parseDecimal(l)! : (l: string) => l;
  const firstSpelling = new Map<number | string, string>();
  for (const l of labels) {
    const k = key(l);
    if (!firstSpelling.has(k)) firstSpelling.set(k, l);
  }
  const keys = [...firstSpelling.keys()].sort((a, b) =>
    numeric ? (a as number) - (b as number) : a < b ? -1 : a > b ? 1 : 0,
  );
  const idOf = new Map(keys.map((k, i) => [k, i]));
  const y = Int32Array.from(labels, (l) => idOf.get(key(l))!);
  return { y, classNames: keys.map((k) => firstSpelling.get(k)!) };
}

/** Shortest decimal text that reads back as the same float32. */
function formatFloat32(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Object.is(v, -0)) return '-0'; // keep the sign so the round trip is exact
  for (let digits = 1; digits <= 9; digits++) {
    const text = v.toPrecision(digits);
    if (Math.fround(Number(text)) === v) return String(Number(text));
  }
  return String(v);
}

/**
 * CSV text with header `featureNames` (or x0, x1, ...) plus `label`; labels are written as class
 * names when the dataset has them, else as ids. `parseCsv(toCsv(d))` gives back the same data
 * when `classNames` are absent or sorted (as parseCsv produces them).
 */
export function toCsv(d: Dataset): string {
  const names = d.featureNames ?? Array.from({ length: d.features }, (_, f) => `x${f}`);
  if (names.length !== d.features) {
    throw new DatasetParamError(`toCsv: ${names.length} feature names for ${d.features} features`);
  }
  if (names.some((n) => n.toLowerCase() === 'label')) {
    throw new DatasetParamError('toCsv: a feature is named "label", which would clash with the label column');
  }
  const data: string[][] = [];
  for (let r = 0; r < d.y.length; r++) {
    const row: string[] = [];
    for (let f = 0; f < d.features; f++) row.push(formatFloat32(d.x[r * d.features + f]!));
    const id = d.y[r]!;
    row.push(d.classNames?.[id] ?? String(id));
    data.push(row);
  }
  return Papa.unparse({ fields: [...names, 'label'], data }, { newline: '\n' }) + '\n';
}
