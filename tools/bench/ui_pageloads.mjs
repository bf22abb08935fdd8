// Page loads of rasd's web UI in headless Chromium: the time from asking for a view (a hash
// change inside the loaded app, as a click would) until the view says it is ready
// (body[data-ready]), several times each; the median and the slowest. Screenshots of each
// view go to SHOTS (JPEG at quality 70 with RASD_SHOT_JPEG=1, small enough to commit).
//
//   node tools/bench/ui_pageloads.mjs BASE_URL SHOTS [ACTOR_ID] [RUNS]
//
// Needs playwright-core (npm ci --prefix crates/rasd-serve/ui/e2e) and Debian's chromium. Run
// from crates/rasd-serve/ui/e2e so that the package resolves:
//   cd crates/rasd-serve/ui/e2e && node ../../../../tools/bench/ui_pageloads.mjs http://127.0.0.1:8080 /tmp/shots

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(join(process.cwd(), 'package.json'));
const { chromium } = require('playwright-core');
const [base, shots, actor = 'person:khalifa-haftar', runs = '5'] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.RASD_CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(`${base}/#/search`);
await page.waitForFunction(() => document.body.dataset.ready === 'search');

const views = [
  ['table', '#/events', 'events'],
  ['actor', `#/entity/${encodeURIComponent(actor)}`, 'entity'],
  ['map', '#/map', 'map'],
  ['network', `#/network?actor=${encodeURIComponent(actor)}`, 'network'],
  ['network-all', '#/network', 'network'],
  ['timeline', '#/timeline', 'timeline'],
  ['search', `#/search?q=${encodeURIComponent('غارة')}`, 'search'],
];
for (const [name, hash, ready] of views) {
  const times = [];
  for (let i = 0; i < Number(runs); i++) {
    await page.evaluate(() => { location.hash = '#/analyze'; });
    await page.waitForFunction(() => document.body.dataset.ready === 'analyze');
    const t = await page.evaluate(async ([h, r]) => {
      const t0 = performance.now();
      location.hash = h;
      await new Promise((ok) => {
        const tick = () => (document.body.dataset.ready === r || document.body.dataset.ready === 'error' ? ok() : requestAnimationFrame(tick));
        tick();
      });
      return performance.now() - t0;
    }, [hash, ready]);
    if (name === 'search') await page.waitForSelector('#search-results li', { timeout: 20000 });
    times.push(t);
  }
  times.sort((a, b) => a - b);
  const state = await page.evaluate(() => document.body.dataset.ready);
  await page.waitForTimeout(300);
  const jpeg = process.env.RASD_SHOT_JPEG === '1';
  await page.screenshot({ path: join(shots, `sample-${name}.${jpeg ? 'jpg' : 'png'}`), fullPage: false, ...(jpeg ? { type: 'jpeg', quality: 70 } : {}) });
  console.log(`${name.padEnd(12)} median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, slowest ${times[times.length - 1].toFixed(0)} ms (${runs} loads)${state === 'error' ? ' ERROR' : ''}`);
}
await browser.close();
