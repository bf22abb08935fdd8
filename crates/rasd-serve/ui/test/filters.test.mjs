// Unit tests of the filters' defaults (`node --test test/`).

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { apiFilter, modalitiesOf, modalityParam, defaultModality } from '../src/filters.js';

test('without a modality the views ask for what happened', () => {
  const p = new URLSearchParams('actor=Haftar');
  assert.ok(defaultModality(p));
  assert.deepEqual(modalitiesOf(p), ['asserted', 'reported']);
  assert.equal(apiFilter(p).toString(), 'actor=Haftar&modality=asserted%2Creported');
});

test('any modality sends no modality filter; a chosen set is sent as it is', () => {
  assert.equal(apiFilter(new URLSearchParams('modality=any')).toString(), '');
  assert.equal(apiFilter(new URLSearchParams('modality=negated')).get('modality'), 'negated');
  assert.deepEqual(modalitiesOf(new URLSearchParams('modality=future,hedged')), ['future', 'hedged']);
});

test('the form writes the default as nothing and every modality as any', () => {
  assert.equal(modalityParam(['reported', 'asserted']), null);
  assert.equal(modalityParam(['asserted', 'reported', 'future', 'hedged', 'hypothetical', 'negated']), 'any');
  assert.equal(modalityParam(['negated']), 'negated');
});
