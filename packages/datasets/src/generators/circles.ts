import { addGaussianNoise, linspace, shuffleRows } from '../internal.js';
import { defineDataset, noiseParam, samplesParam, seedParam } from '../params.js';
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
}

type Params = { samples: number; noise: number; factor: number; shuffle: boolean; seed: number };

function build({ samples, noise, factor, shuffle, seed }: Params): Dataset {
  const rng = createRng(seed);
  const nOut = Math.floor(samples / 2);
  const nIn = samples - nOut;
  const angOut = linspace(0, 2 * Math.PI, nOut, false);
  const angIn = linspace(0, 2 * Math.PI, nIn, false);
  let x: Float32Array = new Float32Array(samples * 2);
  let y: Int32Array = new Int32Array(samples);
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
  // sklearn shuffles first, then adds noise.
  if (shuffle) ({ x, y } = shuffleRows(x, y, 2, rng));
  addGaussianNoise(x, noise, rng);
  return { name: 'circles', x, y, features: 2, classes: 2, params: { samples, noise, factor, shuffle, seed } };
}

export const circlesEntry = defineDataset<Params>({
  name: 'circles',
  title: 'Circles',
  description:
    'sklearn make_circles: an outer unit circle (label 0, samples//2 points) and an inner circle of radius factor (label 1), evenly spaced angles, Gaussian noise, rows shuffled.',
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
  ],
  build,
});

/** sklearn make_circles semantics (outer = 0, inner = 1). */
export function circles(o: CirclesOptions = {}): Dataset {
  return circlesEntry.generate({ ...o });
}
