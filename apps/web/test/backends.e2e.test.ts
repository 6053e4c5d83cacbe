/**
 * The backend select is @mlpkit/train's registry (listBackends in the worker), and every backend
 * it offers as available must really train in headless Chromium: the fused engine(s), webgl (on
 * SwiftShader), wasm (its .wasm files served by the built app itself) and cpu.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, epoch, expectNoProblems, launchBrowser, openApp, trainAccuracy, waitForDone } from './browser.js';

/** Backends this browser must have (the registry may add more, e.g. fused-exact: they are trained too). */
const REQUIRED = ['fused', 'webgl', 'wasm', 'cpu'];
const EPOCHS = 12;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function backendOptions(page: import('playwright-core').Page): Promise<Array<{ value: string; disabled: boolean; label: string }>> {
  return byTestId(page, 'backend-select')
    .locator('option')
    .evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, disabled: (o as HTMLOptionElement).disabled, label: o.textContent ?? '' })));
}

describe('backends', () => {
  it("lists the registry's backends: auto first, then fused, webgl, wasm and cpu available (webgpu only where the browser has it)", async () => {
    const { page, problems } = await openApp(browser);
    const options = await backendOptions(page);
    expect(options[0]).toEqual({ value: 'auto', disabled: false, label: 'auto (fused)' });
    for (const name of REQUIRED) expect(options).toContainEqual({ value: name, disabled: false, label: name });
    // Headless Chromium without a GPU has no WebGPU adapter: if listed, it must be disabled.
    const webgpu = options.find((o) => o.value === 'webgpu');
    if (webgpu) expect(webgpu).toMatchObject({ disabled: true, label: 'webgpu — unavailable' });
    expectNoProblems(problems);
    await page.context().close();
  });

  it('falls back to auto when a link names a backend this browser lacks, in the same notice as the other link problems', async () => {
    // tensorflow (tfjs-node) exists in Node only.
    const { page } = await openApp(browser, '?dataset=moons&backend=tensorflow&lr=abc');
    const notice = (await byTestId(page, 'error').textContent()) ?? '';
    expect(notice).toContain('lr=abc: learning rate must be a number in 0.00001..10; using 0.01');
    expect(notice).toContain("backend=tensorflow is not one of this browser's backends; using auto (fused)");
    expect(notice).toContain('Some settings in the link could not be used: each was reset to its default or ignored (2)');
    expect(await page.inputValue('[data-testid=backend-select]')).toBe('auto');
    expect(page.url()).toContain('backend=auto');
    await page.context().close();
  });

  it('trains on every available backend the page offers', async () => {
    const { page: first } = await openApp(browser);
    const available = (await backendOptions(first)).filter((o) => !o.disabled && o.value !== 'auto').map((o) => o.value);
    await first.context().close();
    expect(available).toEqual(expect.arrayContaining(REQUIRED));
    for (const backend of available) {
      // A fresh page per backend: each run initialises its backend from scratch.
      const query = `?dataset=moons&ds.samples=400&ds.noise=0.1&layers=8:tanh&lr=0.05&batch=16&epochs=${EPOCHS}&val=0&backend=${backend}`;
      const { page, problems, responses } = await openApp(browser, query);
      expect(await page.inputValue('[data-testid=backend-select]')).toBe(backend);
      await byTestId(page, 'train-button').click();
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch-counter]')?.textContent) >= 1, undefined, {
        timeout: 60_000,
      });
      const firstAccuracy = await trainAccuracy(page);
      await waitForDone(page, 90_000);
      expect(await epoch(page)).toBe(EPOCHS);
      expect((await page.textContent('#run-status')) ?? '').toContain(`on ${backend}`);
      // An untrained net is near chance (0.5) on moons; after training it separates them.
      const finalAccuracy = await trainAccuracy(page);
      expect(finalAccuracy, backend).toBeGreaterThanOrEqual(0.8);
      expect(finalAccuracy).toBeGreaterThanOrEqual(firstAccuracy);
      expect((await byTestId(page, 'report').textContent()) ?? '').toContain('weighted avg');
      if (backend === 'wasm') {
        // The worker fetched a wasm binary from the built app itself (no CDN), successfully.
        const wasm = responses.filter((r) => /\.wasm(\?|$)/.test(r.url));
        expect(wasm.length).toBeGreaterThan(0);
        for (const r of wasm) {
          expect(r.url.startsWith('http://127.0.0.1:')).toBe(true);
          expect(r.status).toBe(200);
        }
      }
      expectNoProblems(problems);
      await page.context().close();
    }
  }, 300_000);
});
