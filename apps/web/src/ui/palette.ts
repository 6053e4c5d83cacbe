/**
 * RGBA lookup tables for painting grids into ImageData (a few µs per frame instead of thousands of
 * fillRect calls), built once from @mlpkit/plot's colour scales so the live canvas matches the
 * SVG plots and reports.
 */
import { classColor as plotClassColor, classColors, confidenceLevels, probabilityColor, regionColor } from '@mlpkit/plot';

export type Rgba = [number, number, number, number];

/** "#rrggbb" or "rgb(r, g, b)" → [r, g, b, 255]. */
export function rgba(color: string): Rgba {
  if (color.startsWith('#') && color.length === 7) {
    return [parseInt(color.slice(1, 3), 16), parseInt(color.slice(3, 5), 16), parseInt(color.slice(5, 7), 16), 255];
  }
  const match = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  if (match) return [Number(match[1]), Number(match[2]), Number(match[3]), 255];
  throw new Error(`unsupported colour ${color}`);
}

/** Colour of class `k`: @mlpkit/plot's (30 distinct colours, shared with the SVG reports). */
export function classColor(k: number): string {
  return plotClassColor(k);
}

/** Opacity of each confidence step of plot's region colours, read off plot itself (so they stay in sync). */
function regionAlphas(): number[] {
  const [r] = rgba(plotClassColor(0));
  return CONFIDENCE_STEPS.map((c) => (255 - rgba(regionColor(0, c))[0]) / (255 - r));
}

/** Region colour of class `k` at confidence step `step` (0..3), over white, as plot's regionColor. */
export function regionStepColor(k: number, step: number, alphas = regionAlphas()): Rgba {
  if (k < classColors.length) return rgba(regionColor(k, CONFIDENCE_STEPS[step]!));
  const [r, g, b] = rgba(classColor(k));
  const a = alphas[step]!;
  return [255 + (r - 255) * a, 255 + (g - 255) * a, 255 + (b - 255) * a, 255].map(Math.round) as Rgba;
}

let probabilityTable: Uint8ClampedArray | null = null;

/** 256 RGBA entries of the decision-boundary scale (P(class 1) = i / 255). */
export function probabilityLut(): Uint8ClampedArray {
  if (!probabilityTable) {
    probabilityTable = new Uint8ClampedArray(256 * 4);
    for (let i = 0; i < 256; i++) probabilityTable.set(rgba(probabilityColor(i / 255)), i * 4);
  }
  return probabilityTable;
}

/** A confidence in each of plot's region steps: below the first level, then at each level. */
const CONFIDENCE_STEPS = [0, ...confidenceLevels];
const regionTables = new Map<number, Uint8ClampedArray>();

/** Region colours of `classes` classes: entry (k * 4 + step) is class k at confidence step 0..3. */
export function regionLut(classes: number): Uint8ClampedArray {
  let table = regionTables.get(classes);
  if (!table) {
    table = new Uint8ClampedArray(classes * CONFIDENCE_STEPS.length * 4);
    const alphas = regionAlphas();
    for (let k = 0; k < classes; k++) {
      CONFIDENCE_STEPS.forEach((_, step) => table!.set(regionStepColor(k, step, alphas), (k * CONFIDENCE_STEPS.length + step) * 4));
    }
    regionTables.set(classes, table);
  }
  return table;
}

/**
 * Paints model outputs over an nx × ny grid (j = 0 at the bottom) into RGBA pixels, top row first:
 * width 1 or 2 → the probability scale of class 1 (or two flat colours when `discretize`);
 * width K ≥ 3 → the argmax class's colour, paler where the model is less sure (flat when `discretize`).
 *
 * `upsample` s > 1 paints an (nx·s) × (ny·s) image whose pixels interpolate the *probabilities*
 * bilinearly (pixel centre u ↔ grid coordinate (u + 0.5)/s − 0.5, as the canvas transform puts
 * sample i at the centre of cell i), so a sharp boundary stays a line when scaled up instead of
 * the beads that interpolating colours gives.
 */
