/**
 * Issue 12: every bundler must build @mlpkit/train without the optional peers
 * (@tensorflow/tfjs-backend-wasm, -webgpu, tfjs-node), and @mlpkit/train/fused without TF.js.
 * esbuild bundles the sources for the browser with those packages made unresolvable: any import
 * a bundler can see would fail the build. (scripts/consumer-check.mjs does the same on the packed
 * tarballs in a scratch npm project.)
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const OPTIONAL = ['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-node'];

/** Makes the optional peers unresolvable, as in a project that did not install them. */
const absent: Plugin = {
  name: 'absent-optional-peers',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/tfjs-(backend-wasm|backend-webgpu|node)(\/.*)?$/ }, (args) => ({ errors: [{ text: `${args.path} is not installed` }] }));
  },
};

async function bundle(entry: string) {
  return build({ entryPoints: [join(src, entry)], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent', plugins: [absent] });
}

describe('bundling for the browser without the optional peers', () => {
  it('the main entry bundles; the optional packages are loaded by computed names only', async () => {
    const r = await bundle('index.ts');
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.filter((p) => OPTIONAL.some((o) => p.includes(o)))).toEqual([]);
    expect(inputs.some((p) => p.includes('@tensorflow/tfjs-core'))).toBe(true);
  });

  it('the fused entry bundles without any TF.js module in its graph', async () => {
    const r = await bundle('fused/index.ts');
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.filter((p) => p.includes('@tensorflow/'))).toEqual([]);
    // It reaches @mlpkit/models through the TF.js-free @mlpkit/models/core entry only.
    expect(inputs.filter((p) => p.includes('models/dist/')).map((p) => p.replace(/.*models\/dist\//, '')).sort()).not.toContain('build.js');
  });

  it('the check is not vacuous: a literal import of an absent optional peer fails the build', async () => {
    const failing = build({ stdin: { contents: "export const load = () => import('@tensorflow/tfjs-backend-webgpu');", resolveDir: src, loader: 'ts' }, bundle: true, write: false, logLevel: 'silent', plugins: [absent] });
    await expect(failing).rejects.toThrow(/tfjs-backend-webgpu is not installed/);
  });
});
