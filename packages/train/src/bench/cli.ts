#!/usr/bin/env node
/**
 * `pnpm bench`: training speed of the fused engine against TF.js, side by side in one process.
 *
 * For each seed network it times one epoch (after a warm-up epoch) with: the fused engine; our
 * TF.js loop (runTraining + TfjsEngine) on cpu and wasm; plain LayersModel.fit on cpu and wasm.
 * It also times decision-boundary grid predictions (101×101 and 200×200) per engine, and the whole
 * spirals-3x12 run (150 epochs, batch 10) on the fused engine against model.fit extrapolated from
 * the measured epochs. It prints figures only; nothing is asserted.
 *
 *   node dist/bench/cli.js [--quick] [--epochs N] [--cases spirals-3x12,moons-ann]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { bounds, grid, moons, sine, spiral, twoSpirals, type Dataset } from '@mlpkit/datasets';
import { buildModel, getPreset, type ModelSpec } from '@mlpkit/models';
import { useBackend } from '../backends.js';
import { createFusedTrainer } from '../fused/index.js';
import { prepareData, runTraining } from '../loop.js';
import { disposeOptimizer, TfjsEngine } from '../tfjs-engine.js';
import type { TrainData } from '../types.js';

interface BenchCase {
  id: string;
  spec: ModelSpec;
  data: Dataset;
  batchSize: number;
  /** The experiment's epoch count (shared/experiments.md). */
  epochs: number;
}

interface EngineResult {
  engine: string;
  /** Median ms per measured epoch, or undefined when the engine could not run. */
  epochMs?: number;
  grid101Ms?: number;
  grid200Ms?: number;
  error?: string;
}

const ENGINES = ['fused', 'loop cpu', 'loop wasm', 'fit cpu', 'fit wasm'] as const;
type EngineName = (typeof ENGINES)[number];

const SEED = 0;

function now(): number {
  return performance.now();
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function benchCases(): BenchCase[] {
  // Data and batch sizes as in shared/experiments.md (Keras default batch 32 where not given).
  return [
    { id: 'spirals-3x12', spec: getPreset('spirals-3x12'), data: twoSpirals({ samples: 2000, seed: SEED }), batchSize: 10, epochs: 150 },
    { id: 'moons-ann', spec: getPreset('moons-ann'), data: moons({ samples: 1000, noise: 0.05, seed: SEED }), batchSize: 32, epochs: 100 },
    { id: 'sine-ann', spec: getPreset('sine-ann'), data: sine({ seed: SEED }), batchSize: 32, epochs: 50 },
    { id: 'spiral3-ann', spec: getPreset('spiral3-ann'), data: spiral({ seed: SEED }), batchSize: 32, epochs: 50 },
  ];
}

function trainData(d: Dataset): TrainData {
  return { x: d.x, y: d.y, features: d.features, classes: d.classes };
}

function gridPoints(d: Dataset, n: number): Float32Array {
  return grid(bounds(d), { nx: n, ny: n }).x;
}

/** Median wall time of `reps` runs of `fn`, after one warm-up run when `warm`. */
async function timeIt(reps: number, fn: () => Promise<unknown>, warm = reps > 1): Promise<number> {
  if (warm) await fn();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    await fn();
    times.push(now() - t0);
  }
  return median(times);
}

function initialWeights(spec: ModelSpec): Float32Array[] {
  const model = buildModel(spec, { seed: SEED });
  const weights = model.getWeights().map((w) => new Float32Array(w.dataSync()));
  disposeOptimizer(model.optimizer);
  model.dispose();
  return weights;
}

interface RunSettings {
  warmupEpochs: number;
  measuredEpochs: number;
  /** Measured epochs for the fused engine (it is fast enough to average over more). */
  fusedEpochs: number;
  gridReps: number;
}

async function benchFused(c: BenchCase, s: RunSettings, grids: Float32Array[]): Promise<EngineResult> {
  await useBackend('cpu');
  const trainer = createFusedTrainer(c.spec, { seed: SEED, initialWeights: initialWeights(c.spec) });
  try {
    const times: number[] = [];
    // One warm-up epoch (lets V8 optimise the kernels), then the measured ones.
    await trainer.train(trainData(c.data), {
      epochs: 1 + s.fusedEpochs,
      batchSize: c.batchSize,
      seed: SEED,
      onEpochEnd: (logs) => {
        if (logs.epoch > 1) times.push(logs.elapsedMs);
      },
    });
    const grid101Ms = await timeIt(s.gridReps, () => trainer.predictGrid({ x: grids[0]! }), true);
    const grid200Ms = await timeIt(s.gridReps, () => trainer.predictGrid({ x: grids[1]! }), true);
    return { engine: 'fused', epochMs: median(times), grid101Ms, grid200Ms };
  } finally {
    trainer.dispose();
  }
}

