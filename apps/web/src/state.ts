/**
 * The playground's whole setup as one plain object, its limits, and its URL encoding, so that a
 * link (or a reload) reproduces the setup exactly. Pure: no DOM, unit-tested in test/state.test.ts.
 *
 * One source of truth: the controls and the URL parser validate every value with the same
 * functions (`checkNumber`, `checkLayers`, `checkDatasetParam`), and dataset parameters with the
 * @mlpkit/datasets registry's own schema (`paramsSchema`, `parseParams`) plus the playground's
 * ranges (`paramRange`: the control's range, e.g. the slider's). Invalid values are reset to their
 * defaults (never clamped), and every problem becomes one line of one combined notice.
 */
import { paramsSchema, type DatasetEntry, type ParamSpec } from '@mlpkit/datasets';
import { mlpLoss, mlpOutputLayer } from '@mlpkit/experiments';
import {
  ACTIVATIONS,
  canonicalFeature,
  CLASSIFICATION_LOSSES,
  OPTIMIZERS,
  REGRESSION_LOSSES,
  type Activation,
  type LossName,
  type OptimizerName,
} from '@mlpkit/models';
import { modelProblem } from './spec.js';

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

/** The problem: classes (a decision boundary) or a numeric target (a prediction surface). */
export type Task = 'classification' | 'regression';
export const TASKS: readonly Task[] = ['classification', 'regression'];

/** The losses the playground offers for classification: the classification losses of @mlpkit/models. */
export const PLAYGROUND_LOSSES: readonly LossName[] = CLASSIFICATION_LOSSES;

/** The losses of a task (@mlpkit/models' CLASSIFICATION_LOSSES or REGRESSION_LOSSES). */
export function lossesFor(task: Task): readonly LossName[] {
  return task === 'regression' ? REGRESSION_LOSSES : CLASSIFICATION_LOSSES;
}

/** The dataset a task starts from when the current one belongs to the other task. */
export const DEFAULT_DATASET: Readonly<Record<Task, string>> = Object.freeze({ classification: 'moons', regression: 'plane' });

/**
 * The input features the playground offers for 2-feature data (TF Playground's, plus the
 * cosines): @mlpkit/models feature expressions over the raw columns x0 and x1, in canonical form.
 */
export const PLAYGROUND_FEATURES: readonly string[] = Object.freeze(['x0', 'x1', 'x0^2', 'x1^2', 'x0*x1', 'sin(x0)', 'sin(x1)', 'cos(x0)', 'cos(x1)']);
/** The raw columns: no feature stage in the spec (exactly the CLI's model). */
export const RAW_FEATURES: readonly string[] = Object.freeze(['x0', 'x1']);

export function isRawFeatures(features: readonly string[]): boolean {
  return features.length === 2 && features[0] === 'x0' && features[1] === 'x1';
}

/** A feature expression as the page shows it: x0² , x0·x1, sin(x0). */
export function featureLabel(expr: string, names: readonly string[] = ['x0', 'x1']): string {
  return expr
    .replace(/x(\d+)/g, (_, k: string) => names[Number(k)] ?? `x${k}`)
    .replace(/\^2/g, '²')
    .replace(/\*/g, '·');
}

/**
 * Checks a feature list (from the checkboxes or a link): canonical @mlpkit/models expressions
 * among PLAYGROUND_FEATURES, at least one, no repeats; returned in PLAYGROUND_FEATURES' order.
 */
export function checkFeatures(text: string): Checked<string[]> {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) return { ok: false, error: 'pick at least one input feature' };
  const chosen = new Set<string>();
  for (const part of parts) {
    let canonical: string;
    try {
      canonical = canonicalFeature(part, 2);
    } catch {
      return { ok: false, error: `"${part.slice(0, 40)}" is not an input feature (${PLAYGROUND_FEATURES.join(', ')})` };
    }
    if (!PLAYGROUND_FEATURES.includes(canonical)) return { ok: false, error: `"${part.slice(0, 40)}" is not one of the playground's input features (${PLAYGROUND_FEATURES.join(', ')})` };
    if (chosen.has(canonical)) return { ok: false, error: `"${part.slice(0, 40)}" is listed twice` };
    chosen.add(canonical);
  }
  return { ok: true, value: PLAYGROUND_FEATURES.filter((f) => chosen.has(f)) };
}

