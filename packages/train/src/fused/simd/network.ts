import { legacyDecayMomentum, networkInputs, type ModelSpec, type ResolvedOptimizer } from '@mlpkit/models/core';
import { TrainOptionsError } from '../../errors.js';
import { evalResult } from '../../inputs.js';
import type { EvalResult } from '../../types.js';
import { ACT_LINEAR, ACT_RELU, ACT_SIGMOID, ACT_SOFTMAX, ACT_TANH } from '../kernels.js';
import { LOSS_BCE, LOSS_CCE, LOSS_HUBER, LOSS_MAE, LOSS_MSE, LOSS_SPARSE_CCE } from '../losses.js';
import { OPT_ADAGRAD, OPT_ADAM, OPT_MOMENTUM, OPT_RMSPROP, OPT_SGD } from '../optimizers.js';
import { simdRuntimeSync, type KernelExports, type SimdRuntime, type WasmHeap } from './runtime.js';

const ACTIVATION_CODES: Record<string, number> = { linear: ACT_LINEAR, relu: ACT_RELU, tanh: ACT_TANH, sigmoid: ACT_SIGMOID, softmax: ACT_SOFTMAX };
const LOSS_CODES: Record<string, number> = {
  binaryCrossentropy: LOSS_BCE,
  categoricalCrossentropy: LOSS_CCE,
  sparseCategoricalCrossentropy: LOSS_SPARSE_CCE,
  meanSquaredError: LOSS_MSE,
  meanAbsoluteError: LOSS_MAE,
  huber: LOSS_HUBER,
};
/** Added to the descriptor's loss kind for a regression network (see assembly/kernels.ts). */
const REGRESSION_FLAG = 256;

/** Rows per chunk when predicting or evaluating. */
const PREDICT_CHUNK = 512;
/** Descriptor words (see assembly/kernels.ts): a header of 8, then 16 per layer. */
const HEADER = 8;
const STRIDE = 16;
/** TF.js's backend epsilon, which its adagrad adds (as the exact mode does). */
const BACKEND_EPSILON = 1e-7;

const ld4 = (n: number): number => (n + 3) & ~3;

export interface SimdNetworkOptions {
  /** The optimizer with every hyper-parameter resolved (resolveOptimizer of @mlpkit/models). */
  optimizer: ResolvedOptimizer;
  /** Initial capacity of the training buffers, in rows; grows on demand. Default 32. */
  maxBatch?: number;
  /** The kernels to use (default: the realm's shared runtime, instantiated synchronously if needed). */
  runtime?: SimdRuntime;
}

/** Optimizer bookkeeping on the JS side; the state arrays live in WebAssembly memory. */
export class SimdOptimizer {
  readonly kind: number;
  /** Steps taken so far (Keras `iterations`). */
  iterations = 0;

  constructor(readonly config: ResolvedOptimizer) {
    this.kind =
      config.name === 'sgd' ? (config.momentum > 0 ? OPT_MOMENTUM : OPT_SGD) : config.name === 'adam' ? OPT_ADAM : config.name === 'rmsprop' ? OPT_RMSPROP : OPT_ADAGRAD;
  }

  /** The learning rate of the next step: Keras legacy SGD decay lr / (1 + decay · iterations). */
  currentLearningRate(): number {
    const { learningRate, decay } = this.config;
    return decay > 0 ? learningRate / (1 + decay * this.iterations) : learningRate;
  }

  get slots(): number {
    return this.kind === OPT_SGD ? 0 : this.kind === OPT_ADAM || this.kind === OPT_RMSPROP ? 2 : 1;
  }

  step(k: KernelExports, W: number, G: number, S1: number, S2: number, n: number): void {
    const c = this.config;
    switch (this.kind) {
      case OPT_SGD:
        k.sgdStep(W, G, n, -this.currentLearningRate());
        break;
      case OPT_MOMENTUM:
        k.momentumStep(W, G, S1, n, -this.currentLearningRate(), legacyDecayMomentum(c.momentum, c.decay, this.iterations));
        break;
      case OPT_ADAM: {
        const t = this.iterations + 1;
        k.adamStep(W, G, S1, S2, n, -c.learningRate, c.beta1, c.beta2, 1 / (1 - c.beta1 ** t), 1 / (1 - c.beta2 ** t), c.epsilon);
        break;
      }
      case OPT_RMSPROP:
        k.rmspropStep(W, G, S1, S2, n, c.learningRate, c.rho, c.momentum, c.epsilon);
        break;
      default:
        k.adagradStep(W, G, S1, n, -c.learningRate, BACKEND_EPSILON);
    }
    this.iterations++;
  }
}

