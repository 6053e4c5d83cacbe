/**
 * Where `--out` writes, under one rule: **mlpkit only ever removes or replaces what mlpkit wrote.**
 *
 * A run folder carries a manifest, `.mlpkit-run.json`, listing every file mlpkit wrote there with
 * its size and SHA-256. `--out DIR`:
 * - DIR missing → everything is written into a temporary sibling and renamed into place at the
 *   end, so a failed or interrupted run leaves nothing behind;
 * - DIR empty → the files are staged inside DIR and moved into place at the end (DIR itself is
 *   kept, so `--out .` never pulls the shell's folder away);
 * - DIR holds a manifest → the files it lists are replaced, all or none (the old ones are moved
 *   aside and restored if any step fails); everything else is kept. A listed file the user has
 *   changed since, or a listed file the new run would not rewrite (a different command or other
 *   experiments), is refused unless `--force`;
 * - anything else (`.`, `~`, a project folder, a folder with a `metrics.json` of the user's) →
 *   an error naming DIR and suggesting a new folder. `--force` writes beside the files already
 *   there, but never over one of them and never deletes one.
 *
 * Single-file outputs (`predict --out`, `data --out`) are written to a temporary sibling and
 * renamed; an existing file is replaced only with `--force`, and an input file never. A
 * character device or FIFO (`/dev/stdout`, `/dev/null`, a named pipe) is written into, as shell
 * redirection does, never replaced.
 *
 * Two runs never write one folder at once: a lock (`.mlpkit-run.lock`, or a sibling for a new
 * folder) names the process; leftovers of a process that died are mlpkit's and are cleaned up.
 *
 * Every refusal is a UsageError (exit 2) naming the path the user typed; no temporary name ever
 * appears in a message.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants as fsConstants,
  accessSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { UsageError } from './errors.js';
import { onInterrupt } from './lifecycle.js';
import { cliVersion } from './version.js';

/** The manifest file of a run folder. */
export const MANIFEST = '.mlpkit-run.json';

export interface ManifestEntry {
  /** Path relative to the run folder, `/`-separated. */
  path: string;
  bytes: number;
  sha256: string;
}

/** `.mlpkit-run.json`: what mlpkit wrote into a run folder. */
export interface RunManifest {
  tool: 'mlpkit';
  version: string;
  /** The command line (without the node and script paths). */
  command: string[];
  files: ManifestEntry[];
  /** Folders mlpkit created inside the run folder (removed again only while empty). */
  dirs: string[];
}

