//! `rasd.Store`: the event database (an SQLite file or a PostgreSQL URL), through `rasd_store`
//! exactly as the CLI's `ingest`, `merge`, `events`, `event`, `actors`, `search` and `export` use it.

use std::sync::Mutex;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde::Serialize;

use rasd_read::InputFormat;
use rasd_store::{EventFilter, EventSummary, ExportFormat, IngestOptions, Page};

use crate::{ErrorKind, StoreError, date_arg, from_json, input_error, panic_message, type_name};

/// A rasd event database.
///
/// `Store(path)` opens an SQLite file (created when missing, unless `create=False`);
/// `Store("postgres://user:password@host/db")` a PostgreSQL database. The same database the CLI's
/// `rasd ingest --db` writes and `rasd events --db` reads.
#[pyclass(module = "rasd")]
pub struct Store {
    inner: Mutex<Option<rasd_store::Store>>,
    /// The database as shown in messages (a PostgreSQL password redacted).
    name: String,
}

fn store_err(e: impl std::fmt::Display) -> PyErr {
    StoreError::new_err(e.to_string())
}

/// Serialises a result of `rasd_store` (the same structs the CLI prints as JSON) to Python.
fn to_py<T: Serialize>(py: Python<'_>, v: &T) -> PyResult<Py<PyAny>> {
    from_json(py, &serde_json::to_string(v).map_err(store_err)?)
}

/// A str, or a list/tuple of str (`actor="Haftar"` or `actor=["Haftar", "Putin"]`).
fn strings(key: &str, v: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if v.is_none() {
        return Ok(Vec::new());
    }
    if let Ok(s) = v.extract::<String>() {
        return Ok(vec![s]);
    }
    v.extract::<Vec<String>>().map_err(|_| PyTypeError::new_err(format!("{key}= takes a str or a list of str, not {}", type_name(v))))
}

fn opt_string(key: &str, v: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if v.is_none() {
        return Ok(None);
    }
    v.extract::<String>().map(Some).map_err(|_| PyTypeError::new_err(format!("{key}= takes a str, not {}", type_name(v))))
}

/// The keyword filters of `events`, `actors`, `export` and `events_frame`, checked as the CLI
/// checks its flags.
pub(crate) fn filter_of(filters: Option<&Bound<'_, PyDict>>) -> PyResult<EventFilter> {
    let mut f = EventFilter::default();
    let Some(filters) = filters else { return Ok(f) };
    for (k, v) in filters.iter() {
        let key: String = k.extract()?;
        match key.as_str() {
            "actor" | "actors" => f.actors = strings(&key, &v)?,
            "type" | "event_type" => f.event_type = opt_string(&key, &v)?.map(|t| t.to_ascii_uppercase()),
            "country" | "countries" => f.countries = strings(&key, &v)?.into_iter().map(|c| c.to_ascii_uppercase()).collect(),
            "date_from" => f.from = date_arg("date_from", Some(&v))?.map(|d| d.to_string()),
            "date_to" => f.to = date_arg("date_to", Some(&v))?.map(|d| d.to_string()),
            "near" => {
                if !v.is_none() {
                    let (lat, lon, km): (f64, f64, f64) =
                        v.extract().map_err(|_| PyTypeError::new_err("near= takes a tuple (lat, lon, km)"))?;
                    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) || km.is_nan() || km < 0.0 {
                        return Err(PyValueError::new_err("near=(lat, lon, km) needs -90≤lat≤90, -180≤lon≤180, km≥0"));
                    }
                    f.near = Some((lat, lon, km));
                }
            }
            "text" => f.text = opt_string(&key, &v)?,
            "source" => f.source = opt_string(&key, &v)?,
            other => {
                return Err(PyTypeError::new_err(format!(
                    "unknown filter {other:?}; the filters are actor, type, country, date_from, date_to, near, text, source"
                )));
            }
        }
    }
    f.check().map_err(PyValueError::new_err)?;
    Ok(f)
}

