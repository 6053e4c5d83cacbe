/**
 * Builds the app and serves dist/ with `vite preview` on a free 127.0.0.1 port for the e2e
 * tests. Vite is spawned directly with node (not through pnpm), so killing its pid frees the port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const viteBin = resolve(appDir, 'node_modules/vite/bin/vite.js');

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs} ms`);
}

let preview: ChildProcess | null = null;

export async function setup(project: TestProject): Promise<void> {
  // Unit tests alone (MLPKIT_WEB_UNIT=1 vitest run <files>): no build, no server, so a unit run
  // never rebuilds dist/ under an e2e run going on meanwhile.
  if (process.env.MLPKIT_WEB_UNIT === '1') {
    project.provide('baseUrl', '');
    return;
  }
  const build = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: appDir, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`vite build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`);
  }
  const port = await freePort();
  preview = spawn(process.execPath, [viteBin, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: appDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  preview.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  preview.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}/`;
  try {
    await waitForServer(baseUrl, preview, 30_000);
  } catch (error) {
    preview.kill();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  project.provide('baseUrl', baseUrl);
}

export async function teardown(): Promise<void> {
  if (!preview || preview.exitCode !== null) return;
  const exited = new Promise<void>((r) => preview!.once('exit', () => r()));
  preview.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (preview.exitCode === null) preview.kill('SIGKILL');
}
