/**
 * `auto`'s static cost model: the estimated time of one training epoch of a Dense spec on each
 * engine, from fixed per-engine constants fitted once to measurements (bench/calibrate.mjs, bench/fit-costs.py) and
 * written here with their provenance, and the choice between engines as a pure function of its
 * inputs (spec, batch size, rows, the candidate backends). Nothing here reads a clock: two
 * identical invocations pick the same backend on any machine, under any load, in any worker.
 *
 * Per optimizer step of b rows the model charges
 *
 *   stepUs + layers·layerUs + params·paramNs + b·rowNs + b·units·unitRowNs + flops/gflops
 *
 * (µs, ns and GFLOP/s as named; `units` = Σ layer widths, `flops` the dense matrix-product FLOPs
 * of the step, see epochFlops; products whose activation matrix b × max(in, out) holds at least
 * LARGE_PRODUCT_VALUES values run at `gflopsLarge`, which models the cache spill measured on the
 * fused kernels). An epoch of `rows` rows takes ⌈rows / b⌉ steps, the last one partial: its cost
 * is exactly steps·(fixed per-step terms) + rows·(per-row terms).
 */
import { networkInputs, type ModelSpec } from '@mlpkit/models/core';

/** One engine's cost constants (see the module comment for the formula). */
export interface EngineCostModel {
  /** Fixed cost of an optimizer step (µs): dispatch, loss ops, bookkeeping. */
  stepUs: number;
  /** Fixed cost per Dense layer and step (µs). */
  layerUs: number;
  /** Cost per parameter and step (ns): the optimizer update and the gradient buffers. */
  paramNs: number;
  /** Cost per row and step (ns): gathering the row, the loss and its gradient. */
  rowNs: number;
  /** Cost per unit and row (ns): bias, activation and its derivative. */
  unitRowNs: number;
  /** Sustained dense matrix-product throughput (GFLOP/s). */
  gflops: number;
  /** Throughput of products whose activation matrix holds ≥ LARGE_PRODUCT_VALUES values (GFLOP/s). */
  gflopsLarge: number;
  /** Where the numbers come from: measured (which run) or assumed (on what grounds). */
  source: string;
}

/**
 * `auto` keeps the preferred backend (the highest-priority available one, normally `fused`)
 * unless another one's estimate is at least this many times lower: a guard against the model's
 * error (its estimates are within ~0.5–1.5× of the measured step times it was fitted to) and
 * against machines unlike the one the constants come from.
 */
export const AUTO_MARGIN = 2;

/** Activation-matrix size (values, 4 MB of float32) above which the fused kernels spill the cache. */
export const LARGE_PRODUCT_VALUES = 1 << 20;

const CALIBRATION =
  'fitted by bench/fit-costs.py (non-negative least squares on relative error) to the per-step CPU times in bench/calibration-2026-11-30.jsonl, ' +
  'measured by bench/calibrate.mjs (56–75 networks × batch sizes per engine: hidden widths 4–1024, 1–4 relu hidden layers, 2 or 100 inputs, batch 1–4096, adam, ' +
  'binary cross-entropy) on the 2-vCPU AMD EPYC 2.45 GHz VM, Node 20.20, TF.js 4.22, 2026-11-30; every measured step is within 0.5–1.5× of its estimate';

/**
 * The built-in engines' cost constants, by backend name. `fused`, `fused-exact`, `wasm` and `cpu`
 * are measured (see CALIBRATION; in Node). `tensorflow`, `webgl` and `webgpu` could not be measured
 * on the project's machines (no tfjs-node, no GPU): their constants are stated assumptions, chosen
 * conservatively so that they only win where arithmetic dominates by far (wide layers, big
 * batches), and software renderers (SwiftShader, llvmpipe, a fallback WebGPU adapter) get the
 * `*-software` constants, which never win.
 */
