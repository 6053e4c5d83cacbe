import { describe, expect, it } from 'vitest';
import { formatFixed } from '../src/index.js';

describe("formatFixed = Python's '{:.Nf}'", () => {
  it('rounds exact binary ties half-to-even where toFixed rounds up', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect((0.125).toFixed(2)).toBe('0.13'); // why toFixed is not used
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(0.0625, 2)).toBe('0.06');
    expect(formatFixed(0.5, 0)).toBe('0');
    expect(formatFixed(1.5, 0)).toBe('2');
    expect(formatFixed(2.5, 0)).toBe('2');
  });

  it('rounds by the exact binary value, not the shortest decimal', () => {
    // 2.675 is stored as 2.67499999999999982236431605997495353221893310546875
    expect(formatFixed(2.675, 2)).toBe('2.67');
    // 1.005 is stored just below 1.005 as well
    expect(formatFixed(1.005, 2)).toBe('1.00');
    // 0.285 is stored as 0.284999999999999975575093458246556110680103302001953125
    expect(formatFixed(0.285, 2)).toBe('0.28');
    // 0.145 is stored as 0.1449999999999999900079927783735911361873149871826171875
    expect(formatFixed(0.145, 2)).toBe('0.14');
  });

  it('pads, scales and signs like Python', () => {
    expect(formatFixed(2 / 3, 2)).toBe('0.67');
    expect(formatFixed(2 / 3, 13)).toBe('0.6666666666667');
    expect(formatFixed(1, 4)).toBe('1.0000');
    expect(formatFixed(0, 3)).toBe('0.000');
    expect(formatFixed(123.456, 1)).toBe('123.5');
    expect(formatFixed(1e21, 0)).toBe('1000000000000000000000');
    expect(formatFixed(5e-324, 3)).toBe('0.000');
    expect(formatFixed(-0.004, 2)).toBe('-0.00');
    expect(formatFixed(-1.25, 1)).toBe('-1.2');
    expect(formatFixed(NaN, 2)).toBe('nan');
    expect(formatFixed(Infinity, 2)).toBe('inf');
    expect(formatFixed(-Infinity, 2)).toBe('-inf');
  });

  it('agrees with toFixed away from exact ties', () => {
    // k/97 is never an exact tie in binary at 1..6 decimals
    for (let k = 0; k <= 97; k++) {
      for (let d = 1; d <= 6; d++) expect(formatFixed(k / 97, d)).toBe((k / 97).toFixed(d));
    }
  });
});