/**
 * How fast a run goes: epochs per second, or as fast as the backend can ('max'). Pacing only
 * waits between epochs, so it never changes the numbers (a run at any speed equals the CLI's).
 */
export type Speed = 'slow' | 'normal' | 'fast' | 'max';
export const SPEEDS: Readonly<Record<Speed, { label: string; epochsPerSecond: number | null }>> = Object.freeze({
  slow: { label: 'Slow · 5 epochs/s', epochsPerSecond: 5 },
  normal: { label: 'Normal · 20 epochs/s', epochsPerSecond: 20 },
  fast: { label: 'Fast · 60 epochs/s', epochsPerSecond: 60 },
  max: { label: 'Max · as fast as it goes', epochsPerSecond: null },
});
export const SPEED_NAMES = Object.keys(SPEEDS) as Speed[];
/** A teacher can watch the boundary form (20 epochs a second); a tutorial experiment loads at 'max'. */
export const DEFAULT_SPEED: Speed = 'normal';

export interface AppState {
  /** Experiment id the setup was loaded from ('' when the user built it by hand). */
  preset: string;
  /** Classification (classes, a decision boundary) or regression (a numeric target, a prediction surface). */
  task: Task;
  /** Registry name of the generated dataset, or 'csv' for an uploaded file. */
  dataset: string;
  datasetParams: Record<string, ParamValue>;
  /**
   * The network's inputs for 2-feature data: feature expressions of PLAYGROUND_FEATURES
   * (RAW_FEATURES: the raw columns, no feature stage). Data with more features takes its columns.
   */
  features: string[];
  /** Data with more than 2 features: the two feature indices the canvas spans (the others held at their training medians). */
  axes: [number, number];
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
  /** Epochs of a run (1..5000), or Infinity: train until paused. */
  epochs: number;
  validation: ValidationMode;
  /**
   * Size of the fresh test sample when `validation` is 'fresh' (null: as many points as the
   * training data). A preset sets its experiment's (xor-gauss: 5,000).
   */
  testSamples: number | null;
  /**
   * Standardize the features (z-scores with the training rows' mean and std, as the CLI does for
   * data files). Applies to an uploaded CSV; generated data is used as drawn.
   */
  standardize: boolean;
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
  /** Pacing of the run (view: it never changes the numbers). */
  speed: Speed;
}

