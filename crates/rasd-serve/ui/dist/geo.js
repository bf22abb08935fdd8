// Plain geometry for the map, free of the DOM (unit-tested under node): country shapes made
// continuous across the antimeridian, and places grouped into clusters on a pixel grid.

/// A ring whose longitudes jump by more than 180° between two points (a shape crossing ±180°
/// that the data cut and rejoined on the other side) continued past ±180° instead, so that a
/// map draws it as one shape, not with a stripe across the world. A ring that goes all round
/// the globe (Antarctica's) cannot be continued and is returned as it is.
export function unwrapRing(ring) {
  if (ring.length < 2) return ring;
  let shift = 0;
  const out = [[ring[0][0], ring[0][1]]];
  for (let i = 1; i < ring.length; i++) {
    const d = ring[i][0] - ring[i - 1][0];
    if (d > 180) shift -= 360;
    else if (d < -180) shift += 360;
    out.push([ring[i][0] + shift, ring[i][1]]);
  }
  const lons = out.map((p) => p[0]);
  const span = Math.max(...lons) - Math.min(...lons);
  if (shift !== 0 || span >= 359) return ring;
  return out;
}

/// The longest jump in longitude between two consecutive points of any ring of a GeoJSON
/// geometry (for checks: a drawn stripe is a jump of more than 180°).
export function maxLonJump(geometry) {
  let max = 0;
  for (const ring of rings(geometry)) {
    for (let i = 1; i < ring.length; i++) max = Math.max(max, Math.abs(ring[i][0] - ring[i - 1][0]));
  }
  return max;
}

function rings(g) {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(rings);
  return [];
}

/// A feature collection whose polygons are made continuous (see `unwrapRing`).
export function unwrapFeatures(fc) {
  const fix = (g) => {
    if (!g) return g;
    if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(unwrapRing) };
    if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((p) => p.map(unwrapRing)) };
    if (g.type === 'GeometryCollection') return { ...g, geometries: g.geometries.map(fix) };
    return g;
  };
  return { ...fc, features: fc.features.map((f) => ({ ...f, geometry: fix(f.geometry) })) };
}

/// The basemap's countries: shapes continued across the antimeridian, and without the one
/// whose ring runs round the whole globe (Antarctica, closed along the pole: drawn on a
/// Mercator map it is an edge from one side of the world to the other, and no news is placed there).
export function basemapFeatures(fc) {
  const fixed = unwrapFeatures(fc);
  return { ...fixed, features: fixed.features.filter((f) => maxLonJump(f.geometry) <= 180) };
}

/// Groups points `{x, y, weight, item}` (pixels) into clusters of one grid cell of `cell` pixels
/// each, heaviest first; a cluster sits at its members' weighted centre.
export function gridClusters(points, cell = 48) {
  const cells = new Map();
  for (const p of points) {
    const key = `${Math.floor(p.x / cell)}:${Math.floor(p.y / cell)}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { items: [], weight: 0, sx: 0, sy: 0 }));
    c.items.push(p.item);
    c.weight += p.weight;
    c.sx += p.x * p.weight;
    c.sy += p.y * p.weight;
  }
  return [...cells.values()]
    .map((c) => ({ items: c.items, weight: c.weight, x: c.sx / Math.max(c.weight, 1e-9), y: c.sy / Math.max(c.weight, 1e-9) }))
    .sort((a, b) => b.weight - a.weight);
}
