//! Places of events.
//!
//! Rules:
//! - the place of an event is the finest place introduced by في / ب / إلى in its clause
//!   (`اجتمع الوزيران في مدينة جدة` → Jeddah, a city beats a country);
//! - a seat of power (`في قصر الإليزيه`) is a place in its capital;
//! - a physical act (violence, an arrest, a protest, a deployment) whose clause names no place is
//!   at the finest place its sentence names after في / ب / إلى, a noun of place or a verb of
//!   witnessing, through up to four nouns (`في أحد أحياء مدينة جوهانسبرغ`, `شهدته مدينة صعدة`);
//! - a place's host country is the capital's country, the city's country, or the country itself.

use crate::*;

/// Organisations that are also buildings: in a place phrase they are where something happened.
pub(crate) const SEATS: [&str; 3] = ["org:kremlin", "org:white-house", "org:elysee"];

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
        // (`في حي الكرادة وسط بغداد`: a noun of place used as an adverb introduces it too.)
        let locative = m.tokens.start > s.tokens.start
            && readings(&inp.tokens[m.tokens.start - 1].key).iter().any(|r| Class::LocativeNouns.contains(&r.rest.as_str()));
        if !locative && !prep.as_deref().is_some_and(|w| Class::PlacePrepositions.contains(&w)) {
            continue;
        }
        let rank = fineness(ent);
        if ent.kind.is_place() && best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, e));
        }
    }
    best.map(|(_, e)| e)
}

/// How fine a place is: a site beats a city, which beats a region, which beats a country.
fn fineness(ent: &rasd_kb::Entity) -> u8 {
    match ent.place_kind.map(|p| p.precision()) {
        Some("site") => 4,
        Some("city") => 3,
        Some(_) => 2,
        None if ent.kind == EntityKind::Country => 1,
        None => 0,
    }
}

/// How many words of a place phrase may stand between its preposition and the name
/// (`في أحد أحياء مدينة جوهانسبرغ`).
const PLACE_PHRASE_REACH: usize = 4;

/// The finest place named anywhere in the sentence after a place preposition, a noun of place used
/// as an adverb or a verb of witnessing, through a short chain of nouns (`إطلاق نار مساء الجمعة في
/// أحد أحياء مدينة جوهانسبرغ`, `الهجوم الذي شهدته مدينة صعدة`, `التفجير الذي استهدف مسجدا في منطقة
/// عسير`): where a physical act whose own clause names no place happened.
pub(crate) fn place_in_sentence(inp: &Input, s: &Sentence) -> Option<EntityId> {
    let toks = inp.tokens;
    let introduced = |m: &Mention| {
        // (The mention's own proclitic: `ببغداد`, `وفي`.)
        if m.proclitics.iter().any(|p| Class::PlacePrepositions.contains(p)) {
            return true;
        }
        for back in 1..=PLACE_PHRASE_REACH {
            let Some(k) = m.tokens.start.checked_sub(back).filter(|&k| k >= s.tokens.start) else { return false };
            let t = &toks[k];
            if t.kind != TokenKind::Arabic || CLAUSE_BREAKS.contains(&t.key.as_str()) {
                return false;
            }
            let rs = readings(&t.key);
            // A preposition standing alone (`في`, `إلى`), a noun of place used as an adverb, a verb of
            // witnessing, or a place noun carrying ب/في (`بمدينة`); not any word with a ب (`بأن`).
            let opens = rs.iter().any(|r| {
                let rest = r.rest.as_str();
                (r.proclitics.is_empty() && Class::PlacePrepositions.contains(&rest))
                    || Class::LocativeNouns.contains(&rest)
                    || Class::WitnessVerbs.contains(&rest)
                    || (r.proclitics.iter().any(|p| Class::PlacePrepositions.contains(p))
                        && (Class::UnitPlaceHeads.contains(&rest) || Class::PlaceNouns.contains(&rest)))
            });
            if opens {
                return true;
            }
        }
        false
    };
    let mut best: Option<(u8, EntityId)> = None;
    for m in mentions_in(inp, s) {
        let Some(e) = m.entity else { continue };
        let ent = inp.kb.entity(e);
        // (A nisba, `هجوم إيراني`, names who acted, not where.)
        let named = matches!(m.kind, MentionKind::Name | MentionKind::ShortName);
        if !named || !ent.kind.is_place() || SEATS.contains(&ent.id.as_str()) || !introduced(m) {
            continue;
        }
        let rank = fineness(ent);
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, e));
        }
    }
    best.map(|(_, e)| e)
}

