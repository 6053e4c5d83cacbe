/**
 * Your own data, right: the CLI end of the data contract (issue 11), with the real binary.
 * Headerless files keep every row, columns are matched by name, labels by value, test sets are
 * read against the training data, continuous targets are refused, features are standardized for
 * data files, validation splits that miss a class are warned about, large data plots stay small.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mlpkit, tempDir } from './helpers.js';

const work = tempDir('mlpkit-contract-');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const f = (name: string) => join(work, name);
const quiet = ['--backend', 'fused', '--quiet'];

/** A deterministic pseudo-random stream for test data (no Math.random). */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Iris-like: 3 classes, 4 features with a header, 150 rows ordered by class. */
function irisLike(): { header: string[]; rows: number[][]; labels: string[] } {
  const r = stream(7);
  const centers = [[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.6, 2.0]];
  const names = ['setosa', 'versicolor', 'virginica'];
  const rows: number[][] = [];
  const labels: string[] = [];
  for (let k = 0; k < 3; k++) {
    for (let i = 0; i < 50; i++) {
      rows.push(centers[k]!.map((c) => Number((c + (r() - 0.5) * 0.8).toFixed(1))));
      labels.push(names[k]!);
    }
  }
  return { header: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], rows, labels };
}

beforeAll(() => {
  // Pima-like: 768 rows, 8 numeric features, label last, no header.
  const r = stream(3);
  const pima: string[] = [];
  for (let i = 0; i < 768; i++) {
    const glucose = Math.round(70 + r() * 130);
    const bmi = Number((18 + r() * 30).toFixed(1));
    const label = glucose + bmi * 2 > 180 ? 1 : 0;
    pima.push([Math.floor(r() * 15), glucose, Math.round(50 + r() * 50), Math.round(r() * 60), Math.round(r() * 300), bmi, Number((r() * 2).toFixed(3)), Math.round(21 + r() * 60), label].join(','));
  }
  pima[0] = '6,148,72,35,0,33.6,0.627,50,1';
  writeFileSync(f('pima.csv'), `${pima.join('\n')}\n`);
  writeFileSync(f('pima-features.csv'), `${pima.slice(0, 20).map((l) => l.split(',').slice(0, 8).join(',')).join('\n')}\n`);

  const iris = irisLike();
  const line = (cols: number[], row: number[], label?: string) => [...cols.map((c) => row[c]), ...(label !== undefined ? [label] : [])].join(',');
  writeFileSync(f('iris.csv'), `${[...iris.header, 'species'].join(',')}\n${iris.rows.map((row, i) => line([0, 1, 2, 3], row, iris.labels[i])).join('\n')}\n`);
  // The same rows with the columns reordered, an extra id column, and no labels.
  writeFileSync(f('iris-reordered.csv'), `petal_width,id,sepal_width,petal_length,sepal_length\n${iris.rows.map((row, i) => [row[3], i, row[1], row[2], row[0]].join(',')).join('\n')}\n`);
  writeFileSync(f('iris-renamed.csv'), `sepal_length,sepal_width,petal_len,petal_width\n${iris.rows.map((row) => row.join(',')).join('\n')}\n`);
  writeFileSync(f('iris-features.csv'), `${iris.header.join(',')}\n${iris.rows.map((row) => row.join(',')).join('\n')}\n`);
  // A continuous target as the last column.
  writeFileSync(f('regression.csv'), `a,b,price\n${Array.from({ length: 300 }, (_, i) => `${i % 7},${i % 5},${(i * 1.37).toFixed(2)}`).join('\n')}\n`);
  // Quoted labels after a space.
  writeFileSync(f('quoted.csv'), 'x0, x1, label\n0.1, 0.2, "a"\n0.9, 0.8, "b, c"\n0.2, 0.1, "a"\n0.8, 0.9, "b, c"\n');
});

