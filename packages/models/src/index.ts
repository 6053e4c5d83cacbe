export * from './types.js';
export { SpecError } from './errors.js';
export { specSchema, parseSpec, checkSpecAgainstData, outputUnits } from './schema.js';
export { encodeTargets, decodeOutputs, type EncodedTargets } from './targets.js';
export { buildModel, layerSeed, type BuildOptions } from './build.js';
export { layerName } from './naming.js';
export {
  createOptimizer,
  resolveOptimizer,
  decayedLearningRate,
  legacyDecayMomentum,
  applyLegacySgdDecay,
  type ResolvedOptimizer,
} from './optimizer.js';
export { KERAS_LEARNING_RATES } from './defaults.js';
export { summary, summaryText, type LayerSummary, type ModelSummary } from './summary.js';
export { toKerasConfig, fromKerasConfig, type KerasModelConfig, type KerasLayerConfig } from './keras.js';
export { presets, getPreset, listPresets } from './presets.js';
