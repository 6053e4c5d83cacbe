/**
 * `@mlpkit/models/core`: everything of @mlpkit/models that does not need TF.js — the spec types
 * and schema, feature expressions, target encoding, summaries, the Keras config round trip,
 * optimizer hyper-parameters and presets. Its module graph never reaches @tensorflow/tfjs, so a
 * bundle that imports only this entry (like `@mlpkit/train/fused`) has no TF.js in it at all.
 * The main entry re-exports all of it plus the TF.js parts (buildModel, compileModel,
 * createOptimizer, applyLegacySgdDecay, huberLoss, kerasLoss, compileMetrics).
 */
export * from './types.js';
export { OutputError, SpecError } from './errors.js';
export { specSchema, parseSpec, checkSpecAgainstData, isRegressionShape, outputUnits, type DataShape } from './schema.js';
export {
  parseFeature,
  canonicalFeature,
  mapFeatures,
  networkInputs,
  featuresFromNames,
  describeFeature,
  featureListProblems,
  FEATURE_FORMS,
  type FeatureKind,
  type ParsedFeature,
} from './features.js';
export { encodeTargets, decodeOutputs, checkFiniteOutputs, type EncodedTargets } from './targets.js';
export { layerSeed } from './seed.js';
export { layerName } from './naming.js';
export { resolveOptimizer, decayedLearningRate, legacyDecayMomentum, type ResolvedOptimizer } from './optimizer-config.js';
export { KERAS_LEARNING_RATES } from './defaults.js';
export { summary, summaryText, type LayerSummary, type ModelSummary } from './summary.js';
export { toKerasConfig, fromKerasConfig, type FromKerasOptions, type KerasModelConfig, type KerasLayerConfig } from './keras.js';
export { presets, getPreset, listPresets, PRESET_NAMES, type PresetName } from './presets.js';
