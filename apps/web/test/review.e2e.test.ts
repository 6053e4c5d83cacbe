/**
 * The new-user review of the playground (issue 15), in real Chromium: each test replays one of
 * its findings and asserts the behaviour it asked for.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { byTestId, epoch, expectNoProblems, launchBrowser, openApp, recordedEpochs, recordEpochs, trainAccuracy, waitForDone, waitForReady, setNumber } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * The focused element is hidden under the sticky run bar: their boxes overlap while the bar
 * sticks (WCAG 2.2 2.4.11). An element inside the bar is never obscured by it.
 */
async function focusObscured(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const bar = document.querySelector('.runbar') as HTMLElement;
    if (!el || el === document.body || bar.contains(el)) return null;
    if (getComputedStyle(bar).position !== 'sticky') return null;
    const b = bar.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return null;
    // Fully under the bar, or partly: any overlap hides the focus ring at least.
    return r.top < b.bottom - 0.5 && r.bottom > b.top + 0.5 ? `${el.tagName.toLowerCase()}#${el.id} top ${Math.round(r.top)} under a bar ending at ${Math.round(b.bottom)}` : null;
  });
}

describe('review 15: runs that used to be lost', () => {
  it('2. a too-high learning rate pauses the run with a message whose epoch matches the counter; a lower one resumes it', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&layers=8:relu,8:relu&opt=sgd&lr=10&epochs=200');
    await byTestId(page, 'train-button').click();
    await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.includes('training diverged'), undefined, { timeout: 60_000 });
    const status = (await page.textContent('#run-status')) ?? '';
    const shown = await epoch(page);
    expect(status).toMatch(new RegExp(`^Paused at epoch ${shown}: training diverged \\(`));
    const message = (await byTestId(page, 'error').textContent()) ?? '';
    expect(message).toMatch(/Training diverged (from the start|after epoch \d+)/);
    expect(message).toContain(`The run went back to epoch ${shown} and is paused there`);
    expect(message).toContain('The learning rate (10) is probably too high');
    expect(message).not.toContain('Training failed');
    // The learner lowers the learning rate and resumes: the run goes on from there to the end.
    await setNumber(page, '#lr-input', 0.05);
    await byTestId(page, 'train-button').click();
    await waitForDone(page, 90_000);
    expect(await epoch(page)).toBe(200);
    expect(await trainAccuracy(page)).toBeGreaterThan(0.8);
    expect(await page.textContent('#run-status')).toMatch(/^Done: 200 epochs in /);
    expectNoProblems(problems);
    await page.context().close();
  });

  it('3. the speed setting shows every epoch: a slow run counts up one by one', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&epochs=12&speed=slow');
    expect(await page.inputValue('[data-testid=speed-select]')).toBe('slow');
    await recordEpochs(page);
    await byTestId(page, 'train-button').click();
    await waitForDone(page);
    const seen = await recordedEpochs(page);
    // 5 epochs a second: the counter (repainted 10 times a second) counts up in ones to the end.
    // (Only a page stalled for longer than an epoch could skip one, so the test asks for most.)
    expect(seen[seen.length - 1]).toBe(12);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
    expect(seen.length).toBeGreaterThanOrEqual(9);
    expectNoProblems(problems);
    await page.context().close();
  });

  it('4. editing a weight updates the headline numbers (train accuracy and loss of the edited network)', async () => {
    const { page, problems } = await openApp(browser, '?dataset=circles&layers=4:tanh&epochs=200&lr=0.03');
    await byTestId(page, 'train-button').click();
    await waitForDone(page);
    expect(await trainAccuracy(page)).toBeGreaterThanOrEqual(0.95);
    // Pin the output unit, open its weights, set its bias to −30: every point is class 0.
    await page.click('.neuron[data-layer="1"][data-unit="0"]');
    await byTestId(page, 'edit-weights-button').click();
    await byTestId(page, 'weight-editor').waitFor({ state: 'visible' });
    await page.fill('[aria-label="Bias of Output unit 1"]', '-30');
    await page.press('[aria-label="Bias of Output unit 1"]', 'Enter');
    await page.waitForFunction(() => Number.parseFloat(document.getElementById('train-accuracy')?.textContent ?? '1') < 0.6);
    // circles has as many points of each class: the edited network gets about half right.
    expect(await trainAccuracy(page)).toBeCloseTo(0.5, 1);
    expect(Number.parseFloat((await page.textContent('#train-loss')) ?? '0')).toBeGreaterThan(1);
    // Escape closes the editor (review item 13).
    await page.keyboard.press('Escape');
    await byTestId(page, 'weight-editor').waitFor({ state: 'hidden' });
    expectNoProblems(problems);
    await page.context().close();
  });
});

