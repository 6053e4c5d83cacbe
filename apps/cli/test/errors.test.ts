/**
 * Bad input: exit 2 with a one-line message naming the problem; training failures: exit 1; and no
 * partial output directory in either case.
 */
import { readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mlpkit, tempDir } from './helpers.js';

const work = tempDir();
afterAll(() => rmSync(work, { recursive: true, force: true }));

const f = (name: string) => join(work, name);

beforeAll(() => {
  writeFileSync(f('malformed.json'), '{"input": 2,');
  writeFileSync(
    f('invalid-spec.json'),
    JSON.stringify({ input: 2, layers: [{ units: -3, activation: 'tanhh' }], compile: { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy' } }),
  );
  writeFileSync(f('missing.csv'), 'x0,x1,label\n1,2,a\n3,,b\n');
  writeFileSync(f('one-class.csv'), 'x0,x1,label\n1,2,a\n3,4,a\n');
  writeFileSync(f('text.csv'), 'x0,x1,label\n1,2,a\nfoo,4,b\n');
  // A spec that diverges at once: linear output, MSE, SGD with a huge learning rate.
  writeFileSync(
    f('diverge.json'),
    JSON.stringify({
      input: 2,
      layers: [{ units: 16, activation: 'linear' }, { units: 1, activation: 'linear' }],
      compile: { optimizer: { name: 'sgd', learningRate: 1e10 }, loss: 'meanSquaredError' },
    }),
  );
});

const base = ['train', '--epochs', '2', '--backend', 'fused'];

const usageCases: Array<[string, string[], RegExp]> = [
  ['unknown dataset', ['train', '--dataset', 'nope', '--layers', '4'], /^mlpkit: error: unknown dataset "nope"; known datasets: twospirals, circles, moons/],
  ['unknown preset', [...base, '--dataset', 'moons', '--model', 'nope'], /^mlpkit: error: unknown preset "nope"; available: spirals-1x12, /],
  ['unknown backend', ['train', '--dataset', 'moons', '--layers', '4', '--backend', 'nope'], /^mlpkit: error: unknown backend "nope"; available: .*fused/],
  ['malformed spec JSON', [...base, '--dataset', 'moons', '--model', 'MALFORMED'], /^mlpkit: error: .*malformed\.json is not valid JSON: /],
  ['invalid spec', [...base, '--dataset', 'moons', '--model', 'INVALID'], /layers\[0\]\.units must be a positive integer, got -3; layers\[0\]\.activation must be one of linear, relu, tanh, sigmoid, softmax, got "tanhh"$/m],
  ['CSV with a missing value', [...base, '--dataset', 'MISSING', '--layers', '4'], /missing\.csv: CSV row 3, column "x1": missing value \(1 row has missing values\); remove or fill in the rows with missing values: mlpkit does not impute them$/m],
  ['CSV with one class', [...base, '--dataset', 'ONECLASS', '--layers', '4'], /one-class\.csv: CSV column "label": only one class \("a"\)/],
  ['CSV with text in a feature', [...base, '--dataset', 'TEXT', '--layers', '4'], /text\.csv: CSV row 3, column "x0": "foo" is not a number$/m],
  ['negative epochs', ['train', '--dataset', 'moons', '--layers', '4', '--epochs', '-5'], /^mlpkit: error: option '--epochs <n>' argument '-5' is invalid\. must be a positive integer\.$/m],
  ['unknown flag', [...base, '--dataset', 'moons', '--layers', '4', '--foo', '1'], /^mlpkit: error: unknown option '--foo'/],
  ['parameter of another dataset', [...base, '--dataset', 'moons', '--layers', '4', '--factor', '0.5'], /dataset "moons" has no parameter --factor; its parameters: --samples, --noise, --shuffle, --seed(, --random-state)?$/m],
  ['out-of-range parameter', [...base, '--dataset', 'circles', '--layers', '4', '--factor', '1.5'], /circles: factor must be in \[0, 1\), got 1\.5$/m],
  ['no model', [...base, '--dataset', 'moons'], /no model given: use --model <preset\|spec\.json> or --layers/],
  ['bad --layers', [...base, '--dataset', 'moons', '--layers', '4,x'], /--layers must be comma-separated positive integers/],
  ['preset that does not fit the data', [...base, '--dataset', 'spiral', '--model', 'moons-ann'], /model output is 1 unit \(binary\) but the data has 3 classes/],
  ['unknown experiment', ['experiments', 'run', 'nope'], /^mlpkit: error: unknown experiment "nope"; known experiments: spirals-1x12, /],
  ['data: unknown dataset', ['data', 'nope'], /unknown dataset "nope"/],
  ['evaluate: missing model', ['evaluate', '--model', 'NOMODEL', '--dataset', 'moons'], /^mlpkit: error: --model \S*no-such-model: not found \(give a `train --out` folder, its model\/ folder, or model\.json\)$/m],
  ['unknown command', ['nocommand'], /^mlpkit: error: unknown command 'nocommand'/],
];

const resolveArgs = (args: string[]) =>
  args.map((a) =>
    ({
      MALFORMED: f('malformed.json'),
      INVALID: f('invalid-spec.json'),
      MISSING: f('missing.csv'),
      ONECLASS: f('one-class.csv'),
      TEXT: f('text.csv'),
      NOMODEL: f('no-such-model'),
    })[a] ?? a,
  );

describe.concurrent('bad input exits 2 with one line naming the problem', () => {
  it.each(usageCases)('%s', async (_name, args, message) => {
    const r = await mlpkit(resolveArgs(args));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('--backend tensorflow: exit 2 saying how to get it when unavailable, else it trains', async () => {
    const list = JSON.parse((await mlpkit(['backends', '--json'])).stdout) as Array<{ name: string; available: boolean }>;
    const tensorflow = list.find((b) => b.name === 'tensorflow');
    expect(tensorflow).toBeDefined();
    const r = await mlpkit(['train', '--dataset', 'moons', '--layers', '4', '--epochs', '1', '--backend', 'tensorflow']);
    if (tensorflow!.available) {
      expect(r.code, r.stderr).toBe(0);
      return;
    }
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^mlpkit: error: tensorflow backend unavailable: .*(install|Fix)/i);
    expect(r.stderr).toMatch(/available backends: .*fused/);
  });

  it('a corrupt saved model is bad input (exit 2) naming the problem', async () => {
    const dir = f('saved');
    const trained = await mlpkit(['train', '--dataset', 'moons', '--layers', '3', '--epochs', '1', '--backend', 'fused', '--no-png', '--out', dir]);
    expect(trained.code, trained.stderr).toBe(0);
    truncateSync(join(dir, 'model', 'weights.bin'), 10);
    const r = await mlpkit(['evaluate', '--model', dir, '--dataset', 'moons']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlpkit: error: weights size mismatch in .*model: \.\/weights\.bin hold 10 bytes but model\.json describes \d+/);
  });
});

describe('no partial output directory on failure', () => {
  it('bad input after --out was opened (unknown backend): exit 2, nothing left', async () => {
    const parent = tempDir('mlpkit-out-');
    const r = await mlpkit(['train', '--dataset', 'moons', '--layers', '4', '--backend', 'nope', '--out', join(parent, 'run')]);
    expect(r.code).toBe(2);
    expect(readdirSync(parent)).toEqual([]);
    rmSync(parent, { recursive: true });
  });

  it('a training failure (diverging loss) exits 1 and leaves nothing', async () => {
    const parent = tempDir('mlpkit-out-');
    const r = await mlpkit(['train', '--dataset', 'moons', '--model', f('diverge.json'), '--epochs', '5', '--backend', 'fused', '--out', join(parent, 'a', 'b')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mlpkit: error: training diverged: .* at epoch 1; try a lower learning rate(, or standardize the inputs if their values are large)?$/m);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(readdirSync(parent)).toEqual([]);
    rmSync(parent, { recursive: true });
  });

  it('experiments run with an unknown backend leaves no --out folder', async () => {
    const parent = tempDir('mlpkit-out-');
    const r = await mlpkit(['experiments', 'run', 'xor-table-16', '--backend', 'nope', '--out', join(parent, 'exp')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlpkit: error: xor-table-16 \(seed 0\): unknown backend "nope"/);
    expect(readdirSync(parent)).toEqual([]);
    rmSync(parent, { recursive: true });
  });
});
