import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, formatConfusionMatrix, uniqueLabels } from '../src/index.js';

describe('accuracy', () => {
  it('is the fraction of matching labels (sklearn accuracy_score doc example)', () => {
    expect(accuracy([0, 1, 2, 3], [0, 2, 1, 3])).toBe(0.5);
    expect(accuracy(Int32Array.from([1, 1, 1]), Int32Array.from([1, 1, 1]))).toBe(1);
    expect(accuracy([0, 1, 0, 1, 1], [1, 0, 1, 0, 0])).toBe(0);
    expect(accuracy(new Int32Array([0, 1, 1]), [0, 1, 0])).toBeCloseTo(2 / 3, 15);
  });
});

describe('confusionMatrix', () => {
  it('matches the sklearn confusion_matrix doc example (rows = true, cols = predicted)', () => {
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });

  it('binary tn, fp, fn, tp (sklearn doc example)', () => {
    const [[tn, fp], [fn, tp]] = confusionMatrix([0, 1, 0, 1], [1, 1, 1, 0]) as [number[], number[]];
    expect([tn, fp, fn, tp]).toEqual([0, 2, 1, 1]);
  });

  it('uses the union of present labels unless classes is given', () => {
    expect(uniqueLabels([3, 0, 3], [5, 0, 0])).toEqual([0, 3, 5]);
    expect(confusionMatrix([3, 0, 3], [5, 0, 0])).toEqual([
      [1, 0, 0],
      [1, 0, 1],
      [0, 0, 0],
    ]);
    expect(confusionMatrix([1, 1], [1, 0], { classes: 3 })).toEqual([
      [0, 0, 0],
      [1, 1, 0],
      [0, 0, 0],
    ]);
  });
});

describe('formatConfusionMatrix', () => {
  const cm = confusionMatrix([0, 1, 2, 2, 2], [0, 0, 2, 2, 1]);

  it('text aligns columns under a predicted-label header', () => {
    expect(formatConfusionMatrix(cm)).toBe(
      ['true \\ pred  0  1  2', '0            1  0  0', '1            1  0  0', '2            0  1  2', ''].join('\n'),
    );
    expect(formatConfusionMatrix([[1234, 5], [6, 7]], { labels: ['cat', 'dog'] })).toBe(
      ['true \\ pred   cat  dog', 'cat          1234    5', 'dog             6    7', ''].join('\n'),
    );
  });

  it('markdown renders a GitHub table', () => {
    expect(formatConfusionMatrix(cm, { labels: ['a', 'b|c', 'd'], format: 'markdown' })).toBe(
      [
        '| true \\\\ pred | a | b\\|c | d |',
        '|---|--:|--:|--:|',
        '| a | 1 | 0 | 0 |',
        '| b\\|c | 1 | 0 | 0 |',
        '| d | 0 | 1 | 2 |',
        '',
      ].join('\n'),
    );
  });

  it('rejects matrices and labels that do not fit', () => {
    expect(() => formatConfusionMatrix([])).toThrow('confusion matrix is empty');
    expect(() => formatConfusionMatrix([[1, 2], [3]])).toThrow(
      'confusion matrix must be square: row 1 has 1 entries, expected 2',
    );
    expect(() => formatConfusionMatrix([[1, NaN], [3, 4]])).toThrow(
      'confusion matrix entry [0][1] = NaN is not a finite number',
    );
    expect(() => formatConfusionMatrix(cm, { labels: ['a'] })).toThrow(
      'labels has 1 names but the confusion matrix has 3 classes',
    );
  });
});
