export * from './types.js';
export { BackendUnavailableError, ModelFileError, TrainingError, TrainOptionsError } from './errors.js';
export {
  currentEnvironment,
  describeTfjsNodeFailure,
  estimateBackends,
  SOFTWARE_RENDERER,
  webglRenderer,
  fusedModeOf,
  listBackends,
  registerBackend,
  resetBackendProbes,
  setBackendLoader,
  useBackend,
  type BackendChoiceOptions,
  type EstimateBackendsOptions,
  type OptionalBackendName,
  type BackendEntry,
  type BackendInfo,
  type Environment,
} from './backends.js';
export { epochOrder, isRegressionData, lossCeiling, prepareData, runTraining, SATURATION_EPOCHS, yieldToEventLoop } from './loop.js';
export { disposeOptimizer, KERAS_EPSILON, kerasRowLoss, TfjsEngine, type RowLoss } from './tfjs-engine.js';
export { checkWeights, createTrainer, layersModelFromWeights, setModelWeights, TfjsTrainer, train, type CreateTrainerOptions } from './trainer.js';
export { saveModelToBrowser, type SavedModelMetadata } from './browser.js';
export {
  AUTO_MARGIN,
  autoOrder,
  chooseBackend,
  ENGINE_COSTS,
  epochFlops,
  estimateEpochMs,
  LARGE_PRODUCT_VALUES,
  stepShape,
  type AutoCandidate,
  type BackendEstimate,
  type EngineCostModel,
  type EstimateOptions,
  type StepShape,
} from './cost.js';
export { syntheticData, timeSteps, type StepTiming } from './measure.js';
