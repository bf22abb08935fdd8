//! Places of events.
//!
//! Rules:
//! - the place of an event is the finest place introduced by في / ب / إلى in its clause
//!   (`اجتمع الوزيران في مدينة جدة` → Jeddah, a city beats a country);
//! - a seat of power (`في قصر الإليزيه`) is a place in its capital;
//! - a place's host country is the capital's country, the city's country, or the country itself.

use crate::*;

/// Organisations that are also buildings: in a place phrase they are where something happened.
pub(crate) const SEATS: [&str; 3] = ["org:kremlin", "org:white-house", "org:elysee"];

/// Nouns that introduce a place name (`مدينة الفاشر`, `مخيم جباليا`).
pub(crate) const PLACE_HEADS: [&str; 14] =
    ["مدينه", "المدينه", "بلده", "قريه", "منطقه", "مخيم", "محافظه", "ولايه", "اقليم", "ميناء", "مطار", "معبر", "قاعده", "العاصمه"];

/// A country standing behind a place: a capital's country, a city's country, or the country itself.
pub(crate) fn host_of(kb: &DocEntities, e: EntityId) -> Option<EntityId> {
    let ent = kb.entity(e);
    if SEATS.contains(&ent.id.as_str()) {
        return ent.country.as_deref().and_then(|c| kb.country(c));
    }
    match ent.kind {
        EntityKind::Country => Some(e),
        EntityKind::Place | EntityKind::Region => ent.capital_of.or_else(|| ent.country.as_deref().and_then(|c| kb.country(c))),
        _ => None,
    }
}

/// The finest place introduced by في / ب / إلى in tokens `from..to` of the sentence.
pub(crate) fn place_in_clause(inp: &Input, s: &Sentence, from: usize, to: usize) -> Option<EntityId> {
    let mut best: Option<(u8, EntityId)> = None;
    for m in mentions_in(inp, s).iter().filter(|m| m.tokens.start >= from && m.tokens.start < to) {
        let Some(e) = m.entity else { continue };
        // A seat of power (`في الكرملين`, `بالبيت الأبيض`) is a place in its capital.
        let e = if SEATS.contains(&inp.kb.entity(e).id.as_str()) {
            match inp.kb.entity(e).country.as_deref().and_then(|c| inp.kb.country(c)).and_then(|c| inp.kb.capital(c)) {
                Some(city) => city,
                None => continue,
            }
        } else {
            e
        };
        let ent = inp.kb.entity(e);
        if !ent.kind.is_place() {
            continue;
        }
        let prep = unit_prep(inp.tokens, m, s);
        if !matches!(prep.as_deref(), Some("في" | "ب" | "الي")) {
            continue;
        }
        let rank = match ent.place_kind.map(|p| p.precision()) {
            Some("site") => 4,
            Some("city") => 3,
            Some(_) => 2,
            None if ent.kind == EntityKind::Country => 1,
            None => 0,
        };
        if ent.kind.is_place() && best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, e));
        }
    }
    best.map(|(_, e)| e)
}
