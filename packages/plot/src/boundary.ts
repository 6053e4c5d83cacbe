import { contours } from 'd3-contour';
import { bandColor, confidenceLevels, regionStepColor } from './colors.js';
import { DEFAULT_LEVELS } from './constants.js';
import { PlotInputError } from './errors.js';
import { num } from './format.js';
import {
  axes,
  classLabels,
  classLegendEntries,
  defaultRadius,
  legend,
  legendHeight,
  linearScale,
  plotTitle,
  points,
  svgDocument,
  text,
  type Frame,
  type Scale,
} from './svg.js';
import {
  axisLabels,
  type BoundaryOptions,
  type ComparisonPanel,
  type CommonOptions,
  type DecisionBoundaryOptions,
  type DecisionRegionsOptions,
  type GridSpec,
  type PlotData,
} from './types.js';
import { sampleCaption, samplePoints } from './sample.js';
import { validateData, validateLevels, validateProbs } from './validate.js';

export type MultiPolygon = number[][][][];

/** Maps d3-contour grid coordinates to pixels. d3-contour puts sample i at u = i + 0.5. */
export function gridProjection(grid: GridSpec, x: Scale, y: Scale) {
  const { nx, ny, bounds } = grid;
  const dx = (bounds.xMax - bounds.xMin) / (nx - 1);
  const dy = (bounds.yMax - bounds.yMin) / (ny - 1);
  // Clamping to the outer samples trims the half cell d3-contour adds around the grid, so the
  // shading ends exactly at the axes and needs no clipPath (whose id would have to be unique).
  const clampU = (u: number) => Math.min(nx - 0.5, Math.max(0.5, u));
  const clampV = (v: number) => Math.min(ny - 0.5, Math.max(0.5, v));
  return (u: number, v: number): [number, number] => [
    x(bounds.xMin + (clampU(u) - 0.5) * dx),
    y(bounds.yMin + (clampV(v) - 0.5) * dy),
  ];
}

export type Projection = ReturnType<typeof gridProjection>;

export function areaPath(polygons: MultiPolygon, project: Projection): string {
  let d = '';
  for (const polygon of polygons) {
    for (const ring of polygon) {
      ring.forEach((point, i) => {
        const [px, py] = project(point[0] as number, point[1] as number);
        d += `${i === 0 ? 'M' : 'L'}${num(px)},${num(py)}`;
      });
      d += 'Z';
    }
  }
  return d;
}

/** Contour line without the stretches where a region runs along the edge of the grid. */
function linePath(polygons: MultiPolygon, grid: GridSpec, project: Projection): string {
  // Bit mask of the grid edges a point lies on (corners lie on two).
  const edges = (u: number, v: number): number =>
    (u <= 0.5 ? 1 : 0) | (u >= grid.nx - 0.5 ? 2 : 0) | (v <= 0.5 ? 4 : 0) | (v >= grid.ny - 0.5 ? 8 : 0);
  let d = '';
  for (const polygon of polygons) {
    for (const ring of polygon) {
      let penDown = false;
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i] as number[];
        const b = ring[i + 1] as number[];
        if ((edges(a[0] as number, a[1] as number) & edges(b[0] as number, b[1] as number)) !== 0) {
          penDown = false;
          continue;
        }
        const [bx, by] = project(b[0] as number, b[1] as number);
        if (!penDown) {
          const [ax, ay] = project(a[0] as number, a[1] as number);
          d += `M${num(ax)},${num(ay)}`;
          penDown = true;
        }
        d += `L${num(bx)},${num(by)}`;
      }
    }
  }
  return d;
}

function contourAt(grid: GridSpec, values: ArrayLike<number>, threshold: number): MultiPolygon {
  const generator = contours().size([grid.nx, grid.ny]).thresholds([threshold]);
  const [contour] = generator(Array.from(values));
  return (contour?.coordinates ?? []) as MultiPolygon;
}

/** P(class 1) per grid point: the sigmoid output itself, or column 1 of a 2-way softmax. */
function classOneProbs(probs: Float32Array, width: number): Float32Array {
  if (width === 1) return probs;
  const out = new Float32Array(probs.length / width);
  for (let i = 0; i < out.length; i++) out[i] = probs[i * width + 1] as number;
  return out;
}

