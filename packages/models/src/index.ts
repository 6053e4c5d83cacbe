export * from './core.js';
// The parts that need TF.js (the `@mlpkit/models/core` entry has everything else).
export { buildModel, compileModel, compileMetrics, huberLoss, kerasLoss, type BuildOptions } from './build.js';
export { createOptimizer, applyLegacySgdDecay } from './optimizer.js';
