/**
 * Regression runs through runJob: scores that equal @mlpkit/metrics on the returned predictions,
 * target standardization mapped back to target units, the prediction surface (a slice through
 * the medians for more than two features), plots and reports, and the errors of mixed tasks.
 */
import { columnMedians, friedman1, generateDataset, isRegression, plane, type RegressionDataset } from '@mlpkit/datasets';
import { meanAbsoluteError, r2Score, regressionReport, rootMeanSquaredError } from '@mlpkit/metrics';
import { describe, expect, it } from 'vitest';
import {
  evaluateRegressor,
  evaluateTrainer,
  jobReportHtml,
  jobReportMarkdown,
  mlpSpec,
  plotNames,
  renderJobPlots,
  runJob,
  targetScaleWarnings,
  type Job,
  type RegressionJobResult,
} from '../src/index.js';

const BACKEND = 'fused';

function regressionJob(train: RegressionDataset, overrides: Partial<Job> = {}): Job {
  return {
    experiment: null,
    train,
    trainInfo: { name: train.name, params: { ...(train.params ?? {}) }, rows: train.y.length },
    evaluationKind: 'train',
    spec: mlpSpec({ input: train.features, task: 'regression', hidden: [16], activation: 'tanh', optimizer: { name: 'adam', learningRate: 0.01 } }),
    fit: { epochs: 60, batchSize: 32 },
    seed: 1,
    backend: BACKEND,
    grid: { nx: 21, ny: 17 },
    ...overrides,
  };
}

async function run(job: Job): Promise<RegressionJobResult> {
  const r = await runJob(job);
  if (r.task !== 'regression') throw new Error('expected a regression result');
  return r;
}

describe('mlpSpec for regression', () => {
  it('a linear output of one unit per target, mean squared error, the mae metric', () => {
    const spec = mlpSpec({ input: 3, task: 'regression', targets: 2, hidden: [8] });
    expect(spec.task).toBe('regression');
    expect(spec.layers.at(-1)).toMatchObject({ units: 2, activation: 'linear' });
    expect(spec.compile.loss).toBe('meanSquaredError');
    expect(spec.compile.metrics).toEqual(['mae']);
    expect(mlpSpec({ input: 2, task: 'regression', hidden: [], loss: 'huber' }).compile.loss).toBe('huber');
    expect(mlpSpec({ input: 2, task: 'regression', hidden: [] }).name).toBe('linear-regression');
    expect(mlpSpec({ input: 2, classes: 2, hidden: [4], features: ['x0^2', 'x1^2'] }).features).toEqual(['x0^2', 'x1^2']);
  });
});

