import { describe, expect, it } from 'vitest';
import {
  bandColor,
  boundaryPlot,
  comparisonPlot,
  decisionBoundaryPlot,
  decisionRegionsPlot,
  regionColor,
} from '../src/index.js';
import { blobs, overGrid, sigmoid, softmax, unitGrid } from './fixtures.js';
import { all, byClass, one, parseSvg, pathPoints, texts, type SvgNode } from './svg-tree.js';

function frameOf(svg: SvgNode, index = 0) {
  const f = (byClass(svg, 'frame')[index] as SvgNode).attrs;
  return { left: Number(f.x), top: Number(f.y), width: Number(f.width), height: Number(f.height) };
}

describe('decisionBoundaryPlot', () => {
  const grid = unitGrid(41);
  const data = blobs([[-1, 0], [1, 0]], 20, 2);
  // P(class 1) = sigmoid(3 (x - 0.5)): the 0.5 contour is the vertical line x = 0.5.
  const probs = overGrid(grid, 1, (x) => [sigmoid(3 * (x - 0.5))]);

  it('draws the P = 0.5 contour where the model output crosses 0.5', () => {
    const svg = parseSvg(decisionBoundaryPlot(data, grid, probs));
    const contour = one(svg, 'contour');
    expect(contour.attrs['data-level']).toBe('0.5');
    const pts = pathPoints(contour.attrs.d as string);
    const frame = frameOf(svg);
    const expectedX = frame.left + ((0.5 - -2) / 4) * frame.width;
    expect(pts.length).toBeGreaterThan(1);
    for (const [px, py] of pts) {
      expect(px).toBeCloseTo(expectedX, 0);
      expect(py).toBeGreaterThanOrEqual(frame.top - 0.01);
      expect(py).toBeLessThanOrEqual(frame.top + frame.height + 0.01);
    }
    // The line spans the full height, without running along the frame.
    const ys = pts.map(([, y]) => y);
    expect(Math.min(...ys)).toBeCloseTo(frame.top, 1);
    expect(Math.max(...ys)).toBeCloseTo(frame.top + frame.height, 1);
  });

  it('fills one band per probability level with the shared band colours, within the frame', () => {
    const svg = parseSvg(decisionBoundaryPlot(data, grid, probs, { levels: 8 }));
    const bands = one(svg, 'bands').children;
    expect(bands.map((b) => b.attrs['data-level'])).toEqual(['0', '0.13', '0.25', '0.38', '0.5', '0.63', '0.75', '0.88']);
    expect(bands.map((b) => b.attrs.fill)).toEqual([...Array(8).keys()].map((b) => bandColor(b, 8)));
    const frame = frameOf(svg);
    for (const band of bands) {
      for (const [px, py] of pathPoints(band.attrs.d as string)) {
        expect(px).toBeGreaterThanOrEqual(frame.left - 0.01);
        expect(px).toBeLessThanOrEqual(frame.left + frame.width + 0.01);
        expect(py).toBeGreaterThanOrEqual(frame.top - 0.01);
        expect(py).toBeLessThanOrEqual(frame.top + frame.height + 0.01);
      }
    }
    // The lowest band covers the whole frame (every probability is >= 0).
    const xs = pathPoints(bands[0]?.attrs.d as string).map(([x]) => x);
    expect(Math.min(...xs)).toBeCloseTo(frame.left, 1);
    expect(Math.max(...xs)).toBeCloseTo(frame.left + frame.width, 1);
  });

  it('labels the colourbar with the name of class 1 when the data names its classes, or as told', () => {
    const named = { ...data, classNames: ['benign', 'malignant'] };
    expect(texts(one(parseSvg(decisionBoundaryPlot(named, grid, probs)), 'colorbar')).at(-1)).toBe('P(y = malignant)');
    expect(texts(one(parseSvg(decisionBoundaryPlot(named, grid, probs, { probabilityLabel: 'risk' })), 'colorbar')).at(-1)).toBe('risk');
  });

  it('has a colourbar with P(y = 1), a class legend, axes and the points', () => {
    const svg = parseSvg(decisionBoundaryPlot(data, grid, probs, { title: 'LR' }));
    const bar = one(svg, 'colorbar');
    expect(texts(bar)).toEqual(['0.00', '0.25', '0.50', '0.75', '1.00', 'P(y = 1)']);
    expect(bar.children.filter((c) => c.name === 'rect').length).toBe(11); // 10 bands + outline
    expect(texts(one(svg, 'legend'))).toEqual(['class 0', 'class 1']);
    // Default axis names follow the CSV header (x0, x1, ..., label).
    expect(one(svg, 'x-label').text).toBe('x0');
    expect(one(svg, 'y-label').text).toBe('x1');
    expect(one(svg, 'title').text).toBe('LR');
    expect(all(one(svg, 'points'), (n) => n.name === 'circle').length).toBe(40);
  });

  it('works without data and without the contour', () => {
    const out = decisionBoundaryPlot(null, grid, probs, { showContour: false });
    const svg = parseSvg(out);
    expect(byClass(svg, 'points')).toHaveLength(0);
    expect(byClass(svg, 'contour')).toHaveLength(0);
    expect(byClass(svg, 'colorbar')).toHaveLength(1);
  });

  it('draws no 0.5 contour when the model never crosses 0.5', () => {
    const flat = new Float32Array(41 * 41).fill(0.2);
    expect(byClass(parseSvg(decisionBoundaryPlot(data, grid, flat)), 'contour')).toHaveLength(0);
  });

  it('puts j = 0 at the bottom: a model increasing in y is blue at the top', () => {
    const up = overGrid(grid, 1, (_, y) => [sigmoid(4 * y)]);
    const svg = parseSvg(decisionBoundaryPlot(null, grid, up, { levels: 2 }));
    const [low, high] = one(svg, 'bands').children as [SvgNode, SvgNode];
    const frame = frameOf(svg);
    const highYs = pathPoints(high.attrs.d as string).map(([, y]) => y);
    expect(Math.max(...highYs)).toBeCloseTo(frame.top + frame.height / 2, 0);
    expect(Math.min(...highYs)).toBeCloseTo(frame.top, 1);
    expect(high.attrs.fill).toBe(bandColor(1, 2));
    expect(low.attrs.fill).toBe(bandColor(0, 2));
  });
});

