/**
 * The playground's whole setup as one plain object, its limits, and its URL encoding, so that a
 * link (or a reload) reproduces the setup exactly. Pure: no DOM, unit-tested in test/state.test.ts.
 *
 * One source of truth: the controls and the URL parser validate every value with the same
 * functions (`checkNumber`, `checkLayers`, `checkDatasetParam`), and dataset parameters with the
 * @mlpkit/datasets registry's own schema (`paramsSchema`, `parseParams`) plus the playground's
 * size caps (`WEB_PARAM_LIMITS`). Invalid values are reset to their defaults (never clamped), and
 * every problem becomes one line of one combined notice.
 */
import { paramsSchema, type DatasetEntry, type ParamSpec } from '@mlpkit/datasets';
import {
  ACTIVATIONS,
  LOSSES,
  OPTIMIZERS,
  type Activation,
  type LossName,
  type OptimizerName,
} from '@mlpkit/models';

export interface LayerState {
  units: number;
  activation: Activation;
}

export type ParamValue = number | boolean;

/**
 * Where the model is evaluated: 0 = on the training rows themselves, a fraction in
 * [0.1, 0.9] = that share of the rows held out, 'fresh' = a new draw of the same generator.
 */
export type ValidationMode = number | 'fresh';

export type Regularization = 'none' | 'l1' | 'l2';
export const REGULARIZATIONS: readonly Regularization[] = ['none', 'l1', 'l2'];

export interface AppState {
  /** Experiment id the setup was loaded from ('' when the user built it by hand). */
  preset: string;
  /** Registry name of the generated dataset, or 'csv' for an uploaded file. */
  dataset: string;
  datasetParams: Record<string, ParamValue>;
  /** Hidden Dense layers, in order. */
  layers: LayerState[];
  /** Output layer; null derives it from the classes (1 sigmoid for 2 classes, K softmax for K). */
  output: LayerState | null;
  /** 'auto' derives it from the output layer. */
  loss: LossName | 'auto';
  optimizer: OptimizerName;
  learningRate: number;
  /** sgd only. */
  momentum: number;
  /** sgd only: Keras legacy inverse-time decay per step. */
  decay: number;
  /** Kernel regulariser of every Dense layer (Keras `kernel_regularizer`), and its rate. */
  regularization: Regularization;
  regularizationRate: number;
  batchSize: number;
  epochs: number;
  validation: ValidationMode;
  /** Stop when training accuracy reaches this (0 = never); the XOR presets use 1. */
  stopAtAccuracy: number;
  /** Seed of the weight init, the shuffles and the split; for a preset also the data (as the CLI's --seed). */
  seed: number;
  /** A backend name of @mlpkit/train's registry, or 'auto' (the registry's pick). */
  backend: string;
  /** View: draw the held-out / test points. */
  showTest: boolean;
  /** View: paint only the predicted class, without the probability shading. */
  discretize: boolean;
}

export const DEFAULT_STATE: Readonly<AppState> = Object.freeze({
  preset: '',
  dataset: 'moons',
  datasetParams: {},
  layers: [
    { units: 4, activation: 'tanh' },
    { units: 2, activation: 'tanh' },
  ],
  output: null,
  loss: 'auto',
  optimizer: 'adam',
  learningRate: 0.01,
  momentum: 0,
  decay: 0,
  regularization: 'none',
  regularizationRate: 0.001,
  batchSize: 32,
  epochs: 100,
  validation: 0.2,
  stopAtAccuracy: 0,
  // The CLI's default run seed (`mlpkit experiments run <id> --seed 0`), so presets match its table.
  seed: 0,
  backend: 'auto',
  showTest: true,
  discretize: false,
}) as Readonly<AppState>;

/** A numeric setting: its URL key, its label in the page and its allowed range. */
export interface NumberField {
  key: string;
  label: string;
  min: number;
  max: number;
  integer: boolean;
}

export type NumberFieldName =
  | 'learningRate'
  | 'momentum'
  | 'decay'
  | 'regularizationRate'
  | 'batchSize'
  | 'epochs'
  | 'stopAtAccuracy'
  | 'seed'
  | 'holdout';

