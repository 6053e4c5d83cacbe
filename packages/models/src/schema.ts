import * as z from 'zod/mini';
import { SpecError } from './errors.js';
import { canonicalFeature, featureListProblems } from './features.js';
import {
  ACTIVATIONS,
  KERNEL_INITIALIZERS,
  LOSSES,
  METRICS,
  OPTIMIZERS,
  REGRESSION_LOSSES,
  TASKS,
  type ModelSpec,
} from './types.js';

// zod/mini: the same declarative schemas as zod, a fraction of the bundle (issue 12).
const oneOf = (values: readonly string[]) => `must be one of ${values.join(', ')}`;
const msg = (error: string) => ({ error });
const positiveInt = z.number(msg('must be a positive integer')).check(z.int(msg('must be a positive integer')), z.positive(msg('must be a positive integer')));
const positiveNumber = z.number(msg('must be a positive number')).check(z.positive(msg('must be a positive number')));
const nonNegativeNumber = z.number(msg('must be a number ≥ 0')).check(z.gte(0, msg('must be a number ≥ 0')));
const unitInterval = z.number(msg('must be a number in [0, 1)')).check(z.gte(0, msg('must be a number in [0, 1)')), z.lt(1, msg('must be a number in [0, 1)')));

const regularizerSchema = z.strictObject({ l1: z.optional(nonNegativeNumber), l2: z.optional(nonNegativeNumber) }, msg('must be an object like { "l2": 0.01 }'));

const denseLayerSchema = z.strictObject({
  type: z.optional(z.literal('dense', msg('must be "dense" (the only layer type)'))),
  units: positiveInt,
  activation: z.enum(ACTIVATIONS, msg(oneOf(ACTIVATIONS))),
  kernelInitializer: z.optional(z.enum(KERNEL_INITIALIZERS, msg(oneOf(KERNEL_INITIALIZERS)))),
  kernelRegularizer: z.optional(regularizerSchema),
}, msg('must be a Dense layer object like { "units": 8, "activation": "relu" }'));

const optimizerSchema = z.strictObject({
  name: z.enum(OPTIMIZERS, msg(oneOf(OPTIMIZERS))),
  learningRate: z.optional(positiveNumber),
  momentum: z.optional(unitInterval),
  decay: z.optional(nonNegativeNumber),
  beta1: z.optional(unitInterval),
  beta2: z.optional(unitInterval),
  rho: z.optional(unitInterval),
  epsilon: z.optional(positiveNumber),
}, msg('must be an object like { "name": "adam" }'));

/** Which optimizer owns each optional hyper-parameter (the others reject it). */
const OPTIMIZER_OPTION_OWNERS: Record<string, readonly string[]> = {
  momentum: ['sgd'],
  decay: ['sgd'],
  beta1: ['adam'],
  beta2: ['adam'],
  rho: ['rmsprop'],
  // TF.js's adagrad has no epsilon argument (it uses the backend's epsilon, 1e-7 on cpu/wasm).
  epsilon: ['adam', 'rmsprop'],
};

/**
 * The zod schema of a ModelSpec: structure plus the cross-field rules (output layer vs loss,
 * optimizer-specific options). `parseSpec` turns its issues into one readable message.
 */
