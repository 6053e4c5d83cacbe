/**
 * The training side of the playground: owns one run (one Trainer) at a time and speaks the
 * protocol in protocol.ts. It runs inside a Web Worker (worker.ts), so training never blocks the page.
 *
 * A run is trained in segments, each one `trainer.train()` call. An uninterrupted run is a single
 * segment with the run seed, i.e. exactly the CLI's run. A new segment starts when a live change
 * (learning rate, regularisation, optimizer, batch size, epochs, backend) takes effect at an epoch
 * boundary, when the user continues a finished run, after a divergence, and every
 * OPEN_ENDED_SEGMENT epochs of an open-ended run (epochs = Infinity, "until paused"); its epochs
 * are numbered on from the run's. Changing the spec rebuilds the Trainer from the current weights:
 * @mlpkit/train has no API to change a live optimizer's hyper-parameters, so the optimizer state
 * (Adam moments, momentum velocity, the decay step count) restarts at that point while the
 * weights carry on.
 *
 * Pacing (the speed control) waits between epochs and never changes the numbers; the time it
 * waits, like the time paused, is not training time (`trainMs`).
 *
 * Divergence: @mlpkit/train stops a run whose loss or weights become non-finite (or whose loss
 * sticks at its ceiling) with a TrainingError "training diverged: …". The session turns that into
 * a pause instead of a failure: it goes back to the last good weights it saved (it saves the
 * weights after every epoch when that is cheap, see SNAPSHOT_SHARE, keeping the last few and the
 * lowest-loss ones; "good": the latest whose loss is near the lowest of them, so an explosion
 * that built up over a few epochs is undone too, and a run that blew up in its first epochs goes
 * back to its initial weights), drops the epochs after them, and tells the page, so the learner
 * can lower the learning rate and resume.
 *
 * Messages (pause, stop, changes) are handled between epochs: the shared epoch driver of
 * @mlpkit/train yields to the event loop after every epoch.
 */
import { standardizerFromJSON, type Dataset, type RegressionDataset } from '@mlpkit/datasets';
import type { io, LayersModel } from '@tensorflow/tfjs';
import { evaluateRegressor, evaluateTrainer, jobMetrics, jobReportHtml, regressionJobMetrics, type AnyMetricsJson, type JobResult, type RegressionJobResult, type RegressionMetricsJson } from '@mlpkit/experiments';
import type { ModelSpec } from '@mlpkit/models';
import { createTrainer, listBackends, SATURATION_EPOCHS, type ClassificationHistory, type EpochLogs, type History, type RegressionHistory, type Trainer } from '@mlpkit/train';
import { layerOutputs, layerSizes, packHeatmaps } from './activations.js';
import {
  MAX_SHOWN_UNITS,
  type DataMessage,
  type FitSettings,
  type FromWorker,
  type ModelArtifactsMessage,
  type Reconfigure,
  type StartRequest,
  type ToWorker,
} from './protocol.js';
import { configureWasm } from './wasm.js';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Epoch logs are sent in batches at most this often (one message per frame, not per epoch). */
const FLUSH_EVERY_MS = 16;
/** Epochs per train() call of an open-ended run. */
export const OPEN_ENDED_SEGMENT = 10_000;
/**
 * Saving the weights after an epoch (for a divergence) may take at most this share of the
 * epoch's time; above it the session saves every k-th epoch instead (a divergence then goes
 * back a little further). On the fused engine a save is a few microseconds: every epoch.
 */
const SNAPSHOT_SHARE = 0.05;
/** Weights kept for a divergence: the last few saves. */
const SNAPSHOTS = 4;

/** The session's clock and timer (the tests give it a virtual one), and its segment length. */
export interface SessionOptions {
  now?: () => number;
  /** Waits `ms`, or until `wake` is called; resolves either way. */
  sleep?: (ms: number, wake: (resolve: () => void) => void) => Promise<void>;
  /** Epochs per train() call of an open-ended run (default OPEN_ENDED_SEGMENT). */
  openEndedSegment?: number;
}

function realSleep(ms: number, wake: (resolve: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      resolve();
    }
    wake(done);
  });
}

/** Shuffle seed of a later segment (the first one uses the run seed, as the CLI does). */
export function segmentSeed(seed: number, startEpoch: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x01000193) + startEpoch * 0x9e3779b1) >>> 1;
}

/**
 * The reason of @mlpkit/train's divergence error ("loss is NaN", "weights are not finite", "loss
 * stuck at its ceiling (saturated outputs)"), or null for any other error.
 */
export function divergenceReason(error: unknown): string | null {
  if (!(error instanceof Error) || (error as { code?: unknown }).code !== 'MLPKIT_RUNTIME') return null;
  const match = /^training diverged: (.*) at epoch \d+/.exec(error.message);
  return match ? match[1]! : null;
}

