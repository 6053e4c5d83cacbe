/**
 * Property: whatever a folder holds (files and sub-folders with random names, some named like
 * mlpkit's outputs, an earlier mlpkit run, files the user changed), after any `--out` run every
 * pre-existing file that mlpkit did not write is byte-identical; a refused run changes nothing.
 * In-process over openOutputDir (hundreds of cases), then with the real binary (a few).
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { MANIFEST, openOutputDir, openOutputFile, type RunManifest } from '../src/outdir.js';
import { mlpkit, snapshot, tempDir } from './helpers.js';

const work = tempDir('mlpkit-prop-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const OUTPUT_LIKE = ['metrics.json', 'report.html', 'summary.json', 'spec.json', 'report.md', 'model', 'boundary.svg', MANIFEST];
const OTHER = ['thesis.tex', 'notes', 'a b.txt', 'données.csv', '.hidden', 'x', 'sub', 'deep'];
const segment = fc.oneof(fc.constantFrom(...OUTPUT_LIKE, ...OTHER), fc.stringMatching(/^[a-zA-Z0-9 ._-]{1,8}$/).filter((s) => s !== '.' && s !== '..' && !s.includes('mlpkit-tmp')));
const relPath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
const content = fc.uint8Array({ maxLength: 40 });
/** What a run may write: anything but its own manifest's name at the top. */
const runPath = relPath.filter((p) => p.split('/')[0] !== MANIFEST);

/** Creates `files` under `dir`, skipping any that clash with what is there (a file where a folder is needed). */
function plant(dir: string, files: ReadonlyArray<[string, Uint8Array]>): void {
  for (const [rel, bytes] of files) {
    const full = join(dir, ...rel.split('/'));
    try {
      mkdirSync(dirname(full), { recursive: true });
      if (lstatExists(full) && lstatSync(full).isDirectory()) continue;
      writeFileSync(full, bytes);
    } catch {
      // clash: skip
    }
  }
}

function lstatExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Writes a run's files into an output folder and commits; returns the error if it was refused. */
function run(dir: string, files: readonly string[], tag: string, force: boolean): unknown {
  let out;
  try {
    out = openOutputDir(dir, { force });
  } catch (err) {
    return err;
  }
  for (const rel of files) {
    const full = join(out.path, ...rel.split('/'));
    try {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, `${tag}:${rel}`);
    } catch {
      // A run never writes both "a" and "a/b"; skip such pairs.
    }
  }
  try {
    out.commit();
  } catch (err) {
    return err;
  }
  return undefined;
}

function listed(dir: string): Set<string> {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as RunManifest;
    return new Set(m.files.map((f) => f.path));
  } catch {
    return new Set();
  }
}

let counter = 0;

describe('openOutputDir never touches what mlpkit did not write', () => {
  it('holds over random folders, earlier runs, edits and --force (300 cases)', () => {
    fc.assert(
      fc.property(
        fc.record({
          exists: fc.boolean(),
          earlier: fc.option(fc.uniqueArray(runPath, { maxLength: 6 }), { nil: undefined }),
          user: fc.array(fc.tuple(relPath, content), { maxLength: 8 }),
          next: fc.uniqueArray(runPath, { minLength: 1, maxLength: 6 }),
          force: fc.boolean(),
        }),
        ({ exists, earlier, user, next, force }) => {
          const dir = join(work, `case-${counter++}`);
          if (exists || earlier) mkdirSync(dir);
          if (earlier) expect(run(dir, earlier, 'earlier', false)).toBeUndefined();
          if (exists || earlier) plant(dir, user);
          const before = lstatExists(dir) ? snapshot(dir) : new Map<string, Buffer>();
          const ours = listed(dir);
          const error = run(dir, next, 'next', force);
          const after = lstatExists(dir) ? snapshot(dir) : new Map<string, Buffer>();
          // The invariant: every file mlpkit did not write is still there, byte for byte.
          for (const [rel, bytes] of before) {
            if (ours.has(rel) || rel === MANIFEST) continue;
            expect(after.get(rel), `${rel} was changed`).toEqual(bytes);
          }
          if (error !== undefined) {
            // A refusal is bad input, names the folder, and changes nothing at all.
            expect(error).toBeInstanceOf(UsageError);
            expect((error as Error).message).toContain(dir);
            expect(after).toEqual(before);
          } else {
            const written = listed(dir);
            for (const rel of written) expect(after.get(rel)?.toString()).toBe(`next:${rel}`);
          }
          if (lstatExists(dir)) expect(readdirSync(dir).filter((e) => e.includes('mlpkit-tmp'))).toEqual([]);
          expect(readdirSync(work).filter((e) => e.includes('mlpkit-tmp'))).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 20261130 },
    );
  });

  it('a refused single-file output changes nothing; an input is refused even with force', () => {
    const input = join(work, 'input.csv');
    writeFileSync(input, 'a,b\n1,2\n');
    for (const force of [false, true]) {
      expect(() => openOutputFile(input, { force, inputs: [input] })).toThrow(/is the input file; mlpkit never overwrites its input/);
    }
    expect(() => openOutputFile(input, { inputs: [] })).toThrow(/already exists; choose another name or add --force/);
    expect(readFileSync(input, 'utf8')).toBe('a,b\n1,2\n');
    const out = openOutputFile(input, { force: true });
    out.write('new\n');
    out.commit();
    expect(readFileSync(input, 'utf8')).toBe('new\n');
  });
});

describe('with the real binary', () => {
  it('train --out into random folders keeps every file it did not write (8 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(relPath, content), { minLength: 1, maxLength: 6 }), fc.boolean(), async (user, force) => {
        const dir = join(work, `bin-${counter++}`);
        mkdirSync(dir);
        plant(dir, user);
        const before = snapshot(dir);
        const ours = listed(dir);
        const r = await mlpkit(['train', '--dataset', 'moons', '--samples', '40', '--layers', '2', '--epochs', '1', '--backend', 'fused', '--no-png', '--quiet', '--out', dir, ...(force ? ['--force'] : [])]);
        expect([0, 2]).toContain(r.code);
        const after = snapshot(dir);
        for (const [rel, bytes] of before) if (!ours.has(rel)) expect(after.get(rel), rel).toEqual(bytes);
        if (r.code === 2) expect(after).toEqual(before);
      }),
      { numRuns: 8, seed: 7 },
    );
  });
});
