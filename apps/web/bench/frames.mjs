#!/usr/bin/env node
/**
 * Frame-timing benchmark of the playground (a benchmark, not a test: it prints figures and never
 * fails on them). Builds the app, serves it with `vite preview`, opens it in headless Chromium
 * (the flags of DEVELOPERS.md) and records every requestAnimationFrame interval in the page while
 * the `fused` backend trains the spirals-3x12 preset (2-12-12-12-1) for 10 s, in three scenarios:
 *
 *   idle        the page doing nothing (what headless Chromium's frame clock gives)
 *   training    training, the per-neuron heatmaps drawn in the network diagram (always on)
 *   hovered     training while a hidden unit is hovered, so its heatmap fills the main view
 *
 * Then it traces 4 s of training (Chrome's trace, thread CPU time) and prints the CPU each thread
 * used: unlike frame intervals, that figure barely moves when other processes load the machine.
 *
 * Usage: node bench/frames.mjs [--seconds 10] [--no-build] [--dist DIR] [--preset spirals-3x12]
 *        [--backend fused] (pnpm --filter @mlpkit/web bench:frames). `--dist` serves another build
 * (e.g. of an older commit) to compare side by side. Headless Chromium renders with a software
 * canvas here (no GPU); a browser with a GPU is faster, so treat the figures as an upper bound.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const viteBin = resolve(appDir, 'node_modules/vite/bin/vite.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const seconds = Number(option('seconds', '10'));
const preset = option('preset', 'spirals-3x12');
const backend = option('backend', 'fused');
const dist = option('dist', '');
const chromiumPath = process.env.MLPKIT_CHROMIUM ?? '/usr/bin/chromium';

function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

if (!args.includes('--no-build') && !dist) {
  const build = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: appDir, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const port = await freePort();
const preview = spawn(process.execPath, [viteBin, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', ...(dist ? ['--outDir', resolve(dist)] : [])], { cwd: appDir, stdio: 'ignore' });
const base = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(base)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 200));
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'],
});

/** Records rAF intervals and long tasks for `ms` in the page; returns the intervals and long-task time. */
async function record(page, ms) {
  return page.evaluate(
    (duration) =>
      new Promise((done) => {
        const frames = [];
        let longTasks = 0;
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longTasks += e.duration;
        });
        try {
          observer.observe({ type: 'longtask', buffered: false });
        } catch {}
        const start = performance.now();
        let last = start;
        const tick = (t) => {
          frames.push(t - last);
          last = t;
          if (t - start < duration) requestAnimationFrame(tick);
          else {
            observer.disconnect();
            done({ frames: frames.slice(1), longTasks, wall: t - start });
          }
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

function summarize(name, r, epochs) {
  const sorted = [...r.frames].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return {
    scenario: name,
    frames: sorted.length,
    fps: +((sorted.length / r.wall) * 1000).toFixed(1),
    'median ms': +q(0.5).toFixed(1),
    'p95 ms': +q(0.95).toFixed(1),
    'max ms': +(sorted[sorted.length - 1] ?? NaN).toFixed(1),
    '> 50 ms': sorted.filter((f) => f > 50).length,
    'long tasks %': +((r.longTasks / r.wall) * 100).toFixed(1),
    epochs,
  };
}

const rows = [];
const cpuRows = [];
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${base}?preset=${preset}&backend=${backend}`);
  await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Ready'), undefined, { timeout: 60_000 });
  // Long enough to train for the whole measurement.
  await page.fill('#epochs-input', '5000');
  await page.press('#epochs-input', 'Tab');
  await page.waitForTimeout(500);
  rows.push(summarize('idle', await record(page, 3000), 0));

  const epoch = () => page.evaluate(() => Number(document.querySelector('[data-testid=epoch-counter]').textContent));
  /** A fresh run (Reset, then Train), so every scenario starts at epoch 0 with empty curves. */
  const freshRun = async () => {
    await page.click('[data-testid=reset-button]');
    await page.waitForFunction(() => document.getElementById('run-status')?.textContent?.startsWith('Ready'), undefined, { timeout: 60_000 });
    await page.click('[data-testid=train-button]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch-counter]').textContent) >= 1, undefined, { timeout: 60_000 });
  };
  const measure = async (name, ms) => {
    const e0 = await epoch();
    // A fast engine can finish 5000 epochs (the most a run takes) within the window: then the
    // page presses Continue at once, as a user would, and the measurement goes on.
    await page.evaluate(() => {
      const status = document.getElementById('run-status');
      const w = window;
      w.__continues = 0;
      w.__keepGoing = new MutationObserver(() => {
        if (status.textContent.startsWith('Done')) {
          w.__continues++;
          document.querySelector('[data-testid=train-button]').click();
        }
      });
      w.__keepGoing.observe(status, { childList: true, characterData: true, subtree: true });
    });
    const result = await record(page, ms);
    const continues = await page.evaluate(() => {
      window.__keepGoing.disconnect();
      return window.__continues;
    });
    rows.push({ ...summarize(name, result, (await epoch()) - e0), continues });
  };
  await freshRun();
  await measure(`training (${preset}, ${backend}, heatmaps in the diagram)`, seconds * 1000);
  // Hover a hidden unit: its heatmap is drawn into the main canvas every repaint.
  const unit = '.neuron[data-layer="1"][data-unit="3"]';
  if (await page.locator(unit).count()) {
    await freshRun();
    await page.hover(unit);
    await measure('training, a hidden unit hovered (enlarged in the main view)', seconds * 1000);
    await page.mouse.move(2, 2);
  }
  await freshRun();
  // CPU per thread over 4 s of training, from Chrome's trace (thread time, not wall time).
  const dir = mkdtempSync(resolve(tmpdir(), 'mlpkit-frames-'));
  const path = resolve(dir, 'trace.json');
  await browser.startTracing(page, { path, categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
  const traced = performance.now();
  await page.waitForTimeout(4000);
  await browser.stopTracing();
  const wall = performance.now() - traced;
  const trace = JSON.parse(readFileSync(path, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  const events = trace.traceEvents ?? trace;
  const threads = {};
  for (const e of events) if (e.name === 'thread_name') threads[`${e.pid}:${e.tid}`] = e.args.name;
  const cpu = {};
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || e.tdur === undefined) continue;
    const name = threads[`${e.pid}:${e.tid}`] ?? '?';
    cpu[name] = (cpu[name] ?? 0) + e.tdur / 1000;
  }
  cpuRows.push(
    ...Object.entries(cpu)
      .filter(([, ms]) => ms > 1)
      .sort((a, b) => b[1] - a[1])
      .map(([thread, ms]) => ({ thread, 'CPU ms per s': +((ms / wall) * 1000).toFixed(0), '% of a core': +((ms / wall) * 100).toFixed(1) })),
  );
  await context.close();
} finally {
  await browser.close();
  preview.kill();
}
const load = (await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`playground frame timings — ${new Date().toISOString()} · ${dist || 'dist'} · ${chromiumPath} · load average ${load}`);
console.table(rows);
console.log('CPU time per thread while training (trace, 4 s):');
console.table(cpuRows);
