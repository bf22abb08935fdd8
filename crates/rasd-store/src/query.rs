//! Read functions: events with filters and pagination, one event with its evidence, an entity
//! with its events, actor counts, the actor graph, a document with its text and spans, and full-text
//! search. Everything returns plain types; SQL stays here.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::coded::{index_words, query_forms};
use crate::sql::{Engine, Row, ToValue, Value};
use crate::tolls::{StatedToll, Toll};
use crate::{Error, Result, Store};

/// Filters over merged events. Empty fields do not filter. All given filters must hold.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    /// Each entry is an entity id or a name (English or Arabic); the event must involve an
    /// entity matching each entry, as source or target.
    pub actors: Vec<String>,
    /// A PLOVER type (case-insensitive).
    pub event_type: Option<String>,
    /// ISO3 codes; for each, an actor of that country or a place in it.
    pub countries: Vec<String>,
    /// Events whose date interval ends on or after this day (`YYYY-MM-DD`); undated events are left out.
    pub from: Option<String>,
    /// Events whose date interval starts on or before this day.
    pub to: Option<String>,
    /// (lat, lon, km): events placed within `km` of the point, at region precision or finer
    /// (a country's centre is not a place to measure from).
    pub near: Option<(f64, f64, f64)>,
    /// Words that must all occur in an evidence sentence (normalised like the index).
    pub text: Option<String>,
    /// An outlet name (or part of one), e.g. `BBC`.
    pub source: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: usize,
    pub offset: usize,
}

impl Default for Page {
    fn default() -> Page {
        Page { limit: 100, offset: 0 }
    }
}