export function paintOutputs(out: Uint8ClampedArray, probs: Float32Array, width: number, nx: number, ny: number, discretize: boolean, upsample = 1): void {
  const px = new Uint32Array(out.buffer, out.byteOffset, out.length >> 2);
  const s = Math.max(1, Math.floor(upsample));
  const w = nx * s;
  const h = ny * s;
  // Per output pixel column/row: the two samples around it and the weight of the second.
  const axis = (n: number, size: number) => {
    const lo = new Int32Array(size);
    const t = new Float32Array(size);
    for (let u = 0; u < size; u++) {
      const g = Math.min(n - 1, Math.max(0, (u + 0.5) / s - 0.5));
      lo[u] = Math.min(n - 2, Math.floor(g));
      t[u] = n === 1 ? 0 : g - lo[u]!;
    }
    if (n === 1) lo.fill(0);
    return { lo, t };
  };
  const xs = axis(nx, w);
  const ys = axis(ny, h);
  const sample = (c: number, i0: number, j0: number, tx: number, ty: number): number => {
    const i1 = Math.min(nx - 1, i0 + 1);
    const j1 = Math.min(ny - 1, j0 + 1);
    const a = probs[(j0 * nx + i0) * width + c]!;
    const b = probs[(j0 * nx + i1) * width + c]!;
    const d = probs[(j1 * nx + i0) * width + c]!;
    const e = probs[(j1 * nx + i1) * width + c]!;
    return (a + (b - a) * tx) * (1 - ty) + (d + (e - d) * tx) * ty;
  };
  if (width <= 2) {
    const lut = new Uint32Array(probabilityLut().buffer);
    for (let v = 0; v < h; v++) {
      // Image row v (top first) is grid row from the bottom: h - 1 - v.
      const jv = h - 1 - v;
      const j0 = ys.lo[jv]!;
      const ty = ys.t[jv]!;
      for (let u = 0; u < w; u++) {
        const p = s === 1 ? probs[(j0 * nx + u) * width + (width - 1)]! : sample(width - 1, xs.lo[u]!, j0, xs.t[u]!, ty);
        // Keras's binary decision is p > 0.5; discretized, each side gets one colour of the scale.
        const index = discretize ? (p > 0.5 ? 230 : 25) : Math.round(Math.min(1, Math.max(0, Number.isFinite(p) ? p : 0.5)) * 255);
        px[v * w + u] = lut[index]!;
      }
    }
    return;
  }
  const lut = new Uint32Array(regionLut(width).buffer);
  const steps = CONFIDENCE_STEPS.length;
  for (let v = 0; v < h; v++) {
    const jv = h - 1 - v;
    const j0 = ys.lo[jv]!;
    const ty = ys.t[jv]!;
    for (let u = 0; u < w; u++) {
      let best = 0;
      let bestP = -Infinity;
      for (let c = 0; c < width; c++) {
        const p = s === 1 ? probs[(j0 * nx + u) * width + c]! : sample(c, xs.lo[u]!, j0, xs.t[u]!, ty);
        if (p > bestP) {
          bestP = p;
          best = c;
        }
      }
      let step = 0;
      if (discretize) step = steps - 2;
      else for (const level of confidenceLevels) if (bestP >= level) step++;
      px[v * w + u] = lut[best * steps + step]!;
    }
  }
}

/**
 * One colour scheme everywhere (the tutorials' and @mlpkit/plot's RdBu): red is class 0, a
 * negative value, a low output; blue is class 1, a positive value, a high output; white is the
 * middle (P = 0.5 on the main canvas, 0 for a hidden unit). Unit heatmaps use the main canvas's
 * own scale (plot's probabilityColor), so the output unit's heatmap is the main view's picture.
 * Classes 2, 3, … get plot's other class colours (orange, teal, …), none of them red or blue.
 */
export const NEGATIVE = probabilityColor(0);
export const POSITIVE = probabilityColor(1);

/** How a unit's outputs map to the scale: 'signed' centres 0 (tanh, relu, linear, inputs); 'unit' is [0, 1] centred on ½ (sigmoid, softmax). */
export type HeatScale = 'signed' | 'unit';

export function heatScaleOf(activation: string): HeatScale {
  return activation === 'sigmoid' || activation === 'softmax' ? 'unit' : 'signed';
}

let heatTable: Uint8ClampedArray | null = null;

/** 257 RGBA entries of the scale (entry i ↔ t = i / 256: 0 red, ½ white, 1 blue), from plot's probabilityColor. */
export function heatLut(): Uint8ClampedArray {
  if (!heatTable) {
    heatTable = new Uint8ClampedArray(257 * 4);
    for (let i = 0; i < 257; i++) heatTable.set(rgba(probabilityColor(i / 256)), i * 4);
  }
  return heatTable;
}

/**
 * Paints one unit's outputs over the grid (`values`, point j * nx + i) into RGBA, top row first.
 * 'signed': values are divided by max(1, max |v|), so tanh units keep their absolute scale and
 * relu/linear units with large outputs still fill the range (0 is white). 'unit': the value is
 * the position on the scale (0 red, ½ white, 1 blue), as the main canvas paints P(class 1).
 * `stride` (pixels per row of `out`) and `offset` (first pixel) let many units share one atlas.
 */
export function paintHeat(out: Uint8ClampedArray, values: Float32Array, nx: number, ny: number, stride = nx, offset = 0, scale: HeatScale = 'signed'): void {
  const px = new Uint32Array(out.buffer, out.byteOffset, out.length >> 2);
  if (scale === 'unit') {
    // Exactly the main canvas's table (probabilityLut), so the output unit looks like the main view.
    const lut = new Uint32Array(probabilityLut().buffer);
    for (let j = 0; j < ny; j++) {
      const row = offset + (ny - 1 - j) * stride;
      for (let i = 0; i < nx; i++) {
        const v = values[j * nx + i]!;
        px[row + i] = lut[Number.isFinite(v) ? Math.round(Math.min(1, Math.max(0, v)) * 255) : 128]!;
      }
    }
    return;
  }
  const lut = new Uint32Array(heatLut().buffer);
  const max = heatRange(values);
  // v ↦ 128 + 128·v/max: 0 is the white middle.
  const gain = 128 / max;
  const base = 128;
  for (let j = 0; j < ny; j++) {
    const row = offset + (ny - 1 - j) * stride;
    for (let i = 0; i < nx; i++) {
      const v = values[j * nx + i]!;
      const index = Number.isFinite(v) ? Math.max(0, Math.min(256, Math.round(v * gain + base))) : 128;
      px[row + i] = lut[index]!;
    }
  }
}

/** The largest |value| a 'signed' heatmap scales by (max(1, max |v|)), for its legend. */
export function heatRange(values: Float32Array): number {
  let max = 1;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a > max && Number.isFinite(a)) max = a;
  }
  return max;
}