describe('review 15: links and menus', () => {
  it('6. the Loss menu has no blank option, and a regression loss in a link is reset with a notice (Train works)', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&loss=huber&epochs=20');
    const labels = await page.$$eval('#loss-select option', (options) => options.map((o) => o.textContent?.trim() ?? ''));
    expect(labels.length).toBeGreaterThanOrEqual(2);
    for (const label of labels) expect(label).not.toBe('');
    const notice = (await byTestId(page, 'error').textContent()) ?? '';
    expect(notice).toContain('loss=huber');
    await byTestId(page, 'train-button').click();
    await waitForDone(page);
    expect(await epoch(page)).toBe(20);
    expectNoProblems(problems);
    await page.context().close();
  });

  it('7. out-of-range link values are reset and named; a preset with changes is a note, not an error', async () => {
    const bad = await openApp(browser, '?dataset=moons&ds.noise=1e308&out=7:softmax');
    const notice = (await byTestId(bad.page, 'error').textContent()) ?? '';
    expect(notice).toContain('ds.noise=1e308');
    expect(notice).toContain('out=7:softmax');
    expect(await bad.page.textContent('#run-status')).toMatch(/^Ready/);
    await bad.page.context().close();
    const preset = await openApp(browser, '?preset=xor-gauss&lr=0.5');
    const text = (await byTestId(preset.page, 'error').textContent()) ?? '';
    expect(text).not.toContain('could not be used');
    expect(text).toContain('Loaded experiment xor-gauss');
    await preset.page.context().close();
  });

  it('13. Regenerate is off for the XOR truth table (its draw has no randomness), and says why', async () => {
    const { page } = await openApp(browser, '?dataset=xor-table');
    expect(await byTestId(page, 'regenerate-button').isDisabled()).toBe(true);
    expect(await page.textContent('#regenerate-note')).toContain('nothing to regenerate');
    await page.context().close();
  });
});

describe('review 15: screens', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 720, height: 500 },
    { width: 390, height: 844 },
  ]) {
    it(`5. at ${viewport.width}×${viewport.height} no focused control hides under the run bar, Tab or Shift+Tab, and Skip to the output clears it`, async () => {
      const { page } = await openApp(browser, '?dataset=moons', { viewport });
      if (viewport.width === 390) {
        // A phone: the run bar (epoch, loss, Pause) sticks once the settings are scrolled into view.
        await page.evaluate(() => document.getElementById('layer-list')!.scrollIntoView());
        const top = await page.evaluate(() => ({ position: getComputedStyle(document.querySelector('.runbar')!).position, top: document.querySelector('.runbar')!.getBoundingClientRect().top, y: window.scrollY }));
        expect(top.position).toBe('sticky');
        expect(top.y).toBeGreaterThan(0);
        expect(Math.abs(top.top)).toBeLessThan(1);
      }
      const hidden: string[] = [];
      await page.focus('.skip-link');
      for (let i = 0; i < 70; i++) {
        await page.keyboard.press('Tab');
        const o = await focusObscured(page);
        if (o) hidden.push(`Tab ${i}: ${o}`);
      }
      for (let i = 0; i < 70; i++) {
        await page.keyboard.press('Shift+Tab');
        const o = await focusObscured(page);
        if (o) hidden.push(`Shift+Tab ${i}: ${o}`);
      }
      expect(hidden).toEqual([]);
      await page.evaluate(() => window.scrollTo(0, 0));
      // The skip link shows when focused (the first tab stop): Enter follows it.
      await page.focus('.skip-link');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'output-heading');
      const clear = await page.evaluate(() => {
        const bar = document.querySelector('.runbar')!.getBoundingClientRect();
        const heading = document.getElementById('output-heading')!.getBoundingClientRect();
        return getComputedStyle(document.querySelector('.runbar')!).position !== 'sticky' || heading.top >= bar.bottom - 0.5;
      });
      expect(clear).toBe(true);
      await page.context().close();
    });
  }

  for (const viewport of [
    { width: 1024, height: 768 },
    { width: 1280, height: 720 },
  ]) {
    it(`10. on a ${viewport.width}×${viewport.height} projector the canvas, the network and the loss curves are on the first screen`, async () => {
      const { page } = await openApp(browser, '?dataset=moons', { viewport });
      const boxes = await page.evaluate(() =>
        ['#network-diagram', '#boundary', '#loss-chart'].map((s) => {
          const r = document.querySelector(s)!.getBoundingClientRect();
          return { s, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
        }),
      );
      for (const b of boxes) {
        expect(b.top, b.s).toBeGreaterThanOrEqual(0);
        expect(b.bottom, b.s).toBeLessThanOrEqual(viewport.height);
        expect(b.right, b.s).toBeLessThanOrEqual(viewport.width);
      }
      await page.context().close();
    });
  }
});

