// Building the page with DOM nodes only. News text (titles, sentences, names, outlets) is always
// a text node: nothing here ever assigns innerHTML, so `<script>` or `<img onerror=…>` inside an
// article is shown as the characters it is.

/// `h('a', {href: '#/x', class: 'c'}, 'text', child)`: an element. Strings and numbers become
/// text nodes; `null`, `undefined` and `false` children are skipped; arrays are flattened.
/// Attributes `on<event>` take functions; everything else is set with setAttribute.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  appendAll(el, children);
  return el;
}

/// The same for SVG elements.
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttrs(el, attrs);
  appendAll(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

/// Appends children (strings become text nodes; arrays are flattened).
export function append(el, ...children) {
  return appendAll(el, children);
}

function appendAll(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/// Empties `el` and fills it with `children`.
export function replace(el, ...children) {
  el.replaceChildren();
  return appendAll(el, children);
}

/// An http(s) URL to link to, or null: an article's `url` is data, and a `javascript:` or
/// `data:` URL must never become a link.
export function safeUrl(u) {
  if (typeof u !== 'string') return null;
  try {
    const parsed = new URL(u);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/// Arabic inline text, isolated so it does not reorder the English around it.
export function ar(text) {
  return text ? h('bdi', { class: 'ar', lang: 'ar', dir: 'rtl' }, text) : null;
}

/// An actor as English and Arabic names side by side.
export function actorName(a, href) {
  const inner = [h('span', { class: 'en' }, a.name_en || a.id || a.entity || '?'), a.name_ar ? ' ' : null, ar(a.name_ar)];
  return href ? h('a', { class: 'actor', href, title: a.id || a.entity || '' }, inner) : h('span', { class: 'actor', title: a.id || a.entity || '' }, inner);
}