describe('headerless files keep every row', () => {
  it('train on a Pima-like file: 768 rows, features x0..x7, and the summary says there is no header', async () => {
    const r = await mlpkit(['train', '--dataset', f('pima.csv'), '--layers', '8', '--epochs', '2', '--backend', 'fused', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.dataset.rows).toBe(768);
    expect(m.yTrue).toHaveLength(768);
    expect(m.features).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']);
    expect(r.stderr).toContain('read pima.csv: 768 rows; no header row (the first row holds data like the others; columns named x0, x1, … by position; --header if it holds names); label column "x8"; 8 features');
  });

  it('predict on a headerless file of the model\'s width predicts every row, with a note', async () => {
    const out = f('pima-run');
    expect((await mlpkit(['train', '--dataset', f('pima.csv'), '--layers', '8', '--epochs', '2', '--no-png', '--out', out, ...quiet])).code).toBe(0);
    const r = await mlpkit(['predict', '--model', join(out, 'model', 'model.json'), '--input', f('pima-features.csv'), '--backend', 'fused']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('x0,x1,x2,x3,x4,x5,x6,x7,predicted,p_0,p_1');
    expect(lines).toHaveLength(21);
    expect(lines[1]!.startsWith('6,148,72,35,0,33.6,0.627,50,')).toBe(true);
    expect(r.stderr).toContain('pima-features.csv: the file has no header row: its 8 feature columns are taken by position as x0, x1, x2, x3, x4, x5, x6, x7');
  });
});

describe('columns are matched by name', () => {
  const out = f('iris-run');
  beforeAll(async () => {
    const r = await mlpkit(['train', '--dataset', f('iris.csv'), '--layers', '8', '--epochs', '30', '--no-png', '--out', out, ...quiet]);
    if (r.code !== 0) throw new Error(r.stderr);
  });

  it('predict with reordered columns and an extra one gives the same predictions as in order', async () => {
    const inOrder = await mlpkit(['predict', '--model', out, '--input', f('iris-features.csv'), '--backend', 'fused', '--json']);
    const reordered = await mlpkit(['predict', '--model', out, '--input', f('iris-reordered.csv'), '--backend', 'fused', '--json']);
    expect(reordered.code, reordered.stderr).toBe(0);
    expect(JSON.parse(reordered.stdout).predictions).toEqual(JSON.parse(inOrder.stdout).predictions);
    expect(reordered.stderr).toContain('matched the columns by name');
    expect(reordered.stderr).toContain('ignored column the model does not use: id');
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(JSON.parse(inOrder.stdout).predictions.map((p: { class: number }) => p.class)).toEqual(m.yPred);
  });

  it('a renamed column is exit 2 naming it', async () => {
    const r = await mlpkit(['predict', '--model', out, '--input', f('iris-renamed.csv'), '--backend', 'fused']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlpkit: error: \S*iris-renamed\.csv: CSV lacks the model's feature column "petal_length" \(the model takes sepal_length, sepal_width, petal_length, petal_width; the file has sepal_length, sepal_width, petal_len, petal_width\); rename the file's column to the model's feature name \(petal_length\)$/m);
  });

  it('the saved model remembers features, classes, label column and preprocessing', () => {
    const meta = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')).userDefinedMetadata;
    expect(meta.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(meta.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(meta.labelColumn).toBe('species');
    expect(meta.preprocessing.standardize.mean).toHaveLength(4);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.features).toEqual(meta.featureNames);
    expect(m.preprocessing.standardize).toEqual(meta.preprocessing.standardize);
    expect(m.warnings).toEqual([]);
  });
});

describe('test sets and labels', () => {
  it('train --test with a subset of the classes ({0, 2} of spiral) scores class 2 as 2, like evaluate', async () => {
    const spiral = await mlpkit(['data', 'spiral', '--samples', '300', '--seed', '5']);
    const rows = spiral.stdout.trim().split('\n');
    const subset = [rows[0], ...rows.slice(1).filter((l) => !l.endsWith(',1'))];
    writeFileSync(f('spiral-02.csv'), `${subset.join('\n')}\n`);
    const out = f('spiral-run');
    const r = await mlpkit(['train', '--dataset', 'spiral', '--model', 'spiral3-ann', '--epochs', '30', '--test', f('spiral-02.csv'), '--out', out, '--no-png', '--json', ...quiet]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.yTrue.filter((v: number) => v === 2)).toHaveLength(100);
    expect(m.yTrue.filter((v: number) => v === 1)).toHaveLength(0);
    expect(m.confusionMatrix).toHaveLength(3);
    // As sklearn's classification_report by default: rows for the labels present in yTrue or yPred.
    expect(m.report.classes.find((c: { id: number }) => c.id === 2).support).toBe(100);
    expect(m.report.classes.map((c: { id: number }) => c.id)).toEqual([0, 1, 2].filter((id) => m.yTrue.includes(id) || m.yPred.includes(id)));
    const e = await mlpkit(['evaluate', '--model', out, '--dataset', f('spiral-02.csv'), '--backend', 'fused', '--json']);
    expect(e.code, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout).accuracy).toBe(m.accuracy);
  });

  it('a test set of one class evaluates with the full confusion matrix; 0.0/1.0 match 0/1', async () => {
    const data = await mlpkit(['data', 'moons', '--samples', '200', '--seed', '1']);
    writeFileSync(f('moons.csv'), data.stdout);
    const lines = data.stdout.trim().split('\n');
    writeFileSync(f('moons-ones.csv'), `${[lines[0], ...lines.slice(1).filter((l) => l.endsWith(',1'))].join('\n')}\n`);
    writeFileSync(f('moons-float.csv'), `${[lines[0], ...lines.slice(1).map((l) => l.replace(/,([01])$/, ',$1.0'))].join('\n')}\n`);
    const out = f('moons-run');
    expect((await mlpkit(['train', '--dataset', f('moons.csv'), '--layers', '8', '--epochs', '20', '--no-png', '--out', out, ...quiet])).code).toBe(0);
    const one = await mlpkit(['evaluate', '--model', out, '--dataset', f('moons-ones.csv'), '--backend', 'fused', '--json']);
    expect(one.code, one.stderr).toBe(0);
    const e = JSON.parse(one.stdout);
    expect(e.confusionMatrix).toHaveLength(2);
    expect(e.confusionMatrix[0]).toEqual([0, 0]);
    expect(e.yTrue.every((v: number) => v === 1)).toBe(true);
    const floats = await mlpkit(['evaluate', '--model', out, '--dataset', f('moons-float.csv'), '--backend', 'fused', '--json']);
    const whole = await mlpkit(['evaluate', '--model', out, '--dataset', f('moons.csv'), '--backend', 'fused', '--json']);
    expect(floats.code, floats.stderr).toBe(0);
    expect(JSON.parse(floats.stdout).accuracy).toBe(JSON.parse(whole.stdout).accuracy);
    writeFileSync(f('moons-bad.csv'), `${lines[0]}\n0.5,0.5,7\n`);
    const bad = await mlpkit(['evaluate', '--model', out, '--dataset', f('moons-bad.csv'), '--backend', 'fused']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/moons-bad\.csv: CSV row 2, column "label": label "7" is not one of the model's classes \(0, 1\): a model cannot predict a class it never saw in training; to evaluate on "7", train the model on data that contains it$/m);
  });

  it('a continuous target trains a regression model; --task classification refuses it with a message that says so', async () => {
    const r = await mlpkit(['train', '--dataset', f('regression.csv'), '--layers', '4', '--epochs', '1', '--backend', 'fused', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).task).toBe('regression');
    const c = await mlpkit(['train', '--dataset', f('regression.csv'), '--task', 'classification', '--layers', '4', '--epochs', '1', '--backend', 'fused']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/^mlpkit: error: \S*regression\.csv: CSV column "price" holds numbers with a fractional part .*$/m);
    expect(c.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('quoted labels after a space lose their quotes', async () => {
    const r = await mlpkit(['train', '--dataset', f('quoted.csv'), '--layers', '2', '--epochs', '1', '--json', ...quiet]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).report.classes.map((c: { label: string }) => c.label)).toEqual(['a', 'b, c']);
  });
});

describe('scaling and validation splits', () => {
  it('features around 1e6: standardized by default for a file (accurate), warned about with --no-standardize', async () => {
    const data = await mlpkit(['data', 'moons', '--samples', '400', '--noise', '0.1', '--seed', '2']);
    const lines = data.stdout.trim().split('\n');
    writeFileSync(f('big.csv'), `${[lines[0], ...lines.slice(1).map((l) => { const [a, b, y] = l.split(','); return `${Number(a) * 1e6},${Number(b) * 1e6},${y}`; })].join('\n')}\n`);
    const args = ['train', '--dataset', f('big.csv'), '--layers', '8', '--activation', 'tanh', '--epochs', '40', '--backend', 'fused', '--json'];
    const std = await mlpkit(args);
    expect(std.code, std.stderr).toBe(0);
    expect(std.stderr).toContain('standardizing the 2 features (mean and std of the training rows, saved with the model; --no-standardize to train on raw values)');
    const m = JSON.parse(std.stdout);
    expect(m.accuracy).toBeGreaterThan(0.85);
    const raw = await mlpkit([...args, '--no-standardize']);
    const rm = JSON.parse(raw.stdout);
    expect(rm.preprocessing.standardize).toBeNull();
    expect(rm.warnings[0]).toMatch(/^the features are not on a common scale \(feature "x[01]" reaches \S+ in magnitude\): the network may train to chance; standardize them \(--standardize\)$/);
    expect(raw.stderr).toContain(`mlpkit: warning: ${rm.warnings[0]}`);
    expect(m.accuracy).toBeGreaterThan(rm.accuracy);
  });

  it('--validation-split on class-ordered rows warns; --validation-split-mode stratified does not', async () => {
    const last = await mlpkit(['train', '--dataset', f('iris.csv'), '--layers', '4', '--epochs', '2', '--validation-split', '0.2', '--backend', 'fused', '--json']);
    expect(last.code, last.stderr).toBe(0);
    // The last 20% of 150 class-ordered rows are all virginica.
    const warning = 'the validation rows (the last 30 rows) hold no rows of classes "setosa", "versicolor"; the rows look ordered by class: use --validation-split-mode stratified, or shuffle the file';
    expect(JSON.parse(last.stdout).warnings).toContain(warning);
    expect(last.stderr).toContain(`mlpkit: warning: ${warning}`);
    const strat = await mlpkit(['train', '--dataset', f('iris.csv'), '--layers', '4', '--epochs', '2', '--validation-split', '0.2', '--validation-split-mode', 'stratified', '--backend', 'fused', '--json']);
    expect(strat.code, strat.stderr).toBe(0);
    const s = JSON.parse(strat.stdout);
    expect(s.warnings).toEqual([]);
    expect([0, 1, 2].map((k) => s.yTrue.filter((v: number) => v === k).length)).toEqual([10, 10, 10]);
  });
});

describe('files in, files out', () => {
  it('data --format json reads back with train --dataset file.json; --model accepts model.json', async () => {
    const json = f('spiral.json');
    expect((await mlpkit(['data', 'spiral', '--samples', '90', '--format', 'json', '--out', json])).code).toBe(0);
    const out = f('json-run');
    const r = await mlpkit(['train', '--dataset', json, '--layers', '6', '--epochs', '3', '--no-png', '--out', out, '--json', ...quiet]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).dataset).toMatchObject({ name: 'spiral.json', rows: 90 });
    const e = await mlpkit(['evaluate', '--model', join(out, 'model', 'model.json'), '--dataset', 'spiral', '--samples', '90', '--backend', 'fused', '--json']);
    expect(e.code, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout).yTrue).toHaveLength(90);
  });

  it('a 200,000-row run draws at most 5,000 points: small SVGs, the caption says so', async () => {
    const out = f('big-run');
    const r = await mlpkit(['train', '--dataset', 'moons', '--samples', '200000', '--layers', '4', '--epochs', '1', '--no-png', '--out', out, ...quiet]);
    expect(r.code, r.stderr).toBe(0);
    const boundary = readFileSync(join(out, 'boundary.svg'), 'utf8');
    expect(boundary).toContain('5,000 of 200,000 points shown (stratified sample)');
    expect(boundary.length).toBeLessThan(1_500_000);
    expect(readFileSync(join(out, 'data.svg'), 'utf8').length).toBeLessThan(800_000);
    expect(readFileSync(join(out, 'report.html'), 'utf8').length).toBeLessThan(5_000_000);
  });
});
