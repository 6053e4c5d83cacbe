import { describe, expect, it } from 'vitest';
import {
  comparisonPlot,
  confusionMatrixPlot,
  decisionBoundaryPlot,
  decisionRegionsPlot,
  historyPlot,
  scatterPlot,
} from '../src/index.js';
import { blobs, overGrid, sigmoid, softmax, unitGrid } from './fixtures.js';

// Small inputs keep the committed snapshots readable.
function render(): Record<string, string> {
  const grid = unitGrid(9);
  const two = blobs([[-1, 0], [1, 0]], 4, 21);
  const three = blobs([[-1, -1], [1, -1], [0, 1]], 3, 22);
  const lr = overGrid(grid, 1, (x, y) => [sigmoid(2 * x + y)]);
  const ring = overGrid(grid, 1, (x, y) => [sigmoid(3 * (x * x + y * y - 1))]);
  const regions = overGrid(grid, 3, (x, y) => softmax([-x - y, x - y, 2 * y]));
  return {
    scatter: scatterPlot(two, { title: 'two blobs' }),
    boundary: decisionBoundaryPlot(two, grid, lr, { levels: 4 }),
    regions: decisionRegionsPlot(three, grid, regions, 3),
    comparison: comparisonPlot([
      { title: 'LR', data: two, grid, probs: lr, width: 1 },
      { title: 'ANN', data: two, grid, probs: ring, width: 1 },
    ]),
    history: historyPlot({ loss: [0.7, 0.5, 0.4], accuracy: [0.5, 0.7, 0.8], val_loss: [0.72, 0.55, 0.45], val_accuracy: [0.5, 0.65, 0.75] }),
    confusion: confusionMatrixPlot([[5, 1], [2, 4]], { labels: ['neg', 'pos'] }),
  };
}

describe('SVG output', () => {
  const first = render();

  it.each(Object.keys(first))('%s matches the committed snapshot', (name) => {
    expect(first[name]).toMatchSnapshot();
  });

  it('is deterministic: the same input gives the identical string', () => {
    expect(render()).toEqual(first);
  });

  it('never prints NaN, undefined or Infinity', () => {
    for (const svg of Object.values(first)) expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });
});
