import { shuffleRows } from '../internal.js';
import { defineDataset, samplesParam, seedParam } from '../params.js';
import { createRng } from '../rng.js';
import type { Dataset } from '../types.js';

export interface BlobsOptions {
  /** Total points, split evenly (remainder to the first classes). Default 1000. */
  samples?: number;
  /** Number of blobs = classes. Default 3. */
  classes?: number;
  /** Std of each isotropic Gaussian blob. Default 1. */
  std?: number;
  /** Centres are uniform in [-centerBox, centerBox]². Default 10 (sklearn's center_box). */
  centerBox?: number;
  /** Shuffle rows (sklearn default). Default true. */
  shuffle?: boolean;
  seed?: number;
}

type Params = { samples: number; classes: number; std: number; centerBox: number; shuffle: boolean; seed: number };

/** sklearn make_blobs with random centres: one isotropic Gaussian per class. */
function build({ samples, classes, std, centerBox, shuffle, seed }: Params): Dataset {
  const rng = createRng(seed);
  const centers = new Float64Array(classes * 2);
  for (let k = 0; k < centers.length; k++) centers[k] = -centerBox + 2 * centerBox * rng.uniform();
  let x: Float32Array = new Float32Array(samples * 2);
  let y: Int32Array = new Int32Array(samples);
  let r = 0;
  for (let c = 0; c < classes; c++) {
    const count = Math.floor(samples / classes) + (c < samples % classes ? 1 : 0);
    for (let i = 0; i < count; i++, r++) {
      x[2 * r] = centers[2 * c]! + rng.normal(0, std);
      x[2 * r + 1] = centers[2 * c + 1]! + rng.normal(0, std);
      y[r] = c;
    }
  }
  if (shuffle) ({ x, y } = shuffleRows(x, y, 2, rng));
  return { name: 'blobs', x, y, features: 2, classes, params: { samples, classes, std, centerBox, shuffle, seed } };
}

export const blobsEntry = defineDataset<Params>({
  name: 'blobs',
  title: 'Gaussian blobs',
  description:
    'sklearn make_blobs: one isotropic Gaussian blob per class with std `std`, centres uniform in [-centerBox, centerBox]², rows shuffled.',
  classes: 'param',
  params: [
    samplesParam(1000),
    { name: 'classes', type: 'int', default: 3, min: 2, max: 20, description: 'Number of blobs (classes).' },
    { name: 'std', type: 'float', default: 1, min: 0, exclusiveMin: true, step: 0.1, description: 'Std of each blob.' },
    {
      name: 'centerBox',
      type: 'float',
      default: 10,
      min: 0,
      exclusiveMin: true,
      description: 'Centres are drawn uniformly in [-centerBox, centerBox]².',
    },
    { name: 'shuffle', type: 'boolean', default: true, description: 'Shuffle the rows.' },
    seedParam,
  ],
  build,
});

/** K Gaussian blobs (sklearn make_blobs). */
export function blobs(o: BlobsOptions = {}): Dataset {
  return blobsEntry.generate({ ...o });
}
