/**
 * TF Playground's teaching tools in real Chromium: per-neuron heatmaps that change while training
 * (hover one to enlarge it), weights shown and set by click, L1/L2 regularisation, learning-rate
 * changes mid-run that keep the run going, Continue, Reset vs New seed, keyboard focus, and a
 * diagram whose labels never overlap.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  byTestId,
  canvasPixels,
  epoch,
  expectNoProblems,
  launchBrowser,
  openApp,
  recordedEpochs,
  recordEpochs,
  screenshot,
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

/** Each unit canvas of the diagram for a Dense layer, as a PNG data URL (after the columns caught up: one per frame). */
async function heatmaps(page: Page, layer: number): Promise<string[]> {
  await page.evaluate(() => new Promise<void>((done) => {
    let frames = 0;
    const tick = () => (++frames >= 12 ? done() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }));
  return page.$$eval(`[data-testid=network-diagram] canvas.heatmap[data-layer="${layer}"]`, (cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()));
}

async function trainLoss(page: Page): Promise<number> {
  return Number(await byTestId(page, 'train-loss').textContent());
}

async function stepOnce(page: Page, expected: number): Promise<void> {
  await page.click('#step-button');
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=epoch-counter]')?.textContent) === n && document.getElementById('run-status')?.textContent?.startsWith('Paused'),
    expected,
  );
}

describe('per-neuron heatmaps', () => {
  it('draws one canvas per unit, changing while training; hovering a unit shows it in the main view', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&layers=6:tanh,3:tanh&epochs=3000&lr=0.03');
    // One canvas per hidden unit (6 + 3), the output unit's, and the two inputs'.
    expect(await page.locator('canvas.heatmap[data-layer="0"]').count()).toBe(6);
    expect(await page.locator('canvas.heatmap[data-layer="1"]').count()).toBe(3);
    expect(await page.locator('canvas.heatmap[data-layer="2"]').count()).toBe(1);
    expect(await page.locator('canvas.heatmap[data-layer="-1"]').count()).toBe(2);
    const initial = [...(await heatmaps(page, 0)), ...(await heatmaps(page, 1))];
    // Painted already at epoch 0 (the initial weights), not blank: all differ from an empty canvas.
    expect(new Set(initial).size).toBe(9);

    await byTestId(page, 'train-button').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch-counter]')?.textContent) >= 40);
    await page.click('#pause-button');
    await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Paused'));
    await page.waitForTimeout(300);
    const trained = [...(await heatmaps(page, 0)), ...(await heatmaps(page, 1))];
    // Every hidden unit's map changed while training.
    trained.forEach((png, i) => expect(png, `unit ${i}`).not.toBe(initial[i]));

    // Hover a hidden unit: the main canvas shows its output (and says so); leave: the model's again.
    const model = await canvasPixels(page);
    await page.hover('.neuron[data-layer="0"][data-unit="2"]');
    await page.waitForFunction(() => !document.getElementById('focus-label')?.hidden);
    expect(await page.textContent('#focus-label')).toContain('Hidden 1 · unit 3');
    expect(await canvasPixels(page)).not.toBe(model);
    await page.mouse.move(5, 5);
    await page.waitForFunction(() => document.getElementById('focus-label')?.hidden);
    expect(await canvasPixels(page)).toBe(model);
    await screenshot(page, 'heatmaps');
    expectNoProblems(problems);
    await page.context().close();
  });

  it('shows a weight on hover and sets it by click: the boundary follows', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&layers=4:tanh&epochs=100');
    // Hover the middle of the edge from input x0 to hidden unit 1.
    const edge = await page.evaluate(() => {
      const a = document.querySelector('.neuron[data-layer="-1"][data-unit="0"]')!.getBoundingClientRect();
      const b = document.querySelector('.neuron[data-layer="0"][data-unit="0"]')!.getBoundingClientRect();
      return { x: (a.right + b.left) / 2, y: (a.top + a.bottom + b.top + b.bottom) / 4 };
    });
    await page.mouse.move(edge.x, edge.y);
    await page.waitForFunction(() => !document.querySelector('.weight-tip')?.hasAttribute('hidden'));
    expect(await page.textContent('.weight-tip')).toMatch(/^x0 → h1\.1: weight -?\d\.\d{3} \(click to edit\)$/);

    // Click: the editor opens on that unit with that weight focused; set it.
    await page.mouse.click(edge.x, edge.y);
    const editor = byTestId(page, 'weight-editor');
    await editor.waitFor({ state: 'visible' });
    expect(await editor.locator('.weight-title').textContent()).toBe('Hidden 1 · unit 1: weights in');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Weight from x0 to Hidden 1 · unit 1');
    const before = await canvasPixels(page);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('6');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (b) => ['boundary', 'boundary-points'].map((id) => (document.querySelector(`[data-testid=${id}]`) as HTMLCanvasElement).toDataURL('image/png')).join('|') !== b,
      before,
    );
    // The edge's tooltip reads the new weight.
    await page.mouse.move(edge.x + 1, edge.y);
    await page.waitForFunction(() => document.querySelector('.weight-tip')?.textContent?.includes('weight 6.000'));
    // An out-of-range weight is refused where it was typed.
    await page.fill('[aria-label="Bias of Hidden 1 · unit 1"]', '1e9');
    await page.press('[aria-label="Bias of Hidden 1 · unit 1"]', 'Tab');
    expect(await editor.locator('.field-error').textContent()).toBe('Bias of Hidden 1 · unit 1 must be a number in -100..100');
    expectNoProblems(problems);
    await page.context().close();
  });
});

