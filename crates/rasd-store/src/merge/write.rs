//! Writing clusters of events as merged events: one `merged_events` row per cluster, its actors
//! (`merged_actors`) and the `event → merged event` links (`event_merge`), a bounded number of
//! clusters at a time.
//!
//! A merged event's key is a digest of its members' content keys, and its id the first 53 bits of
//! that digest (an integer JavaScript reads exactly): both are fixed by the cluster's content
//! alone, so the full rebuild and an incremental merge, SQLite and PostgreSQL, one ingest or many
//! workers give a merged event the same id, and it stays while its members do. (Two merged events
//! of one database share an id with a chance of about n²/2⁵⁴ — 1 in 18,000 at a million merged
//! events —; the merge then fails on the primary key rather than mixing them.)

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::rc::Rc;

use sha2::{Digest, Sha256};

use super::{DateText, Ev, MergeStats, modality_rank, most_common, overlaps, precision_rank, symmetric};
use crate::Result;
use crate::sql::{Db, Value};
use crate::tolls::{MemberToll, Toll, merged_toll};

/// Clusters written per round of inserts.
const CLUSTERS_PER_WRITE: usize = 2_000;

/// Rows waiting to be inserted.
#[derive(Default)]
pub(super) struct Writer {
    merged: Vec<Vec<Value>>,
    actors: Vec<Vec<Value>>,
    links: Vec<Vec<Value>>,
}

/// The merged event's content key and id: a digest of its members' keys, in order.
pub(super) fn cluster_key(members: &[&Ev]) -> (String, i64) {
    let mut h = Sha256::new();
    for e in members {
        h.update(e.key.as_bytes());
        h.update(b"\n");
    }
    let digest = h.finalize();
    let first = u64::from_be_bytes(digest[..8].try_into().expect("eight bytes"));
    (format!("m{first:016x}"), ((first >> 11) as i64).max(1))
}

impl Writer {
    /// Adds one cluster (inserting what waits when enough has gathered).
    pub(super) fn add(&mut self, db: &Db, members: &[&Ev], stats: &mut MergeStats) -> Result<()> {
        let mut ms: Vec<&Ev> = members.to_vec();
        ms.sort_by(|a, b| a.key.cmp(&b.key));
        let (key, id) = cluster_key(&ms);
        // The date: the narrowest member interval, then the most frequent, then the earliest.
        let mut by_date: BTreeMap<(i64, i64), (usize, &DateText)> = BTreeMap::new();
        for e in &ms {
            if let (Some(iv), Some(t)) = (e.date, &e.date_text) {
                by_date.entry(iv).or_insert((0, t)).0 += 1;
            }
        }
        let date = by_date.iter().min_by_key(|((s, e), (n, _))| (e - s, std::cmp::Reverse(*n), *s)).map(|(_, (_, t))| *t);
        let first = ms[0];
        let text = |x: Option<&Rc<str>>| x.map_or(Value::Null, |s| Value::Text(s.to_string()));
        let real = |x: Option<f64>| x.map_or(Value::Null, Value::Real);
        let int = |x: Option<i64>| x.map_or(Value::Null, Value::Int);
        let mode = most_common(ms.iter().filter_map(|e| e.mode.clone()), |_| 0);
        let modality =
            most_common(ms.iter().map(|e| e.modality.clone()), |m| modality_rank(m)).map_or_else(|| "asserted".into(), |m| m.to_string());
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
        let published: Vec<&Rc<str>> = ms.iter().filter_map(|e| e.published.as_ref()).collect();
        let confidence = ms.iter().map(|e| e.confidence).fold(0.0f64, f64::max);
        let toll = |pick: fn(&Ev) -> Option<Toll>| {
            merged_toll(ms.iter().filter_map(|e| Some(MemberToll { published: e.published.as_deref(), toll: pick(e)?, key: &e.key })))
        };
        let (fatalities, injured) = (toll(|e| e.fatalities), toll(|e| e.injured));
        self.merged.push(vec![
            Value::Int(id),
            Value::Text(key),
            Value::Text(first.event_type.to_string()),
            text(mode.as_ref()),
            text(date.map(|d| &d.0)),
            text(date.map(|d| &d.1)),
            text(date.map(|d| &d.2)),
            text(loc.and_then(|e| e.location.as_ref())),
            text(loc.and_then(|e| e.loc_precision.as_ref())),
            text(loc.and_then(|e| e.loc_country.as_ref())),
            real(loc.and_then(|e| e.loc_lat)),
            real(loc.and_then(|e| e.loc_lon)),
            Value::Text(modality),
            Value::Real(confidence),
            Value::Int(ms.len() as i64),
            Value::Int(docs.len() as i64),
            Value::Int(sources.len() as i64),
            Value::Int(ms.iter().map(|e| e.mentions).sum::<i64>()),
            text(published.iter().min().copied()),
            text(published.iter().max().copied()),
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
            self.actors.push(vec![Value::Int(id), Value::Text(role.into()), Value::Text(ent.to_string()), Value::Int(c)]);
        }
        for e in &ms {
            self.links.push(vec![Value::Int(e.id), Value::Int(id)]);
        }
        stats.merged_events += 1;
        if docs.len() > 1 {
            stats.multi_document += 1;
        }
        if self.merged.len() >= CLUSTERS_PER_WRITE {
            self.flush(db)?;
        }
        Ok(())
    }

    /// Inserts what waits.
    pub(super) fn flush(&mut self, db: &Db) -> Result<()> {
        db.insert_many(
            "INSERT INTO merged_events (id, key, type, mode, date_start, date_end, date_precision, location, location_precision, location_country, lat, lon,
                                        modality, confidence, n_events, n_documents, n_sources, n_mentions, first_published, last_published,
                                        fatalities, fatalities_exact, injured, injured_exact)",
            "",
            24,
            &std::mem::take(&mut self.merged),
        )?;
        db.insert_many("INSERT INTO merged_actors (merged, role, entity, events)", "", 4, &std::mem::take(&mut self.actors))?;
        db.insert_many("INSERT INTO event_merge (event, merged)", "", 2, &std::mem::take(&mut self.links))?;
        Ok(())
    }
}
