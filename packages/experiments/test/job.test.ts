import { asClassification, generateDataset, type Dataset } from '@mlpkit/datasets';
import { accuracy, confusionMatrix } from '@mlpkit/metrics';
import { getPreset, type ModelSpec } from '@mlpkit/models';
import { describe, expect, it } from 'vitest';
import {
  buildExperimentJob,
  getExperiment,
  jobMetrics,
  judgeExperiment,
  runExperiment,
  runJob,
  summarizeSeeds,
  type ClassificationJob,
  type MetricsJson,
} from '../src/index.js';

const BACKEND = 'fused';

function moonsJob(overrides: Partial<ClassificationJob> = {}): ClassificationJob {
  const train = asClassification(generateDataset('moons', { samples: 200, noise: 0.1, seed: 1 }));
  return {
    experiment: null,
    train,
    trainInfo: { name: 'moons', params: { ...train.params }, rows: 200 },
    evaluationKind: 'train',
    spec: getPreset('moons-ann'),
    fit: { epochs: 6, batchSize: 32 },
    seed: 3,
    backend: BACKEND,
    grid: { nx: 11, ny: 9 },
    ...overrides,
  };
}

/** Asserts every field of the metrics.json contract (issue 5) with its type and length. */
function expectMetricsContract(m: MetricsJson, o: { evalRows: number; classes: number; withVal: boolean }): void {
  expect(Object.keys(m)).toEqual(
    expect.arrayContaining(['experiment', 'backend', 'seed', 'dataset', 'spec', 'epochs', 'history', 'evaluatedOn', 'accuracy', 'report', 'confusionMatrix', 'yTrue', 'yPred', 'trainMs']),
  );
  expect(typeof m.backend).toBe('string');
  expect(Number.isInteger(m.seed)).toBe(true);
  expect(typeof m.dataset.name).toBe('string');
  expect(typeof m.dataset.params).toBe('object');
  expect(m.spec.layers.length).toBeGreaterThan(0);
  expect(Number.isInteger(m.epochs)).toBe(true);
  for (const key of ['loss', 'accuracy'] as const) expect(m.history[key]).toHaveLength(m.epochs);
  for (const key of ['val_loss', 'val_accuracy'] as const) expect(m.history[key]).toHaveLength(o.withVal ? m.epochs : 0);
  expect(['test', 'validation', 'train']).toContain(m.evaluatedOn);
  expect(m.yTrue).toHaveLength(o.evalRows);
  expect(m.yPred).toHaveLength(o.evalRows);
  // accuracy, report and confusion matrix are all about yTrue/yPred (reference computation).
  expect(m.accuracy).toBe(accuracy(m.yTrue, m.yPred));
  expect(m.confusionMatrix).toEqual(confusionMatrix(m.yTrue, m.yPred, { classes: o.classes }));
  expect(m.report.classes).toHaveLength(o.classes);
  expect(m.report.accuracy).toBe(m.accuracy);
  expect(m.report.support).toBe(o.evalRows);
  expect(m.trainMs).toBeGreaterThanOrEqual(0);
  // It is plain JSON: a round trip changes nothing.
  expect(JSON.parse(JSON.stringify(m))).toEqual(m);
}

