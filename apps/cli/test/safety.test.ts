/**
 * Never lose or corrupt what the user has: complete stdout through pipes, `--out` that only
 * replaces what mlpkit wrote, inputs never overwritten, clean interrupts, clear errors for
 * unwritable paths, progress off a terminal, `experiments run --check`. Every case drives the
 * real built binary.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bash, BIN, findPid, HAVE_PROC, HAVE_SCRIPT, mlpkit, snapshot, tempDir, waitFor } from './helpers.js';

const work = tempDir('mlpkit-safety-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MB = 1024 * 1024;
const MANIFEST = '.mlpkit-run.json';
const quick = ['--dataset', 'moons', '--samples', '60', '--layers', '2', '--epochs', '1', '--backend', 'fused', '--no-png', '--quiet'];

/** A folder of the user's with the given files (relative path → content). */
function userFolder(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

/** Entries next to `dir` that look like leftovers of a run (temporary folders or files). */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((e) => e.includes('mlpkit-tmp') || e.includes('.tmp-'));
}

describe.concurrent('stdout through a pipe is complete', () => {
  const model = join(work, 'pipe-model');
  const points = join(work, 'pipe-points.csv');

  it('train --json: more than 1 MB of JSON arrives whole and parses', async () => {
    const r = await mlpkit(['train', '--dataset', 'moons', '--samples', '80000', '--layers', '2', '--epochs', '1', '--backend', 'fused', '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(MB);
    const m = JSON.parse(r.stdout) as { yTrue: number[]; yPred: number[] };
    expect(m.yTrue).toHaveLength(80000);
    expect(m.yPred).toHaveLength(80000);
  });

  it('data (CSV and JSON) without --out: every row arrives', async () => {
    const csv = await mlpkit(['data', 'circles', '--samples', '60000']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.length).toBeGreaterThan(MB);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(60001);
    expect(lines.at(-1)).toMatch(/^-?\d.*,[01]$/);
    const json = await mlpkit(['data', 'circles', '--samples', '60000', '--format', 'json']);
    expect(json.stdout.length).toBeGreaterThan(MB);
    expect((JSON.parse(json.stdout) as { y: number[] }).y).toHaveLength(60000);
  });

  it('evaluate --json and predict (CSV and --json): complete through a pipe', async () => {
    const trained = await mlpkit(['train', '--dataset', 'moons', '--samples', '200', '--layers', '3', '--epochs', '2', '--backend', 'fused', '--no-png', '--quiet', '--out', model]);
    expect(trained.code, trained.stderr).toBe(0);
    const evaluated = await mlpkit(['evaluate', '--model', model, '--dataset', 'moons', '--samples', '80000', '--backend', 'fused', '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout.length).toBeGreaterThan(MB);
    expect((JSON.parse(evaluated.stdout) as { yPred: number[] }).yPred).toHaveLength(80000);
    expect((await mlpkit(['data', 'moons', '--samples', '30000', '--out', points])).code).toBe(0);
    const predicted = await mlpkit(['predict', '--model', model, '--input', points, '--backend', 'fused', '--json']);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(predicted.stdout.length).toBeGreaterThan(MB);
    expect((JSON.parse(predicted.stdout) as { predictions: unknown[] }).predictions).toHaveLength(30000);
    const csv = await mlpkit(['predict', '--model', model, '--input', points, '--backend', 'fused']);
    expect(csv.stdout.length).toBeGreaterThan(MB);
    expect(csv.stdout.trimEnd().split('\n')).toHaveLength(30001);
  });

  it('experiments run --json parses', async () => {
    const r = await mlpkit(['experiments', 'run', 'moons-ann', 'xor-table-16', '--seeds', '2', '--backend', 'fused', '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { experiments: unknown[] }).experiments).toHaveLength(2);
  });

  it('a reader that stops early (| head -c 100) gets no crash trace; the exit code says the output was cut', async () => {
    const r = await bash('"$NODE" "$MLPKIT_BIN" data circles --samples 200000 2>err.txt | head -c 100 >/dev/null; echo "status ${PIPESTATUS[0]}"; cat err.txt', { cwd: work });
    expect(r.stdout).toBe('status 141\n');
    const json = await bash('"$NODE" "$MLPKIT_BIN" train --dataset moons --samples 70000 --layers 2 --epochs 1 --backend fused --json --quiet 2>err2.txt | head -c 100 >/dev/null; echo "status ${PIPESTATUS[0]}"; cat err2.txt', { cwd: work });
    expect(json.stdout).toBe('status 141\n');
  });
});

describe.concurrent('--out only ever replaces or removes what mlpkit wrote', () => {
  it('a folder with a metrics.json of the user\'s is refused (exit 2), nothing changes', async () => {
    const proj = userFolder('proj', { 'thesis.tex': 'x\n', 'metrics.json': '{}\n' });
    const before = snapshot(proj);
    const r = await mlpkit(['train', ...quick, '--out', proj]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlpkit: error: --out .*proj is a folder that mlpkit did not create \(it holds metrics\.json, thesis\.tex\); choose a new folder, e\.g\. --out .*proj-2, or add --force/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(snapshot(proj)).toEqual(before);
    expect(leftovers(work)).toEqual([]);
  });

  it('--out . in such a folder is refused and the folder (the shell\'s cwd) stays', async () => {
    const proj = userFolder('proj-dot', { 'thesis.tex': 'x\n', 'report.html': '<p>mine</p>\n', 'summary.json': '{}' });
    const before = snapshot(proj);
    const r = await mlpkit(['train', ...quick, '--out', '.'], { cwd: proj });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mlpkit: error: --out \. is a folder that mlpkit did not create .*e\.g\. --out runs\/run-1/);
    expect(snapshot(proj)).toEqual(before);
    const exp = await mlpkit(['experiments', 'run', 'moons-ann', '--backend', 'fused', '--quiet', '--out', '.'], { cwd: proj });
    expect(exp.code).toBe(2);
    expect(snapshot(proj)).toEqual(before);
  });

  it('--out . in an empty folder writes into it and keeps the folder itself', async () => {
    const dir = userFolder('empty-cwd', {});
    const inode = statSync(dir).ino;
    const r = await mlpkit(['train', ...quick, '--out', '.'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(dir).ino).toBe(inode);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['metrics.json', 'model', MANIFEST]));
    expect(leftovers(dir)).toEqual([]);
  });

  it('re-running into an earlier run replaces exactly its listed files and keeps the user\'s', async () => {
    const run = join(work, 'rerun');
    const first = await mlpkit(['train', ...quick, '--out', run]);
    expect(first.code, first.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(run, MANIFEST), 'utf8')) as { tool: string; version: string; files: Array<{ path: string }> };
    expect(manifest.tool).toBe('mlpkit');
    expect(manifest.files.map((f) => f.path)).toEqual(
      ['boundary.svg', 'confusion.svg', 'data.svg', 'history.svg', 'metrics.json', 'model/model.json', 'model/weights.bin', 'report.html', 'report.md', 'spec.json'],
    );
    writeFileSync(join(run, 'notes.md'), 'my notes\n');
    writeFileSync(join(run, 'model', 'README'), 'mine too\n');
    const again = await mlpkit(['train', ...quick.filter((a) => a !== '--quiet'), '--epochs', '2', '--out', run]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/wrote 10 files to .*rerun; replacing the earlier mlpkit run there \(10 replaced\); kept 2 other files untouched/);
    expect(readFileSync(join(run, 'notes.md'), 'utf8')).toBe('my notes\n');
    expect(readFileSync(join(run, 'model', 'README'), 'utf8')).toBe('mine too\n');
    expect((JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as { epochs: number }).epochs).toBe(2);
    // A run that writes more files (PNGs too) replaces the earlier one; one that writes fewer
    // would remove some of the earlier run's: that needs --force, and then only mlpkit's own go.
    const withPng = await mlpkit(['train', ...quick.filter((a) => a !== '--no-png'), '--out', run]);
    expect(withPng.code, withPng.stderr).toBe(0);
    expect(existsSync(join(run, 'boundary.png'))).toBe(true);
    const withoutPng = await mlpkit(['train', ...quick, '--out', run]);
    expect(withoutPng.code).toBe(2);
    expect(withoutPng.stderr).toMatch(/the earlier mlpkit run there \(mlpkit train --dataset moons …\) wrote 4 files this run does not \(boundary\.png, confusion\.png, data\.png, … \(4 in all\)\), which would be removed; choose a new folder, or add --force to replace that run$/m);
    expect(existsSync(join(run, 'boundary.png'))).toBe(true);
    const forced = await mlpkit(['train', ...quick, '--force', '--out', run]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(existsSync(join(run, 'boundary.png'))).toBe(false);
    expect(readFileSync(join(run, 'notes.md'), 'utf8')).toBe('my notes\n');
  });

  it('a listed file the user changed is refused without --force, replaced with it', async () => {
    const run = join(work, 'changed');
    expect((await mlpkit(['train', ...quick, '--out', run])).code).toBe(0);
    writeFileSync(join(run, 'report.md'), '# edited by hand\n');
    const r = await mlpkit(['train', ...quick, '--out', run]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a file of the earlier mlpkit run was changed since \(report\.md\); move it away, choose a new folder, or add --force to replace it/);
    expect(readFileSync(join(run, 'report.md'), 'utf8')).toBe('# edited by hand\n');
    const forced = await mlpkit(['train', ...quick, '--force', '--out', run]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(run, 'report.md'), 'utf8')).toMatch(/^# /);
    expect(readFileSync(join(run, 'report.md'), 'utf8')).not.toBe('# edited by hand\n');
  });

  it('--force writes beside the user\'s files, never over one (checked before training)', async () => {
    const proj = userFolder('force', { 'thesis.tex': 'x\n', 'data/points.csv': '1,2\n' });
    const before = snapshot(proj);
    const r = await mlpkit(['train', ...quick, '--force', '--out', proj]);
    expect(r.code, r.stderr).toBe(0);
    const after = snapshot(proj);
    for (const [rel, bytes] of before) expect(after.get(rel)).toEqual(bytes);
    expect(after.has('metrics.json')).toBe(true);
    const clash = userFolder('force-clash', { 'thesis.tex': 'x\n', 'metrics.json': '{"mine": true}\n' });
    const clashBefore = snapshot(clash);
    const refused = await mlpkit(['train', ...quick.filter((a) => a !== '--quiet'), '--force', '--out', clash]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^mlpkit: error: --out .*force-clash: the run would overwrite metrics\.json, which mlpkit did not write; move it away or choose a new folder$/m);
    // Refused before any work: no epoch was trained.
    expect(refused.stderr).not.toContain('Epoch');
    expect(snapshot(clash)).toEqual(clashBefore);
  });

  it('a damaged or hostile manifest is refused; files it names outside the folder are untouched', async () => {
    const outside = join(work, 'outside.txt');
    writeFileSync(outside, 'precious\n');
    const hostile = userFolder('hostile', {
      [MANIFEST]: JSON.stringify({ tool: 'mlpkit', version: '0.1.0', files: [{ path: '../outside.txt', bytes: 9, sha256: '0'.repeat(64) }], dirs: [] }),
    });
    const r = await mlpkit(['train', ...quick, '--out', hostile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds a \.mlpkit-run\.json that mlpkit cannot use \(bad entry .*\); choose a new folder/);
    expect(readFileSync(outside, 'utf8')).toBe('precious\n');
    const broken = userFolder('broken', { [MANIFEST]: '{not json' });
    const b = await mlpkit(['train', ...quick, '--out', broken]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/cannot use \(not valid JSON\)/);
  });

  it('experiments run --out: a re-run keeps what the user added inside an experiment folder', async () => {
    const out = join(work, 'exp-rerun');
    const args = ['experiments', 'run', 'moons-ann', 'moons-logreg', '--backend', 'fused', '--no-png', '--quiet', '--out', out];
    expect((await mlpkit(args)).code).toBe(0);
    writeFileSync(join(out, 'moons-ann', 'notes.txt'), 'keep me\n');
    const again = await mlpkit(args);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(out, 'moons-ann', 'notes.txt'), 'utf8')).toBe('keep me\n');
    // Only moons-ann now: moons-logreg's results would go, which needs --force; then the user's file stays.
    const refused = await mlpkit(['experiments', 'run', 'moons-ann', '--backend', 'fused', '--no-png', '--quiet', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('which would be removed; choose a new folder, or add --force to replace that run');
    expect(existsSync(join(out, 'moons-logreg', 'metrics.json'))).toBe(true);
    const fewer = await mlpkit(['experiments', 'run', 'moons-ann', '--backend', 'fused', '--no-png', '--quiet', '--force', '--out', out]);
    expect(fewer.code, fewer.stderr).toBe(0);
    expect(existsSync(join(out, 'moons-logreg'))).toBe(false);
    expect(readFileSync(join(out, 'moons-ann', 'notes.txt'), 'utf8')).toBe('keep me\n');
  });
});

describe.concurrent('inputs are never overwritten; other files only with --force', () => {
  const model = join(work, 'io-model');
  const points = join(work, 'io-points.csv');
  const ready = (async () => {
    const t = await mlpkit(['train', ...quick, '--out', model]);
    if (t.code !== 0) throw new Error(t.stderr);
    const d = await mlpkit(['data', 'moons', '--samples', '5', '--out', points]);
    if (d.code !== 0) throw new Error(d.stderr);
  })();

  it('predict --out <the input> is refused even with --force', async () => {
    await ready;
    const before = readFileSync(points);
    for (const extra of [[], ['--force']]) {
      const r = await mlpkit(['predict', '--model', model, '--input', points, '--out', points, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^mlpkit: error: --out .*io-points\.csv is the input file; mlpkit never overwrites its input, choose another name$/m);
    }
    expect(readFileSync(points)).toEqual(before);
  });

  it('predict --out <a hard link of the input> or <the model\'s own files> is refused', async () => {
    await ready;
    const link = join(work, 'io-link.csv');
    linkSync(points, link);
    const r = await mlpkit(['predict', '--model', model, '--input', points, '--out', link, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is the input file .*io-points\.csv; mlpkit never overwrites its input/);
    const weights = readFileSync(join(model, 'model', 'model.json'));
    const m = await mlpkit(['predict', '--model', model, '--input', points, '--out', join(model, 'model', 'model.json'), '--force']);
    expect(m.code).toBe(2);
    expect(readFileSync(join(model, 'model', 'model.json'))).toEqual(weights);
  });

  it('predict/data --out over another existing file needs --force', async () => {
    await ready;
    const existing = join(work, 'io-existing.csv');
    writeFileSync(existing, 'mine\n');
    const p = await mlpkit(['predict', '--model', model, '--input', points, '--out', existing]);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/--out .*io-existing\.csv already exists; choose another name or add --force to replace it$/m);
    const d = await mlpkit(['data', 'moons', '--samples', '3', '--out', existing]);
    expect(d.code).toBe(2);
    expect(readFileSync(existing, 'utf8')).toBe('mine\n');
    const forced = await mlpkit(['predict', '--model', model, '--input', points, '--out', existing, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(existing, 'utf8')).toMatch(/^x0,x1,label,predicted,p_0,p_1\n/);
    expect(leftovers(work)).toEqual([]);
  });
});

describe.concurrent('unwritable --out: exit 2, the user\'s path, no temporary names', () => {
  it('a path through a file', async () => {
    const file = join(work, 'a-file.txt');
    writeFileSync(file, 'x');
    for (const args of [
      ['train', ...quick, '--out', join(file, 'run')],
      ['experiments', 'run', 'moons-ann', '--backend', 'fused', '--quiet', '--out', join(file, 'exp')],
      ['data', 'moons', '--out', join(file, 'sub', 'd.csv')],
    ]) {
      const r = await mlpkit(args, { cwd: work });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^mlpkit: error: --out \S*a-file\.txt\/\S+: \S*a-file\.txt is a file, not a folder; choose another path$/m);
      expect(r.stderr).not.toMatch(/tmp-|\.mlpkit-tmp/);
    }
  });

  it('a read-only parent folder', async () => {
    const ro = join(work, 'read-only');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    chmodSync(work, 0o755);
    // root may write anywhere: run the binary as "nobody" then.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    for (const args of [
      ['train', ...quick, '--out', join(ro, 'run')],
      ['data', 'moons', '--out', join(ro, 'd.csv')],
    ]) {
      const r = await mlpkit(args, asUser);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^mlpkit: error: --out \S*read-only\/\S+: permission denied \(\S*read-only is not writable\); choose a folder you can write to$/m);
    }
    expect(readdirSync(ro)).toEqual([]);
  });
});

/** Starts the binary under a pseudo-terminal (util-linux `script`); output accumulates in `output`. */
function startOnTty(args: string[]) {
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const env: NodeJS.ProcessEnv = { ...process.env, COLUMNS: '160' };
  delete env.NO_COLOR;
  const child = spawn('script', ['-qec', [process.execPath, BIN, ...args].map(quote).join(' '), '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const run = { output: '', code: null as number | null, done: undefined as unknown as Promise<void> };
  child.stdout.setEncoding('utf8').on('data', (d: string) => (run.output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (run.output += d));
  run.done = new Promise((resolve) => child.on('close', (code) => ((run.code = code), resolve())));
  return run;
}

describe.skipIf(!HAVE_PROC)('interrupts are clean', () => {
  it.skipIf(!HAVE_SCRIPT)('Ctrl-C on a terminal: cursor and wrap restored, one line, exit 130, nothing written', async () => {
    const parent = tempDir('mlpkit-int-');
    const out = join(parent, 'run-int');
    const run = startOnTty(['train', '--dataset', 'twospirals', '--model', 'spirals-3x12', '--epochs', '100000', '--batch-size', '10', '--backend', 'fused', '--out', out]);
    await waitFor(() => /\d+\/100000 epochs/.test(run.output) && findPid(out) !== undefined, 30_000, 'training to start');
    process.kill(findPid(out)!, 'SIGINT');
    await run.done;
    expect(run.code).toBe(130);
    const hidden = run.output.lastIndexOf('\u001b[?25l');
    expect(hidden).toBeGreaterThanOrEqual(0);
    expect(run.output.indexOf('\u001b[?25h', hidden)).toBeGreaterThan(hidden);
    expect(run.output.indexOf('\u001b[?7h', hidden)).toBeGreaterThan(hidden);
    expect(run.output).toMatch(/mlpkit: interrupted at epoch \d+\/100000; nothing written\r?\n/);
    expect(readdirSync(parent)).toEqual([]);
    rmSync(parent, { recursive: true });
  });

  it('SIGTERM off a terminal: one line, exit 143, no temporary output left', async () => {
    const parent = tempDir('mlpkit-term-');
    const out = join(parent, 'exp-term');
    const child = spawn(process.execPath, [BIN, 'experiments', 'run', 'spirals-3x12', '--seeds', '50', '--backend', 'fused', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(() => readdirSync(parent).length > 0, 30_000, 'the run to open its output');
    child.kill('SIGTERM');
    expect(await code).toBe(143);
    expect(stderr).toMatch(/^mlpkit: terminated( at spirals-3x12 seed \d+ epoch \d+\/150)?; nothing written$/m);
    expect(readdirSync(parent)).toEqual([]);
    rmSync(parent, { recursive: true });
  });
});

describe.concurrent('progress off a terminal and --quiet', () => {
  it('one Keras verbose=2 line per epoch at most every 2 s, plus the last epoch; --quiet prints nothing', async () => {
    const started = Date.now();
    const r = await mlpkit(['train', '--dataset', 'twospirals', '--model', 'spirals-3x12', '--epochs', '60', '--batch-size', '10', '--backend', 'fused', '--validation-split', '0.2', '--json']);
    const elapsedS = (Date.now() - started) / 1000;
    expect(r.code, r.stderr).toBe(0);
    // twospirals lists its classes in blocks, so the last 20% miss one: the warning comes first.
    expect(r.stderr).toMatch(/^mlpkit: warning: the validation rows \(the last \d+ rows\) hold no rows of class "0"/);
    const lines = r.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('mlpkit: warning:'));
    for (const line of lines) {
      expect(line).toMatch(/^train: Epoch \d+\/60 - \d+(ms|s)\/epoch - \d+\.\ds in all - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/);
    }
    expect(lines.at(-1)).toMatch(/^train: Epoch 60\/60 /);
    // Rate limit: one line per 2 s at most, plus the last one.
    expect(lines.length).toBeLessThanOrEqual(Math.floor(elapsedS / 2) + 1);
    const quiet = await mlpkit(['train', '--dataset', 'moons', '--layers', '2', '--epochs', '3', '--backend', 'fused', '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(/^Accuracy on the train data/m);
  });
});

describe.concurrent('experiments run --check', () => {
  it('exits 1 exactly when an experiment disagrees, naming it; 0 otherwise', async () => {
    const r = await mlpkit(['experiments', 'run', 'linear-logreg', 'moons-ann', '--backend', 'fused', '--check', '--json', '--quiet']);
    const result = JSON.parse(r.stdout) as { experiments: Array<{ id: string; agrees: boolean }> };
    const disagreeing = result.experiments.filter((e) => !e.agrees).map((e) => e.id);
    if (disagreeing.length > 0) {
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`mlpkit: error: --check: ${disagreeing.length} of 2 experiments disagree${disagreeing.length === 1 ? 's' : ''} with the tutorial${disagreeing.length === 1 ? '' : 's'}: ${disagreeing.join(', ')}\n`);
    } else {
      expect(r.code).toBe(0);
    }
    const agrees = await mlpkit(['experiments', 'run', 'moons-ann', '--backend', 'fused', '--check']);
    expect(agrees.code, agrees.stderr).toBe(0);
    expect(agrees.stdout).toMatch(/^1\/1 agree with the tutorials/m);
  });
});

describe('found by a new user (issue 10 review)', () => {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

  it('a replacement that fails half way is undone: the earlier run stays whole, the message names the folder', async () => {
    const parent = tempDir('mlpkit-txn-');
    chmodSync(parent, 0o777);
    const run = join(parent, 'run');
    const first = await mlpkit(['train', ...quick, '--out', run], asNobody);
    expect(first.code, first.stderr).toBe(0);
    const before = snapshot(run);
    chmodSync(join(run, 'model'), 0o555);
    const again = await mlpkit(['train', ...quick, '--epochs', '3', '--seed', '3', '--out', run], asNobody);
    chmodSync(join(run, 'model'), 0o755);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^mlpkit: error: --out \S*run: permission denied \(\S*run\/model is not writable\); choose a folder you can write to$/m);
    expect(snapshot(run)).toEqual(before);
    // …and the next run is not blamed for it.
    const third = await mlpkit(['train', ...quick, '--out', run], asNobody);
    expect(third.code, third.stderr).toBe(0);
    rmSync(parent, { recursive: true, force: true });
  });

  it('data refuses a file as its dataset (it generates registry datasets)', async () => {
    const mine = join(work, 'mine-data.csv');
    writeFileSync(mine, 'height,weight,label\n1.23456789012345678,70.1,cat\n2.5,80,dog\n');
    const r = await mlpkit(['data', mine, '--out', mine, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a file: `mlpkit data` generates a dataset of the registry/);
    expect(readFileSync(mine, 'utf8')).toContain('1.23456789012345678');
  });

  it('Ctrl-C during a long `data --out` stops it: exit 130, the existing file untouched', async () => {
    const target = join(work, 'int-data.csv');
    writeFileSync(target, 'precious\n');
    const child = spawn(process.execPath, [BIN, 'data', 'moons', '--samples', '3000000', '--out', target, '--force'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Wait until it writes its temporary file, then interrupt.
    await waitFor(() => readdirSync(work).some((e) => e.startsWith('.mlpkit-tmp-')), 60_000, 'the temporary output');
    child.kill('SIGINT');
    expect(await code).toBe(130);
    expect(stderr).toMatch(/mlpkit: interrupted; nothing written\n$/);
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(leftovers(work)).toEqual([]);
  });

  it('--out to a device or a named pipe writes into it, never replaces it', async () => {
    const r = await mlpkit(['data', 'moons', '--samples', '3', '--out', '/dev/null']);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    const fifo = join(work, 'a-fifo');
    const made = await bash(`mkfifo '${fifo}'`);
    if (made.code !== 0) return;
    const read = bash(`cat '${fifo}'`);
    const w = await mlpkit(['data', 'moons', '--samples', '3', '--out', fifo]);
    expect(w.code, w.stderr).toBe(0);
    expect((await read).stdout.split('\n')[0]).toBe('x0,x1,label');
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it('stderr that cannot be written does not cost the run; stdout that cannot be written is one line, exit 1', async () => {
    const out = join(work, 'full-run');
    const r = await bash(`"$NODE" "$MLPKIT_BIN" train --dataset moons --samples 60 --layers 2 --epochs 3 --backend fused --no-png --out '${out}' 2>/dev/full >/dev/null; echo "status $?"`);
    expect(r.stdout).toBe('status 0\n');
    expect(existsSync(join(out, 'metrics.json'))).toBe(true);
    expect(leftovers(work)).toEqual([]);
    const full = await bash('"$NODE" "$MLPKIT_BIN" data moons --samples 5000 >/dev/full; echo "status $?"');
    expect(full.stdout).toBe('status 1\n');
    expect(full.stderr).toBe('mlpkit: error: cannot write the output to stdout (ENOSPC); nothing more was written\n');
  });

  it('two runs into one folder: the second is refused, naming the first', async () => {
    const parent = tempDir('mlpkit-lock-');
    const out = join(parent, 'shared');
    const first = spawn(process.execPath, [BIN, 'train', '--dataset', 'twospirals', '--model', 'spirals-3x12', '--epochs', '100000', '--backend', 'fused', '--quiet', '--out', out], { stdio: 'ignore' });
    const firstDone = new Promise((resolve) => first.on('close', resolve));
    await waitFor(() => readdirSync(parent).some((e) => e.startsWith('.mlpkit-lock-')), 30_000, 'the first run to take its lock');
    const second = await mlpkit(['train', ...quick, '--out', out]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`^mlpkit: error: --out \\S*shared: another mlpkit run \\(process ${first.pid}\\) is writing there; wait for it to finish or choose another folder$`, 'm'));
    first.kill('SIGTERM');
    await firstDone;
    expect(readdirSync(parent)).toEqual([]);
    // A lock left by a process that no longer runs is taken over.
    writeFileSync(join(parent, '.mlpkit-lock-stale'), '999999\n');
    const after = await mlpkit(['train', ...quick, '--out', out]);
    expect(after.code, after.stderr).toBe(0);
    rmSync(parent, { recursive: true, force: true });
  });

  it('names up to the file-system limit work (temporary names do not grow with them)', async () => {
    const long = join(work, 'd'.repeat(240));
    const r = await mlpkit(['train', ...quick, '--out', long]);
    expect(r.code, r.stderr).toBe(0);
    const file = join(work, `${'f'.repeat(245)}.csv`);
    expect((await mlpkit(['data', 'moons', '--samples', '3', '--out', file])).code).toBe(0);
  });

  it('a run folder\'s manifest is never an --out file; odd --out values get sensible messages', async () => {
    const run = join(work, 'manifest-run');
    expect((await mlpkit(['train', ...quick, '--out', run])).code).toBe(0);
    const points = join(work, 'm-points.csv');
    expect((await mlpkit(['data', 'moons', '--samples', '4', '--out', points])).code).toBe(0);
    const r = await mlpkit(['predict', '--model', run, '--input', points, '--out', join(run, '.mlpkit-run.json'), '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.mlpkit-run\.json is mlpkit's record of a run folder; choose another name$/m);
    const empty = await mlpkit(['train', ...quick, '--out', '']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('mlpkit: error: --out needs a folder name\n');
    const up = await mlpkit(['train', ...quick, '--out', '..'], { cwd: run });
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/e\.g\. --out runs\/run-1, or add --force/);
  });
});

describe('a run folder\'s files are only ever replaced by a run (second new-user review)', () => {
  it('data/predict --out --force refuse a file a run manifest lists, here or above; other files in the folder stay writable', async () => {
    const run = join(work, 'listed-run');
    const first = await mlpkit(['train', ...quick, '--out', run]);
    expect(first.code, first.stderr).toBe(0);
    const before = snapshot(run);
    const model = join(run, 'model', 'model.json');
    const data = await mlpkit(['data', 'moons', '--samples', '5', '--out', model, '--force']);
    expect(data.code).toBe(2);
    expect(data.stderr.trim()).toBe(
      `mlpkit: error: --out ${model} is a file of the mlpkit run in ${run} (listed in its ${MANIFEST}); mlpkit never replaces a run's files from another command, even with --force; choose another name`,
    );
    writeFileSync(join(work, 'points.csv'), 'x0,x1\n0.1,0.2\n');
    const predict = await mlpkit(['predict', '--model', run, '--input', join(work, 'points.csv'), '--out', join(run, 'metrics.json'), '--force']);
    expect(predict.code).toBe(2);
    expect(predict.stderr).toMatch(/is a file of the mlpkit run in .*listed-run \(listed in its \.mlpkit-run\.json\)/);
    expect(snapshot(run)).toEqual(before);
    // A file the user put in the folder is theirs: --force may replace it.
    writeFileSync(join(run, 'mine.csv'), 'old\n');
    const mine = await mlpkit(['data', 'moons', '--samples', '5', '--out', join(run, 'mine.csv'), '--force']);
    expect(mine.code, mine.stderr).toBe(0);
    expect(readFileSync(join(run, 'mine.csv'), 'utf8')).toMatch(/^x0,x1,label\n/);
  });
});
