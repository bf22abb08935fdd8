//! Query strings → validated filters and pages, with the server's caps applied. Parameters are
//! parsed twice: raw `key=value` pairs, then checked values; a typo (an unknown parameter, a type
//! that is not PLOVER's, a malformed date) is a 400 naming it, never a silently empty result.

use rasd_store::{EventFilter, EventSort, MODALITIES, Page};

use crate::{ApiError, Limits};

/// The filter parameters every event-list endpoint accepts.
pub const FILTER_PARAMS: &[&str] = &["actor", "type", "modality", "country", "from", "to", "near", "text", "source"];

/// The order parameters of an event list.
pub const SORT_PARAMS: &[&str] = &["sort", "order"];

const MAX_ACTORS: usize = 5;
const MAX_COUNTRIES: usize = 10;
const MAX_WORDS_LEN: usize = 500;
const MAX_NAME_LEN: usize = 200;

/// Raw `key=value` pairs of a query string, checked against the keys an endpoint accepts.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(raw: Option<&str>, allowed: &[&[&str]]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = match raw {
            Some(q) if !q.is_empty() => serde_urlencoded::from_str(q).map_err(|e| ApiError::bad(format!("malformed query string: {e}")))?,
            _ => Vec::new(),
        };
        for (k, _) in &pairs {
            if !allowed.iter().any(|set| set.contains(&k.as_str())) {
                let mut all: Vec<&str> = allowed.iter().flat_map(|s| s.iter().copied()).collect();
                all.sort_unstable();
                return Err(ApiError::bad(format!("unknown parameter {k:?} (this endpoint takes: {})", all.join(", "))));
            }
        }
        Ok(Params(pairs))
    }

    /// Every value of `key`, in order.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }

    /// Every value of `key`, each split at commas, trimmed, empty ones left out
    /// (`type=CONSULT,AGREE` is `type=CONSULT&type=AGREE`).
    pub fn list(&self, key: &str) -> Vec<&str> {
        self.all(key).into_iter().flat_map(|v| v.split(',')).map(str::trim).filter(|v| !v.is_empty()).collect()
    }

    /// `sort` (date, type, modality, reports, confidence; default date) and `order` (asc or
    /// desc; default: newest, most, highest first).
    pub fn sort(&self) -> Result<EventSort, ApiError> {
        let key = match self.one("sort")?.map(str::trim).filter(|s| !s.is_empty()) {
            None => rasd_store::SortKey::Date,
            Some(s) => EventSort::parse_key(s)
                .ok_or_else(|| ApiError::bad(format!("sort={s:?}: expected date, type, modality, reports or confidence")))?,
        };
        let descending = match self.one("order")?.map(|o| o.trim().to_ascii_lowercase()) {
            None => !matches!(key, rasd_store::SortKey::Type | rasd_store::SortKey::Modality),
            Some(o) if o == "desc" => true,
            Some(o) if o == "asc" => false,
            Some(o) => return Err(ApiError::bad(format!("order={o:?}: expected asc or desc"))),
        };
        Ok(EventSort { key, descending })
    }

    /// The value of `key`; given twice it is an error.
    pub fn one(&self, key: &str) -> Result<Option<&str>, ApiError> {
        let v = self.all(key);
        match v.len() {
            0 => Ok(None),
            1 => Ok(Some(v[0])),
            _ => Err(ApiError::bad(format!("{key} is given {} times; it takes one value", v.len()))),
        }
    }

    /// A non-negative integer parameter.
    pub fn number(&self, key: &str) -> Result<Option<usize>, ApiError> {
        match self.one(key)? {
            None => Ok(None),
            Some(v) => v.trim().parse::<usize>().map(Some).map_err(|_| ApiError::bad(format!("{key}={v:?} is not a non-negative integer"))),
        }
    }

    /// `limit` (default `default`, at most the server's page cap) and `offset` (bounded too:
    /// a deep offset makes the database walk every row before it).
    pub fn page(&self, default: usize, limits: &Limits) -> Result<Page, ApiError> {
        let limit = self.number("limit")?.unwrap_or(default).min(limits.max_page);
        let offset = self.number("offset")?.unwrap_or(0);
        if offset > limits.max_offset {
            return Err(ApiError::bad(format!(
                "offset {offset} is past the server's bound ({}); narrow the filters instead",
                limits.max_offset
            )));
        }
        Ok(Page { limit, offset })
    }

    /// The event filter, validated.
    pub fn filter(&self, limits: &Limits) -> Result<EventFilter, ApiError> {
        let actors: Vec<String> = self.all("actor").into_iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
        if actors.len() > MAX_ACTORS {
            return Err(ApiError::bad(format!("at most {MAX_ACTORS} actor parameters")));
        }
        if let Some(a) = actors.iter().find(|a| a.chars().count() > MAX_NAME_LEN) {
            return Err(ApiError::bad(format!(
                "actor {:?}… is longer than {MAX_NAME_LEN} characters",
                a.chars().take(20).collect::<String>()
            )));
        }
        let mut event_types = Vec::new();
        for t in self.list("type") {
            if rasd_core::EventType::parse(t).is_none() {
                return Err(ApiError::bad(format!(
                    "type {t:?} is not a PLOVER type (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT)"
                )));
            }
            let t = t.to_ascii_uppercase();
            if !event_types.contains(&t) {
                event_types.push(t);
            }
        }
        let mut modalities = Vec::new();
        for m in self.list("modality") {
            let m = m.to_ascii_lowercase();
            if !MODALITIES.contains(&m.as_str()) {
                return Err(ApiError::bad(format!("modality {m:?} is not one of {}", MODALITIES.join(", "))));
            }
            if !modalities.contains(&m) {
                modalities.push(m);
            }
        }
        let mut countries = Vec::new();
        for c in self.list("country") {
            if c.len() != 3 || !c.chars().all(|x| x.is_ascii_alphabetic()) {
                return Err(ApiError::bad(format!("country {c:?} is not an ISO 3166 alpha-3 code (e.g. LBY, RUS)")));
            }
            if !countries.contains(&c.to_ascii_uppercase()) {
                countries.push(c.to_ascii_uppercase());
            }
        }
        if countries.len() > MAX_COUNTRIES {
            return Err(ApiError::bad(format!("at most {MAX_COUNTRIES} country parameters")));
        }
        let date = |key: &str| -> Result<Option<String>, ApiError> {
            match self.one(key)?.map(str::trim).filter(|d| !d.is_empty()) {
                None => Ok(None),
                Some(d) => match rasd_read::parse_iso_date(d).filter(|_| d.len() == 10) {
                    Some(day) => Ok(Some(day.to_string())),
                    None => Err(ApiError::bad(format!("{key}={d:?} is not a date of the form YYYY-MM-DD"))),
                },
            }
        };
        let (from, to) = (date("from")?, date("to")?);
        let near = match self.one("near")?.map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(n) => Some(parse_near(n, limits.max_near_km)?),
        };
        let text = match self.one("text")?.map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => Some(words(t, "text")?),
        };
        let source = self.one("source")?.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        if source.as_ref().is_some_and(|s| s.chars().count() > MAX_NAME_LEN) {
            return Err(ApiError::bad(format!("source is longer than {MAX_NAME_LEN} characters")));
        }
        Ok(EventFilter { actors, event_type: None, event_types, modalities, countries, from, to, near, text, source })
    }
}

