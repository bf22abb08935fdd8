// Unit tests of the casualty wording (`node --test test/`, also run by
// `cargo test -p rasd-serve --test ui_unit`).

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { formatTolls, tollCount } from '../src/tolls.js';

test('exact figures and lower bounds', () => {
  assert.equal(formatTolls({ count: 27, exact: true }, { count: 30, exact: false }), '27 killed, 30+ injured');
  assert.equal(tollCount({ count: 10, exact: false }), '10+');
  assert.equal(tollCount({ count: 6, exact: true }), '6');
});

test('only the known figures are written, and a known zero is kept', () => {
  assert.equal(formatTolls(null, { count: 4, exact: true }), '4 injured');
  assert.equal(formatTolls({ count: 0, exact: true }, null), '0 killed');
  assert.equal(formatTolls(null, null), '');
  assert.equal(formatTolls(undefined, undefined), '');
});