export const ENGINE_COSTS = {
  fused: { stepUs: 0, layerUs: 0.21, paramNs: 2.4, rowNs: 210, unitRowNs: 1.9, gflops: 22, gflopsLarge: 12, source: CALIBRATION },
  'fused-exact': { stepUs: 0.3, layerUs: 0.24, paramNs: 24, rowNs: 190, unitRowNs: 14, gflops: 2.9, gflopsLarge: 2.9, source: CALIBRATION },
  wasm: { stepUs: 1860, layerUs: 0, paramNs: 27, rowNs: 1300, unitRowNs: 0, gflops: 1.7, gflopsLarge: 1.3, source: CALIBRATION },
  cpu: { stepUs: 1330, layerUs: 0, paramNs: 470, rowNs: 2100, unitRowNs: 155, gflops: 0.51, gflopsLarge: 0.51, source: CALIBRATION },
  tensorflow: {
    stepUs: 2000,
    layerUs: 0,
    paramNs: 3,
    rowNs: 100,
    unitRowNs: 1,
    gflops: 40,
    gflopsLarge: 40,
    source:
      'assumed, not measured (tfjs-node is not installed on the project machines): the per-step cost of the TF.js engine measured on cpu/wasm (~2 ms), ' +
      'native element-wise work, and 40 GFLOP/s for libtensorflow matrix products (half of one AVX2+FMA core at 2.45 GHz)',
  },
  webgl: {
    stepUs: 1500,
    layerUs: 800,
    paramNs: 0.2,
    rowNs: 0,
    unitRowNs: 0.05,
    gflops: 100,
    gflopsLarge: 100,
    source: 'assumed, not measured (no GPU on the project machines): ~1 ms of shader dispatch per layer and step, 100 GFLOP/s for TF.js WebGL matrix products on an integrated GPU',
  },
  webgpu: {
    stepUs: 1500,
    layerUs: 500,
    paramNs: 0.1,
    rowNs: 0,
    unitRowNs: 0.05,
    gflops: 200,
    gflopsLarge: 200,
    source: 'assumed, not measured (no GPU on the project machines): ~0.5 ms of dispatch per layer and step, 200 GFLOP/s for TF.js WebGPU matrix products on an integrated GPU',
  },
  'webgl-software': {
    stepUs: 3000,
    layerUs: 2000,
    paramNs: 5,
    rowNs: 500,
    unitRowNs: 5,
    gflops: 1,
    gflopsLarge: 1,
    source: 'assumed: WebGL on a software renderer (SwiftShader, llvmpipe) runs shaders on the CPU, slower than every CPU engine',
  },
  'webgpu-software': {
    stepUs: 3000,
    layerUs: 2000,
    paramNs: 5,
    rowNs: 500,
    unitRowNs: 5,
    gflops: 1,
    gflopsLarge: 1,
    source: 'assumed: a fallback (software) WebGPU adapter runs shaders on the CPU, slower than every CPU engine',
  },
} as const satisfies Record<string, EngineCostModel>;

/** The per-step quantities of a spec the cost model charges for (see the module comment). */
export interface StepShape {
  layers: number;
  params: number;
  /** Σ of the layer widths (units per row). */
  units: number;
  /** Matrix-product FLOPs per row (forward, weight gradient, and input gradient but for the first layer). */
  flopsPerRow: number;
  /** Per layer: FLOPs per row and the wider side max(in, out) of the layer's product. */
  products: Array<{ flopsPerRow: number; width: number }>;
}

/** The shape of a Dense spec as the cost model sees it. */
export function stepShape(spec: ModelSpec): StepShape {
  const sizes = [networkInputs(spec), ...spec.layers.map((l) => l.units)];
  const products = spec.layers.map((_, l) => ({ flopsPerRow: 2 * sizes[l]! * sizes[l + 1]! * (l > 0 ? 3 : 2), width: Math.max(sizes[l]!, sizes[l + 1]!) }));
  let params = 0;
  for (let l = 0; l < spec.layers.length; l++) params += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!;
  return {
    layers: spec.layers.length,
    params,
    units: sizes.slice(1).reduce((a, b) => a + b, 0),
    flopsPerRow: products.reduce((a, p) => a + p.flopsPerRow, 0),
    products,
  };
}

/**
 * Dense matrix-product FLOPs of one training epoch: per row and per layer of in × out weights,
 * 2·in·out for the forward product, as much for the weight gradient, and as much again for the
 * input gradient of every layer but the first. Element-wise work (bias, activations, loss,
 * optimizer) is not counted: this is the floor any engine must compute. `batchSize` does not
 * change it (kept for symmetry with estimateEpochMs).
 */
export function epochFlops(spec: ModelSpec, batchSize: number, rows: number): number {
  void batchSize;
  return stepShape(spec).flopsPerRow * rows;
}

