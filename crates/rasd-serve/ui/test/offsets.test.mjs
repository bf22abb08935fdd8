// Unit tests of the byte-offset conversion (`node --test test/`, also run by
// `cargo test -p rasd-serve --test ui_unit`).

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { byteIndex, segment, utf8Length } from '../src/offsets.js';

/// The byte offset of `needle` in `text`, computed independently with TextEncoder.
function byteOffset(text, needle) {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} in text`);
  return new TextEncoder().encode(text.slice(0, i)).length;
}

test('Arabic letters are two bytes and one UTF-16 unit', () => {
  const text = 'التقى الوزير نظيره في القاهرة.';
  const c = byteIndex(text);
  assert.equal(c.byteLength, new TextEncoder().encode(text).length);
  const start = byteOffset(text, 'القاهرة');
  const end = start + new TextEncoder().encode('القاهرة').length;
  assert.equal(text.slice(c.toIndex(start), c.toIndex(end)), 'القاهرة');
  // A byte inside a letter is not a boundary.
  assert.equal(c.toIndex(start + 1), -1);
  assert.equal(c.toIndex(c.byteLength), text.length);
  assert.equal(c.toIndex(c.byteLength + 1), -1);
  assert.equal(c.toIndex(-1), -1);
  assert.equal(c.toIndex(1.5), -1);
});

test('astral characters are four bytes and two UTF-16 units', () => {
  // An emoji and a supplementary CJK character before the word, harakat and a Latin word after it.
  const text = 'خبر 😀𠜎 عاجل: وصلَ الوفدُ إلى Genève اليوم';
  const c = byteIndex(text);
  for (const word of ['عاجل', 'وصلَ', 'الوفدُ', 'Genève', 'اليوم', '😀', '𠜎']) {
    const s = byteOffset(text, word);
    const e = s + utf8Length(word);
    assert.equal(text.slice(c.toIndex(s), c.toIndex(e)), word, word);
  }
  // The middle of the emoji's surrogate pair (byte 2 of 4 after "خبر ").
  const emoji = byteOffset(text, '😀');
  assert.equal(c.toIndex(emoji + 2), -1);
});

test('utf8Length agrees with TextEncoder', () => {
  for (const s of ['', 'a', 'é', 'ب', '€', '😀', 'مرحبا بالعالم 😀 é €']) {
    assert.equal(utf8Length(s), new TextEncoder().encode(s).length, s);
  }
});

test('segment cuts overlapping spans into pieces that cover the text once', () => {
  const text = 'قال الرئيس إن الاجتماع عقد أمس في عمّان.';
  const sentence = { start: 0, end: utf8Length(text), kind: 'evidence' };
  const amman = { start: byteOffset(text, 'عمّان'), end: byteOffset(text, 'عمّان') + utf8Length('عمّان'), kind: 'entity' };
  const yesterday = { start: byteOffset(text, 'أمس'), end: byteOffset(text, 'أمس') + utf8Length('أمس'), kind: 'time' };
  const broken = { start: 1, end: 5, kind: 'entity' };
  const { pieces, rejected } = segment(text, [sentence, amman, yesterday, broken]);
  assert.equal(pieces.map((p) => p.text).join(''), text, 'the pieces concatenate to the text');
  assert.deepEqual(rejected, [broken]);
  const marked = (kind) => pieces.filter((p) => p.spans.some((s) => s.kind === kind)).map((p) => p.text).join('');
  assert.equal(marked('entity'), 'عمّان');
  assert.equal(marked('time'), 'أمس');
  assert.equal(marked('evidence'), text);
  // No piece is empty, and pieces are in order.
  assert.ok(pieces.every((p, i) => p.text.length > 0 && (i === 0 || pieces[i - 1].end === p.start)));
});

test('markup-like text is data, not markup', () => {
  const text = 'نص <script>alert(1)</script> و<img src=x onerror=alert(1)>';
  const { pieces } = segment(text, [{ start: 0, end: utf8Length('نص'), kind: 'entity' }]);
  assert.equal(pieces.map((p) => p.text).join(''), text);
});
