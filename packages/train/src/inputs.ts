/**
 * Rows as the trainers receive them (the raw columns) → the network's inputs, and the checks of
 * classification-only methods. TF.js-free: the fused trainer uses it too.
 */
import { mapFeatures, type ModelSpec } from '@mlpkit/models/core';
import { TrainOptionsError } from './errors.js';
import type { ClassificationEpochLogs, EvalResult, RegressionEpochLogs, TrainOptions } from './types.js';

/** Any TrainOptions (the implementation signature behind the per-task overloads). */
export type AnyTrainOptions = TrainOptions | TrainOptions<ClassificationEpochLogs> | TrainOptions<RegressionEpochLogs>;

/** An engine result: `{ loss, accuracy }` for a classifier, `{ loss, mae }` for regression. */
export function evalResult(regression: boolean, loss: number, metric: number): EvalResult {
  return regression ? { loss, mae: metric } : { loss, accuracy: metric };
}

/**
 * Checks that x holds whole rows of the spec's raw inputs and applies its `features` stage:
 * returns the network inputs (n × networkInputs(spec); x itself without features) and n.
 */
export function networkRows(spec: ModelSpec, x: Float32Array): { x: Float32Array; n: number } {
  const f = spec.input;
  if (!x || typeof x.length !== 'number') throw new TrainOptionsError(`x must be a Float32Array (n × ${f}, row-major), got ${describe(x)}`);
  if (x.length % f !== 0) throw new TrainOptionsError(`x has ${x.length} values, not a multiple of the ${f} input features`);
  return { x: mapFeatures(spec, x), n: x.length / f };
}

/** Throws a TrainOptionsError naming the right method when a classification-only method is called on a regression model. */
export function requireClassifier(spec: ModelSpec, method: string): void {
  if (spec.task === 'regression') {
    throw new TrainOptionsError(`${method} applies to classifiers; this is a regression model (task "regression"): use predict(x) for its n × outputs values`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'an object';
}
