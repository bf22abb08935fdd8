// rasd's web UI: one page, views chosen by the URL hash (`#/events?actor=…`), data from this
// server's JSON API only. Filters live in the hash, so every view can be bookmarked and shared.

import { h, ar, append, replace, actorName } from './dom.js';
import { renderArticle, legend } from './article.js';
import { baseMap, drawPlaces, drawPoint } from './map.js';
import { drawNetwork } from './network.js';
import { drawTimeline } from './timeline.js';
import { TYPES, typeChip } from './types.js';
import { byteIndex } from './offsets.js';
import { formatTolls } from './tolls.js';
import { FILTERS, MODALITIES, HAPPENED, filterParams, apiFilter, modalitiesOf, defaultModality, modalityParam } from './filters.js';
import { actorView } from './actor.js';
const view = document.getElementById('view');
const form = document.getElementById('filters');
let stats = null;
// Maps and networks of the view on screen (removed when the view changes).
let live = [];
// For tests and the console: the network on screen.
window.__rasd = {};

// ---------------------------------------------------------------- API

class ApiError extends Error {}

async function api(path, options) {
  const r = await fetch(path, options);
  let body = null;
  try {
    body = await r.json();
  } catch {
    body = null;
  }
  if (!r.ok) throw new ApiError(body?.error || `HTTP ${r.status} for ${path}`);
  return body;
}

// ---------------------------------------------------------------- routing and filters

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || 'events', arg: parts[1] ?? null, params };
}

export function link(name, params, arg) {
  const p = params && params.toString();
  return `#/${name}${arg != null ? '/' + encodeURIComponent(arg) : ''}${p ? '?' + p : ''}`;
}

export function go(name, params, arg) {
  location.hash = link(name, params, arg);
}

/// The current filters with one changed.
function withFilter(key, value) {
  const p = filterParams(parseHash().params);
  p.delete(key);
  if (value) p.set(key, value);
  return p;
}

const CHECKED = ['type', 'modality'];

/// The checkboxes of a multiple choice (`type`, `modality`).
function boxes(name) {
  return [...form.querySelectorAll(`input[type=checkbox][name=${name}]`)];
}

function summarise() {
  const types = boxes('type').filter((b) => b.checked).map((b) => b.value);
  form.querySelector('#f-type summary').textContent = types.length ? types.join(', ') : 'any type';
  const ms = boxes('modality').filter((b) => b.checked).map((b) => b.value);
  const def = ms.length === HAPPENED.length && HAPPENED.every((m) => ms.includes(m));
  form.querySelector('#f-modality summary').textContent = def ? 'what happened' : ms.length === MODALITIES.length || !ms.length ? 'any modality' : ms.join(', ');
}

function fillForm(params) {
  for (const k of FILTERS) {
    if (CHECKED.includes(k)) continue;
    const el = form.elements.namedItem(k);
    if (el) el.value = params.getAll(k).join(', ');
  }
  const types = params.getAll('type').flatMap((v) => v.split(',')).map((v) => v.trim().toUpperCase());
  for (const b of boxes('type')) b.checked = types.includes(b.value);
  const ms = modalitiesOf(params);
  for (const b of boxes('modality')) b.checked = ms.includes(b.value);
  summarise();
}

function formParams() {
  const p = new URLSearchParams();
  for (const k of FILTERS) {
    if (CHECKED.includes(k)) continue;
    const el = form.elements.namedItem(k);
    if (!el || !el.value.trim()) continue;
    // Several countries (or actors) separated by commas; each its own parameter.
    if (k === 'country') for (const c of el.value.split(/[,\s]+/).filter(Boolean)) p.append(k, c.toUpperCase());
    else p.set(k, el.value.trim());
  }
  const types = boxes('type').filter((b) => b.checked).map((b) => b.value);
  if (types.length) p.set('type', types.join(','));
  const m = modalityParam(boxes('modality').filter((b) => b.checked).map((b) => b.value));
  if (m) p.set('modality', m);
  return p;
}