describe('runJob on regression data', () => {
  it('learns the plane (R² ≥ 0.95); the scores are those of @mlpkit/metrics on yTrue/yPred', async () => {
    const data = plane({ samples: 400, noise: 0, seed: 3 });
    const r = await run(regressionJob(data));
    try {
      const m = r.metrics;
      expect(m.task).toBe('regression');
      expect(m.r2).toBeGreaterThanOrEqual(0.95);
      expect(m.yTrue).toEqual(Array.from(data.y));
      expect(m.r2).toBe(r2Score(m.yTrue, m.yPred));
      expect(m.mae).toBe(meanAbsoluteError(m.yTrue, m.yPred));
      expect(m.rmse).toBe(rootMeanSquaredError(m.yTrue, m.yPred));
      expect(m.report).toEqual(regressionReport(m.yTrue, m.yPred, { targetNames: ['y'] }));
      expect(m.targets).toEqual(['y']);
      expect(m.history.loss).toHaveLength(60);
      expect(m.history.mae).toHaveLength(60);
      expect(m.history.val_mae).toEqual([]);
      expect(m.preprocessing).toEqual({ standardize: null, standardizeTarget: null });
      // The surface over the plane: the model's predictions at the grid points.
      expect(r.grid).not.toBeNull();
      const g = r.grid!;
      expect(g.axes).toEqual([0, 1]);
      expect(g.probs).toHaveLength(21 * 17);
      const atGrid = await r.trainer.predict(g.x);
      expect(Array.from(g.probs)).toEqual(Array.from(atGrid));
      // Plain JSON.
      expect(JSON.parse(JSON.stringify(m))).toEqual(m);
      expect(r.schema).toEqual({ task: 'regression', features: ['x0', 'x1'], label: 'y', classNames: [] });
    } finally {
      r.trainer.dispose();
    }
  });

  it('standardizeTarget trains on z-scores and reports in target units (a target around 1e4)', async () => {
    const base = plane({ samples: 300, noise: 0, seed: 4 });
    const big: RegressionDataset = { ...base, y: Float32Array.from(base.y, (v) => 10_000 + 5_000 * v) };
    const r = await run(regressionJob(big, { preprocessing: { standardize: true, standardizeTarget: true } }));
    try {
      const m = r.metrics;
      expect(m.r2).toBeGreaterThan(0.95);
      // Predictions are in target units: near 10,000, not near 0.
      const mean = m.yPred.reduce((a, b) => a + b, 0) / m.yPred.length;
      expect(Math.abs(mean - 10_000)).toBeLessThan(500);
      const st = m.preprocessing.standardizeTarget!;
      expect(st.mean[0]).toBeCloseTo(big.y.reduce((a, b) => a + b, 0) / big.y.length, 0);
      // The trainer itself predicts z-scores; targetStandardizer maps them back.
      const z = await r.trainer.predict(r.standardizer!.transform(big.x.subarray(0, 2 * 5)));
      expect(Array.from(r.targetStandardizer!.inverseTransform(z))).toEqual(m.yPred.slice(0, 5).map(Math.fround));
    } finally {
      r.trainer.dispose();
    }
  });

  it('warns about a large raw target only when it is not standardized', async () => {
    const base = plane({ samples: 100, noise: 0, seed: 4 });
    const big: RegressionDataset = { ...base, y: Float32Array.from(base.y, (v) => 10_000 + 5_000 * v), targetNames: ['price'] };
    const raw = await run(regressionJob(big, { fit: { epochs: 1, batchSize: 32 }, preprocessing: { standardize: true } }));
    raw.trainer.dispose();
    expect(raw.metrics.warnings).toEqual([
      `the target "price" reaches ${Math.max(...Array.from(big.y, Math.abs)).toExponential(1)} in magnitude and is not standardized: a network may train slowly or to a poor fit on raw targets this large; standardize it (--standardize-target)`,
    ]);
    const scaled = await run(regressionJob(big, { fit: { epochs: 1, batchSize: 32 }, preprocessing: { standardize: true, standardizeTarget: true } }));
    scaled.trainer.dispose();
    expect(scaled.metrics.warnings).toEqual([]);
    expect(targetScaleWarnings(Float32Array.of(1, -99.5, 3), ['t'])).toEqual([]);
    expect(targetScaleWarnings(Float32Array.of(1, 2, -250, 3), ['a', 'b'])).toEqual([
      'the target "a" reaches 250 in magnitude and is not standardized: a network may train slowly or to a poor fit on raw targets this large; standardize it (--standardize-target)',
    ]);
  });

  it('more than two features: the surface is a slice through the training medians of the others', async () => {
    const data = friedman1({ samples: 300, features: 5, noise: 0, seed: 2 });
    const r = await run(regressionJob(data, { plotFeatures: [3, 1], fit: { epochs: 5, batchSize: 32 }, preprocessing: { standardize: true } }));
    try {
      const g = r.grid!;
      expect(g.axes).toEqual([3, 1]);
      const medians = Array.from(columnMedians(data));
      expect(g.fixed).toEqual(medians.map((v, k) => (k === 3 || k === 1 ? Number.NaN : v)));
      // Row j·nx + i of the slice: feature 3 and 1 vary, the others are the medians.
      const p = 7;
      const input = new Float32Array(5);
      for (let k = 0; k < 5; k++) input[k] = medians[k]!;
      input[3] = g.x[2 * p]!;
      input[1] = g.x[2 * p + 1]!;
      const [v] = await r.trainer.predict(r.standardizer!.transform(input));
      expect(g.probs[p]).toBe(v);
      const plots = renderJobPlots(r);
      expect(plots.surface).toContain('a slice: 3 other features held at their training medians');
      expect(plots.surface).toContain('>x3<');
    } finally {
      r.trainer.dispose();
    }
    await expect(runJob(regressionJob(data, { plotFeatures: [0, 9], fit: { epochs: 1 } }))).rejects.toThrow('plotFeatures must be two different feature indices in 0..4, got 0, 9');
  });

  it('a validation split holds out the last rows; stratified has no meaning without classes', async () => {
    const data = plane({ samples: 200, seed: 5 });
    const r = await run(regressionJob(data, { evaluationKind: 'validation', fit: { epochs: 3, validationSplit: 0.25 } }));
    try {
      expect(r.metrics.evaluatedOn).toBe('validation');
      expect(r.metrics.yTrue).toEqual(Array.from(data.y.subarray(150)));
      expect(r.metrics.history.val_loss).toHaveLength(3);
      expect(r.metrics.history.val_mae).toHaveLength(3);
    } finally {
      r.trainer.dispose();
    }
    await expect(runJob(regressionJob(data, { evaluationKind: 'validation', fit: { epochs: 1, validationSplit: 0.25, validationSplitMode: 'stratified' } }))).rejects.toThrow(
      "validation split mode 'stratified' keeps each class's share; a regression target has no classes",
    );
  });

  it('plots and reports: surface, history (loss and mae), predicted vs actual, residuals', async () => {
    const r = await run(regressionJob(plane({ samples: 200, seed: 6 }), { fit: { epochs: 4 } }));
    try {
      const plots = renderJobPlots(r);
      expect(Object.keys(plots).sort()).toEqual([...plotNames('regression')].sort());
      for (const svg of Object.values(plots)) expect(svg).toMatch(/^<svg /);
      expect(plots.predicted).toContain('predicted vs actual y');
      const md = jobReportMarkdown(r);
      expect(md).toContain('## Regression report (train)');
      expect(md).toContain(`R² ${r.metrics.r2.toFixed(4)}`);
      expect(md).toContain('![residuals](residuals.svg)');
      const html = jobReportHtml(r);
      expect(html).toContain('<h2>Regression report (train)</h2>');
      expect(html).not.toContain('Confusion');
    } finally {
      r.trainer.dispose();
    }
  });

  it('refuses a classifier spec on regression data and mixed tasks, naming the fix', async () => {
    const data = plane({ samples: 50, seed: 7 });
    await expect(runJob({ ...regressionJob(data), spec: mlpSpec({ input: 2, classes: 2, hidden: [4] }) })).rejects.toThrow(
      'the data has numeric targets (a regression dataset) but the model is a classifier',
    );
    const moons = generateDataset('moons', { samples: 50, seed: 1 });
    expect(isRegression(moons)).toBe(false);
    await expect(runJob(regressionJob(data, { evaluation: moons, evaluationKind: 'test' }))).rejects.toThrow(
      'the test data has class labels but the training data has numeric targets',
    );
    await expect(runJob(regressionJob(data, { fit: { epochs: 1, stopAtAccuracy: 1 } }))).rejects.toThrow('stopAtAccuracy applies to classifiers');
  });
});

