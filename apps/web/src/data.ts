/**
 * Turns the state's dataset choice into what training and plotting need: the rows, the
 * train/validation split and the decision-boundary grid. All the work is @mlpkit/datasets'.
 */
import { bounds, classNamesOf, concatRows, generateDataset, grid, trainTestSplit, type Dataset, type Grid } from '@mlpkit/datasets';
import { TEST_SEED_OFFSET } from '@mlpkit/experiments';
import type { AppState } from './state.js';

/** Grid resolution of the live boundary; the canvas smooths it when scaling up. */
export const GRID_SIZE = 72;

export interface PreparedData {
  /** Everything that is plotted (train and validation rows). */
  all: Dataset;
  train: Dataset;
  validation: Dataset | null;
  /** What the report is computed on. */
  evaluatedOn: 'validation' | 'test' | 'train';
  grid: Grid;
  classes: number;
  classNames: string[];
}

export class DataError extends Error {
  override name = 'DataError';
}

export function prepareData(state: AppState, uploaded: Dataset | null): PreparedData {
  let source: Dataset;
  if (state.dataset === 'csv') {
    if (!uploaded) throw new DataError('no CSV loaded: upload a file, or pick a generated dataset');
    source = uploaded;
  } else {
    source = generateDataset(state.dataset, state.datasetParams);
  }
  if (source.features !== 2) {
    throw new DataError(
      `the playground draws 2-D data: this dataset has ${source.features} feature column${source.features === 1 ? '' : 's'}, it needs exactly 2`,
    );
  }

  let train = source;
  let validation: Dataset | null = null;
  let evaluatedOn: PreparedData['evaluatedOn'] = 'train';
  if (state.validation === 'fresh' && state.dataset !== 'csv') {
    // The tutorials' separate test sets: the same generator, a different seed.
    const seed = Number(state.datasetParams.seed ?? 0) + TEST_SEED_OFFSET;
    validation = generateDataset(state.dataset, { ...state.datasetParams, seed });
    evaluatedOn = 'test';
  } else {
    const fraction = state.validation === 'fresh' ? 0.2 : state.validation;
    if (fraction > 0) {
      const split = trainTestSplit(source, { testSize: fraction, seed: state.seed, stratify: true });
      train = split.train;
      validation = split.test;
      evaluatedOn = 'validation';
    }
  }
  const all = validation && evaluatedOn === 'test' ? concatRows(source, validation) : source;
  const classes = Math.max(train.classes, validation?.classes ?? 0);
  const classNames = classNamesOf(source, classes);
  const b = bounds(all, { padding: 0.08 });
  return {
    all,
    train: { ...train, classes },
    validation: validation ? { ...validation, classes } : null,
    evaluatedOn,
    grid: grid(b, { nx: GRID_SIZE, ny: GRID_SIZE }),
    classes,
    classNames,
  };
}
