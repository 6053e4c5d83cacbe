import { networkInputs, type ModelSpec, type ResolvedOptimizer } from '@mlpkit/models/core';
import { evalResult } from '../inputs.js';
import type { EvalResult } from '../types.js';
import {
  ACT_LINEAR,
  ACT_RELU,
  ACT_SIGMOID,
  ACT_SOFTMAX,
  ACT_TANH,
  activationBackward,
  denseBackwardInput,
  denseBackwardParams,
  denseForward,
} from './kernels.js';
import { LOSS_BCE, LOSS_CCE, LOSS_HUBER, LOSS_MAE, LOSS_MSE, LOSS_SPARSE_CCE, absErrorSum, countCorrect, lossForwardBackward } from './losses.js';
import { FusedOptimizer } from './optimizers.js';
import { TrainOptionsError } from '../errors.js';

const fround = Math.fround;

const ACTIVATION_CODES: Record<string, number> = {
  linear: ACT_LINEAR,
  relu: ACT_RELU,
  tanh: ACT_TANH,
  sigmoid: ACT_SIGMOID,
  softmax: ACT_SOFTMAX,
};

const LOSS_CODES: Record<string, number> = {
  binaryCrossentropy: LOSS_BCE,
  categoricalCrossentropy: LOSS_CCE,
  sparseCategoricalCrossentropy: LOSS_SPARSE_CCE,
  meanSquaredError: LOSS_MSE,
  meanAbsoluteError: LOSS_MAE,
  huber: LOSS_HUBER,
};

/** Rows per chunk when predicting (the inference buffers are sized for this). */
const PREDICT_CHUNK = 512;

export interface FusedNetworkOptions {
  /** The optimizer with every hyper-parameter resolved (resolveOptimizer of @mlpkit/models). */
  optimizer: ResolvedOptimizer;
  /** Initial capacity of the training buffers, in rows; grows on demand. Default 32. */
  maxBatch?: number;
}

/** Per-layer buffers for a given number of rows. */
interface Buffers {
  rows: number;
  /** Activations of each layer (rows × units). */
  acts: Float32Array[];
}

/**
 * A Dense-only network computed with plain loops over Float32Arrays, with the same arithmetic as
 * TF.js's cpu backend. Weights are in Keras order: per layer, kernel (in × out, row-major) then
 * bias. All buffers are preallocated; forward, backward and the optimizer step allocate nothing.
 * Inputs are network inputs (n × networkInputs(spec)): the spec's `features` stage is applied
 * before (by the trainer / prepareData), not here.
 */
export class FusedNetwork {
  /** [network inputs, units of layer 1, …, units of the output layer]. */
  readonly sizes: readonly number[];
  /** True for a regression spec: the batch metric is the mean absolute error instead of accuracy. */
  readonly regression: boolean;
  readonly activations: readonly number[];
  readonly lossKind: number;
  /** Width of the target rows: 1 for sparse CE (the class id), else the output units. */
  readonly targetWidth: number;
  readonly outputUnits: number;
  readonly optimizer: FusedOptimizer;
  /** Kernels and biases per layer (kernels[l] is sizes[l] × sizes[l+1]). */
  private readonly kernels: Float32Array[];
  private readonly biases: Float32Array[];
  /** Parameter arrays in Keras order (kernel, bias, kernel, bias, …), for the optimizer. */
  private readonly params: Float32Array[];
  private readonly grads: Float32Array[];
  private readonly l1: number[];
  private readonly l2: number[];
  private readonly hasRegularizer: boolean;

  private train: Buffers;
  private xBatch: Float32Array;
  private tBatch: Float32Array;
  /**
   * Per layer, dLoss/d(activations) turned in place into dLoss/d(pre-activations). The loss writes
   * the output layer's; each layer's backward pass writes the one below.
   */
  private deltas: Float32Array[];
  private readonly lossScratch: Float32Array;
  private infer: Buffers | null = null;

