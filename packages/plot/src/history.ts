import { schemeTableau10 } from 'd3-scale-chromatic';
import { fixed3, num } from './format.js';
import { axes, legend, linearScale, plotTitle, svgDocument, text, type Frame, type LegendEntry, type Scale } from './svg.js';
import type { CommonOptions, HistoryLike } from './types.js';
import { validateHistory } from './validate.js';

const TRAIN_COLOR = schemeTableau10[0] as string;
const VAL_COLOR = schemeTableau10[1] as string;

function series(values: number[], x: Scale, y: Scale, color: string, dashed: boolean, className: string): string {
  const d = values.map((v, i) => `${i === 0 ? 'M' : 'L'}${num(x(i + 1))},${num(y(v))}`).join('');
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
 * tutorials' `plot_loss_accuracy`: "Loss: x.xxx, Accuracy: x.xxx" for the last epoch.
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
  const accFrame: Frame = { left: left + panelWidth + gap, top, width: panelWidth, height: frameHeight };
  const lossMax = Math.max(...h.loss, ...(h.val_loss ?? []));
  const lossScale = linearScale([0, lossMax > 0 ? lossMax * 1.05 : 1], [0, 1]).nice();
  const accMax = Math.max(1, ...h.accuracy, ...(h.val_accuracy ?? []));
  const accMin = Math.min(0, ...h.accuracy, ...(h.val_accuracy ?? []));
  const metrics = `Loss: ${fixed3(h.loss[epochs - 1] as number)}, Accuracy: ${fixed3(h.accuracy[epochs - 1] as number)}`;
  const title = o.title ? `${o.title} — ${metrics}` : metrics;
  const entries: LegendEntry[] = [{ label: 'training', color: TRAIN_COLOR, kind: 'line' }];
  if (h.val_loss || h.val_accuracy) entries.push({ label: 'validation', color: VAL_COLOR, kind: 'line', dashed: true });
  const body =
    plotTitle(width, title) +
    panel(lossFrame, epochs, lossScale.domain() as [number, number], 'Loss', h.loss, h.val_loss, 'loss') +
    panel(accFrame, epochs, [accMin, accMax], 'Accuracy', h.accuracy, h.val_accuracy, 'accuracy') +
    legend(accFrame.left + accFrame.width + 18, top, entries);
  return svgDocument(width, height, title, body);
}
