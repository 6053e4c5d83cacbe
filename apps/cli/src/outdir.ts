/**
 * Atomic outputs: everything is written into a temporary sibling of the target and renamed into
 * place only on success, so a failed or interrupted run leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** Files that mark a directory as an earlier mlpkit output, which may be replaced. */
const OUTPUT_MARKERS = ['metrics.json', 'report.html', 'summary.json'];

const pending = new Set<() => void>();
let handlersInstalled = false;

/** On Ctrl-C or SIGTERM, remove temporary outputs before exiting. */
function installSignalCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const cleanup of pending) cleanup();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

function tempSibling(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Creates missing parents of `path`; returns the topmost directory created (to undo), if any. */
function ensureParent(path: string): string | undefined {
  let top: string | undefined;
  let dir = dirname(path);
  while (!existsSync(dir)) {
    top = dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (top) mkdirSync(dirname(path), { recursive: true });
  return top;
}

export interface AtomicDir {
  /** The directory to write into (temporary until commit). */
  readonly path: string;
  /** The final location. */
  readonly target: string;
  commit(): void;
  abort(): void;
}

/**
 * Starts an atomic output directory at `target`. An existing target is refused unless it is
 * empty or an earlier mlpkit output (then it is replaced on commit).
 */
export function openAtomicDir(targetArg: string): AtomicDir {
  const target = resolve(targetArg);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new UsageError(`--out ${targetArg} exists and is not a directory`);
    const entries = readdirSync(target);
    if (entries.length > 0 && !OUTPUT_MARKERS.some((m) => entries.includes(m))) {
      throw new UsageError(
        `--out ${targetArg} exists and is not an mlpkit output directory; choose a new or empty directory`,
      );
    }
  }
  const createdParent = ensureParent(target);
  const tmp = tempSibling(target);
  mkdirSync(tmp);
  let done = false;
  const abort = () => {
    if (done) return;
    done = true;
    pending.delete(abort);
    rmSync(tmp, { recursive: true, force: true });
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
  };
  pending.add(abort);
  installSignalCleanup();
  return {
    path: tmp,
    target,
    commit() {
      if (done) return;
      if (existsSync(target)) {
        // Replace an earlier output: move it aside first so the swap is two renames.
        const old = tempSibling(target);
        renameSync(target, old);
        renameSync(tmp, target);
        rmSync(old, { recursive: true, force: true });
      } else {
        renameSync(tmp, target);
      }
      done = true;
      pending.delete(abort);
    },
    abort,
  };
}

/** Runs `fn` with an atomic directory: commit when it resolves, remove everything when it throws. */
export async function withAtomicDir<T>(target: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const out = openAtomicDir(target);
  try {
    const result = await fn(out.path);
    out.commit();
    return result;
  } catch (err) {
    out.abort();
    throw err;
  }
}

/** Writes a file atomically (temporary sibling, then rename). */
export function writeFileAtomic(targetArg: string, content: string | Uint8Array): void {
  const target = resolve(targetArg);
  if (existsSync(target) && statSync(target).isDirectory()) throw new UsageError(`--out ${targetArg} is a directory`);
  const createdParent = ensureParent(target);
  const tmp = tempSibling(target);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
    throw err;
  }
}