const LISTS = ['events', 'timeline', 'network', 'map', 'entity'];

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const { name } = parseHash();
  const { arg } = parseHash();
  if (name === 'entity') go('entity', formParams(), arg);
  else go(LISTS.includes(name) ? name : 'events', formParams());
});
form.addEventListener('reset', () => {
  setTimeout(() => {
    const { name, arg } = parseHash();
    if (name === 'entity') go('entity', new URLSearchParams(), arg);
    else go(LISTS.includes(name) ? name : 'events', new URLSearchParams());
  });
});

function filterSummary(params) {
  const chips = [];
  const here = (p) => link(parseHash().name, p, parseHash().arg);
  if (defaultModality(params)) {
    chips.push(h('span', { class: 'note modality-note' }, 'Showing what happened (asserted or reported). ', h('a', { href: here(withFilter('modality', 'any')), class: 'all-modalities' }, 'Show future, hedged, hypothetical and negated events too')));
  }
  for (const k of FILTERS) {
    for (const v of params.getAll(k)) {
      chips.push(h('span', { class: 'chip' }, `${k}: `, /[\u0600-\u06ff]/.test(v) ? ar(v) : v, ' ', h('a', { href: here(withFilter(k, null)), title: `remove ${k}`, class: 'chip-x' }, '×')));
    }
  }
  return chips.length ? h('p', { class: 'chips' }, 'Filters: ', chips) : null;
}

// ---------------------------------------------------------------- shared pieces

export function dateRange(e) {
  if (!e.date_start) return h('span', { class: 'muted' }, 'undated');
  const s = e.date_start === e.date_end || !e.date_end ? e.date_start : `${e.date_start} … ${e.date_end}`;
  return h('span', { class: 'date', title: e.date_precision || '' }, s);
}

export function actors(list) {
  if (!list.length) return h('span', { class: 'muted' }, '—');
  return list.map((a, i) => [i ? h('span', { class: 'sep' }, ' + ') : null, actorName(a, link('events', withFilter('actor', a.id)))]);
}

export function place(loc) {
  if (!loc) return h('span', { class: 'muted' }, '—');
  return h('span', { class: 'place', title: loc.precision || '' }, h('span', { class: 'en' }, loc.name_en || loc.id), ' ', ar(loc.name_ar));
}

const COLUMNS = [['Date', 'date'], ['Type', 'type'], ['Source', null], ['Target', null], ['Place', null], ['Outlets', 'reports'], ['Modality', 'modality']];

/// The table of events; with `sorting` ({sort, order, make(sort, order)}) its headers sort it.
export function eventTable(events, params, sorting = null) {
  const head = COLUMNS.map(([title, key]) => {
    if (!sorting || !key) return h('th', {}, title);
    const on = sorting.sort === key;
    const next = on ? (sorting.order === 'desc' ? 'asc' : 'desc') : key === 'type' || key === 'modality' ? 'asc' : 'desc';
    const arrow = on ? (sorting.order === 'desc' ? ' ▼' : ' ▲') : '';
    return h('th', { class: `sortable${on ? ' sorted' : ''}`, dataset: { sort: key } }, h('a', { href: sorting.make(key, next), title: `sort by ${title.toLowerCase()}` }, title, arrow));
  });
  return h(
    'table',
    { class: 'events' },
    h('thead', {}, h('tr', {}, head)),
    h(
      'tbody',
      {},
      events.map((e) =>
        h(
          'tr',
          { class: 'event-row', dataset: { id: e.id }, onclick: (ev) => { if (!ev.target.closest('a')) go('event', params, e.id); } },
          h('td', {}, h('a', { href: link('event', params, e.id), class: 'event-link' }, dateRange(e))),
          h('td', {}, typeChip(e.type), e.mode ? h('span', { class: 'mode' }, ` ${e.mode}`) : null),
          h('td', {}, actors(e.source)),
          h('td', {}, actors(e.target)),
          h('td', {}, place(e.location)),
          h('td', { title: e.sources.join('\n') }, `${e.n_sources}`, e.documents > 1 ? h('span', { class: 'muted' }, ` (${e.documents} reports)`) : null),
          h('td', {}, e.modality),
        ),
      ),
    ),
  );
}

/// The Casualties line of an event's facts: "27 killed, 30+ injured" (the latest report's
/// figures); for an attack whose reports give none, "not stated"; nothing for other events.
function casualties(e) {
  const text = formatTolls(e.fatalities, e.injured);
  if (!text && e.type !== 'ASSAULT') return [];
  return [h('dt', {}, 'Casualties'), h('dd', { class: 'casualties' }, text || h('span', { class: 'muted' }, 'not stated'))];
}

