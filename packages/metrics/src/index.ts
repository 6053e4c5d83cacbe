export { MetricsInputError } from './errors.js';
export type { Labels } from './validate.js';
export { accuracy, confusionMatrix, uniqueLabels } from './labels.js';
export {
  classificationReport,
  type AverageScores,
  type ClassScores,
  type ClassificationReport,
  type ClassificationReportOptions,
} from './report.js';
export {
  formatClassificationReport,
  formatConfusionMatrix,
  formatFixed,
  formatRegressionReport,
  type FormatConfusionMatrixOptions,
  type FormatReportOptions,
} from './format.js';
export {
  classesFromProbabilities,
  DEFAULT_LOG_LOSS_EPS,
  logLoss,
  type LogLossOptions,
} from './probabilities.js';
export {
  explainedVariance,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  regressionReport,
  rootMeanSquaredError,
  type Multioutput,
  type RegressionMetricOptions,
  type RegressionReport,
  type RegressionReportOptions,
  type RegressionScores,
  type Targets,
} from './regression.js';
