import { describe, expect, it } from 'vitest';
import {
  asClassification,
  BUILTIN_DATASETS,
  type DatasetName,
  isRegression,
  circles,
  type Dataset,
  DatasetParamError,
  defineDataset,
  describeRange,
  generateDataset,
  getDataset,
  listDatasets,
  moons,
  randomStateParam,
  RandomState,
  registerDataset,
  spiral,
  twoSpirals,
} from '../src/index.js';

const NAMES = ['twospirals', 'circles', 'moons', 'linear', 'sine', 'spiral', 'xor-gauss', 'xor-table', 'blobs', 'plane', 'gaussian', 'friedman1'];
const SEEDS = Array.from({ length: 20 }, (_, i) => i);
// Snapshot before the tests below register extra datasets: every built-in is covered.
const BUILTIN_NAMES = listDatasets().map((e) => e.name);

function expectParamError(run: () => unknown, message: string): void {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DatasetParamError);
  expect((caught as DatasetParamError).code).toBe('MLPKIT_INVALID_INPUT');
  expect((caught as Error).message).toBe(message);
}

describe('registry', () => {
  it('lists the built-in datasets in order, the names the DatasetName union autocompletes', () => {
    expect(listDatasets().map((e) => e.name)).toEqual(NAMES);
    expect([...BUILTIN_DATASETS]).toEqual(NAMES);
    // Built-in names type-check as DatasetName, and so does any registered name.
    const named: DatasetName[] = ['moons', 'friedman1', 'my-plugin-data'];
    expect(named).toHaveLength(3);
  });

  it('every entry documents its params with defaults that validate, and a seed param', () => {
    for (const entry of listDatasets()) {
      expect(entry.title.length).toBeGreaterThan(0);
      expect(entry.description.length).toBeGreaterThan(20);
      const names = entry.params.map((p) => p.name);
      expect(names).toContain('seed');
      expect(new Set(names).size).toBe(names.length);
      const defaults = Object.fromEntries(entry.params.map((p) => [p.name, p.default]));
      expect(entry.parseParams?.({})).toEqual(defaults);
      for (const p of entry.params) {
        expect(p.description.length).toBeGreaterThan(0);
        expect(typeof p.default).toBe(p.type === 'boolean' ? 'boolean' : 'number');
      }
      if (entry.classes === 'param') expect(names).toContain('classes');
    }
  });

  it('generateDataset with defaults equals the direct generator call', () => {
    expect(generateDataset('circles')).toEqual(circles());
    expect(generateDataset('moons', { seed: 3, noise: 0.2 })).toEqual(moons({ seed: 3, noise: 0.2 }));
    expect(generateDataset('twospirals', { samples: 100 })).toEqual(twoSpirals({ samples: 100 }));
  });

  it('records the resolved parameters on the dataset', () => {
    expect(generateDataset('spiral', { classes: 4, samples: 400 }).params).toEqual({
      samples: 400,
      classes: 4,
      noise: 0.2,
      seed: 0,
    });
  });

  it('accepts numeric and boolean strings (CLI / URL values)', () => {
    expect(generateDataset('circles', { samples: '50', noise: '0.1', shuffle: 'false' })).toEqual(
      circles({ samples: 50, noise: 0.1, shuffle: false }),
    );
  });

  it('unknown dataset names list the known ones', () => {
    expectParamError(
      () => getDataset('spirals'),
      'unknown dataset "spirals"; known datasets: twospirals, circles, moons, linear, sine, spiral, xor-gauss, xor-table, blobs, plane, gaussian, friedman1',
    );
  });

  it('registers a contributed dataset and rejects duplicates / bad names', () => {
    const entry = defineDataset<{ samples: number; seed: number }>({
      name: 'test-line',
      title: 'Line',
      description: 'Points on a line, label by sign.',
      classes: 2,
      params: [
        { name: 'samples', type: 'int', default: 10, min: 2, description: 'Points.' },
        { name: 'seed', type: 'int', default: 0, min: 0, description: 'Seed.' },
      ],
      build: ({ samples }): Dataset => ({
        name: 'test-line',
        x: Float32Array.from({ length: 2 * samples }, (_, k) => k - samples),
        y: Int32Array.from({ length: samples }, (_, r) => (r < samples / 2 ? 0 : 1)),
        features: 2,
        classes: 2,
      }),
    });
    registerDataset(entry);
    expect(getDataset('test-line')).toBe(entry);
    expect(generateDataset('test-line', { samples: 4 }).y).toEqual(Int32Array.from([0, 0, 1, 1]));
    expectParamError(() => generateDataset('test-line', { samples: 1 }), 'test-line: samples must be an integer ≥ 2, got 1');
    expectParamError(() => registerDataset(entry), 'registerDataset: a dataset named "test-line" is already registered');
    expectParamError(
      () => registerDataset({ ...entry, name: 'Bad Name' }),
      'registerDataset: name must be kebab-case (a-z, 0-9, -), got "Bad Name"',
    );
  });
  it('accepts a hand-written entry (generate only, no defineDataset)', () => {
    registerDataset({
      name: 'test-fixed',
      title: 'Fixed',
      description: 'Two fixed points.',
      classes: 2,
      params: [],
      generate: () => ({ name: 'test-fixed', x: Float32Array.from([0, 0, 1, 1]), y: Int32Array.from([0, 1]), features: 2, classes: 2 }),
    });
    expect(generateDataset('test-fixed').y).toEqual(Int32Array.from([0, 1]));
    expect(listDatasets().map((e) => e.name).slice(0, NAMES.length)).toEqual(NAMES);
  });
});

