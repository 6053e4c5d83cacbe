/**
 * Timed training steps of a spec on one backend: what `estimateBackends(spec, { measure: true })`
 * reports next to the cost model's estimate. Measurements are noisy (other load, JIT, caches) and are never used by `auto`,
 * whose choice is the static cost model's alone (see cost.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, encodeTargets, networkInputs, outputUnits, resolveOptimizer, type ModelSpec } from '@mlpkit/models';
import { loadFusedModule } from './fused-module.js';
import { disposeOptimizer, TfjsEngine } from './tfjs-engine.js';
import type { EncodedData } from './types.js';

/** n rows of synthetic network inputs in [−1, 1] (a fixed low-discrepancy sequence) with valid targets for `spec`. */
export function syntheticData(spec: ModelSpec, n: number): EncodedData {
  const f = networkInputs(spec);
  const units = outputUnits(spec);
  const x = new Float32Array(n * f);
  for (let i = 0; i < n; i++) for (let k = 0; k < f; k++) x[i * f + k] = ((i * 0.6180339887 + k * 0.7548776662) % 1) * 2 - 1;
  if (spec.task === 'regression') {
    const targets = Float32Array.from({ length: n * units }, (_, i) => Math.sin(i));
    return { x, targets, n, features: f, width: units };
  }
  const classes = units === 1 ? 2 : units;
  const y = Int32Array.from({ length: n }, (_, i) => (x[i * f]! > 0 ? 1 : 0) % classes);
  const { targets, width } = encodeTargets(spec, y, classes);
  return { x, targets, y, n, features: f, width };
}

/** Deterministic Glorot-like weights (Keras order): any fixed weights do for timing. */
function timingWeights(spec: ModelSpec): Float32Array[] {
  const sizes = [networkInputs(spec), ...spec.layers.map((l) => l.units)];
  const out: Float32Array[] = [];
  for (let l = 0; l < spec.layers.length; l++) {
    const scale = Math.sqrt(6 / (sizes[l]! + sizes[l + 1]!));
    out.push(Float32Array.from({ length: sizes[l]! * sizes[l + 1]! }, (_, i) => (((i * 0.6180339887) % 1) * 2 - 1) * scale));
    out.push(new Float32Array(sizes[l + 1]!));
  }
  return out;
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/** CPU time of this process in ms where the platform has it (Node), else undefined. */
function cpuNow(): number | undefined {
  const usage = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process?.cpuUsage?.();
  return usage ? (usage.user + usage.system) / 1000 : undefined;
}

/** One timing: per-step wall (and, in Node, CPU) milliseconds over `steps` steps of `batchSize` rows. */
export interface StepTiming {
  stepMs: number;
  cpuStepMs?: number;
  steps: number;
}

/**
 * Times `steps` optimizer steps of `batchSize` rows of `spec` on an engine, after one warm-up
 * step, and returns the best of `repeats` runs (the least disturbed by other load). `engine` is
 * 'fused' (with `fusedMode`) or 'tfjs' (on the TF.js backend `backend`, which must be registered;
 * the previous TF.js backend is restored). Synthetic data; nothing is kept.
 */
export async function timeSteps(
  target: { engine: 'fused' | 'tfjs'; backend: string; fusedMode?: 'fast' | 'exact' },
  spec: ModelSpec,
  batchSize: number,
  options: { steps?: number; repeats?: number } = {},
): Promise<StepTiming> {
  const steps = options.steps ?? 3;
  const repeats = options.repeats ?? 1;
  const data = syntheticData(spec, batchSize * steps);
  const order = Int32Array.from({ length: data.n }, (_, i) => i);
  let run: (count: number) => Promise<void>;
  let cleanup: () => Promise<void>;
  if (target.engine === 'fused') {
    const { SimdNetwork, FusedNetwork } = (await loadFusedModule()) as unknown as typeof import('./fused/index.js');
    const options = { optimizer: resolveOptimizer(spec.compile.optimizer), maxBatch: batchSize };
    const net = target.fusedMode === 'exact' ? new FusedNetwork(spec, timingWeights(spec), options) : new SimdNetwork(spec, timingWeights(spec), options);
    run = async (count) => {
      for (let s = 0; s < count; s++) net.trainBatch(data.x, data.targets, order, (s % steps) * batchSize, batchSize);
    };
    cleanup = async () => {
      if (net instanceof SimdNetwork) net.dispose();
    };
  } else {
    const previous = tf.getBackend();
    if (previous !== target.backend && !(await tf.setBackend(target.backend))) throw new Error(`TF.js backend "${target.backend}" failed to initialise`);
    await tf.ready();
    const model = buildModel(spec, { seed: 0 });
    const engine = new TfjsEngine(model, spec);
    const first = { ...data, n: batchSize, x: data.x.subarray(0, batchSize * data.features), targets: data.targets.subarray(0, batchSize * data.width) };
    run = async (count) => {
      // One epoch of `count` batches (the engine reads back once per epoch, as in training).
      await engine.trainEpoch(count === steps ? data : first, count === steps ? order : order.subarray(0, batchSize), batchSize);
    };
    cleanup = async () => {
      engine.dispose();
      disposeOptimizer(model.optimizer);
      model.dispose();
      if (previous && previous !== target.backend) await tf.setBackend(previous);
    };
  }
  try {
    await run(1);
    let best: StepTiming | undefined;
    for (let r = 0; r < repeats; r++) {
      const c0 = cpuNow();
      const t0 = now();
      await run(steps);
      const stepMs = (now() - t0) / steps;
      const c1 = cpuNow();
      const timing: StepTiming = { stepMs, steps, ...(c0 !== undefined && c1 !== undefined ? { cpuStepMs: (c1 - c0) / steps } : {}) };
      if (!best || stepMs < best.stepMs) best = timing;
    }
    return best!;
  } finally {
    await cleanup();
  }
}
