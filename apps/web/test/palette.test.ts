/** The canvas colour tables: plot's scales, distinct colours beyond 10 classes, discretized output, heatmaps. */
import { classColor as plotClassColor, probabilityColor, regionColor } from '@mlpkit/plot';
import { describe, expect, it } from 'vitest';
import { classColor, heatScaleOf, NEGATIVE, paintHeat, paintOutputs, POSITIVE, regionLut, rgba } from '../src/ui/palette.js';

const pixel = (out: Uint8ClampedArray, i: number) => Array.from(out.subarray(i * 4, i * 4 + 4));

describe('class colours', () => {
  it("are plot's for the first 10 classes and distinct up to 30", () => {
    const colours = Array.from({ length: 30 }, (_, k) => classColor(k));
    expect(new Set(colours).size).toBe(30);
    for (let k = 0; k < 10; k++) expect(colours[k]).toBe(plotClassColor(k));
  });

  it("paints regions with plot's colours (and distinct ones for 20 blobs)", () => {
    const lut = regionLut(20);
    for (let k = 0; k < 10; k++) {
      [0, 0.5, 0.7, 0.9].forEach((c, step) => expect(Array.from(lut.subarray((k * 4 + step) * 4, (k * 4 + step) * 4 + 4))).toEqual(rgba(regionColor(k, c))));
    }
    const strongest = Array.from({ length: 20 }, (_, k) => Array.from(lut.subarray((k * 4 + 3) * 4, (k * 4 + 3) * 4 + 3)).join(','));
    expect(new Set(strongest).size).toBe(20);
  });
});

describe('paintOutputs', () => {
  it("paints P(class 1) on plot's scale, top row first, and discretizes at p > 0.5 (Keras's rule)", () => {
    // 2 × 2 grid, j = 0 is the bottom row: points (0,0) (1,0) (0,1) (1,1).
    const probs = Float32Array.from([0, 1, 0.5, 0.6]);
    const out = new Uint8ClampedArray(16);
    paintOutputs(out, probs, 1, 2, 2, false);
    expect(pixel(out, 2)).toEqual(rgba(probabilityColor(0)));
    expect(pixel(out, 3)).toEqual(rgba(probabilityColor(1)));
    paintOutputs(out, probs, 1, 2, 2, true);
    // p = 0.5 is class 0 (strict >), p = 0.6 class 1: the two top pixels differ.
    expect(pixel(out, 0)).toEqual(pixel(out, 2));
    expect(pixel(out, 1)).toEqual(pixel(out, 3));
    expect(pixel(out, 0)).not.toEqual(pixel(out, 1));
  });

  it('paints K classes by argmax, paler when unsure, flat when discretized', () => {
    const probs = Float32Array.from([0.9, 0.05, 0.05, 0.4, 0.35, 0.25]);
    const out = new Uint8ClampedArray(8);
    paintOutputs(out, probs, 3, 2, 1, false);
    expect(pixel(out, 0)).toEqual(rgba(regionColor(0, Math.fround(0.9))));
    expect(pixel(out, 1)).toEqual(rgba(regionColor(0, 0.4)));
    paintOutputs(out, probs, 3, 2, 1, true);
    expect(pixel(out, 0)).toEqual(pixel(out, 1));
  });
});

describe('paintOutputs, upsampled', () => {
  it('interpolates the probabilities (not the colours) between grid samples', () => {
    // Two samples along x (p = 0 and 1), 4 pixels per sample: centres at grid x = (u + 0.5) / 4 − 0.5.
    const out = new Uint8ClampedArray(8 * 4 * 4);
    paintOutputs(out, Float32Array.from([0, 1]), 1, 2, 1, false, 4);
    const expectedP = [0, 0, 0.125, 0.375, 0.625, 0.875, 1, 1];
    expectedP.forEach((p, u) => expect(pixel(out, u)).toEqual(rgba(probabilityColor(Math.round(p * 255) / 255))));
    // Every row of the 4-pixel-high image is the same (one grid row).
    expect(pixel(out, 3 * 8 + 3)).toEqual(pixel(out, 3));
    // Discretized: a crisp edge at p > 0.5, between pixels 3 and 4.
    paintOutputs(out, Float32Array.from([0, 1]), 1, 2, 1, true, 4);
    expect(pixel(out, 3)).toEqual(pixel(out, 0));
    expect(pixel(out, 4)).toEqual(pixel(out, 7));
    expect(pixel(out, 3)).not.toEqual(pixel(out, 4));
  });
});

describe('paintHeat: one colour scheme with the main view', () => {
  it('signed units: 0 is the white middle of the main canvas scale, ±max its red and blue ends, relu-sized outputs scaled', () => {
    const out = new Uint8ClampedArray(12);
    paintHeat(out, Float32Array.from([-1, 0, 1]), 3, 1);
    expect(pixel(out, 0)).toEqual(rgba(probabilityColor(0)));
    expect(pixel(out, 1)).toEqual(rgba(probabilityColor(0.5)));
    expect(pixel(out, 2)).toEqual(rgba(probabilityColor(1)));
    // A relu unit with outputs up to 5: still the full range.
    paintHeat(out, Float32Array.from([0, 2.5, 5]), 3, 1);
    expect(pixel(out, 2)).toEqual(rgba(probabilityColor(1)));
  });

  it('sigmoid/softmax units: the value is the position on the scale, so the output unit looks like the main view', () => {
    const p = Float32Array.from([0, 0.25, 0.5, 1]);
    const heat = new Uint8ClampedArray(16);
    paintHeat(heat, p, 4, 1, 4, 0, 'unit');
    const main = new Uint8ClampedArray(16);
    paintOutputs(main, p, 1, 4, 1, false);
    for (let i = 0; i < 4; i++) expect(pixel(heat, i)).toEqual(pixel(main, i));
    expect(heatScaleOf('sigmoid')).toBe('unit');
    expect(heatScaleOf('softmax')).toBe('unit');
    expect(heatScaleOf('tanh')).toBe('signed');
    expect(heatScaleOf('relu')).toBe('signed');
  });

  it('weights and keys use the same red (negative, class 0) and blue (positive, class 1); no other class is red or blue', () => {
    const hue = (c: string) => {
      const [r, g, b] = rgba(c);
      return r > b ? 'red' : 'blue';
    };
    expect(hue(NEGATIVE)).toBe('red');
    expect(hue(POSITIVE)).toBe('blue');
    expect(hue(classColor(0))).toBe('red');
    expect(hue(classColor(1))).toBe('blue');
    // Classes 2, 3, …: far from the negative and positive colours (RGB distance).
    const distance = (a: string, b: string) => Math.hypot(...rgba(a).slice(0, 3).map((v, i) => v - rgba(b)[i]!));
    for (let k = 2; k < 10; k++) {
      expect(distance(classColor(k), NEGATIVE), `class ${k}`).toBeGreaterThan(60);
      expect(distance(classColor(k), POSITIVE), `class ${k}`).toBeGreaterThan(60);
    }
  });
});
