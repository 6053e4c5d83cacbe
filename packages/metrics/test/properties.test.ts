import { describe, expect, it } from 'vitest';
import {
  accuracy,
  classesFromProbabilities,
  classificationReport,
  confusionMatrix,
  formatClassificationReport,
  logLoss,
  uniqueLabels,
} from '../src/index.js';

/** Tiny deterministic LCG (Numerical Recipes constants), so every run sees the same vectors. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Case {
  seed: number;
  classes: number;
  yTrue: Int32Array;
  yPred: Int32Array;
}

/** Label vectors with a tunable fraction of correct predictions, so scores cover 0..1. */
function randomCase(seed: number): Case {
  const next = lcg(seed);
  const classes = 2 + Math.floor(next() * 6);
  const n = 1 + Math.floor(next() * 200);
  const skill = next();
  const yTrue = new Int32Array(n);
  const yPred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    yTrue[i] = Math.floor(next() * classes);
    yPred[i] = next() < skill ? (yTrue[i] as number) : Math.floor(next() * classes);
  }
  return { seed, classes, yTrue, yPred };
}

const cases = Array.from({ length: 300 }, (_, seed) => randomCase(seed + 1));

/** Direct per-label counting, independent of the confusion matrix. */
function referenceScores(yTrue: Int32Array, yPred: Int32Array, label: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yPred[i] === label && yTrue[i] === label) tp++;
    else if (yPred[i] === label) fp++;
    else if (yTrue[i] === label) fn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support: tp + fn };
}

describe('properties over seeded random label vectors', () => {
  it('confusion matrix sums to n, its diagonal gives accuracy, margins give supports', () => {
    for (const { yTrue, yPred, classes } of cases) {
      const n = yTrue.length;
      const cm = confusionMatrix(yTrue, yPred, { classes });
      expect(cm).toHaveLength(classes);
      const total = cm.flat().reduce((a, b) => a + b, 0);
      expect(total).toBe(n);
      const diagonal = cm.reduce((sum, row, i) => sum + (row[i] as number), 0);
      expect(diagonal / n).toBe(accuracy(yTrue, yPred));
      const report = classificationReport(yTrue, yPred, { classes });
      cm.forEach((row, i) => {
        expect(row.reduce((a, b) => a + b, 0)).toBe(report.classes[i]?.support);
      });
    }
  });

  it('per-class scores equal a direct tp/fp/fn count', () => {
    for (const { yTrue, yPred } of cases) {
      const report = classificationReport(yTrue, yPred);
      expect(report.classes.map((c) => c.id)).toEqual(uniqueLabels(yTrue, yPred));
      for (const c of report.classes) {
        const ref = referenceScores(yTrue, yPred, c.id as number);
        expect(c.precision).toBeCloseTo(ref.precision, 12);
        expect(c.recall).toBeCloseTo(ref.recall, 12);
        expect(c.f1).toBeCloseTo(ref.f1, 12);
        expect(c.support).toBe(ref.support);
      }
    }
  });

  it('weighted recall and the accuracy field equal accuracy; averages lie within the class range', () => {
    for (const { yTrue, yPred, classes } of cases) {
      const report = classificationReport(yTrue, yPred, { classes });
      const acc = accuracy(yTrue, yPred);
      expect(report.accuracy).toBe(acc);
      expect(report.weightedAvg.recall).toBeCloseTo(acc, 12);
      expect(report.support).toBe(yTrue.length);
      expect(report.classes.reduce((s, c) => s + c.support, 0)).toBe(yTrue.length);
      for (const key of ['precision', 'recall', 'f1'] as const) {
        const values = report.classes.map((c) => c[key]);
        expect(report.macroAvg[key]).toBeGreaterThanOrEqual(Math.min(...values) - 1e-12);
        expect(report.macroAvg[key]).toBeLessThanOrEqual(Math.max(...values) + 1e-12);
        expect(report.weightedAvg[key]).toBeGreaterThanOrEqual(0);
        expect(report.weightedAvg[key]).toBeLessThanOrEqual(1 + 1e-12);
      }
    }
  });

  it('text has one line per class plus header, accuracy and averages, all the same width', () => {
    for (const { yTrue, yPred, seed } of cases) {
      const report = classificationReport(yTrue, yPred);
      const lines = formatClassificationReport(report, { digits: 1 + (seed % 4) }).split('\n');
      // header, blank, k rows, blank, accuracy, macro, weighted, '' after the final newline
      expect(lines).toHaveLength(report.classes.length + 7);
      const filled = lines.filter((l) => l !== '');
      expect(new Set(filled.map((l) => l.length)).size).toBe(1);
    }
  });

  it('probabilities: argmax of one-hot rows recovers the labels and costs ≈ 0 log loss', () => {
    for (const { yTrue, classes } of cases.slice(0, 100)) {
      const probs = new Float32Array(yTrue.length * classes);
      yTrue.forEach((label, i) => (probs[i * classes + label] = 1));
      expect(Array.from(classesFromProbabilities(probs, classes))).toEqual(Array.from(yTrue));
      expect(logLoss(yTrue, probs, { classes })).toBeCloseTo(-Math.log(1 - 1e-7), 12);
    }
  });

  it('binary log loss of P(class 1) equals categorical log loss of [1 - p, p] rows', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const next = lcg(seed * 7919);
      const n = 1 + Math.floor(next() * 50);
      const y = Int32Array.from({ length: n }, () => (next() < 0.5 ? 0 : 1));
      const p = Array.from({ length: n }, () => next());
      const rows = p.flatMap((q) => [1 - q, q]);
      expect(logLoss(y, p)).toBeCloseTo(logLoss(y, rows, { classes: 2 }), 9);
      const predicted = classesFromProbabilities(p, 1);
      expect(Array.from(predicted)).toEqual(p.map((q) => (q > 0.5 ? 1 : 0)));
    }
  });
});
