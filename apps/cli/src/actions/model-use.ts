/**
 * The work of `mlpkit evaluate` and `mlpkit predict` (loaded on demand: it pulls in TF.js).
 * Inputs are read against the model's schema: feature columns by name (any order), labels by
 * value, the stored standardizer applied before prediction.
 */
import '../tf-quiet.js';
import { basename } from 'node:path';
import { alignCsv, datasetSize, isRegression, targetNamesOf } from '@mlpkit/datasets';
import { evaluateRegressor, evaluateTrainer } from '@mlpkit/experiments';
import { checkFiniteOutputs, decodeOutputs, OutputError } from '@mlpkit/models';
import Papa from 'papaparse';
import { readText, type CsvArgs } from '../dataset-args.js';
import { UsageError } from '../errors.js';
import { loadTrainedModel, modelDir } from '../model-io.js';
import { modelInputs, openOutputFile, type OutputFile } from '../outdir.js';
import { loadForSchema } from '../schema-data.js';
import { toStdout, yieldToEventLoop } from '../io.js';
import type { Terminal } from '../terminal.js';
import { printEvaluation, printRegression } from './train.js';

/** A CSV field: as it is when it needs no quotes (the common case, fast), else quoted by papaparse. */
function csvField(v: string): string {
  return /[",\r\n]|^\s|\s$/.test(v) ? Papa.unparse([[v]], { quotes: true }) : v;
}

/** A regression output as text: float32 precision, no trailing noise. */
function formatValue(v: number): string {
  return String(Number(v.toPrecision(7)));
}

/** Rows predicted (and written) at a time. */
const PREDICT_CHUNK_ROWS = 50_000;

export interface EvaluateOpts extends CsvArgs {
  /** Generator parameters given as flags. */
  datasetParams: Record<string, string>;
  model: string;
  dataset: string;
  seed: number;
  backend: string;
  json?: boolean;
  quiet?: boolean;
}

export interface PredictOpts extends CsvArgs {
  model: string;
  input: string;
  out?: string;
  force?: boolean;
  backend: string;
  json?: boolean;
  quiet?: boolean;
}

export async function evaluateAction(o: EvaluateOpts, term: Terminal): Promise<void> {
  const saved = await loadTrainedModel(modelDir(o.model), o.backend);
  try {
    const { schema } = saved;
    const loaded = loadForSchema(o.dataset, o.datasetParams, schema, { seed: o.seed, labelColumn: o.labelColumn, header: o.header });
    if (!o.quiet) for (const n of loaded.notes) term.note(n);
    const data = loaded.data;
    const raw = data.x64 ?? data.x;
    const x = saved.standardizer ? saved.standardizer.transform(raw) : data.x;
    const rows = datasetSize(data);
    // A non-finite output names the row as the file numbers it.
    const inFileRows = async <T>(fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof OutputError || (err instanceof Error && /prediction for row \d+ is/.test(err.message))) {
          const row = err instanceof OutputError ? err.row : Number(/row (\d+)/.exec(err.message)![1]) - 1;
          throw new UsageError(`${o.dataset}: the model's output for ${loaded.rowNumbers ? `row ${loaded.rowNumbers[row]} of the file` : `row ${row + 1}`} is not a finite number: its inputs are likely far outside the range the model was trained on; check that row`);
        }
        throw err;
      }
    };
    if (isRegression(data)) {
      const scores = await inFileRows(() =>
        evaluateRegressor(saved.trainer, { x, y: data.y, targets: data.targets }, { targetNames: targetNamesOf(data), ...(saved.targetStandardizer ? { targetStandardizer: saved.targetStandardizer } : {}) }),
      );
      if (o.json) {
        term.json({ model: o.model, backend: saved.trainer.backend, dataset: loaded.info, features: schema.features, task: 'regression', ...scores });
        return;
      }
      printRegression(term, scores, `R² on ${loaded.info.name} (${rows} row${rows === 1 ? '' : 's'}): ${scores.r2.toFixed(4)} (MAE ${Number(scores.mae.toPrecision(4))}, RMSE ${Number(scores.rmse.toPrecision(4))})`);
      return;
    }
    const scores = await inFileRows(() => evaluateTrainer(saved.trainer, { x, y: data.y }, { classes: schema.classNames.length, classNames: schema.classNames }));
    if (o.json) {
      term.json({ model: o.model, backend: saved.trainer.backend, dataset: loaded.info, features: schema.features, task: 'classification', ...scores });
      return;
    }
    printEvaluation(term, scores, schema.classNames, `Accuracy on ${loaded.info.name} (${rows} row${rows === 1 ? '' : 's'}): ${scores.accuracy.toFixed(4)}`);
  } finally {
    saved.trainer.dispose();
  }
}

export async function predictAction(o: PredictOpts, term: Terminal): Promise<void> {
  const dir = modelDir(o.model);
  // Refuse a bad --out before any work; the input CSV and the model's files are never overwritten.
  const out = o.out !== undefined ? openOutputFile(o.out, { force: o.force, inputs: [o.input, ...modelInputs(dir)] }) : undefined;
  try {
    await predictInto(o, dir, out, term);
  } catch (err) {
    out?.abort();
    throw err;
  }
}

