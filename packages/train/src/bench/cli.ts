#!/usr/bin/env node
/**
 * `pnpm bench`: training speed of the fused engine (fast and exact modes) against TF.js, side by
 * side in one process.
 *
 * For each network it times one epoch (after a warm-up epoch) with: the fused engine's fast mode
 * (`fused`, WebAssembly SIMD) and exact mode (`fused-exact`); our TF.js loop (runTraining +
 * TfjsEngine) on cpu and wasm; plain LayersModel.fit on cpu and wasm. Next to each time it prints
 * the achieved GFLOP/s (dense matrix-product FLOPs / time, see epochFlops) and, per case, the FLOP
 * floor and the machine's single-core peak. It also times decision-boundary grid predictions
 * (101×101 and 200×200) per engine, and whole runs of each experiment on both fused modes. It
 * prints figures only; nothing is asserted.
 *
 *   node dist/bench/cli.js [--quick] [--epochs N] [--cases spirals-3x12,moons-ann,wide-256]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { bounds, circles, grid, moons, sine, spiral, takeRows, twoSpirals, type Dataset } from '@mlpkit/datasets';
import { buildModel, getPreset, type ModelSpec } from '@mlpkit/models';
import { useBackend } from '../backends.js';
import { epochFlops } from '../cost.js';
import { createFusedTrainer } from '../fused/index.js';
import { prepareData, runTraining } from '../loop.js';
import { disposeOptimizer, TfjsEngine } from '../tfjs-engine.js';
import type { ClassificationData } from '../types.js';

interface BenchCase {
  id: string;
  spec: ModelSpec;
  data: Dataset;
  batchSize: number;
  /** The experiment's epoch count (shared/experiments.md). */
  epochs: number;
  /** Time decision-boundary grids (default true; the wide case skips them: TF.js cpu would take minutes). */
  grids?: boolean;
  /**
   * TF.js engines train on only this many rows and their epoch time is scaled to the full data
   * (per-epoch time is linear in the rows), so that slow engines on big cases stay affordable.
   */
  tfjsRows?: number;
}

interface EngineResult {
  engine: string;
  /** Median ms per measured epoch, or undefined when the engine could not run. */
  epochMs?: number;
  /** Median CPU time (user + system of this process) per measured epoch, ms: robust to other load. */
  cpuMs?: number;
  grid101Ms?: number;
  grid200Ms?: number;
  error?: string;
  /** Set when the epoch time was scaled from a subset of the rows. */
  scaledFrom?: number;
}

const ENGINES = ['fused', 'fused-exact', 'loop cpu', 'loop wasm', 'fit cpu', 'fit wasm'] as const;
type EngineName = (typeof ENGINES)[number];

const SEED = 0;

function now(): number {
  return performance.now();
}

/** CPU time of this process (user + system), ms. */
function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
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
    // Issue 13's wide case: ~8 GFLOP per epoch, where arithmetic rather than overhead dominates.
    { id: 'wide-256', spec: WIDE_SPEC, data: circles({ samples: 20_000, factor: 0.3, noise: 0.05, seed: SEED }), batchSize: 64, epochs: 2, tfjsRows: 2000, grids: false },
  ];
}

