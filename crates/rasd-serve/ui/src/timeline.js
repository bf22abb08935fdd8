// The timeline: events per week (or month) as stacked bars by PLOVER type, in SVG.

import { svg } from './dom.js';
import { typeColor } from './types.js';

function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function nextBucket(iso, bucket) {
  if (bucket === 'week') return addDays(iso, 7);
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/// The last day of the bucket starting on `iso`.
export function bucketEnd(iso, bucket) {
  return addDays(nextBucket(iso, bucket), -1);
}

/// The buckets from the first to the last, with the empty ones between them so that the axis is
/// linear in time — except a run of more than `maxGap` empty buckets, which becomes one gap
/// marker (`{gap: true, start, end}`). So the bars are never more than (maxGap + 2) times the
/// buckets with events, whatever the dates (a mention from 1260 beside 2018's news).
export function fillBuckets(timeline, maxGap = 6) {
  const out = [];
  const bs = timeline.buckets;
  bs.forEach((b, i) => {
    if (i > 0) {
      const empty = [];
      let at = nextBucket(bs[i - 1].start, timeline.bucket);
      while (at < b.start && empty.length <= maxGap) {
        empty.push({ start: at, events: 0, types: {} });
        at = nextBucket(at, timeline.bucket);
      }
      if (at < b.start || empty.length > maxGap) out.push({ gap: true, start: empty[0].start, end: addDays(b.start, -1), events: 0, types: {} });
      else out.push(...empty);
    }
    out.push(b);
  });
  return out;
}

/// An SVG chart; `onBucket(start, end)` when a bar is clicked.
export function drawTimeline(timeline, { width = 900, height = 260, onBucket = null } = {}) {
  const buckets = fillBuckets(timeline);
  // Right padding: room for the last bar's label, which is centred on the bar.
  const pad = { l: 36, r: 24, t: 10, b: 40 };
  // Bars between 4 and 48 px wide: a long period scrolls, a short one does not stretch.
  const bw = Math.min(48, Math.max(4, (width - pad.l - pad.r) / Math.max(1, buckets.length)));
  const w = pad.l + pad.r + buckets.length * bw;
  const max = Math.max(1, ...buckets.map((b) => b.events));
  const y = (n) => pad.t + (height - pad.t - pad.b) * (1 - n / max);
  const root = svg('svg', { class: 'timeline', viewBox: `0 0 ${w} ${height}`, width: w, height, role: 'img', 'aria-label': `events per ${timeline.bucket}` });
  // Axis and gridlines.
  for (const frac of [0, 0.5, 1]) {
    const n = Math.round(max * frac);
    root.append(svg('line', { x1: pad.l, x2: w - pad.r, y1: y(n), y2: y(n), class: 'grid' }));
    root.append(svg('text', { x: pad.l - 4, y: y(n) + 4, 'text-anchor': 'end', class: 'axis' }, String(n)));
  }
  const labelEvery = Math.max(1, Math.ceil(buckets.length / 12));
  buckets.forEach((b, i) => {
    const x = pad.l + i * bw;
    if (b.gap) {
      const g = svg('g', { class: 'gap' });
      g.append(svg('line', { x1: x + bw / 2, x2: x + bw / 2, y1: pad.t, y2: height - pad.b }));
      g.append(svg('title', {}, `no events from ${b.start} to ${b.end}`));
      g.append(svg('text', { x: x + bw / 2, y: height - pad.b + 14, 'text-anchor': 'middle' }, '⋯'));
      root.append(g);
      return;
    }
    const g = svg('g', { class: 'bar', dataset: { start: b.start, events: b.events } });
    let acc = 0;
    for (const [t, n] of Object.entries(b.types).sort()) {
      const r = svg('rect', { x: x + 0.5, width: Math.max(1, bw - 1), y: y(acc + n), height: y(acc) - y(acc + n), fill: typeColor(t) });
      r.append(svg('title', {}, `${b.start}: ${t} ${n}`));
      g.append(r);
      acc += n;
    }
    // A full-height transparent target, so thin bars are easy to click.
    const hit = svg('rect', { x, width: bw, y: pad.t, height: height - pad.t - pad.b, class: 'hit' });
    hit.append(svg('title', {}, `${timeline.bucket} of ${b.start}: ${b.events} event${b.events === 1 ? '' : 's'}`));
    if (onBucket && b.events) hit.addEventListener('click', () => onBucket(b.start, bucketEnd(b.start, timeline.bucket)));
    g.append(hit);
    root.append(g);
    if (i % labelEvery === 0) {
      root.append(svg('text', { x: x + bw / 2, y: height - pad.b + 14, 'text-anchor': 'middle', class: 'axis' }, timeline.bucket === 'week' ? b.start.slice(5) : b.start.slice(0, 7)));
      if (i === 0 || b.start.slice(0, 4) !== buckets[i - labelEvery]?.start.slice(0, 4)) {
        root.append(svg('text', { x: x + bw / 2, y: height - pad.b + 28, 'text-anchor': 'middle', class: 'axis year' }, b.start.slice(0, 4)));
      }
    }
  });
  return root;
}