/** Checks the estimate's inputs (positive integers), with a message naming the input. */
function checkCounts(batchSize: number, rows: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be a positive integer, got ${rows}`);
}

/**
 * The cost model's estimate (ms) of one epoch of `rows` rows in batches of `batchSize` with
 * `cost`'s constants: ⌈rows / batchSize⌉ steps, the last one partial. Pure; throws RangeError
 * for a batch size or row count that is not a positive integer.
 */
export function estimateEpochMs(cost: EngineCostModel, spec: ModelSpec, batchSize: number, rows: number): number {
  checkCounts(batchSize, rows);
  const s = stepShape(spec);
  const steps = Math.ceil(rows / batchSize);
  // A full step's batch; a smaller last batch (or rows < batchSize) is charged per row below.
  const b = Math.min(batchSize, rows);
  let flopUs = 0;
  for (const p of s.products) flopUs += (p.flopsPerRow * rows) / ((b * p.width >= LARGE_PRODUCT_VALUES ? cost.gflopsLarge : cost.gflops) * 1e3);
  const fixedUs = steps * (cost.stepUs + s.layers * cost.layerUs + (s.params * cost.paramNs) / 1000);
  const perRowUs = (rows * (cost.rowNs + s.units * cost.unitRowNs)) / 1000;
  return (fixedUs + perRowUs + flopUs) / 1000;
}

/** One candidate backend of `auto`: a name and its cost constants (none: never estimated). */
export interface AutoCandidate {
  name: string;
  cost?: EngineCostModel;
}

/** One backend's estimated epoch for a spec, batch size and row count. */
export interface BackendEstimate {
  backend: string;
  /** Estimated ms of one epoch, from the static cost model (never a measurement). */
  epochMs: number;
  /** Dense matrix-product FLOPs of the epoch (the same for every engine). */
  epochFlops: number;
  /** Always 'cost-model': the figure is an estimate from `cost`, not a timing. */
  basis: 'cost-model';
  /** The constants the estimate used, with their provenance (`cost.source`). */
  cost: EngineCostModel;
  /** Whether `auto` picks this backend for these inputs. */
  auto: boolean;
  /**
   * Only when asked for (estimateBackends' `measure`): a timed run of the spec on this backend in
   * this process — informative, noisy, and never used by `auto`.
   */
  measured?: { epochMs: number; stepMs: number; steps: number };
}

/** Options of the estimate: the training run's batch size (default 32) and rows (default 1024). */
export interface EstimateOptions {
  batchSize?: number;
  rows?: number;
}

/**
 * `auto`'s decision, a pure function of its inputs: `candidates` are the usable backends,
 * highest priority first; the first is preferred. Another candidate is chosen only when its
 * estimate is below the preferred one's divided by AUTO_MARGIN — the cheapest such one (ties keep
 * the higher priority). A preferred backend without cost constants is always kept; candidates
 * without constants are never chosen. Returns the choice and the estimates of every candidate
 * with constants, in candidate order. Throws RangeError for no candidates or bad counts.
 */
export function chooseBackend(candidates: readonly AutoCandidate[], spec: ModelSpec, options: EstimateOptions = {}): { backend: string; estimates: BackendEstimate[] } {
  if (candidates.length === 0) throw new RangeError('chooseBackend: no candidate backend');
  const batchSize = options.batchSize ?? 32;
  const rows = options.rows ?? 1024;
  checkCounts(batchSize, rows);
  const flops = epochFlops(spec, batchSize, rows);
  const estimates = candidates.flatMap((c) => (c.cost ? [{ backend: c.name, epochMs: estimateEpochMs(c.cost, spec, batchSize, rows), epochFlops: flops, basis: 'cost-model' as const, cost: c.cost, auto: false }] : []));
  const preferred = candidates[0]!;
  let backend = preferred.name;
  const preferredEstimate = estimates.find((e) => e.backend === preferred.name);
  if (preferredEstimate) {
    const bar = preferredEstimate.epochMs / AUTO_MARGIN;
    let best = Infinity;
    for (const e of estimates) {
      if (e.backend !== preferred.name && e.epochMs < bar && e.epochMs < best) {
        best = e.epochMs;
        backend = e.backend;
      }
    }
  }
  for (const e of estimates) e.auto = e.backend === backend;
  return { backend, estimates };
}

/**
 * The names `auto` would take, best first, before knowing which lower-priority backends are
 * usable: every candidate after the first whose estimate beats the preferred one by AUTO_MARGIN
 * (cheapest first), then the preferred one. useBackend checks them in this order, so a backend
 * that cannot win is never loaded or initialised. Pure.
 */
export function autoOrder(candidates: readonly AutoCandidate[], spec: ModelSpec, options: EstimateOptions = {}): string[] {
  const { estimates } = chooseBackend(candidates, spec, options);
  const preferred = candidates[0]!.name;
  const preferredEstimate = estimates.find((e) => e.backend === preferred);
  if (!preferredEstimate) return [preferred];
  const bar = preferredEstimate.epochMs / AUTO_MARGIN;
  const winners = estimates.filter((e) => e.backend !== preferred && e.epochMs < bar);
  // Stable sort: equal estimates keep the candidates' (priority) order.
  winners.sort((a, b) => a.epochMs - b.epochMs);
  return [...winners.map((e) => e.backend), preferred];
}
