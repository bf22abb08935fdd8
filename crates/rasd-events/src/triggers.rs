//! Trigger matching against the lexicon (`data/triggers.tsv`).
//!
//! Rules:
//! - every reading of a word (its proclitics stripped) is tried; the longest contiguous phrase wins
//!   (`وقف إطلاق النار` before `إطلاق`), and a `سـ` proclitic marks the future (`ستزور الوزيرة عمّان`);
//! - a verb with an object pronoun the lexicon does not list takes its stem's verb rows
//!   (`أدانها البرلمان` → أدان), but a word ending in ة never carries the pronoun;
//! - a discontinuous phrase has its head, a gap that holds the subject, then its rest:
//!   `تلقى رئيس الوزراء اتصالا هاتفيا`; the gap holds no clause break and no other trigger outside
//!   a temporal phrase or right after a relative pronoun (`شنت طائرات التحالف الذي تقوده المملكة
//!   غارات`), at most `MAX_PHRASE_GAP` loose words;
//! - words inside mentions and time expressions are never triggers.

use crate::*;

/// Longest subject allowed inside a discontinuous phrase: words outside names and times…
pub(crate) const MAX_PHRASE_GAP: usize = 6;

/// …and words in all.
pub(crate) const MAX_PHRASE_GAP_WORDS: usize = 16;

/// A word without a possessive pronoun (`رغبتهما` → `رغبت`), for comparing phrase words
/// whose pronoun agrees with the subject.
pub(crate) fn pron_stem(k: &str) -> &str {
    for e in Class::PossessiveSuffixes.forms() {
        if let Some(stem) = k.strip_suffix(e.as_str())
            && stem.chars().count() >= 3
        {
            return stem;
        }
    }
    k
}

pub(crate) fn same_word(token: &str, lexicon: &str) -> bool {
    token == lexicon || (lexicon.chars().count() >= 4 && pron_stem(token) == pron_stem(lexicon))
}

/// A trigger match: tokens `start..end`; for a discontinuous phrase, its head ends at `head_end`
/// and the gap (usually the subject) lies between.
#[derive(Clone, Debug)]
pub(crate) struct Match {
    pub(crate) start: usize,
    pub(crate) head_end: usize,
    pub(crate) end: usize,
    pub(crate) defs: Vec<usize>,
    pub(crate) future: bool,
}