/** An I/O failure that is not the user's doing (disk full, …): exit 1, message names the user's path. */
export class OutputError extends Error {
  readonly code = 'MLPKIT_RUNTIME' as const;
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

export interface OutputOptions {
  /** The flag, for messages (default `--out`). */
  flag?: string;
  /** Allow writing into a non-empty folder / replacing an existing file or a changed listed file. */
  force?: boolean;
  /** Files the command reads: they are never overwritten, not even with --force. */
  inputs?: readonly string[];
  /**
   * Files the run is expected to write (relative, `/`-separated), checked for conflicts before
   * any work; the commit checks what was really written again.
   */
  expected?: readonly string[];
}

export interface CommitSummary {
  /** How the folder was written. */
  mode: 'new' | 'empty' | 'replace' | 'beside';
  /** Files written (relative paths). */
  written: number;
  /** Files of an earlier run that were replaced. */
  replaced: number;
  /** Files of an earlier run that the new run does not write, removed. */
  removed: number;
  /** Files of an earlier run that were changed by the user, kept because the new run does not write them. */
  keptChanged: string[];
  /** Files in the folder that mlpkit did not write (kept untouched). */
  others: number;
}

export interface OutputDir {
  /** The directory to write into (a staging directory until commit). */
  readonly path: string;
  /** The final location (absolute). */
  readonly target: string;
  /** Moves everything into place; returns what happened. Throws (and leaves DIR as it was) on a conflict. */
  commit(): CommitSummary;
  /** Removes everything written so far. */
  abort(): void;
}

// ---------------------------------------------------------------------------------------------
// Paths and file-system errors in the user's words

/** `p` as the user would write it: relative to the working directory when it is below it. */
function shown(p: string): string {
  const rel = relative(process.cwd(), p);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? p : rel;
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** The nearest existing ancestor of `p` (or `p` itself). */
function nearestExisting(p: string): string {
  let dir = p;
  while (!lstatOrUndefined(dir)) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
}

/**
 * An fs error while writing `target` as a message for the user: their path, what is wrong,
 * what to do. Bad locations are UsageErrors (exit 2); other failures OutputErrors (exit 1).
 */
export function describeWriteError(err: unknown, flag: string, arg: string, target: string): Error {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const where = `${flag} ${arg}`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new UsageError(`${where}: permission denied (${shown(nearestExisting(dirname(target)))} is not writable); choose a folder you can write to`);
    case 'EROFS':
      return new UsageError(`${where}: ${shown(nearestExisting(dirname(target)))} is on a read-only file system; choose a writable folder`);
    case 'ENOTDIR': {
      const blocker = fileAncestor(target);
      return new UsageError(`${where}: ${blocker ? `${shown(blocker)} is a file, not a folder` : 'a part of the path is not a folder'}; choose another path`);
    }
    case 'ENOENT':
      return new UsageError(`${where}: cannot create it there (${shown(nearestExisting(dirname(target)))} does not accept new folders or files); choose another path`);
    case 'ENAMETOOLONG':
      return new UsageError(`${where}: the path is too long`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new OutputError(`${where}: no space left on the device; nothing was written`);
    default:
      return new OutputError(`${where}: could not write (${code ?? (err instanceof Error ? err.message.split('\n')[0] : String(err))}); nothing was written`);
  }
}

/** The first ancestor of `p` that exists and is not a directory (the cause of ENOTDIR). */
function fileAncestor(p: string): string | undefined {
  const parts: string[] = [];
  let dir = p;
  for (;;) {
    parts.unshift(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const part of parts) {
    const st = lstatOrUndefined(part);
    if (!st) return undefined;
    if (!st.isDirectory() && !(st.isSymbolicLink() && isDirFollowing(part))) return part;
  }
  return undefined;
}

function isDirFollowing(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Checks, before any work, that `target` can be created: its nearest existing ancestor is a writable folder. */
function checkLocation(flag: string, arg: string, target: string): void {
  const existing = nearestExisting(dirname(target));
  if (!isDirFollowing(existing)) {
    throw new UsageError(`${flag} ${arg}: ${shown(existing)} is a file, not a folder; choose another path`);
  }
  try {
    accessSync(existing, fsConstants.W_OK | fsConstants.X_OK);
  } catch (err) {
    throw describeWriteError(err, flag, arg, target);
  }
}

/** Creates the missing parents of `p`; returns the topmost one created (to remove on abort). */
function createParents(p: string): string | undefined {
  const parent = dirname(p);
  if (lstatOrUndefined(parent)) return undefined;
  return mkdirSync(parent, { recursive: true });
}

function randomSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Is process `pid` alive (on this machine)? */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Names of mlpkit's own temporary entries (`.mlpkit-tmp-<pid>-<hex>`, `.mlpkit-old-…`), with the pid. */
const TEMP_ENTRY = /^\.mlpkit-(?:tmp|old)-(\d+)-[0-9a-f]+$/;
const LOCK = '.mlpkit-run.lock';

// ---------------------------------------------------------------------------------------------
// Inputs are never overwritten

interface FileId {
  path: string;
  dev: number;
  ino: number;
}

function fileIds(paths: readonly string[]): FileId[] {
  const ids: FileId[] = [];
  for (const p of paths) {
    try {
      const st = statSync(p);
      if (st.isFile()) ids.push({ path: p, dev: st.dev, ino: st.ino });
    } catch {
      // A missing input is reported by the command itself.
    }
  }
  return ids;
}

/** The input `p` is (the same file, by path, symlink or hard link), if any. */
function inputAt(p: string, inputs: readonly FileId[]): FileId | undefined {
  let st: Stats;
  try {
    st = statSync(p);
  } catch {
    return undefined;
  }
  return inputs.find((i) => i.dev === st.dev && i.ino === st.ino);
}

// ---------------------------------------------------------------------------------------------
// Manifests

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function entryFor(root: string, rel: string): ManifestEntry {
  const bytes = readFileSync(join(root, ...rel.split('/')));
  return { path: rel, bytes: bytes.byteLength, sha256: sha256(bytes) };
}

/** Is `rel` a safe relative path inside a folder (no `..`, not absolute, normalised)? */
function safeRelative(rel: unknown): rel is string {
  if (typeof rel !== 'string' || rel === '' || rel.includes('\\') || rel.includes('\0')) return false;
  if (posix.isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) return false;
  return posix.normalize(rel) === rel && !rel.split('/').some((s) => s === '..' || s === '.' || s === '');
}

/** Reads DIR's manifest: undefined when there is none; a UsageError when it is unreadable. */
function readManifest(dir: string, flag: string, arg: string): RunManifest | undefined {
  const file = join(dir, MANIFEST);
  const st = lstatOrUndefined(file);
  if (!st) return undefined;
  const bad = (why: string) =>
    new UsageError(`${flag} ${arg} holds a ${MANIFEST} that mlpkit cannot use (${why}); choose a new folder, e.g. ${flag} ${suggestNew(arg)}`);
  if (!st.isFile()) throw bad('not a file');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw bad('not valid JSON');
  }
  const m = json as Partial<RunManifest> | null;
  if (!m || m.tool !== 'mlpkit' || !Array.isArray(m.files) || !Array.isArray(m.dirs ?? [])) throw bad('not an mlpkit manifest');
  for (const f of m.files) {
    const e = f as Partial<ManifestEntry> | null;
    if (!e || !safeRelative(e.path) || e.path === MANIFEST || typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256) || !Number.isInteger(e.bytes)) {
      throw bad(`bad entry ${JSON.stringify(f)}`);
    }
  }
  for (const d of m.dirs ?? []) if (!safeRelative(d)) throw bad(`bad folder entry ${JSON.stringify(d)}`);
  return { tool: 'mlpkit', version: String(m.version ?? ''), command: Array.isArray(m.command) ? m.command.map(String) : [], files: m.files as ManifestEntry[], dirs: (m.dirs ?? []) as string[] };
}

/** Has the listed file been changed (or replaced by something else) since mlpkit wrote it? */
function changedSince(root: string, e: ManifestEntry): boolean {
  const p = join(root, ...e.path.split('/'));
  const st = lstatOrUndefined(p);
  if (!st) return false; // gone: nothing to protect
  if (!st.isFile() || st.size !== e.bytes) return true;
  return sha256(readFileSync(p)) !== e.sha256;
}

function suggestNew(arg: string): string {
  const clean = arg.replace(/[/\\]+$/, '');
  const target = resolve(arg);
  const cwd = process.cwd();
  // The working folder, one of its parents, the root or a top-level folder: suggest a new subfolder.
  if (clean === '' || clean === '.' || clean === '..' || clean === '~' || cwd === target || cwd.startsWith(`${target}/`) || dirname(target) === target || dirname(target) === '/') {
    return 'runs/run-1';
  }
  return `${clean}-2`;
}

/** Files (not folders) under `root`, as sorted `/`-separated relative paths; folders listed separately. */
function walk(root: string): { files: string[]; dirs: string[] } {
  const files: string[] = [];
  const dirs: string[] = [];
  const visit = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const rel = prefix ? `${prefix}/${name}` : name;
      const st = lstatSync(join(dir, name));
      if (st.isDirectory()) {
        dirs.push(rel);
        visit(join(dir, name), rel);
      } else {
        files.push(rel);
      }
    }
  };
  visit(root, '');
  return { files, dirs };
}

