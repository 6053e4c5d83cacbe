/**
 * The training side of the playground: owns one run (one Trainer) at a time and speaks the
 * protocol in protocol.ts. It runs inside a Web Worker (worker.ts), so training never blocks the page.
 *
 * A run is trained in segments, each one `trainer.train()` call. An uninterrupted run is a single
 * segment with the run seed, i.e. exactly the CLI's run. A new segment starts when a live change
 * (learning rate, regularisation, optimizer, batch size, epochs, backend) takes effect at an epoch
 * boundary, or when the user continues a finished run; its epochs are numbered on from the run's.
 * Changing the spec rebuilds the Trainer from the current weights: @mlpkit/train has no API to
 * change a live optimizer's hyper-parameters, so the optimizer state (Adam moments, momentum
 * velocity, the decay step count) restarts at that point while the weights carry on.
 *
 * Messages (pause, stop, changes) are handled between epochs: the shared epoch driver of
 * @mlpkit/train yields to the event loop after every epoch.
 */
import type { Dataset } from '@mlpkit/datasets';
import type { io, LayersModel } from '@tensorflow/tfjs';
import { evaluateTrainer, jobMetrics, jobReportHtml, type JobResult, type MetricsJson } from '@mlpkit/experiments';
import type { ModelSpec } from '@mlpkit/models';
import { createTrainer, listBackends, type EpochLogs, type History, type Trainer } from '@mlpkit/train';
import { layerOutputs, layerSizes, packHeatmaps } from './activations.js';
import { MAX_SHOWN_UNITS, type FitSettings, type FromWorker, type ModelArtifactsMessage, type Reconfigure, type StartRequest, type ToWorker } from './protocol.js';
import { configureWasm } from './wasm.js';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Epoch logs are sent in batches at most this often (one message per frame, not per epoch). */
const FLUSH_EVERY_MS = 16;

const now = (): number => performance.now();

/** Shuffle seed of a later segment (the first one uses the run seed, as the CLI does). */
export function segmentSeed(seed: number, startEpoch: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x01000193) + startEpoch * 0x9e3779b1) >>> 1;
}

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
  trainMs: number;
  lastPaint: number;
  paintCost: number;
  lastProbs: Float32Array | null;
  logs: EpochLogs[];
  lastFlush: number;
}

export class TrainingSession {
  private run: Run | null = null;
  /** The run the page wants (0: none); a start superseded while its trainer is built is dropped. */
  private wantedRun = 0;
  /** Requests for the wanted run that arrived before its trainer existed. */
  private early: { mode: StartRequest['mode'] | null; paused: boolean } = { mode: null, paused: false };

  constructor(private readonly post: Post) {
    configureWasm();
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
        if (run) run.paused = true;
        else if (early) this.early.paused = true;
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
    if (this.run === run) this.run = null;
    if (!run.driving) run.trainer.dispose();
  }

  private resume(run: Run, step: boolean): void {
    if (run.stopped) return;
    run.stepping = step;
    run.paused = false;
    if (run.resume) {
      run.resume();
      run.resume = null;
    } else if (!run.driving && !run.finished) {
      void this.drive(run);
    }
  }

