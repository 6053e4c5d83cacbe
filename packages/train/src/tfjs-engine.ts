import * as tf from '@tensorflow/tfjs';
import { applyLegacySgdDecay, createOptimizer, outputUnits, resolveOptimizer, type Activation, type ModelSpec, type ResolvedOptimizer } from '@mlpkit/models';
import { TrainOptionsError } from './errors.js';
import type { EncodedData, EpochHooks, EpochResult, EvalResult, TrainingEngine } from './types.js';

/** Keras's backend epsilon (clipping of probabilities in the cross-entropy losses). */
export const KERAS_EPSILON = 1e-7;

/** Rows per forward pass in evaluate/predict: large enough to amortise per-op overhead. */
const EVAL_BATCH = 8192;

interface DenseWeights {
  kernel: tf.Variable;
  bias: tf.Variable;
  activation: Activation;
  l1: number;
  l2: number;
}

function activate(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'linear':
      return z;
    case 'relu':
      return tf.relu(z);
    case 'tanh':
      return tf.tanh(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'softmax':
      return tf.softmax(z);
  }
}

/** Disposes an optimizer completely (tf.train.momentum's dispose forgets its learning-rate scalar). */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const c = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (c && !c.isDisposed) c.dispose();
}

/**
 * The TF.js training engine: our own loop over the model's Dense weights with
 * optimizer.minimize (not model.fit). Per batch it runs the forward pass, Keras's loss plus
 * l1/l2 terms and the optimizer step, and adds the batch loss × size and correct count to
 * running sums that stay on the device; the sums are read back once, at the end of the epoch.
 */
export class TfjsEngine implements TrainingEngine {
  readonly optimizer: tf.Optimizer;
  /** True when this engine created the optimizer (the model was not compiled) and must dispose it. */
  readonly ownsOptimizer: boolean;
  private readonly layers: DenseWeights[];
  private readonly units: number;
  /** The resolved hyper-parameters (for the legacy SGD decay schedule). */
  private readonly sgd: ResolvedOptimizer;

  constructor(
    readonly model: tf.LayersModel,
    readonly spec: ModelSpec,
    options: { optimizer?: tf.Optimizer } = {},
  ) {
    this.layers = denseWeightsOf(model, spec);
    this.units = outputUnits(spec);
    const compiled = (model as unknown as { optimizer_?: tf.Optimizer }).optimizer_;
    this.optimizer = options.optimizer ?? compiled ?? createOptimizer(spec.compile.optimizer);
    this.ownsOptimizer = !options.optimizer && !compiled;
    this.sgd = resolveOptimizer(spec.compile.optimizer);
  }