describe('runJob', () => {
  it('trains and evaluates on the training data, with every metrics.json field', async () => {
    const result = await runJob(moonsJob());
    try {
      expectMetricsContract(result.metrics, { evalRows: 200, classes: 2, withVal: false });
      expect(result.metrics.evaluatedOn).toBe('train');
      expect(result.metrics.experiment).toBeNull();
      expect(result.metrics.backend).toBe(BACKEND);
      expect(result.metrics.epochs).toBe(6);
      expect(result.metrics.yTrue).toEqual(Array.from(result.train.y));
      expect(result.metrics.epochsTo100).toBeUndefined();
      // The grid: nx*ny points over the data, one sigmoid output each, all probabilities.
      expect(result.grid!.x).toHaveLength(11 * 9 * 2);
      expect(result.grid!.probs).toHaveLength(11 * 9);
      expect(result.grid!.outputs).toBe(1);
      expect(Array.from(result.grid!.probs).every((p) => p >= 0 && p <= 1)).toBe(true);
    } finally {
      result.trainer.dispose();
    }
  });

  it('holds out the last rows with validationSplit, shows val curves and evaluates on them', async () => {
    const job = moonsJob({ evaluationKind: 'validation', fit: { epochs: 4, batchSize: 16, validationSplit: 0.25 } });
    const result = await runJob(job);
    try {
      expectMetricsContract(result.metrics, { evalRows: 50, classes: 2, withVal: true });
      expect(result.metrics.evaluatedOn).toBe('validation');
      expect(result.metrics.yTrue).toEqual(Array.from(job.train.y.subarray(150)));
      expect(result.train.y.length).toBe(150);
      // The last epoch's val accuracy is the final model on the same rows.
      expect(result.metrics.history.val_accuracy.at(-1)).toBeCloseTo(result.metrics.accuracy, 6);
    } finally {
      result.trainer.dispose();
    }
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const strip = (m: MetricsJson) => ({ ...m, trainMs: 0 });
    const a = await runJob(moonsJob({ grid: false }));
    const b = await runJob(moonsJob({ grid: false }));
    const c = await runJob(moonsJob({ grid: false, seed: 4 }));
    try {
      expect(strip(a.metrics)).toEqual(strip(b.metrics));
      expect(c.metrics.history.loss).not.toEqual(a.metrics.history.loss);
      expect(a.grid).toBeNull();
    } finally {
      for (const r of [a, b, c]) r.trainer.dispose();
    }
  });

  it('rejects bad jobs as invalid input', async () => {
    await expect(runJob(moonsJob({ fit: { epochs: -1 } }))).rejects.toMatchObject({
      code: 'MLPKIT_INVALID_INPUT',
      message: 'epochs must be a non-negative integer, got -1',
    });
    await expect(runJob(moonsJob({ evaluationKind: 'test' }))).rejects.toThrowError(
      'evaluation on "test" needs an evaluation dataset or a validation split',
    );
    const threeClasses: Dataset = asClassification(generateDataset('blobs', { samples: 90, classes: 3, seed: 0 }));
    await expect(
      runJob(moonsJob({ train: threeClasses, trainInfo: { name: 'blobs', params: {}, rows: 90 } })),
    ).rejects.toMatchObject({ code: 'MLPKIT_INVALID_INPUT' });
  });

  it('reports a K-class softmax model with K-wide grid outputs', async () => {
    const train = asClassification(generateDataset('spiral', { samples: 150, classes: 3, seed: 2 }));
    const spec: ModelSpec = getPreset('spiral3-softmax');
    const result = await runJob(moonsJob({ train, trainInfo: { name: 'spiral', params: {}, rows: 150 }, spec }));
    try {
      expectMetricsContract(result.metrics, { evalRows: 150, classes: 3, withVal: false });
      expect(result.grid!.outputs).toBe(3);
      expect(result.classNames).toEqual(['0', '1', '2']);
    } finally {
      result.trainer.dispose();
    }
  });
});

describe('runExperiment', () => {
  it('xor-table-16 stops at 100% training accuracy and reports epochsTo100', async () => {
    const result = await runExperiment(getExperiment('xor-table-16'), { seed: 0, backend: BACKEND });
    try {
      const m = result.metrics;
      expectMetricsContract(m, { evalRows: 4, classes: 2, withVal: false });
      expect(m.experiment).toBe('xor-table-16');
      expect(typeof m.epochsTo100).toBe('number');
      expect(m.epochs).toBe(m.epochsTo100);
      expect(m.history.accuracy.at(-1)).toBe(1);
      expect(m.history.accuracy.slice(0, -1).every((a) => a < 1)).toBe(true);
      expect(m.accuracy).toBe(1);
      expect(m.yTrue).toEqual([0, 1, 1, 0]);
    } finally {
      result.trainer.dispose();
    }
  });

  it('circles5k trains on rows 0-4000 and validates on rows 4000-5000', async () => {
    const def = getExperiment('circles5k-logreg');
    const job = buildExperimentJob(def, { seed: 1, backend: BACKEND });
    expect(job.train.y.length).toBe(4000);
    expect(job.evaluation!.y.length).toBe(1000);
    expect(job.evaluationKind).toBe('validation');
    const result = await runExperiment(def, { seed: 1, backend: BACKEND, grid: false });
    try {
      expectMetricsContract(result.metrics, { evalRows: 1000, classes: 2, withVal: true });
      expect(result.metrics.epochs).toBe(1);
      expect(result.metrics.yTrue).toEqual(Array.from(job.evaluation!.y));
      // metrics.json counts the rows each part really has.
      expect(result.metrics.dataset).toMatchObject({ name: 'circles', rows: 4000, params: { samples: 5000, rows: '0-4000' } });
      expect(result.metrics.dataset.evaluation).toMatchObject({ name: 'circles', rows: 1000, params: { rows: '4000-5000' } });
    } finally {
      result.trainer.dispose();
    }
  });
});

