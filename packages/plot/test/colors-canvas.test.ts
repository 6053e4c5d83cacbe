import { describe, expect, it } from 'vitest';
import { canvasTransform, paintBoundary, type CanvasLike } from '../src/canvas.js';
import {
  bandColor,
  classColors,
  PlotInputError,
  probabilityBand,
  probabilityColor,
  regionColor,
} from '../src/index.js';
import { overGrid, sigmoid, softmax, unitGrid } from './fixtures.js';

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** Records fillRect calls into a pixel buffer, like a canvas would. */
class RecordingCanvas implements CanvasLike {
  fillStyle: unknown = '#000000';
  readonly pixels: (string | undefined)[];
  calls = 0;
  constructor(readonly width: number, readonly height: number) {
    this.pixels = new Array(width * height);
  }
  fillRect(x: number, y: number, w: number, h: number): void {
    this.calls++;
    for (let py = y; py < y + h; py++) {
      for (let px = x; px < x + w; px++) {
        const i = py * this.width + px;
        if (this.pixels[i] !== undefined) throw new Error(`pixel ${px},${py} painted twice`);
        this.pixels[i] = this.fillStyle as string;
      }
    }
  }
  at(px: number, py: number): string | undefined {
    return this.pixels[py * this.width + px];
  }
}

describe('colour scales', () => {
  it('class 0 is red and class 1 blue, the same sides as the probability scale', () => {
    const [r0, , b0] = rgb(classColors[0] as string);
    const [r1, , b1] = rgb(classColors[1] as string);
    expect(r0).toBeGreaterThan(b0);
    expect(b1).toBeGreaterThan(r1);
    const [pr0, , pb0] = rgb(probabilityColor(0));
    const [pr1, , pb1] = rgb(probabilityColor(1));
    expect(pr0).toBeGreaterThan(pb0);
    expect(pb1).toBeGreaterThan(pr1);
    expect(new Set(classColors).size).toBe(classColors.length);
  });

  it('is near-white at 0.5 and darkens monotonically towards both ends', () => {
    const lum = (p: number) => rgb(probabilityColor(p)).reduce((a, b) => a + b, 0);
    expect(lum(0.5)).toBeGreaterThan(3 * 235);
    for (let p = 0.5; p < 1; p += 0.05) expect(lum(p + 0.05)).toBeLessThanOrEqual(lum(p) + 1);
    for (let p = 0.5; p > 0; p -= 0.05) expect(lum(p - 0.05)).toBeLessThanOrEqual(lum(p) + 1);
    expect(probabilityColor(-1)).toBe(probabilityColor(0));
    expect(probabilityColor(2)).toBe(probabilityColor(1));
  });

  it('bands split [0, 1] evenly and take the scale at their midpoint', () => {
    expect([0, 0.099, 0.1, 0.55, 0.999, 1].map((p) => probabilityBand(p, 10))).toEqual([0, 0, 1, 5, 9, 9]);
    expect(bandColor(3, 10)).toBe(probabilityColor(0.35));
  });

  it('region colours get darker with confidence', () => {
    const lum = (c: string) => rgb(c).reduce((a, b) => a + b, 0);
    const steps = [0.4, 0.6, 0.8, 0.95].map((c) => lum(regionColor(2, c)));
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeLessThan(steps[i - 1] as number);
  });
});