export const NUMBER_FIELDS: Readonly<Record<NumberFieldName, NumberField>> = Object.freeze({
  learningRate: { key: 'lr', label: 'Learning rate', min: 1e-5, max: 10, integer: false },
  momentum: { key: 'momentum', label: 'Momentum', min: 0, max: 0.999, integer: false },
  decay: { key: 'decay', label: 'Decay', min: 0, max: 10, integer: false },
  regularizationRate: { key: 'regRate', label: 'Regularization rate', min: 0, max: 10, integer: false },
  batchSize: { key: 'batch', label: 'Batch size', min: 1, max: 4096, integer: true },
  epochs: { key: 'epochs', label: 'Epochs', min: 1, max: 5000, integer: true },
  stopAtAccuracy: { key: 'stop', label: 'Stop at accuracy', min: 0, max: 1, integer: false },
  seed: { key: 'seed', label: 'Seed', min: 0, max: 2 ** 31 - 1, integer: true },
  // The held-out share when validating on a hold-out (the 10–90 % slider; 0 and 'fresh' are the other modes).
  holdout: { key: 'val', label: 'Held-out share', min: 0.1, max: 0.9, integer: false },
});

export const LIMITS = {
  units: { min: 1, max: 256 },
  layers: { max: 8 },
} as const;

/**
 * The playground's caps on dataset parameters, on top of the registry's own ranges: everything
 * is generated and trained in the browser tab, so the number of rows is bounded.
 */
export const WEB_PARAM_LIMITS: Readonly<Record<string, { max: number; why: string }>> = Object.freeze({
  samples: { max: 100_000, why: 'the playground generates and trains in your browser' },
});

/** Default values of every parameter of a dataset schema. */
export function defaultParams(entry: Pick<DatasetEntry, 'params'> | undefined): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const p of entry?.params ?? []) params[p.name] = p.default;
  return params;
}

export function cloneState(state: Readonly<AppState>): AppState {
  return {
    ...state,
    datasetParams: { ...state.datasetParams },
    layers: state.layers.map((l) => ({ ...l })),
    output: state.output ? { ...state.output } : null,
  };
}

// ------------------------------------------------------------------ value checks (shared)

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

function formatNumber(value: number): string {
  return String(value);
}

/** The allowed values of a field in words: "an integer in 1..5000", "a number in 0.00001..10". */
export function describeField(field: NumberField): string {
  return `${field.integer ? 'an integer' : 'a number'} in ${formatNumber(field.min)}..${formatNumber(field.max)}`;
}

/** Validates the text of a numeric field (from a control or a URL). */
export function checkNumber(field: NumberField, raw: string): Checked<number> {
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || (field.integer && !Number.isInteger(value)) || value < field.min || value > field.max) {
    return { ok: false, error: `${field.label} must be ${describeField(field)}` };
  }
  return { ok: true, value };
}

/** The validation setting: 0, 'fresh', or a held-out share in 0.1..0.9. */
export function checkValidation(raw: string): Checked<ValidationMode> {
  const text = raw.trim();
  if (text === 'fresh') return { ok: true, value: 'fresh' };
  if (text !== '' && Number(text) === 0) return { ok: true, value: 0 };
  const held = checkNumber(NUMBER_FIELDS.holdout, text);
  if (!held.ok) return { ok: false, error: 'Validation must be 0 (the training data), "fresh" (a new sample) or a held-out share in 0.1..0.9' };
  return held;
}

function parseLayer(text: string): LayerState | string {
  const match = /^(\d+):([a-z]+)$/.exec(text.trim());
  if (!match) return `"${text}" is not units:activation (e.g. 4:tanh)`;
  const units = Number(match[1]);
  const activation = match[2] as Activation;
  if (!(ACTIVATIONS as readonly string[]).includes(activation)) {
    return `"${text}": the activation must be one of ${ACTIVATIONS.join(', ')}`;
  }
  if (units < LIMITS.units.min || units > LIMITS.units.max) {
    return `"${text}": units must be in ${LIMITS.units.min}..${LIMITS.units.max}`;
  }
  return { units, activation };
}

