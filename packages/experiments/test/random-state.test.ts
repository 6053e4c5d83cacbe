/**
 * The tutorials' exact data: experiments whose tutorial fixed a random_state draw it from NumPy's
 * RandomState by default; `randomState` in the run options draws every NumPy-capable dataset from
 * RandomState(N), test sets continuing the training stream as the tutorials' code did.
 */
import { circles, linear, moons, RandomState, twoSpirals, xorGauss } from '@mlpkit/datasets';
import { describe, expect, it } from 'vitest';
import { buildExperimentJob, getExperiment, supportsRandomState } from '../src/index.js';

describe('experiments on the tutorials\' exact data', () => {
  it('002\'s datasets use the tutorial\'s random_state for every run seed', () => {
    for (const seed of [0, 5]) {
      expect(buildExperimentJob(getExperiment('linear-logreg'), { seed }).train).toEqual(linear({ samples: 1000, randomState: 7 }));
      expect(buildExperimentJob(getExperiment('moons-ann'), { seed }).train).toEqual(moons({ samples: 1000, noise: 0.05, randomState: 0 }));
      expect(buildExperimentJob(getExperiment('circles-logreg'), { seed }).train).toEqual(circles({ samples: 1000, noise: 0.05, factor: 0.3, randomState: 0 }));
    }
    expect(buildExperimentJob(getExperiment('linear-logreg')).trainInfo.params).toMatchObject({ samples: 1000, randomState: 7 });
  });

  it('experiments without one keep the run seed (seedrandom) unless a random state is given', () => {
    const a = buildExperimentJob(getExperiment('spirals-3x12'), { seed: 1 });
    const b = buildExperimentJob(getExperiment('spirals-3x12'), { seed: 2 });
    expect(a.train.x).not.toEqual(b.train.x);
    expect(a.trainInfo.params).toMatchObject({ seed: 1 });
  });

  it('randomState N: 000\'s test set continues the training stream (np.random.seed(N); train; test)', () => {
    const job = buildExperimentJob(getExperiment('spirals-3x12'), { seed: 3, randomState: 11 });
    const rs = new RandomState(11);
    const train = twoSpirals({ samples: 2000, noise: 0.5, randomState: rs });
    const test = twoSpirals({ samples: 2000, noise: 0.5, randomState: rs });
    expect(job.train.x).toEqual(train.x);
    expect(job.train.y).toEqual(train.y);
    expect(job.trainInfo.params).toMatchObject({ randomState: 11 });
    expect(job.evaluation!.x).toEqual(test.x);
    expect(job.evaluation!.y).toEqual(test.y);
    expect(job.evaluationInfo!.params).toMatchObject({ randomState: 11, continuesStream: true });
    expect(job.evaluation!.x).not.toEqual(job.train.x);
  });

  it('randomState N: 003\'s test rows are the rows after the training rows of one randn draw', () => {
    const job = buildExperimentJob(getExperiment('xor-gauss'), { randomState: 4 });
    const all = xorGauss({ samples: 15000, randomState: 4 });
    expect(job.train.x).toEqual(all.x.subarray(0, 20000));
    expect(job.evaluation!.x).toEqual(all.x.subarray(20000));
    expect(Array.from(job.evaluation!.y)).toEqual(Array.from(all.y.subarray(10000)));
  });

  it('randomState overrides the tutorial\'s; datasets without a NumPy generator are unaffected', () => {
    expect(buildExperimentJob(getExperiment('linear-logreg'), { randomState: 8 }).train).toEqual(linear({ samples: 1000, randomState: 8 }));
    expect(supportsRandomState('sine')).toBe(false);
    expect(buildExperimentJob(getExperiment('sine-ann'), { seed: 2, randomState: 8 }).train).toEqual(buildExperimentJob(getExperiment('sine-ann'), { seed: 2 }).train);
  });
});
