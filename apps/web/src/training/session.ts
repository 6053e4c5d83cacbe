/**
 * The training side of the playground: owns one Trainer at a time and speaks the protocol in
 * protocol.ts. It runs inside a Web Worker (worker.ts), so training never blocks the page.
 */
import type { Dataset } from '@mlpkit/datasets';
import type { io, LayersModel } from '@tensorflow/tfjs';
import { evaluateTrainer, jobMetrics, jobReportHtml, type JobResult, type MetricsJson } from '@mlpkit/experiments';
import { createTrainer, listBackends, type History, type Trainer } from '@mlpkit/train';
import type { FromWorker, ModelArtifactsMessage, StartRequest, ToWorker } from './protocol.js';
import { configureWasm } from './wasm.js';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Longest stretch without yielding to the message queue, so pause/stop are handled promptly. */
const YIELD_EVERY_MS = 16;

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

interface Run {
  id: number;
  trainer: Trainer;
  abort: AbortController;
  paused: boolean;
  resume: (() => void) | null;
  /** Pause again after the next epoch. */
  stepping: boolean;
}

export class TrainingSession {
  private run: Run | null = null;
  /** The last finished (or stopped) trainer, kept for model export. */
  private lastTrainer: { id: number; trainer: Trainer } | null = null;
  private lastClassNames: string[] = [];
  /** The run the page wants (0: none). A start or stop that arrives while a trainer is being
   * created supersedes that run before it exists. */
  private wantedRun = 0;
  private pausedBeforeStart = false;

  constructor(private readonly post: Post) {
    configureWasm();
  }

