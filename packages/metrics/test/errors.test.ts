import { describe, expect, it } from 'vitest';
import {
  accuracy,
  classesFromProbabilities,
  classificationReport,
  confusionMatrix,
  logLoss,
  MetricsInputError,
} from '../src/index.js';

/** Runs fn and returns what it threw (fails the test if it did not throw). */
function thrown(fn: () => unknown): MetricsInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MetricsInputError);
    expect(error).toBeInstanceOf(Error);
    return error as MetricsInputError;
  }
  throw new Error('expected a MetricsInputError');
}

describe('MetricsInputError', () => {
  it('carries code MLPKIT_INVALID_INPUT and its name', () => {
    const error = thrown(() => accuracy([0, 1], [0]));
    expect(error.code).toBe('MLPKIT_INVALID_INPUT');
    expect(error.name).toBe('MetricsInputError');
  });

  it('length mismatch and empty input', () => {
    for (const fn of [accuracy, confusionMatrix, classificationReport]) {
      expect(thrown(() => fn([0, 1, 1], [0, 1])).message).toBe(
        'yTrue and yPred have different lengths: 3 vs 2',
      );
      expect(thrown(() => fn([], [])).message).toBe(
        'yTrue and yPred are empty: metrics need at least one sample',
      );
    }
    expect(thrown(() => logLoss([], [])).message).toBe(
      'yTrue is empty: log loss needs at least one sample',
    );
  });

  it('labels that are not class ids', () => {
    expect(thrown(() => accuracy([0, 1.5], [0, 1])).message).toBe(
      'yTrue[1] = 1.5 is not a class id (a non-negative integer)',
    );
    expect(thrown(() => confusionMatrix([0, 1], [0, -1])).message).toBe(
      'yPred[1] = -1 is not a class id (a non-negative integer)',
    );
    expect(thrown(() => classificationReport([0, NaN], [0, 1])).message).toBe(
      'yTrue[1] = NaN is not a class id (a non-negative integer)',
    );
  });

  it('labels out of range for classes', () => {
    expect(thrown(() => confusionMatrix([0, 1, 2], [0, 1, 3], { classes: 3 })).message).toBe(
      'yPred[2] = 3 is out of range for classes = 3 (ids 0..2)',
    );
    expect(thrown(() => classificationReport([0, 4], [0, 1], { classes: 2 })).message).toBe(
      'yTrue[1] = 4 is out of range for classes = 2 (ids 0..1)',
    );
    expect(thrown(() => confusionMatrix([0], [0], { classes: 0 })).message).toBe(
      'classes must be a positive integer, got 0',
    );
    expect(thrown(() => logLoss([0, 2], [0.5, 0.5, 0.5, 0.5], { classes: 2 })).message).toBe(
      'yTrue[1] = 2 is out of range for classes = 2 (ids 0..1)',
    );
    expect(thrown(() => logLoss([0, 2], [0.5, 0.5])).message).toBe(
      'yTrue[1] = 2 is out of range for classes = 2 (ids 0..1)',
    );
  });

  it('class names that do not cover the reported classes', () => {
    expect(
      thrown(() => classificationReport([0, 1, 2], [0, 1, 1], { classNames: ['a', 'b'] })).message,
    ).toBe('classNames has 2 names but class id 2 needs one (classNames[i] names class id i)');
  });

  it('bad zeroDivision', () => {
    expect(
      thrown(() => classificationReport([0], [0], { zeroDivision: 2 as unknown as 0 })).message,
    ).toBe('zeroDivision must be 0 or 1, got 2');
  });

  it('NaN and out-of-range probabilities', () => {
    expect(thrown(() => logLoss([0, 1], [0.2, NaN])).message).toBe('probs[1] is NaN');
    expect(thrown(() => logLoss([0, 1], Float32Array.from([0.2, 1.5]))).message).toBe(
      'probs[1] = 1.5 is not a probability in [0, 1]',
    );
    expect(thrown(() => logLoss([0], [-0.1, 1.1], { classes: 2 })).message).toBe(
      'probs[0] = -0.1 is not a probability in [0, 1]',
    );
    expect(thrown(() => logLoss([0], [0, 0], { classes: 2 })).message).toBe('probs row 0 sums to 0');
    expect(thrown(() => classesFromProbabilities([0.5, NaN], 2)).message).toBe('probs[1] is NaN');
  });

  it('probability arrays of the wrong size', () => {
    expect(thrown(() => logLoss([0, 1], [0.2, 0.3, 0.5])).message).toBe(
      'probs has 3 values, not a positive multiple of yTrue.length = 2; pass classes',
    );
    expect(thrown(() => logLoss([0, 1, 1], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], { classes: 2 })).message).toBe(
      'probs has 7 values, expected yTrue.length × classes = 3 × 2 = 6',
    );
    expect(thrown(() => logLoss([0], [0.5], { eps: 0.5 })).message).toBe('eps must be in [0, 0.5), got 0.5');
    expect(thrown(() => classesFromProbabilities([0.5, 0.5, 0.1], 2)).message).toBe(
      'probs has 3 values, not a multiple of width = 2',
    );
    expect(thrown(() => classesFromProbabilities([0.5], 0)).message).toBe(
      'width must be a positive integer, got 0',
    );
  });
});
