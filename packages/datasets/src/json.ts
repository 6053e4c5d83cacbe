/**
 * A dataset as JSON: `{ name, params, features, classes, classNames?, featureNames?, x, y }` with
 * `x` row-major (n × features numbers) and `y` class ids — what `mlpkit data --format json`
 * writes and `mlpkit train --dataset file.json` reads. Validated with zod/mini.
 */
import * as z from 'zod/mini';
import { DatasetParamError } from './errors.js';
import { isRegression, type AnyDataset, type Dataset, type RegressionDataset } from './types.js';

const datasetJson = z.object({
  task: z.optional(z.enum(['classification', 'regression'])),
  targets: z.optional(z.number().check(z.int(), z.positive())),
  targetNames: z.optional(z.array(z.string())),
  name: z.optional(z.string()),
  params: z.optional(z.record(z.string(), z.union([z.number(), z.boolean(), z.string()]))),
  features: z.number().check(z.int(), z.positive()),
  classes: z.optional(z.number().check(z.int(), z.positive())),
  classNames: z.optional(z.array(z.string())),
  featureNames: z.optional(z.array(z.string())),
  x: z.array(z.number()),
  y: z.array(z.number()),
});

/** The JSON object for `d` (`JSON.stringify` it; arrays are plain numbers). */
export function toDatasetJson(d: AnyDataset): Record<string, unknown> {
  if (isRegression(d)) {
    return {
      task: 'regression',
      name: d.name,
      params: d.params ?? {},
      features: d.features,
      targets: d.targets,
      ...(d.targetNames ? { targetNames: d.targetNames } : {}),
      ...(d.featureNames ? { featureNames: d.featureNames } : {}),
      x: Array.from(d.x),
      y: Array.from(d.y),
    };
  }
  return {
    name: d.name,
    params: d.params ?? {},
    features: d.features,
    classes: d.classes,
    ...(d.classNames ? { classNames: d.classNames } : {}),
    ...(d.featureNames ? { featureNames: d.featureNames } : {}),
    x: Array.from(d.x),
    y: Array.from(d.y),
  };
}

/**
 * Reads a dataset from JSON text (the format of `toDatasetJson`). Throws DatasetParamError
 * (MLPKIT_INVALID_INPUT) naming the first problem: invalid JSON, a missing or mistyped field,
 * `x` not n × features values, a label outside 0..classes-1, names of the wrong length.
 */
export function parseDatasetJson(text: string, o: { name?: string } = {}): AnyDataset {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DatasetParamError(`not valid JSON (${(err as Error).message})`);
  }
  const parsed = datasetJson.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the top level';
    const expected = (issue as { expected?: string }).expected;
    throw new DatasetParamError(
      `dataset JSON: ${where}: ${expected ? `expected ${expected}` : issue.message} (the format of \`mlpkit data --format json\`: { features, x, y, classNames?, featureNames? })`,
    );
  }
  const j = parsed.data;
  if (j.task === 'regression') {
    const targets = j.targets ?? 1;
    const rows = j.y.length / targets;
    if (!Number.isInteger(rows)) throw new DatasetParamError(`dataset JSON: y has ${j.y.length} values, not a multiple of ${targets} targets`);
    if (j.x.length !== rows * j.features) {
      throw new DatasetParamError(`dataset JSON: x has ${j.x.length} values but y has ${rows} rows of ${j.features} features (expected ${rows * j.features})`);
    }
    if (j.targetNames && j.targetNames.length !== targets) throw new DatasetParamError(`dataset JSON: ${j.targetNames.length} targetNames for ${targets} targets`);
    if (j.featureNames && j.featureNames.length !== j.features) {
      throw new DatasetParamError(`dataset JSON: ${j.featureNames.length} featureNames for ${j.features} features`);
    }
    const out: RegressionDataset = {
      task: 'regression',
      name: o.name ?? j.name ?? 'json',
      x: Float32Array.from(j.x),
      y: Float32Array.from(j.y),
      features: j.features,
      targets,
      ...(j.targetNames ? { targetNames: j.targetNames } : {}),
      ...(j.featureNames ? { featureNames: j.featureNames } : {}),
      ...(j.params ? { params: j.params } : {}),
    };
    return out;
  }
  const bad = j.y.findIndex((v) => !Number.isInteger(v) || v < 0);
  if (bad >= 0) throw new DatasetParamError(`dataset JSON: y.${bad}: expected a class id (an integer ≥ 0), got ${j.y[bad]}`);
  const n = j.y.length;
  if (j.x.length !== n * j.features) {
    throw new DatasetParamError(`dataset JSON: x has ${j.x.length} values but y has ${n} rows of ${j.features} features (expected ${n * j.features})`);
  }
  const maxLabel = j.y.reduce((m, v) => Math.max(m, v), -1);
  const classes = j.classes ?? j.classNames?.length ?? maxLabel + 1;
  if (maxLabel >= classes) throw new DatasetParamError(`dataset JSON: label ${maxLabel} is outside 0..${classes - 1} (classes: ${classes})`);
  if (j.classNames && j.classNames.length !== classes) {
    throw new DatasetParamError(`dataset JSON: ${j.classNames.length} classNames for ${classes} classes`);
  }
  if (j.featureNames && j.featureNames.length !== j.features) {
    throw new DatasetParamError(`dataset JSON: ${j.featureNames.length} featureNames for ${j.features} features`);
  }
  const out: Dataset = {
    name: o.name ?? j.name ?? 'json',
    x: Float32Array.from(j.x),
    y: Int32Array.from(j.y),
    features: j.features,
    classes,
    ...(j.classNames ? { classNames: j.classNames } : {}),
    ...(j.featureNames ? { featureNames: j.featureNames } : {}),
    ...(j.params ? { params: j.params } : {}),
  };
  return out;
}
