import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  classesFromProbabilities,
  classificationReport,
  confusionMatrix,
  formatClassificationReport,
  formatConfusionMatrix,
  logLoss,
} from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
// The fenced blocks of the Example section: the code, its output, the Markdown rendering.
const fences = [...readme.slice(readme.indexOf('## Example')).matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] as string);

describe('README example', () => {
  it('prints the output shown in the README', () => {
    const yTrue = [0, 1, 2, 2, 2];
    const yPred = [0, 0, 2, 2, 1];
    const names = ['class 0', 'class 1', 'class 2'];
    const report = classificationReport(yTrue, yPred, { classNames: names });
    const probs = Float32Array.from([0.7, 0.2, 0.1, 0.6, 0.3, 0.1, 0.1, 0.1, 0.8, 0.2, 0.2, 0.6, 0.2, 0.5, 0.3]);
    // console.log adds a newline after each value
    const printed = [
      formatClassificationReport(report),
      formatConfusionMatrix(confusionMatrix(yTrue, yPred), { labels: names }),
      '[ 0, 0, 2, 2, 1 ]',
      logLoss(yTrue, probs, { classes: 3 }).toFixed(4),
    ]
      .map((value) => `${value}\n`)
      .join('');
    expect(Array.from(classesFromProbabilities(probs, 3))).toEqual([0, 0, 2, 2, 1]);
    expect(fences[1]).toBe(printed);
    expect(fences[2]).toBe(formatClassificationReport(report, { format: 'markdown' }));
  });
});
