/** Messages between the page and the data worker (data generation never runs on the page's thread). */
import type { AnyDataset } from '@mlpkit/datasets';
import type { PreparedData } from '../data.js';
import type { AppState } from '../state.js';

export interface PrepareRequest {
  type: 'prepare';
  id: number;
  state: AppState;
  /** The uploaded CSV's rows when state.dataset is 'csv'. */
  uploaded: AnyDataset | null;
  fileName: string;
}

export type FromDataWorker =
  | { type: 'progress'; id: number; stage: string; fraction: number }
  | { type: 'data'; id: number; data: PreparedData }
  | { type: 'error'; id: number; message: string };
