//! Full-text queries: words, stems, prefixes and alternatives, for the article search and the
//! `text` filter, on both engines.
//!
//! A query is words separated by spaces, all of which must occur; `OR` (or `|`) between words
//! separates alternatives (`غارة OR قصف`: either); a word ending in `*` is a prefix (`تفج*`).
//! Each word matches its index key with any proclitic (`بوتين` → `وبوتين`, [`query_forms`]), and
//! an Arabic word also matches the other forms of its light stem: the suffixes of the sound
//! plurals and duals, the feminine ending and the attached pronouns are stripped (`غارة`,
//! `غارات`, `الغارات`, `غارتين` are one word to a search) — unless the knowledge base knows the
//! word as a name (`لبنان` is not `لبن` + `ان`). Broken plurals (`صاروخ`/`صواريخ`) are not
//! related: that would need the text core's lemmas in the index (a schema change).
//!
//! The index is unchanged (one key per token); stemming happens on the query side only.

use crate::coded::{index_words, query_forms};
use crate::filter::like_escape;
use crate::sql::Value;

/// Suffixes stripped from an Arabic key to find its stem, longest first (keys fold ة to ه).
const SUFFIXES: [&str; 17] = ["تهما", "تهم", "تها", "تان", "تين", "هما", "يين", "يون", "يات", "ات", "ان", "ين", "ون", "ها", "هم", "ه", "ي"];
/// Endings a stem takes again in the forms a query word matches.
const ENDINGS: [&str; 21] =
    ["", "ه", "ات", "ان", "ين", "ون", "تان", "تين", "ي", "يه", "يين", "يون", "يات", "ها", "هم", "هما", "ته", "تها", "تهم", "يا", "ا"];
/// Suffixes after which the bare stem is another word (`غارة` → `غار`, a cave; `مؤسسات` →
/// `مؤسس`, a founder): the bare stem is then not among the forms.
const FEMININE: [&str; 8] = ["تهما", "تهم", "تها", "تان", "تين", "يات", "ات", "ه"];
/// Shortest stem (in letters) worth expanding: shorter ones would match unrelated words.
const MIN_STEM: usize = 3;

/// One word of a query: the index keys that count as an occurrence of it (or, for a prefix, the
/// starts of such keys).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub forms: Vec<String>,
    pub prefix: bool,
}

/// A parsed query: alternatives, each a list of terms that must all occur.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextQuery {
    pub any: Vec<Vec<Term>>,
}

/// The light stem of an Arabic key (`غاره` → `غار`, `الغارات` → `غار`), or `None` when nothing
/// is stripped or the stem would be shorter than three letters.
pub fn light_stem(key: &str) -> Option<String> {
    stem_and_suffix(key).map(|(s, _)| s)
}

/// The light stem and the suffix stripped (empty when only the article was).
fn stem_and_suffix(key: &str) -> Option<(String, &'static str)> {
    if !key.chars().next().is_some_and(rasd_text::token::is_arabic_letter) {
        return None;
    }
    let mut w = key;
    if let Some(rest) = w.strip_prefix("ال")
        && rest.chars().count() >= MIN_STEM
    {
        w = rest;
    }
    for s in SUFFIXES {
        if let Some(stem) = w.strip_suffix(s)
            && stem.chars().count() >= MIN_STEM
        {
            return Some((stem.to_string(), s));
        }
    }
    (w != key).then(|| (w.to_string(), ""))
}

/// Whether the knowledge base knows `word` as a name (names are matched as they are spelled).
fn is_name(word: &str) -> bool {
    !rasd_kb::Kb::embedded().lookup(word, None).is_empty()
}

