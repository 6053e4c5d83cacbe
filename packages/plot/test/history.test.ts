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

  it('draws a 200,000-epoch history (no call-stack overflow) as a small path that keeps every extreme', () => {
    // A long open-ended playground session: spreading this into Math.max overflowed the stack.
    const n = 200_000;
    const loss = Array.from({ length: n }, (_, i) => 0.5 + 0.1 * Math.sin(i / 500));
    const accuracy = Array.from({ length: n }, (_, i) => 0.8 + 0.1 * Math.cos(i / 700));
    loss[123_456] = 7.5; // one spike: the y axis and the path must still reach it
    accuracy[77_777] = 0.05;
    const h = { loss, accuracy, val_loss: loss.map((v) => v + 0.01), val_accuracy: accuracy.map((v) => v - 0.01) };
    const svgText = historyPlot(h);
    expect(svgText).not.toMatch(/NaN|undefined|Infinity/);
    const svg = parseSvg(svgText);
    expect(one(svg, 'title').text).toBe(`Loss: ${loss[n - 1]!.toFixed(3)}, Accuracy: ${accuracy[n - 1]!.toFixed(3)}`);
    const frame = (name: string) => one(svg, name).children[0]!.attrs.d as string;
    for (const name of ['loss-train', 'loss-val', 'accuracy-train', 'accuracy-val']) {
      const pts = pathPoints(frame(name));
      // At most 4 vertices per pixel column of the (≈ 335 px wide) panel, in epoch order.
      expect(pts.length).toBeLessThanOrEqual(4 * 340);
      expect(pts.length).toBeGreaterThan(300);
      for (let i = 1; i < pts.length; i++) expect(pts[i]![0]).toBeGreaterThanOrEqual(pts[i - 1]![0]);
    }
    // The spike is the highest vertex of the loss path (smallest SVG y), the dip the lowest of accuracy.
    const lossPts = pathPoints(frame('loss-train'));
    const top = Math.min(...lossPts.map((p) => p[1]));
    const spikeX = lossPts.find((p) => p[1] === top)![0];
    const first = lossPts[0]![0];
    const last = lossPts[lossPts.length - 1]![0];
    expect((spikeX - first) / (last - first)).toBeCloseTo(123_456 / (n - 1), 2);
    // The loss axis reaches the spike (7.5 → a nice domain of at least 7.5).
    const yTicks = byClass(svg, 'y-ticks')[0]!;
    expect(Math.max(...texts(yTicks).map(Number))).toBeGreaterThanOrEqual(7.5);
    const accPts = pathPoints(frame('accuracy-train'));
    const bottom = Math.max(...accPts.map((p) => p[1]));
    expect(accPts.filter((p) => p[1] === bottom)).toHaveLength(1);
  });

  it('keeps every epoch of a run shorter than 4 points per pixel column', () => {
    const n = 1000;
    const h = { loss: Array.from({ length: n }, (_, i) => 1 / (i + 1)), accuracy: Array.from({ length: n }, (_, i) => i / n) };
    const svg = parseSvg(historyPlot(h));
    expect(pathPoints(one(svg, 'loss-train').children[0]!.attrs.d as string)).toHaveLength(n);
  });
});