describe('decisionRegionsPlot', () => {
  const grid = unitGrid(31);
  const data = blobs([[-1, -1], [1, -1], [0, 1]], 15, 3);
  const centres = [[-1, -1], [1, -1], [0, 1]] as const;
  const probs = overGrid(grid, 3, (x, y) => softmax(centres.map(([cx, cy]) => -3 * ((x - cx) ** 2 + (y - cy) ** 2))));

  it('fills one argmax region per class, with confidence shading and region edges', () => {
    const svg = parseSvg(decisionRegionsPlot(data, grid, probs, 3));
    const regions = byClass(svg, 'region');
    expect(regions.map((r) => r.attrs.class)).toEqual(['region class-0', 'region class-1', 'region class-2']);
    expect(regions.map((r) => r.attrs.fill)).toEqual([0, 1, 2].map((k) => regionColor(k, 0.4)));
    const confident = byClass(svg, 'confidence').filter((n) => n.attrs['data-level'] === '0.9');
    expect(confident.map((n) => n.attrs.fill)).toEqual([0, 1, 2].map((k) => regionColor(k, 0.95)));
    expect(one(svg, 'region-edges').attrs.d).toMatch(/^M/);
    // Class 0's region lies around (-1, -1): lower-left quadrant of the frame.
    const f = frameOf(svg);
    const pts = pathPoints(regions[0]?.attrs.d as string);
    const cx = pts.reduce((s, [x]) => s + x, 0) / pts.length;
    const cy = pts.reduce((s, [, y]) => s + y, 0) / pts.length;
    expect(cx).toBeLessThan(f.left + f.width / 2);
    expect(cy).toBeGreaterThan(f.top + f.height / 2);
  });

  it('has a legend, the points and no colourbar', () => {
    const svg = parseSvg(decisionRegionsPlot(data, grid, probs, 3));
    expect(texts(one(svg, 'legend'))).toEqual(['class 0', 'class 1', 'class 2']);
    expect([0, 1, 2].map((k) => byClass(one(svg, 'points'), `class-${k}`)[0]?.children.length)).toEqual([15, 15, 15]);
    expect(byClass(svg, 'colorbar')).toHaveLength(0);
    expect(one(svg, 'title').text).toBe('Decision regions');
  });

  it('also draws regions for a 2-class softmax', () => {
    const two = overGrid(grid, 2, (x) => softmax([0, 2 * x]));
    const svg = parseSvg(decisionRegionsPlot(null, grid, two, 2));
    expect(byClass(svg, 'region')).toHaveLength(2);
  });
});

