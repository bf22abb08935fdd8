//! Attribution: who a sentence reports its content from.
//!
//! Rules:
//! - a report cue (`data/cues.tsv`: verbs, prepositions, nouns) takes the first actor unit within a
//!   window: eight tokens after a preposition (`وفق بيان صادر عن الرئاسة`), four after a verb, only the
//!   adjacent genitive after a noun;
//! - a report verb's subject is a reporter only when أن follows (`أكدت الخارجية أن الوفد وصل`);
//! - a unit after a complementizer is inside what is reported, and a report noun on a site attacked
//!   (`هجوم على موقع عسكري`) is no report.

use crate::*;

/// Who the sentence attributes its content to, and the token starts of those units.
pub(crate) fn attribution(inp: &Input, s: &Sentence, units: &[Unit], in_trigger: &[std::ops::Range<usize>]) -> (Vec<Reporter>, Vec<usize>) {
    let toks = inp.tokens;
    let mut who = Vec::new();
    let mut unit_starts = Vec::new();
    let mut i = s.tokens.start;
    while i < s.tokens.end {
        let mut matched = None;
        if in_trigger.iter().any(|r| r.contains(&i)) {
            i += 1;
            continue;
        }
        for r in cue_keys(&toks[i].key) {
            let kinds = inp.lexicon.cue(r);
            if kinds.iter().any(|k| matches!(k, CueKind::ReportVerb | CueKind::ReportPrep | CueKind::ReportNoun)) {
                matched = Some(kinds.to_vec());
                break;
            }
        }
        // `هجوما على موقع للجيش`: a site attacked, not a news site.
        let physical_site = matched.as_ref().is_some_and(|k| k.iter().all(|k| *k == CueKind::ReportNoun))
            && readings(&toks[i].key)
                .iter()
                .any(|r| Class::SiteNouns.contains(&r.rest.as_str()) && (r.proclitics.is_empty() || r.proclitics == ["ل"]))
            && i > s.tokens.start
            && Class::BeforeASite.contains(&toks[i - 1].key.as_str());
        if physical_site {
            matched = None;
        }
        if let Some(kinds) = matched {
            // The reporter: the first actor unit within a few tokens after the cue.
            // Report prepositions (وفق، بحسب) take the next actor within a short phrase
            // (`وفق منشور للصفحة الرسمية للقيادة العامة`); verbs their subject; nouns only an adjacent genitive.
            let window = if kinds.contains(&CueKind::ReportPrep) {
                8
            } else if kinds.contains(&CueKind::ReportVerb) {
                4
            } else {
                // `بيان الخارجية`, `بيان للرئاسة`, `موقع “إنسايد أوفر”`: only the adjacent genitive
                // (quotation marks aside).
                1 + toks[i + 1..s.tokens.end].iter().take_while(|t| is_quote(t)).count()
            };
            // A unit after the complementizer (`أفاد شهود بأن القوات …`) is inside what is reported.
            let that_before = |u: &Unit| toks[i + 1..u.tokens.start].iter().any(|t| Class::Complementizers.contains(&t.key.as_str()));
            // (`قناة بنما` is a canal, not a television channel: a report noun's genitive is no place.)
            let canal = |u: &Unit| {
                u.entities.iter().all(|&e| inp.kb.entity(e).kind.is_place())
                    && !kinds.contains(&CueKind::ReportVerb)
                    && !kinds.contains(&CueKind::ReportPrep)
            };
            if let Some(u) = units.iter().find(|u| u.tokens.start > i && u.tokens.start <= i + window && !that_before(u) && !canal(u)) {
                let is_report_verb = kinds.contains(&CueKind::ReportVerb);
                // A report verb's subject followed by أن/بأن is a reporter; a preposition's object is one.
                let follows_that =
                    toks[u.tokens.end..s.tokens.end.min(u.tokens.end + 12)].iter().any(|t| Class::ReportedThat.contains(&t.key.as_str()));
                if !is_report_verb || follows_that || kinds.contains(&CueKind::ReportPrep) {
                    for &e in &u.entities {
                        if !who.contains(&Reporter::Named(e)) {
                            who.push(Reporter::Named(e));
                        }
                    }
                    unit_starts.push(u.tokens.start);
                }
            } else if kinds.contains(&CueKind::ReportPrep) {
                who.push(Reporter::Unnamed);
            }
        }
        i += 1;
    }
    (who, unit_starts)
}

/// The token key and its reading without a leading و/ف: the only readings used for cue words
/// (`كما` must not be read as ك + ما).
pub(crate) fn cue_keys(k: &str) -> impl Iterator<Item = &str> {
    let stripped = k.strip_prefix('و').or_else(|| k.strip_prefix('ف')).filter(|r| r.chars().count() >= 2);
    std::iter::once(k).chain(stripped)
}