describe('training controls', () => {
  it('L2 and L1 regularisation change the loss (same initial weights and batches)', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&layers=8:tanh&val=0&epochs=50');
    await stepOnce(page, 1);
    const plain = await trainLoss(page);
    await byTestId(page, 'reset-button').click();
    await waitForReady(page);
    await page.selectOption('#reg-select', 'l2');
    await setNumber(page, '#reg-rate-input', 0.1);
    expect(page.url()).toContain('reg=l2&regRate=0.1');
    await stepOnce(page, 1);
    const l2 = await trainLoss(page);
    expect(l2).toBeGreaterThan(plain);
    await byTestId(page, 'reset-button').click();
    await waitForReady(page);
    await page.selectOption('#reg-select', 'l1');
    await stepOnce(page, 1);
    const l1 = await trainLoss(page);
    expect(l1).toBeGreaterThan(plain);
    expect(l1).not.toBe(l2);
    expectNoProblems(problems);
    await page.context().close();
  });

  it('changes the learning rate mid-run: training goes on, the epoch counter does not reset', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&layers=16:tanh,16:tanh&epochs=5000');
    await recordEpochs(page);
    await byTestId(page, 'train-button').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch-counter]')?.textContent) >= 10);
    await setNumber(page, '#lr-input', 0.05);
    await page.waitForFunction(() => document.querySelector('[data-testid=toast]')?.textContent?.startsWith('Learning rate 0.01 → 0.05: training goes on from epoch'));
    const at = Number(/from epoch (\d+)/.exec((await byTestId(page, 'toast').textContent()) ?? '')![1]);
    expect(at).toBeGreaterThanOrEqual(10);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=epoch-counter]')?.textContent) >= n + 20, at);
    await page.click('#pause-button');
    const shown = await recordedEpochs(page);
    // Never back to 0 or 1: one run, counting on through the change.
    for (let i = 1; i < shown.length; i++) expect(shown[i]).toBeGreaterThan(shown[i - 1]!);
    expect(shown[shown.length - 1]).toBeGreaterThanOrEqual(at + 20);
    expect(page.url()).toContain('lr=0.05');
    expect(await page.textContent('#run-status')).toMatch(/^Paused at epoch \d+$/);
    expectNoProblems(problems);
    await page.context().close();
  });

  it('continues a finished run from its weights; Reset repeats the initial weights, New seed draws new ones', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&layers=5:tanh&epochs=20&val=0');
    const init = await heatmaps(page, 0);
    await byTestId(page, 'train-button').click();
    await waitForDone(page);
    expect(await byTestId(page, 'train-button').textContent()).toContain('Continue');
    const accuracy20 = await byTestId(page, 'train-accuracy').textContent();
    await byTestId(page, 'train-button').click();
    await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Done: 40 epochs'));
    expect(await epoch(page)).toBe(40);
    expect(await byTestId(page, 'train-accuracy').textContent()).not.toBe(accuracy20);
    expect(await page.textContent('.report-caption')).toContain('40 epochs');

    await byTestId(page, 'reset-button').click();
    await waitForReady(page);
    expect(await epoch(page)).toBe(0);
    expect(await heatmaps(page, 0)).toEqual(init);

    await byTestId(page, 'new-seed-button').click();
    await waitForReady(page);
    expect(await page.inputValue('#seed-input')).toBe('1');
    expect(page.url()).toContain('&seed=1&');
    expect(await heatmaps(page, 0)).not.toEqual(init);
    expectNoProblems(problems);
    await page.context().close();
  });

  it('shows progress inside an epoch on a slow backend (cpu)', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&ds.samples=20000&layers=16:tanh&batch=4&val=0&backend=cpu');
    await byTestId(page, 'train-button').click();
    await page.waitForFunction(() => /^Training on cpu · epoch 1: batch \d+\/5000$/.test(document.getElementById('run-status')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await epoch(page)).toBe(0);
    expect(Number(await byTestId(page, 'run-progress').getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    await byTestId(page, 'reset-button').click();
    expectNoProblems(problems);
    await page.context().close();
  });

  it('keeps the keyboard focus in the run bar: Enter trains, Enter again pauses', async () => {
    const { page } = await openApp(browser, '?dataset=moons&layers=16:tanh&epochs=5000');
    await byTestId(page, 'train-button').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Training'));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pause-button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Paused'));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('train-button');
    expect(await byTestId(page, 'train-button').textContent()).toContain('Resume');
    await page.context().close();
  });

  it('types a bad value: the field keeps it, says why next to it, and the run is untouched', async () => {
    const { page } = await openApp(browser, '?dataset=moons&epochs=50');
    await setNumber(page, '#epochs-input', 99999);
    expect(await page.inputValue('#epochs-input')).toBe('99999');
    expect(await page.getAttribute('#epochs-input', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#epochs-input-error')).toBe('Epochs must be an integer in 1..5000, or inf (until paused)');
    expect(page.url()).toContain('epochs=50');
    await setNumber(page, '[data-param=samples]', '1e9');
    expect(await page.textContent('#param-samples-error')).toBe('Points must be at most 100,000 (the playground generates and trains in your browser), got 1e9');
    expect(page.url()).toContain('ds.samples=1000&');
    await page.context().close();
  });
});

describe('network diagram layout', () => {
  it('never overlaps its labels, even with 8 hidden layers on a 390 px screen', async () => {
    const layers = ['256:relu', '7:sigmoid', '12:tanh', '3:softmax', '64:linear', '5:tanh', '9:relu', '2:sigmoid'].join(',');
    const { page, problems } = await openApp(browser, `?dataset=blobs&ds.classes=12&layers=${layers}`, { viewport: { width: 390, height: 844 } });
    const boxes = await page.$$eval('[data-testid=network-diagram] .col-label span, [data-testid=network-diagram] .col-more', (els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { text: e.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom, overflow: (e as HTMLElement).scrollWidth > (e as HTMLElement).clientWidth + 1 };
      }),
    );
    expect(boxes.length).toBeGreaterThanOrEqual(20);
    for (const [i, a] of boxes.entries()) {
      expect(a.overflow, `"${a.text}" is cut`).toBe(false);
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
        expect(overlap, `"${a.text}" overlaps "${b.text}"`).toBe(false);
      }
    }
    const diagram = await byTestId(page, 'network-diagram').boundingBox();
    expect(diagram!.x + diagram!.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'diagram-8-layers-390px');
    expectNoProblems(problems);
    await page.context().close();
  });
});
