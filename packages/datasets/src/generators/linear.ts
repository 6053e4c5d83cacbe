import { classificationSplit, generateTyped, numpyState, permuteRows64, recordedParams, shuffleRows } from '../internal.js';
import { defineDataset, randomStateParam, samplesParam, seedParam } from '../params.js';
import type { RandomState } from '../random-state.js';
import { createRng, permutation } from '../rng.js';
import type { Dataset } from '../types.js';

export interface LinearOptions {
  /**
   * Total points. Rows per class (before flips) follow sklearn: `int(samples · (1/classes))` each,
   * the remainder one each to the first classes. Default 1000.
   */
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
  /**
   * scikit-learn's `random_state`: an integer in [0, 2³² − 1] (or a RandomState, advanced in place)
   * gives exactly `make_classification(n_samples=samples, n_features=2, n_informative=2,
   * n_redundant=0, n_clusters_per_class=1, n_classes=classes, class_sep=classSep, flip_y=flipY,
   * shuffle=shuffle, random_state=randomState)` of scikit-learn 1.2, rounded to float32; `seed` is
   * then ignored. Default −1: not set.
   */
  randomState?: number | RandomState;
}

type Params = {
  samples: number;
  classSep: number;
  flipY: number;
  classes: number;
  shuffle: boolean;
  seed: number;
  randomState: number;
};

/** The vertex (bit1, bit0) of the square {−sep, +sep}² for a vertex id 0..3, as sklearn's hypercube. */
function vertex(id: number, classSep: number): [number, number] {
  return [((id >> 1) & 1) * (2 * classSep) - classSep, (id & 1) * (2 * classSep) - classSep];
}

/**
 * sklearn 1.2 `sample_without_replacement(4, k, method='auto')` for the square's vertices:
 * `permutation(4)[:k]` when 0.01 < k/4 < 0.99, else reservoir sampling, which for k = 4 takes the
 * vertices in order without drawing.
 */
function hypercubeVertices(k: number, rs: RandomState): Int32Array {
  const ratio = k / 4;
  if (ratio > 0.01 && ratio < 0.99) return rs.permutation(4).subarray(0, k);
  return Int32Array.from({ length: k }, (_, i) => i);
}

/**
 * sklearn 1.2 make_classification(n_features=2, n_informative=2, n_redundant=0, n_repeated=0,
 * n_clusters_per_class=1, weights=None, hypercube=True, shift=0, scale=1) on NumPy's RandomState,
 * call for call: vertices, standard_normal(n, 2), per cluster A = 2·uniform(2, 2) − 1 and
 * X_k = X_k·A + centroid, flip mask uniform(n) < flipY and randint(classes, flips), then
 * util_shuffle (permutation(n)) and shuffle of the 2 feature indices.
 */
function buildNumpy({ samples, classSep, flipY, classes, shuffle }: Params, rs: RandomState): { x: Float32Array; y: Int32Array } {
  const counts = classificationSplit(samples, classes);
  const vertices = hypercubeVertices(classes, rs);
  let x: Float64Array = rs.standardNormal(samples * 2);
  let y: Int32Array = new Int32Array(samples);
  let start = 0;
  for (let c = 0; c < classes; c++) {
    const stop = start + counts[c]!;
    const a = rs.uniform(0, 1, 4);
    const a00 = 2 * a[0]! - 1;
    const a01 = 2 * a[1]! - 1;
    const a10 = 2 * a[2]! - 1;
    const a11 = 2 * a[3]! - 1;
    const [cx, cy] = vertex(vertices[c]!, classSep);
    for (let r = start; r < stop; r++) {
      const z0 = x[2 * r]!;
      const z1 = x[2 * r + 1]!;
      x[2 * r] = z0 * a00 + z1 * a10 + cx;
      x[2 * r + 1] = z0 * a01 + z1 * a11 + cy;
      y[r] = c;
    }
    start = stop;
  }
  if (start !== samples) throw new Error(`linear: internal error, ${start} of ${samples} rows written`);
  const flip = rs.uniform(0, 1, samples);
  let flips = 0;
  for (let r = 0; r < samples; r++) if (flip[r]! < flipY) flips++;
  const newLabels = flips > 0 ? rs.randint(0, classes, flips) : new Float64Array(0);
  for (let r = 0, k = 0; r < samples; r++) if (flip[r]! < flipY) y[r] = newLabels[k++]!;
  if (shuffle) {
    ({ x, y } = permuteRows64(x, y, 2, rs.permutation(samples)));
    const columns = rs.permutation(2);
    if (columns[0] === 1) {
      for (let r = 0; r < samples; r++) {
        const t = x[2 * r]!;
        x[2 * r] = x[2 * r + 1]!;
        x[2 * r + 1] = t;
      }
    }
  }
  return { x: Float32Array.from(x), y };
}

/** The seedrandom path: the same algorithm on mlpkit's own stream. */
function buildSeeded({ samples, classSep, flipY, classes, shuffle, seed }: Params): { x: Float32Array; y: Int32Array } {
  const rng = createRng(seed);
  const counts = classificationSplit(samples, classes);

  // Distinct vertices of the square {-sep, +sep}², chosen without replacement.
  const vertexIds = permutation(4, rng).subarray(0, classes);

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
    const [cx, cy] = vertex(vertexIds[c]!, classSep);
    const stop = start + counts[c]!;
    for (let r = start; r < stop; r++) {
      const z0 = z[2 * r]!;
      const z1 = z[2 * r + 1]!;
      x[2 * r] = z0 * a00 + z1 * a10 + cx;
      x[2 * r + 1] = z0 * a01 + z1 * a11 + cy;
      y[r] = c;
    }
    start = stop;
  }
  if (start !== samples) throw new Error(`linear: internal error, ${start} of ${samples} rows written`);

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
  return { x, y };
}

function build(p: Params, given?: RandomState): Dataset {
  const rs = numpyState(p.randomState, given);
  const { x, y } = rs ? buildNumpy(p, rs) : buildSeeded(p);
  return { name: 'linear', x, y, features: 2, classes: p.classes, params: recordedParams(p, given) };
}

export const linearEntry = defineDataset<Params>({
  name: 'linear',
  title: 'Linear (make_classification)',
  description:
    'sklearn make_classification with 2 informative features and one cluster per class: Gaussian clusters with random linear covariance on distinct vertices of a square of side 2·classSep; flipY of the labels randomised; rows shuffled. randomState ≥ 0 gives scikit-learn 1.2\'s exact data.',
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
    {
      name: 'classes',
      type: 'int',
      default: 2,
      min: 2,
      max: 4,
      description: 'Number of classes (one cluster each; 2 informative features give at most 4 vertices).',
    },
    { name: 'shuffle', type: 'boolean', default: true, description: 'Shuffle the rows and the feature columns.' },
    seedParam,
    randomStateParam,
  ],
  build: (p, given) => build(p, given),
});

/**
 * make_classification(n_features=2, n_informative=2, n_redundant=0, n_clusters_per_class=1):
 * `x` is `samples × 2` float32, `y` in 0..classes-1. With `randomState`, equals scikit-learn 1.2.
 * Throws DatasetParamError (MLPKIT_INVALID_INPUT) on invalid parameters (e.g. classes > 4).
 */
export function linear(o: LinearOptions = {}): Dataset {
  return generateTyped<Params>(linearEntry, o, build);
}
