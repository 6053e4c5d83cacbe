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
  type FormatConfusionMatrixOptions,
  type FormatReportOptions,
} from './format.js';
export {
  classesFromProbabilities,
  DEFAULT_LOG_LOSS_EPS,
  logLoss,
  type LogLossOptions,
} from './probabilities.js';