/** Per-row buffers of one descriptor (training or inference). */
interface RowBuffers {
  rows: number;
  desc: number;
  /** gemm's packing scratch (16 bytes per input of the widest layer input). */
  pack: number;
  x: number;
  t: number;
  acts: number[];
  deltas: number[];
}

/** Blocks of networks that were garbage collected without dispose() go back to their heap. */
const orphans =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<{ heap: WasmHeap; blocks: Set<number> }>(({ heap, blocks }) => {
        for (const b of blocks) heap.release(b);
      })
    : undefined;

/**
 * The fused engine's fast mode: a Dense-only network whose forward pass, backward pass, losses
 * and optimizer updates run in WebAssembly SIMD kernels (f32x4, register-blocked matrix
 * products). Same API as the exact FusedNetwork. Results agree with the exact mode (TF.js cpu)
 * within float32 tolerance, not bit for bit, and are deterministic: the kernels use only
 * IEEE-defined WebAssembly operations, so the same seed gives the same bits on every machine.
 *
 * All buffers live in the WebAssembly memory shared by the realm; call dispose() to give them
 * back (a network that is garbage collected without dispose() gives them back too).
 */
export class SimdNetwork {
  /** [network inputs, units of layer 1, …, units of the output layer]. */
  readonly sizes: readonly number[];
  /** True for a regression spec: the batch metric is the mean absolute error instead of accuracy. */
  readonly regression: boolean;
  readonly activations: readonly number[];
  readonly lossKind: number;
  readonly targetWidth: number;
  readonly outputUnits: number;
  readonly optimizer: SimdOptimizer;
  /** The last trained batch's metric: accuracy (fraction correct), or the mean absolute error for regression. */
  lastBatchMetric = 0;

  /** Accuracy (fraction correct) of the last trained batch (classification; the same number as lastBatchMetric). */
  get lastBatchAccuracy(): number {
    return this.lastBatchMetric;
  }

  private readonly rt: SimdRuntime;
  private readonly lds: number[];
  private readonly l1: number[];
  private readonly l2: number[];
  private readonly hasRegularizer: boolean;
  /** Float offsets (within the parameter block) of each layer's kernel and bias. */
  private readonly kernelAt: number[] = [];
  private readonly biasAt: number[] = [];
  /** Floats in the parameter block (a multiple of 4). */
  private readonly paramFloats: number;
  private readonly params: number;
  private readonly grads: number;
  private readonly slot1: number;
  private readonly slot2: number;
  private train: RowBuffers;
  private infer: RowBuffers | null = null;
  /** Training data copied in for trainEpoch: x, targets and order, and its capacity in rows. */
  private data = { x: 0, t: 0, order: 0, rows: 0 };
  /** Evaluation/prediction input copy and output buffer. */
  private evalData = { x: 0, t: 0, rows: 0, out: 0 };
  private readonly blocks = new Set<number>();
  private disposed = false;

  constructor(spec: ModelSpec, weights: readonly Float32Array[], options: SimdNetworkOptions) {
    this.rt = options.runtime ?? simdRuntimeSync();
    this.regression = spec.task === 'regression';
    const sizes = [networkInputs(spec), ...spec.layers.map((l) => l.units)];
    this.sizes = sizes;
    this.lds = sizes.map(ld4);
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
    this.l1 = spec.layers.map((l) => l.kernelRegularizer?.l1 ?? 0);
    this.l2 = spec.layers.map((l) => l.kernelRegularizer?.l2 ?? 0);
    this.hasRegularizer = this.l1.some((v) => v !== 0) || this.l2.some((v) => v !== 0);
    this.optimizer = new SimdOptimizer(options.optimizer);

    let floats = 0;
    for (let l = 0; l < spec.layers.length; l++) {
      this.kernelAt.push(floats);
      floats += sizes[l]! * this.lds[l + 1]!;
      this.biasAt.push(floats);
      floats += this.lds[l + 1]!;
    }
    this.paramFloats = floats;
    this.params = this.alloc(floats * 4);
    this.grads = this.alloc(floats * 4);
    this.slot1 = this.optimizer.slots >= 1 ? this.alloc(floats * 4) : 0;
    this.slot2 = this.optimizer.slots >= 2 ? this.alloc(floats * 4) : 0;
    this.resetOptimizerSlots();
    orphans?.register(this, { heap: this.rt.heap, blocks: this.blocks }, this);
    this.setWeights(weights);
    this.train = this.allocateRows(Math.max(1, options.maxBatch ?? 32), true);
  }

