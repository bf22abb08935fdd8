//! Mentions: where the text names an entity, and which entity it is.
//!
//! Matching works on token keys (see `rasd_text::normalize`), trying the
//! unstripped word before proclitic readings so that names stay whole
//! (`بغداد`, `لبنان`), and the longest phrase first. Resolution uses the
//! document's date: `وزير الدفاع الروسي` is Shoigu in 2018 and Belousov in 2025.
//!
//! Kinds of mention:
//! - names and short names (`خليفة حفتر`, `حفتر`), places, organisations;
//! - role phrases: a title and a demonym, country or organisation (`الرئيس الروسي`,
//!   `المتحدث باسم الكرملين`), resolved to the holder at the date; when a name
//!   follows the role (`الرئيس الروسي فلاديمير بوتين`) the name decides;
//! - demonyms (`الفرنسي`, `الروس`) → the country;
//! - counterparts (`نظيره المصري`) → the holder, in that country, of the office of the person just named;
//! - sides: `الجانب الروسي` → Russia; `الجانبان`/`الطرفان` → left for the event stage,
//!   which knows the two actors just named;
//! - generic actors (`المحتجون في بلغراد`, `الشرطة الكينية`): [`generic`] proposes them and the
//!   pipeline makes them document entities.

use rasd_core::{Date, Span};
use rasd_kb::{EntityId, EntityKind, Kb, NameKind, RoleId};
use rasd_text::clitics::{any_reading_rest, readings};
use rasd_text::{Layout, Sentence, Token, TokenKind};

pub mod generic;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionKind {
    /// A full name.
    Name,
    /// A surname or short form.
    ShortName,
    /// A nisba adjective of a country (`الروسي`).
    Demonym,
    /// A plural demonym (`الروس`): the people or state.
    DemonymPlural,
    /// A title with its scope (`وزير الدفاع الروسي`).
    Role(RoleId),
    /// `نظيره الروسي`.
    Counterpart,
    /// `الجانب الروسي`.
    Side,
    /// `الجانبان`, `الطرفان`, `البلدان`: the two actors just named.
    BothSides,
    /// A generic actor (`المحتجون`, `الشرطة الكينية`): see [`generic`].
    Generic,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Original-text span, without proclitics (`بالرئيس الروسي` → `الرئيس الروسي`).
    pub span: Span,
    /// Index range of the tokens covered.
    pub tokens: std::ops::Range<usize>,
    pub sentence: usize,
    pub kind: MentionKind,
    /// The resolved entity, if any.
    pub entity: Option<EntityId>,
    /// The proclitics that preceded the mention (`و`, `ب`, `ل`…), as keys.
    pub proclitics: Vec<&'static str>,
}

impl Mention {
    pub fn is_actor(&self, kb: &rasd_kb::DocEntities) -> bool {
        match self.kind {
            MentionKind::Demonym => false,
            MentionKind::BothSides => true,
            _ => self.entity.is_some_and(|e| kb.entity(e).kind.can_act()),
        }
    }
}

/// Words that turn a following name into a city rather than a country (`العاصمة الجزائر`).
const CITY_CUES: [&str; 4] = ["العاصمه", "مدينه", "بمدينه", "بالعاصمه"];

/// Military and honorific ranks that may sit between a role and a name.
const RANKS: [&str; 14] =
    ["المشير", "الفريق", "اول", "اللواء", "العميد", "العقيد", "الجنرال", "الاميرال", "الدكتور", "د", "السيد", "الشيخ", "الامير", "معالي"];

/// First names too common to stand for one person.
const COMMON_FIRST_NAMES: [&str; 24] = [
    "محمد",
    "احمد",
    "عبد",
    "علي",
    "حسن",
    "حسين",
    "محمود",
    "مصطفي",
    "خالد",
    "عمر",
    "ابراهيم",
    "يوسف",
    "عبدالله",
    "سعد",
    "سعيد",
    "فيصل",
    "سلمان",
    "عبدالعزيز",
    "صالح",
    "طارق",
    "جمال",
    "سامي",
    "ناصر",
    "فهد",
];

/// Single-word names that are also everyday words (`القاعدة` the base, `تقدم` progressed,
/// `مالي` financial): they name their entity only after a cue word, with a و ("and"), or once
/// the entity has been named in the document.
const COMMON_WORD_NAMES: [&str; 9] = ["القاعده", "الجزيره", "النهضه", "تقدم", "صمود", "مالي", "الامل", "الوفاق", "الكرامه"];
/// Cue words before an organisation's name.
const ORG_CUES: [&str; 12] = ["حركه", "حزب", "تنظيم", "قناه", "جماعه", "تحالف", "شبكه", "قوات", "تنسيقيه", "عناصر", "مسلحي", "زعيم"];
/// Cue words before a country's or a place's name.
const PLACE_CUES: [&str; 14] = ["دوله", "جمهوريه", "في", "الي", "من", "مع", "شمال", "جنوب", "شرق", "غرب", "وسط", "حكومه", "رييس", "عاصمه"];

