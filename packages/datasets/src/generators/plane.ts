import { defineDataset } from '../params.js';
import { playgroundRegression, playgroundRegressionParams, type PlaygroundRegressionOptions, type PlaygroundRegressionParams } from './playground-regression.js';
import type { RegressionDataset } from '../types.js';

export type PlaneOptions = PlaygroundRegressionOptions;

type Params = PlaygroundRegressionParams;

/**
 * TensorFlow Playground's "plane" regression: points uniform in [−6, 6]², target
 * (x0 + n0 + x1 + n1) / 10 (so in [−1.2, 1.2] without noise) where n0, n1 are uniform in
 * [−6, 6]·noise. Draws per point: x0, x1, n0, n1 (the Playground's order).
 */
function build(p: Params): RegressionDataset {
  return playgroundRegression('plane', p, (x0, x1, n0, n1) => (x0 + n0 + x1 + n1) / 10);
}

export const planeEntry = defineDataset<Params, RegressionDataset>({
  name: 'plane',
  title: 'Plane (regression)',
  description:
    "TensorFlow Playground's regression plane: x uniform in [-6, 6]^2, target (x0 + x1) / 10 computed at inputs jittered by uniform noise of ±6·noise.",
  task: 'regression',
  classes: 0,
  targets: 1,
  params: playgroundRegressionParams,
  build,
});

/** TensorFlow Playground's "plane" regression data; throws DatasetParamError on bad parameters. */
export function plane(o: PlaneOptions = {}): RegressionDataset {
  return planeEntry.generate({ ...o });
}
