//! Merging per-document events into cross-document events (one happening, many reports).
//!
//! Two events are *compatible* when they have the same PLOVER type, the same polarity (a negated
//! event never merges with an asserted one), overlapping actors (source with source and target with
//! target; for CONSULT, COOPERATE and AGREE also the other way round, since `A met B` and `B
//! received A` are one meeting; a side one report leaves empty must be empty in the other too, so
//! that `Obama supported` never takes the `Putin` of another article's `Obama supported Putin`;
//! two such one-sided events merge only at the same place, or none, and when both have dates of
//! their own unless that place is finer than a country), overlapping or adjacent date intervals, and compatible places (the
//! same place, or a country and a place in it, or no place on one side). An undated event stands
//! for the three days before its article's publication date; without a publication date it never
//! merges. Intervals longer than 31 days (a month, a year) merge only with the very same interval.
//! Two events of one article never merge (the coder already merged what it saw as one happening).
//!
//! Compatible pairs are found by blocking on (type, actor) and sweeping by date, scored, sorted by
//! (score, content keys) and joined with a union-find that keeps every cluster coherent: all its
//! intervals overlap or touch, it holds one specific place and one country at most, and no two of
//! its events come from the same article. Content keys are `document hash:event number`, so the
//! result does not depend on the order documents were stored in.
//!
//! A merged event's casualty figures are those of its most recently published report that gives
//! one (see [`crate::tolls`]).
//!
//! The merged tables (`merged_events`, `merged_actors`, `event_merge`) are rebuilt from scratch;
//! per-document events are never touched, so merging can be undone ([`Store::undo_merge`]: every
//! event becomes its own merged event) and redone ([`Store::rebuild_merged`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use sha2::{Digest, Sha256};

use crate::pg::MERGE_LOCK;
use crate::sql::{Db, Engine, Value};
use crate::tolls::{MemberToll, Toll, merged_toll};
use crate::{Result, Store};

/// Longest interval (in days, inclusive) that merges with intervals other than itself.
const WIDE_DAYS: i64 = 31;
/// An undated event is taken to have happened in the days up to its publication date.
const UNDATED_DAYS_BEFORE: i64 = 3;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MergeStats {
    pub events: usize,
    pub merged_events: usize,
    /// Merged events with more than one document.
    pub multi_document: usize,
}

/// (start, end, precision) as stored.
type DateText = (String, String, String);

struct Ev {
    id: i64,
    key: String,
    doc: i64,
    event_type: String,
    mode: Option<String>,
    modality: String,
    negated: bool,
    date: Option<(i64, i64)>,
    date_text: Option<DateText>,
    /// The interval used for comparison: the date, or the days before publication.
    eff: Option<(i64, i64)>,
    published: Option<String>,
    source_id: Option<i64>,
    location: Option<String>,
    loc_precision: Option<String>,
    loc_country: Option<String>,
    loc_lat: Option<f64>,
    loc_lon: Option<f64>,
    /// A place finer than a country.
    specific: bool,
    mentions: i64,
    confidence: f64,
    source: Vec<String>,
    target: Vec<String>,
    fatalities: Option<Toll>,
    injured: Option<Toll>,
}