export { DEFAULT_LEVELS };

function binaryLayers(grid: GridSpec, p1: Float32Array, levels: number, showContour: boolean, project: Projection): string {
  const parts = ['<g class="bands">'];
  const values = Array.from(p1);
  const generator = contours().size([grid.nx, grid.ny]);
  // Painter's order: each band (value >= threshold) covers the ones below, as contourf fills.
  for (let band = 0; band < levels; band++) {
    const threshold = band / levels;
    const [contour] = generator.thresholds([threshold])(values);
    const d = areaPath((contour?.coordinates ?? []) as MultiPolygon, project);
    if (d) parts.push(`<path data-level="${num(threshold)}" d="${d}" fill="${bandColor(band, levels)}"/>`);
  }
  parts.push('</g>');
  if (showContour) {
    const d = linePath(contourAt(grid, values, 0.5), grid, project);
    if (d) {
      parts.push(`<path class="contour" data-level="0.5" d="${d}" fill="none" stroke="#111111" stroke-width="1.6"/>`);
    }
  }
  return parts.join('');
}

function regionLayers(grid: GridSpec, probs: Float32Array, classes: number, project: Projection): string {
  const points = grid.nx * grid.ny;
  const margins: Float32Array[] = [];
  const perClass: Float32Array[] = [];
  for (let k = 0; k < classes; k++) {
    const margin = new Float32Array(points);
    const pk = new Float32Array(points);
    for (let i = 0; i < points; i++) {
      let other = -Infinity;
      for (let c = 0; c < classes; c++) if (c !== k) other = Math.max(other, probs[i * classes + c] as number);
      pk[i] = probs[i * classes + k] as number;
      // The argmax region of class k is where this margin is >= 0; contouring the margin
      // (rather than a 0/1 mask) gives smooth region edges.
      margin[i] = (pk[i] as number) - other;
    }
    margins.push(margin);
    perClass.push(pk);
  }
  const parts = ['<g class="regions">'];
  const edges: string[] = [];
  for (let k = 0; k < classes; k++) {
    const region = contourAt(grid, margins[k] as Float32Array, 0);
    const d = areaPath(region, project);
    if (d) parts.push(`<path class="region class-${k}" d="${d}" fill="${regionStepColor(k, 0)}"/>`);
    edges.push(linePath(region, grid, project));
  }
  // Darker where the model is confident: p_k >= 0.5 lies inside class k's argmax region.
  for (let k = 0; k < classes; k++) {
    confidenceLevels.forEach((level, s) => {
      const d = areaPath(contourAt(grid, perClass[k] as Float32Array, level), project);
      if (d) parts.push(`<path class="confidence class-${k}" data-level="${num(level)}" d="${d}" fill="${regionStepColor(k, s + 1)}"/>`);
    });
  }
  parts.push('</g>');
  const edgePath = edges.join('');
  if (edgePath) parts.push(`<path class="region-edges" d="${edgePath}" fill="none" stroke="#333333" stroke-width="1"/>`);
  return parts.join('');
}

type Kind = 'binary' | 'regions';

/** Sigmoid (1) and 2-way softmax (2) outputs are shaded by P(class 1); wider ones get regions. */
function kindOf(width: number): Kind {
  return width <= 2 ? 'binary' : 'regions';
}

interface PanelOptions {
  xLabel?: string;
  yLabel?: string;
  pointRadius?: number;
  maxPoints?: number;
  sampleSeed?: number;
  levels?: number;
  showContour?: boolean;
}

/** Decision-boundary layers, data points and axes inside `frame`. */
function boundaryPanel(
  frame: Frame,
  data: PlotData | null,
  grid: GridSpec,
  probs: Float32Array,
  width: number,
  kind: Kind,
  o: PanelOptions,
): string {
  const { bounds } = grid;
  const x = linearScale([bounds.xMin, bounds.xMax], [frame.left, frame.left + frame.width]);
  const y = linearScale([bounds.yMin, bounds.yMax], [frame.top + frame.height, frame.top]);
  const project = gridProjection(grid, x, y);
  const layers =
    kind === 'binary'
      ? binaryLayers(grid, classOneProbs(probs, width), o.levels ?? DEFAULT_LEVELS, o.showContour ?? true, project)
      : regionLayers(grid, probs, width, project);
  const sample = data ? samplePoints(data, o.maxPoints, o.sampleSeed) : null;
  const dots = data && sample ? points(data, x, y, o.pointRadius ?? defaultRadius(sample.shown), bounds, 'light', sample.rows) : '';
  return layers + dots + axes(frame, x, y, axisLabels(data, o));
}

