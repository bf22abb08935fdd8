//! Tokens with byte spans into the original text.
//!
//! Invariant: tokens never overlap, come in text order, and each span lies on
//! char boundaries; `&text[token.span.range()]` is the exact original surface.
//! Whitespace and invisible marks between words are not tokens.

use rasd_core::Span;

use crate::normalize::{is_arabic_mark, is_invisible, key, push_key_char};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word in Arabic script (letters, diacritics, tatweel).
    Arabic,
    /// A word in another alphabet (Latin, Cyrillic…).
    Latin,
    /// Digits, possibly with inner separators: `3.5`, `2025/05/12`, `9/5/2025`, `10:30`, `1,000`,
    /// and a percentage with its sign (`45%`, `٤٥٪`).
    Number,
    /// A URL or an e-mail address.
    Url,
    /// Punctuation: `. ، ؛ ؟ ! " « » ( ) - …`.
    Punct,
    /// Anything else that is not whitespace (symbols, emoji).
    Symbol,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// The matching key (see [`crate::normalize`]); never used for output.
    pub key: String,
}

#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}' | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}' | '\u{FB50}'..='\u{FDFB}' | '\u{FE70}'..='\u{FEFC}')
}

#[inline]
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '٠'..='٩' | '۰'..='۹')
}

#[inline]
fn is_word_char(c: char) -> bool {
    is_arabic_letter(c) || is_arabic_mark(c)
}

#[inline]
fn is_other_letter(c: char) -> bool {
    c.is_alphabetic() && !is_arabic_letter(c) && !is_arabic_mark(c)
}

/// Characters that may join digits inside one number token when a digit follows.
#[inline]
fn is_number_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | '/' | ':' | '-' | '٫' | '٬' | '\\')
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 6);
    tokenize_into(text, 0, &mut tokens);
    tokens
}

