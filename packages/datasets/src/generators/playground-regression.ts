import { samplesParam, seedParam, type ParamSpec } from '../params.js';
import { createRng } from '../rng.js';
import type { RegressionDataset } from '../types.js';

/** Half-width of TensorFlow Playground's square: points are uniform in [−6, 6]². */
const RADIUS = 6;

/** Options of the Playground's regression generators (`plane`, `gaussian`). */
export interface PlaygroundRegressionOptions {
  /** Points. Default 1000. */
  samples?: number;
  /** Input noise as a fraction of the radius (TensorFlow Playground's "noise"), in [0, 0.5]. Default 0. */
  noise?: number;
  seed?: number;
}

/** Their validated parameters. */
export type PlaygroundRegressionParams = { samples: number; noise: number; seed: number };

/** The `noise` parameter of the Playground's regression data. */
const playgroundNoiseParam: ParamSpec = {
  name: 'noise',
  type: 'float',
  default: 0,
  min: 0,
  max: 0.5,
  step: 0.05,
  description: 'Input jitter as a fraction of the radius 6 (0 to 0.5).',
};

/** The parameter specs of the Playground's regression generators: samples, noise, seed. */
export const playgroundRegressionParams: ParamSpec[] = [samplesParam(1000), playgroundNoiseParam, seedParam];

/**
 * TensorFlow Playground's regression data: per point x0, x1 uniform in [−6, 6] and jitter n0, n1
 * uniform in [−6, 6]·noise, drawn in that order; the target is `target(x0, x1, n0, n1)`, computed
 * at the jittered point (the points themselves are not jittered). Shared by `plane` and `gaussian`.
 */
export function playgroundRegression(
  name: string,
  { samples, noise, seed }: PlaygroundRegressionParams,
  target: (x0: number, x1: number, n0: number, n1: number) => number,
): RegressionDataset {
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
    y[i] = target(x0, x1, n0, n1);
  }
  return { task: 'regression', name, x, y, features: 2, targets: 1, params: { samples, noise, seed } };
}
