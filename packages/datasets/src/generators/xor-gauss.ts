import { addGaussianNoise, generateTyped, numpyState, recordedParams } from '../internal.js';
import { defineDataset, noiseParam, randomStateParam, samplesParam, seedParam } from '../params.js';
import type { RandomState } from '../random-state.js';
import { createRng } from '../rng.js';
import type { Dataset } from '../types.js';

export interface XorGaussOptions {
  /** Number of points. Default 10000 (tutorial 003's training set). */
  samples?: number;
  /**
   * Std of Gaussian jitter added to both coordinates after labelling, so points near the axes can
   * cross into the other class's quadrant. Default 0: the tutorial's exact quadrant rule.
   */
  noise?: number;
  seed?: number;
  /**
   * NumPy seed: an integer in [0, 2³² − 1] gives exactly the tutorial's
   * `np.random.seed(randomState); X = np.random.randn(samples, 2)` with its labels (rounded to
   * float32; noise > 0 then adds `np.random.normal(0, noise, X.shape)`); a RandomState continues
   * its stream (the tutorial's test set is the next `randn(5000, 2)`). `seed` is then ignored.
   * Default −1: not set.
   */
  randomState?: number | RandomState;
}

type Params = { samples: number; noise: number; seed: number; randomState: number };

/** Tutorial 003 on a RandomState: labels from the float64 values, as NumPy computes them. */
function buildNumpy({ samples, noise }: Params, rs: RandomState): { x: Float32Array; y: Int32Array } {
  const x64 = rs.randn(samples * 2);
  const y = new Int32Array(samples);
  for (let i = 0; i < samples; i++) y[i] = x64[2 * i]! * x64[2 * i + 1]! > 0 ? 0 : 1;
  if (noise > 0) for (let k = 0; k < x64.length; k++) x64[k] = x64[k]! + (0 + noise * rs.standardNormal());
  return { x: Float32Array.from(x64), y };
}

/** Tutorial 003: x ~ N(0, I₂); label 0 when x0·x1 > 0 (quadrants I, III), else 1. */
function buildSeeded({ samples, noise, seed }: Params): { x: Float32Array; y: Int32Array } {
  const rng = createRng(seed);
  const x = new Float32Array(samples * 2);
  const y = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const a = Math.fround(rng.normal());
    const b = Math.fround(rng.normal());
    x[2 * i] = a;
    x[2 * i + 1] = b;
    // Label from the stored float32 values so the rule holds exactly on the returned data.
    y[i] = a * b > 0 ? 0 : 1;
  }
  // Drawn after every point, so the noise-free points are the same for any noise level.
  if (noise > 0) addGaussianNoise(x, noise, rng);
  return { x, y };
}

function build(p: Params, given?: RandomState): Dataset {
  const rs = numpyState(p.randomState, given);
  const { x, y } = rs ? buildNumpy(p, rs) : buildSeeded(p);
  return { name: 'xor-gauss', x, y, features: 2, classes: 2, params: recordedParams(p, given) };
}

export const xorGaussEntry = defineDataset<Params>({
  name: 'xor-gauss',
  title: 'Gaussian XOR',
  description:
    'Tutorial 003: points from a standard 2-D Gaussian, label 0 when x0·x1 > 0 and 1 otherwise (the XOR of the signs); optional Gaussian jitter of std noise after labelling. randomState ≥ 0 gives the tutorial\'s NumPy data after np.random.seed(randomState).',
  classes: 2,
  params: [
    samplesParam(10000),
    noiseParam(0, 'Std of the Gaussian jitter added to both coordinates after labelling (0: exact quadrant rule).'),
    seedParam,
    randomStateParam,
  ],
  build: (p, given) => build(p, given),
});

/** Gaussian XOR (tutorial 003); the tutorial's one-hot target is `oneHot(y, 2)`. `x` float32 `samples × 2`. */
export function xorGauss(o: XorGaussOptions = {}): Dataset {
  return generateTyped<Params>(xorGaussEntry, o, build);
}
