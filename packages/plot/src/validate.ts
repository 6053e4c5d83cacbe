import { PlotInputError } from './errors.js';
import type { Bounds, GridSpec, HistoryLike, PlotData } from './types.js';

export function validateData(data: PlotData): void {
  const { x, y, features, classes } = data;
  if (!Number.isInteger(features) || features < 2) {
    throw new PlotInputError(`data.features is ${features}, expected an integer >= 2 (the plot uses the first two)`);
  }
  if (!Number.isInteger(classes) || classes < 1) {
    throw new PlotInputError(`data.classes is ${classes}, expected a positive integer`);
  }
  if (x.length !== y.length * features) {
    throw new PlotInputError(
      `data.x has length ${x.length}, expected y.length × features = ${y.length} × ${features} = ${y.length * features}`,
    );
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (!Number.isFinite(v)) throw new PlotInputError(`data.x[${i}] is ${v}, expected a finite number`);
  }
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new PlotInputError(`data.y[${i}] is ${v}, expected a class id in 0..${classes - 1}`);
    }
  }
  if (data.classNames !== undefined && data.classNames.length !== classes) {
    throw new PlotInputError(`data.classNames has ${data.classNames.length} entries, expected ${classes} (data.classes)`);
  }
}

/** `what` names the bounds in the message ("grid bounds", "bounds"). */
export function validateBounds(bounds: Bounds, what: string): void {
  const { xMin, xMax, yMin, yMax } = bounds;
  if (![xMin, xMax, yMin, yMax].every(Number.isFinite) || !(xMin < xMax) || !(yMin < yMax)) {
    throw new PlotInputError(
      `${what} must be finite with xMin < xMax and yMin < yMax, got x [${xMin}, ${xMax}], y [${yMin}, ${yMax}]`,
    );
  }
}

export function validateGrid(grid: GridSpec): void {
  const { nx, ny, bounds } = grid;
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2) {
    throw new PlotInputError(`grid nx and ny must be integers >= 2, got nx=${nx}, ny=${ny}`);
  }
  validateBounds(bounds, 'grid bounds');
}

export function validateWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1) {
    throw new PlotInputError(`width must be a positive integer (1 for sigmoid, K for softmax), got ${width}`);
  }
}

export function validateProbs(grid: GridSpec, probs: Float32Array, width: number): void {
  validateGrid(grid);
  validateWidth(width);
  const expected = grid.nx * grid.ny * width;
  if (probs.length !== expected) {
    throw new PlotInputError(
      `grid size mismatch: probs has length ${probs.length}, expected nx × ny × width = ${grid.nx} × ${grid.ny} × ${width} = ${expected}`,
    );
  }
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i] as number;
    if (!(p >= 0 && p <= 1)) throw new PlotInputError(`probs[${i}] is ${p}, expected a probability in [0, 1]`);
  }
}

export function validateLevels(levels: number): void {
  if (!Number.isInteger(levels) || levels < 2 || levels > 100) {
    throw new PlotInputError(`levels must be an integer in 2..100, got ${levels}`);
  }
}

function validateSeries(name: string, values: number[] | undefined, epochs: number): void {
  if (values === undefined) return;
  if (values.length !== epochs) {
    throw new PlotInputError(`history.${name} has ${values.length} epochs, expected ${epochs} (same as loss)`);
  }
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new PlotInputError(`history.${name}[${i}] is ${v}, expected a finite number`);
  });
}

export function validateHistory(h: HistoryLike): void {
  // Plain JS callers (or a Keras history with other metric names) can leave these out.
  if (!Array.isArray(h.loss)) throw new PlotInputError('history.loss is missing: expected an array with one value per epoch');
  if (!Array.isArray(h.accuracy) && !Array.isArray(h.mae)) {
    throw new PlotInputError('history.accuracy is missing: expected an array with one value per epoch (or history.mae for regression)');
  }
  if (h.loss.length === 0) throw new PlotInputError('history is empty: loss has no epochs');
  const epochs = h.loss.length;
  validateSeries('loss', h.loss, epochs);
  validateSeries('accuracy', h.accuracy, epochs);
  validateSeries('val_loss', h.val_loss, epochs);
  validateSeries('val_accuracy', h.val_accuracy, epochs);
  validateSeries('mae', h.mae, epochs);
  validateSeries('val_mae', h.val_mae, epochs);
}

export function validateConfusion(cm: number[][], labels: string[] | undefined): void {
  if (cm.length === 0) throw new PlotInputError('confusion matrix is empty');
  const k = cm.length;
  cm.forEach((row, i) => {
    if (row.length !== k) {
      throw new PlotInputError(`confusion matrix must be square: row ${i} has ${row.length} entries, expected ${k}`);
    }
    row.forEach((v, j) => {
      if (!Number.isFinite(v) || v < 0) {
        throw new PlotInputError(`confusion matrix entry [${i}][${j}] is ${v}, expected a finite non-negative number`);
      }
    });
  });
  if (labels !== undefined && labels.length !== k) {
    throw new PlotInputError(`labels has ${labels.length} entries, expected ${k} (one per class)`);
  }
}
