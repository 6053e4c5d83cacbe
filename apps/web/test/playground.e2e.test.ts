/**
 * The playground's main path in real Chromium: pick moons, build a 4-2 tanh net in the model
 * editor, train, watch the epoch counter, the accuracy and the boundary canvas; then the report.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  byTestId,
  canvasPixels,
  curvePoints,
  epoch,
  expectNoProblems,
  launchBrowser,
  openApp,
  recordedEpochs,
  recordEpochs,
  screenshot,
  trainAccuracy,
  waitForDone,
  waitForReady,
  setNumber,
} from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Sets a number field the way a user does: type, then leave the field (change event). */
async function layerSummary(page: Page): Promise<string[]> {
  return page.$$eval('#layer-list .layer[data-layer]', (rows) =>
    rows.map((row) => `${(row.querySelector('input') as HTMLInputElement).value}:${(row.querySelector('select') as HTMLSelectElement).value}`),
  );
}

describe('training moons with a 4-2 tanh network', () => {
  it('advances the epoch counter, reaches ≥ 0.95 accuracy, repaints the boundary and reports', async () => {
    // Start from a different setup, so the test really picks the dataset and builds the net.
    const { page, problems } = await openApp(browser, '?dataset=circles&layers=8:relu&epochs=20');
    await byTestId(page, 'dataset-select').selectOption('moons');
    expect(await page.inputValue('[data-testid=dataset-select]')).toBe('moons');
    await waitForReady(page);

    // Model editor: remove the 8-relu layer, add two layers, set 4 tanh and 2 tanh.
    await page.click('#layer-list .layer[data-layer="0"] button[aria-label^="Remove"]');
    expect(await layerSummary(page)).toEqual([]);
    await page.click('#add-layer-button');
    await page.click('#add-layer-button');
    await setNumber(page, '#layer-list .layer[data-layer="0"] input', 4);
    await page.selectOption('#layer-list .layer[data-layer="0"] select', 'tanh');
    await setNumber(page, '#layer-list .layer[data-layer="1"] input', 2);
    await page.selectOption('#layer-list .layer[data-layer="1"] select', 'tanh');
    expect(await layerSummary(page)).toEqual(['4:tanh', '2:tanh']);
    await setNumber(page, '#lr-input', 0.01);
    await setNumber(page, '#epochs-input', 150);
    expect(await page.inputValue('[data-testid=backend-select]')).toBe('auto');
    await waitForReady(page);

    expect(await epoch(page)).toBe(0);
    const before = await canvasPixels(page);
    await recordEpochs(page);
    // Record the curves as they are drawn: points per series, for loss and accuracy, train and validation.
    await page.evaluate(() => {
      const chart = document.querySelector('[data-testid=loss-chart]')!;
      const draws: string[] = [];
      (window as unknown as { __draws: string[] }).__draws = draws;
      new MutationObserver(() => draws.push(chart.getAttribute('data-points') ?? '')).observe(chart, { attributes: true, attributeFilter: ['data-points'] });
    });
    await byTestId(page, 'train-button').click();
    await waitForDone(page);

    // The counter only went up, to the last epoch (that it moves while training runs is checked
    // in the pause test: a fast engine may finish 150 epochs within a few frames).
    const shown = await recordedEpochs(page);
    expect(shown.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < shown.length; i++) expect(shown[i]).toBeGreaterThan(shown[i - 1]!);
    expect(shown[shown.length - 1]).toBe(150);
    expect(await epoch(page)).toBe(150);
    expect(await trainAccuracy(page)).toBeGreaterThanOrEqual(0.95);
    expect(await canvasPixels(page)).not.toBe(before);

    expect(await page.textContent('#run-status')).toMatch(/^Done: 150 epochs in [\d.]+ m?s of training on fused$/);

    // Curves (two uPlot charts), report and confusion matrix.
    expect(await byTestId(page, 'loss-chart').locator('canvas').count()).toBe(2);
    // All four series are drawn: loss and accuracy, each for training and validation, one point
    // per epoch (drawn while training runs: see the pause test).
    const draws = await page.evaluate(() => (window as unknown as { __draws: string[] }).__draws);
    expect(draws.length).toBeGreaterThanOrEqual(1);
    expect(await curvePoints(page)).toEqual({ 'loss-train': 150, 'loss-val': 150, 'accuracy-train': 150, 'accuracy-val': 150 });
    const report = (await byTestId(page, 'report').textContent()) ?? '';
    for (const word of ['precision', 'recall', 'f1-score', 'support', 'accuracy', 'macro avg', 'weighted avg']) {
      expect(report).toContain(word);
    }
    const matrix = byTestId(page, 'confusion-matrix');
    expect(await matrix.locator('svg').count()).toBe(1);
    // A 2 × 2 heatmap whose counts add up to the 200 held-out rows (20% of 1000).
    const cells = await matrix.locator('svg .cells text').allTextContents();
    expect(cells).toHaveLength(4);
    expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBe(200);
    expect(await byTestId(page, 'error').isVisible()).toBe(false);
    await screenshot(page, 'moons-4-2-tanh-trained');
    expectNoProblems(problems);
    await page.context().close();
  });

  it('regenerates the dataset with the next seed, in the URL and on the canvas', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons');
    const seed = Number(await page.inputValue('[data-param=seed]'));
    const before = await canvasPixels(page);
    await page.click('#regenerate-button');
    await page.waitForFunction((s) => (document.querySelector('[data-param=seed]') as HTMLInputElement).value === String(s), seed + 1);
    await waitForReady(page);
    expect(page.url()).toContain(`ds.seed=${seed + 1}`);
    expect(await canvasPixels(page)).not.toBe(before);
    expectNoProblems(problems);
    await page.context().close();
  });

  it('pauses, resumes, resets and steps one epoch at a time', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&layers=16:tanh,16:tanh&epochs=4000&backend=fused');
    await byTestId(page, 'train-button').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch-counter]')?.textContent) >= 3);
    await byTestId(page, 'pause-button').click();
    await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Paused'));
    // Epochs already on their way from the worker may still arrive: wait until the counter
    // settles, then it must stay put.
    let paused = await epoch(page);
    for (;;) {
      await page.waitForTimeout(300);
      const now = await epoch(page);
      if (now === paused) break;
      paused = now;
    }
    await page.waitForTimeout(600);
    expect(await epoch(page)).toBe(paused);
    // Mid-run, the curves already show every epoch so far, for training and validation alike.
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=loss-chart]')?.getAttribute('data-points') === `loss-train:${n} loss-val:${n} accuracy-train:${n} accuracy-val:${n}`,
      paused,
      { timeout: 5_000 },
    );
    expect(await byTestId(page, 'train-button').textContent()).toContain('Resume');
    await screenshot(page, 'paused');

    await byTestId(page, 'train-button').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=epoch-counter]')?.textContent) > n, paused);

    await byTestId(page, 'reset-button').click();
    expect(await epoch(page)).toBe(0);
    await waitForReady(page);
    await page.waitForTimeout(300);
    expect(await epoch(page)).toBe(0);
    expect(await byTestId(page, 'train-accuracy').textContent()).toBe('—');
    expect(await curvePoints(page)).toEqual({ 'loss-train': 0, 'loss-val': 0, 'accuracy-train': 0, 'accuracy-val': 0 });

    // Step: one epoch at a time.
    for (const expected of [1, 2, 3]) {
      await page.click('#step-button');
      await page.waitForFunction(
        (n) =>
          Number(document.querySelector('[data-testid=epoch-counter]')?.textContent) === n &&
          document.getElementById('run-status')?.textContent?.startsWith('Paused'),
        expected,
      );
    }
    await page.waitForTimeout(300);
    expect(await epoch(page)).toBe(3);
    expectNoProblems(problems);
    await page.context().close();
  });

  it('trains a multi-class preset and paints class regions', async () => {
    const { page, problems } = await openApp(browser, '?preset=spiral3-ann');
    expect(await page.inputValue('[data-testid=preset-select]')).toBe('spiral3-ann');
    expect(await page.inputValue('[data-testid=dataset-select]')).toBe('spiral');
    expect(await layerSummary(page)).toEqual(['64:tanh', '32:tanh', '16:tanh']);
    await byTestId(page, 'train-button').click();
    await waitForDone(page);
    expect(await epoch(page)).toBe(50);
    expect(await trainAccuracy(page)).toBeGreaterThanOrEqual(0.9);
    // Three classes: a 3 × 3 confusion matrix and three class rows in the report.
    expect(await byTestId(page, 'confusion-matrix').locator('svg .cells text').count()).toBe(9);
    expect(await byTestId(page, 'report').locator('tbody tr').count()).toBe(3 + 3);
    // The run is compared with what the tutorial reported (@mlpkit/experiments' judgement).
    const note = (await page.textContent('#tutorial-note')) ?? '';
    expect(note).toContain('Tutorial 002 reported');
    expect(note).toMatch(/This run: acc 0\.\d{3} — agrees ✓/);
    expect(note).toContain('mlpkit experiments run spiral3-ann --seed 0');
    await screenshot(page, 'spiral3-ann-trained');
    expectNoProblems(problems);
    await page.context().close();
  });

  it.each(['xor-table-16', 'xor-table-16x2', 'xor-table-32'])('reports the convergence epoch of the XOR preset %s', async (preset) => {
    const { page, problems } = await openApp(browser, `?preset=${preset}`);
    expect(await page.inputValue('[data-testid=preset-select]')).toBe(preset);
    await byTestId(page, 'train-button').click();
    await waitForDone(page);
    const note = (await page.textContent('#converged-note')) ?? '';
    expect(note).toMatch(/^Converged at epoch \d+/);
    const at = Number(/epoch (\d+)/.exec(note)![1]);
    expect(at).toBe(await epoch(page));
    expect(await trainAccuracy(page)).toBe(1);
    expectNoProblems(problems);
    await page.context().close();
  });
});
