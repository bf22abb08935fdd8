// Unit tests of the timeline's buckets (`node --test test/`): a far outlier never makes the
// chart allocate a bar per week of the centuries in between.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { fillBuckets } from '../src/timeline.js';

const b = (start, events = 1) => ({ start, events, types: { CONSULT: events } });

test('close buckets are filled; a long empty run is one gap', () => {
  const t = { bucket: 'month', buckets: [b('1260-09-01'), b('2017-01-01'), b('2017-03-01', 2)] };
  const out = fillBuckets(t);
  assert.deepEqual(out.map((x) => (x.gap ? 'gap' : x.start)), ['1260-09-01', 'gap', '2017-01-01', '2017-02-01', '2017-03-01']);
  assert.equal(out[1].end, '2016-12-31');
  assert.equal(out[out.length - 1].events, 2, 'the last bucket is kept');
});

test('weeks over three years of news are bars, not a truncated list', () => {
  const weeks = [];
  for (let d = new Date('2015-01-05T00:00:00Z'); d < new Date('2018-01-01T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 14)) weeks.push(b(d.toISOString().slice(0, 10)));
  const t = { bucket: 'week', buckets: [b('1260-01-05'), ...weeks] };
  const out = fillBuckets(t);
  assert.equal(out[out.length - 1].start, weeks[weeks.length - 1].start);
  assert.ok(out.length < 2 * weeks.length + 3, `${out.length}`);
});