  /** The last trained batch's metric: accuracy (fraction correct), or the mean absolute error for regression. */
  lastBatchMetric = 0;

  /** Accuracy (fraction correct) of the last trained batch (classification; the same number as lastBatchMetric). */
  get lastBatchAccuracy(): number {
    return this.lastBatchMetric;
  }

  constructor(spec: ModelSpec, weights: readonly Float32Array[], options: FusedNetworkOptions) {
    this.regression = spec.task === 'regression';
    const sizes = [networkInputs(spec), ...spec.layers.map((l) => l.units)];
    this.sizes = sizes;
    this.activations = spec.layers.map((l) => {
      const code = ACTIVATION_CODES[l.activation];
      if (code === undefined) throw new TrainOptionsError(`fused engine: unsupported activation "${l.activation}"`);
      return code;
    });
    const lossKind = LOSS_CODES[spec.compile.loss];
    if (lossKind === undefined) throw new TrainOptionsError(`fused engine: unsupported loss "${spec.compile.loss}"`);
    this.lossKind = lossKind;
    this.outputUnits = sizes[sizes.length - 1]!;
    this.targetWidth = lossKind === LOSS_SPARSE_CCE ? 1 : this.outputUnits;
    this.l1 = spec.layers.map((l) => fround(l.kernelRegularizer?.l1 ?? 0));
    this.l2 = spec.layers.map((l) => fround(l.kernelRegularizer?.l2 ?? 0));
    this.hasRegularizer = this.l1.some((v) => v !== 0) || this.l2.some((v) => v !== 0);

    this.kernels = [];
    this.biases = [];
    this.params = [];
    this.grads = [];
    for (let l = 0; l < spec.layers.length; l++) {
      const kernel = new Float32Array(sizes[l]! * sizes[l + 1]!);
      const bias = new Float32Array(sizes[l + 1]!);
      this.kernels.push(kernel);
      this.biases.push(bias);
      this.params.push(kernel, bias);
      this.grads.push(new Float32Array(kernel.length), new Float32Array(bias.length));
    }
    this.setWeights(weights);
    this.optimizer = new FusedOptimizer(
      options.optimizer,
      this.params.map((p) => p.length),
    );
    this.lossScratch = new Float32Array(this.outputUnits);
    const rows = Math.max(1, options.maxBatch ?? 32);
    this.train = this.allocate(rows);
    this.xBatch = new Float32Array(rows * sizes[0]!);
    this.tBatch = new Float32Array(rows * this.targetWidth);
    this.deltas = this.train.acts.map((a) => new Float32Array(a.length));
  }

  get layerCount(): number {
    return this.kernels.length;
  }

  /** Number of trainable values. */
  get parameterCount(): number {
    let n = 0;
    for (const p of this.params) n += p.length;
    return n;
  }

  private allocate(rows: number): Buffers {
    return { rows, acts: this.sizes.slice(1).map((units) => new Float32Array(rows * units)) };
  }

  /** Makes the training buffers hold at least `rows` rows (allocates only when they grow). */
  ensureBatchCapacity(rows: number): void {
    if (rows <= this.train.rows) return;
    this.train = this.allocate(rows);
    this.xBatch = new Float32Array(rows * this.sizes[0]!);
    this.tBatch = new Float32Array(rows * this.targetWidth);
    this.deltas = this.train.acts.map((a) => new Float32Array(a.length));
  }

  /** True when every weight is finite. */
  weightsFinite(): boolean {
    for (const p of this.params) for (let i = 0; i < p.length; i++) if (!Number.isFinite(p[i]!)) return false;
    return true;
  }

  /** Copies of the weights in Keras order. */
  getWeights(): Float32Array[] {
    return this.params.map((p) => p.slice());
  }

