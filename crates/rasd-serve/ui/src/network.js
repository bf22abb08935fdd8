// The actor network (cytoscape): nodes sized by activity (merged events), one edge per
// (source, target, type) coloured by type and as wide as its event count.

import { typeColor } from './types.js';

/// Draws `graph` (`/api/graph`) in `el`; `onActor(id)` when a node is tapped. Returns the
/// cytoscape instance.
export function drawNetwork(el, graph, { onActor = null, focus = [] } = {}) {
  const max = Math.max(1, ...graph.nodes.map((n) => n.events));
  const maxEdge = Math.max(1, ...graph.edges.flatMap((e) => Object.values(e.types)));
  const elements = [];
  for (const n of graph.nodes) {
    const a = n.actor;
    elements.push({
      group: 'nodes',
      data: {
        id: a.id,
        label: a.name_ar && a.name_ar !== a.name_en ? `${a.name_en}\n${a.name_ar}` : a.name_en,
        size: 18 + 52 * Math.sqrt(n.events / max),
        events: n.events,
        kind: a.kind,
      },
      classes: focus.includes(a.id) ? 'focus' : '',
    });
  }
  for (const e of graph.edges) {
    for (const [t, count] of Object.entries(e.types)) {
      elements.push({
        group: 'edges',
        data: { id: `${e.source}->${e.target}:${t}`, source: e.source, target: e.target, type: t, count, color: typeColor(t), width: 1.5 + 6 * Math.sqrt(count / maxEdge) },
      });
    }
  }
  const cy = window.cytoscape({
    container: el,
    elements,
    wheelSensitivity: 0.3,
    style: [
      {
        selector: 'node',
        style: {
          width: 'data(size)',
          height: 'data(size)',
          'background-color': '#5c6b7a',
          label: 'data(label)',
          'text-wrap': 'wrap',
          'font-size': 11,
          'font-family': '"Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif',
          'text-valign': 'bottom',
          'text-margin-y': 4,
          color: '#1d2733',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.75,
          'text-background-padding': 2,
        },
      },
      { selector: 'node[kind = "country"]', style: { shape: 'round-rectangle', 'background-color': '#8d99ae' } },
      { selector: 'node[kind = "organization"], node[kind = "group"]', style: { shape: 'diamond' } },
      { selector: 'node.focus', style: { 'background-color': '#e4572e', 'border-width': 3, 'border-color': '#111' } },
      {
        selector: 'edge',
        style: {
          width: 'data(width)',
          'line-color': 'data(color)',
          'target-arrow-color': 'data(color)',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
          opacity: 0.85,
        },
      },
    ],
    layout: { name: graph.nodes.length > 1 ? 'cose' : 'grid', animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 110, padding: 30 },
  });
  if (onActor) cy.on('tap', 'node', (evt) => onActor(evt.target.id()));
  return cy;
}
