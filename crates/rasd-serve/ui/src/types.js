// PLOVER's sixteen types and a colour for each: cool colours for cooperation, warm for conflict.

export const TYPES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
];

const COLORS = {
  AGREE: '#2a9d8f', CONSULT: '#277da1', SUPPORT: '#3a86ff', CONCEDE: '#8ecae6', COOPERATE: '#219ebc', AID: '#06d6a0',
  RETREAT: '#90be6d', REQUEST: '#b5838d', ACCUSE: '#f4a261', REJECT: '#e9c46a', THREATEN: '#f77f00', PROTEST: '#bc6c25',
  SANCTION: '#9d4edd', MOBILIZE: '#d62828', COERCE: '#a4161a', ASSAULT: '#6a040f',
};

export function typeColor(t) {
  return COLORS[t] || '#777777';
}

/// A small coloured label for a type (and a count).
export function typeChip(t, n) {
  const el = document.createElement('span');
  el.className = 'type-chip';
  el.textContent = n === undefined ? t : `${t} ${n}`;
  // A CSSOM property, not an inline style attribute: allowed by the page's CSP.
  el.style.borderColor = typeColor(t);
  el.style.setProperty('--type-color', typeColor(t));
  return el;
}
