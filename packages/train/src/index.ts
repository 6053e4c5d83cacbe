export * from './types.js';
export { BackendUnavailableError, ModelFileError, TrainingError, TrainOptionsError } from './errors.js';
export {
  currentEnvironment,
  describeTfjsNodeFailure,
  listBackends,
  registerBackend,
  resetBackendProbes,
  useBackend,
  type BackendEntry,
  type BackendInfo,
  type Environment,
} from './backends.js';
export { epochOrder, prepareData, runTraining, yieldToEventLoop } from './loop.js';
export { disposeOptimizer, KERAS_EPSILON, TfjsEngine } from './tfjs-engine.js';
export { checkWeights, createTrainer, setModelWeights, TfjsTrainer, train, type CreateTrainerOptions } from './trainer.js';
export { saveModelToBrowser, type SavedModelMetadata } from './browser.js';