export const DEFAULT_STATE: Readonly<AppState> = Object.freeze({
  preset: '',
  task: 'classification',
  dataset: 'moons',
  datasetParams: {},
  features: RAW_FEATURES as string[],
  axes: [0, 1],
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
  testSamples: null,
  standardize: true,
  stopAtAccuracy: 0,
  // The CLI's default run seed (`mlpkit experiments run <id> --seed 0`), so presets match its table.
  seed: 0,
  backend: 'auto',
  showTest: true,
  discretize: false,
  speed: DEFAULT_SPEED,
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
  | 'holdout'
  | 'testSamples';

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
  testSamples: { key: 'testSamples', label: 'Test points', min: 1, max: 100_000, integer: true },
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

/** Largest data seed a control takes (NumPy's RandomState range, so both seeds agree). */
export const MAX_DATA_SEED = 2 ** 32 - 1;

/** The task of a registry dataset. */
export function taskOf(entry: Pick<DatasetEntry, 'task' | 'classes'>): Task {
  return entry.task === 'regression' || entry.classes === 0 ? 'regression' : 'classification';
}

/** The datasets the playground offers for a task: the registry's datasets of that task. */
export function playgroundDatasets(all: readonly DatasetEntry[], task: Task = 'classification'): DatasetEntry[] {
  return all.filter((d) => taskOf(d) === task);
}

/** The range a dataset parameter's control offers, and how it is shown. */
export interface ParamRange {
  min: number;
  max: number;
  step: number | 'any';
  /** A slider (bounded, or a soft bound the playground picks) rather than a number field. */
  slider: boolean;
}

/**
 * The range of a numeric dataset parameter in the playground: the registry's range, capped
 * where the registry has no upper bound (samples ≤ 100,000; seeds ≤ 2^32 − 1; other unbounded
 * values: the slider's end, max(1, 4 × default), or max(10, 4 × default) for integers). A link
 * is checked against the same range, so it can never ask for what the control cannot show
 * (e.g. noise = 1e308, which leaves no finite point to draw).
 */
export function paramRange(spec: ParamSpec): ParamRange | null {
  if (spec.type === 'boolean') return null;
  const cap = WEB_PARAM_LIMITS[spec.name];
  const isSeed = spec.name === 'seed' || spec.name === 'randomState';
  const intStep = spec.type === 'int' ? 1 : 'any';
  if (cap || isSeed || (spec.type === 'int' && spec.min !== undefined && spec.max !== undefined && spec.max - spec.min > 200)) {
    const min = (spec.min ?? 0) + (spec.exclusiveMin ? (spec.type === 'int' ? 1 : Number.EPSILON) : 0);
    const max = Math.min(cap?.max ?? Infinity, spec.max ?? (isSeed ? MAX_DATA_SEED : Infinity));
    return { min, max, step: spec.step ?? intStep, slider: false };
  }
  const def = spec.default as number;
  const end = spec.max ?? (spec.name === 'noise' || spec.type === 'float' ? Math.max(1, def * 4) : Math.max(10, def * 4));
  const step = spec.step ?? (spec.type === 'int' ? 1 : end - (spec.min ?? 0) <= 1.5 ? 0.01 : 0.05);
  // An exclusive bound is not a valid value: the slider stops one step inside it.
  const min = round((spec.min ?? 0) + (spec.exclusiveMin ? step : 0));
  const max = round(end - (spec.max !== undefined && spec.exclusiveMax ? step : 0));
  return { min, max, step, slider: true };
}

/** Drops float noise from a sum of steps (0.1 + 0.2 → 0.3). */
function round(v: number): number {
  return Number(v.toPrecision(12));
}

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
    features: [...state.features],
    axes: [state.axes[0], state.axes[1]],
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

/** "inf", "∞" or "Infinity": an open-ended run (epochs until paused). */
const OPEN_ENDED = /^(inf|infinity|∞)$/i;

/** Epochs: an integer in 1..5000, or "inf" (train until paused). */
export function checkEpochs(raw: string): Checked<number> {
  if (OPEN_ENDED.test(raw.trim())) return { ok: true, value: Infinity };
  const checked = checkNumber(NUMBER_FIELDS.epochs, raw);
  return checked.ok ? checked : { ok: false, error: `${checked.error}, or inf (until paused)` };
}

/** Epochs as the URL writes them: the number, or "inf". */
export function formatEpochs(epochs: number): string {
  return Number.isFinite(epochs) ? String(epochs) : 'inf';
}

/** Validates the text of a numeric field (from a control or a URL). */
export function checkNumber(field: NumberField, raw: string): Checked<number> {
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || (field.integer && !Number.isInteger(value)) || value < field.min || value > field.max) {
    return { ok: false, error: `${field.label} must be ${describeField(field)}` };
  }
  return { ok: true, value: value + 0 };
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
  // -0 is 0 (a link may say "-0"; the state must round-trip through its own link).
  const value = (typeof parsed.data[spec.name] === 'number' ? (parsed.data[spec.name] as number) + 0 : parsed.data[spec.name]) as ParamValue;
  const cap = WEB_PARAM_LIMITS[spec.name];
  if (cap && typeof value === 'number' && value > cap.max) {
    return { ok: false, error: `${spec.name} must be at most ${cap.max.toLocaleString('en-US')} (${cap.why}), got ${String(raw)}` };
  }
  const range = paramRange(spec);
  if (range && typeof value === 'number' && (value < range.min || value > range.max)) {
    return { ok: false, error: `${spec.name} must be in ${formatNumber(range.min)}..${formatNumber(range.max)} here (the control's range), got ${String(raw)}` };
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
  if (state.task !== 'classification') q.set('task', state.task);
  q.set('dataset', state.dataset);
  for (const [name, value] of Object.entries(state.datasetParams)) q.set(`ds.${name}`, String(value));
  if (!isRawFeatures(state.features)) q.set('features', state.features.join(','));
  if (state.axes[0] !== 0 || state.axes[1] !== 1) q.set('axes', `${state.axes[0]},${state.axes[1]}`);
  q.set('layers', formatLayers(state.layers));
  if (state.output) q.set('out', formatLayers([state.output]));
  if (state.loss !== 'auto') q.set('loss', state.loss);
  q.set('opt', state.optimizer);
  q.set('lr', formatNumber(state.learningRate));
  if (state.optimizer === 'sgd') {
    if (state.momentum) q.set('momentum', formatNumber(state.momentum));
    if (state.decay) q.set('decay', formatNumber(state.decay));
  }
  if (state.regularization !== 'none') q.set('reg', state.regularization);
  // The rate is kept (and written) even while regularization is off, so switching it back on restores it.
  if (state.regularization !== 'none' || state.regularizationRate !== DEFAULT_STATE.regularizationRate) {
    q.set('regRate', formatNumber(state.regularizationRate));
  }
  q.set('batch', String(state.batchSize));
  q.set('epochs', formatEpochs(state.epochs));
  q.set('val', state.validation === 'fresh' ? 'fresh' : formatNumber(state.validation));
  if (state.testSamples !== null) q.set('testSamples', String(state.testSamples));
  if (!state.standardize) q.set('std', 'false');
  if (state.stopAtAccuracy) q.set('stop', formatNumber(state.stopAtAccuracy));
  q.set('seed', String(state.seed));
  q.set('backend', state.backend);
  if (!state.showTest) q.set('showTest', 'false');
  if (state.discretize) q.set('discretize', 'true');
  // A preset link without a speed runs at 'max' (stateFromLink); any other link at DEFAULT_SPEED.
  if (state.speed !== (state.preset ? 'max' : DEFAULT_SPEED)) q.set('speed', state.speed);
  return q.toString();
}

export interface ParsedState {
  state: AppState;
  /**
   * One line per value the link asked for but did not get: an invalid value (reset to its
   * default, never clamped), an unknown key or a setting that does not apply (ignored).
   */
  warnings: string[];
  /** What the link did that the user should know but that is not a problem (e.g. a preset with changes). */
  notes: string[];
  /** Keys the query set (so a preset link can tell which settings it overrides). */
  keys: Set<string>;
}

/** Keys stateFromQuery understands (besides ds.<param>). */
export const URL_KEYS: readonly string[] = [
  'task',
  'features',
  'axes',
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
  'testSamples',
  'std',
  'stop',
  'seed',
  'backend',
  'showTest',
  'discretize',
  'speed',
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
  const all = datasets;
  const taskText = q.get('task');
  const datasetText = q.get('dataset');
  const named = datasetText !== null ? all.find((d) => d.name === datasetText) : undefined;
  if (taskText !== null) {
    if ((TASKS as readonly string[]).includes(taskText)) state.task = taskText as Task;
    else warnings.push(`task=${shown(taskText)} is not a task (${TASKS.join(', ')}); using ${state.task}`);
  } else if (named) {
    // A dataset names its task: ?dataset=plane is a regression link.
    state.task = taskOf(named);
  }
  if (state.task !== base.task && datasetText === null && state.dataset !== 'csv') {
    // Another task than the base's: start from its default dataset.
    state.dataset = DEFAULT_DATASET[state.task];
  }
  datasets = playgroundDatasets(all, state.task);
  if (state.dataset !== 'csv' && !datasets.some((d) => d.name === state.dataset)) state.dataset = DEFAULT_DATASET[state.task];

  for (const key of keys) {
    if (!key.startsWith('ds.') && !URL_KEYS.includes(key)) warnings.push(`unknown parameter "${shown(key)}" ignored`);
  }

  state.preset = q.get('preset') ?? '';

  const datasetName = q.get('dataset');
  if (datasetName !== null) {
    if (datasetName === 'csv' || datasets.some((d) => d.name === datasetName)) state.dataset = datasetName;
    else if (named) {
      warnings.push(`dataset=${shown(datasetName)} is a ${taskOf(named)} dataset, not ${state.task} (${datasets.map((d) => d.name).join(', ')}); using ${state.dataset}`);
    } else {
      // Every dataset the page has, of both problem types (and the uploaded CSV), not only this task's.
      const list = TASKS.map((t) => `${t}: ${playgroundDatasets(all, t).map((d) => d.name).join(', ')}`).join('; ');
      warnings.push(`dataset=${shown(datasetName)} is not a dataset (${list}; or csv, your upload); using ${state.dataset}`);
    }
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

  const featuresText = q.get('features');
  if (featuresText !== null) {
    const checked = checkFeatures(featuresText);
    if (checked.ok) state.features = checked.value;
    else warnings.push(`features=${shown(featuresText)}: ${checked.error}; using ${state.features.join(',')}`);
  }
  const axesText = q.get('axes');
  if (axesText !== null) {
    const m = /^(\d{1,3}),(\d{1,3})$/.exec(axesText.trim());
    if (m && m[1] !== m[2]) state.axes = [Number(m[1]), Number(m[2])];
    else warnings.push(`axes=${shown(axesText)} is not two different feature indices (e.g. 0,2); using ${state.axes.join(',')}`);
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
    const losses = lossesFor(state.task);
    if (loss === 'auto' || (losses as readonly string[]).includes(loss)) state.loss = loss as LossName | 'auto';
    else warnings.push(`loss=${shown(loss)} is not a ${state.task} loss (${losses.join(', ')}); using the one that fits the output layer`);
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
  const readFlag = (key: string, fallback: boolean): boolean => {
    const raw = q.get(key);
    if (raw === null) return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    warnings.push(`${key}=${shown(raw)} is not true or false; using ${String(fallback)}`);
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
  const epochsText = q.get('epochs');
  if (epochsText !== null) {
    const checked = checkEpochs(epochsText);
    if (checked.ok) state.epochs = checked.value;
    else warnings.push(`epochs=${shown(epochsText)}: epochs must be ${describeField(NUMBER_FIELDS.epochs)}, or inf (until paused); using ${formatEpochs(state.epochs)}`);
  }
  const val = q.get('val');
  if (val !== null) {
    const checked = checkValidation(val);
    if (checked.ok) state.validation = checked.value;
    else warnings.push(`val=${shown(val)}: ${checked.error.charAt(0).toLowerCase()}${checked.error.slice(1)}; using ${String(state.validation)}`);
  }
  const testText = q.get('testSamples');
  if (testText !== null) {
    const checked = checkNumber(NUMBER_FIELDS.testSamples, testText);
    if (checked.ok) state.testSamples = checked.value;
    else warnings.push(`testSamples=${shown(testText)}: test points must be ${describeField(NUMBER_FIELDS.testSamples)}; using ${state.testSamples ?? 'as many as the training points'}`);
  }
  state.standardize = readFlag('std', state.standardize);
  state.stopAtAccuracy = readNumber('stopAtAccuracy', state.stopAtAccuracy);
  state.seed = readNumber('seed', state.seed);

  const backend = q.get('backend');
  if (backend !== null) {
    if (BACKEND_NAME.test(backend)) state.backend = backend;
    else warnings.push(`backend=${shown(backend)} is not a backend name; using ${state.backend}`);
  }
  state.showTest = readFlag('showTest', state.showTest);
  state.discretize = readFlag('discretize', state.discretize);
  // A tutorial experiment's link runs at full speed unless it says otherwise (see stateToQuery).
  if (state.preset && !keys.has('speed')) state.speed = 'max';
  const speed = q.get('speed');
  if (speed !== null) {
    if ((SPEED_NAMES as readonly string[]).includes(speed)) state.speed = speed as Speed;
    else warnings.push(`speed=${shown(speed)} is not a speed (${SPEED_NAMES.join(', ')}); using ${state.speed}`);
  }
  // The output layer and the loss must fit the classes; known here for a generated dataset (an
  // uploaded CSV is checked when it is read, by the same function).
  if (entry) {
    const classes = entry.classes === 'param' ? Number(state.datasetParams.classes ?? 2) : entry.classes;
    warnings.push(...fitModelToClasses(state, classes, keys));
  }
  return { state, warnings, notes: [], keys };
}

/**
 * Makes the output layer and the loss fit `classes`: an explicit output layer that cannot
 * represent them goes back to the automatic one (1 sigmoid unit for two classes, K softmax units
 * for K), then a loss that does not fit the output layer goes back to 'auto'. Returns one notice
 * line per reset, naming the link key when `keys` has it (else the control).
 */
export function fitModelToClasses(state: AppState, classes: number, keys: ReadonlySet<string> = new Set()): string[] {
  const lines: string[] = [];
  const regression = state.task === 'regression';
  const auto: LayerState = regression ? { units: 1, activation: 'linear' } : mlpOutputLayer(classes);
  if (state.output) {
    const problem = modelProblem({ ...state, loss: 'auto' }, classes);
    if (problem) {
      const what = keys.has('out') ? `out=${formatLayers([state.output])}` : `The output layer ${formatLayers([state.output])}`;
      lines.push(`${what} does not fit ${regression ? 'a regression target' : `${classes} classes`} (${problem}); using ${auto.units} ${auto.activation}`);
      state.output = null;
    }
  }
  if (state.loss !== 'auto') {
    const problem = modelProblem(state, classes);
    if (problem) {
      const output = state.output ?? auto;
      const what = keys.has('loss') ? `loss=${state.loss}` : `The loss ${state.loss}`;
      lines.push(`${what} does not fit the output layer (${problem}); using ${regression ? 'meanSquaredError' : mlpLoss(output)}`);
      state.loss = 'auto';
    }
  }
  return lines;
}

/** A problem type's data setup, remembered when the user switches to the other type. */
export interface TaskData {
  dataset: string;
  datasetParams: Record<string, ParamValue>;
  axes: [number, number];
}

/**
 * The data a switch to `task` brings back: the dataset, parameters and plotted pair last used for
 * that task (`remembered`), when it is still offered (a CSV only while the stored file reads as
 * this task: `csvFits`); else the task's default dataset with its defaults. Returns copies.
 */
export function dataForTask(task: Task, remembered: TaskData | undefined, datasets: readonly DatasetEntry[], csvFits: boolean): TaskData {
  const offered = (name: string) => (name === 'csv' ? csvFits : playgroundDatasets(datasets, task).some((d) => d.name === name));
  if (remembered && offered(remembered.dataset)) {
    return { dataset: remembered.dataset, datasetParams: { ...remembered.datasetParams }, axes: [remembered.axes[0], remembered.axes[1]] };
  }
  const dataset = DEFAULT_DATASET[task];
  return { dataset, datasetParams: defaultParams(playgroundDatasets(datasets, task).find((d) => d.name === dataset)), axes: [0, 1] };
}