  private async start(request: StartRequest): Promise<void> {
    if (this.run) this.stop(this.run);
    const { runId } = request;
    this.wantedRun = runId;
    this.early = { mode: null, paused: false };
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
      lastPaint: -Infinity,
      paintCost: 0,
      lastProbs: null,
      logs: [],
      lastFlush: 0,
    };
    this.run = run;
    this.post({ type: 'started', runId, backend: trainer.backend });
    try {
      await this.paint(run, 0);
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
    try {
      while (!run.stopped && !run.finished && run.done < run.fit.epochs) {
        if (run.pending) {
          await this.applyPending(run);
          // The new settings' first picture: the same weights (the heatmaps stay put), new spec.
          if (!run.stopped) await this.paint(run, run.done);
        }
        if (run.done >= run.fit.epochs) break;
        const startEpoch = run.done;
        const segment = new AbortController();
        run.segment = segment;
        let pausedMs = 0;
        const started = now();
        const history = await run.trainer.train(request.train, {
          epochs: run.fit.epochs - startEpoch,
          batchSize: run.fit.batchSize,
          seed: startEpoch === 0 ? request.seed : segmentSeed(request.seed, startEpoch),
          ...(validation ? { validationData: validation } : {}),
          ...(run.fit.stopAtAccuracy ? { stopAtAccuracy: run.fit.stopAtAccuracy } : {}),
          signal: segment.signal,
          onBatchEnd: (info) => this.post({ type: 'batch', runId: run.id, epoch: startEpoch + info.epoch, batch: info.batch, batches: info.batches }),
          onEpochEnd: async (logs) => {
            pausedMs += await this.onEpochEnd(run, startEpoch, logs, segment);
          },
        });
        run.trainMs += now() - started - pausedMs;
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
      if (!run.stopped) this.fail(run.id, error);
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

  /** Returns the time spent paused (not training time). */
  private async onEpochEnd(run: Run, startEpoch: number, logs: EpochLogs, segment: AbortController): Promise<number> {
    const epoch = startEpoch + logs.epoch;
    run.done = epoch;
    const h = run.history;
    h.loss.push(logs.loss);
    h.accuracy.push(logs.accuracy);
    if (logs.val_loss !== undefined) h.val_loss.push(logs.val_loss);
    if (logs.val_accuracy !== undefined) h.val_accuracy.push(logs.val_accuracy);
    run.logs.push({ ...logs, epoch });
    const t = now();
    if (t - run.lastFlush >= FLUSH_EVERY_MS) this.flush(run);
    // Repaint at most every repaintMs, and spend at most ~1/4 of the time painting.
    if (t - run.lastPaint >= Math.max(run.request.repaintMs, 3 * run.paintCost)) await this.paint(run, epoch);
    if (run.stepping) {
      run.stepping = false;
      run.paused = true;
    }
    let pausedMs = 0;
    if (run.paused && !run.stopped) {
      const pausedAt = now();
      this.flush(run);
      await this.paint(run, epoch);
      this.post({ type: 'paused', runId: run.id, epoch });
      while (run.paused && !run.stopped) {
        await new Promise<void>((resolve) => (run.resume = resolve));
      }
      pausedMs = now() - pausedAt;
    }
    // A live change takes effect between epochs: end this segment, the driver starts the next.
    if (run.pending) segment.abort();
    return pausedMs;
  }

  private flush(run: Run): void {
    run.lastFlush = now();
    if (run.logs.length === 0) return;
    this.post({ type: 'epochs', runId: run.id, logs: run.logs });
    run.logs = [];
  }

  private async paint(run: Run, epoch: number): Promise<void> {
    const t0 = now();
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
    this.flush(run);
    const width = run.spec.layers[run.spec.layers.length - 1]!.units;
    this.post({ type: 'grid', runId: run.id, epoch, probs: copy, width, weights: sent, heat }, [copy.buffer, heat.buffer, ...sent.map((w) => w.buffer)]);
    run.lastPaint = now();
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
    const history: History = {
      loss: run.history.loss.slice(),
      accuracy: run.history.accuracy.slice(),
      ...(withValidation ? { val_loss: run.history.val_loss.slice(), val_accuracy: run.history.val_accuracy.slice() } : {}),
      epochs: run.done,
      stopReason: run.reachedAt !== null ? 'targetAccuracy' : 'completed',
      ...(run.reachedAt !== null ? { reachedAccuracyAt: run.reachedAt } : {}),
    };
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
      return;
    }
    await this.applyPending(run);
    if (!run.stopped) await this.paint(run, run.done);
  }

  private async applyPending(run: Run): Promise<void> {
    const message = run.pending;
    if (!message) return;
    run.pending = null;
    if (JSON.stringify(message.spec) !== JSON.stringify(run.spec) || message.backend !== run.backend) {
      let next: Trainer;
      try {
        const weights = await run.trainer.getWeights();
        next = await createTrainer(message.spec, { backend: message.backend, seed: run.request.seed });
        await next.setWeights(weights);
      } catch (error) {
        this.fail(run.id, error);
        return;
      }
      if (run.stopped) {
        next.dispose();
        return;
      }
      run.trainer.dispose();
      run.trainer = next;
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
    // A finished run's report follows the edited weights.
    if (run.finished && !run.driving) await this.finish(run);
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
      // What saveModelToBrowser stores: the spec and class names travel with the weights.
      model.setUserDefinedMetadata({ spec: run.trainer.spec, classNames: run.request.classNames });
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

/**
 * The run's metrics.json (@mlpkit/experiments' jobMetrics, as runJob makes it) and HTML report.
 * The worker drives the trainer itself rather than through runJob: it repaints the boundary from
 * the trainer every few epochs, pauses between epochs, and shows the fresh test set's curves.
 */
async function evaluateRun(run: Run, history: History): Promise<{ metrics: MetricsJson; reportHtml: string }> {
  const { request, trainer } = run;
  const train: Dataset = request.train;
  const evaluation: Dataset = request.validation && request.evaluatedOn !== 'train' ? request.validation : train;
  const scores = await evaluateTrainer(trainer, evaluation, { classes: request.classNames.length, classNames: request.classNames });
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
  });
  const { nx, ny, bounds, x } = request.grid;
  const outputs = run.spec.layers[run.spec.layers.length - 1]!.units;
  const probs = run.lastProbs ?? new Float32Array(0);
  const result: JobResult = {
    metrics,
    trainer,
    history,
    train,
    evaluation,
    classNames: request.classNames,
    grid: probs.length === nx * ny * outputs ? { nx, ny, bounds, x, probs, outputs } : null,
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
