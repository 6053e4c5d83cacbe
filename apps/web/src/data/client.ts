/**
 * The page's handle on the data worker. Each request gets an id; only the latest request's replies
 * reach the page (a newer setting supersedes a generation still running).
 */
import type { AnyDataset } from '@mlpkit/datasets';
import type { PreparedData } from '../data.js';
import type { AppState } from '../state.js';
import type { FromDataWorker, PrepareRequest } from './protocol.js';

export interface DataListener {
  progress(stage: string, fraction: number): void;
  data(data: PreparedData): void;
  error(message: string): void;
}

export class DataClient {
  private worker: Worker;
  private nextId = 1;
  private current = 0;

  constructor(private readonly listener: DataListener) {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'mlpkit-data' });
    worker.onmessage = (event: MessageEvent<FromDataWorker>) => {
      const message = event.data;
      if (message.id !== this.current) return;
      if (message.type === 'progress') this.listener.progress(message.stage, message.fraction);
      else if (message.type === 'data') {
        this.current = 0;
        this.listener.data(message.data);
      } else {
        this.current = 0;
        this.listener.error(message.message);
      }
    };
    worker.onerror = (event) => {
      if (!this.current) return;
      this.current = 0;
      this.listener.error(event.message || 'the data worker failed');
    };
    return worker;
  }

  /** True while a request is being prepared. */
  get busy(): boolean {
    return this.current !== 0;
  }

  prepare(state: AppState, uploaded: { dataset: AnyDataset; fileName: string } | null): void {
    if (this.current) {
      // A generation is still running for settings that no longer apply: drop the worker rather
      // than wait for it (a big draw can take a while), and start afresh.
      this.worker.terminate();
      this.worker = this.spawn();
    }
    const id = this.nextId++;
    this.current = id;
    const request: PrepareRequest = {
      type: 'prepare',
      id,
      state,
      uploaded: state.dataset === 'csv' ? (uploaded?.dataset ?? null) : null,
      fileName: uploaded?.fileName ?? 'csv',
    };
    this.worker.postMessage(request);
  }
}
