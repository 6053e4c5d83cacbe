import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Every module specifier a source file imports or re-exports (type-only imports excluded). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(srcDir, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
    if (!m[1]) found.push(m[2]!);
  }
  return found;
}

/** The package modules `entry` loads at run time, and the packages they import. */
function moduleGraph(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('./')) visit(spec.slice(2).replace(/\.js$/, '.ts'));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { modules, packages };
}

// UI code imports these on a page's main thread; with sideEffects: false a bundler then drops
// TF.js only if none of the modules they load imports it.
describe('TF.js-free modules', () => {
  it.each(['core.ts', 'features.ts', 'summary.ts', 'defaults.ts', 'naming.ts', 'schema.ts', 'keras.ts', 'presets.ts', 'targets.ts', 'seed.ts', 'optimizer-config.ts'])('%s loads no TF.js', (entry) => {
    const { modules, packages } = moduleGraph(entry);
    expect([...packages].filter((p) => p.startsWith('@tensorflow/'))).toEqual([]);
    expect(modules.has('build.ts')).toBe(false);
    expect(modules.has('optimizer.ts')).toBe(false);
  });

  it('core.ts (the @mlpkit/models/core entry) re-exports every TF.js-free module of index.ts', () => {
    const core = moduleGraph('core.ts').modules;
    const all = moduleGraph('index.ts').modules;
    expect([...all].filter((m) => !core.has(m)).sort()).toEqual(['build.ts', 'index.ts', 'optimizer.ts']);
  });

  it('sees TF.js where it is imported', () => {
    expect(moduleGraph('build.ts').packages.has('@tensorflow/tfjs')).toBe(true);
    expect(moduleGraph('optimizer.ts').packages.has('@tensorflow/tfjs')).toBe(true);
  });
});