/// Days since 1970-01-01 of an ISO date (proleptic Gregorian).
fn day_number(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s[0..4].parse().ok()?;
    let m: i64 = s[5..7].parse().ok()?;
    let d: i64 = s[8..10].parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

fn overlaps(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// Two reports' actors on one side fit when they share one, or when neither names any: an event
/// without a target never merges with one that has a target (the merged event would give it an
/// actor its report does not have).
fn sides_fit(a: &[String], b: &[String]) -> bool {
    (a.is_empty() && b.is_empty()) || overlaps(a, b)
}

fn symmetric(t: &str) -> bool {
    matches!(t, "CONSULT" | "COOPERATE" | "AGREE")
}

fn wide(iv: (i64, i64)) -> bool {
    iv.1 - iv.0 + 1 > WIDE_DAYS
}

/// Actor score: 0 when the actors are not compatible, else the number of shared actors.
fn actor_score(a: &Ev, b: &Ev) -> usize {
    let count = |x: &[String], y: &[String]| x.iter().filter(|e| y.contains(e)).count();
    let mut best = 0;
    if sides_fit(&a.source, &b.source)
        && sides_fit(&a.target, &b.target)
        && (overlaps(&a.source, &b.source) || overlaps(&a.target, &b.target))
    {
        best = count(&a.source, &b.source) + count(&a.target, &b.target);
    }
    if symmetric(&a.event_type)
        && sides_fit(&a.source, &b.target)
        && sides_fit(&a.target, &b.source)
        && (overlaps(&a.source, &b.target) || overlaps(&a.target, &b.source))
    {
        best = best.max(count(&a.source, &b.target) + count(&a.target, &b.source));
    }
    best
}

fn dates_fit(a: &Ev, b: &Ev) -> bool {
    let (Some(x), Some(y)) = (a.eff, b.eff) else { return false };
    if a.date.is_some_and(wide) || b.date.is_some_and(wide) {
        return a.date == b.date;
    }
    x.0 <= y.1 + 1 && y.0 <= x.1 + 1
}

/// Place summary of an event or a cluster: (specific place, country).
#[derive(Clone, Debug, Default, PartialEq)]
struct Place {
    specific: Option<String>,
    country: Option<String>,
}

impl Place {
    fn of(e: &Ev) -> Place {
        match &e.location {
            None => Place::default(),
            Some(l) if e.specific => Place { specific: Some(l.clone()), country: e.loc_country.clone() },
            Some(_) => Place { specific: None, country: e.loc_country.clone() },
        }
    }
    fn fits(&self, o: &Place) -> bool {
        let f = |a: &Option<String>, b: &Option<String>| a.is_none() || b.is_none() || a == b;
        f(&self.specific, &o.specific) && f(&self.country, &o.country)
    }
    fn join(&mut self, o: &Place) {
        if self.specific.is_none() {
            self.specific = o.specific.clone();
        }
        if self.country.is_none() {
            self.country = o.country.clone();
        }
    }
}

fn compatible(a: &Ev, b: &Ev) -> Option<usize> {
    if a.doc == b.doc || a.event_type != b.event_type || a.negated != b.negated || !dates_fit(a, b) || !Place::of(a).fits(&Place::of(b)) {
        return None;
    }
    let actors = actor_score(a, b);
    if actors == 0 {
        return None;
    }
    // An event with one side only (`Obama voiced support`) says little about which happening it
    // is: it merges only with another such event at the very same place (or none on both sides),
    // and, unless that place is finer than a country, when both have dates of their own (not the
    // days before publication) — so that unrelated remarks of one actor in a week of news are not
    // glued into one event that lends them a place, while two outlets' reports of a protest in
    // one city still merge.
    let one_sided = a.source.is_empty() || a.target.is_empty();
    let (pa, pb) = (Place::of(a), Place::of(b));
    if one_sided && (pa != pb || ((a.date.is_none() || b.date.is_none()) && pa.specific.is_none())) {
        return None;
    }
    let same_day = u8::from(a.date.is_some() && a.date == b.date) as usize;
    let same_place = u8::from(a.location.is_some() && a.location == b.location) as usize;
    Some(actors * 4 + same_day * 2 + same_place)
}

struct Cluster {
    parent: usize,
    /// Max start and min end of member intervals (coherent while max_start <= min_end + 1).
    max_start: i64,
    min_end: i64,
    place: Place,
    docs: Vec<i64>,
}

fn find(cs: &mut [Cluster], mut i: usize) -> usize {
    while cs[i].parent != i {
        let p = cs[i].parent;
        cs[i].parent = cs[p].parent;
        i = p;
    }
    i
}

/// Groups events into clusters (indexes into `evs`), deterministically.
fn cluster(evs: &[Ev]) -> Vec<Vec<usize>> {
    // Blocking: (type, actor) → events, swept by effective interval.
    let mut blocks: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, e) in evs.iter().enumerate() {
        if e.eff.is_none() {
            continue;
        }
        let mut seen: Vec<&str> = Vec::new();
        for a in e.source.iter().chain(&e.target) {
            if !seen.contains(&a.as_str()) {
                seen.push(a);
                blocks.entry((&e.event_type, a)).or_default().push(i);
            }
        }
    }
    let mut pairs: HashSet<(usize, usize)> = HashSet::new();
    let mut edges: Vec<(usize, usize, usize)> = Vec::new();
    for members in blocks.values_mut() {
        members.sort_by_key(|&i| (evs[i].eff.map(|x| x.0), i));
        for (n, &i) in members.iter().enumerate() {
            let end = evs[i].eff.expect("blocked events have an interval").1;
            for &j in &members[n + 1..] {
                let s = evs[j].eff.expect("blocked events have an interval").0;
                if s > end + 1 && !evs[i].date.is_some_and(wide) {
                    break;
                }
                let key = (i.min(j), i.max(j));
                if pairs.contains(&key) {
                    continue;
                }
                if let Some(score) = compatible(&evs[i], &evs[j]) {
                    pairs.insert(key);
                    // Each pair as (smaller content key, larger): the tie-break below must not
                    // see which of the two was stored first.
                    let (x, y) = if evs[i].key <= evs[j].key { (i, j) } else { (j, i) };
                    edges.push((score, x, y));
                }
            }
        }
    }
    // Strongest first; ties by content keys (never by storage order).
    edges.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| (&evs[x.1].key, &evs[x.2].key).cmp(&(&evs[y.1].key, &evs[y.2].key))));
    let mut cs: Vec<Cluster> = evs
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (s, t) = e.eff.unwrap_or((i64::MIN / 4, i64::MAX / 4));
            Cluster { parent: i, max_start: s, min_end: t, place: Place::of(e), docs: vec![e.doc] }
        })
        .collect();
    for (_, i, j) in edges {
        let (a, b) = (find(&mut cs, i), find(&mut cs, j));
        if a == b {
            continue;
        }
        let max_start = cs[a].max_start.max(cs[b].max_start);
        let min_end = cs[a].min_end.min(cs[b].min_end);
        if max_start > min_end + 1 || !cs[a].place.fits(&cs[b].place) || cs[a].docs.iter().any(|d| cs[b].docs.contains(d)) {
            continue;
        }
        // Keep the root with the smaller content key, so the structure is order-free too.
        let (root, child) = if evs[a].key <= evs[b].key { (a, b) } else { (b, a) };
        let child_place = cs[child].place.clone();
        let child_docs = std::mem::take(&mut cs[child].docs);
        cs[child].parent = root;
        let r = &mut cs[root];
        r.max_start = max_start;
        r.min_end = min_end;
        r.place.join(&child_place);
        r.docs.extend(child_docs);
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..evs.len() {
        let r = find(&mut cs, i);
        groups.entry(r).or_default().push(i);
    }
    groups.into_values().collect()
}

