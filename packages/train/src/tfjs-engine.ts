import * as tf from '@tensorflow/tfjs';
import { applyLegacySgdDecay, createOptimizer, huberLoss, networkInputs, outputUnits, resolveOptimizer, type Activation, type LossName, type ModelSpec, type ResolvedOptimizer } from '@mlpkit/models';
import { TrainOptionsError } from './errors.js';
import { evalResult } from './inputs.js';
import type { EncodedData, EpochHooks, EpochResult, EvalResult, TrainingEngine } from './types.js';

/** Keras's backend epsilon (clipping of probabilities in the cross-entropy losses). */
export const KERAS_EPSILON = 1e-7;

/** A per-row loss (yTrue, yPred) → [rows], as tfjs-layers' loss functions. */
export type RowLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * tfjs-layers' sparseCategoricalCrossentropy (not exported by TF.js), op for op: clip the
 * probabilities, one-hot the floored class ids, then categoricalCrossentropy (which renormalises
 * and clips again). The clip uses the backend's epsilon, as tfjs-layers' epsilon() does.
 */
function sparseCategoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const ids = tf.cast(tf.floor(tf.reshape(yTrue, [yTrue.size])), 'int32') as tf.Tensor1D;
    const eps = tf.backend().epsilon();
    const clipped = tf.clipByValue(yPred, eps, 1 - eps);
    const oneHot = tf.reshape(tf.oneHot(ids, yPred.shape[yPred.shape.length - 1]!), yPred.shape);
    return tf.metrics.categoricalCrossentropy(oneHot, clipped);
  });
}

/**
 * The per-row loss function LayersModel.compile uses for a spec's loss: tfjs-layers' own
 * functions (binary CE through `log(p / (1 − p))` and sigmoidCrossEntropyWithLogits, categorical
 * CE with renormalised, clipped rows, MSE, MAE), its sparse categorical CE replayed op for op, and
 * `huberLoss` of @mlpkit/models (what buildModel compiles for huber). Using them — rather than an
 * algebraically equal formula — keeps our loop bit-identical to model.fit.
 */
export function kerasRowLoss(loss: LossName): RowLoss {
  switch (loss) {
    case 'binaryCrossentropy':
      return tf.metrics.binaryCrossentropy;
    case 'categoricalCrossentropy':
      return tf.metrics.categoricalCrossentropy;
    case 'sparseCategoricalCrossentropy':
      return sparseCategoricalCrossentropy;
    case 'meanSquaredError':
      return tf.metrics.meanSquaredError;
    case 'meanAbsoluteError':
      return tf.metrics.meanAbsoluteError;
    case 'huber':
      return huberLoss;
  }
}

/** Rows per forward pass in evaluate/predict: large enough to amortise per-op overhead. */
const EVAL_BATCH = 8192;

