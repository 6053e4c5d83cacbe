/** Data worker entry: generates, splits and grids the data (data.ts) off the page's thread. */
import { prepareData, type PreparedData } from '../data.js';
import type { FromDataWorker, PrepareRequest } from './protocol.js';

interface WorkerScope {
  postMessage(message: FromDataWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<PrepareRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;

/** Every distinct buffer of the prepared data, moved (not copied) to the page. */
function buffersOf(data: PreparedData): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView | undefined): void => {
    if (a && a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  };
  for (const d of [data.all, data.train, data.validation]) {
    if (!d) continue;
    add(d.x);
    add(d.y);
  }
  for (const g of [data.grid, data.heatGrid]) {
    add(g.x);
    add(g.xs);
    add(g.ys);
  }
  return [...buffers];
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type !== 'prepare') return;
  const { id } = request;
  try {
    const data = prepareData(request.state, request.uploaded, {
      fileName: request.fileName,
      onProgress: (stage, fraction) => scope.postMessage({ type: 'progress', id, stage, fraction }),
    });
    scope.postMessage({ type: 'data', id, data }, buffersOf(data));
  } catch (error) {
    scope.postMessage({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
  }
};
