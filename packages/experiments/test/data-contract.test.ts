/**
 * runJob's data contract: standardization fitted on the training rows only and applied to every
 * model input (validation, evaluation, grid), scale warnings without it, validation splits that
 * miss a class (warned), the stratified split, and the metrics.json fields that record it all.
 */
import { asClassification, fitStandardizer, generateDataset, selectRows, takeRows, type Dataset } from '@mlpkit/datasets';
import { getPreset } from '@mlpkit/models';
import { describe, expect, it } from 'vitest';
import { mlpSpec, runJob, scaleWarnings, splitWarnings, type ClassificationJob } from '../src/index.js';

const BACKEND = 'fused';

function scaled(d: Dataset, factors: number[]): Dataset {
  const x = Float32Array.from(d.x, (v, i) => v * factors[i % d.features]!);
  return { ...d, x };
}

function job(train: Dataset, overrides: Partial<ClassificationJob> = {}): ClassificationJob {
  return {
    experiment: null,
    train,
    trainInfo: { name: train.name, params: {}, rows: train.y.length },
    evaluationKind: 'train',
    spec: mlpSpec({ input: train.features, classes: train.classes, hidden: [8], activation: 'tanh' }),
    fit: { epochs: 30, batchSize: 32 },
    seed: 1,
    backend: BACKEND,
    grid: { nx: 11, ny: 11 },
    ...overrides,
  };
}

describe('standardization', () => {
  // moons with features around 1e6 and 1e-3: raw gradient descent stalls; standardized it learns.
  const moons = asClassification(generateDataset('moons', { samples: 400, noise: 0.1, seed: 2 }));
  const big = scaled(moons, [1e6, 1e-3]);

  it('without it, a warning names the problem; with it, the scaled data trains like the original', async () => {
    const raw = await runJob(job(big));
    raw.trainer.dispose();
    expect(raw.metrics.warnings).toEqual([
      'the features are not on a common scale (feature "x0" reaches 2.2e+6 in magnitude; standard deviations range from 5.0e-4 ("x1") to 8.7e+5 ("x0")): the network may train to chance; standardize them (--standardize)',
    ]);
    expect(raw.metrics.preprocessing).toEqual({ standardize: null });
    const std = await runJob(job(big, { preprocessing: { standardize: true } }));
    const plain = await runJob(job(moons, { preprocessing: { standardize: true } }));
    try {
      expect(std.metrics.warnings).toEqual([]);
      expect(std.metrics.accuracy).toBeGreaterThan(0.85);
      expect(std.metrics.accuracy).toBeGreaterThan(raw.metrics.accuracy + 0.1);
      // Standardizing removes the scale: the same run as on the unscaled data, up to float32 rounding.
      expect(std.metrics.accuracy).toBeCloseTo(plain.metrics.accuracy, 1);
    } finally {
      std.trainer.dispose();
      plain.trainer.dispose();
    }
  });

  it('is fitted on the training rows only (after a validation split) and applied to every input', async () => {
    const r = await runJob(job(big, { preprocessing: { standardize: true }, fit: { epochs: 5, validationSplit: 0.25 }, evaluationKind: 'validation' }));
    try {
      const trainRows = takeRows(big, 0, 300);
      const expected = fitStandardizer(trainRows).toJSON();
      expect(r.metrics.preprocessing.standardize).toEqual(expected);
      expect(r.standardizer!.toJSON()).toEqual(expected);
      // The reported predictions are the trainer's on the standardized validation rows.
      const valRaw = takeRows(big, 300);
      const yPred = await r.trainer.predictClasses(r.standardizer!.transform(valRaw.x));
      expect(r.metrics.yPred).toEqual(Array.from(yPred));
      // Plots stay in raw units; the grid spans the raw data and was predicted standardized.
      expect(r.evaluation.x).toEqual(valRaw.x);
      const g = r.grid!;
      expect(g.bounds.xMax).toBeGreaterThan(1e5);
      const gridProbs = await r.trainer.predictGrid({ x: r.standardizer!.transform(g.x) });
      expect(g.probs).toEqual(gridProbs);
      expect(r.metrics.features).toEqual(['x0', 'x1']);
    } finally {
      r.trainer.dispose();
    }
  });

  it('scaleWarnings is quiet for data on a common scale (every generator default)', () => {
    for (const name of ['twospirals', 'circles', 'moons', 'linear', 'sine', 'spiral', 'xor-gauss', 'blobs']) {
      expect(scaleWarnings(asClassification(generateDataset(name, { seed: 0 })), ['x0', 'x1'])).toEqual([]);
    }
    expect(scaleWarnings(scaled(moons, [255, 255]), ['r', 'g'])[0]).toMatch(/^the features are not on a common scale \(feature "[rg]" reaches \d{3} in magnitude\)/);
  });
});

describe('validation splits', () => {
  // spiral: rows ordered by class (all of class 0, then 1, then 2), as in the tutorial.
  const spiral = asClassification(generateDataset('spiral', { samples: 300, seed: 0 }));

  it('the last rows of class-ordered data: warned (stderr and metrics.json)', async () => {
    const r = await runJob(job(spiral, { spec: getPreset('spiral3-ann'), fit: { epochs: 2, validationSplit: 0.2 }, evaluationKind: 'validation' }));
    r.trainer.dispose();
    expect(r.metrics.warnings).toContain(
      'the validation rows (the last 60 rows) hold no rows of classes "0", "1"; the rows look ordered by class: use --validation-split-mode stratified, or shuffle the file',
    );
  });

  it('stratified: each class keeps its share; no warning; the same seed gives the same split', async () => {
    const run = () => runJob(job(spiral, { spec: getPreset('spiral3-ann'), fit: { epochs: 2, validationSplit: 0.2, validationSplitMode: 'stratified' }, evaluationKind: 'validation' }));
    const a = await run();
    const b = await run();
    a.trainer.dispose();
    b.trainer.dispose();
    const counts = [0, 0, 0];
    for (const v of a.metrics.yTrue) counts[v]!++;
    expect(counts).toEqual([20, 20, 20]);
    expect(a.metrics.warnings).toEqual([]);
    expect(a.metrics.yTrue).toEqual(b.metrics.yTrue);
    expect(a.metrics.dataset.evaluation).toMatchObject({ rows: 60, params: { validationSplit: 0.2, validationSplitMode: 'stratified' } });
  });

  it('splitWarnings names classes missing on either side', () => {
    const d = asClassification(generateDataset('blobs', { samples: 90, classes: 3, seed: 0 }));
    const byClass = (k: number) => selectRows(d, Array.from(d.y).flatMap((c, i) => (c === k ? [i] : [])));
    const train = byClass(0);
    const val = byClass(2);
    expect(splitWarnings(train, val, ['a', 'b', 'c'], 'the last 10%')).toEqual([
      'the validation rows (the last 10%) hold class "c" that the training rows lack, so the model never sees it; the rows look ordered by class: use --validation-split-mode stratified, or shuffle the file',
      'the validation rows (the last 10%) hold no rows of class "a"; the rows look ordered by class: use --validation-split-mode stratified, or shuffle the file',
    ]);
  });
});
