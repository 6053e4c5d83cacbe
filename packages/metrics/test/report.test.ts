import { describe, expect, it } from 'vitest';
import {
  classificationReport,
  formatClassificationReport,
  MetricsInputError,
  type ClassificationReport,
} from '../src/index.js';

/** A doctest block as Python prints it: <BLANKLINE> marks an empty line. */
function doctest(block: string): string {
  return block
    .split('\n')
    .map((line) => (line === '<BLANKLINE>' ? '' : line))
    .join('\n');
}

describe('classificationReport text = scikit-learn classification_report', () => {
  it('reproduces the example of the sklearn docs verbatim', () => {
    // sklearn.metrics.classification_report docstring (print() adds the final newline that
    // doctest shows as the last <BLANKLINE>; the returned string ends with one '\n').
    const expected = doctest(`              precision    recall  f1-score   support
<BLANKLINE>
     class 0       0.50      1.00      0.67         1
     class 1       0.00      0.00      0.00         1
     class 2       1.00      0.67      0.80         3
<BLANKLINE>
    accuracy                           0.60         5
   macro avg       0.50      0.56      0.49         5
weighted avg       0.70      0.60      0.61         5
`);
    const yTrue = [0, 1, 2, 2, 2];
    const yPred = [0, 0, 2, 2, 1];
    const targetNames = ['class 0', 'class 1', 'class 2'];
    const report = classificationReport(yTrue, yPred, { classNames: targetNames });
    expect(formatClassificationReport(report)).toBe(expected);
    expect(formatClassificationReport(report, { format: 'text', digits: 2 })).toBe(expected);
  });

  it('binary, default class names, hand-computed values', () => {
    // cm = [[2, 1], [1, 4]]: class 0 p = r = f1 = 2/3, class 1 p = r = f1 = 4/5, accuracy 6/8.
    const yTrue = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 1]);
    const yPred = Int32Array.from([0, 1, 0, 1, 1, 0, 1, 1]);
    const r = classificationReport(yTrue, yPred);
    expect(r.classes.map((c) => c.label)).toEqual(['0', '1']);
    expect(r.classes.map((c) => c.id)).toEqual([0, 1]);
    expect(r.classes[0]).toMatchObject({ precision: 2 / 3, recall: 2 / 3, support: 3 });
    expect(r.classes[0]?.f1).toBeCloseTo(2 / 3, 15);
    expect(r.classes[1]).toMatchObject({ precision: 0.8, recall: 0.8, f1: 0.8, support: 5 });
    expect(r.accuracy).toBe(0.75);
    expect(r.support).toBe(8);
    expect(r.macroAvg.precision).toBeCloseTo((2 / 3 + 0.8) / 2, 15);
    expect(r.weightedAvg.precision).toBeCloseTo(0.75, 15);
    expect(r.weightedAvg.recall).toBeCloseTo(0.75, 15);
    expect(r.macroAvg.support).toBe(8);
    expect(r.weightedAvg.support).toBe(8);
    expect(formatClassificationReport(r)).toBe(`              precision    recall  f1-score   support

           0       0.67      0.67      0.67         3
           1       0.80      0.80      0.80         5

    accuracy                           0.75         8
   macro avg       0.73      0.73      0.73         8
weighted avg       0.75      0.75      0.75         8
`);
  });

  it('digits option changes the decimals and keeps the column layout', () => {
    const r = classificationReport([0, 0, 0, 1, 1, 1, 1, 1], [0, 1, 0, 1, 1, 0, 1, 1]);
    expect(formatClassificationReport(r, { digits: 4 })).toBe(`              precision    recall  f1-score   support

           0     0.6667    0.6667    0.6667         3
           1     0.8000    0.8000    0.8000         5

    accuracy                         0.7500         8
   macro avg     0.7333    0.7333    0.7333         8
weighted avg     0.7500    0.7500    0.7500         8
`);
    expect(formatClassificationReport(r, { digits: 0 })).toBe(`              precision    recall  f1-score   support

           0          1         1         1         3
           1          1         1         1         5

    accuracy                              1         8
   macro avg          1         1         1         8
weighted avg          1         1         1         8
`);
  });

  it('width = digits when digits exceeds every name (sklearn max(name_width, 12, digits))', () => {
    const r = classificationReport([0, 0, 0, 1, 1, 1, 1, 1], [0, 1, 0, 1, 1, 0, 1, 1]);
    const text = formatClassificationReport(r, { digits: 13 });
    const lines = text.split('\n');
    expect(lines[0]).toBe(`${' '.repeat(13)}  precision    recall  f1-score   support`);
    expect(lines[2]).toBe(`${' '.repeat(12)}0  0.6666666666667 0.6666666666667 0.6666666666667         3`);
    expect(lines[5]).toBe(`     accuracy${' '.repeat(22)}0.7500000000000         8`);
  });

  it('rounds exact ties half-to-even like Python (0.125 -> 0.12, 0.0625 -> 0.06)', () => {
    // class 0: tp 1 of 8 predictions -> precision exactly 0.125; macro precision exactly 0.0625.
    const yTrue = [0, 1, 1, 1, 1, 1, 1, 1];
    const yPred = [0, 0, 0, 0, 0, 0, 0, 0];
    const r = classificationReport(yTrue, yPred);
    expect(r.classes[0]?.precision).toBe(0.125);
    expect(r.macroAvg.precision).toBe(0.0625);
    expect(formatClassificationReport(r)).toBe(`              precision    recall  f1-score   support

           0       0.12      1.00      0.22         1
           1       0.00      0.00      0.00         7

    accuracy                           0.12         8
   macro avg       0.06      0.50      0.11         8
weighted avg       0.02      0.12      0.03         8
`);
  });

  it('zero division gives 0 by default and the row is still printed', () => {
    // class 1 is never predicted: precision 0/0 -> 0, recall 0/2, f1 0/(2+0).
    const r = classificationReport([0, 0, 1, 1], [0, 0, 0, 0]);
    expect(r.classes[1]).toEqual({ label: '1', id: 1, precision: 0, recall: 0, f1: 0, support: 2 });
    expect(formatClassificationReport(r)).toBe(`              precision    recall  f1-score   support

           0       0.50      1.00      0.67         2
           1       0.00      0.00      0.00         2

    accuracy                           0.50         4
   macro avg       0.25      0.50      0.33         4
weighted avg       0.25      0.50      0.33         4
`);
  });

  it('zeroDivision: 1 replaces only the undefined ratios', () => {
    const r = classificationReport([0, 0, 1, 1], [0, 0, 0, 0], { zeroDivision: 1 });
    expect(r.classes[1]).toEqual({ label: '1', id: 1, precision: 1, recall: 0, f1: 0, support: 2 });
    expect(r.macroAvg.precision).toBe(0.75);
    expect(r.weightedAvg.precision).toBe(0.75);
    expect(r.accuracy).toBe(0.5);
  });

  it('classes forces absent labels: zero-support row, still headed "accuracy" (sklearn ≥ 1.5)', () => {
    // sklearn ≥ 1.5 (scikit-learn#28399):
    // print(classification_report([0, 1, 0, 1], [0, 1, 1, 1], labels=[0, 1, 2], zero_division=0))
    const r = classificationReport([0, 1, 0, 1], [0, 1, 1, 1], { classes: 3 });
    expect(r.accuracyLabel).toBe('accuracy');
    expect(r.classes[2]).toEqual({ label: '2', id: 2, precision: 0, recall: 0, f1: 0, support: 0 });
    expect(formatClassificationReport(r)).toBe(`              precision    recall  f1-score   support

           0       1.00      0.50      0.67         2
           1       0.67      1.00      0.80         2
           2       0.00      0.00      0.00         0

    accuracy                           0.75         4
   macro avg       0.56      0.50      0.49         4
weighted avg       0.83      0.75      0.73         4
`);
    const r1 = classificationReport([0, 1, 0, 1], [0, 1, 1, 1], { classes: 3, zeroDivision: 1 });
    expect(r1.classes[2]).toMatchObject({ precision: 1, recall: 1, f1: 1, support: 0 });
    expect(formatClassificationReport(r1).split('\n').slice(4, 9)).toEqual([
      '           2       1.00      1.00      1.00         0',
      '',
      '    accuracy                           0.75         4',
      '   macro avg       0.89      0.83      0.82         4',
      'weighted avg       0.83      0.75      0.73         4',
    ]);
  });

  it('a report headed "micro avg" (subset of labels) fills precision and recall with the accuracy', () => {
    // classificationReport never produces this heading; a hand-built report may set it.
    const subset: ClassificationReport = {
      ...classificationReport([0, 1, 0, 1], [0, 1, 1, 1]),
      accuracyLabel: 'micro avg',
    };
    const lines = formatClassificationReport(subset).split('\n');
    expect(lines[5]).toBe('   micro avg       0.75      0.75      0.75         4');
    expect(formatClassificationReport(subset, { format: 'markdown' })).toContain('| micro avg | 0.75 | 0.75 | 0.75 | 4 |');
  });

  it('classes equal to the present labels keeps the accuracy row', () => {
    const r = classificationReport([0, 1, 2], [2, 1, 0], { classes: 3 });
    expect(r.accuracyLabel).toBe('accuracy');
    expect(r.accuracy).toBeCloseTo(1 / 3, 15);
  });

  it('labels missing from 0..k-1 are skipped without classes (union of yTrue and yPred)', () => {
    const r = classificationReport([0, 2, 2, 5], [0, 2, 5, 5]);
    expect(r.classes.map((c) => c.label)).toEqual(['0', '2', '5']);
    expect(r.classes.map((c) => c.support)).toEqual([1, 2, 1]);
    expect(r.accuracyLabel).toBe('accuracy');
    // classNames are looked up by class id
    const named = classificationReport([0, 2, 2, 5], [0, 2, 5, 5], {
      classNames: ['a', 'b', 'c', 'd', 'e', 'f'],
    });
    expect(named.classes.map((c) => c.label)).toEqual(['a', 'c', 'f']);
  });

  it('a long class name widens the first column', () => {
    const r = classificationReport([0, 1, 1], [0, 1, 0], { classNames: ['setosa', 'versicolor-long-name'] });
    expect(formatClassificationReport(r)).toBe(`                      precision    recall  f1-score   support

              setosa       0.50      1.00      0.67         1
versicolor-long-name       1.00      0.50      0.67         2

            accuracy                           0.67         3
           macro avg       0.75      0.75      0.67         3
        weighted avg       0.83      0.67      0.67         3
`);
  });

  it('multi-class hand-computed scores', () => {
    // cm = [[2, 1, 0], [0, 3, 1], [1, 0, 2]]
    const yTrue = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2];
    const yPred = [0, 0, 1, 1, 1, 1, 2, 2, 2, 0];
    const r = classificationReport(yTrue, yPred);
    const scores = r.classes.map((c) => [c.precision, c.recall, c.f1, c.support]);
    const expected = [
      [2 / 3, 2 / 3, 2 / 3, 3],
      [3 / 4, 3 / 4, 3 / 4, 4],
      [2 / 3, 2 / 3, 2 / 3, 3],
    ];
    scores.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 12)));
    expect(r.accuracy).toBe(0.7);
    expect(r.macroAvg.f1).toBeCloseTo((2 / 3 + 3 / 4 + 2 / 3) / 3, 12);
    expect(r.weightedAvg.f1).toBeCloseTo((2 + 3 + 2) / 10, 12);
  });
});

