/** The data worker's preparation (data.ts): splits, small-data fallbacks, caps and messages. */
import { generateDataset, getDataset } from '@mlpkit/datasets';
import { TEST_SEED_OFFSET } from '@mlpkit/experiments';
import { describe, expect, it } from 'vitest';
import { DataError, GRID_SIZE, HEAT_GRID_SIZE, prepareData } from '../src/data.js';
import { cloneState, DEFAULT_STATE, defaultParams, type AppState } from '../src/state.js';

function stateOf(dataset: string, params: Record<string, number | boolean> = {}, over: Partial<AppState> = {}): AppState {
  const state = cloneState(DEFAULT_STATE);
  state.dataset = dataset;
  state.datasetParams = { ...defaultParams(getDataset(dataset)), ...params };
  return Object.assign(state, over);
}

describe('prepareData', () => {
  it('holds out a stratified share and grids the plane twice (boundary and heatmaps) over the same bounds', () => {
    const data = prepareData(stateOf('moons', { samples: 1000 }, { validation: 0.3 }), null);
    expect(data.train.y.length).toBe(700);
    expect(data.validation!.y.length).toBe(300);
    expect(data.evaluatedOn).toBe('validation');
    expect([data.grid.nx, data.heatGrid.nx]).toEqual([GRID_SIZE, HEAT_GRID_SIZE]);
    expect(data.heatGrid.bounds).toEqual(data.grid.bounds);
    expect(data.evaluationInfo).toEqual({ name: 'moons', params: { ...data.trainInfo.params, holdout: 0.3 }, rows: 300 });
    expect(data.note).toBeNull();
  });

  it('trains and evaluates on all four points of the hand-picked XOR truth table', () => {
    const data = prepareData(stateOf('xor-table'), null);
    expect(data.train.y.length).toBe(4);
    expect(data.validation).toBeNull();
    expect(data.evaluatedOn).toBe('train');
    expect(data.note).toBe('4 rows are too few to hold 20% out: the model trains and is evaluated on all of them.');
  });

  it('takes a single sample without an internal error', () => {
    const data = prepareData(stateOf('moons', { samples: 1 }), null);
    expect(data.train.y.length).toBe(1);
    expect(data.note).toBe('1 row is too few to hold 20% out: the model trains and is evaluated on it.');
  });

  it("reports the generator's rule, not an internal function", () => {
    expect(() => prepareData(stateOf('spiral', { samples: 1000, classes: 3 }), null)).toThrow(
      new DataError('Could not generate spiral: samples must be divisible by classes (3), got 1000'),
    );
  });

  it('draws a fresh test set of the same size with the test seed offset', () => {
    const data = prepareData(stateOf('circles', { samples: 300, seed: 5 }, { validation: 'fresh' }), null);
    const expected = generateDataset('circles', { ...defaultParams(getDataset('circles')), samples: 300, seed: 5 + TEST_SEED_OFFSET });
    expect(Array.from(data.validation!.x)).toEqual(Array.from(expected.x));
    expect(data.all.y.length).toBe(600);
  });

  it('draws the fresh test set from another random_state when one is set (it replaces the seed)', () => {
    const entry = getDataset('moons');
    if (!entry.params.some((p) => p.name === 'randomState')) return;
    const data = prepareData(stateOf('moons', { samples: 300, randomState: 7 }, { validation: 'fresh' }), null);
    expect(Array.from(data.validation!.x)).not.toEqual(Array.from(data.train.x));
    const expected = generateDataset('moons', { ...defaultParams(entry), samples: 300, randomState: 7 + TEST_SEED_OFFSET });
    expect(Array.from(data.validation!.x)).toEqual(Array.from(expected.x));
  });

  it('handles the largest dataset the playground allows (100,000 samples, plus a fresh 100,000)', () => {
    const fresh = prepareData(stateOf('circles', { samples: 100_000 }, { validation: 'fresh' }), null);
    expect(fresh.all.y.length).toBe(200_000);
    const held = prepareData(stateOf('blobs', { samples: 100_000, classes: 20 }, { validation: 0.9 }), null);
    expect(held.train.y.length).toBe(10_000);
    expect(held.validation!.y.length).toBe(90_000);
  });

  it('reports progress stages', () => {
    const stages: string[] = [];
    prepareData(stateOf('moons', { samples: 2000 }, { validation: 'fresh' }), null, { onProgress: (stage) => stages.push(stage) });
    expect(stages).toEqual(['Generating 2,000 points', 'Generating the fresh test sample', 'Computing the plot grid']);
  });
});
