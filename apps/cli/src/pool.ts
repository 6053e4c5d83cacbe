/**
 * Independent runs (seeds) on every core: a tinypool of worker threads, each running
 * `seed-worker.ts`. The runs are deterministic, so the results equal the serial run's.
 */
import { availableParallelism, loadavg } from 'node:os';
import Tinypool from 'tinypool';
import { onInterrupt } from './lifecycle.js';
import type { SeedFailure, SeedResult, SeedTask } from './seed-worker.js';

/** One run's work, for deciding whether a pool pays for itself. */
export interface RunWork {
  epochs: number;
  /** Training rows. */
  rows: number;
  batchSize: number;
  /** The model's trainable parameters (≈ multiply-adds per row of a forward pass). */
  params: number;
}

/**
 * Rough figures of the fused engine on one core of a 2020s x86 CPU (docs/benchmarks.md): about
 * 20 GFLOP/s on wide layers and 15 µs per batch step on tiny ones (spirals-3x12: 30,000 steps in
 * 0.4 s). Only used to decide whether a worker pool is worth its start-up, so they need to be
 * right within a factor of a few.
 */
const FLOPS_PER_SECOND = 2e10;
const SECONDS_PER_STEP = 1.5e-5;
/** A worker costs about 1.2 s of CPU to start (loading TF.js); below this much serial work a pool is slower. */
export const POOL_MIN_SECONDS = 4;

/** Estimated serial seconds of one run: forward + backward ≈ 6 FLOPs per parameter per row, plus per-step overhead. */
export function runSeconds(w: RunWork): number {
  const steps = Math.ceil(w.rows / w.batchSize) * w.epochs;
  return (w.epochs * w.rows * 6 * w.params) / FLOPS_PER_SECOND + steps * SECONDS_PER_STEP;
}

/**
 * Cores not already busy: the core count minus the 1-minute load average (rounded), at least 1.
 * On a machine other jobs keep busy, workers would only compete with them for the same cores
 * (measured: `experiments run all --seeds 10` took 19.5 s in one process and 25 s on 2 workers
 * with the other core busy). Windows reports a load of 0, so all cores count as idle there.
 */
export function idleCores(): number {
  return Math.max(1, availableParallelism() - Math.round(loadavg()[0] ?? 0));
}

/**
 * The default `--jobs` for `runs`: one worker per idle core (`cores`, default idleCores(); at
 * most one per run) when the estimated serial time is at least POOL_MIN_SECONDS, else 1 (no
 * pool: starting workers would cost more than it saves). Never changes results: every `--jobs`
 * gives the serial run's results; only the wall time depends on it.
 */
export function defaultJobs(runs: readonly RunWork[], cores: number = idleCores()): number {
  const seconds = runs.reduce((sum, w) => sum + runSeconds(w), 0);
  return seconds >= POOL_MIN_SECONDS ? Math.max(1, Math.min(cores, runs.length)) : 1;
}

export interface SeedPool {
  run(task: SeedTask): Promise<SeedResult>;
  close(): Promise<void>;
}

export function createSeedPool(jobs: number): SeedPool {
  const pool = new Tinypool({
    filename: new URL('./seed-worker.js', import.meta.url).href,
    minThreads: Math.min(jobs, 1),
    maxThreads: jobs,
    // Each worker loads TF.js once and keeps it for every run it gets.
    isolateWorkers: false,
  });
  // On Ctrl-C the workers are stopped with the process; nothing of theirs is committed.
  const unregister = onInterrupt(() => void pool.destroy());
  return {
    async run(task) {
      const r = (await pool.run(task)) as SeedResult | SeedFailure;
      if ('failed' in r) {
        // Rebuilt with its code, so the exit code is the same as in a serial run.
        const err = new Error(r.failed.message) as Error & { code?: string };
        err.name = r.failed.name;
        if (r.failed.code !== undefined) err.code = r.failed.code;
        throw err;
      }
      return r;
    },
    async close() {
      unregister();
      await pool.destroy();
    },
  };
}
