/**
 * Accessibility and reflow: axe-core (from npm) finds no violation on the first page and after
 * training; nothing scrolls sideways from 360 to 1920 px, and on a 390 × 844 phone the Train
 * button and the boundary canvas are on screen, uncovered and working.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, byTestId, canvasPixels, epoch, expectNoProblems, launchBrowser, openApp, screenshot, waitForDone } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; wide: string[] }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // What sticks out, for the failure message.
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && getComputedStyle(e).position !== 'fixed')
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${[...e.classList].join('.')}`),
  }));
}

/** The element at the centre of `selector`'s box is that element (nothing covers it) and the box is on screen. */
async function usable(page: Page, selector: string): Promise<{ onScreen: boolean; uncovered: boolean; width: number }> {
  await page.locator(selector).scrollIntoViewIfNeeded();
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      onScreen: r.left >= 0 && r.right <= window.innerWidth && r.top >= 0 && r.bottom <= window.innerHeight,
      uncovered: hit === el || el.contains(hit),
      width: r.width,
    };
  });
}

describe('accessibility', () => {
  it('has no axe-core violations on the first page and after training (report, confusion matrix, tutorial note, weight editor)', async () => {
    const { page, problems } = await openApp(browser, '?preset=linear-logreg');
    expect(await axeViolations(page)).toEqual([]);
    await byTestId(page, 'train-button').click();
    await waitForDone(page);
    expect(await page.textContent('#tutorial-note')).toContain('Tutorial 002 reported');
    // A click pins the unit (its card shows it enlarged); Edit weights opens the editor.
    await page.click('.neuron[data-layer="0"][data-unit="0"]');
    await byTestId(page, 'edit-weights-button').click();
    await byTestId(page, 'weight-editor').waitFor({ state: 'visible' });
    expect(await axeViolations(page)).toEqual([]);
    expectNoProblems(problems);
    await page.context().close();
  });
});

describe('any screen', () => {
  it('does not scroll sideways from 360 to 1920 px (one page, resized: the layout follows live)', async () => {
    const { page, problems } = await openApp(browser, '?preset=spiral3-ann', { viewport: { width: 1920, height: 900 } });
    for (const width of [1920, 1280, 1024, 768, 540, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.evaluate(() => new Promise<void>((done) => {
        let frames = 0;
        const tick = () => (++frames >= 4 ? done() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }));
      expect(await horizontalOverflow(page), `${width} px`).toEqual({ scrollWidth: width, innerWidth: width, wide: [] });
      // The points overlay was re-measured for this width (full resolution).
      const canvas = await page.$eval('[data-testid=boundary-points]', (c) => [(c as HTMLCanvasElement).width, c.clientWidth]);
      expect(canvas[0], `${width} px`).toBe(canvas[1]);
    }
    expectNoProblems(problems);
    await page.context().close();
  });

  it('on a 390 × 844 phone: no horizontal scroll; Train and the boundary canvas are visible and usable', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&epochs=30&val=0.2', { viewport: { width: 390, height: 844 } });
    expect(await horizontalOverflow(page)).toEqual({ scrollWidth: 390, innerWidth: 390, wide: [] });
    expect(await usable(page, '[data-testid=train-button]')).toMatchObject({ onScreen: true, uncovered: true });
    const canvas = await usable(page, '[data-testid=boundary]');
    expect(canvas).toMatchObject({ onScreen: true, uncovered: true });
    expect(canvas.width).toBeGreaterThan(300);
    // It works: train from the phone, the canvas repaints, the report fits.
    const before = await canvasPixels(page);
    await page.locator('[data-testid=train-button]').click();
    await waitForDone(page);
    expect(await epoch(page)).toBe(30);
    expect(await canvasPixels(page)).not.toBe(before);
    expect(await horizontalOverflow(page)).toEqual({ scrollWidth: 390, innerWidth: 390, wide: [] });
    await screenshot(page, 'phone-390-trained');
    expectNoProblems(problems);
    await page.context().close();
  });
});