impl Page {
    pub fn all() -> Page {
        Page { limit: usize::MAX / 2, offset: 0 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorRef {
    pub id: String,
    pub name_en: String,
    pub name_ar: String,
    pub kind: String,
    pub country: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceRef {
    pub id: String,
    pub name_en: String,
    pub name_ar: String,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: Option<String>,
}

/// One merged event: a happening with everything its reports agree on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventSummary {
    pub id: i64,
    /// Stable across rebuilds with the same members (a hash of their content keys).
    pub key: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub mode: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub date_precision: Option<String>,
    pub source: Vec<ActorRef>,
    pub target: Vec<ActorRef>,
    pub location: Option<PlaceRef>,
    pub modality: String,
    pub confidence: f64,
    /// Per-document events merged here.
    pub events: usize,
    pub documents: usize,
    /// Distinct outlets.
    pub n_sources: usize,
    pub mentions: usize,
    /// Outlet names, sorted.
    pub sources: Vec<String>,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    /// Killed and injured: the latest report's figures (`tolls.rs`); `None` when no report gives one.
    pub fatalities: Option<Toll>,
    pub injured: Option<Toll>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocRef {
    /// The database row id.
    pub id: i64,
    pub doc_id: String,
    pub path: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub trigger: String,
    pub trigger_start: usize,
    pub trigger_end: usize,
}

/// One per-document event inside a merged event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemberEvent {
    pub event_id: i64,
    /// `document id:e<n>`, as in the article's JSON coding.
    pub coding_id: String,
    pub document: DocRef,
    pub mode: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub date_precision: Option<String>,
    pub date_text: Option<String>,
    pub date_basis: Option<String>,
    pub location: Option<String>,
    pub modality: String,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub reported_by: Vec<ActorRef>,
    pub rule: String,
    pub evidence: Vec<Evidence>,
    /// Killed and injured as this article states them, with their words.
    pub fatalities: Option<StatedToll>,
    pub injured: Option<StatedToll>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventDetail {
    #[serde(flatten)]
    pub summary: EventSummary,
    pub members: Vec<MemberEvent>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorCount {
    pub actor: ActorRef,
    /// Merged events it takes part in (as source or target).
    pub events: usize,
    pub documents: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityDetail {
    pub entity: ActorRef,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub mentions: usize,
    pub documents: usize,
    pub events_total: usize,
    pub events: Vec<EventSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    pub source: String,
    pub target: String,
    /// Merged events from source to target.
    pub events: usize,
    /// Events per PLOVER type.
    pub types: BTreeMap<String, usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Graph {
    pub nodes: Vec<ActorCount>,
    pub edges: Vec<Edge>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredMention {
    pub entity: String,
    pub name_en: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub sentence: usize,
    pub how: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentDetail {
    pub document: DocRef,
    pub language: String,
    pub text: String,
    pub sentences: Vec<(usize, usize)>,
    pub mentions: Vec<StoredMention>,
    /// (per-document event id, merged event id) in coding order.
    pub events: Vec<(i64, Option<i64>)>,
    /// The article's JSON coding, as `rasd analyze --format json` printed it.
    pub coding: String,
    /// For a syndicated copy stored uncoded: the `doc_id` of the first copy.
    pub duplicate_of: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    pub document: DocRef,
    /// bm25 score (lower is better, as SQLite gives it).
    pub score: f64,
    /// A window of the original text around the first matching word.
    pub snippet: String,
    /// Byte range of that word in the document text.
    pub start: usize,
    pub end: usize,
}

/// An FTS5 query: every word (normalised) must occur, in any of its proclitic forms; each form
/// is quoted, so no FTS syntax leaks through.
fn fts_query(words: &str) -> Option<String> {
    let ws = index_words(words);
    if ws.is_empty() {
        return None;
    }
    let quote = |w: &str| format!("\"{}\"", w.replace('"', "\"\""));
    Some(
        ws.iter()
            .map(|w| format!("({})", query_forms(w).iter().map(|f| quote(f)).collect::<Vec<_>>().join(" OR ")))
            .collect::<Vec<_>>()
            .join(" AND "),
    )
}

/// The full-text condition on PostgreSQL: for each word, the list of its forms, one of which the
/// row's `words` array must hold.
fn word_lists(words: &str) -> Option<Vec<Vec<String>>> {
    let ws = index_words(words);
    if ws.is_empty() {
        return None;
    }
    Some(ws.iter().map(|w| query_forms(w)).collect())
}

fn actor_from(r: &Row, at: usize) -> Result<ActorRef> {
    Ok(ActorRef { id: r.get(at)?, name_en: r.get(at + 1)?, name_ar: r.get(at + 2)?, kind: r.get(at + 3)?, country: r.get(at + 4)? })
}

const SUMMARY_COLUMNS: &str = "m.id, m.key, m.type, m.mode, m.date_start, m.date_end, m.date_precision, m.location, m.location_precision,
     m.modality, m.confidence, m.n_events, m.n_documents, m.n_sources, m.n_mentions, m.first_published, m.last_published,
     l.name_en, l.name_ar, l.country, l.lat, l.lon, m.fatalities, m.fatalities_exact, m.injured, m.injured_exact";

/// Adds a parameter and returns its placeholder.
fn param(ps: &mut Vec<Value>, v: Value) -> String {
    ps.push(v);
    format!("?{}", ps.len())
}

impl Store {
    /// Entities matching `q`: by id or exact English/Arabic name; else by the knowledge base's
    /// names, short names and role phrases; else by a whole word of a name; else by part of one.
    pub fn resolve_actor(&self, q: &str) -> Result<Vec<ActorRef>> {
        let db = self.db();
        let q = q.trim();
        let key = rasd_text::phrase_key(q);
        let cols = "id, name_en, name_ar, kind, country";
        let run = |sql: &str, p: &[&dyn ToValue]| -> Result<Vec<ActorRef>> { db.query(sql, p)?.iter().map(|r| actor_from(r, 0)).collect() };
        let exact = run(
            &format!("SELECT {cols} FROM entities WHERE id = ?1 OR lower(name_en) = lower(?1) OR name_key = ?2 ORDER BY id"),
            &[&q, &key],
        )?;
        if !exact.is_empty() {
            return Ok(exact);
        }
        // The knowledge base's other names, short names (`حفتر`) and role phrases
        // (`وزير الخارجية الروسي`, as of today).
        let kb = rasd_kb::Kb::embedded();
        let mut known: Vec<ActorRef> = Vec::new();
        for (e, _) in kb.lookup(q, None) {
            let id = &kb.entity(e).id;
            if known.iter().any(|a| &a.id == id) {
                continue;
            }
            known.extend(run(&format!("SELECT {cols} FROM entities WHERE id = ?1"), &[id])?);
        }
        if !known.is_empty() {
            return Ok(known);
        }
        if q.chars().count() < 3 {
            return Ok(Vec::new());
        }
        // A whole word of a name (`Haftar`, `حفتر`), then any part of one.
        let words = run(
            &format!(
                "SELECT {cols} FROM entities WHERE (' ' || lower(name_en) || ' ') LIKE ('% ' || lower(?1) || ' %') OR (?2 != '' AND (' ' || name_key || ' ') LIKE ('% ' || ?2 || ' %')) ORDER BY id"
            ),
            &[&q, &key],
        )?;
        if !words.is_empty() {
            return Ok(words);
        }
        let like = |s: &str| format!("%{}%", s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        run(
            &format!(
                "SELECT {cols} FROM entities WHERE lower(name_en) LIKE lower(?1) ESCAPE '\\' OR (?2 != '' AND name_key LIKE ?2 ESCAPE '\\') ORDER BY id"
            ),
            &[&like(q), &if key.is_empty() { String::new() } else { like(&key) }],
        )
    }

    /// The WHERE clause (over `merged_events m`) and its parameters for a filter.
    pub(crate) fn where_clause(&self, f: &EventFilter) -> Result<(String, Vec<Value>)> {
        let mut conds: Vec<String> = Vec::new();
        let mut ps: Vec<Value> = Vec::new();
        if let Some(t) = &f.event_type {
            let n = param(&mut ps, Value::Text(t.trim().to_ascii_uppercase()));
            conds.push(format!("m.type = {n}"));
        }
        for a in &f.actors {
            let ids = self.resolve_actor(a)?;
            if ids.is_empty() {
                conds.push("1 = 0".into());
                continue;
            }
            let list: Vec<String> = ids.into_iter().map(|e| param(&mut ps, Value::Text(e.id))).collect();
            conds.push(format!("EXISTS (SELECT 1 FROM merged_actors a WHERE a.merged = m.id AND a.entity IN ({}))", list.join(", ")));
        }
        for c in &f.countries {
            let n = param(&mut ps, Value::Text(c.trim().to_ascii_uppercase()));
            conds.push(format!(
                "(m.location_country = {n} OR EXISTS (SELECT 1 FROM merged_actors a JOIN entities x ON x.id = a.entity WHERE a.merged = m.id AND x.country = {n}))"
            ));
        }
        if let Some(d) = &f.from {
            let n = param(&mut ps, Value::Text(d.clone()));
            conds.push(format!("m.date_end >= {n}"));
        }
        if let Some(d) = &f.to {
            let n = param(&mut ps, Value::Text(d.clone()));
            conds.push(format!("m.date_start <= {n}"));
        }
        if let Some((lat, lon, km)) = f.near {
            let (a, b, c) = (param(&mut ps, Value::Real(lat)), param(&mut ps, Value::Real(lon)), param(&mut ps, Value::Real(km)));
            conds.push(format!("m.location_precision IN ('site', 'city', 'region') AND rasd_km(m.lat, m.lon, {a}, {b}) <= {c}"));
        }
        if let Some(t) = &f.text {
            let none = || Error::msg(format!("--text {t:?} has no words to search for"));
            match self.engine() {
                Engine::Sqlite => {
                    let n = param(&mut ps, Value::Text(fts_query(t).ok_or_else(none)?));
                    conds.push(format!("m.id IN (SELECT em.merged FROM event_merge em WHERE em.event IN (SELECT rowid FROM events_fts WHERE events_fts MATCH {n}))"));
                }
                Engine::Postgres => {
                    let lists = word_lists(t).ok_or_else(none)?;
                    let each: Vec<String> =
                        lists.into_iter().map(|l| format!("f.words && {}", param(&mut ps, Value::TextList(l)))).collect();
                    conds.push(format!(
                        "m.id IN (SELECT em.merged FROM event_merge em JOIN events_fts f ON f.event = em.event WHERE {})",
                        each.join(" AND ")
                    ));
                }
            }
        }
        if let Some(s) = &f.source {
            let n = param(&mut ps, Value::Text(format!("%{}%", s.trim())));
            conds.push(format!(
                "EXISTS (SELECT 1 FROM event_merge em JOIN events e ON e.id = em.event JOIN documents d ON d.id = e.doc JOIN sources s ON s.id = d.source_id WHERE em.merged = m.id AND s.name LIKE {n})"
            ));
        }
        let w = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
        Ok((w, ps))
    }

    fn summary_from_row(&self, r: &Row) -> Result<EventSummary> {
        let id: i64 = r.get(0)?;
        let location: Option<String> = r.get(7)?;
        let location = match location {
            Some(lid) => Some(PlaceRef {
                id: lid,
                name_en: r.get::<Option<String>>(17)?.unwrap_or_default(),
                name_ar: r.get::<Option<String>>(18)?.unwrap_or_default(),
                country: r.get(19)?,
                lat: r.get(20)?,
                lon: r.get(21)?,
                precision: r.get(8)?,
            }),
            None => None,
        };
        let db = self.db();
        let (mut source, mut target) = (Vec::new(), Vec::new());
        for a in db.query(
            "SELECT a.role, x.id, x.name_en, x.name_ar, x.kind, x.country FROM merged_actors a JOIN entities x ON x.id = a.entity
             WHERE a.merged = ?1 ORDER BY a.role, a.events DESC, x.id",
            &[&id],
        )? {
            let role: String = a.get(0)?;
            let actor = actor_from(&a, 1)?;
            if role == "source" { source.push(actor) } else { target.push(actor) }
        }
        let sources = db
            .query(
                "SELECT DISTINCT s.name FROM event_merge em JOIN events e ON e.id = em.event JOIN documents d ON d.id = e.doc JOIN sources s ON s.id = d.source_id
                 WHERE em.merged = ?1 ORDER BY s.name",
                &[&id],
            )?
            .iter()
            .map(|r| r.get::<String>(0))
            .collect::<Result<Vec<_>>>()?;
        Ok(EventSummary {
            id,
            key: r.get(1)?,
            event_type: r.get(2)?,
            mode: r.get(3)?,
            date_start: r.get(4)?,
            date_end: r.get(5)?,
            date_precision: r.get(6)?,
            source,
            target,
            location,
            modality: r.get(9)?,
            confidence: r.get(10)?,
            events: r.get(11)?,
            documents: r.get(12)?,
            n_sources: r.get(13)?,
            mentions: r.get(14)?,
            sources,
            first_published: r.get(15)?,
            last_published: r.get(16)?,
            fatalities: Toll::from_columns(r.get(22)?, r.get(23)?),
            injured: Toll::from_columns(r.get(24)?, r.get(25)?),
        })
    }

    /// Merged events matching `filter`, by date (undated last), with the total count before paging.
    pub fn events(&self, filter: &EventFilter, page: Page) -> Result<(usize, Vec<EventSummary>)> {
        self.snapshot(|| self.events_now(filter, page))
    }

    fn events_now(&self, filter: &EventFilter, page: Page) -> Result<(usize, Vec<EventSummary>)> {
        let (w, ps) = self.where_clause(filter)?;
        let db = self.db();
        let total: usize =
            db.query_values(&format!("SELECT count(*) FROM merged_events m {w}"), &ps)?.first().map_or(Ok(0), |r| r.get(0))?;
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM merged_events m LEFT JOIN entities l ON l.id = m.location {w}
             ORDER BY m.date_start IS NULL, m.date_start, m.type, m.key LIMIT {} OFFSET {}",
            page.limit.min(i64::MAX as usize / 4),
            page.offset
        );
        let out = db.query_values(&sql, &ps)?.iter().map(|r| self.summary_from_row(r)).collect::<Result<Vec<_>>>()?;
        Ok((total, out))
    }

    /// One merged event with every per-document event in it and their evidence.
    pub fn event(&self, id: i64) -> Result<Option<EventDetail>> {
        self.snapshot(|| self.event_now(id))
    }

    fn event_now(&self, id: i64) -> Result<Option<EventDetail>> {
        let db = self.db();
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM merged_events m LEFT JOIN entities l ON l.id = m.location WHERE m.id = ?1");
        let Some(r) = db.query_opt(&sql, &[&id])? else { return Ok(None) };
        let summary = self.summary_from_row(&r)?;
        let mut members = Vec::new();
        for r in db.query(
            "SELECT e.id, e.idx, e.mode, e.date_start, e.date_end, e.date_precision, e.date_text, e.date_basis, e.location, e.modality, e.rule,
                    d.id, d.doc_id, d.path, d.title, d.published, s.name, d.url, d.text, e.fatalities, e.fatalities_exact, e.fatalities_start,
                    e.fatalities_end, e.injured, e.injured_exact, e.injured_start, e.injured_end
             FROM event_merge em JOIN events e ON e.id = em.event JOIN documents d ON d.id = e.doc LEFT JOIN sources s ON s.id = d.source_id
             WHERE em.merged = ?1 ORDER BY d.published IS NULL, d.published, e.id",
            &[&id],
        )? {
            let event_id: i64 = r.get(0)?;
            let idx: i64 = r.get(1)?;
            let text: String = r.get(18)?;
            let document = DocRef { id: r.get(11)?, doc_id: r.get(12)?, path: r.get(13)?, title: r.get(14)?, published: r.get(15)?, source: r.get(16)?, url: r.get(17)? };
            let mut actors: BTreeMap<String, Vec<ActorRef>> = BTreeMap::new();
            for a in db.query(
                "SELECT a.role, x.id, x.name_en, x.name_ar, x.kind, x.country FROM event_actors a JOIN entities x ON x.id = a.entity WHERE a.event = ?1 ORDER BY a.role, a.pos",
                &[&event_id],
            )? {
                actors.entry(a.get(0)?).or_default().push(actor_from(&a, 1)?);
            }
            let mut evidence = Vec::new();
            for m in db.query("SELECT sentence, start, \"end\", trigger_start, trigger_end FROM event_mentions WHERE event = ?1 ORDER BY idx", &[&event_id])? {
                let (sentence, start, end, ts, te): (usize, usize, usize, usize, usize) = (m.get(0)?, m.get(1)?, m.get(2)?, m.get(3)?, m.get(4)?);
                evidence.push(Evidence {
                    sentence,
                    start,
                    end,
                    text: text.get(start..end).unwrap_or("").to_string(),
                    trigger: text.get(ts..te).unwrap_or("").to_string(),
                    trigger_start: ts,
                    trigger_end: te,
                });
            }
            let toll = |at: usize| -> Result<Option<StatedToll>> {
                Ok(StatedToll::from_columns([r.get(at)?, r.get(at + 1)?, r.get(at + 2)?, r.get(at + 3)?], &text))
            };
            let ids = |role: &str| actors.get(role).map(|v| v.iter().map(|a| a.id.clone()).collect()).unwrap_or_default();
            members.push(MemberEvent {
                event_id,
                coding_id: format!("{}:e{idx}", document.doc_id),
                mode: r.get(2)?,
                date_start: r.get(3)?,
                date_end: r.get(4)?,
                date_precision: r.get(5)?,
                date_text: r.get(6)?,
                date_basis: r.get(7)?,
                location: r.get(8)?,
                modality: r.get(9)?,
                rule: r.get(10)?,
                source: ids("source"),
                target: ids("target"),
                reported_by: actors.remove("reported_by").unwrap_or_default(),
                evidence,
                document,
                fatalities: toll(19)?,
                injured: toll(23)?,
            });
        }
        Ok(Some(EventDetail { summary, members }))
    }

    /// Actors by the number of merged events matching `filter` they take part in (source or
    /// target), most first. The filter's own actors are left out of the ranking, so
    /// `actors --with Haftar --type CONSULT` answers "who met Haftar most".
    pub fn actors(&self, filter: &EventFilter, top: usize) -> Result<Vec<ActorCount>> {
        self.snapshot(|| self.actors_now(filter, top))
    }

    fn actors_now(&self, filter: &EventFilter, top: usize) -> Result<Vec<ActorCount>> {
        let (w, ps) = self.where_clause(filter)?;
        let mut exclude: Vec<String> = Vec::new();
        for a in &filter.actors {
            exclude.extend(self.resolve_actor(a)?.into_iter().map(|e| e.id));
        }
        let sql = format!(
            "WITH sel AS (SELECT m.id FROM merged_events m {w}),
                  pairs AS (SELECT DISTINCT a.entity, a.merged FROM merged_actors a JOIN sel ON sel.id = a.merged),
                  counts AS (SELECT p.entity, count(DISTINCT p.merged) AS n, count(DISTINCT e.doc) AS docs
                             FROM pairs p JOIN event_merge em ON em.merged = p.merged JOIN events e ON e.id = em.event
                             GROUP BY p.entity)
             SELECT x.id, x.name_en, x.name_ar, x.kind, x.country, c.n, c.docs
             FROM counts c JOIN entities x ON x.id = c.entity
             ORDER BY c.n DESC, x.id"
        );
        let mut out = Vec::new();
        for r in self.db().query_values(&sql, &ps)? {
            let actor = actor_from(&r, 0)?;
            if exclude.contains(&actor.id) {
                continue;
            }
            out.push(ActorCount { actor, events: r.get(5)?, documents: r.get(6)? });
            if out.len() >= top {
                break;
            }
        }
        Ok(out)
    }

    /// One entity with its counts and a page of its merged events.
    pub fn entity(&self, id: &str, page: Page) -> Result<Option<EntityDetail>> {
        self.snapshot(|| self.entity_now(id, page))
    }

    fn entity_now(&self, id: &str, page: Page) -> Result<Option<EntityDetail>> {
        let db = self.db();
        let Some(r) = db.query_opt("SELECT id, name_en, name_ar, kind, country, lat, lon FROM entities WHERE id = ?1", &[&id])? else {
            return Ok(None);
        };
        let (entity, lat, lon) = (actor_from(&r, 0)?, r.get::<Option<f64>>(5)?, r.get::<Option<f64>>(6)?);
        let c = db.query_one("SELECT count(*), count(DISTINCT doc) FROM mentions WHERE entity = ?1", &[&id])?;
        let (mentions, documents): (usize, usize) = (c.get(0)?, c.get(1)?);
        let (events_total, events) = self.events(&EventFilter { actors: vec![id.to_string()], ..EventFilter::default() }, page)?;
        Ok(Some(EntityDetail { entity, lat, lon, mentions, documents, events_total, events }))
    }

    /// The actor network of the merged events matching `filter`: a directed edge per
    /// (source, target) pair, weighted by merged events; nodes are the actors on edges.
    pub fn graph(&self, filter: &EventFilter) -> Result<Graph> {
        self.snapshot(|| self.graph_now(filter))
    }

    fn graph_now(&self, filter: &EventFilter) -> Result<Graph> {
        let (w, ps) = self.where_clause(filter)?;
        let sql = format!(
            "SELECT s.entity, t.entity, m.type, count(*) FROM merged_events m
             JOIN merged_actors s ON s.merged = m.id AND s.role = 'source'
             JOIN merged_actors t ON t.merged = m.id AND t.role = 'target'
             {w} {} s.entity != t.entity
             GROUP BY s.entity, t.entity, m.type ORDER BY s.entity, t.entity, m.type",
            if w.is_empty() { "WHERE" } else { "AND" }
        );
        let db = self.db();
        let mut edges: BTreeMap<(String, String), Edge> = BTreeMap::new();
        for r in db.query_values(&sql, &ps)? {
            let (s, t, ty, n): (String, String, String, usize) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let e = edges.entry((s.clone(), t.clone())).or_insert_with(|| Edge { source: s, target: t, events: 0, types: BTreeMap::new() });
            e.events += n;
            *e.types.entry(ty).or_default() += n;
        }
        let mut ids: Vec<String> = edges.keys().flat_map(|(s, t)| [s.clone(), t.clone()]).collect();
        ids.sort();
        ids.dedup();
        let counts: BTreeMap<String, ActorCount> = self
            .actors(&EventFilter { actors: Vec::new(), ..filter.clone() }, usize::MAX)?
            .into_iter()
            .map(|a| (a.actor.id.clone(), a))
            .collect();
        let mut nodes = Vec::new();
        for id in ids {
            match counts.get(&id) {
                Some(c) => nodes.push(c.clone()),
                None => {
                    let r = db.query_one("SELECT id, name_en, name_ar, kind, country FROM entities WHERE id = ?1", &[&id])?;
                    nodes.push(ActorCount { actor: actor_from(&r, 0)?, events: 0, documents: 0 });
                }
            }
        }
        Ok(Graph { nodes, edges: edges.into_values().collect() })
    }

    /// A stored document by row id or by its document id: text, sentences, mentions, events.
    pub fn document(&self, id: &str) -> Result<Option<DocumentDetail>> {
        self.snapshot(|| self.document_now(id))
    }

    fn document_now(&self, id: &str) -> Result<Option<DocumentDetail>> {
        let db = self.db();
        let Some(r) = db.query_opt(
            "SELECT d.id, d.doc_id, d.path, d.title, d.published, s.name, d.url, d.language, d.text, d.coding, d.duplicate_of
             FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE d.doc_id = ?1 OR CAST(d.id AS TEXT) = ?1 ORDER BY d.doc_id = ?1 DESC, d.id LIMIT 1",
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let document = DocRef {
            id: r.get(0)?,
            doc_id: r.get(1)?,
            path: r.get(2)?,
            title: r.get(3)?,
            published: r.get(4)?,
            source: r.get(5)?,
            url: r.get(6)?,
        };
        let (language, text, coding, duplicate_of): (String, String, String, Option<String>) =
            (r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?);
        let doc = document.id;
        let sentences = db
            .query("SELECT start, \"end\" FROM sentences WHERE doc = ?1 ORDER BY idx", &[&doc])?
            .iter()
            .map(|r| Ok((r.get::<usize>(0)?, r.get::<usize>(1)?)))
            .collect::<Result<Vec<_>>>()?;
        let mentions = db
            .query(
                "SELECT m.entity, x.name_en, m.start, m.\"end\", m.sentence, m.how FROM mentions m JOIN entities x ON x.id = m.entity WHERE m.doc = ?1 ORDER BY m.start, m.\"end\", m.entity",
                &[&doc],
            )?
            .iter()
            .map(|r| {
                let (start, end): (usize, usize) = (r.get(2)?, r.get(3)?);
                Ok(StoredMention {
                    entity: r.get(0)?,
                    name_en: r.get(1)?,
                    start,
                    end,
                    text: text.get(start..end).unwrap_or("").to_string(),
                    sentence: r.get(4)?,
                    how: r.get(5)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let events = db
            .query(
                "SELECT e.id, em.merged FROM events e LEFT JOIN event_merge em ON em.event = e.id WHERE e.doc = ?1 ORDER BY e.idx",
                &[&doc],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(DocumentDetail { document, language, text, sentences, mentions, events, coding, duplicate_of }))
    }

    /// Full-text search over stored articles (every word must occur, after normalisation; a word
    /// also matches its proclitic forms, `بوتين` finds `وبوتين`). Best first; total before paging.
    /// On SQLite the score is FTS5's bm25 (lower is better); PostgreSQL matches the same words
    /// (an array overlap per word) and orders by storage, with a score of 0.
    pub fn search(&self, words: &str, page: Page) -> Result<(usize, Vec<SearchHit>)> {
        self.snapshot(|| self.search_now(words, page))
    }

    fn search_now(&self, words: &str, page: Page) -> Result<(usize, Vec<SearchHit>)> {
        let none = || Error::msg(format!("{words:?} has no words to search for"));
        let db = self.db();
        let limit = format!("LIMIT {} OFFSET {}", page.limit.min(i64::MAX as usize / 4), page.offset);
        let (total, rows) = match self.engine() {
            Engine::Sqlite => {
                let q = fts_query(words).ok_or_else(none)?;
                let total: usize = db.query_one("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?1", &[&q])?.get(0)?;
                let rows = db.query(
                    &format!(
                        "SELECT f.rowid, f.rank, d.doc_id, d.path, d.title, d.published, s.name, d.url, d.text
                         FROM documents_fts f JOIN documents d ON d.id = f.rowid LEFT JOIN sources s ON s.id = d.source_id
                         WHERE documents_fts MATCH ?1 ORDER BY f.rank, f.rowid {limit}"
                    ),
                    &[&q],
                )?;
                (total, rows)
            }
            Engine::Postgres => {
                let mut ps = Vec::new();
                let each: Vec<String> = word_lists(words)
                    .ok_or_else(none)?
                    .into_iter()
                    .map(|l| format!("f.words && {}", param(&mut ps, Value::TextList(l))))
                    .collect();
                let w = each.join(" AND ");
                let total: usize = db
                    .query_values(&format!("SELECT count(*) FROM documents_fts f WHERE {w}"), &ps)?
                    .first()
                    .map_or(Ok(0), |r| r.get(0))?;
                let rows = db.query_values(
                    &format!(
                        "SELECT d.id, CAST(0 AS DOUBLE PRECISION), d.doc_id, d.path, d.title, d.published, s.name, d.url, d.text
                         FROM documents_fts f JOIN documents d ON d.id = f.doc LEFT JOIN sources s ON s.id = d.source_id
                         WHERE {w} ORDER BY d.id {limit}"
                    ),
                    &ps,
                )?;
                (total, rows)
            }
        };
        let wanted = index_words(words);
        let mut out = Vec::new();
        for r in rows {
            let text: String = r.get(8)?;
            let (snippet, start, end) = snippet(&text, &wanted);
            out.push(SearchHit {
                document: DocRef {
                    id: r.get(0)?,
                    doc_id: r.get(2)?,
                    path: r.get(3)?,
                    title: r.get(4)?,
                    published: r.get(5)?,
                    source: r.get(6)?,
                    url: r.get(7)?,
                },
                score: r.get(1)?,
                snippet,
                start,
                end,
            });
        }
        Ok((total, out))
    }
}

/// A window of about twelve words each side of the first word that is a form of one of `wanted`
/// (see [`query_forms`]); the match is set off with «».
fn snippet(text: &str, wanted: &[String]) -> (String, usize, usize) {
    let forms: std::collections::HashSet<String> = wanted.iter().flat_map(|w| query_forms(w)).collect();
    let tokens = rasd_text::tokenize(text);
    let Some(i) = tokens.iter().position(|t| forms.contains(&t.key)) else {
        let end = tokens.get(24.min(tokens.len().saturating_sub(1))).map_or(0, |t| t.span.end);
        return (text[..end].replace('\n', " "), 0, 0);
    };
    let (s, e) = (tokens[i].span.start, tokens[i].span.end);
    let from = tokens[i.saturating_sub(12)].span.start;
    let to = tokens[(i + 12).min(tokens.len() - 1)].span.end;
    (format!("{}«{}»{}", &text[from..s], &text[s..e], &text[e..to]).replace('\n', " "), s, e)
}
