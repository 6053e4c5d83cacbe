import type { RandomState } from './random-state.js';
import * as z from 'zod/mini';
import { DatasetParamError } from './errors.js';
import type { AnyDataset, Dataset } from './types.js';

/** One generator parameter: enough for a CLI flag or a web control, and for validation. */
export interface ParamSpec {
  name: string;
  type: 'int' | 'float' | 'boolean';
  default: number | boolean;
  min?: number;
  max?: number;
  /** `min` itself is not allowed (`> min`). */
  exclusiveMin?: boolean;
  /** `max` itself is not allowed (`< max`). */
  exclusiveMax?: boolean;
  /** Ints must be a multiple of `step`; for floats it is only a UI hint. */
  step?: number;
  description: string;
}

export type ParamValues = Record<string, number | boolean>;

/**
 * A registered dataset: metadata, its parameter list, and a validating generator of `D` (a
 * Dataset or, for regression entries, a RegressionDataset).
 */
export interface DatasetEntry<D extends AnyDataset = AnyDataset> {
  name: string;
  title: string;
  description: string;
  /** 'classification' (default) or 'regression' (continuous targets: a RegressionDataset). */
  task?: 'classification' | 'regression';
  /** Fixed class count, or 'param' when the `classes` parameter sets it (0 for regression). */
  classes: number | 'param';
  /** Regression: the number of targets. */
  targets?: number;
  params: ParamSpec[];
  /** Validates `params` (zod, built from `params`), applies defaults, generates. */
  generate(params?: Record<string, unknown>): D;
  /** Validates and fills defaults without generating (present on entries made by defineDataset). */
  parseParams?(params?: Record<string, unknown>): ParamValues;
  /** The zod schema derived from `params`; strict, so unknown keys are rejected (defineDataset). */
  schema?: z.ZodMiniType<ParamValues>;
  /**
   * Entries that take `randomState`: generates from `state`, a NumPy RandomState advanced in place
   * (the parameters' own randomState and seed are then ignored), so two calls on one state draw
   * what `np.random.seed(n)` followed by two scikit-learn calls would: e.g. a test set that
   * continues its training set's stream.
   */
  generateFrom?(params: Record<string, unknown>, state: RandomState): D;
}

/** An entry made by `defineDataset`: validation helpers always present. */
export interface DefinedDatasetEntry<D extends AnyDataset = AnyDataset> extends DatasetEntry<D> {
  parseParams(params?: Record<string, unknown>): ParamValues;
  schema: z.ZodMiniType<ParamValues>;
}

const fmt = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

/** Human wording of a spec's allowed values, e.g. "an integer > 0", "in [0, 1)", "≥ 0". */
export function describeRange(spec: ParamSpec): string {
  if (spec.type === 'boolean') return 'true or false';
  const hasMin = spec.min !== undefined;
  const hasMax = spec.max !== undefined;
  let range: string;
  if (hasMin && hasMax) {
    range = `in ${spec.exclusiveMin ? '(' : '['}${spec.min}, ${spec.max}${spec.exclusiveMax ? ')' : ']'}`;
  } else if (hasMin) {
    range = `${spec.exclusiveMin ? '>' : '≥'} ${spec.min}`;
  } else if (hasMax) {
    range = `${spec.exclusiveMax ? '<' : '≤'} ${spec.max}`;
  } else {
    range = '';
  }
  if (spec.type === 'int') {
    const multiple = spec.step !== undefined && spec.step > 1 ? ` and a multiple of ${spec.step}` : '';
    return `an integer${range ? ' ' + range : ''}${multiple}`;
  }
  return range || 'a finite number';
}

/** CLI and URL values arrive as strings: accept "0.5", "true", "false". */
function coerce(spec: ParamSpec, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (spec.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : value;
  if (text === '') return value;
  const n = Number(text);
  return Number.isFinite(n) ? n : value;
}

function fieldSchema(spec: ParamSpec): z.ZodMiniType<number | boolean> {
  const message = (issue: { input?: unknown }): string =>
    `${spec.name} must be ${describeRange(spec)}, got ${fmt(issue.input)}`;
  const error = { error: message };
  // Numeric strings and "true"/"false" (CLI flags, URL values) are read as values first.
  const coerced = z.transform((v: unknown) => coerce(spec, v));
  if (spec.type === 'boolean') return z.pipe(coerced, z.boolean(error));
  const checks: Array<z.core.$ZodCheck<number>> = [];
  if (spec.type === 'int') checks.push(z.int(error));
  if (spec.min !== undefined) checks.push(spec.exclusiveMin ? z.gt(spec.min, error) : z.gte(spec.min, error));
  if (spec.max !== undefined) checks.push(spec.exclusiveMax ? z.lt(spec.max, error) : z.lte(spec.max, error));
  if (spec.type === 'int' && spec.step !== undefined && spec.step > 1) checks.push(z.multipleOf(spec.step, error));
  return z.pipe(coerced, z.number(error).check(...checks));
}

/** Builds the strict zod/mini object schema (with defaults) for a parameter list. */
export function paramsSchema(specs: readonly ParamSpec[]): z.ZodMiniType<ParamValues> {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const spec of specs) shape[spec.name] = z._default(fieldSchema(spec), spec.default);
  return z.strictObject(shape) as unknown as z.ZodMiniType<ParamValues>;
}

