//! Merging mentions of one happening into events.
//!
//! Rules:
//! - same type, same mode class, same negation, same actor set, compatible dates and targets:
//!   `التقى الملك الرئيسَ` and `وخلال اللقاء بحث الجانبان` are one meeting;
//! - a mention naming more actors than existing meetings, all of them covered, is evidence for each;
//! - the best date and place win, and the strongest modality among mentions.

use crate::*;

pub(crate) fn symmetric(m: &EventMention) -> bool {
    m.event_type == EventType::Consult && !matches!(m.mode.as_deref(), Some("visit" | "host"))
}

pub(crate) fn mode_class(mode: Option<&str>) -> &str {
    match mode {
        Some("visit") => "visit",
        Some("host") => "host",
        Some("phone") => "phone",
        Some("multilateral") => "multilateral",
        _ => "meet",
    }
}

pub(crate) fn actor_set(m: &EventMention) -> Vec<EntityId> {
    let mut v: Vec<EntityId> = if symmetric(m) { m.source.iter().chain(m.target.iter()).copied().collect() } else { m.source.clone() };
    v.sort();
    v.dedup();
    v
}

pub(crate) fn dates_compatible(a: &Option<EventDate>, b: &Option<EventDate>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.start <= b.end && b.start <= a.end,
        _ => true,
    }
}

pub(crate) fn merge(inp: &Input, mut ms: Vec<EventMention>) -> Vec<Event> {
    // Smaller actor sets first, so that "X met A and B" can attach to the separate meetings with A and with B.
    let mut order: Vec<usize> = (0..ms.len()).collect();
    order.sort_by_key(|&i| (actor_set(&ms[i]).len(), ms[i].sentence));
    let mut events: Vec<Event> = Vec::new();
    let mut taken = vec![false; ms.len()];
    for &i in &order {
        let m = &ms[i];
        let set = actor_set(m);
        let cls = mode_class(m.mode.as_deref());
        // Outside CONSULT and ASSAULT, two modes are two acts (a siege and a blockade of aid, a
        // demonstration and a riot); a mention with no mode may be either. One attack is often told
        // as air strikes, then missiles, then bombs.
        let modes_fit = |e: &Event| {
            matches!(m.event_type, EventType::Consult | EventType::Assault) || e.mode.is_none() || m.mode.is_none() || e.mode == m.mode
        };
        // Talks of a pair during their call or meeting (`أجرى … اتصالا … ناقشا خلاله`) are that call.
        let discuss_joins = |e: &Event| {
            let near = e.mentions.iter().any(|x| x.sentence.abs_diff(m.sentence) <= 1);
            near && symmetric(m)
                && symmetric(&e.mentions[0])
                && (m.mode.as_deref() == Some("discuss") || e.mode.as_deref() == Some("discuss"))
        };
        let classes_fit = |e: &Event| mode_class(e.mode.as_deref()) == cls || discuss_joins(e);
        let same_kind = |e: &Event| {
            e.event_type == m.event_type
                && classes_fit(e)
                && modes_fit(e)
                && (e.modality == Modality::Negated) == (m.modality == Modality::Negated)
        };
        let ev_set = |e: &Event| actor_set(&e.mentions[0]);
        // Same actors (and compatible targets for directed events).
        // (A target read off a place gives way to one named in the same sentence.)
        let weak_target = |e: &Event| {
            e.mentions.iter().any(|x| x.sentence == m.sentence) && (m.target_from_place || e.mentions.iter().all(|x| x.target_from_place))
        };
        let exact = events.iter().position(|e| {
            same_kind(e)
                && ev_set(e) == set
                && dates_compatible(&e.date, &m.date)
                && (symmetric(m)
                    || m.target.is_empty()
                    || e.target.is_empty()
                    || e.target.iter().any(|t| m.target.contains(t))
                    || weak_target(e))
        });
        if let Some(k) = exact {
            add_mention(inp, &mut events[k], m.clone(), true);
            taken[i] = true;
            continue;
        }
        // A superset mention covered by existing events: evidence for each of them.
        if symmetric(m) && set.len() >= 3 {
            let covering: Vec<usize> = events
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    same_kind(e) && symmetric(&e.mentions[0]) && ev_set(e).len() >= 2 && ev_set(e).iter().all(|a| set.contains(a))
                })
                .map(|(k, _)| k)
                .collect();
            let union: Vec<EntityId> = covering.iter().flat_map(|&k| ev_set(&events[k])).collect();
            if !covering.is_empty() && set.iter().all(|a| union.contains(a)) {
                for k in covering {
                    let mut mm = m.clone();
                    mm.date = None;
                    mm.notes.push("evidence shared by several events: names more actors than this one".into());
                    add_mention(inp, &mut events[k], mm, false);
                }
                taken[i] = true;
                continue;
            }
        }
        events.push(new_event(inp, m.clone()));
        taken[i] = true;
    }
    ms.clear();
    for e in &mut events {
        e.mentions.sort_by_key(|m| (m.sentence, m.trigger.start));
    }
    events.sort_by(|a, b| {
        let da = a.date.as_ref().map(|d| d.start);
        let db = b.date.as_ref().map(|d| d.start);
        (da.is_none(), da, a.mentions[0].sentence).cmp(&(db.is_none(), db, b.mentions[0].sentence))
    });
    events
}

