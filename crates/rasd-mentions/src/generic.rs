//! Generic actors: groups of people and bodies that act in the news without being named
//! entities — `المحتجون في بلغراد` (Serbian protesters), `الشرطة الكينية` (Kenyan police),
//! `طلاب الجامعات الأردنية` (Jordanian students), `آلاف السودانيين` (Sudanese people, or
//! protesters when a protest word stands in the clause).
//!
//! The nouns come from `data/generic.tsv`. The country comes from a nisba after the noun (or after
//! the noun and one genitive), from a plural demonym after a quantity, or — for groups of people —
//! from a place introduced by `في` right after the noun. A noun followed by a named organisation
//! (`مسلحي حركة الشباب`) is left alone: the organisation is the actor.
//!
//! The finder only proposes mentions; the pipeline turns them into document entities (one per
//! noun and country) and drops the demonym mentions they absorbed.

use std::collections::HashMap;
use std::sync::OnceLock;

use rasd_core::Span;
use rasd_kb::{EntityId, EntityKind, Kb};
use rasd_text::clitics::readings;
use rasd_text::{Layout, Sentence, Token, TokenKind};

use crate::{Mention, MentionKind};

/// One kind of generic actor (a row of `data/generic.tsv`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenericRole {
    pub key: String,
    /// Plural English label (`protesters`).
    pub label_en: String,
    pub sector: String,
    /// A group of people, which a place in the clause may locate (`المحتجون في بلغراد`).
    pub people: bool,
}

/// A generic actor found in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct GenericMention {
    pub span: Span,
    pub tokens: std::ops::Range<usize>,
    pub sentence: usize,
    /// Index into [`roles`].
    pub role: usize,
    /// The country whose people or body it is.
    pub country: Option<EntityId>,
    pub proclitics: Vec<&'static str>,
    /// Indexes of the mentions (nisbas, plural demonyms) that are part of this one.
    pub absorbed: Vec<usize>,
}

impl GenericMention {
    /// The English name of the actor: the country's adjective and the label (`Kenyan police`).
    pub fn name_en(&self, kb: &Kb) -> String {
        let role = &roles()[self.role];
        let adj = self.country.and_then(|c| kb.entity(c).country.as_deref()).and_then(|iso| kb.adjective_en(iso));
        match adj {
            Some(a) => format!("{a} {}", role.label_en),
            None => role.label_en.clone(),
        }
    }

    /// A stable id for the actor within a document: one entity per role and country.
    pub fn entity_id(&self, kb: &Kb) -> String {
        let iso = self.country.and_then(|c| kb.entity(c).country.clone()).unwrap_or_else(|| "any".into());
        format!("generic:{}:{iso}", roles()[self.role].key)
    }
}

struct Lexicon {
    roles: Vec<GenericRole>,
    /// Phrase key → role.
    forms: HashMap<String, usize>,
    /// The keys of `forms` and their prefixes that end before a space (see `crate::longest`).
    starts: std::collections::HashSet<String>,
    max_words: usize,
}

static GENERIC: &str = include_str!("../data/generic.tsv");

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut lex = Lexicon { roles: Vec::new(), forms: HashMap::new(), starts: Default::default(), max_words: 1 };
        for (n, line) in GENERIC.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("key\t") {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            assert!(c.len() == 5, "data/generic.tsv:{}: expected 5 columns, found {}", n + 1, c.len());
            let idx = lex.roles.len();
            lex.roles.push(GenericRole { key: c[0].into(), label_en: c[1].into(), sector: c[2].into(), people: c[3] == "yes" });
            for f in c[4].split('|').filter(|f| *f != "-") {
                let k = rasd_text::phrase_key(f);
                lex.max_words = lex.max_words.max(k.split(' ').count());
                lex.forms.insert(k, idx);
            }
        }
        for k in lex.forms.keys() {
            for (p, _) in k.match_indices(' ') {
                lex.starts.insert(k[..p].to_string());
            }
            lex.starts.insert(k.clone());
        }
        lex
    })
}

/// The generic roles, in `data/generic.tsv` order.
pub fn roles() -> &'static [GenericRole] {
    &lexicon().roles
}

fn role_index(key: &str) -> usize {
    roles().iter().position(|r| r.key == key).expect("role in data/generic.tsv")
}

/// Words that count a group: `آلاف السودانيين`, `مئات من الجزائريين`.
const QUANTITIES: [&str; 12] = ["الاف", "ميات", "عشرات", "ملايين", "الالاف", "الميات", "العشرات", "الف", "مليون", "حشود", "جموع", "الملايين"];

/// Words of protest: a counted crowd near one of them is a crowd of protesters.
const PROTEST_WORDS: [&str; 24] = [
    "تظاهر",
    "تظاهرت",
    "تظاهروا",
    "يتظاهرون",
    "احتج",
    "احتجت",
    "احتجوا",
    "يحتجون",
    "خرج",
    "خرجوا",
    "نزل",
    "نزلوا",
    "تجمع",
    "تجمعوا",
    "اعتصم",
    "اعتصموا",
    "مظاهره",
    "مظاهرات",
    "تظاهره",
    "تظاهرات",
    "احتجاج",
    "احتجاجات",
    "مسيره",
    "احتجاجا",
];

