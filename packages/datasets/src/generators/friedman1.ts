import { numpyState } from '../internal.js';
import { defineDataset, randomStateParam, samplesParam, seedParam } from '../params.js';
import { RandomState } from '../random-state.js';
import { createRng } from '../rng.js';
import type { RegressionDataset } from '../types.js';

export interface Friedman1Options {
  /** Rows. Default 100 (scikit-learn's). */
  samples?: number;
  /** Features, ≥ 5; only the first five enter the target. Default 10. */
  features?: number;
  /** Std of the Gaussian noise added to the target. Default 0. */
  noise?: number;
  seed?: number;
  /**
   * scikit-learn's `random_state`: an integer in [0, 2³² − 1] (or a RandomState, advanced in
   * place) gives exactly `make_friedman1(samples, n_features=features, noise=noise,
   * random_state=randomState)` of scikit-learn 1.2, rounded to float32. Default −1: not set.
   */
  randomState?: number | RandomState;
}

type Params = { samples: number; features: number; noise: number; seed: number; randomState: number };

/** Friedman #1: 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 (in float64). */
export function friedman1Target(row: ArrayLike<number>): number {
  return 10 * Math.sin(Math.PI * row[0]! * row[1]!) + 20 * (row[2]! - 0.5) ** 2 + 10 * row[3]! + 5 * row[4]!;
}

/**
 * scikit-learn 1.2's make_friedman1: X = uniform(size=(n, d)) (row-major draws), then
 * y = friedman1(X) + noise · standard_normal(size=n). With a seed, the same on mlpkit's stream.
 */
function build(p: Params, given?: RandomState): RegressionDataset {
  const { samples: n, features: d, noise } = p;
  const rs = numpyState(p.randomState, given);
  const rng = rs ? undefined : createRng(p.seed);
  const uniform = rs ? () => rs.randomSample() : () => rng!.uniform();
  const normal = rs ? () => rs.standardNormal() : () => rng!.normal();
  const x64 = new Float64Array(n * d);
  for (let k = 0; k < x64.length; k++) x64[k] = uniform();
  const y = new Float32Array(n);
  // sklearn draws the noise after all of X, for every row (also for noise 0).
  for (let i = 0; i < n; i++) y[i] = friedman1Target(x64.subarray(i * d, i * d + 5)) + noise * normal();
  const params: Record<string, number | boolean | string> = given ? { samples: n, features: d, noise, randomState: 'instance' } : rs ? { samples: n, features: d, noise, randomState: p.randomState } : { samples: n, features: d, noise, seed: p.seed };
  return { task: 'regression', name: 'friedman1', x: Float32Array.from(x64), y, features: d, targets: 1, params };
}

export const friedman1Entry = defineDataset<Params, RegressionDataset>({
  name: 'friedman1',
  title: 'Friedman #1 (regression)',
  description:
    "scikit-learn make_friedman1: features uniform in [0, 1], target 10 sin(π x0 x1) + 20 (x2 - 0.5)^2 + 10 x3 + 5 x4 + noise·N(0, 1); the other features are irrelevant. randomState ≥ 0 gives scikit-learn 1.2's exact data.",
  task: 'regression',
  classes: 0,
  targets: 1,
  params: [
    samplesParam(100),
    { name: 'features', type: 'int', default: 10, min: 5, description: 'Number of features (at least 5; only the first five matter).' },
    { name: 'noise', type: 'float', default: 0, min: 0, description: 'Std of the Gaussian noise added to the target.' },
    seedParam,
    randomStateParam,
  ],
  build: (p, given) => build(p, given),
});

/** scikit-learn's make_friedman1 (10 features, 5 informative by default). */
export function friedman1(o: Friedman1Options = {}): RegressionDataset {
  const { randomState, ...rest } = o;
  if (randomState instanceof RandomState) return build(friedman1Entry.parseParams(rest) as Params, randomState);
  return friedman1Entry.generate({ ...o });
}
