import { addGaussianNoise } from '../internal.js';
import { defineDataset, noiseParam, samplesParam, seedParam } from '../params.js';
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
}

type Params = { samples: number; noise: number; seed: number };

/** Tutorial 003: x ~ N(0, I₂); label 0 when x0·x1 > 0 (quadrants I, III), else 1. */
function build({ samples, noise, seed }: Params): Dataset {
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
  return { name: 'xor-gauss', x, y, features: 2, classes: 2, params: { samples, noise, seed } };
}

export const xorGaussEntry = defineDataset<Params>({
  name: 'xor-gauss',
  title: 'Gaussian XOR',
  description:
    'Tutorial 003: points from a standard 2-D Gaussian, label 0 when x0·x1 > 0 and 1 otherwise (the XOR of the signs); optional Gaussian jitter of std noise after labelling.',
  classes: 2,
  params: [
    samplesParam(10000),
    noiseParam(0, 'Std of the Gaussian jitter added to both coordinates after labelling (0: exact quadrant rule).'),
    seedParam,
  ],
  build,
});

/** Gaussian XOR (tutorial 003); the tutorial's one-hot target is `oneHot(y, 2)`. */
export function xorGauss(o: XorGaussOptions = {}): Dataset {
  return xorGaussEntry.generate({ ...o });
}
