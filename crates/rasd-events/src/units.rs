//! Actor units: coordinated actor mentions with the preposition that introduces them.
//!
//! Rules:
//! - mentions joined by و, a comma, a rank or an unresolved role are one unit:
//!   `مصر والأردن وفلسطين` is one unit of three;
//! - the government of a person is that person's state (`حكومة نتنياهو`); a capital stands for its
//!   government (`أعلنت أنقرة`); a nisba after an institution or a verbal noun names the acting
//!   state (`القوات التركية`, `الانسحاب الروسي`);
//! - a place is a unit only a target may use; a platform named as the medium (`عبر منصة إكس`) and names
//!   in the dateline are no actors;
//! - a unit's preposition is a proclitic ب/ل/ك or a preposition word before it, possibly over a head
//!   noun (`إلى العاصمة الرباط`).

use crate::*;

/// A run of coordinated actor mentions.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    pub(crate) entities: Vec<EntityId>,
    /// Token range covered.
    pub(crate) tokens: std::ops::Range<usize>,
    /// The preposition introducing the unit (key), if any.
    pub(crate) prep: Option<String>,
    /// Whether it stands for "both sides" and still needs expanding.
    pub(crate) both_sides: bool,
    /// Capitals named in the unit (standing for their governments): also where an act aimed at it happened.
    pub(crate) capitals: Vec<EntityId>,
    /// A nisba on a verbal noun (`الغارة الإسرائيلية`): the state that acted.
    pub(crate) agent_nisba: bool,
    /// A place that is not a country or a capital: never a source, but a target may be one.
    pub(crate) place_only: bool,
    /// Read off a nisba (`القوات المصرية`, `المعارض الإثيوبي`): a name right after it is in apposition.
    pub(crate) from_nisba: bool,
}

/// Knowledge-base ids of social-media platforms, and the words that name one as a medium.
pub(crate) const PLATFORMS: [&str; 7] =
    ["org:x-twitter", "org:facebook", "org:telegram", "org:youtube", "org:instagram", "org:tiktok", "org:whatsapp"];