  private get heap(): WasmHeap {
    return this.rt.heap;
  }

  private alloc(bytes: number): number {
    const p = this.heap.alloc(bytes);
    this.blocks.add(p);
    return p;
  }

  private release(ptr: number): void {
    if (ptr === 0) return;
    this.blocks.delete(ptr);
    this.heap.release(ptr);
  }

  private live(): void {
    if (this.disposed) throw new TrainOptionsError('this fused network has been disposed');
  }

  private resetOptimizerSlots(): void {
    if (this.optimizer.kind === OPT_ADAGRAD) {
      const f32 = this.heap.f32;
      f32.fill(this.optimizer.config.initialAccumulatorValue, this.slot1 >> 2, (this.slot1 >> 2) + this.paramFloats);
      // Padding stays at the initial value; its gradients are 0, so its weights never move.
    }
  }

  get layerCount(): number {
    return this.sizes.length - 1;
  }

  /** Number of trainable values (without the padding). */
  get parameterCount(): number {
    let n = 0;
    for (let l = 0; l < this.layerCount; l++) n += (this.sizes[l]! + 1) * this.sizes[l + 1]!;
    return n;
  }

  /** Allocates the per-row buffers and a descriptor for `rows` rows. */
  private allocateRows(rows: number, training: boolean): RowBuffers {
    const L = this.layerCount;
    const desc = this.alloc((HEADER + STRIDE * L) * 4);
    const pack = this.alloc(16 * Math.max(...this.sizes.slice(0, L)));
    const x = this.alloc(rows * this.lds[0]! * 4);
    const t = this.alloc(rows * this.targetWidth * 4);
    const acts: number[] = [];
    const deltas: number[] = [];
    for (let l = 0; l < L; l++) {
      acts.push(this.alloc(rows * this.lds[l + 1]! * 4));
      deltas.push(training ? this.alloc(rows * this.lds[l + 1]! * 4) : 0);
    }
    const buf = { rows, desc, pack, x, t, acts, deltas };
    this.writeDescriptor(buf);
    return buf;
  }

  private releaseRows(buf: RowBuffers): void {
    for (const p of [buf.desc, buf.pack, buf.x, buf.t, ...buf.acts, ...buf.deltas]) this.release(p);
  }

  private writeDescriptor(buf: RowBuffers): void {
    const i32 = this.heap.i32;
    const f32 = this.heap.f32;
    const d = buf.desc >> 2;
    const L = this.layerCount;
    i32[d] = L;
    i32[d + 1] = this.lossKind + (this.regression ? REGRESSION_FLAG : 0);
    i32[d + 2] = this.outputUnits;
    i32[d + 3] = this.targetWidth;
    i32[d + 4] = buf.x;
    i32[d + 5] = buf.t;
    i32[d + 6] = this.hasRegularizer ? 1 : 0;
    i32[d + 7] = buf.pack;
    for (let l = 0; l < L; l++) {
      const o = d + HEADER + STRIDE * l;
      i32[o] = this.sizes[l]!;
      i32[o + 1] = this.sizes[l + 1]!;
      i32[o + 2] = this.lds[l]!;
      i32[o + 3] = this.lds[l + 1]!;
      i32[o + 4] = this.activations[l]!;
      i32[o + 5] = this.params + 4 * this.kernelAt[l]!;
      i32[o + 6] = this.params + 4 * this.biasAt[l]!;
      i32[o + 7] = this.grads + 4 * this.kernelAt[l]!;
      i32[o + 8] = this.grads + 4 * this.biasAt[l]!;
      i32[o + 9] = buf.acts[l]!;
      i32[o + 10] = buf.deltas[l]!;
      f32[o + 11] = this.l1[l]!;
      f32[o + 12] = this.l2[l]!;
    }
  }

  /** Makes the training buffers hold at least `rows` rows (reallocates only when they grow). */
  ensureBatchCapacity(rows: number): void {
    this.live();
    if (rows <= this.train.rows) return;
    this.releaseRows(this.train);
    this.train = this.allocateRows(rows, true);
  }

  private inferenceBuffers(): RowBuffers {
    this.infer ??= this.allocateRows(PREDICT_CHUNK, false);
    return this.infer;
  }

