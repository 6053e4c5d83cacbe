import { defineDataset, samplesParam, seedParam } from '../params.js';
import { createRng } from '../rng.js';
import type { RegressionDataset } from '../types.js';

export interface PlaneOptions {
  /** Points. Default 1000. */
  samples?: number;
  /** Input noise as a fraction of the radius (TensorFlow Playground's "noise"), in [0, 0.5]. Default 0. */
  noise?: number;
  seed?: number;
}

type Params = { samples: number; noise: number; seed: number };

const RADIUS = 6;

/**
 * TensorFlow Playground's "plane" regression: points uniform in [−6, 6]², target
 * (x0 + n0 + x1 + n1) / 10 (so in [−1.2, 1.2] without noise) where n0, n1 are uniform in
 * [−6, 6]·noise. Draws per point: x0, x1, n0, n1 (the Playground's order).
 */
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
    y[i] = (x0 + n0 + x1 + n1) / 10;
  }
  return { task: 'regression', name: 'plane', x, y, features: 2, targets: 1, params: { samples, noise, seed } };
}

export const planeEntry = defineDataset<Params, RegressionDataset>({
  name: 'plane',
  title: 'Plane (regression)',
  description:
    "TensorFlow Playground's regression plane: x uniform in [-6, 6]^2, target (x0 + x1) / 10 computed at inputs jittered by uniform noise of ±6·noise.",
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

/** TensorFlow Playground's "plane" regression data; throws DatasetParamError on bad parameters. */
export function plane(o: PlaneOptions = {}): RegressionDataset {
  return planeEntry.generate({ ...o });
}