/// The place of one trigger event: the place in its clause, a visited place, or the place before the trigger.
pub(crate) fn locate<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let inp = cx.inp;
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    let tm = f.tm;
    let start = &f.start;
    let end = &f.end;
    // Places as targets: a visited place gives the location and its country as the target.
    // The clause: from the trigger to the first clause break after its last argument.
    let args_end = a.target_unit.map_or(*end, |u| u.tokens.end).max(tm.end);
    let clause_end = (args_end..f.next_trigger).find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str())).unwrap_or(f.next_trigger);
    // After a verb of discussing, `في غزة` names the subject, not where the talks were.
    let discuss = def.mode.as_deref() == Some("discuss");
    // After a verbal act (a promise, a demand, praise, an accusation), a place is what the words
    // are about (`أكدا رغبتهما في تحقيق الأمن في الشرق الأوسط`), not where they were said.
    let verbal = matches!(
        def.event_type,
        EventType::Agree
            | EventType::Request
            | EventType::Support
            | EventType::Accuse
            | EventType::Reject
            | EventType::Threaten
            | EventType::Concede
    ) && def.pos != Pos::Noun;
    a.location = if discuss || verbal {
        None
    } else {
        place_in_clause(inp, s, *end, clause_end).map(|e| Location { entity: e, basis: LocationBasis::Clause })
    };
    let places: Vec<EntityId> = a.target.iter().copied().filter(|&e| inp.kb.entity(e).kind.is_place()).collect();
    // Places acted on whose country became the target.
    if !places.is_empty() && inp.kb.entity(places[0]).kind != EntityKind::Country || def.mode.as_deref() == Some("visit") {
        for p in &places {
            if a.location.is_none() || inp.kb.entity(*p).kind != EntityKind::Country {
                a.location = Some(Location { entity: *p, basis: LocationBasis::Clause });
            }
        }
        if def.mode.as_deref() != Some("visit") {
            a.place_targets.extend(places.iter().copied().filter(|&p| inp.kb.entity(p).kind != EntityKind::Country));
        }
        a.target = a.target.iter().map(|&e| host_of(inp.kb, e).unwrap_or(e)).collect();
        a.target.dedup();
    }
    let pronoun_object = rasd_text::clitics::enclitic_readings(&toks[tm.head_end - 1].key)
        .iter()
        .any(|(stem, e)| e.is_some() && inp.lexicon.forms.contains_key(*stem));
    if def.mode.as_deref() == Some("visit") && a.location.is_none() {
        // `زار الرئيس الرياض`: a place as the direct object.
        a.location = mentions_in(inp, s)
            .iter()
            .find(|m| {
                m.tokens.start >= a.src_end && m.tokens.start <= a.src_end + 2 && m.entity.is_some_and(|e| inp.kb.entity(e).kind.is_place())
            })
            .map(|m| Location { entity: m.entity.unwrap(), basis: LocationBasis::Clause });
    }
    if def.mode.as_deref() == Some("visit") && a.target.is_empty() {
        // The destination: a place in the clause, or, for `وصلها` (a pronoun object), one in the sentence.
        // (Also for a visit noun with its visitor but no destination: `في أول زيارة خارجية للأسد`
        // after `استقبله بوتين في الكرملين` was a visit there.)
        let sentence_place = || {
            if pronoun_object || a.visitor_by_lam {
                place_in_clause(inp, s, s.tokens.start, s.tokens.end).map(|e| Location { entity: e, basis: LocationBasis::Sentence })
            } else {
                None
            }
        };
        if let Some(l) = a.location.clone().or_else(sentence_place) {
            a.target = host_of(inp.kb, l.entity).into_iter().collect();
            a.location = Some(l);
            a.notes.push("target: the host of the visited place".into());
        }
    }
    // `زار نيامي`: the visited capital is the place, its country the target.
    if let Some(c) = a.target_unit.and_then(|u| u.capitals.first())
        && a.location.as_ref().is_none_or(|l| inp.kb.entity(l.entity).kind == EntityKind::Country)
    {
        a.location = Some(Location { entity: *c, basis: LocationBasis::Clause });
    }
    if a.location.is_none() {
        let clause_start =
            (f.prev_trigger..*start).rev().find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str())).map_or(f.prev_trigger, |i| i + 1);
        a.location = place_in_clause(inp, s, clause_start, *start).map(|e| Location { entity: e, basis: LocationBasis::Clause });
    }
    // A physical act (violence, an arrest, a protest, a deployment) whose clause names no place
    // happened at the place its sentence names.
    let physical = matches!(def.event_type, EventType::Assault | EventType::Coerce | EventType::Protest | EventType::Mobilize);
    if a.location.is_none() && physical {
        a.location = place_in_sentence(inp, s).map(|e| Location { entity: e, basis: LocationBasis::Sentence });
    }
}
