/** Web Worker entry: hosts the TrainingSession so training never blocks the page. */
import { setBackendLoader } from '@mlpkit/train';
import type { FromWorker, ToWorker } from './protocol.js';
import { TrainingSession } from './session.js';

// The optional TF.js backends are loaded on demand, as their own chunks: literal import()s the
// bundler can see and split (@mlpkit/train's computed-name import would be invisible to Vite).
setBackendLoader('webgpu', () => import('@tensorflow/tfjs-backend-webgpu'));
setBackendLoader('wasm', () => import('@tensorflow/tfjs-backend-wasm'));

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const session = new TrainingSession((message, transfer) => scope.postMessage(message, transfer ?? []));

// Messages are handled one after another except that a running `start` yields each epoch, so
// pause/resume/stop arrive while it trains.
scope.onmessage = (event) => {
  void session.handle(event.data);
};
