import { describe, expect, it } from 'vitest';
import { classColors, scatterPlot } from '../src/index.js';
import { blobs } from './fixtures.js';
import { all, byClass, hasClass, one, parseSvg, texts } from './svg-tree.js';

describe('scatterPlot', () => {
  const data = blobs([[0, 0], [3, 1], [1, 3]], 25, 1);

  it('draws one circle per point, grouped and coloured by class', () => {
    const svg = parseSvg(scatterPlot(data));
    const groups = byClass(one(svg, 'points'), 'class-0').concat(byClass(svg, 'class-1'), byClass(svg, 'class-2'));
    expect(groups.map((g) => g.children.filter((c) => c.name === 'circle').length)).toEqual([25, 25, 25]);
    expect(groups.map((g) => g.attrs.fill)).toEqual(classColors.slice(0, 3));
  });

  it('places every point inside the plot frame at its data position', () => {
    const svg = parseSvg(scatterPlot(data));
    const frame = one(svg, 'frame').attrs;
    const [left, top, w, h] = [frame.x, frame.y, frame.width, frame.height].map(Number) as [number, number, number, number];
    const circles = all(one(svg, 'points'), (n) => n.name === 'circle');
    for (const c of circles) {
      expect(Number(c.attrs.cx)).toBeGreaterThanOrEqual(left);
      expect(Number(c.attrs.cx)).toBeLessThanOrEqual(left + w);
      expect(Number(c.attrs.cy)).toBeGreaterThanOrEqual(top);
      expect(Number(c.attrs.cy)).toBeLessThanOrEqual(top + h);
    }
    // Larger x0 → further right; larger x1 → further up (smaller cy).
    const first = circles[0] as (typeof circles)[0];
    const order = [...Array(75).keys()].sort((a, b) => (data.x[2 * a] as number) - (data.x[2 * b] as number));
    const cx = (r: number) => Number(circles[r]?.attrs.cx);
    for (let i = 1; i < order.length; i++) expect(cx(order[i] as number)).toBeGreaterThanOrEqual(cx(order[i - 1] as number));
    expect(first.attrs.r).toBe('5');
  });

  it('has a title, axis labels, ticks, a legend and a white background', () => {
    const svg = parseSvg(scatterPlot(data, { title: 'Blobs', xLabel: 'feature a', yLabel: 'feature b' }));
    expect(one(svg, 'title').text).toBe('Blobs');
    expect(one(svg, 'x-label').text).toBe('feature a');
    expect(one(svg, 'y-label').text).toBe('feature b');
    expect(texts(one(svg, 'legend'))).toEqual(['class 0', 'class 1', 'class 2']);
    expect(texts(one(svg, 'x-ticks')).length).toBeGreaterThanOrEqual(3);
    expect(texts(one(svg, 'y-ticks')).length).toBeGreaterThanOrEqual(3);
    expect(one(svg, 'background').attrs.fill).toBe('#ffffff');
    expect(svg.attrs['font-family']).toContain('sans-serif');
    expect(svg.attrs.width).toBe('640');
    expect(svg.attrs.height).toBe('500');
  });

  it('labels the axes with the data\'s feature names, else x0 and x1', () => {
    expect(one(parseSvg(scatterPlot(data)), 'x-label').text).toBe('x0');
    expect(one(parseSvg(scatterPlot(data)), 'y-label').text).toBe('x1');
    const named = parseSvg(scatterPlot({ ...data, featureNames: ['age', 'income'] }));
    expect(one(named, 'x-label').text).toBe('age');
    expect(one(named, 'y-label').text).toBe('income');
    const explicit = parseSvg(scatterPlot({ ...data, featureNames: ['age', 'income'] }, { xLabel: 'a' }));
    expect(one(explicit, 'x-label').text).toBe('a');
    expect(one(explicit, 'y-label').text).toBe('income');
  });

  it('escapes class names and titles', () => {
    const named = { ...data, classNames: ['a<b', 'x & y', '"q"'] };
    const out = scatterPlot(named, { title: '<script>alert(1)</script>' });
    expect(out).not.toContain('<script>');
    const svg = parseSvg(out);
    expect(one(svg, 'title').text).toBe('<script>alert(1)</script>');
    expect(texts(one(svg, 'legend'))).toEqual(['a<b', 'x & y', '"q"']);
  });

  it('uses explicit bounds and leaves out points outside them', () => {
    const svg = parseSvg(scatterPlot(data, { bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 } }));
    const inside = [...Array(75).keys()].filter((r) => {
      const px = data.x[2 * r] as number;
      const py = data.x[2 * r + 1] as number;
      return px >= -1 && px <= 1 && py >= -1 && py <= 1;
    }).length;
    expect(all(one(svg, 'points'), (n) => n.name === 'circle').length).toBe(inside);
    expect(inside).toBeGreaterThan(0);
    expect(inside).toBeLessThan(75);
    expect(texts(one(svg, 'x-ticks'))[0]).toBe('−1.0');
  });

  it('is deterministic and contains no NaN/undefined', () => {
    const a = scatterPlot(data);
    expect(scatterPlot(blobs([[0, 0], [3, 1], [1, 3]], 25, 1))).toBe(a);
    expect(a).not.toMatch(/NaN|undefined|Infinity/);
    expect(all(parseSvg(a), (n) => hasClass(n, 'legend-entry')).length).toBe(3);
  });
});
