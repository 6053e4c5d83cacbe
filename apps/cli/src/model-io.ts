/**
 * Saved models: TF.js layers format (model.json + weights.bin) through @mlpkit/train/node. The
 * model remembers its data: model.json's userDefinedMetadata holds the spec, the class names (in
 * class-id order), the feature names (in input order), the label column, and the fitted
 * preprocessing, so `evaluate` and `predict` can check and prepare their inputs.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { standardizerFromJSON, type DataSchema, type Standardizer, type StandardizerJSON } from '@mlpkit/datasets';
import { createTrainer, ModelFileError, type Trainer } from '@mlpkit/train';
import { loadModel, saveModel } from '@mlpkit/train/node';
import type { ModelSpec } from '@mlpkit/models';
import { UsageError } from './errors.js';

export interface SavedModelInfo {
  spec: ModelSpec;
  /** Feature names, label column and class names. */
  schema: DataSchema;
  /** The standardizer fitted on the training rows, if the inputs were standardized. */
  standardizer?: StandardizerJSON | null;
  /** Regression: the target's standardizer, if the model learned standardized targets. */
  targetStandardizer?: StandardizerJSON | null;
}

/** Writes `trainer`'s model into `dir` (atomically, by @mlpkit/train/node). */
export async function saveTrainedModel(trainer: Trainer, dir: string, info: SavedModelInfo): Promise<void> {
  await saveModel(trainer, dir, {
    spec: info.spec,
    classNames: info.schema.classNames,
    featureNames: info.schema.features,
    ...(info.schema.label !== undefined ? { labelColumn: info.schema.label } : {}),
    ...(info.schema.columns !== undefined ? { columns: info.schema.columns } : {}),
    task: info.schema.task ?? 'classification',
    preprocessing: { standardize: info.standardizer ?? null, ...(info.schema.task === 'regression' ? { standardizeTarget: info.targetStandardizer ?? null } : {}) },
  });
}

/**
 * The model folder of `--model`: a `model/` folder (with model.json), a `train --out` run folder
 * holding one, or the model.json file itself. Anything else is a UsageError saying what was found.
 */
export function modelDir(arg: string): string {
  if (!existsSync(arg)) throw new UsageError(`--model ${arg}: not found (give a \`train --out\` folder, its model/ folder, or model.json)`);
  if (statSync(arg).isFile()) {
    if (basename(arg) === 'model.json' || arg.endsWith('.json')) return dirname(arg);
    throw new UsageError(`--model ${arg} is a file, not a model (give a \`train --out\` folder, its model/ folder, or model.json)`);
  }
  if (existsSync(join(arg, 'model.json'))) return arg;
  if (existsSync(join(arg, 'model', 'model.json'))) return join(arg, 'model');
  throw new UsageError(`--model ${arg}: no model.json there or in ${join(arg, 'model')} (give a \`train --out\` folder, its model/ folder, or model.json)`);
}

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined;
}

/**
 * Loads a saved model directory into a Trainer on `backend`, so prediction runs on the same
 * engines as training. Missing or corrupt files are ModelFileErrors (exit 2). Models saved before
 * feature names were stored get `x0, x1, …` (matched by position).
 */
export interface LoadedTrainedModel {
  trainer: Trainer;
  spec: ModelSpec;
  schema: DataSchema;
  /** Applied to every input before prediction, when the model was trained on standardized data. */
  standardizer?: Standardizer;
  /** Regression: maps the model's outputs back to target units (`inverseTransform`). */
  targetStandardizer?: Standardizer;
}

export async function loadTrainedModel(dir: string, backend: string): Promise<LoadedTrainedModel> {
  const loaded = await loadModel(dir);
  let weights: Float32Array[];
  try {
    weights = loaded.model.getWeights().map((w) => new Float32Array(w.dataSync()));
  } finally {
    loaded.model.optimizer?.dispose();
    loaded.model.dispose();
  }
  if (!loaded.spec) throw new ModelFileError(`the model in ${dir} is not a Dense-only mlpkit model (no spec)`);
  const meta = loaded.metadata;
  const spec = loaded.spec;
  const regression = spec.task === 'regression';
  const outputs = spec.layers.at(-1)!.units;
  const classes = outputs === 1 ? 2 : outputs;
  const classNames = regression
    ? []
    : stringArray(meta.classNames)?.length === classes
      ? stringArray(meta.classNames)!
      : Array.from({ length: classes }, (_, i) => String(i));
  const features = stringArray(meta.featureNames)?.length === spec.input ? stringArray(meta.featureNames)! : Array.from({ length: spec.input }, (_, f) => `x${f}`);
  const label = typeof meta.labelColumn === 'string' ? meta.labelColumn : undefined;
  const columns = stringArray(meta.columns);
  const pre = (meta.preprocessing as { standardize?: StandardizerJSON | null; standardizeTarget?: StandardizerJSON | null } | undefined) ?? {};
  const fromJson = (json: StandardizerJSON | null | undefined, width: number, what: string): Standardizer | undefined => {
    if (!json) return undefined;
    let st: Standardizer;
    try {
      st = standardizerFromJSON(json);
    } catch (err) {
      throw new ModelFileError(`${join(dir, 'model.json')} stores invalid ${what}: ${(err as Error).message}`);
    }
    if (st.features !== width) throw new ModelFileError(`${join(dir, 'model.json')}: the stored ${what} has ${st.features} columns, the model ${width}`);
    return st;
  };
  const standardizer = fromJson(pre.standardize, spec.input, 'preprocessing');
  const targetStandardizer = regression ? fromJson(pre.standardizeTarget, outputs, 'target preprocessing') : undefined;
  const trainer = await createTrainer(spec, { backend });
  await trainer.setWeights(weights);
  return {
    trainer,
    spec,
    schema: { ...(regression ? { task: 'regression' as const } : {}), features, ...(label !== undefined ? { label } : {}), classNames, ...(columns ? { columns } : {}) },
    ...(standardizer ? { standardizer } : {}),
    ...(targetStandardizer ? { targetStandardizer } : {}),
  };
}
