/**
 * Drives the real built binary for each command. Fused backend and few epochs keep it fast.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { HAVE_SCRIPT, mlpkit, mlpkitOnTty, strayEntries, tempDir } from './helpers.js';

const work = tempDir();
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ESC = '\u001b[';
const CONTRACT_FIELDS = ['experiment', 'backend', 'seed', 'dataset', 'spec', 'epochs', 'history', 'evaluatedOn', 'accuracy', 'report', 'confusionMatrix', 'yTrue', 'yPred', 'trainMs'];

function csvLabels(text: string): number[] {
  return text.trim().split('\n').slice(1).map((line) => Number(line.split(',').at(-1)));
}

describe.concurrent('listing commands', () => {
  it('--help lists every command and exits 0', async () => {
    const r = await mlpkit(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['datasets', 'data', 'models', 'backends', 'train', 'evaluate', 'predict', 'experiments']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    }
  });

  it('datasets lists parameters with defaults (text and --json)', async () => {
    const text = await mlpkit(['datasets']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^circles — /m);
    expect(text.stdout).toMatch(/--factor\s+default 0.3\s+in \[0, 1\)/);
    expect(text.stdout).not.toContain(ESC);
    const json = await mlpkit(['datasets', '--json']);
    const list = JSON.parse(json.stdout) as Array<{ name: string; params: Array<{ name: string; default: unknown }> }>;
    const moons = list.find((d) => d.name === 'moons')!;
    expect(moons.params.find((p) => p.name === 'noise')!.default).toBe(0.05);
    expect(list.map((d) => d.name)).toEqual(expect.arrayContaining(['twospirals', 'circles', 'moons', 'linear', 'sine', 'spiral', 'xor-gauss', 'xor-table']));
  });

  it('models lists the 18 presets with parameter counts', async () => {
    const r = await mlpkit(['models', '--json']);
    expect(r.code).toBe(0);
    const presets = JSON.parse(r.stdout) as Array<{ name: string; params: number }>;
    expect(presets).toHaveLength(18);
    // 2-12-12-12-1: (2·12+12) + 2·(12·12+12) + (12+1) = 361
    expect(presets.find((p) => p.name === 'spirals-3x12')!.params).toBe(361);
  });

  it('backends reports availability with reasons', async () => {
    const r = await mlpkit(['backends', '--json']);
    expect(r.code).toBe(0);
    const backends = JSON.parse(r.stdout) as Array<{ name: string; available: boolean; reason?: string }>;
    expect(backends.find((b) => b.name === 'fused')).toMatchObject({ available: true });
    expect(backends.find((b) => b.name === 'cpu')).toMatchObject({ available: true });
    for (const b of backends.filter((x) => !x.available)) expect(b.reason).toBeTruthy();
  });

  it('experiments list has every id (text and --json)', async () => {
    const r = await mlpkit(['experiments', 'list', '--json']);
    const list = JSON.parse(r.stdout) as Array<{ id: string; reported: { text: string } }>;
    expect(list).toHaveLength(18);
    expect(list[0]).toMatchObject({ id: 'spirals-1x12', tutorial: '000' });
    const text = await mlpkit(['experiments', 'list']);
    expect(text.stdout).toContain('xor-table-32');
    expect(text.stdout).toContain('100% at epoch ~86');
  });
});

describe('data', () => {
  it('writes CSV with header x0,x1,label; the same seed gives the same rows', async () => {
    const a = await mlpkit(['data', 'circles', '--samples', '10', '--factor', '0.5', '--seed', '4']);
    const b = await mlpkit(['data', 'circles', '--samples', '10', '--factor', '0.5', '--seed', '4']);
    expect(a.code).toBe(0);
    const lines = a.stdout.trim().split('\n');
    expect(lines[0]).toBe('x0,x1,label');
    expect(lines).toHaveLength(11);
    expect(a.stdout).toBe(b.stdout);
    const json = await mlpkit(['data', 'circles', '--samples', '10', '--factor', '0.5', '--seed', '4', '--format', 'json']);
    const d = JSON.parse(json.stdout) as { x: number[]; y: number[]; params: { factor: number } };
    expect(d.y).toEqual(csvLabels(a.stdout));
    expect(d.x).toHaveLength(20);
    expect(d.params.factor).toBe(0.5);
  });
});

describe('train, evaluate, predict', () => {
  const out = join(work, 'run1');
  const csv = join(work, 'moons.csv');

  it('train --out writes metrics.json (contract), reports, plots and the model', async () => {
    const r = await mlpkit([
      'train', '--dataset', 'moons', '--samples', '300', '--noise', '0.1', '--seed', '2',
      '--layers', '8,8', '--activation', 'tanh', '--epochs', '15', '--batch-size', '16', '--backend', 'fused', '--out', out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Accuracy on the train data: 0\.\d{4}$/m);
    expect(r.stdout).toContain('   macro avg');
    expect(r.stdout).toContain('true \\ pred');
    const files = readdirSync(out).sort();
    expect(files).toEqual(
      ['.mlpkit-run.json', 'boundary.png', 'boundary.svg', 'confusion.png', 'confusion.svg', 'data.png', 'data.svg', 'history.png', 'history.svg', 'metrics.json', 'model', 'report.html', 'report.md', 'spec.json'],
    );
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(Object.keys(m)).toEqual(expect.arrayContaining(CONTRACT_FIELDS));
    expect(m).toMatchObject({ experiment: null, backend: 'fused', seed: 2, epochs: 15, evaluatedOn: 'train' });
    expect(m.dataset).toMatchObject({ name: 'moons', params: { samples: 300, noise: 0.1, seed: 2 }, rows: 300 });
    expect(m.history.loss).toHaveLength(15);
    expect(m.history.accuracy).toHaveLength(15);
    expect(m.history.val_loss).toEqual([]);
    expect(m.yTrue).toHaveLength(300);
    expect(m.yPred).toHaveLength(300);
    expect(m.spec.layers).toEqual([
      { units: 8, activation: 'tanh' },
      { units: 8, activation: 'tanh' },
      { units: 1, activation: 'sigmoid' },
    ]);
    expect(JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'))).toEqual(m.spec);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(4);
    // Self-contained: nothing is fetched (no scripts, stylesheets, images or other sources).
    expect(html).not.toMatch(/<(link|script|img|iframe)\b|\ssrc=|url\(/i);
    const png = readFileSync(join(out, 'boundary.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(existsSync(join(out, 'model', 'model.json'))).toBe(true);
    expect(strayEntries(work, ['run1'])).toEqual([]);
  });

  it('model/ is the TF.js layers format: plain TF.js loads it and predicts the run\'s yPred', async () => {
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const modelJson = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const weights = readFileSync(join(out, 'model', 'weights.bin'));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      }),
    );
    const data = JSON.parse((await mlpkit(['data', 'moons', '--samples', '300', '--noise', '0.1', '--seed', '2', '--format', 'json'])).stdout);
    const p = model.predict(tf.tensor2d(data.x, [300, 2])) as tf.Tensor;
    const yPred = Array.from(await p.data(), (v) => (v > 0.5 ? 1 : 0));
    p.dispose();
    model.dispose();
    expect(yPred).toEqual(m.yPred);
  });

  it('--model spec.json: the spec.json of a run trains the same model again (same seed, same result)', async () => {
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const r = await mlpkit([
      'train', '--dataset', 'moons', '--samples', '300', '--noise', '0.1', '--seed', '2',
      '--model', join(out, 'spec.json'), '--epochs', '15', '--batch-size', '16', '--backend', 'fused', '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const again = JSON.parse(r.stdout);
    expect(again.spec).toEqual(m.spec);
    expect(again.history.loss).toEqual(m.history.loss);
    expect(again.yPred).toEqual(m.yPred);
  });

  it('evaluate on the saved model reproduces the training run\'s accuracy', async () => {
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const r = await mlpkit(['evaluate', '--model', out, '--dataset', 'moons', '--samples', '300', '--noise', '0.1', '--seed', '2', '--backend', 'fused', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.accuracy).toBe(m.accuracy);
    expect(e.yPred).toEqual(m.yPred);
    expect(e.confusionMatrix).toEqual(m.confusionMatrix);
    const text = await mlpkit(['evaluate', '--model', join(out, 'model'), '--dataset', 'moons', '--samples', '300', '--noise', '0.1', '--seed', '2']);
    expect(text.stdout).toContain(`Accuracy on moons (300 rows): ${m.accuracy.toFixed(4)}`);
  });

  it('predict labels the rows of a CSV as the saved model does', async () => {
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const data = await mlpkit(['data', 'moons', '--samples', '300', '--noise', '0.1', '--seed', '2', '--out', csv]);
    expect(data.code).toBe(0);
    const predictions = join(work, 'pred.csv');
    const r = await mlpkit(['predict', '--model', out, '--input', csv, '--out', predictions]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(predictions, 'utf8').trim().split('\n');
    // Every input column (the label too) comes first, then the prediction and the probabilities.
    expect(lines[0]).toBe('x0,x1,label,predicted,p_0,p_1');
    expect(lines).toHaveLength(301);
    const predicted = lines.slice(1).map((l) => Number(l.split(',')[3]));
    expect(predicted).toEqual(m.yPred);
    for (const line of lines.slice(1)) {
      const [, , , , p0, p1] = line.split(',').map(Number);
      expect(p0! + p1!).toBeCloseTo(1, 5);
    }
  });

  it('CSV round trip: data --out f.csv, then train --dataset f.csv --label-column label', async () => {
    const r = await mlpkit(['train', '--dataset', csv, '--label-column', 'label', '--layers', '4', '--epochs', '2', '--backend', 'fused', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.dataset).toMatchObject({ name: 'moons.csv', rows: 300 });
    expect(m.yTrue).toEqual(csvLabels(readFileSync(csv, 'utf8')));
    expect(m.history.loss).toHaveLength(2);
  });

  it('--test draws a fresh test set; --validation-split evaluates on the held-out tail', async () => {
    const test = await mlpkit(['train', '--dataset', 'moons', '--samples', '200', '--test', 'moons', '--model', 'moons-ann', '--epochs', '3', '--backend', 'fused', '--json']);
    expect(test.code, test.stderr).toBe(0);
    const t = JSON.parse(test.stdout);
    expect(t.evaluatedOn).toBe('test');
    expect(t.dataset.evaluation).toMatchObject({ name: 'moons', rows: 200 });
    expect(t.dataset.evaluation.params.seed).not.toBe(t.dataset.params.seed);
    // yTrue is the test set: the same draw `mlpkit data` gives for the test seed.
    const testCsv = await mlpkit(['data', 'moons', '--samples', '200', '--seed', String(t.dataset.evaluation.params.seed)]);
    expect(t.yTrue).toEqual(csvLabels(testCsv.stdout));
    expect(t.yPred).toHaveLength(200);
    const val = await mlpkit(['train', '--dataset', 'moons', '--samples', '200', '--validation-split', '0.25', '--layers', '4', '--epochs', '3', '--backend', 'fused', '--json']);
    const v = JSON.parse(val.stdout);
    expect(v.evaluatedOn).toBe('validation');
    expect(v.yTrue).toHaveLength(50);
    expect(v.history.val_accuracy).toHaveLength(3);
  });

  it('--layers with 3 classes infers a 3-unit softmax output; --optimizer and --lr override', async () => {
    const r = await mlpkit(['train', '--dataset', 'blobs', '--samples', '90', '--classes', '3', '--layers', '5', '--optimizer', 'sgd', '--lr', '0.05', '--epochs', '2', '--backend', 'fused', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.spec.layers.at(-1)).toEqual({ units: 3, activation: 'softmax' });
    expect(m.spec.compile).toMatchObject({ loss: 'categoricalCrossentropy', optimizer: { name: 'sgd', learningRate: 0.05 } });
    expect(m.confusionMatrix).toHaveLength(3);
  });

  it('train on xor-table adds epochsTo100 to metrics.json', async () => {
    const r = await mlpkit(['train', '--dataset', 'xor-table', '--model', 'xor-table-16', '--epochs', '250', '--backend', 'fused', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.epochs).toBe(250);
    expect(m.epochsTo100).toBe(m.history.accuracy.findIndex((a: number) => a >= 1) + 1);
    expect(m.epochsTo100).toBeGreaterThan(0);
  });
});

describe.skipIf(!HAVE_SCRIPT)(`on a terminal${HAVE_SCRIPT ? '' : ' (SKIPPED: util-linux script not found)'}`, () => {
  it('train draws a progress bar with ETA and uses colour', async () => {
    const r = await mlpkitOnTty(['train', '--dataset', 'moons', '--samples', '200', '--layers', '4', '--epochs', '40', '--backend', 'fused']);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/train .* 40\/40 epochs \| loss \d\.\d{4} \| acc \d\.\d{4} \| ETA \d+s/);
    expect(r.output).toContain(`${ESC}1mAccuracy on the train data: `);
  });
});

describe('experiments run', () => {
  it('runs real experiment ids, writes one folder each plus the index, and prints the table', async () => {
    const out = join(work, 'exp');
    const r = await mlpkit(['experiments', 'run', 'xor-table-16', 'circles5k-logreg', 'moons-logreg', 'moons-ann', '--backend', 'fused', '--out', out, '--no-png']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^id\s+reported\s+measured\s+agrees$/m);
    // xor-table runs 10 seeds unless --seeds says otherwise: median and range of the epoch at 100%.
    expect(r.stdout).toMatch(/^xor-table-16\s+100% at epoch ~54 \(varies with the random init\)\s+epoch median [\d.]+ \(\d+–\d+\), n=10\s+[✓✗] \d+\/10$/m);
    expect(r.stdout).toMatch(/^circles5k-logreg\s+val acc 49\.6%\s+val acc 0\.\d{3}\s+[✓✗]$/m);
    // moons-logreg and moons-ann are tutorial 002's side-by-side comparison.
    expect(readdirSync(out).sort()).toEqual(
      ['.mlpkit-run.json', 'circles5k-logreg', 'comparison-moons.svg', 'moons-ann', 'moons-logreg', 'report.html', 'summary.json', 'xor-table-16'],
    );
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.experiments[0].runs.map((run: { seed: number }) => run.seed)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(summary.experiments[1].runs).toHaveLength(1);
    const xor = JSON.parse(readFileSync(join(out, 'xor-table-16', 'metrics.json'), 'utf8'));
    expect(summary.experiments[0].runs[0].epochsTo100).toBe(xor.epochsTo100);
    expect(Object.keys(xor)).toEqual(expect.arrayContaining([...CONTRACT_FIELDS, 'epochsTo100']));
    expect(xor.epochsTo100).toBe(xor.epochs);
    const circles = JSON.parse(readFileSync(join(out, 'circles5k-logreg', 'metrics.json'), 'utf8'));
    expect(circles).toMatchObject({ experiment: 'circles5k-logreg', evaluatedOn: 'validation', epochs: 1 });
    expect(circles.history.val_accuracy).toEqual([circles.accuracy]);
    const index = readFileSync(join(out, 'report.html'), 'utf8');
    expect(index).toContain('href="xor-table-16/report.html"');
    expect(index).toContain('href="circles5k-logreg/report.html"');
    const comparison = readFileSync(join(out, 'comparison-moons.svg'), 'utf8');
    expect(comparison).toContain('moons-logreg (acc ');
    expect(comparison).toContain('moons-ann (acc ');
    expect(index).toContain(comparison);
  });

  it('--seeds N reports median and range per experiment (--json)', async () => {
    const r = await mlpkit(['experiments', 'run', 'xor-table-16x2', '--seeds', '4', '--seed', '10', '--backend', 'fused', '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout);
    const [v] = result.experiments;
    expect(v.id).toBe('xor-table-16x2');
    expect(v.seeds).toEqual([10, 11, 12, 13]);
    expect(v.values).toHaveLength(4);
    const reached = (v.values as Array<number | null>).filter((x): x is number => x !== null).sort((a, b) => a - b);
    expect(v.summary.n).toBe(reached.length);
    expect(v.summary.min).toBe(reached[0]);
    expect(v.summary.max).toBe(reached.at(-1));
  });
});

describe.concurrent('output discipline', () => {
  it('no colour codes when stdout is not a terminal, and a one-line error without --verbose', async () => {
    const r = await mlpkit(['train', '--dataset', 'nope', '--layers', '4']);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain(ESC);
    const verbose = await mlpkit(['train', '--dataset', 'nope', '--layers', '4', '--verbose']);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('a bad --out leaves an unrelated directory untouched', async () => {
    const mine = join(work, 'mine');
    const r0 = await mlpkit(['data', 'moons', '--samples', '4', '--out', join(mine, 'keep.csv')]);
    expect(r0.code).toBe(0);
    writeFileSync(join(mine, 'notes.txt'), 'x');
    const r = await mlpkit(['train', '--dataset', 'moons', '--layers', '2', '--epochs', '1', '--backend', 'fused', '--out', mine]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a folder that mlpkit did not create (it holds keep.csv, notes.txt); choose a new folder');
    expect(readdirSync(mine).sort()).toEqual(['keep.csv', 'notes.txt']);
  });
});
