#!/usr/bin/env node
// Per-step training cost of the fused (WebAssembly SIMD), fused-exact, TF.js wasm and TF.js cpu
// engines in Node, on a grid of Dense networks and batch sizes: the measurements that
// ENGINE_COSTS in src/cost.ts is fitted to (by fit-costs.py). Never run by tests.
//
//   pnpm --filter @mlpkit/train build
//   node packages/train/bench/calibrate.mjs widths=4,16,64,256,512 batches=1,8,32,128,512,1024 depths=2 >> grid.jsonl
//   /usr/bin/python3 packages/train/bench/fit-costs.py grid.jsonl
//
// Options (key=value): widths, batches, depths (hidden layers), input (features, default 2),
// engines (default fused,fused-exact,wasm,cpu), act (default relu), target (ms per timed run,
// default 150), cpuMaxFlops (skip cpu/fused-exact above this many FLOPs per step, default 3e9).
// Each line is one network × batch size: per engine the best-of-3 per-step CPU and wall ms
// (process.cpuUsage, after a warm-up) and the steps timed. The first line records the machine load.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';

const req = createRequire(new URL('../package.json', import.meta.url));
const tf = await import(req.resolve('@tensorflow/tfjs'));
const train = await import(new URL('../dist/index.js', import.meta.url).href);
const fused = await import(new URL('../dist/fused/index.js', import.meta.url).href);
const { resolveOptimizer, buildModel } = await import(req.resolve('@mlpkit/models'));

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=')));
const list = (v, d) => (v ?? d).split(',');
const widths = list(args.widths, '4,16,64,256,512,1024').map(Number);
const batches = list(args.batches, '1,8,32,128,512,1024,4096').map(Number);
const depths = list(args.depths, '2').map(Number);
const inputs = Number(args.input ?? 2);
const engines = list(args.engines, 'fused,fused-exact,wasm,cpu');
const targetMs = Number(args.target ?? 150);
const cpuMaxFlops = Number(args.cpuMaxFlops ?? 3e9);
const act = args.act ?? 'relu';

await train.listBackends();

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function data(n) {
  const f = inputs;
  const x = new Float32Array(f * n);
  const targets = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < f; k++) x[f * i + k] = ((i * 0.6180339887 + k * 0.7548776662) % 1) * 2 - 1;
    targets[i] = x[f * i] * x[f * i + (1 % f)] > 0 ? 1 : 0;
  }
  return { x, targets, n, features: f, width: 1 };
}
const specOf = (w, depth) => ({
  input: inputs,
  layers: [...Array.from({ length: depth }, () => ({ units: w, activation: act })), { units: 1, activation: 'sigmoid' }],
  compile: { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy' },
});
function weights(spec) {
  const sizes = [spec.input, ...spec.layers.map((l) => l.units)];
  const out = [];
  for (let l = 0; l < spec.layers.length; l++) {
    const s = Math.sqrt(6 / (sizes[l] + sizes[l + 1]));
    out.push(Float32Array.from({ length: sizes[l] * sizes[l + 1] }, (_, i) => (((i * 0.6180339887) % 1) * 2 - 1) * s));
    out.push(new Float32Array(sizes[l + 1]));
  }
  return out;
}
/** Best per-step CPU and wall ms of 3 timed runs of `run(steps)` (after a warm-up). */
async function time(run, stepMsGuess) {
  let steps = Math.max(1, Math.min(4096, Math.round(targetMs / Math.max(stepMsGuess, 1e-3))));
  await run(Math.min(steps, 2));
  let cpu = Infinity;
  let wall = Infinity;
  for (let r = 0; r < 3; r++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    await run(steps);
    const c = (cpuMs() - c0) / steps;
    cpu = Math.min(cpu, c);
    wall = Math.min(wall, (performance.now() - t0) / steps);
    if (r === 0 && c * steps < targetMs / 3) steps = Math.min(8192, Math.ceil((steps * targetMs) / Math.max(c * steps, 0.01)));
  }
  return { cpu, wall, steps };
}
function flopsPerStep(spec, b) {
  const sizes = [spec.input, ...spec.layers.map((l) => l.units)];
  let f = 0;
  for (let l = 0; l < spec.layers.length; l++) f += 2 * sizes[l] * sizes[l + 1] * (l > 0 ? 3 : 2);
  return f * b;
}

console.log(JSON.stringify({ header: true, inputs, depths, widths, batches, node: process.version, load: loadavg() }));
for (const depth of depths) {
  for (const w of widths) {
    for (const b of batches) {
      const spec = specOf(w, depth);
      const F = flopsPerStep(spec, b);
      const row = { depth, w, b, input: inputs, act, flops: F };
      for (const e of engines) {
        if ((e === 'cpu' || e === 'fused-exact') && F > cpuMaxFlops) continue;
        if (e === 'fused' || e === 'fused-exact') {
          const Net = e === 'fused' ? fused.SimdNetwork : fused.FusedNetwork;
          const net = new Net(spec, weights(spec), { optimizer: resolveOptimizer(spec.compile.optimizer), maxBatch: b });
          const d = data(b * 4);
          const order = Int32Array.from({ length: d.n }, (_, i) => i);
          row[e] = await time((steps) => {
            for (let s = 0; s < steps; s++) net.trainBatch(d.x, d.targets, order, (s % 4) * b, b);
          }, F / (e === 'fused' ? 15e6 : 1e6) + 0.01);
          net.dispose?.();
        } else {
          await tf.setBackend(e);
          await tf.ready();
          const model = buildModel(spec, { seed: 0 });
          const engine = new train.TfjsEngine(model, spec);
          const cache = new Map();
          row[e] = await time(async (steps) => {
            let d = cache.get(steps);
            if (!d) cache.set(steps, (d = data(b * steps)));
            await engine.trainEpoch(d, Int32Array.from({ length: d.n }, (_, i) => i), b);
          }, F / (e === 'wasm' ? 5e6 : 3e5) + 0.5 * (depth + 1));
          engine.dispose();
          train.disposeOptimizer(model.optimizer);
          model.dispose();
        }
      }
      console.log(JSON.stringify(row));
    }
  }
}
