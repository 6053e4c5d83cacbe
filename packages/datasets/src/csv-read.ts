/**
 * Reading a CSV file into a table of cells: the delimiter, whether the first row is a header, and
 * the data rows. papaparse does the parsing; this module adds what a data file needs on top of it:
 * header detection, and whitespace around fields removed (also around quoted fields, which
 * papaparse keeps literally when a space precedes the opening quote: `1, "a"`).
 */
import Papa from 'papaparse';
import { CsvError } from './errors.js';

export interface ReadCsvOptions {
  /**
   * Whether the first row holds column names: true, false, or 'auto' (default) to decide from
   * the data (see `detectHeader`).
   */
  header?: boolean | 'auto';
  /** Field delimiter. Default: detected by papaparse (",", tab, ";", "|"). */
  delimiter?: string;
}

export interface CsvTable {
  /** Column names: the header's cells, or `x0, x1, …` (by position) when the file has no header. */
  columns: string[];
  /** Whether the first row was read as column names. */
  hasHeader: boolean;
  /** How that was decided: detected from the data (`header: 'auto'`), or set by the caller. */
  headerSource: 'detected' | 'option';
  /** Data rows, as many cells as `columns`; whitespace outside quotes removed. */
  rows: string[][];
  /** The 1-based record number in the file of each data row (the header, if any, is record 1). */
  rowNumbers: number[];
  /** What was done to read the file that the user should know (columns renamed or dropped). */
  notes: string[];
  delimiter: string;
}

// Plain decimal or scientific notation only: `Number()` alone would also accept "0x1A", "0b1"
// and "Infinity", which are not numbers in a data file.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The largest finite float32 (mlpkit's models compute in float32). */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** The value of a decimal cell, or undefined when it is not a finite decimal number. */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * For an error on the first row of a file read as headerless by detection: a hint that the row
 * may be a header (the detection can be overridden). Empty otherwise.
 */
export function headerHint(table: Pick<CsvTable, 'hasHeader' | 'headerSource' | 'rowNumbers'>, fileRow: number): string {
  return !table.hasHeader && table.headerSource === 'detected' && fileRow === table.rowNumbers[0]
    ? ' (the file was read as having no header row; if this row holds column names, read it with --header / header: true)'
    : '';
}

/** A cell that looks like a number written with a decimal comma (`5,8`, `-0,25`). */
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/**
 * The error for a cell that is not a number in a numeric column, with the likely fix: a decimal
 * comma (`"5,8"`), a header row read as data (see `headerHint`), or `hint` (the caller's, e.g. the
 * label column is another one). Returns the CsvError to throw (MLPKIT_INVALID_INPUT).
 */
export function notANumberError(
  table: Pick<CsvTable, 'hasHeader' | 'headerSource' | 'rowNumbers'>,
  fileRow: number,
  column: string,
  cell: string,
  hint = '',
): CsvError {
  const why = DECIMAL_COMMA.test(cell)
    ? ': the file seems to use decimal commas; mlpkit reads decimal points only, so convert the commas to points (fields may stay separated by ";")'
    : headerHint(table, fileRow) || hint;
  return new CsvError(`CSV row ${fileRow}, column "${column}": ${JSON.stringify(cell)} is not a number${why}`, { row: fileRow, column });
}

/**
 * The error for an empty cell: names the row and column, how many rows have an empty cell in the
 * columns used (`usedColumns`), and the fix (mlpkit does not impute).
 */
export function missingValueError(rows: readonly string[][], rowNumbers: readonly number[], r: number, column: string, usedColumns: readonly number[]): CsvError {
  const fileRow = rowNumbers[r]!;
  let count = 0;
  for (const row of rows) if (usedColumns.some((c) => row[c] === '')) count++;
  return new CsvError(
    `CSV row ${fileRow}, column "${column}": missing value (${count} row${count === 1 ? ' has' : 's have'} missing values); remove or fill in the rows with missing values: mlpkit does not impute them`,
    { row: fileRow, column },
  );
}

const isBlankRow = (row: string[]): boolean => row.length === 1 && row[0]!.trim() === '';

/**
 * Removes spaces and tabs outside quotes around every field (`a , "b c" ,d` → `a,"b c",d`),
 * keeping quoted content exactly. A quote that does not start a field (after optional
 * whitespace) is literal, as in RFC 4180 and papaparse.
 */