/** What a dataset module provides; `defineDataset` turns it into a registry entry. */
export interface DatasetDefinition<P extends ParamValues, D extends AnyDataset = Dataset> {
  name: string;
  title: string;
  description: string;
  task?: 'classification' | 'regression';
  classes: number | 'param';
  targets?: number;
  params: ParamSpec[];
  /** Cross-parameter checks; return an error message (without the dataset prefix) or undefined. */
  check?(params: P): string | undefined;
  /** Generates from validated parameters; `given`, when the entry takes `randomState`, is the NumPy stream to draw from (advanced in place). */
  build(params: P, given?: RandomState): D;
}

/**
 * Turns a definition into a `DatasetEntry` whose `generate` validates with zod and applies
 * defaults. Errors read `<dataset>: <param> must be <range>, got <value>`.
 */
export function defineDataset<P extends ParamValues, D extends AnyDataset = Dataset>(def: DatasetDefinition<P, D>): DefinedDatasetEntry<D> {
  const schema = paramsSchema(def.params);
  const allowed = def.params.map((p) => p.name).join(', ');
  const parseParams = (params: Record<string, unknown> = {}): ParamValues => {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new DatasetParamError(`${def.name}: parameters must be an object, got ${fmt(params)}`);
    }
    // `undefined` means "use the default", as with optional TS options.
    const defined = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    const result = schema.safeParse(defined);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((k) => `"${k}"`).join(', ');
        const noun = issue.keys.length > 1 ? 'parameters' : 'parameter';
        throw new DatasetParamError(
          `${def.name}: unknown ${noun} ${keys}; allowed: ${allowed || '(none)'}`,
        );
      }
      throw new DatasetParamError(`${def.name}: ${issue.message}`);
    }
    const problem = def.check?.(result.data as P);
    if (problem !== undefined) throw new DatasetParamError(`${def.name}: ${problem}`);
    return result.data;
  };
  return {
    name: def.name,
    title: def.title,
    description: def.description,
    ...(def.task ? { task: def.task } : {}),
    classes: def.classes,
    ...(def.targets !== undefined ? { targets: def.targets } : {}),
    params: def.params,
    schema,
    parseParams,
    generate: (params) => def.build(parseParams(params) as P),
    ...(def.params.some((p) => p.name === 'randomState') ? { generateFrom: (params: Record<string, unknown>, state: RandomState) => def.build(parseParams(params) as P, state) } : {}),
  };
}

/** Shared spec for the `seed` parameter every generator takes. */
export const seedParam: ParamSpec = {
  name: 'seed',
  type: 'int',
  default: 0,
  min: 0,
  description: 'Random seed; the same seed gives identical data.',
};

/**
 * Shared spec for `randomState`, scikit-learn's `random_state`: an integer in [0, 2³² − 1] makes
 * the generator draw from NumPy's legacy `RandomState(randomState)` and follow scikit-learn 1.2's
 * (or the tutorial's NumPy) code call for call, so the data equals theirs; it replaces `seed`.
 * The default −1 means "not set" (the generator uses `seed`).
 */
export const randomStateParam: ParamSpec = {
  name: 'randomState',
  type: 'int',
  default: -1,
  min: -1,
  max: 4294967295,
  description:
    "NumPy RandomState seed, as scikit-learn's random_state (0 to 2^32-1): the data then equals scikit-learn 1.2 / NumPy's exactly, and seed is ignored. -1: not set, use seed.",
};

/** Shared spec for `samples` (total number of rows). */
export function samplesParam(defaultValue: number, description = 'Total number of points.'): ParamSpec {
  return { name: 'samples', type: 'int', default: defaultValue, min: 0, exclusiveMin: true, description };
}

export function noiseParam(defaultValue: number, description: string): ParamSpec {
  return { name: 'noise', type: 'float', default: defaultValue, min: 0, description };
}