async function benchLoop(c: BenchCase, backend: 'cpu' | 'wasm', s: RunSettings, grids: Float32Array[]): Promise<EngineResult> {
  await useBackend(backend);
  const model = buildModel(c.spec, { seed: SEED });
  const engine = new TfjsEngine(model, c.spec);
  try {
    const times: number[] = [];
    await runTraining(engine, trainData(c.data), c.spec, {
      epochs: s.warmupEpochs + s.measuredEpochs,
      batchSize: c.batchSize,
      seed: SEED,
      onEpochEnd: (logs) => {
        if (logs.epoch > s.warmupEpochs) times.push(logs.elapsedMs);
      },
    });
    // TfjsTrainer.predictGrid's default batch.
    const grid101Ms = await timeIt(s.gridReps, () => engine.predict(grids[0]!, 4096));
    const grid200Ms = await timeIt(s.gridReps, () => engine.predict(grids[1]!, 4096));
    return { engine: `loop ${backend}`, epochMs: median(times), grid101Ms, grid200Ms };
  } finally {
    engine.dispose();
    disposeOptimizer(model.optimizer);
    model.dispose();
  }
}

async function benchFit(c: BenchCase, backend: 'cpu' | 'wasm', s: RunSettings, grids: Float32Array[]): Promise<EngineResult> {
  await useBackend(backend);
  const model = buildModel(c.spec, { seed: SEED });
  const { train } = prepareData(c.spec, trainData(c.data), {});
  const xs = tf.tensor2d(train.x, [train.n, train.features]);
  const ys = tf.tensor2d(train.targets, [train.n, train.width]);
  try {
    const times: number[] = [];
    let started = 0;
    await model.fit(xs, ys, {
      epochs: s.warmupEpochs + s.measuredEpochs,
      batchSize: c.batchSize,
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochBegin: async () => {
          started = now();
        },
        onEpochEnd: async (epoch) => {
          if (epoch >= s.warmupEpochs) times.push(now() - started);
        },
      },
    });
    const predictGrid = async (points: Float32Array) => {
      const input = tf.tensor2d(points, [points.length / 2, 2]);
      const out = model.predict(input, { batchSize: 4096 }) as tf.Tensor;
      await out.data();
      tf.dispose([input, out]);
    };
    const grid101Ms = await timeIt(s.gridReps, () => predictGrid(grids[0]!));
    const grid200Ms = await timeIt(s.gridReps, () => predictGrid(grids[1]!));
    return { engine: `fit ${backend}`, epochMs: median(times), grid101Ms, grid200Ms };
  } finally {
    tf.dispose([xs, ys]);
    disposeOptimizer(model.optimizer);
    model.dispose();
  }
}

async function benchEngine(name: EngineName, c: BenchCase, s: RunSettings, grids: Float32Array[]): Promise<EngineResult> {
  try {
    switch (name) {
      case 'fused':
        return await benchFused(c, s, grids);
      case 'loop cpu':
        return await benchLoop(c, 'cpu', s, grids);
      case 'loop wasm':
        return await benchLoop(c, 'wasm', s, grids);
      case 'fit cpu':
        return await benchFit(c, 'cpu', s, grids);
      case 'fit wasm':
        return await benchFit(c, 'wasm', s, grids);
    }
  } catch (error) {
    return { engine: name, error: (error as Error).message.split('\n')[0] };
  }
}

function fmt(value: number | undefined, digits = 1): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
  return value.toFixed(value >= 100 ? 0 : digits);
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function machine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return `node ${process.version}, ${os.availableParallelism?.() ?? cpus.length} CPUs (${cpus[0]?.model ?? 'unknown'}), TF.js ${tf.version.tfjs}, load average ${load}`;
}

