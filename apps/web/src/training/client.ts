/**
 * The page's handle on the training worker: sends requests, routes replies to listeners and drops
 * the ones of runs the page has already moved past (each start gets a new run id).
 */
import type { FitSettings, FromWorker, StartRequest, ToWorker } from './protocol.js';
import type { ModelSpec } from '@mlpkit/models';

export type WorkerEvent = FromWorker;

export class TrainingClient {
  private readonly worker: Worker;
  private listener: (event: WorkerEvent) => void = () => {};
  private nextRunId = 1;
  /** Run whose messages the page still wants. */
  currentRun = 0;

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'mlpkit-training' });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const message = event.data;
      if ('runId' in message && message.runId !== this.currentRun) return;
      this.listener(message);
    };
    this.worker.onerror = (event) => {
      this.listener({ type: 'error', runId: this.currentRun, message: event.message || 'the training worker failed' });
    };
  }

  onEvent(listener: (event: WorkerEvent) => void): void {
    this.listener = listener;
  }

  private send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  init(): void {
    this.send({ type: 'init' });
  }

  /** Starts a new run (stopping any other) and returns its id. Data arrays are copied, not moved. */
  start(request: Omit<StartRequest, 'type' | 'runId'>): number {
    const runId = this.nextRunId++;
    this.currentRun = runId;
    this.send({ type: 'start', runId, ...request });
    return runId;
  }

  pause(): void {
    this.send({ type: 'pause', runId: this.currentRun });
  }

  resume(): void {
    this.send({ type: 'resume', runId: this.currentRun });
  }

  step(): void {
    this.send({ type: 'step', runId: this.currentRun });
  }

  /** Pacing of the current run: epochs per second, or null (as fast as it goes). */
  speed(epochsPerSecond: number | null): void {
    if (this.currentRun) this.send({ type: 'speed', runId: this.currentRun, epochsPerSecond });
  }

  continueRun(epochs: number, step = false): void {
    this.send({ type: 'continue', runId: this.currentRun, epochs });
    if (step) this.step();
  }

  reconfigure(spec: ModelSpec, backend: string, fit: FitSettings, change: string, experiment: string | null): void {
    this.send({ type: 'reconfigure', runId: this.currentRun, spec, backend, fit, change, experiment });
  }

  setWeight(array: number, index: number, value: number): void {
    this.send({ type: 'set-weight', runId: this.currentRun, array, index, value });
  }

  /** Stops the current run; its remaining messages are ignored. */
  stop(): void {
    if (this.currentRun) this.send({ type: 'stop', runId: this.currentRun });
    this.currentRun = 0;
  }

  exportModel(runId: number, name: string): void {
    this.send({ type: 'export-model', runId, name });
  }
}
