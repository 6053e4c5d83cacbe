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
