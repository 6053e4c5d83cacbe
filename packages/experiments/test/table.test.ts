import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDataset } from '@mlpkit/datasets';
import { getPreset } from '@mlpkit/models';
import { describe, expect, it } from 'vitest';
import {
  dataSeed,
  experiments,
  generateRef,
  getExperiment,
  KERAS_DEFAULT_BATCH_SIZE,
  resolveExperimentIds,
  runSeeds,
  TEST_SEED_OFFSET,
  XOR_TABLE_EPOCH_CAP,
  type Measurement,
} from '../src/index.js';

// The repo is cloned to some folder X and the spec lives in X/../shared (in CI as here).
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const specPath = join(repoRoot, '..', 'shared', 'experiments.md');
const haveSpec = existsSync(specPath);

interface SpecRow {
  id: string;
  seed: string;
  data: string;
  model: string;
  compile: string;
  fit: string;
  reported: string;
}

/** The rows of the "## Experiments" table of experiments.md. */
function specRows(): SpecRow[] {
  const text = readFileSync(specPath, 'utf8');
  const section = text.slice(text.indexOf('## Experiments'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| id ') && !line.startsWith('|---'))
    .map((line) => {
      const cells = line.slice(1, -1).split(' | ').map((c) => c.trim());
      const [id, seed, data, model, compile, fit, reported] = cells as [string, string, string, string, string, string, string];
      return { id, seed, data, model, compile, fit, reported };
    });
}

/** "12 tanh, 12 tanh → 1 sigmoid", "64 tanh ×3 → 1 sigmoid", "→ 3 softmax" → [units, activation][]. */
function parseModel(text: string): Array<[number, string]> {
  const [hidden, output] = text.split('→').map((s) => s.trim()) as [string, string];
  const layers: Array<[number, string]> = [];
  for (const part of hidden.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+) (\w+)(?: ×(\d+))?$/.exec(part);
    if (!m) throw new Error(`cannot parse hidden layers "${part}"`);
    for (let i = 0; i < Number(m[3] ?? 1); i++) layers.push([Number(m[1]), m[2]!]);
  }
  const out = /^(\d+) (\w+)$/.exec(output);
  if (!out) throw new Error(`cannot parse output layer "${output}"`);
  layers.push([Number(out[1]), out[2]!]);
  return layers;
}

describe.skipIf(!haveSpec)(`the table matches ${haveSpec ? 'shared/experiments.md' : 'shared/experiments.md (SKIPPED: not found beside the repo at ../shared)'}`, () => {
  const rows = haveSpec ? specRows() : [];

  it('has the same ids in the same order', () => {
    expect(rows.length).toBe(18);
    expect(experiments.map((e) => e.id)).toEqual(rows.map((r) => r.id));
  });

  it('has the tutorial, reported text, model, epochs and batch size of every row', () => {
    let previousData = '';
    for (const row of rows) {
      const def = getExperiment(row.id);
      expect(def.tutorial, row.id).toBe(row.seed);
      expect(def.reported.text, row.id).toBe(row.reported);

      const spec = getPreset(def.preset);
      expect(spec.layers.map((l) => [l.units, l.activation]), row.id).toEqual(parseModel(row.model));

      const epochs = /(\d+) epochs/.exec(row.fit);
      const batch = /batch (\d+)/.exec(row.fit);
      if (row.fit.startsWith('until 100%')) {
        expect(def.fit.stopAtAccuracy, row.id).toBe(1);
        expect(def.fit.epochs, row.id).toBe(XOR_TABLE_EPOCH_CAP);
        // "report it over several seeds (median and range), not from a single run"
        expect(def.defaultSeeds, row.id).toBeGreaterThanOrEqual(5);
      } else if (row.fit.includes('Keras default epochs (1)')) {
        expect(def.fit.epochs, row.id).toBe(1);
      } else {
        expect(def.fit.epochs, row.id).toBe(Number(epochs![1]));
      }
      expect(def.fit.batchSize, row.id).toBe(batch ? Number(batch[1]) : KERAS_DEFAULT_BATCH_SIZE);

      // Data: "same" / "as above" rows reuse the previous generator.
      const dataText = row.data === 'same' ? previousData : row.data;
      previousData = dataText;
      const generator = /^([a-z-]+)/.exec(dataText)![1]!;
      expect(def.data.dataset, row.id).toBe(generator);
      if (dataText.includes('fresh') || dataText.includes('test')) expect(def.evaluation.kind, row.id).toBe('test');
      if (dataText.includes('first 4000 train, last 1000 val')) {
        expect(def.evaluation).toEqual({ kind: 'rows', train: [0, 4000], validation: [4000, 5000] });
      }
      const randomState = /random_state (\d+)/.exec(dataText);
      // The tutorial's random_state is drawn from NumPy's RandomState, as scikit-learn did.
      if (randomState) expect(def.data.randomState, row.id).toBe(Number(randomState[1]));
    }
  });
});

describe('experiment definitions', () => {
  it('have unique ids and presets that exist', () => {
    expect(new Set(experiments.map((e) => e.id)).size).toBe(experiments.length);
    for (const def of experiments) expect(() => getPreset(def.preset)).not.toThrow();
  });

  it('name datasets with parameters the registry accepts, and sizes from the tutorials', () => {
    const expectedRows: Record<string, number> = {
      'spirals-1x12': 2000,
      'circles5k-logreg': 5000,
      'linear-logreg': 1000,
      'moons-logreg': 1000,
      'circles-logreg': 1000,
      'sine-ann': 2400,
      'spiral3-ann': 1500,
      'xor-gauss': 10000,
      'xor-table-16': 4,
    };
    for (const def of experiments) {
      expect(getDataset(def.data.dataset).name).toBe(def.data.dataset);
      // The registry's strict schemas reject unknown or out-of-range parameters.
      expect(() => generateRef(def.data, 0), def.id).not.toThrow();
      const expected = expectedRows[def.id];
      if (expected !== undefined) expect(generateRef(def.data, 0).y.length, def.id).toBe(expected);
    }
    const xorGauss = getExperiment('xor-gauss');
    expect(xorGauss.evaluation.kind === 'test' && generateRef(xorGauss.evaluation.data, 0).y.length).toBe(5000);
  });

  it('draw a fresh test set with a different seed, and fixed data where the tutorial fixed random_state', () => {
    const def = getExperiment('spirals-3x12');
    if (def.evaluation.kind !== 'test') throw new Error('expected a test evaluation');
    expect(dataSeed(def.evaluation.data, 5)).toBe(5 + TEST_SEED_OFFSET);
    const train = generateRef(def.data, 5);
    const test = generateRef(def.evaluation.data, 5);
    expect(Array.from(test.x)).not.toEqual(Array.from(train.x));
    // moons-ann: make_moons(random_state=0) for every run seed.
    const moons = getExperiment('moons-ann');
    expect(moons.data.randomState).toBe(0);
    expect(generateRef(moons.data, 3).x).toEqual(generateRef(moons.data, 9).x);
  });

  it('runSeeds: the chosen count, else 10 seeds for xor-table and 1 for the rest', () => {
    expect(runSeeds(getExperiment('xor-table-32'), 5)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(runSeeds(getExperiment('xor-table-32'), 0, 2)).toEqual([0, 1]);
    expect(runSeeds(getExperiment('moons-ann'), 3)).toEqual([3]);
    expect(runSeeds(getExperiment('moons-ann'), 3, 3)).toEqual([3, 4, 5]);
    expect(experiments.filter((e) => (e.defaultSeeds ?? 1) > 1).map((e) => e.id)).toEqual(['xor-table-16', 'xor-table-16x2', 'xor-table-32']);
  });

  it('getExperiment rejects an unknown id with the list of ids', () => {
    expect(() => getExperiment('nope')).toThrowError(
      `unknown experiment "nope"; known experiments: ${experiments.map((e) => e.id).join(', ')}`,
    );
    try {
      getExperiment('nope');
    } catch (err) {
      expect((err as { code?: string }).code).toBe('MLPKIT_INVALID_INPUT');
    }
  });

  it('resolveExperimentIds expands "all", keeps order and drops duplicates', () => {
    expect(resolveExperimentIds(['all']).map((e) => e.id)).toEqual(experiments.map((e) => e.id));
    expect(resolveExperimentIds(['xor-gauss', 'moons-ann', 'xor-gauss']).map((e) => e.id)).toEqual(['xor-gauss', 'moons-ann']);
    expect(() => resolveExperimentIds([])).toThrowError('no experiment ids given (use an id or "all")');
    expect(() => resolveExperimentIds(['moons-ann', 'bad'])).toThrowError(/unknown experiment "bad"/);
  });
});

describe('agreement judgements', () => {
  const m = (accuracy: number, extra: Partial<Measurement> = {}): Measurement => ({ value: accuracy, accuracy, valAccuracy: [], ...extra });
  const agrees = (id: string, measurement: Measurement) => getExperiment(id).agrees(measurement);

  it('"poor" means test accuracy below 0.75; "most correct" above 0.9', () => {
    expect(agrees('spirals-1x12', m(0.6))).toBe(true);
    expect(agrees('spirals-1x12', m(0.75))).toBe(false);
    expect(agrees('spirals-3x12', m(0.95))).toBe(true);
    expect(agrees('spirals-3x12', m(0.9))).toBe(false);
  });

  it('"~0.50" means within [0.35, 0.65]; for circles-logreg, up to what the best line gets (0.694)', () => {
    expect(agrees('spiral3-softmax', m(0.35))).toBe(true);
    expect(agrees('spiral3-softmax', m(0.65))).toBe(true);
    expect(agrees('spiral3-softmax', m(0.66))).toBe(false);
    expect(agrees('spiral3-softmax', m(0.3))).toBe(false);
    expect(agrees('circles-logreg', m(0.35))).toBe(true);
    expect(agrees('circles-logreg', m(0.694))).toBe(true);
    expect(agrees('circles-logreg', m(0.71))).toBe(false);
    expect(agrees('circles-logreg', m(0.3))).toBe(false);
  });

  it('circles5k-relu128 needs val acc ≥ 0.9 after epoch 1 and ≥ 0.99 at the end', () => {
    expect(agrees('circles5k-relu128', m(1, { valAccuracy: [0.95, 1] }))).toBe(true);
    expect(agrees('circles5k-relu128', m(1, { valAccuracy: [0.8, 1] }))).toBe(false);
    expect(agrees('circles5k-relu128', m(0.98, { valAccuracy: [0.95, 0.98] }))).toBe(false);
    expect(agrees('circles5k-logreg', m(0.496))).toBe(true);
    expect(agrees('circles5k-logreg', m(0.75))).toBe(false);
  });

  it('xor-table agrees when 100% is reached within the cap', () => {
    expect(agrees('xor-table-16', m(1, { epochsTo100: 54 }))).toBe(true);
    expect(agrees('xor-table-16', m(0.75, { epochsTo100: null }))).toBe(false);
  });
});
