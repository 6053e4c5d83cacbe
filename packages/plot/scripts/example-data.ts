/**
 * Small deterministic data sets and models for the tests and the example figures. Plot has no
 * mlpkit dependencies, so these are generated here with a tiny LCG instead of @mlpkit/datasets.
 */
import type { GridSpec, HistoryLike, PlotData } from '../src/index.js';

/** Numerical Recipes LCG in [0, 1): tiny, deterministic, good enough for test data. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function fromPoints(points: Array<[number, number, number]>, classes: number, classNames?: string[]): PlotData {
  const x = new Float32Array(points.length * 2);
  const y = new Int32Array(points.length);
  points.forEach(([a, b, c], i) => {
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = c;
  });
  return classNames ? { x, y, features: 2, classes, classNames } : { x, y, features: 2, classes };
}

/** sklearn-style make_moons: outer moon class 0, inner moon class 1, Gaussian noise. */
export function moons(n: number, noise: number, seed: number): PlotData {
  const rand = lcg(seed);
  const normal = gaussian(rand);
  const half = Math.floor(n / 2);
  const pts: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) {
    const inner = i >= half;
    const m = inner ? n - half : half;
    const t = (Math.PI * (inner ? i - half : i)) / Math.max(1, m - 1);
    const px = inner ? 1 - Math.cos(t) : Math.cos(t);
    const py = inner ? 1 - Math.sin(t) - 0.5 : Math.sin(t);
    pts.push([px + noise * normal(), py + noise * normal(), inner ? 1 : 0]);
  }
  return fromPoints(pts, 2);
}

/** sklearn-style make_circles: outer circle class 0, inner (scaled by factor) class 1. */
export function circles(n: number, factor: number, noise: number, seed: number): PlotData {
  const normal = gaussian(lcg(seed));
  const half = Math.floor(n / 2);
  const pts: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) {
    const inner = i >= half;
    const m = inner ? n - half : half;
    const t = (2 * Math.PI * (inner ? i - half : i)) / m;
    const r = inner ? factor : 1;
    pts.push([r * Math.cos(t) + noise * normal(), r * Math.sin(t) + noise * normal(), inner ? 1 : 0]);
  }
  return fromPoints(pts, 2);
}

/** CS231n K-class spiral: n points per class. */
export function spiral(n: number, classes: number, seed: number): PlotData {
  const normal = gaussian(lcg(seed));
  const pts: Array<[number, number, number]> = [];
  for (let k = 0; k < classes; k++) {
    for (let i = 0; i < n; i++) {
      const r = i / (n - 1);
      const t = 4 * k + (4 * i) / (n - 1) + 0.2 * normal();
      pts.push([r * Math.sin(t), r * Math.cos(t), k]);
    }
  }
  return fromPoints(pts, classes, Array.from({ length: classes }, (_, k) => `class ${k}`));
}

/** Grid over the data with the tutorials' padding of 0.1. */
export function gridOver(data: PlotData, n: number): GridSpec {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let r = 0; r < data.y.length; r++) {
    xMin = Math.min(xMin, data.x[2 * r] as number);
    xMax = Math.max(xMax, data.x[2 * r] as number);
    yMin = Math.min(yMin, data.x[2 * r + 1] as number);
    yMax = Math.max(yMax, data.x[2 * r + 1] as number);
  }
  return { nx: n, ny: n, bounds: { xMin: xMin - 0.1, xMax: xMax + 0.1, yMin: yMin - 0.1, yMax: yMax + 0.1 } };
}

export function gridCoordinates(grid: GridSpec): Float32Array {
  const { nx, ny, bounds } = grid;
  const out = new Float32Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      out[2 * (j * nx + i)] = bounds.xMin + ((bounds.xMax - bounds.xMin) * i) / (nx - 1);
      out[2 * (j * nx + i) + 1] = bounds.yMin + ((bounds.yMax - bounds.yMin) * j) / (ny - 1);
    }
  }
  return out;
}

export type Model = (points: Float32Array) => Float32Array;

/**
 * Softmax regression (logistic regression for 2 classes, returned as P(class 1) only when
 * `sigmoid`), trained by full-batch gradient descent; records loss/accuracy per epoch.
 */
