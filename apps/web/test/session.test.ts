/**
 * The training worker's session, driven in Node exactly as the page drives it: held runs,
 * steps, mid-run hyper-parameter changes that keep the weights and the epoch count, Continue,
 * regularisation, weight edits and the heatmaps it sends.
 */
import { describe, expect, it } from 'vitest';
import { prepareData, type PreparedData } from '../src/data.js';
import { specFromState } from '../src/spec.js';
import { cloneState, DEFAULT_STATE, type AppState } from '../src/state.js';
import { dataMessage, type FromWorker, type ToWorker } from '../src/training/protocol.js';
import { MAX_SHOWN_UNITS } from '../src/training/protocol.js';
import { divergenceMessage } from '../src/messages.js';
import { layerOutputs } from '../src/training/activations.js';
import { divergenceReason, TrainingSession, type SessionOptions } from '../src/training/session.js';

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

/** A session with a message log and helpers to wait for messages (optionally on a virtual clock). */
function harness(options: SessionOptions = {}) {
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
  }, options);
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

function start(state: AppState, data: PreparedData, mode: 'hold' | 'step' | 'run', runId = 1, experiment: string | null = null, epochsPerSecond: number | null = null): ToWorker {
  const plain = dataMessage;
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
    epochsPerSecond,
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

  it('turns a divergence into a pause: back to the last good weights, the counter and the message agree, and it recovers', async () => {
    // The review's link: sgd with a learning rate of 10 on moons (8-8 relu).
    const wild = moonsState({ epochs: 50, layers: [{ units: 8, activation: 'relu' }, { units: 8, activation: 'relu' }], optimizer: 'sgd', learningRate: 10 });
    const h = harness();
    await h.send(start(wild, data, 'run'));
    const diverged = await h.waitFor('diverged');
    const paused = await h.waitFor('paused', (m) => m.epoch === diverged.restoredEpoch);
    expect(h.messages.some((m) => m.type === 'error')).toBe(false);
    // It blew up at once (the loss stuck at its ceiling from epoch 2): back to the initial weights.
    expect(diverged.reason).toBe('loss stuck at its ceiling (saturated outputs)');
    expect(diverged.restoredEpoch).toBe(0);
    expect(paused.epoch).toBe(0);
    // Every epoch before the divergence was shown (the page truncates its curves to the restored epoch).
    expect(h.epochs().map((l) => l.epoch)).toEqual(Array.from({ length: diverged.epoch - 1 }, (_, i) => i + 1));
    // The message names only the epoch the counter shows.
    const message = divergenceMessage(diverged.epoch, diverged.reason, diverged.restoredEpoch, 10);
    expect(message).toBe(
      `Training diverged from the start: within the first ${diverged.epoch} epochs the loss stuck at its highest value (the outputs saturated on the wrong side). The run went back to epoch 0 and is paused there, with its initial weights. The learning rate (10) is probably too high: lower it, then press Resume — or Reset to start over.`,
    );
    expect(message.match(/epoch \d+/g)).toEqual(['epoch 0']);
    // Lower the learning rate and resume: the run trains from the restored weights, finite, and
    // equals a run that had the low rate from the start (same initial weights; the shuffles of a later segment).
    const calm = { ...wild, learningRate: 0.05 };
    await h.send({ type: 'reconfigure', runId: 1, spec: specFromState(calm, 2, data.classes), backend: 'fused', fit: { epochs: 50, batchSize: 32 }, change: 'learning rate 10 → 0.05', experiment: null });
    await h.send({ type: 'resume', runId: 1 });
    const done = await h.waitFor('done');
    expect(done.history.epochs).toBe(50);
    expect(done.history.loss.every(Number.isFinite)).toBe(true);
    expect(done.history.loss[49]!).toBeLessThan(done.history.loss[0]!);
    expect((done.metrics as { accuracy: number }).accuracy).toBeGreaterThan(0.8);
  });

  it('goes back to the epoch before a sudden NaN, keeping the curves up to it', async () => {
    const h = harness();
    const plainState = moonsState({ epochs: 60 });
    await h.send(start(plainState, data, 'hold'));
    await h.waitFor('paused', (m) => m.epoch === 0);
    for (let e = 1; e <= 20; e++) {
      await h.send({ type: 'step', runId: 1 });
      await h.waitFor('paused', (m) => m.epoch === e);
    }
    // A weight far beyond any sensible value: the next epoch's loss (and weights) are not finite.
    await h.send({ type: 'set-weight', runId: 1, array: 4, index: 0, value: Number.MAX_VALUE });
    await h.send({ type: 'resume', runId: 1 });
    const diverged = await h.waitFor('diverged');
    expect(diverged.epoch).toBe(21);
    // The weights saved after epoch 20 were good (the edit came after them): back there.
    expect(diverged.restoredEpoch).toBe(20);
    expect(divergenceMessage(21, diverged.reason, 20, 0.01)).toMatch(/^Training diverged after epoch 20: in the next epoch the /);
    await h.waitFor('paused', (m) => m.epoch === 20);
    await h.send({ type: 'resume', runId: 1 });
    const done = await h.waitFor('done');
    expect(done.history.epochs).toBe(60);
    expect(done.history.loss.every(Number.isFinite)).toBe(true);
  });

  it('numbers a divergence mid-run by the run, not by the segment (the review: a learning rate raised after 30 epochs)', async () => {
    const base = moonsState({ epochs: 400, optimizer: 'sgd', learningRate: 0.05, batchSize: 8 });
    const h = harness();
    await h.send(start(base, data, 'hold'));
    await h.waitFor('paused', (m) => m.epoch === 0);
    for (let e = 1; e <= 30; e++) {
      await h.send({ type: 'step', runId: 1 });
      await h.waitFor('paused', (m) => m.epoch === e);
    }
    const wild = { ...base, learningRate: 10 };
    await h.send({ type: 'reconfigure', runId: 1, spec: specFromState(wild, 2, data.classes), backend: 'fused', fit: { epochs: 400, batchSize: 8 }, change: 'learning rate 0.05 → 10', experiment: null });
    await h.send({ type: 'resume', runId: 1 });
    const diverged = await h.waitFor('diverged');
    // Counted from the start of the run (the train() segment that diverged began at epoch 30).
    expect(diverged.epoch).toBeGreaterThan(30);
    expect(Math.max(...h.epochs().map((l) => l.epoch))).toBe(diverged.epoch - 1);
    // Back to the good weights from before the change: the epoch it was paused and changed at.
    expect(diverged.restoredEpoch).toBe(30);
    await h.waitFor('paused', (m) => m.epoch === 30);
  });

  it('after a mid-run change, never goes back before the epoch of the change, however many epochs came between (review: paused at 56, went back to 49)', async () => {
    const base = moonsState({ epochs: 120, optimizer: 'sgd', learningRate: 0.05, batchSize: 8 });
    const h = harness();
    await h.send(start(base, data, 'hold'));
    await h.waitFor('paused', (m) => m.epoch === 0);
    for (let e = 1; e <= 56; e++) {
      await h.send({ type: 'step', runId: 1 });
      await h.waitFor('paused', (m) => m.epoch === e);
    }
    // Paused at 56, the learning rate raised: the loss gets worse but stays finite for a while ...
    const wild = { ...base, learningRate: 2 };
    await h.send({ type: 'reconfigure', runId: 1, spec: specFromState(wild, 2, data.classes), backend: 'fused', fit: { epochs: 120, batchSize: 8 }, change: 'learning rate 0.05 → 2', experiment: null });
    for (let e = 57; e <= 66; e++) {
      await h.send({ type: 'step', runId: 1 });
      await h.waitFor('paused', (m) => m.epoch === e);
    }
    // ... then blows up.
    await h.send({ type: 'set-weight', runId: 1, array: 4, index: 0, value: Number.MAX_VALUE });
    await h.send({ type: 'resume', runId: 1 });
    const diverged = await h.waitFor('diverged');
    expect(diverged.epoch).toBe(67);
    // Epochs 57–66 trained far worse than 56 (loss 0.46–1.4 against 0.146): the weights of the
    // change, epoch 56, are the last good ones — not the lowest-loss epoch before it (55).
    const loss = new Map(h.epochs().map((l) => [l.epoch, l.loss]));
    expect(Math.min(...[57, 58, 59, 60, 61, 62, 63, 64, 65, 66].map((e) => loss.get(e)!))).toBeGreaterThan(1.5 * loss.get(56)!);
    expect(diverged.restoredEpoch).toBe(56);
    await h.waitFor('paused', (m) => m.epoch === 56);
  });

  it('recognises only @mlpkit/train\'s divergence error', () => {
    const error = Object.assign(new Error('training diverged: loss is NaN at epoch 4; try a lower learning rate'), { code: 'MLPKIT_RUNTIME' });
    expect(divergenceReason(error)).toBe('loss is NaN');
    expect(divergenceReason(new Error('training diverged: loss is NaN at epoch 4'))).toBeNull();
    expect(divergenceReason(Object.assign(new Error('out of memory'), { code: 'MLPKIT_RUNTIME' }))).toBeNull();
  });

  it('paces a run (epochs per second) without changing its numbers, and counts only training time', async () => {
    let t = 0;
    const clock: SessionOptions = {
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    };
    const short = moonsState({ epochs: 12 });
    const paced = harness(clock);
    await paced.send(start(short, data, 'run', 1, null, 20));
    const done = await paced.waitFor('done');
    // 20 epochs a second on a virtual clock: 12 epochs take 11 intervals of 50 ms of waiting, and
    // no virtual time passes while training, so the training time is 0.
    expect(t).toBe(11 * 50);
    expect(done.metrics.trainMs).toBe(0);
    expect(done.history.loss).toEqual((await plainRun(short, data)).loss);
    // A new speed applies at once (here: as fast as it goes).
    const switched = harness(clock);
    const t0 = t;
    await switched.send(start(moonsState({ epochs: 30 }), data, 'run', 1, null, 1));
    await switched.waitFor('epochs');
    await switched.send({ type: 'speed', runId: 1, epochsPerSecond: null });
    await switched.waitFor('done');
    expect(t - t0).toBeLessThanOrEqual(2 * 1000);
  });

  it('trains until paused when the epochs are open-ended, in segments, numbering on', async () => {
    const h = harness({ openEndedSegment: 25 });
    await h.send(start(moonsState({ epochs: Infinity }), data, 'run'));
    h.hooks.push((m) => {
      if (m.type === 'epochs' && m.logs.some((l) => l.epoch >= 70)) void h.send({ type: 'pause', runId: 1 });
    });
    const paused = await h.waitFor('paused', (m) => m.epoch >= 70);
    const epochs = h.epochs().map((l) => l.epoch);
    expect(epochs).toEqual(Array.from({ length: paused.epoch }, (_, i) => i + 1));
    expect(h.messages.some((m) => m.type === 'done')).toBe(false);
  });

  it('reports a 40,000-epoch run (Continue seven times) without overflowing the call stack', async () => {
    const table = cloneState(DEFAULT_STATE);
    Object.assign(table, { dataset: 'xor-table', datasetParams: { seed: 0 }, layers: [{ units: 3, activation: 'tanh' }], epochs: 5000, backend: 'fused', validation: 0 });
    const xor = prepareData(table, null);
    const h = harness();
    await h.send({ ...start(table, xor, 'run'), repaintMs: 1e9 } as ToWorker);
    await h.waitFor('done');
    for (let k = 2; k <= 8; k++) {
      await h.send({ type: 'continue', runId: 1, epochs: 5000 });
      await h.waitFor('done', (m) => m.history.epochs === 5000 * k);
    }
    const last = h.messages.filter((m): m is Extract<FromWorker, { type: 'done' }> => m.type === 'done').at(-1)!;
    expect(last.metrics.epochs).toBe(40_000);
    expect(last.metrics.history.loss).toHaveLength(40_000);
    expect(last.reportHtml).toContain('<svg');
    expect(h.messages.some((m) => m.type === 'error')).toBe(false);
  }, 120_000);

  it('after a weight edit, reports the loss and accuracy of the edited network (Keras evaluate)', async () => {
    const h = harness();
    await h.send(start(state, data, 'hold'));
    await h.waitFor('paused', (m) => m.epoch === 0);
    // The output unit's bias far negative: every point is predicted class 0.
    await h.send({ type: 'set-weight', runId: 1, array: 5, index: 0, value: -30 });
    const evaluated = await h.waitFor('evaluated');
    const grid = h.messages.filter((m): m is Extract<FromWorker, { type: 'grid' }> => m.type === 'grid').at(-1)!;
    expect(grid.weights[5]![0]).toBe(-30);
    // The same numbers from the weights by hand: binary cross-entropy (Keras's clip at 1e-7) and accuracy.
    const spec = specFromState(state, 2, data.classes);
    const score = (d: PreparedData['train']) => {
      const out = layerOutputs(spec, grid.weights, d.x, d.y.length).at(-1)!;
      let loss = 0;
      let right = 0;
      for (let i = 0; i < d.y.length; i++) {
        const p = Math.min(1 - 1e-7, Math.max(1e-7, out[i]!));
        loss -= d.y[i] === 1 ? Math.log(p) : Math.log(1 - p);
        if ((out[i]! > 0.5 ? 1 : 0) === d.y[i]) right++;
      }
      return { loss: loss / d.y.length, accuracy: right / d.y.length };
    };
    const train = score(data.train);
    expect(evaluated.accuracy).toBeCloseTo(train.accuracy, 6);
    expect(evaluated.loss).toBeCloseTo(train.loss, 3);
    const share0 = Array.from(data.train.y).filter((y) => y === 0).length / data.train.y.length;
    expect(evaluated.accuracy).toBeCloseTo(share0, 6);
    const validation = score(data.validation!);
    expect(evaluated.val_accuracy).toBeCloseTo(validation.accuracy, 6);
    expect(evaluated.val_loss).toBeCloseTo(validation.loss, 3);
  });
});