/// Every index key that is an occurrence of the query key `w` (see the module doc).
pub fn word_forms(w: &str) -> Vec<String> {
    let mut out: Vec<String> = query_forms(w);
    if let Some((stem, suffix)) = stem_and_suffix(w).filter(|_| !is_name(w)) {
        for e in ENDINGS {
            if e.is_empty() && FEMININE.contains(&suffix) {
                continue;
            }
            let base = format!("{stem}{e}");
            for f in query_forms(&base).into_iter().chain(query_forms(&format!("ال{base}"))) {
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        }
    }
    out
}

/// The starts of keys a prefix matches: itself and with proclitics, and an Arabic one also with
/// the article (`تفج*` finds `والتفجيرات`).
fn prefix_forms(k: &str) -> Vec<String> {
    let mut out = query_forms(k);
    if k.chars().next().is_some_and(rasd_text::token::is_arabic_letter) && !k.starts_with("ال") {
        out.extend(query_forms(&format!("ال{k}")));
    }
    out
}

impl TextQuery {
    /// The query `s`, or `None` when it has no word to look for.
    pub fn parse(s: &str) -> Option<TextQuery> {
        let mut any: Vec<Vec<Term>> = vec![Vec::new()];
        for raw in s.split_whitespace() {
            if raw == "OR" || raw == "|" {
                any.push(Vec::new());
                continue;
            }
            let prefix = raw.ends_with('*');
            let keys = index_words(raw.trim_end_matches('*'));
            let n = keys.len();
            for (i, k) in keys.into_iter().enumerate() {
                let term = if prefix && i + 1 == n {
                    Term { forms: prefix_forms(&k), prefix: true }
                } else {
                    Term { forms: word_forms(&k), prefix: false }
                };
                any.last_mut().expect("one group at least").push(term);
            }
        }
        any.retain(|g| !g.is_empty());
        (!any.is_empty()).then_some(TextQuery { any })
    }

    /// The FTS5 query: each form quoted (no FTS syntax leaks through), a prefix marked `*`.
    pub fn fts(&self) -> String {
        let quote = |w: &str| format!("\"{}\"", w.replace('"', "\"\""));
        let group = |g: &Vec<Term>| {
            g.iter()
                .map(|t| {
                    let star = if t.prefix { "*" } else { "" };
                    format!("({})", t.forms.iter().map(|f| format!("{}{star}", quote(f))).collect::<Vec<_>>().join(" OR "))
                })
                .collect::<Vec<_>>()
                .join(" AND ")
        };
        self.any.iter().map(|g| format!("({})", group(g))).collect::<Vec<_>>().join(" OR ")
    }

    /// The condition on PostgreSQL over a `text[]` column of index keys (`f.words`), its
    /// parameters added to `ps`.
    pub fn pg_condition(&self, column: &str, ps: &mut Vec<Value>) -> String {
        let mut groups = Vec::new();
        for g in &self.any {
            let mut each = Vec::new();
            for t in g {
                if t.prefix {
                    let pats: Vec<String> = t.forms.iter().map(|f| format!("{}%", like_escape(f))).collect();
                    let n = crate::filter::param(ps, Value::TextList(pats));
                    each.push(format!("EXISTS (SELECT 1 FROM unnest({column}) AS u(w) WHERE u.w LIKE ANY ({n}))"));
                } else {
                    let n = crate::filter::param(ps, Value::TextList(t.forms.clone()));
                    each.push(format!("{column} && {n}"));
                }
            }
            groups.push(format!("({})", each.join(" AND ")));
        }
        format!("({})", groups.join(" OR "))
    }

    /// Whether an index key is an occurrence of one of the query's words.
    pub fn matches(&self, key: &str) -> bool {
        self.any
            .iter()
            .flatten()
            .any(|t| if t.prefix { t.forms.iter().any(|f| key.starts_with(f.as_str())) } else { t.forms.iter().any(|f| f == key) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        index_words(s).remove(0)
    }

    #[test]
    fn plurals_and_the_article_share_a_stem() {
        let q = TextQuery::parse("غارة").unwrap();
        for w in ["غارة", "غارات", "الغارات", "والغارات", "غارتين", "للغارة"] {
            assert!(q.matches(&key(w)), "{w}");
        }
        assert!(!q.matches(&key("غار")), "the bare stem is not a form of the word");
        assert!(!q.matches(&key("مغارة")));
        assert_eq!(light_stem(&key("مؤسسات")), Some(key("مؤسس")));
    }

    #[test]
    fn names_and_short_words_are_not_stemmed() {
        let q = TextQuery::parse("لبنان").unwrap();
        assert!(q.matches(&key("لبنان")) && q.matches(&key("ولبنان")));
        assert!(!q.matches(&key("لبن")), "Lebanon is not milk");
        assert_eq!(light_stem(&key("قوة")), None, "a two-letter stem is too short");
    }

    #[test]
    fn prefixes_and_alternatives() {
        let q = TextQuery::parse("تفج* OR قصف").unwrap();
        assert_eq!(q.any.len(), 2);
        assert!(q.any[0][0].prefix);
        assert!(q.matches(&key("تفجير")) && q.matches(&key("والتفجيرات")));
        assert!(!q.matches(&key("انفجار")));
        assert!(q.matches(&key("قصف")));
        assert!(q.fts().contains("\"تفج\"*"), "{}", q.fts());
        assert!(TextQuery::parse("OR | *").is_none());
        let both = TextQuery::parse("بوتين حفتر").unwrap();
        assert_eq!(both.any.len(), 1);
        assert_eq!(both.any[0].len(), 2);
    }
}