export function pager(total, limit, offset, make) {
  const pages = [];
  if (offset > 0) pages.push(h('a', { href: make(Math.max(0, offset - limit)), class: 'prev' }, '← previous'));
  pages.push(h('span', { class: 'muted' }, ` ${total ? offset + 1 : 0}–${Math.min(total, offset + limit)} of ${total} `));
  if (offset + limit < total) pages.push(h('a', { href: make(offset + limit), class: 'next' }, 'next →'));
  return h('p', { class: 'pager' }, pages);
}

export function panel(title, ...children) {
  return h('section', { class: 'panel' }, h('h3', {}, title), children);
}

// ---------------------------------------------------------------- views

const EXPORTS = [['csv', 'CSV'], ['jsonl', 'JSON Lines'], ['geojson', 'GeoJSON'], ['acled', 'ACLED'], ['polecat', 'POLECAT']];

/// Download links for the events of the current filters (`/api/export`).
function exportLinks(f, total) {
  const max = stats?.limits?.max_export;
  return h(
    'p',
    { class: 'exports' },
    'Export these events: ',
    EXPORTS.map(([format, label]) => {
      const q = apiFilter(f);
      q.set('format', format);
      return h('a', { href: `api/export?${q}`, download: '', class: `export-${format}` }, label);
    }),
    max && total > max ? h('span', { class: 'muted' }, ` (the first ${max} of ${total} by date)`) : null,
  );
}

async function eventsView({ params }) {
  const f = filterParams(params);
  const offset = Number(params.get('offset') || 0) || 0;
  const sort = params.get('sort') || 'date';
  const order = params.get('order') || (sort === 'type' || sort === 'modality' ? 'asc' : 'desc');
  const q = apiFilter(f);
  q.set('limit', '50');
  q.set('offset', String(offset));
  q.set('sort', sort);
  q.set('order', order);
  const page = await api(`api/events?${q}`);
  const withSort = (p, s, o) => {
    if (s !== 'date' || o !== 'desc') {
      p.set('sort', s);
      p.set('order', o);
    }
    return p;
  };
  const sorting = { sort, order, make: (s, o) => link('events', withSort(new URLSearchParams(f), s, o)) };
  replace(
    view,
    h('h2', {}, 'Events'),
    filterSummary(f),
    page.events.length ? eventTable(page.events, f, sorting) : h('p', { class: 'empty' }, 'No event matches these filters.'),
    pager(page.total, page.limit, page.offset, (o) => {
      const p = withSort(new URLSearchParams(f), sort, order);
      if (o) p.set('offset', String(o));
      return link('events', p);
    }),
    exportLinks(f, page.total),
  );
}

