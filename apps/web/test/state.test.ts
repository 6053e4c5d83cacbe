/** The URL codec of the playground state and the checks it shares with the controls (pure; Node). */
import { getDataset, listDatasets } from '@mlpkit/datasets';
import { ACTIVATIONS, LOSSES, OPTIMIZERS } from '@mlpkit/models';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  checkDatasetParam,
  checkLayers,
  checkNumber,
  checkValidation,
  cloneState,
  DEFAULT_STATE,
  defaultParams,
  NUMBER_FIELDS,
  REGULARIZATIONS,
  stateFromQuery,
  stateToQuery,
  type AppState,
} from '../src/state.js';

const datasets = listDatasets();

/** Deterministic test data (mulberry32), so every run checks the same states. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function randomState(seed: number): AppState {
  const r = rng(seed);
  const entry = pick(r, datasets);
  const state = cloneState(DEFAULT_STATE);
  state.dataset = entry.name;
  state.datasetParams = defaultParams(entry);
  for (const p of entry.params) {
    if (p.type === 'boolean') state.datasetParams[p.name] = r() < 0.5;
    else if (p.name === 'seed') state.datasetParams[p.name] = Math.floor(r() * 1000);
  }
  state.layers = Array.from({ length: Math.floor(r() * 5) }, () => ({ units: 1 + Math.floor(r() * 64), activation: pick(r, ACTIVATIONS) }));
  state.output = r() < 0.3 ? { units: 2, activation: 'softmax' } : null;
  state.loss = r() < 0.3 ? pick(r, LOSSES) : 'auto';
  state.optimizer = pick(r, OPTIMIZERS);
  state.learningRate = pick(r, [0.001, 0.003, 0.01, 0.1, 1.5]);
  state.momentum = state.optimizer === 'sgd' ? pick(r, [0, 0.9, 0.99]) : 0;
  state.decay = state.optimizer === 'sgd' ? pick(r, [0, 0.001]) : 0;
  state.regularization = pick(r, REGULARIZATIONS);
  if (state.regularization !== 'none') state.regularizationRate = pick(r, [0, 0.001, 0.03, 3]);
  state.batchSize = 1 + Math.floor(r() * 128);
  state.epochs = 1 + Math.floor(r() * 500);
  state.validation = pick(r, [0, 0.1, 0.15, 0.2, 0.5, 0.9, 'fresh'] as const);
  state.stopAtAccuracy = pick(r, [0, 0.95, 1]);
  state.seed = Math.floor(r() * 10_000);
  state.backend = pick(r, ['auto', 'fused', 'fused-exact', 'webgl', 'wasm', 'cpu']);
  state.showTest = r() < 0.7;
  state.discretize = r() < 0.3;
  state.preset = r() < 0.2 ? 'moons-ann' : '';
  return state;
}

describe('stateToQuery / stateFromQuery', () => {
  it('round-trips 300 random states exactly, with no warnings', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const state = randomState(seed);
      const parsed = stateFromQuery(stateToQuery(state), datasets);
      expect(parsed.warnings).toEqual([]);
      expect(parsed.state).toEqual(state);
    }
  });

  it('writes a readable query', () => {
    const state = cloneState(DEFAULT_STATE);
    state.datasetParams = { samples: 1000, noise: 0.05, shuffle: true, seed: 0 };
    expect(decodeURIComponent(stateToQuery(state))).toBe(
      'dataset=moons&ds.samples=1000&ds.noise=0.05&ds.shuffle=true&ds.seed=0&layers=4:tanh,2:tanh&opt=adam&lr=0.01&batch=32&epochs=100&val=0.2&seed=0&backend=auto',
    );
    state.regularization = 'l2';
    state.regularizationRate = 0.003;
    state.showTest = false;
    state.discretize = true;
    expect(decodeURIComponent(stateToQuery(state))).toContain('&reg=l2&regRate=0.003&');
    expect(decodeURIComponent(stateToQuery(state))).toMatch(/&showTest=false&discretize=true$/);
  });

  it('fills what the query leaves out from the defaults and the dataset schema', () => {
    const { state, warnings } = stateFromQuery('dataset=circles&ds.noise=0.2', datasets);
    expect(warnings).toEqual([]);
    expect(state.datasetParams).toEqual({ ...defaultParams(getDataset('circles')), noise: 0.2 });
    expect(state.layers).toEqual(DEFAULT_STATE.layers);
    expect(state.backend).toBe('auto');
    expect(state.seed).toBe(0);
  });

  it('resets ds.samples=1e9 to its default with a notice, before anything is generated', () => {
    const circles = getDataset('circles');
    const generate = vi.spyOn(circles, 'generate');
    try {
      const { state, warnings } = stateFromQuery('dataset=circles&ds.samples=1e9', datasets);
      expect(state.datasetParams.samples).toBe(defaultParams(circles).samples);
      expect(warnings).toEqual([
        `ds.samples=1e9: samples must be at most 100,000 (the playground generates and trains in your browser), got 1e9; using ${String(defaultParams(circles).samples)}`,
      ]);
      expect(generate).not.toHaveBeenCalled();
    } finally {
      generate.mockRestore();
    }
  });

  it('resets every out-of-range value to its default (never a clamped extreme), one line per key', () => {
    const { state, warnings } = stateFromQuery(
      'dataset=nope&layers=4:tanh,x&opt=adamw&lr=-3&batch=2.5&epochs=0&val=0.95&loss=hinge&regRate=11&reg=l3&seed=-1&stop=2&showTest=maybe&backend=Not%20A%20Name',
      datasets,
    );
    expect(warnings).toEqual([
      `dataset=nope is not a dataset (${datasets.map((d) => d.name).join(', ')}); using moons`,
      'layers=4:tanh,x: "x" is not units:activation (e.g. 4:tanh); using 4:tanh,2:tanh',
      `loss=hinge is not a loss (${LOSSES.join(', ')}); using the one that fits the output layer`,
      `opt=adamw is not an optimizer (${OPTIMIZERS.join(', ')}); using adam`,
      'lr=-3: learning rate must be a number in 0.00001..10; using 0.01',
      'reg=l3 is not a regularization (none, l1, l2); using none',
      'regRate=11: regularization rate must be a number in 0..10; using 0.001',
      'batch=2.5: batch size must be an integer in 1..4096; using 32',
      'epochs=0: epochs must be an integer in 1..5000; using 100',
      'val=0.95: validation must be 0 (the training data), "fresh" (a new sample) or a held-out share in 0.1..0.9; using 0.2',
      'stop=2: stop at accuracy must be a number in 0..1; using 0',
      'seed=-1: seed must be an integer in 0..2147483647; using 0',
      'backend=Not A Name is not a backend name; using auto',
      'showTest=maybe is not true or false; using true',
    ]);
    expect(state).toEqual({ ...cloneState(DEFAULT_STATE), datasetParams: defaultParams(getDataset('moons')) });
  });

  it('resets any out-of-range sample count, for every dataset with one (property)', () => {
    const withSamples = datasets.filter((d) => d.params.some((p) => p.name === 'samples'));
    fc.assert(
      fc.property(
        fc.constantFrom(...withSamples),
        fc.oneof(fc.integer({ min: 100_001, max: 2 ** 40 }), fc.integer({ min: -1e6, max: 0 }), fc.double({ min: 0.5, max: 1e6, noInteger: true })),
        (entry, samples) => {
          const { state, warnings } = stateFromQuery(`dataset=${entry.name}&ds.samples=${samples}`, datasets);
          expect(state.datasetParams.samples).toBe(defaultParams(entry).samples);
          expect(warnings).toHaveLength(1);
          expect(warnings[0]).toMatch(new RegExp(`^ds\\.samples=${String(samples).replace('.', '\\.')}: samples must be .*; using ${String(defaultParams(entry).samples)}$`));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('applies the registry rules: exclusive bounds, steps and cross-parameter checks', () => {
    const moons = getDataset('moons');
    expect(stateFromQuery('dataset=moons&ds.samples=0', datasets).warnings).toEqual([
      `ds.samples=0: samples must be an integer > 0, got 0; using ${String(defaultParams(moons).samples)}`,
    ]);
    expect(stateFromQuery('dataset=twospirals&ds.samples=7', datasets).warnings).toEqual([
      'ds.samples=7: samples must be an integer > 0 and a multiple of 2, got 7; using 2000',
    ]);
    // spiral: samples must be divisible by classes; the value given last is reset first.
    const spiral = stateFromQuery('dataset=spiral&ds.classes=4&ds.samples=1001', datasets);
    expect(spiral.state.datasetParams).toMatchObject({ classes: 4, samples: 1500 });
    expect(spiral.warnings).toEqual(['ds.samples=1001: samples must be divisible by classes (4), got 1001; using 1500']);
    const spiral2 = stateFromQuery('dataset=spiral&ds.samples=1200&ds.classes=7', datasets);
    expect(spiral2.state.datasetParams).toMatchObject({ classes: 3, samples: 1200 });
    expect(spiral2.warnings).toEqual(['ds.classes=7: samples must be divisible by classes (7), got 1200; using 3']);
  });

  it('names unknown keys and parameters of another dataset', () => {
    const { warnings } = stateFromQuery('dataset=moons&ds.factor=0.5&speed=3', datasets);
    expect(warnings).toEqual([
      'unknown parameter "speed" ignored',
      `ds.factor is not a parameter of moons (${getDataset('moons').params.map((p) => p.name).join(', ')}); ignored`,
    ]);
  });

  it('reports a long bad layer list in one line', () => {
    const fifty = Array.from({ length: 50 }, () => '999:tanh').join(',');
    const { state, warnings } = stateFromQuery(`layers=${fifty}`, datasets);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^layers=999:tanh,999:tanh,.*: 50 layers; at most 8 are allowed \(and 50 more problems\); using 4:tanh,2:tanh$/);
    expect(state.layers).toEqual(DEFAULT_STATE.layers);
  });

  it('ignores sgd settings for other optimizers, with a notice', () => {
    const { state, warnings } = stateFromQuery('opt=adam&momentum=0.9', datasets);
    expect(state.momentum).toBe(0);
    expect(warnings).toEqual(['momentum applies to sgd only; ignored for adam']);
  });

  it('keeps an uploaded-CSV state without dataset parameters', () => {
    const { state, warnings } = stateFromQuery('dataset=csv&val=fresh', datasets);
    expect(warnings).toEqual([]);
    expect(state.dataset).toBe('csv');
    expect(state.datasetParams).toEqual({});
    expect(state.validation).toBe('fresh');
  });
});

describe('checks shared by the controls and the URL', () => {
  it('checkNumber accepts the range and names it otherwise', () => {
    expect(checkNumber(NUMBER_FIELDS.learningRate, '0.1')).toEqual({ ok: true, value: 0.1 });
    expect(checkNumber(NUMBER_FIELDS.learningRate, '1e-6')).toEqual({ ok: false, error: 'Learning rate must be a number in 0.00001..10' });
    expect(checkNumber(NUMBER_FIELDS.epochs, '')).toEqual({ ok: false, error: 'Epochs must be an integer in 1..5000' });
    expect(checkNumber(NUMBER_FIELDS.batchSize, '4097').ok).toBe(false);
  });

  it('checkValidation: 0, fresh or a share in 0.1..0.9', () => {
    expect(checkValidation('0')).toEqual({ ok: true, value: 0 });
    expect(checkValidation('fresh')).toEqual({ ok: true, value: 'fresh' });
    expect(checkValidation('0.3')).toEqual({ ok: true, value: 0.3 });
    expect(checkValidation('0.05').ok).toBe(false);
    expect(checkValidation('1').ok).toBe(false);
  });

  it('checkDatasetParam uses the registry schema and the playground cap', () => {
    const samples = getDataset('circles').params.find((p) => p.name === 'samples')!;
    expect(checkDatasetParam(samples, '100000')).toEqual({ ok: true, value: 100_000 });
    expect(checkDatasetParam(samples, '100001')).toEqual({
      ok: false,
      error: 'samples must be at most 100,000 (the playground generates and trains in your browser), got 100001',
    });
    expect(checkDatasetParam(samples, 'abc')).toEqual({ ok: false, error: 'samples must be an integer > 0, got "abc"' });
  });

  it('checkLayers parses units:activation lists', () => {
    expect(checkLayers('')).toEqual({ ok: true, value: [] });
    expect(checkLayers('12:relu, 3:softmax')).toEqual({
      ok: true,
      value: [
        { units: 12, activation: 'relu' },
        { units: 3, activation: 'softmax' },
      ],
    });
    expect(checkLayers('0:relu')).toEqual({ ok: false, error: '"0:relu": units must be in 1..256' });
    expect(checkLayers('4:gelu')).toEqual({ ok: false, error: `"4:gelu": the activation must be one of ${ACTIVATIONS.join(', ')}` });
  });
});
