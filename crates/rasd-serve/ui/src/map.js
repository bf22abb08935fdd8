// Maps on an offline basemap: Natural Earth country shapes (world-atlas, 1:50m, TopoJSON bundled
// in world/countries-50m.json), drawn by Leaflet as vector shapes. No tile server.

import { h, ar } from './dom.js';
import { typeChip, typeColor } from './types.js';

let world = null;

/// The countries as GeoJSON, fetched once from this server.
function countries() {
  if (!world) {
    world = fetch('world/countries-50m.json')
      .then((r) => {
        if (!r.ok) throw new Error(`basemap: HTTP ${r.status}`);
        return r.json();
      })
      .then((topo) => window.topojson.feature(topo, topo.objects.countries));
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

/// Places with event counts (`/api/places`): circles sized by events, coloured by their most
/// frequent type; `onPlace(place)` when one is clicked.
export function drawPlaces(map, places, { onPlace = null, focus = null } = {}) {
  const L = window.L;
  // Sized against the busiest place, but a handful of events never fills the scale.
  const max = Math.max(10, ...places.map((p) => p.events));
  const layer = L.featureGroup();
  for (const p of places) {
    const { lat, lon } = p.place;
    if (lat == null || lon == null) continue;
    const top = Object.entries(p.types).sort((a, b) => b[1] - a[1])[0]?.[0];
    const isFocus = focus && p.place.id === focus;
    const m = L.circleMarker([lat, lon], {
      radius: 5 + 15 * Math.sqrt(p.events / max),
      color: isFocus ? '#111' : '#333',
      weight: isFocus ? 3 : 1,
      fillColor: typeColor(top),
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
    m.addTo(layer);
  }
  layer.addTo(map);
  if (layer.getLayers().length) map.fitBounds(layer.getBounds().pad(0.4), { maxZoom: 6, animate: false });
  return layer;
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
