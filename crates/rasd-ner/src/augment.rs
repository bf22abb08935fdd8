//! Mention replacement: copies of training sentences whose names are swapped for other names of
//! the same type, so that the first stage learns what the *context* of a name looks like instead
//! of memorising the few names it saw (most names in new text are unseen).
//!
//! Replacement names come from the training sentences themselves (and optionally ANERGazet). A
//! proclitic glued to the original name's first word (`و`, `ب`, `ل`, `ف`, `ك`) is glued to the
//! replacement's first word. Deterministic for a seed.

use std::collections::HashSet;
use std::path::Path;

use crate::data::Sentence;
use crate::tag::{EntityType, Tag, chunks};
use crate::train::XorShift;

/// Names by type, as word lists.
pub(crate) struct Pool {
    by_type: [Vec<Vec<String>>; 4],
    /// Keys of the first words of the pooled names (to tell a proclitic from a name's own letter).
    firsts: HashSet<String>,
}

impl Pool {
    pub(crate) fn new(sents: &[Sentence], gazetteer: Option<&Path>) -> Pool {
        let mut by_type: [Vec<Vec<String>>; 4] = Default::default();
        let mut seen: HashSet<(usize, Vec<String>)> = HashSet::new();
        let mut add = |ty: EntityType, words: Vec<String>, by_type: &mut [Vec<Vec<String>>; 4]| {
            if !words.is_empty() && seen.insert((ty as usize, words.clone())) {
                by_type[ty as usize].push(words);
            }
        };
        for s in sents {
            for (a, b, ty) in chunks(&s.tags) {
                add(ty, s.words[a..b].to_vec(), &mut by_type);
            }
        }
        if let Some(dir) = gazetteer {
            for (ty, file) in [
                (EntityType::Pers, "AlignedPersGazetteer"),
                (EntityType::Loc, "AlignedLocGazetteer"),
                (EntityType::Org, "AlignedOrgGazetteer"),
            ] {
                let Ok(text) = std::fs::read_to_string(dir.join(file)) else { continue };
                for line in text.lines() {
                    let line = line.trim();
                    if line.is_empty() || line.starts_with("==") {
                        continue;
                    }
                    add(ty, line.split_whitespace().map(str::to_string).collect(), &mut by_type);
                }
            }
        }
        let firsts = by_type.iter().flatten().map(|w| rasd_text::key(&w[0])).collect();
        Pool { by_type, firsts }
    }
}

const PROCLITICS: [&str; 5] = ["و", "ب", "ل", "ف", "ك"];

/// `copies` variants of every sentence that has a name of one of `types`, those names replaced;
/// each returned with its sentence's index.
pub(crate) fn augment(sents: &[Sentence], pool: &Pool, types: &[EntityType], copies: usize, seed: u64) -> Vec<(usize, Sentence)> {
    let mut rng = XorShift::new(seed ^ 0xa06_e1e7);
    let mut out = Vec::new();
    for (si, s) in sents.iter().enumerate() {
        let ents = chunks(&s.tags);
        if !ents.iter().any(|e| types.contains(&e.2)) {
            continue;
        }
        for _ in 0..copies {
            let mut words = Vec::with_capacity(s.words.len() + 4);
            let mut tags = Vec::with_capacity(s.words.len() + 4);
            let mut at = 0;
            for &(a, b, ty) in &ents {
                words.extend_from_slice(&s.words[at..a]);
                tags.extend_from_slice(&s.tags[at..a]);
                let names = &pool.by_type[ty as usize];
                if names.is_empty() || !types.contains(&ty) {
                    words.extend_from_slice(&s.words[a..b]);
                    tags.extend_from_slice(&s.tags[a..b]);
                } else {
                    let name = &names[(rng.next() % names.len() as u64) as usize];
                    let first = &s.words[a];
                    let clitic = PROCLITICS.iter().find(|c| {
                        first.strip_prefix(**c).is_some_and(|rest| rest.chars().count() >= 2 && pool.firsts.contains(&rasd_text::key(rest)))
                    });
                    for (k, w) in name.iter().enumerate() {
                        match clitic {
                            Some(c) if k == 0 => words.push(format!("{c}{w}")),
                            _ => words.push(w.clone()),
                        }
                        tags.push(if k == 0 { Tag::B(ty) } else { Tag::I(ty) });
                    }
                }
                at = b;
            }
            words.extend_from_slice(&s.words[at..]);
            tags.extend_from_slice(&s.tags[at..]);
            out.push((si, Sentence { words, tags }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{parse_conll_with, standard_tag};

    #[test]
    fn replaces_names_by_names_of_the_same_type_and_keeps_the_clitic() {
        let text = "التقى O\nسامي B-PERS\nعادل I-PERS\nمع O\nليلى B-PERS\nفي O\nحمص B-LOC\n\nوزار O\nلسامي B-PERS\nعادل I-PERS\nمدينة O\nحماة B-LOC\n";
        let sents = parse_conll_with(text, standard_tag);
        let pool = Pool::new(&sents, None);
        let aug = augment(&sents, &pool, &EntityType::ALL, 3, 7);
        assert_eq!(aug.len(), 6);
        assert!(augment(&sents, &pool, &[EntityType::Org], 3, 7).is_empty(), "no ORG to replace");
        for (i, s) in &aug {
            assert_eq!(s.words.len(), s.tags.len());
            let orig = &sents[*i];
            let types = |t: &[Tag]| chunks(t).into_iter().map(|c| c.2).collect::<Vec<_>>();
            assert_eq!(types(&s.tags), types(&orig.tags));
            for (a, b, ty) in chunks(&s.tags) {
                let name: Vec<String> = s.words[a..b].iter().map(|w| w.trim_start_matches('ل').to_string()).collect();
                let ok = pool.by_type[ty as usize]
                    .iter()
                    .any(|n| n.iter().map(|w| w.trim_start_matches('ل')).eq(name.iter().map(String::as_str)));
                assert!(ok, "{name:?} is not a pooled {ty}");
            }
            if *i == 1 {
                // لسامي: the ل is a proclitic because سامي starts a pooled name.
                assert!(s.words[1].starts_with('ل'), "{:?}", s.words);
            }
        }
    }
}
