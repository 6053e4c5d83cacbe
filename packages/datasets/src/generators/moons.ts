import { addGaussianNoise, generateTyped, linspace, numpyState, recordedParams, shuffleRows, shuffleThenNoise } from '../internal.js';
import { defineDataset, noiseParam, randomStateParam, samplesParam, seedParam } from '../params.js';
import type { RandomState } from '../random-state.js';
import { createRng } from '../rng.js';
import type { Dataset } from '../types.js';

export interface MoonsOptions {
  /** Total points; the outer moon gets samples//2. Default 1000. */
  samples?: number;
  /** Std of the Gaussian noise on every coordinate. Default 0.05. */
  noise?: number;
  /** Shuffle rows (sklearn default). Default true. */
  shuffle?: boolean;
  seed?: number;
  /**
   * scikit-learn's `random_state`: an integer in [0, 2³² − 1] (or a RandomState, advanced in place)
   * gives exactly `make_moons(samples, noise=noise, shuffle=shuffle, random_state=randomState)` of
   * scikit-learn 1.2, rounded to float32; `seed` is then ignored. Default −1: not set.
   */
  randomState?: number | RandomState;
}

type Params = { samples: number; noise: number; shuffle: boolean; seed: number; randomState: number };

/** The noise-free moons in float64, rows outer (0) then inner (1), as sklearn builds them. */
function layout(samples: number): { x: Float64Array; y: Int32Array } {
  const nOut = Math.floor(samples / 2);
  const nIn = samples - nOut;
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  const x = new Float64Array(samples * 2);
  const y = new Int32Array(samples);
  for (let i = 0; i < nOut; i++) {
    x[2 * i] = Math.cos(tOut[i]!);
    x[2 * i + 1] = Math.sin(tOut[i]!);
  }
  for (let i = 0; i < nIn; i++) {
    const r = nOut + i;
    x[2 * r] = 1 - Math.cos(tIn[i]!);
    x[2 * r + 1] = 1 - Math.sin(tIn[i]!) - 0.5;
    y[r] = 1;
  }
  return { x, y };
}

/**
 * sklearn 1.2 make_moons on NumPy's RandomState: layout, `util_shuffle` (= `permutation(n)`),
 * then `X += normal(scale=noise, size=(n, 2))` (drawn also for noise 0, as sklearn does).
 */
function buildNumpy({ samples, noise, shuffle }: Params, rs: RandomState): { x: Float32Array; y: Int32Array } {
  const { x, y } = layout(samples);
  return shuffleThenNoise(x, y, shuffle, noise, rs);
}

function build(p: Params, given?: RandomState): Dataset {
  const rs = numpyState(p.randomState, given);
  const params = recordedParams(p, given);
  if (rs) return { name: 'moons', ...buildNumpy(p, rs), features: 2, classes: 2, params };
  const { samples, noise, shuffle, seed } = p;
  const rng = createRng(seed);
  const base = layout(samples);
  let x: Float32Array = Float32Array.from(base.x);
  let y: Int32Array = base.y;
  if (shuffle) ({ x, y } = shuffleRows(x, y, 2, rng));
  addGaussianNoise(x, noise, rng);
  return { name: 'moons', x, y, features: 2, classes: 2, params };
}

export const moonsEntry = defineDataset<Params>({
  name: 'moons',
  title: 'Moons',
  description:
    'sklearn make_moons: outer moon (cos t, sin t) label 0 with samples//2 points, inner moon (1 - cos t, 0.5 - sin t) label 1, t = linspace(0, π), Gaussian noise, rows shuffled. randomState ≥ 0 gives scikit-learn 1.2\'s exact data.',
  classes: 2,
  params: [
    samplesParam(1000),
    noiseParam(0.05, 'Std of the Gaussian noise added to every coordinate.'),
    { name: 'shuffle', type: 'boolean', default: true, description: 'Shuffle the rows.' },
    seedParam,
    randomStateParam,
  ],
  build: (p, given) => build(p, given),
});

/**
 * sklearn make_moons semantics (outer = 0, inner = 1): `x` is `samples × 2` float32, `y` 0/1.
 * With `randomState`, equals scikit-learn 1.2's `make_moons(..., random_state=randomState)`.
 * Throws DatasetParamError (MLPKIT_INVALID_INPUT) on invalid parameters.
 */
export function moons(o: MoonsOptions = {}): Dataset {
  return generateTyped<Params>(moonsEntry, o, build);
}