function allFinite(weights: readonly Float32Array[]): boolean {
  for (const w of weights) for (let i = 0; i < w.length; i++) if (!Number.isFinite(w[i]!)) return false;
  return true;
}

/** Weights saved for a divergence: after epoch `epoch` (0: the initial ones), whose training loss was `loss`. */
interface Snapshot {
  epoch: number;
  loss: number;
  weights: Float32Array[];
}

/** A snapshot counts as good when its loss is at most this factor above the lowest one kept. */
const NEAR_BEST = 1.5;

interface Run {
  id: number;
  request: StartRequest;
  trainer: Trainer;
  spec: ModelSpec;
  backend: string;
  fit: FitSettings;
  experiment: string | null;
  /** Epochs trained so far. */
  done: number;
  /** Per-epoch curves; `accuracy` holds the second metric: accuracy (classification) or mae (regression). */
  history: { loss: number[]; accuracy: number[]; val_loss: number[]; val_accuracy: number[] };
  reachedAt: number | null;
  /** The stop criterion was met (or the run was evaluated): nothing more until Continue. */
  finished: boolean;
  driving: boolean;
  stopped: boolean;
  paused: boolean;
  stepping: boolean;
  resume: (() => void) | null;
  segment: AbortController | null;
  pending: Reconfigure | null;
  continueAfter: boolean;
  changes: string[];
  /** Time spent training (not paused, not waiting for the speed setting), ms. */
  trainMs: number;
  /** Epochs per second, or null: as fast as it goes. */
  speed: number | null;
  /** When the next epoch may start (pacing), performance.now() ms. */
  nextEpochAt: number;
  /** Wakes a pacing wait early (pause, stop, speed change). */
  wake: (() => void) | null;
  lastPaint: number;
  paintCost: number;
  lastProbs: Float32Array | null;
  logs: EpochLogs[];
  lastFlush: number;
  /** The last few weights known to be finite, oldest first, with the epoch and the loss of each. */
  safe: Snapshot[];
  /** The saved weights with the lowest loss so far (often one of `safe`; the same arrays, no copy). */
  best: Snapshot | null;
  /** Save the weights every this many epochs (1 unless saving is expensive). */
  snapshotEvery: number;
  /**
   * The weights just before the last mid-run change (the epoch the user changed a setting at,
   * usually a pause): kept apart from `safe`, so epochs trained after the change never push it
   * out, and a divergence never goes back before it.
   */
  changedAt: Snapshot | null;
}

export class TrainingSession {
  private run: Run | null = null;
  /** The run the page wants (0: none); a start superseded while its trainer is built is dropped. */
  private wantedRun = 0;
  /** Requests for the wanted run that arrived before its trainer existed. */
  private early: { mode: StartRequest['mode'] | null; paused: boolean; speed: number | null | undefined } = { mode: null, paused: false, speed: undefined };

  private readonly now: () => number;
  private readonly sleep: NonNullable<SessionOptions['sleep']>;
  private readonly segmentLength: number;

  constructor(
    private readonly post: Post,
    o: SessionOptions = {},
  ) {
    configureWasm();
    this.now = o.now ?? (() => performance.now());
    this.sleep = o.sleep ?? realSleep;
    this.segmentLength = o.openEndedSegment ?? OPEN_ENDED_SEGMENT;
  }

  async handle(message: ToWorker): Promise<void> {
    const run = 'runId' in message && this.run?.id === message.runId ? this.run : null;
    const early = 'runId' in message && !run && this.wantedRun === message.runId;
    switch (message.type) {
      case 'init':
        this.post({ type: 'ready', backends: await listBackends() });
        return;
      case 'start':
        await this.start(message);
        return;
      case 'pause':
        if (run) {
          run.paused = true;
          this.wakeUp(run);
        } else if (early) this.early.paused = true;
        return;
      case 'resume':
        if (run) this.resume(run, false);
        else if (early) {
          this.early.mode = 'run';
          this.early.paused = false;
        }
        return;
      case 'step':
        if (run) this.resume(run, true);
        else if (early) this.early.mode = 'step';
        return;
      case 'speed':
        if (run) {
          run.speed = message.epochsPerSecond;
          run.nextEpochAt = this.now();
          this.wakeUp(run);
        } else if (early) this.early.speed = message.epochsPerSecond;
        return;
      case 'continue':
        if (run && !run.stopped && (run.finished || !run.driving)) {
          run.fit = { ...run.fit, epochs: run.done + message.epochs };
          // Continuing past a reached target: train on, the target was met.
          if (run.reachedAt !== null) {
            const { stopAtAccuracy: _reached, ...rest } = run.fit;
            run.fit = rest;
          }
          run.finished = false;
          run.paused = false;
          // Longer than the experiment: no longer its run (no tutorial verdict).
          run.experiment = null;
          // A run still sending its report picks this up when it is done.
          if (run.driving) run.continueAfter = true;
          else void this.drive(run);
        }
        return;
      case 'reconfigure':
        if (run) await this.reconfigure(run, message);
        return;
      case 'set-weight':
        if (run) await this.setWeight(run, message.array, message.index, message.value);
        return;
      case 'stop':
        if (this.wantedRun === message.runId) this.wantedRun = 0;
        if (run) this.stop(run);
        return;
      case 'export-model':
        await this.exportModel(message.runId, message.name);
        return;
    }
  }

