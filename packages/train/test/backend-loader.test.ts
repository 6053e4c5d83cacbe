/**
 * setBackendLoader: how an app tells @mlpkit/train to load an optional TF.js backend package (a
 * literal `import()` its bundler can see), since @mlpkit/train itself only imports them by
 * computed names. Its own file: it starts with the wasm backend not yet registered.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, describeTfjsNodeFailure, listBackends, setBackendLoader, useBackend } from '../src/index.js';

const info = async (name: string) => (await listBackends()).find((b) => b.name === name)!;

describe('setBackendLoader', () => {
  it('uses the given loader, reports its failure with the fix, and re-probes when the loader changes', async () => {
    expect(tf.findBackendFactory('wasm')).toBeFalsy();
    let calls = 0;
    setBackendLoader('wasm', async () => {
      calls++;
      throw new Error('offline\nstack');
    });
    expect(await info('wasm')).toMatchObject({
      available: false,
      reason: '@tensorflow/tfjs-backend-wasm could not be loaded (offline). Fix: install it (npm install @tensorflow/tfjs-backend-wasm)',
    });
    setBackendLoader('wasm', async () => {
      calls++;
    });
    expect((await info('wasm')).reason).toBe('@tensorflow/tfjs-backend-wasm loaded but registered no "wasm" TF.js backend (two copies of @tensorflow/tfjs-core?)');
    setBackendLoader('wasm', async () => {
      calls++;
      await import('@tensorflow/tfjs-backend-wasm');
    });
    expect(await info('wasm')).toMatchObject({ available: true });
    expect(calls).toBe(3);
    expect(await useBackend('wasm')).toBe('wasm');
    await useBackend('cpu');
  });

  it('tfjs-node goes through the loader too; bundlers’ and browsers’ “cannot resolve” mean not installed', async () => {
    setBackendLoader('tensorflow', () => Promise.reject(Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node' imported from /app.js"), { code: 'ERR_MODULE_NOT_FOUND' })));
    const notInstalled = '@tensorflow/tfjs-node is not installed. Fix: "npm install @tensorflow/tfjs-node" (needs internet access to download libtensorflow)';
    expect((await info('tensorflow')).reason).toBe(notInstalled);
    expect(describeTfjsNodeFailure(new Error('Could not resolve "@tensorflow/tfjs-node" imported by "@mlpkit/train".'))).toBe(notInstalled);
    expect(describeTfjsNodeFailure(new TypeError('Failed to resolve module specifier "@tensorflow/tfjs-node". Relative references must start with either "/", "./", or "../".'))).toBe(notInstalled);
  });

  it('accepts only the optional backends', () => {
    expect(() => setBackendLoader('webgl' as 'wasm', async () => {})).toThrow(new BackendUnavailableError('setBackendLoader: "webgl" is not an optional backend (wasm, webgpu, tensorflow)', 'webgl'));
  });
});
