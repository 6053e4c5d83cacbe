/**
 * The work of `mlpkit evaluate` and `mlpkit predict` (loaded on demand: it pulls in TF.js).
 */
import '../tf-quiet.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateTrainer } from '@mlpkit/experiments';
import { checkSpecAgainstData } from '@mlpkit/models';
import Papa from 'papaparse';
import { loadDataset } from '../dataset-args.js';
import { UsageError } from '../errors.js';
import { alignClassNames } from '../labels.js';
import { loadTrainedModel } from '../model-io.js';
import { modelInputs, openOutputFile, type OutputFile } from '../outdir.js';
import type { Terminal } from '../terminal.js';
import { printEvaluation } from './train.js';

export interface EvaluateOpts {
  /** Generator parameters given as flags. */
  datasetParams: Record<string, string>;
  model: string;
  dataset: string;
  labelColumn?: string;
  seed: number;
  backend: string;
  json?: boolean;
}

export interface PredictOpts {
  model: string;
  input: string;
  out?: string;
  force?: boolean;
  labelColumn?: string;
  backend: string;
  json?: boolean;
}

/** A model directory: the `model/` folder itself or a `train --out` folder holding it. */
function modelDir(arg: string): string {
  if (!existsSync(arg)) throw new UsageError(`model directory not found: ${arg}`);
  return existsSync(join(arg, 'model.json')) ? arg : join(arg, 'model');
}

/** Reads a feature CSV (a header row, numeric cells); the label column, if present, is ignored. */
function readFeatureCsv(path: string, features: number, labelColumn: string | undefined): { header: string[]; rows: string[][]; x: Float32Array } {
  if (!existsSync(path)) throw new UsageError(`CSV file not found: ${path}`);
  const parsed = Papa.parse<string[]>(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [header, ...rows] = parsed.data;
  if (!header || rows.length === 0) throw new UsageError(`${path}: CSV needs a header row and at least one data row`);
  const names = header.map((h) => h.trim());
  const wanted = labelColumn ?? names.find((n) => n.toLowerCase() === 'label');
  if (labelColumn !== undefined && !names.includes(labelColumn)) {
    throw new UsageError(`${path}: label column "${labelColumn}" not found; columns are ${names.join(', ')}`);
  }
  const featureCols = names.map((n, i) => (n === wanted ? -1 : i)).filter((i) => i >= 0);
  if (featureCols.length !== features) {
    throw new UsageError(
      `${path}: the model takes ${features} features but the CSV has ${featureCols.length} feature columns (${featureCols.map((i) => names[i]).join(', ')})`,
    );
  }
  const x = new Float32Array(rows.length * features);
  rows.forEach((row, r) => {
    if (row.length !== names.length) {
      throw new UsageError(`${path}: CSV row ${r + 2} has ${row.length} fields, expected ${names.length}`);
    }
    featureCols.forEach((c, k) => {
      const cell = (row[c] ?? '').trim();
      const v = Number(cell);
      if (cell === '' || !Number.isFinite(v)) {
        throw new UsageError(`${path}: CSV row ${r + 2}, column "${names[c]}": ${cell === '' ? 'missing value' : `${JSON.stringify(cell)} is not a number`}`);
      }
      x[r * features + k] = v;
    });
  });
  return { header: featureCols.map((c) => names[c]!), rows: rows.map((row) => featureCols.map((c) => row[c]!.trim())), x };
}

export async function evaluateAction(o: EvaluateOpts, term: Terminal): Promise<void> {
  const saved = await loadTrainedModel(modelDir(o.model), o.backend);
  try {
    const loaded = loadDataset(o.dataset, o.datasetParams, { seed: o.seed, labelColumn: o.labelColumn });
    const data = alignClassNames(loaded.data, saved.classNames.length > 0 ? saved.classNames : undefined, o.dataset);
    const classes = Math.max(data.classes, saved.classNames.length);
    checkSpecAgainstData(saved.spec, { features: data.features, classes });
    const classNames = saved.classNames.length === classes ? saved.classNames : Array.from({ length: classes }, (_, i) => String(i));
    const scores = await evaluateTrainer(saved.trainer, data, { classes, classNames });
    if (o.json) {
      term.json({ model: o.model, backend: saved.trainer.backend, dataset: loaded.info, ...scores });
      return;
    }
    printEvaluation(term, scores, classNames, `Accuracy on ${loaded.info.name} (${data.y.length} rows): ${scores.accuracy.toFixed(4)}`);
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
    const input = readFeatureCsv(o.input, saved.spec.input, o.labelColumn);
    const n = input.rows.length;
    const proba = await saved.trainer.predictProba(input.x);
    const yPred = await saved.trainer.predictClasses(input.x);
    const width = proba.length / n;
    const classes = width === 1 ? 2 : width;
    const names = saved.classNames.length === classes ? saved.classNames : Array.from({ length: classes }, (_, i) => String(i));
    const probsOf = (r: number): number[] =>
      width === 1 ? [1 - proba[r]!, proba[r]!] : Array.from(proba.subarray(r * width, (r + 1) * width));
    if (o.json) {
      const rows = input.rows.map((_, r) => ({ predicted: names[yPred[r]!]!, class: yPred[r]!, probabilities: probsOf(r) }));
      const text = `${JSON.stringify({ classNames: names, predictions: rows }, null, 2)}\n`;
      if (out) {
        out.write(text);
        out.commit();
        term.note(`wrote ${n} predictions to ${o.out}`);
      } else {
        process.stdout.write(text);
      }
      return;
    }
    const csv = Papa.unparse({
      fields: [...input.header, 'predicted', ...names.map((c) => `p_${c}`)],
      data: input.rows.map((row, r) => [...row, names[yPred[r]!]!, ...probsOf(r).map((p) => p.toPrecision(6))]),
    }, { newline: '\n' });
    if (out) {
      out.write(`${csv}\n`);
      out.commit();
      term.note(`wrote ${n} predictions to ${o.out}`);
    } else {
      process.stdout.write(`${csv}\n`);
    }
  } finally {
    saved.trainer.dispose();
  }
}
