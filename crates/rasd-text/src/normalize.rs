//! Normalisation of Arabic text in two layers, neither of which moves offsets.
//!
//! - [`lossless`]: the text in canonical form (NFC, presentation forms, digits, punctuation,
//!   quotation marks, invisible marks) with an offset map back to the original ([`Normalized`]).
//! - [`key`]: the lossy *matching key* of a word or phrase, described below.
//!
//! rasd never rewrites a document's text. Instead every token carries a *key*: a
//! normalised form used only to look things up (lexicons, the knowledge base,
//! triggers). Spans always stay in the original text.
//!
//! The key folds what Arabic news spells inconsistently:
//! - diacritics (harakat, tanwin, shadda, sukun, dagger alef U+0670, Quranic marks) and tatweel are dropped;
//! - alef forms أ إ آ ٱ → ا; ى → ي; ة → ه; ؤ → و; ئ → ي;
//! - Arabic-Indic (٠-٩) and Persian (۰-۹) digits → ASCII;
//! - presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) → their base letters (NFKC);
//! - invisible marks (ZWNJ, ZWJ, LRM, RLM, bidi embeddings, BOM) are dropped;
//! - Latin letters are lowercased; Persian/Urdu letters ک ی are folded to ك ي.

use unicode_normalization::char::decompose_compatible;

/// Pushes the key form of one original character onto `out`.
/// Returns how many chars were pushed (0 for dropped marks, usually 1, 2 for some ligatures).
#[inline]
pub fn push_key_char(c: char, out: &mut String) -> usize {
    match c {
        // Arabic diacritics, dagger alef, Quranic annotation marks, tatweel.
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => 0,
        // Invisible formatting marks.
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' => 0,
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => {
            out.push('ا');
            1
        }
        'ى' | 'ئ' | 'ی' | 'ے' => {
            out.push('ي');
            1
        }
        'ة' | 'ۃ' => {
            out.push('ه');
            1
        }
        'ؤ' => {
            out.push('و');
            1
        }
        'ک' => {
            out.push('ك');
            1
        }
        '٠'..='٩' => {
            out.push(char::from(b'0' + (c as u32 - '٠' as u32) as u8));
            1
        }
        '۰'..='۹' => {
            out.push(char::from(b'0' + (c as u32 - '۰' as u32) as u8));
            1
        }
        '٫' => {
            out.push('.');
            1
        }
        '٬' => {
            out.push(',');
            1
        }
        // Fast path: the plain Arabic letters not folded above are their own key.
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => {
            out.push(c);
            1
        }
        'A'..='Z' => {
            out.push(c.to_ascii_lowercase());
            1
        }
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => {
            let mut n = 0;
            let mut buf = String::new();
            decompose_compatible(c, |d| buf.push(d));
            for d in buf.chars() {
                if d == c {
                    // No decomposition (an unassigned code point or a noncharacter such as U+FDD0):
                    // the char is its own key. Recursing here would never end.
                    out.push(c);
                    n += 1;
                } else if d != ' ' {
                    n += push_key_char(d, out);
                }
            }
            n
        }
        c if c.is_uppercase() => {
            let mut n = 0;
            for l in c.to_lowercase() {
                out.push(l);
                n += 1;
            }
            n
        }
        c => {
            out.push(c);
            1
        }
    }
}

/// The matching key of a whole string (see the module docs).
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_key(s, &mut out);
    out
}

/// Appends the key of `s` to `out`. Same result as [`push_key_char`] over every char, with a fast
/// path for the characters that are their own key (ASCII other than capitals, the plain Arabic
/// letters), which make up almost all of news text.
pub fn push_key(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c0 = b[i];
        if c0 < 0x80 {
            out.push(char::from(c0.to_ascii_lowercase()));
            i += 1;
            continue;
        }
        if (c0 == 0xD8 || c0 == 0xD9) && i + 1 < b.len() {
            let cp = ((u32::from(c0) & 0x1F) << 6) | (u32::from(b[i + 1]) & 0x3F);
            if is_own_key_arabic(cp) {
                out.push_str(&s[i..i + 2]);
                i += 2;
                continue;
            }
        }
        let c = s[i..].chars().next().expect("i is on a char boundary");
        push_key_char(c, out);
        i += c.len_utf8();
    }
}

/// Plain Arabic letters that [`push_key_char`] leaves unchanged.
#[inline]
fn is_own_key_arabic(cp: u32) -> bool {
    matches!(cp, 0x0621..=0x063A | 0x0641..=0x064A) && !matches!(cp, 0x0622..=0x0626 | 0x0629 | 0x0649)
}

// ---------------------------------------------------------------- the lossless layer

