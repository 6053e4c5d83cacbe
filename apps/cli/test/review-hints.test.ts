/**
 * A new user's review, with the real binary: every error on a data file says how to fix it
 * (headerless layouts, the label column, missing values, decimal commas, renamed columns, unseen
 * classes, a folder for a file), `--quiet` is accepted by every command, and counts of one are
 * singular.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mlpkit, tempDir } from './helpers.js';

const work = tempDir('mlpkit-hints-');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const f = (name: string) => join(work, name);
const fused = ['--backend', 'fused'];

const names = ['setosa', 'versicolor', 'virginica'];
const centers = [[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.6, 2.0]];
/** Iris-like rows (features and class), deterministic: 8 per class. */
const rows: Array<{ x: number[]; label: string }> = [];
for (let k = 0; k < 3; k++) {
  for (let i = 0; i < 8; i++) rows.push({ x: centers[k]!.map((c, j) => Number((c + ((i * 7 + j * 3) % 9) / 20 - 0.2).toFixed(2))), label: names[k]! });
}
const features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const lines = (fn: (r: { x: number[]; label: string }, i: number) => string) => `${rows.map(fn).join('\n')}\n`;
const model = f('run-iris');

beforeAll(async () => {
  // The label first, with a header: species,sepal_length,…
  writeFileSync(f('iris.csv'), `species,${features.join(',')}\n${lines((r) => [r.label, ...r.x].join(','))}`);
  writeFileSync(f('nohdr-labellast.csv'), lines((r) => [...r.x, r.label].join(',')));
  writeFileSync(f('nohdr-id.csv'), lines((r, i) => [660 + i, ...r.x, r.label].join(',')));
  writeFileSync(f('one-row.csv'), `${[...rows[0]!.x, rows[0]!.label].join(',')}\n`);
  const r = await mlpkit(['train', '--dataset', f('iris.csv'), '--label-column', 'species', '--layers', '8', '--epochs', '3', ...fused, '--quiet', '--out', model]);
  expect(r.code).toBe(0);
}, 120_000);

const layout =
  "a file without a header row is read in the training file's layout (5 columns: species, sepal_length, sepal_width, petal_length, petal_width; the label species in column 0); if the label is in another column, pass --label-column <index>, or add a header row naming the columns";

