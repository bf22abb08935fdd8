//! Reading per-document events for merging: by type a page of ids at a time (the full rebuild),
//! or by id (the incremental merge). Repeated strings (types, dates, places, actor ids) are
//! shared, so that the events of a large database fit in a bounded amount of memory.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::{Ev, UNDATED_DAYS_BEFORE, day_number, precision_rank};
use crate::Result;
use crate::sql::{Db, Value};
use crate::tolls::Toll;

/// One shared copy of each repeated string.
#[derive(Default)]
pub(super) struct Names(HashSet<Rc<str>>);

impl Names {
    pub(super) fn get(&mut self, s: String) -> Rc<str> {
        if let Some(x) = self.0.get(s.as_str()) {
            return x.clone();
        }
        let r: Rc<str> = s.into();
        self.0.insert(r.clone());
        r
    }

    fn opt(&mut self, s: Option<String>) -> Option<Rc<str>> {
        s.map(|s| self.get(s))
    }
}

const COLUMNS: &str = "e.id, d.hash, e.idx, e.doc, e.type, e.mode, e.modality, e.date_start, e.date_end, e.date_precision,
    d.published, d.source_id, e.location, e.location_precision, l.country, l.lat, l.lon, e.mentions, e.confidence,
    e.fatalities, e.fatalities_exact, e.injured, e.injured_exact";

/// The events matching `filter` (a condition over `events e`), by id.
pub(super) fn events_where(db: &Db, filter: &str, params: &[Value], names: &mut Names) -> Result<Vec<Ev>> {
    // Per event: its sources and its targets.
    type Sides = (Vec<Rc<str>>, Vec<Rc<str>>);
    let mut actors: HashMap<i64, Sides> = HashMap::new();
    let sql = format!(
        "SELECT a.event, a.role, a.entity FROM event_actors a JOIN events e ON e.id = a.event
         WHERE ({filter}) AND a.role != 'reported_by' ORDER BY a.event, a.role, a.pos"
    );
    for r in db.query_values(&sql, params)? {
        let (ev, role, ent): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let ent = names.get(ent);
        let e = actors.entry(ev).or_default();
        if role == "source" { e.0.push(ent) } else { e.1.push(ent) }
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM events e JOIN documents d ON d.id = e.doc LEFT JOIN entities l ON l.id = e.location
         WHERE {filter} ORDER BY e.id"
    );
    let rows = db.query_values(&sql, params)?;
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
            key: format!("{hash}:{idx}").into(),
            doc: r.get(3)?,
            event_type: names.get(r.get(4)?),
            mode: names.opt(r.get(5)?),
            negated: modality == "negated",
            modality: names.get(modality),
            date,
            date_text: match (ds, de, dp) {
                (Some(a), Some(b), Some(c)) if date.is_some() => Some((names.get(a), names.get(b), names.get(c))),
                _ => None,
            },
            eff,
            published: names.opt(published),
            source_id: r.get(11)?,
            location: names.opt(r.get(12)?),
            specific: precision_rank(loc_precision.as_deref()) >= 2,
            loc_precision: names.opt(loc_precision),
            loc_country: names.opt(r.get(14)?),
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

/// Ids per query when events are read by id (PostgreSQL allows 65,535 parameters a statement).
const IDS_PER_QUERY: usize = 500;

/// The events with these ids.
pub(super) fn events_by_id(db: &Db, ids: &[i64], names: &mut Names) -> Result<Vec<Ev>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let list = (1..=chunk.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let params: Vec<Value> = chunk.iter().map(|&i| Value::Int(i)).collect();
        out.extend(events_where(db, &format!("e.id IN ({list})"), &params, names)?);
    }
    Ok(out)
}

/// Events of one type read per query in the full rebuild (bounds the memory of a query's rows).
const IDS_PER_PAGE: i64 = 20_000;

/// Every event of `event_type`, read a range of ids at a time.
pub(super) fn events_of_type(db: &Db, event_type: &str, names: &mut Names) -> Result<Vec<Ev>> {
    let r = db.query_one("SELECT min(id), max(id) FROM events WHERE type = ?1", &[&event_type])?;
    let (Some(lo), Some(hi)) = (r.get::<Option<i64>>(0)?, r.get::<Option<i64>>(1)?) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    let mut from = lo;
    while from <= hi {
        let to = from.saturating_add(IDS_PER_PAGE - 1).min(hi);
        let params = [Value::Text(event_type.to_string()), Value::Int(from), Value::Int(to)];
        out.extend(events_where(db, "e.type = ?1 AND e.id BETWEEN ?2 AND ?3", &params, names)?);
        from = to.saturating_add(1);
        if to == hi {
            break;
        }
    }
    Ok(out)
}
