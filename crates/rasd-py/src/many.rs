//! `rasd.analyze_many`: many texts or records, analysed in parallel, results in input order.
//!
//! The iterator pulls a chunk of items from the Python iterable (with the GIL: only copying
//! strings), then hands the chunk to a rayon pool of `threads` threads and returns at once. The job
//! reads each item into a document (in parallel), decides near-duplicates in input order against
//! every earlier item (one index, carried from chunk to chunk, as `rasd analyze` keeps one for its
//! run), then analyses and renders the JSON contract (in parallel). While Python consumes one
//! chunk's results, the next chunk is analysed; the GIL is held only to pull items and to turn
//! each result into a dict (`json.loads`). Only one job runs at a time, so the near-duplicate
//! verdicts come in input order.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyStopIteration, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyString};
use rayon::prelude::*;

use rasd_core::Document;
use rasd_pipeline::Options;
use rasd_read::Record;

use crate::{ErrorKind, analyze_json, date_arg, from_json, input_error, panic_message, read_text, text_bytes, type_name};

/// One item as taken from Python: owned Rust values only.
enum Input {
    Text { name: String, bytes: Vec<u8> },
    Record { name: String, record: Record },
    Bad { name: String, message: String },
}

/// One result, in input order.
enum Outcome {
    Json(String),
    Failed { kind: ErrorKind, input: String, message: String },
}

struct Done {
    outcomes: Vec<Outcome>,
    dedup: rasd_dedup::DedupIndex,
}

struct Shared {
    pool: rayon::ThreadPool,
    opts: Options,
    link_duplicates: bool,
}

/// The iterator `analyze_many` returns.
#[pyclass(module = "rasd")]
pub struct AnalyzeMany {
    items: Option<Py<PyIterator>>,
    /// Items pulled so far (1-based names: `items:1`, `items:2`, …).
    pulled: usize,
    name: String,
    yield_errors: bool,
    chunk: usize,
    shared: Arc<Shared>,
    /// `None` while a job holds it.
    dedup: Option<rasd_dedup::DedupIndex>,
    /// The chunk being analysed (a `Mutex` only to make the class `Sync`).
    job: Option<Mutex<Receiver<Done>>>,
    ready: VecDeque<Outcome>,
    /// An exception raised by the Python iterable, re-raised after the items before it.
    source_error: Option<PyErr>,
}

/// A string field of a record dict (`None` when absent or `None`).
fn field(d: &Bound<'_, PyDict>, key: &str, date: bool) -> Result<Option<String>, String> {
    let Some(v) = d.get_item(key).map_err(|e| e.to_string())? else { return Ok(None) };
    if v.is_none() {
        return Ok(None);
    }
    if let Ok(s) = v.extract::<String>() {
        return Ok(Some(s));
    }
    if date && let Ok(s) = v.call_method0("isoformat").and_then(|s| s.extract::<String>()) {
        return Ok(Some(s));
    }
    Err(format!("{key:?} must be a str{}, not {}", if date { " or a date" } else { "" }, type_name(&v)))
}

fn record(d: &Bound<'_, PyDict>) -> Result<Record, String> {
    let text = match d.get_item("text").map_err(|e| e.to_string())? {
        None => return Err("the record has no \"text\"".into()),
        Some(t) => match t.cast::<PyString>() {
            Ok(s) => s.to_cow().map_err(|_| "\"text\" is not valid Unicode (it holds lone surrogates)".to_string())?.into_owned(),
            Err(_) => return Err(format!("\"text\" must be a str, not {}", type_name(&t))),
        },
    };
    let id = match d.get_item("id").map_err(|e| e.to_string())? {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => {
            if let Ok(s) = v.extract::<String>() {
                Some(serde_json::Value::String(s))
            } else if let Ok(n) = v.extract::<i64>() {
                Some(serde_json::Value::from(n))
            } else {
                return Err(format!("\"id\" must be a str or an int, not {}", type_name(&v)));
            }
        }
    };
    Ok(Record {
        id,
        title: field(d, "title", false)?,
        date: field(d, "date", true)?,
        source: field(d, "source", false)?,
        url: field(d, "url", false)?,
        text,
    })
}