export function trainLinear(
  train: PlotData,
  epochs: number,
  lr: number,
  val?: PlotData,
): { model: Model; history: HistoryLike } {
  const k = train.classes;
  const w = new Float64Array(3 * k); // rows: x0, x1, bias
  const probsOf = (x0: number, x1: number, out: Float64Array) => {
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      out[c] = (w[c] as number) * x0 + (w[k + c] as number) * x1 + (w[2 * k + c] as number);
      max = Math.max(max, out[c] as number);
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += out[c] = Math.exp((out[c] as number) - max);
    for (let c = 0; c < k; c++) out[c] = (out[c] as number) / sum;
  };
  const evaluate = (d: PlotData): [number, number] => {
    const p = new Float64Array(k);
    let loss = 0;
    let correct = 0;
    for (let r = 0; r < d.y.length; r++) {
      probsOf(d.x[2 * r] as number, d.x[2 * r + 1] as number, p);
      const label = d.y[r] as number;
      loss -= Math.log(Math.max(1e-7, p[label] as number));
      let best = 0;
      for (let c = 1; c < k; c++) if ((p[c] as number) > (p[best] as number)) best = c;
      if (best === label) correct++;
    }
    return [loss / d.y.length, correct / d.y.length];
  };
  const history: Required<Pick<HistoryLike, 'loss' | 'accuracy' | 'val_loss' | 'val_accuracy'>> = { loss: [], accuracy: [], val_loss: [], val_accuracy: [] };
  const p = new Float64Array(k);
  for (let e = 0; e < epochs; e++) {
    const grad = new Float64Array(3 * k);
    for (let r = 0; r < train.y.length; r++) {
      const x0 = train.x[2 * r] as number;
      const x1 = train.x[2 * r + 1] as number;
      probsOf(x0, x1, p);
      for (let c = 0; c < k; c++) {
        const g = (p[c] as number) - (c === train.y[r] ? 1 : 0);
        grad[c] = (grad[c] as number) + g * x0;
        grad[k + c] = (grad[k + c] as number) + g * x1;
        grad[2 * k + c] = (grad[2 * k + c] as number) + g;
      }
    }
    for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) - (lr * (grad[i] as number)) / train.y.length;
    const [loss, acc] = evaluate(train);
    history.loss.push(loss);
    history.accuracy.push(acc);
    if (val) {
      const [vl, va] = evaluate(val);
      history.val_loss.push(vl);
      history.val_accuracy.push(va);
    }
  }
  const model: Model = (points) => {
    const n = points.length / 2;
    const width = k === 2 ? 1 : k;
    const out = new Float32Array(n * width);
    const q = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      probsOf(points[2 * i] as number, points[2 * i + 1] as number, q);
      if (k === 2) out[i] = q[1] as number;
      else for (let c = 0; c < k; c++) out[i * k + c] = q[c] as number;
    }
    return out;
  };
  return val ? { model, history } : { model, history: { loss: history.loss, accuracy: history.accuracy } };
}

/**
 * A smooth nonlinear classifier standing in for a trained network: Gaussian-kernel class
 * densities (Parzen windows), normalised to probabilities.
 */
export function kernelModel(train: PlotData, bandwidth: number): Model {
  const k = train.classes;
  const inv = 1 / (2 * bandwidth * bandwidth);
  return (points) => {
    const n = points.length / 2;
    const width = k === 2 ? 1 : k;
    const out = new Float32Array(n * width);
    const dens = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      dens.fill(1e-12);
      const px = points[2 * i] as number;
      const py = points[2 * i + 1] as number;
      for (let r = 0; r < train.y.length; r++) {
        const dx = px - (train.x[2 * r] as number);
        const dy = py - (train.x[2 * r + 1] as number);
        const c = train.y[r] as number;
        dens[c] = (dens[c] as number) + Math.exp(-(dx * dx + dy * dy) * inv);
      }
      const sum = dens.reduce((a, b) => a + b, 0);
      if (k === 2) out[i] = (dens[1] as number) / sum;
      else for (let c = 0; c < k; c++) out[i * k + c] = (dens[c] as number) / sum;
    }
    return out;
  };
}

/** Confusion matrix (rows true, columns predicted) of a model on data. */
export function confusionOf(model: Model, data: PlotData): number[][] {
  const k = data.classes;
  const cm = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const probs = model(data.x);
  for (let r = 0; r < data.y.length; r++) {
    let pred: number;
    if (k === 2) pred = (probs[r] as number) >= 0.5 ? 1 : 0;
    else {
      pred = 0;
      for (let c = 1; c < k; c++) if ((probs[r * k + c] as number) > (probs[r * k + pred] as number)) pred = c;
    }
    const row = cm[data.y[r] as number] as number[];
    row[pred] = (row[pred] as number) + 1;
  }
  return cm;
}

/** Splits off the last `valCount` rows as validation data. */
export function split(data: PlotData, valCount: number, seed: number): [PlotData, PlotData] {
  const n = data.y.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const rand = lcg(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const take = (idx: number[]): PlotData => {
    const x = new Float32Array(idx.length * 2);
    const y = new Int32Array(idx.length);
    idx.forEach((r, i) => {
      x[2 * i] = data.x[2 * r] as number;
      x[2 * i + 1] = data.x[2 * r + 1] as number;
      y[i] = data.y[r] as number;
    });
    return { x, y, features: 2, classes: data.classes };
  };
  return [take(order.slice(0, n - valCount)), take(order.slice(n - valCount))];
}