async function predictInto(o: PredictOpts, dir: string, out: OutputFile | undefined, term: Terminal): Promise<void> {
  const saved = await loadTrainedModel(dir, o.backend);
  try {
    const { schema } = saved;
    const text = readText(o.input, 'CSV file');
    let aligned;
    try {
      aligned = alignCsv(text, schema, {
        name: basename(o.input),
        header: o.header ?? 'auto',
        ...(o.labelColumn !== undefined ? { labelColumn: o.labelColumn } : {}),
      });
    } catch (err) {
      if (err instanceof Error) err.message = `${o.input}: ${err.message}`;
      throw err;
    }
    const { table, featureColumns } = aligned;
    const n = table.rows.length;
    const d = schema.features.length;
    const regression = saved.spec.task === 'regression';
    const outputs = saved.spec.layers.at(-1)!.units;
    const names = schema.classNames;
    if (!regression && names.length !== (outputs === 1 ? 2 : outputs)) {
      throw new UsageError(`${o.model}: the model has ${outputs === 1 ? 2 : outputs} outputs but ${names.length} class names`);
    }
    const targetNames = regression ? (outputs === 1 ? ['predicted'] : Array.from({ length: outputs }, (_, k) => `predicted_${k}`)) : [];
    const added = regression ? targetNames : ['predicted', ...names.map((c) => `p_${c}`)];
    // Every input column is echoed (ids and the like stay with their rows), named as the model
    // knows them for a headerless file; input columns that clash with the added ones are left out.
    const inputName = (c: number): string => {
      const k = featureColumns.indexOf(c);
      if (k >= 0) return schema.features[k]!;
      if (!table.hasHeader && c === aligned.labelIndex && schema.label !== undefined) return schema.label;
      return table.columns[c]!;
    };
    const echoed = table.columns.map((_, c) => c).filter((c) => !added.includes(inputName(c)));
    const clashing = table.columns.map((_, c) => c).filter((c) => added.includes(inputName(c)));
    if (!o.quiet) {
      // The CSV output copies every input column; say so rather than "ignored".
      const unused = echoed.filter((c) => !featureColumns.includes(c)).map(inputName);
      // (JSON output holds only the predictions: there the columns are simply not used.)
      const notes = o.json ? [...aligned.notes] : aligned.notes.filter((n) => !n.startsWith('ignored column'));
      if (unused.length > 0 && !o.json) notes.push(`column${unused.length > 1 ? 's' : ''} the model does not use, copied to the output as ${unused.length > 1 ? 'they are' : 'it is'}: ${unused.join(', ')}`);
      if (clashing.length > 0 && !o.json) notes.push(`left out the input's column${clashing.length > 1 ? 's' : ''} ${clashing.map(inputName).join(', ')}: the new predictions replace ${clashing.length > 1 ? 'them' : 'it'}`);
      for (const n of [...table.notes, ...notes]) term.note(`${basename(o.input)}: ${n}`);
    }
    // Chunk by chunk: memory stays bounded, the output streams, and Ctrl-C gets through.
    const write = out ? async (text: string) => out.write(text) : async (text: string) => toStdout([text]);
    const classField = names.map(csvField);
    const isFeature = new Set(featureColumns);
    if (o.json) {
      const head = regression
        ? `{\n  "task": "regression",\n  "targets": ${JSON.stringify(outputs === 1 ? [schema.label ?? 'y'] : Array.from({ length: outputs }, (_, k) => `y${k}`))},\n  "features": ${JSON.stringify(schema.features)},\n  "predictions": [`
        : `{\n  "classNames": ${JSON.stringify(names)},\n  "features": ${JSON.stringify(schema.features)},\n  "predictions": [`;
      await write(head);
    } else {
      await write(`${[...echoed.map(inputName), ...added].map(csvField).join(',')}\n`);
    }
    for (let start = 0; start < n; start += PREDICT_CHUNK_ROWS) {
      const end = Math.min(n, start + PREDICT_CHUNK_ROWS);
      const source = aligned.data.x64 ?? aligned.data.x;
      const xRaw = source.subarray(start * d, end * d);
      const x = saved.standardizer ? saved.standardizer.transform(xRaw) : aligned.data.x.subarray(start * d, end * d);
      const out = await saved.trainer.predict(x);
      const raw = saved.targetStandardizer ? saved.targetStandardizer.inverseTransform(out) : out;
      try {
        checkFiniteOutputs(raw, outputs);
      } catch (err) {
        if (!(err instanceof OutputError)) throw err;
        throw new UsageError(
          `${o.input}: the model's output for row ${table.rowNumbers[start + err.row]} of the file is not a finite number: its inputs are likely far outside the range the model was trained on; check that row`,
        );
      }
      const yPred = regression ? undefined : decodeOutputs(saved.spec, raw);
      const valuesOf = (r: number): number[] =>
        !regression && outputs === 1 ? [1 - raw[r]!, raw[r]!] : Array.from(raw.subarray(r * outputs, (r + 1) * outputs));
      const lines: string[] = [];
      for (let r = 0; r < end - start; r++) {
        if (o.json) {
          const record = regression
            ? { predicted: outputs === 1 ? raw[r]! : valuesOf(r) }
            : { predicted: names[yPred![r]!]!, class: yPred![r]!, probabilities: valuesOf(r) };
          lines.push(`${start + r === 0 ? '' : ','}\n    ${JSON.stringify(record)}`);
        } else {
          const row = table.rows[start + r]!;
          // Feature cells are decimal numbers (checked when read) and need no quoting; others may.
          const cells = echoed.map((c) => (isFeature.has(c) ? row[c]! : csvField(row[c]!)));
          const predicted = regression ? valuesOf(r).map(formatValue) : [classField[yPred![r]!]!, ...valuesOf(r).map((p) => p.toPrecision(6))];
          lines.push(`${[...cells, ...predicted].join(',')}\n`);
        }
      }
      await write(lines.join(''));
      await yieldToEventLoop();
    }
    if (o.json) await write('\n  ]\n}\n');
    if (out) {
      out.commit();
      if (!o.quiet) term.note(`wrote ${n} prediction${n === 1 ? '' : 's'} to ${o.out}`);
    }
  } finally {
    saved.trainer.dispose();
  }
}
