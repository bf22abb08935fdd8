// The actor page (`#/entity/ID`): who this actor dealt with, ranked by events with it, per type
// and per month, each pair's events and its latest event (with the evidence) one click away;
// then the actor's own events, newest first.

import { h, replace, actorName } from './dom.js';
import { typeChip } from './types.js';
import { apiFilter, filterParams } from './filters.js';

/// `{YYYY-MM: n}` as a row of small bars over the months from `from` to `to` (at most 36, the
/// latest), so when a pair dealt with each other shows at a glance.
function monthBars(months, from, to) {
  const keys = [];
  if (from && to) {
    let [y, m] = from.split('-').map(Number);
    const [ty, tm] = to.split('-').map(Number);
    while (y < ty || (y === ty && m <= tm)) {
      keys.push(`${y}-${String(m).padStart(2, '0')}`);
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
    }
  }
  const shown = keys.slice(-36);
  const max = Math.max(1, ...shown.map((k) => months[k] || 0));
  const box = h('span', { class: 'months', title: Object.entries(months).map(([k, n]) => `${k}: ${n}`).join('\n') });
  for (const k of shown) {
    const bar = h('span', { title: `${k}: ${months[k] || 0}` });
    // CSSOM, not an inline style attribute: allowed by the page's CSP.
    bar.style.height = `${months[k] ? 3 + Math.round(17 * (months[k] / max)) : 1}px`;
    box.append(bar);
  }
  return box;
}

export async function actorView({ arg, params }, { api, link, eventTable, pager, filterSummary }) {
  const offset = Number(params.get('offset') || 0) || 0;
  const e = await api(`api/entities/${encodeURIComponent(arg)}?limit=1`);
  const id = e.entity.id;
  // The page's own filters (type, modality, dates…) apply to the counterparts and the events.
  const f = filterParams(params);
  f.delete('actor');
  f.append('actor', id);
  const q = apiFilter(f);
  const cq = new URLSearchParams(q);
  cq.set('top', '30');
  const eq = new URLSearchParams(q);
  eq.set('limit', '50');
  eq.set('offset', String(offset));
  const [cp, evs] = await Promise.all([api(`api/counterparts?${cq}`), api(`api/events?${eq}`)]);
  const months = cp.counterparts.flatMap((c) => Object.keys(c.months)).sort();
  const pair = (other, extra = {}) => {
    const p = new URLSearchParams(f);
    p.append('actor', other);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return p;
  };
  const rows = cp.counterparts.map((c, i) =>
    h(
      'tr',
      { class: 'counterpart', dataset: { id: c.actor.id, events: c.events } },
      h('td', {}, String(i + 1)),
      h('td', {}, actorName(c.actor, link('entity', null, c.actor.id))),
      h('td', {}, h('a', { href: link('events', pair(c.actor.id)), class: 'pair-events', title: 'these events' }, String(c.events)), c.as_source ? h('span', { class: 'muted', title: `${c.as_source} with ${c.actor.name_en} as the source` }, ` (${c.as_source} by them)`) : null),
      h('td', {}, Object.entries(c.types).sort((a, b) => b[1] - a[1]).map(([t, n]) => h('a', { href: link('events', pair(c.actor.id, { type: t })), class: 'type-link' }, typeChip(t, n)))),
      h('td', {}, monthBars(c.months, months[0], months[months.length - 1])),
      h('td', {}, c.latest ? h('a', { href: link('event', null, c.latest[0]), class: 'latest' }, c.latest[1] || 'undated', ' →') : null),
    ),
  );
  replace(
    document.getElementById('view'),
    h('h2', {}, actorName(e.entity)),
    h('p', {}, `${e.entity.kind}${e.entity.country ? ' · ' + e.entity.country : ''} · ${e.mentions} mentions in ${e.documents} documents · `, h('a', { href: link('network', f) }, 'network'), ' · ', h('a', { href: link('map', f) }, 'map'), ' · ', h('a', { href: link('timeline', f) }, 'timeline')),
    filterSummary(filterParams(params)),
    h('h3', {}, `Counterparts (${cp.counterparts.length})`),
    cp.counterparts.length
      ? h('table', { class: 'ranks counterparts' }, h('thead', {}, h('tr', {}, ['#', 'Actor', 'Events with it', 'Types', months.length ? `Months to ${months[months.length - 1]} (36 at most)` : 'Months', 'Latest'].map((t) => h('th', {}, t)))), h('tbody', {}, rows))
      : h('p', { class: 'empty' }, 'No other actor in these events.'),
    h('h3', {}, `Events (${evs.total}), newest first`),
    evs.events.length ? eventTable(evs.events, f) : h('p', { class: 'empty' }, 'No events.'),
    pager(evs.total, 50, offset, (o) => {
      const p = new URLSearchParams(f);
      p.delete('actor');
      if (o) p.set('offset', String(o));
      return link('entity', p, id);
    }),
  );
}