/**
 * Parses "4:tanh,2:tanh". Problems come back as one message (the first problem and how many more),
 * so a long bad list never floods the notice.
 */
export function checkLayers(text: string, o: { max?: number } = {}): Checked<LayerState[]> {
  const max = o.max ?? LIMITS.layers.max;
  if (text.trim() === '') return { ok: true, value: [] };
  const parts = text.split(',');
  const layers: LayerState[] = [];
  const problems: string[] = [];
  for (const part of parts) {
    const parsed = parseLayer(part);
    if (typeof parsed === 'string') problems.push(parsed);
    else layers.push(parsed);
  }
  if (parts.length > max) problems.unshift(`${parts.length} layers; at most ${max} are allowed`);
  if (problems.length === 0) return { ok: true, value: layers };
  const unique = [...new Set(problems)];
  const more = problems.length - 1;
  return { ok: false, error: `${unique[0]}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}` };
}

/** "4:tanh,2:tanh" — compact and readable in a URL. */
export function formatLayers(layers: readonly LayerState[]): string {
  return layers.map((l) => `${l.units}:${l.activation}`).join(',');
}

const singleParamSchemas = new WeakMap<ParamSpec, ReturnType<typeof paramsSchema>>();

/**
 * Validates one dataset parameter with the registry's schema for it (the same zod rules
 * `generate` applies, incl. string coercion), then the playground's cap.
 */
export function checkDatasetParam(spec: ParamSpec, raw: unknown): Checked<ParamValue> {
  let schema = singleParamSchemas.get(spec);
  if (!schema) {
    schema = paramsSchema([spec]);
    singleParamSchemas.set(spec, schema);
  }
  const parsed = schema.safeParse({ [spec.name]: raw });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? `${spec.name} is invalid` };
  const value = parsed.data[spec.name] as ParamValue;
  const cap = WEB_PARAM_LIMITS[spec.name];
  if (cap && typeof value === 'number' && value > cap.max) {
    return { ok: false, error: `${spec.name} must be at most ${cap.max.toLocaleString('en-US')} (${cap.why}), got ${String(raw)}` };
  }
  return { ok: true, value };
}

/**
 * Validates a whole parameter set with the registry (its cross-parameter checks, e.g. spiral's
 * "samples divisible by classes"). Returns the error message without the dataset-name prefix.
 */
export function checkDatasetParams(entry: DatasetEntry, params: Record<string, ParamValue>): string | null {
  if (!entry.parseParams) return null;
  try {
    entry.parseParams(params);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.startsWith(`${entry.name}: `) ? message.slice(entry.name.length + 2) : message;
  }
}

// ------------------------------------------------------------------ URL

/**
 * URL query of a state. Dataset parameters go under `ds.<name>` so they never clash with the
 * training keys (datasets have their own `seed`).
 */
export function stateToQuery(state: Readonly<AppState>): string {
  const q = new URLSearchParams();
  if (state.preset) q.set('preset', state.preset);
  q.set('dataset', state.dataset);
  for (const [name, value] of Object.entries(state.datasetParams)) q.set(`ds.${name}`, String(value));
  q.set('layers', formatLayers(state.layers));
  if (state.output) q.set('out', formatLayers([state.output]));
  if (state.loss !== 'auto') q.set('loss', state.loss);
  q.set('opt', state.optimizer);
  q.set('lr', formatNumber(state.learningRate));
  if (state.optimizer === 'sgd') {
    if (state.momentum) q.set('momentum', formatNumber(state.momentum));
    if (state.decay) q.set('decay', formatNumber(state.decay));
  }
  if (state.regularization !== 'none') {
    q.set('reg', state.regularization);
    q.set('regRate', formatNumber(state.regularizationRate));
  }
  q.set('batch', String(state.batchSize));
  q.set('epochs', String(state.epochs));
  q.set('val', state.validation === 'fresh' ? 'fresh' : formatNumber(state.validation));
  if (state.stopAtAccuracy) q.set('stop', formatNumber(state.stopAtAccuracy));
  q.set('seed', String(state.seed));
  q.set('backend', state.backend);
  if (!state.showTest) q.set('showTest', 'false');
  if (state.discretize) q.set('discretize', 'true');
  return q.toString();
}