fn take(name: String, v: &Bound<'_, PyAny>) -> Input {
    if let Ok(d) = v.cast::<PyDict>() {
        return match record(d) {
            Ok(record) => Input::Record { name, record },
            Err(message) => Input::Bad { name, message },
        };
    }
    match text_bytes(v) {
        Ok(bytes) => Input::Text { name, bytes },
        Err(message) => Input::Bad { name, message: message.replace("a str or bytes", "a str, bytes or dict") },
    }
}

fn read(input: Input) -> Result<Document, (String, String)> {
    match input {
        Input::Text { name, bytes } => read_text(&name, bytes),
        Input::Record { name, record } => Ok(rasd_read::cap_document(rasd_read::record_document(&name, record))),
        Input::Bad { name, message } => Err((name, message)),
    }
}

/// The job for one chunk (runs on the pool, without the GIL).
fn run_chunk(shared: &Shared, inputs: Vec<Input>, mut dedup: rasd_dedup::DedupIndex) -> Done {
    let docs: Vec<Result<Document, Outcome>> = inputs
        .into_par_iter()
        .map(|i| {
            let name = match &i {
                Input::Text { name, .. } | Input::Record { name, .. } | Input::Bad { name, .. } => name.clone(),
            };
            catch_unwind(AssertUnwindSafe(|| read(i)))
                .unwrap_or_else(|p| Err((name, format!("reading failed (internal error: {})", panic_message(&*p)))))
                .map_err(|(input, message)| Outcome::Failed { kind: ErrorKind::Read, input, message })
        })
        .collect();
    // Near-duplicates: signatures in parallel, verdicts in input order (as `rasd ingest` decides them).
    let signatures: Vec<Option<rasd_dedup::Signature>> = docs
        .par_iter()
        .map(|d| match d {
            Ok(doc) if shared.link_duplicates => catch_unwind(AssertUnwindSafe(|| rasd_pipeline::duplicate_signature(doc))).ok().flatten(),
            _ => None,
        })
        .collect();
    let work: Vec<(Result<Document, Outcome>, Option<rasd_dedup::Match>)> = docs
        .into_iter()
        .zip(signatures)
        .map(|(d, sig)| {
            let verdict = match (&d, sig) {
                (Ok(doc), Some(sig)) => dedup.insert_signature_or_match(&doc.meta.id, sig),
                _ => None,
            };
            (d, verdict)
        })
        .collect();
    let outcomes = work
        .into_par_iter()
        .map(|(d, verdict)| match d {
            Ok(doc) => match analyze_json(doc, &shared.opts, verdict) {
                Ok(j) => Outcome::Json(j),
                Err((input, message)) => Outcome::Failed { kind: ErrorKind::Analysis, input, message },
            },
            Err(o) => o,
        })
        .collect();
    Done { outcomes, dedup }
}

impl AnalyzeMany {
    /// Pulls the next chunk from Python and starts its job. Returns false when nothing is left.
    fn start_job(&mut self, py: Python<'_>) -> bool {
        let Some(items) = self.items.as_ref() else { return false };
        let mut it = items.bind(py).clone();
        let mut inputs = Vec::with_capacity(self.chunk);
        while inputs.len() < self.chunk {
            match it.next() {
                None => {
                    self.items = None;
                    break;
                }
                Some(Err(e)) => {
                    self.source_error = Some(e);
                    self.items = None;
                    break;
                }
                Some(Ok(v)) => {
                    self.pulled += 1;
                    inputs.push(take(format!("{}:{}", self.name, self.pulled), &v));
                }
            }
        }
        if inputs.is_empty() {
            return false;
        }
        let dedup = self.dedup.take().expect("no job holds the index when a job starts");
        let (tx, rx) = sync_channel(1);
        let shared = Arc::clone(&self.shared);
        self.shared.pool.spawn(move || {
            let _ = tx.send(run_chunk(&shared, inputs, dedup));
        });
        self.job = Some(Mutex::new(rx));
        true
    }
}

