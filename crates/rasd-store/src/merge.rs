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

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use crate::pg::MERGE_LOCK;
use crate::sql::{Db, Engine};
use crate::tolls::Toll;
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
    /// `Some(n)` when only the new events and the merged events they touch were rewritten
    /// ([`Store::update_merged`]): `n` events were reclustered (the new ones among them).
    pub reclustered: Option<usize>,
}

/// (start, end, precision) as stored.
type DateText = (Rc<str>, Rc<str>, Rc<str>);

struct Ev {
    id: i64,
    /// `document hash:event number`.
    key: Box<str>,
    doc: i64,
    event_type: Rc<str>,
    mode: Option<Rc<str>>,
    modality: Rc<str>,
    negated: bool,
    date: Option<(i64, i64)>,
    date_text: Option<DateText>,
    /// The interval used for comparison: the date, or the days before publication.
    eff: Option<(i64, i64)>,
    published: Option<Rc<str>>,
    source_id: Option<i64>,
    location: Option<Rc<str>>,
    loc_precision: Option<Rc<str>>,
    loc_country: Option<Rc<str>>,
    loc_lat: Option<f64>,
    loc_lon: Option<f64>,
    /// A place finer than a country.
    specific: bool,
    mentions: i64,
    confidence: f64,
    source: Vec<Rc<str>>,
    target: Vec<Rc<str>>,
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

fn overlaps(a: &[Rc<str>], b: &[Rc<str>]) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// Two reports' actors on one side fit when they share one, or when neither names any: an event
/// without a target never merges with one that has a target (the merged event would give it an
/// actor its report does not have).
fn sides_fit(a: &[Rc<str>], b: &[Rc<str>]) -> bool {
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
    let count = |x: &[Rc<str>], y: &[Rc<str>]| x.iter().filter(|e| y.contains(e)).count();
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
    specific: Option<Rc<str>>,
    country: Option<Rc<str>>,
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
        let f = |a: &Option<Rc<str>>, b: &Option<Rc<str>>| a.is_none() || b.is_none() || a == b;
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

/// The first (smallest) actor two events share, as source or target.
fn first_shared<'a>(a: &'a Ev, b: &Ev) -> Option<&'a str> {
    a.source.iter().chain(&a.target).filter(|x| b.source.contains(x) || b.target.contains(x)).map(|x| &**x).min()
}

