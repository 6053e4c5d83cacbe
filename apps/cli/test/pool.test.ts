/**
 * Every core for independent runs: seeds run in a worker pool (tinypool) with results identical
 * to the serial run; `backends --model` shows the per-epoch estimates `auto` chooses from.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mlpkit, tempDir } from './helpers.js';

/** The JSON without wall-clock times (the only part that may differ between two equal runs). */
const withoutTimes = (text: string) => JSON.parse(text, (key, value) => (key === 'trainMs' ? undefined : value));

const work = tempDir('mlpkit-pool-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.concurrent('seeds in a worker pool', () => {
  it('experiments run --seeds: --jobs 2 gives exactly the serial results', async () => {
    const args = ['experiments', 'run', 'xor-table-16', 'moons-ann', 'spiral3-softmax', '--seeds', '4', '--backend', 'fused', '--json', '--quiet'];
    const [parallel, serial] = await Promise.all([mlpkit([...args, '--jobs', '2']), mlpkit([...args, '--jobs', '1'])]);
    expect(parallel.code, parallel.stderr).toBe(0);
    expect(serial.code, serial.stderr).toBe(0);
    const p = JSON.parse(parallel.stdout);
    const s = JSON.parse(serial.stdout);
    expect(p.experiments).toEqual(s.experiments);
    expect(p.experiments[0].values).toHaveLength(4);
  });

  it('experiments run --out in the pool writes the first seed\'s folders and the comparisons', async () => {
    const out = join(work, 'exp');
    const r = await mlpkit(['experiments', 'run', 'moons-logreg', 'moons-ann', '--seeds', '2', '--jobs', '2', '--backend', 'fused', '--no-png', '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'moons-ann', 'metrics.json'), 'utf8')).seed).toBe(0);
    expect(readFileSync(join(out, 'comparison-moons.svg'), 'utf8')).toContain('moons-ann (acc ');
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).experiments[1].runs).toHaveLength(2);
  });

  it('train --seeds N: median and range, identical with --jobs 1 and 2; --out adds seeds.json', async () => {
    const args = ['train', '--dataset', 'moons', '--samples', '200', '--layers', '6', '--epochs', '10', '--seeds', '3', '--backend', 'fused', '--json', '--quiet'];
    const [parallel, serial] = await Promise.all([mlpkit([...args, '--jobs', '2']), mlpkit([...args, '--jobs', '1'])]);
    expect(parallel.code, parallel.stderr).toBe(0);
    const p = JSON.parse(parallel.stdout);
    expect(withoutTimes(parallel.stdout)).toEqual(withoutTimes(serial.stdout));
    expect(p.seeds).toEqual([0, 1, 2]);
    const acc = p.runs.map((m: { accuracy: number }) => m.accuracy).sort((a: number, b: number) => a - b);
    expect(p.accuracy).toEqual({ median: acc[1], min: acc[0], max: acc[2] });
    // Each seed draws its own data (a generated dataset) and weights: the runs differ.
    expect(new Set(p.runs.map((m: { yTrue: number[] }) => JSON.stringify(m.yTrue))).size).toBe(3);
    const out = join(work, 'seeds');
    const written = await mlpkit([...args.filter((a) => a !== '--json'), '--out', out]);
    expect(written.code, written.stderr).toBe(0);
    const seeds = JSON.parse(readFileSync(join(out, 'seeds.json'), 'utf8'));
    expect(seeds.runs.map((r: { accuracy: number }) => r.accuracy)).toEqual(p.runs.map((m: { accuracy: number }) => m.accuracy));
    expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).yPred).toEqual(p.runs[0].yPred);
  });
});

describe.concurrent('backends --model', () => {
  it('estimates each backend\'s epoch for the model and marks what auto picks', async () => {
    const r = await mlpkit(['backends', '--model', 'sine-ann', '--batch-size', '32', '--rows', '2400', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { backends, estimates } = JSON.parse(r.stdout) as { backends: unknown[]; estimates: Array<{ backend: string; epochMs: number; gflops: number; auto: boolean }> };
    expect(backends.length).toBeGreaterThan(3);
    expect(estimates.map((e) => e.backend)).toEqual(expect.arrayContaining(['fused', 'fused-exact']));
    for (const e of estimates) {
      expect(e.epochMs).toBeGreaterThan(0);
      expect(e.gflops).toBeGreaterThan(0);
    }
    expect(estimates.filter((e) => e.auto).map((e) => e.backend)).toEqual(['fused']);
    // The cost model: the same figures on every call.
    const again = await mlpkit(['backends', '--model', 'sine-ann', '--batch-size', '32', '--rows', '2400', '--json']);
    expect(JSON.parse(again.stdout).estimates).toEqual(estimates);
    const text = await mlpkit(['backends', '--model', 'sine-ann']);
    expect(text.stdout).toContain('Estimated epoch of sine-ann (1000 rows, batch 32; cost model, not a timing):');
    expect(text.stdout).toMatch(/^fused\s+[\d.]+\s+[\d.]+\s+←$/m);
    const measured = await mlpkit(['backends', '--model', 'moons-ann', '--measure', '2', '--json']);
    expect(measured.code, measured.stderr).toBe(0);
    for (const e of JSON.parse(measured.stdout).estimates as Array<{ measuredEpochMs: number }>) expect(e.measuredEpochMs).toBeGreaterThan(0);
  });
});

describe('default --jobs', () => {
  it('no pool for small work (starting workers would cost more); one worker per idle core, at most one per run, for large work', async () => {
    const { availableParallelism } = await import('node:os');
    const { defaultJobs, idleCores, runSeconds, POOL_MIN_SECONDS } = await import('../src/pool.js');
    // The spirals tutorial run: 150 epochs of 400 rows, batch 32, 193 parameters → well under a second.
    const small = { epochs: 150, rows: 400, batchSize: 32, params: 193 };
    expect(runSeconds(small)).toBeLessThan(0.5);
    expect(defaultJobs([small])).toBe(1);
    expect(defaultJobs(Array.from({ length: 8 }, () => small))).toBe(1);
    // A 512-512 network on 4096 rows for 20 epochs: minutes of arithmetic.
    const wide = { epochs: 20, rows: 4096, batchSize: 32, params: 264_705 };
    expect(runSeconds(wide)).toBeGreaterThan(POOL_MIN_SECONDS);
    expect(defaultJobs([wide, wide, wide], 8)).toBe(3);
    expect(defaultJobs([wide, wide, wide], 2)).toBe(2);
    expect(defaultJobs([wide, wide, wide], 1)).toBe(1);
    expect(defaultJobs([wide], 8)).toBe(1);
    expect(defaultJobs([small, small], 8)).toBe(1);
    // Idle cores: between 1 and the core count.
    expect(idleCores()).toBeGreaterThanOrEqual(1);
    expect(idleCores()).toBeLessThanOrEqual(Math.max(1, availableParallelism()));
    // The same work always gives the same answer (no timing involved).
    expect(defaultJobs(Array.from({ length: 100 }, () => small))).toBe(defaultJobs(Array.from({ length: 100 }, () => small)));
  });
});