function writeManifest(root: string, files: ManifestEntry[], dirs: string[]): void {
  const manifest: RunManifest = {
    tool: 'mlpkit',
    version: cliVersion(),
    command: process.argv.slice(2),
    files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    dirs: [...new Set(dirs)].sort(),
  };
  const tmp = join(root, `.mlpkit-run.json.tmp-${randomSuffix()}`);
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, join(root, MANIFEST));
}

// ---------------------------------------------------------------------------------------------
// Locks and leftovers

/**
 * Takes the lock file `path` (created exclusively, holding our pid). A lock whose process is
 * gone is taken over; a live one is a UsageError naming its pid. Returns the release function.
 */
function takeLock(path: string, flag: string, arg: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw describeWriteError(err, flag, arg, path);
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(path, 'utf8').trim());
      } catch {
        // vanished meanwhile: try again
      }
      if (alive(holder) && holder !== process.pid) {
        throw new UsageError(`${flag} ${arg}: another mlpkit run (process ${holder}) is writing there; wait for it to finish or choose another folder`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new UsageError(`${flag} ${arg}: could not take the lock ${shown(path)}; try again`);
}

/** Removes mlpkit's temporary entries in `dir` left by processes that no longer run. */
function removeDeadLeftovers(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    const m = TEMP_ENTRY.exec(e);
    if (m && !alive(Number(m[1]))) rmSync(join(dir, e), { recursive: true, force: true });
  }
}

