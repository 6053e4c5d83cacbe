/**
 * The `tensorflow` backend when @tensorflow/tfjs-node is not installed (it is an optional
 * dependency). The real entry is registered with an importer that fails the way Node's loader
 * does for a missing package (`import()` → ERR_MODULE_NOT_FOUND), so this path is tested whatever
 * this machine has installed (here tfjs-node is present without its native library, and pnpm's
 * NODE_PATH makes it resolvable from anywhere).
 */
import { getPreset } from '@mlpkit/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensorflowBackend } from '../src/backends.js';
import { BackendUnavailableError, createTrainer, describeTfjsNodeFailure, listBackends, registerBackend, useBackend } from '../src/index.js';

const NOT_INSTALLED = '@tensorflow/tfjs-node is not installed. Fix: "npm install @tensorflow/tfjs-node" (needs internet access to download libtensorflow)';

/** What Node throws for `import('@tensorflow/tfjs-node')` when the package is absent. */
function moduleNotFound(): Error {
  return Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node' imported from /app/node_modules/@mlpkit/train/dist/backends.js"), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

beforeAll(() => {
  registerBackend(tensorflowBackend(() => Promise.reject(moduleNotFound())));
});
afterAll(() => {
  registerBackend(tensorflowBackend());
});

describe('tensorflow backend without @tensorflow/tfjs-node', () => {
  it('is listed as unavailable with the reason and the fix; the others still load', async () => {
    const backends = await listBackends();
    expect(backends.find((b) => b.name === 'tensorflow')).toMatchObject({ available: false, reason: NOT_INSTALLED });
    expect(backends.filter((b) => b.available).map((b) => b.name)).toEqual(['fused', 'fused-exact', 'wasm', 'cpu']);
  });

  it('useBackend and createTrainer fail with "tensorflow backend unavailable: <reason and fix>"', async () => {
    const message = `tensorflow backend unavailable: ${NOT_INSTALLED}; available backends: fused, fused-exact, wasm, cpu`;
    const error = await useBackend('tensorflow').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(error).toMatchObject({ message, code: 'MLPKIT_INVALID_INPUT', backend: 'tensorflow' });
    await expect(createTrainer(getPreset('moons-ann'), { backend: 'tensorflow' })).rejects.toThrow(message);
  });

  it('recognises the CommonJS form of the error too (a bundled require)', () => {
    const cjs = Object.assign(new Error("Cannot find module '@tensorflow/tfjs-node'\nRequire stack:\n- /app/bundle.cjs"), { code: 'MODULE_NOT_FOUND' });
    expect(describeTfjsNodeFailure(cjs)).toBe(NOT_INSTALLED);
    // A dependency missing inside an installed tfjs-node is not "tfjs-node is not installed".
    const inner = Object.assign(new Error("Cannot find package '@mapbox/node-pre-gyp' imported from /x/@tensorflow/tfjs-node/dist/index.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(describeTfjsNodeFailure(inner)).toBe("@tensorflow/tfjs-node failed to load: Cannot find package '@mapbox/node-pre-gyp' imported from /x/@tensorflow/tfjs-node/dist/index.js");
  });

  it("'auto' skips it and picks the fastest available backend", async () => {
    expect(await useBackend('auto', { spec: getPreset('moons-ann') })).toBe('fused');
  });
});