/// Search words: bounded, and with at least one word the index knows how to look for.
pub fn words(t: &str, key: &str) -> Result<String, ApiError> {
    if t.chars().count() > MAX_WORDS_LEN {
        return Err(ApiError::bad(format!("{key} is longer than {MAX_WORDS_LEN} characters")));
    }
    if rasd_store::TextQuery::parse(t).is_none() {
        return Err(ApiError::bad(format!("{key}={t:?} has no words to search for")));
    }
    Ok(t.to_string())
}

/// `LAT,LON,KM`, with the radius bounded by the server (a world-wide radius would measure every
/// placed event).
pub fn parse_near(s: &str, max_km: f64) -> Result<(f64, f64, f64), ApiError> {
    let parts: Result<Vec<f64>, _> = s.split(',').map(|p| p.trim().parse::<f64>()).collect();
    match parts.as_deref() {
        Ok([lat, lon, km]) if (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon) && *km >= 0.0 && km.is_finite() => {
            if *km > max_km {
                Err(ApiError::bad(format!("near radius {km} km is past the server's bound of {max_km} km")))
            } else {
                Ok((*lat, *lon, *km))
            }
        }
        _ => Err(ApiError::bad(format!("near={s:?}: expected LAT,LON,KM with -90≤LAT≤90, -180≤LON≤180, 0≤KM≤{max_km}"))),
    }
}