/// A text in canonical form with a map back to the original: the *lossless* layer.
///
/// It changes how the text is written, never what it says: NFC composition (ا + U+0654 → أ),
/// presentation forms → their letters (NFKC of U+FB50–U+FDFF, U+FE70–U+FEFF), Arabic-Indic and
/// Persian digits → ASCII, Arabic punctuation `، ؛ ؟ ٪ ٫ ٬` → `, ; ? % . ,`, every double quotation
/// mark (`“ ” « » „ ‟ ″`) → `"` and single one (`‘ ’ ‚ ‹ ›`) → `'`, and invisible marks (RLM,
/// LRM, ZWJ, ZWNJ, ALM, bidi embeddings and isolates, BOM) removed. Letters, hamza forms,
/// diacritics and tatweel are kept: folding those is the lossy [`key`]'s job.
///
/// The original is never replaced: [`Normalized::orig_offset`] maps any offset of the normalised
/// text back to the original, so a span found here is reported in original offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// (offset in `text`, offset in the original) at the start of every piece, increasing in both.
    map: Vec<(usize, usize)>,
    orig_len: usize,
}

impl Normalized {
    /// The original offset of a normalised offset: the start of the original piece that produced
    /// the normalised char at `at` (or the original's end, for `at == text.len()`).
    pub fn orig_offset(&self, at: usize) -> usize {
        if at >= self.text.len() {
            return self.orig_len;
        }
        let i = self.map.partition_point(|&(n, _)| n <= at);
        self.map[i - 1].1
    }

    /// A normalised byte range as an original span: from the piece holding `start` to the end of
    /// the piece holding `end - 1`.
    pub fn orig_span(&self, start: usize, end: usize) -> rasd_core::Span {
        if end <= start {
            let o = self.orig_offset(start);
            return rasd_core::Span::new(o, o);
        }
        let i = self.map.partition_point(|&(n, _)| n < end);
        let orig_end = self.map.get(i).map_or(self.orig_len, |&(_, o)| o);
        rasd_core::Span::new(self.orig_offset(start), orig_end)
    }
}

/// The lossless form of one cluster (a char and the combining marks after it).
fn push_lossless(cluster: &str, out: &mut String) {
    let mut chars = cluster.chars();
    let Some(c) = chars.next() else { return };
    if chars.as_str().is_empty() {
        match c {
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' => {}
            '٠'..='٩' => out.push(char::from(b'0' + (c as u32 - '٠' as u32) as u8)),
            '۰'..='۹' => out.push(char::from(b'0' + (c as u32 - '۰' as u32) as u8)),
            '،' => out.push(','),
            '؛' => out.push(';'),
            '؟' => out.push('?'),
            '٪' => out.push('%'),
            '٫' => out.push('.'),
            '٬' => out.push(','),
            '“' | '”' | '«' | '»' | '„' | '‟' | '″' => out.push('"'),
            '‘' | '’' | '‚' | '‹' | '›' => out.push('\''),
            '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' => decompose_compatible(c, |d| out.push(d)),
            c => out.push(c),
        }
        return;
    }
    use unicode_normalization::UnicodeNormalization;
    if cluster.chars().any(|c| matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')) {
        out.extend(cluster.nfkc());
    } else {
        out.extend(cluster.nfc());
    }
}

/// The lossless layer of `text` (see [`Normalized`]).
pub fn lossless(text: &str) -> Normalized {
    let mut out = Normalized { text: String::with_capacity(text.len()), map: Vec::with_capacity(text.len() / 2), orig_len: text.len() };
    let mut iter = text.char_indices().peekable();
    while let Some((start, _)) = iter.next() {
        // A cluster: this char and the combining marks after it.
        let mut end = text.len();
        while let Some(&(j, d)) = iter.peek() {
            if unicode_normalization::char::is_combining_mark(d) {
                iter.next();
            } else {
                end = j;
                break;
            }
        }
        out.map.push((out.text.len(), start));
        push_lossless(&text[start..end], &mut out.text);
    }
    out
}

/// The key of a phrase: each whitespace-separated word keyed, joined by one space.
/// This is how lexicon entries are stored, so that they compare equal to token keys joined by spaces.
pub fn phrase_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        let k = key(w);
        if k.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&k);
    }
    out
}

/// Whether a char is an Arabic combining mark or tatweel (part of a word, dropped by the key).
#[inline]
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

