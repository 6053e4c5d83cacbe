/**
 * Turning an experiment definition into a job, and running it.
 */
import { generateDataset, getDataset, takeRows, type Dataset } from '@mlpkit/datasets';
import { getPreset } from '@mlpkit/models';
import type { BatchInfo, EpochLogs } from '@mlpkit/train';
import type { DatasetRef, ExperimentDefinition } from './definition.js';
import { runJob, type DatasetInfo, type Job, type JobResult } from './job.js';
import { dataSeed } from './table.js';

export interface RunExperimentOptions {
  /** Run seed: the initial weights, the shuffles, and the data where the tutorial did not fix it. Default 0. */
  seed?: number;
  /** @mlpkit/train backend; default 'auto'. */
  backend?: string;
  /** Decision-boundary grid; false to skip it (e.g. in a seed sweep). */
  grid?: Job['grid'];
  onEpochEnd?: (logs: EpochLogs) => void | Promise<void>;
  onBatchEnd?: (info: BatchInfo) => void;
  signal?: AbortSignal;
}

/** Generates the data a ref names, with its seed resolved for this run. */
export function generateRef(ref: DatasetRef, runSeed: number): Dataset {
  const entry = getDataset(ref.dataset);
  const seeded = entry.params.some((p) => p.name === 'seed');
  return generateDataset(ref.dataset, seeded ? { ...ref.params, seed: dataSeed(ref, runSeed) } : { ...ref.params });
}

/** How metrics.json records `d`; `rows` counts the rows actually used (`part`, when a row range of `d`). */
function infoOf(d: Dataset, extra: Record<string, unknown> = {}, part: Dataset = d): DatasetInfo {
  return { name: d.name, params: { ...(d.params ?? {}), ...extra }, rows: part.y.length };
}

/** The job that reproduces one experiment for one run seed. */
export function buildExperimentJob(def: ExperimentDefinition, o: RunExperimentOptions = {}): Job {
  const seed = o.seed ?? 0;
  const data = generateRef(def.data, seed);
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
      const test = generateRef(ev.data, seed);
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
