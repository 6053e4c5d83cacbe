import { describe, expect, it } from 'vitest';
import {
  blobs,
  circles,
  classNamesOf,
  concatRows,
  type Dataset,
  DatasetParamError,
  datasetSize,
  fitStandardizer,
  oneHot,
  shuffleDataset,
  standardize,
  standardizerFromJSON,
  takeRows,
  trainTestSplit,
} from '../src/index.js';
import { classCounts, mean, rowsOf, std } from './helpers.js';

/** A dataset whose x encodes the row index, so rows can be traced through splits. */
function indexed(labels: number[], classes: number): Dataset {
  return {
    name: 'indexed',
    x: Float32Array.from(labels.flatMap((_, r) => [r, -r])),
    y: Int32Array.from(labels),
    features: 2,
    classes,
  };
}
const rowIds = (d: Dataset) => Array.from({ length: datasetSize(d) }, (_, r) => d.x[2 * r]!);

describe('concatRows and classNamesOf', () => {
  it('puts the rows of b after the rows of a, keeping a\'s metadata and the larger class count', () => {
    const a = { ...indexed([0, 1, 0], 2), classNames: ['no', 'yes'] };
    const b = indexed([2, 1], 3);
    const both = concatRows(a, b);
    expect(rowIds(both)).toEqual([0, 1, 2, 0, 1]);
    expect(Array.from(both.y)).toEqual([0, 1, 0, 2, 1]);
    expect(Array.from(both.x.subarray(6))).toEqual([0, -0, 1, -1]);
    expect(both.classes).toBe(3);
    expect(both.classNames).toEqual(['no', 'yes']);
    expect(concatRows(takeRows(b, 0, 1), takeRows(b, 1)).y).toEqual(b.y);
  });

  it('rejects datasets with different feature counts', () => {
    const three = { ...indexed([0, 1], 2), x: new Float32Array(6), features: 3 };
    expect(() => concatRows(indexed([0, 1], 2), three)).toThrow(new DatasetParamError('concatRows: the datasets have 2 and 3 features'));
  });

  it('names classes from the dataset when the names fit, else by id', () => {
    expect(classNamesOf({ ...indexed([0, 1], 2), classNames: ['cat', 'dog'] })).toEqual(['cat', 'dog']);
    expect(classNamesOf({ ...indexed([0, 1], 2), classNames: ['cat', 'dog'] }, 3)).toEqual(['0', '1', '2']);
    expect(classNamesOf(indexed([0, 1, 2], 3))).toEqual(['0', '1', '2']);
  });
});

describe('takeRows', () => {
  it('takes the first 4000 / last 1000 rows like the circles5k experiments', () => {
    const d = circles({ samples: 5000, factor: 0.3, noise: 0.05 });
    const train = takeRows(d, 0, 4000);
    const val = takeRows(d, 4000);
    expect(datasetSize(train)).toBe(4000);
    expect(datasetSize(val)).toBe(1000);
    expect(Array.from(train.x)).toEqual(Array.from(d.x.subarray(0, 8000)));
    expect(Array.from(val.y)).toEqual(Array.from(d.y.subarray(4000)));
    expect(takeRows(d, -1000)).toEqual(val);
    expect(val.name).toBe('circles');
  });

  it('copies (mutating the slice leaves the source alone) and clamps like Array.slice', () => {
    const d = indexed([0, 1, 0, 1], 2);
    const part = takeRows(d, 1, 3);
    part.x[0] = 99;
    expect(d.x[2]).toBe(1);
    expect(datasetSize(takeRows(d, 3, 10))).toBe(1);
    expect(datasetSize(takeRows(d, 3, 1))).toBe(0);
  });
});