  // ---------------------------------------------------------------- lifecycle

  private stop(run: Run): void {
    run.stopped = true;
    run.segment?.abort();
    run.paused = false;
    run.resume?.();
    run.resume = null;
    this.wakeUp(run);
    if (this.run === run) this.run = null;
    if (!run.driving) run.trainer.dispose();
  }

  private wakeUp(run: Run): void {
    run.wake?.();
    run.wake = null;
  }

  private resume(run: Run, step: boolean): void {
    if (run.stopped) return;
    const wasPaused = run.paused;
    run.stepping = step;
    run.paused = false;
    run.nextEpochAt = this.now();
    if (run.resume) {
      run.resume();
      run.resume = null;
    } else if (!run.driving && !run.finished) {
      void this.drive(run);
    } else if (run.driving && wasPaused && !run.finished) {
      // Paused by a divergence whose driver is still winding down: it drives on when it is done.
      run.continueAfter = true;
    }
  }

  private async start(request: StartRequest): Promise<void> {
    if (this.run) this.stop(this.run);
    const { runId } = request;
    this.wantedRun = runId;
    this.early = { mode: null, paused: false, speed: undefined };
    let trainer: Trainer;
    try {
      trainer = await createTrainer(request.spec, { backend: request.backend, seed: request.seed });
    } catch (error) {
      if (this.wantedRun === runId) this.fail(runId, error);
      return;
    }
    if (this.wantedRun !== runId) {
      // Reset or restarted while the trainer was being created.
      trainer.dispose();
      return;
    }
    const mode = this.early.mode ?? request.mode;
    const run: Run = {
      id: runId,
      request,
      trainer,
      spec: request.spec,
      backend: request.backend,
      fit: { ...request.fit },
      experiment: request.experiment,
      done: 0,
      history: { loss: [], accuracy: [], val_loss: [], val_accuracy: [] },
      reachedAt: null,
      finished: false,
      driving: false,
      stopped: false,
      paused: this.early.paused,
      stepping: mode === 'step',
      resume: null,
      segment: null,
      pending: null,
      continueAfter: false,
      changes: [],
      trainMs: 0,
      speed: this.early.speed !== undefined ? this.early.speed : (request.epochsPerSecond ?? null),
      nextEpochAt: 0,
      wake: null,
      lastPaint: -Infinity,
      paintCost: 0,
      lastProbs: null,
      logs: [],
      lastFlush: 0,
      safe: [],
      best: null,
      snapshotEvery: 1,
      changedAt: null,
    };
    this.run = run;
    this.post({ type: 'started', runId, backend: trainer.backend });
    try {
      await this.paint(run, 0);
      // The initial weights' loss: the snapshot a run that blows up at once goes back to.
      const initial = run.safe.find((x) => x.epoch === 0);
      if (initial) {
        initial.loss = (await trainer.evaluate(request.train)).loss;
        this.rememberBest(run, initial);
      }
    } catch (error) {
      this.fail(runId, error);
      return;
    }
    if (run.stopped) return;
    if (mode === 'hold' && !run.stepping) {
      this.post({ type: 'paused', runId, epoch: 0 });
      return;
    }
    void this.drive(run);
  }

  // ---------------------------------------------------------------- training

