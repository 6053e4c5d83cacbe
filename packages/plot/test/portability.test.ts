import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Relative imports reachable from an entry file. */
async function reachable(entry: string, seen = new Set<string>()): Promise<Set<string>> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = await readFile(join(srcDir, entry), 'utf8');
  for (const [, spec] of source.matchAll(/from '(\.\/[^']+)\.js'/g)) await reachable(`${(spec as string).slice(2)}.ts`, seen);
  return seen;
}

describe('browser-safe entry points', () => {
  it.each(['index.ts', 'canvas.ts'])('%s reaches no Node built-ins, DOM globals or Math.random', async (entry) => {
    const files = await reachable(entry);
    expect(files.has('png.ts')).toBe(false);
    for (const file of files) {
      const source = await readFile(join(srcDir, file), 'utf8');
      expect(source, file).not.toMatch(/from 'node:|require\(|\bprocess\.|\bdocument\.|\bwindow\.|Math\.random/);
    }
  });

  it('every source file is reachable from an entry point', async () => {
    const all = new Set<string>();
    for (const entry of ['index.ts', 'canvas.ts', 'png.ts']) for (const f of await reachable(entry)) all.add(f);
    const files = (await readdir(srcDir)).filter((f) => f.endsWith('.ts'));
    expect([...all].sort()).toEqual(files.sort());
  });
});
