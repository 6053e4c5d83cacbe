/**
 * Turns the state's dataset choice into what training and plotting need: the rows, the
 * train/evaluation split and the decision-boundary grids. Runs in the data worker (data/worker.ts),
 * never on the page's thread. All the numeric work is @mlpkit/datasets' and @mlpkit/experiments'.
 *
 * A preset (an unchanged experiment of the table) gets exactly the data of
 * `mlpkit experiments run <id> --seed <seed>`: buildExperimentJob makes it, so the rows, the
 * test set's size and seed and the train/validation row ranges are the CLI's.
 */
import {
  bounds,
  classNamesOf,
  concatRows,
  datasetSize,
  fitStandardizer,
  generateDataset,
  grid,
  isRegression,
  trainTestSplit,
  type AnyDataset,
  type Dataset,
  type Grid,
  type StandardizerJSON,
} from '@mlpkit/datasets';
import { buildExperimentJob, scaleWarnings, TEST_SEED_OFFSET, type DatasetInfo } from '@mlpkit/experiments';
import { findExperiment, presetDifferences } from './presets.js';
import type { AppState, Task } from './state.js';

/** Grid resolution of the live boundary; the canvas smooths it when scaling up. */
export const GRID_SIZE = 72;
/** Grid resolution of the per-neuron heatmaps (same bounds). */
export const HEAT_GRID_SIZE = 36;
/** Below this many rows, nothing is held out: the model trains and is evaluated on all of them. */
export const MIN_ROWS_FOR_HOLDOUT = 20;

/**
 * What the network sees: the rows and grid points as the model takes them: every feature column
 * (the drawn rows have only the two plotted ones), standardized when `standardizer` is set.
 */
export interface ModelInputs {
  train: AnyDataset;
  validation: AnyDataset | null;
  /**
   * The boundary grid's points and the heatmap grid's, nx·ny × features, in the model's units:
   * the plotted pair spans the plane, every other feature is held at its training median.
   */
  gridX: Float32Array;
  heatGridX: Float32Array;
}

export interface PreparedData {
  task: Task;
  /** Everything that is plotted (training and evaluation rows), in the data's units; 2 columns: the plotted features. */
  all: AnyDataset;
  /** The training rows as drawn: the two plotted features (all the data has for 2-feature data). */
  train: AnyDataset;
  /** The evaluation rows (held out or a fresh draw) as drawn; null when evaluating on the training rows. */
  validation: AnyDataset | null;
  /** What the report is computed on. */
  evaluatedOn: 'validation' | 'test' | 'train';
  /** The plotted plane: grid points are 2 columns (the plotted features). */
  grid: Grid;
  heatGrid: Grid;
  /** Classes (0 for regression). */
  classes: number;
  classNames: string[];
  /** Regression: the training targets' range (the surface's colour scale), else null. */
  targetRange: [number, number] | null;
  /** The data's feature columns (all of them, in the model's input order). */
  featureNames: string[];
  /** The two plotted features (indices into featureNames) and every feature's value where the plane is taken (NaN for the two). */
  axes: [number, number];
  fixed: number[];
  /** How metrics.json records the data (as buildExperimentJob does for presets). */
  trainInfo: DatasetInfo;
  evaluationInfo?: DatasetInfo;
  /** The experiment whose exact data this is, or null. */
  experiment: string | null;
  /** Something the user should know about the split (e.g. too few rows to hold any out). */
  note: string | null;
  /** The network's inputs (every feature, standardized when `standardizer` is set); the fields above stay in the data's own units for drawing. */
  model: ModelInputs;
  /** Per-feature mean and std of the training rows, when the features are standardized (an uploaded CSV by default). */
  standardizer: StandardizerJSON | null;
  /** Warnings about the data, worded for the page (e.g. features on very different scales without standardization). */
  warnings: string[];
}

/**
 * scaleWarnings of @mlpkit/experiments, worded for the page: the CLI's flag becomes the
 * playground's checkbox.
 */
