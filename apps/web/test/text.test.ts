/** The page's words that depend on the task (src/ui/text.ts). */
import { describe, expect, it } from 'vitest';
import { lowR2Hint, noHiddenLayerNote, resultsText, sentenceStart } from '../src/ui/text.js';

describe('resultsText', () => {
  it('names the regression plot "Predicted vs actual", never a confusion matrix (review)', () => {
    expect(resultsText('regression', 'validation data')).toMatchObject({ report: 'Regression scores · validation data', plot: 'Predicted vs actual · validation data' });
    const before = resultsText('regression');
    expect(before.plot).toBe('Predicted vs actual');
    expect(Object.values(before).join(' ')).not.toMatch(/confusion|classes|precision/i);
  });

  it('keeps the classification report and confusion matrix for classes', () => {
    expect(resultsText('classification', 'fresh test data')).toMatchObject({ report: 'Classification report · fresh test data', plot: 'Confusion matrix · fresh test data' });
    expect(resultsText('classification')).toEqual({
      report: 'Classification report',
      plot: 'Confusion matrix',
      reportPlaceholder: 'Train the model to see precision, recall and F1 per class.',
      plotPlaceholder: 'Rows are true classes, columns predicted ones.',
    });
  });
});

describe('lowR2Hint', () => {
  it('explains an R² below 0 (review: friedman1 by default, R² −1.2) with concrete next steps', () => {
    expect(lowR2Hint(-1.2, 100, 0.01)).toBe(
      "R² -1.20 is below 0: the network predicts nearly a constant, worse than the targets' mean. It has not yet reached the targets' scale in 100 epochs: train more epochs (Continue), raise the learning rate (now 0.01), or use adam; targets far from 0 take longest.",
    );
    expect(lowR2Hint(-0.001, 5, 0.1)).toMatch(/^R² -0\.00 is below 0: /);
  });

  it('says nothing from R² = 0 on, nor for a missing score', () => {
    for (const r2 of [0, 0.2, 0.99, 1, Number.NaN]) expect(lowR2Hint(r2, 100, 0.01)).toBeNull();
  });
});

describe('sentenceStart', () => {
  it('never capitalises a file name at the start of a warning (review: "Many.csv has …")', () => {
    expect(sentenceStart('many.csv has 3 feature columns')).toBe('many.csv has 3 feature columns');
    expect(sentenceStart('data.v2.tsv: column "id" counts the rows')).toBe('data.v2.tsv: column "id" counts the rows');
    expect(sentenceStart('"id" looks like a row index')).toBe('"id" looks like a row index');
  });

  it('capitalises an ordinary sentence', () => {
    expect(sentenceStart('learning rate 0.01 → 0.1')).toBe('Learning rate 0.01 → 0.1');
    expect(sentenceStart('features on very different scales. Tick it.')).toBe('Features on very different scales. Tick it.');
    expect(sentenceStart('')).toBe('');
  });
});

describe('noHiddenLayerNote', () => {
  it('suggests a squared feature only when none is on (review)', () => {
    expect(noHiddenLayerNote('classification', ['x0', 'x1'])).toBe(
      'No hidden layer: this is logistic regression on the input features, so class boundaries are straight lines in them. Add a layer (or a squared feature) to bend them.',
    );
    const squared = noHiddenLayerNote('classification', ['x0^2', 'x1^2'], (f) => f.replace('^2', '²'));
    expect(squared).toBe(
      'No hidden layer: this is logistic regression on the input features, so class boundaries are straight lines in them — with x0², x1² among them, curves in the plane. Add a layer to bend them further.',
    );
    expect(squared).not.toMatch(/squared feature/);
  });

  it('words regression for its surface', () => {
    expect(noHiddenLayerNote('regression', ['x0', 'x1'])).toMatch(/^No hidden layer: this is linear regression on the input features, a flat surface/);
    expect(noHiddenLayerNote('regression', ['x0', 'sin(x1)'])).toBe(
      'No hidden layer: this is linear regression on the input features; with sin(x1) among them the surface already bends. Add a layer to bend it further.',
    );
  });
});
