/**
 * The playground's whole setup as one plain object, and its URL encoding, so that a link (or a
 * reload) reproduces the setup exactly. Pure: no DOM, unit-tested in test/state.test.ts.
 */
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

export type ValidationMode = number | 'fresh';

/** The choices the UI offers for `validation`. */
export const VALIDATION_CHOICES: readonly ValidationMode[] = [0, 0.1, 0.2, 0.3, 0.5, 'fresh'];

/** The subset of a dataset parameter schema the URL codec needs (datasets' ParamSpec fits). */
export interface ParamSchema {
  name: string;
  type: 'int' | 'float' | 'boolean';
  default: ParamValue;
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
}

export interface DatasetSchema {
  name: string;
  params: readonly ParamSchema[];
}

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
  batchSize: number;
  epochs: number;
  /**
   * Validation data: a fraction of the rows held out (0 trains and reports on all rows), or
   * 'fresh' for a new draw of the same generator (the tutorials' separate test sets).
   */
  validation: ValidationMode;
  /** Stop when training accuracy reaches this (0 = never); the XOR presets use 1. */
  stopAtAccuracy: number;
  /** Seed of the weight init, the shuffles and the train/validation split. */
  seed: number;
  backend: string;
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
  batchSize: 32,
  epochs: 100,
  validation: 0.2,
  stopAtAccuracy: 0,
  seed: 1,
  backend: 'fused',
}) as Readonly<AppState>;

export const LIMITS = {
  units: { min: 1, max: 256 },
  layers: { max: 8 },
  learningRate: { min: 1e-5, max: 10 },
  batchSize: { min: 1, max: 4096 },
  epochs: { min: 1, max: 5000 },
  validation: { min: 0, max: 0.5 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

/** Default values of every parameter of a dataset schema. */
export function defaultParams(schema: DatasetSchema | undefined): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const p of schema?.params ?? []) params[p.name] = p.default;
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

/** "4:tanh,2:tanh" — compact and readable in a URL. */
export function formatLayers(layers: readonly LayerState[]): string {
  return layers.map((l) => `${l.units}:${l.activation}`).join(',');
}

function parseLayer(text: string): LayerState | string {
  const match = /^(\d+):([a-z]+)$/.exec(text.trim());
  if (!match) return `layer "${text}" is not units:activation (e.g. 4:tanh)`;
  const units = Number(match[1]);
  const activation = match[2] as Activation;
  if (!(ACTIVATIONS as readonly string[]).includes(activation)) {
    return `layer "${text}": activation must be one of ${ACTIVATIONS.join(', ')}`;
  }
  if (units < LIMITS.units.min || units > LIMITS.units.max) {
    return `layer "${text}": units must be in ${LIMITS.units.min}..${LIMITS.units.max}`;
  }
  return { units, activation };
}

export function parseLayers(text: string): { layers: LayerState[]; errors: string[] } {
  const layers: LayerState[] = [];
  const errors: string[] = [];
  if (text.trim() === '') return { layers, errors };
  for (const part of text.split(',')) {
    const parsed = parseLayer(part);
    if (typeof parsed === 'string') errors.push(parsed);
    else layers.push(parsed);
  }
  if (layers.length > LIMITS.layers.max) {
    errors.push(`at most ${LIMITS.layers.max} hidden layers`);
    layers.length = LIMITS.layers.max;
  }
  return { layers, errors };
}

/** Shortest decimal text that parses back to the same number. */
function num(value: number): string {
  return String(value);
}

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
  q.set('lr', num(state.learningRate));
  if (state.optimizer === 'sgd') {
    if (state.momentum) q.set('momentum', num(state.momentum));
    if (state.decay) q.set('decay', num(state.decay));
  }
  q.set('batch', String(state.batchSize));
  q.set('epochs', String(state.epochs));
  q.set('val', state.validation === 'fresh' ? 'fresh' : num(state.validation));
  if (state.stopAtAccuracy) q.set('stop', num(state.stopAtAccuracy));
  q.set('seed', String(state.seed));
  q.set('backend', state.backend);
  return q.toString();
}

export interface ParsedState {
  state: AppState;
  /** What was wrong in the URL and replaced by a default, for the error banner. */
  warnings: string[];
}

