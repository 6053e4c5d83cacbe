import { defineDataset, samplesParam, seedParam } from '../params.js';
import { createRng } from '../rng.js';
import type { RegressionDataset } from '../types.js';

export interface GaussianOptions {
  /** Points. Default 1000. */
  samples?: number;
  /** Input noise as a fraction of the radius (TensorFlow Playground's "noise"), in [0, 0.5]. Default 0. */
  noise?: number;
  seed?: number;
}

type Params = { samples: number; noise: number; seed: number };

const RADIUS = 6;

/** Centres and signs of the six bumps (TensorFlow Playground's layout). */
const BUMPS: ReadonlyArray<readonly [number, number, number]> = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/**
 * The target at (a, b): of the six signed bumps sign · max(0, 1 − distance/2), the one largest in
 * absolute value (the first such on a tie), as TensorFlow Playground's regressGaussian.
 */
export function gaussianTarget(a: number, b: number): number {
  let label = 0;
  for (const [cx, cy, sign] of BUMPS) {
    const d = Math.hypot(a - cx, b - cy);
    const v = sign * Math.min(1, Math.max(0, 1 - d / 2));
    if (Math.abs(v) > Math.abs(label)) label = v;
  }
  return label;
}

function build({ samples, noise, seed }: Params): RegressionDataset {
  const rng = createRng(seed);
  const x = new Float32Array(samples * 2);
  const y = new Float32Array(samples);
  const u = () => rng.uniform() * 2 * RADIUS - RADIUS;
  for (let i = 0; i < samples; i++) {
    const x0 = u();
    const x1 = u();
    const n0 = u() * noise;
    const n1 = u() * noise;
    x[2 * i] = x0;
    x[2 * i + 1] = x1;
    y[i] = gaussianTarget(x0 + n0, x1 + n1);
  }
  return { task: 'regression', name: 'gaussian', x, y, features: 2, targets: 1, params: { samples, noise, seed } };
}

export const gaussianEntry = defineDataset<Params, RegressionDataset>({
  name: 'gaussian',
  title: 'Gaussian bumps (regression)',
  description:
    "TensorFlow Playground's regression Gaussian: x uniform in [-6, 6]^2; the target is the strongest of six signed cone-shaped bumps (centres (±4, ±2.5) and (0, ±2.5), radius 2), in [-1, 1].",
  task: 'regression',
  classes: 0,
  targets: 1,
  params: [
    samplesParam(1000),
    { name: 'noise', type: 'float', default: 0, min: 0, max: 0.5, step: 0.05, description: 'Input jitter as a fraction of the radius 6 (0 to 0.5).' },
    seedParam,
  ],
  build,
});

/** TensorFlow Playground's "Gaussian" regression data; throws DatasetParamError on bad parameters. */
export function gaussian(o: GaussianOptions = {}): RegressionDataset {
  return gaussianEntry.generate({ ...o });
}
