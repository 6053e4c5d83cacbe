import { describe, expect, it } from 'vitest';
import { historyPlot } from '../src/index.js';
import { all, byClass, one, parseSvg, pathPoints, texts } from './svg-tree.js';

const epochs = 40;
const history = {
  loss: Array.from({ length: epochs }, (_, i) => 0.7 * Math.exp(-i / 10) + 0.05),
  accuracy: Array.from({ length: epochs }, (_, i) => 1 - 0.5 * Math.exp(-i / 8)),
  val_loss: Array.from({ length: epochs }, (_, i) => 0.75 * Math.exp(-i / 11) + 0.08),
  val_accuracy: Array.from({ length: epochs }, (_, i) => 0.98 - 0.5 * Math.exp(-i / 9)),
};

describe('historyPlot', () => {
  it('titles the plot with the last epoch’s loss and accuracy to 3 decimals', () => {
    const svg = parseSvg(historyPlot({ loss: [0.9, 0.27249], accuracy: [0.5, 0.8625] }));
    expect(one(svg, 'title').text).toBe('Loss: 0.272, Accuracy: 0.863');
    expect(svg.children.find((n) => n.name === 'title')?.text).toBe('Loss: 0.272, Accuracy: 0.863');
  });

  it('prefixes a given title', () => {
    const svg = parseSvg(historyPlot({ loss: [0.5], accuracy: [0.75] }, { title: 'moons-logreg' }));
    expect(one(svg, 'title').text).toBe('moons-logreg — Loss: 0.500, Accuracy: 0.750');
  });

  it('draws loss and accuracy panels with training and validation curves', () => {
    const svg = parseSvg(historyPlot(history));
    expect(byClass(svg, 'panel-title').map((t) => t.text)).toEqual(['Loss', 'Accuracy']);
    for (const name of ['loss-train', 'loss-val', 'accuracy-train', 'accuracy-val']) {
      const path = one(svg, name).children[0];
      expect(pathPoints(path?.attrs.d as string)).toHaveLength(epochs);
    }
    expect(texts(one(svg, 'legend'))).toEqual(['training', 'validation']);
    expect(byClass(svg, 'x-label').map((n) => n.text)).toEqual(['Epoch', 'Epoch']);
    expect(byClass(svg, 'y-label').map((n) => n.text)).toEqual(['Loss', 'Accuracy']);
    // 40 epochs: lines only, no markers.
    expect(all(svg, (n) => n.name === 'circle')).toHaveLength(0);
  });

  it('plots higher values higher: the falling loss curve descends left to right', () => {
    const svg = parseSvg(historyPlot(history));
    const pts = pathPoints(one(svg, 'loss-train').children[0]?.attrs.d as string);
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i]?.[0]).toBeGreaterThan(pts[i - 1]?.[0] as number);
      expect(pts[i]?.[1]).toBeGreaterThanOrEqual(pts[i - 1]?.[1] as number);
    }
  });

  it('omits validation curves and legend entry without validation data', () => {
    const svg = parseSvg(historyPlot({ loss: history.loss, accuracy: history.accuracy }));
    expect(byClass(svg, 'loss-val')).toHaveLength(0);
    expect(texts(one(svg, 'legend'))).toEqual(['training']);
  });

  it('marks the points of short runs, including a single epoch', () => {
    const svg = parseSvg(historyPlot({ loss: [0.69], accuracy: [0.496], val_loss: [0.7], val_accuracy: [0.49] }));
    expect(all(svg, (n) => n.name === 'circle')).toHaveLength(4);
    for (const ticks of byClass(svg, 'x-ticks')) expect(texts(ticks)).toEqual(['1']);
    expect(historyPlot({ loss: [0.69], accuracy: [0.496] })).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('uses only integer epoch ticks', () => {
    const svg = parseSvg(historyPlot({ loss: [1, 0.8, 0.6], accuracy: [0.2, 0.5, 0.7] }));
    for (const t of byClass(svg, 'x-ticks').flatMap((n) => texts(n))) expect(t).toMatch(/^\d+$/);
  });
});
