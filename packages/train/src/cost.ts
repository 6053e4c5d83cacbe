/**
 * The measured `auto`: a per-engine cost model of one training epoch, calibrated by a short probe
 * on first use (cached for the process), and a stable choice between engines.
 *
 * Model: epochMs = steps · layers · stepLayerUs / 1000 + epochFlops / (gflops · 1e6), with
 * steps = ⌈rows / batchSize⌉ and epochFlops the dense matrix-product FLOPs (see `epochFlops`).
 * The two constants of each engine come from timing two synthetic networks: a tiny one, where
 * per-step overhead dominates, and a 128-wide one, where arithmetic dominates.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, resolveOptimizer, type ModelSpec } from '@mlpkit/models';
import { loadFusedModule } from './fused-module.js';
import { disposeOptimizer, TfjsEngine } from './tfjs-engine.js';
import type { EncodedData } from './types.js';

/** What the probe measured for one engine. */
export interface EngineCalibration {
  /** Fixed cost per optimizer step and layer, in microseconds. */
  stepLayerUs: number;
  /** Sustained matrix-product throughput, in GFLOP/s. */
  gflops: number;
}

/** One engine's estimated cost of an epoch for a given spec and batch size. */
export interface BackendEstimate {
  backend: string;
  /** Estimated wall time of one epoch. */
  epochMs: number;
  /** Dense matrix-product FLOPs of the epoch (the same for every engine). */
  epochFlops: number;
  calibration: EngineCalibration;
}

/**
 * `auto` keeps the highest-priority available engine (the preferred one, normally `fused`)
 * unless another one is estimated at least this many times faster: noise in the probe (a few
 * tens of percent on a busy machine) cannot flip the choice, only a decisive difference does.
 */
export const AUTO_MARGIN = 2;

/**
 * A lower bound of the per-step, per-layer cost of any TF.js engine (µs). One Dense layer is at
 * least ten TF.js ops per training step (matMul and bias add forward, the activation, the two
 * matMul gradients and the bias gradient, the activation gradient, the optimizer's updates), and
 * a TF.js op costs at least ~10 µs of dispatch and bookkeeping even on tfjs-node (measured here:
 * ~400 µs per layer-step on cpu and wasm). Used only to skip probing TF.js engines that cannot
 * possibly beat the fused engine by AUTO_MARGIN; the estimate itself is measured.
 */
export const TFJS_MIN_STEP_LAYER_US = 100;

/**
 * Dense matrix-product FLOPs of one training epoch: per step of b rows and per layer of
 * in × out weights, 2·b·in·out for the forward product, as much for the weight gradient, and as
 * much again for the input gradient of every layer but the first. Element-wise work (bias,
 * activations, loss, optimizer) is not counted: this is the floor any engine must compute.
 */
export function epochFlops(spec: ModelSpec, batchSize: number, rows: number): number {
  const sizes = [spec.input, ...spec.layers.map((l) => l.units)];
  let perRow = 0;
  for (let l = 0; l < spec.layers.length; l++) perRow += 2 * sizes[l]! * sizes[l + 1]! * (l > 0 ? 3 : 2);
  void batchSize;
  return perRow * rows;
}

/** The cost model: estimated ms of one epoch of `rows` rows in batches of `batchSize`. */
export function estimateEpochMs(calibration: EngineCalibration, spec: ModelSpec, batchSize: number, rows: number): number {
  const steps = Math.ceil(rows / batchSize);
  return (steps * spec.layers.length * calibration.stepLayerUs) / 1000 + epochFlops(spec, batchSize, rows) / (calibration.gflops * 1e6);
}

// ---- The probe -------------------------------------------------------------------------------