/// Words that qualify a title without changing who it names (`المنتخب`, `السابق`, `المؤقت`).
const TITLE_MODIFIERS: [&str; 14] = [
    "المنتخب",
    "المنتخبه",
    "السابق",
    "السابقه",
    "الجديد",
    "الجديده",
    "المؤقت",
    "المؤقته",
    "الانتقالي",
    "المكلف",
    "المخلوع",
    "الراحل",
    "الحالي",
    "المعزول",
];

/// Head nouns by which an organisation named in full may be called again.
const ORG_HEADS: [&str; 16] = [
    "الاتحاد",
    "الحزب",
    "الحركه",
    "المجلس",
    "المنظمه",
    "الوكاله",
    "الجماعه",
    "التحالف",
    "اللجنه",
    "الهييه",
    "المحكمه",
    "البنك",
    "الصندوق",
    "الجبهه",
    "التنظيم",
    "المفوضيه",
];

const BOTH_SIDES: [&str; 8] = ["الجانبان", "الجانبين", "الطرفان", "الطرفين", "البلدان", "البلدين", "الزعيمان", "الزعيمين"];

/// Finds the mentions in a document's tokens.
///
/// `date` is the document's date (publication), used to resolve role phrases.
pub fn find_mentions(kb: &Kb, tokens: &[Token], sentences: &[Sentence], layout: &Layout, date: Option<Date>, text: &str) -> Vec<Mention> {
    // Two passes: a headline often gives a surname (`الأسد يشارك…`) before the body names the
    // person in full, so the people named in full anywhere in the document are known up front.
    let first = scan(kb, tokens, sentences, layout, date, text, Default::default());
    let named: std::collections::HashSet<EntityId> =
        first.iter().filter(|m| m.kind == MentionKind::Name).filter_map(|m| m.entity).collect();
    if named.is_empty() {
        return first;
    }
    scan(kb, tokens, sentences, layout, date, text, named)
}

fn scan(
    kb: &Kb,
    tokens: &[Token],
    sentences: &[Sentence],
    layout: &Layout,
    date: Option<Date>,
    text: &str,
    named: std::collections::HashSet<EntityId>,
) -> Vec<Mention> {
    let sent_of = sentence_index(tokens.len(), sentences);
    let mut out: Vec<Mention> = Vec::new();
    let mut seen: std::collections::HashSet<EntityId> = named;
    // Surnames (and distinctive first names) of people named in full earlier in this document.
    let mut aliases: std::collections::HashMap<String, EntityId> = std::collections::HashMap::new();
    // How often each country (ISO3) has been named, directly or through its people and places.
    let mut focus: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !matches!(t.kind, TokenKind::Arabic | TokenKind::Latin) || !layout.kind_at(t.span.start).carries_mentions() {
            i += 1;
            continue;
        }
        // `الرئيسان الروسي والتركي`, `وزراء خارجية روسيا وتركيا وإيران`: one office, several holders.
        if let Some(group) = match_office_group(kb, tokens, i, date, text) {
            i = group.last().map_or(i + 1, |m| m.tokens.end);
            for mut m in group {
                m.sentence = sent_of[m.tokens.start];
                if let Some(e) = m.entity {
                    seen.insert(e);
                }
                out.push(m);
            }
            continue;
        }
        // (A deputy word may be a one-word title of its own, `نائب` an MP: the longer reading wins.)
        let found = match match_role(kb, tokens, i, date, text, &out, sent_of[i]) {
            Some(m) if m.tokens.end > i + 1 => Some(m),
            one_word => match_deputy(kb, tokens, i, date, text, &out, sent_of[i]).or(one_word),
        }
        .or_else(|| match_name(kb, tokens, i, text, &seen, &focus))
        .or_else(|| match_alias(tokens, i, text, &aliases))
        .or_else(|| match_both_sides(tokens, i, text));
        match found {
            Some(mut m) => {
                m.sentence = sent_of[i];
                i = m.tokens.end;
                if let Some(e) = m.entity {
                    seen.insert(e);
                    if let Some(c) = &kb.entity(e).country {
                        *focus.entry(c.clone()).or_default() += 1;
                    }
                    if m.kind == MentionKind::Name && kb.entity(e).kind == EntityKind::Person && m.tokens.len() >= 2 {
                        let last = &tokens[m.tokens.end - 1].key;
                        if last.chars().count() >= 3 {
                            aliases.entry(last.clone()).or_insert(e);
                        }
                        let first = &tokens[m.tokens.start].key;
                        let first = readings(first).into_iter().find(|r| r.rest.chars().count() >= 3).map(|r| r.rest).unwrap_or_default();
                        if m.tokens.len() >= 3 && !COMMON_FIRST_NAMES.contains(&first.as_str()) && first.chars().count() >= 3 {
                            aliases.entry(first).or_insert(e);
                        }
                    }
                    // An organisation named in full may then be called by its head noun alone
                    // (`الاتحاد العام التونسي للشغل` … `الاتحاد`): the latest one so named.
                    if m.kind == MentionKind::Name
                        && matches!(kb.entity(e).kind, EntityKind::Organization | EntityKind::Group)
                        && m.tokens.len() >= 2
                    {
                        let head =
                            readings(&tokens[m.tokens.start].key).into_iter().map(|r| r.rest).find(|r| ORG_HEADS.contains(&r.as_str()));
                        if let Some(h) = head {
                            aliases.insert(h, e);
                        }
                    }
                }
                out.push(m);
            }
            None => i += 1,
        }
    }
    apply_appositions(kb, &mut out, tokens);
    out
}

