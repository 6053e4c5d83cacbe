import { defineDataset } from '../params.js';
import { playgroundRegression, playgroundRegressionParams, type PlaygroundRegressionOptions, type PlaygroundRegressionParams } from './playground-regression.js';
import type { RegressionDataset } from '../types.js';

export type GaussianOptions = PlaygroundRegressionOptions;

type Params = PlaygroundRegressionParams;

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

function build(p: Params): RegressionDataset {
  return playgroundRegression('gaussian', p, (x0, x1, n0, n1) => gaussianTarget(x0 + n0, x1 + n1));
}

export const gaussianEntry = defineDataset<Params, RegressionDataset>({
  name: 'gaussian',
  title: 'Gaussian bumps (regression)',
  description:
    "TensorFlow Playground's regression Gaussian: x uniform in [-6, 6]^2; the target is the strongest of six signed cone-shaped bumps (centres (±4, ±2.5) and (0, ±2.5), radius 2), in [-1, 1].",
  task: 'regression',
  classes: 0,
  targets: 1,
  params: playgroundRegressionParams,
  build,
});

/** TensorFlow Playground's "Gaussian" regression data; throws DatasetParamError on bad parameters. */
export function gaussian(o: GaussianOptions = {}): RegressionDataset {
  return gaussianEntry.generate({ ...o });
}
