/** Every seed experiment loads into a playground setup that is valid, trainable and linkable. */
import { generateDataset, listDatasets } from '@mlpkit/datasets';
import { dataSeed, experiments } from '@mlpkit/experiments';
import { checkSpecAgainstData, getPreset } from '@mlpkit/models';
import { describe, expect, it } from 'vitest';
import { prepareData } from '../src/data.js';
import { presetOptions, stateFromExperiment } from '../src/presets.js';
import { specFromState } from '../src/spec.js';
import { DEFAULT_STATE, stateFromQuery, stateToQuery } from '../src/state.js';

describe('stateFromExperiment', () => {
  it('offers every experiment of the table, in order', () => {
    expect(presetOptions().map((p) => p.id)).toEqual(experiments.map((e) => e.id));
  });

  for (const def of experiments) {
    it(`${def.id}: same network, fit and data as the experiment, and a link that round-trips`, () => {
      const state = stateFromExperiment(def, DEFAULT_STATE);
      const data = prepareData(state, null);

      // The network and compile settings are the preset's (what @mlpkit/models would build).
      const spec = specFromState(state, data.train.features, data.classes);
      const preset = getPreset(def.preset);
      expect(spec.layers).toEqual(preset.layers.map((l) => ({ units: l.units, activation: l.activation })));
      expect(spec.compile.loss).toBe(preset.compile.loss);
      expect(spec.compile.optimizer.name).toBe(preset.compile.optimizer.name);
      if (preset.compile.optimizer.learningRate !== undefined) {
        expect(spec.compile.optimizer.learningRate).toBe(preset.compile.optimizer.learningRate);
      }
      expect(spec.compile.optimizer.momentum ?? 0).toBe(preset.compile.optimizer.momentum ?? 0);
      expect(spec.compile.optimizer.decay ?? 0).toBe(preset.compile.optimizer.decay ?? 0);
      expect(() => checkSpecAgainstData(spec, data.train)).not.toThrow();

      // Fit settings.
      expect(state.epochs).toBe(def.fit.epochs);
      expect(state.batchSize).toBe(def.fit.batchSize);
      expect(state.stopAtAccuracy).toBe(def.fit.stopAtAccuracy ?? 0);

      // The generated data is the experiment's training set (same generator, params and seed).
      const expected = generateDataset(def.data.dataset, { ...def.data.params, seed: dataSeed(def.data, DEFAULT_STATE.seed) });
      expect(data.all.y.length).toBe(expected.y.length + (def.evaluation.kind === 'test' ? data.validation!.y.length : 0));
      expect(Array.from(data.all.x.subarray(0, expected.x.length))).toEqual(Array.from(expected.x));
      expect(data.evaluatedOn).toBe({ test: 'test', rows: 'validation', train: 'train' }[def.evaluation.kind]);

      // The setup survives the URL.
      const parsed = stateFromQuery(stateToQuery(state), listDatasets());
      expect(parsed.warnings).toEqual([]);
      expect(parsed.state).toEqual(state);
    });
  }
});