export function trimFields(text: string, delimiter: string): string {
  const isSpace = (c: string) => (c === ' ' || c === '\t') && c !== delimiter;
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  const atFieldEnd = (k: number) => k >= n || text.startsWith(delimiter, k) || text[k] === '\n' || text[k] === '\r';
  while (i <= n) {
    // Start of a field: skip leading whitespace.
    let j = i;
    while (j < n && isSpace(text[j]!)) j++;
    if (j < n && text[j] === '"') {
      // A quoted field: copy it whole (a doubled quote is an escaped quote).
      let k = j + 1;
      for (;;) {
        if (k >= n) break;
        if (text[k] === '"') {
          if (text[k + 1] === '"') {
            k += 2;
            continue;
          }
          break;
        }
        k++;
      }
      const close = Math.min(k, n - 1);
      let after = k + 1;
      while (after < n && isSpace(text[after]!)) after++;
      if (k < n && atFieldEnd(after)) {
        out.push(text.slice(j, close + 1));
        i = after;
      } else {
        // Malformed (text after the closing quote, or no closing quote): keep it as it is, so
        // papaparse reports it.
        let e = k < n ? k + 1 : n;
        while (!atFieldEnd(e)) e++;
        out.push(text.slice(i, e));
        i = e;
      }
    } else {
      let e = j;
      while (!atFieldEnd(e)) e++;
      let end = e;
      while (end > j && isSpace(text[end - 1]!)) end--;
      out.push(text.slice(j, end));
      i = e;
    }
    if (i >= n) break;
    if (text.startsWith(delimiter, i)) {
      out.push(delimiter);
      i += delimiter.length;
      if (i >= n) break;
      continue;
    }
    // A line break: \r\n, \n or \r.
    if (text[i] === '\r' && text[i + 1] === '\n') {
      out.push('\r\n');
      i += 2;
    } else {
      out.push(text[i]!);
      i += 1;
    }
    if (i >= n) break;
  }
  return out.join('');
}

/**
 * Does the first row hold column names? Decided column by column:
 * - decisive for a header: a non-number over a column whose other cells are all numbers (as data
 *   that row could not be read at all), or, in a text column whose values recur (class labels),
 *   a first value that occurs nowhere else (a name such as "species"); also a first row of
 *   0, 1, 2, … (pandas' names for unnamed columns);
 * - otherwise, as Python's `csv.Sniffer.has_header` votes: a number over numbers, or a text value
 *   that recurs below, is data; a new text value over text is a weak vote for a header.
 * A file whose every cell is a number (and whose first row is not 0, 1, 2, …) has no header.
 */
export function detectHeader(first: readonly string[], rest: readonly string[][]): boolean {
  const sample = rest.slice(0, 500);
  if (first.length > 1 && first.every((v, i) => v === String(i)) && sample.length > 0 && !sample.every((r) => r.every((v, i) => v === String(i)))) return true;
  let against = 0;
  let weak = 0;
  // A new value at the top of a column of recurring labels is a name, unless the row also holds a
  // fractional number over numbers (names are rarely 5.1; data rows often are): then a rare class
  // that happens to come first is more likely.
  let newLabelOnTop = false;
  let fractionalOnTop = false;
  for (let c = 0; c < first.length; c++) {
    const cells = sample.map((r) => r[c]).filter((v): v is string => v !== undefined && v !== '');
    const firstIsNumber = parseDecimal(first[c]!) !== undefined;
    if (cells.length === 0) {
      if (!firstIsNumber) weak++;
      continue;
    }
    const numeric = cells.filter((v) => parseDecimal(v) !== undefined).length;
    if (numeric === cells.length) {
      if (!firstIsNumber) return true;
      if (!Number.isInteger(parseDecimal(first[c]!)!)) fractionalOnTop = true;
      against++;
    } else if (numeric === 0) {
      if (cells.includes(first[c]!)) against++;
      else if (new Set(cells).size < cells.length) newLabelOnTop = true;
      else weak++;
    }
  }
  if (newLabelOnTop && !fractionalOnTop) return true;
  if (against === 0) return weak > 0 || newLabelOnTop;
  return false;
}

/**
 * Reads CSV text into a table. Blank lines are skipped; a byte-order mark is ignored. Throws
 * CsvError (MLPKIT_INVALID_INPUT) on an empty file, unbalanced quotes, a row whose field count
 * differs from the first row's, and (with a header) empty or duplicate column names.
 */