pub(crate) fn new_event(inp: &Input, m: EventMention) -> Event {
    let def = &inp.lexicon.triggers[m.rule];
    let mut e = Event {
        event_type: m.event_type,
        mode: m.mode.clone(),
        contexts: def.contexts.clone(),
        source: m.source.clone(),
        target: m.target.clone(),
        date: m.date.clone(),
        location: m.location.clone(),
        modality: m.modality,
        reported_by: m.reported_by.iter().filter_map(|r| r.named()).collect(),
        mentions: vec![m],
        confidence: 0.0,
        fatalities: None,
        injured: None,
        claimed_by: Vec::new(),
    };
    e.confidence = confidence(&e);
    e
}

pub(crate) fn add_mention(inp: &Input, e: &mut Event, m: EventMention, extend_args: bool) {
    let _ = inp;
    if extend_args && !m.target_from_place && !m.target.is_empty() && e.mentions.iter().all(|x| x.target_from_place) {
        e.target = m.target.clone();
    }
    let extend_args = extend_args && !(m.target_from_place && e.mentions.iter().any(|x| !x.target_from_place));
    if let Some(d) = &m.date
        && e.date.as_ref().is_none_or(|cur| d.rank() > cur.rank())
    {
        e.date = Some(d.clone());
    }
    if let Some(l) = &m.location
        && e.location.as_ref().is_none_or(|cur| l.basis.rank() > cur.basis.rank())
    {
        e.location = Some(l.clone());
    }
    for t in m.target.iter().filter(|_| extend_args) {
        if !e.target.contains(t) && !e.source.contains(t) {
            e.target.push(*t);
        }
    }
    for r in m.reported_by.iter().filter_map(|r| r.named()) {
        if !e.reported_by.contains(&r) {
            e.reported_by.push(r);
        }
    }
    // The strongest commitment among mentions: an asserted mention beats a reported or hedged one.
    let strength = |x: Modality| match x {
        Modality::Asserted => 5,
        Modality::Reported => 4,
        Modality::Hedged => 3,
        Modality::Future => 2,
        Modality::Hypothetical => 1,
        Modality::Negated => 0,
    };
    if strength(m.modality) > strength(e.modality) && e.modality != Modality::Negated {
        e.modality = m.modality;
    }
    e.mentions.push(m);
    e.confidence = confidence(e);
}

pub(crate) fn confidence(e: &Event) -> f32 {
    let mut c: f32 = 0.4;
    if !e.target.is_empty() {
        c += 0.2;
    }
    if e.date.is_some() {
        c += 0.1;
    }
    if e.location.is_some() {
        c += 0.1;
    }
    c += 0.05 * (e.mentions.len().min(4) as f32 - 1.0);
    c.min(0.95)
}