  private async drive(run: Run): Promise<void> {
    if (run.driving) return;
    run.driving = true;
    const { request } = run;
    const validation = request.validation && request.evaluatedOn !== 'train' ? request.validation : undefined;
    let startEpoch = run.done;
    try {
      while (!run.stopped && !run.finished && run.done < run.fit.epochs) {
        if (run.pending) {
          await this.applyPending(run);
          // The new settings' first picture: the same weights (the heatmaps stay put), new spec.
          if (!run.stopped) await this.paint(run, run.done);
        }
        if (run.done >= run.fit.epochs) break;
        startEpoch = run.done;
        const segment = new AbortController();
        run.segment = segment;
        let waitedMs = 0;
        const started = this.now();
        run.nextEpochAt = started;
        const history = await run.trainer.train(request.train, {
          epochs: Math.min(run.fit.epochs - startEpoch, this.segmentLength),
          batchSize: run.fit.batchSize,
          seed: startEpoch === 0 ? request.seed : segmentSeed(request.seed, startEpoch),
          ...(validation ? { validationData: validation } : {}),
          ...(run.fit.stopAtAccuracy ? { stopAtAccuracy: run.fit.stopAtAccuracy } : {}),
          signal: segment.signal,
          onBatchEnd: (info) => this.post({ type: 'batch', runId: run.id, epoch: startEpoch + info.epoch, batch: info.batch, batches: info.batches }),
          onEpochEnd: async (logs) => {
            waitedMs += await this.onEpochEnd(run, startEpoch, logs, segment);
          },
        });
        run.trainMs += this.now() - started - waitedMs;
        run.segment = null;
        if (history.stopReason === 'targetAccuracy' && history.reachedAccuracyAt !== undefined) {
          run.reachedAt = startEpoch + history.reachedAccuracyAt;
          run.finished = true;
        }
      }
      if (run.stopped) return;
      if (run.pending) await this.applyPending(run);
      await this.finish(run);
    } catch (error) {
      if (run.stopped) return;
      const reason = divergenceReason(error);
      if (reason !== null) await this.diverged(run, reason);
      else this.fail(run.id, error);
    } finally {
      run.driving = false;
      run.segment = null;
      if (run.stopped) run.trainer.dispose();
      else if (run.continueAfter) {
        run.continueAfter = false;
        void this.drive(run);
      }
    }
  }

  /** Returns the time spent paused or waiting for the speed setting (not training time). */
  private async onEpochEnd(run: Run, startEpoch: number, logs: EpochLogs, segment: AbortController): Promise<number> {
    const epochStarted = this.now() - logs.elapsedMs;
    const epoch = startEpoch + logs.epoch;
    run.done = epoch;
    const h = run.history;
    h.loss.push(logs.loss);
    h.accuracy.push(logs.accuracy ?? logs.mae!);
    if (logs.val_loss !== undefined) h.val_loss.push(logs.val_loss);
    const valMetric = logs.val_accuracy ?? logs.val_mae;
    if (valMetric !== undefined) h.val_accuracy.push(valMetric);
    run.logs.push({ ...logs, epoch });
    const t = this.now();
    if (t - run.lastFlush >= FLUSH_EVERY_MS) this.flush(run);
    // Repaint at most every repaintMs, and spend at most ~1/4 of the time painting.
    if (t - run.lastPaint >= Math.max(run.request.repaintMs, 3 * run.paintCost)) await this.paint(run, epoch);
    else if (epoch - (run.safe.at(-1)?.epoch ?? 0) >= run.snapshotEvery) await this.snapshot(run, epoch, this.now() - epochStarted);
    if (run.stepping) {
      run.stepping = false;
      run.paused = true;
    }
    let waitedMs = 0;
    // Pacing between epochs (not after the run's last one).
    if (epoch < run.fit.epochs) waitedMs += await this.pace(run);
    if (run.paused && !run.stopped) {
      const pausedAt = this.now();
      this.flush(run);
      await this.paint(run, epoch);
      this.post({ type: 'paused', runId: run.id, epoch });
      while (run.paused && !run.stopped) {
        await new Promise<void>((resolve) => (run.resume = resolve));
      }
      waitedMs += this.now() - pausedAt;
    }
    // A live change takes effect between epochs: end this segment, the driver starts the next.
    if (run.pending) segment.abort();
    return waitedMs;
  }

  /**
   * Waits until the next epoch is due at the run's speed (epochs per second); returns the time
   * waited. A pause, a stop or a new speed ends the wait early.
   */
  private async pace(run: Run): Promise<number> {
    if (run.speed === null || run.stopped || run.paused) {
      run.nextEpochAt = this.now();
      return 0;
    }
    const interval = 1000 / run.speed;
    const t = this.now();
    // Never bank time: after a slow epoch (or a pause) the next one is due an interval from now at most.
    run.nextEpochAt = Math.max(run.nextEpochAt + interval, t);
    const wait = Math.min(run.nextEpochAt - t, interval);
    if (wait <= 0.5) return 0;
    // Show the epoch that just ended before waiting.
    this.flush(run);
    await this.sleep(wait, (resolve) => (run.wake = resolve));
    run.wake = null;
    return this.now() - t;
  }