/// Groups events into clusters (indexes into `evs`), deterministically.
fn cluster(evs: &[&Ev]) -> Vec<Vec<usize>> {
    // Blocking: (type, actor) → events, swept by effective interval.
    let mut blocks: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, e) in evs.iter().enumerate() {
        if e.eff.is_none() {
            continue;
        }
        let mut seen: Vec<&str> = Vec::new();
        for a in e.source.iter().chain(&e.target) {
            if !seen.contains(&&**a) {
                seen.push(a);
                blocks.entry((&e.event_type, a)).or_default().push(i);
            }
        }
    }
    // A pair sits in the block of every actor its two events share: it is scored in the block of
    // the first of them only (no set of the pairs seen, which held millions of pairs for a day's
    // events that all share one actor and no place). Edges as (score, index, index) in u32.
    let mut edges: Vec<(u32, u32, u32)> = Vec::new();
    for (&(_, actor), members) in blocks.iter_mut() {
        members.sort_by_key(|&i| (evs[i].eff.map(|x| x.0), i));
        for (n, &i) in members.iter().enumerate() {
            let end = evs[i].eff.expect("blocked events have an interval").1;
            for &j in &members[n + 1..] {
                let s = evs[j].eff.expect("blocked events have an interval").0;
                if s > end + 1 && !evs[i].date.is_some_and(wide) {
                    break;
                }
                if first_shared(evs[i], evs[j]) != Some(actor) {
                    continue;
                }
                if let Some(score) = compatible(evs[i], evs[j]) {
                    // Each pair as (smaller content key, larger): the tie-break below must not
                    // see which of the two was stored first.
                    let (x, y) = if evs[i].key <= evs[j].key { (i, j) } else { (j, i) };
                    edges.push((score as u32, x as u32, y as u32));
                }
            }
        }
    }
    // Strongest first; ties by content keys (never by storage order).
    edges.sort_by(|x, y| {
        y.0.cmp(&x.0).then_with(|| (&evs[x.1 as usize].key, &evs[x.2 as usize].key).cmp(&(&evs[y.1 as usize].key, &evs[y.2 as usize].key)))
    });
    let mut cs: Vec<Cluster> = evs
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (s, t) = e.eff.unwrap_or((i64::MIN / 4, i64::MAX / 4));
            Cluster { parent: i, max_start: s, min_end: t, place: Place::of(e), docs: vec![e.doc] }
        })
        .collect();
    for (_, i, j) in edges {
        let (a, b) = (find(&mut cs, i as usize), find(&mut cs, j as usize));
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

mod incremental;
mod load;
mod write;

/// How the merged tables were built, kept in `meta` as `merged_layout`: an incremental merge
/// extends only tables built by this version of the rules and ids (see `merge/write.rs`). Bump it
/// with any change to what merges or to a merged event's row.
const LAYOUT: &str = "3";

impl Store {
    /// Rebuilds the merged tables from the per-document events (or, when merging was undone,
    /// one merged event per event). One transaction. On PostgreSQL it waits for any other
    /// process's rebuild to finish first (an advisory lock): rebuilds never interleave.
    pub fn rebuild_merged(&mut self) -> Result<MergeStats> {
        let on = self.merge_enabled()?;
        self.rebuild(on, true, false).map(|s| s.expect("a waiting rebuild always runs"))
    }

    /// Like [`Store::rebuild_merged`], but returns `None` at once when another process is
    /// rebuilding (PostgreSQL; on SQLite it always rebuilds). For workers, which merge when idle.
    pub fn try_rebuild_merged(&mut self) -> Result<Option<MergeStats>> {
        let on = self.merge_enabled()?;
        self.rebuild(on, false, false)
    }

    /// Brings the merged tables up to date with the events stored since they were built, with
    /// the same result as [`Store::rebuild_merged`]: only the stored merged events that the new
    /// events can change are read and rewritten (see [`incremental`]). Falls back to a full
    /// rebuild when the tables were built by an older version, or when most events are new.
    pub fn update_merged(&mut self) -> Result<MergeStats> {
        let on = self.merge_enabled()?;
        self.rebuild(on, true, true).map(|s| s.expect("a waiting rebuild always runs"))
    }

    /// [`Store::update_merged`] that returns `None` at once when another process is merging
    /// (PostgreSQL).
    pub fn try_update_merged(&mut self) -> Result<Option<MergeStats>> {
        let on = self.merge_enabled()?;
        self.rebuild(on, false, true)
    }

    /// Turns merging back on and rebuilds.
    pub fn redo_merge(&mut self) -> Result<MergeStats> {
        self.set_meta("merge", "on")?;
        self.rebuild(true, true, false).map(|s| s.expect("a waiting rebuild always runs"))
    }

    /// Undoes merging: every per-document event becomes its own merged event (and stays so on
    /// later ingests until [`Store::redo_merge`]).
    pub fn undo_merge(&mut self) -> Result<MergeStats> {
        self.set_meta("merge", "off")?;
        self.rebuild(false, true, false).map(|s| s.expect("a waiting rebuild always runs"))
    }

    /// `wait`: on PostgreSQL, wait for another rebuild to finish (else return `None`).
    /// `incremental`: merge only the events not merged yet, when the tables allow it.
    fn rebuild(&mut self, merge: bool, wait: bool, incremental: bool) -> Result<Option<MergeStats>> {
        let run = |db: &Db| -> Result<MergeStats> {
            let stats = match incremental.then(|| incremental::merge_new(db, merge)).transpose()?.flatten() {
                Some(s) => s,
                None => rebuild_all(db, merge)?,
            };
            finish(db)?;
            Ok(stats)
        };
        match self.engine() {
            Engine::Sqlite => {
                // The write lock first (waiting up to the busy timeout for an ingest's batch):
                // events an ingest commits while the clusters are computed would otherwise be
                // missed by a merged view that then calls itself fresh.
                self.db().in_transaction("BEGIN IMMEDIATE", run).map(Some)
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
                let r = db.in_transaction("BEGIN ISOLATION LEVEL REPEATABLE READ", run);
                let unlock = db.execute("SELECT pg_advisory_unlock(?1)", &[&MERGE_LOCK]);
                let stats = r?;
                unlock?;
                Ok(Some(stats))
            }
        }
    }
}

/// Replaces the merged tables with the clustering of every stored event (inside the caller's
/// transaction), one event type at a time: events of two types never merge, so only one type's
/// events are in memory at once.
fn rebuild_all(db: &Db, merge: bool) -> Result<MergeStats> {
    db.batch("DELETE FROM event_merge; DELETE FROM merged_actors; DELETE FROM merged_events;")?;
    let types: Vec<String> =
        db.query("SELECT DISTINCT type FROM events ORDER BY type", &[])?.iter().map(|r| r.get(0)).collect::<Result<_>>()?;
    let mut stats = MergeStats::default();
    let mut w = write::Writer::default();
    for t in types {
        let mut names = load::Names::default();
        let evs = load::events_of_type(db, &t, &mut names)?;
        stats.events += evs.len();
        let refs: Vec<&Ev> = evs.iter().collect();
        for g in groups(&refs, merge) {
            let members: Vec<&Ev> = g.iter().map(|&i| refs[i]).collect();
            w.add(db, &members, &mut stats)?;
        }
        w.flush(db)?;
    }
    Ok(stats)
}

/// The clusters of `evs` (merging on), or one per event (merging undone).
fn groups(evs: &[&Ev], merge: bool) -> Vec<Vec<usize>> {
    if merge { cluster(evs) } else { (0..evs.len()).map(|i| vec![i]).collect() }
}

/// Marks the merged tables as covering every stored event, built by this version.
fn finish(db: &Db) -> Result<()> {
    let upsert = "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    match db.engine() {
        Engine::Sqlite => db.execute(upsert, &[&"merged_stale", &"0"])?,
        Engine::Postgres => {
            let n: i64 = db.query_one("SELECT count(*) FROM events", &[])?.get(0)?;
            db.execute(upsert, &[&"merged_events_count", &n.to_string()])?
        }
    };
    db.execute(upsert, &[&"merged_layout", &LAYOUT])?;
    // The highest event id merged (see `incremental::unmerged`).
    let through: Option<i64> = db.query_one("SELECT max(id) FROM events", &[])?.get(0)?;
    db.execute(upsert, &[&"merged_through", &through.unwrap_or(0).to_string()])?;
    Ok(())
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
