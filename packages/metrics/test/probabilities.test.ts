import { describe, expect, it } from 'vitest';
import { classesFromProbabilities, DEFAULT_LOG_LOSS_EPS, logLoss } from '../src/index.js';

describe('logLoss', () => {
  it('matches the sklearn log_loss doc example (0.21616...)', () => {
    // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]); ham = 0
    const probs = Float64Array.from([0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65]);
    expect(logLoss([1, 0, 0, 1], Array.from(probs))).toBeCloseTo(0.21616, 5);
    expect(logLoss([1, 0, 0, 1], Array.from(probs), { classes: 2 })).toBeCloseTo(
      -(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4,
      14,
    );
  });

  it('binary width 1 uses P(class 1)', () => {
    expect(logLoss([1, 0], [0.9, 0.2])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 14);
    // the same data as two-column rows gives the same value
    expect(logLoss([1, 0], [0.1, 0.9, 0.8, 0.2], { classes: 2 })).toBeCloseTo(
      logLoss([1, 0], [0.9, 0.2], { classes: 1 }),
      14,
    );
    // Float32Array input: computed from the float32 values in float64
    expect(logLoss([1], Float32Array.from([0.75]))).toBeCloseTo(-Math.log(0.75), 14);
  });

  it('categorical over 3 classes', () => {
    const probs = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.1, 0.8, 0.25, 0.5, 0.25]);
    const expected = -(Math.log(Math.fround(0.7)) + Math.log(Math.fround(0.8)) + Math.log(0.5)) / 3;
    expect(logLoss([0, 2, 1], probs, { classes: 3 })).toBeCloseTo(expected, 6);
  });

  it('uniform predictions give ln(k)', () => {
    expect(logLoss([0, 1, 2, 3], new Array(16).fill(0.25))).toBeCloseTo(Math.log(4), 14);
    expect(logLoss([0, 1], [0.5, 0.5])).toBeCloseTo(Math.log(2), 14);
  });

  it('clips 0 and 1 to [eps, 1 - eps] (default eps 1e-7 like Keras)', () => {
    expect(DEFAULT_LOG_LOSS_EPS).toBe(1e-7);
    // a confident wrong prediction costs -ln(1e-7) ≈ 16.118 instead of Infinity
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-7), 10);
    // 1 - (1 - eps) loses a few bits in float64
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-7), 8);
    expect(logLoss([0], [1, 0], { classes: 2 })).toBeCloseTo(-Math.log(1 - 1e-7), 12);
    expect(logLoss([1], [1, 0], { classes: 2 })).toBeCloseTo(-Math.log(1e-7), 10);
    // a confident right prediction costs -ln(1 - eps), not 0
    expect(logLoss([1, 0], [1, 0])).toBeCloseTo(-Math.log(1 - 1e-7), 14);
    expect(logLoss([1, 0], [1, 0])).toBeGreaterThan(0);
    // custom eps (sklearn's old default)
    expect(logLoss([1], [0], { eps: 1e-15 })).toBeCloseTo(-Math.log(1e-15), 10);
    expect(logLoss([1], [0], { eps: 0 })).toBe(Infinity);
  });

  it('divides each categorical row by its sum, like Keras', () => {
    expect(logLoss([0], [0.5, 0.25], { classes: 2 })).toBeCloseTo(-Math.log(2 / 3), 14);
  });
});

describe('classesFromProbabilities', () => {
  it('width 1 predicts class 1 only above 0.5 (Keras binary_accuracy: 0.5 itself is class 0)', () => {
    expect(Array.from(classesFromProbabilities(Float32Array.from([0.1, 0.5, 0.5000001, 0.49, 0.99]), 1))).toEqual([0, 0, 1, 0, 1]);
  });

  it('argmax per row, first index on ties', () => {
    const probs = Float32Array.from([0.2, 0.5, 0.3, 0.4, 0.4, 0.2, 0.1, 0.1, 0.8]);
    const classes = classesFromProbabilities(probs, 3);
    expect(classes).toBeInstanceOf(Int32Array);
    expect(Array.from(classes)).toEqual([1, 0, 2]);
    expect(Array.from(classesFromProbabilities([0.6, 0.4], 2))).toEqual([0]);
    expect(classesFromProbabilities(new Float32Array(0), 3)).toHaveLength(0);
  });
});