/// Whether a char is an invisible formatting mark that may sit inside a word.
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// Byte offset in `orig` just after the first `n` key chars it produces.
/// Used to turn a clitic split found on the key back into an original-text offset.
pub fn orig_offset_after_key_chars(orig: &str, n: usize) -> usize {
    if n == 0 {
        // Skip nothing: the split is at the start.
        return 0;
    }
    let mut produced = 0;
    let mut scratch = String::new();
    for (i, c) in orig.char_indices() {
        scratch.clear();
        produced += push_key_char(c, &mut scratch);
        if produced >= n {
            // Include trailing marks (diacritics, tatweel) that belong to the last counted letter.
            let mut end = i + c.len_utf8();
            for (j, d) in orig[end..].char_indices() {
                if is_arabic_mark(d) || is_invisible(d) {
                    end = i + c.len_utf8() + j + d.len_utf8();
                } else {
                    break;
                }
            }
            return end;
        }
    }
    orig.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_spelling_variants() {
        assert_eq!(key("أردوغان"), key("اردوغان"));
        assert_eq!(key("إسرائيل"), "اسراييل");
        assert_eq!(key("القذافى"), key("القذافي"));
        assert_eq!(key("الجزيرة"), "الجزيره");
        assert_eq!(key("مُحَمَّدٌ"), "محمد");
        assert_eq!(key("قـــال"), "قال");
        assert_eq!(key("٢٠٢٥/٠٥/١٢"), "2025/05/12");
        assert_eq!(key("۱۴۰۳"), "1403");
        assert_eq!(key("CNN"), "cnn");
        assert_eq!(key("ﻻ"), "لا");
        assert_eq!(key("حز\u{200C}ب"), "حزب");
        assert_eq!(key("مسؤول"), key("مسئول").replace('ي', "و"));
    }

    #[test]
    fn fast_path_agrees_with_char_by_char() {
        let samples = ["وَصَلَ الوفدُ إلى عمّان", "ﻻ يزال ۱۴۰۳ و٢٠٢٥ CNN Ürün", "أإآٱىئةؤکی ـ ء", "\u{200F}x\u{0670}y", ""];
        for s in samples {
            let mut slow = String::new();
            for c in s.chars() {
                push_key_char(c, &mut slow);
            }
            assert_eq!(key(s), slow, "{s}");
        }
        // Every char of the Arabic block and of the presentation forms (some of them unassigned or
        // noncharacters, which have no decomposition), one at a time.
        for cp in (0x0600u32..=0x06FF).chain(0xFB50..=0xFDFF).chain(0xFE70..=0xFEFF) {
            let Some(c) = char::from_u32(cp) else { continue };
            let mut slow = String::new();
            push_key_char(c, &mut slow);
            assert_eq!(key(&c.to_string()), slow, "U+{cp:04X}");
        }
    }

    #[test]
    fn lossless_layer_and_its_offset_map() {
        // Decomposed hamza, Arabic-Indic digits, Arabic comma and question mark, guillemets, an RLM,
        // a lam-alef presentation form; diacritics and tatweel are kept.
        let orig = "سأل ا\u{0654}حمد عن ٢٠٢٥، «لماذا؟»\u{200F} ﻻ تـــزال";
        let n = lossless(orig);
        assert_eq!(n.text, "سأل أحمد عن 2025, \"لماذا?\" لا تـــزال");
        // Every normalised word maps back to its original surface.
        for w in ["أحمد", "2025", "لماذا", "لا", "تـــزال"] {
            let at = n.text.find(w).unwrap();
            let sp = n.orig_span(at, at + w.len());
            let back = &orig[sp.range()];
            assert_eq!(key(back), key(&lossless(back).text), "{w} ↔ {back}");
            assert_eq!(lossless(back).text, w);
        }
        assert_eq!(n.orig_offset(n.text.len()), orig.len());
        // Keys agree whichever layer they start from.
        assert_eq!(key(&n.text).replace(['"', ',', '?'], ""), key(orig).replace(['«', '»', '،', '؟'], ""));
    }

    #[test]
    fn lossless_map_is_monotonic_on_any_text() {
        let samples = ["", "abc", "\u{0654}\u{0654}x", "ﷺ والسلام", "e\u{0301}\u{0327}", "\u{200F}\u{200F}"];
        for s in samples {
            let n = lossless(s);
            let mut last = 0;
            for at in 0..=n.text.len() {
                let o = n.orig_offset(at);
                assert!(o >= last && o <= s.len() && s.is_char_boundary(o), "{s:?} at {at}");
                last = o;
            }
        }
    }

    #[test]
    fn phrase_keys_collapse_spaces() {
        assert_eq!(phrase_key("  وزير   الدفاع "), "وزير الدفاع");
    }

    #[test]
    fn key_offsets_map_back() {
        let w = "وَالتقى";
        // After one key char (و) the original offset must include its fatha.
        let off = orig_offset_after_key_chars(w, 1);
        assert_eq!(&w[off..], "التقى");
        assert_eq!(orig_offset_after_key_chars("بـ9", 1), "بـ".len());
    }
}
