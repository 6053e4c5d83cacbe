/**
 * Regression plots, SVG strings with no DOM: the prediction surface over the plane (a diverging
 * scale around the target mean, the data coloured by target on the same scale), predicted vs
 * actual with the identity line, and a histogram of the residuals.
 */
import { bin, extent } from 'd3-array';
import { contours } from 'd3-contour';
import { interpolateRdBu } from 'd3-scale-chromatic';
import { areaPath, gridProjection, type MultiPolygon } from './boundary.js';
import { overWhite, parseColor, toHex } from './colors.js';
import { PlotInputError } from './errors.js';
import { num } from './format.js';
import { sampleCaption, samplePoints } from './sample.js';
import { axes, dataBounds, defaultRadius, linearScale, plotTitle, svgDocument, text, type Frame } from './svg.js';
import type { AxisLabelOptions, CommonOptions, GridSpec, PointOptions } from './types.js';
import { validateGrid } from './validate.js';

/** Regression data to draw: row-major `x` (n × features; the first two are plotted) and one target per row. */
export interface RegressionPlotData {
  x: Float32Array;
  /** One target value per row. */
  y: ArrayLike<number>;
  features: number;
  featureNames?: string[];
}

/** The diverging colour scale of a target: `center` white, low values red, high values blue. */
export interface TargetScale {
  center: number;
  /** Half the range: center ± spread are the scale's ends. */
  spread: number;
}

/** Colour of target value `v` on `scale` (RdBu, red below the centre, blue above), over white like the bands. */
export function targetColor(v: number, scale: TargetScale, alpha = 1): string {
  const t = 0.5 + (v - scale.center) / (2 * scale.spread);
  const c = interpolateRdBu(t < 0 ? 0 : t > 1 ? 1 : t);
  return alpha < 1 ? overWhite(c, alpha) : toHex(parseColor(c));
}

function checkTargets(y: ArrayLike<number>, name: string): void {
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!)) throw new PlotInputError(`${name}[${i}] is ${y[i]}, expected a finite number`);
  }
}

function checkData(d: RegressionPlotData): void {
  if (!Number.isInteger(d.features) || d.features < 2) {
    throw new PlotInputError(`data.features is ${d.features}, expected an integer >= 2 (the plot uses the first two)`);
  }
  if (d.x.length !== d.y.length * d.features) {
    throw new PlotInputError(`data.x has length ${d.x.length}, expected y.length × features = ${d.y.length} × ${d.features}`);
  }
  checkTargets(d.y, 'data.y');
}

const MARGIN = { left: 66, top: 46, bottom: 58 };
const GUTTER = 130;

export type PredictionSurfaceOptions = CommonOptions &
  AxisLabelOptions &
  PointOptions & {
    /** Filled bands between the scale's ends (default 10). */
    levels?: number;
    /** Centre of the diverging scale (default: the mean of the data's targets, else of the surface). */
    center?: number;
    /** Name of the target on the colourbar (default "y"). */
    targetName?: string;
  };

/**
 * The model's prediction over the plane: `values` holds nx·ny predictions (index j·nx + i), drawn
 * as filled bands of a diverging scale centred on the target mean, with the data on top coloured
 * by its target on the same scale (at most 5,000 points, as the other plots). Throws
 * PlotInputError on inconsistent input.
 */
