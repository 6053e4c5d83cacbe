/** Uploading your own CSV: bad files give a clear in-page error, a good one trains. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, epoch, expectNoProblems, launchBrowser, openApp, screenshot, waitForBackends, waitForDone } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function upload(page: Page, name: string, text: string): Promise<void> {
  await byTestId(page, 'csv-upload').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

/** The error shown for `fileName` (each message names its file, so an older one is not read). */
async function errorText(page: Page, fileName: string): Promise<string> {
  const error = byTestId(page, 'error');
  await error.filter({ hasText: fileName }).waitFor({ state: 'visible' });
  return (await error.textContent()) ?? '';
}

describe('CSV upload', () => {
  it('shows the row and column of a non-numeric value, and keeps the current dataset', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons');
    expect(await byTestId(page, 'error').isVisible()).toBe(false);
    await upload(page, 'bad.csv', 'x1,x2,label\n0.5,1.0,a\n0.1,oops,b\n0.3,0.2,a\n');
    const message = await errorText(page, 'bad.csv');
    expect(message).toContain('Could not use bad.csv: CSV row 3, column "x2": "oops" is not a number');
    expect(await page.inputValue('[data-testid=dataset-select]')).toBe('moons');
    await screenshot(page, 'csv-error');
    expectNoProblems(problems);
    await page.context().close();
  });

  it('rejects an empty file, a single class and ragged rows with their own messages', async () => {
    const { page } = await openApp(browser, '?dataset=moons');
    await upload(page, 'empty.csv', '');
    expect(await errorText(page, 'empty.csv')).toContain('CSV is empty');
    await upload(page, 'one-class.csv', 'a,b,label\n1,2,x\n3,4,x\n');
    expect(await errorText(page, 'one-class.csv')).toContain('column "label": only one class ("x"); a classifier needs at least 2');
    await upload(page, 'ragged.csv', 'a,b,label\n1,2,x\n3,4\n');
    expect(await errorText(page, 'ragged.csv')).toMatch(/CSV row 3: expected 3 fields \(as in the [a-z ]+\), got 2/);
    await page.context().close();
  });

  it('trains on a good file with string labels', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&layers=6:tanh&epochs=30&lr=0.05&val=0');
    const rows = ['x,y,species'];
    // Two separable clusters with string labels.
    for (let i = 0; i < 40; i++) rows.push(`${(i % 8) * 0.1},${Math.floor(i / 8) * 0.1},setosa`);
    for (let i = 0; i < 40; i++) rows.push(`${2 + (i % 8) * 0.1},${2 + Math.floor(i / 8) * 0.1},virginica`);
    await upload(page, 'flowers.csv', rows.join('\n'));
    await page.waitForFunction(() => (document.querySelector('[data-testid=dataset-select]') as HTMLSelectElement).value === 'csv');
    expect(await byTestId(page, 'error').isVisible()).toBe(false);
    expect(await page.textContent('#csv-status')).toContain('80 rows');
    await byTestId(page, 'train-button').click();
    await waitForDone(page);
    expect(await epoch(page)).toBe(30);
    const report = (await byTestId(page, 'report').textContent()) ?? '';
    expect(report).toContain('setosa');
    expect(report).toContain('virginica');

    // The upload is kept in this browser, so a reload of ?dataset=csv finds it again.
    expect(page.url()).toContain('dataset=csv');
    await page.reload();
    await waitForBackends(page);
    expect(await page.inputValue('[data-testid=dataset-select]')).toBe('csv');
    expect(await page.textContent('#csv-status')).toContain('Loaded flowers.csv: 80 rows, 2 classes');

    // Review: a rejected upload changes nothing — the stored file, the status line and the column controls stay.
    const storedBefore = await page.evaluate(() => window.localStorage.getItem('mlpkit-playground.csv'));
    await upload(page, 'one-class.csv', 'a,b,label\n1,2,x\n3,4,x\n');
    expect(await errorText(page, 'one-class.csv')).toContain('only one class');
    expect(await page.evaluate(() => window.localStorage.getItem('mlpkit-playground.csv'))).toBe(storedBefore);
    expect(await page.textContent('#csv-status')).toContain('Loaded flowers.csv: 80 rows, 2 classes');
    expect(await page.isVisible('#csv-options')).toBe(true);
    expect(await page.inputValue('#csv-label-select')).toBe('species');
    expect(await page.inputValue('[data-testid=dataset-select]')).toBe('csv');
    expectNoProblems(problems);
    await page.context().close();
  });

  it('a csv link without a usable stored file falls back to a generated dataset with a notice (review: it crashed)', async () => {
    // A fresh browser: nothing stored.
    const fresh = await openApp(browser, '?dataset=csv&layers=4:tanh');
    expect(await byTestId(fresh.page, 'error').textContent()).toContain('dataset=csv: the uploaded CSV is not stored in this browser any more; upload it again');
    expect(await fresh.page.inputValue('[data-testid=dataset-select]')).toBe('moons');
    expect(await byTestId(fresh.page, 'dataset-stats').textContent()).toMatch(/^1000 points · 2 classes/);
    expectNoProblems(fresh.problems);
    // A stored file that no longer reads: dropped, with the reason.
    await fresh.page.evaluate(() =>
      window.localStorage.setItem('mlpkit-playground.csv', JSON.stringify({ fileName: 'old.csv', text: 'a,b,label\n1,2,x\n3,4,x\n', choice: {} })),
    );
    await fresh.page.goto(fresh.page.url().replace(/\?.*$/, '?dataset=csv&layers=4:tanh'));
    await waitForBackends(fresh.page);
    expect(await byTestId(fresh.page, 'error').textContent()).toMatch(/dataset=csv: the CSV stored in this browser \(old\.csv\) could not be read \(.*only one class.*\); upload it again/);
    expect(await fresh.page.inputValue('[data-testid=dataset-select]')).toBe('moons');
    expect(await fresh.page.evaluate(() => window.localStorage.getItem('mlpkit-playground.csv'))).toBeNull();
    expectNoProblems(fresh.problems);
    await fresh.page.context().close();
  });
});