  /** Forward pass through the Dense layers (same math as model.predict). */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    // Fused matMul + bias (one kernel, as tfjs-layers' Dense does); the activation stays a
    // separate op because TF.js only fuses activations outside gradient tapes.
    for (const layer of this.layers) h = activate(tf.fused.matMul({ a: h, b: layer.kernel as tf.Tensor2D, bias: layer.bias }) as tf.Tensor2D, layer.activation);
    return h;
  }

  /** Mean loss of a batch as Keras defines it (without regularisation). */
  private dataLoss(pred: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
    switch (this.spec.compile.loss) {
      case 'binaryCrossentropy': {
        const p = tf.clipByValue(pred, KERAS_EPSILON, 1 - KERAS_EPSILON);
        const perUnit = tf.neg(tf.add(tf.mul(targets, tf.log(p)), tf.mul(tf.sub(1, targets), tf.log(tf.sub(1, p)))));
        return tf.mean(tf.mean(perUnit, -1));
      }
      case 'categoricalCrossentropy':
        return categoricalCrossentropy(pred, targets);
      case 'sparseCategoricalCrossentropy': {
        const ids = tf.cast(tf.reshape(targets, [-1]), 'int32') as tf.Tensor1D;
        return categoricalCrossentropy(pred, tf.oneHot(ids, this.units).toFloat() as tf.Tensor2D);
      }
      case 'meanSquaredError':
        return tf.mean(tf.mean(tf.square(tf.sub(targets, pred)), -1));
    }
  }

  /** Sum of the kernel l1/l2 penalties (Keras adds it to every batch loss). */
  private regularization(): tf.Scalar | undefined {
    let total: tf.Scalar | undefined;
    for (const layer of this.layers) {
      const terms: tf.Scalar[] = [];
      if (layer.l1) terms.push(tf.mul(layer.l1, tf.sum(tf.abs(layer.kernel))) as tf.Scalar);
      if (layer.l2) terms.push(tf.mul(layer.l2, tf.sum(tf.square(layer.kernel))) as tf.Scalar);
      for (const term of terms) total = total ? (tf.add(total, term) as tf.Scalar) : term;
    }
    return total;
  }

  private loss(pred: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
    const data = this.dataLoss(pred, targets);
    const reg = this.regularization();
    return reg ? tf.add(data, reg) : data;
  }

  /** Number of correctly classified rows (Keras binary accuracy p > 0.5, or argmax). */
  private correctCount(pred: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
    let hits: tf.Tensor;
    if (this.units === 1) hits = tf.equal(tf.greater(pred, 0.5), tf.greater(targets, 0.5));
    else if (targets.shape[1] === 1) hits = tf.equal(tf.argMax(pred, 1), tf.cast(tf.reshape(targets, [-1]), 'int32'));
    else hits = tf.equal(tf.argMax(pred, 1), tf.argMax(targets, 1));
    return tf.sum(tf.cast(hits, 'float32'));
  }

  async trainEpoch(data: EncodedData, order: Int32Array, batchSize: number, hooks?: EpochHooks): Promise<EpochResult> {
    const { n, features: f, width: w } = data;
    if (order.length !== n) throw new TrainOptionsError(`order has ${order.length} rows but the data has ${n}`);
    // Reorder on the host once, upload once; batches are then slices.
    const xs = new Float32Array(n * f);
    const ts = new Float32Array(n * w);
    for (let i = 0; i < n; i++) {
      const r = order[i]!;
      xs.set(data.x.subarray(r * f, r * f + f), i * f);
      ts.set(data.targets.subarray(r * w, r * w + w), i * w);
    }
    const xAll = tf.tensor2d(xs, [n, f]);
    const tAll = tf.tensor2d(ts, [n, w]);
    const vars = this.layers.flatMap((l) => [l.kernel, l.bias]);
    let sums: tf.Tensor1D = tf.zeros([2]);
    const batches = Math.ceil(n / batchSize);
    try {
      for (let b = 0; b < batches; b++) {
        const start = b * batchSize;
        const size = Math.min(batchSize, n - start);
        // Keras legacy SGD: lr_t = lr / (1 + decay * iterations), iterations = steps done so far,
        // with Keras's velocity semantics under momentum.
        if (this.sgd.decay > 0) applyLegacySgdDecay(this.optimizer, this.sgd, this.optimizer.iterations);
        const next = tf.tidy(() => {
          const xb = tf.slice(xAll, [start, 0], [size, f]);
          const tb = tf.slice(tAll, [start, 0], [size, w]);
          let correct: tf.Scalar | undefined;
          const cost = this.optimizer.minimize(
            () => {
              const pred = this.forward(xb);
              correct = tf.keep(this.correctCount(pred, tb));
              return this.loss(pred, tb);
            },
            true,
            vars,
          )!;
          const batchSums = tf.stack([tf.mul(cost, size), correct!]) as tf.Tensor1D;
          correct!.dispose();
          return tf.add(sums, batchSums) as tf.Tensor1D;
        });
        sums.dispose();
        sums = next;
        hooks?.onBatchEnd?.(b + 1, batches);
      }
      // Σ w·0 over every weight is 0 when all are finite and NaN otherwise: the weight check rides
      // on the epoch's single read-back.
      const all = tf.tidy(() => tf.concat([sums, tf.reshape(tf.addN(vars.map((v) => tf.sum(tf.mul(v, 0)))), [1])]));
      const [lossSum, correct, check] = await all.data();
      all.dispose();
      return { loss: lossSum! / n, accuracy: correct! / n, weightsFinite: check === 0 };
    } finally {
      sums.dispose();
      xAll.dispose();
      tAll.dispose();
    }
  }

  async evaluate(data: EncodedData): Promise<EvalResult> {
    const { n, features: f, width: w } = data;
    let sums: tf.Tensor1D = tf.zeros([2]);
    try {
      for (let start = 0; start < n; start += EVAL_BATCH) {
        const size = Math.min(EVAL_BATCH, n - start);
        const next = tf.tidy(() => {
          const xb = tf.tensor2d(data.x.subarray(start * f, (start + size) * f), [size, f]);
          const tb = tf.tensor2d(data.targets.subarray(start * w, (start + size) * w), [size, w]);
          const pred = this.forward(xb);
          return tf.add(sums, tf.stack([tf.mul(this.dataLoss(pred, tb), size), this.correctCount(pred, tb)])) as tf.Tensor1D;
        });
        sums.dispose();
        sums = next;
      }
      const both = tf.tidy(() => tf.concat([sums, tf.reshape(this.regularization() ?? tf.scalar(0), [1])]));
      const [lossSum, correct, penalty] = await both.data();
      both.dispose();
      return { loss: lossSum! / n + penalty!, accuracy: correct! / n };
    } finally {
      sums.dispose();
    }
  }

  /** Batched forward pass to host memory: n × outputUnits. */
  async predict(x: Float32Array, batchSize = 4096): Promise<Float32Array> {
    const f = this.spec.input;
    if (x.length % f !== 0) throw new TrainOptionsError(`x has ${x.length} values, not a multiple of the ${f} input features`);
    const n = x.length / f;
    const out = new Float32Array(n * this.units);
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const pred = tf.tidy(() => this.forward(tf.tensor2d(x.subarray(start * f, (start + size) * f), [size, f])));
      try {
        out.set(await pred.data(), start * this.units);
      } finally {
        pred.dispose();
      }
    }
    return out;
  }

  /** Disposes the optimizer if this engine created it. */
  dispose(): void {
    if (this.ownsOptimizer) disposeOptimizer(this.optimizer);
  }
}