  /** Saves the weights after `epoch` if they are finite; adapts how often (SNAPSHOT_SHARE of the epoch time). */
  private async snapshot(run: Run, epoch: number, epochMs: number): Promise<void> {
    const t0 = this.now();
    const weights = await run.trainer.getWeights();
    this.keepSafe(run, epoch, weights.map((w) => w.slice()));
    const cost = this.now() - t0;
    run.snapshotEvery = Math.max(1, Math.min(1000, Math.ceil(cost / (SNAPSHOT_SHARE * Math.max(epochMs, 1e-3)))));
  }

  /** Saves weights after `epoch` (if finite) with that epoch's training loss (0: measured at the start). */
  private keepSafe(run: Run, epoch: number, weights: Float32Array[]): void {
    if (!allFinite(weights)) return;
    const loss = epoch === 0 ? Infinity : (run.history.loss[epoch - 1] ?? Infinity);
    if (!Number.isFinite(loss) && epoch > 0) return;
    const last = run.safe.at(-1);
    if (last && last.epoch >= epoch) run.safe = run.safe.filter((s) => s.epoch < epoch);
    const snapshot = { epoch, loss, weights };
    run.safe.push(snapshot);
    if (run.safe.length > SNAPSHOTS) run.safe.shift();
    this.rememberBest(run, snapshot);
  }

  private rememberBest(run: Run, snapshot: Snapshot): void {
    if (run.best === null || snapshot.loss <= run.best.loss || run.best.epoch > run.done) run.best = snapshot;
  }

  /**
   * Where a diverged run goes back to: among the saved weights from before `at` (the last few
   * and the lowest-loss ones), the latest whose loss is near the lowest (NEAR_BEST); the initial
   * weights when nothing else is saved.
   */
  private restorePoint(run: Run, at: number): Snapshot | { epoch: 0; loss: number; weights: null } {
    const checkpoint = run.changedAt && run.changedAt.epoch < at ? run.changedAt : null;
    // After a mid-run change, the weights from before it were good: never further back than them.
    const candidates = [...run.safe, ...(run.best ? [run.best] : []), ...(checkpoint ? [checkpoint] : [])].filter(
      (x) => x.epoch < at && (checkpoint === null || x.epoch >= checkpoint.epoch),
    );
    if (candidates.length === 0) return { epoch: 0, loss: Infinity, weights: null };
    const lowest = Math.min(...candidates.map((x) => x.loss));
    const good = candidates.filter((x) => !(x.loss > lowest * NEAR_BEST + 1e-3));
    return good.reduce((a, b) => (b.epoch > a.epoch ? b : a));
  }

  /**
   * The run diverged in epoch run.done + 1: back to the last finite weights (a new trainer, so
   * the optimizer's state, which may hold NaN too, starts afresh), the epochs after them dropped,
   * and the run paused there with the reason.
   */
  private async diverged(run: Run, reason: string): Promise<void> {
    const at = run.done + 1;
    this.flush(run);
    // Outputs stuck at their ceiling were stuck for SATURATION_EPOCHS epochs before the error:
    // those epochs are not candidates.
    const before = /saturated/.test(reason) ? at - SATURATION_EPOCHS + 1 : at;
    const safe = this.restorePoint(run, before);
    run.safe = run.safe.filter((s) => s.epoch <= safe.epoch);
    if (run.best && run.best.epoch > safe.epoch) run.best = safe.weights ? safe : null;
    if (run.changedAt && run.changedAt.epoch > safe.epoch) run.changedAt = null;
    // No saved weights (cannot happen after the first paint): the run's initial weights.
    if (!(await this.replaceTrainer(run, run.spec, run.backend, async () => safe.weights))) return;
    const keep = safe.epoch;
    const h = run.history;
    h.loss.length = Math.min(h.loss.length, keep);
    h.accuracy.length = Math.min(h.accuracy.length, keep);
    h.val_loss.length = Math.min(h.val_loss.length, keep);
    h.val_accuracy.length = Math.min(h.val_accuracy.length, keep);
    run.done = keep;
    run.logs = [];
    run.paused = true;
    run.stepping = false;
    run.experiment = null;
    run.changes.push(`training diverged in epoch ${at} (${reason}); went back to the weights of epoch ${keep}`);
    this.post({ type: 'diverged', runId: run.id, epoch: at, reason, restoredEpoch: keep });
    await this.paint(run, keep);
    this.post({ type: 'paused', runId: run.id, epoch: keep });
  }

  private flush(run: Run): void {
    run.lastFlush = this.now();
    if (run.logs.length === 0) return;
    this.post({ type: 'epochs', runId: run.id, logs: run.logs });
    run.logs = [];
  }