export function readCsvTable(text: string, o: ReadCsvOptions = {}): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new CsvError('CSV is empty: expected rows of comma-separated values');
  const delimiter = o.delimiter ?? guessDelimiter(body);
  const parsed = Papa.parse<string[]>(trimFields(body, delimiter), { delimiter, skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    const row = (quoteError.row ?? 0) + 1;
    throw new CsvError(`CSV row ${row}: ${quoteError.message}`, { row });
  }
  const records = parsed.data;
  const kept: number[] = [];
  for (let k = 0; k < records.length; k++) if (!isBlankRow(records[k]!)) kept.push(k);
  if (kept.length === 0) throw new CsvError('CSV is empty: expected rows of comma-separated values');
  const first = records[kept[0]!]!;
  const width = first.length;
  for (const k of kept) {
    const row = records[k]!;
    if (row.length !== width) {
      throw new CsvError(
        `CSV row ${k + 1}: expected ${width} fields (as in the first row), got ${row.length}`,
        { row: k + 1 },
      );
    }
  }
  const rest = kept.slice(1).map((k) => records[k]!);
  const headerSource = o.header === undefined || o.header === 'auto' ? 'detected' : 'option';
  const hasHeader = headerSource === 'detected' ? detectHeader(first, rest) : o.header === true;
  let columns: string[];
  const notes: string[] = [];
  const dataRecords = hasHeader ? kept.slice(1) : kept;
  let rows = dataRecords.map((k) => records[k]!);
  if (hasHeader) {
    const headerRow = kept[0]! + 1;
    columns = [...first];
    // numpy.savetxt writes its header after a comment sign: "# a,b,label".
    if (columns[0]!.startsWith('# ')) columns[0] = columns[0]!.slice(2).trim();
    // A column without a name: an empty one (a trailing delimiter, as spreadsheets export) is
    // dropped; one with values (pandas' index) is named unnamed_<index>.
    const drop = new Set<number>();
    columns.forEach((h, c) => {
      if (h !== '') return;
      if (rows.every((r) => r[c] === '')) {
        drop.add(c);
        notes.push(`dropped column ${c} (0-based): it has no name and no values (a trailing delimiter)`);
      } else {
        columns[c] = `unnamed_${c}`;
        notes.push(`column ${c} (0-based) has no name: called it unnamed_${c} (if it is a row index, leave it out with --ignore-columns unnamed_${c})`);
      }
    });
    columns.forEach((h, c) => {
      if (!drop.has(c) && columns.indexOf(h) !== c) throw new CsvError(`CSV row ${headerRow}: duplicate column name "${h}"`, { row: headerRow, column: h });
    });
    if (drop.size > 0) {
      columns = columns.filter((_, c) => !drop.has(c));
      rows = rows.map((r) => r.filter((_, c) => !drop.has(c)));
    }
  } else {
    // A trailing delimiter on every line: the last column is empty throughout.
    const emptyLast = width > 1 && rows.every((r) => r[width - 1] === '');
    if (emptyLast) {
      rows = rows.map((r) => r.slice(0, -1));
      notes.push(`dropped the last column: it is empty on every row (a trailing delimiter)`);
    }
    columns = Array.from({ length: emptyLast ? width - 1 : width }, (_, c) => `x${c}`);
  }
  return {
    columns,
    hasHeader,
    headerSource,
    rows,
    rowNumbers: dataRecords.map((k) => k + 1),
    notes,
    delimiter,
  };
}

const DELIMITERS = [',', '\t', ';', '|'];

/**
 * The delimiter: the first of `, tab ; |` with which the first 20 records parse without quote
 * errors into the same number (> 1) of fields; else the one giving the most fields; else ",".
 * (papaparse's own guess can pick ";" for a comma file whose header quotes a ";".)
 */
function guessDelimiter(body: string): string {
  let best = ',';
  let bestFields = 1;
  for (const delimiter of DELIMITERS) {
    const preview = Papa.parse<string[]>(body, { preview: 20, delimiter, skipEmptyLines: 'greedy' });
    if (preview.errors.some((e) => e.type === 'Quotes') || preview.data.length === 0) continue;
    const width = preview.data[0]!.length;
    if (width > 1 && preview.data.every((r) => r.length === width)) return delimiter;
    if (width > bestFields) {
      best = delimiter;
      bestFields = width;
    }
  }
  return best;
}

/**
 * The index of a column given by name or position: a name of `columns`, else an integer index
 * (0-based; negative counts from the end, -1 = last). Throws CsvError naming the columns.
 */
export function resolveColumn(columns: readonly string[], spec: string | number, what = 'column'): number {
  if (typeof spec === 'string') {
    const byName = columns.indexOf(spec.trim());
    if (byName >= 0) return byName;
    // Names are exact, but a name that matches one column only when case is ignored is that column.
    const folded = columns.map((c, i) => [c.toLowerCase(), i] as const).filter(([c]) => c === spec.trim().toLowerCase());
    if (folded.length === 1) return folded[0]![1];
    if (!/^[+-]?\d+$/.test(spec.trim())) {
      throw new CsvError(`CSV: ${what} "${spec}" not found; columns are ${columns.join(', ')}`, { column: spec });
    }
  }
  const index = typeof spec === 'number' ? spec : Number(spec.trim());
  if (!Number.isInteger(index) || index >= columns.length || index < -columns.length) {
    throw new CsvError(
      `CSV: ${what} index ${spec} is out of range; there are ${columns.length} columns (0..${columns.length - 1}, or -1 for the last)`,
    );
  }
  return index < 0 ? columns.length + index : index;
}
