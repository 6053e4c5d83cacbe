/** The data worker's preparation (data.ts): splits, small-data fallbacks, caps and messages. */
import { fitStandardizer, generateDataset, getDataset, type Dataset } from '@mlpkit/datasets';
import { TEST_SEED_OFFSET } from '@mlpkit/experiments';
import { describe, expect, it } from 'vitest';
import { readUpload } from '../src/csv.js';
import { DataError, GRID_SIZE, HEAT_GRID_SIZE, prepareData } from '../src/data.js';
import { cloneState, DEFAULT_STATE, defaultParams, type AppState } from '../src/state.js';

function stateOf(dataset: string, params: Record<string, number | boolean> = {}, over: Partial<AppState> = {}): AppState {
  const state = cloneState(DEFAULT_STATE);
  state.dataset = dataset;
  state.datasetParams = { ...defaultParams(getDataset(dataset)), ...params };
  return Object.assign(state, over);
}

describe('prepareData', () => {
  it('holds out a stratified share and grids the plane twice (boundary and heatmaps) over the same bounds', () => {
    const data = prepareData(stateOf('moons', { samples: 1000 }, { validation: 0.3 }), null);
    expect(data.train.y.length).toBe(700);
    expect(data.validation!.y.length).toBe(300);
    expect(data.evaluatedOn).toBe('validation');
    expect([data.grid.nx, data.heatGrid.nx]).toEqual([GRID_SIZE, HEAT_GRID_SIZE]);
    expect(data.heatGrid.bounds).toEqual(data.grid.bounds);
    expect(data.evaluationInfo).toEqual({ name: 'moons', params: { ...data.trainInfo.params, holdout: 0.3 }, rows: 300 });
    expect(data.note).toBeNull();
  });

  it('trains and evaluates on all four points of the hand-picked XOR truth table', () => {
    const data = prepareData(stateOf('xor-table'), null);
    expect(data.train.y.length).toBe(4);
    expect(data.validation).toBeNull();
    expect(data.evaluatedOn).toBe('train');
    expect(data.note).toBe('4 rows are too few to hold 20% out: the model trains and is evaluated on all of them.');
  });

  it('takes a single sample without an internal error', () => {
    const data = prepareData(stateOf('moons', { samples: 1 }), null);
    expect(data.train.y.length).toBe(1);
    expect(data.note).toBe('1 row is too few to hold 20% out: the model trains and is evaluated on it.');
  });

  it("reports the generator's rule, not an internal function", () => {
    expect(() => prepareData(stateOf('spiral', { samples: 1000, classes: 3 }), null)).toThrow(
      new DataError('Could not generate spiral: samples must be divisible by classes (3), got 1000'),
    );
  });

  it('draws a fresh test set of the same size with the test seed offset', () => {
    const data = prepareData(stateOf('circles', { samples: 300, seed: 5 }, { validation: 'fresh' }), null);
    const expected = generateDataset('circles', { ...defaultParams(getDataset('circles')), samples: 300, seed: 5 + TEST_SEED_OFFSET });
    expect(Array.from(data.validation!.x)).toEqual(Array.from(expected.x));
    expect(data.all.y.length).toBe(600);
  });

  it('draws the fresh test set from another random_state when one is set (it replaces the seed)', () => {
    const entry = getDataset('moons');
    if (!entry.params.some((p) => p.name === 'randomState')) return;
    const data = prepareData(stateOf('moons', { samples: 300, randomState: 7 }, { validation: 'fresh' }), null);
    expect(Array.from(data.validation!.x)).not.toEqual(Array.from(data.train.x));
    const expected = generateDataset('moons', { ...defaultParams(entry), samples: 300, randomState: 7 + TEST_SEED_OFFSET });
    expect(Array.from(data.validation!.x)).toEqual(Array.from(expected.x));
  });

  it('handles the largest dataset the playground allows (100,000 samples, plus a fresh 100,000)', () => {
    const fresh = prepareData(stateOf('circles', { samples: 100_000 }, { validation: 'fresh' }), null);
    expect(fresh.all.y.length).toBe(200_000);
    const held = prepareData(stateOf('blobs', { samples: 100_000, classes: 20 }, { validation: 0.9 }), null);
    expect(held.train.y.length).toBe(10_000);
    expect(held.validation!.y.length).toBe(90_000);
  });

  it('reports progress stages', () => {
    const stages: string[] = [];
    prepareData(stateOf('moons', { samples: 2000 }, { validation: 'fresh' }), null, { onProgress: (stage) => stages.push(stage) });
    expect(stages).toEqual(['Generating 2,000 points', 'Generating the fresh test sample', 'Computing the plot grid']);
  });

  it('draws a fresh test sample of the size asked for (xor-gauss: 5,000 against 10,000, as the experiment), else as many as the training points', () => {
    const custom = prepareData(stateOf('xor-gauss', { samples: 2000, noise: 0.1 }, { validation: 'fresh', testSamples: 500 }), null);
    expect(custom.train.y.length).toBe(2000);
    expect(custom.validation!.y.length).toBe(500);
    expect(custom.evaluationInfo!.params.samples).toBe(500);
    const same = prepareData(stateOf('xor-gauss', { samples: 2000 }, { validation: 'fresh' }), null);
    expect(same.validation!.y.length).toBe(2000);
  });
});