export function webScaleWarnings(d: AnyDataset, names: readonly string[]): string[] {
  return scaleWarnings(d as Dataset, names).map((w) =>
    w.replace(/: the network may train to chance; standardize them \(--standardize\)$/, ': the network may train to chance. Tick “Standardize features” (under the upload) to put them on a common scale.'),
  );
}

export class DataError extends Error {
  override name = 'DataError';
}

export type ProgressCallback = (stage: string, fraction: number) => void;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function generate(name: string, params: Record<string, unknown>): AnyDataset {
  try {
    return generateDataset(name, params);
  } catch (error) {
    throw new DataError(`Could not generate ${name}: ${messageOf(error).replace(new RegExp(`^${name}: `), '')}`);
  }
}

function infoOf(d: AnyDataset, name: string, params: Record<string, unknown>): DatasetInfo {
  return { name, params, rows: datasetSize(d) };
}

interface Split {
  train: AnyDataset;
  validation: AnyDataset | null;
  evaluatedOn: PreparedData['evaluatedOn'];
  trainInfo: DatasetInfo;
  evaluationInfo?: DatasetInfo;
  experiment: string | null;
  note: string | null;
}

/** The experiment's own job data, when the state is an unchanged preset. */
function presetSplit(state: AppState, progress: ProgressCallback): Split | null {
  if (!state.preset || state.dataset === 'csv') return null;
  const def = findExperiment(state.preset);
  if (!def || presetDifferences(state, def).length > 0) return null;
  progress(`Generating the ${def.id} data`, 0.1);
  const job = buildExperimentJob(def, { seed: state.seed, grid: false });
  return {
    train: job.train,
    validation: job.evaluation ?? null,
    evaluatedOn: job.evaluationKind,
    trainInfo: job.trainInfo,
    ...(job.evaluationInfo ? { evaluationInfo: job.evaluationInfo } : {}),
    experiment: def.id,
    note: null,
  };
}

function customSplit(state: AppState, uploaded: AnyDataset | null, fileName: string, progress: ProgressCallback): Split {
  let source: AnyDataset;
  const name = state.dataset === 'csv' ? fileName : state.dataset;
  if (state.dataset === 'csv') {
    if (!uploaded) throw new DataError('No CSV is loaded: upload a file, or pick a generated dataset.');
    source = uploaded;
  } else {
    const rows = Number(state.datasetParams.samples ?? 0);
    progress(rows ? `Generating ${rows.toLocaleString('en-US')} points` : 'Generating the data', 0.1);
    source = generate(state.dataset, state.datasetParams);
  }
  const testParams = state.testSamples !== null && 'samples' in state.datasetParams ? { samples: state.testSamples } : {};
  if (source.features < 2) {
    throw new DataError(`The playground draws a plane of two features: this dataset has ${source.features} feature column, it needs at least 2.`);
  }
  const task: Task = isRegression(source) ? 'regression' : 'classification';
  if (task !== state.task) {
    throw new DataError(
      task === 'regression'
        ? `${name} has a numeric target, not classes: switch the problem type to Regression.`
        : `${name} has classes, not a numeric target: switch the problem type to Classification.`,
    );
  }
  const params = { ...state.datasetParams };
  const n = datasetSize(source);
  const onTrain = (note: string | null): Split => ({
    train: source,
    validation: null,
    evaluatedOn: 'train',
    trainInfo: infoOf(source, name, params),
    experiment: null,
    note,
  });

  if (state.validation === 'fresh' && state.dataset !== 'csv') {
    // The tutorials' separate test sets: the same generator and size, another seed.
    progress('Generating the fresh test sample', 0.45);
    // Another draw: the seed that decides the data moves on by TEST_SEED_OFFSET (scikit-learn's
    // random_state when one is set, since it replaces the seed, else the seed).
    const randomState = Number(state.datasetParams.randomState ?? -1);
    const next =
      randomState >= 0
        ? { randomState: (randomState + TEST_SEED_OFFSET) % 2 ** 32 }
        : { seed: Number(state.datasetParams.seed ?? 0) + TEST_SEED_OFFSET };
    const test = generate(state.dataset, { ...state.datasetParams, ...testParams, ...next });
    return {
      train: source,
      validation: test,
      evaluatedOn: 'test',
      trainInfo: infoOf(source, name, params),
      evaluationInfo: infoOf(test, name, { ...params, ...testParams, ...next }),
      experiment: null,
      note: null,
    };
  }
  const fraction = state.validation === 'fresh' ? 0.2 : state.validation;
  if (fraction <= 0) return onTrain(null);
  const pct = `${Math.round(fraction * 100)}%`;
  if (n < MIN_ROWS_FOR_HOLDOUT) {
    return onTrain(`${n} row${n === 1 ? ' is' : 's are'} too few to hold ${pct} out: the model trains and is evaluated on ${n === 1 ? 'it' : 'all of them'}.`);
  }
  progress(`Holding out ${pct}`, 0.6);
  let split: { train: AnyDataset; test: AnyDataset };
  try {
    // Classes: each class keeps its share (stratified), as the CLI's split; a numeric target: a plain shuffle.
    split = trainTestSplit(source, { testSize: fraction, seed: state.seed, stratify: task === 'classification' });
  } catch (error) {
    return onTrain(`Could not hold ${pct} out of ${n} rows (${messageOf(error).replace(/^\w+: /, '')}): the model trains and is evaluated on all of them.`);
  }
  return {
    train: split.train,
    validation: split.test,
    evaluatedOn: 'validation',
    trainInfo: infoOf(split.train, name, params),
    evaluationInfo: infoOf(split.test, name, { ...params, holdout: fraction }),
    experiment: null,
    note: null,
  };
}