/** Entries of an existing folder that are not mlpkit's own bookkeeping (lock, temporaries). */
function userEntries(dir: string): string[] {
  return readdirSync(dir).filter((e) => e !== LOCK && !TEMP_ENTRY.test(e));
}

// ---------------------------------------------------------------------------------------------
// Output folders

/**
 * Opens `--out DIR` for a run: checks the rules above before any work (so a refused folder costs
 * nothing) and returns a staging directory to write into. Nothing in DIR changes before
 * `commit()`; `abort()` (also run on Ctrl-C or when the process ends early) removes the staging
 * directory.
 */
export function openOutputDir(arg: string, o: OutputOptions = {}): OutputDir {
  const flag = o.flag ?? '--out';
  if (arg.trim() === '') throw new UsageError(`${flag} needs a folder name`);
  const target = resolve(arg);
  const inputs = fileIds(o.inputs ?? []);
  const st = lstatOrUndefined(target);
  let mode: CommitSummary['mode'];
  let manifest: RunManifest | undefined;
  let releaseLock: () => void;
  if (!st) {
    checkLocation(flag, arg, target);
    mode = 'new';
    removeDeadLeftovers(nearestExisting(dirname(target)));
    const parentExists = lstatOrUndefined(dirname(target)) !== undefined;
    releaseLock = parentExists
      ? takeLock(join(dirname(target), `.mlpkit-lock-${createHash('sha1').update(basename(target)).digest('hex').slice(0, 16)}`), flag, arg)
      : () => {};
  } else {
    if (st.isSymbolicLink() && !isDirFollowing(target)) {
      const dangling = (() => {
        try {
          statSync(target);
          return false;
        } catch {
          return true;
        }
      })();
      throw new UsageError(`${flag} ${arg} is a link to ${dangling ? 'a path that does not exist' : 'a file, not a folder'}; choose a new folder name, e.g. ${flag} ${suggestNew(arg)}`);
    }
    if (!st.isSymbolicLink() && !st.isDirectory()) throw new UsageError(`${flag} ${arg} exists and is not a folder; choose a new folder name, e.g. ${flag} ${suggestNew(arg)}`);
    try {
      accessSync(target, fsConstants.W_OK | fsConstants.X_OK);
    } catch (err) {
      throw describeWriteError(err, flag, arg, join(target, MANIFEST));
    }
    releaseLock = takeLock(join(target, LOCK), flag, arg);
    try {
      removeDeadLeftovers(target);
      const m = lstatOrUndefined(join(target, MANIFEST));
      if (m && !m.isFile()) {
        throw new UsageError(`${flag} ${arg} holds a ${m.isDirectory() ? 'folder' : 'link'} named ${MANIFEST}, which is not mlpkit's; choose a new folder, e.g. ${flag} ${suggestNew(arg)}`);
      }
      try {
        manifest = readManifest(target, flag, arg);
      } catch (err) {
        // A damaged manifest: with --force, write beside everything (deleting nothing).
        if (!o.force) throw err;
        manifest = undefined;
      }
      const entries = userEntries(target);
      if (manifest) mode = 'replace';
      else if (entries.length === 0) mode = 'empty';
      else if (o.force) mode = 'beside';
      else {
        const some = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
        throw new UsageError(
          `${flag} ${arg} is a folder that mlpkit did not create (it holds ${some}); choose a new folder, e.g. ${flag} ${suggestNew(arg)}, or add --force to write beside those files (they are never deleted or overwritten)`,
        );
      }
      if (manifest) {
        if (!o.force) {
          const changed = manifest.files.filter((e) => changedSince(target, e));
          if (changed.length > 0) {
            throw new UsageError(
              `${flag} ${arg}: ${changed.length === 1 ? 'a file' : `${changed.length} files`} of the earlier mlpkit run ${changed.length === 1 ? 'was' : 'were'} changed since (${list(changed.map((e) => e.path))}); move ${changed.length === 1 ? 'it' : 'them'} away, choose a new folder, or add --force to replace ${changed.length === 1 ? 'it' : 'them'}`,
            );
          }
        }
        // Every folder holding a listed file must take the replacement (checked before any work).
        for (const d of new Set(manifest.files.map((e) => dirname(join(target, ...e.path.split('/')))))) {
          if (!lstatOrUndefined(d)) continue;
          try {
            accessSync(d, fsConstants.W_OK | fsConstants.X_OK);
          } catch (err) {
            throw describeWriteError(err, flag, arg, join(d, 'x'));
          }
        }
      }
    } catch (err) {
      releaseLock();
      throw err;
    }
  }

  const listedOf = (m: RunManifest | undefined) => new Map((m?.files ?? []).map((e) => [e.path, e]));

  /** Every way writing `files` would touch something mlpkit did not write (or should not replace). */
  const conflicts = (files: readonly string[], listed: ReadonlyMap<string, ManifestEntry>): string[] => {
    const out: string[] = [];
    for (const rel of files) {
      const parts = rel.split('/');
      let blocked = false;
      for (let k = 1; k < parts.length && !blocked; k++) {
        const sub = parts.slice(0, k).join('/');
        const s = lstatOrUndefined(join(target, ...parts.slice(0, k)));
        if (s && !s.isDirectory()) {
          out.push(`${sub} is ${s.isSymbolicLink() ? 'a link' : 'a file'} that mlpkit did not write, where the run writes the folder ${sub}/`);
          blocked = true;
        }
      }
      if (blocked) continue;
      const dest = join(target, ...parts);
      const s = lstatOrUndefined(dest);
      if (!s) continue;
      if (s.isDirectory()) out.push(`${rel} is a folder, where the run writes a file`);
      else if (!listed.get(rel)) out.push(`the run would overwrite ${rel}, which mlpkit did not write`);
      else if (!o.force && changedSince(target, listed.get(rel)!)) out.push(`${rel} was changed since mlpkit wrote it`);
      else if (inputAt(dest, inputs)) out.push(`the run would replace ${rel}, which is an input of this command`);
    }
    return out;
  };
  const conflictError = (found: string[], suffix: string) =>
    new UsageError(
      `${flag} ${arg}: ${found.slice(0, 3).join('; ')}${found.length > 3 ? `; and ${found.length - 3} more` : ''}; move ${found.length === 1 ? 'it' : 'them'} away or choose a new folder${found.some((f) => f.includes('was changed since')) ? ' (or add --force to replace changed files mlpkit wrote)' : ''}${suffix}`,
    );
  /** Listed files the new run would not rewrite: removing them needs --force. */
  const staleError = (m: RunManifest, stale: string[], suffix: string) =>
    new UsageError(
      `${flag} ${arg}: the earlier mlpkit run there (mlpkit ${m.command.slice(0, 3).join(' ')}${m.command.length > 3 ? ' …' : ''}) wrote ${stale.length} file${stale.length === 1 ? '' : 's'} this run does not (${list(stale)}), which would be removed; choose a new folder, or add --force to replace that run${suffix}`,
    );
  if (st && o.expected) {
    const early = conflicts(o.expected, listedOf(manifest));
    if (early.length > 0) {
      releaseLock();
      throw conflictError(early, '');
    }
    if (manifest && !o.force) {
      const expected = new Set(o.expected);
      const stale = manifest.files.map((e) => e.path).filter((p) => !expected.has(p) && lstatOrUndefined(join(target, ...p.split('/'))));
      if (stale.length > 0) {
        releaseLock();
        throw staleError(manifest, stale, '');
      }
    }
  }

  // Staging: a sibling for a new folder (one rename at the end), inside DIR otherwise.
  let createdParent: string | undefined;
  let staging: string;
  try {
    if (mode === 'new') {
      createdParent = createParents(target);
      staging = join(dirname(target), `.mlpkit-tmp-${randomSuffix()}`);
    } else {
      staging = join(target, `.mlpkit-tmp-${randomSuffix()}`);
    }
    mkdirSync(staging);
  } catch (err) {
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
    releaseLock();
    throw describeWriteError(err, flag, arg, target);
  }

  let done = false;
  /** Repeatable: an interrupt runs it twice, in case a write in flight lands after the first pass. */
  const removeTemp = () => {
    rmSync(staging, { recursive: true, force: true });
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
  };
  const unregister = onInterrupt(() => {
    removeTemp();
    releaseLock();
  });
  const abort = () => {
    if (done) return;
    done = true;
    unregister();
    removeTemp();
    releaseLock();
  };

  /** What the run wrote (its own manifest, if it wrote one, is replaced by the real one). */
  const written = () => {
    const w = walk(staging);
    return { files: w.files.filter((f) => f !== MANIFEST), dirs: w.dirs };
  };

  const commitNew = (): CommitSummary => {
    const { files, dirs } = written();
    writeManifest(staging, files.map((f) => entryFor(staging, f)), dirs);
    if (lstatOrUndefined(target)) throw new UsageError(`${flag} ${arg} was created by another program during the run; nothing was written (choose another folder)`);
    renameSync(staging, target);
    return { mode: 'new', written: files.length, replaced: 0, removed: 0, keptChanged: [], others: 0 };
  };

  const commitInto = (): CommitSummary => {
    // Re-read: the folder may have changed while the run trained.
    let previous: RunManifest | undefined;
    try {
      previous = lstatOrUndefined(join(target, MANIFEST)) ? readManifest(target, flag, arg) : undefined;
    } catch (err) {
      if (!o.force) throw err;
    }
    if (mode === 'replace' && !previous) {
      throw new UsageError(`${flag} ${arg}: its ${MANIFEST} disappeared during the run; nothing was written`);
    }
    const listed = listedOf(previous);
    const { files } = written();
    const found = conflicts(files, listed);
    if (found.length > 0) throw conflictError(found, '; nothing was written');
    const writing = new Set(files);
    const stale = [...listed.values()].filter((e) => !writing.has(e.path) && lstatOrUndefined(join(target, ...e.path.split('/'))));
    if (previous && stale.length > 0 && !o.force) throw staleError(previous, stale.map((e) => e.path), '; nothing was written');
    const keptChanged: string[] = [];
    const removable: string[] = [];
    for (const e of stale) {
      const p = join(target, ...e.path.split('/'));
      if (changedSince(target, e) || inputAt(p, inputs)) keptChanged.push(e.path);
      else removable.push(e.path);
    }
    const replacing = files.filter((rel) => lstatOrUndefined(join(target, ...rel.split('/'))));

    // All or nothing: the files to replace or remove are moved aside first, the new ones moved in;
    // if any step fails, every step is undone and the message names the path that failed.
    const backup = join(target, `.mlpkit-old-${randomSuffix()}`);
    const undo: Array<() => void> = [];
    const createdDirs = new Set<string>();
    const entries: ManifestEntry[] = [];
    let current = target;
    try {
      mkdirSync(backup);
      undo.push(() => rmSync(backup, { recursive: true, force: true }));
      [...replacing, ...removable].forEach((rel, i) => {
        const from = join(target, ...rel.split('/'));
        const to = join(backup, String(i));
        current = from;
        renameSync(from, to);
        undo.push(() => renameSync(to, from));
      });
      for (const rel of files) {
        const parts = rel.split('/');
        for (let k = 1; k < parts.length; k++) {
          const sub = parts.slice(0, k).join('/');
          const p = join(target, ...parts.slice(0, k));
          if (!lstatOrUndefined(p)) {
            current = p;
            mkdirSync(p);
            createdDirs.add(sub);
            undo.push(() => rmdirSync(p));
          }
        }
        entries.push(entryFor(staging, rel));
        const from = join(staging, ...parts);
        const dest = join(target, ...parts);
        current = dest;
        renameSync(from, dest);
        undo.push(() => renameSync(dest, from));
      }
      // Folders: keep the ones mlpkit made that still hold files.
      const ourDirs = new Set([...(previous?.dirs ?? []), ...createdDirs]);
      current = join(target, MANIFEST);
      writeManifest(target, entries, [...ourDirs]);
    } catch (err) {
      for (const step of undo.reverse()) {
        try {
          step();
        } catch {
          // best effort: keep undoing the rest
        }
      }
      if (err instanceof UsageError || err instanceof OutputError) throw err;
      throw describeWriteError(err, flag, arg, current);
    }
    rmSync(backup, { recursive: true, force: true });
    // Remove mlpkit's own folders that are now empty (never one that holds a file of the user's).
    const needed = new Set(files.flatMap((f) => f.split('/').slice(0, -1).map((_, k, a) => a.slice(0, k + 1).join('/'))));
    const ourDirs = new Set([...(previous?.dirs ?? []), ...createdDirs]);
    let pruned = false;
    for (const d of [...ourDirs].sort((a, b) => b.length - a.length)) {
      if (needed.has(d)) continue;
      try {
        rmdirSync(join(target, ...d.split('/')));
        ourDirs.delete(d);
        pruned = true;
      } catch {
        // not empty (a file of the user's) or gone
      }
    }
    if (pruned) writeManifest(target, entries, [...ourDirs].filter((d) => lstatOrUndefined(join(target, ...d.split('/')))));
    const others = walk(target).files.filter((f) => {
      const top = f.split('/')[0]!;
      return f !== MANIFEST && top !== LOCK && !TEMP_ENTRY.test(top) && !writing.has(f) && !keptChanged.includes(f);
    }).length;
    return { mode: mode === 'beside' ? 'beside' : mode === 'empty' ? 'empty' : 'replace', written: files.length, replaced: replacing.length, removed: removable.length, keptChanged, others };
  };

  const commit = (): CommitSummary => {
    if (done) throw new Error('output already committed or aborted');
    try {
      const summary = mode === 'new' ? commitNew() : commitInto();
      done = true;
      unregister();
      if (mode !== 'new') rmSync(staging, { recursive: true, force: true });
      releaseLock();
      return summary;
    } catch (err) {
      abort();
      if (err instanceof UsageError || err instanceof OutputError) throw err;
      throw describeWriteError(err, flag, arg, target);
    }
  };

  return { path: staging, target, commit, abort };
}