describe('boundaryPlot', () => {
  const grid = unitGrid(21);
  const data = blobs([[-1, 0], [1, 0]], 10, 4);
  const p1 = overGrid(grid, 1, (x, y) => [sigmoid(2 * x + y)]);

  it('width 1 is the shaded binary boundary', () => {
    expect(boundaryPlot(data, grid, p1, 1)).toBe(decisionBoundaryPlot(data, grid, p1));
  });

  it('width 2 (softmax) shades P(class 1), column 1', () => {
    const two = overGrid(grid, 2, (x, y) => {
      const p = sigmoid(2 * x + y);
      return [1 - p, p];
    });
    const column1 = new Float32Array(21 * 21).map((_, i) => two[2 * i + 1] as number);
    expect(boundaryPlot(data, grid, two, 2)).toBe(decisionBoundaryPlot(data, grid, column1));
  });

  it('width K >= 3 is the argmax regions plot', () => {
    const three = overGrid(grid, 3, (x, y) => softmax([x, -x, y]));
    expect(boundaryPlot(data, grid, three, 3)).toBe(decisionRegionsPlot(data, grid, three, 3));
  });
});

describe('comparisonPlot', () => {
  const grid = unitGrid(31);
  const data = blobs([[-1, 0], [1, 0]], 12, 5);
  const lr = overGrid(grid, 1, (x) => [sigmoid(2 * x)]);
  const ann = overGrid(grid, 1, (x, y) => [sigmoid(4 * (x * x + y * y - 1))]);

  it('draws the panels side by side with their titles, one shared colourbar and legend', () => {
    const svg = parseSvg(
      comparisonPlot(
        [
          { title: 'Logistic regression', data, grid, probs: lr, width: 1 },
          { title: 'ANN', data, grid, probs: ann, width: 1 },
        ],
        { title: 'LR vs ANN' },
      ),
    );
    expect(byClass(svg, 'panel-title').map((t) => t.text)).toEqual(['Logistic regression', 'ANN']);
    expect(one(svg, 'title').text).toBe('LR vs ANN');
    expect(byClass(svg, 'contour')).toHaveLength(2);
    expect(byClass(svg, 'colorbar')).toHaveLength(1);
    expect(byClass(svg, 'legend')).toHaveLength(1);
    const [a, b] = [frameOf(svg, 0), frameOf(svg, 1)];
    expect(a.left + a.width).toBeLessThan(b.left);
    expect(a.top).toBe(b.top);
    expect(a.width).toBe(b.width);
    expect(all(svg, (n) => n.name === 'circle' && n.parent?.attrs.class === 'class-1').length).toBe(24);
  });

  it('mixes binary and multi-class panels', () => {
    const three = overGrid(grid, 3, (x, y) => softmax([x, -x, y]));
    const svg = parseSvg(
      comparisonPlot([
        { title: 'binary', data: null, grid, probs: lr, width: 1 },
        { title: 'regions', data: null, grid, probs: three, width: 3 },
      ]),
    );
    expect(byClass(svg, 'region')).toHaveLength(3);
    expect(byClass(svg, 'colorbar')).toHaveLength(1);
    expect(texts(one(svg, 'legend'))).toEqual(['class 0', 'class 1', 'class 2']);
  });
});
