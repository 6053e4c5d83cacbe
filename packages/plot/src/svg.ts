import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { classColor } from './colors.js';
import { escapeXml, num } from './format.js';
import { dataExtent } from './grid.js';
import type { Bounds, PlotData } from './types.js';

/** Fonts that resvg finds on most Linux boxes first, then the usual browser fallbacks. */
export const FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Helvetica, Arial, sans-serif";
export const TEXT_COLOR = '#222';

/** Pixel rectangle of a plot area (inside the axes). */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type Scale = ScaleLinear<number, number>;

export function svgDocument(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" ` +
    `viewBox="0 0 ${num(width)} ${num(height)}" font-family="${escapeXml(FONT_FAMILY)}" font-size="12" fill="${TEXT_COLOR}">` +
    `<title>${escapeXml(title)}</title>` +
    `<rect class="background" width="${num(width)}" height="${num(height)}" fill="#ffffff"/>` +
    body +
    `</svg>\n`
  );
}

export interface TextOptions {
  anchor?: 'start' | 'middle' | 'end';
  size?: number;
  weight?: 'bold' | 'normal';
  /** Rotation in degrees about (x, y). */
  rotate?: number;
  fill?: string;
  className?: string;
  /** Vertical alignment: 'middle' centres the text on y (cross-renderer via dy). */
  baseline?: 'alphabetic' | 'middle' | 'hanging';
}