/**
 * The data of a state: a preset's exact experiment data, else the generated (or uploaded) rows
 * split as the Validate control says. Throws DataError with a message for the page.
 */
export function prepareData(
  state: AppState,
  uploaded: AnyDataset | null,
  o: { fileName?: string; onProgress?: ProgressCallback } = {},
): PreparedData {
  const progress = o.onProgress ?? (() => {});
  const split = presetSplit(state, progress) ?? customSplit(state, uploaded, o.fileName ?? 'csv', progress);
  const { train, validation } = split;
  progress('Computing the plot grid', 0.85);
  const regression = isRegression(train);
  const task: Task = regression ? 'regression' : 'classification';
  const d = train.features;
  const featureNames = train.featureNames ?? Array.from({ length: d }, (_, f) => `x${f}`);
  // The plotted pair: the state's for wider data (when it is a valid pair), else the first two.
  const wanted = state.axes;
  const axes: [number, number] =
    d > 2 && wanted[0] !== wanted[1] && wanted.every((a) => Number.isInteger(a) && a >= 0 && a < d) ? [wanted[0], wanted[1]] : [0, 1];
  let classes = 0;
  let classNames: string[] = [];
  let trainRows: AnyDataset = train;
  let validationRows: AnyDataset | null = validation;
  if (!regression) {
    const v = validation as Dataset | null;
    classes = Math.max(train.classes, v?.classes ?? 0);
    classNames = classNamesOf(uploaded && state.dataset === 'csv' && !isRegression(uploaded) ? uploaded : train, classes);
    trainRows = { ...train, classes };
    validationRows = v ? { ...v, classes } : null;
  }
  const drawnTrain = project(trainRows, axes);
  const drawnValidation = validationRows ? project(validationRows, axes) : null;
  const all = drawnValidation ? concatRows(drawnTrain, drawnValidation) : drawnTrain;
  const b = bounds(all, { padding: 0.08 });
  const boundaryGrid = grid(b, { nx: GRID_SIZE, ny: GRID_SIZE });
  const heatGrid = grid(b, { nx: HEAT_GRID_SIZE, ny: HEAT_GRID_SIZE });
  // Wider data: the plane is a slice, every other feature at its training median (as runJob's planeGrid).
  const medians = d > 2 ? columnMedians(trainRows) : [];
  const fixed = Array.from({ length: d }, (_, k) => (k === axes[0] || k === axes[1] ? Number.NaN : medians[k]!));
  const rawGrid = d > 2 ? sliceGrid(boundaryGrid.x, d, axes, fixed) : boundaryGrid.x;
  const rawHeat = d > 2 ? sliceGrid(heatGrid.x, d, axes, fixed) : heatGrid.x;
  // An uploaded CSV is standardized by default, as the CLI does for data files: the mean and std
  // of the training rows, applied to every row and grid point the network sees.
  const standardize = state.dataset === 'csv' && state.standardize;
  const standardizer = standardize ? fitStandardizer(trainRows) : null;
  const model: ModelInputs = standardizer
    ? {
        train: strip(standardizer.transformDataset(trainRows)),
        validation: validationRows ? strip(standardizer.transformDataset(validationRows)) : null,
        gridX: standardizer.transform(rawGrid),
        heatGridX: standardizer.transform(rawHeat),
      }
    : { train: strip(trainRows), validation: validationRows ? strip(validationRows) : null, gridX: rawGrid, heatGridX: rawHeat };
  const warnings = state.dataset === 'csv' && !standardizer ? webScaleWarnings(trainRows, featureNames) : [];
  let targetRange: [number, number] | null = null;
  if (regression) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of (trainRows as { y: Float32Array }).y) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    targetRange = hi > lo ? [lo, hi] : [lo - 1, lo + 1];
  }
  return {
    task,
    all,
    train: drawnTrain,
    validation: drawnValidation,
    evaluatedOn: split.evaluatedOn,
    grid: boundaryGrid,
    heatGrid,
    classes,
    classNames,
    targetRange,
    featureNames,
    axes,
    fixed,
    trainInfo: split.trainInfo,
    ...(split.evaluationInfo ? { evaluationInfo: split.evaluationInfo } : {}),
    experiment: split.experiment,
    note: split.note,
    model,
    standardizer: standardizer ? standardizer.toJSON() : null,
    warnings,
  };
}