describe('paintBoundary', () => {
  it('covers the canvas exactly once with the SVG band colours, j = 0 at the bottom', () => {
    const grid = unitGrid(20);
    const probs = overGrid(grid, 1, (x, y) => [sigmoid(1.5 * x + 0.7 * y)]);
    const ctx = new RecordingCanvas(100, 60);
    paintBoundary(ctx, probs, { nx: 20, ny: 20, width: 100, height: 60, classes: 1 });
    expect(ctx.pixels.every((p) => p !== undefined)).toBe(true);
    for (const [i, j] of [[0, 0], [19, 0], [0, 19], [19, 19], [7, 12]] as const) {
      const px = Math.floor(((i + 0.5) * 100) / 20);
      const py = 60 - 1 - Math.floor(((j + 0.5) * 60) / 20);
      expect(ctx.at(px, py)).toBe(bandColor(probabilityBand(probs[j * 20 + i] as number, 10), 10));
    }
    // Bottom-left is class 0 (red side), top-right class 1 (blue side).
    expect(ctx.at(0, 59)).toBe(bandColor(0, 10));
    expect(ctx.at(99, 0)).toBe(bandColor(9, 10));
    expect(ctx.calls).toBeLessThan(400); // equal-colour runs merged
  });

  it('paints the continuous scale with levels 0', () => {
    const probs = new Float32Array([0, 0.25, 0.75, 1]);
    const ctx = new RecordingCanvas(2, 2);
    paintBoundary(ctx, probs, { nx: 2, ny: 2, width: 2, height: 2, classes: 1, levels: 0 });
    expect([ctx.at(0, 1), ctx.at(1, 1), ctx.at(0, 0), ctx.at(1, 0)]).toEqual(
      [0, 0.25, 0.75, 1].map((p) => probabilityColor(Math.round(p * 255) / 255)),
    );
  });

  it('shades 2-way softmax by P(class 1) and K-way by argmax region colour', () => {
    const two = new Float32Array([0.9, 0.1, 0.2, 0.8, 0.5, 0.5, 0.05, 0.95]);
    const ctx2 = new RecordingCanvas(2, 2);
    paintBoundary(ctx2, two, { nx: 2, ny: 2, width: 2, height: 2, classes: 2 });
    expect(ctx2.at(0, 1)).toBe(bandColor(1, 10));
    expect(ctx2.at(1, 0)).toBe(bandColor(9, 10));

    const grid = unitGrid(4);
    const three = overGrid(grid, 3, (x, y) => softmax([2 * x, -2 * x, 3 * y]));
    const ctx3 = new RecordingCanvas(4, 4);
    paintBoundary(ctx3, three, { nx: 4, ny: 4, width: 4, height: 4, classes: 3 });
    for (let j = 0; j < 4; j++) {
      for (let i = 0; i < 4; i++) {
        const p = [0, 1, 2].map((c) => three[(j * 4 + i) * 3 + c] as number);
        const best = p.indexOf(Math.max(...p));
        expect(ctx3.at(i, 3 - j)).toBe(regionColor(best, p[best] as number));
      }
    }
  });

  it('rejects a grid size mismatch with the same error as the SVG plots', () => {
    const ctx = new RecordingCanvas(4, 4);
    expect(() => paintBoundary(ctx, new Float32Array(5), { nx: 2, ny: 2, width: 4, height: 4, classes: 1 })).toThrow(
      new PlotInputError('grid size mismatch: probs has length 5, expected nx × ny × width = 2 × 2 × 1 = 4'),
    );
  });

  it('canvasTransform maps grid samples to cell centres', () => {
    const t = canvasTransform({ nx: 5, ny: 3, bounds: { xMin: 0, xMax: 4, yMin: -1, yMax: 1 } }, 100, 60);
    expect(t.x(0)).toBe(10);
    expect(t.x(4)).toBe(90);
    expect(t.y(-1)).toBe(50);
    expect(t.y(1)).toBe(10);
  });
});

describe('class colours', () => {
  it('30 classes get 30 distinct colours (palette, darker, lighter); then they wrap', async () => {
    const { classColor, DISTINCT_CLASS_COLORS } = await import('../src/index.js');
    const colors = Array.from({ length: DISTINCT_CLASS_COLORS }, (_, k) => classColor(k));
    expect(new Set(colors).size).toBe(30);
    expect(classColor(30)).toBe(classColor(0));
    expect(classColor(10)).not.toBe(classColor(0));
  });
});
