import { generateTyped, numpyState, recordedParams } from '../internal.js';
import { defineDataset, noiseParam, randomStateParam, samplesParam, seedParam } from '../params.js';
import type { RandomState } from '../random-state.js';
import { createRng } from '../rng.js';
import type { Dataset } from '../types.js';

export interface TwoSpiralsOptions {
  /** Total points (even): n per spiral = samples / 2. Default 2000 = the tutorial's twospirals(1000). */
  samples?: number;
  /** Upper bound of the *uniform* noise [0, noise) added to each coordinate of spiral A. Default 0.5. */
  noise?: number;
  seed?: number;
  /**
   * NumPy seed: an integer in [0, 2³² − 1] gives exactly the tutorial's
   * `np.random.seed(randomState); twospirals(samples / 2, noise)` (rounded to float32); a
   * RandomState continues its stream, as the tutorial's second call for the test set does.
   * `seed` is then ignored. Default −1: not set.
   */
  randomState?: number | RandomState;
}

type Params = { samples: number; noise: number; seed: number; randomState: number };

// Tutorial 000: t = sqrt(U) * 780° (in radians).
const MAX_ANGLE = (780 * 2 * Math.PI) / 360;

/** Spiral A is (ax, ay); B is −A point for point, label 1. */
function assemble(ax: Float64Array, ay: Float64Array): { x: Float32Array; y: Int32Array } {
  const n = ax.length;
  const x = new Float32Array(4 * n);
  const y = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = ax[i]!;
    x[2 * i + 1] = ay[i]!;
    x[2 * (n + i)] = -ax[i]!;
    x[2 * (n + i) + 1] = -ay[i]!;
    y[n + i] = 1;
  }
  return { x, y };
}

/**
 * Tutorial 000's NumPy code on a RandomState:
 * `n = sqrt(rand(N, 1)) * 780 * (2π) / 360; d1x = -cos(n)·n + rand(N, 1)·noise;
 * d1y = sin(n)·n + rand(N, 1)·noise`, evaluated left to right as Python does.
 */
function buildNumpy({ samples, noise }: Params, rs: RandomState): { x: Float32Array; y: Int32Array } {
  const n = samples / 2;
  const t = rs.rand(n);
  for (let i = 0; i < n; i++) t[i] = (Math.sqrt(t[i]!) * 780 * (2 * Math.PI)) / 360;
  const ax = rs.rand(n);
  for (let i = 0; i < n; i++) ax[i] = -Math.cos(t[i]!) * t[i]! + ax[i]! * noise;
  const ay = rs.rand(n);
  for (let i = 0; i < n; i++) ay[i] = Math.sin(t[i]!) * t[i]! + ay[i]! * noise;
  return assemble(ax, ay);
}

function buildSeeded({ samples, noise, seed }: Params): { x: Float32Array; y: Int32Array } {
  const rng = createRng(seed);
  const n = samples / 2;
  // Same draw order as the tutorial: all angles, then all x noise, then all y noise.
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = Math.sqrt(rng.uniform()) * MAX_ANGLE;
  const ax = new Float64Array(n);
  for (let i = 0; i < n; i++) ax[i] = -Math.cos(t[i]!) * t[i]! + rng.uniform() * noise;
  const ay = new Float64Array(n);
  for (let i = 0; i < n; i++) ay[i] = Math.sin(t[i]!) * t[i]! + rng.uniform() * noise;
  return assemble(ax, ay);
}

function build(p: Params, given?: RandomState): Dataset {
  const rs = numpyState(p.randomState, given);
  const { x, y } = rs ? buildNumpy(p, rs) : buildSeeded(p);
  return { name: 'twospirals', x, y, features: 2, classes: 2, params: recordedParams(p, given) };
}

export const twoSpiralsEntry = defineDataset<Params>({
  name: 'twospirals',
  title: 'Two spirals',
  description:
    'Two interleaved spirals (tutorial 000). Spiral A gets uniform [0, noise) noise per coordinate; spiral B is -A point for point. Rows: A (label 0) then B (label 1). randomState ≥ 0 gives the tutorial\'s NumPy data after np.random.seed(randomState).',
  classes: 2,
  params: [
    { ...samplesParam(2000, 'Total points, split evenly between the two spirals.'), step: 2 },
    noiseParam(0.5, 'Width of the uniform noise [0, noise) on each coordinate.'),
    seedParam,
    randomStateParam,
  ],
  build: (p, given) => build(p, given),
});

/** The tutorial-000 two-spirals data: `samples/2` points per spiral, B = -A; `x` float32 `samples × 2`. */
export function twoSpirals(o: TwoSpiralsOptions = {}): Dataset {
  return generateTyped<Params>(twoSpiralsEntry, o, build);
}
