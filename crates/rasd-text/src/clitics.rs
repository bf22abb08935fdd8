//! Proclitic stripping, checked against a lexicon by the caller.
//!
//! Arabic writes conjunctions, prepositions and the article as prefixes:
//! `والتقى` = و + التقى, `بالرئيس` = ب + ال + رئيس, `للقيادة` = ل + (ا)ل + قيادة.
//! A name must never be cut (`بغداد`, `لبنان`, `واشنطن`, `فلسطين`), so this module
//! only proposes readings; the caller keeps the one its lexicon knows, trying the
//! unstripped word first.

/// One reading of a word key: the proclitics removed and what is left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    /// The key with its proclitics removed (for `لل` forms, the article is restored: `للقيادة` → `القيادة`).
    pub rest: String,
    /// How many key chars of the original word were consumed by the proclitics.
    pub stripped_chars: usize,
    /// The proclitics in order, as key strings (`"و"`, `"ب"`, `"ال"`…).
    pub proclitics: Vec<&'static str>,
}

/// Readings of a word key, from the least to the most stripped, starting with the word itself.
///
/// Proclitic grammar (simplified): `[و|ف] [ب|ل|ك|س]` — with `لل` read as `ل + ال`.
/// The article itself is *not* stripped here (names like `الكرملين` carry it);
/// use [`without_article`] for lexicons that store bare forms.
pub fn readings(word: &str) -> Vec<Reading> {
    let mut out = vec![Reading { rest: word.to_string(), stripped_chars: 0, proclitics: vec![] }];
    let mut conj: Option<&'static str> = None;
    let mut w = word;
    for c in ["و", "ف"] {
        if let Some(r) = w.strip_prefix(c)
            && r.chars().count() >= 2
        {
            conj = Some(c);
            w = r;
            out.push(Reading { rest: w.to_string(), stripped_chars: 1, proclitics: vec![c] });
            break;
        }
    }
    let base_chars = usize::from(conj.is_some());
    let base: Vec<&'static str> = conj.into_iter().collect();
    // لل = ل + ال with the alef of the article dropped.
    if let Some(r) = w.strip_prefix("لل")
        && r.chars().count() >= 2
    {
        let mut p = base.clone();
        p.push("ل");
        out.push(Reading { rest: format!("ال{r}"), stripped_chars: base_chars + 1, proclitics: p });
    }
    for c in ["ب", "ل", "ك", "س"] {
        if let Some(r) = w.strip_prefix(c)
            && r.chars().count() >= 2
        {
            let mut p = base.clone();
            p.push(c);
            out.push(Reading { rest: r.to_string(), stripped_chars: base_chars + 1, proclitics: p });
        }
    }
    out
}

/// Whether `f` holds for the `rest` of some reading of `word`, trying them in the order of
/// [`readings`] and stopping at the first that does — without building the readings (most words
/// of a text start no name: a scan asks this first).
pub fn any_reading_rest(word: &str, mut f: impl FnMut(&str) -> bool) -> bool {
    if f(word) {
        return true;
    }
    let mut w = word;
    for c in ["و", "ف"] {
        if let Some(r) = w.strip_prefix(c)
            && r.chars().count() >= 2
        {
            w = r;
            if f(w) {
                return true;
            }
            break;
        }
    }
    if let Some(r) = w.strip_prefix("لل")
        && r.chars().count() >= 2
        && f(&format!("ال{r}"))
    {
        return true;
    }
    ["ب", "ل", "ك", "س"].iter().any(|c| w.strip_prefix(c).is_some_and(|r| r.chars().count() >= 2 && f(r)))
}

/// The word without a leading article `ال`, if it has one and something substantial is left.
pub fn without_article(word: &str) -> Option<&str> {
    word.strip_prefix("ال").filter(|r| r.chars().count() >= 2)
}

/// Enclitic pronouns, longest first.
pub const ENCLITICS: [&str; 10] = ["هما", "كما", "هم", "هن", "كم", "نا", "ها", "ه", "ك", "ي"];

/// Readings of a word key without a pronoun suffix (the word itself first).
/// As with proclitics, only a lexicon can tell `نظيره` (نظير + ه) from `كره`.
pub fn enclitic_readings(word: &str) -> Vec<(&str, Option<&'static str>)> {
    let mut out = vec![(word, None)];
    for e in ENCLITICS {
        if let Some(stem) = word.strip_suffix(e)
            && stem.chars().count() >= 2
        {
            out.push((stem, Some(e)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rests(w: &str) -> Vec<String> {
        readings(w).into_iter().map(|r| r.rest).collect()
    }

    #[test]
    fn any_reading_rest_tries_the_rests_of_readings_in_order() {
        for w in ["وللرئيس", "فبالقاهره", "للحكومه", "والسودان", "كالعاده", "سيزور", "لل", "وب", "بيروت", "الرياض", "x", ""]
        {
            let mut seen = Vec::new();
            assert!(!any_reading_rest(w, |r| {
                seen.push(r.to_string());
                false
            }));
            assert_eq!(seen, rests(w), "{w}");
            // It stops at the first rest that answers.
            let last = rests(w).pop().unwrap();
            let mut calls = 0;
            assert!(any_reading_rest(w, |r| {
                calls += 1;
                r == last
            }));
            assert_eq!(calls, rests(w).iter().position(|r| *r == last).unwrap() + 1, "{w}");
        }
    }

    #[test]
    fn conjunction_and_preposition() {
        assert_eq!(rests("والتقي"), ["والتقي", "التقي"]);
        assert!(rests("بالرييس").contains(&"الرييس".to_string()));
        assert!(rests("وبموسكو").contains(&"موسكو".to_string()));
    }

    #[test]
    fn lam_lam_restores_the_article() {
        let r = readings("للقياده");
        assert!(r.iter().any(|r| r.rest == "القياده" && r.stripped_chars == 1));
    }

    #[test]
    fn the_word_itself_comes_first() {
        // A lexicon that knows بغداد keeps it whole because the unstripped reading is tried first.
        assert_eq!(readings("بغداد")[0].rest, "بغداد");
        assert_eq!(readings("لبنان")[0].rest, "لبنان");
    }

    #[test]
    fn enclitics() {
        assert!(enclitic_readings("نظيره").contains(&("نظير", Some("ه"))));
        assert!(enclitic_readings("خلالها").contains(&("خلال", Some("ها"))));
    }
}
