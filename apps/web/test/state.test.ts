/** The URL codec of the playground state (pure; runs in Node, no browser). */
import { listDatasets } from '@mlpkit/datasets';
import { ACTIVATIONS, LOSSES, OPTIMIZERS } from '@mlpkit/models';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE,
  VALIDATION_CHOICES,
  cloneState,
  defaultParams,
  parseLayers,
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
  state.batchSize = 1 + Math.floor(r() * 128);
  state.epochs = 1 + Math.floor(r() * 500);
  state.validation = pick(r, VALIDATION_CHOICES);
  state.stopAtAccuracy = pick(r, [0, 0.95, 1]);
  state.seed = Math.floor(r() * 10_000);
  state.backend = pick(r, ['fused', 'webgl', 'wasm', 'cpu']);
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
      'dataset=moons&ds.samples=1000&ds.noise=0.05&ds.shuffle=true&ds.seed=0&layers=4:tanh,2:tanh&opt=adam&lr=0.01&batch=32&epochs=100&val=0.2&seed=1&backend=fused',
    );
  });

  it('fills what the query leaves out from the defaults and the dataset schema', () => {
    const { state, warnings } = stateFromQuery('dataset=circles&ds.noise=0.2', datasets);
    expect(warnings).toEqual([]);
    const circles = datasets.find((d) => d.name === 'circles')!;
    expect(state.datasetParams).toEqual({ ...defaultParams(circles), noise: 0.2 });
    expect(state.layers).toEqual(DEFAULT_STATE.layers);
    expect(state.backend).toBe(DEFAULT_STATE.backend);
  });

  it('replaces invalid values by defaults and says why', () => {
    const { state, warnings } = stateFromQuery(
      'dataset=nope&layers=4:tanh,x&opt=adamw&lr=abc&batch=2.5&epochs=0&val=0.9&ds.noise=-1&loss=hinge',
      datasets,
    );
    expect(warnings).toEqual([
      `unknown dataset "nope"; using moons`,
      'ds.noise=-1 must be ≥ 0; using 0',
      'layer "x" is not units:activation (e.g. 4:tanh)',
      'unknown loss "hinge"; using the default for the output layer',
      'unknown optimizer "adamw"; using adam',
      'lr=abc is not a number; using 0.01',
      'batch=2.5 is not an integer; using 32',
      'epochs=0 is outside 1..5000; using 1',
      'val=0.9 is outside 0..0.5; using 0.5',
    ]);
    expect(state.dataset).toBe('moons');
    expect(state.layers).toEqual(DEFAULT_STATE.layers);
    expect(state.optimizer).toBe('adam');
    expect(state.loss).toBe('auto');
    expect(state.epochs).toBe(1);
  });

  it('rejects a value on an exclusive bound (samples must be > 0)', () => {
    const { state, warnings } = stateFromQuery('dataset=moons&ds.samples=0', datasets);
    const moons = datasets.find((d) => d.name === 'moons')!;
    expect(state.datasetParams.samples).toBe(defaultParams(moons).samples);
    expect(warnings).toEqual([`ds.samples=0 is outside the allowed range; using ${String(defaultParams(moons).samples)}`]);
  });

  it('keeps an uploaded-CSV state without dataset parameters', () => {
    const { state, warnings } = stateFromQuery('dataset=csv&val=fresh', datasets);
    expect(warnings).toEqual([]);
    expect(state.dataset).toBe('csv');
    expect(state.validation).toBe('fresh');
  });
});

describe('parseLayers', () => {
  it('parses units:activation lists and reports bad entries', () => {
    expect(parseLayers('')).toEqual({ layers: [], errors: [] });
    expect(parseLayers('12:relu, 3:softmax')).toEqual({
      layers: [
        { units: 12, activation: 'relu' },
        { units: 3, activation: 'softmax' },
      ],
      errors: [],
    });
    expect(parseLayers('0:relu').errors).toEqual(['layer "0:relu": units must be in 1..256']);
    expect(parseLayers('4:gelu').errors).toEqual([`layer "4:gelu": activation must be one of ${ACTIVATIONS.join(', ')}`]);
  });
});
