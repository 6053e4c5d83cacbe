import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentEnvironment, listBackends, resetBackendProbes, setBackendLoader } from '../src/index.js';

// In a browser bundle a computed-name import of a bare package fails like this (no import map).
vi.mock('../src/optional-import.js', () => ({
  importOptional: (specifier: string) => Promise.reject(new TypeError(`Failed to resolve module specifier "${specifier}". Relative references must start with either "/", "./", or "../".`)),
}));

// The browser entries, probed under stubbed browser globals: only webgpu's reasons are checked,
// since they are decided before TF.js is asked for anything.
describe('webgpu backend entry (browser environment)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    resetBackendProbes();
  });

  async function webgpuReason(navigator: unknown): Promise<string | undefined> {
    vi.stubGlobal('document', {});
    vi.stubGlobal('navigator', navigator);
    resetBackendProbes();
    expect(currentEnvironment()).toBe('browser');
    const webgpu = (await listBackends()).find((b) => b.name === 'webgpu');
    expect(webgpu?.available).toBe(false);
    return webgpu?.reason;
  }

  it('is unavailable without navigator.gpu', async () => {
    expect(await webgpuReason({})).toBe('this browser has no WebGPU (navigator.gpu)');
  });

  it('without the package in the bundle, says how to provide it (import it, or setBackendLoader)', async () => {
    const gpu = { requestAdapter: vi.fn(async () => ({})) };
    expect(await webgpuReason({ gpu })).toBe(
      "@tensorflow/tfjs-backend-webgpu could not be loaded (Failed to resolve module specifier \"@tensorflow/tfjs-backend-webgpu\". Relative references must start with either \"/\", \"./\", or \"../\".). Fix: import it in your app (import '@tensorflow/tfjs-backend-webgpu') or call setBackendLoader('webgpu', () => import('@tensorflow/tfjs-backend-webgpu'))",
    );
    // With a loader, the loader is what runs.
    const loader = vi.fn(async () => {
      throw new Error('chunk failed to load');
    });
    setBackendLoader('webgpu', loader);
    expect(await webgpuReason({ gpu })).toBe('@tensorflow/tfjs-backend-webgpu could not be loaded (chunk failed to load). Fix: install it (npm install @tensorflow/tfjs-backend-webgpu)');
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('asks for an adapter before TF.js initialises WebGPU, and reports when there is none', async () => {
    const requestAdapter = vi.fn(async () => null);
    expect(await webgpuReason({ gpu: { requestAdapter } })).toBe('this browser exposes WebGPU but offers no GPU adapter');
    expect(requestAdapter).toHaveBeenCalledTimes(1);
  });
});