fn sentence_index(n: usize, sentences: &[Sentence]) -> Vec<usize> {
    let mut v = vec![0; n];
    for (si, s) in sentences.iter().enumerate() {
        for t in s.tokens.clone() {
            v[t] = si;
        }
    }
    v
}

/// Whether tokens `a` and `b` (a < b) are adjacent words with only whitespace between them.
fn joined(tokens: &[Token], a: usize, b: usize) -> bool {
    b == a + 1 && tokens.get(b).is_some_and(|t| matches!(t.kind, TokenKind::Arabic | TokenKind::Latin))
}

/// The longest phrase starting at `i` (first word read with proclitics) for which `lookup` succeeds.
/// Returns (token end, proclitic chars stripped, proclitics, phrase key, value).
///
/// `starts(k)` must hold for every phrase `lookup` accepts and for each of its prefixes that ends
/// before a space (e.g. [`Kb::starts_name`]); a reading's phrase is extended only while it does,
/// so most words cost one probe per reading instead of one per reading and length. The result is
/// the one the plain search gives: lengths from the longest down, readings in order.
fn longest<T>(
    tokens: &[Token],
    i: usize,
    max_words: usize,
    starts: impl Fn(&str) -> bool,
    mut lookup: impl FnMut(&str) -> Option<T>,
) -> Option<(usize, usize, Vec<&'static str>, T)> {
    // Most words start nothing: no reading to build then.
    if !any_reading_rest(&tokens[i].key, &starts) {
        return None;
    }
    let first = readings(&tokens[i].key);
    let mut n = 1;
    while n < max_words && joined(tokens, i + n - 1, i + n) {
        n += 1;
    }
    // Per reading: its phrase over the words it can extend to, and where each length ends.
    let mut phrases: Vec<(String, Vec<usize>)> = Vec::with_capacity(first.len());
    let mut reach = 0;
    for r in &first {
        let mut k = String::new();
        let mut ends = Vec::new();
        if starts(&r.rest) {
            k.push_str(&r.rest);
            ends.push(k.len());
            for t in &tokens[i + 1..i + n] {
                k.push(' ');
                k.push_str(&t.key);
                if !starts(&k) {
                    break;
                }
                ends.push(k.len());
            }
        }
        reach = reach.max(ends.len());
        phrases.push((k, ends));
    }
    for len in (1..=reach).rev() {
        for (r, (k, ends)) in first.iter().zip(&phrases) {
            if let Some(&end) = ends.get(len - 1)
                && let Some(v) = lookup(&k[..end])
            {
                return Some((i + len, r.stripped_chars, r.proclitics.clone(), v));
            }
        }
    }
    None
}

fn span_after_proclitics(text: &str, tokens: &[Token], i: usize, end: usize, stripped: usize) -> Span {
    let first = tokens[i].span;
    let off = rasd_text::normalize::orig_offset_after_key_chars(&text[first.range()], stripped);
    Span::new(first.start + off, tokens[end - 1].span.end)
}

