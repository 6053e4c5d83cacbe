import { describe, expect, it } from 'vitest';
import { createRng } from '../src/index.js';
import { mean, quantile, std } from './helpers.js';

const draw = (seed: number | string, n: number, f: (r: ReturnType<typeof createRng>) => number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => f(rng));
};

describe('createRng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    expect(draw(42, 50, (r) => r.uniform())).toEqual(draw(42, 50, (r) => r.uniform()));
    expect(draw('42', 50, (r) => r.uniform())).toEqual(draw(42, 50, (r) => r.uniform()));
    expect(draw(43, 50, (r) => r.uniform())).not.toEqual(draw(42, 50, (r) => r.uniform()));
  });

  it('gives distinct streams for seeds whose digits repeat (ARC4 repeats short keys)', () => {
    const first = (seed: number) => draw(seed, 8, (r) => r.uniform());
    expect(first(11)).not.toEqual(first(1));
    expect(first(1212)).not.toEqual(first(12));
    const seen = new Set<string>();
    for (let seed = 0; seed < 2000; seed++) seen.add(first(seed).join());
    expect(seen.size).toBe(2000);
  });

  it('uniform() is in [0, 1) with mean 1/2 and quartiles 1/4, 3/4', () => {
    const u = draw(1, 20000, (r) => r.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(mean(u)).toBeCloseTo(0.5, 1);
    expect(quantile(u, 0.25)).toBeCloseTo(0.25, 1);
    expect(quantile(u, 0.75)).toBeCloseTo(0.75, 1);
  });

  it('normal(mean, std) has the requested moments and Gaussian tails', () => {
    const z = draw(2, 20000, (r) => r.normal(3, 2));
    expect(mean(z)).toBeCloseTo(3, 1);
    expect(std(z)).toBeGreaterThan(1.95);
    expect(std(z)).toBeLessThan(2.05);
    // P(|Z| < 1) ≈ 0.683 for a Gaussian.
    const within = z.filter((v) => Math.abs(v - 3) < 2).length / z.length;
    expect(within).toBeGreaterThan(0.67);
    expect(within).toBeLessThan(0.7);
  });

  it('int(k) covers 0..k-1 uniformly', () => {
    const k = draw(3, 7000, (r) => r.int(7));
    const counts = new Array(7).fill(0);
    for (const v of k) counts[v]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
    expect(k.every((v) => Number.isInteger(v) && v >= 0 && v < 7)).toBe(true);
  });
});
