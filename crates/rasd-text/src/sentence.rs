//! Sentence splitting over tokens.
//!
//! A sentence ends after `.`, `!`, `?`, `؟`, `۔` or an ellipsis, and always at a line break (news
//! text puts one paragraph per line; a headline has no final punctuation). Around that rule:
//! - closing quotes and brackets right after the final mark stay in the sentence;
//! - a final mark inside quotes (`«…»`, `“…”`, `"…"`) or parentheses does not end the sentence —
//!   a quoted statement stays with the verb that reports it — unless the quote has already run
//!   for [`MAX_QUOTED`] tokens (an unbalanced quote must not swallow a paragraph);
//! - a dot after a one-letter word is an abbreviation (`د.`, `م.`, `أ.ف.ب`), and so is a dot after
//!   a Latin abbreviation (`U.S.`, `Mr.`, `Dr.`) — but `م.`/`هـ.` after a year ends a sentence;
//! - a number opening a line and followed by a dot is a list item (`1. انسحاب القوات`);
//! - decimals (`3.5`) are single tokens, so they never split.

use rasd_core::Span;

use crate::token::{Token, TokenKind};

/// Tokens after which an open quote or bracket no longer holds a final mark back.
pub const MAX_QUOTED: usize = 60;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// From the first token's start to the last token's end.
    pub span: Span,
    /// Index range into the document's token vector.
    pub tokens: std::ops::Range<usize>,
}

fn is_final(t: &Token) -> bool {
    t.kind == TokenKind::Punct && (matches!(t.key.as_str(), "." | "!" | "?" | "؟" | "…" | "۔") || t.key.starts_with(".."))
}

fn is_closer(t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(t.key.as_str(), "”" | "»" | ")" | "\"" | "'" | "’" | "]" | "›")
}

/// Latin abbreviations that take a dot inside a sentence.
const LATIN_ABBREVIATIONS: [&str; 14] = ["mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "st", "no", "vs", "jr", "sr", "inc"];

/// Whether the dot at `i` closes an abbreviation rather than the sentence.
fn abbreviation_dot(text: &str, tokens: &[Token], start: usize, i: usize) -> bool {
    if tokens[i].key != "." || i == start {
        return false;
    }
    let prev = &tokens[i - 1];
    if prev.span.end != tokens[i].span.start {
        return false;
    }
    match prev.kind {
        TokenKind::Arabic => {
            // (`هـ` keys to `ه`: one letter.) `2015 م.` / `1446 هـ.` ends a sentence more often
            // than it abbreviates.
            let one_letter = prev.key.chars().count() == 1;
            let after_year = i >= start + 2 && tokens[i - 2].kind == TokenKind::Number && matches!(prev.key.as_str(), "م" | "ه");
            one_letter && !after_year
        }
        TokenKind::Latin => {
            let k = prev.key.as_str();
            // Initials and acronyms with dots (`J.`, `U.S.`): one letter; or a known abbreviation.
            k.chars().count() == 1 || LATIN_ABBREVIATIONS.contains(&k)
        }
        TokenKind::Number => {
            // A list item: the number opens its line (`1. …`).
            i - 1 == start || line_start(text, prev.span.start)
        }
        _ => false,
    }
}

fn line_start(text: &str, at: usize) -> bool {
    text[..at].rsplit('\n').next().is_some_and(|before| before.trim().is_empty())
}

/// Splits the tokens of `text` into sentences.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // Open quotes and brackets, and the token where the outermost one opened.
    let mut depth: i32 = 0;
    let mut opened_at = 0usize;
    let mut straight_open = false;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.kind == TokenKind::Punct {
            let before = depth;
            match t.key.as_str() {
                "«" | "“" | "(" | "‹" => depth += 1,
                "»" | "”" | ")" | "›" => depth = (depth - 1).max(0),
                "\"" => {
                    if straight_open {
                        depth = (depth - 1).max(0);
                    } else {
                        depth += 1;
                    }
                    straight_open = !straight_open;
                }
                _ => {}
            }
            if before == 0 && depth > 0 {
                opened_at = i;
            }
        }
        let mut end_here = false;
        if is_final(t) && !abbreviation_dot(text, tokens, start, i) {
            let held = depth > 0 && i - opened_at < MAX_QUOTED;
            // A final mark right before the quote closes (`“نحن مستعدون.” ثم`): the sentence ends
            // after the closers.
            let closes_next = depth > 0 && {
                let mut j = i + 1;
                let mut d = depth;
                while j < tokens.len() && is_closer(&tokens[j]) && !gap_has_newline(text, &tokens[j - 1], &tokens[j]) && d > 0 {
                    d -= 1;
                    j += 1;
                }
                d == 0 && j > i + 1
            };
            if !held || closes_next {
                // Absorb closing quotes/brackets.
                while i + 1 < tokens.len() && is_closer(&tokens[i + 1]) && !gap_has_newline(text, &tokens[i], &tokens[i + 1]) {
                    i += 1;
                }
                end_here = true;
                depth = 0;
                straight_open = false;
            }
        }
        if !end_here && i + 1 < tokens.len() && gap_has_newline(text, &tokens[i], &tokens[i + 1]) {
            end_here = true;
        }
        if end_here {
            depth = 0;
            straight_open = false;
        }
        if end_here || i + 1 == tokens.len() {
            out.push(Sentence { span: Span::new(tokens[start].span.start, tokens[i].span.end), tokens: start..i + 1 });
            start = i + 1;
        }
        i += 1;
    }
    out
}