describe('shuffleDataset', () => {
  it('permutes rows with x and y together, seeded', () => {
    const d = indexed([0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 3);
    const s = shuffleDataset(d, 1);
    expect(shuffleDataset(d, 1)).toEqual(s);
    expect(rowIds(shuffleDataset(d, 2))).not.toEqual(rowIds(s));
    expect([...rowIds(s)].sort((a, b) => a - b)).toEqual(rowIds(d));
    for (const [id, neg, label] of rowsOf(s)) {
      expect(neg).toBe(-id);
      expect(label).toBe(d.y[id]);
    }
  });
});

describe('trainTestSplit', () => {
  it('splits by fraction (test = ceil(f·n)) into disjoint parts covering all rows', () => {
    const d = indexed(Array.from({ length: 101 }, (_, i) => i % 2), 2);
    const { train, test } = trainTestSplit(d, { testSize: 0.25, seed: 3 });
    expect(datasetSize(test)).toBe(26);
    expect(datasetSize(train)).toBe(75);
    expect([...rowIds(train), ...rowIds(test)].sort((a, b) => a - b)).toEqual(rowIds(d));
    for (const [id, , label] of [...rowsOf(train), ...rowsOf(test)]) expect(label).toBe(d.y[id]);
    expect(trainTestSplit(d, { testSize: 0.25, seed: 3 })).toEqual({ train, test });
    expect(rowIds(trainTestSplit(d, { testSize: 0.25, seed: 4 }).test)).not.toEqual(rowIds(test));
  });

  it('splits by count and, without shuffle, keeps the first rows for train and the last for test', () => {
    const d = indexed(Array.from({ length: 10 }, (_, i) => i % 2), 2);
    expect(datasetSize(trainTestSplit(d, { testSize: 3 }).test)).toBe(3);
    const { train, test } = trainTestSplit(d, { testSize: 4, shuffle: false });
    expect(rowIds(train)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rowIds(test)).toEqual([6, 7, 8, 9]);
  });

  it('stratify preserves class ratios in both parts (over many seeds)', () => {
    const labels = [...new Array(600).fill(0), ...new Array(300).fill(1), ...new Array(100).fill(2)];
    const d = indexed(labels, 3);
    for (let seed = 0; seed < 10; seed++) {
      const { train, test } = trainTestSplit(d, { testSize: 0.2, stratify: true, seed });
      expect(classCounts(test)).toEqual([120, 60, 20]);
      expect(classCounts(train)).toEqual([480, 240, 80]);
      // Rows are mixed again after stratification, not grouped by class.
      expect(Array.from(test.y.subarray(0, 30)).some((c) => c !== 0)).toBe(true);
    }
    // Uneven shares still sum to the requested size (largest remainder).
    const blobs103 = blobs({ samples: 103, classes: 3, seed: 1 });
    const odd = trainTestSplit(blobs103, { testSize: 0.3, stratify: true });
    expect(datasetSize(odd.test)).toBe(31);
    const totals = classCounts(blobs103);
    classCounts(odd.test).forEach((c, k) => expect(Math.abs(c - (31 * totals[k]!) / 103)).toBeLessThan(1));
  });

  it('rejects bad sizes and stratify without shuffle', () => {
    const d = indexed([0, 1, 0, 1], 2);
    const messages = [
      [{ testSize: 0 }, 'trainTestSplit: testSize must be a fraction in (0, 1) or a row count ≥ 1, got 0'],
      [{ testSize: 1.5 }, 'trainTestSplit: testSize must be a fraction in (0, 1) or a row count ≥ 1, got 1.5'],
      [{ testSize: 4 }, 'trainTestSplit: testSize 4 leaves no training rows (dataset has 4 rows)'],
      [
        { testSize: 0.5, stratify: true, shuffle: false },
        'trainTestSplit: stratify requires shuffle (shuffle: false keeps row order)',
      ],
    ] as const;
    for (const [o, message] of messages) {
      expect(() => trainTestSplit(d, o)).toThrow(new DatasetParamError(message));
    }
  });
});

describe('oneHot', () => {
  it('encodes ids row-major and rejects out-of-range labels', () => {
    expect(Array.from(oneHot(Int32Array.from([2, 0, 1]), 3))).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(() => oneHot(Int32Array.from([0, 3]), 3)).toThrow('oneHot: label 3 at row 1 is outside 0..2');
  });
});

describe('standardizer', () => {
  it('fits mean and population std on train only and applies them to test', () => {
    const d = blobs({ samples: 2000, classes: 2, std: 2, seed: 5 });
    const { train, test } = trainTestSplit(d, { testSize: 0.3, seed: 1 });
    const s = fitStandardizer(train);
    for (const f of [0, 1]) {
      const col = Array.from({ length: datasetSize(train) }, (_, r) => train.x[2 * r + f]!);
      expect(s.mean[f]).toBeCloseTo(mean(col), 6);
      expect(s.std[f]).toBeCloseTo(std(col), 6);
    }
    const z = s.transformDataset(train);
    for (const f of [0, 1]) {
      const col = Array.from({ length: datasetSize(z) }, (_, r) => z.x[2 * r + f]!);
      expect(mean(col)).toBeCloseTo(0, 5);
      expect(std(col)).toBeCloseTo(1, 5);
    }
    // Test rows use the train statistics, not their own.
    const zt = s.transform(test.x);
    expect(zt[0]).toBeCloseTo((test.x[0]! - s.mean[0]!) / s.std[0]!, 5);
    const back = s.inverseTransform(zt);
    back.forEach((v, k) => expect(v).toBeCloseTo(test.x[k]!, 4));
    const viaHelper = standardize(train, test);
    expect(viaHelper.others[0]!.x).toEqual(zt);
    expect(viaHelper.train.x).toEqual(z.x);
  });

  it('uses std 1 for constant features, accepts {x, features}, and round-trips through JSON', () => {
    const s = fitStandardizer({ x: Float32Array.from([1, 5, 3, 5, 5, 5]), features: 2 });
    expect(Array.from(s.mean)).toEqual([3, 5]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(s.std[1]).toBe(1);
    expect(Array.from(s.transform(Float32Array.from([3, 7])))).toEqual([0, 2]);
    const json = JSON.parse(JSON.stringify(s));
    expect(json).toEqual({ mean: [3, 5], std: [s.std[0], 1] });
    expect(standardizerFromJSON(json).transform(Float32Array.from([1, 5]))).toEqual(s.transform(Float32Array.from([1, 5])));
    expect(() => fitStandardizer({ x: Float32Array.from([1, 2, 3]), features: 2 })).toThrow(
      'fitStandardizer: x has 3 values, not a multiple of 2 features',
    );
  });
});
