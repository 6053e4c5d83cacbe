import type { DatasetEntry } from '../params.js';
import { blobsEntry } from './blobs.js';
import { circlesEntry } from './circles.js';
import { linearEntry } from './linear.js';
import { moonsEntry } from './moons.js';
import { sineEntry } from './sine.js';
import { spiralEntry } from './spiral.js';
import { twoSpiralsEntry } from './twospirals.js';
import { xorGaussEntry } from './xor-gauss.js';
import { xorTableEntry } from './xor-table.js';
import { planeEntry } from './plane.js';
import { gaussianEntry } from './gaussian.js';
import { friedman1Entry } from './friedman1.js';

/** The built-in datasets' names, in registry order (`test/registry.test.ts` checks they match). */
export const BUILTIN_DATASETS = ['twospirals', 'circles', 'moons', 'linear', 'sine', 'spiral', 'xor-gauss', 'xor-table', 'blobs', 'plane', 'gaussian', 'friedman1'] as const;

/**
 * A dataset name: a built-in one (editors autocomplete these) or any registered name
 * (`string & {}` keeps the union from collapsing to `string`).
 */
export type DatasetName = (typeof BUILTIN_DATASETS)[number] | (string & {});

/** Built-in datasets in registry order. A new dataset module adds its entry here. */
export const builtinDatasets: readonly DatasetEntry[] = [
  twoSpiralsEntry,
  circlesEntry,
  moonsEntry,
  linearEntry,
  sineEntry,
  spiralEntry,
  xorGaussEntry,
  xorTableEntry,
  blobsEntry,
  planeEntry,
  gaussianEntry,
  friedman1Entry,
];

export { blobs, blobsEntry, type BlobsOptions } from './blobs.js';
export { circles, circlesEntry, type CirclesOptions } from './circles.js';
export { linear, linearEntry, type LinearOptions } from './linear.js';
export { moons, moonsEntry, type MoonsOptions } from './moons.js';
export { sine, sineEntry, type SineOptions } from './sine.js';
export { spiral, spiralEntry, type SpiralOptions } from './spiral.js';
export { twoSpirals, twoSpiralsEntry, type TwoSpiralsOptions } from './twospirals.js';
export { xorGauss, xorGaussEntry, type XorGaussOptions } from './xor-gauss.js';
export { xorTable, xorTableEntry, type XorTableOptions } from './xor-table.js';
export { plane, planeEntry, type PlaneOptions } from './plane.js';
export { gaussian, gaussianEntry, gaussianTarget, type GaussianOptions } from './gaussian.js';
export { friedman1, friedman1Entry, friedman1Target, type Friedman1Options } from './friedman1.js';
