/**
 * Presets in the page: trained in the browser, each shows the CLI's measurement for the same seed
 * (`mlpkit experiments run <id> --seed 0`, computed here with runExperiment on the same backend)
 * and its verdict; linear-logreg's expected ✗ is explained on the page. (test/presets.test.ts
 * checks every experiment through the worker's session in Node.)
 */
import { findExperiment } from '../src/presets.js';
import { judgeExperiment, runExperiment } from '@mlpkit/experiments';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, expectNoProblems, launchBrowser, openApp, waitForDone, waitForReady } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('presets agree with the CLI', () => {
  it('xor-gauss, circles5k-relu5 and linear-logreg show the CLI’s numbers for seed 0', async () => {
    const { page, problems } = await openApp(browser, '?preset=xor-gauss&backend=fused');
    for (const id of ['xor-gauss', 'circles5k-relu5', 'linear-logreg']) {
      if (id !== 'xor-gauss') {
        await byTestId(page, 'preset-select').selectOption(id);
        await waitForReady(page);
      }
      const def = findExperiment(id)!;
      const cli = judgeExperiment(def, [{ seed: 0, metrics: (await runExperiment(def, { seed: 0, backend: 'fused', grid: false })).metrics }]);
      if (id === 'xor-gauss') expect(await byTestId(page, 'dataset-stats').textContent()).toBe('15000 points · 2 classes · 10000 train · 5000 test');
      await byTestId(page, 'train-button').click();
      await waitForDone(page, 90_000);
      const note = (await page.textContent('#tutorial-note')) ?? '';
      expect(note).toContain(`This run: ${cli.measuredText} — ${cli.agrees ? 'agrees ✓' : 'differs ✗'}`);
      expect(note).toContain(`mlpkit experiments run ${id} --seed 0`);
      if (id === 'linear-logreg' && !cli.agrees) expect(note).toContain("Expected to differ on other draws: the tutorial's 99.7% is one draw");
      if (cli.agrees) expect(note).not.toContain('Expected to differ');
    }
    expectNoProblems(problems);
    await page.context().close();
  }, 240_000);
});
