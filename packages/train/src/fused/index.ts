/**
 * The fused engine: Dense-only networks trained without TF.js, in two modes — 'fast' (WebAssembly
 * SIMD kernels, backend `fused`) and 'exact' (plain Float32Array loops that replay the TF.js cpu
 * backend's arithmetic bit for bit, backend `fused-exact`).
 */
export { supportsFused, type FusedSupport } from './support.js';
export { FusedNetwork, type FusedNetworkOptions } from './network.js';
export { FusedEngine, type FusedNetworkLike } from './engine.js';
export { FusedOptimizer } from './optimizers.js';
export { FusedTrainer, createFusedTrainer, FUSED_BACKEND_NAMES, type FusedMode, type FusedTrainerOptions } from './trainer.js';
export { SimdNetwork, SimdOptimizer, type SimdNetworkOptions } from './simd/network.js';
export { loadSimdRuntime, simdRuntimeSync, simdSupport, WasmHeap, type KernelExports, type SimdRuntime, type WasmMemory } from './simd/runtime.js';
