//! Renderings of an [`Analysis`]: the JSON output contract (`../DESIGN.md`) and the text report.
//!
//! The DTOs here are the only serialised types: core types stay free of serde.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use rasd_kb::{DocEntities, EntityId, EntityKind};
use rasd_mentions::MentionKind;

use crate::Analysis;

pub const RASD_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Serialize)]
pub struct Output<'a> {
    pub rasd_version: &'static str,
    pub document: DocumentOut<'a>,
    pub entities: Vec<EntityOut<'a>>,
    pub events: Vec<EventOut<'a>>,
    /// Every time expression found, in text order (a view highlights them; events carry their own date).
    pub times: Vec<TimeOut<'a>>,
}

#[derive(Serialize)]
pub struct DocumentOut<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub title: Option<&'a str>,
    pub published: Option<String>,
    pub published_basis: &'static str,
    pub dateline: Option<DatelineOut<'a>>,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
    pub language: &'static str,
    /// The id of the earlier document this one nearly duplicates (then it is not coded).
    pub duplicate_of: Option<&'a str>,
    pub warnings: &'a [String],
}

#[derive(Serialize)]
pub struct DatelineOut<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub name_en: &'a str,
}

#[derive(Serialize)]
pub struct EntityOut<'a> {
    pub id: &'a str,
    pub name_en: &'a str,
    pub name_ar: &'a str,
    pub kind: &'static str,
    pub country: Option<&'a str>,
    pub sector: Option<&'a str>,
    pub wikidata: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub mentions: Vec<MentionOut<'a>>,
}

#[derive(Serialize)]
pub struct MentionOut<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub sentence: usize,
    pub how: &'static str,
}

#[derive(Serialize)]
pub struct ActorOut<'a> {
    /// `None` for the unidentified actor.
    pub entity: Option<&'a str>,
    pub name_en: &'a str,
    pub name_ar: Option<&'a str>,
    pub kind: &'static str,
    pub country: Option<&'a str>,
}

#[derive(Serialize)]
pub struct DateOut<'a> {
    pub start: String,
    pub end: String,
    pub precision: &'static str,
    pub text: Option<&'a str>,
    pub basis: &'static str,
    pub part_of_day: Option<&'static str>,
}

#[derive(Serialize)]
pub struct LocationOut<'a> {
    pub entity: &'a str,
    pub name_en: &'a str,
    pub name_ar: &'a str,
    pub country: Option<&'a str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: &'static str,
    pub basis: &'static str,
}

/// A time expression: its words (a byte span) and the day interval it resolves to.
#[derive(Serialize)]
pub struct TimeOut<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub date_start: String,
    pub date_end: String,
    pub precision: &'static str,
    pub basis: &'static str,
}

#[derive(Serialize)]
pub struct EvidenceOut<'a> {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub trigger: &'a str,
    pub trigger_start: usize,
    pub trigger_end: usize,
}

/// A casualty figure: the count, whether it is exact (false for "at least", "dozens"), and its words.
#[derive(Serialize)]
pub struct CasualtiesOut<'a> {
    pub count: u32,
    pub exact: bool,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl<'a> CasualtiesOut<'a> {
    fn new(c: &rasd_events::Casualties, text: &'a str) -> Self {
        CasualtiesOut { count: c.count, exact: c.exact, start: c.span.start, end: c.span.end, text: &text[c.span.range()] }
    }
}

#[derive(Serialize)]
pub struct EventOut<'a> {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: &'static str,
    pub mode: Option<&'a str>,
    pub contexts: &'a [String],
    pub source: Vec<ActorOut<'a>>,
    pub target: Vec<ActorOut<'a>>,
    pub date: Option<DateOut<'a>>,
    pub location: Option<LocationOut<'a>>,
    pub modality: &'static str,
    pub reported_by: Vec<ActorOut<'a>>,
    pub fatalities: Option<CasualtiesOut<'a>>,
    pub injured: Option<CasualtiesOut<'a>>,
    /// Who claimed the attack (ASSAULT only; empty when nobody did).
    pub claimed_by: Vec<ActorOut<'a>>,
    pub evidence: Vec<EvidenceOut<'a>>,
    pub mentions: usize,
    pub confidence: f32,
    pub rule: String,
}

