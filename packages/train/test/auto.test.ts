/**
 * `auto`: the static cost model (known values), its fit to the measurements it was made from,
 * the stable, pure choice (AUTO_MARGIN), and the real registry's decisions, including the
 * 2-512-512-1 case where the old timed `auto` picked `wasm` (10× slower) in some runs.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { getPreset, listPresets, type ModelSpec } from '@mlpkit/models';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AUTO_MARGIN,
  autoOrder,
  chooseBackend,
  createTrainer,
  ENGINE_COSTS,
  epochFlops,
  estimateBackends,
  estimateEpochMs,
  LARGE_PRODUCT_VALUES,
  stepShape,
  useBackend,
  type AutoCandidate,
  type EngineCostModel,
} from '../src/index.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

function dense(input: number, hidden: number[], activation: 'relu' | 'tanh' = 'relu'): ModelSpec {
  return {
    input,
    layers: [...hidden.map((units) => ({ units, activation })), { units: 1, activation: 'sigmoid' as const }],
    compile: { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy' },
  };
}

const wide = dense(2, [256, 256]);
const zero: EngineCostModel = { stepUs: 0, layerUs: 0, paramNs: 0, rowNs: 0, unitRowNs: 0, gflops: Infinity, gflopsLarge: Infinity, source: 'test' };

describe('cost model', () => {
  it('counts the dense matrix-product FLOPs of an epoch (forward, weight and input gradients)', () => {
    // 2-256-256-1 on 20 000 rows: per row 2·2·256·2 + 2·256·256·3 + 2·256·1·3 = 396 800.
    expect(epochFlops(wide, 64, 20_000)).toBe(396_800 * 20_000);
    // spirals-3x12 (2-12-12-12-1): 2·2·12·2 + 2·(2·12·12·3) + 2·12·1·3 = 96 + 1728 + 72.
    expect(epochFlops(getPreset('spirals-3x12'), 10, 2000)).toBe((96 + 1728 + 72) * 2000);
  });

  it('describes a spec by layers, parameters, units and per-layer products', () => {
    expect(stepShape(getPreset('spirals-3x12'))).toEqual({
      layers: 4,
      params: 36 + 156 + 156 + 13,
      units: 37,
      flopsPerRow: 1896,
      products: [
        { flopsPerRow: 96, width: 12 },
        { flopsPerRow: 864, width: 12 },
        { flopsPerRow: 864, width: 12 },
        { flopsPerRow: 72, width: 12 },
      ],
    });
  });

  it('charges every term of the formula (hand-computed epoch)', () => {
    const c: EngineCostModel = { stepUs: 10, layerUs: 1, paramNs: 1000, rowNs: 100, unitRowNs: 1, gflops: 1, gflopsLarge: 0.5, source: 'test' };
    // 200 steps × (10 + 4·1 + 361·1000/1000) µs = 75 000 µs; 2000 rows × (100 + 37·1) ns = 274 µs;
    // 1896 · 2000 FLOP at 1 GFLOP/s = 3792 µs. Total 79.066 ms.
    expect(estimateEpochMs(c, getPreset('spirals-3x12'), 10, 2000)).toBeCloseTo(79.066, 9);
    // A partial last batch is one more step; per-row terms count the rows actually there.
    expect(estimateEpochMs(c, getPreset('spirals-3x12'), 10, 2001)).toBeCloseTo(79.066 + 0.375 + 0.000137 + 0.001896, 9);
    // rows < batchSize: one step of `rows` rows.
    expect(estimateEpochMs(c, getPreset('spirals-3x12'), 64, 10)).toBeCloseTo(0.375 + 0.00137 + 0.01896, 9);
  });

  it('runs products at gflopsLarge once the activation matrix holds 2^20 values', () => {
    const c = { ...zero, gflops: 10, gflopsLarge: 1 };
    // 2-256-256-1: widths 256, 256, 256. At batch 4096, b·width = 2^20 for all three products.
    const perRow = stepShape(wide).flopsPerRow;
    expect(4096 * 256).toBe(LARGE_PRODUCT_VALUES);
    expect(estimateEpochMs(c, wide, 4096, 4096)).toBeCloseTo((perRow * 4096) / 1e6, 9);
    expect(estimateEpochMs(c, wide, 4095, 4095)).toBeCloseTo((perRow * 4095) / 1e7, 9);
  });

  it('rejects batch sizes and row counts that are not positive integers', () => {
    expect(() => estimateEpochMs(zero, wide, 0, 10)).toThrow('batchSize must be a positive integer, got 0');
    expect(() => estimateEpochMs(zero, wide, 32, 1.5)).toThrow('rows must be a positive integer, got 1.5');
    expect(() => chooseBackend([], wide)).toThrow('chooseBackend: no candidate backend');
  });

  it('reproduces every step it was fitted to within 0.5–1.5× (bench/calibration-2026-11-30.jsonl)', () => {
    const lines = readFileSync(new URL('../bench/calibration-2026-11-30.jsonl', import.meta.url), 'utf8').trim().split('\n');
    const counts: Record<string, number> = {};
    for (const line of lines) {
      const row = JSON.parse(line) as Record<string, unknown>;
      if (row.header) continue;
      const spec = dense((row.input as number | undefined) ?? 2, Array.from({ length: row.depth as number }, () => row.w as number));
      for (const engine of ['fused', 'fused-exact', 'wasm', 'cpu'] as const) {
        const m = row[engine] as { cpu: number } | undefined;
        if (!m) continue;
        const ratio = estimateEpochMs(ENGINE_COSTS[engine], spec, row.b as number, row.b as number) / m.cpu;
        expect(ratio, `${engine} 2-${row.w}×${row.depth} batch ${row.b}`).toBeGreaterThanOrEqual(0.5);
        expect(ratio, `${engine} 2-${row.w}×${row.depth} batch ${row.b}`).toBeLessThanOrEqual(1.5);
        counts[engine] = (counts[engine] ?? 0) + 1;
      }
    }
    expect(counts).toEqual({ fused: 75, 'fused-exact': 56, wasm: 72, cpu: 61 });
  });

  it('every built-in constant states its source', () => {
    for (const [name, c] of Object.entries(ENGINE_COSTS)) {
      expect(c.source.length, name).toBeGreaterThan(40);
      expect(c.source, name).toMatch(name.startsWith('fused') || name === 'wasm' || name === 'cpu' ? /^fitted by bench\/fit-costs\.py/ : /^assumed/);
    }
  });
});

describe('the choice is stable and pure', () => {
  const spec = getPreset('sine-ann');
  // Only the per-step constant: one epoch of 1024 rows at batch 32 is 32 steps.
  const at = (name: string, epochMs: number): AutoCandidate => ({ name, cost: { ...zero, stepUs: (epochMs * 1000) / 32 } });

  it(`keeps the preferred backend unless another is more than ${AUTO_MARGIN}× cheaper`, () => {
    for (const [other, expected] of [
      [9, 'preferred'],
      [5.01, 'preferred'],
      [5, 'preferred'],
      [4.99, 'other'],
      [1, 'other'],
    ] as const) {
      const { backend, estimates } = chooseBackend([at('preferred', 10), at('other', other)], spec, { batchSize: 32, rows: 1024 });
      expect(backend, `other at ${other} ms`).toBe(expected);
      expect(estimates.map((e) => [e.backend, e.auto])).toEqual([
        ['preferred', expected === 'preferred'],
        ['other', expected === 'other'],
      ]);
      expect(estimates[0]!.epochMs).toBeCloseTo(10, 9);
      expect(estimates[0]!.basis).toBe('cost-model');
    }
  });

  it('takes the cheapest decisive winner; ties keep priority; backends without constants never win', () => {
    const { backend } = chooseBackend([at('p', 10), at('a', 3), at('b', 2), at('c', 2)], spec, { batchSize: 32, rows: 1024 });
    expect(backend).toBe('b');
    expect(autoOrder([at('p', 10), at('a', 3), at('b', 2), at('c', 2), at('d', 6)], spec, { batchSize: 32, rows: 1024 })).toEqual(['b', 'c', 'a', 'p']);
    expect(chooseBackend([at('p', 10), { name: 'unknown' }], spec).backend).toBe('p');
    expect(chooseBackend([{ name: 'unknown-preferred' }, at('a', 0.001)], spec).backend).toBe('unknown-preferred');
  });

  it('is a pure function: same inputs, same answer; the winner is always decisively cheaper (property, 300 cases)', () => {
    const names = Object.keys(ENGINE_COSTS) as (keyof typeof ENGINE_COSTS)[];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1024 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 1, max: 50_000 }),
        fc.shuffledSubarray(names, { minLength: 1 }),
        (hidden, input, batchSize, rows, chosen) => {
          const s = dense(input, hidden);
          const candidates = chosen.map((name) => ({ name, cost: ENGINE_COSTS[name] }));
          const first = chooseBackend(candidates, s, { batchSize, rows });
          const again = chooseBackend(candidates.map((c) => ({ ...c, cost: { ...c.cost } })), s, { batchSize, rows });
          expect(again.backend).toBe(first.backend);
          expect(again.estimates.map((e) => e.epochMs)).toEqual(first.estimates.map((e) => e.epochMs));
          const order = autoOrder(candidates, s, { batchSize, rows });
          expect(order[order.length - 1]).toBe(candidates[0]!.name);
          expect(order[0]).toBe(first.backend);
          if (first.backend !== candidates[0]!.name) {
            const by = Object.fromEntries(first.estimates.map((e) => [e.backend, e.epochMs]));
            expect(by[first.backend]! * AUTO_MARGIN).toBeLessThan(by[candidates[0]!.name]!);
          }
        },
      ),
      { numRuns: 300, seed: 13 },
    );
  });
});

describe('auto in this process (real registry)', () => {
  it('picks fused for every preset at the preset batch sizes and the default, and createTrainer follows it', { timeout: 60_000 }, async () => {
    for (const name of listPresets()) {
      expect(await useBackend('auto', { spec: getPreset(name) }), name).toBe('fused');
      expect(await useBackend('auto', { spec: getPreset(name), batchSize: 10, rows: 2000 }), name).toBe('fused');
    }
    const trainer = await createTrainer(getPreset('moons-ann'), { seed: 1 });
    expect(trainer.backend).toBe('fused');
    trainer.dispose();
  });

  it('picks fused for 2-512-512-1 at batch 1024 on 4096 rows, every time (measured: fused 0.7 s, wasm 10 s)', { timeout: 60_000 }, async () => {
    const spec = dense(2, [512, 512]);
    for (let i = 0; i < 5; i++) expect(await useBackend('auto', { spec, batchSize: 1024, rows: 4096 })).toBe('fused');
    const estimates = await estimateBackends(spec, { batchSize: 1024, rows: 4096 });
    const by = Object.fromEntries(estimates.map((e) => [e.backend, e.epochMs]));
    expect(by.fused! * 5).toBeLessThan(by.wasm!);
  });

  it('estimateBackends gives every available backend the same cost-model estimate on every call', { timeout: 60_000 }, async () => {
    const spec = getPreset('moons-ann');
    const estimates = await estimateBackends(spec, { batchSize: 32, rows: 1000 });
    expect(estimates.map((e) => [e.backend, e.auto])).toEqual([
      ['fused', true],
      ['fused-exact', false],
      ['wasm', false],
      ['cpu', false],
    ]);
    for (const e of estimates) {
      expect(e.basis).toBe('cost-model');
      expect(e.epochFlops, e.backend).toBe(epochFlops(spec, 32, 1000));
      expect(e.epochMs, e.backend).toBe(estimateEpochMs(ENGINE_COSTS[e.backend as keyof typeof ENGINE_COSTS], spec, 32, 1000));
      expect(e.measured).toBeUndefined();
    }
    const again = await estimateBackends(spec, { batchSize: 32, rows: 1000 });
    expect(again).toEqual(estimates);
  });

  it('measure: N adds timed steps next to the estimate, leaving the estimate unchanged', { timeout: 60_000 }, async () => {
    const spec = getPreset('moons-ann');
    const plain = await estimateBackends(spec, { batchSize: 32, rows: 1000 });
    const measured = await estimateBackends(spec, { batchSize: 32, rows: 1000, measure: 2 });
    expect(measured.map((e) => e.epochMs)).toEqual(plain.map((e) => e.epochMs));
    for (const e of measured) {
      expect(e.measured!.steps).toBe(2);
      expect(e.measured!.stepMs).toBeGreaterThan(0);
      expect(e.measured!.epochMs).toBeCloseTo(e.measured!.stepMs * Math.ceil(1000 / 32), 9);
    }
  });
});