fn precision_rank(p: Option<&str>) -> u8 {
    match p {
        Some("site") => 4,
        Some("city") => 3,
        Some("region") => 2,
        Some("country") => 1,
        _ => 0,
    }
}

fn modality_rank(m: &str) -> u8 {
    match m {
        "asserted" => 6,
        "reported" => 5,
        "future" => 4,
        "hedged" => 3,
        "hypothetical" => 2,
        _ => 1,
    }
}

/// The most frequent value; ties go to the larger `rank`, then the smaller value.
fn most_common<T: Ord + Clone>(items: impl Iterator<Item = T>, rank: impl Fn(&T) -> u8) -> Option<T> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    for x in items {
        *counts.entry(x).or_default() += 1;
    }
    let mut best: Option<(usize, u8, T)> = None;
    for (x, n) in counts {
        let r = rank(&x);
        if best.as_ref().is_none_or(|(bn, br, _)| (n, r) > (*bn, *br)) {
            best = Some((n, r, x));
        }
    }
    best.map(|b| b.2)
}

impl Store {
    /// Rebuilds the merged tables from the per-document events (or, when merging was undone,
    /// one merged event per event). One transaction. On PostgreSQL it waits for any other
    /// process's rebuild to finish first (an advisory lock): rebuilds never interleave.
    pub fn rebuild_merged(&mut self) -> Result<MergeStats> {
        let on = self.merge_enabled()?;
        self.rebuild(on, true).map(|s| s.expect("a waiting rebuild always runs"))
    }

    /// Like [`Store::rebuild_merged`], but returns `None` at once when another process is
    /// rebuilding (PostgreSQL; on SQLite it always rebuilds). For workers, which merge when idle.
    pub fn try_rebuild_merged(&mut self) -> Result<Option<MergeStats>> {
        let on = self.merge_enabled()?;
        self.rebuild(on, false)
    }