/// Heads whose genitive a generic noun is (`مجلس النواب`, `رئيس الطلاب`): then it names no group.
const GENITIVE_HEADS: [&str; 12] = ["مجلس", "رييس", "زعيم", "قايد", "نقيب", "وزير", "اتحاد", "لجنه", "نقابه", "هييه", "مفوضيه", "وزاره"];

/// Finds generic actors. `mentions` are the named mentions already found (in token order).
pub fn find_generic(
    kb: &Kb,
    tokens: &[Token],
    sentences: &[Sentence],
    layout: &Layout,
    mentions: &[Mention],
    text: &str,
) -> Vec<GenericMention> {
    let lex = lexicon();
    let mut out = Vec::new();
    // Which mention covers each token.
    let mut covered: Vec<Option<usize>> = vec![None; tokens.len()];
    for (mi, m) in mentions.iter().enumerate() {
        for t in m.tokens.clone() {
            if let Some(c) = covered.get_mut(t) {
                *c = Some(mi);
            }
        }
    }
    let starting_at = |t: usize| covered.get(t).copied().flatten().filter(|&mi| mentions[mi].tokens.start == t);
    let sentence_of = |t: usize| sentences.partition_point(|s| s.tokens.end <= t);
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.kind != TokenKind::Arabic || covered[i].is_some() || !layout.kind_at(t.span.start).carries_mentions() {
            i += 1;
            continue;
        }
        let si = sentence_of(i);
        let s_end = sentences.get(si).map_or(tokens.len(), |s| s.tokens.end);
        let s_start = sentences.get(si).map_or(0, |s| s.tokens.start);
        // A counted crowd: QUANTITY (من)? DEMONYM-PLURAL.
        if rasd_text::clitics::any_reading_rest(&t.key, |r| QUANTITIES.contains(&r))
            && let Some(r) = readings(&t.key).into_iter().find(|r| QUANTITIES.contains(&r.rest.as_str()))
        {
            let mut j = i + 1;
            while j < s_end && j <= i + 2 && matches!(tokens[j].key.as_str(), "من" | "الالاف" | "الاف") {
                j += 1;
            }
            if let Some(mi) = starting_at(j).filter(|&mi| mentions[mi].kind == MentionKind::DemonymPlural) {
                let m = &mentions[mi];
                let lo = i.saturating_sub(5).max(s_start);
                let hi = (m.tokens.end + 5).min(s_end);
                let protest = (lo..hi).any(|k| readings(&tokens[k].key).iter().any(|r| PROTEST_WORDS.contains(&r.rest.as_str())));
                let role = role_index(if protest { "protesters" } else { "people" });
                let span = crate::span_after_proclitics(text, tokens, i, m.tokens.end, r.stripped_chars);
                out.push(GenericMention {
                    span,
                    tokens: i..m.tokens.end,
                    sentence: si,
                    role,
                    country: m.entity,
                    proclitics: r.proclitics.clone(),
                    absorbed: vec![mi],
                });
                i = m.tokens.end;
                continue;
            }
        }
        let Some((end, stripped, proclitics, role)) =
            crate::longest(tokens, i, lex.max_words, |k| lex.starts.contains(k), |k| lex.forms.get(k).copied())
        else {
            i += 1;
            continue;
        };
        if (i..end).any(|k| covered[k].is_some()) {
            i += 1;
            continue;
        }
        // The genitive of another noun names no group of its own (`مجلس النواب`); `عدد سكان` is a
        // population, not its people.
        let population = lex.roles[role].key == "residents" && i > s_start && readings(&tokens[i - 1].key).iter().any(|r| r.rest == "عدد");
        if population || i > s_start && readings(&tokens[i - 1].key).iter().any(|r| GENITIVE_HEADS.contains(&r.rest.as_str())) {
            i = end;
            continue;
        }
        // Followed by a named organisation or group (`مسلحي حركة الشباب`, `مسلحون من داعش`): that is the actor.
        let org_after = (end..(end + 3).min(s_end))
            .take_while(|&k| k == end || matches!(tokens[k - 1].key.as_str(), "من" | "تابعين" | "تابعون" | "ينتمون" | "لجماعه" | "في"))
            .filter_map(starting_at)
            .any(|mi| {
                mentions[mi].entity.is_some_and(|e| matches!(kb.entity(e).kind, EntityKind::Organization | EntityKind::Group))
                    && mentions[mi].kind == MentionKind::Name
            });
        if org_after {
            i = end;
            continue;
        }
        let mut country = None;
        let mut absorbed = Vec::new();
        let mut last = end;
        // A nisba right after the noun, or after the noun and one genitive word.
        for at in [end, end + 1] {
            if at > end && (tokens.get(end).is_none_or(|t| t.kind != TokenKind::Arabic) || covered[end].is_some()) {
                break;
            }
            // (A plural nisba agrees with a plural noun: `الجنود الإسرائيليين`.)
            if let Some(mi) = starting_at(at).filter(|&mi| {
                matches!(mentions[mi].kind, MentionKind::Demonym | MentionKind::DemonymPlural) && mentions[mi].proclitics.is_empty()
            }) {
                country = mentions[mi].entity;
                absorbed.push(mi);
                last = mentions[mi].tokens.end;
                break;
            }
        }
        // A group of people located by a place after it in its clause: `المحتجون في بلغراد`,
        // `اقتحم محتجون مبنى البرلمان في نيروبي`.
        if country.is_none() && lex.roles[role].people && end < s_end {
            let clause_end =
                (end..s_end).find(|&k| matches!(tokens[k].key.as_str(), "،" | "," | "؛" | ";" | "." | ":")).unwrap_or(s_end).min(end + 8);
            let place = (end..clause_end)
                .filter_map(|k| {
                    let after_fi = k > 0 && tokens[k - 1].key == "في";
                    let with_bi = readings(&tokens[k].key).iter().any(|r| r.proclitics.contains(&"ب"));
                    (after_fi || with_bi).then(|| starting_at(k)).flatten()
                })
                .filter_map(|mi| mentions[mi].entity)
                .find(|&e| kb.entity(e).kind.is_place());
            country = place.and_then(|p| host_country(kb, p));
        }
        // A state body named without its state (`تفرقهم الشرطة`, `قوات الأمن`) belongs to the
        // country the story is about: the one its earlier names point to most (two or more times,
        // and clearly ahead of any other).
        if country.is_none() && !lex.roles[role].people {
            country = focus_country(kb, &mentions[..mentions.partition_point(|m| m.tokens.start < i)]);
        }
        // Otherwise, for a definite noun, the same kind of group named earlier with its country
        // (`محتجون كينيون` … `المحتجون`); an indefinite one is a new group.
        if country.is_none() {
            let reach = if tokens[i].key.starts_with("ال") { 3 } else { 1 };
            country = out
                .iter()
                .rev()
                .take_while(|g: &&GenericMention| g.sentence + reach >= si)
                .find(|g| g.role == role && g.country.is_some())
                .and_then(|g| g.country);
        }
        // A counted group starts at its count: `عشرات المحتجين`, `مئات من المهاجرين`.
        let mut first = i;
        let mut first_stripped = stripped;
        let mut first_proclitics = proclitics;
        let mut q = i;
        if q > s_start && tokens[q - 1].key == "من" {
            q -= 1;
        }
        if q > s_start
            && covered[q - 1].is_none()
            && let Some(r) = readings(&tokens[q - 1].key).into_iter().find(|r| QUANTITIES.contains(&r.rest.as_str()) || r.rest == "عدد")
        {
            first = q - 1;
            first_stripped = r.stripped_chars;
            first_proclitics = r.proclitics;
        }
        let span = crate::span_after_proclitics(text, tokens, first, last, first_stripped);
        out.push(GenericMention { span, tokens: first..last, sentence: si, role, country, proclitics: first_proclitics, absorbed });
        // Coordinated nisbas name the same kind of body of other countries: `الأجهزة الأمنية المغربية والإسبانية`.
        while let Some(mi) =
            starting_at(last).filter(|&mi| mentions[mi].kind == MentionKind::Demonym && mentions[mi].proclitics.first() == Some(&"و"))
        {
            let m = &mentions[mi];
            out.push(GenericMention {
                span: m.span,
                tokens: m.tokens.clone(),
                sentence: si,
                role,
                country: m.entity,
                proclitics: m.proclitics.clone(),
                absorbed: vec![mi],
            });
            last = m.tokens.end;
        }
        i = last;
    }
    out
}

/// The country most of these mentions point to (through places, countries, people and bodies),
/// if it is named at least twice and more often than any other.
fn focus_country(kb: &Kb, mentions: &[Mention]) -> Option<EntityId> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for m in mentions {
        if let Some(iso) = m.entity.and_then(|e| kb.entity(e).country.as_deref()) {
            *counts.entry(iso).or_default() += 1;
        }
    }
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match v.as_slice() {
        [(iso, n), rest @ ..] if *n >= 2 && rest.first().is_none_or(|(_, m)| n > m) => kb.country(iso),
        _ => None,
    }
}

/// The country a place belongs to (a country is its own).
fn host_country(kb: &Kb, p: EntityId) -> Option<EntityId> {
    let ent = kb.entity(p);
    if ent.kind == EntityKind::Country { Some(p) } else { ent.capital_of.or_else(|| ent.country.as_deref().and_then(|c| kb.country(c))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_loads_with_every_role() {
        assert!(roles().len() >= 20);
        for key in ["protesters", "people", "police", "students"] {
            let _ = role_index(key);
        }
        assert_eq!(lexicon().forms.get(&rasd_text::phrase_key("المتظاهرين")).copied(), Some(role_index("protesters")));
    }
}