export function predictionSurfacePlot(data: RegressionPlotData | null, grid: GridSpec, values: Float32Array, o: PredictionSurfaceOptions = {}): string {
  validateGrid(grid);
  if (values.length !== grid.nx * grid.ny) {
    throw new PlotInputError(`values has ${values.length} entries, expected nx·ny = ${grid.nx * grid.ny}`);
  }
  checkTargets(values, 'values');
  if (data) checkData(data);
  const levels = o.levels ?? 10;
  if (!Number.isInteger(levels) || levels < 2) throw new PlotInputError(`levels must be an integer >= 2, got ${levels}`);
  const width = o.width ?? 700;
  const height = o.height ?? 520;
  const frame: Frame = { left: MARGIN.left, top: MARGIN.top, width: width - MARGIN.left - GUTTER, height: height - MARGIN.top - MARGIN.bottom };
  const targets = data && data.y.length > 0 ? data.y : values;
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum += targets[i]!;
  const center = o.center ?? sum / targets.length;
  let spread = 0;
  for (const arr of [values, data?.y ?? []]) for (let i = 0; i < arr.length; i++) spread = Math.max(spread, Math.abs(arr[i]! - center));
  const scale: TargetScale = { center, spread: spread > 0 ? spread : 1 };
  const { bounds } = grid;
  const x = linearScale([bounds.xMin, bounds.xMax], [frame.left, frame.left + frame.width]);
  const y = linearScale([bounds.yMin, bounds.yMax], [frame.top + frame.height, frame.top]);
  const project = gridProjection(grid, x, y);
  const lo = scale.center - scale.spread;
  const step = (2 * scale.spread) / levels;
  const generator = contours().size([grid.nx, grid.ny]);
  const grid64 = Array.from(values);
  let gridMin = Infinity;
  for (const v of grid64) if (v < gridMin) gridMin = v;
  const parts = ['<g class="bands">'];
  // Painter's order: band k covers value >= its lower edge (the lowest band covers everything).
  for (let k = 0; k < levels; k++) {
    const threshold = k === 0 ? -Infinity : lo + k * step;
    const [contour] = generator.thresholds([k === 0 ? gridMin - 1 : threshold])(grid64);
    const d = areaPath((contour?.coordinates ?? []) as MultiPolygon, project);
    if (d) parts.push(`<path data-level="${num(lo + k * step)}" d="${d}" fill="${targetColor(lo + (k + 0.5) * step, scale, 0.8)}"/>`);
  }
  parts.push('</g>');
  let caption = '';
  if (data) {
    const sample = samplePoints({ y: new Int32Array(data.y.length), classes: 1 }, o.maxPoints, o.sampleSeed);
    caption = sampleCaption(sample);
    const r = o.pointRadius ?? defaultRadius(sample.shown);
    const rows = sample.rows;
    const n = rows ? rows.length : data.y.length;
    const dots: string[] = [];
    for (let k = 0; k < n; k++) {
      const i = rows ? rows[k]! : k;
      const px = data.x[i * data.features]!;
      const py = data.x[i * data.features + 1]!;
      if (px < bounds.xMin || px > bounds.xMax || py < bounds.yMin || py > bounds.yMax) continue;
      dots.push(`<circle cx="${num(x(px))}" cy="${num(y(py))}" r="${num(r)}" fill="${targetColor(data.y[i]!, scale)}"/>`);
    }
    parts.push(`<g class="points" stroke="#1a1a1a" stroke-width="0.6">${dots.join('')}</g>`);
  }
  const title = (o.title ?? 'Prediction surface') + caption;
  const names = { xLabel: o.xLabel ?? data?.featureNames?.[0] ?? 'x0', yLabel: o.yLabel ?? data?.featureNames?.[1] ?? 'x1' };
  const body = plotTitle(width, title) + parts.join('') + axes(frame, x, y, names) + colorbar(frame.left + frame.width + 22, frame.top, frame.height, scale, levels, o.targetName ?? 'y');
  return svgDocument(width, height, title, body);
}

function colorbar(left: number, top: number, height: number, scale: TargetScale, levels: number, label: string): string {
  const barWidth = 16;
  const lo = scale.center - scale.spread;
  const hi = scale.center + scale.spread;
  const y = linearScale([lo, hi], [top + height, top]);
  const parts = ['<g class="colorbar">'];
  const step = (hi - lo) / levels;
  for (let k = 0; k < levels; k++) {
    const y0 = y(lo + (k + 1) * step);
    const y1 = y(lo + k * step);
    parts.push(`<rect x="${num(left)}" y="${num(y0)}" width="${barWidth}" height="${num(y1 - y0)}" fill="${targetColor(lo + (k + 0.5) * step, scale, 0.8)}"/>`);
  }
  parts.push(`<rect x="${num(left)}" y="${num(top)}" width="${barWidth}" height="${num(height)}" fill="none" stroke="#000" stroke-width="0.8"/>`);
  for (const t of [lo, scale.center, hi]) {
    parts.push(`<path d="M${num(left + barWidth)},${num(y(t))}h4" stroke="#000" stroke-width="0.8"/>`);
    parts.push(text(left + barWidth + 7, y(t), formatTick(t), { size: 11, baseline: 'middle' }));
  }
  parts.push(text(left + barWidth + 62, top + height / 2, label, { anchor: 'middle', size: 13, rotate: -90, className: 'colorbar-label' }));
  parts.push('</g>');
  return parts.join('');
}

function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-2)) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

function checkPair(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) throw new PlotInputError(`yTrue and yPred have different lengths: ${yTrue.length} vs ${yPred.length}`);
  if (yTrue.length === 0) throw new PlotInputError('yTrue and yPred are empty');
  checkTargets(yTrue, 'yTrue');
  checkTargets(yPred, 'yPred');
}

export type PredictedVsActualOptions = CommonOptions & PointOptions & { targetName?: string };

/**
 * Predicted against actual target values, one point per row (at most 5,000), with the identity
 * line y = x that a perfect model would lie on; equal axes.
 */