describe('evaluation helpers', () => {
  it('evaluateRegressor refuses non-finite predictions, naming the row', async () => {
    const trainer = { predict: async (x: Float32Array) => Float32Array.from(x, (v, i) => (i === 2 ? Number.POSITIVE_INFINITY : v)) };
    await expect(evaluateRegressor(trainer, { x: new Float32Array([1, 2, 3]), y: new Float32Array([1, 2, 3]) })).rejects.toThrow(
      "the model's prediction for row 3 is Infinity (not finite)",
    );
  });

  it("evaluateTrainer's report follows sklearn's default labels: a class absent from yTrue and yPred has no row", async () => {
    // sklearn 1.2: classification_report([0,0,2,2], [0,2,2,2]) → macro avg precision 0.8333, recall 0.75, f1 0.7333
    const trainer = { predictClasses: async () => new Int32Array([0, 2, 2, 2]) };
    const e = await evaluateTrainer(trainer, { x: new Float32Array(8), y: new Int32Array([0, 0, 2, 2]) }, { classes: 3, classNames: ['a', 'b', 'c'] });
    expect(e.report.classes.map((c) => c.label)).toEqual(['a', 'c']);
    expect(e.report.macroAvg.precision).toBeCloseTo(0.8333, 4);
    expect(e.report.macroAvg.recall).toBeCloseTo(0.75, 4);
    expect(e.report.macroAvg.f1).toBeCloseTo(0.7333, 4);
    // The confusion matrix keeps every class of the model.
    expect(e.confusionMatrix).toEqual([
      [1, 0, 1],
      [0, 0, 0],
      [0, 0, 2],
    ]);
  });
});

describe('classification with more than two features', () => {
  it('the decision boundary is a slice over two chosen features, the others at their training medians', async () => {
    const blobs4 = generateDataset('blobs', { samples: 300, classes: 3, seed: 4 });
    // Four features: the two of blobs and two noise columns.
    const d = blobs4 as import('@mlpkit/datasets').Dataset;
    const x = new Float32Array(d.y.length * 4);
    for (let i = 0; i < d.y.length; i++) {
      x[4 * i] = d.x[2 * i]!;
      x[4 * i + 1] = (i % 7) / 7;
      x[4 * i + 2] = d.x[2 * i + 1]!;
      x[4 * i + 3] = (i % 5) / 5;
    }
    const wide = { ...d, x, features: 4, featureNames: ['a', 'noise1', 'b', 'noise2'] };
    const r = await runJob({
      experiment: null,
      train: wide,
      trainInfo: { name: 'blobs4', params: {}, rows: d.y.length },
      evaluationKind: 'train',
      spec: mlpSpec({ input: 4, classes: 3, hidden: [8] }),
      fit: { epochs: 20 },
      seed: 1,
      backend: BACKEND,
      grid: { nx: 11, ny: 11 },
      plotFeatures: [0, 2],
    });
    try {
      expect(r.task).toBe('classification');
      expect(r.grid?.axes).toEqual([0, 2]);
      expect(r.grid?.fixed).toEqual([Number.NaN, Array.from(columnMedians(wide))[1], Number.NaN, Array.from(columnMedians(wide))[3]]);
      expect(r.grid?.probs).toHaveLength(11 * 11 * 3);
      const plots = renderJobPlots(r);
      expect(plots.boundary).toContain('(a slice: 2 other features held at their training medians)');
      expect(plots.data).toContain('a vs b of 4 features');
      expect(plots.boundary).toContain('>a</text>');
      expect(plots.boundary).toContain('>b</text>');
    } finally {
      r.trainer.dispose();
    }
  });
});
