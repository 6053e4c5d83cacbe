/**
 * A worker of the seed pool (tinypool): runs one seed of an experiment or of a training job, and
 * writes that run's output folder when asked. Returns what the main thread needs: the metrics,
 * and for runs a side-by-side comparison plots, their boundary grid and evaluated data.
 */
import './tf-quiet.js';
import { getExperiment, runExperiment, runJob, type BoundaryGrid, type Job, type MetricsJson } from '@mlpkit/experiments';
import type { Dataset } from '@mlpkit/datasets';
import { writeJobOutputs } from './artifacts.js';

/** One seed of a seed experiment (`experiments run --seeds`). */
export interface ExperimentTask {
  kind: 'experiment';
  id: string;
  seed: number;
  backend: string;
  randomState?: number;
  grid: { nx: number; ny: number } | false;
  /** Write the run's folder here (the first seed with --out). */
  outDir?: string;
  png: boolean;
  /** Return the grid and evaluated data (for the index's side-by-side comparisons). */
  keepPlots: boolean;
}

/** One seed of `train --seeds`: the whole job, data included (copied to the worker). */
export interface JobTask {
  kind: 'job';
  job: Omit<Job, 'onEpochEnd' | 'onBatchEnd' | 'onWarning' | 'signal'>;
  outDir?: string;
  png: boolean;
}

export type SeedTask = ExperimentTask | JobTask;

export interface SeedResult {
  metrics: MetricsJson;
  /** What comparisonSvg reads of a JobResult (ExperimentTask with keepPlots). */
  plots?: { grid: BoundaryGrid | null; evaluation: Dataset; classNames: string[] };
}

export default async function runSeed(task: SeedTask): Promise<SeedResult> {
  const result =
    task.kind === 'experiment'
      ? await runExperiment(getExperiment(task.id), {
          seed: task.seed,
          backend: task.backend,
          grid: task.grid,
          ...(task.randomState !== undefined ? { randomState: task.randomState } : {}),
        })
      : await runJob(task.job);
  try {
    if (task.outDir) await writeJobOutputs(task.outDir, result, { png: task.png });
    return {
      metrics: result.metrics,
      ...(task.kind === 'experiment' && task.keepPlots ? { plots: { grid: result.grid, evaluation: result.evaluation, classNames: result.classNames } } : {}),
    };
  } finally {
    result.trainer.dispose();
  }
}