/** "a, b, c, …" */
function list(items: readonly string[]): string {
  return items.slice(0, 3).join(', ') + (items.length > 3 ? `, … (${items.length} in all)` : '');
}

/** One line saying what `commit` did, for stderr. */
export function describeCommit(arg: string, s: CommitSummary): string {
  const parts = [`wrote ${s.written} file${s.written === 1 ? '' : 's'} to ${arg}`];
  if (s.mode === 'replace') {
    parts.push(`replacing the earlier mlpkit run there (${s.replaced} replaced${s.removed > 0 ? `, ${s.removed} removed` : ''})`);
  }
  if (s.others > 0) parts.push(`kept ${s.others} other file${s.others === 1 ? '' : 's'} untouched`);
  if (s.keptChanged.length > 0) parts.push(`kept ${s.keptChanged.join(', ')} (changed since mlpkit wrote ${s.keptChanged.length === 1 ? 'it' : 'them'})`);
  return parts.join('; ');
}

// ---------------------------------------------------------------------------------------------
// Output files

export interface OutputFile {
  readonly target: string;
  /** Appends to the temporary file (or the device / pipe). */
  write(chunk: string | Uint8Array): void;
  /** Renames the complete file into place. */
  commit(): void;
  /** Removes the temporary file. */
  abort(): void;
}

