import { describe, expect, it } from 'vitest';
import { gridFromBounds, gridPoints, PlotInputError } from '../src/index.js';
import { blobs } from './fixtures.js';

describe('grid helpers', () => {
  it('gridFromBounds pads the data extent by 0.1 and defaults to 101 × 101', () => {
    const data = { x: new Float32Array([0, 1, 2, -1, 0.5, 3]), y: new Int32Array([0, 1, 0]), features: 2, classes: 2 };
    const grid = gridFromBounds(data);
    expect(grid.nx).toBe(101);
    expect(grid.ny).toBe(101);
    expect(grid.bounds.xMin).toBeCloseTo(-0.1, 6);
    expect(grid.bounds.xMax).toBeCloseTo(2.1, 6);
    expect(grid.bounds.yMin).toBeCloseTo(-1.1, 6);
    expect(grid.bounds.yMax).toBeCloseTo(3.1, 6);
    expect(gridFromBounds(data, { nx: 11, ny: 7, padding: 0 })).toEqual({
      nx: 11,
      ny: 7,
      bounds: { xMin: 0, xMax: 2, yMin: -1, yMax: 3 },
    });
  });

  it('gridPoints lists the points in grid order j * nx + i, j = 0 at yMin', () => {
    const pts = gridPoints({ nx: 3, ny: 2, bounds: { xMin: 0, xMax: 2, yMin: 10, yMax: 20 } });
    expect(Array.from(pts)).toEqual([0, 10, 1, 10, 2, 10, 0, 20, 1, 20, 2, 20]);
  });

  it('rejects empty data', () => {
    const empty = blobs([], 0, 1);
    expect(() => gridFromBounds({ ...empty, classes: 1 })).toThrow(
      new PlotInputError('data is empty: cannot derive grid bounds from 0 points'),
    );
  });
});