async function eventView({ arg, params }) {
  const f = filterParams(params);
  const e = await api(`api/events/${encodeURIComponent(arg)}`);
  const mapEl = h('div', { class: 'map small', id: 'event-map' });
  const articleEl = h('div', { id: 'event-article' });
  const memberTabs = h('div', { class: 'tabs' });
  replace(
    view,
    h('p', {}, h('a', { href: link('events', f) }, '← events')),
    h('h2', {}, typeChip(e.type), e.mode ? ` ${e.mode}` : '', ' · ', dateRange(e), ' · ', e.modality),
    h(
      'div',
      { class: 'cols' },
      h(
        'div',
        {},
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Source'), h('dd', {}, actors(e.source)),
          h('dt', {}, 'Target'), h('dd', {}, actors(e.target)),
          h('dt', {}, 'Place'), h('dd', {}, place(e.location), e.location?.lat != null ? h('span', { class: 'muted' }, ` ${e.location.lat.toFixed(2)}, ${e.location.lon.toFixed(2)}`) : null),
          h('dt', {}, 'Reports'), h('dd', {}, `${e.documents} document${e.documents === 1 ? '' : 's'}, ${e.n_sources} outlet${e.n_sources === 1 ? '' : 's'}: `, e.sources.map((s, i) => [i ? ', ' : '', ar(s)])),
          h('dt', {}, 'Confidence'), h('dd', {}, e.confidence.toFixed(2)),
          ...casualties(e),
        ),
        h('p', {}, 'See ', e.source.concat(e.target).map((a, i) => [i ? ', ' : '', h('a', { href: link('network', withFilter('actor', a.id)), class: 'to-network' }, a.name_en)]), ' in the network.'),
      ),
      mapEl,
    ),
    panel('Evidence', memberTabs, legend(), articleEl),
  );
  // The place on the map.
  if (e.location && e.location.lat != null) {
    const map = await baseMap(mapEl);
    live.push(() => map.remove());
    drawPoint(map, e.location, `${e.location.name_en} — ${e.location.name_ar}`);
  } else {
    append(mapEl, h('p', { class: 'empty' }, 'This event has no place with coordinates.'));
  }
  // Each report's article, its evidence emphasised.
  const show = async (m) => {
    for (const b of memberTabs.querySelectorAll('button')) b.classList.toggle('active', b.dataset.coding === m.coding_id);
    const doc = await api(`api/documents/${m.document.id}`);
    replace(
      articleEl,
      h('p', { class: 'muted' }, h('a', { href: link('doc', new URLSearchParams({ event: m.coding_id }), m.document.id) }, 'open the article'), ` · rule ${m.rule}`, m.date_text ? ` · date from «${m.date_text}» (${m.date_basis})` : ''),
      renderArticle(doc, { focus: m.coding_id, onEntity: (x) => go('entity', null, x.entity) }),
    );
    articleEl.querySelector('.ev-focus')?.scrollIntoView({ block: 'center' });
  };
  // One tab per report: its number, outlet and date, and the article's title (reports of one
  // outlet on one day differ by their titles).
  e.members.forEach((m, i) => {
    const d = m.document;
    append(
      memberTabs,
      h(
        'button',
        { type: 'button', dataset: { coding: m.coding_id }, title: `${d.title || d.doc_id}\n${m.coding_id}`, onclick: () => show(m) },
        `${i + 1}. `,
        d.source ? ar(d.source) : d.doc_id,
        d.published ? ` ${d.published}` : '',
        h('span', { class: 'tab-title', dir: 'auto' }, d.title || d.doc_id),
      ),
    );
  });
  if (e.members.length) await show(e.members[0]);
}

function articleSide(doc, focus, onFocus) {
  const conv = byteIndex(doc.text);
  return h(
    'aside',
    { class: 'side' },
    h('h3', {}, `Events (${doc.events.length})`),
    h(
      'ul',
      { class: 'doc-events' },
      doc.events.map((ev) =>
        h(
          'li',
          { class: ev.coding_id === focus ? 'active' : '' },
          h('a', { href: '#', onclick: (x) => { x.preventDefault(); onFocus(ev.coding_id); } }, typeChip(ev.type), ev.mode ? ` ${ev.mode}` : ''),
          ' ',
          actors(ev.source),
          ' → ',
          actors(ev.target),
          // When and where, as the coding has them.
          h('span', { class: 'ev-when-where muted' }, ' · ', ev.date ? (ev.date.start === ev.date.end ? ev.date.start : `${ev.date.start} … ${ev.date.end}`) : 'undated', ' · ', ev.location ? [ev.location.name_en || ev.location.entity, ' ', ar(ev.location.name_ar || '')] : 'no place', ev.modality && ev.modality !== 'asserted' ? ` · ${ev.modality}` : ''),
          formatTolls(ev.fatalities, ev.injured) ? h('span', { class: 'casualties' }, ` · ${formatTolls(ev.fatalities, ev.injured)}`) : null,
          ev.merged != null ? [' ', h('a', { href: link('event', null, ev.merged), class: 'muted' }, `#${ev.merged}`)] : null,
        ),
      ),
    ),
    h('h3', {}, 'Entities'),
    h(
      'ul',
      { class: 'doc-entities' },
      [...new Map(doc.entities.map((e) => [e.entity, e])).values()].map((e) => h('li', {}, actorName(e, link('entity', null, e.entity)), h('span', { class: 'muted' }, ` ${e.kind}`))),
    ),
    h('h3', {}, 'Time expressions'),
    h('ul', { class: 'doc-times' }, doc.times.map((t) => h('li', {}, ar(doc.text.slice(conv.toIndex(t.start), conv.toIndex(t.end))), ` → ${t.date_start}${t.date_end !== t.date_start ? ' … ' + t.date_end : ''}`))),
  );
}

