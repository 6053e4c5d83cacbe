/**
 * Independent runs (seeds) on every core: a tinypool of worker threads, each running
 * `seed-worker.ts`. The runs are deterministic, so the results equal the serial run's.
 */
import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import { onInterrupt } from './lifecycle.js';
import type { SeedResult, SeedTask } from './seed-worker.js';

/** The default `--jobs`: one worker per core. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
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
    run: (task) => pool.run(task) as Promise<SeedResult>,
    async close() {
      unregister();
      await pool.destroy();
    },
  };
}
