import { shuffleRows } from '../internal.js';
import { defineDataset, samplesParam, seedParam } from '../params.js';
import { createRng, permutation } from '../rng.js';
import type { Dataset } from '../types.js';

export interface LinearOptions {
  /** Total points, split evenly over the classes (remainder to the first). Default 1000. */
  samples?: number;
  /** Half the side of the square whose vertices hold the cluster centres. Default 1. */
  classSep?: number;
  /** Fraction of labels replaced by a random class (which may equal the old one). Default 0.01. */
  flipY?: number;
  /** Number of classes, 2..4 (one cluster per square vertex). Default 2. */
  classes?: number;
  /** Shuffle rows and the two feature columns (sklearn default). Default true. */
  shuffle?: boolean;
  seed?: number;
}

type Params = { samples: number; classSep: number; flipY: number; classes: number; shuffle: boolean; seed: number };

/**
 * sklearn make_classification with n_features=2, n_informative=2, n_redundant=0,
 * n_clusters_per_class=1, hypercube=True, shift=0, scale=1.
 */
function build({ samples, classSep, flipY, classes, shuffle, seed }: Params): Dataset {
  const rng = createRng(seed);
  // Balanced clusters: int(n / k) each, the remainder one by one from the first cluster.
  const perCluster = new Array<number>(classes).fill(Math.floor(samples / classes));
  for (let i = 0; i < samples - perCluster.reduce((a, b) => a + b, 0); i++) perCluster[i % classes]! += 1;

  // Distinct vertices of the square {-sep, +sep}², chosen without replacement.
  const vertexIds = permutation(4, rng).subarray(0, classes);
  const centroids = Array.from(vertexIds, (v) => [((v >> 1) & 1) * 2 * classSep - classSep, (v & 1) * 2 * classSep - classSep]);

  // Standard normal draws for all rows first, as sklearn does.
  const z = new Float64Array(samples * 2);
  for (let k = 0; k < z.length; k++) z[k] = rng.normal();

  let x: Float32Array = new Float32Array(samples * 2);
  let y: Int32Array = new Int32Array(samples);
  let start = 0;
  for (let c = 0; c < classes; c++) {
    // Random linear covariance A = 2U(2×2) - 1, then shift to the vertex.
    const a00 = 2 * rng.uniform() - 1;
    const a01 = 2 * rng.uniform() - 1;
    const a10 = 2 * rng.uniform() - 1;
    const a11 = 2 * rng.uniform() - 1;
    const [cx, cy] = centroids[c] as [number, number];
    for (let r = start; r < start + perCluster[c]!; r++) {
      const z0 = z[2 * r]!;
      const z1 = z[2 * r + 1]!;
      x[2 * r] = z0 * a00 + z1 * a10 + cx;
      x[2 * r + 1] = z0 * a01 + z1 * a11 + cy;
      y[r] = c;
    }
    start += perCluster[c]!;
  }

  // flip_y: a uniform draw per row decides the flip; flipped rows get a random class.
  const flip = new Uint8Array(samples);
  for (let r = 0; r < samples; r++) flip[r] = rng.uniform() < flipY ? 1 : 0;
  for (let r = 0; r < samples; r++) if (flip[r]) y[r] = rng.int(classes);

  if (shuffle) {
    ({ x, y } = shuffleRows(x, y, 2, rng));
    // sklearn also permutes the feature columns.
    if (permutation(2, rng)[0] === 1) {
      for (let r = 0; r < samples; r++) {
        const t = x[2 * r]!;
        x[2 * r] = x[2 * r + 1]!;
        x[2 * r + 1] = t;
      }
    }
  }
  return { name: 'linear', x, y, features: 2, classes, params: { samples, classSep, flipY, classes, shuffle, seed } };
}

export const linearEntry = defineDataset<Params>({
  name: 'linear',
  title: 'Linear (make_classification)',
  description:
    'sklearn make_classification with 2 informative features and one cluster per class: Gaussian clusters with random linear covariance on distinct vertices of a square of side 2·classSep; flipY of the labels randomised; rows shuffled.',
  classes: 'param',
  params: [
    samplesParam(1000),
    {
      name: 'classSep',
      type: 'float',
      default: 1,
      min: 0,
      exclusiveMin: true,
      step: 0.1,
      description: 'Half the side of the square holding the cluster centres; larger is easier.',
    },
    {
      name: 'flipY',
      type: 'float',
      default: 0.01,
      min: 0,
      max: 1,
      step: 0.01,
      description: 'Fraction of samples whose label is drawn at random.',
    },
    { name: 'classes', type: 'int', default: 2, min: 2, max: 4, description: 'Number of classes (one cluster each).' },
    { name: 'shuffle', type: 'boolean', default: true, description: 'Shuffle the rows and the feature columns.' },
    seedParam,
  ],
  build,
});

/** make_classification(n_features=2, n_informative=2, n_redundant=0, n_clusters_per_class=1). */
export function linear(o: LinearOptions = {}): Dataset {
  return linearEntry.generate({ ...o });
}
