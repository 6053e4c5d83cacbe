import { describe, expect, it } from 'vitest';
import {
  boundaryPlot,
  comparisonPlot,
  confusionMatrixPlot,
  decisionBoundaryPlot,
  decisionRegionsPlot,
  historyPlot,
  PlotInputError,
  scatterPlot,
} from '../src/index.js';
import { blobs, unitGrid } from './fixtures.js';

function errorOf(fn: () => unknown): PlotInputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PlotInputError);
    expect((e as PlotInputError).code).toBe('MLPKIT_INVALID_INPUT');
    return e as PlotInputError;
  }
  throw new Error('expected a PlotInputError');
}

describe('bad input', () => {
  const grid = unitGrid(5);
  const data = blobs([[0, 0], [1, 1]], 3, 1);

  it('rejects an empty history', () => {
    expect(errorOf(() => historyPlot({ loss: [], accuracy: [] })).message).toBe('history is empty: loss has no epochs');
  });

  it('rejects a history without loss or accuracy (plain JS callers)', () => {
    const noAccuracy = { loss: [0.5] } as unknown as Parameters<typeof historyPlot>[0];
    expect(errorOf(() => historyPlot(noAccuracy)).message).toBe(
      'history.accuracy is missing: expected an array with one value per epoch (or history.mae for regression)',
    );
    const noLoss = { accuracy: [0.5] } as unknown as Parameters<typeof historyPlot>[0];
    expect(errorOf(() => historyPlot(noLoss)).message).toBe('history.loss is missing: expected an array with one value per epoch');
  });

  it('rejects history series of different lengths and NaN values', () => {
    expect(errorOf(() => historyPlot({ loss: [1, 0.5], accuracy: [0.5] })).message).toBe(
      'history.accuracy has 1 epochs, expected 2 (same as loss)',
    );
    expect(errorOf(() => historyPlot({ loss: [1, 0.5], accuracy: [0.5, 0.6], val_loss: [1] })).message).toBe(
      'history.val_loss has 1 epochs, expected 2 (same as loss)',
    );
    expect(errorOf(() => historyPlot({ loss: [1, Number.NaN], accuracy: [0.5, 0.6] })).message).toBe(
      'history.loss[1] is NaN, expected a finite number',
    );
  });

  it('rejects a grid whose size does not match the probabilities', () => {
    expect(errorOf(() => decisionBoundaryPlot(data, grid, new Float32Array(24))).message).toBe(
      'grid size mismatch: probs has length 24, expected nx × ny × width = 5 × 5 × 1 = 25',
    );
    expect(errorOf(() => decisionRegionsPlot(data, grid, new Float32Array(25), 3)).message).toBe(
      'grid size mismatch: probs has length 25, expected nx × ny × width = 5 × 5 × 3 = 75',
    );
    expect(errorOf(() => boundaryPlot(data, grid, new Float32Array(50), 1)).message).toBe(
      'grid size mismatch: probs has length 50, expected nx × ny × width = 5 × 5 × 1 = 25',
    );
  });

  it('rejects NaN and out-of-range probabilities', () => {
    const probs = new Float32Array(25).fill(0.5);
    probs[7] = Number.NaN;
    expect(errorOf(() => decisionBoundaryPlot(data, grid, probs)).message).toBe(
      'probs[7] is NaN, expected a probability in [0, 1]',
    );
    probs[7] = 1.5;
    expect(errorOf(() => decisionBoundaryPlot(data, grid, probs)).message).toBe(
      'probs[7] is 1.5, expected a probability in [0, 1]',
    );
  });

  it('rejects bad grids, widths and levels', () => {
    const probs = new Float32Array(25).fill(0.5);
    expect(errorOf(() => decisionBoundaryPlot(null, { ...grid, nx: 1 }, probs)).message).toBe(
      'grid nx and ny must be integers >= 2, got nx=1, ny=5',
    );
    expect(
      errorOf(() => decisionBoundaryPlot(null, { ...grid, bounds: { xMin: 1, xMax: 1, yMin: 0, yMax: 1 } }, probs)).message,
    ).toBe('grid bounds must be finite with xMin < xMax and yMin < yMax, got x [1, 1], y [0, 1]');
    expect(errorOf(() => boundaryPlot(null, grid, probs, 0)).message).toBe(
      'width must be a positive integer (1 for sigmoid, K for softmax), got 0',
    );
    expect(errorOf(() => decisionRegionsPlot(null, grid, probs, 1)).message).toBe(
      'classes must be an integer >= 2 for decision regions, got 1',
    );
    expect(errorOf(() => decisionBoundaryPlot(null, grid, probs, { levels: 1 })).message).toBe(
      'levels must be an integer in 2..100, got 1',
    );
    expect(errorOf(() => comparisonPlot([])).message).toBe('comparisonPlot needs at least one panel');
  });

  it('rejects data with mismatched lengths, NaN coordinates, bad labels', () => {
    expect(errorOf(() => scatterPlot({ ...data, x: data.x.slice(0, 11) })).message).toBe(
      'data.x has length 11, expected y.length × features = 6 × 2 = 12',
    );
    const x = data.x.slice();
    x[3] = Number.NaN;
    expect(errorOf(() => scatterPlot({ ...data, x })).message).toBe('data.x[3] is NaN, expected a finite number');
    const y = data.y.slice();
    y[2] = 2;
    expect(errorOf(() => scatterPlot({ ...data, y })).message).toBe('data.y[2] is 2, expected a class id in 0..1');
    expect(errorOf(() => scatterPlot({ ...data, features: 1, x: data.x.slice(0, 6) })).message).toBe(
      'data.features is 1, expected an integer >= 2 (the plot uses the first two)',
    );
    expect(errorOf(() => scatterPlot(data, { bounds: { xMin: 0, xMax: 1, yMin: 2, yMax: Number.NaN } })).message).toBe(
      'bounds must be finite with xMin < xMax and yMin < yMax, got x [0, 1], y [2, NaN]',
    );
    expect(errorOf(() => scatterPlot({ ...data, classNames: ['a'] })).message).toBe(
      'data.classNames has 1 entries, expected 2 (data.classes)',
    );
    const probs = new Float32Array(25).fill(0.5);
    expect(errorOf(() => decisionBoundaryPlot({ ...data, x }, grid, probs)).message).toBe(
      'data.x[3] is NaN, expected a finite number',
    );
  });

  it('rejects malformed confusion matrices', () => {
    expect(errorOf(() => confusionMatrixPlot([])).message).toBe('confusion matrix is empty');
    expect(errorOf(() => confusionMatrixPlot([[1, 2], [3]])).message).toBe(
      'confusion matrix must be square: row 1 has 1 entries, expected 2',
    );
    expect(errorOf(() => confusionMatrixPlot([[1, Number.NaN], [3, 4]])).message).toBe(
      'confusion matrix entry [0][1] is NaN, expected a finite non-negative number',
    );
    expect(errorOf(() => confusionMatrixPlot([[1, 2], [3, 4]], { labels: ['a'] })).message).toBe(
      'labels has 1 entries, expected 2 (one per class)',
    );
  });
});
