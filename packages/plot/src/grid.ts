import { PlotInputError } from './errors.js';
import type { Bounds, GridSpec, PlotData } from './types.js';
import { validateData, validateGrid } from './validate.js';

export interface GridOptions {
  /** Points along x (default 101, as the tutorials' `np.linspace(amin, amax, 101)`). */
  nx?: number;
  /** Points along y (default: same as nx). */
  ny?: number;
  /** Added on each side of the data extent (default 0.1, as the tutorials). */
  padding?: number;
}

/** Min and max of the first two features; Infinity/-Infinity for empty data. */
export function dataExtent(data: PlotData): Bounds {
  const { features } = data;
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let r = 0; r < data.y.length; r++) {
    const px = data.x[r * features] as number;
    const py = data.x[r * features + 1] as number;
    if (px < xMin) xMin = px;
    if (px > xMax) xMax = px;
    if (py < yMin) yMin = py;
    if (py > yMax) yMax = py;
  }
  return { xMin, xMax, yMin, yMax };
}

/** A grid covering the data's first two features plus `padding` on each side. */
export function gridFromBounds(data: PlotData, o: GridOptions = {}): GridSpec {
  validateData(data);
  if (data.y.length === 0) throw new PlotInputError('data is empty: cannot derive grid bounds from 0 points');
  const nx = o.nx ?? 101;
  const ny = o.ny ?? nx;
  const pad = o.padding ?? 0.1;
  const { xMin, xMax, yMin, yMax } = dataExtent(data);
  const grid = { nx, ny, bounds: { xMin: xMin - pad, xMax: xMax + pad, yMin: yMin - pad, yMax: yMax + pad } };
  validateGrid(grid);
  return grid;
}

/**
 * The grid's points as a row-major nx*ny × 2 array in grid order (index j*nx + i, j = 0 at yMin),
 * ready to feed to a model whose output is then passed to the boundary plots.
 */
export function gridPoints(grid: GridSpec): Float32Array {
  validateGrid(grid);
  const { nx, ny, bounds } = grid;
  const out = new Float32Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) {
    const y = bounds.yMin + ((bounds.yMax - bounds.yMin) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      const k = (j * nx + i) * 2;
      out[k] = bounds.xMin + ((bounds.xMax - bounds.xMin) * i) / (nx - 1);
      out[k + 1] = y;
    }
  }
  return out;
}