function articlePage(doc, focus, container) {
  const render = (f) => {
    replace(container, h('div', { class: 'doc' }, h('div', { class: 'doc-main' }, legend(), renderArticle(doc, { focus: f, onEntity: (x) => go('entity', null, x.entity) })), articleSide(doc, f, render)));
    container.querySelector('.ev-focus')?.scrollIntoView({ block: 'center' });
  };
  render(focus);
}

async function docView({ arg, params }) {
  const doc = await api(`api/documents/${encodeURIComponent(arg)}`);
  const box = h('div');
  replace(view, h('p', {}, h('a', { href: link('events', null) }, '← events')), box);
  articlePage(doc, params.get('event'), box);
}

async function entityView(route) {
  return actorView(route, { api, link, eventTable, pager, filterSummary });
}

async function timelineView({ params }) {
  const f = filterParams(params);
  const bucket = params.get('bucket') === 'week' ? 'week' : 'month';
  const q = apiFilter(f);
  // Without dates of its own, the timeline shows the data's dense period (from the 5th
  // percentile of event dates), not the centuries a few historical mentions reach back to.
  const dense = !f.get('from') && !f.get('to') && stats?.dense_from;
  if (dense) q.set('from', stats.dense_from);
  q.set('bucket', bucket);
  const t = await api(`api/timeline?${q}`);
  const other = new URLSearchParams(f);
  if (bucket === 'month') other.set('bucket', 'week');
  const chart = drawTimeline(t, {
    width: Math.max(600, view.clientWidth - 20),
    onBucket: (from, to) => {
      const p = new URLSearchParams(f);
      p.set('from', from);
      p.set('to', to);
      go('events', p);
    },
  });
  const types = [...new Set(t.buckets.flatMap((b) => Object.keys(b.types)))].sort();
  replace(
    view,
    h('h2', {}, `Events per ${bucket}`),
    filterSummary(f),
    h('p', {}, h('a', { href: link('timeline', other) }, `per ${bucket === 'week' ? 'month' : 'week'} instead`), ` · ${t.undated} undated event${t.undated === 1 ? '' : 's'} not shown · click a bar for its events`),
    dense ? h('p', { class: 'note dense-note' }, `From ${stats.dense_from}, where 95% of the dated events lie (${stats.dated_from} is the earliest date). `, h('a', { href: link('timeline', withFilter('from', stats.dated_from)) }, 'Show everything')) : null,
    t.buckets.length ? h('div', { class: 'chart' }, chart) : h('p', { class: 'empty' }, 'No dated event matches these filters.'),
    h('p', { class: 'legend' }, types.map((x) => typeChip(x))),
  );
}

async function networkView({ params }) {
  const f = filterParams(params);
  const q = apiFilter(f);
  const focus = f.getAll('actor');
  // The whole network is a hairball: without an actor, only pairs with at least two events.
  const minTies = Number(params.get('min_ties') || (focus.length ? 1 : 2)) || 1;
  q.set('top', '50');
  q.set('min_ties', String(minTies));
  const g = await api(`api/graph?${q}`);
  const el = h('div', { class: 'network', id: 'network' });
  const nodes = [...g.nodes].sort((a, b) => b.events - a.events);
  const pick = (id) => go('events', withFilter('actor', id));
  replace(
    view,
    h('h2', {}, 'Actor network'),
    filterSummary(f),
    h('p', { class: 'muted' }, `${g.nodes.length} actors${g.total_nodes > g.nodes.length ? ` (the ${g.nodes.length} most active of ${g.total_nodes})` : ''}, ${g.edges.length} pairs${minTies > 1 ? `, each with at least ${minTies} events` : ''}. ${focus.length ? 'Node size and the numbers: events with the chosen actor' : 'Node size: events'}; edge colour: event type. Click an actor to filter the events by it. `, h('a', { href: link('network', (() => { const p = new URLSearchParams(f); p.set('min_ties', String(minTies > 1 ? 1 : 2)); return p; })()) }, minTies > 1 ? 'every pair' : 'pairs with 2+ events only')),
    g.nodes.length
      ? h(
          'div',
          { class: 'cols network-cols' },
          el,
          h(
            'aside',
            { class: 'side' },
            h('h3', {}, 'Actors'),
            h('ol', { class: 'network-actors' }, nodes.map((n) => h('li', { dataset: { id: n.actor.id } }, h('a', { href: '#', onclick: (x) => { x.preventDefault(); pick(n.actor.id); } }, actorName(n.actor)), h('span', { class: 'muted' }, ` ${n.events}`)))),
            h('h3', {}, 'Edge colours'),
            h('p', { class: 'legend' }, [...new Set(g.edges.flatMap((e) => Object.keys(e.types)))].sort().map((t) => typeChip(t))),
          ),
        )
      : h('p', { class: 'empty' }, 'No pair of actors in the matching events.'),
  );
  if (g.nodes.length) {
    const cy = drawNetwork(el, g, { onActor: pick, focus: g.focus || [] });
    window.__rasd.cy = cy;
    live.push(() => cy.destroy());
  }
}

