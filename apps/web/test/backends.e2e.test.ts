/**
 * Every backend the page offers must really train in headless Chromium: webgl (on SwiftShader),
 * wasm (its .wasm files served by the built app itself), cpu and the fused engine.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, epoch, expectNoProblems, launchBrowser, openApp, trainAccuracy, waitForDone } from './browser.js';

const EXPECTED = ['fused', 'webgl', 'wasm', 'cpu'];
const EPOCHS = 12;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('backends', () => {
  it('lists webgl, wasm, cpu and fused as available (webgpu only where the browser has it)', async () => {
    const { page, problems } = await openApp(browser);
    const options = await byTestId(page, 'backend-select')
      .locator('option')
      .evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, disabled: (o as HTMLOptionElement).disabled })));
    for (const name of EXPECTED) expect(options).toContainEqual({ value: name, disabled: false });
    // Headless Chromium without a GPU has no WebGPU adapter: if listed, it must be disabled.
    const webgpu = options.find((o) => o.value === 'webgpu');
    if (webgpu) expect(webgpu.disabled).toBe(true);
    expectNoProblems(problems);
    await page.context().close();
  });

  it('falls back to an available backend when a link names one this browser lacks', async () => {
    // tensorflow (tfjs-node) exists in Node only.
    const { page } = await openApp(browser, '?dataset=moons&backend=tensorflow');
    expect((await byTestId(page, 'error').textContent()) ?? '').toContain(
      "The tensorflow backend is not one of this browser's backends; using fused instead.",
    );
    expect(await page.inputValue('[data-testid=backend-select]')).toBe('fused');
    expect(page.url()).toContain('backend=fused');
    await page.context().close();
  });

  for (const backend of EXPECTED) {
    it(`trains on ${backend}`, async () => {
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
      const status = (await page.textContent('#run-status')) ?? '';
      expect(status).toContain(`on ${backend}`);
      // An untrained net is near chance (0.5) on moons; after training it separates them.
      const finalAccuracy = await trainAccuracy(page);
      expect(finalAccuracy).toBeGreaterThanOrEqual(0.8);
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
    });
  }
});
