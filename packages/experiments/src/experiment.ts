/**
 * Turning an experiment definition into a job, and running it.
 */
import {
  asClassification,
  blobs,
  circles,
  generateDataset,
  getDataset,
  linear,
  moons,
  RandomState,
  takeRows,
  twoSpirals,
  xorGauss,
  type Dataset,
} from '@mlpkit/datasets';
import { getPreset } from '@mlpkit/models';
import type { BatchInfo, EpochLogs } from '@mlpkit/train';
import type { DatasetRef, ExperimentDefinition } from './definition.js';
import { runJob, type ClassificationJob, type DatasetInfo, type Job, type JobResult } from './job.js';
import { dataSeed } from './table.js';

export interface RunExperimentOptions {
  /** Run seed: the initial weights, the shuffles, and the data where the tutorial did not fix it. Default 0. */
  seed?: number;
  /** @mlpkit/train backend; default 'auto'. */
  backend?: string;
  /**
   * Draw the data of every experiment whose generator supports it from NumPy's
   * RandomState(randomState), as after `np.random.seed(randomState)` (scikit-learn's
   * `random_state`), instead of the tutorial's own random_state or the run seed. Default: the
   * tutorial's random_state where it gave one.
   */
  randomState?: number;
  /** Decision-boundary grid; false to skip it (e.g. in a seed sweep). */
  grid?: Job['grid'];
  onEpochEnd?: (logs: EpochLogs) => void | Promise<void>;
  onBatchEnd?: (info: BatchInfo) => void;
  signal?: AbortSignal;
}

/** Generators that draw from a shared NumPy RandomState (a stream continued across calls). */
const NUMPY_GENERATORS: Record<string, (o: Record<string, unknown>) => Dataset> = {
  twospirals: (o) => twoSpirals(o),
  circles: (o) => circles(o),
  moons: (o) => moons(o),
  linear: (o) => linear(o),
  blobs: (o) => blobs(o),
  'xor-gauss': (o) => xorGauss(o),
};

/** Whether a dataset can be drawn from NumPy's RandomState (its registry entry takes `randomState`). */
export function supportsRandomState(dataset: string): boolean {
  return getDataset(dataset).params.some((p) => p.name === 'randomState') && dataset in NUMPY_GENERATORS;
}

/**
 * Generates the data a ref names for a run. With a random state (the run's, else the ref's own),
 * the data comes from NumPy's RandomState: `stream` (when given) is the RandomState to draw from,
 * so a test set can continue its training set's stream. Otherwise the seed is resolved for this
 * run (`dataSeed`).
 */
export function generateRef(ref: DatasetRef, runSeed: number, o: { randomState?: number | undefined; stream?: RandomState } = {}): Dataset {
  const state = o.randomState ?? ref.randomState;
  if (state !== undefined && supportsRandomState(ref.dataset)) {
    const d = NUMPY_GENERATORS[ref.dataset]!({ ...ref.params, randomState: o.stream ?? new RandomState(state) });
    // Record the number (a continued stream says so: it is not RandomState(state)'s first draw).
    return { ...d, params: { ...(d.params ?? {}), randomState: state, ...(o.stream && ref.continuesStream ? { continuesStream: true } : {}) } };
  }
  const entry = getDataset(ref.dataset);
  const seeded = entry.params.some((p) => p.name === 'seed');
  return asClassification(generateDataset(ref.dataset, seeded ? { ...ref.params, seed: dataSeed(ref, runSeed) } : { ...ref.params }), 'an experiment');
}

/** How metrics.json records `d`; `rows` counts the rows actually used (`part`, when a row range of `d`). */
function infoOf(d: Dataset, extra: Record<string, unknown> = {}, part: Dataset = d): DatasetInfo {
  return { name: d.name, params: { ...(d.params ?? {}), ...extra }, rows: part.y.length };
}

/** The job that reproduces one experiment for one run seed. */
export function buildExperimentJob(def: ExperimentDefinition, o: RunExperimentOptions = {}): ClassificationJob {
  const seed = o.seed ?? 0;
  const state = o.randomState ?? def.data.randomState;
  const stream = state !== undefined && supportsRandomState(def.data.dataset) ? new RandomState(state) : undefined;
  const data = generateRef(def.data, seed, { randomState: o.randomState, ...(stream ? { stream } : {}) });
  const common = {
    experiment: def.id,
    spec: { ...getPreset(def.preset), name: def.preset },
    fit: { ...def.fit },
    seed,
    backend: o.backend ?? 'auto',
    ...(o.grid !== undefined ? { grid: o.grid } : {}),
    ...(o.onEpochEnd ? { onEpochEnd: o.onEpochEnd } : {}),
    ...(o.onBatchEnd ? { onBatchEnd: o.onBatchEnd } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
  const ev = def.evaluation;
  switch (ev.kind) {
    case 'train':
      return { ...common, train: data, trainInfo: infoOf(data), evaluationKind: 'train' };
    case 'test': {
      const test = generateRef(ev.data, seed, {
        randomState: o.randomState ?? (ev.data.continuesStream ? state : undefined),
        ...(stream && ev.data.continuesStream ? { stream } : {}),
      });
      return { ...common, train: data, trainInfo: infoOf(data), evaluation: test, evaluationInfo: infoOf(test), evaluationKind: 'test' };
    }
    case 'rows': {
      const train = takeRows(data, ev.train[0], ev.train[1]);
      const validation = takeRows(data, ev.validation[0], ev.validation[1]);
      return {
        ...common,
        train,
        trainInfo: infoOf(data, { rows: `${ev.train[0]}-${ev.train[1]}` }, train),
        evaluation: validation,
        evaluationInfo: infoOf(data, { rows: `${ev.validation[0]}-${ev.validation[1]}` }, validation),
        evaluationKind: 'validation',
      };
    }
  }
}

/** Runs one experiment for one seed. */
export function runExperiment(def: ExperimentDefinition, o: RunExperimentOptions = {}): Promise<JobResult> {
  return runJob(buildExperimentJob(def, o));
}
