import type { ModelSpec } from '@mlpkit/models/core';
import type { LayersModel } from '@tensorflow/tfjs';
import type { Trainer } from './types.js';

/** What ./fused/index.js provides. */
export interface FusedModule {
  createFusedTrainer(
    spec: ModelSpec,
    options: { seed: number; initialWeights: Float32Array[]; mode?: 'fast' | 'exact'; layersModel?: (spec: ModelSpec, weights: Float32Array[], seed: number) => LayersModel | Promise<LayersModel> },
  ): Trainer | Promise<Trainer>;
  supportsFused(spec: ModelSpec): { ok: boolean; reason?: string };
  /** Compiles the fast mode's WebAssembly SIMD kernels; rejects with the reason where unavailable. */
  loadSimdRuntime(): Promise<unknown>;
}

let fusedModule: Promise<FusedModule> | undefined;

/** Loads the fused engine once; rejects with a readable reason if it is not built. */
export function loadFusedModule(): Promise<FusedModule> {
  fusedModule ??= (async () => {
    let mod: Partial<FusedModule>;
    try {
      mod = (await import('./fused/index.js')) as Partial<FusedModule>;
    } catch (error) {
      throw new Error(`the fused engine is not part of this build (${(error as Error).message.split('\n')[0]})`);
    }
    if (typeof mod.createFusedTrainer !== 'function' || typeof mod.supportsFused !== 'function' || typeof mod.loadSimdRuntime !== 'function') {
      throw new Error('the fused engine module does not export createFusedTrainer, supportsFused and loadSimdRuntime');
    }
    return mod as FusedModule;
  })();
  // Do not cache a failure forever (e.g. a transient load error in a browser).
  fusedModule.catch(() => {
    fusedModule = undefined;
  });
  return fusedModule;
}
