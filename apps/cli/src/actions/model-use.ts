/**
 * The work of `mlpkit evaluate` and `mlpkit predict` (loaded on demand: it pulls in TF.js).
 * Inputs are read against the model's schema: feature columns by name (any order), labels by
 * value, the stored standardizer applied before prediction.
 */
import '../tf-quiet.js';
import { basename } from 'node:path';
import { alignCsv } from '@mlpkit/datasets';
import { evaluateTrainer } from '@mlpkit/experiments';
import { decodeOutputs } from '@mlpkit/models';
import Papa from 'papaparse';
import { readText, type CsvArgs } from '../dataset-args.js';
import { UsageError } from '../errors.js';
import { loadTrainedModel, modelDir } from '../model-io.js';
import { modelInputs, openOutputFile, type OutputFile } from '../outdir.js';
import { loadForSchema } from '../schema-data.js';
import { toStdout, yieldToEventLoop } from '../io.js';
import type { Terminal } from '../terminal.js';
import { printEvaluation } from './train.js';

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
    const x = saved.standardizer ? saved.standardizer.transform(data.x) : data.x;
    const scores = await evaluateTrainer(saved.trainer, { x, y: data.y }, { classes: schema.classNames.length, classNames: schema.classNames });
    if (o.json) {
      term.json({ model: o.model, backend: saved.trainer.backend, dataset: loaded.info, features: schema.features, ...scores });
      return;
    }
    printEvaluation(term, scores, schema.classNames, `Accuracy on ${loaded.info.name} (${data.y.length} rows): ${scores.accuracy.toFixed(4)}`);
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
    if (!o.quiet) for (const n of aligned.notes) term.note(`${basename(o.input)}: ${n}`);
    const n = aligned.table.rows.length;
    const names = schema.classNames;
    const d = schema.features.length;
    const outputs = saved.spec.layers.at(-1)!.units;
    if (names.length !== (outputs === 1 ? 2 : outputs)) {
      throw new UsageError(`${o.model}: the model has ${outputs === 1 ? 2 : outputs} outputs but ${names.length} class names`);
    }
    // Chunk by chunk: memory stays bounded, the output streams, and Ctrl-C gets through.
    const write = out ? async (text: string) => out.write(text) : async (text: string) => toStdout([text]);
    const csvField = (v: string) => Papa.unparse([[v]]);
    const classField = names.map(csvField);
    if (o.json) {
      await write(`{\n  "classNames": ${JSON.stringify(names)},\n  "features": ${JSON.stringify(schema.features)},\n  "predictions": [`);
    } else {
      await write(`${[...schema.features, 'predicted', ...names.map((c) => `p_${c}`)].map(csvField).join(',')}\n`);
    }
    for (let start = 0; start < n; start += PREDICT_CHUNK_ROWS) {
      const end = Math.min(n, start + PREDICT_CHUNK_ROWS);
      const xRaw = aligned.data.x.subarray(start * d, end * d);
      const x = saved.standardizer ? saved.standardizer.transform(xRaw) : xRaw;
      const proba = await saved.trainer.predictProba(x);
      const yPred = decodeOutputs(saved.spec, proba);
      const probsOf = (r: number): number[] =>
        outputs === 1 ? [1 - proba[r]!, proba[r]!] : Array.from(proba.subarray(r * outputs, (r + 1) * outputs));
      const lines: string[] = [];
      for (let r = 0; r < end - start; r++) {
        if (o.json) {
          lines.push(`${start + r === 0 ? '' : ','}\n    ${JSON.stringify({ predicted: names[yPred[r]!]!, class: yPred[r]!, probabilities: probsOf(r) })}`);
        } else {
          const row = aligned.table.rows[start + r]!;
          lines.push(
            // Feature cells are decimal numbers (checked when read): they need no quoting.
            `${[...aligned.featureColumns.map((c) => row[c]!), classField[yPred[r]!]!, ...probsOf(r).map((p) => p.toPrecision(6))].join(',')}\n`,
          );
        }
      }
      await write(lines.join(''));
      await yieldToEventLoop();
    }
    if (o.json) await write('\n  ]\n}\n');
    if (out) {
      out.commit();
      if (!o.quiet) term.note(`wrote ${n} predictions to ${o.out}`);
    }
  } finally {
    saved.trainer.dispose();
  }
}
