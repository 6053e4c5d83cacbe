import Papa from 'papaparse';
import { DatasetParamError } from './errors.js';
import { isRegression, targetNamesOf, type AnyDataset, type Dataset, type RegressionDataset } from './types.js';
import { parseCsvWithInfo, type ParseCsvOptions } from './csv-parse.js';

export type { ParseCsvOptions } from './csv-parse.js';

/**
 * Parses CSV text into a Dataset (see `parseCsvWithInfo` for the rules and errors): header row
 * detected unless `header` is set, label column "label" (any case) else the last, every other
 * column a numeric feature, class labels by value. Throws CsvError (MLPKIT_INVALID_INPUT).
 */
export function parseCsv(text: string, o: ParseCsvOptions & { task: 'regression' }): RegressionDataset;
export function parseCsv(text: string, o: ParseCsvOptions & { task: 'auto' }): AnyDataset;
export function parseCsv(text: string, o?: ParseCsvOptions & { task?: 'classification' }): Dataset;
export function parseCsv(text: string, o?: ParseCsvOptions): AnyDataset;
export function parseCsv(text: string, o: ParseCsvOptions = {}): AnyDataset {
  return parseCsvWithInfo(text, o).data;
}

/**
 * Shortest decimal text that reads back as the same float32. Rounding to more digits only gets
 * closer, so the digit count that round-trips is found by binary search over 1..9 (9 always do).
 */
export function formatFloat32(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Object.is(v, -0)) return '-0'; // keep the sign so the round trip is exact
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return String(v);
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(v.toPrecision(mid))) === v) hi = mid;
    else lo = mid + 1;
  }
  return String(Number(v.toPrecision(lo)));
}

/** Quote fields with whitespace at either end, which the reader would otherwise trim. */
const edgeSpace = (value: unknown) => typeof value === 'string' && /^[ \t]|[ \t]$/.test(value);

export interface ToCsvOptions {
  /** Write the header row (default true). */
  header?: boolean;
}

/**
 * CSV text with header `featureNames` (or x0, x1, ...) plus `label`; labels are written as class
 * names when the dataset has them, else as ids. Features are written as the shortest decimal that
 * reads back as the same float32. `parseCsv(toCsv(d))` gives back the same data when
 * `classNames` are absent or as parseCsv produces them (canonical and sorted); with
 * `header: false`, read it back with `header: false`.
 */
export function toCsv(d: AnyDataset, o: ToCsvOptions = {}): string {
  const names = d.featureNames ?? Array.from({ length: d.features }, (_, f) => `x${f}`);
  if (names.length !== d.features) {
    throw new DatasetParamError(`toCsv: ${names.length} feature names for ${d.features} features`);
  }
  const targetColumns = isRegression(d) ? targetNamesOf(d) : ['label'];
  const clash = names.find((n) => targetColumns.some((t) => t.toLowerCase() === n.toLowerCase()));
  if (clash !== undefined) {
    throw new DatasetParamError(`toCsv: a feature is named "${clash}", which would clash with the ${isRegression(d) ? 'target' : 'label'} column`);
  }
  // Each distinct name and label is serialized once, as papaparse writes a field (quoted when it
  // holds a delimiter, a quote, a line break or spaces at either end); numbers never need quotes.
  const field = (v: string) => Papa.unparse([[v]], { newline: '\n', quotes: (x: unknown) => edgeSpace(x) });
  const lines: string[] = o.header === false ? [] : [[...names, ...targetColumns].map(field).join(',')];
  const f = d.features;
  if (isRegression(d)) {
    const t = d.targets;
    const n = d.y.length / t;
    for (let r = 0; r < n; r++) {
      let line = '';
      for (let k = 0; k < f; k++) line += `${formatFloat32(d.x[r * f + k]!)},`;
      for (let k = 0; k < t; k++) line += `${k > 0 ? ',' : ''}${formatFloat32(d.y[r * t + k]!)}`;
      lines.push(line);
    }
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }
  const c = d as Dataset;
  const labels = new Map<number, string>();
  const labelOf = (id: number) => {
    let text = labels.get(id);
    if (text === undefined) labels.set(id, (text = field(c.classNames?.[id] ?? String(id))));
    return text;
  };
  for (let r = 0; r < c.y.length; r++) {
    let line = '';
    for (let k = 0; k < f; k++) line += `${formatFloat32(c.x[r * f + k]!)},`;
    lines.push(line + labelOf(c.y[r]!));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