async function mapView({ params }) {
  const f = filterParams(params);
  const q = apiFilter(f);
  q.set('top', '500');
  const { places } = await api(`api/places?${q}`);
  const el = h('div', { class: 'map big', id: 'map' });
  replace(view, h('h2', {}, 'Map'), filterSummary(f), h('p', { class: 'muted' }, `${places.length} places. Circle size: events; colour: the most frequent type; a dashed circle holds several places (click it to zoom in). Click a circle for its events.`), el);
  const map = await baseMap(el);
  live.push(() => map.remove());
  window.__rasd.map = map;
  drawPlaces(map, places, { focus: params.get('place'), onPlace: (p) => go('events', withFilter('near', `${p.lat.toFixed(4)},${p.lon.toFixed(4)},25`)) });
}

async function searchView({ params }) {
  const words = params.get('q') || '';
  const input = h('input', { type: 'search', name: 'q', value: words, dir: 'auto', lang: 'ar', placeholder: 'كلمات البحث', 'aria-label': 'words to search for' });
  const results = h('div', { id: 'search-results' });
  replace(
    view,
    h('h2', {}, 'Search the articles'),
    h('form', { class: 'search', onsubmit: (e) => { e.preventDefault(); go('search', new URLSearchParams({ q: input.value.trim() })); } }, input, h('button', { type: 'submit' }, 'Search')),
    results,
  );
  if (!words.trim()) return;
  const r = await api(`api/search?${new URLSearchParams({ q: words, limit: '50' })}`);
  replace(
    results,
    h('p', { class: 'muted' }, `${r.total} article${r.total === 1 ? '' : 's'}`),
    h(
      'ol',
      { class: 'hits' },
      r.hits.map((x) =>
        h(
          'li',
          {},
          h('a', { href: link('doc', null, x.document.id), dir: 'rtl', lang: 'ar' }, x.document.title || x.document.doc_id),
          h('span', { class: 'muted' }, ` ${x.document.published || ''} `, ar(x.document.source || '')),
          h('p', { class: 'snippet', dir: 'rtl', lang: 'ar' }, x.snippet_parts ? [x.snippet_parts[0], h('mark', {}, x.snippet_parts[1]), x.snippet_parts[2]] : x.snippet),
        ),
      ),
    ),
  );
}

