/**
 * A worker of the seed pool (tinypool): runs one seed of an experiment or of a training job, and
 * writes that run's output folder when asked. Returns what the main thread needs: the metrics,
 * and for runs a side-by-side comparison plots, their boundary grid and evaluated data.
 */
import './tf-quiet.js';
import { getExperiment, runExperiment, runJob, type AnyMetricsJson, type BoundaryGrid, type Job } from '@mlpkit/experiments';
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
  metrics: AnyMetricsJson;
  /** What comparisonSvg reads of a JobResult (ExperimentTask with keepPlots). */
  plots?: { grid: BoundaryGrid | null; evaluation: Dataset; classNames: string[] };
}

/** An error thrown in a worker, as plain data: structured cloning would drop its `code` (the exit code). */
export interface SeedFailure {
  failed: { message: string; name: string; code?: string };
}

/** The worker's entry: the run's result, or its error as data (see SeedFailure). */
export default async function runSeedTask(task: SeedTask): Promise<SeedResult | SeedFailure> {
  try {
    return await runSeed(task);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const code = (e as { code?: unknown }).code;
    return { failed: { message: e.message, name: e.name, ...(typeof code === 'string' ? { code } : {}) } };
  }
}

/** Runs one seed in this thread (the pool's workers call it through runSeedTask). */
export async function runSeed(task: SeedTask): Promise<SeedResult> {
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
      ...(task.kind === 'experiment' && task.keepPlots && result.task !== 'regression' ? { plots: { grid: result.grid, evaluation: result.evaluation, classNames: result.classNames } } : {}),
    };
  } finally {
    result.trainer.dispose();
  }
}