describe('A: a headerless file given to evaluate / predict', () => {
  it('label last, against a model trained with the label first: the error explains the layout, not --header', async () => {
    const r = await mlpkit(['evaluate', '--model', model, '--dataset', f('nohdr-labellast.csv'), ...fused]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlpkit: error: \S*nohdr-labellast\.csv: CSV row 1, column "x4" \(the model's feature "petal_width"\): "setosa" is not a number: (.*)$/m);
    expect(r.stderr).toContain(layout);
    expect(r.stderr).not.toContain('--header');
  });
  it('with --label-column -1: the label from that column, the features from the others in order', async () => {
    const r = await mlpkit(['evaluate', '--model', model, '--dataset', f('nohdr-labellast.csv'), '--label-column', '-1', ...fused, '--json']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout) as { dataset: { rows: number }; confusionMatrix: number[][] };
    expect(m.dataset.rows).toBe(24);
    // Every class present with its 8 rows: the labels were read from column 4.
    expect(m.confusionMatrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([8, 8, 8]);
    expect(r.stderr).toContain('nohdr-labellast.csv: the file has no header row: its 4 feature columns are taken by position as sepal_length, sepal_width, petal_length, petal_width and column 4 as the label');
    // The same file through the label-first layout gives the same evaluation as a named file.
    writeFileSync(f('named.csv'), `${features.join(',')},species\n${readFileSync(f('nohdr-labellast.csv'), 'utf8')}`);
    const named = await mlpkit(['evaluate', '--model', model, '--dataset', f('named.csv'), ...fused, '--json']);
    expect(JSON.parse(named.stdout).confusionMatrix).toEqual(m.confusionMatrix);
  });
  it('predict --label-column -1 leaves the label out and echoes it under the model\'s label name', async () => {
    const r = await mlpkit(['predict', '--model', model, '--input', f('nohdr-labellast.csv'), '--label-column', '-1', ...fused]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,species,predicted,p_setosa,p_versicolor,p_virginica');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(25);
  });
  it('a file in neither layout (an extra id column) names the layouts the model reads', async () => {
    const r = await mlpkit(['evaluate', '--model', model, '--dataset', f('nohdr-id.csv'), ...fused]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(
      /nohdr-id\.csv: CSV has no header row and 6 columns, but the model takes 4 features \(sepal_length, sepal_width, petal_length, petal_width\) plus a label column \(last\) or the training file's 5 columns \(species, sepal_length, sepal_width, petal_length, petal_width\); add a header row naming the columns so they can be matched by name$/,
    );
    expect(r.stderr).not.toContain('is not one of the model');
  });
});

describe('B: one-line errors that carry the fix', () => {
  it('a class column that is not the label names the label column and --label-column', async () => {
    const r = await mlpkit(['train', '--dataset', f('iris.csv'), '--layers', '16', ...fused]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(
      /^mlpkit: error: \S*iris\.csv: CSV row 2, column "species": "setosa" is not a number \(the label column is "petal_width"; if "species" is the label, pass --label-column species \/ labelColumn: "species"\)$/,
    );
  });
  it('missing values: how many rows, and remove or fill them (no imputation)', async () => {
    writeFileSync(f('wine.csv'), 'alcohol,malic_acid,class\n13.2,1.78,1\n13.1,,2\n12.4,1.2,1\n14.1,,2\n');
    const r = await mlpkit(['train', '--dataset', f('wine.csv'), '--layers', '4', ...fused]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(
      /wine\.csv: CSV row 3, column "malic_acid": missing value \(2 rows have missing values\); remove or fill in the rows with missing values: mlpkit does not impute them$/,
    );
  });
  it('decimal commas are named, with the fix', async () => {
    writeFileSync(f('comma.csv'), 'a;b;label\n5,8;1,0;x\n6,1;2,5;y\n4,9;0,5;x\n');
    const r = await mlpkit(['train', '--dataset', f('comma.csv'), '--layers', '4', ...fused]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(
      /comma\.csv: CSV row 2, column "a": "5,8" is not a number: the file seems to use decimal commas; mlpkit reads decimal points only, so convert the commas to points \(fields may stay separated by ";"\)$/,
    );
  });
  it('renamed columns: rename them to the model\'s feature names', async () => {
    writeFileSync(f('renamed.csv'), `species,sepal_length,sepal_width,petal_len,petal_wid\n${lines((r) => [r.label, ...r.x].join(','))}`);
    const r = await mlpkit(['evaluate', '--model', model, '--dataset', f('renamed.csv'), ...fused]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(/; rename the file's columns to the model's feature names \(petal_length, petal_width\)$/);
  });
  it('an unseen class in a --test file or an evaluate file: the model cannot predict it', async () => {
    writeFileSync(f('unseen.csv'), `species,${features.join(',')}\nsetosa,5,3.4,1.5,0.2\nhybrid,6,3,5,1.8\n`);
    const message = /unseen\.csv: CSV row 3, column "species": label "hybrid" is not one of the model's classes \(setosa, versicolor, virginica\): a model cannot predict a class it never saw in training; to evaluate on "hybrid", train the model on data that contains it$/;
    const evaluate = await mlpkit(['evaluate', '--model', model, '--dataset', f('unseen.csv'), ...fused]);
    expect(evaluate.code).toBe(2);
    expect(evaluate.stderr.trimEnd()).toMatch(message);
    const test = await mlpkit(['train', '--dataset', f('iris.csv'), '--label-column', 'species', '--layers', '4', '--epochs', '1', '--test', f('unseen.csv'), ...fused, '--quiet']);
    expect(test.code).toBe(2);
    expect(test.stderr.trimEnd()).toMatch(message);
  });
});

describe('C: --quiet on every command', () => {
  it('data, datasets, models, backends and experiments list take --quiet', async () => {
    const data = await mlpkit(['data', 'moons', '--samples', '5', '--quiet']);
    expect(data.code).toBe(0);
    expect(data.stdout.split('\n')[0]).toBe('x0,x1,label');
    expect(data.stderr).toBe('');
    // --out: the "wrote …" note is silenced; without --quiet it is there (singular for 1 row).
    const quietOut = await mlpkit(['data', 'moons', '--samples', '5', '--out', f('m5.csv'), '--quiet']);
    expect([quietOut.code, quietOut.stderr]).toEqual([0, '']);
    const loud = await mlpkit(['data', 'moons', '--samples', '1', '--out', f('m1.csv')]);
    expect(loud.stderr).toBe(`wrote 1 row of moons to ${f('m1.csv')}\n`);
    for (const args of [['datasets'], ['models'], ['backends'], ['experiments', 'list']]) {
      const r = await mlpkit([...args, '--quiet']);
      expect([args.join(' '), r.code, r.stderr]).toEqual([args.join(' '), 0, '']);
      expect(r.stdout.length).toBeGreaterThan(0);
    }
  });
});

describe('E: a folder for a file, counts of one', () => {
  it('a folder given as a data file says so (and points a saved model to --model)', async () => {
    const dir = f('ex');
    mkdirSync(dir);
    const expected = `is a folder; expected a CSV or JSON data file, or a dataset name (see \`mlpkit datasets\`)`;
    const train = await mlpkit(['train', '--dataset', dir, '--layers', '4']);
    expect([train.code, train.stderr]).toEqual([2, `mlpkit: error: --dataset ${dir}: ${dir} ${expected}\n`]);
    const testSet = await mlpkit(['train', '--dataset', 'moons', '--test', dir, '--layers', '4']);
    expect([testSet.code, testSet.stderr]).toEqual([2, `mlpkit: error: --test ${dir}: ${dir} is a folder; expected a CSV file, or a dataset name (see \`mlpkit datasets\`)\n`]);
    const evaluate = await mlpkit(['evaluate', '--model', model, '--dataset', model]);
    expect([evaluate.code, evaluate.stderr]).toEqual([2, `mlpkit: error: --dataset ${model}: ${model} ${expected}; it holds a saved model: pass it to --model\n`]);
    const predict = await mlpkit(['predict', '--model', model, '--input', dir]);
    expect([predict.code, predict.stderr]).toEqual([2, `mlpkit: error: --input ${dir}: ${dir} is a folder; expected a CSV file\n`]);
    const data = await mlpkit(['data', dir]);
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/is a folder; expected a dataset name/);
  });
  it('a registry name wins over a folder of that name', async () => {
    mkdirSync(f('moons'));
    const r = await mlpkit(['data', 'moons', '--samples', '2', '--quiet'], { cwd: work });
    expect(r.code).toBe(0);
  });
  it('an evaluation of one row says "1 row"', async () => {
    const r = await mlpkit(['evaluate', '--model', model, '--dataset', f('one-row.csv'), '--label-column', '-1', ...fused, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Accuracy on one-row\.csv \(1 row\): /m);
  });

  it('one epoch: singular words in the summary, the seed notes and the report', async () => {
    const out = join(work, 'one-epoch');
    const r = await mlpkit(['train', '--dataset', 'moons', '--samples', '50', '--layers', '2', '--epochs', '1', ...fused, '--no-png', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/for 1 epoch with fused in/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('- **Training:** 1 epoch on backend `fused`');
    const seeds = await mlpkit(['train', '--dataset', 'moons', '--samples', '50', '--layers', '2', '--epochs', '1', '--seeds', '2', '--jobs', '1', ...fused]);
    expect(seeds.stderr).toMatch(/seed 1: accuracy \S+ on the train data \(1 epoch, fused\)/);
  });
});