describe('randomState in the registry', () => {
  it('the seven generators with a scikit-learn / tutorial NumPy counterpart take randomState (default -1: not set)', () => {
    const withRandomState = listDatasets()
      .filter((e) => BUILTIN_NAMES.includes(e.name) && e.params.some((p) => p.name === 'randomState'))
      .map((e) => e.name);
    expect(withRandomState).toEqual(['twospirals', 'circles', 'moons', 'linear', 'xor-gauss', 'blobs', 'friedman1']);
    for (const name of withRandomState) {
      const spec = getDataset(name).params.find((p) => p.name === 'randomState')!;
      expect(spec).toEqual(randomStateParam);
      expect(spec).toMatchObject({ type: 'int', default: -1, min: -1, max: 2 ** 32 - 1 });
    }
  });

  it('every randomState entry: sizes, labels, determinism and dependence on the state over 20 states', () => {
    for (const name of ['twospirals', 'circles', 'moons', 'linear', 'xor-gauss', 'blobs']) {
      const first = generateDataset(name, { samples: 120, randomState: 0 });
      let differs = false;
      for (const randomState of SEEDS) {
        const d = asClassification(generateDataset(name, { samples: 120, randomState }));
        expect(d.y.length).toBe(120);
        expect(d.x.every(Number.isFinite)).toBe(true);
        expect(d.y.every((c) => c >= 0 && c < d.classes)).toBe(true);
        expect(d.params?.randomState).toBe(randomState);
        expect(d.params).not.toHaveProperty('seed');
        expect(generateDataset(name, { samples: 120, randomState, seed: randomState + 1 })).toEqual(d);
        if (randomState > 0 && d.x.some((v, k) => v !== first.x[k])) differs = true;
      }
      expect(differs, name).toBe(true);
    }
  });
});

describe('parameter validation messages', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['circles', { factor: 1.2 }, 'circles: factor must be in [0, 1), got 1.2'],
    ['circles', { factor: 1 }, 'circles: factor must be in [0, 1), got 1'],
    ['circles', { factor: -0.1 }, 'circles: factor must be in [0, 1), got -0.1'],
    ['moons', { samples: -5 }, 'moons: samples must be an integer > 0, got -5'],
    ['moons', { samples: 0 }, 'moons: samples must be an integer > 0, got 0'],
    ['moons', { samples: 2.5 }, 'moons: samples must be an integer > 0, got 2.5'],
    ['moons', { samples: 'many' }, 'moons: samples must be an integer > 0, got "many"'],
    ['moons', { noise: -0.1 }, 'moons: noise must be ≥ 0, got -0.1'],
    ['moons', { noise: null }, 'moons: noise must be ≥ 0, got null'],
    ['moons', { shuffle: 1 }, 'moons: shuffle must be true or false, got 1'],
    ['twospirals', { samples: 5 }, 'twospirals: samples must be an integer > 0 and a multiple of 2, got 5'],
    ['linear', { flipY: 1.5 }, 'linear: flipY must be in [0, 1], got 1.5'],
    ['linear', { classSep: 0 }, 'linear: classSep must be > 0, got 0'],
    ['linear', { classes: 5 }, 'linear: classes must be an integer in [2, 4], got 5'],
    ['sine', { blockSize: 0 }, 'sine: blockSize must be an integer > 0, got 0'],
    ['spiral', { classes: 1 }, 'spiral: classes must be an integer in [2, 10], got 1'],
    ['spiral', { samples: 1000 }, 'spiral: samples must be divisible by classes (3), got 1000'],
    ['blobs', { std: 0 }, 'blobs: std must be > 0, got 0'],
    ['xor-gauss', { seed: -1 }, 'xor-gauss: seed must be an integer ≥ 0, got -1'],
    ['xor-gauss', { noise: -0.5 }, 'xor-gauss: noise must be ≥ 0, got -0.5'],
    ['moons', { randomState: -2 }, 'moons: randomState must be an integer in [-1, 4294967295], got -2'],
    ['blobs', { randomState: 'seven' }, 'blobs: randomState must be an integer in [-1, 4294967295], got "seven"'],
    ['spiral', { randomState: 0 }, 'spiral: unknown parameter "randomState"; allowed: samples, classes, noise, seed'],
    ['circles', { radius: 2 }, 'circles: unknown parameter "radius"; allowed: samples, noise, factor, shuffle, seed, randomState'],
    ['xor-table', { samples: 10, n: 1 }, 'xor-table: unknown parameters "samples", "n"; allowed: seed'],
  ];
  it.each(cases)('%s %j', (name, params, message) => {
    expectParamError(() => generateDataset(name, params), message);
  });

  it('direct generator calls validate the same way', () => {
    expectParamError(() => circles({ factor: 1.2 }), 'circles: factor must be in [0, 1), got 1.2');
    expectParamError(() => spiral({ samples: 10 }), 'spiral: samples must be divisible by classes (3), got 10');
  });

  it('describeRange words every kind of range', () => {
    expect(describeRange({ name: 'a', type: 'float', default: 0, description: '' })).toBe('a finite number');
    expect(describeRange({ name: 'a', type: 'int', default: 0, description: '' })).toBe('an integer');
    expect(describeRange({ name: 'a', type: 'float', default: 0, max: 3, exclusiveMax: true, description: '' })).toBe('< 3');
    expect(describeRange({ name: 'a', type: 'int', default: 1, min: 1, max: 9, exclusiveMin: true, description: '' })).toBe(
      'an integer in (1, 9]',
    );
  });
});