describe('prepareData: an uploaded CSV is standardized by default, as the CLI does for data files', () => {
  /** XOR data with x1 × 1e6 and x2 × 1e-6: the review's file. */
  function scaledXor(): Dataset {
    const lines = ['x1,x2,label'];
    for (let i = 0; i < 400; i++) {
      const a = ((i * 37) % 200) / 100 - 1;
      const b = ((i * 53) % 200) / 100 - 1;
      lines.push(`${a * 1e6},${b * 1e-6},${a * b > 0 ? 0 : 1}`);
    }
    return readUpload(lines.join('\n'), 'scaled.csv').upload!.dataset as Dataset;
  }

  it('fits mean and std on the training rows and applies them to every row and grid point the network sees; the plot keeps the file\'s units', () => {
    const uploaded = scaledXor();
    const data = prepareData(stateOf('moons', {}, { dataset: 'csv', datasetParams: {}, validation: 0.25 }), uploaded, { fileName: 'scaled.csv' });
    const expected = fitStandardizer(data.train);
    expect(data.standardizer).toEqual(expected.toJSON());
    // The network's rows: z-scores of the training rows (mean 0, std 1 per feature).
    const z = data.model.train.x;
    for (const f of [0, 1]) {
      let mean = 0;
      let sq = 0;
      for (let i = f; i < z.length; i += 2) mean += z[i]!;
      mean /= z.length / 2;
      for (let i = f; i < z.length; i += 2) sq += (z[i]! - mean) ** 2;
      expect(mean).toBeCloseTo(0, 5);
      expect(Math.sqrt(sq / (z.length / 2))).toBeCloseTo(1, 4);
    }
    // Validation rows and grid points: the same transformation (not refitted on them).
    expect(Array.from(data.model.validation!.x)).toEqual(Array.from(expected.transform(data.validation!.x)));
    expect(Array.from(data.model.gridX)).toEqual(Array.from(expected.transform(data.grid.x)));
    expect(Array.from(data.model.heatGridX)).toEqual(Array.from(expected.transform(data.heatGrid.x)));
    // The drawn rows and the grid's bounds stay in the file's units.
    expect(Math.max(...Array.from(data.train.x).filter((_, i) => i % 2 === 0))).toBeGreaterThan(9e5);
    expect(data.grid.bounds.xMax).toBeGreaterThan(9e5);
    expect(data.warnings).toEqual([]);
  });

  it('off: the raw values, and a warning that names the page\'s checkbox (not the CLI flag)', () => {
    const data = prepareData(stateOf('moons', {}, { dataset: 'csv', datasetParams: {}, validation: 0.25, standardize: false }), scaledXor(), { fileName: 'scaled.csv' });
    expect(data.standardizer).toBeNull();
    expect(data.model.train.x).toBe(data.train.x);
    expect(data.model.gridX).toBe(data.grid.x);
    expect(data.warnings).toHaveLength(1);
    expect(data.warnings[0]).toMatch(/^the features are not on a common scale \(feature "x1" reaches 1\.0e\+6 in magnitude; standard deviations range from .* \("x2"\) to .* \("x1"\)\): the network may train to chance\. Tick “Standardize features” \(under the upload\) to put them on a common scale\.$/);
    expect(data.warnings[0]).not.toMatch(/--/);
  });

  it('leaves generated data as drawn (the presets are the CLI\'s runs)', () => {
    const data = prepareData(stateOf('moons', { samples: 200 }), null);
    expect(data.standardizer).toBeNull();
    expect(data.model.train.x).toBe(data.train.x);
    expect(data.warnings).toEqual([]);
  });
});