describe('epochsTo100', () => {
  it('a run on xor-table without a stop criterion reports the first epoch at 100%, as the stopping run does', async () => {
    const train = asClassification(generateDataset('xor-table', {}));
    const stopping = await runExperiment(getExperiment('xor-table-16'), { seed: 0, backend: BACKEND, grid: false });
    const free = await runJob({
      experiment: null,
      train,
      trainInfo: { name: 'xor-table', params: {}, rows: 4 },
      evaluationKind: 'train',
      spec: getPreset('xor-table-16'),
      fit: { epochs: 250, batchSize: 32 },
      seed: 0,
      backend: BACKEND,
      grid: false,
    });
    try {
      expect(free.metrics.epochs).toBe(250);
      const first = free.metrics.history.accuracy.findIndex((a) => a >= 1) + 1;
      expect(first).toBeGreaterThan(0);
      expect(free.metrics.epochsTo100).toBe(first);
      // Same seed, same spec, same data: the same trajectory up to the stopping run's last epoch.
      expect(free.metrics.epochsTo100).toBe(stopping.metrics.epochsTo100);
    } finally {
      stopping.trainer.dispose();
      free.trainer.dispose();
    }
  });

  it('jobMetrics gives null when 100% was never reached, and no field for other data', async () => {
    const result = await runJob(moonsJob({ grid: false, fit: { epochs: 2 } }));
    try {
      const base = {
        experiment: null,
        backend: result.metrics.backend,
        seed: 3,
        evaluatedOn: 'train' as const,
        spec: result.metrics.spec,
        history: result.history,
        scores: { ...result.metrics },
        trainMs: 1.234,
      };
      const onMoons = jobMetrics({ ...base, trainInfo: { name: 'moons', params: {}, rows: 200 } });
      expect(onMoons.epochsTo100).toBeUndefined();
      // The same object runJob built, key for key (scores given as a wider object add nothing).
      expect(Object.keys(onMoons)).toEqual(Object.keys(result.metrics));
      expect({ ...onMoons, trainMs: 0 }).toEqual({ ...result.metrics, trainMs: 0, dataset: onMoons.dataset });
      expect(onMoons.trainMs).toBe(1.2);
      const history = { ...result.history, accuracy: [0.5, 0.75] };
      expect(jobMetrics({ ...base, history, trainInfo: { name: 'xor-table', params: {}, rows: 4 } }).epochsTo100).toBeNull();
      expect(jobMetrics({ ...base, history, stopAtAccuracy: 1, trainInfo: { name: 'moons', params: {}, rows: 200 } }).epochsTo100).toBeNull();
    } finally {
      result.trainer.dispose();
    }
  });
});

describe('seed summaries', () => {
  it('summarizeSeeds gives median, range and count of the finite values', () => {
    expect(summarizeSeeds([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(summarizeSeeds([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(summarizeSeeds([5, Number.NaN])).toEqual({ median: 5, min: 5, max: 5, n: 1 });
    expect(summarizeSeeds([]).n).toBe(0);
  });

  it('judgeExperiment counts agreeing seeds and summarises the measured metric', () => {
    const def = getExperiment('xor-table-16');
    const run = (seed: number, epochsTo100: number | null) => ({
      seed,
      metrics: { accuracy: epochsTo100 === null ? 0.75 : 1, epochs: epochsTo100 ?? 2000, epochsTo100, evaluatedOn: 'train', history: { val_accuracy: [] } } as unknown as MetricsJson,
    });
    const verdict = judgeExperiment(def, [run(0, 40), run(1, 60), run(2, null), run(3, 100)]);
    expect(verdict.values).toEqual([40, 60, null, 100]);
    expect(verdict.summary).toEqual({ median: 60, min: 40, max: 100, n: 3 });
    expect(verdict.agreeing).toBe(3);
    expect(verdict.agrees).toBe(true);
    expect(verdict.measuredText).toBe('epoch median 60 (40–100), n=3, 1 not reached');
    expect(judgeExperiment(def, [run(0, null)]).agrees).toBe(false);
  });
});
