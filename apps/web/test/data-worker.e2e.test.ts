/**
 * Data generation runs in a worker, capped, with progress: a link asking for 10⁹ samples is reset
 * before anything is generated, and while 100,000 samples generate the page keeps handling clicks.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, expectNoProblems, launchBrowser, openApp, waitForReady } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('data generation', () => {
  it('resets ds.samples=1e9 from a link to the default, with a notice, and stays usable', async () => {
    const { page, problems } = await openApp(browser, '?dataset=circles&ds.samples=1e9');
    expect((await byTestId(page, 'error').textContent()) ?? '').toContain(
      'ds.samples=1e9: samples must be at most 100,000 (the playground generates and trains in your browser), got 1e9; using 1000',
    );
    expect(await page.inputValue('[data-param=samples]')).toBe('1000');
    expect(page.url()).toContain('ds.samples=1000&');
    expect(await byTestId(page, 'dataset-stats').textContent()).toBe('1000 points · 2 classes · 800 train · 200 validation');
    expectNoProblems(problems);
    await page.context().close();
  });

  it('generates 100,000 samples in the worker: progress shows and a click is handled meanwhile', async () => {
    const { page, problems } = await openApp(browser, '?dataset=circles&val=fresh');
    // Record what the progress line says, as it changes.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __progress: string[] }).__progress = seen;
      const box = document.querySelector('[data-testid=data-progress]') as HTMLElement;
      new MutationObserver(() => {
        if (!box.hidden) seen.push(box.textContent?.trim() ?? '');
      }).observe(box, { attributes: true, childList: true, subtree: true, characterData: true });
    });
    // Ask for 100,000 points: the change handler returns at once, the data is not there yet.
    const right = await page.evaluate(() => {
      const input = document.querySelector('[data-param=samples]') as HTMLInputElement;
      input.value = '100000';
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return {
        progressShown: !(document.querySelector('[data-testid=data-progress]') as HTMLElement).hidden,
        stats: document.querySelector('[data-testid=dataset-stats]')?.textContent ?? '',
      };
    });
    expect(right).toEqual({ progressShown: true, stats: '' });
    // A click on a control while the worker generates: handled (the checkbox and the URL follow).
    await byTestId(page, 'discretize').click();
    expect(await byTestId(page, 'discretize').isChecked()).toBe(true);
    expect(page.url()).toContain('discretize=true');
    // Then the data arrives: 100,000 training points and a fresh 100,000 to test on.
    await page.waitForFunction(() => document.querySelector('[data-testid=dataset-stats]')?.textContent === '200000 points · 2 classes · 100000 train · 100000 test', undefined, { timeout: 60_000 });
    await waitForReady(page);
    expect(await byTestId(page, 'data-progress').isHidden()).toBe(true);
    const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    expect(progress.some((p) => p.includes('Generating 100,000 points'))).toBe(true);
    expect(await byTestId(page, 'discretize').isChecked()).toBe(true);
    // It trains on them (one epoch is enough to show the whole path works).
    await page.click('#step-button');
    await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Paused at epoch 1'), undefined, { timeout: 60_000 });
    expectNoProblems(problems);
    await page.context().close();
  });
});
