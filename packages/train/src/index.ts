export * from './types.js';
export { BackendUnavailableError, ModelFileError, TrainingError, TrainOptionsError } from './errors.js';
export {
  currentEnvironment,
  describeTfjsNodeFailure,
  estimateBackends,
  fusedModeOf,
  listBackends,
  registerBackend,
  resetBackendProbes,
  useBackend,
  type BackendChoiceOptions,
  type BackendEntry,
  type BackendInfo,
  type Environment,
} from './backends.js';
export { epochOrder, lossCeiling, prepareData, runTraining, SATURATION_EPOCHS, yieldToEventLoop } from './loop.js';
export { disposeOptimizer, KERAS_EPSILON, TfjsEngine } from './tfjs-engine.js';
export { checkWeights, createTrainer, setModelWeights, TfjsTrainer, train, type CreateTrainerOptions } from './trainer.js';
export { saveModelToBrowser, type SavedModelMetadata } from './browser.js';
export { AUTO_MARGIN, calibrateBackend, chooseByCost, epochFlops, estimateEpochMs, TFJS_MIN_STEP_LAYER_US, type AutoCandidate, type BackendEstimate, type EngineCalibration } from './cost.js';
