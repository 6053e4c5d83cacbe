import { addGaussianNoise, generateTyped, linspace, numpyState, recordedParams, shuffleRows, shuffleThenNoise } from '../internal.js';
import { defineDataset, noiseParam, randomStateParam, samplesParam, seedParam } from '../params.js';
import type { RandomState } from '../random-state.js';
import { createRng } from '../rng.js';
import type { Dataset } from '../types.js';

export interface CirclesOptions {
  /** Total points; the outer circle gets samples//2. Default 1000. */
  samples?: number;
  /** Std of the Gaussian noise on every coordinate. Default 0.05. */
  noise?: number;
  /** Inner radius relative to the outer (1), in [0, 1). Default 0.3. */
  factor?: number;
  /** Shuffle rows (sklearn default). Default true. */
  shuffle?: boolean;
  seed?: number;
  /**
   * scikit-learn's `random_state`: an integer in [0, 2³² − 1] (or a RandomState, advanced in place)
   * gives exactly `make_circles(samples, noise=noise, factor=factor, shuffle=shuffle,
   * random_state=randomState)` of scikit-learn 1.2, rounded to float32; `seed` is then ignored.
   * Default −1: not set.
   */
  randomState?: number | RandomState;
}

type Params = { samples: number; noise: number; factor: number; shuffle: boolean; seed: number; randomState: number };

/** The noise-free circles in float64, rows outer (0) then inner (1), as sklearn builds them. */
function layout(samples: number, factor: number): { x: Float64Array; y: Int32Array } {
  const nOut = Math.floor(samples / 2);
  const nIn = samples - nOut;
  const angOut = linspace(0, 2 * Math.PI, nOut, false);
  const angIn = linspace(0, 2 * Math.PI, nIn, false);
  const x = new Float64Array(samples * 2);
  const y = new Int32Array(samples);
  for (let i = 0; i < nOut; i++) {
    x[2 * i] = Math.cos(angOut[i]!);
    x[2 * i + 1] = Math.sin(angOut[i]!);
  }
  for (let i = 0; i < nIn; i++) {
    const r = nOut + i;
    x[2 * r] = Math.cos(angIn[i]!) * factor;
    x[2 * r + 1] = Math.sin(angIn[i]!) * factor;
    y[r] = 1;
  }
  return { x, y };
}

/** sklearn 1.2 make_circles on NumPy's RandomState: layout, `permutation(n)`, then the noise. */
function buildNumpy({ samples, noise, factor, shuffle }: Params, rs: RandomState): { x: Float32Array; y: Int32Array } {
  const { x, y } = layout(samples, factor);
  return shuffleThenNoise(x, y, shuffle, noise, rs);
}

function build(p: Params, given?: RandomState): Dataset {
  const rs = numpyState(p.randomState, given);
  const params = recordedParams(p, given);
  if (rs) return { name: 'circles', ...buildNumpy(p, rs), features: 2, classes: 2, params };
  const rng = createRng(p.seed);
  const base = layout(p.samples, p.factor);
  let x: Float32Array = Float32Array.from(base.x);
  let y: Int32Array = base.y;
  // sklearn shuffles first, then adds noise.
  if (p.shuffle) ({ x, y } = shuffleRows(x, y, 2, rng));
  addGaussianNoise(x, p.noise, rng);
  return { name: 'circles', x, y, features: 2, classes: 2, params };
}

export const circlesEntry = defineDataset<Params>({
  name: 'circles',
  title: 'Circles',
  description:
    'sklearn make_circles: an outer unit circle (label 0, samples//2 points) and an inner circle of radius factor (label 1), evenly spaced angles, Gaussian noise, rows shuffled. randomState ≥ 0 gives scikit-learn 1.2\'s exact data.',
  classes: 2,
  params: [
    samplesParam(1000),
    noiseParam(0.05, 'Std of the Gaussian noise added to every coordinate.'),
    {
      name: 'factor',
      type: 'float',
      default: 0.3,
      min: 0,
      max: 1,
      exclusiveMax: true,
      step: 0.05,
      description: 'Scale of the inner circle relative to the outer one.',
    },
    { name: 'shuffle', type: 'boolean', default: true, description: 'Shuffle the rows.' },
    seedParam,
    randomStateParam,
  ],
  build: (p, given) => build(p, given),
});

/**
 * sklearn make_circles semantics (outer = 0, inner = 1): `x` is `samples × 2` float32, `y` 0/1.
 * With `randomState`, equals scikit-learn 1.2's `make_circles(..., random_state=randomState)`.
 * Throws DatasetParamError (MLPKIT_INVALID_INPUT) on invalid parameters.
 */
export function circles(o: CirclesOptions = {}): Dataset {
  return generateTyped<Params>(circlesEntry, o, build);
}