async function main(): Promise<void> {
  // `pnpm bench -- --quick` forwards the `--` separator itself: ignore it.
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      epochs: { type: 'string' },
      cases: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: node dist/bench/cli.js [--quick] [--epochs N] [--cases a,b]\n' +
        '  --quick       CI smoke run (< 60 s): 1 measured epoch, no TF.js warm-up, 1 grid run\n' +
        '  --epochs N    measured epochs per TF.js engine (default 3; --quick 1)\n' +
        `  --cases a,b   only these networks (default all: ${benchCases().map((c) => c.id).join(', ')})\n`,
    );
    return;
  }
  const allCases = benchCases();
  const selected = values.cases === undefined ? allCases.map((c) => c.id) : values.cases.split(',').map((id) => id.trim());
  const unknown = selected.filter((id) => !allCases.some((c) => c.id === id));
  if (unknown.length > 0 || selected.length === 0) {
    process.stderr.write(`--cases: unknown network ${unknown.join(', ') || '(none given)'}; choose from ${allCases.map((c) => c.id).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const cases = allCases.filter((c) => selected.includes(c.id));
  const quick = values.quick ?? false;
  const measuredEpochs = values.epochs !== undefined ? Number(values.epochs) : quick ? 1 : 3;
  if (!Number.isInteger(measuredEpochs) || measuredEpochs < 1) {
    process.stderr.write(`--epochs must be a positive integer, got ${values.epochs}\n`);
    process.exitCode = 2;
    return;
  }
  // --quick is a smoke run: no warm-up for TF.js (its first epoch includes kernel set-up), one grid run.
  const settings: RunSettings = {
    warmupEpochs: quick ? 0 : 1,
    measuredEpochs,
    fusedEpochs: quick ? Math.max(measuredEpochs, 3) : Math.max(measuredEpochs, 20),
    gridReps: quick ? 1 : 5,
  };
  const started = now();
  process.stdout.write(`mlpkit bench${quick ? ' (--quick)' : ''}: ${machine()}\n`);
  process.stdout.write(`per-epoch time = median of ${measuredEpochs} epoch(s) after ${settings.warmupEpochs} warm-up (fused: ${settings.fusedEpochs} after 1); grid time = median of ${settings.gridReps}${settings.gridReps > 1 ? ' after a warm-up run' : ' (cold for TF.js)'}\n\n`);

  const fitCpuEpochMs = new Map<string, number>();
  for (const c of cases) {
    const n = c.data.y.length;
    const grids = [gridPoints(c.data, 101), gridPoints(c.data, 200)];
    const results: EngineResult[] = [];
    for (const name of ENGINES) results.push(await benchEngine(name, c, settings, grids));
    const fused = results[0]!;
    const rows = results.map((r) => {
      if (r.error) return [r.engine, `unavailable: ${r.error}`, '', '', '', '', '', ''];
      return [
        r.engine,
        fmt(r.epochMs, 2),
        fmt(n / ((r.epochMs ?? NaN) / 1000)),
        r === fused ? '1×' : `${fmt((r.epochMs ?? NaN) / (fused.epochMs ?? NaN))}×`,
        fmt(r.grid101Ms, 2),
        r === fused ? '1×' : `${fmt((r.grid101Ms ?? NaN) / (fused.grid101Ms ?? NaN))}×`,
        fmt(r.grid200Ms, 2),
        r === fused ? '1×' : `${fmt((r.grid200Ms ?? NaN) / (fused.grid200Ms ?? NaN))}×`,
      ];
    });
    const fitCpu = results.find((r) => r.engine === 'fit cpu');
    if (fitCpu?.epochMs !== undefined) fitCpuEpochMs.set(c.id, fitCpu.epochMs);
    process.stdout.write(`${c.id}: ${n} rows, batch ${c.batchSize}, ${Math.ceil(n / c.batchSize)} steps/epoch\n`);
    process.stdout.write(
      `${table(['engine', 'ms/epoch', 'samples/s', 'vs fused', 'grid 101² ms', 'vs fused', 'grid 200² ms', 'vs fused'], rows)}\n\n`,
    );
  }

  // Whole experiments on the fused engine, against model.fit (cpu) extrapolated from its measured epochs.
  await useBackend('cpu');
  const fullRows: string[][] = [];
  for (const c of cases) {
    if (quick && c.id !== 'spirals-3x12') continue;
    const trainer = createFusedTrainer(c.spec, { seed: SEED, initialWeights: initialWeights(c.spec) });
    const t0 = now();
    const history = await trainer.train(trainData(c.data), { epochs: c.epochs, batchSize: c.batchSize, seed: SEED });
    const wall = now() - t0;
    trainer.dispose();
    const fit = fitCpuEpochMs.get(c.id);
    const fitTotal = fit === undefined ? undefined : fit * c.epochs;
    fullRows.push([
      c.id,
      `${c.epochs} × batch ${c.batchSize}`,
      fmt(wall, 0),
      (history.accuracy[history.accuracy.length - 1] ?? NaN).toFixed(3),
      fitTotal === undefined ? '—' : `${fmt(fitTotal / 1000, 1)} s`,
      fitTotal === undefined ? '—' : `${fmt(fitTotal / wall, 0)}×`,
    ]);
  }
  if (fullRows.length > 0) {
    process.stdout.write('Whole experiments on the fused engine (wall time incl. the epoch driver); model.fit cpu extrapolated = its measured ms/epoch × epochs\n');
    process.stdout.write(`${table(['experiment', 'epochs', 'fused ms', 'final acc', 'fit cpu (extrap.)', 'speed-up'], fullRows)}\n`);
  }
  process.stdout.write(`\nTarget (issue 7): spirals-3x12 ≤ 1500 ms on the fused engine and ≥ 30× faster than model.fit. Bench took ${((now() - started) / 1000).toFixed(1)} s.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
