//! Matching keys for Arabic text.
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
                if d != ' ' {
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
        // Every char of the Arabic block, one at a time.
        for cp in 0x0600u32..=0x06FF {
            let Some(c) = char::from_u32(cp) else { continue };
            let mut slow = String::new();
            push_key_char(c, &mut slow);
            assert_eq!(key(&c.to_string()), slow, "U+{cp:04X}");
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