export function predictedVsActualPlot(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, o: PredictedVsActualOptions = {}): string {
  checkPair(yTrue, yPred);
  const width = o.width ?? 560;
  const height = o.height ?? 520;
  const frame: Frame = { left: 70, top: 46, width: width - 70 - 30, height: height - 46 - 58 };
  const [tMin, tMax] = extent(Array.from(yTrue)) as [number, number];
  const [pMin, pMax] = extent(Array.from(yPred)) as [number, number];
  const min = Math.min(tMin, pMin);
  const max = Math.max(tMax, pMax);
  const pad = (max - min || 1) * 0.05;
  const domain: [number, number] = [min - pad, max + pad];
  const x = linearScale(domain, [frame.left, frame.left + frame.width]);
  const y = linearScale(domain, [frame.top + frame.height, frame.top]);
  const sample = samplePoints({ y: new Int32Array(yTrue.length), classes: 1 }, o.maxPoints, o.sampleSeed);
  const n = sample.rows ? sample.rows.length : yTrue.length;
  const r = o.pointRadius ?? defaultRadius(sample.shown);
  const dots: string[] = [];
  for (let k = 0; k < n; k++) {
    const i = sample.rows ? sample.rows[k]! : k;
    dots.push(`<circle cx="${num(x(yTrue[i]!))}" cy="${num(y(yPred[i]!))}" r="${num(r)}"/>`);
  }
  const name = o.targetName ?? 'y';
  const title = (o.title ?? `Predicted vs actual ${name}`) + sampleCaption(sample);
  const body =
    plotTitle(width, title) +
    axes(frame, x, y, { xLabel: `actual ${name}`, yLabel: `predicted ${name}`, grid: true }) +
    `<path class="identity" d="M${num(x(domain[0]))},${num(y(domain[0]))}L${num(x(domain[1]))},${num(y(domain[1]))}" stroke="#555" stroke-width="1.2" stroke-dasharray="6 4" fill="none"/>` +
    `<g class="points" fill="#2f6fb0" fill-opacity="${n > 2000 ? 0.45 : 0.7}" stroke="none">${dots.join('')}</g>`;
  return svgDocument(width, height, title, body);
}

export type ResidualsOptions = CommonOptions & { targetName?: string; /** Bins (default: d3's Sturges rule). */ bins?: number };

/** Histogram of the residuals yTrue − yPred (d3-array's binning), with a line at 0. */
export function residualsPlot(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, o: ResidualsOptions = {}): string {
  checkPair(yTrue, yPred);
  const residuals = Array.from(yTrue, (t, i) => t - yPred[i]!);
  const width = o.width ?? 560;
  const height = o.height ?? 420;
  const frame: Frame = { left: 70, top: 46, width: width - 70 - 30, height: height - 46 - 58 };
  const binner = bin();
  if (o.bins !== undefined) binner.thresholds(o.bins);
  const bins = binner(residuals);
  const lo = Math.min(bins[0]!.x0 ?? 0, 0);
  const hi = Math.max(bins[bins.length - 1]!.x1 ?? 0, 0);
  const x = linearScale(lo === hi ? [lo - 1, hi + 1] : [lo, hi], [frame.left, frame.left + frame.width]);
  let maxCount = 0;
  for (const b of bins) maxCount = Math.max(maxCount, b.length);
  const y = linearScale([0, maxCount * 1.05 || 1], [frame.top + frame.height, frame.top]).nice();
  const bars = bins
    .map((b) => {
      const x0 = x(b.x0 ?? 0);
      const x1 = x(b.x1 ?? 0);
      const top = y(b.length);
      return `<rect x="${num(x0 + 0.5)}" y="${num(top)}" width="${num(Math.max(0, x1 - x0 - 1))}" height="${num(y(0) - top)}"/>`;
    })
    .join('');
  const name = o.targetName ?? 'y';
  const title = o.title ?? `Residuals (actual − predicted ${name})`;
  const body =
    plotTitle(width, title) +
    axes(frame, x, y, { xLabel: `residual (${name})`, yLabel: 'rows', grid: true }) +
    `<g class="bars" fill="#2f6fb0" fill-opacity="0.8">${bars}</g>` +
    `<path class="zero" d="M${num(x(0))},${num(frame.top)}V${num(frame.top + frame.height)}" stroke="#b2182b" stroke-width="1.4"/>`;
  return svgDocument(width, height, title, body);
}

/** The extent of the first two features padded like the scatter plot's (for a surface's grid). */
export function regressionBounds(d: RegressionPlotData): ReturnType<typeof dataBounds> {
  return dataBounds({ x: d.x, y: new Int32Array(d.y.length), features: d.features, classes: 1 });
}