function categoricalCrossentropy(pred: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  // Keras: scale rows to sum to 1, clip, then -Σ t log p.
  const p = tf.clipByValue(tf.div(pred, tf.sum(pred, -1, true)), KERAS_EPSILON, 1 - KERAS_EPSILON);
  return tf.mean(tf.neg(tf.sum(tf.mul(targets, tf.log(p)), -1)));
}

/** The kernel/bias variables of each Dense layer, checked against the spec. */
function denseWeightsOf(model: tf.LayersModel, spec: ModelSpec): DenseWeights[] {
  const dense = model.layers.filter((l) => l.trainableWeights.length > 0);
  if (dense.length !== spec.layers.length) {
    throw new TrainOptionsError(`the model has ${dense.length} layers with weights but the spec has ${spec.layers.length} Dense layers`);
  }
  return dense.map((layer, i) => {
    const s = spec.layers[i]!;
    const config = layer.getConfig() as { units?: number; activation?: string; useBias?: boolean };
    if (layer.getClassName() !== 'Dense' || config.units !== s.units || config.activation !== s.activation || layer.trainableWeights.length !== 2) {
      throw new TrainOptionsError(
        `model layer ${i} (${layer.getClassName()} ${config.units} ${config.activation}) does not match spec layers[${i}] (Dense ${s.units} ${s.activation}, with bias)`,
      );
    }
    const [kernel, bias] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    return { kernel: kernel!, bias: bias!, activation: s.activation, l1: s.kernelRegularizer?.l1 ?? 0, l2: s.kernelRegularizer?.l2 ?? 0 };
  });
}
