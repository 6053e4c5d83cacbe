/**
 * Regression and input features from the command line (issue 14), and the data-contract review
 * fixes (issue 11) that came with them: a continuous label column trains a regression model,
 * evaluate/predict keep the target's units, headerless files follow the training layout, every
 * input column is echoed by predict, and bad inputs are one-line errors.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mlpkit, tempDir } from './helpers.js';

const work = tempDir('mlpkit-regression-');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const f = (name: string) => join(work, name);
const quiet = ['--backend', 'fused', '--quiet'];

/** y = 3·a − 2·b + 100 on a deterministic grid of (a, b), with an id column. */
function linearCsv(rows: number): string {
  const lines = ['id,a,b,price'];
  for (let i = 0; i < rows; i++) {
    const a = ((i * 37) % 101) / 10;
    const b = ((i * 53) % 97) / 10;
    lines.push(`r${i},${a},${b},${(3 * a - 2 * b + 100).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('regression from a CSV', () => {
  it('a continuous label trains a regression model; evaluate and predict stay in the target units', async () => {
    writeFileSync(f('price.csv'), linearCsv(300));
    const out = f('price-run');
    const r = await mlpkit(['train', '--dataset', f('price.csv'), '--ignore-columns', 'id', '--layers', '16', '--epochs', '150', '--lr', '0.01', '--out', out, '--no-png', '--backend', 'fused']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('price.csv: label column "price" holds continuous numbers: training a regression model (--task classification if they are class labels)');
    expect(r.stderr).toContain('standardizing the target "price" for training');
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.task).toBe('regression');
    expect(m.r2).toBeGreaterThan(0.99);
    expect(r.stdout).toContain(`R² on the train data: ${m.r2.toFixed(4)}`);
    expect(m.targets).toEqual(['price']);
    expect(m.preprocessing.standardizeTarget.mean[0]).toBeGreaterThan(90);
    for (const plot of ['surface', 'history', 'predicted', 'residuals']) expect(existsSync(join(out, `${plot}.svg`)), plot).toBe(true);
    expect(existsSync(join(out, 'boundary.svg'))).toBe(false);
    const meta = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')).userDefinedMetadata;
    expect(meta.task).toBe('regression');
    expect(meta.preprocessing.standardizeTarget).toEqual(m.preprocessing.standardizeTarget);

    const e = await mlpkit(['evaluate', '--model', out, '--dataset', f('price.csv'), '--backend', 'fused', '--json']);
    expect(e.code, e.stderr).toBe(0);
    const ev = JSON.parse(e.stdout);
    expect(ev.task).toBe('regression');
    expect(ev.r2).toBeCloseTo(m.r2, 6);

    // Columns in another order, an extra column: matched by name; every input column is echoed.
    writeFileSync(f('new.csv'), 'b,note,a\n1.5,"x, y",2\n0,z,0\n');
    const p = await mlpkit(['predict', '--model', out, '--input', f('new.csv'), '--backend', 'fused']);
    expect(p.code, p.stderr).toBe(0);
    const lines = p.stdout.trim().split('\n');
    expect(lines[0]).toBe('b,note,a,predicted');
    expect(lines[1]!.startsWith('1.5,"x, y",2,')).toBe(true);
    const predicted = [Number(lines[1]!.split(',').at(-1)), Number(lines[2]!.split(',').at(-1))];
    // 3·2 − 2·1.5 + 100 = 103 and 100, within the fit's error.
    expect(Math.abs(predicted[0]! - 103)).toBeLessThan(1);
    expect(Math.abs(predicted[1]! - 100)).toBeLessThan(1);
    expect(p.stderr).toContain('new.csv: column the model does not use, copied to the output as it is: note');
  });

  it('--task overrides the detection both ways, and refuses a mismatch with a fixed-task dataset', async () => {
    writeFileSync(f('ints.csv'), `x,label\n${Array.from({ length: 40 }, (_, i) => `${i / 10},${i % 4}`).join('\n')}\n`);
    const c = await mlpkit(['train', '--dataset', f('ints.csv'), '--layers', '4', '--epochs', '2', '--json', ...quiet]);
    expect(JSON.parse(c.stdout).task).toBe('classification');
    const r = await mlpkit(['train', '--dataset', f('ints.csv'), '--task', 'regression', '--layers', '4', '--epochs', '2', '--json', ...quiet]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).task).toBe('regression');
    const bad = await mlpkit(['train', '--dataset', 'plane', '--task', 'classification', '--layers', '4', '--epochs', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('mlpkit: error: --task classification: dataset "plane" is a regression dataset (numeric targets); leave out --task\n');
  });

  it('--loss picks a regression loss (Keras aliases too) and refuses one of the other task', async () => {
    const r = await mlpkit(['train', '--dataset', 'plane', '--layers', '4', '--epochs', '2', '--loss', 'mae', '--json', ...quiet]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).spec.compile.loss).toBe('meanAbsoluteError');
    const bad = await mlpkit(['train', '--dataset', 'moons', '--layers', '4', '--epochs', '1', '--loss', 'huber']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'mlpkit: error: --loss huber: not a classification loss; classification losses: binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, meanSquaredError\n',
    );
  });

  it('--plot-features picks the surface of a wider dataset; the others are held at their medians', async () => {
    const out = f('friedman-run');
    const r = await mlpkit(['train', '--dataset', 'friedman1', '--samples', '200', '--layers', '8', '--epochs', '3', '--plot-features', 'x3,1', '--out', out, '--no-png', ...quiet]);
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(join(out, 'surface.svg'), 'utf8');
    expect(svg).toContain('a slice: 8 other features held at their training medians');
    expect(svg).toContain('>x3</text>');
    const bad = await mlpkit(['train', '--dataset', 'friedman1', '--layers', '8', '--epochs', '1', '--plot-features', 'x3,z']);
    expect(bad.stderr).toBe('mlpkit: error: --plot-features: no feature "z" (the features are x0, x1, x2, x3, x4, x5, x6, x7, x8, x9; or give 0-based indices)\n');
  });

  it('train --seeds summarises R² for a regression run', async () => {
    const r = await mlpkit(['train', '--dataset', 'plane', '--layers', '4', '--epochs', '3', '--seeds', '2', '--jobs', '1', '--json', ...quiet]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.r2.median).toBeCloseTo((s.runs[0].r2 + s.runs[1].r2) / 2, 10);
    expect(s.runs.map((m: { task: string }) => m.task)).toEqual(['regression', 'regression']);
  });
});

describe('input features (--features)', () => {
  it('x0^2, x1^2 let logistic regression separate circles (0.5 → 1.0 accuracy)', async () => {
    const plain = await mlpkit(['train', '--dataset', 'circles', '--samples', '400', '--noise', '0.05', '--factor', '0.3', '--model', 'circles-logreg', '--epochs', '100', '--json', ...quiet]);
    const squared = await mlpkit(['train', '--dataset', 'circles', '--samples', '400', '--noise', '0.05', '--factor', '0.3', '--model', 'circles-logreg', '--features', 'x0^2, x1^2', '--epochs', '100', '--json', ...quiet]);
    expect(squared.code, squared.stderr).toBe(0);
    const m = JSON.parse(squared.stdout);
    expect(m.spec.features).toEqual(['x0^2', 'x1^2']);
    expect(m.accuracy).toBeGreaterThanOrEqual(0.98);
    expect(JSON.parse(plain.stdout).accuracy).toBeLessThan(0.75);
  });

  it('features by column name survive save and predict; an unknown column is one line naming the columns', async () => {
    writeFileSync(f('named.csv'), `width,height,label\n${Array.from({ length: 60 }, (_, i) => `${(i % 7) - 3},${(i % 5) - 2},${((i % 7) - 3) * ((i % 5) - 2) > 0 ? 'same' : 'diff'}`).join('\n')}\n`);
    const out = f('named-run');
    const r = await mlpkit(['train', '--dataset', f('named.csv'), '--layers', '4', '--features', 'width*height,width,height', '--epochs', '5', '--out', out, '--no-png', ...quiet]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8')).features).toEqual(['x0*x1', 'x0', 'x1']);
    const p = await mlpkit(['predict', '--model', out, '--input', f('named.csv'), '--backend', 'fused']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout.split('\n')[0]).toBe('width,height,label,predicted,p_diff,p_same');
    const bad = await mlpkit(['train', '--dataset', f('named.csv'), '--layers', '4', '--features', 'depth^2', '--epochs', '1']);
    expect(bad.code).toBe(2);
    const errors = bad.stderr.trim().split('\n').filter((l) => l.startsWith('mlpkit: error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^mlpkit: error: --features: .*"depth".*width, height/);
  });
});

describe('data contract (review fixes)', () => {
  it('a headerless file trained with --label-column 0 is evaluated and predicted with the same layout', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => `${i % 2 ? 'b' : 'a'},${((i % 2) * 2 - 1) * (1 + (i % 5) / 10)},${(i % 3) / 10}`);
    writeFileSync(f('label-first.csv'), `${rows.join('\n')}\n`);
    const out = f('label-first-run');
    const t = await mlpkit(['train', '--dataset', f('label-first.csv'), '--label-column', '0', '--layers', '4', '--epochs', '40', '--lr', '0.05', '--out', out, '--no-png', ...quiet]);
    expect(t.code, t.stderr).toBe(0);
    const e = await mlpkit(['evaluate', '--model', out, '--dataset', f('label-first.csv'), '--backend', 'fused', '--json']);
    expect(e.code, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout).accuracy).toBe(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).accuracy);
    expect(e.stderr).toContain('column 0 as the label, as in the training file');
    const p = await mlpkit(['predict', '--model', out, '--input', f('label-first.csv'), '--backend', 'fused']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout.split('\n')[0]).toBe('x0,x1,x2,predicted,p_a,p_b');
  });

  it('files that are not UTF-8 are refused with the fix, not read as mojibake', async () => {
    writeFileSync(f('latin1.csv'), Buffer.from('x0,x1,label\n0.5,0.2,caf\xe9\n', 'latin1'));
    const r = await mlpkit(['train', '--dataset', f('latin1.csv'), '--layers', '4', '--epochs', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mlpkit: error: ${f('latin1.csv')} is not UTF-8 text (near line 2); save it as UTF-8 and try again\n`);
    writeFileSync(f('utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x0,x1,label\n', 'utf16le')]));
    const u = await mlpkit(['train', '--dataset', f('utf16.csv'), '--layers', '4', '--epochs', '1']);
    expect(u.stderr).toBe(`mlpkit: error: ${f('utf16.csv')} is UTF-16 text; save it as UTF-8 (e.g. "CSV UTF-8" in a spreadsheet) and try again\n`);
  });

  it('train --model with a trained model or a run folder points to the spec', async () => {
    const out = f('moons-run');
    await mlpkit(['train', '--dataset', 'moons', '--model', 'moons-logreg', '--epochs', '1', '--out', out, '--no-png', ...quiet]);
    const j = await mlpkit(['train', '--dataset', 'moons', '--model', join(out, 'model', 'model.json'), '--epochs', '1']);
    expect(j.code).toBe(2);
    expect(j.stderr).toBe(
      `mlpkit: error: --model ${join(out, 'model', 'model.json')} is a trained model (TF.js model.json), not a model spec; use it with \`mlpkit evaluate/predict --model\`, or train the same architecture again with --model ${join(out, 'spec.json')}\n`,
    );
    const d = await mlpkit(['train', '--dataset', 'moons', '--model', out, '--epochs', '1']);
    expect(d.stderr).toBe(`mlpkit: error: --model ${out} is a folder, not a model spec; to train the same model again, give its spec: --model ${join(out, 'spec.json')}\n`);
  });

  it('a non-finite model output is an error naming the file row, never a silent Infinity', async () => {
    // y = 10·(a + b): a linear model learns weights near 10, so inputs near 3e38 overflow float32.
    writeFileSync(f('tenfold.csv'), `a,b,y\n${Array.from({ length: 100 }, (_, i) => `${(i % 10) / 10},${Math.floor(i / 10) / 10},${(i % 10) + Math.floor(i / 10)}`).join('\n')}\n`);
    const out = f('tenfold-run');
    const t = await mlpkit(['train', '--dataset', f('tenfold.csv'), '--task', 'regression', '--layers', 'none', '--lr', '0.1', '--epochs', '100', '--no-standardize', '--no-standardize-target', '--out', out, '--no-png', ...quiet]);
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).r2).toBeGreaterThan(0.95);
    writeFileSync(f('huge.csv'), 'a,b\n0.5,0.5\n3e38,3e38\n');
    writeFileSync(f('huge-y.csv'), 'a,b,y\n0.5,0.5,10\n3e38,3e38,1\n');
    const p = await mlpkit(['predict', '--model', out, '--input', f('huge.csv'), '--backend', 'fused']);
    expect(p.code).toBe(2);
    expect(p.stderr).toBe(`mlpkit: error: ${f('huge.csv')}: the model's output for row 3 of the file is not a finite number: its inputs are likely far outside the range the model was trained on; check that row\n`);
    const e = await mlpkit(['evaluate', '--model', out, '--dataset', f('huge-y.csv'), '--backend', 'fused']);
    expect(e.code).toBe(2);
    expect(e.stderr).toBe(`mlpkit: error: ${f('huge-y.csv')}: the model's output for row 3 of the file is not a finite number: its inputs are likely far outside the range the model was trained on; check that row\n`);
  });

  it('"wrote 1 prediction" in the singular', async () => {
    const out = f('moons-run');
    writeFileSync(f('one.csv'), 'x0,x1\n0.5,0.2\n');
    const p = await mlpkit(['predict', '--model', out, '--input', f('one.csv'), '--out', f('one-pred.csv'), '--backend', 'fused']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).toContain(`wrote 1 prediction to ${f('one-pred.csv')}`);
  });
});

