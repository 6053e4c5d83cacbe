import { describe, expect, it } from 'vitest';
import { bounds, circles, DatasetParamError, grid } from '../src/index.js';

describe('bounds', () => {
  it('spans features 0 and 1 with 10% padding by default', () => {
    const d = { x: Float32Array.from([0, 10, 4, -10, 2, 0]), features: 2 };
    expect(bounds(d)).toEqual({ xMin: -0.4, xMax: 4.4, yMin: -12, yMax: 12 });
    expect(bounds(d, { padding: 0 })).toEqual({ xMin: 0, xMax: 4, yMin: -10, yMax: 10 });
  });

  it('uses features 0 and 1 of wider rows and ±0.5 for a flat axis', () => {
    const d = { x: Float32Array.from([1, 2, 100, 3, 2, -100]), features: 3 };
    expect(bounds(d, { padding: 0.5 })).toEqual({ xMin: 0, xMax: 4, yMin: 1.5, yMax: 2.5 });
  });

  it('covers every generated point', () => {
    const d = circles({ samples: 300, noise: 0.1 });
    const b = bounds(d);
    for (let r = 0; r < 300; r++) {
      expect(d.x[2 * r]!).toBeGreaterThan(b.xMin);
      expect(d.x[2 * r]!).toBeLessThan(b.xMax);
      expect(d.x[2 * r + 1]!).toBeGreaterThan(b.yMin);
      expect(d.x[2 * r + 1]!).toBeLessThan(b.yMax);
    }
  });

  it('rejects one-feature data', () => {
    expect(() => bounds({ x: Float32Array.from([1, 2]), features: 1 })).toThrow(
      new DatasetParamError('bounds: need at least 2 features, got 1'),
    );
  });
});

describe('grid', () => {
  it('lays out point j*nx + i at (xs[i], ys[j]) with j = 0 at yMin', () => {
    const g = grid({ xMin: 0, xMax: 2, yMin: -1, yMax: 1 }, { nx: 3, ny: 5 });
    expect(g.nx).toBe(3);
    expect(g.ny).toBe(5);
    expect(Array.from(g.xs)).toEqual([0, 1, 2]);
    expect(Array.from(g.ys)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(g.x.length).toBe(3 * 5 * 2);
    expect(Array.from(g.x.subarray(0, 8))).toEqual([0, -1, 1, -1, 2, -1, 0, -0.5]);
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 3; i++) {
        const p = j * 3 + i;
        expect([g.x[2 * p], g.x[2 * p + 1]]).toEqual([g.xs[i], g.ys[j]]);
      }
    }
    expect(g.bounds).toEqual({ xMin: 0, xMax: 2, yMin: -1, yMax: 1 });
  });

  it('defaults to 101 × 101 including both ends of the bounds', () => {
    const b = { xMin: -3, xMax: 3, yMin: 0, yMax: 10 };
    const g = grid(b);
    expect(g.x.length).toBe(101 * 101 * 2);
    expect(g.xs[0]).toBe(-3);
    expect(g.xs[100]).toBe(3);
    expect(g.xs[50]).toBeCloseTo(0, 12);
    expect(g.ys[100]).toBe(10);
    expect(g.x[2 * (101 * 101 - 1) + 1]).toBe(10);
  });

  it('rejects bad sizes and empty bounds', () => {
    expect(() => grid({ xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, { nx: 1 })).toThrow('grid: nx must be an integer ≥ 2, got 1');
    expect(() => grid({ xMin: 1, xMax: 1, yMin: 0, yMax: 1 })).toThrow(
      'grid: bounds must satisfy xMin < xMax and yMin < yMax, got x [1, 1], y [0, 1]',
    );
  });
});