/// Paths for `ingest`: one str / path-like, or an iterable of them.
fn paths(v: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let one = |x: &Bound<'_, PyAny>| -> PyResult<String> {
        if let Ok(s) = x.extract::<String>() {
            return Ok(s);
        }
        x.extract::<std::path::PathBuf>()
            .map(|p| p.to_string_lossy().into_owned())
            .map_err(|_| PyTypeError::new_err(format!("ingest() takes paths (str or os.PathLike), not {}", type_name(x))))
    };
    if v.is_instance_of::<PyString>() || v.hasattr("__fspath__")? {
        return Ok(vec![one(v)?]);
    }
    v.try_iter()?.map(|x| one(&x?)).collect()
}

impl Store {
    /// Runs `f` on the open store, without the GIL; a panic is a `StoreError`, not a crash.
    fn with<T: Send>(&self, py: Python<'_>, f: impl FnOnce(&mut rasd_store::Store) -> Result<T, String> + Send) -> PyResult<T> {
        let name = &self.name;
        let r = py.detach(|| {
            let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
            let Some(store) = g.as_mut() else { return Err(format!("{name}: the store is closed")) };
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(store)))
                .unwrap_or_else(|p| Err(format!("{name}: internal error: {}", panic_message(&*p))))
        });
        r.map_err(StoreError::new_err)
    }

    pub(crate) fn all_events(&self, py: Python<'_>, filter: EventFilter) -> PyResult<Vec<EventSummary>> {
        self.with(py, move |s| s.events(&filter, Page::all()).map(|(_, v)| v).map_err(|e| e.to_string()))
    }
}

#[pymethods]
impl Store {
    #[new]
    #[pyo3(signature = (path_or_url, *, create=true))]
    fn new(py: Python<'_>, path_or_url: &Bound<'_, PyAny>, create: bool) -> PyResult<Store> {
        let db = paths(path_or_url)?.into_iter().next().ok_or_else(|| PyTypeError::new_err("Store() takes a path or a URL"))?;
        let name = rasd_store::pg::redact(&db);
        if !create && !rasd_store::is_postgres_url(&db) && !std::path::Path::new(&db).exists() {
            return Err(StoreError::new_err(format!("{name}: no such database")));
        }
        let store = py.detach(|| rasd_store::Store::open_url(&db)).map_err(|e| StoreError::new_err(format!("opening {name}: {e}")))?;
        Ok(Store { inner: Mutex::new(Some(store)), name })
    }

    fn __repr__(&self) -> String {
        format!("rasd.Store({:?})", self.name)
    }

    /// Closes the database (later calls raise `StoreError`).
    fn close(&self) {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, pyo3::types::PyTuple>) {
        self.close();
    }