describe('second new-user review', () => {
  it('friedman1\'s feature count is --dataset-features on train (its --features is the input-feature stage)', async () => {
    const r = await mlpkit(['train', '--dataset', 'friedman1', '--dataset-features', '6', '--samples', '100', '--layers', '4', '--epochs', '1', '--json', ...quiet]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as { dataset: { params: { features: number } }; features: string[] };
    expect(m.dataset.params.features).toBe(6);
    expect(m.features).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x5']);
    const wrong = await mlpkit(['train', '--dataset', 'friedman1', '--features', '5', '--layers', '4', '--epochs', '1', ...quiet]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim()).toMatch(/^mlpkit: error: --features: feature "5": .*\(--features is the input-feature stage; a generated dataset's number of features is --dataset-features N\)$/);
  });

  it('headerless file with the label first: features named x1…x4 are referred to by name, never by position', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 2},${(i % 7) / 7},${(i % 5) / 5},${(i % 3) / 3},${(i % 11) / 11}`).join('\n');
    writeFileSync(f('label-first.csv'), `${rows}\n`);
    const ok = await mlpkit(['train', '--dataset', f('label-first.csv'), '--label-column', '0', '--layers', '2', '--epochs', '1', '--features', 'x1^2,x4', '--json', ...quiet]);
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { spec: { features: string[] } }).spec.features).toEqual(['x0^2', 'x3']);
    const bad = await mlpkit(['train', '--dataset', f('label-first.csv'), '--label-column', '0', '--layers', '2', '--epochs', '1', '--features', 'x0^2', ...quiet]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--features: feature "x0^2": no column is named "x0"; the columns are x1, x2, x3, x4 (here xK means the column of that name, not position K)');
  });

  it('says that --features on a standardized file use z-scores', async () => {
    const r = await mlpkit(['train', '--dataset', f('label-first.csv'), '--label-column', '0', '--layers', '2', '--epochs', '1', '--features', 'x1^2', '--backend', 'fused']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("--features are computed after standardizing: each term (e.g. x1^2) uses its columns' z-scores (value − mean) / std, not the raw values (a square loses the sign of the value); --no-standardize computes them from the raw values");
    const raw = await mlpkit(['train', '--dataset', f('label-first.csv'), '--label-column', '0', '--layers', '2', '--epochs', '1', '--features', 'x1^2', '--no-standardize', '--backend', 'fused']);
    expect(raw.stderr).not.toContain('computed after standardizing');
  });
});
