import { chromium } from 'playwright-core';
const [url, out, action] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync','--enable-unsafe-swiftshader'] });
const ctx = await b.newContext({ viewport: { width: Number(process.env.W ?? 1440), height: 1000 } });
const p = await ctx.newPage();
p.on('console', m => console.log('console', m.type(), m.text().slice(0, 300)));
p.on('pageerror', e => console.log('pageerror', e.message));
p.on('response', r => { if (r.status() >= 400) console.log('HTTP', r.status(), r.url()); });
await p.goto(url);
await p.waitForTimeout(3000);
if (action === 'train') {
  await p.click('[data-testid=train-button]');
  await p.waitForTimeout(Number(process.argv[5] ?? 4000));
}
console.log('status:', await p.textContent('#run-status'), 'epoch', await p.textContent('[data-testid=epoch-counter]'), 'acc', await p.textContent('[data-testid=train-accuracy]'));
console.log('backends:', await p.$$eval('[data-testid=backend-select] option', os => os.map(o => o.textContent + (o.disabled ? ' [x]' : ''))));
console.log('error:', await p.textContent('[data-testid=error]'));
console.log('url:', p.url());
await p.screenshot({ path: out, fullPage: true });
await b.close();
