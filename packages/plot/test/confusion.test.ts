import { describe, expect, it } from 'vitest';
import { confusionMatrixPlot, heatmapColor } from '../src/index.js';
import { byClass, one, parseSvg, texts } from './svg-tree.js';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

describe('confusionMatrixPlot', () => {
  const cm = [
    [498, 3],
    [0, 499],
  ];

  it('annotates every cell with its count, row-major (rows true, columns predicted)', () => {
    const svg = parseSvg(confusionMatrixPlot(cm));
    expect(byClass(svg, 'count').map((n) => n.text)).toEqual(['498', '3', '0', '499']);
    expect(one(svg, 'x-label').text).toBe('Predicted');
    expect(one(svg, 'y-label').text).toBe('True');
    expect(one(svg, 'title').text).toBe('Confusion matrix');
    expect(texts(one(svg, 'x-ticks'))).toEqual(['0', '1']);
    expect(texts(one(svg, 'y-ticks'))).toEqual(['0', '1']);
  });

  it('colours larger counts darker (blue) and writes white text on dark cells', () => {
    const svg = parseSvg(confusionMatrixPlot(cm));
    const rects = one(svg, 'cells').children.filter((n) => n.name === 'rect');
    const fills = rects.map((r) => r.attrs.fill as string);
    expect(fills[0]).toBe(heatmapColor(498 / 499));
    expect(luminance(fills[0] as string)).toBeLessThan(luminance(fills[1] as string));
    expect(luminance(fills[1] as string)).toBeLessThanOrEqual(luminance(fills[2] as string) + 5);
    const counts = byClass(svg, 'count');
    expect(counts.map((c) => c.attrs.fill)).toEqual(['#ffffff', '#111111', '#111111', '#ffffff']);
  });

  it('uses labels, rotating long ones, and has a colourbar', () => {
    const labels = ['setosa', 'versicolor', 'virginica'];
    const svg = parseSvg(confusionMatrixPlot([[50, 0, 0], [0, 47, 3], [0, 2, 48]], { labels }));
    expect(texts(one(svg, 'x-ticks'))).toEqual(labels);
    expect(texts(one(svg, 'y-ticks'))).toEqual(labels);
    expect(byClass(svg, 'colorbar')).toHaveLength(1);
    expect(texts(one(svg, 'colorbar'))).toContain('50');
    expect(byClass(svg, 'count').map((n) => n.text)).toEqual(['50', '0', '0', '0', '47', '3', '0', '2', '48']);
  });

  it('shows normalised (fractional) matrices with two decimals', () => {
    const svg = parseSvg(confusionMatrixPlot([[0.75, 0.25], [0.1, 0.9]]));
    expect(byClass(svg, 'count').map((n) => n.text)).toEqual(['0.75', '0.25', '0.10', '0.90']);
  });
});