  /** Replaces the weights (Keras order, shapes checked); optimizer state is kept, as in Keras. */
  setWeights(weights: readonly Float32Array[]): void {
    if (weights.length !== this.params.length) {
      throw new TrainOptionsError(`expected ${this.params.length} weight arrays (kernel and bias per layer), got ${weights.length}`);
    }
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      const p = this.params[i]!;
      if (w.length !== p.length) {
        const layer = Math.floor(i / 2);
        const what = i % 2 === 0 ? `kernel (${this.sizes[layer]}×${this.sizes[layer + 1]})` : `bias (${this.sizes[layer + 1]})`;
        throw new TrainOptionsError(`weight ${i} (layer ${layer + 1} ${what}) has ${w.length} values, expected ${p.length}`);
      }
    }
    for (let i = 0; i < weights.length; i++) this.params[i]!.set(weights[i]!);
  }

  /** Forward pass of `rows` rows of `input` starting at row `firstRow`, into `buf`. */
  private forward(input: Float32Array, firstRow: number, rows: number, buf: Buffers): Float32Array {
    const sizes = this.sizes;
    let inp = input;
    let inOff = firstRow * sizes[0]!;
    for (let l = 0; l < this.kernels.length; l++) {
      const out = buf.acts[l]!;
      denseForward(inp, inOff, sizes[l]!, this.kernels[l]!, this.biases[l]!, out, sizes[l + 1]!, rows, this.activations[l]!);
      inp = out;
      inOff = 0;
    }
    return buf.acts[buf.acts.length - 1]!;
  }

  /** Regularisation loss of the current kernels: per layer l1·sum|w| + l2·sum w², in layer order. */
  private regularizationAdd(loss: number): number {
    let total = loss;
    for (let l = 0; l < this.kernels.length; l++) {
      const l1 = this.l1[l]!;
      const l2 = this.l2[l]!;
      if (l1 === 0 && l2 === 0) continue;
      const w = this.kernels[l]!;
      let reg = 0;
      if (l1 !== 0) {
        let s = 0;
        for (let i = 0; i < w.length; i++) s += fround(l1 * Math.abs(w[i]!));
        reg = fround(s);
      }
      if (l2 !== 0) {
        let s = 0;
        for (let i = 0; i < w.length; i++) s += fround(l2 * fround(w[i]! * w[i]!));
        reg = fround(reg + fround(s));
      }
      total = fround(total + reg);
    }
    return total;
  }

  /**
   * One optimizer step on the rows `order[start .. start+count)` of (x, targets). Returns the batch
   * loss (with regularisation) computed before the update, as LayersModel.fit reports it; the
   * batch accuracy (mae for regression) goes to `lastBatchMetric`.
   */
  trainBatch(x: Float32Array, targets: Float32Array, order: Int32Array, start: number, count: number): number {
    this.ensureBatchCapacity(count);
    const sizes = this.sizes;
    const features = sizes[0]!;
    const tw = this.targetWidth;
    const xb = this.xBatch;
    const tb = this.tBatch;
    for (let r = 0; r < count; r++) {
      const row = order[start + r]!;
      const xs = row * features;
      const xd = r * features;
      for (let f = 0; f < features; f++) xb[xd + f] = x[xs + f]!;
      const ts = row * tw;
      const td = r * tw;
      for (let c = 0; c < tw; c++) tb[td + c] = targets[ts + c]!;
    }
    return this.stepOnBatch(count);
  }

  private stepOnBatch(count: number): number {
    const sizes = this.sizes;
    const L = this.kernels.length;
    const buf = this.train;
    const out = this.forward(this.xBatch, 0, count, buf);
    const outUnits = this.outputUnits;
    const deltas = this.deltas;
    let loss = lossForwardBackward(this.lossKind, out, this.tBatch, count, outUnits, deltas[L - 1]!, this.lossScratch);
    this.lastBatchMetric = (this.regression ? absErrorSum(out, this.tBatch, count, outUnits) : countCorrect(this.lossKind, out, this.tBatch, count, outUnits)) / count;
    if (this.hasRegularizer) loss = this.regularizationAdd(loss);

    for (let l = L - 1; l >= 0; l--) {
      const outSize = sizes[l + 1]!;
      const inSize = sizes[l]!;
      const d = deltas[l]!;
      activationBackward(d, buf.acts[l]!, count * outSize, outSize, this.activations[l]!);
      const A = l === 0 ? this.xBatch : buf.acts[l - 1]!;
      denseBackwardParams(A, d, this.grads[2 * l]!, this.grads[2 * l + 1]!, inSize, outSize, count);
      if (l > 0) denseBackwardInput(d, this.kernels[l]!, deltas[l - 1]!, inSize, outSize, count);
    }
    if (this.hasRegularizer) this.addRegularizerGradients();
    this.optimizer.step(this.params, this.grads);
    return loss;
  }

  /**
   * Adds the kernel regularisers' gradients in TF.js's accumulation order: square (as mul(w, w),
   * two equal terms), then abs (sign with step(w, −1): −1 at 0), then the matMul term.
   */
  private addRegularizerGradients(): void {
    for (let l = 0; l < this.kernels.length; l++) {
      const l1 = this.l1[l]!;
      const l2 = this.l2[l]!;
      if (l1 === 0 && l2 === 0) continue;
      const w = this.kernels[l]!;
      const g = this.grads[2 * l]!;
      for (let i = 0; i < w.length; i++) {
        const wi = w[i]!;
        let acc: number;
        if (l2 !== 0) {
          acc = 2 * fround(l2 * wi);
          if (l1 !== 0) acc = fround(acc + (wi > 0 ? l1 : -l1));
        } else {
          acc = wi > 0 ? l1 : -l1;
        }
        g[i] = acc + g[i]!;
      }
    }
  }

  /**
   * Loss (plus the regularisation terms, as Keras reports it) and accuracy (mae for regression)
   * over all rows, computed in chunks; the data loss is the row-weighted mean of the chunk losses.
   */
  evaluate(x: Float32Array, targets: Float32Array, n: number, chunk = 32): EvalResult {
    if (n === 0) return evalResult(this.regression, NaN, NaN);
    const buf = this.inferenceBuffers();
    const step = Math.min(chunk, buf.rows);
    const tw = this.targetWidth;
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += step) {
      const rows = Math.min(step, n - start);
      const out = this.forward(x, start, rows, buf);
      const t = targets.subarray(start * tw, (start + rows) * tw);
      lossSum += lossForwardBackward(this.lossKind, out, t, rows, this.outputUnits, null, this.lossScratch) * rows;
      correct += this.regression ? absErrorSum(out, t, rows, this.outputUnits) : countCorrect(this.lossKind, out, t, rows, this.outputUnits);
    }
    const dataLoss = lossSum / n;
    return evalResult(this.regression, this.hasRegularizer ? this.regularizationAdd(dataLoss) : dataLoss, correct / n);
  }

  private inferenceBuffers(): Buffers {
    if (this.infer === null) this.infer = this.allocate(PREDICT_CHUNK);
    return this.infer;
  }

  /**
   * Outputs for `n` rows of `x` (row-major, n × input) into `out` (n × output units), computed in
   * chunks with preallocated buffers.
   */
  predictInto(x: Float32Array, n: number, out: Float32Array): Float32Array {
    const buf = this.inferenceBuffers();
    const units = this.outputUnits;
    for (let start = 0; start < n; start += buf.rows) {
      const rows = Math.min(buf.rows, n - start);
      const res = this.forward(x, start, rows, buf);
      out.set(res.subarray(0, rows * units), start * units);
    }
    return out;
  }

  /** Outputs for `n` rows of `x` in a new array. */
  predict(x: Float32Array, n = x.length / this.sizes[0]!): Float32Array {
    return this.predictInto(x, n, new Float32Array(n * this.outputUnits));
  }
}
