//! Dating event mentions.
//!
//! Rules:
//! - a time expression dates the nearest trigger before it, or the one after it when nearer and no
//!   comma separates them: `زار الوزير بغداد أمس` dates the visit;
//! - a time inside a past relative clause or participle phrase dates that clause, and vague spans
//!   date nothing (a recent `منذ` does);
//! - the time of a report (`في بيان مساء الأحد`) only bounds the event from above;
//! - an undated statement is dated to the publication day or the day before (basis `publication`);
//! - an undated mention inherits the date of an earlier event with a shared actor (basis `context`),
//!   and events during a visit take the visit's place.

use crate::*;

/// The date of trigger `ti`: the time expression of the sentence nearest to it (ties: the earlier trigger).
pub(crate) fn date_for(inp: &Input, s: &Sentence, triggers: &[Match], ti: usize) -> Option<EventDate> {
    let toks = inp.tokens;
    let tok_of = |off: usize| toks.partition_point(|t| t.span.end <= off);
    let mut best: Option<(usize, &TimeExpr)> = None;
    // A time expression dates the nearest trigger before it; a trigger after it only when that one
    // is nearer and no comma separates them (`X، الجمعة، ومن ثم حضر` dates X), or when no trigger precedes.
    // Vague spans (`منذ سنوات`) describe a background, not when the event happened.
    // (But a recent "since": `منذ شهر مايو`, no more than four months back, dates an ongoing act.)
    let recent_since = |t: &TimeExpr| (t.end - t.start).get_days() <= 120 && inp.text[t.span.range()].starts_with("منذ");
    for t in times_in(inp, s).iter().filter(|t| s.span.contains(t.span) && (t.precision != Precision::Fuzzy || recent_since(t))) {
        let at = tok_of(t.span.start);
        let at_end = tok_of(t.span.end.saturating_sub(1)) + 1;
        // A time inside a discontinuous phrase (`خرج آلاف الجزائريين أمس الجمعة في مسيرات`) is its own.
        if let Some((i, _)) = triggers.iter().enumerate().find(|(_, m)| m.start < at && at_end <= m.end) {
            if i == ti && best.is_none() {
                best = Some((0, t));
            }
            continue;
        }
        // (A time inside a relative clause or a participle phrase after the trigger dates that clause:
        // `قرار ترامب بالانسحاب من الاتفاق الموقع مع إيران في 2015`, `الاتفاق الذي أبرم عام 2015`.)
        // (Only a clause about the past: `مؤتمر المناخ الذي ينطلق غدا` still dates what happens at it.)
        let past_relative = |k: usize| {
            Class::Relatives.contains(&toks[k].key.as_str()) && toks.get(k + 1).is_some_and(|n| !n.key.starts_with(['ي', 'ت', 'ن', 'س']))
        };
        // (A relative clause right after the trigger describes the event itself — `الهجمات التي
        // ضربت أهدافا أمنية أمس` — and its time is the event's.)
        let inside_clause =
            |from: usize| (from..at).any(|k| (k > from && past_relative(k)) || Class::ClauseParticiples.contains(&toks[k].key.as_str()));
        let prev =
            triggers.iter().enumerate().filter(|(_, m)| m.end <= at && !inside_clause(m.end)).map(|(i, m)| (i, at - m.end)).next_back();
        let next = triggers.iter().enumerate().find(|(_, m)| m.start >= at_end).map(|(i, m)| (i, m.start - at_end));
        let comma_before_next =
            next.is_some_and(|(i, _)| toks[at_end..triggers[i].start].iter().any(|x| CLAUSE_BREAKS.contains(&x.key.as_str())));
        let owner = match (prev, next) {
            (Some((p, dp)), Some((n, dn))) => {
                if dn < dp && !comma_before_next {
                    n
                } else {
                    p
                }
            }
            (Some((p, _)), None) => p,
            (None, Some((n, _))) => n,
            (None, None) => continue,
        };
        // Of several expressions owned by this trigger, the first wins.
        if owner == ti && best.is_none() {
            best = Some((0, t));
        }
    }
    let (_, t) = best?;
    let at = tok_of(t.span.start);
    let report_time = (at.saturating_sub(3)..at)
        .any(|i| i >= s.tokens.start && readings(&toks[i].key).iter().any(|r| inp.lexicon.cue(&r.rest).contains(&CueKind::ReportNoun)));
    let _ = s;
    if report_time {
        return Some(EventDate {
            start: t.start.checked_sub(rasd_core_days(6)).unwrap_or(t.start),
            end: t.end,
            precision: Precision::Range,
            part_of_day: None,
            span: Some(t.span),
            basis: DateBasis::Context,
            how: DateHow::ReportTime,
        });
    }
    Some(EventDate {
        start: t.start,
        end: t.end,
        precision: t.precision,
        part_of_day: t.part_of_day,
        span: Some(t.span),
        basis: t.basis,
        how: DateHow::NearestTime,
    })
}

pub(crate) fn rasd_core_days(n: i64) -> rasd_core::DateSpan {
    use rasd_core::ToSpan;
    n.days()
}

