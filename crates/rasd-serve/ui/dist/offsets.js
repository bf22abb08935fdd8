// UTF-8 byte offsets (what the API gives) → JavaScript string indexes (UTF-16 code units), and
// the cutting of a text into pieces by overlapping spans.
//
// rasd's spans are byte ranges into the UTF-8 text. An Arabic letter is 2 bytes but 1 UTF-16
// unit; an emoji or a rare CJK character is 4 bytes but 2 units. Slicing a JS string with byte
// offsets would mark the wrong words, so every offset goes through `byteIndex` first.

/// Number of UTF-8 bytes of the code point `cp`.
function utf8Len(cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/// A converter for `text`: `toIndex(byte)` gives the UTF-16 index at that byte offset, or -1 when
/// the offset is not on a character boundary or is past the end.
export function byteIndex(text) {
  // starts[k] = byte offset of the k-th code point; units[k] = its UTF-16 index.
  const bytes = [];
  const units = [];
  let b = 0;
  let u = 0;
  for (const ch of text) {
    bytes.push(b);
    units.push(u);
    const cp = ch.codePointAt(0);
    b += utf8Len(cp);
    u += ch.length;
  }
  bytes.push(b);
  units.push(u);
  const byteLength = b;
  return {
    byteLength,
    toIndex(byte) {
      if (!Number.isInteger(byte) || byte < 0 || byte > byteLength) return -1;
      // Binary search: bytes is strictly increasing.
      let lo = 0;
      let hi = bytes.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (bytes[mid] === byte) return units[mid];
        if (bytes[mid] < byte) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
  };
}

/// The UTF-8 length of a JS string (what the server counts).
export function utf8Length(s) {
  let n = 0;
  for (const ch of s) n += utf8Len(ch.codePointAt(0));
  return n;
}

/// Cuts `text` at every span boundary. `spans` are `{start, end, ...}` in BYTES; the result is a
/// list of `{text, spans}` pieces in order, covering the whole text, each with the spans that
/// cover it. Spans that do not fall on character boundaries, or are empty, are returned in
/// `rejected` and mark nothing.
export function segment(text, spans) {
  const conv = byteIndex(text);
  const ok = [];
  const rejected = [];
  for (const s of spans) {
    const a = conv.toIndex(s.start);
    const b = conv.toIndex(s.end);
    if (a < 0 || b < 0 || b <= a) {
      rejected.push(s);
      continue;
    }
    ok.push({ span: s, a, b });
  }
  const cuts = new Set([0, text.length]);
  for (const s of ok) {
    cuts.add(s.a);
    cuts.add(s.b);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const pieces = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const covering = ok.filter((s) => s.a <= a && s.b >= b).map((s) => s.span);
    pieces.push({ text: text.slice(a, b), start: a, end: b, spans: covering });
  }
  return { pieces, rejected };
}