fn actor<'a>(kb: &'a DocEntities, e: EntityId) -> ActorOut<'a> {
    let ent = kb.entity(e);
    ActorOut {
        entity: Some(&ent.id),
        name_en: &ent.name_en,
        name_ar: Some(&ent.name_ar),
        kind: ent.kind.as_str(),
        country: ent.country.as_deref(),
    }
}

/// The actor of an event whose text names none (an attack by unknown gunmen, a bombing nobody
/// claimed, a passive without its agent): DESIGN.md's `unidentified`, ACLED's "Unidentified Armed Group".
const UNIDENTIFIED: ActorOut<'static> = ActorOut { entity: None, name_en: "unidentified", name_ar: None, kind: "group", country: None };

/// An event's sources, or the unidentified actor when it has none.
fn sources<'a>(kb: &'a DocEntities, ids: &[EntityId]) -> Vec<ActorOut<'a>> {
    if ids.is_empty() { vec![UNIDENTIFIED] } else { ids.iter().map(|&e| actor(kb, e)).collect() }
}

fn mention_how(k: MentionKind) -> &'static str {
    match k {
        MentionKind::Name => "name",
        MentionKind::ShortName => "short_name",
        MentionKind::Demonym => "demonym",
        MentionKind::DemonymPlural => "demonym_plural",
        MentionKind::Role(_) => "role",
        MentionKind::Counterpart => "counterpart",
        MentionKind::Side => "side",
        MentionKind::BothSides => "both_sides",
        MentionKind::Generic => "generic",
    }
}

/// The JSON contract for one analysis.
pub fn output(a: &Analysis) -> Output<'_> {
    let kb = a.kb();
    let text = a.doc.text.as_str();
    let meta = &a.doc.meta;
    // Entities: every resolved mention, plus actors and places the events use.
    let mut ents: BTreeMap<EntityId, Vec<MentionOut>> = BTreeMap::new();
    for m in &a.mentions {
        if let Some(e) = m.entity {
            ents.entry(e).or_default().push(MentionOut {
                start: m.span.start,
                end: m.span.end,
                text: &text[m.span.range()],
                sentence: m.sentence,
                how: mention_how(m.kind),
            });
        }
    }
    for ev in &a.events {
        for &e in ev.source.iter().chain(&ev.target).chain(&ev.reported_by).chain(ev.location.iter().map(|l| &l.entity)) {
            ents.entry(e).or_default();
        }
    }
    let mut entities: Vec<EntityOut> = ents
        .into_iter()
        .map(|(e, mentions)| {
            let ent = kb.entity(e);
            EntityOut {
                id: &ent.id,
                name_en: &ent.name_en,
                name_ar: &ent.name_ar,
                kind: ent.kind.as_str(),
                country: ent.country.as_deref(),
                sector: ent.sector.as_deref(),
                wikidata: ent.wikidata.as_deref(),
                lat: ent.lat,
                lon: ent.lon,
                mentions,
            }
        })
        .collect();
    entities.sort_by(|x, y| y.mentions.len().cmp(&x.mentions.len()).then(x.name_en.cmp(y.name_en)));
    let lexicon = rasd_events::Lexicon::embedded();
    let events = a
        .events
        .iter()
        .enumerate()
        .map(|(i, ev)| {
            let first = &ev.mentions[0];
            EventOut {
                id: format!("{}:e{}", meta.id, i + 1),
                event_type: ev.event_type.as_str(),
                mode: ev.mode.as_deref(),
                contexts: &ev.contexts,
                source: sources(kb, &ev.source),
                target: ev.target.iter().map(|&e| actor(kb, e)).collect(),
                date: ev.date.as_ref().map(|d| DateOut {
                    start: d.start.to_string(),
                    end: d.end.to_string(),
                    precision: d.precision.as_str(),
                    text: d.span.map(|s| &text[s.range()]),
                    basis: d.basis.as_str(),
                    part_of_day: d.part_of_day.map(|p| p.as_str()),
                }),
                location: ev.location.as_ref().map(|l| {
                    let ent = kb.entity(l.entity);
                    LocationOut {
                        entity: &ent.id,
                        name_en: &ent.name_en,
                        name_ar: &ent.name_ar,
                        country: ent.country.as_deref(),
                        lat: ent.lat,
                        lon: ent.lon,
                        precision: match (ent.kind, ent.place_kind) {
                            (_, Some(p)) => p.precision(),
                            (EntityKind::Country, _) => "country",
                            _ => "site",
                        },
                        basis: l.basis.as_str(),
                    }
                }),
                modality: ev.modality.as_str(),
                reported_by: ev.reported_by.iter().map(|&e| actor(kb, e)).collect(),
                fatalities: ev.fatalities.as_ref().map(|c| CasualtiesOut::new(c, text)),
                injured: ev.injured.as_ref().map(|c| CasualtiesOut::new(c, text)),
                claimed_by: ev.claimed_by.iter().map(|&e| actor(kb, e)).collect(),
                evidence: ev
                    .mentions
                    .iter()
                    .map(|m| EvidenceOut {
                        sentence: m.sentence,
                        start: m.sentence_span.start,
                        end: m.sentence_span.end,
                        text: &text[m.sentence_span.range()],
                        trigger: &text[m.trigger.range()],
                        trigger_start: m.trigger.start,
                        trigger_end: m.trigger.end,
                    })
                    .collect(),
                mentions: ev.mentions.len(),
                confidence: (ev.confidence * 100.0).round() / 100.0,
                rule: format!("triggers.tsv:{} ({})", lexicon.triggers[first.rule].line, &text[first.trigger.range()]),
            }
        })
        .collect();
    Output {
        rasd_version: RASD_VERSION,
        document: DocumentOut {
            id: &meta.id,
            path: &meta.path,
            title: meta.title.as_deref(),
            published: meta.published.map(|d| d.to_string()),
            published_basis: meta.published_basis.as_str(),
            dateline: a.dateline.map(|(s, e)| DatelineOut {
                text: &text[s.range()],
                start: s.start,
                end: s.end,
                name_en: &kb.entity(e).name_en,
            }),
            source: meta.source.as_deref(),
            url: meta.url.as_deref(),
            language: a.language,
            duplicate_of: a.duplicate_of.as_ref().map(|m| m.original.as_str()),
            warnings: &meta.warnings,
        },
        entities,
        events,
        times: a
            .times
            .iter()
            .map(|t| TimeOut {
                start: t.span.start,
                end: t.span.end,
                text: &text[t.span.range()],
                date_start: t.start.to_string(),
                date_end: t.end.to_string(),
                precision: t.precision.as_str(),
                basis: t.basis.as_str(),
            })
            .collect(),
    }
}

