import { addGaussianNoise, linspace, shuffleRows } from '../internal.js';
import { defineDataset, noiseParam, samplesParam, seedParam } from '../params.js';
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
}

type Params = { samples: number; noise: number; shuffle: boolean; seed: number };

function build({ samples, noise, shuffle, seed }: Params): Dataset {
  const rng = createRng(seed);
  const nOut = Math.floor(samples / 2);
  const nIn = samples - nOut;
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  let x: Float32Array = new Float32Array(samples * 2);
  let y: Int32Array = new Int32Array(samples);
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
  if (shuffle) ({ x, y } = shuffleRows(x, y, 2, rng));
  addGaussianNoise(x, noise, rng);
  return { name: 'moons', x, y, features: 2, classes: 2, params: { samples, noise, shuffle, seed } };
}

export const moonsEntry = defineDataset<Params>({
  name: 'moons',
  title: 'Moons',
  description:
    'sklearn make_moons: outer moon (cos t, sin t) label 0 with samples//2 points, inner moon (1 - cos t, 0.5 - sin t) label 1, t = linspace(0, π), Gaussian noise, rows shuffled.',
  classes: 2,
  params: [
    samplesParam(1000),
    noiseParam(0.05, 'Std of the Gaussian noise added to every coordinate.'),
    { name: 'shuffle', type: 'boolean', default: true, description: 'Shuffle the rows.' },
    seedParam,
  ],
  build,
});

/** sklearn make_moons semantics (outer = 0, inner = 1). */
export function moons(o: MoonsOptions = {}): Dataset {
  return moonsEntry.generate({ ...o });
}