#[pymethods]
impl AnalyzeMany {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        loop {
            if let Some(o) = self.ready.pop_front() {
                return match o {
                    Outcome::Json(j) => from_json(py, &j),
                    Outcome::Failed { kind, input, message } => {
                        let err = input_error(py, kind, &input, &message);
                        if self.yield_errors { Ok(err.into_value(py).into_any()) } else { Err(err) }
                    }
                };
            }
            match self.job.take() {
                Some(rx) => {
                    let rx = rx.into_inner().unwrap_or_else(|p| p.into_inner());
                    let done = py.detach(move || rx.recv());
                    let Ok(done) = done else {
                        // The job died without an answer (it catches every panic, so this is
                        // not expected); the chunk is lost, and said so.
                        self.dedup = Some(rasd_dedup::DedupIndex::default());
                        return Err(crate::AnalysisError::new_err(format!(
                            "{}: the items up to item {} that were not yet returned were lost (internal error)",
                            self.name, self.pulled
                        )));
                    };
                    self.ready = done.outcomes.into();
                    self.dedup = Some(done.dedup);
                    // The next chunk is analysed while Python consumes this one.
                    self.start_job(py);
                }
                None => {
                    if !self.start_job(py) {
                        if let Some(e) = self.source_error.take() {
                            return Err(e);
                        }
                        return Err(PyStopIteration::new_err(()));
                    }
                }
            }
        }
    }
}

/// Analyse many articles in parallel; yields one result per item, in input order.
///
/// Each item is a `str` or `bytes` (read as a text file, like `analyze`) or a dict in the JSON
/// Lines record form `{"text", "id"?, "title"?, "date"?, "source"?, "url"?}`. Item N is named
/// `f"{name}:{N}"` (1-based) in `document.path` and in errors. Near-duplicates of an earlier item
/// (syndicated copies) are linked to it and not coded again, as `rasd analyze` does, unless
/// `keep_duplicates`. `threads` analysis threads (default: one per core) work without the GIL
/// while Python consumes the results.
///
/// A bad item (invalid UTF-8, no text, not a str/bytes/dict) raises `ReadError` naming it
/// (`items:3: invalid UTF-8 at byte 5`) — the iterator stays usable: `next()` goes on with the
/// following item — or, with `errors="yield"`, is yielded as a `ReadError` instance in its place.
#[pyfunction]
#[pyo3(signature = (items, threads=None, *, published=None, keep_duplicates=false, errors="raise", name="items"))]
pub fn analyze_many(
    items: &Bound<'_, PyAny>,
    threads: Option<usize>,
    published: Option<&Bound<'_, PyAny>>,
    keep_duplicates: bool,
    errors: &str,
    name: &str,
) -> PyResult<AnalyzeMany> {
    let yield_errors = match errors {
        "raise" => false,
        "yield" => true,
        other => return Err(PyValueError::new_err(format!("errors={other:?}: expected \"raise\" or \"yield\""))),
    };
    if threads == Some(0) {
        return Err(PyValueError::new_err("threads=0: at least one thread is needed"));
    }
    let threads = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("rasd-analyze-{i}"))
        // A panic that escaped the per-item guards must not abort the interpreter (rayon's
        // default for a spawned job): the job's channel closes and `__next__` raises.
        .panic_handler(|_| {})
        .build()
        .map_err(|e| crate::RasdError::new_err(format!("cannot start {threads} analysis threads: {e}")))?;
    let opts = Options { published: date_arg("published", published)? };
    let iter = items.try_iter()?.unbind();
    Ok(AnalyzeMany {
        items: Some(iter),
        pulled: 0,
        name: name.to_string(),
        yield_errors,
        // Enough items per chunk that the threads stay busy to the end of it.
        chunk: (32 * threads).max(16),
        shared: Arc::new(Shared { pool, opts, link_duplicates: !keep_duplicates }),
        dedup: Some(rasd_dedup::DedupIndex::default()),
        job: None,
        ready: VecDeque::new(),
        source_error: None,
    })
}