describe('properties of every registered dataset over 20 seeds', () => {
  for (const name of BUILTIN_NAMES) {
    it(name, () => {
      const entry = getDataset(name);
      const hasSamples = entry.params.some((p) => p.name === 'samples');
      const base = hasSamples ? { samples: 120 } : {};
      const first = generateDataset(name, { ...base, seed: 0 });
      let differs = false;
      if (entry.task === 'regression') {
        for (const seed of SEEDS) {
          const d = generateDataset(name, { ...base, seed });
          if (!isRegression(d)) throw new Error(`${name} should be a regression dataset`);
          expect(d.name).toBe(name);
          expect(d.targets).toBe(entry.targets);
          expect(d.y.length).toBe(120 * d.targets);
          expect(d.x.length).toBe(120 * d.features);
          expect(d.x.every(Number.isFinite) && d.y.every(Number.isFinite)).toBe(true);
          expect(d.params?.seed).toBe(seed);
          expect(generateDataset(name, { ...base, seed })).toEqual(d);
          if (seed > 0 && d.x.some((v, k) => v !== first.x[k])) differs = true;
        }
        expect(differs).toBe(true);
        return;
      }
      for (const seed of SEEDS) {
        const d = asClassification(generateDataset(name, { ...base, seed }));
        const n = hasSamples ? 120 : 4;
        expect(d.name).toBe(name);
        expect(d.features).toBe(2);
        expect(d.y.length).toBe(n);
        expect(d.x.length).toBe(n * d.features);
        expect(d.x.every(Number.isFinite)).toBe(true);
        expect(d.y.every((c) => Number.isInteger(c) && c >= 0 && c < d.classes)).toBe(true);
        if (typeof entry.classes === 'number') expect(d.classes).toBe(entry.classes);
        expect(d.params?.seed).toBe(seed);
        // Same seed, same data.
        expect(generateDataset(name, { ...base, seed })).toEqual(d);
        if (seed > 0 && (d.x.some((v, k) => v !== first.x[k]) || d.y.some((v, k) => v !== first.y[k]))) differs = true;
      }
      // Every dataset except the fixed truth table depends on the seed.
      expect(differs).toBe(name !== 'xor-table');
    });
  }
});

describe('generateFrom: drawing from a given NumPy stream', () => {
  const numpyEntries = listDatasets().filter((e) => e.params.some((p) => p.name === 'randomState'));

  it('every entry that takes randomState has it; the first draw equals randomState: n, the second continues the stream', () => {
    expect(numpyEntries.map((e) => e.name).sort()).toEqual(['blobs', 'circles', 'friedman1', 'linear', 'moons', 'twospirals', 'xor-gauss']);
    for (const entry of numpyEntries) {
      const params = entry.params.some((p) => p.name === 'samples') ? { samples: 30 } : {};
      const state = new RandomState(7);
      const first = entry.generateFrom!(params, state);
      const fromNumber = entry.generate({ ...params, randomState: 7 });
      expect(Array.from(first.x), entry.name).toEqual(Array.from(fromNumber.x));
      expect(Array.from(first.y), entry.name).toEqual(Array.from(fromNumber.y));
      const second = entry.generateFrom!(params, state);
      expect(Array.from(second.x), entry.name).not.toEqual(Array.from(first.x));
      // The same as two calls of the typed function on one RandomState (sklearn with one np.random state).
      const again = new RandomState(7);
      entry.generateFrom!(params, again);
      expect(Array.from(entry.generateFrom!(params, again).x), entry.name).toEqual(Array.from(second.x));
    }
    expect(getDataset('plane').generateFrom).toBeUndefined();
  });
});