/// One line of JSON for one analysis.
pub fn to_json(a: &Analysis) -> String {
    serde_json::to_string(&output(a)).expect("the output DTOs always serialise")
}

fn names(kb: &DocEntities, es: &[EntityId]) -> String {
    if es.is_empty() {
        return "—".into();
    }
    es.iter().map(|&e| kb.entity(e).name_en.as_str()).collect::<Vec<_>>().join(" + ")
}

/// The readable report: the document, its entities, then a dated timeline of events with evidence.
pub fn to_text(a: &Analysis) -> String {
    let kb = a.kb();
    let text = a.doc.text.as_str();
    let o = output(a);
    let mut s = String::new();
    let d = &o.document;
    let _ = writeln!(s, "━━ {} ━━", d.title.unwrap_or("(untitled)"));
    let _ = writeln!(s, "document   {}  ({})", d.id, d.path);
    let _ = writeln!(s, "published  {}  [{}]", d.published.as_deref().unwrap_or("unknown"), d.published_basis);
    if let Some(dl) = &d.dateline {
        let _ = writeln!(s, "dateline   {} ({})", dl.text, dl.name_en);
    }
    if let Some(src) = d.source {
        let _ = writeln!(s, "source     {src}");
    }
    for w in d.warnings {
        let _ = writeln!(s, "warning    {w}");
    }
    let _ = writeln!(s, "\nENTITIES ({})", o.entities.len());
    for e in &o.entities {
        let _ = writeln!(s, "  {:<34} {:<24} {:<12} {:<4} ×{}", e.name_en, e.name_ar, e.kind, e.country.unwrap_or("-"), e.mentions.len());
    }
    let _ = writeln!(s, "\nTIMELINE ({} events)", a.events.len());
    for (ev, out) in a.events.iter().zip(&o.events) {
        let date = match &out.date {
            Some(d) if d.start == d.end => format!("{}{}", d.start, d.part_of_day.map(|p| format!(" ({p})")).unwrap_or_default()),
            Some(d) => format!("{} … {}", d.start, d.end),
            None => "undated".into(),
        };
        let place = ev.location.as_ref().map(|l| format!(" @ {}", kb.entity(l.entity).name_en)).unwrap_or_default();
        let _ = writeln!(
            s,
            "  {:<24} {}{}   {} → {}{}  [{}]",
            date,
            out.event_type,
            out.mode.map(|m| format!("/{m}")).unwrap_or_default(),
            names(kb, &ev.source),
            names(kb, &ev.target),
            place,
            out.modality
        );
        if !ev.reported_by.is_empty() {
            let _ = writeln!(s, "  {:<24} according to {}", "", names(kb, &ev.reported_by));
        }
        let toll = |c: &Option<rasd_events::Casualties>, what: &str| {
            c.as_ref().map(|c| format!("{}{} {what}", c.count, if c.exact { "" } else { "+" }))
        };
        let tolls: Vec<String> = [toll(&ev.fatalities, "killed"), toll(&ev.injured, "injured")].into_iter().flatten().collect();
        if !tolls.is_empty() {
            let _ = writeln!(s, "  {:<24} {}", "", tolls.join(", "));
        }
        if !ev.claimed_by.is_empty() {
            let _ = writeln!(s, "  {:<24} claimed by {}", "", names(kb, &ev.claimed_by));
        }
        for m in &ev.mentions {
            let sent = &text[m.sentence_span.range()];
            let excerpt: String = sent.chars().take(140).collect();
            let more = if sent.chars().count() > 140 { "…" } else { "" };
            let _ = writeln!(s, "  {:<24} «{}» — {}{}", "", &text[m.trigger.range()], excerpt, more);
        }
    }
    s
}

