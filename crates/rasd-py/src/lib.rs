//! rasd for Python: the native module `rasd` (PyO3, abi3 for CPython ≥ 3.9).
//!
//! Nothing here codes events or queries a database: every function calls the code path the CLI
//! uses (`rasd_read` to make the document, `rasd_pipeline::report::to_json` for the JSON contract,
//! `rasd_store` and its `ingest` for the database), so the two cannot drift. What this crate adds
//! is the crossing: Python values in, `json.loads` of the contract out, the GIL released while
//! Rust works, Rust errors and panics turned into Python exceptions that name the input.
//!
//! - [`analyze`]: one text → the contract as a dict;
//! - `many.rs`: `analyze_many`, an iterator over many texts or records, analysed in parallel;
//! - `store.rs`: `Store`, the event database; `frame.rs`: its pandas DataFrame.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyString};

use rasd_core::{Date, Document};
use rasd_pipeline::{Options, report};
use rasd_read::InputFormat;

mod frame;
mod many;
mod store;

// The pipeline allocates many small strings; the CLI uses mimalloc for them, and so does the
// module, so that both run at the same speed (README "Python").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(rasd, RasdError, PyException, "Base class of rasd's errors.");
create_exception!(
    rasd,
    ReadError,
    RasdError,
    "An input or record could not be read (invalid UTF-8, empty, a NUL byte, a malformed record). \
     `input` names it (`text`, `items:3`, `news.jsonl:17`)."
);
create_exception!(
    rasd,
    AnalysisError,
    RasdError,
    "The analysis of one document failed with an internal error (a bug in rasd); `input` names the document."
);
create_exception!(rasd, StoreError, RasdError, "The event database failed (cannot open, query or write).");

/// A `ReadError` or `AnalysisError` with its `input` attribute set.
pub(crate) fn input_error(py: Python<'_>, kind: ErrorKind, input: &str, message: &str) -> PyErr {
    let text = if message.starts_with(input) { message.to_string() } else { format!("{input}: {message}") };
    let err = match kind {
        ErrorKind::Read => ReadError::new_err(text),
        ErrorKind::Analysis => AnalysisError::new_err(text),
    };
    // Setting an attribute on a fresh exception instance cannot fail in practice; if it did,
    // the message still names the input.
    let _ = err.value(py).setattr("input", input);
    err
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    Read,
    Analysis,
}

/// `json.loads`, looked up once.
fn json_loads(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS.get_or_try_init(py, || py.import("json")?.getattr("loads").map(Bound::unbind)).map(|f| f.bind(py))
}

/// A JSON text (written by rasd's own serialisers) as Python objects.
pub(crate) fn from_json(py: Python<'_>, json: &str) -> PyResult<Py<PyAny>> {
    Ok(json_loads(py)?.call1((json,))?.unbind())
}

/// The message of a caught panic.
pub(crate) fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// A date argument: `None`, a `YYYY-MM-DD` string or anything with `isoformat()` (`datetime.date`).
pub(crate) fn date_arg(what: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Date>> {
    let Some(v) = v.filter(|v| !v.is_none()) else { return Ok(None) };
    let s: String = if let Ok(s) = v.extract::<String>() { s } else { v.call_method0("isoformat")?.extract()? };
    rasd_read::parse_iso_date(&s)
        .map(Some)
        .ok_or_else(|| PyValueError::new_err(format!("{what}={s:?} is not a date of the form YYYY-MM-DD")))
}

/// The bytes of a text argument: `str` (as UTF-8) or `bytes` (checked by the reader, as a file is).
/// `Err(message)` for a value that is neither, or a `str` with lone surrogates.
pub(crate) fn text_bytes(v: &Bound<'_, PyAny>) -> Result<Vec<u8>, String> {
    if let Ok(s) = v.cast::<PyString>() {
        return s
            .to_cow()
            .map(|s| s.as_bytes().to_vec())
            .map_err(|_| "the str is not valid Unicode (it holds lone surrogates)".to_string());
    }
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    Err(format!("expected a str or bytes, not {}", type_name(v)))
}

pub(crate) fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "an unknown type".into())
}