describe('markdown and json renderings', () => {
  const report = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], {
    classNames: ['class 0', 'class|1', 'class 2'],
  });

  it('markdown is a GitHub table with the same rows and the accuracy blanks', () => {
    expect(formatClassificationReport(report, { format: 'markdown' })).toBe(
      [
        '|  | precision | recall | f1-score | support |',
        '|---|--:|--:|--:|--:|',
        '| class 0 | 0.50 | 1.00 | 0.67 | 1 |',
        '| class\\|1 | 0.00 | 0.00 | 0.00 | 1 |',
        '| class 2 | 1.00 | 0.67 | 0.80 | 3 |',
        '| accuracy |  |  | 0.60 | 5 |',
        '| macro avg | 0.50 | 0.56 | 0.49 | 5 |',
        '| weighted avg | 0.70 | 0.60 | 0.61 | 5 |',
        '',
      ].join('\n'),
    );
    expect(formatClassificationReport(report, { format: 'markdown', digits: 3 })).toContain(
      '| macro avg | 0.500 | 0.556 | 0.489 | 5 |',
    );
  });

  it('json round-trips to the same plain data', () => {
    const json = formatClassificationReport(report, { format: 'json' });
    const parsed = JSON.parse(json) as ClassificationReport;
    expect(parsed).toEqual(report);
    expect(formatClassificationReport(parsed)).toBe(formatClassificationReport(report));
  });

  it('a hand-built report without the optional fields renders', () => {
    const handBuilt: ClassificationReport = {
      classes: [{ label: 'x', precision: 1, recall: 1, f1: 1, support: 2 }],
      accuracy: 1,
      macroAvg: { precision: 1, recall: 1, f1: 1, support: 2 },
      weightedAvg: { precision: 1, recall: 1, f1: 1, support: 2 },
      support: 2,
    };
    expect(formatClassificationReport(handBuilt).split('\n')[4]).toBe(
      '    accuracy                           1.00         2',
    );
  });

  it('rejects bad format options', () => {
    expect(() => formatClassificationReport(report, { digits: -1 })).toThrow(
      new MetricsInputError('digits must be an integer in 0..100, got -1'),
    );
    expect(() =>
      formatClassificationReport(report, { format: 'html' as unknown as 'text' }),
    ).toThrow("format must be 'text', 'markdown' or 'json', got html");
  });
});