  private async paint(run: Run, epoch: number): Promise<void> {
    const t0 = this.now();
    const { trainer, request } = run;
    const probs = await trainer.predictGrid({ x: request.grid.x });
    run.lastProbs = probs;
    const weights = await trainer.getWeights();
    const heatPoints = request.heatGrid.nx * request.heatGrid.ny;
    const sizes = layerSizes(run.spec);
    const heat = packHeatmaps(layerOutputs(run.spec, weights, request.heatGrid.x, heatPoints), sizes, heatPoints, MAX_SHOWN_UNITS);
    // Copies: the last grid stays here for the report, and the weights belong to the engine.
    const copy = probs.slice();
    const sent = weights.map((w) => w.slice());
    this.keepSafe(run, epoch, weights.map((w) => w.slice()));
    this.flush(run);
    const width = run.spec.layers[run.spec.layers.length - 1]!.units;
    this.post({ type: 'grid', runId: run.id, epoch, probs: copy, width, weights: sent, heat }, [copy.buffer, heat.buffer, ...sent.map((w) => w.buffer)]);
    run.lastPaint = this.now();
    run.paintCost = run.lastPaint - t0;
  }

  private async finish(run: Run): Promise<void> {
    this.flush(run);
    await this.paint(run, run.done);
    run.finished = true;
    // As runJob: a held-out validation set is part of the history; a fresh test set is only
    // evaluated at the end (the page still draws its curves from the epoch logs).
    const withValidation = run.request.evaluatedOn === 'validation' && run.history.val_loss.length > 0;
    // Copies: the run's own arrays grow on if it is continued.
    const base = {
      loss: run.history.loss.slice(),
      ...(withValidation ? { val_loss: run.history.val_loss.slice() } : {}),
      epochs: run.done,
      stopReason: run.reachedAt !== null ? ('targetAccuracy' as const) : ('completed' as const),
      ...(run.reachedAt !== null ? { reachedAccuracyAt: run.reachedAt } : {}),
    };
    const history: History =
      run.spec.task === 'regression'
        ? ({ ...base, mae: run.history.accuracy.slice(), ...(withValidation ? { val_mae: run.history.val_accuracy.slice() } : {}) } satisfies RegressionHistory)
        : ({ ...base, accuracy: run.history.accuracy.slice(), ...(withValidation ? { val_accuracy: run.history.val_accuracy.slice() } : {}) } satisfies ClassificationHistory);
    const done = await evaluateRun(run, history);
    if (run.stopped) return;
    this.post({ type: 'done', runId: run.id, history, metrics: done.metrics, reportHtml: done.reportHtml });
  }

  // ---------------------------------------------------------------- live changes

  private async reconfigure(run: Run, message: Reconfigure): Promise<void> {
    if (run.stopped) return;
    run.pending = message;
    if (run.driving) {
      // Applied at the next epoch boundary; a paused run applies it when it resumes.
      run.segment?.abort();
      this.wakeUp(run);
      return;
    }
    await this.applyPending(run);
    if (!run.stopped) await this.paint(run, run.done);
  }

  private async applyPending(run: Run): Promise<void> {
    const message = run.pending;
    if (!message) return;
    run.pending = null;
    if (run.done > 0) {
      // The weights the change starts from: a divergence it causes goes back exactly here.
      const weights = (await run.trainer.getWeights()).map((w) => w.slice());
      const loss = run.history.loss[run.done - 1] ?? Infinity;
      if (allFinite(weights) && Number.isFinite(loss)) {
        run.changedAt = { epoch: run.done, loss, weights };
        this.keepSafe(run, run.done, weights);
      }
    }
    if (JSON.stringify(message.spec) !== JSON.stringify(run.spec) || message.backend !== run.backend) {
      if (!(await this.replaceTrainer(run, message.spec, message.backend, () => run.trainer.getWeights()))) return;
      run.spec = message.spec;
      run.backend = message.backend;
    }
    run.fit = { ...message.fit };
    if (run.done > 0) {
      run.changes.push(`${message.change} at epoch ${run.done}`);
      // No longer the experiment's run: the tutorial's verdict does not apply.
      run.experiment = null;
    } else run.experiment = message.experiment;
    this.post({ type: 'reconfigured', runId: run.id, epoch: run.done, backend: run.trainer.backend });
  }

  /**
   * Replaces the run's trainer by a new one for `spec` on `backend` holding `weights()` (null: the
   * new trainer's initial weights); the optimizer starts afresh. False when that failed (reported
   * with fail) or the run was stopped meanwhile (the new trainer is disposed).
   */
  private async replaceTrainer(run: Run, spec: Run['spec'], backend: Run['backend'], weights: () => Promise<Float32Array[] | null>): Promise<boolean> {
    let next: Trainer;
    try {
      const w = await weights();
      next = await createTrainer(spec, { backend, seed: run.request.seed });
      if (w) await next.setWeights(w);
    } catch (error) {
      this.fail(run.id, error);
      return false;
    }
    if (run.stopped) {
      next.dispose();
      return false;
    }
    run.trainer.dispose();
    run.trainer = next;
    return true;
  }

