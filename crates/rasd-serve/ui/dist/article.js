// The article view: Arabic text right to left, with entity mentions, time expressions and event
// evidence highlighted from the API's byte spans.

import { h, ar, safeUrl } from './dom.js';
import { segment } from './offsets.js';
import { tollCount } from './tolls.js';

/// `view` is the API's Article (`/api/documents/{id}` or `article` of `/api/analyze`).
/// `focus` is the coding id of the event whose evidence is emphasised (others are lighter).
export function renderArticle(view, { focus = null, onEntity = null } = {}) {
  const spans = [];
  for (const e of view.entities) spans.push({ start: e.start, end: e.end, kind: 'ent', ent: e });
  for (const t of view.times) spans.push({ start: t.start, end: t.end, kind: 'time', time: t });
  for (const ev of view.events) {
    for (const m of ev.evidence) {
      spans.push({ start: m.start, end: m.end, kind: 'ev', ev });
      if (m.trigger_end > m.trigger_start) spans.push({ start: m.trigger_start, end: m.trigger_end, kind: 'trig', ev });
    }
    // The words of its casualty figures.
    for (const [t, what] of [[ev.fatalities, 'killed'], [ev.injured, 'injured']]) {
      if (t) spans.push({ start: t.start, end: t.end, kind: 'toll', ev, label: `${tollCount(t)} ${what}` });
    }
  }
  const { pieces, rejected } = segment(view.text, spans);
  const body = h('div', { class: 'article-text' });
  for (const p of pieces) {
    if (p.spans.length === 0) {
      body.append(document.createTextNode(p.text));
      continue;
    }
    const classes = new Set();
    const titles = [];
    let entity = null;
    for (const s of p.spans) {
      if (s.kind === 'ent') {
        classes.add('ent');
        classes.add(`ent-${s.ent.kind}`);
        entity = s.ent;
        titles.push(`${s.ent.name_en} — ${s.ent.name_ar} (${s.ent.kind}${s.ent.country ? ', ' + s.ent.country : ''})`);
      } else if (s.kind === 'time') {
        classes.add('time');
        titles.push(s.time.date_start === s.time.date_end ? `date: ${s.time.date_start}` : `dates: ${s.time.date_start} … ${s.time.date_end} (${s.time.precision})`);
      } else if (s.kind === 'ev') {
        classes.add(s.ev.coding_id === focus ? 'ev-focus' : 'ev');
        titles.push(`evidence of ${s.ev.type}${s.ev.mode ? '/' + s.ev.mode : ''} (${s.ev.coding_id})`);
      } else if (s.kind === 'trig') {
        classes.add(s.ev.coding_id === focus ? 'trig-focus' : 'trig');
      } else if (s.kind === 'toll') {
        classes.add('toll');
        titles.push(`${s.label} (${s.ev.coding_id})`);
      }
    }
    const el = h('span', { class: [...classes].join(' '), title: [...new Set(titles)].join('\n') }, p.text);
    if (entity && onEntity) {
      el.dataset.entity = entity.entity;
      el.addEventListener('click', () => onEntity(entity));
    }
    body.append(el);
  }
  const d = view.document;
  const url = safeUrl(d.url);
  const meta = h(
    'p',
    { class: 'article-meta', dir: 'ltr', lang: 'en' },
    d.published ? `published ${d.published}` : 'no publication date',
    d.source ? [' · ', ar(d.source)] : null,
    url ? [' · ', h('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original')] : d.url ? [' · url: ', h('code', {}, d.url)] : null,
    rejected.length || view.dropped_spans ? ` · ${rejected.length + view.dropped_spans} spans did not fit the text` : null,
  );
  return h(
    'article',
    { class: 'article', dir: 'rtl', lang: 'ar' },
    d.title ? h('h2', { class: 'article-title' }, d.title) : null,
    meta,
    body,
  );
}

/// The legend of the highlight colours.
export function legend() {
  return h(
    'p',
    { class: 'legend' },
    h('span', { class: 'ent' }, 'entity'),
    ' ',
    h('span', { class: 'time' }, 'time expression'),
    ' ',
    h('span', { class: 'ev-focus' }, 'evidence of the selected event ', h('span', { class: 'trig-focus' }, 'trigger')),
    ' ',
    h('span', { class: 'ev' }, 'other events\u2019 evidence'),
    ' ',
    h('span', { class: 'toll' }, 'casualty figure'),
  );
}
