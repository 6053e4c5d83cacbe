import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exampleSvgs, writeExamples } from '../scripts/render-examples.js';

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');

describe('README example figures', () => {
  if (process.env.UPDATE_EXAMPLES) {
    it('writes examples/*.svg and *.png', async () => {
      const written = await writeExamples(examplesDir);
      expect(written.length).toBeGreaterThan(0);
    }, 60_000);
    return;
  }
  it('the committed example SVGs match what the code renders now', async () => {
    const svgs = exampleSvgs();
    for (const [name, svg] of Object.entries(svgs)) {
      const committed = await readFile(join(examplesDir, `${name}.svg`), 'utf8');
      expect(committed, `examples/${name}.svg is stale: run pnpm examples`).toBe(svg);
    }
  }, 60_000);
});