fn match_name(
    kb: &Kb,
    tokens: &[Token],
    i: usize,
    text: &str,
    seen: &std::collections::HashSet<EntityId>,
    focus: &std::collections::HashMap<String, usize>,
) -> Option<Mention> {
    let (end, stripped, proclitics, hits) = longest(
        tokens,
        i,
        kb.max_name_words,
        |k| kb.starts_name(k),
        |k| {
            let h = kb.names(k);
            (!h.is_empty()).then(|| h.to_vec())
        },
    )?;
    // Choose among homonyms: a person already named; else a country over a city for a bare name,
    // unless a city cue precedes; else the most populous.
    // `العاصمة عمان`, `العاصمة الأردنية عمان`.
    let city_cue = (1..=2).any(|b| i >= b && CITY_CUES.contains(&tokens[i - b].key.as_str()));
    let seen = |e: EntityId| seen.contains(&e);
    // A bare name shared by a country and a city of another country (`عمان`: Oman, Amman) is the
    // city when the article is about the city's country and not about the namesake country.
    let in_focus = |e: &rasd_kb::Entity| e.country.as_ref().is_some_and(|c| focus.get(c).copied().unwrap_or(0) > 0);
    let country_hit_in_focus = hits.iter().any(|h| kb.entity(h.entity).kind == EntityKind::Country && in_focus(kb.entity(h.entity)));
    let best = hits
        .iter()
        .max_by_key(|h| {
            let e = kb.entity(h.entity);
            let focus_city = e.kind == EntityKind::Place && !country_hit_in_focus && in_focus(e);
            // `بالعاصمة الجزائر`: a city cue decides, even for a name the article used for the country.
            let cued_city = city_cue && e.kind == EntityKind::Place;
            let kind_rank = match (e.kind, city_cue) {
                (EntityKind::Place, true) => 6,
                (EntityKind::Country, false) => 6,
                (EntityKind::Person | EntityKind::Organization | EntityKind::Group, _) => 5,
                (EntityKind::Country, true) => 4,
                (EntityKind::Place, false) => 3,
                (EntityKind::Region, _) => 2,
            };
            let name_rank = match h.kind {
                NameKind::Full => 2,
                NameKind::Short | NameKind::DemonymPlural => 1,
                NameKind::Demonym => 0,
            };
            // The article's focus: places in the countries it has named most so far.
            let focus_rank = if e.kind.is_place() { e.country.as_ref().and_then(|c| focus.get(c)).copied().unwrap_or(0) } else { 0 };
            (cued_city, seen(h.entity), focus_city, kind_rank, name_rank, focus_rank, e.population.unwrap_or(0))
        })
        .copied()?;
    let single = end == i + 1;
    let matched_key = readings(&tokens[i].key).into_iter().map(|r| r.rest).find(|k| kb.names(k).iter().any(|h| h.entity == best.entity));
    let cues: &[&str] = if kb.entity(best.entity).kind.is_place() { &PLACE_CUES } else { &ORG_CUES };
    let previous_cue = i > 0 && cues.contains(&strip_conj(&tokens[i - 1].key));
    let with_and = proclitics.first() == Some(&"و");
    // A surname written with a hamza that the name does not have is another word: `ترأس` (chaired)
    // is not `تراس` (Truss).
    if single && best.kind == NameKind::Short {
        let surface = &text[tokens[i].span.range()];
        let has_hamza = |w: &str| w.chars().any(|c| matches!(c, 'أ' | 'إ' | 'آ' | 'ؤ' | 'ئ' | 'ء'));
        let key = matched_key.as_deref().unwrap_or("");
        let name_word = kb.entity(best.entity).name_ar.split_whitespace().find(|w| rasd_text::key(w) == key);
        if let Some(w) = name_word
            && has_hamza(surface)
            && !has_hamza(w)
        {
            return None;
        }
    }
    // `مسقط رأسه` is a birthplace, not Muscat.
    if single && matched_key.as_deref() == Some("مسقط") && tokens.get(i + 1).is_some_and(|t| t.key.starts_with("راس")) {
        return None;
    }
    // A one-word place name that is mostly an everyday word (`سلمية` peaceful, the Syrian town
    // Salamiyah) names the place only after a place cue (`في`, `مدينة`, a ب).
    if single
        && kb.entity(best.entity).kind == EntityKind::Place
        && !previous_cue
        && !city_cue
        && !proclitics.contains(&"ب")
        && !seen(best.entity)
        && let Some(k) = matched_key.as_deref()
        && !k.starts_with("ال")
    {
        let (bare, definite) = rasd_text::segment::word_counts(k);
        if definite >= 50 && definite * 4 >= bare {
            return None;
        }
    }
    if single && !seen(best.entity) {
        // A surname that is also a common noun with the article (الأسد، الشرع، الصدر) names its person
        // only after the full name, or right after a title.
        let title_before =
            i > 0 && (RANKS.contains(&tokens[i - 1].key.as_str()) || matches!(tokens[i - 1].key.as_str(), "الرييس" | "الزعيم"));
        // (Unless the bare form is also a name of the same person: الخامنئي / خامنئي.)
        let bare_also_names = matched_key
            .as_deref()
            .and_then(rasd_text::clitics::without_article)
            .is_some_and(|b| kb.names(b).iter().any(|h| h.entity == best.entity));
        if best.kind == NameKind::Short && matched_key.as_deref().is_some_and(|k| k.starts_with("ال")) && !title_before && !bare_also_names
        {
            return None;
        }
        if matched_key.as_deref().is_some_and(|k| COMMON_WORD_NAMES.contains(&k)) && !previous_cue && !with_and {
            return None;
        }
    }
    let kind = match best.kind {
        NameKind::Full => MentionKind::Name,
        NameKind::Short => MentionKind::ShortName,
        NameKind::Demonym => MentionKind::Demonym,
        NameKind::DemonymPlural => MentionKind::DemonymPlural,
    };
    // A demonym right after الجانب is "the X side": the country as an actor.
    let (kind, start_tok, stripped, proclitics) =
        if kind == MentionKind::Demonym && i > 0 && matches!(strip_conj(&tokens[i - 1].key), "الجانب" | "بالجانب" | "للجانب" | "الطرف")
        {
            (MentionKind::Side, i - 1, 0, vec![])
        } else {
            (kind, i, stripped, proclitics)
        };
    let span = span_after_proclitics(text, tokens, start_tok, end, stripped);
    Some(Mention { span, tokens: start_tok..end, sentence: 0, kind, entity: Some(best.entity), proclitics })
}