describe('review 15: touch', () => {
  it('9. a tap on a unit pins it, enlarged in its card, without opening a number field (no on-screen keyboard)', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${inject('baseUrl')}?dataset=moons&layers=4:tanh`);
    await waitForReady(page);
    await page.locator('.neuron[data-layer="0"][data-unit="1"]').tap();
    await byTestId(page, 'unit-card').waitFor({ state: 'visible' });
    expect(await page.textContent('#unit-card-title')).toBe('Hidden 1 · unit 2');
    expect(await byTestId(page, 'weight-editor').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('INPUT');
    // Edit weights opens the editor with the focus on the editor itself, not in a number field.
    await byTestId(page, 'edit-weights-button').tap();
    await byTestId(page, 'weight-editor').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('INPUT');
    await context.close();
  });
});

describe('review 15: CSV', () => {
  it('8. an uploaded CSV is standardized: XOR with features 1e6 and 1e-6 apart trains (and unticking it warns)', async () => {
    // XOR quadrants, 400 rows, x1 in millions and x2 in millionths.
    const rows = ['x1,x2,label'];
    let s = 12345;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (let i = 0; i < 400; i++) {
      const a = rand();
      const b = rand();
      rows.push(`${(a * 1e6).toFixed(1)},${(b * 1e-6).toExponential(6)},${a * b > 0 ? 1 : 0}`);
    }
    const { page, problems } = await openApp(browser, '?dataset=moons&layers=8:tanh,8:tanh&epochs=300&lr=0.03');
    await byTestId(page, 'csv-upload').setInputFiles({ name: 'xor-scaled.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await waitForReady(page);
    expect(await byTestId(page, 'standardize').isChecked()).toBe(true);
    // 13: all four ends of the axes are labelled, readable at the data's own scale (never "0.0" for 1e-6).
    const axes = (await byTestId(page, 'boundary-points').getAttribute('data-axes')) ?? '';
    const [, yMin, yMax] = /x2: (\S+) to (\S+)$/.exec(axes) ?? [];
    expect(axes).toMatch(/^x1: \S+ to \S+; x2: \S+ to \S+$/);
    for (const end of [yMin, yMax]) {
      expect(Math.abs(Number(end))).toBeGreaterThan(5e-7);
      expect(Math.abs(Number(end))).toBeLessThan(5e-6);
    }
    await byTestId(page, 'train-button').click();
    await waitForDone(page, 90_000);
    expect(await trainAccuracy(page)).toBeGreaterThanOrEqual(0.9);
    // Off: the page warns that the scales differ, naming its own checkbox.
    await byTestId(page, 'standardize').uncheck();
    await waitForReady(page);
    expect(await page.textContent('#data-warnings')).toContain('Standardize features');
    expectNoProblems(problems);
    await page.context().close();
  });
});