/**
 * The run folder whose manifest lists `target` (an absolute path) among the files it wrote —
 * `target`'s folder or any folder above it — or undefined. An unreadable manifest lists nothing.
 */
function runFolderListing(target: string): string | undefined {
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    let manifest: RunManifest | undefined;
    try {
      manifest = readManifest(dir, '--out', dir);
    } catch {
      manifest = undefined; // not a manifest mlpkit can read: it protects nothing here
    }
    const rel = relative(dir, target).split(sep).join('/');
    if (manifest?.files.some((f) => f.path === rel)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Opens a single output file (`predict --out`, `data --out`). Refused, before any work: a folder;
 * any input of the command (same path, symlink or hard link), even with --force; a run folder's
 * manifest, and any file a run folder's manifest lists (here or in a folder above), even with
 * --force; any other existing file unless --force. The content goes to a temporary sibling,
 * renamed on commit. A character device or FIFO (`/dev/stdout`, `/dev/null`, a named pipe) is
 * written into directly, as shell redirection does (it is never replaced).
 */
export function openOutputFile(arg: string, o: OutputOptions = {}): OutputFile {
  const flag = o.flag ?? '--out';
  if (arg.trim() === '') throw new UsageError(`${flag} needs a file name`);
  const target = resolve(arg);
  const inputs = fileIds(o.inputs ?? []);
  if (basename(target) === MANIFEST) {
    throw new UsageError(`${flag} ${arg}: ${MANIFEST} is mlpkit's record of a run folder; choose another name`);
  }
  const st = lstatOrUndefined(target);
  if (st) {
    let followed: Stats | undefined;
    try {
      followed = statSync(target);
    } catch {
      followed = undefined; // a link to nothing
    }
    if (followed?.isDirectory()) {
      throw new UsageError(`${flag} ${arg} is a folder; give a file name, e.g. ${flag} ${join(arg, 'out.csv')}`);
    }
    const input = inputAt(target, inputs);
    if (input) {
      throw new UsageError(`${flag} ${arg} is ${shown(input.path) === arg ? 'the input file' : `the input file ${shown(input.path)}`}; mlpkit never overwrites its input, choose another name`);
    }
    if (followed && (followed.isCharacterDevice() || followed.isFIFO() || followed.isSocket())) return openSpecial(target, flag, arg);
    if (followed?.isBlockDevice()) throw new UsageError(`${flag} ${arg} is a block device; choose a file name`);
    const run = runFolderListing(target);
    if (run) {
      throw new UsageError(
        `${flag} ${arg} is a file of the mlpkit run in ${shown(run)} (listed in its ${MANIFEST}); mlpkit never replaces a run's files from another command, even with --force; choose another name`,
      );
    }
    if (!o.force) throw new UsageError(`${flag} ${arg} already exists; choose another name or add --force to replace it`);
  }
  checkLocation(flag, arg, target);
  let createdParent: string | undefined;
  let fd: number;
  const tmp = join(dirname(target), `.mlpkit-tmp-${randomSuffix()}`);
  try {
    createdParent = createParents(target);
    fd = openSync(tmp, 'wx');
  } catch (err) {
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
    throw describeWriteError(err, flag, arg, target);
  }
  let done = false;
  const removeTemp = () => {
    rmSync(tmp, { force: true });
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
  };
  const unregister = onInterrupt(removeTemp);
  const abort = () => {
    if (done) return;
    done = true;
    unregister();
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    removeTemp();
  };
  return {
    target,
    write(chunk) {
      try {
        writeAll(fd, chunk);
      } catch (err) {
        abort();
        throw describeWriteError(err, flag, arg, target);
      }
    },
    commit() {
      if (done) throw new Error('output already committed or aborted');
      try {
        closeSync(fd);
        // Re-check: the file may have appeared meanwhile.
        if (!o.force && lstatOrUndefined(target)) throw new UsageError(`${flag} ${arg} appeared during the run; nothing was written (add --force to replace it)`);
        if (inputAt(target, inputs)) throw new UsageError(`${flag} ${arg} is an input file; nothing was written`);
        renameSync(tmp, target);
        done = true;
        unregister();
      } catch (err) {
        abort();
        if (err instanceof UsageError) throw err;
        throw describeWriteError(err, flag, arg, target);
      }
    },
    abort,
  };
}

function writeAll(fd: number, chunk: string | Uint8Array): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  let off = 0;
  while (off < bytes.byteLength) {
    try {
      off += writeSync(fd, bytes, off, bytes.byteLength - off);
    } catch (err) {
      // A pipe that is full for a moment (non-blocking): wait briefly and retry.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/** A device or pipe: written into directly (nothing to stage or rename). */
function openSpecial(target: string, flag: string, arg: string): OutputFile {
  let fd: number;
  try {
    fd = openSync(target, 'w');
  } catch (err) {
    throw describeWriteError(err, flag, arg, target);
  }
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  };
  return {
    target,
    write(chunk) {
      try {
        writeAll(fd, chunk);
      } catch (err) {
        close();
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') throw new OutputError(`${flag} ${arg}: the reader closed the pipe`);
        throw describeWriteError(err, flag, arg, target);
      }
    },
    commit: close,
    abort: close,
  };
}

/** Writes `content` to `arg` under openOutputFile's rules. */
export function writeOutputFile(arg: string, content: string | Uint8Array, o: OutputOptions = {}): void {
  const out = openOutputFile(arg, o);
  out.write(content);
  out.commit();
}

/** The files of a saved model folder (or a run folder holding model/), as inputs to protect. */
export function modelInputs(dir: string): string[] {
  const root = lstatOrUndefined(join(dir, 'model.json')) ? dir : join(dir, 'model');
  return [join(root, 'model.json'), join(root, 'weights.bin')];
}