  /** Copies of the weights in Keras order (kernel in × out row-major, then bias, per layer). */
  getWeights(): Float32Array[] {
    this.live();
    const f32 = this.heap.f32;
    const out: Float32Array[] = [];
    for (let l = 0; l < this.layerCount; l++) {
      const inSize = this.sizes[l]!;
      const units = this.sizes[l + 1]!;
      const ld = this.lds[l + 1]!;
      const kernel = new Float32Array(inSize * units);
      const k0 = (this.params >> 2) + this.kernelAt[l]!;
      for (let i = 0; i < inSize; i++) kernel.set(f32.subarray(k0 + i * ld, k0 + i * ld + units), i * units);
      const b0 = (this.params >> 2) + this.biasAt[l]!;
      out.push(kernel, f32.slice(b0, b0 + units));
    }
    return out;
  }

  /** Replaces the weights (Keras order, shapes checked); optimizer state is kept, as in Keras. */
  setWeights(weights: readonly Float32Array[]): void {
    this.live();
    const L = this.layerCount;
    if (weights.length !== 2 * L) throw new TrainOptionsError(`expected ${2 * L} weight arrays (kernel and bias per layer), got ${weights.length}`);
    for (let i = 0; i < weights.length; i++) {
      const layer = Math.floor(i / 2);
      const expected = i % 2 === 0 ? this.sizes[layer]! * this.sizes[layer + 1]! : this.sizes[layer + 1]!;
      if (weights[i]!.length !== expected) {
        const what = i % 2 === 0 ? `kernel (${this.sizes[layer]}×${this.sizes[layer + 1]})` : `bias (${this.sizes[layer + 1]})`;
        throw new TrainOptionsError(`weight ${i} (layer ${layer + 1} ${what}) has ${weights[i]!.length} values, expected ${expected}`);
      }
    }
    const f32 = this.heap.f32;
    for (let l = 0; l < L; l++) {
      const inSize = this.sizes[l]!;
      const units = this.sizes[l + 1]!;
      const ld = this.lds[l + 1]!;
      const kernel = weights[2 * l]!;
      const k0 = (this.params >> 2) + this.kernelAt[l]!;
      for (let i = 0; i < inSize; i++) f32.set(kernel.subarray(i * units, (i + 1) * units), k0 + i * ld);
      f32.set(weights[2 * l + 1]!, (this.params >> 2) + this.biasAt[l]!);
    }
  }

  /** True when every weight is finite. */
  weightsFinite(): boolean {
    this.live();
    return this.rt.kernels.allFinite(this.params, this.paramFloats) === 1;
  }

  private step(x: number, t: number, order: number, start: number, count: number): number {
    const k = this.rt.kernels;
    const loss = k.computeGradients(this.train.desc, x, t, order, start, count);
    this.lastBatchMetric = (this.regression ? k.absErrorSum() : k.correctCount()) / count;
    this.optimizer.step(k, this.params, this.grads, this.slot1, this.slot2, this.paramFloats);
    return Math.fround(loss);
  }

  /**
   * One optimizer step on rows order[start .. start+count) of (x, targets). Returns the batch loss
   * (with the l1/l2 terms) before the update; the batch accuracy goes to lastBatchAccuracy.
   */
  trainBatch(x: Float32Array, targets: Float32Array, order: Int32Array, start: number, count: number): number {
    this.ensureBatchCapacity(count);
    const f = this.sizes[0]!;
    const ld = this.lds[0]!;
    const tw = this.targetWidth;
    const f32 = this.heap.f32;
    const xb = this.train.x >> 2;
    const tb = this.train.t >> 2;
    for (let r = 0; r < count; r++) {
      const row = order[start + r]!;
      f32.set(x.subarray(row * f, row * f + f), xb + r * ld);
      f32.set(targets.subarray(row * tw, row * tw + tw), tb + r * tw);
    }
    // x = 0: the batch is already in place.
    return this.step(0, 0, 0, 0, count);
  }

  /** Copies the training data in (growing the region when needed). */
  private loadData(x: Float32Array, targets: Float32Array, order: Int32Array, n: number): void {
    if (n > this.data.rows || order.length > this.data.rows) {
      this.release(this.data.x);
      this.release(this.data.t);
      this.release(this.data.order);
      const rows = Math.max(n, order.length);
      this.data = { x: this.alloc(rows * this.sizes[0]! * 4), t: this.alloc(rows * this.targetWidth * 4), order: this.alloc(rows * 4), rows };
    }
    const f32 = this.heap.f32;
    f32.set(x.subarray(0, n * this.sizes[0]!), this.data.x >> 2);
    f32.set(targets.subarray(0, n * this.targetWidth), this.data.t >> 2);
    this.heap.i32.set(order, this.data.order >> 2);
  }