    /// Analyse articles into the database, as `rasd ingest` does.
    ///
    /// `paths`: a file, directory (recursive) or list of them, in any format `rasd analyze`
    /// reads (text, JSON Lines, HTML, RSS/Atom, WARC, gzip). Articles already stored are skipped;
    /// near-duplicates are linked to the first copy (unless `keep_duplicates`); the merged events
    /// are rebuilt at the end (unless `merge=False`). Returns the report: `stored`, `skipped`,
    /// `failed`, `errors`, `events`, `merged_events`, `seconds`. A bad input or record does not stop
    /// the batch; with `errors="raise"` (the default) a `ReadError` naming the first one (with
    /// `.errors` and `.report`) is raised once everything else is stored.
    #[pyo3(signature = (paths, *, published=None, keep_duplicates=false, threads=None, batch=256, merge=true, format="auto", errors="raise"))]
    #[allow(clippy::too_many_arguments)]
    fn ingest(
        &self,
        py: Python<'_>,
        paths: &Bound<'_, PyAny>,
        published: Option<&Bound<'_, PyAny>>,
        keep_duplicates: bool,
        threads: Option<usize>,
        batch: usize,
        merge: bool,
        format: &str,
        errors: &str,
    ) -> PyResult<Py<PyAny>> {
        let inputs = self::paths(paths)?;
        let format = match format {
            "auto" => InputFormat::Auto,
            "text" => InputFormat::Text,
            "jsonl" => InputFormat::Jsonl,
            "html" => InputFormat::Html,
            "feed" => InputFormat::Feed,
            "warc" => InputFormat::Warc,
            f => return Err(PyValueError::new_err(format!("format={f:?}: expected auto, text, jsonl, html, feed or warc"))),
        };
        let raise = match errors {
            "raise" => true,
            "return" => false,
            e => return Err(PyValueError::new_err(format!("errors={e:?}: expected \"raise\" or \"return\""))),
        };
        if threads == Some(0) {
            return Err(PyValueError::new_err("threads=0: at least one thread is needed"));
        }
        let opts = IngestOptions { format, published: date_arg("published", published)?, keep_duplicates, batch, threads, merge };
        let rep = self.with(py, move |s| rasd_store::ingest(s, &inputs, &opts, &rasd_store::ingest::Quiet).map_err(|e| e.to_string()))?;
        let report = PyDict::new(py);
        report.set_item("stored", rep.stored)?;
        report.set_item("skipped", rep.skipped)?;
        report.set_item("failed", rep.failed)?;
        report.set_item("errors", &rep.errors)?;
        report.set_item("events", rep.events)?;
        report.set_item("merged_events", rep.merge.map(|m| m.merged_events))?;
        report.set_item("seconds", rep.elapsed.as_secs_f64())?;
        if raise && let Some(first) = rep.errors.first() {
            let input = first.split(": ").next().unwrap_or(first);
            let more = if rep.failed > 1 { format!(" (and {} more: see .errors)", rep.failed - 1) } else { String::new() };
            let err = input_error(py, ErrorKind::Read, input, &format!("{first}{more}"));
            err.value(py).setattr("errors", &rep.errors)?;
            err.value(py).setattr("report", &report)?;
            return Err(err);
        }
        Ok(report.into_any().unbind())
    }

    /// Rebuild the merged events (or, with `undo=True`, make every event its own), as `rasd merge`.
    #[pyo3(signature = (*, undo=false))]
    fn merge(&self, py: Python<'_>, undo: bool) -> PyResult<Py<PyAny>> {
        let m = self.with(py, move |s| if undo { s.undo_merge() } else { s.redo_merge() }.map_err(|e| e.to_string()))?;
        let d = PyDict::new(py);
        d.set_item("events", m.events)?;
        d.set_item("merged_events", m.merged_events)?;
        d.set_item("multi_document", m.multi_document)?;
        Ok(d.into_any().unbind())
    }

    /// Merged events matching the filters, by date: a list of dicts (`rasd events --format json`).
    ///
    /// Filters: `actor` (str or list: all of them), `type`, `country` (ISO3, str or list),
    /// `date_from`, `date_to` (`"YYYY-MM-DD"` or `datetime.date`), `near=(lat, lon, km)`, `text`,
    /// `source`. `limit=None`: all.
    #[pyo3(signature = (*, limit=Some(100), offset=0, **filters))]
    fn events(&self, py: Python<'_>, limit: Option<usize>, offset: usize, filters: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
        let f = filter_of(filters)?;
        let page = Page { limit: limit.unwrap_or(usize::MAX / 4), offset };
        let evs = self.with(py, move |s| s.events(&f, page).map(|(_, v)| v).map_err(|e| e.to_string()))?;
        to_py(py, &evs)
    }

    /// How many merged events match the filters.
    #[pyo3(signature = (**filters))]
    fn count(&self, py: Python<'_>, filters: Option<&Bound<'_, PyDict>>) -> PyResult<usize> {
        let f = filter_of(filters)?;
        self.with(py, move |s| s.events(&f, Page { limit: 0, offset: 0 }).map(|(n, _)| n).map_err(|e| e.to_string()))
    }

    /// One merged event with each report, its outlet and evidence (`rasd event ID`), or None.
    fn event(&self, py: Python<'_>, id: i64) -> PyResult<Py<PyAny>> {
        let d = self.with(py, move |s| s.event(id).map_err(|e| e.to_string()))?;
        to_py(py, &d)
    }