/// Tokenises `text`, whose first byte is at offset `base` of the document, appending to `out`.
pub fn tokenize_into(text: &str, base: usize, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("i is on a char boundary");
        let start = i;
        if c.is_whitespace() || is_invisible(c) || c.is_control() {
            i += c.len_utf8();
            continue;
        }
        // A hashtag's sign before a word is no token: `انتقد #وزير_الخارجية_الألماني` reads as a verb and
        // its subject, not a verb, a punctuation mark and a noun.
        if c == '#' && text[i + 1..].chars().next().is_some_and(|n| is_word_char(n) || is_other_letter(n)) {
            i += 1;
            continue;
        }
        // Inside a hashtag (`#سلفا_كير`) an underscore separates words, like a space.
        if c == '_'
            && i > 0
            && text[..i].chars().next_back().is_some_and(|p| is_word_char(p) || is_other_letter(p))
            && text[i + 1..].chars().next().is_some_and(|n| is_word_char(n) || is_other_letter(n))
        {
            i += 1;
            continue;
        }
        // URLs and e-mail addresses: a run of non-space chars containing "://", "www." or "@x.y".
        if (c.is_ascii_alphanumeric())
            && let Some(end) = url_end(text, i)
        {
            push(out, text, base, start, end, TokenKind::Url);
            i = end;
            continue;
        }
        let (kind, end) = if is_word_char(c) {
            let mut j = i;
            for (k, d) in text[i..].char_indices() {
                if is_word_char(d) || (is_invisible(d) && next_is_word(text, i + k + d.len_utf8())) {
                    j = i + k + d.len_utf8();
                } else {
                    break;
                }
            }
            (TokenKind::Arabic, j)
        } else if is_digit(c) {
            let mut j = i + c.len_utf8();
            while let Some(d) = text[j..].chars().next() {
                if is_digit(d) {
                    j += d.len_utf8();
                } else if is_number_joiner(d) {
                    let after = j + d.len_utf8();
                    match text[after..].chars().next() {
                        Some(e) if is_digit(e) => j = after,
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            // A percentage keeps its sign: `45%`, `٤٥٪`.
            if let Some(p @ ('%' | '٪')) = text[j..].chars().next() {
                j += p.len_utf8();
            }
            (TokenKind::Number, j)
        } else if is_other_letter(c) {
            let mut j = i;
            for (k, d) in text[i..].char_indices() {
                let inner_apostrophe = (d == '\'' || d == '’' || d == '-')
                    && k > 0
                    && text[i + k + d.len_utf8()..].chars().next().is_some_and(is_other_letter);
                if is_other_letter(d) || d.is_ascii_digit() || inner_apostrophe {
                    j = i + k + d.len_utf8();
                } else {
                    break;
                }
            }
            (TokenKind::Latin, j)
        } else if c == '.' && bytes.get(i + 1) == Some(&b'.') {
            // An ellipsis written as dots is one punctuation token.
            let mut j = i;
            while bytes.get(j) == Some(&b'.') {
                j += 1;
            }
            (TokenKind::Punct, j)
        } else if is_punct(c) {
            // Runs of dashes ("--", "—") stay one token.
            let mut j = i + c.len_utf8();
            if matches!(c, '-' | '–' | '—' | '/') {
                while let Some(d) = text[j..].chars().next() {
                    if d == c {
                        j += d.len_utf8();
                    } else {
                        break;
                    }
                }
            }
            (TokenKind::Punct, j)
        } else {
            (TokenKind::Symbol, i + c.len_utf8())
        };
        push(out, text, base, start, end, kind);
        i = end;
    }
}

fn next_is_word(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

fn push(out: &mut Vec<Token>, text: &str, base: usize, start: usize, end: usize, kind: TokenKind) {
    let surface = &text[start..end];
    let key = match kind {
        TokenKind::Arabic | TokenKind::Latin | TokenKind::Number => key(surface),
        _ => {
            let mut k = String::with_capacity(surface.len());
            for c in surface.chars() {
                push_key_char(c, &mut k);
            }
            k
        }
    };
    out.push(Token { span: Span::new(base + start, base + end), kind, key });
}

pub fn is_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '\''
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '-'
            | '–'
            | '—'
            | '،'
            | '؛'
            | '؟'
            | '«'
            | '»'
            | '“'
            | '”'
            | '„'
            | '‘'
            | '’'
            | '‹'
            | '›'
            | '…'
            | '/'
            | '\\'
            | '*'
            | '•'
            | '٪'
            | '%'
            | '۔'
            | '﴾'
            | '﴿'
    )
}

/// If a URL or e-mail starts at `i`, the byte offset where it ends.
fn url_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let run_end = rest
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '«' | '»' | '“' | '”' | '،') || is_arabic_letter(c))
        .map_or(rest.len(), |(k, _)| k);
    let run = &rest[..run_end];
    let lower = run.get(..8).unwrap_or(run).to_ascii_lowercase();
    let is_url = lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.");
    let is_mail = !is_url
        && run.find('@').is_some_and(|at| {
            at > 0 && run[at + 1..].contains('.') && run[at + 1..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        });
    if !is_url && !is_mail {
        return None;
    }
    // Trailing sentence punctuation is not part of the address.
    let trimmed = run.trim_end_matches(['.', ',', ')', ';', ':', '!', '?']);
    Some(i + trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surfaces(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text).iter().map(|t| (&text[t.span.range()], t.kind)).collect()
    }

    #[test]
    fn arabic_words_numbers_punct() {
        let text = "التقى الوزيران، الخميس 2025/05/12 في «القاهرة».";
        let got: Vec<&str> = surfaces(text).into_iter().map(|(s, _)| s).collect();
        assert_eq!(got, ["التقى", "الوزيران", "،", "الخميس", "2025/05/12", "في", "«", "القاهرة", "»", "."]);
    }

    #[test]
    fn decimals_and_clitic_digits() {
        let got = surfaces("بلغت 3.5 مليون، لـ9 مايو");
        assert_eq!(got[1], ("3.5", TokenKind::Number));
        assert_eq!(got[4], ("لـ", TokenKind::Arabic));
        assert_eq!(got[5], ("9", TokenKind::Number));
    }

    #[test]
    fn diacritics_and_invisible_marks_stay_inside_words() {
        let text = "وَصَلَ الوَفْدُ\u{200F} إلى عمّان";
        let t = tokenize(text);
        assert_eq!(t.len(), 4);
        assert_eq!(t[0].key, "وصل");
        assert_eq!(t[3].key, "عمان");
    }

    #[test]
    fn urls_and_mail() {
        let got = surfaces("انظر https://example.org/a?b=1. أو news@example.com");
        assert_eq!(got[1], ("https://example.org/a?b=1", TokenKind::Url));
        assert_eq!(got[4], ("news@example.com", TokenKind::Url));
    }

    #[test]
    fn hashtags_split_at_underscores() {
        let text = "غرد الناشطون تحت وسم #سلفا_كير و#South_Sudan أمس";
        let got: Vec<&str> = surfaces(text).into_iter().map(|(s, _)| s).collect();
        assert_eq!(got, ["غرد", "الناشطون", "تحت", "وسم", "سلفا", "كير", "و", "South", "Sudan", "أمس"]);
        // The name's words are adjacent tokens, so the phrase key matches the lexicon's.
        let toks = tokenize(text);
        assert_eq!(format!("{} {}", toks[4].key, toks[5].key), crate::phrase_key("سلفا كير"));
        // A lone sign stays a token.
        assert!(surfaces("العدد # 5").iter().any(|(s, _)| *s == "#"));
    }

    #[test]
    fn numbers_dates_times_percentages() {
        let got = surfaces("ارتفعت 12.5% و٤٥٪ في 9/5/2025 الساعة 10:30 بقيمة 1,250,000 دولار");
        let nums: Vec<&str> = got.iter().filter(|(_, k)| *k == TokenKind::Number).map(|(s, _)| *s).collect();
        assert_eq!(nums, ["12.5%", "٤٥٪", "9/5/2025", "10:30", "1,250,000"]);
    }

    #[test]
    fn latin_and_dash_runs() {
        let got = surfaces("دبي (CNN)-- قال");
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), ["دبي", "(", "CNN", ")", "--", "قال"]);
    }
}