/// Reads one plain text as `rasd analyze` reads a text file: header block, limits, UTF-8 and NUL
/// checks, the cut at [`rasd_read::MAX_DOCUMENT_BYTES`]. `Err((input, message))` names the input.
pub(crate) fn read_text(name: &str, bytes: Vec<u8>) -> Result<Document, (String, String)> {
    let mut out = None;
    rasd_read::read_bytes(name, bytes, InputFormat::Text, &mut |r| {
        if out.is_none() {
            out = Some(r);
        }
    });
    match out {
        Some(Ok(doc)) => Ok(doc),
        Some(Err(e)) => Err((e.input, e.message)),
        None => Err((name.to_string(), "no document in the input".into())),
    }
}

/// Analyses one document and renders the JSON contract; a panic is an error for this document.
pub(crate) fn analyze_json(doc: Document, opts: &Options, duplicate_of: Option<rasd_dedup::Match>) -> Result<String, (String, String)> {
    let name = doc.meta.path.clone();
    catch_unwind(AssertUnwindSafe(|| report::to_json(&rasd_pipeline::analyze_known(doc, opts, duplicate_of))))
        .map_err(|p| (name, format!("analysis failed (internal error: {}); the article was not coded", panic_message(&*p))))
}

/// Analyse one article.
///
/// `text` is the article as a `str` (or UTF-8 `bytes`), read as `rasd analyze` reads a text
/// file: an optional `title:`/`date:`/`source:`/`url:` header block, the newspaper layout (title
/// line, date line, dateline). Returns the JSON contract of `rasd analyze --format json` as Python
/// objects: `{"rasd_version", "document", "entities", "events", "times"}`; every `start`/`end` is a
/// UTF-8 byte offset into `text`.
///
/// `published` (`"YYYY-MM-DD"` or a `datetime.date`) overrides the publication date found in the
/// text; `title` sets the title; `name` names the input in `document.path`, the default id and
/// error messages. Raises `ReadError` for text that cannot be read (invalid UTF-8, empty, a NUL
/// byte), `TypeError` for a value that is not `str` or `bytes`. The GIL is released while rasd works.
#[pyfunction]
#[pyo3(signature = (text, published=None, title=None, *, name="text"))]
fn analyze(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    published: Option<&Bound<'_, PyAny>>,
    title: Option<String>,
    name: &str,
) -> PyResult<Py<PyAny>> {
    let bytes = text_bytes(text).map_err(|m| {
        if text.is_instance_of::<PyString>() {
            input_error(py, ErrorKind::Read, name, &m)
        } else {
            PyTypeError::new_err(format!("analyze(): {m}"))
        }
    })?;
    let opts = Options { published: date_arg("published", published)? };
    let name = name.to_string();
    let json = py.detach(move || -> Result<String, (ErrorKind, String, String)> {
        let mut doc = read_text(&name, bytes).map_err(|(i, m)| (ErrorKind::Read, i, m))?;
        if let Some(t) = title {
            doc.meta.title = Some(t);
        }
        analyze_json(doc, &opts, None).map_err(|(i, m)| (ErrorKind::Analysis, i, m))
    });
    match json {
        Ok(j) => from_json(py, &j),
        Err((kind, input, message)) => Err(input_error(py, kind, &input, &message)),
    }
}

/// The version of the rasd library inside this module (`rasd_version` in every result).
#[pyfunction]
fn version() -> &'static str {
    report::RASD_VERSION
}

#[pymodule]
fn rasd(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", report::RASD_VERSION)?;
    m.add("RasdError", py.get_type::<RasdError>())?;
    m.add("ReadError", py.get_type::<ReadError>())?;
    m.add("AnalysisError", py.get_type::<AnalysisError>())?;
    m.add("StoreError", py.get_type::<StoreError>())?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(many::analyze_many, m)?)?;
    m.add_class::<many::AnalyzeMany>()?;
    m.add_class::<store::Store>()?;
    Ok(())
}
