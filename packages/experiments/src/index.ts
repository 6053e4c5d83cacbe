export type {
  DatasetRef,
  EvaluationSpec,
  ExperimentDefinition,
  FitSpec,
  Measurement,
  ReportedMetric,
  ReportedResult,
} from './definition.js';
export { ExperimentInputError } from './errors.js';
export {
  comparisons,
  experiments,
  getExperiment,
  type ExperimentComparison,
  resolveExperimentIds,
  dataSeed,
  runSeeds,
  XOR_TABLE_DEFAULT_SEEDS,
  KERAS_DEFAULT_BATCH_SIZE,
  TEST_SEED_OFFSET,
  XOR_TABLE_EPOCH_CAP,
} from './table.js';
export {
  runJob,
  jobMetrics,
  scaleWarnings,
  splitWarnings,
  type JobPreprocessing,
  evaluateTrainer,
  type JobMetricsInput,
  type Evaluation,
  type BoundaryGrid,
  type DatasetInfo,
  type EvaluationKind,
  type Job,
  type JobFit,
  type JobResult,
  type MetricsJson,
} from './job.js';
export { buildExperimentJob, generateRef, runExperiment, supportsRandomState, type RunExperimentOptions } from './experiment.js';
export { judgeExperiment, measure, summarizeSeeds, type ExperimentVerdict, type SeedSummary } from './summary.js';
export {
  comparisonSvg,
  escapeHtml,
  indexReportHtml,
  type IndexComparison,
  jobReportHtml,
  jobReportMarkdown,
  PLOT_NAMES,
  renderJobPlots,
  type IndexEntry,
  type JobPlots,
} from './report.js';
export { mlpLoss, mlpOutputLayer, mlpSpec, withOptimizer, type MlpLayer, type MlpOptions } from './spec.js';
