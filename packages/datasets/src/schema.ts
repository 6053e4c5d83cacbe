/**
 * The data contract between a trained model and the files given to it later: which columns are
 * its features (by name, in input order), which column holds the label, and its classes. A test
 * or prediction file is matched to it by column name, in any order, as scikit-learn ≥ 1.2 does
 * with `feature_names_in_`; labels are matched to the classes by value.
 */
import { readCsvTable, resolveColumn, parseDecimal, type CsvTable, type ReadCsvOptions } from './csv-read.js';
import { CsvError } from './errors.js';
import { matchLabels } from './target.js';
import type { Dataset } from './types.js';

export interface DataSchema {
  /** Feature names in the model's input order. */
  features: string[];
  /** The label column's name in the training file ("label" for generated data). */
  label?: string;
  /** Class names in class-id order. */
  classNames: string[];
}

/** Feature names of a dataset: its own, else `x0, x1, …` (the header `mlpkit data` writes). */
export function featureNamesOf(d: Pick<Dataset, 'features' | 'featureNames'>): string[] {
  return d.featureNames && d.featureNames.length === d.features ? [...d.featureNames] : Array.from({ length: d.features }, (_, f) => `x${f}`);
}

export interface AlignOptions extends ReadCsvOptions {
  /** The label column (name or index); default: the schema's label column, else none. */
  labelColumn?: string | number;
  /** Labels are required (evaluation) or optional and ignored (prediction, default). */
  labels?: 'required' | 'ignore';
  /** Dataset name. */
  name?: string;
}

export interface AlignedTable {
  /** Rows in the schema's feature order; `y` mapped to the schema's classes (empty without labels). */
  data: Dataset;
  /** The table as read (e.g. to echo its columns in a prediction file). */
  table: CsvTable;
  /** Column indices of the features in the table, in the schema's order. */
  featureColumns: number[];
  /** The label column's index in the table, if one was used. */
  labelIndex?: number;
  /** One-line notes for the user (header decisions, ignored columns, positional matching). */
  notes: string[];
}

/**
 * Reads CSV text against a schema. With a header, the features are found by name in any order;
 * other columns are ignored (noted), missing ones are a CsvError naming them. Without a header
 * (none detected, or `header: false`), the columns are taken by position, and only when the
 * width is exactly the schema's (plus the label column when labels are required); a note says
 * so. Labels map to the schema's classes by value; an unknown label is a CsvError naming it.
 * Throws CsvError (MLPKIT_INVALID_INPUT) for every mismatch.
 */
export function alignCsv(text: string, schema: DataSchema, o: AlignOptions = {}): AlignedTable {
  const table = readCsvTable(text, o);
  const d = schema.features.length;
  const wantLabels = o.labels === 'required';
  const notes: string[] = [];
  let featureColumns: number[];
  let labelIndex: number | undefined;
  if (table.hasHeader) {
    if (o.labelColumn !== undefined) labelIndex = resolveColumn(table.columns, o.labelColumn, 'label column');
    else if (schema.label !== undefined && table.columns.includes(schema.label)) labelIndex = table.columns.indexOf(schema.label);
    else if (wantLabels) {
      const named = table.columns.findIndex((c) => c.toLowerCase() === 'label');
      if (named >= 0) labelIndex = named;
      else {
        throw new CsvError(
          `CSV has no label column "${schema.label ?? 'label'}" (the model's); columns are ${table.columns.join(', ')}; name it with --label-column`,
        );
      }
    }
    const missing = schema.features.filter((f) => !table.columns.includes(f) || table.columns.indexOf(f) === labelIndex);
    if (missing.length > 0) {
      const lower = new Map(table.columns.map((c) => [c.toLowerCase(), c]));
      const hints = missing.flatMap((m) => {
        const h = lower.get(m.toLowerCase());
        return h !== undefined && h !== m ? [h] : [];
      });
      throw new CsvError(
        `CSV lacks the model's feature column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (the model takes ${schema.features.join(', ')}; the file has ${table.columns.join(', ')})${hints.length > 0 ? `; names are case-sensitive (the file has ${hints.map((h) => `"${h}"`).join(', ')})` : ''}`,
      );
    }
    featureColumns = schema.features.map((f) => table.columns.indexOf(f));
    const reordered = featureColumns.some((c, k) => k > 0 && c < featureColumns[k - 1]!);
    if (reordered) notes.push(`matched the columns by name (the file's order differs from the model's: ${schema.features.join(', ')})`);
    const extra = table.columns.filter((_, c) => !featureColumns.includes(c) && c !== labelIndex);
    if (extra.length > 0) notes.push(`ignored column${extra.length > 1 ? 's' : ''} the model does not use: ${extra.join(', ')}`);
  } else {
    const width = table.columns.length;
    const expected = wantLabels ? d + 1 : d;
    if (width !== expected) {
      throw new CsvError(
        `CSV has no header row and ${width} column${width === 1 ? '' : 's'}, but the model takes ${d} feature${d === 1 ? '' : 's'} (${schema.features.join(', ')})${wantLabels ? ' plus a label column' : ''}; add a header row naming the columns so they can be matched by name`,
      );
    }
    if (wantLabels) {
      labelIndex = o.labelColumn !== undefined ? resolveColumn(table.columns, o.labelColumn, 'label column') : width - 1;
    }
    featureColumns = table.columns.map((_, c) => c).filter((c) => c !== labelIndex);
    notes.push(
      `the file has no header row: its ${d} feature column${d === 1 ? '' : 's'} ${d === 1 ? 'is' : 'are'} taken by position as ${schema.features.join(', ')}${labelIndex !== undefined ? ` and column ${labelIndex} as the label` : ''}`,
    );
  }
  const n = table.rows.length;
  const x = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const row = table.rows[r]!;
    for (let k = 0; k < d; k++) {
      const c = featureColumns[k]!;
      const cell = row[c]!;
      const column = table.columns[c]!;
      const fileRow = table.rowNumbers[r]!;
      if (cell === '') throw new CsvError(`CSV row ${fileRow}, column "${column}": missing value`, { row: fileRow, column });
      const v = parseDecimal(cell);
      if (v === undefined) throw new CsvError(`CSV row ${fileRow}, column "${column}": ${JSON.stringify(cell)} is not a number`, { row: fileRow, column });
      x[r * d + k] = v;
    }
  }
  let y: Int32Array = new Int32Array(0);
  if (labelIndex !== undefined && wantLabels) {
    const column = table.columns[labelIndex]!;
    const labels = table.rows.map((row, r) => {
      const cell = row[labelIndex!]!;
      if (cell === '') throw new CsvError(`CSV row ${table.rowNumbers[r]}, column "${column}": missing value`, { row: table.rowNumbers[r]!, column });
      return cell;
    });
    y = matchLabels(labels, schema.classNames, { column, rowNumbers: table.rowNumbers });
  }
  if (n === 0) throw new CsvError('CSV has no data rows');
  return {
    data: {
      name: o.name ?? 'csv',
      x,
      y,
      features: d,
      classes: schema.classNames.length,
      classNames: [...schema.classNames],
      featureNames: [...schema.features],
    },
    table,
    featureColumns,
    ...(labelIndex !== undefined ? { labelIndex } : {}),
    notes,
  };
}