describe('prepareData: regression data and data with more than two features', () => {
  it('plane: numeric targets, a shuffled hold-out (no classes to stratify), the targets\' range for the colour scale', () => {
    const data = prepareData(stateOf('plane', { samples: 500 }, { task: 'regression' }), null);
    expect(data.task).toBe('regression');
    expect(data.classes).toBe(0);
    expect(data.classNames).toEqual([]);
    expect(data.train.y).toBeInstanceOf(Float32Array);
    expect([data.train.y.length, data.validation!.y.length]).toEqual([400, 100]);
    const y = Array.from(data.train.y);
    expect(data.targetRange).toEqual([Math.min(...y), Math.max(...y)]);
    // The plane's target is (x0 + x1) / 10 without noise.
    for (let i = 0; i < 20; i++) expect(data.train.y[i]).toBeCloseTo((data.train.x[2 * i]! + data.train.x[2 * i + 1]!) / 10, 5);
    // The model sees the same rows (2 features, no standardization for generated data).
    expect(data.model.train.x).toBe(data.train.x);
  });

  it('refuses data of the other task, naming the Problem type control', () => {
    expect(() => prepareData(stateOf('plane'), null)).toThrow('plane has a numeric target, not classes: switch the problem type to Regression.');
  });

  it('friedman1 (10 features): draws the picked pair; the network gets every column; its grid is a slice at the training medians', () => {
    const data = prepareData(stateOf('friedman1', { samples: 301 }, { task: 'regression', axes: [3, 0] }), null);
    expect(data.axes).toEqual([3, 0]);
    expect(data.featureNames).toHaveLength(10);
    expect(data.train.features).toBe(2);
    expect(data.model.train.features).toBe(10);
    expect(data.train.featureNames).toEqual([data.featureNames[3], data.featureNames[0]]);
    const n = data.train.y.length;
    for (let i = 0; i < n; i++) {
      expect(data.train.x[2 * i]).toBe(data.model.train.x[10 * i + 3]);
      expect(data.train.x[2 * i + 1]).toBe(data.model.train.x[10 * i]);
    }
    // Medians of the training rows (NumPy's: the middle value of the sorted column, or the mean of the two middle ones).
    for (let k = 0; k < 10; k++) {
      if (k === 0 || k === 3) {
        expect(data.fixed[k]).toBeNaN();
        continue;
      }
      const column = Array.from({ length: n }, (_, i) => data.model.train.x[10 * i + k]!).sort((a, b) => a - b);
      const median = n % 2 ? column[(n - 1) / 2]! : (column[n / 2 - 1]! + column[n / 2]!) / 2;
      expect(data.fixed[k]).toBeCloseTo(median, 12);
    }
    const points = data.grid.nx * data.grid.ny;
    expect(data.model.gridX.length).toBe(points * 10);
    expect(data.model.heatGridX.length).toBe(data.heatGrid.nx * data.heatGrid.ny * 10);
    for (const p of [0, 1, 777, points - 1]) {
      expect(data.model.gridX[p * 10 + 3]).toBe(data.grid.x[2 * p]);
      expect(data.model.gridX[p * 10]).toBe(data.grid.x[2 * p + 1]);
      expect(data.model.gridX[p * 10 + 5]).toBe(Math.fround(data.fixed[5]!));
    }
  });

  it('an invalid pair of axes falls back to the first two features', () => {
    const data = prepareData(stateOf('friedman1', { samples: 50 }, { task: 'regression', axes: [4, 40] }), null);
    expect(data.axes).toEqual([0, 1]);
  });
});
