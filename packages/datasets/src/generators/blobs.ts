import { evenSplit, generateTyped, numpyState, permuteRows64, recordedParams, shuffleRows } from '../internal.js';
import { defineDataset, randomStateParam, samplesParam, seedParam } from '../params.js';
import type { RandomState } from '../random-state.js';
import { createRng } from '../rng.js';
import type { Dataset } from '../types.js';

export interface BlobsOptions {
  /** Total points: `samples // classes` per blob, the remainder one each to the first. Default 1000. */
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
  /**
   * scikit-learn's `random_state`: an integer in [0, 2³² − 1] (or a RandomState, advanced in place)
   * gives exactly `make_blobs(samples, n_features=2, centers=classes, cluster_std=std,
   * center_box=(-centerBox, centerBox), shuffle=shuffle, random_state=randomState)` of
   * scikit-learn 1.2, rounded to float32; `seed` is then ignored. Default −1: not set.
   */
  randomState?: number | RandomState;
}

type Params = {
  samples: number;
  classes: number;
  std: number;
  centerBox: number;
  shuffle: boolean;
  seed: number;
  randomState: number;
};

/**
 * sklearn 1.2 make_blobs on NumPy's RandomState: centres `uniform(-box, box, size=(k, 2))`, then
 * per blob `normal(loc=centre, scale=std, size=(n_k, 2))`, then util_shuffle (permutation(n)).
 */
function buildNumpy({ samples, classes, std, centerBox, shuffle }: Params, rs: RandomState): { x: Float32Array; y: Int32Array } {
  const centers = rs.uniform(-centerBox, centerBox, classes * 2);
  const counts = evenSplit(samples, classes);
  let x: Float64Array = new Float64Array(samples * 2);
  let y: Int32Array = new Int32Array(samples);
  let r = 0;
  for (let c = 0; c < classes; c++) {
    const cx = centers[2 * c]!;
    const cy = centers[2 * c + 1]!;
    for (let i = 0; i < counts[c]!; i++, r++) {
      x[2 * r] = cx + std * rs.standardNormal();
      x[2 * r + 1] = cy + std * rs.standardNormal();
      y[r] = c;
    }
  }
  if (r !== samples) throw new Error(`blobs: internal error, ${r} of ${samples} rows written`);
  if (shuffle) ({ x, y } = permuteRows64(x, y, 2, rs.permutation(samples)));
  return { x: Float32Array.from(x), y };
}

/** sklearn make_blobs with random centres on mlpkit's seedrandom stream. */
function buildSeeded({ samples, classes, std, centerBox, shuffle, seed }: Params): { x: Float32Array; y: Int32Array } {
  const rng = createRng(seed);
  const centers = new Float64Array(classes * 2);
  for (let k = 0; k < centers.length; k++) centers[k] = -centerBox + 2 * centerBox * rng.uniform();
  const counts = evenSplit(samples, classes);
  let x: Float32Array = new Float32Array(samples * 2);
  let y: Int32Array = new Int32Array(samples);
  let r = 0;
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < counts[c]!; i++, r++) {
      x[2 * r] = centers[2 * c]! + rng.normal(0, std);
      x[2 * r + 1] = centers[2 * c + 1]! + rng.normal(0, std);
      y[r] = c;
    }
  }
  if (r !== samples) throw new Error(`blobs: internal error, ${r} of ${samples} rows written`);
  if (shuffle) ({ x, y } = shuffleRows(x, y, 2, rng));
  return { x, y };
}

function build(p: Params, given?: RandomState): Dataset {
  const rs = numpyState(p.randomState, given);
  const { x, y } = rs ? buildNumpy(p, rs) : buildSeeded(p);
  return { name: 'blobs', x, y, features: 2, classes: p.classes, params: recordedParams(p, given) };
}

export const blobsEntry = defineDataset<Params>({
  name: 'blobs',
  title: 'Gaussian blobs',
  description:
    'sklearn make_blobs: one isotropic Gaussian blob per class with std `std`, centres uniform in [-centerBox, centerBox]², rows shuffled. randomState ≥ 0 gives scikit-learn 1.2\'s exact data.',
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
    randomStateParam,
  ],
  build: (p, given) => build(p, given),
});

/**
 * K Gaussian blobs (sklearn make_blobs): `x` is `samples × 2` float32, `y` in 0..classes-1.
 * With `randomState`, equals scikit-learn 1.2's `make_blobs(..., random_state=randomState)`.
 */
export function blobs(o: BlobsOptions = {}): Dataset {
  return generateTyped<Params>(blobsEntry, o, build);
}
