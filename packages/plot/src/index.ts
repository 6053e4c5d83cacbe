export type {
  AxisLabelOptions,
  BoundaryOptions,
  Bounds,
  CommonOptions,
  ComparisonPanel,
  ConfusionMatrixOptions,
  DecisionBoundaryOptions,
  DecisionRegionsOptions,
  GridSpec,
  HistoryLike,
  PlotData,
  PointOptions,
  ScatterOptions,
} from './types.js';
export { PlotInputError, PlotRuntimeError } from './errors.js';
export {
  bandColor,
  classColor,
  classColors,
  DISTINCT_CLASS_COLORS,
  confidenceLevels,
  heatmapColor,
  probabilityBand,
  probabilityColor,
  regionColor,
} from './colors.js';
export { scatterPlot } from './scatter.js';
export { DEFAULT_MAX_POINTS, sampleCaption, samplePoints, type PointSample } from './sample.js';
export { boundaryPlot, comparisonPlot, decisionBoundaryPlot, decisionRegionsPlot, DEFAULT_LEVELS } from './boundary.js';
export { historyPlot } from './history.js';
export {
  predictedVsActualPlot,
  predictionSurfacePlot,
  regressionBounds,
  residualsPlot,
  targetColor,
  type PredictedVsActualOptions,
  type PredictionSurfaceOptions,
  type RegressionPlotData,
  type ResidualsOptions,
  type TargetScale,
} from './regression.js';
export { confusionMatrixPlot } from './confusion.js';
export { gridFromBounds, gridPoints } from './grid.js';
