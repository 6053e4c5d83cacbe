/**
 * Regression data: TensorFlow Playground's plane and Gaussian, scikit-learn's make_friedman1
 * (against scikit-learn 1.2.1 fixtures), CSV and JSON with a numeric target, and the row helpers
 * on n × targets arrays.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  alignCsv,
  concatRows,
  CsvError,
  DatasetParamError,
  friedman1,
  friedman1Target,
  gaussian,
  gaussianTarget,
  parseCsv,
  parseCsvWithInfo,
  parseDatasetJson,
  plane,
  selectRows,
  takeRows,
  toCsv,
  toDatasetJson,
  trainTestSplit,
  type RegressionDataset,
} from '../src/index.js';

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/sklearn-friedman1.json', import.meta.url), 'utf8')) as {
  sklearn: string;
  cases: Array<{ samples: number; features: number; noise: number; randomState: number; x: number[]; y: number[] }>;
};

describe('generators', () => {
  it('plane: (x0 + x1) / 10 over [-6, 6]² without noise; noisy inputs with noise', () => {
    const d = plane({ samples: 500, seed: 3 });
    expect(d).toMatchObject({ task: 'regression', name: 'plane', features: 2, targets: 1 });
    for (let i = 0; i < 500; i++) {
      const a = d.x[2 * i]!;
      const b = d.x[2 * i + 1]!;
      expect(Math.abs(a)).toBeLessThanOrEqual(6);
      expect(d.y[i]).toBeCloseTo((a + b) / 10, 6);
    }
    const noisy = plane({ samples: 500, seed: 3, noise: 0.5 });
    const err = Array.from(noisy.y, (v, i) => Math.abs(v - (noisy.x[2 * i]! + noisy.x[2 * i + 1]!) / 10));
    expect(Math.max(...err)).toBeGreaterThan(0.05);
    expect(Math.max(...err)).toBeLessThanOrEqual(0.6 + 1e-6);
  });

  it('gaussian: the strongest of six signed cones (TensorFlow Playground)', () => {
    expect(gaussianTarget(-4, 2.5)).toBe(1);
    expect(gaussianTarget(0, 2.5)).toBe(-1);
    expect(gaussianTarget(4, -2.5)).toBe(-1);
    expect(gaussianTarget(-4, 1.5)).toBeCloseTo(0.5, 12);
    expect(gaussianTarget(2, 2.5)).toBe(0);
    expect(gaussianTarget(6, 6)).toBe(0);
    const d = gaussian({ samples: 400, seed: 1 });
    for (let i = 0; i < 400; i++) expect(d.y[i]).toBeCloseTo(gaussianTarget(d.x[2 * i]!, d.x[2 * i + 1]!), 6);
  });

  for (const c of fixtures.cases) {
    it(`friedman1 equals scikit-learn ${fixtures.sklearn} make_friedman1(${c.samples}, n_features=${c.features}, noise=${c.noise}, random_state=${c.randomState})`, () => {
      const d = friedman1({ samples: c.samples, features: c.features, noise: c.noise, randomState: c.randomState });
      expect(Array.from(d.x)).toEqual(c.x.map(Math.fround));
      expect(Array.from(d.y)).toEqual(c.y.map(Math.fround));
      expect(d.params).toMatchObject({ randomState: c.randomState });
    });
  }

  it('friedman1 on mlpkit\'s own stream: the formula, 10 features by default, at least 5', () => {
    const d = friedman1({ samples: 50, seed: 2 });
    expect(d.features).toBe(10);
    for (let i = 0; i < 50; i++) expect(d.y[i]).toBeCloseTo(friedman1Target(d.x.subarray(i * 10, i * 10 + 5)), 4);
    expect(() => friedman1({ features: 4 })).toThrow(new DatasetParamError('friedman1: features must be an integer ≥ 5, got 4'));
  });
});

describe('files with a numeric target', () => {
  const text = 'size,rooms,price\n50,2,101.5\n80,3,160.25\n65,2,130\n120,4,245.75\n';

  it('task: auto reads a fractional target as regression, and says so', () => {
    const { data, info } = parseCsvWithInfo(text, { task: 'auto' });
    expect(info).toMatchObject({ task: 'regression', taskSource: 'detected', labelColumn: 'price', target: 'continuous' });
    expect(data).toMatchObject({ task: 'regression', features: 2, targets: 1, featureNames: ['size', 'rooms'], targetNames: ['price'] });
    expect(Array.from(data.y)).toEqual([101.5, 160.25, 130, 245.75]);
    // Class labels stay classes.
    expect(parseCsvWithInfo('a,b\n1,0\n2,1\n3,0\n', { task: 'auto' }).info.task).toBe('classification');
    // Many distinct integers (more than a class column may have) are a target too.
    const counts = `a,n\n${Array.from({ length: 100 }, (_, i) => `${i},${i * 3}`).join('\n')}\n`;
    expect(parseCsvWithInfo(counts, { task: 'auto' }).info.task).toBe('regression');
  });

  it('task: regression refuses a text target, naming the cell', () => {
    expect(() => parseCsv('a,b\n1,x\n', { task: 'regression' })).toThrow(CsvError);
    expect(() => parseCsv('a,b\n1,x\n', { task: 'regression' })).toThrow('CSV row 2, column "b": "x" is not a number; a regression target must be numeric');
  });

  it('toCsv → parseCsv and toDatasetJson → parseDatasetJson round trips', () => {
    const d = parseCsv(text, { task: 'regression' });
    expect(parseCsv(toCsv(d), { task: 'regression' })).toEqual(d);
    expect(parseDatasetJson(JSON.stringify(toDatasetJson(d)))).toEqual({ ...d, params: {} });
    const multi: RegressionDataset = { task: 'regression', name: 'm', x: Float32Array.from([1, 2, 3, 4]), y: Float32Array.from([0.5, -1, 2, 3]), features: 2, targets: 2 };
    expect(toCsv(multi)).toBe('x0,x1,y0,y1\n1,2,0.5,-1\n3,4,2,3\n');
    expect(parseDatasetJson(JSON.stringify(toDatasetJson(multi)))).toEqual({ ...multi, params: {} });
  });

  it('alignCsv reads a test file against a regression schema: columns by name, numeric targets', () => {
    const a = alignCsv('price,rooms,size\n99,2,49\n', { task: 'regression', features: ['size', 'rooms'], label: 'price', classNames: [] }, { labels: 'required' });
    expect(a.data).toMatchObject({ task: 'regression', targets: 1 });
    expect(Array.from(a.data.x)).toEqual([49, 2]);
    expect(Array.from(a.data.y)).toEqual([99]);
    expect(() => alignCsv('price,rooms,size\ncheap,2,49\n', { task: 'regression', features: ['size', 'rooms'], label: 'price', classNames: [] }, { labels: 'required' })).toThrow(
      'CSV row 2, column "price": "cheap" is not a number (the model predicts a numeric target)',
    );
  });
});

describe('row helpers on regression data', () => {
  const d: RegressionDataset = { task: 'regression', name: 'r', x: Float32Array.from([0, 1, 2, 3, 4, 5]), y: Float32Array.from([10, 11, 20, 21, 30, 31]), features: 2, targets: 2 };
  it('takeRows, selectRows and concatRows keep targets row by row', () => {
    expect(Array.from(takeRows(d, 1).y)).toEqual([20, 21, 30, 31]);
    expect(Array.from(selectRows(d, [2, 0]).y)).toEqual([30, 31, 10, 11]);
    expect(Array.from(concatRows(d, takeRows(d, 0, 1)).y)).toEqual([10, 11, 20, 21, 30, 31, 10, 11]);
  });
  it('trainTestSplit splits rows; stratify needs classes', () => {
    const big = plane({ samples: 100, seed: 1 });
    const { train, test } = trainTestSplit(big, { testSize: 0.2, seed: 3 });
    expect(train.y.length).toBe(80);
    expect(test.y.length).toBe(20);
    expect(() => trainTestSplit(big, { testSize: 0.2, stratify: true })).toThrow('trainTestSplit: stratify needs class labels; this is a regression dataset (use stratify: false)');
  });
});

describe('2-D slices of wider data', () => {
  it('columnMedians, projectColumns and sliceGrid', async () => {
    const { columnMedians, grid, projectColumns, sliceGrid } = await import('../src/index.js');
    const d = { x: Float32Array.from([1, 10, 100, 3, 30, 300, 2, 20, 200, 4, 40, 400]), features: 3 };
    expect(Array.from(columnMedians(d))).toEqual([2.5, 25, 250]);
    expect(Array.from(projectColumns(d, [2, 0]))).toEqual([100, 1, 300, 3, 200, 2, 400, 4]);
    const g = grid({ xMin: 0, xMax: 1, yMin: 0, yMax: 2 }, { nx: 2, ny: 2 });
    expect(Array.from(sliceGrid(g, 3, [2, 0], [2.5, 25, 250]))).toEqual([0, 25, 0, 0, 25, 1, 2, 25, 0, 2, 25, 1]);
  });
});
