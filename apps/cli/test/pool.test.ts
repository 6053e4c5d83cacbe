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
    expect(estimates.filter((e) => e.auto)).toHaveLength(1);
    const text = await mlpkit(['backends', '--model', 'sine-ann']);
    expect(text.stdout).toMatch(/Estimated epoch of sine-ann \(1000 rows, batch 32\):/);
    expect(text.stdout).toMatch(/^fused\s+[\d.]+\s+[\d.]+\s+←?/m);
  });
});