function readNumber(
  q: URLSearchParams,
  key: string,
  fallback: number,
  range: { min: number; max: number },
  warnings: string[],
  integer = false,
): number {
  const raw = q.get(key);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    warnings.push(`${key}=${raw} is not ${integer ? 'an integer' : 'a number'}; using ${fallback}`);
    return fallback;
  }
  if (value < range.min || value > range.max) {
    const clamped = Math.min(range.max, Math.max(range.min, value));
    const allowed =
      range.max === Infinity ? `must be ≥ ${range.min}` : range.min === -Infinity ? `must be ≤ ${range.max}` : `is outside ${range.min}..${range.max}`;
    warnings.push(`${key}=${raw} ${allowed}; using ${clamped}`);
    return clamped;
  }
  return value;
}

function readParam(q: URLSearchParams, spec: ParamSchema, warnings: string[]): ParamValue {
  const key = `ds.${spec.name}`;
  const raw = q.get(key);
  if (raw === null) return spec.default;
  if (spec.type === 'boolean') {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    warnings.push(`${key}=${raw} is not true or false; using ${String(spec.default)}`);
    return spec.default;
  }
  const value = readNumber(
    q,
    key,
    spec.default as number,
    { min: spec.min ?? -Infinity, max: spec.max ?? Infinity },
    warnings,
    spec.type === 'int',
  );
  if ((spec.exclusiveMin && value === spec.min) || (spec.exclusiveMax && value === spec.max)) {
    warnings.push(`${key}=${raw} is outside the allowed range; using ${String(spec.default)}`);
    return spec.default;
  }
  return value;
}

/**
 * Reads a state from a URL query. Anything missing takes its default; anything invalid takes its
 * default too and is reported in `warnings`, so a hand-edited link never breaks the page.
 */
export function stateFromQuery(
  search: string,
  datasets: readonly DatasetSchema[],
  base: Readonly<AppState> = DEFAULT_STATE,
): ParsedState {
  const q = new URLSearchParams(search);
  const warnings: string[] = [];
  const state = cloneState(base);

  state.preset = q.get('preset') ?? '';

  const datasetName = q.get('dataset');
  if (datasetName !== null) {
    if (datasetName === 'csv' || datasets.some((d) => d.name === datasetName)) state.dataset = datasetName;
    else warnings.push(`unknown dataset "${datasetName}"; using ${state.dataset}`);
  }
  const schema = datasets.find((d) => d.name === state.dataset);
  if (schema) {
    state.datasetParams = {};
    for (const p of schema.params) state.datasetParams[p.name] = readParam(q, p, warnings);
  }

  const layersText = q.get('layers');
  if (layersText !== null) {
    const { layers, errors } = parseLayers(layersText);
    warnings.push(...errors);
    if (errors.length === 0) state.layers = layers;
  }
  const outText = q.get('out');
  if (outText !== null) {
    const { layers, errors } = parseLayers(outText);
    if (errors.length > 0 || layers.length !== 1) warnings.push(`out=${outText} is not one units:activation layer`);
    else state.output = layers[0]!;
  }
  const loss = q.get('loss');
  if (loss !== null) {
    if ((LOSSES as readonly string[]).includes(loss)) state.loss = loss as LossName;
    else warnings.push(`unknown loss "${loss}"; using the default for the output layer`);
  }
  const optimizer = q.get('opt');
  if (optimizer !== null) {
    if ((OPTIMIZERS as readonly string[]).includes(optimizer)) state.optimizer = optimizer as OptimizerName;
    else warnings.push(`unknown optimizer "${optimizer}"; using ${state.optimizer}`);
  }
  state.learningRate = readNumber(q, 'lr', state.learningRate, LIMITS.learningRate, warnings);
  state.momentum = readNumber(q, 'momentum', state.optimizer === 'sgd' ? state.momentum : 0, { min: 0, max: 0.999 }, warnings);
  state.decay = readNumber(q, 'decay', state.optimizer === 'sgd' ? state.decay : 0, { min: 0, max: 10 }, warnings);
  state.batchSize = readNumber(q, 'batch', state.batchSize, LIMITS.batchSize, warnings, true);
  state.epochs = readNumber(q, 'epochs', state.epochs, LIMITS.epochs, warnings, true);
  if (q.get('val') === 'fresh') state.validation = 'fresh';
  else {
    const fallback = state.validation === 'fresh' ? 0.2 : state.validation;
    state.validation = readNumber(q, 'val', fallback, LIMITS.validation, warnings);
  }
  state.stopAtAccuracy = readNumber(q, 'stop', state.stopAtAccuracy, { min: 0, max: 1 }, warnings);
  state.seed = readNumber(q, 'seed', state.seed, LIMITS.seed, warnings, true);
  const backend = q.get('backend');
  if (backend !== null && backend.trim() !== '') state.backend = backend;
  return { state, warnings };
}