/// Dual and plural titles, and the offices they stand for (tried in order until one has a holder).
const GROUP_TITLES: [(&str, &[&str]); 18] = [
    ("وزيرا الخارجيه", &["foreign_minister"]),
    ("وزيري الخارجيه", &["foreign_minister"]),
    ("وزراء الخارجيه", &["foreign_minister"]),
    ("وزيرا الدفاع", &["defense_minister"]),
    ("وزيري الدفاع", &["defense_minister"]),
    ("وزراء الدفاع", &["defense_minister"]),
    ("الرييسان", &["president", "head_of_state", "king", "emir"]),
    ("الرييسين", &["president", "head_of_state", "king", "emir"]),
    ("الزعيمان", &["president", "head_of_state", "king", "emir"]),
    ("الزعيمين", &["president", "head_of_state", "king", "emir"]),
    ("وزيرا خارجيه", &["foreign_minister"]),
    ("وزيري خارجيه", &["foreign_minister"]),
    ("وزراء خارجيه", &["foreign_minister"]),
    ("وزيرا دفاع", &["defense_minister"]),
    ("وزيري دفاع", &["defense_minister"]),
    ("وزراء دفاع", &["defense_minister"]),
    ("رييسا وزراء", &["prime_minister"]),
    ("رؤساء", &["president", "head_of_state", "king", "emir"]),
];

/// One mention per country after a dual or plural title: `الرئيسان الروسي والتركي` (nisbas) or
/// `وزراء خارجية روسيا وتركيا وإيران` (country names), each resolved to that country's holder.
fn match_office_group(kb: &Kb, tokens: &[Token], i: usize, date: Option<Date>, text: &str) -> Option<Vec<Mention>> {
    // Most words start no group title: no readings to build then.
    if !any_reading_rest(&tokens[i].key, |r| GROUP_TITLES.iter().any(|(t, _)| t.split(' ').next() == Some(r))) {
        return None;
    }
    // The word's clitic readings, computed once (this runs at every token).
    let first_readings = readings(&tokens[i].key);
    first_readings.last()?;
    let (title_len, roles) = GROUP_TITLES.iter().find_map(|(t, roles)| {
        // Most words start no title: check the first word before splitting the rest.
        let w0 = t.split(' ').next()?;
        if !first_readings.iter().any(|r| r.rest == w0) {
            return None;
        }
        let words: Vec<&str> = t.split(' ').collect();
        let ok = words.len() <= tokens.len() - i
            && first_readings.iter().any(|r| r.rest == words[0])
            && (1..words.len()).all(|k| tokens[i + k].key == words[k]);
        ok.then_some((words.len(), *roles))
    })?;
    let mut out = Vec::new();
    let mut j = i + title_len;
    while j < tokens.len() {
        // Each country: a nisba or a name, the later ones joined by و or a comma.
        if !out.is_empty() && (tokens[j].key == "،" || tokens[j].key == "و") {
            j += 1;
            continue;
        }
        let found = longest(
            tokens,
            j,
            4,
            |k| kb.starts_name(k),
            |k| {
                kb.names(k)
                    .iter()
                    .find(|h| kb.entity(h.entity).kind == EntityKind::Country && matches!(h.kind, NameKind::Demonym | NameKind::Full))
                    .map(|h| h.entity)
            },
        );
        let Some((end, stripped, proclitics, country)) = found else { break };
        if !out.is_empty() && proclitics.first() != Some(&"و") && tokens[j - 1].key != "و" && tokens[j - 1].key != "،" {
            break;
        }
        let holder = roles.iter().find_map(|key| {
            let r = kb.roles.iter().position(|x| x.key == *key)?;
            match kb.holders(RoleId(r as u16), Some(country), None, date).as_slice() {
                [h] => Some((*h, RoleId(r as u16))),
                _ => None,
            }
        });
        let start_tok = if out.is_empty() { i } else { j };
        let span = if out.is_empty() {
            span_after_proclitics(
                text,
                tokens,
                i,
                end,
                readings(&tokens[i].key)
                    .into_iter()
                    .find(|r| GROUP_TITLES.iter().any(|(t, _)| t.split(' ').next() == Some(r.rest.as_str())))
                    .map_or(0, |r| r.stripped_chars),
            )
        } else {
            span_after_proclitics(text, tokens, j, end, stripped)
        };
        out.push(Mention {
            span,
            tokens: start_tok..end,
            sentence: 0,
            kind: MentionKind::Role(holder.map_or(RoleId(0), |(_, r)| r)),
            entity: holder.map(|(h, _)| h),
            proclitics: if out.is_empty() { Vec::new() } else { proclitics },
        });
        j = end;
    }
    (out.len() >= 2).then_some(out)
}

