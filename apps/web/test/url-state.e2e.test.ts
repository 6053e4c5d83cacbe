/** The whole setup lives in the URL: a reload (or a shared link) restores it. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, expectNoProblems, launchBrowser, openApp, screenshot, waitForBackends, waitForReady } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

interface Snapshot {
  dataset: string;
  noise: string;
  factor: string;
  samples: string;
  layers: string[];
  optimizer: string;
  lr: string;
  batch: string;
  epochs: string;
  backend: string;
  validation: string;
  trainingShare: string;
  regularization: string;
  regRate: string;
  showTest: boolean;
}

async function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => {
    const value = (selector: string) => (document.querySelector(selector) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '';
    return {
      dataset: value('[data-testid=dataset-select]'),
      noise: value('[data-param=noise]'),
      factor: value('[data-param=factor]'),
      samples: value('[data-param=samples]'),
      layers: [...document.querySelectorAll('#layer-list .layer[data-layer]')].map(
        (row) => `${(row.querySelector('input') as HTMLInputElement).value}:${(row.querySelector('select') as HTMLSelectElement).value}`,
      ),
      optimizer: value('#optimizer-select'),
      lr: value('#lr-input'),
      batch: value('#batch-input'),
      epochs: value('#epochs-input'),
      backend: value('[data-testid=backend-select]'),
      validation: value('#validation-select'),
      trainingShare: value('#holdout-input'),
      regularization: value('#reg-select'),
      regRate: value('#reg-rate-input'),
      showTest: (document.querySelector('#show-test') as HTMLInputElement).checked,
    };
  });
}

/** Moves a range slider like a user does (input, then change on release). */
async function setSlider(page: Page, selector: string, value: number): Promise<void> {
  await page.$eval(
    selector,
    (el, v) => {
      const input = el as HTMLInputElement;
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}

describe('URL state', () => {
  it('restores dataset, parameters, layers, optimizer and backend after a reload', async () => {
    const { page, problems } = await openApp(browser);
    await byTestId(page, 'dataset-select').selectOption('circles');
    await setSlider(page, '[data-param=noise]', 0.15);
    await setSlider(page, '[data-param=factor]', 0.4);
    await page.locator('[data-param=samples]').fill('600');
    await page.locator('[data-param=samples]').press('Tab');
    await page.click('#add-layer-button');
    await page.locator('#layer-list .layer[data-layer="2"] input').fill('5');
    await page.locator('#layer-list .layer[data-layer="2"] input').press('Tab');
    await page.selectOption('#layer-list .layer[data-layer="2"] select', 'relu');
    await page.selectOption('#optimizer-select', 'sgd');
    await page.locator('#lr-input').fill('0.05');
    await page.locator('#lr-input').press('Tab');
    await page.locator('#batch-input').fill('64');
    await page.locator('#batch-input').press('Tab');
    await page.locator('#epochs-input').fill('77');
    await page.locator('#epochs-input').press('Tab');
    await setSlider(page, '#holdout-input', 70);
    await page.selectOption('#reg-select', 'l2');
    await page.locator('#reg-rate-input').fill('0.03');
    await page.locator('#reg-rate-input').press('Tab');
    await page.click('#show-test');
    await byTestId(page, 'backend-select').selectOption('cpu');

    const before = await snapshot(page);
    expect(before).toEqual({
      dataset: 'circles',
      noise: '0.15',
      factor: '0.4',
      samples: '600',
      layers: ['4:tanh', '2:tanh', '5:relu'],
      optimizer: 'sgd',
      lr: '0.05',
      batch: '64',
      epochs: '77',
      backend: 'cpu',
      validation: 'holdout',
      trainingShare: '70',
      regularization: 'l2',
      regRate: '0.03',
      showTest: false,
    });
    const url = page.url();
    expect(url).toContain('dataset=circles');
    expect(url).toContain('backend=cpu');
    expect(url).toContain('val=0.3');
    expect(url).toContain('reg=l2&regRate=0.03');
    expect(url).toContain('showTest=false');

    await page.reload();
    await waitForBackends(page);
    await waitForReady(page);
    expect(page.url()).toBe(url);
    expect(await snapshot(page)).toEqual(before);
    expect(await byTestId(page, 'error').isVisible()).toBe(false);

    // The same link in a fresh browser context reproduces the setup too.
    const { page: other } = await openApp(browser, url.slice(url.indexOf('?')));
    expect(await snapshot(other)).toEqual(before);
    await screenshot(other, 'url-restored');
    await other.context().close();
    expectNoProblems(problems);
    await page.context().close();
  });

  it('loads a whole experiment from ?preset=<id>', async () => {
    const { page, problems } = await openApp(browser, '?preset=circles5k-relu128');
    expect(await page.inputValue('[data-testid=preset-select]')).toBe('circles5k-relu128');
    const s = await snapshot(page);
    expect(s.dataset).toBe('circles');
    expect(s.samples).toBe('5000');
    expect(s.layers).toEqual(['128:relu']);
    expect(s.optimizer).toBe('adam');
    expect(page.url()).toContain('epochs=10');
    expectNoProblems(problems);
    await page.context().close();
  });

  it('explains invalid link values in the error area instead of failing', async () => {
    const { page } = await openApp(browser, '?dataset=moons&layers=4:nope&lr=abc&ds.noise=-1');
    const message = (await byTestId(page, 'error').textContent()) ?? '';
    expect(message).toContain('Some settings in the link could not be used: each was reset to its default or ignored (3)');
    expect(message).toContain('the activation must be one of');
    expect(message).toContain('lr=abc: learning rate must be a number in 0.00001..10; using 0.01');
    expect(message).toContain('ds.noise=-1: noise must be ≥ 0, got -1; using 0.05');
    // Defaults were used instead: the page still works.
    expect((await snapshot(page)).layers).toEqual(['4:tanh', '2:tanh']);
    await page.context().close();
  });
});