/// Trigger matches in a sentence.
pub(crate) fn find_triggers(inp: &Input, s: &Sentence, covered: &[bool]) -> Vec<Match> {
    let toks = inp.tokens;
    // Word positions of the sentence, skipping quotation marks (a trigger may straddle one).
    let words: Vec<usize> = s.tokens.clone().filter(|&i| !is_quote(&toks[i])).collect();
    let mut out = Vec::new();
    // Words already taken as the last part of a discontinuous phrase.
    let mut consumed = vec![false; words.len()];
    let mut w = 0;
    while w < words.len() {
        let i = words[w];
        if !is_word(&toks[i]) || covered[i - s.tokens.start] || consumed[w] {
            w += 1;
            continue;
        }
        let mut best: Option<Match> = None;
        // The word indexes of the best candidate's last part, when it is discontinuous.
        let mut best_rest = 0..0;
        for r in readings(&toks[i].key) {
            let future = r.proclitics.last() == Some(&"س");
            // Contiguous phrases, longest first.
            let mut key = r.rest.clone();
            let mut last = w;
            let mut cand: Option<(usize, Vec<usize>, Option<usize>)> = None;
            // Where the last part of a discontinuous candidate starts (a word index).
            let mut rest_at = 0;
            loop {
                let spelled = || {
                    inp.lexicon.surface_forms.get(&key).is_none_or(|sp| {
                        let surface: String =
                            inp.text[toks[i].span.range()].chars().filter(|&c| !rasd_text::normalize::is_arabic_mark(c)).collect();
                        sp.iter().any(|f| surface.ends_with(f.as_str()))
                    })
                };
                if let Some(t) = inp.lexicon.forms.get(&key)
                    && (last > w || spelled())
                {
                    cand = Some((last, t.clone(), None));
                } else if last == w && cand.is_none() {
                    // A verb with an object pronoun the lexicon does not list (`نفته`, `أدانها`):
                    // its stem's verb rows.
                    // (The pronoun is written ه, never ة: `وعدة` is "and several", not وعده.)
                    let surface_h = !ends_in_ta_marbuta(inp, &toks[i]);
                    let verb_rows = rasd_text::clitics::enclitic_readings(&key)
                        .into_iter()
                        .filter(|(_, e)| surface_h && e.is_some_and(|e| Class::ObjectPronouns.contains(&e)))
                        .find_map(|(stem, _)| {
                            let rows: Vec<usize> = inp
                                .lexicon
                                .forms
                                .get(stem)?
                                .iter()
                                .copied()
                                .filter(|&d| inp.lexicon.triggers[d].pos == Pos::Verb)
                                .collect();
                            (!rows.is_empty()).then_some(rows)
                        });
                    if let Some(rows) = verb_rows {
                        cand = Some((last, rows, None));
                    }
                }
                if last + 1 >= words.len() || last + 1 - w >= inp.lexicon.max_words || !is_word(&toks[words[last + 1]]) {
                    break;
                }
                last += 1;
                key.push(' ');
                key.push_str(&toks[words[last]].key);
                // No form starts with this phrase: none is longer either (`cand` stays).
                if !inp.lexicon.form_starts.contains(&key) {
                    break;
                }
            }
            // Discontinuous phrases: the head, a gap (the subject: `تلقى أمير قطر الشيخ تميم … اتصالا هاتفيا`),
            // then the rest contiguous.
            if let Some(heads) = inp.lexicon.phrase_heads.get(&r.rest) {
                for (rest, idx) in heads {
                    // Words of the gap outside names and time expressions: a long coordinated subject
                    // (`الرئيس الروسي فلاديمير بوتين وزعيم كوريا الشمالية كيم جونغ أون في بيونغ يانغ أمس`)
                    // is mostly names.
                    let mut loose = 0;
                    for gap in 1..=MAX_PHRASE_GAP_WORDS {
                        let from = w + 1 + gap;
                        if from + rest.len() > words.len() {
                            break;
                        }
                        // The gap holds a subject, never a clause break or another trigger (`اتفق … خلال لقائهما … على`).
                        let gap_tok = words[from - 1];
                        let gap_word = &toks[gap_tok];
                        let in_name = covered[gap_tok - s.tokens.start] || times_in(inp, s).iter().any(|t| t.span.contains(gap_word.span));
                        if !in_name {
                            loose += 1;
                        }
                        // Another trigger may sit in the gap only inside a temporal phrase, which is
                        // coded on its own (`أعرب ماكرون خلال زيارته إلى كيغالي عن أسفه`).
                        let in_temporal_pp = from >= 2 && Class::TemporalPrepositions.contains(&toks[words[from - 2]].key.as_str());
                        // Nor a relative clause's verb describing the subject (`شنت طائرات التحالف الذي
                        // تقوده المملكة غارات`).
                        let in_relative = from >= 2 && Class::Relatives.contains(&toks[words[from - 2]].key.as_str());
                        if loose > MAX_PHRASE_GAP
                            || CLAUSE_BREAKS.contains(&gap_word.key.as_str())
                            || (!covered[gap_tok - s.tokens.start]
                                && !in_temporal_pp
                                && !in_relative
                                && !Class::TwelveHeads.contains(&gap_word.key.as_str())
                                && readings(&gap_word.key).iter().any(|r| inp.lexicon.forms.contains_key(&r.rest)))
                        {
                            break;
                        }
                        if (0..rest.len()).all(|k| same_word(&toks[words[from + k]].key, &rest[k])) {
                            let end_w = from + rest.len() - 1;
                            if cand.as_ref().is_none_or(|(l, _, _)| *l < end_w) {
                                cand = Some((end_w, vec![*idx], Some(words[w] + 1)));
                                rest_at = from;
                            }
                            break;
                        }
                    }
                }
            }
            if let Some((last, t, head)) = cand {
                let end = words[last] + 1;
                let better = best.as_ref().is_none_or(|b| end > b.end);
                if better {
                    best = Some(Match { start: i, head_end: head.unwrap_or(end), end, defs: t, future });
                    best_rest = if head.is_some() { rest_at..last + 1 } else { 0..0 };
                }
            }
        }
        if let Some(b) = best {
            if b.head_end < b.end {
                // A discontinuous phrase: the gap is scanned too (a trigger in a temporal phrase
                // there is an event of its own), but the phrase's last words are taken.
                for k in best_rest.clone() {
                    consumed[k] = true;
                }
                out.push(b);
                w += 1;
                continue;
            }
            // Don't let a trigger swallow a mention that starts after its head (the gap may hold the subject).
            let next_w = words.iter().position(|&x| x >= b.end).unwrap_or(words.len());
            out.push(b);
            w = next_w.max(w + 1);
        } else {
            w += 1;
        }
    }
    out
}

/// Whether the word's last letter (diacritics aside) is ة. Matching keys write ة as ه, so only the
/// surface tells `وعدة` ("several") from `وعده` (his promise) or `مفخخة` from a pronoun.
pub(crate) fn ends_in_ta_marbuta(inp: &Input, t: &Token) -> bool {
    inp.text[t.span.range()].chars().rev().find(|c| !rasd_text::normalize::is_arabic_mark(*c)) == Some('ة')
}

/// Whether the trigger carries an object pronoun (`وصلها`, `استقبله`, `كان في استقباله`, `زيارته`):
/// its last word is a known form plus an enclitic.
pub(crate) fn pronoun_on_trigger(inp: &Input, m: &Match) -> bool {
    let last = &inp.tokens[m.end - 1];
    // The matching key writes ة as ه: a word whose last letter is ة (`سيارة مفخخة`) has no pronoun.
    let ends_in_ta_marbuta = ends_in_ta_marbuta(inp, last);
    rasd_text::clitics::enclitic_readings(&last.key).iter().any(|(stem, e)| {
        if ends_in_ta_marbuta && *e == Some("ه") {
            return false;
        }
        // Before a pronoun, ة is written ت: زيارته = زيارة + ه.
        let known = |w: &str| inp.lexicon.forms.contains_key(w) || readings(w).iter().any(|r| inp.lexicon.forms.contains_key(&r.rest));
        let ta = stem.strip_suffix('ت').map(|b| format!("{b}ه"));
        // …and a final hamza moves onto a seat: لقائه = لقاء + ه.
        let hamza = stem.strip_suffix('ي').or_else(|| stem.strip_suffix('و')).map(|b| format!("{b}ء"));
        e.is_some_and(|e| Class::TriggerObjectPronouns.contains(&e))
            && (known(stem) || ta.as_deref().is_some_and(known) || hamza.as_deref().is_some_and(known) || m.end - m.start > 1)
    })
}
