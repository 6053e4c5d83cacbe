/**
 * Large data sets: plots draw at most 5,000 points as a seeded, stratified sample and say so.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundaryPlot, DEFAULT_MAX_POINTS, PlotInputError, samplePoints, scatterPlot, type PlotData } from '../src/index.js';

function bigData(n: number, share1: number): PlotData {
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = Math.sin(i);
    x[2 * i + 1] = Math.cos(i * 1.3);
    y[i] = i / n < share1 ? 1 : 0;
  }
  return { x, y, features: 2, classes: 2 };
}

const count = (rows: Int32Array, y: Int32Array, k: number) => rows.reduce((c, r) => c + (y[r] === k ? 1 : 0), 0);
/** Circles of the data points (not of the legend). */
const dataCircles = (svg: string) => (svg.slice(svg.indexOf('<g class="points"')).split('</g></g>')[0]!.match(/<circle/g) ?? []).length;

describe('samplePoints', () => {
  it('draws every row up to maxPoints', () => {
    expect(samplePoints(bigData(5000, 0.5))).toEqual({ rows: null, shown: 5000, total: 5000 });
    expect(DEFAULT_MAX_POINTS).toBe(5000);
  });

  it('200,000 rows → 5,000, each class keeping its share; same seed same rows; a 1-row class stays', () => {
    const d = bigData(200_000, 0.3);
    const s = samplePoints(d);
    expect(s.shown).toBe(5000);
    expect(count(s.rows!, d.y, 1)).toBe(1500);
    expect(count(s.rows!, d.y, 0)).toBe(3500);
    expect(samplePoints(d).rows).toEqual(s.rows);
    expect(samplePoints(d, 5000, 1).rows).not.toEqual(s.rows);
    const rare = { ...d, y: Int32Array.from(d.y, (_, i) => (i === 12345 ? 2 : 0)), classes: 3 };
    const r = samplePoints(rare);
    expect(count(r.rows!, rare.y, 2)).toBe(1);
    expect(r.shown).toBe(5000);
  });

  it('property: min(n, max) rows, ascending, unique, each class within one of its share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 4, max: 300 }), fc.integer(), (labels, max, seed) => {
        const y = Int32Array.from(labels);
        const s = samplePoints({ y, classes: 4 }, max, seed);
        const n = y.length;
        expect(s.shown).toBe(Math.min(n, max));
        if (!s.rows) return;
        for (let i = 1; i < s.rows.length; i++) expect(s.rows[i]!).toBeGreaterThan(s.rows[i - 1]!);
        for (let k = 0; k < 4; k++) {
          const have = labels.filter((v) => v === k).length;
          const got = count(s.rows, y, k);
          if (have > 0) expect(got).toBeGreaterThanOrEqual(1);
          expect(Math.abs(got - (have * max) / n)).toBeLessThan(2);
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('rejects a bad maxPoints', () => {
    expect(() => samplePoints(bigData(10, 0.5), 0)).toThrow(PlotInputError);
  });
});

describe('plots of large data', () => {
  it('scatter of 200,000 points: 5,000 circles, the caption says so, a normal-size SVG', () => {
    const svg = scatterPlot(bigData(200_000, 0.5), { title: 'big' });
    expect(dataCircles(svg)).toBe(5000);
    expect(svg).toContain('big · 5,000 of 200,000 points shown (stratified sample)');
    expect(svg.length).toBeLessThan(600_000);
    expect(scatterPlot(bigData(300, 0.5), { title: 'small' })).toContain('<title>small</title>');
  });

  it('a decision boundary under 200,000 points keeps its contour and draws translucent points', () => {
    const d = bigData(200_000, 0.5);
    const grid = { nx: 21, ny: 21, bounds: { xMin: -1.1, xMax: 1.1, yMin: -1.1, yMax: 1.1 } };
    const probs = new Float32Array(21 * 21).map((_, i) => (i % 21) / 20);
    const svg = boundaryPlot(d, grid, probs, 1, { title: 'b' });
    expect(dataCircles(svg)).toBe(5000);
    expect(svg).toContain('fill-opacity="0.6"');
    expect(svg).toMatch(/class="contour"|stroke-dasharray|<path[^>]*stroke="#/);
    const all = boundaryPlot(d, grid, probs, 1, { maxPoints: Infinity });
    expect(dataCircles(all)).toBe(200_000);
  });
});
