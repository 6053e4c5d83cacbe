import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');

if (!existsSync(BIN)) {
  throw new Error(`${BIN} is missing: build the CLI first (pnpm --filter @mlpkit/cli build)`);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real built binary (not a TTY: no colour, no progress bar). */
export function mlpkit(args: string[], o: { cwd?: string; uid?: number; gid?: number } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: o.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(o.uid !== undefined ? { uid: o.uid, gid: o.gid ?? o.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export function tempDir(prefix = 'mlpkit-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Entries of `dir` other than the expected ones (e.g. leftover temporary outputs). */
export function strayEntries(dir: string, expected: string[] = []): string[] {
  return readdirSync(dir).filter((e) => !expected.includes(e));
}

/** util-linux `script`, which runs a command under a pseudo-terminal (absent on some systems). */
export const HAVE_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

const shellQuote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

/** Runs the binary with stdout and stderr on a pseudo-terminal (`script -qec`); both end up in `output`. */
export function mlpkitOnTty(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, COLUMNS: '160' };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

/** Runs `script` in bash (for pipelines; the binary is "$NODE" "$MLPKIT_BIN"); stdout and stderr are captured. */
export function bash(script: string, o: { cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE: process.execPath, MLPKIT_BIN: BIN };
    delete env.FORCE_COLOR;
    const child = spawn('bash', ['-c', script], { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** The pid of the running node process whose command line contains `marker` (Linux /proc), if any. */
export function findPid(marker: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0] === process.execPath && argv[1] === BIN && argv.includes(marker)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

export const HAVE_PROC = existsSync('/proc/self/cmdline');

/** Waits until `predicate()` holds (polling), or fails after `ms`. */
export async function waitFor(predicate: () => boolean, ms = 30_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every file under `dir` (relative path → content), recursively. */
export function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (d: string, prefix: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (statSync(full).isDirectory()) visit(full, rel);
      else files.set(rel, readFileSync(full));
    }
  };
  visit(dir, '');
  return files;
}
