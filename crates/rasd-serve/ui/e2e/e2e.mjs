// End-to-end run of rasd's web UI in headless Chromium, against a running `rasd serve` over the
// test articles (crates/rasd-serve/tests/fixtures/articles.jsonl). Started by
// crates/rasd/tests/serve_e2e.rs:  node e2e.mjs BASE_URL SCREENSHOT_DIR
//
// Steps: the event table (newest first, the modality default said and one click away, a column
// sort, CSV and GeoJSON downloads parsed back); filter by an actor; open an event and see its evidence sentence
// highlighted in the right-to-left article, its point on the map; the actor in the network and
// click-to-filter; the map; the timeline; an article with <script> and <img onerror> shown as
// text; the analyse page; the actor page's ranked counterparts; a stemmed search with its hit
// marked; the basemap without antimeridian stripes. Every step asserts; any page error, CSP violation, dialog or request to
// another host fails the run. Exit code 0 only when every step passed.

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node e2e.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const executablePath = process.env.RASD_CHROMIUM || '/usr/bin/chromium';
const HAFTAR = 'person:khalifa-haftar';

const problems = [];
let step = 0;
function check(cond, what) {
  if (!cond) throw new Error(`step ${step}: ${what}`);
}
function log(msg) {
  console.log(`e2e: ${msg}`);
}

const profile = mkdtempSync(join(tmpdir(), 'rasd-e2e-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  acceptDownloads: true,
  headless: true,
  viewport: { width: 1400, height: 900 },
  locale: 'en-GB',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] || (await context.newPage());
const origin = new URL(base).origin;

// Nothing may leave this server; nothing may run that the page did not ship.
await context.route('**/*', (route) => {
  const u = new URL(route.request().url());
  if (u.origin !== origin) {
    problems.push(`request to another origin: ${u.href}`);
    return route.abort();
  }
  return route.continue();
});
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
});
page.on('dialog', (d) => {
  problems.push(`a dialog opened (${d.type()}: ${d.message()}): injected script ran`);
  d.dismiss();
});
await context.addInitScript(() => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
});

async function ready(name) {
  await page.waitForFunction((n) => document.body.dataset.ready === n || document.body.dataset.ready === 'error', name, { timeout: 20000 });
  const state = await page.evaluate(() => document.body.dataset.ready);
  if (state === 'error') {
    const msg = await page.locator('#view .error').first().textContent();
    throw new Error(`step ${step}: the ${name} view failed: ${msg}`);
  }
}

async function shot(name) {
  await page.screenshot({ path: join(shots, name), fullPage: true });
}

async function apiGet(path) {
  return page.evaluate(async (p) => (await fetch(p)).json(), path);
}

