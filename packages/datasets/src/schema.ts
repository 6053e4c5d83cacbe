/**
 * The data contract between a trained model and the files given to it later: which columns are
 * its features (by name, in input order), which column holds the label, and its classes. A test
 * or prediction file is matched to it by column name, in any order, as scikit-learn ≥ 1.2 does
 * with `feature_names_in_`; labels are matched to the classes by value.
 */
import { FLOAT32_MAX, missingValueError, notANumberError, readCsvTable, resolveColumn, parseDecimal, type CsvTable, type ReadCsvOptions } from './csv-read.js';
import { CsvError } from './errors.js';
import { matchLabels } from './target.js';
import { precisionCopy, type AnyDataset, type Dataset, type RegressionDataset } from './types.js';

export interface DataSchema {
  /** 'classification' (default) or 'regression' (the label column is a numeric target). */
  task?: 'classification' | 'regression';
  /** Feature names in the model's input order. */
  features: string[];
  /** The label (or target) column's name in the training file ("label" / "y" for generated data). */
  label?: string;
  /** Class names in class-id order (empty for regression). */
  classNames: string[];
  /**
   * The training file's columns in file order (its header, or `x0, x1, …` by position when it had
   * none), including the label and any ignored columns. A headerless file as wide as this is read
   * with the same layout (e.g. a label in column 0); without it, a headerless file's label is its
   * last column.
   */
  columns?: string[];
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
  /**
   * Rows in the schema's feature order; `y` mapped to the schema's classes, or the numeric targets
   * for a regression schema (empty without labels).
   */
  data: AnyDataset;
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
 * (none detected, or `header: false`), the columns are taken by position: as wide as the training
 * file (`schema.columns`), in its layout (the label where it was there); else exactly the schema's
 * features in order (plus the label column, last, when labels are required); with `labelColumn`
 * and a width of the features plus one, the label from that column and the features from the
 * others, in order. A note says which. A value that does not fit (text where a feature is, an
 * unknown label) is a CsvError saying how the file was read and how to fix it. Labels map to the
 * schema's classes by value; an unknown label is a CsvError naming it.
 * Throws CsvError (MLPKIT_INVALID_INPUT) for every mismatch.
 */
export function alignCsv(text: string, schema: DataSchema, o: AlignOptions = {}): AlignedTable {
  let table = readCsvTable(text, o);
  const d = schema.features.length;
  const wantLabels = o.labels === 'required';
  const notes: string[] = [];
  if (table.hasHeader && table.headerSource === 'detected' && table.rows.length === 0 && !schema.features.every((f) => table.columns.includes(f))) {
    // A single row that does not name the model's features is data, not a header.
    table = readCsvTable(text, { ...o, header: false });
  } else if (!table.hasHeader && table.headerSource === 'detected' && table.rows.length > 1) {
    // Names that look like numbers ("1", "2") defeat header detection; a first row naming every
    // one of the model's features is its header all the same.
    const first = table.rows[0]!;
    if (schema.features.every((f) => first.includes(f)) && new Set(first).size === first.length) {
      table = readCsvTable(text, { ...o, header: true });
      notes.push("read the first row as the header: it names the model's features");
    }
  }
  let featureColumns: number[];
  let labelIndex: number | undefined;
  // For a headerless file: how its columns were taken, to explain a value that does not fit.
  let layoutHint = '';
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
        `CSV lacks the model's feature column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (the model takes ${schema.features.join(', ')}; the file has ${table.columns.join(', ')})${hints.length > 0 ? `; names are case-sensitive (the file has ${hints.map((h) => `"${h}"`).join(', ')})` : ''}; rename the file's column${missing.length > 1 ? 's' : ''} to the model's feature name${missing.length > 1 ? 's' : ''} (${missing.join(', ')})`,
      );
    }
    featureColumns = schema.features.map((f) => table.columns.indexOf(f));
    const reordered = featureColumns.some((c, k) => k > 0 && c < featureColumns[k - 1]!);
    if (reordered) notes.push(`matched the columns by name (the file's order differs from the model's: ${schema.features.join(', ')})`);
    const extra = table.columns.filter((_, c) => !featureColumns.includes(c) && c !== labelIndex);
    if (extra.length > 0) notes.push(`ignored column${extra.length > 1 ? 's' : ''} the model does not use: ${extra.join(', ')}`);
  } else {
    const width = table.columns.length;
    const layout = schema.columns;
    const layoutLabel = layout !== undefined && schema.label !== undefined ? layout.indexOf(schema.label) : -1;
    // An explicit label column on a file exactly as wide as the features plus a label: the label
    // is there and the other columns are the features in the model's order, whatever the training
    // file's layout was.
    const explicitLabel = o.labelColumn !== undefined && width === d + 1;
    const byLayout =
      !explicitLabel &&
      layout !== undefined &&
      width === layout.length &&
      schema.features.every((f) => layout.includes(f)) &&
      (!wantLabels || o.labelColumn !== undefined || layoutLabel >= 0);
    if (byLayout) {
      // The training file's layout: features and label at the positions they had there.
      featureColumns = schema.features.map((f) => layout.indexOf(f));
      if (o.labelColumn !== undefined) labelIndex = resolveColumn(table.columns, o.labelColumn, 'label column');
      else if (layoutLabel >= 0) labelIndex = layoutLabel;
      if (labelIndex !== undefined && featureColumns.includes(labelIndex)) {
        throw new CsvError(`CSV: column ${labelIndex} holds the model's feature "${schema.features[featureColumns.indexOf(labelIndex)]}" in the training file's layout, so it cannot be the label column`);
      }
      if (!wantLabels) labelIndex = undefined;
    } else {
      const expected = wantLabels || explicitLabel ? d + 1 : d;
      if (width !== expected) {
        // The training file's layout, when it is another one than the features (plus the label, last).
        const positional = [...schema.features, ...(wantLabels && schema.label !== undefined ? [schema.label] : [])];
        const otherLayout = layout !== undefined && layout.length !== d && (layout.length !== expected || layout.some((c, k) => c !== positional[k]));
        const layoutHint = otherLayout ? ` or the training file's ${layout.length} columns (${layout.join(', ')})` : '';
        throw new CsvError(
          `CSV has no header row and ${width} column${width === 1 ? '' : 's'}, but the model takes ${d} feature${d === 1 ? '' : 's'} (${schema.features.join(', ')})${wantLabels ? ' plus a label column (last)' : ''}${layoutHint}; add a header row naming the columns so they can be matched by name`,
        );
      }
      if (wantLabels || explicitLabel) {
        labelIndex = o.labelColumn !== undefined ? resolveColumn(table.columns, o.labelColumn, 'label column') : width - 1;
      }
      featureColumns = table.columns.map((_, c) => c).filter((c) => c !== labelIndex);
    }
    layoutHint = byLayout
      ? `: a file without a header row is read in the training file's layout (${layout!.length} columns: ${layout!.join(', ')}${layoutLabel >= 0 ? `; the label ${schema.label} in column ${layoutLabel}` : ''}); if the label is in another column, pass --label-column <index>, or add a header row naming the columns`
      : `: a file without a header row is read by position as the model's features (${schema.features.join(', ')})${labelIndex !== undefined ? `${labelIndex === width - 1 ? ' then' : ' with'} the label in column ${labelIndex}` : ''}; if the columns are laid out otherwise, add a header row naming them`;
    const positions = featureColumns.every((c, k) => c === k) ? '' : ` (columns ${featureColumns.join(', ')})`;
    notes.push(
      `the file has no header row: its ${d} feature column${d === 1 ? '' : 's'} ${d === 1 ? 'is' : 'are'} taken by position as ${schema.features.join(', ')}${positions}${labelIndex !== undefined ? ` and column ${labelIndex} as the label` : ''}${byLayout ? ', as in the training file' : ''}`,
    );
  }
  const n = table.rows.length;
  const x64 = new Float64Array(n * d);
  const used = labelIndex !== undefined && wantLabels ? [...featureColumns, labelIndex] : featureColumns;
  for (let r = 0; r < n; r++) {
    const row = table.rows[r]!;
    for (let k = 0; k < d; k++) {
      const c = featureColumns[k]!;
      const cell = row[c]!;
      const column = table.columns[c]!;
      const fileRow = table.rowNumbers[r]!;
      if (cell === '') throw missingValueError(table.rows, table.rowNumbers, r, column, used);
      const v = parseDecimal(cell);
      if (v === undefined) {
        // A headerless file laid out otherwise than assumed: say how it was read, not --header.
        if (layoutHint !== '' && !/^[+-]?\d+,\d+$/.test(cell)) {
          throw new CsvError(`CSV row ${fileRow}, column "${column}" (the model's feature "${schema.features[k]}"): ${JSON.stringify(cell)} is not a number${layoutHint}`, { row: fileRow, column });
        }
        throw notANumberError(table, fileRow, column, cell);
      }
      if (Math.abs(v) > FLOAT32_MAX) throw new CsvError(`CSV row ${fileRow}, column "${column}": ${cell} is outside the float32 range mlpkit computes in (about ±3.4e38)`, { row: fileRow, column });
      x64[r * d + k] = v;
    }
  }
  const x = Float32Array.from(x64);
  const precise = precisionCopy(x64, d);
  const regression = schema.task === 'regression';
  if (regression) {
    let targets = new Float32Array(0);
    if (labelIndex !== undefined && wantLabels) {
      const column = table.columns[labelIndex]!;
      targets = Float32Array.from(table.rows, (row, r) => {
        const cell = row[labelIndex!]!;
        const fileRow = table.rowNumbers[r]!;
        if (cell === '') throw missingValueError(table.rows, table.rowNumbers, r, column, used);
        const v = parseDecimal(cell);
        if (v === undefined) throw new CsvError(`CSV row ${fileRow}, column "${column}": ${JSON.stringify(cell)} is not a number (the model predicts a numeric target)${layoutHint}`, { row: fileRow, column });
        return v;
      });
    }
    if (n === 0) throw new CsvError('CSV has no data rows');
    const data: RegressionDataset = {
      task: 'regression',
      name: o.name ?? 'csv',
      x,
      y: targets,
      features: d,
      targets: 1,
      featureNames: [...schema.features],
      ...(schema.label !== undefined ? { targetNames: [schema.label] } : {}),
      ...(precise ? { x64: precise } : {}),
    };
    return { data, table, featureColumns, ...(labelIndex !== undefined ? { labelIndex } : {}), notes };
  }
  let y: Int32Array = new Int32Array(0);
  if (labelIndex !== undefined && wantLabels) {
    const column = table.columns[labelIndex]!;
    const labels = table.rows.map((row, r) => {
      const cell = row[labelIndex!]!;
      if (cell === '') throw missingValueError(table.rows, table.rowNumbers, r, column, used);
      return cell;
    });
    try {
      y = matchLabels(labels, schema.classNames, { column, rowNumbers: table.rowNumbers });
    } catch (err) {
      // Without a header, an unknown label is more likely a column taken for the label that is not
      // one (an extra id column, another layout) than a new class: say how the file was read.
      if (err instanceof CsvError && layoutHint !== '') {
        throw new CsvError(`${err.message.replace(/: a model cannot predict.*$/, '')}; the file's columns may not be laid out as the model expects${layoutHint}`, err.row !== undefined ? { row: err.row, column } : { column });
      }
      throw err;
    }
  }
  if (n === 0) throw new CsvError('CSV has no data rows');
  const data: Dataset = {
      name: o.name ?? 'csv',
      x,
      y,
      features: d,
      classes: schema.classNames.length,
      classNames: [...schema.classNames],
      featureNames: [...schema.features],
      ...(precise ? { x64: precise } : {}),
    };
  return {
    data,
    table,
    featureColumns,
    ...(labelIndex !== undefined ? { labelIndex } : {}),
    notes,
  };
}
