/**
 * Every seed experiment loads into a playground setup that is the CLI's experiment: the same
 * network, fit and data (buildExperimentJob's, for the same run seed), a link that round-trips,
 * and, trained through the worker's own TrainingSession, the same metrics.json as
 * `mlpkit experiments run <id> --seed 0` (runExperiment).
 */
import { listDatasets } from '@mlpkit/datasets';
import { buildExperimentJob, experiments, judgeExperiment, runExperiment, type MetricsJson } from '@mlpkit/experiments';
import { checkSpecAgainstData, getPreset } from '@mlpkit/models';
import { describe, expect, it } from 'vitest';
import { prepareData, type PreparedData } from '../src/data.js';
import { findExperiment, KNOWN_DIFFERENCES, presetDifferences, presetOptions, stateFromExperiment, stateFromLink } from '../src/presets.js';
import { specFromState } from '../src/spec.js';
import { DEFAULT_STATE, stateToQuery, type AppState } from '../src/state.js';
import { dataMessage, type FromWorker, type StartRequest } from '../src/training/protocol.js';
import { TrainingSession } from '../src/training/session.js';

const datasets = listDatasets();
const BACKEND = 'fused';

function requestOf(state: AppState, data: PreparedData, mode: StartRequest['mode'] = 'run'): StartRequest {
  const plain = dataMessage;
  return {
    type: 'start',
    runId: 1,
    spec: specFromState(state, data.train.features, data.classes),
    backend: BACKEND,
    seed: state.seed,
    train: plain(data.train),
    ...(data.validation ? { validation: plain(data.validation) } : {}),
    evaluatedOn: data.evaluatedOn,
    classNames: data.classNames,
    experiment: data.experiment,
    trainInfo: data.trainInfo,
    ...(data.evaluationInfo ? { evaluationInfo: data.evaluationInfo } : {}),
    grid: { nx: data.grid.nx, ny: data.grid.ny, bounds: data.grid.bounds, x: data.grid.x },
    heatGrid: { nx: data.heatGrid.nx, ny: data.heatGrid.ny, x: data.heatGrid.x },
    fit: { epochs: state.epochs, batchSize: state.batchSize, ...(state.stopAtAccuracy > 0 ? { stopAtAccuracy: state.stopAtAccuracy } : {}) },
    repaintMs: 1e9,
    mode,
  };
}

/** Trains through the worker's session (in Node) and returns its metrics.json. */
async function trainInSession(state: AppState, data: PreparedData): Promise<MetricsJson> {
  let resolve!: (m: MetricsJson) => void;
  let reject!: (e: Error) => void;
  const done = new Promise<MetricsJson>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const session = new TrainingSession((message: FromWorker) => {
    if (message.type === 'done') resolve(message.metrics as MetricsJson);
    if (message.type === 'error') reject(new Error(message.message));
  });
  await session.handle(requestOf(state, data));
  const metrics = await done;
  await session.handle({ type: 'stop', runId: 1 });
  return metrics;
}

/** metrics.json without the fields that are allowed to differ (timing, the spec object's form). */
function comparable(m: MetricsJson): Omit<MetricsJson, 'trainMs' | 'spec'> {
  const { trainMs: _t, spec: _s, ...rest } = m;
  return rest;
}

