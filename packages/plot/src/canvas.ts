import { bandColor, probabilityBand, probabilityColor, regionColor } from './colors.js';
import { DEFAULT_LEVELS } from './constants.js';
import { PlotInputError } from './errors.js';
import type { Bounds } from './types.js';
import { validateLevels, validateProbs } from './validate.js';

/**
 * The part of CanvasRenderingContext2D the painter uses, typed structurally so this module
 * compiles without the DOM lib (and works with node-canvas, OffscreenCanvas, test doubles).
 */
export interface CanvasLike {
  fillStyle: unknown;
  fillRect(x: number, y: number, w: number, h: number): void;
}

export interface PaintBoundaryOptions {
  /** Grid points along x. */
  nx: number;
  /** Grid points along y (j = 0 is painted at the bottom). */
  ny: number;
  /** Canvas area to fill, in px (from 0, 0). */
  width: number;
  height: number;
  /** Values per grid point: 1 (sigmoid P(class 1)), 2 (softmax, shaded by P(class 1)) or K >= 3 (argmax regions). */
  classes: number;
  /**
   * Probability bands for binary output, as in the SVG plots (default 10). 0 paints the
   * continuous scale instead.
   */
  levels?: number;
}

function cellColors(probs: Float32Array, o: PaintBoundaryOptions): string[] {
  const points = o.nx * o.ny;
  const colors = new Array<string>(points);
  const k = o.classes;
  if (k <= 2) {
    const levels = o.levels ?? DEFAULT_LEVELS;
    // 256-entry table: the same colours, without recomputing them for every cell.
    const table = levels === 0 ? Array.from({ length: 256 }, (_, i) => probabilityColor(i / 255)) : null;
    for (let i = 0; i < points; i++) {
      const p = probs[i * k + (k - 1)] as number;
      colors[i] = table ? (table[Math.round(p * 255)] as string) : bandColor(probabilityBand(p, levels), levels);
    }
    return colors;
  }
  for (let i = 0; i < points; i++) {
    let best = 0;
    let bestP = -Infinity;
    for (let c = 0; c < k; c++) {
      const p = probs[i * k + c] as number;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    colors[i] = regionColor(best, bestP);
  }
  return colors;
}

/**
 * Paints the decision-boundary grid onto a canvas with the same colour scales as the SVG plots:
 * one cell per grid point, cell (i, j) centred on sample (i, j), j = 0 at the bottom.
 * Runs of equal colour in a row are merged into one fillRect.
 */
export function paintBoundary(ctx: CanvasLike, probs: Float32Array, o: PaintBoundaryOptions): void {
  if (!(o.width > 0) || !(o.height > 0)) {
    throw new PlotInputError(`canvas width and height must be positive, got ${o.width} × ${o.height}`);
  }
  if (o.levels !== undefined && o.levels !== 0) validateLevels(o.levels);
  const unit: Bounds = { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };
  validateProbs({ nx: o.nx, ny: o.ny, bounds: unit }, probs, o.classes);
  const colors = cellColors(probs, o);
  const xEdge = (i: number) => Math.round((i * o.width) / o.nx);
  const yEdge = (row: number) => Math.round((row * o.height) / o.ny);
  for (let j = 0; j < o.ny; j++) {
    const row = o.ny - 1 - j;
    const y0 = yEdge(row);
    const h = yEdge(row + 1) - y0;
    let start = 0;
    for (let i = 1; i <= o.nx; i++) {
      const color = colors[j * o.nx + start] as string;
      if (i < o.nx && colors[j * o.nx + i] === color) continue;
      ctx.fillStyle = color;
      ctx.fillRect(xEdge(start), y0, xEdge(i) - xEdge(start), h);
      start = i;
    }
  }
}

/**
 * Data → canvas px for a canvas painted by `paintBoundary`, to draw points on top. Grid sample i
 * sits at the centre of cell i, so the canvas spans the bounds plus half a cell on each side.
 */
export function canvasTransform(
  grid: { nx: number; ny: number; bounds: Bounds },
  width: number,
  height: number,
): { x(value: number): number; y(value: number): number } {
  const { nx, ny, bounds } = grid;
  const dx = (bounds.xMax - bounds.xMin) / (nx - 1);
  const dy = (bounds.yMax - bounds.yMin) / (ny - 1);
  return {
    x: (v) => ((v - bounds.xMin) / dx + 0.5) * (width / nx),
    y: (v) => height - ((v - bounds.yMin) / dy + 0.5) * (height / ny),
  };
}

export { classColors, probabilityColor, regionColor } from './colors.js';
