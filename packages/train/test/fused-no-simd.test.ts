/**
 * Where WebAssembly SIMD is missing, `fused` (the fast mode) is unavailable with the reason and
 * `auto` falls back to `fused-exact`. Simulated by making WebAssembly.validate refuse SIMD.
 */
import { getPreset } from '@mlpkit/models';
import { afterAll, describe, expect, it, vi } from 'vitest';

const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
const validate = vi.spyOn(wasm, 'validate').mockReturnValue(false);
afterAll(() => validate.mockRestore());

const NO_SIMD = 'this JavaScript runtime has no WebAssembly SIMD (fixed-width 128-bit SIMD, in Node ≥ 16.4 and current browsers)';

describe('no WebAssembly SIMD', () => {
  it('lists fused as unavailable with the reason, auto falls back to fused-exact', { timeout: 60_000 }, async () => {
    const { listBackends, useBackend, createTrainer, BackendUnavailableError } = await import('../src/index.js');
    const { simdSupport } = await import('../src/fused/index.js');
    expect(simdSupport()).toEqual({ ok: false, reason: NO_SIMD });
    const fused = (await listBackends()).find((b) => b.name === 'fused');
    expect(fused).toMatchObject({ available: false, reason: NO_SIMD });
    expect(await useBackend('auto', { spec: getPreset('moons-ann') })).toBe('fused-exact');
    const trainer = await createTrainer(getPreset('moons-ann'));
    expect(trainer.backend).toBe('fused-exact');
    trainer.dispose();
    const error = await useBackend('fused').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`^fused backend unavailable: ${NO_SIMD.replace(/[()]/g, '\\$&')}; available backends: fused-exact, `));
    // The fast mode asked for directly says the same, and the exact mode still works.
    const { createFusedTrainer } = await import('../src/fused/index.js');
    const spec = getPreset('moons-ann');
    const exact = await createTrainer(spec, { backend: 'fused-exact' });
    const initialWeights = await exact.getWeights();
    expect(() => createFusedTrainer(spec, { seed: 0, initialWeights })).toThrow(`fused backend unavailable: ${NO_SIMD}; use mode 'exact' (backend fused-exact)`);
    expect(createFusedTrainer(spec, { seed: 0, initialWeights, mode: 'exact' }).backend).toBe('fused-exact');
    exact.dispose();
  });
});