  async handle(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'init':
        this.post({ type: 'ready', backends: await listBackends() });
        return;
      case 'start':
        await this.start(message);
        return;
      case 'pause':
        if (this.run?.id === message.runId) this.run.paused = true;
        else if (this.wantedRun === message.runId) this.pausedBeforeStart = true;
        return;
      case 'resume':
        if (this.wantedRun === message.runId) this.pausedBeforeStart = false;
        if (this.run?.id === message.runId) {
          this.run.paused = false;
          this.run.resume?.();
          this.run.resume = null;
        }
        return;
      case 'step':
        if (this.run?.id === message.runId) {
          this.run.stepping = true;
          this.run.paused = false;
          this.run.resume?.();
          this.run.resume = null;
        }
        return;
      case 'stop':
        if (this.wantedRun === message.runId) this.wantedRun = 0;
        this.stop();
        return;
      case 'export-model':
        await this.exportModel(message.runId, message.name);
        return;
    }
  }

  private stop(): void {
    const run = this.run;
    if (!run) return;
    run.abort.abort();
    run.paused = false;
    run.resume?.();
    run.resume = null;
  }

  private async start(request: StartRequest): Promise<void> {
    this.stop();
    const { runId } = request;
    this.wantedRun = runId;
    this.pausedBeforeStart = false;
    let trainer: Trainer;
    try {
      trainer = await createTrainer(request.spec, { backend: request.backend, seed: request.seed });
    } catch (error) {
      this.fail(runId, error);
      return;
    }
    if (this.wantedRun !== runId) {
      // Reset or restarted while the trainer was being created.
      trainer.dispose();
      return;
    }
    if (this.lastTrainer) {
      this.lastTrainer.trainer.dispose();
      this.lastTrainer = null;
    }
    this.lastClassNames = request.classNames;
    const run: Run = { id: runId, trainer, abort: new AbortController(), paused: this.pausedBeforeStart, resume: null, stepping: request.step === true };
    this.run = run;
    this.post({ type: 'started', runId, backend: trainer.backend });

    const grid = { x: request.grid.x };
    const width = request.spec.layers[request.spec.layers.length - 1]!.units;
    let lastPaint = -Infinity;
    let paintCost = 0;
    let lastYield = performance.now();
    let lastProbs: Float32Array | null = null;
    const paint = async (epoch: number): Promise<void> => {
      const t0 = performance.now();
      const probs = await trainer.predictGrid(grid);
      lastProbs = probs;
      // Copies: the last grid stays here for the report, and the weights belong to the engine.
      const copy = probs.slice();
      const weights = (await trainer.getWeights()).map((w) => w.slice());
      this.post({ type: 'grid', runId, epoch, probs: copy, width, weights }, [copy.buffer, ...weights.map((w) => w.buffer)]);
      lastPaint = performance.now();
      paintCost = lastPaint - t0;
    };

    try {
      await paint(0);
      const started = performance.now();
      const history = await trainer.train(request.train, {
        epochs: request.epochs,
        batchSize: request.batchSize,
        seed: request.seed,
        ...(request.validation && request.evaluatedOn !== 'train' ? { validationData: request.validation } : {}),
        ...(request.stopAtAccuracy ? { stopAtAccuracy: request.stopAtAccuracy } : {}),
        signal: run.abort.signal,
        onEpochEnd: async (logs) => {
          this.post({ type: 'epoch', runId, logs });
          // Repaint at most every repaintMs, and spend at most ~1/4 of the time painting.
          const now = performance.now();
          if (now - lastPaint >= Math.max(request.repaintMs, 3 * paintCost)) await paint(logs.epoch);
          if (performance.now() - lastYield >= YIELD_EVERY_MS) {
            await macrotask();
            lastYield = performance.now();
          }
          if (run.stepping) {
            run.stepping = false;
            run.paused = true;
          }
          if (run.paused && !run.abort.signal.aborted) {
            await paint(logs.epoch);
            this.post({ type: 'paused', runId, epoch: logs.epoch });
            while (run.paused && !run.abort.signal.aborted) {
              await new Promise<void>((resolve) => (run.resume = resolve));
            }
          }
        },
      });
      const trainMs = performance.now() - started;
      // Stopped (reset, or a new run started): the page has moved on, so no report.
      if (run.abort.signal.aborted) return;
      await paint(history.epochs);
      const done = await evaluateRun(request, trainer, history, trainMs, lastProbs ?? new Float32Array(0), width);
      this.post({ type: 'done', runId, history, metrics: done.metrics, reportHtml: done.reportHtml });
    } catch (error) {
      this.fail(runId, error);
    } finally {
      if (this.run === run) this.run = null;
      if (run.abort.signal.aborted) trainer.dispose();
      else this.lastTrainer = { id: runId, trainer };
    }
  }

  private async exportModel(runId: number, name: string): Promise<void> {
    const source = this.lastTrainer?.id === runId ? this.lastTrainer.trainer : null;
    if (!source) {
      this.post({ type: 'error', runId, message: 'train a model first, then download it' });
      return;
    }
    try {
      const model = await source.toLayersModel();
      // What saveModelToBrowser stores: the spec and class names travel with the weights.
      model.setUserDefinedMetadata({ spec: source.spec, classNames: this.lastClassNames });
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
async function evaluateRun(
  request: StartRequest,
  trainer: Trainer,
  history: History,
  trainMs: number,
  probs: Float32Array,
  outputs: number,
): Promise<{ metrics: MetricsJson; reportHtml: string }> {
  const train: Dataset = request.train;
  const evaluation: Dataset = request.validation && request.evaluatedOn !== 'train' ? request.validation : train;
  const scores = await evaluateTrainer(trainer, evaluation, { classes: request.classNames.length, classNames: request.classNames });
  const metrics = jobMetrics({
    experiment: request.experiment,
    backend: trainer.backend,
    seed: request.seed,
    trainInfo: request.trainInfo,
    ...(request.evaluationInfo ? { evaluationInfo: request.evaluationInfo } : {}),
    evaluatedOn: request.evaluatedOn,
    spec: request.spec,
    history,
    scores,
    trainMs,
    ...(request.stopAtAccuracy !== undefined ? { stopAtAccuracy: request.stopAtAccuracy } : {}),
  });
  const { nx, ny, bounds, x } = request.grid;
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
