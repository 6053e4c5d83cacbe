/** Web Worker entry: hosts the TrainingSession so training never blocks the page. */
import type { FromWorker, ToWorker } from './protocol.js';
import { TrainingSession } from './session.js';

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
