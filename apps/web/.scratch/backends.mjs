import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--enable-unsafe-swiftshader'] });
const p = await (await b.newContext()).newPage();
await p.goto(process.argv[2]);
await p.waitForFunction(() => !document.querySelector('[data-testid=backend-select]')?.textContent?.includes('checking'));
console.log(await p.$eval('[data-testid=backend-select]', s => [...s.options].map(o => [o.value, o.textContent, o.disabled])));
console.log(await p.$eval('[data-testid=backend-select]', s => s.title));
await b.close();