/// Why each event was coded: per mention, the trigger, the rule that fired, and how the
/// arguments, the date and the place were found.
pub fn to_explain(a: &Analysis) -> String {
    let kb = a.kb();
    let text = a.doc.text.as_str();
    let lexicon = rasd_events::Lexicon::embedded();
    let mut s = String::new();
    for (i, ev) in a.events.iter().enumerate() {
        let _ = writeln!(
            s,
            "event {} {}{}: {} → {} [{}]",
            i + 1,
            ev.event_type.as_str(),
            ev.mode.as_deref().map(|m| format!("/{m}")).unwrap_or_default(),
            names(kb, &ev.source),
            names(kb, &ev.target),
            ev.modality.as_str()
        );
        if !ev.claimed_by.is_empty() {
            let _ = writeln!(s, "  claimed by {}", names(kb, &ev.claimed_by));
        }
        for m in &ev.mentions {
            let def = &lexicon.triggers[m.rule];
            let _ =
                writeln!(s, "  sentence {}: trigger «{}» (triggers.tsv:{}, {:?})", m.sentence, &text[m.trigger.range()], def.line, def.pos);
            let _ = writeln!(s, "    source {} · target {}", names(kb, &m.source), names(kb, &m.target));
            for n in &m.notes {
                let _ = writeln!(s, "    - {n}");
            }
            match &m.date {
                Some(d) => {
                    let _ = writeln!(
                        s,
                        "    - date {}…{} {} ({}): {}",
                        d.start,
                        d.end,
                        d.span.map(|sp| format!("«{}»", &text[sp.range()])).unwrap_or_default(),
                        d.basis.as_str(),
                        d.how
                    );
                }
                None => {
                    let _ = writeln!(s, "    - no date in the clause");
                }
            }
            if let Some(l) = &m.location {
                let _ = writeln!(s, "    - place {} ({})", kb.entity(l.entity).name_en, l.basis);
            }
            let _ = writeln!(
                s,
                "    - modality {}{}",
                m.modality.as_str(),
                if m.reported_by.is_empty() {
                    String::new()
                } else {
                    format!(", reported by {}", names(kb, &m.reported_by.iter().filter_map(|r| r.named()).collect::<Vec<_>>()))
                }
            );
        }
        if let Some(d) = &ev.date {
            let _ = writeln!(
                s,
                "  → date {}…{} ({}), place {}",
                d.start,
                d.end,
                d.precision.as_str(),
                ev.location.as_ref().map_or("none".to_string(), |l| kb.entity(l.entity).name_en.clone())
            );
        }
    }
    s
}
