//! The clause: where a sentence's coding looks.
//!
//! Rules:
//! - a run-on sentence longer than `MAX_SENTENCE_TOKENS` is coded in chunks cut after the last
//!   clause break in the second half of each window (`وصل الوفد، ثم بدأت المحادثات` breaks at `،`);
//! - the mentions and time expressions of a sentence are found by binary search (both are in text order);
//! - a clause ends at the first clause break (`،` `؛` `:` `.`) after a point: in
//!   `التقى الوزير نظيره، وناقشا الأزمة` the first clause ends at the comma;
//! - quotation marks are not words (a trigger may straddle one).

use crate::*;

pub(crate) const CLAUSE_BREAKS: [&str; 6] = ["،", ",", "؛", ";", ":", "."];

/// Longest stretch of tokens coded as one sentence.
pub(crate) const MAX_SENTENCE_TOKENS: usize = 160;

pub(crate) fn chunks(toks: &[Token], s: &Sentence) -> Vec<Sentence> {
    if s.tokens.len() <= MAX_SENTENCE_TOKENS {
        return vec![s.clone()];
    }
    let mut out = Vec::new();
    let mut start = s.tokens.start;
    while start < s.tokens.end {
        let hard_end = (start + MAX_SENTENCE_TOKENS).min(s.tokens.end);
        // Cut after the last clause break in the second half of the window, if any.
        let end = if hard_end == s.tokens.end {
            hard_end
        } else {
            (start + MAX_SENTENCE_TOKENS / 2..hard_end)
                .rev()
                .find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str()))
                .map_or(hard_end, |i| i + 1)
        };
        out.push(Sentence { span: Span::new(toks[start].span.start, toks[end - 1].span.end), tokens: start..end });
        start = end;
    }
    out
}

/// The mentions inside a sentence (mentions are in token order).
pub(crate) fn mentions_in<'a>(inp: &Input<'a>, s: &Sentence) -> &'a [Mention] {
    let lo = inp.mentions.partition_point(|m| m.tokens.start < s.tokens.start);
    let hi = inp.mentions.partition_point(|m| m.tokens.start < s.tokens.end);
    &inp.mentions[lo..hi]
}

/// The time expressions inside a sentence (in text order).
pub(crate) fn times_in<'a>(inp: &Input<'a>, s: &Sentence) -> &'a [TimeExpr] {
    let lo = inp.times.partition_point(|t| t.span.start < s.span.start);
    let hi = inp.times.partition_point(|t| t.span.start < s.span.end);
    &inp.times[lo..hi]
}

pub(crate) fn is_word(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Arabic | TokenKind::Latin)
}

pub(crate) fn is_quote(t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(t.key.as_str(), "“" | "”" | "«" | "»" | "\"" | "'" | "‘" | "’")
}

/// The first clause break at or after `from` (or `limit`).
pub(crate) fn clause_limit(toks: &[Token], from: usize, limit: usize) -> usize {
    (from..limit).find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str())).unwrap_or(limit)
}
