/** Shared e2e helpers: launch headless Debian Chromium, open the app, read the page. */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const CHROMIUM = process.env.MLPKIT_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../test-results');

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run "pnpm setup:browser" (Debian's chromium) or set MLPKIT_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // WebGL on the CPU (SwiftShader), so the webgl backend works without a GPU.
      '--enable-unsafe-swiftshader',
    ],
  });
}

export interface OpenedPage {
  page: Page;
  /** Console errors, page errors and failed (>= 400) responses seen so far. */
  problems: string[];
  /** Every response so far (the page's and its worker's). */
  responses: Array<{ url: string; status: number }>;
}

export async function openApp(
  browser: Browser,
  query = '',
  o: { viewport?: { width: number; height: number }; ready?: boolean } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: o.viewport ?? { width: 1440, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  const responses: Array<{ url: string; status: number }> = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    responses.push({ url: r.url(), status: r.status() });
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  await page.goto(`${inject('baseUrl')}${query}`);
  await waitForBackends(page);
  if (o.ready !== false) await waitForReady(page);
  return { page, problems, responses };
}

/** The data is generated and the model built and painted at epoch 0 (the status says Ready). */
export async function waitForReady(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Ready'), undefined, { timeout });
}

/** The worker has probed the backends once the select stops saying "checking". */
export async function waitForBackends(page: Page): Promise<void> {
  await page.waitForFunction(
    () => !document.querySelector('[data-testid=backend-select]')?.textContent?.includes('checking'),
    undefined,
    { timeout: 30_000 },
  );
}

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid=${id}]`);

export async function epoch(page: Page): Promise<number> {
  return Number(await byTestId(page, 'epoch-counter').textContent());
}

export async function trainAccuracy(page: Page): Promise<number> {
  const text = (await byTestId(page, 'train-accuracy').textContent()) ?? '';
  const value = Number.parseFloat(text);
  return text.includes('%') ? value / 100 : value;
}

/** Points drawn per curve series, as the chart reports them: { 'loss-train': n, … }. */
export async function curvePoints(page: Page): Promise<Record<string, number>> {
  const text = (await byTestId(page, 'loss-chart').getAttribute('data-points')) ?? '';
  return Object.fromEntries(text.split(' ').map((part) => part.split(':')).map(([k, v]) => [k!, Number(v)]));
}

const require = createRequire(import.meta.url);

/** axe-core (from npm) run on the page: the violations, as "rule: target" lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[]; failureSummary?: string }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${(n.failureSummary ?? '').split('\n').slice(0, 2).join(' ')}`));
  });
  return violations;
}

/** Waits for the run to finish (the status line says Done). */
export async function waitForDone(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Done'), undefined, { timeout });
}

/** A digest of the boundary view's pixels (the outputs field and the points overlay), to see that it changes. */
export async function canvasPixels(page: Page): Promise<string> {
  return page.evaluate(() =>
    ['boundary', 'boundary-points'].map((id) => (document.querySelector(`[data-testid=${id}]`) as HTMLCanvasElement).toDataURL('image/png')).join('|'),
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: resolve(RESULTS_DIR, `${name}.png`), fullPage: true });
}

export function expectNoProblems(problems: string[]): void {
  expect(problems).toEqual([]);
}

/** Starts recording every value the epoch counter shows (a MutationObserver in the page). */
export async function recordEpochs(page: Page): Promise<void> {
  await page.evaluate(() => {
    const counter = document.querySelector('[data-testid=epoch-counter]')!;
    const seen: number[] = [];
    (window as unknown as { __epochs: number[] }).__epochs = seen;
    new MutationObserver(() => {
      const value = Number(counter.textContent);
      if (seen[seen.length - 1] !== value) seen.push(value);
    }).observe(counter, { childList: true, characterData: true, subtree: true });
  });
}

export async function recordedEpochs(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __epochs: number[] }).__epochs);
}

/** Types `value` into the number field `selector` and leaves it with Tab (the app applies a field on change). */
export async function setNumber(page: Page, selector: string, value: number | string): Promise<void> {
  await page.locator(selector).fill(String(value));
  await page.locator(selector).press('Tab');
}
