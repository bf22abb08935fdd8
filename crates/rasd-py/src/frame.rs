//! `Store.events_frame`: merged events as a pandas DataFrame, one row per merged event, with
//! actor columns after ACLED's (`actor1`/`assoc_actor_1` become `source_name`/`assoc_source`).
//! pandas is optional: without it the call raises an ImportError that says how to get it.

use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use rasd_store::{ActorRef, EventSummary};

/// The pandas module, or an ImportError that says what to install.
pub(crate) fn pandas(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pandas").map_err(|e| {
        PyImportError::new_err(format!(
            "rasd.Store.events_frame needs pandas, which could not be imported ({e}); install it with `pip install pandas` \
             (or `pip install 'rasd[pandas]'`). Store.events() gives the same events as dicts without it."
        ))
    })
}

/// One actor side (`source` or `target`): the first actor in its columns, the others joined.
struct Side {
    name: Vec<Option<String>>,
    name_ar: Vec<Option<String>>,
    country: Vec<Option<String>>,
    kind: Vec<Option<String>>,
    id: Vec<Option<String>>,
    assoc: Vec<Option<String>>,
}

impl Side {
    fn new(n: usize) -> Side {
        Side {
            name: Vec::with_capacity(n),
            name_ar: Vec::with_capacity(n),
            country: Vec::with_capacity(n),
            kind: Vec::with_capacity(n),
            id: Vec::with_capacity(n),
            assoc: Vec::with_capacity(n),
        }
    }

    fn push(&mut self, actors: &[ActorRef]) {
        let first = actors.first();
        self.name.push(first.map(|a| a.name_en.clone()));
        self.name_ar.push(first.map(|a| a.name_ar.clone()));
        self.country.push(first.and_then(|a| a.country.clone()));
        self.kind.push(first.map(|a| a.kind.clone()));
        self.id.push(first.map(|a| a.id.clone()));
        self.assoc.push(Some(actors.iter().skip(1).map(|a| a.name_en.as_str()).collect::<Vec<_>>().join("; ")).filter(|s| !s.is_empty()));
    }

    fn add(self, d: &Bound<'_, PyDict>, prefix: &str) -> PyResult<()> {
        d.set_item(format!("{prefix}_name"), self.name)?;
        d.set_item(format!("{prefix}_name_ar"), self.name_ar)?;
        d.set_item(format!("{prefix}_country"), self.country)?;
        d.set_item(format!("{prefix}_kind"), self.kind)?;
        d.set_item(format!("{prefix}_id"), self.id)?;
        d.set_item(format!("assoc_{prefix}"), self.assoc)?;
        Ok(())
    }
}

/// Builds the DataFrame (columns in the order documented on `Store.events_frame`).
pub(crate) fn frame(py: Python<'_>, pandas: &Bound<'_, PyModule>, evs: &[EventSummary]) -> PyResult<Py<PyAny>> {
    let n = evs.len();
    let col = |f: &dyn Fn(&EventSummary) -> Option<String>| evs.iter().map(f).collect::<Vec<_>>();
    let d = PyDict::new(py);
    d.set_item("event_id", evs.iter().map(|e| e.id).collect::<Vec<_>>())?;
    d.set_item("event_type", col(&|e| Some(e.event_type.clone())))?;
    d.set_item("mode", col(&|e| e.mode.clone()))?;
    d.set_item("event_date", col(&|e| e.date_start.clone()))?;
    d.set_item("date_start", col(&|e| e.date_start.clone()))?;
    d.set_item("date_end", col(&|e| e.date_end.clone()))?;
    d.set_item("date_precision", col(&|e| e.date_precision.clone()))?;
    let (mut source, mut target) = (Side::new(n), Side::new(n));
    for e in evs {
        source.push(&e.source);
        target.push(&e.target);
    }
    source.add(&d, "source")?;
    target.add(&d, "target")?;
    d.set_item("location", col(&|e| e.location.as_ref().map(|l| l.name_en.clone())))?;
    d.set_item("location_ar", col(&|e| e.location.as_ref().map(|l| l.name_ar.clone())))?;
    d.set_item("location_country", col(&|e| e.location.as_ref().and_then(|l| l.country.clone())))?;
    // NaN, not None, for a missing coordinate: the columns stay float64.
    let coord = |f: &dyn Fn(&rasd_store::PlaceRef) -> Option<f64>| {
        evs.iter().map(|e| e.location.as_ref().and_then(f).unwrap_or(f64::NAN)).collect::<Vec<_>>()
    };
    d.set_item("latitude", coord(&|l| l.lat))?;
    d.set_item("longitude", coord(&|l| l.lon))?;
    d.set_item("geo_precision", col(&|e| e.location.as_ref().and_then(|l| l.precision.clone())))?;
    d.set_item("modality", col(&|e| Some(e.modality.clone())))?;
    d.set_item("confidence", evs.iter().map(|e| e.confidence).collect::<Vec<_>>())?;
    d.set_item("documents", evs.iter().map(|e| e.documents).collect::<Vec<_>>())?;
    d.set_item("n_sources", evs.iter().map(|e| e.n_sources).collect::<Vec<_>>())?;
    d.set_item("mentions", evs.iter().map(|e| e.mentions).collect::<Vec<_>>())?;
    d.set_item("sources", col(&|e| Some(e.sources.join("; "))))?;
    d.set_item("first_published", col(&|e| e.first_published.clone()))?;
    d.set_item("last_published", col(&|e| e.last_published.clone()))?;
    let df = pandas.getattr("DataFrame")?.call1((d,))?;
    // Dates as datetime64 (NaT when undated), whatever pandas' default unit.
    let to_datetime = pandas.getattr("to_datetime")?;
    for c in ["event_date", "date_start", "date_end", "first_published", "last_published"] {
        let series = df.get_item(c)?;
        df.set_item(c, to_datetime.call1((series,))?)?;
    }
    Ok(df.unbind())
}