export interface ParsedState {
  state: AppState;
  /** One line per invalid or unknown key: what was wrong and the default used instead. */
  warnings: string[];
  /** Keys the query set (so a preset link can tell which settings it overrides). */
  keys: Set<string>;
}

/** Keys stateFromQuery understands (besides ds.<param>). */
export const URL_KEYS: readonly string[] = [
  'preset',
  'dataset',
  'layers',
  'out',
  'loss',
  'opt',
  'lr',
  'momentum',
  'decay',
  'reg',
  'regRate',
  'batch',
  'epochs',
  'val',
  'stop',
  'seed',
  'backend',
  'showTest',
  'discretize',
];

const BACKEND_NAME = /^[a-z][a-z0-9-]{0,39}$/;

function shown(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
}

/**
 * Reads a state from a URL query, before anything is generated. Anything missing takes its
 * default; anything invalid takes its default too (never a clamped extreme) and gets one line in
 * `warnings`, so a hand-edited link never breaks or freezes the page. Backend names are checked
 * for syntax here; whether this browser has that backend is known only once the worker has probed
 * the registry (the page adds that line to the same notice).
 */
export function stateFromQuery(
  search: string,
  datasets: readonly DatasetEntry[],
  base: Readonly<AppState> = DEFAULT_STATE,
): ParsedState {
  const q = new URLSearchParams(search);
  const warnings: string[] = [];
  const keys = new Set(q.keys());
  const state = cloneState(base);

  for (const key of keys) {
    if (!key.startsWith('ds.') && !URL_KEYS.includes(key)) warnings.push(`unknown parameter "${shown(key)}" ignored`);
  }

  state.preset = q.get('preset') ?? '';

  const datasetName = q.get('dataset');
  if (datasetName !== null) {
    if (datasetName === 'csv' || datasets.some((d) => d.name === datasetName)) state.dataset = datasetName;
    else warnings.push(`dataset=${shown(datasetName)} is not a dataset (${datasets.map((d) => d.name).join(', ')}); using ${state.dataset}`);
  }
  const entry = datasets.find((d) => d.name === state.dataset);
  if (entry) {
    // On top of the base's values when the base has this dataset (e.g. a preset's), else the defaults.
    state.datasetParams = state.dataset === base.dataset ? { ...defaultParams(entry), ...base.datasetParams } : defaultParams(entry);
    const given: string[] = [];
    for (const spec of entry.params) {
      const key = `ds.${spec.name}`;
      const raw = q.get(key);
      if (raw === null) continue;
      const checked = checkDatasetParam(spec, raw);
      if (checked.ok) {
        state.datasetParams[spec.name] = checked.value;
        given.push(spec.name);
      } else warnings.push(`${key}=${shown(raw)}: ${checked.error}; using ${String(spec.default)}`);
    }
    for (const key of keys) {
      if (key.startsWith('ds.') && !entry.params.some((p) => `ds.${p.name}` === key)) {
        warnings.push(`${shown(key)} is not a parameter of ${entry.name} (${entry.params.map((p) => p.name).join(', ') || 'none'}); ignored`);
      }
    }
    // Cross-parameter rules of the registry: reset the given values, the link's last first, until they hold.
    const order = [...keys];
    given.sort((x, y) => order.indexOf(`ds.${x}`) - order.indexOf(`ds.${y}`));
    let problem = checkDatasetParams(entry, state.datasetParams);
    while (problem !== null) {
      const name = given.pop();
      const spec = entry.params.find((p) => p.name === name);
      if (!spec) {
        state.datasetParams = defaultParams(entry);
        warnings.push(`dataset parameters: ${problem}; using the defaults`);
        break;
      }
      warnings.push(`ds.${spec.name}=${q.get(`ds.${spec.name}`) ?? ''}: ${problem}; using ${String(spec.default)}`);
      state.datasetParams[spec.name] = spec.default;
      problem = checkDatasetParams(entry, state.datasetParams);
    }
  } else {
    state.datasetParams = {};
    for (const key of keys) if (key.startsWith('ds.')) warnings.push(`${shown(key)} ignored: an uploaded CSV has no generator parameters`);
  }

  const layersText = q.get('layers');
  if (layersText !== null) {
    const layers = checkLayers(layersText);
    if (layers.ok) state.layers = layers.value;
    else warnings.push(`layers=${shown(layersText)}: ${layers.error}; using ${formatLayers(state.layers) || 'none'}`);
  }
  const outText = q.get('out');
  if (outText !== null) {
    const out = checkLayers(outText, { max: 1 });
    if (out.ok && out.value.length === 1) state.output = out.value[0]!;
    else warnings.push(`out=${shown(outText)} is not one units:activation layer; using the output that fits the classes`);
  }
  const loss = q.get('loss');
  if (loss !== null) {
    if ((LOSSES as readonly string[]).includes(loss)) state.loss = loss as LossName;
    else warnings.push(`loss=${shown(loss)} is not a loss (${LOSSES.join(', ')}); using the one that fits the output layer`);
  }
  const optimizer = q.get('opt');
  if (optimizer !== null) {
    if ((OPTIMIZERS as readonly string[]).includes(optimizer)) state.optimizer = optimizer as OptimizerName;
    else warnings.push(`opt=${shown(optimizer)} is not an optimizer (${OPTIMIZERS.join(', ')}); using ${state.optimizer}`);
  }

  const readNumber = (name: NumberFieldName, fallback: number): number => {
    const field = NUMBER_FIELDS[name];
    const raw = q.get(field.key);
    if (raw === null) return fallback;
    const checked = checkNumber(field, raw);
    if (checked.ok) return checked.value;
    warnings.push(`${field.key}=${shown(raw)}: ${field.label.toLowerCase()} must be ${describeField(field)}; using ${formatNumber(fallback)}`);
    return fallback;
  };
  state.learningRate = readNumber('learningRate', state.learningRate);
  const sgd = state.optimizer === 'sgd';
  state.momentum = readNumber('momentum', sgd ? state.momentum : 0);
  state.decay = readNumber('decay', sgd ? state.decay : 0);
  if (!sgd) {
    for (const key of ['momentum', 'decay']) {
      if (q.get(key) !== null && Number(q.get(key)) !== 0) warnings.push(`${key} applies to sgd only; ignored for ${state.optimizer}`);
    }
    state.momentum = 0;
    state.decay = 0;
  }
  const reg = q.get('reg');
  if (reg !== null) {
    if ((REGULARIZATIONS as readonly string[]).includes(reg)) state.regularization = reg as Regularization;
    else warnings.push(`reg=${shown(reg)} is not a regularization (none, l1, l2); using ${state.regularization}`);
  }
  state.regularizationRate = readNumber('regularizationRate', state.regularizationRate);
  state.batchSize = readNumber('batchSize', state.batchSize);
  state.epochs = readNumber('epochs', state.epochs);
  const val = q.get('val');
  if (val !== null) {
    const checked = checkValidation(val);
    if (checked.ok) state.validation = checked.value;
    else warnings.push(`val=${shown(val)}: ${checked.error.charAt(0).toLowerCase()}${checked.error.slice(1)}; using ${String(state.validation)}`);
  }
  state.stopAtAccuracy = readNumber('stopAtAccuracy', state.stopAtAccuracy);
  state.seed = readNumber('seed', state.seed);

  const backend = q.get('backend');
  if (backend !== null) {
    if (BACKEND_NAME.test(backend)) state.backend = backend;
    else warnings.push(`backend=${shown(backend)} is not a backend name; using ${state.backend}`);
  }
  for (const [key, field] of [
    ['showTest', 'showTest'],
    ['discretize', 'discretize'],
  ] as const) {
    const raw = q.get(key);
    if (raw === null) continue;
    if (raw === 'true' || raw === 'false') state[field] = raw === 'true';
    else warnings.push(`${key}=${shown(raw)} is not true or false; using ${String(state[field])}`);
  }
  return { state, warnings, keys };
}
