/**
 * `--random-state N`: the registry's `randomState` parameter, generated as a flag for `data` and
 * `train`. With it, `mlpkit data moons` writes scikit-learn 1.2.1's make_moons data. The expected
 * values are the fixture of @mlpkit/datasets, produced by scikit-learn 1.2.1 / NumPy 1.24.2 with
 * packages/datasets/test/fixtures/make_fixtures.py (the test itself needs no Python).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mlpkit, tempDir } from './helpers.js';

interface Case {
  call: string;
  params: Record<string, number | boolean>;
  x: number[];
  y: number[];
}
const fixture = (name: string): Case[] =>
  (JSON.parse(readFileSync(new URL(`../../../packages/datasets/test/fixtures/${name}`, import.meta.url), 'utf8')) as { cases: Case[] }).cases;

const work = tempDir();
afterAll(() => rmSync(work, { recursive: true, force: true }));

function parseRows(csv: string): { header: string; rows: number[][] } {
  const [header, ...lines] = csv.trimEnd().split('\n');
  return { header: header!, rows: lines.map((l) => l.split(',').map(Number)) };
}

describe.concurrent('--random-state', () => {
  it('mlpkit data moons --samples 1000 --noise 0.05 --random-state 0 --format csv equals make_moons(1000, noise=0.05, random_state=0) to 1e-6', async () => {
    const want = fixture('sklearn-moons.json').find((c) => c.call === 'make_moons(1000, noise=0.05, shuffle=True, random_state=0)')!;
    const r = await mlpkit(['data', 'moons', '--samples', '1000', '--noise', '0.05', '--random-state', '0', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const { header, rows } = parseRows(r.stdout);
    expect(header).toBe('x0,x1,label');
    expect(rows.length).toBe(1000);
    let worst = 0;
    for (let i = 0; i < 1000; i++) {
      const [a, b, label] = rows[i]!;
      worst = Math.max(worst, Math.abs(a! - want.x[2 * i]!), Math.abs(b! - want.x[2 * i + 1]!));
      expect(label, `row ${i}`).toBe(want.y[i]);
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('linear --random-state 7 is make_classification(1000, ..., random_state=7), the tutorial’s data', async () => {
    const want = fixture('sklearn-classification.json')[0]!;
    expect(want.call).toContain('n_classes=2, class_sep=1.0, flip_y=0.01, shuffle=True, random_state=7');
    const r = await mlpkit(['data', 'linear', '--samples', '1000', '--random-state', '7']);
    expect(r.code, r.stderr).toBe(0);
    const { rows } = parseRows(r.stdout);
    expect(rows.map((row) => row[2])).toEqual(want.y);
    for (let i = 0; i < 1000; i++) {
      expect(Math.abs(rows[i]![0]! - want.x[2 * i]!)).toBeLessThan(1e-6);
      expect(Math.abs(rows[i]![1]! - want.x[2 * i + 1]!)).toBeLessThan(1e-6);
    }
  });

  it('the JSON output records randomState in place of the unused seed', async () => {
    const r = await mlpkit(['data', 'circles', '--samples', '10', '--random-state', '3', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).params).toEqual({ samples: 10, noise: 0.05, factor: 0.3, shuffle: true, randomState: 3 });
  });

  it('data: --seed and --random-state together are refused; train: --seed only seeds the weights', async () => {
    const both = await mlpkit(['data', 'blobs', '--samples', '50', '--random-state', '5', '--seed', '1']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("mlpkit: error: use either --seed (mlpkit's generator) or --random-state (NumPy's RandomState, as scikit-learn), not both\n");
    const a = await mlpkit(['train', '--dataset', 'blobs', '--samples', '50', '--random-state', '5', '--seed', '1', '--layers', '2', '--epochs', '1', '--backend', 'fused', '--json', '--quiet']);
    const b = await mlpkit(['train', '--dataset', 'blobs', '--samples', '50', '--random-state', '5', '--seed', '2', '--layers', '2', '--epochs', '1', '--backend', 'fused', '--json', '--quiet']);
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(b.stdout).yTrue).toEqual(JSON.parse(a.stdout).yTrue);
  });

  it('train --dataset moons --random-state 0 trains on that data and records it', async () => {
    const out = join(work, 'train-rs');
    const r = await mlpkit([
      'train', '--dataset', 'moons', '--samples', '200', '--noise', '0.05', '--random-state', '0',
      '--layers', '4', '--epochs', '2', '--backend', 'fused', '--out', out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(m.dataset).toMatchObject({ name: 'moons', params: { samples: 200, noise: 0.05, randomState: 0 }, rows: 200 });
    // The labels trained on are those `data` writes for the same flags (pinned to sklearn above).
    expect(m.yTrue).toEqual(JSON.parse((await mlpkit(['data', 'moons', '--samples', '200', '--random-state', '0', '--format', 'json'])).stdout).y);
  });

  it('an out-of-range value and a dataset without the parameter exit 2 with one line', async () => {
    const big = await mlpkit(['data', 'moons', '--random-state', '4294967296']);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('moons: randomState must be an integer in [-1, 4294967295], got 4294967296');
    const sine = await mlpkit(['data', 'sine', '--random-state', '0']);
    expect(sine.code).toBe(2);
    expect(sine.stderr).toContain('dataset "sine" has no parameter --random-state');
  });
});

describe('--random-state with a generated --test set', () => {
  it('the test set continues the training set\'s NumPy stream: not the training rows again', async () => {
    const r = await mlpkit(['train', '--dataset', 'moons', '--random-state', '3', '--samples', '200', '--test', 'moons', '--layers', '4', '--epochs', '1', '--backend', 'fused', '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.dataset.evaluation.params).toMatchObject({ randomState: 3, continuesStream: true });
    const train = await mlpkit(['data', 'moons', '--random-state', '3', '--samples', '200']);
    const trainLabels = parseRows(train.stdout).rows.map((row) => row[2]);
    expect(m.yTrue).toHaveLength(200);
    expect(m.yTrue).not.toEqual(trainLabels);
    // A dataset that cannot continue the stream is refused rather than testing on the training rows.
    const bad = await mlpkit(['train', '--dataset', 'moons', '--random-state', '3', '--test', 'spiral', '--layers', '4', '--epochs', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("mlpkit: error: --random-state with --test spiral: spiral cannot continue moons's NumPy stream, so it would draw the training rows again; use --validation-split or a test file\n");
  });
});
