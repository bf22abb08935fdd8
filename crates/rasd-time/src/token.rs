//! A small tokenizer that produces normalised matching keys without moving offsets.
//!
//! Every token keeps the byte range of its original surface; its *key* (held in one
//! shared buffer) is the normalised form used for lexicon lookups:
//! alef/hamza carriers `أ إ آ ٱ` → `ا`, `ى`/`ی` → `ي`, `ة` → `ه`, `ک` → `ك`,
//! tatweel, harakat and other combining marks dropped, ASCII letters lower-cased.
//! Digits (ASCII, Arabic-Indic `٠-٩`, Persian `۰-۹`) form number tokens with a value.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    /// Byte start in the original text.
    pub s: usize,
    /// Byte end in the original text.
    pub e: usize,
    pub kind: Kind,
    /// Key range in `Toks::keys` (words only).
    ks: u32,
    ke: u32,
    /// Numeric value (numbers only; saturates).
    pub val: u64,
    /// Number of digits (numbers only; saturates at 255).
    pub nd: u8,
    /// The character (punctuation only).
    pub ch: char,
}

pub(crate) struct Toks<'a> {
    pub text: &'a str,
    keys: String,
    pub toks: Vec<Tok>,
}

/// Characters inside a word that do not contribute to its key.
#[inline]
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{0640}'                      // tatweel
        | '\u{064B}'..='\u{065F}'       // harakat, tanween, shadda, sukun, ...
        | '\u{0670}'                    // superscript alef
        | '\u{0610}'..='\u{061A}'       // honorific / Quranic signs
        | '\u{06D6}'..='\u{06ED}'       // Quranic annotation marks
        | '\u{200C}' | '\u{200D}'       // ZWNJ, ZWJ
    )
}

/// Whitespace-like characters that separate tokens (newlines are punctuation).
#[inline]
fn is_space(c: char) -> bool {
    (c.is_whitespace() && c != '\n') || matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}' | '\u{061C}')
}

#[inline]
pub(crate) fn digit_val(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// The key form of one letter.
#[inline]
pub(crate) fn norm_char(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' | 'ې' => 'ي',
        'ة' | 'ۀ' | 'ە' => 'ه',
        'ک' => 'ك',
        'A'..='Z' => c.to_ascii_lowercase(),
        _ => c,
    }
}

/// Normalised key of an arbitrary string (used by [`crate::is_future_cue`]).
pub(crate) fn norm_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_ignorable(c) {
            continue;
        }
        if let Some(d) = digit_val(c) {
            out.push(char::from(b'0' + d as u8));
        } else {
            out.push(norm_char(c));
        }
    }
    out
}

impl<'a> Toks<'a> {
    pub fn new(text: &'a str) -> Toks<'a> {
        let mut keys = String::with_capacity(text.len());
        let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 5 + 4);
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if is_space(c) {
                continue;
            }
            if let Some(d) = digit_val(c) {
                let mut val = d as u64;
                let mut nd: u32 = 1;
                let mut e = i + c.len_utf8();
                while let Some(&(j, c2)) = it.peek() {
                    match digit_val(c2) {
                        Some(d2) => {
                            val = val.saturating_mul(10).saturating_add(d2 as u64).min(1 << 40);
                            nd += 1;
                            e = j + c2.len_utf8();
                            it.next();
                        }
                        None => break,
                    }
                }
                toks.push(Tok { s: i, e, kind: Kind::Num, ks: 0, ke: 0, val, nd: nd.min(255) as u8, ch: '0' });
                continue;
            }
            if c.is_alphabetic() || is_ignorable(c) {
                let ks = keys.len() as u32;
                let mut e = i + c.len_utf8();
                if !is_ignorable(c) {
                    keys.push(norm_char(c));
                }
                while let Some(&(j, c2)) = it.peek() {
                    if is_ignorable(c2) {
                        e = j + c2.len_utf8();
                        it.next();
                    } else if c2.is_alphabetic() && digit_val(c2).is_none() {
                        keys.push(norm_char(c2));
                        e = j + c2.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
                let ke = keys.len() as u32;
                toks.push(Tok { s: i, e, kind: Kind::Word, ks, ke, val: 0, nd: 0, ch: ' ' });
                continue;
            }
            toks.push(Tok { s: i, e: i + c.len_utf8(), kind: Kind::Punct, ks: 0, ke: 0, val: 0, nd: 0, ch: c });
        }
        Toks { text, keys, toks }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The key of token `i` (empty for non-words and out of range).
    #[inline]
    pub fn key(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) if t.kind == Kind::Word => &self.keys[t.ks as usize..t.ke as usize],
            _ => "",
        }
    }

    /// Byte offset in the original text of the `n`-th key character of word `i`
    /// (used to start a span after stripped proclitics).
    pub fn offset_after_key_chars(&self, i: usize, n: usize) -> usize {
        let t = self.toks[i];
        let mut seen = 0;
        for (j, c) in self.text[t.s..t.e].char_indices() {
            if is_ignorable(c) {
                continue;
            }
            if seen == n {
                return t.s + j;
            }
            seen += 1;
        }
        t.e
    }
}
