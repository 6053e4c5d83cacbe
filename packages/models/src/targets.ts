import { OutputError, SpecError } from './errors.js';
import { outputUnits } from './schema.js';
import type { ModelSpec } from './types.js';

export interface EncodedTargets {
  /** n × width, row-major. */
  targets: Float32Array;
  width: number;
}

/**
 * Encodes class ids into the targets the spec's loss expects:
 * - 1 output unit (sigmoid / linear): the id as 0 or 1, width 1;
 * - sparseCategoricalCrossentropy: the id itself as a float, width 1 (the loss one-hots it);
 * - K output units otherwise: one-hot rows, width K.
 * Classification only: a regression spec throws SpecError (its targets are the values themselves).
 */
export function encodeTargets(spec: ModelSpec, y: Int32Array, classes: number): EncodedTargets {
  if (spec.task === 'regression') {
    throw new SpecError('encodeTargets encodes class ids for a classifier; a regression model (task "regression") trains on the numeric targets as they are (n × outputs)');
  }
  const units = outputUnits(spec);
  const limit = units === 1 ? 2 : units;
  if (classes > limit) {
    throw new SpecError(`model output is ${units} unit${units > 1 ? 's' : ''} but the data has ${classes} classes`);
  }
  for (let i = 0; i < y.length; i++) {
    const id = y[i]!;
    if (id < 0 || id >= limit) {
      throw new SpecError(`y[${i}] is ${id}, outside 0..${limit - 1} for a ${units}-unit output`);
    }
  }
  if (units === 1 || spec.compile.loss === 'sparseCategoricalCrossentropy') {
    return { targets: Float32Array.from(y), width: 1 };
  }
  const targets = new Float32Array(y.length * units);
  for (let i = 0; i < y.length; i++) targets[i * units + y[i]!] = 1;
  return { targets, width: units };
}

/**
 * Class ids from n × outputUnits outputs: width 1 → (p > 0.5), strictly, as Keras's
 * binary_accuracy and predict_classes threshold (so an output of exactly 0.5, e.g. a dead ReLU
 * net, is class 0 here and in the training accuracy); otherwise argmax (first max wins).
 * Classification only: a regression spec throws SpecError. A NaN or infinite output throws
 * OutputError naming the (0-based) row, rather than decoding it as class 0.
 */
export function decodeOutputs(spec: ModelSpec, out: Float32Array): Int32Array {
  if (spec.task === 'regression') {
    throw new SpecError('decodeOutputs turns a classifier\'s outputs into class ids; a regression model (task "regression") outputs values: use them as they are');
  }
  const units = outputUnits(spec);
  if (out.length % units !== 0) {
    throw new SpecError(`outputs have ${out.length} values, not a multiple of the ${units} output units`);
  }
  const n = out.length / units;
  checkFiniteOutputs(out, units);
  const ids = new Int32Array(n);
  if (units === 1) {
    for (let i = 0; i < n; i++) ids[i] = out[i]! > 0.5 ? 1 : 0;
    return ids;
  }
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestValue = out[i * units]!;
    for (let k = 1; k < units; k++) {
      const v = out[i * units + k]!;
      if (v > bestValue) {
        bestValue = v;
        best = k;
      }
    }
    ids[i] = best;
  }
  return ids;
}

/**
 * Throws OutputError when any of `out` (n × units model outputs, row-major) is NaN or ±Infinity,
 * naming the first such row (0-based in the error's `row`, 1-based in its message).
 */
export function checkFiniteOutputs(out: Float32Array, units = 1): void {
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) {
      const row = Math.floor(i / units);
      throw new OutputError(
        `the model's output for row ${row + 1} is ${out[i]} (not a finite number): its inputs are likely far outside the range it was trained on, or its weights diverged`,
        row,
      );
    }
  }
}
