//! The incremental merge: the events stored since the merged tables were built are merged
//! without reading the whole database, with exactly the result of a full rebuild.
//!
//! Why it is exact. The full rebuild joins compatible pairs greedily, strongest first, into
//! coherent clusters ([`super::cluster`]). A stored cluster's history in that run depends only on
//! the pairs inside it: every pair from it to another cluster was refused (else the two would be
//! one), and a refusal changes nothing. So, with `R` the events to recluster (at first the new
//! ones) and `F` the stored clusters holding an event compatible with one of `R`, the greedy run
//! over `R ∪ F` alone gives the full run's result whenever every cluster of `F` comes out of it
//! unchanged: then each of them went through the same history as before, refusing the pairs to
//! `R` and to clusters outside, which no event of `R` can reach. When a cluster of `F` does come
//! out changed, its events join `R` (they are reclustered, their neighbours read) and the run is
//! repeated; `R` only grows, so this ends — at the latest when it holds everything, and a full
//! rebuild is done instead past [`MAX_RECLUSTERED`] events.
//!
//! Neighbours are found the way the rebuild blocks pairs: same type, one shared actor, and an
//! interval that overlaps or touches (read with SQL by type and a window of dates — the index
//! `events_type_date` — or of publication dates for undated events, then checked with
//! [`super::compatible`]). New events are those above the highest event id the last merge saw
//! (SQLite writes ids in increasing order, one writer at a time), checked against the count of
//! merged events; on PostgreSQL, or when the count disagrees, those without a merged event.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::load::{self, Names};
use super::write::Writer;
use super::{Ev, MergeStats, UNDATED_DAYS_BEFORE, WIDE_DAYS, cluster, compatible, wide};
use crate::Result;
use crate::sql::{Db, Engine, Value};

/// Events past which the incremental merge gives way to a full rebuild (which reads every event
/// once, one type at a time, where reclustering reads events a few at a time).
const MAX_RECLUSTERED: usize = 50_000;

/// Windows of one actor closer than this many days are read with one query.
const WINDOW_GAP: i64 = 7;

/// Merges the events not merged yet into the merged tables (inside the caller's transaction) and
/// returns the figures of the whole merged view; `None` when a full rebuild must be done instead.
pub(super) fn merge_new(db: &Db, merge: bool) -> Result<Option<MergeStats>> {
    let layout: Option<String> = match db.query_opt("SELECT value FROM meta WHERE key = 'merged_layout'", &[])? {
        Some(r) => r.get(0)?,
        None => None,
    };
    if layout.as_deref() != Some(super::LAYOUT) {
        return Ok(None);
    }
    let new = unmerged(db)?;
    if new.len() > MAX_RECLUSTERED {
        return Ok(None);
    }
    let mut reclustered = 0;
    if !new.is_empty() {
        let mut s = State { db, names: Names::default(), evs: HashMap::new(), merged_of: HashMap::new(), members: HashMap::new() };
        match s.merge(&new, merge)? {
            Some(n) => reclustered = n,
            None => return Ok(None),
        }
    }
    let n = |sql: &str| -> Result<usize> { db.query_one(sql, &[])?.get::<usize>(0) };
    Ok(Some(MergeStats {
        events: n("SELECT count(*) FROM events")?,
        merged_events: n("SELECT count(*) FROM merged_events")?,
        multi_document: n("SELECT count(*) FROM merged_events WHERE n_documents > 1")?,
        reclustered: Some(reclustered),
    }))
}

/// The events not merged yet, by id.
fn unmerged(db: &Db) -> Result<Vec<i64>> {
    let ids =
        |sql: &str, params: &[&dyn crate::sql::ToValue]| -> Result<Vec<i64>> { db.query(sql, params)?.iter().map(|r| r.get(0)).collect() };
    let count = |sql: &str| -> Result<i64> { db.query_one(sql, &[])?.get(0) };
    if db.engine() == Engine::Sqlite
        && let Some(r) = db.query_opt("SELECT value FROM meta WHERE key = 'merged_through'", &[])?
        && let Ok(through) = r.get::<String>(0)?.parse::<i64>()
    {
        let new = ids("SELECT id FROM events WHERE id > ?1 ORDER BY id", &[&through])?;
        if count("SELECT count(*) FROM events")? == count("SELECT count(*) FROM event_merge")? + new.len() as i64 {
            return Ok(new);
        }
    }
    ids("SELECT e.id FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_merge x WHERE x.event = e.id) ORDER BY e.id", &[])
}

struct State<'a> {
    db: &'a Db,
    names: Names,
    /// Every event read so far, by id.
    evs: HashMap<i64, Ev>,
    /// The stored merged event of each event read that has one.
    merged_of: HashMap<i64, i64>,
    /// The members of the stored merged events read so far.
    members: HashMap<i64, Vec<i64>>,
}