  private async setWeight(run: Run, array: number, index: number, value: number): Promise<void> {
    if (run.stopped || !Number.isFinite(value)) return;
    const weights = await run.trainer.getWeights();
    const target = weights[array];
    if (!target || index < 0 || index >= target.length) return;
    target[index] = value;
    await run.trainer.setWeights(weights);
    if (run.done > 0) run.experiment = null;
    run.changes.push(`weight [${array}][${index}] set to ${value} at epoch ${run.done}`);
    await this.paint(run, run.done);
    await this.evaluateNow(run);
    // A finished run's report follows the edited weights.
    if (run.finished && !run.driving) await this.finish(run);
  }

  /**
   * Loss and accuracy of the current weights on the training rows (and the validation or test
   * rows), for the page's numbers after a weight edit: Keras's `evaluate`, the loss with its
   * L1/L2 terms.
   */
  private async evaluateNow(run: Run): Promise<void> {
    const { request, trainer } = run;
    const train = await trainer.evaluate(request.train);
    const validation = request.validation && request.evaluatedOn !== 'train' ? await trainer.evaluate(request.validation) : null;
    if (run.stopped) return;
    this.post({
      type: 'evaluated',
      runId: run.id,
      epoch: run.done,
      loss: train.loss,
      ...('mae' in train && train.mae !== undefined ? { mae: train.mae } : { accuracy: (train as { accuracy: number }).accuracy }),
      ...(validation
        ? { val_loss: validation.loss, ...('mae' in validation && validation.mae !== undefined ? { val_mae: validation.mae } : { val_accuracy: (validation as { accuracy: number }).accuracy }) }
        : {}),
    });
  }

  // ---------------------------------------------------------------- export, errors

  private async exportModel(runId: number, name: string): Promise<void> {
    const run = this.run?.id === runId ? this.run : null;
    if (!run) {
      this.post({ type: 'error', runId, message: 'train a model first, then download it' });
      return;
    }
    try {
      const model = await run.trainer.toLayersModel();
      // What the CLI's saveModel stores: the spec, class and feature names and the fitted
      // standardizer travel with the weights (so `mlpkit predict` prepares inputs the same way).
      model.setUserDefinedMetadata({
        spec: run.trainer.spec,
        classNames: run.request.classNames,
        featureNames: featureNamesOf(run.request),
        task: run.spec.task ?? 'classification',
        preprocessing: { standardize: run.request.standardizer ?? null },
      });
      const artifacts = await captureArtifacts(model);
      model.dispose();
      this.post({ type: 'model', runId, name, artifacts }, [artifacts.weightData]);
    } catch (error) {
      this.fail(runId, error);
    }
  }

  private fail(runId: number, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    this.post({ type: 'error', runId, message, ...(typeof code === 'string' ? { code } : {}) });
  }
}

function featureNamesOf(request: StartRequest): string[] {
  return request.featureNames ?? Array.from({ length: request.train.features }, (_, f) => `x${f}`);
}

/** The rows in the data's own units (what the report draws), given the model's (possibly standardized) rows. */
function displayRows<D = Dataset>(model: DataMessage, raw: DataMessage | undefined): D {
  return (raw ?? model) as D;
}

/**
 * A regression run's metrics.json (RegressionMetricsJson, as runJob's regression branch makes
 * it: r2, mae, mse, rmse on the evaluated rows) and its HTML report (prediction surface,
 * predicted vs actual, residuals).
 */
