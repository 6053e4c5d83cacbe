export { datasetSize, isRegression, targetNamesOf, yWidth, type AnyDataset, type Dataset, type RegressionDataset } from './types.js';
export { CsvError, DatasetParamError } from './errors.js';
export { createRng, type Rng } from './rng.js';
export {
  defineDataset,
  describeRange,
  noiseParam,
  paramsSchema,
  randomStateParam,
  samplesParam,
  seedParam,
  type DatasetDefinition,
  type DatasetEntry,
  type DefinedDatasetEntry,
  type ParamSpec,
  type ParamValues,
} from './params.js';
export {
  blobs,
  circles,
  linear,
  moons,
  sine,
  spiral,
  twoSpirals,
  xorGauss,
  xorTable,
  plane,
  gaussian,
  gaussianTarget,
  friedman1,
  friedman1Target,
  type PlaneOptions,
  type GaussianOptions,
  type Friedman1Options,
  type BlobsOptions,
  type CirclesOptions,
  type LinearOptions,
  type MoonsOptions,
  type SineOptions,
  type SpiralOptions,
  type TwoSpiralsOptions,
  type XorGaussOptions,
  type XorTableOptions,
  BUILTIN_DATASETS,
  type DatasetName,
} from './generators/index.js';
export { asClassification, generateDataset, getDataset, listDatasets, registerDataset } from './registry.js';
export { classNamesOf, concatRows, selectRows, shuffleDataset, takeRows, trainTestSplit, type TrainTestSplitOptions } from './split.js';
export {
  fitStandardizer,
  oneHot,
  standardize,
  standardizerFromJSON,
  type Standardizer,
  type StandardizerJSON,
} from './transform.js';
export { bounds, columnMedians, grid, projectColumns, sliceGrid, type Bounds, type Grid } from './grid.js';
export { parseCsv, toCsv, type ParseCsvOptions, type ToCsvOptions } from './csv.js';
export { describeCsvInfo, parseCsvWithInfo, type CsvInfo } from './csv-parse.js';
export { detectHeader, parseDecimal, readCsvTable, resolveColumn, trimFields, type CsvTable, type ReadCsvOptions } from './csv-read.js';
export { canonicalLabel, encodeLabels, matchLabels, maxClasses, typeOfTarget, type EncodedLabels, type TargetInfo, type TargetType } from './target.js';
export { alignCsv, featureNamesOf, type AlignedTable, type AlignOptions, type DataSchema } from './schema.js';
export { parseDatasetJson, toDatasetJson } from './json.js';
export { RandomState, type RandomStateState } from './random-state.js';
export { toCsvChunks, writeCsv, type CsvChunkOptions } from './csv-stream.js';