    /// Turns merging back on and rebuilds.
    pub fn redo_merge(&mut self) -> Result<MergeStats> {
        self.set_meta("merge", "on")?;
        self.rebuild(true, true).map(|s| s.expect("a waiting rebuild always runs"))
    }

    /// Undoes merging: every per-document event becomes its own merged event (and stays so on
    /// later ingests until [`Store::redo_merge`]).
    pub fn undo_merge(&mut self) -> Result<MergeStats> {
        self.set_meta("merge", "off")?;
        self.rebuild(false, true).map(|s| s.expect("a waiting rebuild always runs"))
    }

    /// `wait`: on PostgreSQL, wait for another rebuild to finish (else return `None`).
    fn rebuild(&mut self, merge: bool, wait: bool) -> Result<Option<MergeStats>> {
        match self.engine() {
            Engine::Sqlite => {
                // The write lock first (waiting up to the busy timeout for an ingest's batch):
                // events an ingest commits while the clusters are computed would otherwise be
                // missed by a merged view that then calls itself fresh.
                self.db()
                    .in_transaction("BEGIN IMMEDIATE", |db| {
                        let evs = load_events(db)?;
                        write_merged(db, &evs, merge, Engine::Sqlite)
                    })
                    .map(Some)
            }
            Engine::Postgres => {
                // A session-level lock taken before the transaction, so that the transaction's
                // snapshot is taken after the previous rebuild committed.
                let db = self.db();
                if wait {
                    db.execute("SELECT pg_advisory_lock(?1)", &[&MERGE_LOCK])?;
                } else if !db.query_one("SELECT pg_try_advisory_lock(?1)", &[&MERGE_LOCK])?.get::<bool>(0)? {
                    return Ok(None);
                }
                // REPEATABLE READ: events, actors and documents are read from one snapshot while
                // workers keep writing; only this process writes the merged tables.
                let r = db.in_transaction("BEGIN ISOLATION LEVEL REPEATABLE READ", |db| {
                    let evs = load_events(db)?;
                    write_merged(db, &evs, merge, Engine::Postgres)
                });
                let unlock = db.execute("SELECT pg_advisory_unlock(?1)", &[&MERGE_LOCK]);
                let stats = r?;
                unlock?;
                Ok(Some(stats))
            }
        }
    }
}

/// Every per-document event with what merging compares.
fn load_events(db: &Db) -> Result<Vec<Ev>> {
    let mut actors: HashMap<i64, (Vec<String>, Vec<String>)> = HashMap::new();
    for r in db.query("SELECT event, role, entity FROM event_actors WHERE role != 'reported_by' ORDER BY event, role, pos", &[])? {
        let (ev, role, ent): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let e = actors.entry(ev).or_default();
        if role == "source" { e.0.push(ent) } else { e.1.push(ent) }
    }
    let rows = db.query(
        "SELECT e.id, d.hash, e.idx, e.doc, e.type, e.mode, e.modality, e.date_start, e.date_end, e.date_precision,
                d.published, d.source_id, e.location, e.location_precision, l.country, l.lat, l.lon, e.mentions, e.confidence,
                e.fatalities, e.fatalities_exact, e.injured, e.injured_exact
         FROM events e JOIN documents d ON d.id = e.doc LEFT JOIN entities l ON l.id = e.location
         ORDER BY e.id",
        &[],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.get(0)?;
        let hash: String = r.get(1)?;
        let idx: i64 = r.get(2)?;
        let ds: Option<String> = r.get(7)?;
        let de: Option<String> = r.get(8)?;
        let dp: Option<String> = r.get(9)?;
        let published: Option<String> = r.get(10)?;
        let date = match (ds.as_deref().and_then(day_number), de.as_deref().and_then(day_number)) {
            (Some(a), Some(b)) if a <= b => Some((a, b)),
            _ => None,
        };
        let eff = date.or_else(|| published.as_deref().and_then(day_number).map(|p| (p - UNDATED_DAYS_BEFORE, p)));
        let loc_precision: Option<String> = r.get(13)?;
        let modality: String = r.get(6)?;
        let (source, target) = actors.remove(&id).unwrap_or_default();
        out.push(Ev {
            id,
            key: format!("{hash}:{idx}"),
            doc: r.get(3)?,
            event_type: r.get(4)?,
            mode: r.get(5)?,
            negated: modality == "negated",
            modality,
            date,
            date_text: match (ds, de, dp) {
                (Some(a), Some(b), Some(c)) if date.is_some() => Some((a, b, c)),
                _ => None,
            },
            eff,
            published,
            source_id: r.get(11)?,
            location: r.get(12)?,
            specific: precision_rank(loc_precision.as_deref()) >= 2,
            loc_precision,
            loc_country: r.get(14)?,
            loc_lat: r.get(15)?,
            loc_lon: r.get(16)?,
            mentions: r.get(17)?,
            confidence: r.get(18)?,
            source,
            target,
            fatalities: Toll::from_columns(r.get(19)?, r.get(20)?),
            injured: Toll::from_columns(r.get(21)?, r.get(22)?),
        });
    }
    Ok(out)
}

