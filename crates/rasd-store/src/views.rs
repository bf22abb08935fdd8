//! Aggregate read functions for views (a server's timeline and map): merged events counted per
//! week or month and type, and per place. Same filters as [`Store::events`]; SQL stays here.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::query::{ActorRef, EventFilter, PlaceRef};
use crate::sql::Engine;
use crate::{Result, Store};

/// The width of a timeline bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimelineBucket {
    /// Monday to Sunday.
    Week,
    Month,
}

impl TimelineBucket {
    pub fn parse(s: &str) -> Option<TimelineBucket> {
        match s.trim().to_ascii_lowercase().as_str() {
            "week" => Some(TimelineBucket::Week),
            "month" => Some(TimelineBucket::Month),
            _ => None,
        }
    }

    /// The SQL expression for the first day of the bucket holding `m.date_start` (`YYYY-MM-DD`).
    fn start_sql(self, engine: Engine) -> &'static str {
        match (self, engine) {
            // Six days back, then forward to the next Monday (the same day if it is one).
            (TimelineBucket::Week, Engine::Sqlite) => "date(m.date_start, '-6 days', 'weekday 1')",
            (TimelineBucket::Month, Engine::Sqlite) => "strftime('%Y-%m-01', m.date_start)",
            // ISO weeks start on Monday.
            (TimelineBucket::Week, Engine::Postgres) => {
                "to_char(date_trunc('week', CAST(substr(m.date_start, 1, 10) AS date)), 'YYYY-MM-DD')"
            }
            (TimelineBucket::Month, Engine::Postgres) => "substr(m.date_start, 1, 7) || '-01'",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeBucket {
    /// The first day of the bucket (`YYYY-MM-DD`, a Monday for weeks).
    pub start: String,
    /// Merged events whose date interval starts in the bucket.
    pub events: usize,
    /// The same, per PLOVER type.
    pub types: BTreeMap<String, usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    pub bucket: TimelineBucket,
    /// Buckets with at least one event, in date order.
    pub buckets: Vec<TimeBucket>,
    /// Matching events with no date (not in any bucket).
    pub undated: usize,
}

/// A place where merged events happened, with how many.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceCount {
    pub place: PlaceRef,
    pub events: usize,
    pub types: BTreeMap<String, usize>,
}

/// An actor's counterpart: another actor of the merged events matching a filter on that actor,
/// with how many, of which types, in which months, and the latest one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counterpart {
    pub actor: ActorRef,
    /// Merged events with the chosen actor(s).
    pub events: usize,
    /// Of those, the ones where the counterpart is the source (it acted on the chosen actor).
    pub as_source: usize,
    pub types: BTreeMap<String, usize>,
    /// `YYYY-MM` → events; undated events are in no month.
    pub months: BTreeMap<String, usize>,
    /// The latest such event (by start date; undated last): its id and start date.
    pub latest: Option<(i64, Option<String>)>,
}

/// The span of the event dates: the earliest, the 5th percentile (where the dense period
/// starts) and the latest start date, over merged events matching a filter.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DateSpan {
    pub first: Option<String>,
    pub dense_from: Option<String>,
    pub last: Option<String>,
}

/// `w` (a WHERE clause or nothing) extended with one more condition.
fn and(w: &str, cond: &str) -> String {
    if w.is_empty() { format!("WHERE {cond}") } else { format!("{w} AND {cond}") }
}

impl Store {
    /// Merged events matching `filter`, counted per bucket of their start date and per type.
    pub fn timeline(&self, filter: &EventFilter, bucket: TimelineBucket) -> Result<Timeline> {
        self.snapshot(|| self.timeline_now(filter, bucket))
    }

    fn timeline_now(&self, filter: &EventFilter, bucket: TimelineBucket) -> Result<Timeline> {
        let (w, ps) = self.where_clause(filter)?;
        let db = self.db();
        let sql = format!(
            "SELECT {} AS bucket, m.type, count(*) FROM merged_events m {} GROUP BY bucket, m.type ORDER BY bucket, m.type",
            bucket.start_sql(self.engine()),
            and(&w, "m.date_start IS NOT NULL")
        );
        let mut buckets: Vec<TimeBucket> = Vec::new();
        for r in db.query_values(&sql, &ps)? {
            let (start, ty, n): (String, String, usize) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if buckets.last().is_none_or(|b| b.start != start) {
                buckets.push(TimeBucket { start, events: 0, types: BTreeMap::new() });
            }
            let b = buckets.last_mut().expect("pushed above");
            b.events += n;
            *b.types.entry(ty).or_default() += n;
        }
        let undated: usize = db
            .query_values(&format!("SELECT count(*) FROM merged_events m {}", and(&w, "m.date_start IS NULL")), &ps)?
            .first()
            .map_or(Ok(0), |r| r.get(0))?;
        Ok(Timeline { bucket, buckets, undated })
    }

    /// The places (with coordinates) of merged events matching `filter`, most events first, at
    /// most `top` of them.
    pub fn places(&self, filter: &EventFilter, top: usize) -> Result<Vec<PlaceCount>> {
        self.snapshot(|| self.places_now(filter, top))
    }

