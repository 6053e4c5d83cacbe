export { datasetSize, type Dataset } from './types.js';
export { CsvError, DatasetParamError } from './errors.js';
export { createRng, type Rng } from './rng.js';
export {
  defineDataset,
  describeRange,
  noiseParam,
  paramsSchema,
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
  type BlobsOptions,
  type CirclesOptions,
  type LinearOptions,
  type MoonsOptions,
  type SineOptions,
  type SpiralOptions,
  type TwoSpiralsOptions,
  type XorGaussOptions,
  type XorTableOptions,
} from './generators/index.js';
export { generateDataset, getDataset, listDatasets, registerDataset } from './registry.js';
export { classNamesOf, concatRows, selectRows, shuffleDataset, takeRows, trainTestSplit, type TrainTestSplitOptions } from './split.js';
export {
  fitStandardizer,
  oneHot,
  standardize,
  standardizerFromJSON,
  type Standardizer,
  type StandardizerJSON,
} from './transform.js';
export { bounds, grid, type Bounds, type Grid } from './grid.js';
export { parseCsv, toCsv, type ParseCsvOptions } from './csv.js';