/// Actor units of a sentence.
pub(crate) fn units(inp: &Input, s: &Sentence) -> Vec<Unit> {
    let toks = inp.tokens;
    // Names in the dateline (`دبي، الإمارات العربية المتحدة (CNN)--`) say where the story was filed.
    let in_dateline = |m: &Mention| inp.layout.dateline_zone.is_some_and(|z| z.contains(m.span));
    let mut out: Vec<Unit> = Vec::new();
    let mut last_demonym_end: Option<usize> = None;
    // Tokens of role phrases nobody could be found for (`ونظيره اليوناني` before a name the
    // knowledge base lacks): they sit between coordinated actors like ranks.
    let unresolved: Vec<std::ops::Range<usize>> = mentions_in(inp, s)
        .iter()
        .filter(|m| matches!(m.kind, MentionKind::Role(_) | MentionKind::Counterpart) && m.entity.is_none())
        .map(|m| m.tokens.clone())
        .collect();
    let in_unresolved = |i: usize| unresolved.iter().any(|r| r.contains(&i));
    let unresolved_conj =
        |i: usize| mentions_in(inp, s).iter().any(|m| m.tokens.start == i && m.entity.is_none() && m.proclitics.first() == Some(&"و"));
    // `على حسابه بموقع تويتر`: a platform named as the medium is not an actor.
    let medium = |m: &Mention| {
        m.entity.is_some_and(|e| PLATFORMS.contains(&inp.kb.entity(e).id.as_str()))
            && (1..=2)
                .filter_map(|b| m.tokens.start.checked_sub(b))
                .filter(|&h| h >= s.tokens.start)
                .any(|h| readings(&toks[h].key).iter().any(|r| Class::MediumWords.contains(&r.rest.as_str())))
    };
    for m in mentions_in(inp, s).iter().filter(|m| !in_dateline(m) && !medium(m)) {
        let ent = m.entity.map(|e| inp.kb.entity(e));
        let mut capital: Option<EntityId> = None;
        // Who the mention stands for as an actor, and where its phrase starts.
        // The government of a person (`حكومة نتنياهو`, `إدارة ترامب`, `نظام الأسد`) is that person's state.
        let head_before = m.tokens.start.checked_sub(1).filter(|&h| h >= s.tokens.start);
        let govt_head = head_before.filter(|&h| readings(&toks[h].key).iter().any(|r| Class::GovernmentHeads.contains(&r.rest.as_str())));
        let person_state = govt_head
            .and(ent)
            .filter(|e| e.kind == EntityKind::Person)
            .and_then(|e| e.country.as_deref())
            .and_then(|iso| inp.kb.country(iso));
        let mut agent_nisba = false;
        let mut place_only = false;
        let (entity, start) = if let (Some(state), Some(h)) = (person_state, govt_head) {
            (Some(state), h)
        } else if m.is_actor(inp.kb) {
            (m.entity, m.tokens.start)
        } else if let Some(country) = ent.and_then(|e| e.capital_of) {
            // A capital stands for its government (`أعلنت واشنطن`, `لكييف`).
            capital = m.entity;
            (Some(country), m.tokens.start)
        } else if m.kind == MentionKind::Demonym {
            // A nisba after an institution or a verbal noun names the state acting:
            // `القوات المصرية`, `الأجهزة الأمنية المغربية`, `الانسحاب الأمريكي`; and coordinated
            // nisbas follow the first (`المصرية والسعودية`).
            let head = (1..=2).map(|b| m.tokens.start.checked_sub(b)).find_map(|i| {
                let i = i.filter(|&i| i >= s.tokens.start)?;
                let k = toks[i].key.as_str();
                let bare = readings(k)
                    .into_iter()
                    .map(|r| r.rest)
                    .find(|r| Class::InstitutionHeads.contains(&r.as_str()) || inp.lexicon.forms.contains_key(r));
                bare.map(|_| i)
            });
            let coordinated = m.proclitics.first() == Some(&"و") && last_demonym_end == Some(m.tokens.start);
            match head {
                // `القوات الأمريكية والبريطانية`: the second nisba joins the first phrase.
                _ if coordinated => (m.entity, m.tokens.start),
                Some(h) => {
                    // After a verbal noun the nisba alone is the actor; after an institution the phrase starts at the head.
                    let head_is_trigger = readings(&toks[h].key).iter().any(|r| inp.lexicon.forms.contains_key(&r.rest));
                    agent_nisba = head_is_trigger && h + 1 == m.tokens.start;
                    (m.entity, if head_is_trigger { m.tokens.start } else { h })
                }
                None => continue,
            }
        } else if ent.is_some_and(|e| e.kind.is_place()) {
            // A place is no actor, but it may be what an act is aimed at (`حاصرت مدينة الفاشر`,
            // `المساعدات لقطاع غزة`): a unit that only a target may use.
            place_only = true;
            (m.entity, m.tokens.start)
        } else {
            continue;
        };
        // (A name ending in a nisba, `القوات الأمريكية`, takes coordinated nisbas too: `والبريطانية`.)
        let ends_in_nisba = m.tokens.end > m.tokens.start && {
            let k = toks[m.tokens.end - 1].key.as_str();
            k.starts_with("ال") && (k.ends_with("يه") || k.ends_with('ي'))
        };
        if m.kind == MentionKind::Demonym || (m.kind == MentionKind::Name && ends_in_nisba) {
            last_demonym_end = Some(m.tokens.end);
        }
        let m_tokens = start..m.tokens.end;
        // A title with a nisba before a name (`المعارض الإثيوبي جوهر محمد`): the name is the actor.
        if let Some(u) = out.last_mut()
            && u.from_nisba
            && u.tokens.end == m_tokens.start
            && ent.is_some_and(|e| e.kind == EntityKind::Person)
            && m.proclitics.is_empty()
        {
            u.entities = entity.into_iter().collect();
            u.tokens.end = m.tokens.end;
            u.from_nisba = false;
            u.agent_nisba = false;
            continue;
        }
        // Coordinated with the previous unit: only "و" (as proclitic or word) or a comma between, or nothing (apposition).
        if let Some(u) = out.last_mut()
            && u.tokens.end <= m_tokens.start
            && u.place_only == place_only
        {
            let gap = &toks[u.tokens.end..m_tokens.start];
            // (`الجيش اليمني ومسلحي جماعة الحوثي`: a conjunction on the head noun of the next actor.)
            let force_conj = gap.len() == 1 && gap[0].key.strip_prefix('و').is_some_and(|h| Class::ForceHeads.contains(&h));
            let conj = m.proclitics.first().is_some_and(|p| Class::Conj.contains(p))
                || (u.tokens.end < m_tokens.start && unresolved_conj(u.tokens.end))
                || force_conj;
            let gap_ok = force_conj
                || (u.tokens.end..m_tokens.start).all(|i| {
                    let t = &toks[i];
                    t.key == "،" || t.key == "," || t.key == "و" || is_rank(&t.key) || in_unresolved(i)
                });
            // Apposition (`الرئيس الروسي فلاديمير بوتين`) only restates the same entity.
            let apposition = gap.iter().all(|t| t.key == "،" || t.key == "," || is_rank(&t.key))
                && !conj
                && (entity.is_none() || u.entities.last() == entity.as_ref());
            if gap.len() <= 8 && gap_ok && (conj || apposition || gap.iter().any(|t| t.key == "و")) && !has_prep(m) {
                if m.kind == MentionKind::BothSides {
                    u.both_sides = true;
                } else if let Some(e) = entity
                    && !u.entities.contains(&e)
                {
                    u.entities.push(e);
                }
                u.capitals.extend(capital);
                u.tokens.end = m.tokens.end;
                continue;
            }
        }
        let prep = if m_tokens.start == m.tokens.start { unit_prep(toks, m, s) } else { head_prep(toks, m_tokens.start) };
        out.push(Unit {
            entities: entity.into_iter().collect(),
            tokens: m_tokens,
            prep,
            both_sides: m.kind == MentionKind::BothSides,
            capitals: capital.into_iter().collect(),
            agent_nisba,
            place_only,
            from_nisba: m.kind == MentionKind::Demonym,
        });
    }
    out
}

