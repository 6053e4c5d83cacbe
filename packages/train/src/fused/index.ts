/**
 * The fused engine: Dense-only networks trained with plain Float32Array loops that reproduce the
 * TF.js cpu backend's arithmetic, for specs where TF.js's per-op overhead dominates.
 */
export { supportsFused, type FusedSupport } from './support.js';
export { FusedNetwork, type FusedNetworkOptions } from './network.js';
export { FusedEngine } from './engine.js';
export { FusedOptimizer } from './optimizers.js';
export { FusedTrainer, createFusedTrainer, type FusedTrainerOptions } from './trainer.js';
