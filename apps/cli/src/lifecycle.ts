/**
 * The process's life around a command: complete output, clean interrupts, quiet broken pipes.
 *
 * - **Output is complete or the exit code says it is not.** `finish(code)` sets
 *   `process.exitCode`, waits until every byte queued on stdout and stderr has been handed to the
 *   OS (a pipe takes 64 KiB at a time; the rest waits in Node's queue), and only then exits.
 * - **Interrupts are clean.** SIGINT and SIGTERM run every registered cleanup (progress bars stop,
 *   which restores the cursor and line wrap; temporary outputs are removed), restore the terminal,
 *   print one line (`mlpkit: interrupted at epoch 12/100; nothing written`) and exit 130 / 143.
 * - **A closed pipe is not a crash.** When the reader of stdout (or stderr) goes away
 *   (`mlpkit data … | head -c 100`), the EPIPE is handled quietly: cleanups run and the process
 *   exits 141 (128 + SIGPIPE, as `yes | head` does), with no stack trace.
 */
import { writeSync as fsWriteSync } from 'node:fs';

type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
let activity: (() => string | undefined) | undefined;
let installed = false;
let exiting = false;

/** Exit codes of the signals we handle (128 + signal number, as shells report them). */
export const EXIT_SIGINT = 130;
export const EXIT_SIGPIPE = 141;
export const EXIT_SIGTERM = 143;
const EXIT_RUNTIME_ERROR = 1;

/** Cursor on (DECTCEM) and line wrap on (DECAWM): what a progress bar may have turned off. */
const RESTORE_TERMINAL = '\u001b[?25h\u001b[?7h';

/**
 * Registers `fn` to run if the process is interrupted or its output pipe closes. Returns a
 * function that unregisters it (call it when the resource is committed or released).
 */
export function onInterrupt(fn: Cleanup): () => void {
  // The handlers themselves are installed by the binary (bin.ts), not by library use.
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/**
 * Sets what the process is doing, for the interrupt message ("epoch 12/100", "spirals-3x12
 * epoch 3/150"). `undefined` clears it.
 */
export function setActivity(describe: (() => string | undefined) | undefined): void {
  activity = describe;
}

function runCleanups(): void {
  for (const fn of [...cleanups]) {
    try {
      fn();
    } catch {
      // Best effort: one failing cleanup must not keep the others from running.
    }
  }
}

/** Blocks the thread for `ms` (no JavaScript runs meanwhile, so nothing new is started). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs every cleanup twice, 50 ms apart: a file-system call already handed to libuv's thread pool
 * (e.g. a folder being created for the model) can land after the first pass.
 */
function cleanUpForExit(): void {
  runCleanups();
  sleepSync(50);
  runCleanups();
  cleanups.clear();
}

function writeSync(fd: number, text: string): void {
  try {
    // A synchronous write: the process exits right after, and nothing may be lost.
    fsWriteSync(fd, text);
  } catch {
    // stderr may itself be gone.
  }
}

function onSignal(signal: 'SIGINT' | 'SIGTERM'): void {
  if (exiting) return;
  exiting = true;
  const doing = activity?.();
  cleanUpForExit();
  if (process.stderr.isTTY) writeSync(2, RESTORE_TERMINAL);
  const what = signal === 'SIGINT' ? 'interrupted' : 'terminated';
  writeSync(2, `mlpkit: ${what}${doing ? ` at ${doing}` : ''}; nothing written\n`);
  process.exit(signal === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM);
}

/** Why stdout failed, when it did (EPIPE: the reader went away; else e.g. ENOSPC). */
let stdoutError: NodeJS.ErrnoException | undefined;

function onStdoutError(err: NodeJS.ErrnoException): void {
  if (exiting) return;
  exiting = true;
  stdoutError = err;
  cleanUpForExit();
  if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(EXIT_SIGPIPE);
  writeSync(2, `mlpkit: error: cannot write the output to stdout (${err.code ?? err.message}); nothing more was written\n`);
  process.exit(EXIT_RUNTIME_ERROR);
}

/** stderr is for progress and notes: when it cannot be written (full disk, closed), the run goes on without it. */
function onStderrError(): void {
  stderrBroken = true;
}

let stderrBroken = false;

/** Whether stderr can still be written (false after it failed). */
export function stderrWritable(): boolean {
  return !stderrBroken;
}

/** Installs the signal, stream and exit handlers once per process. */
export function install(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.stdout.on('error', onStdoutError);
  process.stderr.on('error', onStderrError);
  // Whatever ends the process (an uncaught error included), temporary outputs go.
  process.on('exit', () => runCleanups());
}

/**
 * Resolves once everything written to `stream` so far has been flushed: true, or false when the
 * stream failed (its reader went away) and some of the output was lost.
 */
function drained(stream: NodeJS.WriteStream): Promise<boolean> {
  if (stream.destroyed || !stream.writable) return Promise.resolve(!stream.errored);
  return new Promise((resolve) => {
    // Writes complete in order, so the callback of an empty write fires after every earlier one.
    stream.write('', (err) => resolve(!err));
  });
}

/**
 * Ends the process with `code` once stdout and stderr are flushed. TF.js backends can keep
 * handles open, so the process is ended explicitly, but never before the output is out.
 */
export async function finish(code: number): Promise<never> {
  process.exitCode = code;
  const [outOk] = await Promise.all([drained(process.stdout), stderrBroken ? Promise.resolve(true) : drained(process.stderr)]);
  // Output that did not reach its reader is not a success.
  if (!outOk && code === 0) process.exit(stdoutError && stdoutError.code !== 'EPIPE' ? EXIT_RUNTIME_ERROR : EXIT_SIGPIPE);
  process.exit(code);
}
