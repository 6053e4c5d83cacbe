/** Writing results to stdout in chunks, with backpressure, letting signals through. */
import { once } from 'node:events';

/** One turn of the event loop: signal handlers and I/O callbacks run. */
export const yieldToEventLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes `chunks` to stdout, waiting for the pipe to drain when it is full (so queued text never
 * piles up in memory) and yielding between chunks (so Ctrl-C is handled during long writes).
 */
export async function toStdout(chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    else await yieldToEventLoop();
  }
}