/// Frontier events of one type: (start, end, id) of each, and the actors of all.
type Group = (Vec<(i64, i64, i64)>, BTreeSet<String>);

/// `YYYY-MM-DD` of a day number (the inverse of [`super::day_number`]).
fn day_text(z: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

impl State<'_> {
    /// Reads the events with these ids (those not read yet) and their stored merged events.
    fn read(&mut self, ids: &[i64]) -> Result<()> {
        let missing: Vec<i64> = ids.iter().copied().filter(|i| !self.evs.contains_key(i)).collect::<BTreeSet<_>>().into_iter().collect();
        if missing.is_empty() {
            return Ok(());
        }
        for e in load::events_by_id(self.db, &missing, &mut self.names)? {
            self.evs.insert(e.id, e);
        }
        for chunk in missing.chunks(500) {
            let list = (1..=chunk.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
            let params: Vec<Value> = chunk.iter().map(|&i| Value::Int(i)).collect();
            for r in self.db.query_values(&format!("SELECT event, merged FROM event_merge WHERE event IN ({list})"), &params)? {
                self.merged_of.insert(r.get(0)?, r.get(1)?);
            }
        }
        Ok(())
    }

    /// Reads the members of these stored merged events (those not read yet).
    fn read_members(&mut self, merged: &BTreeSet<i64>) -> Result<()> {
        let mut ids = Vec::new();
        for &m in merged {
            if self.members.contains_key(&m) {
                continue;
            }
            let members: Vec<i64> = self
                .db
                .query("SELECT event FROM event_merge WHERE merged = ?1 ORDER BY event", &[&m])?
                .iter()
                .map(|r| r.get(0))
                .collect::<Result<_>>()?;
            ids.extend(&members);
            self.members.insert(m, members);
        }
        self.read(&ids)
    }

    /// The stored events compatible with one of `frontier` (which are read already).
    fn neighbours(&mut self, frontier: &[i64]) -> Result<Vec<i64>> {
        // By (type, wide interval?): the frontier events' intervals, and their actors.
        let mut groups: BTreeMap<(String, bool), Group> = BTreeMap::new();
        for id in frontier {
            let e = &self.evs[id];
            let Some((s, t)) = e.eff else { continue };
            if e.source.is_empty() && e.target.is_empty() {
                continue;
            }
            let g = groups.entry((e.event_type.to_string(), e.date.is_some_and(wide))).or_default();
            g.0.push((s, t, *id));
            g.1.extend(e.source.iter().chain(&e.target).map(|a| a.to_string()));
        }
        let mut found: BTreeSet<i64> = BTreeSet::new();
        for ((event_type, is_wide), (mut members, actors)) in groups {
            members.sort();
            // An actor of the frontier among the candidate's sources and targets (?1 is the type).
            let list = (0..actors.len()).map(|i| format!("?{}", i + 2)).collect::<Vec<_>>().join(", ");
            let with_actor =
                format!("EXISTS (SELECT 1 FROM event_actors a WHERE a.event = e.id AND a.role != 'reported_by' AND a.entity IN ({list}))");
            let n = actors.len() + 2;
            let params = |days: &[i64]| -> Vec<Value> {
                let mut p = vec![Value::Text(event_type.clone())];
                p.extend(actors.iter().map(|a| Value::Text(a.clone())));
                p.extend(days.iter().map(|&d| Value::Text(day_text(d))));
                p
            };
            let mut candidates: Vec<i64> = Vec::new();
            if is_wide {
                // A wide interval merges only with the very same interval.
                let mut done: HashSet<(i64, i64)> = HashSet::new();
                for &(s, t, _) in &members {
                    if done.insert((s, t)) {
                        let sql = format!(
                            "SELECT e.id FROM events e WHERE e.type = ?1 AND e.date_start >= ?{n} AND e.date_start < ?{} AND e.date_end >= ?{} AND e.date_end < ?{} AND {with_actor}",
                            n + 1,
                            n + 2,
                            n + 3
                        );
                        candidates.extend(self.query_ids(&sql, params(&[s, s + 1, t, t + 1]))?);
                    }
                }
            } else {
                // Windows [from, to] covering the frontier's intervals, near ones joined.
                let mut windows: Vec<(i64, i64)> = Vec::new();
                for &(s, t, _) in &members {
                    match windows.last_mut() {
                        Some(w) if s <= w.1 + WINDOW_GAP => w.1 = w.1.max(t),
                        _ => windows.push((s, t)),
                    }
                }
                for (from, to) in windows {
                    // A dated interval of at most WIDE_DAYS days touching [from, to] starts in
                    // [from - WIDE_DAYS, to + 1] and ends on or after from - 1.
                    let sql = format!(
                        "SELECT e.id FROM events e WHERE e.type = ?1 AND e.date_start >= ?{n} AND e.date_start < ?{} AND e.date_end >= ?{} AND {with_actor}",
                        n + 1,
                        n + 2
                    );
                    candidates.extend(self.query_ids(&sql, params(&[from - WIDE_DAYS, to + 2, from - 1]))?);
                    // An undated event stands for the days up to its publication (an event whose
                    // date cannot be read is found this way too). Read from the documents
                    // published in the window (CROSS JOIN keeps SQLite's order; `|| ''` keeps it
                    // off the type index, which would scan every event of the type per document).
                    let sql = format!(
                        "SELECT e.id FROM documents d CROSS JOIN events e
                         WHERE e.doc = d.id AND d.published >= ?{n} AND d.published < ?{} AND e.type || '' = ?1 AND {with_actor}",
                        n + 1
                    );
                    candidates.extend(self.query_ids(&sql, params(&[from - 1, to + UNDATED_DAYS_BEFORE + 2]))?);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            self.read(&candidates)?;
            for c in candidates {
                if !found.contains(&c) && members.iter().any(|&(_, _, x)| compatible(&self.evs[&x], &self.evs[&c]).is_some()) {
                    found.insert(c);
                }
            }
        }
        Ok(found.into_iter().collect())
    }

    fn query_ids(&self, sql: &str, params: Vec<Value>) -> Result<Vec<i64>> {
        self.db.query_values(sql, &params)?.iter().map(|r| r.get(0)).collect()
    }

    /// Reclusters `new` with the stored merged events they can change and rewrites those;
    /// returns how many events were reclustered, or `None` when too many would be (a full
    /// rebuild is cheaper then).
    fn merge(&mut self, new: &[i64], merge: bool) -> Result<Option<usize>> {
        self.read(new)?;
        let mut stats = MergeStats::default();
        let mut w = Writer::default();
        if !merge {
            for id in new {
                w.add(self.db, &[&self.evs[id]], &mut stats)?;
            }
            return w.flush(self.db).map(|_| Some(new.len()));
        }
        // R: the events reclustered; F: the stored merged events next to them; dropped: the
        // stored merged events whose events moved into R.
        let mut r: BTreeSet<i64> = new.iter().copied().collect();
        let mut expanded: HashSet<i64> = HashSet::new();
        let mut f: BTreeSet<i64> = BTreeSet::new();
        let mut dropped: BTreeSet<i64> = BTreeSet::new();
        loop {
            let frontier: Vec<i64> = r.iter().copied().filter(|i| !expanded.contains(i)).collect();
            if !frontier.is_empty() {
                for c in self.neighbours(&frontier)? {
                    if r.contains(&c) {
                        continue;
                    }
                    match self.merged_of.get(&c) {
                        Some(m) if !dropped.contains(m) => {
                            f.insert(*m);
                        }
                        Some(_) => {}
                        // Not merged and not new: cannot happen inside the merge's transaction;
                        // reclustered all the same.
                        None => {
                            r.insert(c);
                        }
                    }
                }
                expanded.extend(frontier);
                continue;
            }
            self.read_members(&f)?;
            let sim: Vec<i64> = r.iter().copied().chain(f.iter().flat_map(|m| self.members[m].iter().copied())).collect();
            let refs: Vec<&Ev> = sim.iter().map(|i| &self.evs[i]).collect();
            let groups = cluster(&refs);
            let mut group_of: HashMap<i64, usize> = HashMap::new();
            for (g, members) in groups.iter().enumerate() {
                for &i in members {
                    group_of.insert(sim[i], g);
                }
            }
            let changed: Vec<i64> = f
                .iter()
                .copied()
                .filter(|m| {
                    let members = &self.members[m];
                    let g = group_of[&members[0]];
                    groups[g].len() != members.len() || members.iter().any(|e| group_of[e] != g)
                })
                .collect();
            if changed.is_empty() {
                for &m in &dropped {
                    self.db.execute("DELETE FROM event_merge WHERE merged = ?1", &[&m])?;
                    self.db.execute("DELETE FROM merged_actors WHERE merged = ?1", &[&m])?;
                    self.db.execute("DELETE FROM merged_events WHERE id = ?1", &[&m])?;
                }
                for g in &groups {
                    if g.iter().any(|&i| r.contains(&sim[i])) {
                        let members: Vec<&Ev> = g.iter().map(|&i| refs[i]).collect();
                        w.add(self.db, &members, &mut stats)?;
                    }
                }
                w.flush(self.db)?;
                return Ok(Some(r.len()));
            }
            for m in changed {
                f.remove(&m);
                dropped.insert(m);
                r.extend(self.members[&m].iter().copied());
            }
            if r.len() > MAX_RECLUSTERED {
                return Ok(None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_text_inverts_day_number() {
        for s in ["1970-01-01", "2024-02-29", "2025-12-31", "2000-03-01", "1969-12-31"] {
            assert_eq!(day_text(super::super::day_number(s).unwrap()), s);
        }
    }
}
