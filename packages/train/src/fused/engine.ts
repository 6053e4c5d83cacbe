import type { EncodedData, EpochHooks, EpochResult, EvalResult, TrainingEngine } from '../types.js';
import { TrainOptionsError } from '../errors.js';
import { evalResult } from '../inputs.js';

/**
 * What FusedEngine needs from a network: the exact FusedNetwork (TF.js cpu replay) and the fast
 * SimdNetwork (WebAssembly SIMD) both provide it.
 */
export interface FusedNetworkLike {
  readonly sizes: readonly number[];
  readonly targetWidth: number;
  /** True for a regression spec (the metric is mae). */
  readonly regression: boolean;
  /** The last trained batch's accuracy, or mean absolute error for regression. */
  readonly lastBatchMetric: number;
  ensureBatchCapacity(rows: number): void;
  trainBatch(x: Float32Array, targets: Float32Array, order: Int32Array, start: number, count: number): number;
  /** Loss and accuracy (classification) or mae (regression). */
  evaluate(x: Float32Array, targets: Float32Array, n: number): EvalResult;
  /** True when every weight is finite. */
  weightsFinite(): boolean;
  /** A whole epoch in one call (the fast mode copies the data in once); optional. Returns loss and accuracy or mae. */
  trainEpoch?(x: Float32Array, targets: Float32Array, order: Int32Array, batchSize: number, onBatchEnd?: (batch: number, batches: number) => void): EvalResult;
}

/**
 * The fused engine behind the shared epoch driver (runTraining): one epoch is a tight loop of
 * optimizer steps over preallocated buffers, with nothing to read back from a device.
 */
export class FusedEngine implements TrainingEngine {
  constructor(readonly network: FusedNetworkLike) {}

  private check(data: EncodedData): void {
    const net = this.network;
    if (data.features !== net.sizes[0]) {
      throw new TrainOptionsError(`data has ${data.features} features but the network takes ${net.sizes[0]}`);
    }
    if (data.width !== net.targetWidth) {
      throw new TrainOptionsError(`targets have width ${data.width} but the network's loss expects ${net.targetWidth}`);
    }
  }

  async trainEpoch(data: EncodedData, order: Int32Array, batchSize: number, hooks?: EpochHooks): Promise<EpochResult> {
    this.check(data);
    const n = order.length;
    const net = this.network;
    if (n === 0) return evalResult(net.regression, NaN, NaN);
    const onBatchEnd = hooks?.onBatchEnd;
    if (net.trainEpoch) {
      const result = net.trainEpoch(data.x, data.targets, order, batchSize, onBatchEnd);
      return { ...result, weightsFinite: net.weightsFinite() };
    }
    const batches = Math.ceil(n / batchSize);
    net.ensureBatchCapacity(Math.min(batchSize, n));
    let lossSum = 0;
    let metricSum = 0;
    for (let b = 0; b < batches; b++) {
      const start = b * batchSize;
      const count = Math.min(batchSize, n - start);
      const loss = net.trainBatch(data.x, data.targets, order, start, count);
      // Keras averages the per-batch values weighted by batch size.
      lossSum += loss * count;
      metricSum += net.lastBatchMetric * count;
      if (onBatchEnd) onBatchEnd(b + 1, batches);
    }
    return { ...evalResult(net.regression, lossSum / n, metricSum / n), weightsFinite: net.weightsFinite() };
  }

  async evaluate(data: EncodedData): Promise<EvalResult> {
    this.check(data);
    return this.network.evaluate(data.x, data.targets, data.n);
  }
}
