// Maps on an offline basemap: Natural Earth country shapes (world-atlas, 1:50m, TopoJSON bundled
// in world/countries-50m.json), drawn by Leaflet as vector shapes. No tile server.

import { h, ar } from './dom.js';
import { typeChip, typeColor } from './types.js';
import { basemapFeatures, gridClusters } from './geo.js';

let world = null;

/// The countries as GeoJSON, fetched once from this server.
function countries() {
  if (!world) {
    world = fetch('world/countries-50m.json')
      .then((r) => {
        if (!r.ok) throw new Error(`basemap: HTTP ${r.status}`);
        return r.json();
      })
      // Shapes crossing the antimeridian continued past it: no stripe across the map.
      .then((topo) => basemapFeatures(window.topojson.feature(topo, topo.objects.countries)));
  }
  return world;
}

/// A Leaflet map in `el` with the basemap. Resolves to the map once the countries are drawn.
export async function baseMap(el, { zoom = 2, center = [25, 20] } = {}) {
  const L = window.L;
  // No zoom animation: a view that is left while an animated zoom runs would break Leaflet.
  const map = L.map(el, { worldCopyJump: false, minZoom: 1, maxZoom: 9, zoomSnap: 0.5, zoomAnimation: false, fadeAnimation: false, maxBounds: [[-85, -200], [85, 200]] }).setView(center, zoom);
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution('Country shapes: Natural Earth (public domain), via world-atlas');
  const geo = await countries();
  L.geoJSON(geo, {
    style: () => ({ className: 'rasd-country', color: '#ffffff', weight: 0.6, fillColor: '#d9dde3', fillOpacity: 1 }),
    interactive: false,
  }).addTo(map);
  return map;
}

function placeLabel(place) {
  return h('span', {}, h('strong', {}, place.name_en || place.id), ' ', ar(place.name_ar), place.precision ? ` (${place.precision})` : null);
}

/// The most frequent type of a `{type: count}` map.
function topType(types) {
  return Object.entries(types).sort((a, b) => b[1] - a[1])[0]?.[0];
}

/// Places with event counts (`/api/places`), clustered on a 48-pixel grid at the current zoom
/// (redrawn on zoom): a circle sized by events, coloured by the most frequent type; a cluster of
/// several places says how many and zooms to them when clicked. The view is fitted to the
/// places. `onPlace(place)` when a single place's "events here" is chosen.
export function drawPlaces(map, places, { onPlace = null, focus = null } = {}) {
  const L = window.L;
  const placed = places.filter((p) => p.place.lat != null && p.place.lon != null);
  // Sized against the busiest place, but a handful of events never fills the scale.
  const max = Math.max(10, ...placed.map((p) => p.events));
  const radius = (n) => 5 + 15 * Math.sqrt(Math.min(n, max) / max);
  const layer = L.featureGroup();
  const draw = () => {
    layer.clearLayers();
    const pts = placed.map((p) => {
      const pt = map.latLngToLayerPoint([p.place.lat, p.place.lon]);
      return { x: pt.x, y: pt.y, weight: p.events, item: p };
    });
    for (const c of gridClusters(pts, 48)) {
      const at = map.layerPointToLatLng([c.x, c.y]);
      if (c.items.length === 1) {
        layer.addLayer(placeMarker(L, c.items[0], at, radius, focus, onPlace));
        continue;
      }
      const types = {};
      for (const p of c.items) for (const [t, n] of Object.entries(p.types)) types[t] = (types[t] || 0) + n;
      const m = L.circleMarker(at, { radius: radius(c.weight) + 3, color: '#111', weight: 2, dashArray: '3 2', fillColor: typeColor(topType(types)), fillOpacity: 0.8, className: 'rasd-point rasd-cluster' });
      const names = c.items.slice(0, 6).map((p) => p.place.name_en || p.place.id).join(', ');
      m.bindTooltip(`${c.items.length} places, ${c.weight} events: ${names}${c.items.length > 6 ? '…' : ''}`);
      m.on('click', () => map.fitBounds(L.latLngBounds(c.items.map((p) => [p.place.lat, p.place.lon])).pad(0.3), { animate: false }));
      layer.addLayer(m);
    }
  };
  draw();
  map.on('zoomend', draw);
  layer.addTo(map);
  if (placed.length) map.fitBounds(L.latLngBounds(placed.map((p) => [p.place.lat, p.place.lon])).pad(0.15), { maxZoom: 6, animate: false });
  return layer;
}

function placeMarker(L, p, at, radius, focus, onPlace) {
  const isFocus = focus && p.place.id === focus;
  const m = L.circleMarker(at, {
    radius: radius(p.events),
    color: isFocus ? '#111' : '#333',
    weight: isFocus ? 3 : 1,
    fillColor: typeColor(topType(p.types)),
    fillOpacity: 0.75,
    className: `rasd-point${isFocus ? ' rasd-focus' : ''}`,
  });
  const popup = h(
    'div',
    { class: 'popup' },
    placeLabel(p.place),
    h('br'),
    `${p.events} event${p.events === 1 ? '' : 's'}: `,
    Object.entries(p.types).map(([t, n]) => typeChip(t, n)),
    onPlace ? [h('br'), h('a', { href: '#', onclick: (e) => { e.preventDefault(); onPlace(p.place); } }, 'events here')] : null,
  );
  m.bindPopup(popup);
  m.bindTooltip(`${p.place.name_en} — ${p.place.name_ar}: ${p.events}`);
  return m;
}

/// One event's place, emphasised.
export function drawPoint(map, place, label) {
  const L = window.L;
  const m = L.circleMarker([place.lat, place.lon], { radius: 9, color: '#111', weight: 3, fillColor: '#e4572e', fillOpacity: 0.9, className: 'rasd-point rasd-focus' });
  m.bindTooltip(label, { permanent: true, direction: 'top', className: 'rasd-label' });
  m.addTo(map);
  map.setView([place.lat, place.lon], place.precision === 'country' ? 4 : 5, { animate: false });
  return m;
}