/** Vertical colourbar of the probability bands, labelled with the probability it shows, e.g. P(y = 1). */
function colorbar(left: number, top: number, height: number, levels: number, label: string): string {
  const barWidth = 16;
  const y = linearScale([0, 1], [top + height, top]);
  const parts = ['<g class="colorbar">'];
  for (let band = 0; band < levels; band++) {
    const y0 = y((band + 1) / levels);
    const y1 = y(band / levels);
    parts.push(`<rect x="${num(left)}" y="${num(y0)}" width="${barWidth}" height="${num(y1 - y0)}" fill="${bandColor(band, levels)}"/>`);
  }
  parts.push(`<rect x="${num(left)}" y="${num(top)}" width="${barWidth}" height="${num(height)}" fill="none" stroke="#000" stroke-width="0.8"/>`);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  parts.push(`<path d="${ticks.map((t) => `M${num(left + barWidth)},${num(y(t))}h4`).join('')}" stroke="#000" stroke-width="0.8"/>`);
  for (const t of ticks) parts.push(text(left + barWidth + 7, y(t), t.toFixed(2), { size: 11, baseline: 'middle' }));
  parts.push(text(left + barWidth + 56, top + height / 2, label, { anchor: 'middle', size: 13, rotate: -90, className: 'colorbar-label' }));
  parts.push('</g>');
  return parts.join('');
}

const GUTTER = 130;

/** The colourbar's label: the option, else P(y = <name of class 1>) when the data names its classes. */
function probabilityLabel(data: PlotData | null, o: DecisionBoundaryOptions): string | undefined {
  const name = data?.classNames?.[1];
  return o.probabilityLabel ?? (name !== undefined ? `P(y = ${name})` : undefined);
}

/** Colourbar and/or class legend in the right-hand gutter. */
function gutter(frame: Frame, binary: boolean, levels: number, labels: string[] | null, barLabel?: string): string {
  const left = frame.left + frame.width + 22;
  const parts: string[] = [];
  let legendTop = frame.top;
  if (binary) {
    const legendSpace = labels ? legendHeight(labels.length) + 24 : 0;
    const barHeight = Math.max(80, Math.min(frame.height, frame.height - legendSpace));
    parts.push(colorbar(left, frame.top, barHeight, levels, barLabel ?? 'P(y = 1)'));
    legendTop = frame.top + barHeight + 24;
  }
  if (labels) parts.push(legend(left - 4, legendTop, classLegendEntries(labels)));
  return parts.join('');
}

const MARGIN = { left: 66, top: 46, bottom: 58 };

function checkPanel(data: PlotData | null, grid: GridSpec, probs: Float32Array, width: number): void {
  if (data) validateData(data);
  validateProbs(grid, probs, width);
}

/**
 * Binary decision boundary: P(class 1) shaded in RdBu-like bands (red = class 0, blue = class 1)
 * with a colourbar, the P = 0.5 contour and the data points on top.
 * `probs` holds nx*ny values of P(class 1), index j*nx + i.
 */
export function decisionBoundaryPlot(
  data: PlotData | null,
  grid: GridSpec,
  probs: Float32Array,
  o: DecisionBoundaryOptions = {},
): string {
  checkPanel(data, grid, probs, 1);
  return boundaryDocument(data, grid, probs, 1, 'binary', o, 'Decision boundary');
}

/**
 * Multi-class decision regions coloured by argmax, darker where the model is more confident,
 * with region edges, the data points on top and a class legend.
 * `probs` holds nx*ny*classes values, row-major per grid point.
 */
