import { defineDataset, noiseParam, samplesParam, seedParam } from '../params.js';
import { createRng } from '../rng.js';
import type { Dataset } from '../types.js';

export interface TwoSpiralsOptions {
  /** Total points (even): n per spiral = samples / 2. Default 2000 = the tutorial's twospirals(1000). */
  samples?: number;
  /** Upper bound of the *uniform* noise [0, noise) added to each coordinate of spiral A. Default 0.5. */
  noise?: number;
  seed?: number;
}

type Params = { samples: number; noise: number; seed: number };

// Tutorial 000: t = sqrt(U) * 780° (in radians).
const MAX_ANGLE = (780 * 2 * Math.PI) / 360;

function build({ samples, noise, seed }: Params): Dataset {
  const rng = createRng(seed);
  const n = samples / 2;
  // Same draw order as the tutorial: all angles, then all x noise, then all y noise.
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = Math.sqrt(rng.uniform()) * MAX_ANGLE;
  const ax = new Float64Array(n);
  for (let i = 0; i < n; i++) ax[i] = -Math.cos(t[i]!) * t[i]! + rng.uniform() * noise;
  const ay = new Float64Array(n);
  for (let i = 0; i < n; i++) ay[i] = Math.sin(t[i]!) * t[i]! + rng.uniform() * noise;
  const x = new Float32Array(samples * 2);
  const y = new Int32Array(samples);
  for (let i = 0; i < n; i++) {
    x[2 * i] = ax[i]!;
    x[2 * i + 1] = ay[i]!;
    // Spiral B is -A point for point (noise included), label 1.
    x[2 * (n + i)] = -ax[i]!;
    x[2 * (n + i) + 1] = -ay[i]!;
    y[n + i] = 1;
  }
  return { name: 'twospirals', x, y, features: 2, classes: 2, params: { samples, noise, seed } };
}

export const twoSpiralsEntry = defineDataset<Params>({
  name: 'twospirals',
  title: 'Two spirals',
  description:
    'Two interleaved spirals (tutorial 000). Spiral A gets uniform [0, noise) noise per coordinate; spiral B is -A point for point. Rows: A (label 0) then B (label 1).',
  classes: 2,
  params: [
    { ...samplesParam(2000, 'Total points, split evenly between the two spirals.'), step: 2 },
    noiseParam(0.5, 'Width of the uniform noise [0, noise) on each coordinate.'),
    seedParam,
  ],
  build,
});

/** The tutorial-000 two-spirals data: `samples/2` points per spiral, B = -A. */
export function twoSpirals(o: TwoSpiralsOptions = {}): Dataset {
  return twoSpiralsEntry.generate({ ...o });
}
