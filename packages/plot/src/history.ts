import { max, min } from 'd3-array';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { fixed3, num } from './format.js';
import { axes, legend, linearScale, plotTitle, svgDocument, text, type Frame, type LegendEntry, type Scale } from './svg.js';
import type { CommonOptions, HistoryLike } from './types.js';
import { validateHistory } from './validate.js';

const TRAIN_COLOR = schemeTableau10[0] as string;
const VAL_COLOR = schemeTableau10[1] as string;

/**
 * Largest and smallest value over several per-epoch series (plus `floor`), by loops (d3-array):
 * spreading a long history into Math.max overflows the call stack (a 35,000-epoch run did).
 */
function largest(floor: number, ...lists: Array<readonly number[] | undefined>): number {
  let out = floor;
  for (const list of lists) if (list) out = Math.max(out, max(list) ?? -Infinity);
  return out;
}

function smallest(ceiling: number, ...lists: Array<readonly number[] | undefined>): number {
  let out = ceiling;
  for (const list of lists) if (list) out = Math.min(out, min(list) ?? Infinity);
  return out;
}

/** Above this many points per pixel column of the panel, a series is reduced (see pathPoints). */
const POINTS_PER_COLUMN = 4;

/**
 * The path's vertices: every epoch for short runs; for a run with more than POINTS_PER_COLUMN
 * epochs per pixel column, the first, lowest, highest and last value of each column, in epoch
 * order (the M4 reduction), which draws the same pixels from at most 4 vertices per column. A
 * 200,000-epoch history stays a small SVG.
 */
function pathPoints(values: readonly number[], x: Scale): Array<[number, number]> {
  const n = values.length;
  const [x0, x1] = x.range() as [number, number];
  const columns = Math.max(1, Math.ceil(Math.abs(x1 - x0)));
  if (n <= POINTS_PER_COLUMN * columns) return values.map((v, i) => [i + 1, v]);
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i < n) {
    const column = Math.floor(x(i + 1));
    let lo = i;
    let hi = i;
    let j = i + 1;
    for (; j < n && Math.floor(x(j + 1)) === column; j++) {
      if (values[j]! < values[lo]!) lo = j;
      if (values[j]! > values[hi]!) hi = j;
    }
    const last = j - 1;
    for (const k of [...new Set([i, lo, hi, last])].sort((a, b) => a - b)) out.push([k + 1, values[k]!]);
    i = j;
  }
  return out;
}

function series(values: number[], x: Scale, y: Scale, color: string, dashed: boolean, className: string): string {
  const d = pathPoints(values, x)
    .map(([epoch, v], i) => `${i === 0 ? 'M' : 'L'}${num(x(epoch))},${num(y(v))}`)
    .join('');
  const dash = dashed ? ' stroke-dasharray="6 3"' : '';
  let out = `<g class="series ${className}">`;
  out += `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`;
  // Markers keep short runs (a single epoch, a few epochs) visible.
  if (values.length <= 30) {
    out += `<g fill="${color}">${values.map((v, i) => `<circle cx="${num(x(i + 1))}" cy="${num(y(v))}" r="2.5"/>`).join('')}</g>`;
  }
  return out + '</g>';
}

function panel(
  frame: Frame,
  epochs: number,
  yDomain: [number, number],
  label: string,
  train: number[],
  val: number[] | undefined,
  name: string,
): string {
  const x = linearScale(epochs === 1 ? [0.5, 1.5] : [1, epochs], [frame.left, frame.left + frame.width]);
  const y = linearScale(yDomain, [frame.top + frame.height, frame.top]);
  let out = `<g class="panel ${name}">`;
  out += axes(frame, x, y, { xLabel: 'Epoch', yLabel: label, grid: true, integerX: true });
  out += series(train, x, y, TRAIN_COLOR, false, `${name}-train`);
  if (val) out += series(val, x, y, VAL_COLOR, true, `${name}-val`);
  out += text(frame.left + frame.width / 2, frame.top - 10, label, { anchor: 'middle', size: 14, className: 'panel-title' });
  return out + '</g>';
}

/**
 * Loss and accuracy per epoch in two panels (training solid, validation dashed), titled like the
 * tutorials' `plot_loss_accuracy`: "Loss: x.xxx, Accuracy: x.xxx" for the last epoch. For a
 * regression history (`mae` instead of `accuracy`) the second panel is the mean absolute error.
 */
export function historyPlot(h: HistoryLike, o: CommonOptions = {}): string {
  validateHistory(h);
  const epochs = h.loss.length;
  const width = o.width ?? 960;
  const height = o.height ?? 420;
  const gutter = 140;
  const gap = 80;
  const top = 76;
  const left = 70;
  const panelWidth = (width - left - gutter - gap) / 2;
  const frameHeight = height - top - 58;
  const lossFrame: Frame = { left, top, width: panelWidth, height: frameHeight };
  const secondFrame: Frame = { left: left + panelWidth + gap, top, width: panelWidth, height: frameHeight };
  const lossMax = largest(-Infinity, h.loss, h.val_loss);
  const lossScale = linearScale([0, lossMax > 0 ? lossMax * 1.05 : 1], [0, 1]).nice();
  const regression = !h.accuracy;
  let second: string;
  let metrics: string;
  if (regression) {
    const mae = h.mae!;
    const maeMax = largest(-Infinity, mae, h.val_mae);
    const maeScale = linearScale([0, maeMax > 0 ? maeMax * 1.05 : 1], [0, 1]).nice();
    second = panel(secondFrame, epochs, maeScale.domain() as [number, number], 'MAE', mae, h.val_mae, 'mae');
    metrics = `Loss: ${fixed3(h.loss[epochs - 1] as number)}, MAE: ${fixed3(mae[epochs - 1] as number)}`;
  } else {
    const accuracy = h.accuracy!;
    const accMax = largest(1, accuracy, h.val_accuracy);
    const accMin = smallest(0, accuracy, h.val_accuracy);
    second = panel(secondFrame, epochs, [accMin, accMax], 'Accuracy', accuracy, h.val_accuracy, 'accuracy');
    metrics = `Loss: ${fixed3(h.loss[epochs - 1] as number)}, Accuracy: ${fixed3(accuracy[epochs - 1] as number)}`;
  }
  const title = o.title ? `${o.title} — ${metrics}` : metrics;
  const entries: LegendEntry[] = [{ label: 'training', color: TRAIN_COLOR, kind: 'line' }];
  if (h.val_loss || h.val_accuracy || h.val_mae) entries.push({ label: 'validation', color: VAL_COLOR, kind: 'line', dashed: true });
  const body =
    plotTitle(width, title) +
    panel(lossFrame, epochs, lossScale.domain() as [number, number], 'Loss', h.loss, h.val_loss, 'loss') +
    second +
    legend(secondFrame.left + secondFrame.width + 18, top, entries);
  return svgDocument(width, height, title, body);
}