const PROBE_TINY: ModelSpec = {
  input: 2,
  layers: [
    { units: 8, activation: 'tanh' },
    { units: 8, activation: 'tanh' },
    { units: 1, activation: 'sigmoid' },
  ],
  compile: { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy' },
};
const PROBE_WIDE: ModelSpec = {
  input: 2,
  layers: [
    { units: 128, activation: 'relu' },
    { units: 128, activation: 'relu' },
    { units: 1, activation: 'sigmoid' },
  ],
  compile: { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy' },
};

/** Synthetic encoded data: n rows of two features in [−1, 1] with a XOR-like label. */
function probeData(n: number): EncodedData {
  const x = new Float32Array(2 * n);
  const targets = new Float32Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // A fixed low-discrepancy sequence: no randomness needed.
    const a = ((i * 0.6180339887) % 1) * 2 - 1;
    const b = ((i * 0.7548776662) % 1) * 2 - 1;
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = a * b > 0 ? 1 : 0;
    targets[i] = y[i]!;
  }
  return { x, targets, y, n, features: 2, width: 1 };
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/** Seconds per step: the best of 3 timed runs of `steps` steps, after one warm-up run. */
async function timePerStep(run: (steps: number) => Promise<void> | void, targetMs: number, maxSteps: number): Promise<number> {
  // Warm up (JIT, kernel set-up) and size the runs to about targetMs each.
  let steps = 1;
  let t0 = now();
  await run(steps);
  let elapsed = now() - t0;
  while (elapsed < targetMs / 4 && steps < maxSteps) {
    steps = Math.min(maxSteps, steps * 4);
    t0 = now();
    await run(steps);
    elapsed = now() - t0;
  }
  let best = elapsed / steps;
  for (let r = 0; r < 3; r++) {
    t0 = now();
    await run(steps);
    best = Math.min(best, (now() - t0) / steps);
  }
  return best / 1000;
}

/** Solves t = layers·u + flops/rate for u and rate from the tiny and the wide probe. */
function fit(tinySec: number, wideSec: number): EngineCalibration {
  const layers = PROBE_TINY.layers.length;
  const fTiny = epochFlops(PROBE_TINY, 8, 8);
  const fWide = epochFlops(PROBE_WIDE, 64, 64);
  const secPerFlop = Math.max((wideSec - tinySec) / (fWide - fTiny), 1e-13);
  const u = Math.max((tinySec - fTiny * secPerFlop) / layers, 1e-8);
  return { stepLayerUs: u * 1e6, gflops: 1 / secPerFlop / 1e9 };
}

function initialWeights(spec: ModelSpec): Float32Array[] {
  // Any fixed weights do for timing; Glorot-like magnitudes keep activations in range.
  const sizes = [spec.input, ...spec.layers.map((l) => l.units)];
  const out: Float32Array[] = [];
  for (let l = 0; l < spec.layers.length; l++) {
    const scale = Math.sqrt(6 / (sizes[l]! + sizes[l + 1]!));
    out.push(Float32Array.from({ length: sizes[l]! * sizes[l + 1]! }, (_, i) => (((i * 0.6180339887) % 1) * 2 - 1) * scale));
    out.push(new Float32Array(sizes[l + 1]!));
  }
  return out;
}

async function probeFused(mode: 'fast' | 'exact'): Promise<EngineCalibration> {
  const { SimdNetwork, FusedNetwork } = (await loadFusedModule()) as unknown as typeof import('./fused/index.js');
  const measure = async (spec: ModelSpec, batch: number): Promise<number> => {
    const options = { optimizer: resolveOptimizer(spec.compile.optimizer), maxBatch: batch };
    const net = mode === 'fast' ? new SimdNetwork(spec, initialWeights(spec), options) : new FusedNetwork(spec, initialWeights(spec), options);
    const data = probeData(batch * 16);
    const order = Int32Array.from({ length: data.n }, (_, i) => i);
    try {
      return await timePerStep(
        (steps) => {
          for (let s = 0; s < steps; s++) net.trainBatch(data.x, data.targets, order, (s % 16) * batch, batch);
        },
        2,
        4096,
      );
    } finally {
      if (net instanceof SimdNetwork) net.dispose();
    }
  };
  return fit(await measure(PROBE_TINY, 8), await measure(PROBE_WIDE, 64));
}

async function probeTfjs(backend: string): Promise<EngineCalibration> {
  const previous = tf.getBackend();
  if (previous !== backend) await tf.setBackend(backend);
  await tf.ready();
  try {
    const measure = async (spec: ModelSpec, batch: number): Promise<number> => {
      const model = buildModel(spec, { seed: 0 });
      const engine = new TfjsEngine(model, spec);
      try {
        return await timePerStep(
          async (steps) => {
            const data = probeData(batch * steps);
            await engine.trainEpoch(data, Int32Array.from({ length: data.n }, (_, i) => i), batch);
          },
          20,
          64,
        );
      } finally {
        engine.dispose();
        disposeOptimizer(model.optimizer);
        model.dispose();
      }
    };
    return fit(await measure(PROBE_TINY, 8), await measure(PROBE_WIDE, 64));
  } finally {
    if (previous && previous !== backend) await tf.setBackend(previous);
  }
}

const calibrations = new Map<string, Promise<EngineCalibration>>();

/**
 * The calibration of one engine, probed once per process: `fused` / `fused-exact` (a few ms), or
 * a TF.js backend by name (tens to hundreds of ms; the backend must be registered and
 * initialisable). Concurrent calls share one probe.
 */
export function calibrateBackend(backend: string, engine: 'fused' | 'tfjs', fusedMode?: 'fast' | 'exact'): Promise<EngineCalibration> {
  let c = calibrations.get(backend);
  if (!c) {
    c = engine === 'fused' ? probeFused(fusedMode ?? 'fast') : probeTfjs(backend);
    calibrations.set(backend, c);
    c.catch(() => calibrations.delete(backend));
  }
  return c;
}

/** For tests: set (or with no calibration, forget) the cached calibration of a backend. */
export function setCalibration(backend: string, calibration?: EngineCalibration): void {
  if (calibration) calibrations.set(backend, Promise.resolve(calibration));
  else calibrations.delete(backend);
}

/** A candidate engine for `auto`, highest priority first. */
export interface AutoCandidate {
  name: string;
  engine: 'fused' | 'tfjs';
  fusedMode?: 'fast' | 'exact';
  /**
   * Whether the backend is available and can train the spec, asked only when the candidate is
   * worth estimating (so unlikely TF.js backends are never initialised); absent = yes.
   */
  usable?: () => Promise<boolean>;
}

/**
 * `auto`'s choice among candidates (highest priority first): the first candidate (which must be
 * usable) is preferred; another one is chosen only when its estimate is below the preferred
 * one's divided by AUTO_MARGIN (the cheapest such one). TF.js engines are checked for
 * availability and probed only when even their overhead floor (TFJS_MIN_STEP_LAYER_US,
 * infinitely fast arithmetic) could beat that bar.
 */
export async function chooseByCost(
  candidates: readonly AutoCandidate[],
  spec: ModelSpec,
  options: { batchSize?: number; rows?: number } = {},
): Promise<{ backend: string; estimates: BackendEstimate[] }> {
  if (candidates.length === 0) throw new Error('no candidate backend');
  const batchSize = options.batchSize ?? 32;
  const rows = options.rows ?? 1024;
  const flops = epochFlops(spec, batchSize, rows);
  const estimate = async (c: AutoCandidate): Promise<BackendEstimate> => {
    const calibration = await calibrateBackend(c.name, c.engine, c.fusedMode);
    return { backend: c.name, epochMs: estimateEpochMs(calibration, spec, batchSize, rows), epochFlops: flops, calibration };
  };
  const preferred = await estimate(candidates[0]!);
  const estimates = [preferred];
  const bar = preferred.epochMs / AUTO_MARGIN;
  let best = preferred;
  for (const c of candidates.slice(1)) {
    if (c.engine === 'tfjs') {
      const floor = (Math.ceil(rows / batchSize) * spec.layers.length * TFJS_MIN_STEP_LAYER_US) / 1000;
      if (floor >= bar) continue;
    }
    if (c.usable && !(await c.usable())) continue;
    const e = await estimate(c);
    estimates.push(e);
    if (e.epochMs < bar && e.epochMs < best.epochMs) best = e;
  }
  return { backend: best.backend, estimates };
}
