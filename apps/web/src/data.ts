/**
 * Turns the state's dataset choice into what training and plotting need: the rows, the
 * train/evaluation split and the decision-boundary grids. Runs in the data worker (data/worker.ts),
 * never on the page's thread. All the numeric work is @mlpkit/datasets' and @mlpkit/experiments'.
 *
 * A preset (an unchanged experiment of the table) gets exactly the data of
 * `mlpkit experiments run <id> --seed <seed>`: buildExperimentJob makes it, so the rows, the
 * test set's size and seed and the train/validation row ranges are the CLI's.
 */
import { bounds, classNamesOf, concatRows, generateDataset, grid, trainTestSplit, type Dataset, type Grid } from '@mlpkit/datasets';
import { buildExperimentJob, TEST_SEED_OFFSET, type DatasetInfo } from '@mlpkit/experiments';
import { findExperiment, presetDifferences } from './presets.js';
import type { AppState } from './state.js';

/** Grid resolution of the live boundary; the canvas smooths it when scaling up. */
export const GRID_SIZE = 72;
/** Grid resolution of the per-neuron heatmaps (same bounds). */
export const HEAT_GRID_SIZE = 36;
/** Below this many rows, nothing is held out: the model trains and is evaluated on all of them. */
export const MIN_ROWS_FOR_HOLDOUT = 20;

export interface PreparedData {
  /** Everything that is plotted (training and evaluation rows). */
  all: Dataset;
  train: Dataset;
  /** The evaluation rows (held out or a fresh draw); null when evaluating on the training rows. */
  validation: Dataset | null;
  /** What the report is computed on. */
  evaluatedOn: 'validation' | 'test' | 'train';
  grid: Grid;
  heatGrid: Grid;
  classes: number;
  classNames: string[];
  /** How metrics.json records the data (as buildExperimentJob does for presets). */
  trainInfo: DatasetInfo;
  evaluationInfo?: DatasetInfo;
  /** The experiment whose exact data this is, or null. */
  experiment: string | null;
  /** Something the user should know about the split (e.g. too few rows to hold any out). */
  note: string | null;
}

export class DataError extends Error {
  override name = 'DataError';
}

export type ProgressCallback = (stage: string, fraction: number) => void;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function generate(name: string, params: Record<string, unknown>): Dataset {
  try {
    return generateDataset(name, params);
  } catch (error) {
    throw new DataError(`Could not generate ${name}: ${messageOf(error).replace(new RegExp(`^${name}: `), '')}`);
  }
}

function infoOf(d: Dataset, name: string, params: Record<string, unknown>): DatasetInfo {
  return { name, params, rows: d.y.length };
}

interface Split {
  train: Dataset;
  validation: Dataset | null;
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

function customSplit(state: AppState, uploaded: Dataset | null, fileName: string, progress: ProgressCallback): Split {
  let source: Dataset;
  const name = state.dataset === 'csv' ? fileName : state.dataset;
  if (state.dataset === 'csv') {
    if (!uploaded) throw new DataError('No CSV is loaded: upload a file, or pick a generated dataset.');
    source = uploaded;
  } else {
    const rows = Number(state.datasetParams.samples ?? 0);
    progress(rows ? `Generating ${rows.toLocaleString('en-US')} points` : 'Generating the data', 0.1);
    source = generate(state.dataset, state.datasetParams);
  }
  if (source.features !== 2) {
    throw new DataError(
      `The playground draws 2-D data: this dataset has ${source.features} feature column${source.features === 1 ? '' : 's'}, it needs exactly 2.`,
    );
  }
  const params = { ...state.datasetParams };
  const n = source.y.length;
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
    const test = generate(state.dataset, { ...state.datasetParams, ...next });
    return {
      train: source,
      validation: test,
      evaluatedOn: 'test',
      trainInfo: infoOf(source, name, params),
      evaluationInfo: infoOf(test, name, { ...params, ...next }),
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
  let split: { train: Dataset; test: Dataset };
  try {
    split = trainTestSplit(source, { testSize: fraction, seed: state.seed, stratify: true });
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
  uploaded: Dataset | null,
  o: { fileName?: string; onProgress?: ProgressCallback } = {},
): PreparedData {
  const progress = o.onProgress ?? (() => {});
  const split = presetSplit(state, progress) ?? customSplit(state, uploaded, o.fileName ?? 'csv', progress);
  const { train, validation } = split;
  progress('Computing the plot grid', 0.85);
  const all = validation ? concatRows(train, validation) : train;
  const classes = Math.max(train.classes, validation?.classes ?? 0);
  const classNames = classNamesOf(uploaded && state.dataset === 'csv' ? uploaded : train, classes);
  const b = bounds(all, { padding: 0.08 });
  return {
    all,
    train: { ...train, classes },
    validation: validation ? { ...validation, classes } : null,
    evaluatedOn: split.evaluatedOn,
    grid: grid(b, { nx: GRID_SIZE, ny: GRID_SIZE }),
    heatGrid: grid(b, { nx: HEAT_GRID_SIZE, ny: HEAT_GRID_SIZE }),
    classes,
    classNames,
    trainInfo: split.trainInfo,
    ...(split.evaluationInfo ? { evaluationInfo: split.evaluationInfo } : {}),
    experiment: split.experiment,
    note: split.note,
  };
}