/// The preposition before a phrase starting at token `i` (a proclitic on it, or a preposition word before it).
pub(crate) fn head_prep(toks: &[Token], i: usize) -> Option<String> {
    if let Some(r) = readings(&toks[i].key).into_iter().find(|r| {
        r.proclitics.iter().any(|p| Class::AttachedPrepositions.contains(p)) && Class::InstitutionHeads.contains(&r.rest.as_str())
    }) {
        return r.proclitics.iter().rev().find(|p| Class::AttachedPrepositions.contains(p)).map(|p| p.to_string());
    }
    let prev = toks.get(i.checked_sub(1)?)?.key.as_str();
    let prev = prev.strip_prefix('و').filter(|r| Class::Prepositions.contains(r)).unwrap_or(prev);
    Class::Prepositions.contains(&prev).then(|| prev.to_string())
}

pub(crate) fn is_rank(k: &str) -> bool {
    Class::Ranks.contains(&k)
}

pub(crate) fn has_prep(m: &Mention) -> bool {
    m.proclitics.iter().any(|p| Class::AttachedPrepositions.contains(p))
}

/// The preposition before a mention: a proclitic ب/ل, or a preposition word right before it
/// (possibly with a head noun between, as in `إلى العاصمة موسكو`).
pub(crate) fn unit_prep(toks: &[Token], m: &Mention, s: &Sentence) -> Option<String> {
    if let Some(p) = m.proclitics.iter().rev().find(|p| Class::AttachedPrepositions.contains(p)) {
        return Some((*p).to_string());
    }
    let start = m.tokens.start;
    // Walk back over a head noun (`العاصمة`, `مدينة`, `مقر`) and nisba adjectives (`الروسية`).
    for back in 1..=5 {
        if start < s.tokens.start + back {
            break;
        }
        let t = &toks[start - back];
        let k = t.key.strip_prefix('و').filter(|r| Class::Prepositions.contains(r)).unwrap_or(&t.key);
        if Class::Prepositions.contains(&k) {
            return Some(k.to_string());
        }
        let is_head = |h: &str| Class::UnitPlaceHeads.contains(&h) || Class::ForceHeads.contains(&h);
        // (`بعض` starts with a ب of its own.)
        if is_head(k.trim_start_matches('و')) {
            continue;
        }
        let head = k.trim_start_matches(['ب', 'ف', 'و']);
        if is_head(head) {
            if k.starts_with('ب') || k.starts_with("وب") {
                return Some("ب".into());
            }
            continue;
        }
        if k.starts_with("ال") && (k.ends_with("يه") || k.ends_with('ي')) && back < 3 {
            continue;
        }
        break;
    }
    None
}
