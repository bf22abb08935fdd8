//! Sentence splitting over tokens.
//!
//! A sentence ends after `.`, `!`, `?`, `؟` or an ellipsis that is followed by
//! whitespace or the end of a paragraph, and always at a line break (news text
//! puts one paragraph per line; a headline has no final punctuation).
//! Closing quotes and brackets right after the final mark stay in the sentence.
//! A dot after a one-letter word is an abbreviation (`د.`, `م.`), not an end.

use rasd_core::Span;

use crate::token::{Token, TokenKind};

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

/// Splits the tokens of `text` into sentences.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // Quote depth for «…» only: a final mark inside guillemets ends the sentence only at their close.
    let mut depth: i32 = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        match t.key.as_str() {
            "«" => depth += 1,
            "»" => depth = (depth - 1).max(0),
            _ => {}
        }
        let mut end_here = false;
        if is_final(t) {
            let abbrev = t.key == "."
                && i > start
                && tokens[i - 1].kind == TokenKind::Arabic
                && tokens[i - 1].key.chars().count() == 1
                && tokens[i - 1].span.end == t.span.start;
            if !abbrev && depth == 0 {
                // Absorb closing quotes/brackets.
                while i + 1 < tokens.len() && is_closer(&tokens[i + 1]) && !gap_has_newline(text, &tokens[i], &tokens[i + 1]) {
                    i += 1;
                }
                end_here = true;
            }
        }
        if !end_here && i + 1 < tokens.len() && gap_has_newline(text, &tokens[i], &tokens[i + 1]) {
            end_here = true;
            depth = 0;
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
        assert_eq!(got, [
            "وصل الوفد أمس.",
            "وبدأت المحادثات اليوم؟",
            "نعم",
            "عنوان بلا نقطة",
            "وقال الوزير إن النمو بلغ 3.5 في المئة.",
        ]);
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
}
