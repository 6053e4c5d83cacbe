/**
 * Data given to a trained model (`train --test`, `evaluate`): read against the model's schema, so
 * columns are matched by name and labels by value (see @mlpkit/datasets alignCsv).
 */
import { basename } from 'node:path';
import { alignCsv, classNamesOf, datasetSize, isRegression, matchLabels, type DataSchema, type Dataset, type RandomState } from '@mlpkit/datasets';
import { csvOptions, isCsvPath, loadDataset, readText, type CsvArgs, type LoadedData } from './dataset-args.js';
import { UsageError } from './errors.js';

/** Re-maps a dataset's labels to `schema`'s classes by value (its class names, or its ids as text). */
function toSchemaClasses(d: Dataset, schema: DataSchema, source: string): Dataset {
  const names = classNamesOf(d);
  const labels = Array.from(d.y, (id) => names[id]!);
  const y = matchLabels(labels, schema.classNames, { source, rowWord: 'row' });
  return { ...d, y, classes: schema.classNames.length, classNames: [...schema.classNames] };
}

/**
 * Loads `arg` (a CSV/JSON file or a generated dataset) as labelled data for a model with `schema`:
 * a CSV's features by column name (any order; a headerless file by position at the model's width),
 * labels mapped to the model's classes by value (a subset, even one class, is fine; an unknown
 * label is exit 2 naming it). Generated and JSON data must have the model's number of features.
 */
export function loadForSchema(arg: string, given: Record<string, string>, schema: DataSchema, o: { seed: number; stream?: RandomState } & CsvArgs): LoadedData {
  if (isCsvPath(arg) && !/\.json$/i.test(arg)) {
    if (Object.keys(given).length > 0) throw new UsageError(`generator parameters do not apply to a data file (${arg})`);
    const text = readText(arg, 'data file');
    const { ignoreColumns: _ignored, ...read } = csvOptions(o);
    let aligned;
    try {
      aligned = alignCsv(text, schema, { ...read, labels: 'required', name: basename(arg) });
    } catch (err) {
      if (err instanceof Error) err.message = `${arg}: ${err.message}`;
      throw err;
    }
    return {
      data: aligned.data,
      info: { name: basename(arg), params: { file: arg }, rows: datasetSize(aligned.data) },
      notes: [...aligned.table.notes, ...aligned.notes].map((n) => `${basename(arg)}: ${n}`),
      labelColumn: aligned.labelIndex !== undefined ? aligned.table.columns[aligned.labelIndex]! : 'label',
      rowNumbers: aligned.table.rowNumbers,
      fromFile: true,
    };
  }
  const loaded = loadDataset(arg, given, o);
  const d = loaded.data;
  if (d.features !== schema.features.length) {
    throw new UsageError(`${arg} has ${d.features} feature${d.features === 1 ? '' : 's'} but the model takes ${schema.features.length} (${schema.features.join(', ')})`);
  }
  const wantRegression = schema.task === 'regression';
  if (isRegression(d) !== wantRegression) {
    throw new UsageError(`${arg} has ${isRegression(d) ? 'numeric targets' : 'class labels'} but the model is a ${wantRegression ? 'regression model' : 'classifier'}`);
  }
  if (isRegression(d)) return { ...loaded, data: { ...d, featureNames: [...schema.features] } };
  return { ...loaded, data: { ...toSchemaClasses(d, schema, arg), featureNames: [...schema.features] } };
}
