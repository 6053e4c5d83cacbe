import * as tf from '@tensorflow/tfjs';
import { getPreset } from '@mlpkit/models';
import { describe, expect, it } from 'vitest';
import { tensorflowBackend } from '../src/backends.js';
import { BackendUnavailableError, currentEnvironment, describeTfjsNodeFailure, listBackends, registerBackend, useBackend } from '../src/index.js';

const NOT_INSTALLED = '@tensorflow/tfjs-node is not installed. Fix: "npm install @tensorflow/tfjs-node" (needs internet access to download libtensorflow)';
const NATIVE_MISSING =
  '@tensorflow/tfjs-node is installed but its native library is missing (libtensorflow download failed at install). Fix: on a machine with internet, run "npm rebuild @tensorflow/tfjs-node" or reinstall it';

async function rejection(p: Promise<unknown>): Promise<BackendUnavailableError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BackendUnavailableError);
    expect((e as BackendUnavailableError).code).toBe('MLPKIT_INVALID_INPUT');
    return e as BackendUnavailableError;
  }
  throw new Error('expected a BackendUnavailableError');
}

describe('backend registry (Node)', () => {
  it('runs in the node environment', () => {
    expect(currentEnvironment()).toBe('node');
  });

  it('the real tfjs-node entry reports its state and never crashes the process', async () => {
    // tfjs-node is optional: absent, installed without its native library (this machine: the
    // libtensorflow download cannot reach its host), or working where it could download.
    const tensorflow = (await listBackends()).find((b) => b.name === 'tensorflow')!;
    if (tensorflow.available) expect(tensorflow.reason).toBeUndefined();
    else expect([NOT_INSTALLED, NATIVE_MISSING]).toContain(tensorflow.reason);
    // From here on, pin the native-library-missing case so the messages below are exact on any
    // machine (test/backends-tfjs-node.test.ts pins the not-installed case).
    registerBackend(tensorflowBackend(() => Promise.reject(new Error(`The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/tfjs_binding.node.`))));
  });

  it('lists the Node backends by priority with availability and reasons', async () => {
    const backends = await listBackends();
    expect(backends.map((b) => b.name).slice(0, 5)).toEqual(['fused', 'fused-exact', 'tensorflow', 'wasm', 'cpu']);
    const byName = Object.fromEntries(backends.map((b) => [b.name, b]));
    expect(byName.cpu).toMatchObject({ available: true, engine: 'tfjs' });
    expect(byName.wasm).toMatchObject({ available: true, engine: 'tfjs' });
    expect(byName.fused).toMatchObject({ available: true, engine: 'fused' });
    expect(byName['fused-exact']).toMatchObject({ available: true, engine: 'fused' });
    expect(byName.tensorflow).toMatchObject({ available: false, engine: 'tfjs', reason: NATIVE_MISSING });
    // Browser-only backends are not listed in Node.
    expect(backends.some((b) => b.name === 'webgl' || b.name === 'webgpu')).toBe(false);
  });

  it('explains why tensorflow is unavailable and names the available backends', async () => {
    const error = await rejection(useBackend('tensorflow'));
    expect(error.message).toBe(`tensorflow backend unavailable: ${NATIVE_MISSING}; available backends: fused, fused-exact, wasm, cpu`);
    expect(error.backend).toBe('tensorflow');
  });

  it('rejects unknown and wrong-environment names', async () => {
    expect((await rejection(useBackend('foo'))).message).toBe('unknown backend "foo"; available: fused, fused-exact, wasm, cpu');
    expect((await rejection(useBackend('webgl'))).message).toBe('unknown backend "webgl" (it runs in browser only); available: fused, fused-exact, wasm, cpu');
  });

  it('selects TF.js backends and leaves them active', async () => {
    expect(await useBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(await useBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    // fused builds/saves models with TF.js cpu.
    expect(await useBackend('fused')).toBe('fused');
    expect(tf.getBackend()).toBe('cpu');
    await useBackend('wasm');
    expect(await useBackend('fused-exact')).toBe('fused-exact');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('auto picks fused for a Dense spec', async () => {
    expect(await useBackend('auto', { spec: getPreset('spirals-3x12') })).toBe('fused');
    expect(await useBackend('auto')).toBe('fused');
  });

  it('adding a backend is one registry entry; a failing load becomes the reason', async () => {
    registerBackend({
      name: 'test-broken',
      engine: 'tfjs',
      environments: ['node'],
      priority: 1,
      description: 'a backend whose load fails',
      load: () => Promise.reject(new Error('driver not found')),
    });
    const info = (await listBackends()).find((b) => b.name === 'test-broken');
    expect(info).toEqual({ name: 'test-broken', engine: 'tfjs', description: 'a backend whose load fails', available: false, reason: 'driver not found' });
    expect((await rejection(useBackend('test-broken'))).message).toBe('test-broken backend unavailable: driver not found; available backends: fused, fused-exact, wasm, cpu');
    registerBackend({ name: 'test-cpu-alias', engine: 'tfjs', environments: ['browser'], priority: 1, description: 'browser only', load: async () => {} });
    expect((await listBackends()).some((b) => b.name === 'test-cpu-alias')).toBe(false);
  });

  it('words tfjs-node failures for the user', () => {
    const notInstalled = Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node' imported from /x.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(describeTfjsNodeFailure(notInstalled)).toBe(NOT_INSTALLED);
    expect(describeTfjsNodeFailure(new Error('The Node.js native addon module (tfjs_binding.node) can not be found'))).toBe(NATIVE_MISSING);
    expect(describeTfjsNodeFailure(new Error('boom\nstack'))).toBe('@tensorflow/tfjs-node failed to load: boom');
  });
});