async function run() {
  // 1. The event table.
  step = 1;
  await page.goto(`${base}/#/events`);
  await ready('events');
  const allRows = await page.locator('tr.event-row').count();
  check(allRows >= 4, `the table lists the test events (got ${allRows} rows)`);
  const dates = await page.locator('tr.event-row td:first-child').allTextContents();
  const starts = dates.map((d) => d.trim().slice(0, 10)).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  check(starts.length >= 3 && starts.every((d, i) => i === 0 || starts[i - 1] >= d), `newest first: ${starts.join(' ')}`);
  check(starts[0] > starts[starts.length - 1], 'the dates differ');
  check((await page.locator('.modality-note').count()) === 1, 'the modality default is said on the page');
  const shown = await page.locator('tr.event-row td:last-child').allTextContents();
  check(shown.every((m) => ['asserted', 'reported'].includes(m.trim())), `by default only what happened: ${shown}`);
  await shot('01-events.png');
  log(`1 event table: ${allRows} events, newest first (${starts[0]} … ${starts[starts.length - 1]}), modalities ${[...new Set(shown)].join('/')}`);

  // 1b. Every modality one click away; a column sort.
  step = 1.5;
  await page.click('a.all-modalities');
  await page.waitForFunction(() => location.hash.includes('modality=any'));
  await ready('events');
  const anyRows = await page.locator('tr.event-row').count();
  check(anyRows >= allRows && (await page.locator('.modality-note').count()) === 0, `all modalities: ${anyRows} rows (${allRows} by default)`);
  await page.click('th[data-sort=type] a');
  await page.waitForFunction(() => location.hash.includes('sort=type'));
  await ready('events');
  const types = (await page.locator('tr.event-row td:nth-child(2)').allTextContents()).map((t) => t.trim().split(/\s/)[0]);
  check(types.every((t, i) => i === 0 || types[i - 1] <= t), `sorted by type: ${types}`);
  log(`1b every modality: ${anyRows} events; sorted by type: ${types.join(' ')}`);

  // 1c. Exports of the current filter, downloaded and parsed back.
  step = 1.7;
  await page.goto(`${base}/#/events`);
  await ready('events');
  const download = async (cls, file) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`a.${cls}`)]);
    const path = join(shots, file);
    await d.saveAs(path);
    return path;
  };
  const csvPath = await download('export-csv', 'export.csv');
  const csvRows = Number(
    execFileSync('python3', ['-c', "import csv, sys\nrows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))\nassert rows and all(r['id'] and r['type'] for r in rows), rows\nprint(len(rows))", csvPath]).toString().trim(),
  );
  check(csvRows === allRows, `the CSV parses with Python's csv module into the table's ${allRows} events (${csvRows})`);
  const geo = JSON.parse(readFileSync(await download('export-geojson', 'export.geojson'), 'utf8'));
  check(geo.type === 'FeatureCollection' && geo.features.length >= 1, `a GeoJSON FeatureCollection (${geo.features.length} features)`);
  for (const f of geo.features) {
    const [lon, lat] = f.geometry.coordinates;
    check(f.type === 'Feature' && f.geometry.type === 'Point' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90 && f.properties.type, `a valid point feature: ${JSON.stringify(f).slice(0, 200)}`);
  }
  log(`1c exports: CSV with ${csvRows} rows (Python csv), GeoJSON with ${geo.features.length} valid points`);

  // 2. Filter by an actor, typed in Arabic.
  step = 2;
  await page.fill('#filters input[name=actor]', 'حفتر');
  await page.click('#filters button[type=submit]');
  await page.waitForFunction(() => location.hash.includes('actor='));
  await ready('events');
  const rows = page.locator('tr.event-row');
  const n = await rows.count();
  check(n >= 3 && n < allRows, `the actor filter keeps Haftar's events only (${n} of ${allRows})`);
  for (let i = 0; i < n; i++) {
    const t = await rows.nth(i).textContent();
    check(t.includes('Khalifa Haftar') && t.includes('خليفة حفتر'), `row ${i} names Haftar in English and Arabic: ${t}`);
  }
  await shot('02-filtered-by-actor.png');
  log(`2 filter by actor: ${n} events, each with Khalifa Haftar · خليفة حفتر`);

  // 3. Open the Cairo meeting: evidence highlighted in the RTL article, its point on the map.
  step = 3;
  const cairo = rows.filter({ hasText: 'Cairo' }).first();
  check((await cairo.count()) === 1, 'a row placed in Cairo');
  const eventId = await cairo.getAttribute('data-id');
  await cairo.click();
  await ready('event');
  check(page.url().includes(`#/event/${eventId}`), `the event page opened (${page.url()})`);
  const detail = await apiGet(`api/events/${eventId}`);
  const evidence = detail.members[0].evidence[0];
  const article = page.locator('#event-article article.article');
  check((await article.getAttribute('dir')) === 'rtl' && (await article.getAttribute('lang')) === 'ar', 'the article is marked dir=rtl lang=ar');
  const direction = await page.locator('#event-article .article-text').evaluate((el) => getComputedStyle(el).direction);
  check(direction === 'rtl', `the article text runs right to left (direction: ${direction})`);
  const focused = await page.locator('#event-article .ev-focus').evaluateAll((els) => els.map((e) => e.textContent).join(''));
  check(focused === evidence.text, `the highlighted text is exactly the evidence sentence:\n  got      ${focused}\n  expected ${evidence.text}`);
  const trigger = await page.locator('#event-article .trig-focus').evaluateAll((els) => els.map((e) => e.textContent).join(''));
  check(trigger === evidence.trigger, `the trigger is marked: ${trigger} vs ${evidence.trigger}`);
  const bg = await page.locator('#event-article .ev-focus').first().evaluate((el) => getComputedStyle(el).backgroundColor);
  check(bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent', `the evidence has a highlight colour (${bg})`);
  const ents = await page.locator('#event-article .ent').count();
  const times = await page.locator('#event-article .time').count();
  check(ents >= 2 && times >= 1, `entities (${ents}) and time expressions (${times}) are highlighted`);
  await page.waitForSelector('#event-map path.rasd-focus', { timeout: 15000 });
  const countries = await page.locator('#event-map path.rasd-country').count();
  check(countries > 200, `the offline basemap draws the countries (${countries})`);
  check((await page.locator('#event-map path.rasd-focus').count()) === 1, 'one emphasised point on the map');
  const label = await page.locator('#event-map .rasd-label').textContent();
  check(label.includes('Cairo') && label.includes('القاهرة'), `the point is labelled Cairo in both scripts: ${label}`);
  // The point is inside the map's box (visible), near Cairo's position on screen.
  const inBox = await page.evaluate(() => {
    const m = document.querySelector('#event-map').getBoundingClientRect();
    const p = document.querySelector('#event-map path.rasd-focus').getBoundingClientRect();
    const cx = p.x + p.width / 2;
    const cy = p.y + p.height / 2;
    return cx > m.left && cx < m.right && cy > m.top && cy < m.bottom;
  });
  check(inBox, 'the point is within the visible map');
  await shot('03-event-evidence-map.png');
  log(`3 event ${eventId}: evidence sentence highlighted right to left (${evidence.text.length} chars, trigger ${evidence.trigger}), Cairo on the map over ${countries} countries`);

  // 4. The actor in the network; clicking another actor filters by it.
  step = 4;
  await page.locator('a.to-network', { hasText: 'Khalifa Haftar' }).first().click();
  await ready('network');
  const node = await page.evaluate((id) => {
    const cy = window.__rasd.cy;
    const n = cy && cy.getElementById(id);
    return n && n.length ? { focus: n.hasClass('focus'), degree: n.degree(), w: n.renderedWidth(), others: cy.nodes().map((x) => x.id()).filter((x) => x !== id) } : null;
  }, HAFTAR);
  check(node, 'Haftar is a node of the network');
  check(node.focus && node.degree >= 3, `Haftar is emphasised with his edges (${JSON.stringify(node)})`);
  check((await page.locator(`.network-actors li[data-id="${HAFTAR}"]`).count()) === 1, 'Haftar is in the list of actors');
  await page.waitForTimeout(300);
  await shot('04-network.png');
  const other = node.others.find((x) => x.includes('putin') || x === 'Q7747') || node.others[0];
  await page.evaluate((id) => window.__rasd.cy.getElementById(id).emit('tap'), other);
  await page.waitForFunction((id) => decodeURIComponent(location.hash).includes(`actor=${id}`), other);
  await ready('events');
  const filtered = await page.locator('tr.event-row').count();
  check(filtered >= 1, `clicking ${other} filters the events by it (${filtered})`);
  log(`4 network: Haftar with ${node.degree} edges; clicking ${other} filtered to ${filtered} events`);

  // 5. The map of Haftar's events.
  step = 5;
  await page.goto(`${base}/#/map?actor=${encodeURIComponent(HAFTAR)}&modality=any`);
  await ready('map');
  const points = await page.locator('#map path.rasd-point').count();
  check(points >= 2, `Haftar's events are at several places (${points} circles or clusters)`);
  const inView = await page.evaluate(() => {
    const map = window.__rasd.map;
    const b = map.getBounds();
    return [[30.04, 31.24], [55.75, 37.62], [39.93, 32.86], [32.12, 20.07]].filter(([a, o]) => b.contains([a, o])).length;
  });
  check(inView >= 3, `the map is fitted to the places (${inView} of Cairo, Moscow, Ankara, Benghazi in view)`);
  await shot('05-map.png');
  // No stripe: with the whole world in view (so that nothing is clipped to the screen), no edge
  // of a country shape runs across more than half the world's width.
  await page.evaluate(() => window.__rasd.map.setView([20, 0], 1, { animate: false }));
  await page.waitForTimeout(300);
  const stripes = await page.evaluate(() => {
    const map = window.__rasd.map;
    const world = map.getPixelWorldBounds().getSize().x;
    let worst = 0;
    for (const p of document.querySelectorAll('#map path.rasd-country')) {
      // Each ring (a subpath from M) on its own: rings of one country may lie far apart.
      for (const ring of (p.getAttribute('d') || '').split('M').slice(1)) {
        const nums = ring.match(/-?\d+(\.\d+)?/g) || [];
        for (let i = 2; i + 1 < nums.length; i += 2) worst = Math.max(worst, Math.abs(Number(nums[i]) - Number(nums[i - 2])));
      }
    }
    return { worst, world };
  });
  check(stripes.worst < stripes.world / 2, `no basemap edge crosses half the world (${stripes.worst.toFixed(0)} px of ${stripes.world.toFixed(0)})`);
  await shot('05b-map-world.png');
  log(`5 map: ${points} circles, fitted to the data, longest basemap edge ${stripes.worst.toFixed(0)} px of a ${stripes.world.toFixed(0)} px world`);

  // 6. The timeline.
  step = 6;
  await page.goto(`${base}/#/timeline?bucket=week`);
  await ready('timeline');
  const bars = await page.locator('svg.timeline g.bar').evaluateAll((gs) => gs.filter((g) => Number(g.dataset.events) > 0).length);
  check(bars >= 3, `events in several weeks (${bars} bars)`);
  await shot('06-timeline.png');
  log(`6 timeline: ${bars} weeks with events`);

  // 7. An article with markup in its text, title, outlet and URL is shown as text.
  step = 7;
  const hits = await apiGet(`api/search?q=${encodeURIComponent('مريبة')}`);
  check(hits.total === 1, `the markup article is found (${hits.total})`);
  await page.goto(`${base}/#/doc/${hits.hits[0].document.id}`);
  await ready('doc');
  const body = await page.locator('.article-text').textContent();
  check(body.includes('<script>alert(1)</script>') && body.includes('<img src=x onerror=alert(1)>'), 'the markup is visible as characters');
  const title = await page.locator('.article-title').textContent();
  check(title.includes('<script>alert(1)</script>'), `the title shows its markup as text: ${title}`);
  const injected = await page.evaluate(() => ({
    img: document.querySelectorAll('#view img').length,
    script: document.querySelectorAll('#view script, #view b').length,
    js: document.querySelectorAll('a[href^="javascript"]').length,
  }));
  check(injected.img === 0 && injected.script === 0 && injected.js === 0, `no element was created from the news text (${JSON.stringify(injected)})`);
  await shot('07-markup-as-text.png');
  log('7 markup: <script> and <img onerror> shown as text, no element created, no javascript: link');

  // 8. Analyse a pasted article (read-only server: not stored).
  step = 8;
  await page.goto(`${base}/#/analyze`);
  await ready('analyze');
  check(await page.locator('input[name=store]').isDisabled(), 'storing is disabled on a read-only server');
  await page.fill('textarea[name=text]', 'الجزائر - التقى وزير الخارجية الروسي سيرغي لافروف الرئيس الجزائري عبد المجيد تبون في الجزائر يوم الاثنين، وبحث الجانبان التعاون في مجال الطاقة.');
  await page.fill('input[name=published]', '2025-07-08');
  await page.click('form.analyze button[type=submit]');
  await page.waitForFunction(() => document.body.dataset.ready === 'analyze-done', null, { timeout: 30000 });
  check((await page.locator('#analysis .error').count()) === 0, 'the analysis succeeded');
  const evs = await page.locator('#analysis .doc-events li').count();
  check(evs >= 1, `the pasted article's events are listed (${evs})`);
  check((await page.locator('#analysis .ev-focus').count()) >= 1, 'its evidence is highlighted');
  check((await page.locator('#analysis article[dir=rtl]').count()) === 1, 'right to left');
  await shot('08-analyze.png');
  log(`8 analyse: ${evs} event(s) found in the pasted article`);

  // 8b. English is not Arabic: said plainly.
  await page.fill('textarea[name=text]', 'The minister met his counterpart in the capital on Monday to discuss energy.');
  await page.click('form.analyze button[type=submit]');
  await page.waitForFunction(() => document.body.dataset.ready === 'analyze-done' && document.querySelector('#analysis .not-arabic'), null, { timeout: 30000 });
  const note = await page.locator('#analysis .not-arabic').textContent();
  check(note.includes('not Arabic') && !note.includes('Dutch'), `an English text is said to be not Arabic: ${note}`);
  log('8b analyse: English text reported as not Arabic, no events');

  // 9. The actor page: counterparts ranked by events with Haftar, the latest one click away.
  step = 9;
  await page.goto(`${base}/#/entity/${encodeURIComponent(HAFTAR)}?modality=any`);
  await ready('entity');
  const partners = await page.locator('tr.counterpart').evaluateAll((rs) => rs.map((r) => ({ id: r.dataset.id, n: Number(r.dataset.events) })));
  check(partners.length >= 3, `Haftar has several counterparts (${partners.length})`);
  check(partners.every((p, i) => i === 0 || partners[i - 1].n >= p.n), `ranked by events with Haftar: ${JSON.stringify(partners)}`);
  check(!partners.some((p) => p.id === HAFTAR), 'Haftar is not his own counterpart');
  await shot('09-actor.png');
  await page.locator('tr.counterpart a.latest').first().click();
  await ready('event');
  check((await page.locator('#event-article .ev-focus').count()) >= 1, 'the latest event opens with its evidence');
  log(`9 actor page: ${partners.length} counterparts (${partners.map((p) => `${p.id} ${p.n}`).join(', ')}); latest event opened with its evidence`);

  // 10. A stemmed search: the plural finds the singular, the hit marked (not quoted).
  step = 10;
  await page.goto(`${base}/#/search?q=${encodeURIComponent('مؤسسات')}`);
  await page.waitForSelector('#search-results .hits li', { timeout: 15000 });
  const mark = await page.locator('#search-results .snippet mark').first().textContent();
  check(mark === 'المؤسسة', `the hit is the singular المؤسسة, marked: ${mark}`);
  const snippet = await page.locator('#search-results .snippet').first().textContent();
  check(!snippet.includes('«'), 'no quotation marks around the hit');
  await shot('10-search.png');
  log(`10 search: مؤسسات found ${mark}, highlighted`);

  step = 11;
  const csp = await page.evaluate(() => window.__csp);
  check(csp.length === 0, `no Content-Security-Policy violation (${csp.join('; ')})`);
}

let failed = null;
try {
  await run();
} catch (e) {
  failed = e;
  try {
    await shot(`failed-step-${step}.png`);
  } catch {}
}
await context.close();
rmSync(profile, { recursive: true, force: true });
if (failed) console.error(`e2e: FAILED: ${failed.message}`);
for (const p of problems) console.error(`e2e: problem: ${p}`);
if (failed || problems.length) process.exit(1);
log('every step passed');