describe('TrainingSession: regression and input features (TF Playground parity)', () => {
  it('plane: a network without hidden layers predicts the held-out targets (R² ≥ 0.99), and metrics.json is a regression one', async () => {
    const state = cloneState(DEFAULT_STATE);
    Object.assign(state, { task: 'regression', dataset: 'plane', datasetParams: { samples: 500, noise: 0, seed: 0 }, layers: [], epochs: 150, learningRate: 0.03, backend: 'fused' });
    const data = prepareData(state, null);
    const h = harness();
    await h.send(start(state, data, 'run'));
    const done = await h.waitFor('done');
    expect(h.epochs()).toHaveLength(150);
    expect(h.epochs().every((l) => typeof l.mae === 'number' && l.accuracy === undefined)).toBe(true);
    const m = done.metrics;
    if (m.task !== 'regression') throw new Error('expected a regression metrics.json');
    expect(m.history.mae).toHaveLength(150);
    expect(m.yTrue).toHaveLength(100);
    // R² recomputed from the recorded targets and predictions (scikit-learn's r2_score).
    const mean = m.yTrue.reduce((a, b) => a + b, 0) / m.yTrue.length;
    const ssRes = m.yTrue.reduce((a, t, i) => a + (t - m.yPred[i]!) ** 2, 0);
    const ssTot = m.yTrue.reduce((a, t) => a + (t - mean) ** 2, 0);
    expect(m.r2).toBeCloseTo(1 - ssRes / ssTot, 6);
    expect(m.r2).toBeGreaterThanOrEqual(0.99);
    expect(m.mae).toBeCloseTo(m.yTrue.reduce((a, t, i) => a + Math.abs(t - m.yPred[i]!), 0) / m.yTrue.length, 6);
    expect(done.reportHtml).toContain('R²');
  });

  it('circles with only x0² and x1² and no hidden layer: a straight line in the features is a circle in the plane (accuracy ≥ 0.98)', async () => {
    const state = cloneState(DEFAULT_STATE);
    Object.assign(state, { dataset: 'circles', datasetParams: { samples: 600, noise: 0.05, factor: 0.5, shuffle: true, seed: 0, randomState: -1 }, features: ['x0^2', 'x1^2'], layers: [], epochs: 200, learningRate: 0.05, backend: 'fused' });
    const data = prepareData(state, null);
    const spec = specFromState(state, 2, data.classes);
    expect(spec.features).toEqual(['x0^2', 'x1^2']);
    const h = harness();
    await h.send(start(state, data, 'run'));
    const done = await h.waitFor('done');
    if (done.metrics.task === 'regression') throw new Error('expected a classification metrics.json');
    expect(done.metrics.accuracy).toBeGreaterThanOrEqual(0.98);
    // The output unit's heatmap is sigmoid(w0·x0² + w1·x1² + b) over the heat grid: the forward pass maps the features first.
    const grids = h.messages.filter((m): m is Extract<FromWorker, { type: 'grid' }> => m.type === 'grid');
    const last = grids[grids.length - 1]!;
    const [kernel, bias] = last.weights as [Float32Array, Float32Array];
    expect(kernel).toHaveLength(2);
    const heatX = data.heatGrid.x;
    for (const p of [0, 100, 640, 1295]) {
      const a = heatX[2 * p]!;
      const b = heatX[2 * p + 1]!;
      const z = kernel[0]! * Math.fround(a * a) + kernel[1]! * Math.fround(b * b) + bias[0]!;
      expect(last.heat[p]).toBeCloseTo(1 / (1 + Math.exp(-z)), 5);
    }
  });
});