async function evaluateRegressionRun(run: Run, history: RegressionHistory): Promise<{ metrics: RegressionMetricsJson; reportHtml: string }> {
  const { request, trainer } = run;
  const evaluated = (request.validation && request.evaluatedOn !== 'train' ? request.validation : request.train) as RegressionDataset;
  const scores = await evaluateRegressor(trainer, evaluated, { targetNames: ['y'] });
  const features = featureNamesOf(request);
  const metrics = regressionJobMetrics({
    experiment: null,
    backend: trainer.backend,
    seed: request.seed,
    trainInfo: request.trainInfo,
    ...(request.evaluationInfo && request.evaluatedOn !== 'train' ? { evaluationInfo: request.evaluationInfo } : {}),
    evaluatedOn: request.evaluatedOn,
    spec: run.spec,
    history,
    scores,
    targets: ['y'],
    trainMs: run.trainMs,
    features,
    warnings: request.warnings ?? [],
    standardizer: request.standardizer ?? null,
  });
  const { nx, ny, bounds } = request.grid;
  const probs = run.lastProbs ?? new Float32Array(0);
  const raw = request.display;
  const train = displayRows<RegressionDataset>(request.train, raw?.train);
  const evaluation = request.validation && request.evaluatedOn !== 'train' ? displayRows<RegressionDataset>(request.validation, raw?.validation) : train;
  // The report draws the plotted plane from the drawn rows (the two plotted columns): its axes are
  // those rows' own two; with more features the page's canvas says where the slice is taken.
  const drawn = train.features === 2;
  const axes: [number, number] = drawn ? [0, 1] : (request.axes ?? [0, 1]);
  const fixed = drawn ? [Number.NaN, Number.NaN] : (request.fixed ?? [Number.NaN, Number.NaN]);
  const result: RegressionJobResult = {
    task: 'regression',
    metrics,
    trainer,
    history,
    train,
    evaluation,
    grid:
      probs.length === nx * ny
        ? { nx, ny, bounds, x: raw?.gridX ?? request.grid.x, probs, outputs: 1, axes, fixed }
        : null,
    ...(request.standardizer ? { standardizer: standardizerFromJSON(request.standardizer) } : {}),
    schema: { task: 'regression', features, label: 'y', classNames: [] },
  };
  return { metrics, reportHtml: jobReportHtml(result) };
}

/**
 * The run's metrics.json (@mlpkit/experiments' jobMetrics, as runJob makes it) and HTML report.
 * The worker drives the trainer itself rather than through runJob: it repaints the boundary from
 * the trainer every few epochs, pauses between epochs, and shows the fresh test set's curves.
 * With standardized features the trainer takes the standardized rows, while the report draws the
 * rows and the grid in the data's own units (JobResult's contract).
 */
async function evaluateRun(run: Run, history: History): Promise<{ metrics: AnyMetricsJson; reportHtml: string }> {
  if (history.mae) return evaluateRegressionRun(run, history);
  const { request, trainer } = run;
  const evaluated = (request.validation && request.evaluatedOn !== 'train' ? request.validation : request.train) as Dataset;
  const scores = await evaluateTrainer(trainer, evaluated, { classes: request.classNames.length, classNames: request.classNames });
  const stopAtAccuracy = request.fit.stopAtAccuracy;
  const metrics = jobMetrics({
    experiment: run.experiment,
    backend: trainer.backend,
    seed: request.seed,
    trainInfo: request.trainInfo,
    ...(request.evaluationInfo ? { evaluationInfo: request.evaluationInfo } : {}),
    evaluatedOn: request.evaluatedOn,
    spec: run.spec,
    history,
    scores,
    trainMs: run.trainMs,
    ...(stopAtAccuracy !== undefined ? { stopAtAccuracy } : {}),
    features: featureNamesOf(request),
    warnings: request.warnings ?? [],
    standardizer: request.standardizer ?? null,
  });
  const { nx, ny, bounds } = request.grid;
  const outputs = run.spec.layers[run.spec.layers.length - 1]!.units;
  const probs = run.lastProbs ?? new Float32Array(0);
  const raw = request.display;
  const train = displayRows(request.train, raw?.train);
  const evaluation = request.validation && request.evaluatedOn !== 'train' ? displayRows(request.validation, raw?.validation) : train;
  const result: JobResult = {
    metrics,
    trainer,
    history,
    train,
    evaluation,
    classNames: request.classNames,
    grid: probs.length === nx * ny * outputs ? { nx, ny, bounds, x: raw?.gridX ?? request.grid.x, probs, outputs } : null,
    ...(request.standardizer ? { standardizer: standardizerFromJSON(request.standardizer) } : {}),
  };
  return { metrics, reportHtml: jobReportHtml(result) };
}

/** The model's TF.js save format, captured in memory (downloads need the page's DOM). */
async function captureArtifacts(model: LayersModel): Promise<ModelArtifactsMessage> {
  let captured: io.ModelArtifacts | null = null;
  await model.save({
    save: async (artifacts: io.ModelArtifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  });
  const artifacts = captured as io.ModelArtifacts | null;
  if (!artifacts?.weightData || !artifacts.weightSpecs) throw new Error('the model produced no weights to save');
  // TF.js may hand weights over as several buffers; one file holds them all.
  const buffers = Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData];
  const weightData = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    weightData.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return {
    modelTopology: artifacts.modelTopology,
    weightSpecs: artifacts.weightSpecs,
    weightData: weightData.buffer,
    ...(artifacts.format ? { format: artifacts.format } : {}),
    ...(artifacts.generatedBy ? { generatedBy: artifacts.generatedBy } : {}),
    convertedBy: artifacts.convertedBy ?? null,
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
}
