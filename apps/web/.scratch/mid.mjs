import { chromium } from 'playwright-core';
const [url, out, wait] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--enable-unsafe-swiftshader'] });
const p = await (await b.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
p.on('pageerror', e => console.log('pageerror', e.message));
await p.goto(url);
await p.waitForFunction(() => !document.querySelector('[data-testid=backend-select]')?.textContent?.includes('checking'));
await p.click('[data-testid=train-button]');
await p.waitForTimeout(Number(wait));
// main-thread responsiveness while training: time a round trip through the event loop
const lag = await p.evaluate(() => new Promise(r => { const t = performance.now(); setTimeout(() => r(performance.now() - t), 0); }));
console.log('event-loop lag ms', lag.toFixed(1), 'epoch', await p.textContent('[data-testid=epoch-counter]'), await p.textContent('#run-status'));
await p.screenshot({ path: out });
await b.close();
