import { linspace } from '../internal.js';
import { defineDataset, noiseParam, samplesParam, seedParam } from '../params.js';
import { createRng } from '../rng.js';
import type { Dataset } from '../types.js';

export interface SineOptions {
  /** Total points along x0 = linspace(-3π, 3π, samples). Default 2400. */
  samples?: number;
  /** Points per label block; blocks alternate 0, 1, 0, ... Default 200. */
  blockSize?: number;
  /** Std of the Gaussian distance from the curve. Default 0.1. */
  noise?: number;
  /** Mean distance from the curve (the tutorial's + 0.1). Default 0.1. */
  margin?: number;
  /** x0 shift added per block (block index × blockShift). Default 0.3. */
  blockShift?: number;
  seed?: number;
}

type Params = { samples: number; blockSize: number; noise: number; margin: number; blockShift: number; seed: number };

/** make_sine_wave from tutorial 002 (Python 2 integer division for the blocks). */
function build({ samples, blockSize, noise, margin, blockShift, seed }: Params): Dataset {
  const rng = createRng(seed);
  const x0 = linspace(-3 * Math.PI, 3 * Math.PI, samples);
  const x = new Float32Array(samples * 2);
  const y = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const s = Math.sin(x0[i]!);
    // Points sit on the outside of the curve: |N(0, noise) + margin| away from it.
    const offset = Math.abs(rng.normal(0, noise) + margin);
    const block = Math.floor(i / blockSize);
    x[2 * i] = x0[i]! + block * blockShift;
    x[2 * i + 1] = s + Math.sign(s) * offset;
    y[i] = block % 2;
  }
  return { name: 'sine', x, y, features: 2, classes: 2, params: { samples, blockSize, noise, margin, blockShift, seed } };
}

export const sineEntry = defineDataset<Params>({
  name: 'sine',
  title: 'Sine wave',
  description:
    'Tutorial 002 make_sine_wave: points along sin(x0), x0 = linspace(-3π, 3π), pushed away from the curve by |N(0, noise) + margin|; blocks of blockSize consecutive points alternate labels and each block is shifted by blockShift along x0. Rows in order.',
  classes: 2,
  params: [
    samplesParam(2400),
    { name: 'blockSize', type: 'int', default: 200, min: 0, exclusiveMin: true, description: 'Consecutive points per label block.' },
    noiseParam(0.1, 'Std of the Gaussian distance from the curve.'),
    { name: 'margin', type: 'float', default: 0.1, min: 0, step: 0.05, description: 'Mean distance from the curve.' },
    { name: 'blockShift', type: 'float', default: 0.3, step: 0.05, description: 'x0 shift per block index.' },
    seedParam,
  ],
  build,
});

/** Alternating-label blocks along a sine wave (tutorial 002). */
export function sine(o: SineOptions = {}): Dataset {
  return sineEntry.generate({ ...o });
}
