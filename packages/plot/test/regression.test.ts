/**
 * Regression plots: the prediction surface (diverging scale around the target mean, data on the
 * same scale), predicted vs actual with the identity line, residual histogram, MAE curves.
 */
import { describe, expect, it } from 'vitest';
import { historyPlot, PlotInputError, predictedVsActualPlot, predictionSurfacePlot, residualsPlot, targetColor } from '../src/index.js';

const grid = { nx: 21, ny: 21, bounds: { xMin: -6, xMax: 6, yMin: -6, yMax: 6 } };
/** (x0 + x1) / 10 on the grid: the plane. */
const plane = new Float32Array(21 * 21).map((_, k) => ((-6 + (k % 21) * 0.6) + (-6 + Math.floor(k / 21) * 0.6)) / 10);

describe('targetColor', () => {
  it('white at the centre, red below, blue above, clamped at the ends', () => {
    const s = { center: 0, spread: 1 };
    expect(targetColor(0, s)).toBe(targetColor(0.0000001, s));
    const [r0, , b0] = [1, 3, 5].map((i) => parseInt(targetColor(-1, s).slice(i, i + 2), 16)) as [number, number, number];
    expect(r0).toBeGreaterThan(b0);
    const [r1, , b1] = [1, 3, 5].map((i) => parseInt(targetColor(1, s).slice(i, i + 2), 16)) as [number, number, number];
    expect(b1).toBeGreaterThan(r1);
    expect(targetColor(5, s)).toBe(targetColor(1, s));
  });
});

describe('predictionSurfacePlot', () => {
  it('bands ordered along the plane, points coloured on the same scale, a colourbar with the target name', () => {
    const data = { x: Float32Array.from([-5, -5, 5, 5, 0, 0]), y: [-1, 1, 0], features: 2, featureNames: ['a', 'b'] };
    const svg = predictionSurfacePlot(data, grid, plane, { title: 'plane', targetName: 'price' });
    expect(svg.match(/<path data-level=/g)!.length).toBeGreaterThanOrEqual(8);
    const circles = [...svg.matchAll(/<circle [^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    // Target mean 0: −1 is the low (red) end, +1 the high (blue) end, 0 the centre.
    expect(circles).toEqual([targetColor(-1, { center: 0, spread: 1.2 }), targetColor(1, { center: 0, spread: 1.2 }), targetColor(0, { center: 0, spread: 1.2 })]);
    expect(svg).toContain('>price</text>');
    expect(svg).toContain('>a</text>');
    expect(svg).toContain('<title>plane</title>');
  });
  it('rejects values of the wrong size and non-finite values', () => {
    expect(() => predictionSurfacePlot(null, grid, new Float32Array(3))).toThrow(new PlotInputError('values has 3 entries, expected nx·ny = 441'));
    const bad = plane.slice();
    bad[5] = Number.NaN;
    expect(() => predictionSurfacePlot(null, grid, bad)).toThrow('values[5] is NaN, expected a finite number');
  });
});

describe('predicted vs actual and residuals', () => {
  const yTrue = Array.from({ length: 50 }, (_, i) => i / 10);
  const yPred = yTrue.map((v, i) => v + (i % 2 ? 0.2 : -0.2));
  it('one point per row and the identity line across the common range', () => {
    const svg = predictedVsActualPlot(yTrue, yPred, { targetName: 'y' });
    expect(svg.match(/<circle/g)).toHaveLength(50);
    expect(svg).toMatch(/<path class="identity" d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+"/);
    expect(svg).toContain('>predicted y</text>');
  });
  it('residual histogram: counts sum to the rows, a line at zero', () => {
    const svg = residualsPlot(yTrue, yPred, { bins: 4 });
    const heights = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g)];
    expect(heights.length).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('class="zero"');
    expect(() => residualsPlot([1], [1, 2])).toThrow('yTrue and yPred have different lengths: 1 vs 2');
  });
  it('history of a regression run: loss and MAE panels', () => {
    const svg = historyPlot({ loss: [1, 0.5, 0.25], mae: [0.8, 0.5, 0.4], val_loss: [1.1, 0.6, 0.3], val_mae: [0.9, 0.6, 0.45] });
    expect(svg).toContain('Loss: 0.250, MAE: 0.400');
    expect(svg).toContain('class="series mae-train"');
    expect(svg).toContain('class="series mae-val"');
  });
});