interface DenseWeights {
  kernel: tf.Variable;
  bias: tf.Variable;
  activation: Activation;
  /** The kernel's l1/l2 penalty as buildModel attaches it (tf.regularizers.l1l2), if any. */
  regularizer?: ReturnType<typeof tf.regularizers.l1l2>;
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
 * l1/l2 terms and the optimizer step, and adds the batch loss × size and correct count (or, for
 * regression, the sum of the rows' mean absolute errors) to running sums that stay on the device;
 * the sums are read back once, at the end of the epoch. It works on network inputs (EncodedData
 * from prepareData, which has applied the spec's features stage).
 */
export class TfjsEngine implements TrainingEngine {
  readonly optimizer: tf.Optimizer;
  /** True when this engine created the optimizer (the model was not compiled) and must dispose it. */
  readonly ownsOptimizer: boolean;
  private readonly layers: DenseWeights[];
  private readonly units: number;
  private readonly regression: boolean;
  /** The resolved hyper-parameters (for the legacy SGD decay schedule). */
  private readonly sgd: ResolvedOptimizer;
  /** The per-row loss function of the spec's loss, as LayersModel.compile resolves it. */
  private readonly rowLoss: RowLoss;

  constructor(
    readonly model: tf.LayersModel,
    readonly spec: ModelSpec,
    options: { optimizer?: tf.Optimizer } = {},
  ) {
    this.layers = denseWeightsOf(model, spec);
    this.units = outputUnits(spec);
    this.regression = spec.task === 'regression';
    const compiled = (model as unknown as { optimizer_?: tf.Optimizer }).optimizer_;
    this.optimizer = options.optimizer ?? compiled ?? createOptimizer(spec.compile.optimizer);
    this.ownsOptimizer = !options.optimizer && !compiled;
    this.sgd = resolveOptimizer(spec.compile.optimizer);
    this.rowLoss = kerasRowLoss(spec.compile.loss);
  }

  /**
   * Forward pass through the Dense layers, op for op as tfjs-layers' Dense.call (so training,
   * predict and evaluate compute what model.fit / model.predict compute, on every backend): relu
   * and linear go through `tf.fused.matMul` with the bias and activation (TF.js itself un-fuses
   * relu inside a gradient tape), the other activations through an unbiased `tf.fused.matMul`, a
   * bias `add` and the activation op. The order matters on backends whose fused kernel seeds the
   * sum with the bias (wasm/XNNPACK): a different split rounds differently.
   */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    for (const layer of this.layers) {
      const { activation, kernel, bias } = layer;
      if (activation === 'relu' || activation === 'linear') h = tf.fused.matMul({ a: h, b: kernel as tf.Tensor2D, bias, activation }) as tf.Tensor2D;
      else h = activate(tf.add(tf.fused.matMul({ a: h, b: kernel as tf.Tensor2D }), bias) as tf.Tensor2D, activation);
    }
    return h;
  }

  /**
   * Mean loss of a batch (without regularisation), computed exactly as LayersModel.fit does:
   * `mean(lossFunction(yTrue, yPred))` with the per-row loss function compile resolves for the
   * spec's loss (see kerasRowLoss), so values and gradients are those of model.fit bit for bit.
   */
  private dataLoss(pred: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
    return tf.mean(this.rowLoss(targets, pred));
  }

  /**
   * The kernel l1/l2 penalties as model.fit adds them: one `tf.regularizers.l1l2` term per
   * regularised layer (itself Σ(l1·|W|) + Σ(l2·W²)), in layer order; undefined without any.
   */
  private regularization(): tf.Scalar | undefined {
    let total: tf.Scalar | undefined;
    for (const layer of this.layers) {
      if (!layer.regularizer) continue;
      const term = layer.regularizer.apply(layer.kernel) as tf.Scalar;
      total = total ? (tf.add(total, term) as tf.Scalar) : term;
    }
    return total;
  }

  /** The training loss: the data loss, then each layer's penalty added in layer order (as model.fit). */
  private loss(pred: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
    let total = this.dataLoss(pred, targets);
    for (const layer of this.layers) if (layer.regularizer) total = tf.add(total, layer.regularizer.apply(layer.kernel));
    return total;
  }

  /**
   * The batch's metric sum: the number of correctly classified rows (Keras binary accuracy
   * p > 0.5, or argmax), or for regression the sum over rows of the mean absolute error.
   */
  private correctCount(pred: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
    if (this.regression) return tf.sum(tf.mean(tf.abs(tf.sub(pred, targets)), -1));
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
      return { ...evalResult(this.regression, lossSum! / n, correct! / n), weightsFinite: check === 0 };
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
      return evalResult(this.regression, lossSum! / n + penalty!, correct! / n);
    } finally {
      sums.dispose();
    }
  }

  /** Batched forward pass to host memory: n × outputUnits, from network inputs (n × networkInputs(spec)). */
  async predict(x: Float32Array, batchSize = 4096): Promise<Float32Array> {
    const f = networkInputs(this.spec);
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
    const reg = s.kernelRegularizer;
    // As buildModel: a regulariser only when a penalty is non-zero (tf.regularizers.l1l2 defaults
    // a missing l1/l2 to 0.01, so both are always given).
    const regularizer = reg && (reg.l1 || reg.l2) ? tf.regularizers.l1l2({ l1: reg.l1 ?? 0, l2: reg.l2 ?? 0 }) : undefined;
    return { kernel: kernel!, bias: bias!, activation: s.activation, ...(regularizer ? { regularizer } : {}) };
  });
}
