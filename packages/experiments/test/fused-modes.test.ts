/**
 * The fused engine's fast mode (backend `fused`, WebAssembly SIMD, the default) against its exact
 * mode (`fused-exact`, TF.js cpu bit for bit) on all 18 experiments over 5 seeds: the same
 * verdict against the tutorial, and the fast mode's median within the exact mode's range over
 * the seeds. The two modes agree per step within float32 tolerance (train's
 * test/fused-fast.test.ts), but over hundreds of epochs rounding differences make each run
 * a different draw, as another seed would; this checks that the draws come from the same place.
 */
import { describe, expect, it } from 'vitest';
import { experiments, judgeExperiment, runExperiment, type ExperimentVerdict } from '../src/index.js';

const SEEDS = [0, 1, 2, 3, 4];

async function verdict(id: string, backend: 'fused' | 'fused-exact'): Promise<ExperimentVerdict> {
  const def = experiments.find((e) => e.id === id)!;
  const runs = [];
  for (const seed of SEEDS) {
    const result = await runExperiment(def, { seed, backend, grid: false });
    expect(result.metrics.backend).toBe(backend);
    runs.push({ seed, metrics: result.metrics });
    result.trainer.dispose();
  }
  return judgeExperiment(def, runs);
}

describe('fast and exact fused modes reach the same results on every experiment (5 seeds)', () => {
  it('covers the 18 experiments', () => {
    expect(experiments).toHaveLength(18);
  });

  it.each(experiments.map((e) => [e.id] as const))('%s', { timeout: 120_000 }, async (id) => {
    const fast = await verdict(id, 'fused');
    const exact = await verdict(id, 'fused-exact');
    const where = `${id}: fast ${fast.measuredText} (${fast.agreeing}/5 agree), exact ${exact.measuredText} (${exact.agreeing}/5 agree)`;
    expect(fast.agrees, where).toBe(exact.agrees);
    // Seeds whose value exists (xor-table: 100% reached within the cap) are as many.
    expect(fast.summary.n, where).toBe(exact.summary.n);
    // The fast median lies within the exact runs' range (a small slack for accuracies: one or two
    // rows of a few hundred).
    const slack = fast.metric === 'epochsTo100' ? 0 : 0.01;
    expect(fast.summary.median, where).toBeGreaterThanOrEqual(exact.summary.min - slack);
    expect(fast.summary.median, where).toBeLessThanOrEqual(exact.summary.max + slack);
  });
});
