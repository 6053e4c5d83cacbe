import { interpolateRdBu, interpolateYlGnBu, schemeTableau10 } from 'd3-scale-chromatic';

/**
 * Categorical class palette: Tableau 10 reordered so class 0 is red and class 1 is blue, the
 * sides of the RdBu probability scale (P(class 1) = 0 is red, 1 is blue), as in the tutorials.
 */
export const classColors: readonly string[] = Object.freeze(
  [2, 0, 1, 3, 4, 5, 6, 7, 8, 9].map((i) => schemeTableau10[i] as string),
);

/** Distinct class colours: the 10 of the palette, then a darker and a lighter variant of each. */
export const DISTINCT_CLASS_COLORS = 30;

/**
 * Colour of class `k`: the palette for classes 0–9, a darker variant of it for 10–19 and a lighter
 * one for 20–29, so up to 30 classes never share a colour (then it wraps around).
 */
export function classColor(k: number): string {
  const n = classColors.length;
  const i = ((k % DISTINCT_CLASS_COLORS) + DISTINCT_CLASS_COLORS) % DISTINCT_CLASS_COLORS;
  const base = classColors[i % n] as string;
  const round = Math.floor(i / n);
  if (round === 0) return base;
  const [r, g, b] = parseColor(base);
  const mix = (v: number) => (round === 1 ? v * 0.55 : v + (255 - v) * 0.5);
  return toHex([mix(r), mix(g), mix(b)]);
}

export type Rgb = readonly [number, number, number];

/** Parses "#rrggbb" and "rgb(r, g, b)" (the two forms d3-scale-chromatic returns). */
export function parseColor(color: string): Rgb {
  if (color.startsWith('#') && color.length === 7) {
    return [
      parseInt(color.slice(1, 3), 16),
      parseInt(color.slice(3, 5), 16),
      parseInt(color.slice(5, 7), 16),
    ];
  }
  const match = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(color);
  if (match) return [Number(match[1]), Number(match[2]), Number(match[3])];
  throw new Error(`unsupported colour ${color}`);
}

function hex2(v: number): string {
  return Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0');
}

export function toHex([r, g, b]: Rgb): string {
  return `#${hex2(r)}${hex2(g)}${hex2(b)}`;
}

/** Opaque colour of `color` painted with `alpha` over white (so SVG and canvas need no opacity). */
export function overWhite(color: string, alpha: number): string {
  const [r, g, b] = parseColor(color);
  return toHex([255 + (r - 255) * alpha, 255 + (g - 255) * alpha, 255 + (b - 255) * alpha]);
}

/** Like matplotlib's `contourf(..., alpha=0.8)`: keeps the points readable on top. */
const SHADE_ALPHA = 0.8;

function clamp01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/**
 * The decision-boundary colour scale: RdBu at P(class 1) = `p`, painted at 80 % over white.
 * 0 is red (class 0's side), 1 is blue (class 1's side). Shared by the SVG plots and the canvas painter.
 */
export function probabilityColor(p: number): string {
  return overWhite(interpolateRdBu(clamp01(p)), SHADE_ALPHA);
}

/** Band index 0..levels-1 of probability `p` when [0, 1] is split into `levels` equal bands. */
export function probabilityBand(p: number, levels: number): number {
  return Math.min(levels - 1, Math.floor(clamp01(p) * levels));
}

/** Colour of a filled band: the scale at the band's midpoint, as contourf colours its levels. */
export function bandColor(band: number, levels: number): string {
  return probabilityColor((band + 0.5) / levels);
}

/** Confidence thresholds (max class probability) at which region colours get darker. */
export const confidenceLevels: readonly number[] = Object.freeze([0.5, 0.7, 0.9]);

// Light enough that class-coloured points stay visible on their own region.
const REGION_ALPHAS = [0.16, 0.28, 0.4, 0.52] as const;

/** Step 0..confidenceLevels.length of a max class probability. */
export function confidenceStep(confidence: number): number {
  let step = 0;
  for (const level of confidenceLevels) if (confidence >= level) step++;
  return step;
}

/**
 * Colour of the multi-class decision region of class `k` where the model's max probability is
 * `confidence`: the class colour, lighter where the model is less sure.
 */
export function regionColor(k: number, confidence: number): string {
  return regionStepColor(k, confidenceStep(confidence));
}

export function regionStepColor(k: number, step: number): string {
  return overWhite(classColor(k), REGION_ALPHAS[Math.min(step, REGION_ALPHAS.length - 1)] as number);
}

/** Sequential scale for confusion-matrix heatmaps: yellow (few) to blue (many), like seaborn's YlGnBu. */
export function heatmapColor(t: number): string {
  return overWhite(interpolateYlGnBu(clamp01(t)), 0.9);
}

/** Relative luminance, to pick black or white text on a filled cell. */
export function isDark(color: string): boolean {
  const [r, g, b] = parseColor(color);
  return 0.299 * r + 0.587 * g + 0.114 * b < 140;
}