/// A surname or first name of a person named in full earlier in the document.
fn match_alias(tokens: &[Token], i: usize, text: &str, aliases: &std::collections::HashMap<String, EntityId>) -> Option<Mention> {
    if aliases.is_empty() || !any_reading_rest(&tokens[i].key, |r| aliases.contains_key(r)) {
        return None;
    }
    let r = readings(&tokens[i].key).into_iter().find(|r| aliases.contains_key(&r.rest))?;
    let span = span_after_proclitics(text, tokens, i, i + 1, r.stripped_chars);
    Some(Mention {
        span,
        tokens: i..i + 1,
        sentence: 0,
        kind: MentionKind::ShortName,
        entity: aliases.get(&r.rest).copied(),
        proclitics: r.proclitics,
    })
}

fn strip_conj(k: &str) -> &str {
    k.strip_prefix('و').filter(|r| r.chars().count() >= 3).unwrap_or(k)
}

fn match_both_sides(tokens: &[Token], i: usize, text: &str) -> Option<Mention> {
    if !any_reading_rest(&tokens[i].key, |r| BOTH_SIDES.contains(&r)) {
        return None;
    }
    let r = readings(&tokens[i].key).into_iter().find(|r| BOTH_SIDES.contains(&r.rest.as_str()))?;
    let span = span_after_proclitics(text, tokens, i, i + 1, r.stripped_chars);
    Some(Mention { span, tokens: i..i + 1, sentence: 0, kind: MentionKind::BothSides, entity: None, proclitics: r.proclitics })
}

/// Words that, before an office (`نائب المستشارة الألمانية`, `مبعوث الرئيس الأمريكي`, `نجل الرئيس`),
/// name someone else than its holder. (Offices that start with one of them, `نائب الرئيس`, `ولي ولي
/// العهد`, are titles of their own and matched first.)
const DEPUTY_WORDS: [&str; 21] = [
    "نايب",
    "نايبه",
    "مساعد",
    "مساعده",
    "مستشار",
    "مستشاره",
    "مبعوث",
    "مبعوثه",
    "موفد",
    "ممثل",
    "ممثله",
    "سكرتير",
    "نجل",
    "ابن",
    "ابنه",
    "زوجه",
    "زوج",
    "شقيق",
    "شقيقه",
    "ارمله",
    "حفيد",
];

/// `DEPUTY + office` or `DEPUTY + person` at `i`: a role mention of nobody known, so that the office's
/// holder or the person is not taken for the deputy or relative (the deputy's own name in apposition
/// may still resolve it). With a person and no office, the mention's role is a placeholder.
fn match_deputy(
    kb: &Kb,
    tokens: &[Token],
    i: usize,
    date: Option<Date>,
    text: &str,
    previous: &[Mention],
    sentence: usize,
) -> Option<Mention> {
    if !any_reading_rest(&tokens[i].key, |r| DEPUTY_WORDS.contains(&r)) {
        return None;
    }
    let r = readings(&tokens[i].key).into_iter().find(|r| DEPUTY_WORDS.contains(&r.rest.as_str()))?;
    if !joined(tokens, i, i + 1) {
        return None;
    }
    let no_seen = std::collections::HashSet::new();
    let no_focus = std::collections::HashMap::new();
    let person_at = |j: usize| {
        (j < tokens.len())
            .then(|| match_name(kb, tokens, j, text, &no_seen, &no_focus))
            .flatten()
            .filter(|n| n.entity.is_some_and(|e| kb.entity(e).kind == EntityKind::Person))
    };
    let (role, end) = match match_role(kb, tokens, i + 1, date, text, previous, sentence) {
        Some(inner) => {
            let MentionKind::Role(role) = inner.kind else { return None };
            // A bare title and the holder's name: `شقيقة الزعيم كيم جونغ أون`.
            let end = if inner.entity.is_none() {
                person_at(inner.tokens.end).map_or(inner.tokens.end, |n| n.tokens.end)
            } else {
                inner.tokens.end
            };
            (role, end)
        }
        // A person named right after: `مستشار بوتين`, `نجل صدام حسين` (`ابن` + name is a patronymic).
        None if r.rest != "ابن" => (RoleId(0), person_at(i + 1)?.tokens.end),
        None => return None,
    };
    let span = span_after_proclitics(text, tokens, i, end, r.stripped_chars);
    Some(Mention { span, tokens: i..end, sentence: 0, kind: MentionKind::Role(role), entity: None, proclitics: r.proclitics })
}