fn gap_has_newline(text: &str, a: &Token, b: &Token) -> bool {
    text[a.span.end..b.span.start].contains('\n')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn sents(text: &str) -> Vec<&str> {
        let t = tokenize(text);
        split_sentences(text, &t).into_iter().map(|s| &text[s.span.range()]).collect()
    }

    #[test]
    fn splits_on_final_marks_and_lines() {
        let got = sents("وصل الوفد أمس. وبدأت المحادثات اليوم؟ نعم\nعنوان بلا نقطة\nوقال الوزير إن النمو بلغ 3.5 في المئة.");
        assert_eq!(got, ["وصل الوفد أمس.", "وبدأت المحادثات اليوم؟", "نعم", "عنوان بلا نقطة", "وقال الوزير إن النمو بلغ 3.5 في المئة.",]);
    }

    #[test]
    fn closing_quotes_stay_and_guillemets_protect() {
        let got = sents("وقال: “نحن مستعدون.” ثم غادر. وأضاف «لن نتراجع. أبدا» للصحفيين.");
        assert_eq!(got, ["وقال: “نحن مستعدون.”", "ثم غادر.", "وأضاف «لن نتراجع. أبدا» للصحفيين."]);
    }

    #[test]
    fn one_letter_abbreviation() {
        assert_eq!(sents("التقى د. أحمد بالوفد."), ["التقى د. أحمد بالوفد."]);
    }

    #[test]
    fn quotes_hold_their_final_marks() {
        let got = sents("وقال الوزير: \"لن نقبل بذلك. سنرد بقوة\"، مضيفا أن بلاده مستعدة. ثم غادر.");
        assert_eq!(got, ["وقال الوزير: \"لن نقبل بذلك. سنرد بقوة\"، مضيفا أن بلاده مستعدة.", "ثم غادر."]);
        let got = sents("وأكد “نحن هنا. ولن نرحل” أمام الحشود. وانتهى اللقاء.");
        assert_eq!(got, ["وأكد “نحن هنا. ولن نرحل” أمام الحشود.", "وانتهى اللقاء."]);
    }

    #[test]
    fn an_unclosed_quote_does_not_swallow_the_paragraph() {
        let long = "كلمة ".repeat(MAX_QUOTED + 5);
        let text = format!("قال «{long}. وبعد ذلك غادر الوفد.");
        assert_eq!(sents(&text).len(), 2);
    }

    #[test]
    fn parentheses_and_agency_abbreviations() {
        let got = sents("أعلنت الوزارة (في بيان مقتضب. نشر ليلا) موقفها. وقال مسؤول لـ(أ.ف.ب) إن الوفد وصل.");
        assert_eq!(got, ["أعلنت الوزارة (في بيان مقتضب. نشر ليلا) موقفها.", "وقال مسؤول لـ(أ.ف.ب) إن الوفد وصل."]);
    }

    #[test]
    fn latin_abbreviations_and_years() {
        assert_eq!(sents("قال Mr. Smith إن U.S. تراقب الوضع."), ["قال Mr. Smith إن U.S. تراقب الوضع."]);
        assert_eq!(sents("وقع الاتفاق عام 2015 م. وبعدها تغير كل شيء."), ["وقع الاتفاق عام 2015 م.", "وبعدها تغير كل شيء."]);
    }

    #[test]
    fn list_items_decimals_and_ellipses() {
        let got = sents("وتضمنت الخطة:\n1. انسحاب القوات من المدينة\n2. تبادل الأسرى\nوارتفع النمو إلى 3.5 بالمئة... ثم تراجع.");
        assert_eq!(got, ["وتضمنت الخطة:", "1. انسحاب القوات من المدينة", "2. تبادل الأسرى", "وارتفع النمو إلى 3.5 بالمئة...", "ثم تراجع."]);
    }
}