    fn places_now(&self, filter: &EventFilter, top: usize) -> Result<Vec<PlaceCount>> {
        let (w, ps) = self.where_clause(filter)?;
        let sql = format!(
            "SELECT m.location, l.name_en, l.name_ar, l.country, l.lat, l.lon, max(m.location_precision), m.type, count(*)
             FROM merged_events m JOIN entities l ON l.id = m.location {}
             GROUP BY m.location, l.name_en, l.name_ar, l.country, l.lat, l.lon, m.type ORDER BY m.location, m.type",
            and(&w, "l.lat IS NOT NULL AND l.lon IS NOT NULL")
        );
        let mut by_place: BTreeMap<String, PlaceCount> = BTreeMap::new();
        for r in self.db().query_values(&sql, &ps)? {
            let id: String = r.get(0)?;
            let ty: String = r.get(7)?;
            let n: usize = r.get(8)?;
            let p = match by_place.entry(id) {
                std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::btree_map::Entry::Vacant(v) => {
                    let place = PlaceRef {
                        id: v.key().clone(),
                        name_en: r.get::<Option<String>>(1)?.unwrap_or_default(),
                        name_ar: r.get::<Option<String>>(2)?.unwrap_or_default(),
                        country: r.get(3)?,
                        lat: r.get(4)?,
                        lon: r.get(5)?,
                        precision: r.get(6)?,
                    };
                    v.insert(PlaceCount { place, events: 0, types: BTreeMap::new() })
                }
            };
            p.events += n;
            *p.types.entry(ty).or_default() += n;
        }
        let mut out: Vec<PlaceCount> = by_place.into_values().collect();
        out.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.place.id.cmp(&b.place.id)));
        out.truncate(top);
        Ok(out)
    }

    /// The counterparts of the filter's actors in the merged events matching `filter`, most
    /// events first, at most `top`: who met, supported, accused or attacked them, and when.
    pub fn counterparts(&self, filter: &EventFilter, top: usize) -> Result<Vec<Counterpart>> {
        self.snapshot(|| self.counterparts_now(filter, top))
    }

    fn counterparts_now(&self, filter: &EventFilter, top: usize) -> Result<Vec<Counterpart>> {
        let chosen = self.filter_actor_ids(filter)?;
        let (w, ps) = self.where_clause(filter)?;
        let db = self.db();
        // One row per (event, actor): a few thousand for the busiest actor, counted here.
        let sql = format!(
            "WITH sel AS (SELECT m.id, m.type, m.date_start FROM merged_events m {w})
             SELECT a.entity, sel.id, sel.type, sel.date_start, a.role FROM sel JOIN merged_actors a ON a.merged = sel.id"
        );
        #[derive(Default)]
        struct Acc {
            events: usize,
            as_source: usize,
            types: BTreeMap<String, usize>,
            months: BTreeMap<String, usize>,
            /// (dated, start, id) of the latest event: dated ones after undated ones.
            latest: Option<(bool, Option<String>, i64)>,
        }
        let mut by: BTreeMap<String, Acc> = BTreeMap::new();
        for r in db.query_values(&sql, &ps)? {
            let (entity, id, ty, start, role): (String, i64, String, Option<String>, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            if chosen.contains(&entity) {
                continue;
            }
            let c = by.entry(entity).or_default();
            c.events += 1;
            if role == "source" {
                c.as_source += 1;
            }
            *c.types.entry(ty).or_default() += 1;
            if let Some(m) = start.as_deref().and_then(|d| d.get(..7)) {
                *c.months.entry(m.to_string()).or_default() += 1;
            }
            let key = (start.is_some(), start, id);
            if c.latest.as_ref().is_none_or(|l| key > *l) {
                c.latest = Some(key);
            }
        }
        let mut ranked: Vec<(String, Acc)> = by.into_iter().collect();
        ranked.sort_by(|a, b| b.1.events.cmp(&a.1.events).then_with(|| a.0.cmp(&b.0)));
        ranked.truncate(top);
        let mut out = Vec::new();
        for (entity, c) in ranked {
            let r = db.query_one("SELECT id, name_en, name_ar, kind, country FROM entities WHERE id = ?1", &[&entity])?;
            let actor = ActorRef { id: r.get(0)?, name_en: r.get(1)?, name_ar: r.get(2)?, kind: r.get(3)?, country: r.get(4)? };
            let latest = c.latest.map(|(_, start, id)| (id, start));
            out.push(Counterpart { actor, events: c.events, as_source: c.as_source, types: c.types, months: c.months, latest });
        }
        Ok(out)
    }

    /// The span of the start dates of the merged events matching `filter`.
    pub fn date_span(&self, filter: &EventFilter) -> Result<DateSpan> {
        self.snapshot(|| {
            let (w, ps) = self.where_clause(filter)?;
            let w = and(&w, "m.date_start IS NOT NULL");
            let db = self.db();
            let r = db.query_values(&format!("SELECT count(*), min(m.date_start), max(m.date_start) FROM merged_events m {w}"), &ps)?;
            let Some(r) = r.first() else { return Ok(DateSpan::default()) };
            let n: usize = r.get(0)?;
            if n == 0 {
                return Ok(DateSpan::default());
            }
            let dense_from = db
                .query_values(
                    &format!("SELECT m.date_start FROM merged_events m {w} ORDER BY m.date_start LIMIT 1 OFFSET {}", n / 20),
                    &ps,
                )?
                .first()
                .map(|r| r.get::<String>(0))
                .transpose()?;
            Ok(DateSpan { first: r.get(1)?, dense_from, last: r.get(2)? })
        })
    }
}
