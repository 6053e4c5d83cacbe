import type { GridSpec, PlotData } from '../src/index.js';
import { gaussian, lcg } from '../scripts/example-data.js';

/** n points per class around the given centres, deterministic for a seed. */
export function blobs(centres: Array<[number, number]>, n: number, seed: number, spread = 0.3): PlotData {
  const normal = gaussian(lcg(seed));
  const k = centres.length;
  const x = new Float32Array(n * k * 2);
  const y = new Int32Array(n * k);
  centres.forEach(([cx, cy], c) => {
    for (let i = 0; i < n; i++) {
      const r = c * n + i;
      x[2 * r] = cx + spread * normal();
      x[2 * r + 1] = cy + spread * normal();
      y[r] = c;
    }
  });
  return { x, y, features: 2, classes: k };
}

export const unitGrid = (n: number): GridSpec => ({ nx: n, ny: n, bounds: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 } });

/** Evaluates f(x, y) over the grid in grid order (j * nx + i), `width` values per point. */
export function overGrid(grid: GridSpec, width: number, f: (x: number, y: number) => number[]): Float32Array {
  const { nx, ny, bounds } = grid;
  const out = new Float32Array(nx * ny * width);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const values = f(
        bounds.xMin + ((bounds.xMax - bounds.xMin) * i) / (nx - 1),
        bounds.yMin + ((bounds.yMax - bounds.yMin) * j) / (ny - 1),
      );
      values.forEach((v, c) => (out[(j * nx + i) * width + c] = v));
    }
  }
  return out;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function softmax(zs: number[]): number[] {
  const max = Math.max(...zs);
  const e = zs.map((z) => Math.exp(z - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
