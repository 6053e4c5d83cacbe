/**
 * Loss and accuracy curves with uPlot: one chart each, training and validation series. Points are
 * appended as epochs arrive and the charts redraw at most once per frame (uPlot redraws a few
 * thousand points in about a millisecond), instead of rebuilding an SVG every update. A long
 * open-ended session holds hundreds of thousands of points: uPlot draws them by pixel column, and
 * nothing here spreads them into a call.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EpochLogs } from '@mlpkit/train';
import { h } from './dom.js';

type Column = Array<number | null>;

const TRAIN = '#4f46e5';
const VALIDATION = '#c2410c';
const AXIS = '#3d4555';
const GRID = '#e9ebf0';

export class CurvesView {
  private epochs: number[] = [];
  private series: Record<'loss' | 'val_loss' | 'accuracy' | 'val_accuracy', Column> = { loss: [], val_loss: [], accuracy: [], val_accuracy: [] };
  private charts: { loss: uPlot; accuracy: uPlot } | null = null;
  private dirty = false;
  private hasValidation = false;
  private validationLabel = 'validation';
  /** The second chart's metric: accuracy (classification) or mae (regression); its series are `accuracy`/`val_accuracy` here. */
  private metric: 'accuracy' | 'mae' = 'accuracy';
  private readonly lossBox: HTMLElement;
  private readonly accuracyBox: HTMLElement;
  private readonly placeholder: HTMLElement;

  constructor(private readonly container: HTMLElement) {
    this.lossBox = h('div', { class: 'curve', role: 'img', 'aria-label': 'Loss per epoch' });
    this.accuracyBox = h('div', { class: 'curve', role: 'img', 'aria-label': 'Accuracy per epoch' });
    this.placeholder = h('p', { class: 'placeholder', text: 'Loss and accuracy curves appear here while the model trains.' });
    container.replaceChildren(this.placeholder, this.lossBox, this.accuracyBox);
    this.updateHook();
  }

  /**
   * Forgets every point; `validationLabel` names the dashed series ('validation' or 'test');
   * `metric`: the second chart's (accuracy, or a regression's mean absolute error).
   */
  reset(validationLabel: string, metric: 'accuracy' | 'mae' = 'accuracy'): void {
    this.metric = metric;
    this.accuracyBox.setAttribute('aria-label', metric === 'mae' ? 'Mean absolute error per epoch' : 'Accuracy per epoch');
    this.placeholder.textContent = `Loss and ${metric === 'mae' ? 'mean absolute error' : 'accuracy'} curves appear here while the model trains.`;
    this.epochs = [];
    for (const key of Object.keys(this.series) as Array<keyof CurvesView['series']>) this.series[key] = [];
    this.validationLabel = validationLabel;
    this.charts?.loss.destroy();
    this.charts?.accuracy.destroy();
    this.charts = null;
    this.placeholder.hidden = false;
    this.lossBox.hidden = true;
    this.accuracyBox.hidden = true;
    this.dirty = false;
    this.updateHook();
  }

  get length(): number {
    return this.epochs.length;
  }

  push(logs: readonly EpochLogs[]): void {
    for (const l of logs) {
      this.epochs.push(l.epoch);
      this.series.loss.push(l.loss);
      this.series.accuracy.push(l.accuracy ?? l.mae ?? null);
      this.series.val_loss.push(l.val_loss ?? null);
      this.series.val_accuracy.push(l.val_accuracy ?? l.val_mae ?? null);
    }
    if (logs.length) this.dirty = true;
  }

  /** Keeps the first `epochs` points (a diverged run went back to that epoch); returns the last kept log. */
  truncate(epochs: number): EpochLogs | null {
    const keep = Math.max(0, this.epochs.findIndex((e) => e > epochs));
    if (this.epochs.length > 0 && this.epochs[this.epochs.length - 1]! > epochs) {
      this.epochs.length = keep;
      for (const key of Object.keys(this.series) as Array<keyof CurvesView['series']>) this.series[key].length = keep;
      this.dirty = true;
    }
    return this.log(this.epochs.length - 1);
  }

  /** The epoch log at point `i` (null when there is none). */
  log(i: number): EpochLogs | null {
    if (i < 0 || i >= this.epochs.length) return null;
    const s = this.series;
    const vl = s.val_loss[i];
    const va = s.val_accuracy[i];
    const base = { epoch: this.epochs[i]!, loss: s.loss[i]!, ...(vl !== null && vl !== undefined ? { val_loss: vl } : {}), elapsedMs: 0 };
    const hasVal = va !== null && va !== undefined;
    return this.metric === 'mae'
      ? { ...base, mae: s.accuracy[i]!, ...(hasVal ? { val_mae: va } : {}) }
      : { ...base, accuracy: s.accuracy[i]!, ...(hasVal ? { val_accuracy: va } : {}) };
  }

  /** Redraws if points arrived since the last draw. Cheap to call every frame. */
  draw(): void {
    if (!this.dirty) return;
    this.dirty = false;
    if (this.epochs.length === 0) return;
    if (!this.charts) this.create();
    const { loss, accuracy } = this.charts!;
    const s = this.series;
    loss.setData((this.hasValidation ? [this.epochs, s.loss, s.val_loss] : [this.epochs, s.loss]) as uPlot.AlignedData);
    accuracy.setData((this.hasValidation ? [this.epochs, s.accuracy, s.val_accuracy] : [this.epochs, s.accuracy]) as uPlot.AlignedData);
    this.updateHook();
  }

  /** After a layout change: re-measure the width. */
  resize(): void {
    if (!this.charts) return;
    const size = this.size();
    this.charts.loss.setSize(size);
    this.charts.accuracy.setSize(size);
  }

  /**
   * Side by side when each chart gets ≥ 150 px; lower on short screens (a projector's 720 px),
   * so the curves fit on one screen with the canvas and the network.
   */
  private size(): { width: number; height: number } {
    const total = this.container.clientWidth || 600;
    const sideBySide = total >= 312;
    const width = Math.max(150, Math.floor(sideBySide ? (total - 12) / 2 : total));
    const tall = typeof window === 'undefined' || window.innerHeight >= 900;
    return { width, height: tall ? 190 : 140 };
  }

  private create(): void {
    this.placeholder.hidden = true;
    this.lossBox.hidden = false;
    this.accuracyBox.hidden = false;
    this.hasValidation = this.series.val_loss.some((v) => v !== null);
    const options = (title: string, valLabel: string, range?: [number, number]): uPlot.Options => ({
      ...this.size(),
      title,
      scales: { x: { time: false }, y: range ? { range } : {} },
      series: [
        { label: 'epoch' },
        { label: 'training', stroke: TRAIN, width: 2, points: { show: false } },
        // Without validation data there is no second series at all (not a greyed-out legend entry).
        ...(this.hasValidation ? [{ label: valLabel, stroke: VALIDATION, width: 2, dash: [6, 4], points: { show: false } }] : []),
      ],
      axes: [
        { stroke: AXIS, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 } },
        { stroke: AXIS, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 }, size: 46 },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { show: true, live: true },
    });
    const empty = (this.hasValidation ? [[], [], []] : [[], []]) as uPlot.AlignedData;
    this.charts = {
      loss: new uPlot(options('Loss', this.validationLabel), empty, this.lossBox),
      accuracy:
        this.metric === 'mae'
          ? new uPlot(options('Mean absolute error', this.validationLabel), empty, this.accuracyBox)
          : new uPlot(options('Accuracy', this.validationLabel, [0, 1]), empty, this.accuracyBox),
    };
  }

  /** Points drawn per series, for the tests and assistive tech. */
  private updateHook(): void {
    const count = (c: Column) => c.reduce<number>((n, v) => n + (v === null ? 0 : 1), 0);
    const drawn = this.charts ? this.epochs.length : 0;
    const s = this.series;
    const m = this.metric;
    this.container.dataset.points = drawn
      ? `loss-train:${count(s.loss)} loss-val:${count(s.val_loss)} ${m}-train:${count(s.accuracy)} ${m}-val:${count(s.val_accuracy)}`
      : `loss-train:0 loss-val:0 ${m}-train:0 ${m}-val:0`;
  }
}