/// A statement the article reports in the past or present tense with no date of its own
/// (`اتهم الوزير …`, `يطالب المحتجون …`) is news of the day: it is dated to the publication day
/// or the day before, with basis `publication` so that no reader mistakes it for a stated date.
/// Not for acts other than statements (an undated attack or meeting is as often background), nor
/// for background in the pluperfect (`وكان الوزير قد اتهم …`), nor for the future, hypothetical or
/// hedged.
pub(crate) fn date_statements_by_publication(inp: &Input, ms: &mut [EventMention]) {
    let Some(published) = inp.published else { return };
    let toks = inp.tokens;
    for m in ms.iter_mut().filter(|m| m.date.is_none()) {
        let def = &inp.lexicon.triggers[m.rule];
        let at = toks.partition_point(|t| t.span.end <= m.trigger.start);
        let first = toks.get(at).map_or("", |t| t.key.trim_start_matches(['و', 'ف']));
        // (SUPPORT is a statement when it praises, welcomes, backs or thanks; signing is an act.)
        let says_support = Class::SupportStatementStems.forms().iter().any(|p| first.starts_with(p.as_str()));
        let statement = matches!(m.event_type, EventType::Accuse | EventType::Request | EventType::Reject | EventType::Threaten)
            || (m.event_type == EventType::Support && says_support);
        if !statement || def.pos == Pos::Noun || !matches!(m.modality, Modality::Asserted | Modality::Reported | Modality::Negated) {
            continue;
        }
        let sentence_start = inp.sentences[m.sentence].tokens.start;
        let background = toks[sentence_start.max(at.saturating_sub(8))..at]
            .iter()
            .any(|t| Class::PluperfectMarkers.contains(&t.key.trim_start_matches('و')));
        if background {
            continue;
        }
        m.date = Some(EventDate {
            start: published.checked_sub(rasd_core_days(1)).unwrap_or(published),
            end: published,
            precision: Precision::Range,
            part_of_day: None,
            span: None,
            basis: DateBasis::Publication,
            how: DateHow::Publication,
        });
        m.notes.push("date: the publication day or the day before (a statement with no date of its own)".into());
    }
}

/// How many neighbouring event mentions context inference looks at.
pub(crate) const CONTEXT_WINDOW: usize = 64;

/// Undated mentions inherit the date of the previous sentence's event with a shared actor;
/// report-bounded ranges start no earlier than the first dated event of a shared actor;
/// events during a visit take the visit's place.
pub(crate) fn infer_context(inp: &Input, ms: &mut [EventMention]) {
    for i in 0..ms.len() {
        let actors = |m: &EventMention| m.source.iter().chain(m.target.iter()).copied().collect::<Vec<_>>();
        let mine = actors(&ms[i]);
        let lo = i.saturating_sub(CONTEXT_WINDOW);
        if ms[i].date.is_none() {
            let prev = ms[lo..i].iter().rev().find(|p| {
                (p.sentence + 1 == ms[i].sentence || p.sentence == ms[i].sentence)
                    && p.date.as_ref().is_some_and(|d| d.precision == Precision::Day && d.basis != DateBasis::Context)
                    && actors(p).iter().any(|a| mine.contains(a))
            });
            if let Some(p) = prev {
                let mut d = p.date.clone().expect("filtered on date");
                d.basis = DateBasis::Context;
                d.span = None;
                d.how = DateHow::Inherited;
                ms[i].date = Some(d);
            }
        }
        if ms[i].date.as_ref().is_some_and(|d| d.how == DateHow::ReportTime) {
            let end = ms[i].date.as_ref().unwrap().end;
            let earliest = ms[lo..(i + CONTEXT_WINDOW).min(ms.len())]
                .iter()
                .filter(|p| {
                    p.date.as_ref().is_some_and(|d| {
                        d.precision == Precision::Day && d.start <= end && d.start >= end.checked_sub(rasd_core_days(6)).unwrap_or(end)
                    }) && actors(p).iter().any(|a| mine.contains(a))
                })
                .filter_map(|p| p.date.as_ref().map(|d| d.start))
                .min();
            if let Some(e) = earliest {
                let d = ms[i].date.as_mut().unwrap();
                d.start = e;
                d.how = DateHow::SinceSharedActor;
            }
        }
    }
    // Visits: their place serves the visitor's other events dated during it.
    let visits: Vec<(Vec<EntityId>, Location, Option<Date>)> = ms
        .iter()
        .filter(|m| m.mode.as_deref() == Some("visit") && m.location.is_some())
        .map(|m| (m.source.clone(), m.location.clone().unwrap(), m.date.as_ref().map(|d| d.start)))
        .collect();
    for m in ms.iter_mut() {
        if m.location.is_none() {
            let actors: Vec<EntityId> = m.source.iter().chain(m.target.iter()).copied().collect();
            // Meetings of the visitor, and other acts between the visitor and someone of the host
            // country (`أكد بيلوسوف … حفتر`), took place during the visit.
            let host_country = |l: &Location| inp.kb.entity(l.entity).country.clone();
            let fits = |src: &[EntityId], l: &Location| {
                src.iter().any(|s| actors.contains(s))
                    && (m.event_type == EventType::Consult
                        || actors.iter().any(|&a| {
                            !src.contains(&a) && inp.kb.entity(a).country.is_some() && inp.kb.entity(a).country == host_country(l)
                        }))
            };
            if let Some((_, l, _)) = visits.iter().take(CONTEXT_WINDOW).find(|(src, l, start)| {
                fits(src, l)
                    && match (start, &m.date) {
                        (Some(s), Some(d)) => d.end >= *s,
                        _ => true,
                    }
            }) {
                m.location = Some(Location { entity: l.entity, basis: LocationBasis::Visit });
            }
        }
    }
}