  /**
   * One epoch: consecutive batches of `batchSize` over rows `order` of (x, targets), x holding n
   * rows. The data is copied into WebAssembly memory once, then each batch is one call. Returns
   * the sample-weighted mean loss and accuracy (mae for regression), as Keras reports them.
   */
  trainEpoch(x: Float32Array, targets: Float32Array, order: Int32Array, batchSize: number, onBatchEnd?: (batch: number, batches: number) => void): EvalResult {
    this.live();
    const n = order.length;
    if (n === 0) return evalResult(this.regression, NaN, NaN);
    const rows = x.length / this.sizes[0]!;
    if (!Number.isInteger(rows) || targets.length !== rows * this.targetWidth || rows < n) {
      throw new TrainOptionsError(`trainEpoch: x (${x.length} values) and targets (${targets.length}) do not hold the ${n} rows of order`);
    }
    this.ensureBatchCapacity(Math.min(batchSize, n));
    this.loadData(x, targets, order, rows);
    const batches = Math.ceil(n / batchSize);
    let lossSum = 0;
    let metricSum = 0;
    for (let b = 0; b < batches; b++) {
      const start = b * batchSize;
      const count = Math.min(batchSize, n - start);
      const loss = this.step(this.data.x, this.data.t, this.data.order, start, count);
      lossSum += loss * count;
      metricSum += this.lastBatchMetric * count;
      onBatchEnd?.(b + 1, batches);
    }
    return evalResult(this.regression, lossSum / n, metricSum / n);
  }

  private loadEvalData(x: Float32Array, targets: Float32Array | null, n: number): void {
    if (n > this.evalData.rows || this.evalData.out === 0) {
      this.release(this.evalData.x);
      this.release(this.evalData.t);
      this.release(this.evalData.out);
      const rows = Math.max(n, 1);
      this.evalData = { x: this.alloc(rows * this.sizes[0]! * 4), t: this.alloc(rows * this.targetWidth * 4), rows, out: this.alloc(PREDICT_CHUNK * this.outputUnits * 4) };
    }
    const f32 = this.heap.f32;
    f32.set(x.subarray(0, n * this.sizes[0]!), this.evalData.x >> 2);
    if (targets) f32.set(targets.subarray(0, n * this.targetWidth), this.evalData.t >> 2);
  }

  /** Loss (plus the l1/l2 terms, as Keras reports it) and accuracy (mae for regression) over n rows. */
  evaluate(x: Float32Array, targets: Float32Array, n: number): EvalResult {
    this.live();
    if (n === 0) return evalResult(this.regression, NaN, NaN);
    const k = this.rt.kernels;
    const buf = this.inferenceBuffers();
    this.loadEvalData(x, targets, n);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += buf.rows) {
      const rows = Math.min(buf.rows, n - start);
      lossSum += k.evaluateRows(buf.desc, this.evalData.x, this.evalData.t, start, rows) * rows;
      correct += this.regression ? k.absErrorSum() : k.correctCount();
    }
    const loss = lossSum / n + (this.hasRegularizer ? k.regularizationTotal(buf.desc) : 0);
    return evalResult(this.regression, Math.fround(loss), correct / n);
  }

  /** Outputs for n rows of x (n × input, row-major) into out (n × output units). */
  predictInto(x: Float32Array, n: number, out: Float32Array): Float32Array {
    this.live();
    const k = this.rt.kernels;
    const buf = this.inferenceBuffers();
    this.loadEvalData(x, null, n);
    const units = this.outputUnits;
    for (let start = 0; start < n; start += buf.rows) {
      const rows = Math.min(buf.rows, n - start);
      k.predictRows(buf.desc, this.evalData.x, start, rows, this.evalData.out);
      const o = this.evalData.out >> 2;
      out.set(this.heap.f32.subarray(o, o + rows * units), start * units);
    }
    return out;
  }

  /** Outputs for n rows of x in a new array. */
  predict(x: Float32Array, n = x.length / this.sizes[0]!): Float32Array {
    return this.predictInto(x, n, new Float32Array(n * this.outputUnits));
  }

  /** Gives every buffer back to the shared WebAssembly memory. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    orphans?.unregister(this);
    for (const p of this.blocks) this.heap.release(p);
    this.blocks.clear();
  }
}
