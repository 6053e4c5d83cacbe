import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentEnvironment, listBackends, resetBackendProbes } from '../src/index.js';

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

  it('asks for an adapter before TF.js initialises WebGPU, and reports when there is none', async () => {
    const requestAdapter = vi.fn(async () => null);
    expect(await webgpuReason({ gpu: { requestAdapter } })).toBe('this browser exposes WebGPU but offers no GPU adapter');
    expect(requestAdapter).toHaveBeenCalledTimes(1);
  });
});
