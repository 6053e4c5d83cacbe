/**
 * The training worker's session, driven in Node exactly as the page drives it: held runs,
 * steps, mid-run hyper-parameter changes that keep the weights and the epoch count, Continue,
 * regularisation, weight edits and the heatmaps it sends.
 */
import { describe, expect, it } from 'vitest';
import { prepareData, type PreparedData } from '../src/data.js';
import { specFromState } from '../src/spec.js';
import { cloneState, DEFAULT_STATE, type AppState } from '../src/state.js';
import type { FromWorker, ToWorker } from '../src/training/protocol.js';
import { MAX_SHOWN_UNITS } from '../src/training/protocol.js';
import { TrainingSession } from '../src/training/session.js';

function moonsState(over: Partial<AppState> = {}): AppState {
  const state = cloneState(DEFAULT_STATE);
  state.datasetParams = { samples: 200, noise: 0.1, shuffle: true, seed: 0 };
  state.layers = [
    { units: 6, activation: 'tanh' },
    { units: 20, activation: 'relu' },
  ];
  state.backend = 'fused';
  return Object.assign(state, over);
}

/** A session with a message log and helpers to wait for messages. */
function harness() {
  const messages: FromWorker[] = [];
  const waiters: Array<{ test: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void; reject: (e: Error) => void }> = [];
  const hooks: Array<(m: FromWorker) => void> = [];
  const session = new TrainingSession((m) => {
    messages.push(m);
    for (const hook of hooks) hook(m);
    for (const w of [...waiters]) {
      if (w.test(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
    // A worker error fails whatever the test waits for (instead of hanging it).
    if (m.type === 'error') for (const w of waiters.splice(0)) w.reject(new Error(`worker error: ${m.message}`));
  });
  const waitFor = <T extends FromWorker['type']>(type: T, test: (m: Extract<FromWorker, { type: T }>) => boolean = () => true) =>
    new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
      const failed = messages.find((m) => m.type === 'error');
      if (failed && failed.type === 'error') return reject(new Error(`worker error: ${failed.message}`));
      const done = messages.find((m) => m.type === type && test(m as Extract<FromWorker, { type: T }>));
      if (done) resolve(done as Extract<FromWorker, { type: T }>);
      else waiters.push({ test: (m) => m.type === type && test(m as Extract<FromWorker, { type: T }>), resolve: resolve as (m: FromWorker) => void, reject });
    });
  const epochs = () => messages.flatMap((m) => (m.type === 'epochs' ? m.logs : []));
  const send = (m: ToWorker) => session.handle(m);
  return { session, messages, waitFor, epochs, send, hooks };
}

function start(state: AppState, data: PreparedData, mode: 'hold' | 'step' | 'run', runId = 1, experiment: string | null = null): ToWorker {
  const plain = (d: PreparedData['train']) => ({ name: d.name, x: d.x, y: d.y, features: d.features, classes: d.classes });
  return {
    type: 'start',
    runId,
    spec: specFromState(state, 2, data.classes),
    backend: state.backend,
    seed: state.seed,
    train: plain(data.train),
    ...(data.validation ? { validation: plain(data.validation) } : {}),
    evaluatedOn: data.evaluatedOn,
    classNames: data.classNames,
    experiment,
    trainInfo: data.trainInfo,
    ...(data.evaluationInfo ? { evaluationInfo: data.evaluationInfo } : {}),
    grid: { nx: data.grid.nx, ny: data.grid.ny, bounds: data.grid.bounds, x: data.grid.x },
    heatGrid: { nx: data.heatGrid.nx, ny: data.heatGrid.ny, x: data.heatGrid.x },
    fit: { epochs: state.epochs, batchSize: state.batchSize },
    repaintMs: 0,
    mode,
  };
}

async function plainRun(state: AppState, data: PreparedData): Promise<{ loss: number[] }> {
  const h = harness();
  await h.send(start(state, data, 'run'));
  const done = await h.waitFor('done');
  return { loss: done.history.loss };
}

describe('TrainingSession', () => {
  const state = moonsState({ epochs: 30 });
  const data = prepareData(state, null);

  it('holds a new run at epoch 0 with its heatmaps, then steps and resumes to the target', async () => {
    const h = harness();
    await h.send(start(state, data, 'hold'));
    const grid0 = await h.waitFor('grid', (m) => m.epoch === 0);
    await h.waitFor('paused', (m) => m.epoch === 0);
    // One heatmap per unit over the 36 × 36 heat grid: 6 + 20 hidden units (≤ MAX_SHOWN_UNITS) and the output.
    const shown = [6, Math.min(20, MAX_SHOWN_UNITS), 1];
    expect(grid0.heat.length).toBe(shown.reduce((a, b) => a + b, 0) * data.heatGrid.nx * data.heatGrid.ny);
    expect(grid0.probs.length).toBe(data.grid.nx * data.grid.ny);
    expect(grid0.weights.map((w) => w.length)).toEqual([12, 6, 120, 20, 20, 1]);
    expect(h.epochs()).toEqual([]);

    await h.send({ type: 'step', runId: 1 });
    await h.waitFor('paused', (m) => m.epoch === 1);
    expect(h.epochs().map((l) => l.epoch)).toEqual([1]);

    await h.send({ type: 'resume', runId: 1 });
    const done = await h.waitFor('done');
    expect(h.epochs().map((l) => l.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(done.history.epochs).toBe(30);
    // Pausing does not change the run: the same losses as an uninterrupted one.
    expect(done.history.loss).toEqual((await plainRun(state, data)).loss);
  });

  it('changes the learning rate mid-run: the run keeps its epochs and weights and trains on with the new rate', async () => {
    const long = moonsState({ epochs: 60 });
    const baseline = await plainRun(long, data);
    const h = harness();
    // Five steps in, paused (deterministic: no race with a fast run).
    await h.send(start(long, data, 'hold'));
    await h.waitFor('paused', (m) => m.epoch === 0);
    const at = 5;
    for (let e = 1; e <= at; e++) {
      await h.send({ type: 'step', runId: 1 });
      await h.waitFor('paused', (m) => m.epoch === e);
    }
    const grids = () => h.messages.filter((m): m is Extract<FromWorker, { type: 'grid' }> => m.type === 'grid' && m.epoch === at);
    const before = grids().at(-1)!.weights.map((w) => Array.from(w));
    // Paused at epoch `at`: change the learning rate, then resume.
    const faster = moonsState({ epochs: 60, learningRate: 0.1 });
    await h.send({ type: 'reconfigure', runId: 1, spec: specFromState(faster, 2, data.classes), backend: 'fused', fit: { epochs: 60, batchSize: 32 }, change: 'learning rate 0.01 → 0.1', experiment: null });
    await h.send({ type: 'resume', runId: 1 });
    expect((await h.waitFor('reconfigured')).epoch).toBe(at);
    const done = await h.waitFor('done');
    // The counter never went back: epochs 1..60 once each, in order.
    expect(h.epochs().map((l) => l.epoch)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(done.history.epochs).toBe(60);
    // Up to the change the run is the baseline; after it, the new rate trains differently.
    expect(done.history.loss.slice(0, at)).toEqual(baseline.loss.slice(0, at));
    expect(done.history.loss[at]).not.toBe(baseline.loss[at]);
    expect(done.metrics.spec.compile.optimizer.learningRate).toBe(0.1);
    // The rebuilt model started from the weights the run had at the change.
    expect(grids().at(-1)!.weights.map((w) => Array.from(w))).toEqual(before);
  });

  it('continues a finished run from its weights, numbering the epochs on', async () => {
    const short = moonsState({ epochs: 5 });
    const h = harness();
    await h.send(start(short, data, 'run'));
    const first = await h.waitFor('done');
    expect(first.history.epochs).toBe(5);
    await h.send({ type: 'continue', runId: 1, epochs: 7 });
    const second = await h.waitFor('done', (m) => m.history.epochs === 12);
    expect(h.epochs().map((l) => l.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(second.history.loss.slice(0, 5)).toEqual(first.history.loss);
    expect(second.metrics.epochs).toBe(12);
  });

  it("keeps an experiment's verdict only for the experiment's own run", async () => {
    const short = moonsState({ epochs: 3 });
    const h = harness();
    await h.send(start(short, data, 'run', 1, 'moons-ann'));
    expect((await h.waitFor('done')).metrics.experiment).toBe('moons-ann');
    // Continued past the experiment's epochs: no longer its run.
    await h.send({ type: 'continue', runId: 1, epochs: 2 });
    expect((await h.waitFor('done', (m) => m.history.epochs === 5)).metrics.experiment).toBeNull();
    // A change before the first epoch that leaves the experiment (e.g. the learning rate).
    const g = harness();
    await g.send(start(short, data, 'hold', 1, 'moons-ann'));
    await g.waitFor('paused', (m) => m.epoch === 0);
    const changed = moonsState({ epochs: 3, learningRate: 0.05 });
    await g.send({ type: 'reconfigure', runId: 1, spec: specFromState(changed, 2, data.classes), backend: 'fused', fit: { epochs: 3, batchSize: 32 }, change: 'learning rate', experiment: null });
    await g.send({ type: 'resume', runId: 1 });
    expect((await g.waitFor('done')).metrics.experiment).toBeNull();
  });

  it('regularisation adds its penalty to the loss', async () => {
    const none = await plainRun(moonsState({ epochs: 3 }), data);
    const l2 = await plainRun(moonsState({ epochs: 3, regularization: 'l2', regularizationRate: 0.05 }), data);
    const l1 = await plainRun(moonsState({ epochs: 3, regularization: 'l1', regularizationRate: 0.05 }), data);
    for (const reg of [l2, l1]) for (let e = 0; e < 3; e++) expect(reg.loss[e]!).toBeGreaterThan(none.loss[e]!);
    expect(l1.loss).not.toEqual(l2.loss);
  });

  it('sets a weight on the live model and repaints', async () => {
    const h = harness();
    await h.send(start(state, data, 'hold'));
    const before = await h.waitFor('grid', (m) => m.epoch === 0);
    await h.send({ type: 'set-weight', runId: 1, array: 4, index: 3, value: 5 });
    const after = h.messages.filter((m): m is Extract<FromWorker, { type: 'grid' }> => m.type === 'grid').at(-1)!;
    expect(after).not.toBe(before);
    expect(after.weights[4]![3]).toBe(5);
    expect(Array.from(after.probs)).not.toEqual(Array.from(before.probs));
    expect(Array.from(after.weights[0]!)).toEqual(Array.from(before.weights[0]!));
  });
});
