/**
 * The measured `auto`: the cost model, the stable choice (AUTO_MARGIN), the probe, and the
 * estimates `mlpkit backends` shows.
 */
import * as tf from '@tensorflow/tfjs';
import { getPreset, listPresets, type ModelSpec } from '@mlpkit/models';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTO_MARGIN, chooseByCost, createTrainer, epochFlops, estimateBackends, estimateEpochMs, TFJS_MIN_STEP_LAYER_US, useBackend } from '../src/index.js';
import { setCalibration } from '../src/cost.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const wide: ModelSpec = {
  input: 2,
  layers: [
    { units: 256, activation: 'relu' },
    { units: 256, activation: 'relu' },
    { units: 1, activation: 'sigmoid' },
  ],
  compile: { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy' },
};

describe('cost model', () => {
  it('counts the dense matrix-product FLOPs of an epoch (forward, weight and input gradients)', () => {
    // 2-256-256-1 on 20 000 rows: per row 2·2·256·2 + 2·256·256·3 + 2·256·1·3 = 396 800.
    expect(epochFlops(wide, 64, 20_000)).toBe(396_800 * 20_000);
    // spirals-3x12 (2-12-12-12-1): 2·2·12·2 + 2·(2·12·12·3) + 2·12·1·3 = 96 + 1728 + 72.
    expect(epochFlops(getPreset('spirals-3x12'), 10, 2000)).toBe((96 + 1728 + 72) * 2000);
  });

  it('estimates steps · layers · overhead + FLOPs / throughput', () => {
    const c = { stepLayerUs: 2, gflops: 10 };
    // 2000 rows / batch 10 = 200 steps × 4 layers × 2 µs = 1.6 ms, + 3.792 MFLOP / 10 GFLOP/s = 0.3792 ms.
    expect(estimateEpochMs(c, getPreset('spirals-3x12'), 10, 2000)).toBeCloseTo(1.6 + 0.3792, 10);
  });
});

describe('the choice is stable: the preferred backend stays unless another is decisively cheaper', () => {
  const spec = getPreset('sine-ann');
  const candidates = [
    { name: 'test-preferred', engine: 'fused' as const },
    { name: 'test-other', engine: 'fused' as const },
  ];
  const at = (epochMs: number) => ({ stepLayerUs: (epochMs * 1000) / (32 * spec.layers.length), gflops: 1e12 });

  it(`keeps the preferred one unless another is more than ${AUTO_MARGIN}× cheaper`, async () => {
    setCalibration('test-preferred', at(10));
    for (const [other, expected] of [[9, 'test-preferred'], [5.01, 'test-preferred'], [4.99, 'test-other'], [1, 'test-other']] as const) {
      setCalibration('test-other', at(other));
      const { backend, estimates } = await chooseByCost(candidates, spec, { batchSize: 32, rows: 1024 });
      expect(backend, `other at ${other} ms`).toBe(expected);
      expect(estimates.map((e) => e.backend)).toEqual(['test-preferred', 'test-other']);
      expect(estimates[0]!.epochMs).toBeCloseTo(10, 6);
    }
  });

  it('does not probe a TF.js backend whose overhead floor alone cannot beat the bar', async () => {
    setCalibration('test-preferred', at(1));
    // 'test-unregistered' is no TF.js backend: probing it would reject. Its floor is
    // 32 steps × 4 layers × TFJS_MIN_STEP_LAYER_US = 12.8 ms ≥ 1 ms / AUTO_MARGIN, so it is skipped.
    expect((32 * 4 * TFJS_MIN_STEP_LAYER_US) / 1000).toBeGreaterThan(1 / AUTO_MARGIN);
    const { backend, estimates } = await chooseByCost([candidates[0]!, { name: 'test-unregistered', engine: 'tfjs' }], spec, { batchSize: 32, rows: 1024 });
    expect(backend).toBe('test-preferred');
    expect(estimates).toHaveLength(1);
    // …but one that could win is probed (and here fails, which the caller sees).
    setCalibration('test-preferred', at(1000));
    await expect(chooseByCost([candidates[0]!, { name: 'test-unregistered', engine: 'tfjs' }], spec, { batchSize: 32, rows: 1024 })).rejects.toThrow();
  });
});

describe('auto on this machine (real probes)', () => {
  it('picks fused for every preset, the same on repeated calls, and createTrainer follows it', { timeout: 60_000 }, async () => {
    for (const name of listPresets()) {
      const first = await useBackend('auto', { spec: getPreset(name) });
      expect(first, name).toBe('fused');
      expect(await useBackend('auto', { spec: getPreset(name), batchSize: 10 }), name).toBe(first);
    }
    const trainer = await createTrainer(getPreset('moons-ann'), { seed: 1 });
    expect(trainer.backend).toBe('fused');
    trainer.dispose();
  });

  it('estimateBackends gives every available backend an estimate for the spec', { timeout: 60_000 }, async () => {
    const estimates = await estimateBackends(getPreset('moons-ann'), { batchSize: 32, rows: 1000 });
    expect(estimates.map((e) => e.backend)).toEqual(['fused', 'fused-exact', 'wasm', 'cpu']);
    for (const e of estimates) {
      expect(e.epochFlops, e.backend).toBe(epochFlops(getPreset('moons-ann'), 32, 1000));
      expect(e.epochMs, e.backend).toBeGreaterThan(0);
      expect(Number.isFinite(e.epochMs), e.backend).toBe(true);
      expect(e.calibration.gflops, e.backend).toBeGreaterThan(0);
      expect(e.calibration.stepLayerUs, e.backend).toBeGreaterThan(0);
    }
    // Probes run once per process: a second call reuses the calibrations.
    const again = await estimateBackends(getPreset('moons-ann'), { batchSize: 32, rows: 1000 });
    expect(again.map((e) => e.calibration)).toEqual(estimates.map((e) => e.calibration));
  });
});