export function decisionRegionsPlot(
  data: PlotData | null,
  grid: GridSpec,
  probs: Float32Array,
  classes: number,
  o: DecisionRegionsOptions = {},
): string {
  if (!Number.isInteger(classes) || classes < 2) {
    throw new PlotInputError(`classes must be an integer >= 2 for decision regions, got ${classes}`);
  }
  checkPanel(data, grid, probs, classes);
  return boundaryDocument(data, grid, probs, classes, 'regions', o, 'Decision regions');
}

/**
 * Picks the plot for a model's output width: 1 (sigmoid) or 2 (2-way softmax) give the shaded
 * binary boundary of P(class 1); K >= 3 gives argmax decision regions.
 */
export function boundaryPlot(
  data: PlotData | null,
  grid: GridSpec,
  probs: Float32Array,
  width: number,
  o: BoundaryOptions = {},
): string {
  checkPanel(data, grid, probs, width);
  const kind = kindOf(width);
  return boundaryDocument(data, grid, probs, width, kind, o, kind === 'binary' ? 'Decision boundary' : 'Decision regions');
}

function boundaryDocument(
  data: PlotData | null,
  grid: GridSpec,
  probs: Float32Array,
  layerWidth: number,
  kind: Kind,
  o: DecisionBoundaryOptions,
  defaultTitle: string,
): string {
  if (o.levels !== undefined) validateLevels(o.levels);
  const width = o.width ?? 700;
  const height = o.height ?? 520;
  const frame: Frame = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: width - MARGIN.left - GUTTER,
    height: height - MARGIN.top - MARGIN.bottom,
  };
  const binary = kind === 'binary';
  const title = (o.title ?? defaultTitle) + (data ? sampleCaption(samplePoints(data, o.maxPoints, o.sampleSeed)) : '');
  const legendClasses = Math.max(data?.classes ?? 0, binary ? 2 : layerWidth);
  const body =
    plotTitle(width, title) +
    boundaryPanel(frame, data, grid, probs, layerWidth, kind, o) +
    gutter(frame, binary, o.levels ?? DEFAULT_LEVELS, classLabels(data, legendClasses), probabilityLabel(data, o));
  return svgDocument(width, height, title, body);
}

/**
 * Decision boundaries side by side (e.g. logistic regression vs an ANN on the same data), one
 * shared colourbar and class legend on the right.
 */
export function comparisonPlot(panels: ComparisonPanel[], o: CommonOptions & DecisionBoundaryOptions = {}): string {
  if (panels.length === 0) throw new PlotInputError('comparisonPlot needs at least one panel');
  if (o.levels !== undefined) validateLevels(o.levels);
  panels.forEach((p) => checkPanel(p.data, p.grid, p.probs, p.width));
  const width = o.width ?? 40 + 460 * panels.length + GUTTER;
  const height = o.height ?? 500;
  const top = o.title ? MARGIN.top + 28 : MARGIN.top;
  const panelGap = 70;
  const panelWidth = (width - MARGIN.left - GUTTER - panelGap * (panels.length - 1)) / panels.length;
  const frames: Frame[] = panels.map((_, i) => ({
    left: MARGIN.left + i * (panelWidth + panelGap),
    top,
    width: panelWidth,
    height: height - top - MARGIN.bottom,
  }));
  const parts: string[] = [];
  if (o.title) parts.push(plotTitle(width, o.title));
  panels.forEach((panel, i) => {
    const frame = frames[i] as Frame;
    parts.push(`<g class="panel">`);
    parts.push(text(frame.left + frame.width / 2, frame.top - 12, panel.title, { anchor: 'middle', size: 14, className: 'panel-title' }));
    parts.push(boundaryPanel(frame, panel.data, panel.grid, panel.probs, panel.width, kindOf(panel.width), o));
    parts.push('</g>');
  });
  const anyBinary = panels.some((p) => p.width <= 2);
  const classes = Math.max(2, ...panels.map((p) => Math.max(p.data?.classes ?? 0, p.width)));
  const firstData = panels.find((p) => p.data)?.data ?? null;
  const last = frames[frames.length - 1] as Frame;
  parts.push(gutter(last, anyBinary, o.levels ?? DEFAULT_LEVELS, classLabels(firstData, classes), probabilityLabel(firstData, o)));
  const title = o.title ?? panels.map((p) => p.title).join(' vs ');
  return svgDocument(width, height, title, parts.join(''));
}

