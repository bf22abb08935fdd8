// Unit tests of the map's geometry (`node --test test/`): the basemap has no shape that jumps
// across the world (the stripes of shapes crossing the antimeridian), and clustering on a grid.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { unwrapRing, unwrapFeatures, basemapFeatures, maxLonJump, gridClusters } from '../src/geo.js';

test('a ring crossing the antimeridian is continued past it', () => {
  const ring = [[178, 60], [-179, 61], [-178, 65], [179, 66], [178, 60]];
  const out = unwrapRing(ring);
  assert.deepEqual(out.map((p) => p[0]), [178, 181, 182, 179, 178]);
  assert.ok(maxLonJump({ type: 'Polygon', coordinates: [out] }) < 180);
  assert.ok(maxLonJump({ type: 'Polygon', coordinates: [ring] }) > 180);
});

test('the bundled basemap has no stripe once unwrapped', () => {
  // The browser build, run as a script (it sets globalThis.topojson).
  new Function(readFileSync(new URL('../dist/vendor/topojson-client.min.js', import.meta.url), 'utf8'))();
  const { topojson } = globalThis;
  const topo = JSON.parse(readFileSync(new URL('../dist/world/countries-50m.json', import.meta.url), 'utf8'));
  const fc = topojson.feature(topo, topo.objects.countries);
  const before = fc.features.filter((f) => maxLonJump(f.geometry) > 180).map((f) => f.properties.name);
  assert.ok(before.length >= 2, `the raw shapes cross the antimeridian (Russia, Fiji…): ${before}`);
  const fixed = unwrapFeatures(fc);
  const after = fixed.features.filter((f) => maxLonJump(f.geometry) > 180).map((f) => f.properties.name);
  assert.deepEqual(after, ['Antarctica'], 'only the ring round the pole is left');
  const base = basemapFeatures(fc);
  assert.equal(base.features.length, fc.features.length - 1);
  assert.ok(base.features.every((f) => maxLonJump(f.geometry) <= 180));
});

test('grid clusters merge close points and keep far ones apart', () => {
  const pts = [
    { x: 10, y: 10, weight: 3, item: 'a' },
    { x: 20, y: 15, weight: 1, item: 'b' },
    { x: 300, y: 300, weight: 5, item: 'c' },
  ];
  const cs = gridClusters(pts, 48);
  assert.equal(cs.length, 2);
  assert.deepEqual(cs[0].items, ['c']);
  assert.deepEqual(cs[1].items.sort(), ['a', 'b']);
  assert.equal(cs[1].weight, 4);
  assert.equal(cs[1].x, 12.5);
});
