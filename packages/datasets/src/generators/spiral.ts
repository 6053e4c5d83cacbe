import { linspace } from '../internal.js';
import { defineDataset, noiseParam, samplesParam, seedParam } from '../params.js';
import { createRng } from '../rng.js';
import type { Dataset } from '../types.js';

export interface SpiralOptions {
  /** Total points = classes × points per class; must be divisible by classes. Default 1500. */
  samples?: number;
  /** Number of spiral arms (classes). Default 3. */
  classes?: number;
  /** Std of the Gaussian noise on the angle. Default 0.2. */
  noise?: number;
  seed?: number;
}

type Params = { samples: number; classes: number; noise: number; seed: number };

/** The CS231n K-class spiral (tutorial 002's make_multiclass). Rows grouped by class. */
function build({ samples, classes, noise, seed }: Params): Dataset {
  const rng = createRng(seed);
  const perClass = samples / classes;
  const radius = linspace(0, 1, perClass);
  const x = new Float32Array(samples * 2);
  const y = new Int32Array(samples);
  for (let j = 0; j < classes; j++) {
    const angle = linspace(4 * j, 4 * (j + 1), perClass);
    for (let i = 0; i < perClass; i++) {
      const r = j * perClass + i;
      const t = angle[i]! + noise * rng.normal();
      x[2 * r] = radius[i]! * Math.sin(t);
      x[2 * r + 1] = radius[i]! * Math.cos(t);
      y[r] = j;
    }
  }
  return { name: 'spiral', x, y, features: 2, classes, params: { samples, classes, noise, seed } };
}

export const spiralEntry = defineDataset<Params>({
  name: 'spiral',
  title: 'K-class spiral',
  description:
    'CS231n spiral (tutorial 002 make_multiclass): class j has r = linspace(0, 1, N) and angle linspace(4j, 4(j+1), N) + noise·N(0, 1), point (r sin t, r cos t). Rows grouped by class.',
  classes: 'param',
  params: [
    samplesParam(1500, 'Total points; must be divisible by classes.'),
    { name: 'classes', type: 'int', default: 3, min: 2, max: 10, description: 'Number of spiral arms.' },
    noiseParam(0.2, 'Std of the Gaussian noise on the angle.'),
    seedParam,
  ],
  check: ({ samples, classes }) =>
    samples % classes === 0 ? undefined : `samples must be divisible by classes (${classes}), got ${samples}`,
  build,
});

/** K-class spiral, `samples / classes` points per class. */
export function spiral(o: SpiralOptions = {}): Dataset {
  return spiralEntry.generate({ ...o });
}