async function analyzeView() {
  const text = h('textarea', { name: 'text', rows: 12, dir: 'rtl', lang: 'ar', required: true, placeholder: 'الصق نص المقال هنا', 'aria-label': 'article text' });
  const title = h('input', { name: 'title', dir: 'auto', placeholder: 'title (optional)' });
  const published = h('input', { name: 'published', type: 'date', 'aria-label': 'publication date' });
  const store = h('input', { type: 'checkbox', name: 'store', disabled: !stats?.writes });
  const out = h('div', { id: 'analysis' });
  const button = h('button', { type: 'submit' }, 'Analyse');
  const f = h(
    'form',
    {
      class: 'analyze',
      onsubmit: async (e) => {
        e.preventDefault();
        button.disabled = true;
        replace(out, h('p', { class: 'muted' }, 'analysing…'));
        try {
          const body = { text: text.value, title: title.value || null, published: published.value || null, store: store.checked };
          const r = await api('api/analyze', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
          showAnalysis(r, out);
        } catch (err) {
          replace(out, h('p', { class: 'error' }, String(err.message || err)));
        } finally {
          button.disabled = false;
          document.body.dataset.ready = 'analyze-done';
        }
      },
    },
    text,
    h('div', { class: 'row' }, title, published, h('label', {}, store, ' store it in the database'), button),
    stats?.writes ? null : h('p', { class: 'muted' }, 'This server is read-only: the article is analysed and shown, never stored (start rasd serve with --allow-writes to store).'),
  );
  replace(view, h('h2', {}, 'Analyse an article'), f, out);
}

function showAnalysis(r, out) {
  const a = r.article;
  const box = h('div');
  const lang = a.document.language || 'und';
  // rasd codes Arabic only: a text in another language (or too short to tell) gets no events,
  // and says so plainly (the language guess of a short Latin text is often wrong: not named).
  const notArabic = lang !== 'ar'
    ? h('p', { class: 'note not-arabic' }, lang === 'und' ? 'The text is too short to tell its language: no events were looked for.' : 'This text is not Arabic: rasd codes Arabic news only, so no events were looked for. ', lang !== 'und' && !['fa', 'ur', 'ps', 'ckb'].includes(lang) ? h('span', { class: 'muted' }, `(language guess: ${lang}; short texts are often guessed wrong)`) : lang !== 'und' ? h('span', { class: 'muted' }, `(${lang}: another language written in Arabic script)`) : null)
    : null;
  replace(
    out,
    notArabic,
    r.stored ? h('p', { class: 'ok' }, r.stored.new ? 'Stored as ' : 'Already stored as ', h('a', { href: link('doc', null, r.stored.document) }, `document ${r.stored.document}`), '.') : null,
    h('p', {}, `${a.events.length} event${a.events.length === 1 ? '' : 's'}, ${new Set(a.entities.map((e) => e.entity)).size} entities, ${a.times.length} time expressions; published ${a.document.published || 'unknown'}.`),
    box,
  );
  articlePage(a, a.events[0]?.coding_id ?? null, box);
}

const VIEWS = { events: eventsView, event: eventView, doc: docView, entity: entityView, timeline: timelineView, network: networkView, map: mapView, search: searchView, analyze: analyzeView };

let rendering = 0;

async function render() {
  const route = parseHash();
  const fn = VIEWS[route.name];
  const my = ++rendering;
  for (const undo of live) undo();
  live = [];
  window.__rasd = {};
  document.body.dataset.ready = 'loading';
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.view === route.name);
  fillForm(route.params);
  form.hidden = !LISTS.includes(route.name);
  // Keep the filters when moving between list views.
  for (const a of document.querySelectorAll('nav a[data-view]')) {
    a.href = LISTS.includes(a.dataset.view) ? link(a.dataset.view, filterParams(route.params)) : link(a.dataset.view);
  }
  if (!fn) {
    replace(view, h('p', { class: 'error' }, `No page ${route.name}.`));
    document.body.dataset.ready = 'error';
    return;
  }
  try {
    await fn(route);
    if (my === rendering) document.body.dataset.ready = route.name;
  } catch (err) {
    if (my !== rendering) return;
    replace(view, h('p', { class: 'error' }, err instanceof ApiError ? err.message : `Error: ${err.message || err}`));
    document.body.dataset.ready = 'error';
  }
}

async function start() {
  const check = (name, value) => h('label', {}, h('input', { type: 'checkbox', name, value, onchange: summarise }), value);
  append(form.querySelector('#f-type .opts'), TYPES.map((t) => check('type', t)));
  append(form.querySelector('#f-modality .opts'), MODALITIES.map((m) => check('modality', m)));
  try {
    stats = await api('api/stats');
    replace(document.getElementById('stats'), `${stats.documents} articles · ${stats.merged_events} events · ${stats.entities} entities${stats.writes ? ' · writes allowed' : ''}`);
  } catch (err) {
    replace(document.getElementById('stats'), h('span', { class: 'error' }, String(err.message || err)));
  }
  window.addEventListener('hashchange', render);
  await render();
}

start();
