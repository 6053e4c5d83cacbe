/**
 * CI smoke test of the bench CLI (`pnpm bench`): it runs, prints one row per engine, and rejects
 * bad arguments. Timings are printed by the bench, never asserted.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../dist/bench/cli.js', import.meta.url));

describe('bench CLI (dist/bench/cli.js)', () => {
  it('is built (turbo runs build before test)', () => {
    expect(existsSync(cli), `${cli} is missing: run pnpm --filter @mlpkit/train build`).toBe(true);
  });

  it('--quick on one network prints a row per engine, each with a time', async () => {
    const { stdout } = await run(process.execPath, [cli, '--quick', '--cases', 'moons-ann'], { timeout: 120_000 });
    expect(stdout).toMatch(/^mlpkit bench \(--quick\): node v\d+/);
    // moons-ann (2-4-2-1): per row 2·2·4·2 + 2·4·2·3 + 2·2·1·3 = 92 FLOP → 92 000 per epoch.
    expect(stdout).toContain('moons-ann: 2-4-2-1, 1000 rows, batch 32, 32 steps/epoch; FLOP floor 0.1 MFLOP/epoch');
    const lines = stdout.split('\n');
    expect(lines.find((line) => line.startsWith('engine '))?.split(/\s{2,}/)).toEqual([
      'engine',
      'ms/epoch',
      'cpu ms',
      'samples/s',
      'GFLOP/s',
      'vs fused',
      'grid 101² ms',
      'vs fused',
      'grid 200² ms',
      'vs fused',
    ]);
    // Every engine has all ten columns: per-epoch ms, CPU ms, samples/s, GFLOP/s and the ratio to fused,
    // then the 101×101 and 200×200 grid prediction times, each with its ratio.
    const number = '[\\d.]+[kM]?';
    const ratio = `${number}×`;
    const rowPattern = (engine: string) => new RegExp(`^${engine}\\s+${number}\\s+${number}\\s+${number}\\s+${number}\\s+${ratio}\\s+${number}\\s+${ratio}\\s+${number}\\s+${ratio}$`);
    for (const engine of ['fused', 'fused-exact', 'loop cpu', 'loop wasm', 'fit cpu', 'fit wasm']) {
      const row = lines.find((line) => line.startsWith(`${engine} `));
      expect(row, engine).toMatch(rowPattern(engine));
    }
    expect(lines.find((line) => line.startsWith('fused '))).toMatch(/\s1×\s.*\s1×\s.*\s1×$/);
  }, 120_000);

  it('rejects an unknown network and a bad epoch count with exit code 2', { timeout: 60_000 }, async () => {
    await expect(run(process.execPath, [cli, '--cases', 'nope'])).rejects.toMatchObject({
      code: 2,
      stderr: '--cases: unknown network nope; choose from spirals-3x12, moons-ann, sine-ann, spiral3-ann, wide-256\n',
    });
    await expect(run(process.execPath, [cli, '--epochs', '0'])).rejects.toMatchObject({ code: 2, stderr: '--epochs must be a positive integer, got 0\n' });
  });
});