/// A role phrase at `i`: TITLE + (demonym | country | organisation), or `نظيره` + demonym.
fn match_role(
    kb: &Kb,
    tokens: &[Token],
    i: usize,
    date: Option<Date>,
    text: &str,
    previous: &[Mention],
    sentence: usize,
) -> Option<Mention> {
    // Counterparts.
    // (The readings are built only for a word that may be one of these.)
    let special = any_reading_rest(&tokens[i].key, |r| {
        matches!(r, "نظيره" | "نظيرته" | "نظيرها" | "نظيريه" | "نظيرتها" | "نظيرهم" | "الوزير" | "الوزيره")
    });
    let first = if special { readings(&tokens[i].key) } else { Vec::new() };
    if let Some(r) = first.iter().find(|r| matches!(r.rest.as_str(), "نظيره" | "نظيرته" | "نظيرها" | "نظيريه" | "نظيرتها" | "نظيرهم"))
    {
        let (end, _, _, country) = longest(
            tokens,
            i + 1,
            3,
            |k| kb.starts_name(k),
            |k| kb.names(k).iter().find(|h| h.kind == NameKind::Demonym).map(|h| h.entity),
        )
        .filter(|_| joined(tokens, i, i + 1))?;
        let span = span_after_proclitics(text, tokens, i, end, r.stripped_chars);
        let entity = counterpart(kb, previous, sentence, country, date);
        return Some(Mention {
            span,
            tokens: i..end,
            sentence: 0,
            kind: MentionKind::Counterpart,
            entity,
            proclitics: r.proclitics.clone(),
        });
    }
    // `الوزير السعودي`: a minister of that country already named in the text.
    if let Some(r) = first.iter().find(|r| matches!(r.rest.as_str(), "الوزير" | "الوزيره"))
        && joined(tokens, i, i + 1)
        && let Some((end, _, _, country)) =
            longest(tokens, i + 1, 3, |k| kb.starts_name(k), |k| kb.names(k).iter().find(|h| h.kind == NameKind::Demonym).map(|h| h.entity))
    {
        let iso = kb.entity(country).country.clone();
        let entity = previous.iter().rev().filter_map(|m| m.entity).find(|&e| {
            let p = kb.entity(e);
            p.kind == EntityKind::Person && p.country == iso && kb.offices_of(e, date).any(|o| kb.role(o.role).key.ends_with("minister"))
        });
        let span = span_after_proclitics(text, tokens, i, end, r.stripped_chars);
        let role = kb.roles.iter().position(|x| x.key == "foreign_minister").map_or(RoleId(0), |p| RoleId(p as u16));
        return Some(Mention {
            span,
            tokens: i..end,
            sentence: 0,
            kind: MentionKind::Role(role),
            entity,
            proclitics: r.proclitics.clone(),
        });
    }
    let (t_end, stripped, proclitics, roles) = longest(
        tokens,
        i,
        kb.max_title_words,
        |k| kb.starts_title(k),
        |k| {
            let r = kb.titles(k);
            (!r.is_empty()).then(|| r.to_vec())
        },
    )?;
    // The scope: a demonym, a country or an organisation name right after the title.
    // Without one, the bare title is still a mention (its tokens are not read as an
    // organisation: `سكرتير مجلس الأمن` is a person, not the Security Council); a name
    // in apposition may resolve it later.
    let bare = || {
        let span = span_after_proclitics(text, tokens, i, t_end, stripped);
        Some(Mention {
            span,
            tokens: i..t_end,
            sentence: 0,
            kind: MentionKind::Role(roles[0]),
            // A title unique in the world names its holder (`خادم الحرمين الشريفين` → the Saudi king).
            entity: kb.only_holder(roles[0], date),
            proclitics: proclitics.clone(),
        })
    };
    if t_end >= tokens.len() || !joined(tokens, t_end - 1, t_end) {
        return bare();
    }
    let Some((end, _, _, scope)) = longest(
        tokens,
        t_end,
        kb.max_name_words,
        |k| kb.starts_name(k),
        |k| {
            kb.names(k)
                .iter()
                .find(|h| {
                    let e = kb.entity(h.entity);
                    (h.kind == NameKind::Demonym && e.kind == EntityKind::Country)
                        || (h.kind == NameKind::Full
                            && matches!(e.kind, EntityKind::Country | EntityKind::Organization | EntityKind::Group))
                })
                .map(|h| h.entity)
        },
    ) else {
        return bare();
    };
    let scope_is_country = kb.entity(scope).kind == EntityKind::Country;
    let mut entity = None;
    let mut role = roles[0];
    for &r in &roles {
        let holders = if scope_is_country { kb.holders(r, Some(scope), None, date) } else { kb.holders(r, None, Some(scope), date) };
        if holders.len() == 1 {
            entity = Some(holders[0]);
            role = r;
            break;
        }
    }
    // A spokesman the knowledge base does not name speaks for the body he speaks for
    // (`المتحدث باسم وزارة الخارجية الإيرانية` → Iran's foreign ministry).
    if entity.is_none() && kb.role(roles[0]).key == "spokesperson" {
        entity = Some(scope);
    }
    let span = span_after_proclitics(text, tokens, i, end, stripped);
    Some(Mention { span, tokens: i..end, sentence: 0, kind: MentionKind::Role(role), entity, proclitics })
}

