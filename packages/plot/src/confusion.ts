import { heatmapColor, isDark } from './colors.js';
import { num } from './format.js';
import { linearScale, plotTitle, svgDocument, text } from './svg.js';
import type { ConfusionMatrixOptions } from './types.js';
import { validateConfusion } from './validate.js';

function formatCount(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/**
 * Confusion-matrix heatmap (rows: true class, columns: predicted class, as sklearn), each cell
 * annotated with its count, yellow for few and blue for many as in the tutorials, with a colourbar.
 */
export function confusionMatrixPlot(cm: number[][], o: ConfusionMatrixOptions = {}): string {
  validateConfusion(cm, o.labels);
  const k = cm.length;
  const labels = o.labels ?? Array.from({ length: k }, (_, i) => String(i));
  const maxLabel = Math.max(...labels.map((l) => l.length));
  const left = 50 + Math.min(120, maxLabel * 7.5);
  const top = 50;
  const right = 120;
  const width = o.width ?? 560;
  // Square cells; long labels are rotated so neighbouring columns do not collide.
  const cellGuess = Math.max(40, width - left - right) / k;
  const rotate = maxLabel * 7 > cellGuess;
  const bottom = rotate ? 34 + Math.min(120, maxLabel * 5) : 62;
  const height = o.height ?? top + Math.max(40, width - left - right) + bottom;
  const size = Math.max(40, Math.min(width - left - right, height - top - bottom));
  const cell = size / k;
  const max = Math.max(1, ...cm.flat());
  const parts: string[] = [];
  const title = o.title ?? 'Confusion matrix';
  parts.push(plotTitle(width, title));
  const fontSize = Math.max(9, Math.min(18, cell / 3.2));
  parts.push('<g class="cells">');
  cm.forEach((row, i) =>
    row.forEach((v, j) => {
      const fill = heatmapColor(v / max);
      const x = left + j * cell;
      const y = top + i * cell;
      parts.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(cell)}" height="${num(cell)}" fill="${fill}"/>`);
      parts.push(
        text(x + cell / 2, y + cell / 2, formatCount(v), {
          anchor: 'middle',
          baseline: 'middle',
          size: fontSize,
          fill: isDark(fill) ? '#ffffff' : '#111111',
          className: 'count',
        }),
      );
    }),
  );
  parts.push('</g>');
  parts.push(`<rect class="frame" x="${num(left)}" y="${num(top)}" width="${num(size)}" height="${num(size)}" fill="none" stroke="#000" stroke-width="0.8"/>`);
  parts.push('<g class="x-ticks">');
  labels.forEach((label, j) => {
    const cx = left + (j + 0.5) * cell;
    parts.push(`<path d="M${num(cx)},${num(top + size)}v4" stroke="#000" stroke-width="0.8"/>`);
    parts.push(
      rotate
        ? text(cx, top + size + 10, label, { anchor: 'end', size: 12, rotate: -35, baseline: 'hanging' })
        : text(cx, top + size + 7, label, { anchor: 'middle', size: 12, baseline: 'hanging' }),
    );
  });
  parts.push('</g><g class="y-ticks">');
  labels.forEach((label, i) => {
    const cy = top + (i + 0.5) * cell;
    parts.push(`<path d="M${num(left)},${num(cy)}h-4" stroke="#000" stroke-width="0.8"/>`);
    parts.push(text(left - 7, cy, label, { anchor: 'end', size: 12, baseline: 'middle' }));
  });
  parts.push('</g>');
  const xLabelY = top + size + (rotate ? bottom - 10 : 40);
  parts.push(text(left + size / 2, xLabelY, 'Predicted', { anchor: 'middle', size: 13, className: 'x-label' }));
  parts.push(text(left - 16 - Math.min(120, maxLabel * 7.5), top + size / 2, 'True', { anchor: 'middle', size: 13, rotate: -90, className: 'y-label' }));
  // Colourbar of the count scale.
  const barLeft = left + size + 24;
  const steps = 64;
  const y = linearScale([0, max], [top + size, top]);
  parts.push('<g class="colorbar">');
  for (let s = 0; s < steps; s++) {
    const y0 = top + (size * (steps - s - 1)) / steps;
    parts.push(`<rect x="${num(barLeft)}" y="${num(y0)}" width="16" height="${num(size / steps + 0.5)}" fill="${heatmapColor((s + 0.5) / steps)}"/>`);
  }
  parts.push(`<rect x="${num(barLeft)}" y="${num(top)}" width="16" height="${num(size)}" fill="none" stroke="#000" stroke-width="0.8"/>`);
  const ticks = y.ticks(5);
  const format = y.tickFormat(5);
  parts.push(`<path d="${ticks.map((t) => `M${num(barLeft + 16)},${num(y(t))}h4`).join('')}" stroke="#000" stroke-width="0.8"/>`);
  for (const t of ticks) parts.push(text(barLeft + 23, y(t), format(t), { size: 11, baseline: 'middle' }));
  parts.push('</g>');
  return svgDocument(width, height, title, parts.join(''));
}