    /// Actors by number of matching merged events (`rasd actors`); the filters of `events`.
    /// `actors(actor="Khalifa Haftar", type="CONSULT")`: who met Haftar most.
    #[pyo3(signature = (top=20, **filters))]
    fn actors(&self, py: Python<'_>, top: usize, filters: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
        let f = filter_of(filters)?;
        let list = self.with(py, move |s| s.actors(&f, top).map_err(|e| e.to_string()))?;
        to_py(py, &list)
    }

    /// Full-text search over the stored articles (`rasd search`): a list of hits with a snippet.
    #[pyo3(signature = (words, limit=20, offset=0))]
    fn search(&self, py: Python<'_>, words: &Bound<'_, PyAny>, limit: usize, offset: usize) -> PyResult<Py<PyAny>> {
        let words = strings("words", words)?.join(" ");
        if words.trim().is_empty() {
            return Err(PyValueError::new_err("search() needs at least one word"));
        }
        let hits = self.with(py, move |s| s.search(&words, Page { limit, offset }).map(|(_, h)| h).map_err(|e| e.to_string()))?;
        to_py(py, &hits)
    }

    /// Export the matching merged events (`rasd export`): `format` is jsonl, csv, geojson, graphml,
    /// polecat or acled. Returns the text, or writes it to `path` and returns the number of records.
    #[pyo3(signature = (format, path=None, **filters))]
    fn export(
        &self,
        py: Python<'_>,
        format: &str,
        path: Option<std::path::PathBuf>,
        filters: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let fmt = ExportFormat::parse(format)
            .ok_or_else(|| PyValueError::new_err(format!("format={format:?}: expected jsonl, csv, geojson, graphml, polecat or acled")))?;
        let f = filter_of(filters)?;
        match path {
            Some(p) => {
                let n = self.with(py, move |s| {
                    let file = std::fs::File::create(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                    let mut w = std::io::BufWriter::new(file);
                    let n = s.export(fmt, &f, &mut w).map_err(|e| e.to_string())?;
                    std::io::Write::flush(&mut w).map_err(|e| format!("{}: {e}", p.display()))?;
                    Ok(n)
                })?;
                Ok(n.into_pyobject(py)?.into_any().unbind())
            }
            None => {
                let bytes = self.with(py, move |s| {
                    let mut out = Vec::new();
                    s.export(fmt, &f, &mut out).map_err(|e| e.to_string())?;
                    Ok(out)
                })?;
                let text = String::from_utf8(bytes).map_err(store_err)?;
                Ok(text.into_pyobject(py)?.into_any().unbind())
            }
        }
    }

    /// The matching merged events as a pandas DataFrame, one row per merged event (needs pandas).
    ///
    /// Columns, after ACLED's: `event_id`, `event_type`, `mode`, `event_date` (the first day,
    /// datetime64), `date_start`, `date_end` (datetime64), `date_precision`, `source_name`,
    /// `source_name_ar`, `source_country`, `source_kind`, `source_id`, `assoc_source` (the other
    /// source actors, `"; "`-joined), the same six for `target_`, `location`, `location_ar`,
    /// `location_country`, `latitude`, `longitude`, `geo_precision`, `modality`, `confidence`,
    /// `documents`, `n_sources`, `mentions`, `sources` (outlets, `"; "`-joined), `first_published`,
    /// `last_published` (datetime64). Undated events have NaT dates. Filters as for `events`.
    #[pyo3(signature = (**filters))]
    fn events_frame(&self, py: Python<'_>, filters: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
        let pandas = crate::frame::pandas(py)?;
        let f = filter_of(filters)?;
        let evs = self.all_events(py, f)?;
        crate::frame::frame(py, &pandas, &evs)
    }

    /// Counts of what the database holds: documents, sources, entities, mentions, events, merged_events.
    fn counts(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let c = self.with(py, |s| s.counts().map_err(|e| e.to_string()))?;
        let d = PyDict::new(py);
        d.set_item("documents", c.documents)?;
        d.set_item("sources", c.sources)?;
        d.set_item("entities", c.entities)?;
        d.set_item("mentions", c.mentions)?;
        d.set_item("events", c.events)?;
        d.set_item("merged_events", c.merged_events)?;
        Ok(d.into_any().unbind())
    }
}