/** 2-256-256-1 relu/sigmoid, adam, binary cross-entropy (issue 13's wide case). */
const WIDE_SPEC: ModelSpec = {
  name: 'wide-256',
  input: 2,
  layers: [
    { units: 256, activation: 'relu' },
    { units: 256, activation: 'relu' },
    { units: 1, activation: 'sigmoid' },
  ],
  compile: { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy', metrics: ['accuracy'] },
};

/** The data TF.js engines train on for case c (a subset for big cases). */
function tfjsData(c: BenchCase): Dataset {
  return c.tfjsRows !== undefined && c.tfjsRows < c.data.y.length ? takeRows(c.data, 0, c.tfjsRows) : c.data;
}

/** The factor that scales a TF.js engine's epoch time to the full data. */
function tfjsScale(c: BenchCase): number {
  return c.data.y.length / tfjsData(c).y.length;
}

function trainData(d: Dataset): ClassificationData {
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

async function benchFused(c: BenchCase, mode: 'fast' | 'exact', s: RunSettings, grids: Float32Array[]): Promise<EngineResult> {
  await useBackend('cpu');
  const trainer = createFusedTrainer(c.spec, { seed: SEED, initialWeights: initialWeights(c.spec), mode });
  try {
    const times: number[] = [];
    const cpu: number[] = [];
    let lastCpu = 0;
    // One warm-up epoch (lets V8 optimise the kernels), then the measured ones; slow exact-mode
    // runs of the wide case get the TF.js engines' epoch count.
    const measured = c.tfjsRows !== undefined ? (mode === 'fast' ? Math.max(3, s.measuredEpochs) : s.measuredEpochs) : s.fusedEpochs;
    await trainer.train(trainData(c.data), {
      epochs: 1 + measured,
      batchSize: c.batchSize,
      seed: SEED,
      onEpochEnd: (logs) => {
        const c0 = cpuNow();
        if (logs.epoch > 1) {
          times.push(logs.elapsedMs);
          cpu.push(c0 - lastCpu);
        }
        lastCpu = c0;
      },
    });
    const grid101Ms = grids[0] === undefined ? undefined : await timeIt(s.gridReps, () => trainer.predictGrid({ x: grids[0]! }), true);
    const grid200Ms = grids[1] === undefined ? undefined : await timeIt(s.gridReps, () => trainer.predictGrid({ x: grids[1]! }), true);
    return { engine: mode === 'fast' ? 'fused' : 'fused-exact', epochMs: median(times), cpuMs: median(cpu), grid101Ms, grid200Ms };
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
    const cpu: number[] = [];
    let lastCpu = cpuNow();
    await runTraining(engine, trainData(tfjsData(c)), c.spec, {
      epochs: s.warmupEpochs + s.measuredEpochs,
      batchSize: c.batchSize,
      seed: SEED,
      onEpochEnd: (logs) => {
        const c0 = cpuNow();
        if (logs.epoch > s.warmupEpochs) {
          times.push(logs.elapsedMs);
          cpu.push(c0 - lastCpu);
        }
        lastCpu = c0;
      },
    });
    // TfjsTrainer.predictGrid's default batch.
    const grid101Ms = grids[0] === undefined ? undefined : await timeIt(s.gridReps, () => engine.predict(grids[0]!, 4096));
    const grid200Ms = grids[1] === undefined ? undefined : await timeIt(s.gridReps, () => engine.predict(grids[1]!, 4096));
    return { engine: `loop ${backend}`, epochMs: median(times) * tfjsScale(c), cpuMs: median(cpu) * tfjsScale(c), grid101Ms, grid200Ms, ...(tfjsScale(c) > 1 ? { scaledFrom: tfjsData(c).y.length } : {}) };
  } finally {
    engine.dispose();
    disposeOptimizer(model.optimizer);
    model.dispose();
  }
}

async function benchFit(c: BenchCase, backend: 'cpu' | 'wasm', s: RunSettings, grids: Float32Array[]): Promise<EngineResult> {
  await useBackend(backend);
  const model = buildModel(c.spec, { seed: SEED });
  const { train } = prepareData(c.spec, trainData(tfjsData(c)), {});
  const xs = tf.tensor2d(train.x, [train.n, train.features]);
  const ys = tf.tensor2d(train.targets, [train.n, train.width]);
  try {
    const times: number[] = [];
    const cpu: number[] = [];
    let started = 0;
    let startedCpu = 0;
    await model.fit(xs, ys, {
      epochs: s.warmupEpochs + s.measuredEpochs,
      batchSize: c.batchSize,
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochBegin: async () => {
          started = now();
          startedCpu = cpuNow();
        },
        onEpochEnd: async (epoch) => {
          if (epoch >= s.warmupEpochs) {
            times.push(now() - started);
            cpu.push(cpuNow() - startedCpu);
          }
        },
      },
    });
    const predictGrid = async (points: Float32Array) => {
      const input = tf.tensor2d(points, [points.length / 2, 2]);
      const out = model.predict(input, { batchSize: 4096 }) as tf.Tensor;
      await out.data();
      tf.dispose([input, out]);
    };
    const grid101Ms = grids[0] === undefined ? undefined : await timeIt(s.gridReps, () => predictGrid(grids[0]!));
    const grid200Ms = grids[1] === undefined ? undefined : await timeIt(s.gridReps, () => predictGrid(grids[1]!));
    return { engine: `fit ${backend}`, epochMs: median(times) * tfjsScale(c), cpuMs: median(cpu) * tfjsScale(c), grid101Ms, grid200Ms, ...(tfjsScale(c) > 1 ? { scaledFrom: tfjsData(c).y.length } : {}) };
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
        return await benchFused(c, 'fast', s, grids);
      case 'fused-exact':
        return await benchFused(c, 'exact', s, grids);
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

/** a / b as "N×", or — when either is missing. */
function ratioText(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || !Number.isFinite(a / b) ? '—' : `${fmt(a / b)}×`;
}

function fmt(value: number | undefined, digits = 1): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
  return value.toFixed(value >= 100 ? 0 : digits);
}

/** Writes the cases for bench/reference.py: one CSV per case and cases.json (specs, batch sizes, epochs). */
function exportData(dir: string, cases: BenchCase[]): void {
  mkdirSync(dir, { recursive: true });
  for (const c of cases) {
    const f = c.data.features;
    const lines = [[...Array.from({ length: f }, (_, i) => `x${i}`), 'label'].join(',')];
    for (let i = 0; i < c.data.y.length; i++) lines.push([...c.data.x.subarray(i * f, (i + 1) * f), c.data.y[i]].join(','));
    writeFileSync(join(dir, `${c.id}.csv`), `${lines.join('\n')}\n`);
  }
  const meta = cases.map((c) => ({ id: c.id, spec: c.spec, batchSize: c.batchSize, epochs: c.epochs, classes: c.data.classes, rows: c.data.y.length, epochFlops: epochFlops(c.spec, c.batchSize, c.data.y.length) }));
  writeFileSync(join(dir, 'cases.json'), `${JSON.stringify(meta, null, 2)}\n`);
  process.stdout.write(`wrote ${cases.length} cases to ${dir}\n`);
}

function fmtFlops(flops: number): string {
  return flops >= 1e9 ? `${(flops / 1e9).toFixed(2)} GFLOP` : `${(flops / 1e6).toFixed(1)} MFLOP`;
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

/**
 * The single-core float32 peak: FLOP per cycle from the CPU's vector extensions (x86 /proc/cpuinfo
 * flags: AVX2 + FMA → 2 FMA units × 8 lanes × 2 = 32; AVX → 16; else SSE 8) × the clock, and what
 * WebAssembly SIMD can reach at most on it (f32x4 without FMA: 4 lanes × 2 mul + 2 add per cycle).
 */
function singleCorePeak(): { native: number; wasm: number; describe: string } | undefined {
  let info: string;
  try {
    info = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return undefined;
  }
  const mhz = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(info)?.[1] ?? os.cpus()[0]?.speed ?? NaN);
  const flags = /flags\s*:\s*(.*)/.exec(info)?.[1]?.split(' ') ?? [];
  if (!Number.isFinite(mhz) || mhz <= 0) return undefined;
  const perCycle = flags.includes('avx2') && flags.includes('fma') ? 32 : flags.includes('avx') ? 16 : 8;
  const ghz = mhz / 1000;
  return {
    native: perCycle * ghz,
    wasm: 16 * ghz,
    describe: `single-core peak ≈ ${(perCycle * ghz).toFixed(0)} GFLOP/s (${perCycle} FLOP/cycle × ${ghz.toFixed(2)} GHz); WebAssembly SIMD (f32x4, no FMA) ≤ ${(16 * ghz).toFixed(0)} GFLOP/s`,
  };
}

async function main(): Promise<void> {
  // `pnpm bench -- --quick` forwards the `--` separator itself: ignore it.
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      epochs: { type: 'string' },
      cases: { type: 'string' },
      'export-data': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: node dist/bench/cli.js [--quick] [--epochs N] [--cases a,b]\n' +
        '  --quick       CI smoke run (< 60 s): 1 measured epoch, no TF.js warm-up, 1 grid run\n' +
        '  --epochs N    measured epochs per TF.js engine (default 3; --quick 1)\n' +
        '                (wide-256: TF.js engines train on 2000 of its 20000 rows, scaled ×10)\n' +
        `  --cases a,b   only these networks (default all: ${benchCases().map((c) => c.id).join(', ')})\n` +
        '  --export-data DIR  write each case\'s data (DIR/<case>.csv: x0, x1, …, label) and spec\n' +
        '                (DIR/cases.json) for bench/reference.py, then exit\n',
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
  if (values['export-data'] !== undefined) {
    exportData(values['export-data'], cases);
    return;
  }
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
  const peak = singleCorePeak();
  if (peak) process.stdout.write(`${peak.describe}\n`);
  process.stdout.write(`per-epoch time = median of ${measuredEpochs} epoch(s) after ${settings.warmupEpochs} warm-up (fused: ${settings.fusedEpochs} after 1); cpu ms = this process's CPU time per epoch (less sensitive to other load); GFLOP/s from wall time; grid time = median of ${settings.gridReps}${settings.gridReps > 1 ? ' after a warm-up run' : ' (cold for TF.js)'}\n\n`);

  const fitCpuEpochMs = new Map<string, number>();
  for (const c of cases) {
    const n = c.data.y.length;
    const grids = c.grids === false ? [] : [gridPoints(c.data, 101), gridPoints(c.data, 200)];
    const results: EngineResult[] = [];
    for (const name of ENGINES) results.push(await benchEngine(name, c, settings, grids));
    const fused = results[0]!;
    const flops = epochFlops(c.spec, c.batchSize, n);
    const rows = results.map((r) => {
      if (r.error) return [r.engine, `unavailable: ${r.error}`, '', '', '', '', '', '', '', '', ''];
      return [
        r.scaledFrom !== undefined ? `${r.engine}*` : r.engine,
        fmt(r.epochMs, 2),
        fmt(r.cpuMs, 2),
        fmt(n / ((r.epochMs ?? NaN) / 1000)),
        fmt(flops / ((r.epochMs ?? NaN) * 1e6), 2),
        r === fused ? '1×' : ratioText(r.epochMs, fused.epochMs),
        fmt(r.grid101Ms, 2),
        r === fused ? (r.grid101Ms === undefined ? '—' : '1×') : ratioText(r.grid101Ms, fused.grid101Ms),
        fmt(r.grid200Ms, 2),
        r === fused ? (r.grid200Ms === undefined ? '—' : '1×') : ratioText(r.grid200Ms, fused.grid200Ms),
      ];
    });
    const fitCpu = results.find((r) => r.engine === 'fit cpu');
    if (fitCpu?.epochMs !== undefined) fitCpuEpochMs.set(c.id, fitCpu.epochMs);
    const shape = [c.spec.input, ...c.spec.layers.map((l) => l.units)].join('-');
    process.stdout.write(`${c.id}: ${shape}, ${n} rows, batch ${c.batchSize}, ${Math.ceil(n / c.batchSize)} steps/epoch; FLOP floor ${fmtFlops(flops)}/epoch\n`);
    process.stdout.write(
      `${table(['engine', 'ms/epoch', 'cpu ms', 'samples/s', 'GFLOP/s', 'vs fused', 'grid 101² ms', 'vs fused', 'grid 200² ms', 'vs fused'], rows)}\n`,
    );
    const scaled = results.find((r) => r.scaledFrom !== undefined);
    if (scaled) process.stdout.write(`* TF.js engines trained on ${scaled.scaledFrom} of the ${n} rows; their epoch time is scaled ×${fmt(n / scaled.scaledFrom!, 0)}\n`);
    process.stdout.write('\n');
  }

  // Whole experiments on both fused modes, against model.fit (cpu) extrapolated from its measured epochs.
  await useBackend('cpu');
  const fullRows: string[][] = [];
  for (const c of cases) {
    if (quick && c.id !== 'spirals-3x12') continue;
    const runs = (['fast', 'exact'] as const).map((mode) => ({ mode, wall: NaN, accuracy: NaN }));
    for (const r of runs) {
      if (r.mode === 'exact' && quick) continue;
      const trainer = createFusedTrainer(c.spec, { seed: SEED, initialWeights: initialWeights(c.spec), mode: r.mode });
      const t0 = now();
      const history = await trainer.train(trainData(c.data), { epochs: c.epochs, batchSize: c.batchSize, seed: SEED });
      r.wall = now() - t0;
      r.accuracy = history.accuracy[history.accuracy.length - 1] ?? NaN;
      trainer.dispose();
    }
    const fit = fitCpuEpochMs.get(c.id);
    const fitTotal = fit === undefined ? undefined : fit * c.epochs;
    const [fast, exact] = runs as [(typeof runs)[0], (typeof runs)[0]];
    fullRows.push([
      c.id,
      `${c.epochs} × batch ${c.batchSize}`,
      fmt(fast.wall, 0),
      Number.isFinite(fast.accuracy) ? fast.accuracy.toFixed(3) : '—',
      fmt(exact.wall, 0),
      Number.isFinite(exact.accuracy) ? exact.accuracy.toFixed(3) : '—',
      fitTotal === undefined ? '—' : `${fmt(fitTotal / 1000, 1)} s`,
      fitTotal === undefined ? '—' : `${fmt(fitTotal / fast.wall, 0)}×`,
    ]);
  }
  if (fullRows.length > 0) {
    process.stdout.write('Whole experiments on the fused engine (wall time incl. the epoch driver); model.fit cpu extrapolated = its measured ms/epoch × epochs\n');
    process.stdout.write(`${table(['experiment', 'epochs', 'fused ms', 'final acc', 'fused-exact ms', 'final acc', 'fit cpu (extrap.)', 'speed-up'], fullRows)}\n`);
  }
  process.stdout.write(
    `\nTargets (issue 13): spirals-3x12 ≤ 700 ms for 150 epochs; wide-256 ≥ 15 GFLOP/s on the default engine (fused). Bench took ${((now() - started) / 1000).toFixed(1)} s.\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