export function text(x: number, y: number, content: string, o: TextOptions = {}): string {
  const size = o.size ?? 12;
  // dy instead of dominant-baseline: resvg and browsers agree on it.
  const dy = o.baseline === 'middle' ? size * 0.35 : o.baseline === 'hanging' ? size * 0.8 : 0;
  const attrs = [
    o.className ? `class="${o.className}"` : '',
    `x="${num(x)}"`,
    `y="${num(y)}"`,
    dy ? `dy="${num(dy)}"` : '',
    o.anchor && o.anchor !== 'start' ? `text-anchor="${o.anchor}"` : '',
    size !== 12 ? `font-size="${num(size)}"` : '',
    o.weight === 'bold' ? 'font-weight="bold"' : '',
    o.fill ? `fill="${o.fill}"` : '',
    o.rotate ? `transform="rotate(${num(o.rotate)} ${num(x)} ${num(y)})"` : '',
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

/** Centred plot title; long titles get a smaller font (≈0.55 em per character) to fit the width. */
export function plotTitle(width: number, content: string, y = 26): string {
  const fit = (width - 30) / (Math.max(1, content.length) * 0.55);
  const size = Math.max(10, Math.min(16, Math.floor(fit * 2) / 2));
  return text(width / 2, y, content, { anchor: 'middle', size, className: 'title' });
}

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  return scaleLinear().domain(domain).range(range);
}

export interface AxesOptions {
  xLabel?: string;
  yLabel?: string;
  /** Light grid lines at the ticks (history curves). */
  grid?: boolean;
  /** Only integer ticks on x (epochs). */
  integerX?: boolean;
}

function tickCount(lengthPx: number, spacingPx: number): number {
  return Math.max(2, Math.round(lengthPx / spacingPx));
}

/** Frame, outward ticks, tick labels and axis labels in matplotlib's default style. */
export function axes(frame: Frame, x: Scale, y: Scale, o: AxesOptions = {}): string {
  const { left, top, width, height } = frame;
  const bottom = top + height;
  const right = left + width;
  const parts: string[] = ['<g class="axes">'];
  const xCount = tickCount(width, 85);
  const yCount = tickCount(height, 55);
  let xTicks = x.ticks(xCount);
  if (o.integerX) xTicks = xTicks.filter((t) => Number.isInteger(t));
  const xFormat = o.integerX ? (t: number) => String(t) : x.tickFormat(xCount);
  const yTicks = y.ticks(yCount);
  const yFormat = y.tickFormat(yCount);
  if (o.grid) {
    const lines = [
      ...xTicks.map((t) => `M${num(x(t))},${num(top)}V${num(bottom)}`),
      ...yTicks.map((t) => `M${num(left)},${num(y(t))}H${num(right)}`),
    ];
    parts.push(`<path class="grid" d="${lines.join('')}" stroke="#e4e4e4" stroke-width="1" fill="none"/>`);
  }
  const tickPath = [
    ...xTicks.map((t) => `M${num(x(t))},${num(bottom)}v4`),
    ...yTicks.map((t) => `M${num(left)},${num(y(t))}h-4`),
  ].join('');
  parts.push(`<path class="ticks" d="${tickPath}" stroke="#000" stroke-width="0.8" fill="none"/>`);
  parts.push('<g class="x-ticks" font-size="11">');
  for (const t of xTicks) parts.push(text(x(t), bottom + 7, xFormat(t), { anchor: 'middle', size: 11, baseline: 'hanging' }));
  parts.push('</g><g class="y-ticks" font-size="11">');
  for (const t of yTicks) parts.push(text(left - 7, y(t), yFormat(t), { anchor: 'end', size: 11, baseline: 'middle' }));
  parts.push('</g>');
  parts.push(
    `<rect class="frame" x="${num(left)}" y="${num(top)}" width="${num(width)}" height="${num(height)}" fill="none" stroke="#000" stroke-width="0.8"/>`,
  );
  if (o.xLabel) parts.push(text(left + width / 2, bottom + 38, o.xLabel, { anchor: 'middle', size: 13, className: 'x-label' }));
  if (o.yLabel) {
    const yMax = Math.max(...yTicks.map((t) => yFormat(t).length), 1);
    const offset = Math.max(34, 14 + yMax * 6.5);
    parts.push(text(left - offset, top + height / 2, o.yLabel, { anchor: 'middle', size: 13, rotate: -90, className: 'y-label' }));
  }
  parts.push('</g>');
  return parts.join('');
}

export interface LegendEntry {
  label: string;
  color: string;
  kind: 'point' | 'line' | 'swatch';
  dashed?: boolean;
}

const LEGEND_ROW = 19;

/** Vertical legend starting at (x, y) (top-left), in a light box like matplotlib's. */
export function legend(x: number, y: number, entries: LegendEntry[], title?: string): string {
  const maxChars = Math.max(...entries.map((e) => e.label.length), title ? title.length : 0);
  const boxWidth = 34 + maxChars * 7;
  const titleHeight = title ? LEGEND_ROW : 0;
  const boxHeight = titleHeight + entries.length * LEGEND_ROW + 8;
  const parts = [
    `<g class="legend">`,
    `<rect x="${num(x)}" y="${num(y)}" width="${num(boxWidth)}" height="${num(boxHeight)}" rx="3" fill="#ffffff" fill-opacity="0.85" stroke="#cccccc"/>`,
  ];
  if (title) parts.push(text(x + 8, y + 4 + LEGEND_ROW / 2, title, { baseline: 'middle', weight: 'bold' }));
  entries.forEach((e, i) => {
    const cy = y + 4 + titleHeight + i * LEGEND_ROW + LEGEND_ROW / 2;
    const sx = x + 8;
    if (e.kind === 'point') {
      parts.push(`<circle cx="${num(sx + 8)}" cy="${num(cy)}" r="4.5" fill="${e.color}" stroke="#1a1a1a" stroke-width="0.6"/>`);
    } else if (e.kind === 'line') {
      const dash = e.dashed ? ' stroke-dasharray="5 3"' : '';
      parts.push(`<path d="M${num(sx)},${num(cy)}h18" stroke="${e.color}" stroke-width="2"${dash}/>`);
    } else {
      parts.push(`<rect x="${num(sx + 1)}" y="${num(cy - 6)}" width="14" height="12" fill="${e.color}" stroke="#999999" stroke-width="0.5"/>`);
    }
    parts.push(text(sx + 24, cy, e.label, { baseline: 'middle', className: 'legend-entry' }));
  });
  parts.push('</g>');
  return parts.join('');
}

export function legendHeight(entries: number, title?: boolean): number {
  return (title ? LEGEND_ROW : 0) + entries * LEGEND_ROW + 8;
}

/** Class names for a data set: its classNames, or "class 0", "class 1", … */
export function classLabels(data: PlotData | null, classes: number): string[] {
  return Array.from({ length: classes }, (_, k) => data?.classNames?.[k] ?? `class ${k}`);
}

export function classLegendEntries(labels: string[], kind: 'point' | 'swatch' = 'point'): LegendEntry[] {
  return labels.map((label, k) => ({ label, color: classColor(k), kind }));
}

/** Default point radius: smaller for denser data sets. */
export function defaultRadius(n: number): number {
  return n <= 100 ? 5 : n <= 600 ? 4 : n <= 2000 ? 3 : 2.2;
}

/**
 * Outline of the data points: dark on white backgrounds; white over shaded boundaries, where a
 * class-coloured point sits on a region of nearly its own colour and needs a halo to stand out.
 */
export type PointOutline = 'dark' | 'light';

/**
 * Data points as one `<g class="points class-k">` per class. Points outside `clip` are left out,
 * as matplotlib's axis limits crop them.
 */
export function points(
  data: PlotData,
  x: Scale,
  y: Scale,
  radius: number,
  clip?: Bounds,
  outline: PointOutline = 'dark',
  rows: Int32Array | null = null,
): string {
  const { features } = data;
  const n = rows ? rows.length : data.y.length;
  const byClass: string[][] = Array.from({ length: data.classes }, () => []);
  for (let k = 0; k < n; k++) {
    const r = rows ? rows[k]! : k;
    const px = data.x[r * features] as number;
    const py = data.x[r * features + 1] as number;
    if (clip && (px < clip.xMin || px > clip.xMax || py < clip.yMin || py > clip.yMax)) continue;
    byClass[data.y[r] as number]?.push(`<circle cx="${num(x(px))}" cy="${num(y(py))}" r="${num(radius)}"/>`);
  }
  const stroke = outline === 'dark' ? 'stroke="#1a1a1a" stroke-width="0.6"' : 'stroke="#ffffff" stroke-width="0.9"';
  // Dense plots: translucent points, so the boundary and the density show through.
  const opacity = n > 2000 ? ' fill-opacity="0.6" stroke-opacity="0.5"' : '';
  const parts = [`<g class="points" ${stroke}${opacity}>`];
  byClass.forEach((circles, k) => {
    parts.push(`<g class="class-${k}" fill="${classColor(k)}">${circles.join('')}</g>`);
  });
  parts.push('</g>');
  return parts.join('');
}

/** Extent of the first two features, padded by 5 % like matplotlib's default margins. */
export function dataBounds(data: PlotData): Bounds {
  const { xMin, xMax, yMin, yMax } = dataExtent(data);
  if (!Number.isFinite(xMin)) return { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };
  const padX = (xMax - xMin || 1) * 0.05;
  const padY = (yMax - yMin || 1) * 0.05;
  return { xMin: xMin - padX, xMax: xMax + padX, yMin: yMin - padY, yMax: yMax + padY };
}
