import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
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
export function mlpkit(args: string[], o: { cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