describe('stateFromExperiment', () => {
  it('offers every experiment of the table, in order', () => {
    expect(presetOptions().map((p) => p.id)).toEqual(experiments.map((e) => e.id));
  });

  for (const def of experiments) {
    it(`${def.id}: the CLI's network, fit and data (seeds 0 and 3), and a link that round-trips`, () => {
      for (const seed of [0, 3]) {
        const state = stateFromExperiment(def, { ...DEFAULT_STATE, seed });
        expect(presetDifferences(state, def)).toEqual([]);
        const data = prepareData(state, null);

        // The network and compile settings are the preset's (what @mlpkit/models would build).
        const spec = specFromState(state, data.train.features, data.classes);
        const preset = getPreset(def.preset);
        expect(spec.layers).toEqual(preset.layers.map((l) => ({ units: l.units, activation: l.activation })));
        expect(spec.compile.loss).toBe(preset.compile.loss);
        expect(spec.compile.optimizer.name).toBe(preset.compile.optimizer.name);
        if (preset.compile.optimizer.learningRate !== undefined) expect(spec.compile.optimizer.learningRate).toBe(preset.compile.optimizer.learningRate);
        expect(spec.compile.optimizer.momentum ?? 0).toBe(preset.compile.optimizer.momentum ?? 0);
        expect(spec.compile.optimizer.decay ?? 0).toBe(preset.compile.optimizer.decay ?? 0);
        expect(() => checkSpecAgainstData(spec, data.train)).not.toThrow();

        // Fit settings.
        expect(state.epochs).toBe(def.fit.epochs);
        expect(state.batchSize).toBe(def.fit.batchSize);
        expect(state.stopAtAccuracy).toBe(def.fit.stopAtAccuracy ?? 0);

        // The data is the CLI job's, row for row, and recorded the same way in metrics.json.
        const job = buildExperimentJob(def, { seed, grid: false });
        expect(data.experiment).toBe(def.id);
        expect(data.evaluatedOn).toBe(job.evaluationKind);
        expect(Array.from(data.train.x)).toEqual(Array.from(job.train.x));
        expect(Array.from(data.train.y)).toEqual(Array.from(job.train.y));
        expect(data.validation ? Array.from(data.validation.x) : null).toEqual(job.evaluation ? Array.from(job.evaluation.x) : null);
        expect(data.validation ? Array.from(data.validation.y) : null).toEqual(job.evaluation ? Array.from(job.evaluation.y) : null);
        expect(data.trainInfo).toEqual(job.trainInfo);
        expect(data.evaluationInfo).toEqual(job.evaluationInfo);

        // The setup survives the URL, and a bare ?preset=<id>&seed=<n> link loads it.
        const parsed = stateFromLink(stateToQuery(state), datasets);
        expect(parsed.warnings).toEqual([]);
        expect(parsed.state).toEqual(state);
        // A bare preset link runs at full speed (it reproduces the tutorial's numbers; pacing never changes them).
        expect(stateFromLink(`preset=${def.id}&seed=${seed}`, datasets).state).toEqual({ ...state, speed: 'max' });
        expect(stateFromLink(`preset=${def.id}&seed=${seed}&speed=slow`, datasets).state).toEqual({ ...state, speed: 'slow' });
      }
    });
  }

  it("xor-gauss: trains on 10,000 rows and tests on a fresh 5,000 (experiments.md), not the training set's size", () => {
    const data = prepareData(stateFromExperiment(findExperiment('xor-gauss')!, DEFAULT_STATE), null);
    expect(data.train.y.length).toBe(10_000);
    expect(data.validation!.y.length).toBe(5_000);
    expect(data.evaluatedOn).toBe('test');
  });

  it('a preset link that changes the setup loads a custom setup based on the experiment, and says what differs', () => {
    const state = stateFromExperiment(findExperiment('moons-ann')!, DEFAULT_STATE);
    const query = stateToQuery({ ...state, learningRate: 0.05, epochs: 7 });
    const parsed = stateFromLink(query, datasets);
    expect(parsed.state).toEqual({ ...state, preset: '', learningRate: 0.05, epochs: 7 });
    // Nothing was invalid: no warning (the "reset" list), a note that says what the link changed.
    expect(parsed.warnings).toEqual([]);
    expect(parsed.notes).toEqual([
      "Loaded experiment moons-ann with the link's own lr, epochs: a custom setup based on it (the tutorial's verdict applies to the experiment's own settings only).",
    ]);
    // A short link: the experiment, with just the epochs changed (at full speed: it came from a preset link).
    const short = stateFromLink('preset=spirals-3x12&epochs=5000&seed=2', datasets);
    expect(short.state).toEqual({ ...stateFromExperiment(findExperiment('spirals-3x12')!, { ...DEFAULT_STATE, seed: 2 }), preset: '', epochs: 5000, speed: 'max' });
    expect(short.warnings).toEqual([]);
    // The review's link: an override of xor-gauss's learning rate, valid, so only a note.
    const xor = stateFromLink('preset=xor-gauss&lr=0.5', datasets);
    expect(xor.warnings).toEqual([]);
    expect(xor.notes).toEqual([expect.stringMatching(/^Loaded experiment xor-gauss with the link's own lr: a custom setup/)]);
    expect(xor.state.learningRate).toBe(0.5);
    expect(stateFromLink('preset=nope', datasets).warnings).toEqual(['preset=nope is not an experiment id; ignored']);
  });

  it('explains on the page why linear-logreg is expected to differ', () => {
    expect(KNOWN_DIFFERENCES['linear-logreg']).toMatch(/make_classification\(random_state=7\)/);
  });
});

describe('every preset agrees with the CLI table (mlpkit experiments run <id> --seed 0)', () => {
  for (const def of experiments) {
    it(`${def.id}: the web's training session gives the CLI's metrics.json and verdict`, async () => {
      const state = stateFromExperiment(def, DEFAULT_STATE);
      const web = await trainInSession(state, prepareData(state, null));
      const cli = (await runExperiment(def, { seed: 0, backend: BACKEND, grid: false })).metrics;
      expect(comparable(web)).toEqual(comparable(cli));
      const verdict = (m: MetricsJson) => judgeExperiment(def, [{ seed: 0, metrics: m }]);
      expect(verdict(web).agrees).toBe(verdict(cli).agrees);
      expect(verdict(web).measuredText).toBe(verdict(cli).measuredText);
    });
  }
});