/// `نظيره X`: the holder, in country X, of an office held by the person named last.
fn counterpart(kb: &Kb, previous: &[Mention], sentence: usize, country: EntityId, date: Option<Date>) -> Option<EntityId> {
    let person = previous
        .iter()
        .rev()
        .take_while(|m| m.sentence + 1 >= sentence)
        .filter_map(|m| m.entity)
        .find(|&e| kb.entity(e).kind == EntityKind::Person)?;
    for office in kb.offices_of(person, date) {
        let holders = kb.holders(office.role, Some(country), None, date);
        if let [h] = holders.as_slice() {
            return Some(*h);
        }
    }
    None
}

/// A title no one holds in the knowledge base right before a name it does not know either
/// (`البرلماني البريطاني المعارض، ديفيد كولتارت`, `رئيس نيكاراغوا X`): the index of the title's
/// mention, and the country its words name (`البريطاني`, `نيكاراغوا`), for the pipeline to give
/// the tagger's new person that title and country.
pub fn unheld_title_before(kb: &Kb, mentions: &[Mention], tokens: &[Token], first: usize) -> Option<(usize, Option<EntityId>)> {
    let i = mentions.partition_point(|m| m.tokens.end <= first).checked_sub(1)?;
    let role = &mentions[i];
    if !matches!(role.kind, MentionKind::Role(_)) || role.entity.is_some() || role.tokens.end > first {
        return None;
    }
    let gap = &tokens[role.tokens.end..first];
    let ok = gap.len() <= 4
        && gap.iter().all(|t| t.key == "،" || t.key == "," || RANKS.contains(&t.key.as_str()) || TITLE_MODIFIERS.contains(&t.key.as_str()));
    if !ok {
        return None;
    }
    let country = tokens[role.tokens.clone()]
        .iter()
        .rev()
        .find_map(|t| kb.names(&t.key).iter().map(|h| h.entity).find(|&e| kb.entity(e).kind == EntityKind::Country));
    Some((i, country))
}

/// A role phrase followed by a name (`الرئيس الروسي فلاديمير بوتين`, `نائب وزير الدفاع، الفريق أول يونس بك يفكيروف`):
/// the name decides who it is, and the role mention takes the same entity.
fn apply_appositions(kb: &Kb, mentions: &mut [Mention], tokens: &[Token]) {
    for j in 1..mentions.len() {
        let (a, b) = mentions.split_at_mut(j);
        let role = &mut a[j - 1];
        let name = &b[0];
        if !matches!(role.kind, MentionKind::Role(_) | MentionKind::Name)
            || !matches!(name.kind, MentionKind::Name | MentionKind::ShortName)
        {
            continue;
        }
        let Some(ne) = name.entity else { continue };
        if kb.entity(ne).kind != EntityKind::Person || role.sentence != name.sentence {
            continue;
        }
        if role.kind == MentionKind::Name && role.entity.is_some_and(|e| kb.entity(e).kind == EntityKind::Person) {
            continue;
        }
        // Only ranks, commas and nothing else between.
        let gap = &tokens[role.tokens.end..name.tokens.start];
        // (…and the modifiers of a title: `الرئيس الأمريكي المنتخب دونالد ترامب`, `السابق`, `الجديد`.)
        let ok = gap.len() <= 4
            && gap
                .iter()
                .all(|t| t.key == "،" || t.key == "," || RANKS.contains(&t.key.as_str()) || TITLE_MODIFIERS.contains(&t.key.as_str()));
        // A role resolved to someone else is not in apposition (`طالبت وزيرة الخارجية الأمريكية الأسد`):
        // the name is then the object, not the role's holder.
        // (…unless the name held that very office: `رئيس الوزراء الفلسطيني محمد اشتية` in a report of
        // his resignation, after his successor took over.)
        let held_it = match role.kind {
            MentionKind::Role(r) => {
                let scope = role.entity.and_then(|e| kb.entity(e).country.clone());
                kb.offices.iter().any(|o| {
                    o.holder == ne && o.role == r && (scope.is_none() || o.country.and_then(|c| kb.entity(c).country.clone()) == scope)
                })
            }
            _ => false,
        };
        if ok && matches!(role.kind, MentionKind::Role(_)) && (role.entity.is_none_or(|e| e == ne) || held_it) {
            role.entity = Some(ne);
        }
    }
}

#[cfg(test)]
mod tests;