/// Replaces the merged tables with the clustering of `evs` (inside the caller's transaction).
fn write_merged(db: &Db, evs: &[Ev], merge: bool, engine: Engine) -> Result<MergeStats> {
    let groups = if merge { cluster(evs) } else { (0..evs.len()).map(|i| vec![i]).collect() };
    struct Row {
        key: String,
        members: Vec<usize>,
        date: Option<DateText>,
        date_start_day: Option<i64>,
    }
    let mut rows: Vec<Row> = groups
        .into_iter()
        .map(|mut members| {
            members.sort_by(|&a, &b| evs[a].key.cmp(&evs[b].key));
            let mut h = Sha256::new();
            for &m in &members {
                h.update(evs[m].key.as_bytes());
                h.update(b"\n");
            }
            let digest = h.finalize();
            let key = format!("m{}", digest[..8].iter().map(|b| format!("{b:02x}")).collect::<String>());
            // The date: the narrowest member interval, then the most frequent, then the earliest.
            let mut by_date: BTreeMap<(i64, i64), (usize, DateText)> = BTreeMap::new();
            for &m in &members {
                if let (Some(iv), Some(t)) = (evs[m].date, &evs[m].date_text) {
                    by_date.entry(iv).or_insert((0, t.clone())).0 += 1;
                }
            }
            let best = by_date.iter().min_by_key(|((s, e), (n, _))| (e - s, std::cmp::Reverse(*n), *s));
            let date_start_day = best.map(|((s, _), _)| *s);
            let date = best.map(|(_, (_, t))| t.clone());
            Row { key, members, date, date_start_day }
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.date_start_day.is_none(), a.date_start_day, &evs[a.members[0]].event_type, &a.key).cmp(&(
            b.date_start_day.is_none(),
            b.date_start_day,
            &evs[b.members[0]].event_type,
            &b.key,
        ))
    });

    db.batch("DELETE FROM event_merge; DELETE FROM merged_actors; DELETE FROM merged_events;")?;
    let mut stats = MergeStats { events: evs.len(), ..MergeStats::default() };
    let (mut merged_rows, mut actor_rows, mut link_rows) = (Vec::new(), Vec::new(), Vec::new());
    let t = |x: Option<&String>| x.cloned().map_or(Value::Null, Value::Text);
    let f = |x: Option<f64>| x.map_or(Value::Null, Value::Real);
    for (n, row) in rows.iter().enumerate() {
        let id = n as i64 + 1;
        let ms: Vec<&Ev> = row.members.iter().map(|&m| &evs[m]).collect();
        let first = ms[0];
        let mode = most_common(ms.iter().filter_map(|e| e.mode.clone()), |_| 0);
        let modality = most_common(ms.iter().map(|e| e.modality.clone()), |m| modality_rank(m)).unwrap_or_else(|| "asserted".into());
        let loc = ms
            .iter()
            .filter(|e| e.location.is_some())
            .max_by(|a, b| {
                let count = |x: &Ev| ms.iter().filter(|e| e.location == x.location).count();
                (precision_rank(a.loc_precision.as_deref()), count(a))
                    .cmp(&(precision_rank(b.loc_precision.as_deref()), count(b)))
                    .then_with(|| b.location.cmp(&a.location))
            })
            .copied();
        let docs: HashSet<i64> = ms.iter().map(|e| e.doc).collect();
        let sources: HashSet<i64> = ms.iter().filter_map(|e| e.source_id).collect();
        let published: Vec<&String> = ms.iter().filter_map(|e| e.published.as_ref()).collect();
        let confidence = ms.iter().map(|e| e.confidence).fold(0.0f64, f64::max);
        let toll = |pick: fn(&Ev) -> Option<Toll>| {
            merged_toll(ms.iter().filter_map(|e| Some(MemberToll { published: e.published.as_deref(), toll: pick(e)?, key: &e.key })))
        };
        let (fatalities, injured) = (toll(|e| e.fatalities), toll(|e| e.injured));
        let int = |x: Option<i64>| x.map_or(Value::Null, Value::Int);
        merged_rows.push(vec![
            Value::Int(id),
            Value::Text(row.key.clone()),
            Value::Text(first.event_type.clone()),
            t(mode.as_ref()),
            t(row.date.as_ref().map(|d| &d.0)),
            t(row.date.as_ref().map(|d| &d.1)),
            t(row.date.as_ref().map(|d| &d.2)),
            t(loc.and_then(|e| e.location.as_ref())),
            t(loc.and_then(|e| e.loc_precision.as_ref())),
            t(loc.and_then(|e| e.loc_country.as_ref())),
            f(loc.and_then(|e| e.loc_lat)),
            f(loc.and_then(|e| e.loc_lon)),
            Value::Text(modality),
            Value::Real(confidence),
            Value::Int(ms.len() as i64),
            Value::Int(docs.len() as i64),
            Value::Int(sources.len() as i64),
            Value::Int(ms.iter().map(|e| e.mentions).sum::<i64>()),
            t(published.iter().min().copied()),
            t(published.iter().max().copied()),
            int(fatalities.map(|x| i64::from(x.count))),
            int(fatalities.map(|x| i64::from(x.exact))),
            int(injured.map(|x| i64::from(x.count))),
            int(injured.map(|x| i64::from(x.exact))),
        ]);
        // Per actor: in how many member events it is source, and target; each actor takes
        // the role most members give it (source on a tie), never both.
        // Members are first turned the way of a reference member (the first, by content
        // key, that names both sides) when they tell the same meeting the other way round.
        let reference = ms.iter().find(|e| !e.source.is_empty() && !e.target.is_empty()).unwrap_or(&ms[0]);
        let mut roles: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
        for e in &ms {
            let reversed = symmetric(&e.event_type)
                && (overlaps(&e.source, &reference.target) || overlaps(&e.target, &reference.source))
                && !(overlaps(&e.source, &reference.source) || overlaps(&e.target, &reference.target));
            let (src, tgt) = if reversed { (&e.target, &e.source) } else { (&e.source, &e.target) };
            for a in src.iter().collect::<BTreeSet<_>>() {
                roles.entry(a).or_default().0 += 1;
            }
            for a in tgt.iter().collect::<BTreeSet<_>>() {
                roles.entry(a).or_default().1 += 1;
            }
        }
        for (ent, (s, t)) in roles {
            let (role, c) = if s >= t { ("source", s) } else { ("target", t) };
            actor_rows.push(vec![Value::Int(id), Value::Text(role.into()), Value::Text(ent.to_string()), Value::Int(c)]);
        }
        for e in &ms {
            link_rows.push(vec![Value::Int(e.id), Value::Int(id)]);
        }
        stats.merged_events += 1;
        if docs.len() > 1 {
            stats.multi_document += 1;
        }
    }
    db.insert_many(
        "INSERT INTO merged_events (id, key, type, mode, date_start, date_end, date_precision, location, location_precision, location_country, lat, lon,
                                    modality, confidence, n_events, n_documents, n_sources, n_mentions, first_published, last_published,
                                    fatalities, fatalities_exact, injured, injured_exact)",
        "",
        24,
        &merged_rows,
    )?;
    db.insert_many("INSERT INTO merged_actors (merged, role, entity, events)", "", 4, &actor_rows)?;
    db.insert_many("INSERT INTO event_merge (event, merged)", "", 2, &link_rows)?;
    let upsert = "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    match engine {
        Engine::Sqlite => db.execute(upsert, &[&"merged_stale", &"0"])?,
        Engine::Postgres => db.execute(upsert, &[&"merged_events_count", &evs.len().to_string()])?,
    };
    Ok(stats)
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