export const specSchema = z
  .strictObject({
    name: z.optional(z.string(msg('must be a string'))),
    task: z.optional(z.enum(TASKS, msg(oneOf(TASKS)))),
    input: positiveInt,
    features: z.optional(
      z.array(z.string(msg('must be a string like "x0^2"')), msg('must be an array of feature expressions like ["x0^2", "x1^2"]')).check(
        z.minLength(1, msg('must list at least one expression (leave features out for none)')),
      ),
    ),
    layers: z.array(denseLayerSchema, msg('must be an array of Dense layers')).check(z.minLength(1, msg('must contain at least one layer (the output layer)'))),
    compile: z.strictObject({
      optimizer: optimizerSchema,
      loss: z.enum(LOSSES, msg(oneOf(LOSSES))),
      metrics: z.optional(z.array(z.enum(METRICS, msg(oneOf(METRICS))), msg('must be an array'))),
    }, msg('must be an object with optimizer and loss')),
    multiLabel: z.optional(z.boolean(msg('must be true or false'))),
  }, msg('must be a model spec object'))
  .check(
    z.superRefine((spec, ctx) => {
      // Refinements also run after non-fatal issues (e.g. an empty layer list): guard.
      const out = spec.layers[spec.layers.length - 1];
      if (!out || !spec.compile?.optimizer) return;
      const { loss, optimizer } = spec.compile;
      const outPath = ['layers', spec.layers.length - 1];
      const add = (message: string, path: PropertyKey[] = outPath) => ctx.addIssue({ code: 'custom', path, message });
      if (spec.task === 'regression') {
        if (out.activation !== 'linear') {
          add(`regression needs a linear output layer (units = number of targets); got ${out.activation}: use activation "linear"`);
        }
        if (!(REGRESSION_LOSSES as readonly string[]).includes(loss)) {
          add(`regression needs a regression loss; got ${loss}, a classification loss: use ${REGRESSION_LOSSES.map((l) => `"${l}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`, ['compile', 'loss']);
        }
        if (spec.compile.metrics?.includes('accuracy')) {
          add('compile.metrics "accuracy" is a classification metric; a regression model reports mae: use ["mae"] or leave metrics out', ['compile', 'metrics']);
        }
        if (spec.multiLabel !== undefined) add('multiLabel applies to classification only; remove it for a regression model', ['multiLabel']);
      } else {
        if (loss === 'meanAbsoluteError' || loss === 'huber') {
          add(`${loss} is a regression loss: set "task": "regression" (with a linear output layer, one unit per target), or use binaryCrossentropy, categoricalCrossentropy or meanSquaredError for classification`, ['compile', 'loss']);
        }
        if (out.activation === 'softmax' && out.units === 1) {
          add('softmax output with 1 unit: use sigmoid for binary classification or ≥2 units');
        }
        if ((loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') && out.units === 1) {
          add(`${loss} needs an output layer with ≥2 units (one per class), got 1 unit: use binaryCrossentropy with a 1-unit sigmoid output for two classes`, ['compile', 'loss']);
        }
        if (loss === 'binaryCrossentropy' && out.activation === 'sigmoid' && out.units > 1 && !spec.multiLabel) {
          add(
            `sigmoid output with ${out.units} units and binaryCrossentropy treats each unit as an independent label: set "multiLabel": true if that is intended, or use 1 sigmoid unit (two classes) or softmax with categoricalCrossentropy (one class per unit)`,
          );
        }
      }
      if (spec.features && Number.isInteger(spec.input) && spec.input > 0) {
        for (const problem of featureListProblems(spec.features, spec.input)) add(problem, ['features']);
      }
      for (const [option, owners] of Object.entries(OPTIMIZER_OPTION_OWNERS)) {
        if ((optimizer as Record<string, unknown>)[option] !== undefined && !owners.includes(optimizer.name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['compile', 'optimizer', option],
            message: `compile.optimizer.${option} applies to ${owners.join('/')} only, not ${optimizer.name}`,
          });
        }
      }
    }),
  );

/** `['layers', 1, 'units']` → `layers[1].units`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'spec' : out;
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (typeof input === 'string') return JSON.stringify(input);
  if (typeof input === 'number' || typeof input === 'boolean' || input === null) return String(input);
  if (Array.isArray(input)) return 'an array';
  return typeof input === 'object' ? 'an object' : String(input);
}

function formatIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') return issue.message;
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `${where} has unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  const got = 'input' in issue ? `, got ${describeInput(issue.input)}` : '';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${where} is required (${issue.message})`;
  return `${where} ${issue.message}${got}`;
}

/**
 * Validates an untrusted (e.g. JSON) spec. Throws SpecError whose message lists every problem,
 * one per line, each naming its path: `layers[1].units must be a positive integer, got -3`.
 */
export function parseSpec(json: unknown): ModelSpec {
  const result = specSchema.safeParse(json, { reportInput: true });
  if (result.success) {
    const spec = result.data as ModelSpec;
    // Store feature expressions in canonical form (no spaces, x1*x0 → x0*x1).
    if (spec.features) spec.features = spec.features.map((e) => canonicalFeature(e, spec.input));
    return spec;
  }
  const messages = [...new Set(result.error.issues.map(formatIssue))];
  throw new SpecError(messages.length === 1 ? messages[0]! : `invalid model spec:\n- ${messages.join('\n- ')}`);
}

/** Number of units of the output layer. */
export function outputUnits(spec: ModelSpec): number {
  const out = spec.layers[spec.layers.length - 1];
  if (!out) throw new SpecError('layers must contain at least one layer (the output layer)');
  return out.units;
}

/**
 * What checkSpecAgainstData needs of a dataset: the raw feature count and either the class count
 * (classification) or the target count (regression; `task: 'regression'` or a numeric `targets`).
 */
export interface DataShape {
  features: number;
  classes?: number;
  targets?: number;
  task?: string;
}

/** Whether data of this shape is a regression dataset (`task: 'regression'`, or `targets` without `task`). */
export function isRegressionShape(data: DataShape): boolean {
  return data.task === 'regression' || (data.task === undefined && typeof data.targets === 'number');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

/**
 * Checks that a (valid) spec fits a dataset: the raw input width equals the data's feature count;
 * a classifier's output layer can represent the classes (1 unit ⇒ 2 classes; K units ⇒ K
 * classes, or K independent labels with multiLabel); a regression model has one output unit per
 * target. A regression spec with class labels, or a classifier with numeric targets, is refused
 * with the fix. Throws SpecError.
 */
export function checkSpecAgainstData(spec: ModelSpec, data: DataShape): void {
  if (spec.input !== data.features) {
    const mapped = spec.features ? ` raw (its features map them to ${spec.features.length} network inputs)` : '';
    throw new SpecError(`model input is ${spec.input} features${mapped} but the data has ${data.features}`);
  }
  const units = outputUnits(spec);
  const regressionData = isRegressionShape(data);
  if (spec.task === 'regression') {
    if (!regressionData) {
      throw new SpecError(
        `the model is a regression model (task "regression") but the data has class labels${data.classes !== undefined ? ` (${plural(data.classes, 'class')})` : ''}: use data with numeric targets ({ y: Float32Array, targets }), or a classification model`,
      );
    }
    const targets = data.targets ?? 1;
    if (units !== targets) {
      throw new SpecError(`model output is ${plural(units, 'unit')} but the data has ${plural(targets, 'target')}: a regression model needs one linear output unit per target`);
    }
    return;
  }
  if (regressionData) {
    throw new SpecError(
      `the data has numeric targets (a regression dataset) but the model is a classifier: set "task": "regression" with a linear output layer of ${plural(data.targets ?? 1, 'unit')} and a regression loss (meanSquaredError, meanAbsoluteError or huber)`,
    );
  }
  const classes = data.classes ?? 0;
  if (units === 1) {
    if (classes > 2) {
      throw new SpecError(
        `model output is 1 unit (binary) but the data has ${classes} classes: use ${classes} softmax units with categoricalCrossentropy`,
      );
    }
  } else if (units !== classes) {
    throw new SpecError(`model output is ${units} units but the data has ${classes} classes`);
  }
}