/** The rows with only the two plotted columns (the same object for 2-feature data), feature names kept for the axes. */
function project<D extends AnyDataset>(d: D, axes: [number, number]): D {
  if (d.features === 2) return strip(d);
  const n = datasetSize(d);
  const x = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    x[2 * i] = d.x[i * d.features + axes[0]]!;
    x[2 * i + 1] = d.x[i * d.features + axes[1]]!;
  }
  const names = d.featureNames ?? Array.from({ length: d.features }, (_, f) => `x${f}`);
  const { x64: _x64, ...rest } = d as D & { x64?: Float64Array };
  return { ...rest, x, features: 2, featureNames: [names[axes[0]]!, names[axes[1]]!] } as D;
}

/** Per-column medians of the rows (NumPy's median: the mean of the two middle values for an even count). */
export function columnMedians(d: AnyDataset): number[] {
  const n = datasetSize(d);
  const column = new Float64Array(n);
  return Array.from({ length: d.features }, (_, k) => {
    for (let i = 0; i < n; i++) column[i] = d.x[i * d.features + k]!;
    column.sort();
    return n % 2 === 1 ? column[(n - 1) >> 1]! : (column[n / 2 - 1]! + column[n / 2]!) / 2;
  });
}

/** Grid points of the plotted plane (2 columns) as full rows: the pair on `axes`, the other columns at `fixed`. */
export function sliceGrid(points: Float32Array, d: number, axes: [number, number], fixed: readonly number[]): Float32Array {
  const m = points.length / 2;
  const out = new Float32Array(m * d);
  for (let p = 0; p < m; p++) {
    for (let k = 0; k < d; k++) out[p * d + k] = fixed[k]!;
    out[p * d + axes[0]] = points[2 * p]!;
    out[p * d + axes[1]] = points[2 * p + 1]!;
  }
  return out;
}

/** A copy without the float64 values (the network takes float32). */
function strip<D extends AnyDataset>(d: D): D {
  if (!('x64' in d)) return d;
  const { x64: _x64, ...rest } = d as D & { x64?: Float64Array };
  return rest as D;
}
