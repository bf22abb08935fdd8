//! The embedded ingest path: articles into the event database. `rasd ingest` and the Python
//! module's `Store.ingest` both call [`ingest`]; only their progress display differs.
//!
//! Three kinds of thread: one reader (`rasd_read::read_inputs`, streaming documents in input
//! order), the rayon pool analysing a batch at a time (order kept), and ONE writer that stores
//! each batch in one transaction. Documents are written in input order, so a run gives the same
//! database whatever the thread timing, and a killed run resumed gives the same database as an
//! uninterrupted one. Articles already stored (by content hash) are skipped before analysis.
//! Near-duplicates (syndicated copies) are decided in input order against the stored documents'
//! signatures and this run's ([`crate::admit`]: a bounded index of the last first copies), and
//! stored uncoded with `duplicate_of` (unless `keep_duplicates`). Another ingest may write the
//! same database at the same time: each batch is admitted inside its write transaction
//! ([`Store::write_batch_admitting`]), where a first copy of this run that nearly duplicates a
//! first copy another writer stored meanwhile is analysed again as its duplicate — so two
//! concurrent ingests link the copies that one after the other would.

use std::collections::HashSet;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use rasd_core::{Date, Document};
use rasd_dedup::{DedupIndex, Signature};
use rasd_pipeline::Options;
use rasd_read::{InputFormat, ReadError, read_inputs};

use crate::admit::{self, Admission};
use crate::{CodedDocument, Error, MergeStats, Result, Store, StoredSignature};

/// How to ingest.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// How to read files (`Auto`: by extension and content).
    pub format: InputFormat,
    /// Publication date for every input, overriding headers and date lines.
    pub published: Option<Date>,
    /// Code near-duplicates too, instead of linking them to the first copy.
    pub keep_duplicates: bool,
    /// Articles per transaction.
    pub batch: usize,
    /// Analysis threads (`None`: one per core).
    pub threads: Option<usize>,
    /// Merge the new events at the end.
    pub merge: bool,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions { format: InputFormat::Auto, published: None, keep_duplicates: false, batch: 256, threads: None, merge: true }
    }
}

/// What a caller sees while an ingest runs (a progress bar, nothing). Called from several threads.
pub trait Progress: Sync {
    /// One input record was read (stored, skipped or failed later).
    fn read(&self) {}
    /// A batch was written; totals so far.
    fn stored(&self, _stored: usize, _events: usize, _elapsed: Duration) {}
    /// An input, record or article failed; the message names it (`news.jsonl:17: …`).
    fn error(&self, _message: &str) {}
    /// Something worth telling that is not a failure (the message names the article).
    fn note(&self, _message: &str) {}
}

/// No display.
pub struct Quiet;

impl Progress for Quiet {}

/// The closing figures of an ingest.
#[derive(Clone, Debug, Default)]
pub struct IngestReport {
    pub stored: usize,
    /// Articles already stored (before analysis, or found by the writer).
    pub skipped: usize,
    pub failed: usize,
    /// Every failure, naming its input or record, in the order met.
    pub errors: Vec<String>,
    /// Per-document events stored.
    pub events: usize,
    /// First copies linked, as they were written, to near-duplicates another writer stored
    /// meanwhile (see [`Store::write_batch_admitting`]).
    pub relinked: usize,
    /// `None` when merging was not asked for.
    pub merge: Option<MergeStats>,
    pub threads: usize,
    /// Reader thread, busy (without the waits for the analysers).
    pub read_time: Duration,
    /// Analysis, wall time on `threads` threads.
    pub analyse_time: Duration,
    /// Writer thread, busy.
    pub write_time: Duration,
    pub merge_time: Duration,
    pub elapsed: Duration,
}

/// The wall-clock time, for bookkeeping columns only (RFC 3339, UTC).
fn now() -> String {
    jiff::Timestamp::now().to_string()
}

/// A document waiting for analysis, with its near-duplicate verdict.
struct Pending {
    hash: String,
    signature: Option<Vec<u8>>,
    duplicate_of: Option<rasd_dedup::Match>,
    /// The language and layout admission computed for `doc`.
    prepared: rasd_pipeline::Prepared,
    doc: Document,
}

enum Item {
    Doc(Document),
    Err(ReadError),
}

/// A batch on its way to the writer: coded documents in input order, and for each first copy
/// with a signature its document, should another writer's article turn it into a duplicate.
struct Batch {
    docs: Vec<CodedDocument>,
    sources: Vec<Option<Document>>,
}

#[derive(Default)]
struct WriterReport {
    stored: usize,
    skipped: usize,
    events: usize,
    relinked: usize,
    write_time: Duration,
}

/// The writer's admission step: first copies of this batch that nearly duplicate a first copy
/// another writer stored since this run last wrote (`newer`, kept in `others`) are analysed again
/// as its duplicates. Returns how many were.
fn admit_against_others(
    newer: Vec<StoredSignature>,
    docs: &mut [CodedDocument],
    sources: &mut [Option<Document>],
    others: &mut DedupIndex,
    opts: &Options,
    progress: &dyn Progress,
) -> usize {
    for r in newer {
        if let Ok(sig) = Signature::from_bytes(&r.signature) {
            others.insert(&r.doc_id, sig);
        }
    }
    if others.is_empty() {
        return 0;
    }
    let mut relinked = 0;
    for (d, src) in docs.iter_mut().zip(sources.iter_mut()) {
        if d.duplicate_of.is_some() {
            continue;
        }
        let Some(sig) = d.signature.as_deref().and_then(|b| Signature::from_bytes(b).ok()) else { continue };
        let Some(m) = others.find(&sig) else { continue };
        let Some(doc) = src.take() else { continue };
        let name = doc.meta.path.clone();
        match admit::analyse(doc, None, opts, d.hash.clone(), d.signature.take(), Some(m), &name) {
            Ok(c) => {
                *d = c;
                relinked += 1;
            }
            Err(e) => progress.note(&format!("{e}; it is stored as first analysed")),
        }
    }
    relinked
}

/// How the dispatcher asks whether an article is already stored: by hash on a second, read-only
/// connection (memory does not grow with the database), or, for an in-memory database that no
/// other connection can see, in the set of stored hashes loaded at the start.
enum Lookup {
    Reader(Store),
    Known(HashSet<String>),
}

impl Lookup {
    fn has(&self, hash: &str) -> Result<bool> {
        match self {
            Lookup::Reader(s) => s.has_document(hash),
            Lookup::Known(k) => Ok(k.contains(hash)),
        }
    }
}

/// Reads `inputs` (files, directories, `-`), analyses the articles not yet stored and writes them
/// to `store`, batch by batch, then brings the merged events up to date (when `opts.merge`;
/// [`Store::update_merged`]: only the merged events the new events can change are rewritten). A bad input,
/// record or article is reported through `progress` and in the report, and the batch goes on;
/// only a database error stops the run.
pub fn ingest(store: &mut Store, inputs: &[String], opts: &IngestOptions, progress: &dyn Progress) -> Result<IngestReport> {
    let t0 = Instant::now();
    // Stored articles are looked up by hash on a second (read-only) connection, as they come.
    let lookup = match store.reader()? {
        Some(r) => Lookup::Reader(r),
        None => Lookup::Known(store.known_hashes()?),
    };
    // What other writers store after this point is admitted against at write time.
    let since = store.last_document_id()?;
    // Near-duplicates are judged against the stored first copies as well as this run's, in input
    // order (so a resumed run decides as an uninterrupted one did).
    let mut admission = Admission::new(opts.keep_duplicates, opts.published);
    admission.load_stored(store)?;
    let run_id = store.begin_run(inputs, &now())?;
    let threads = opts.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())).max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::msg(format!("starting the analysis threads: {e}")))?;
    let popts = Options { published: opts.published };
    let batch_size = opts.batch.max(1);
    let format = opts.format;

    let mut rep = IngestReport { threads, ..IngestReport::default() };
    let (read_time, wrep) = std::thread::scope(|s| -> Result<(Duration, WriterReport)> {
        // Reader → dispatcher.
        let (read_tx, read_rx): (SyncSender<Item>, Receiver<Item>) = sync_channel(2048);
        let reader = std::thread::Builder::new().name("rasd-read".into()).spawn_scoped(s, move || {
            let t = Instant::now();
            let mut waiting = Duration::ZERO;
            read_inputs(inputs, format, &mut |r| {
                let w = Instant::now();
                let _ = read_tx.send(match r {
                    Ok(d) => Item::Doc(d),
                    Err(e) => Item::Err(e),
                });
                waiting += w.elapsed();
            });
            t.elapsed().saturating_sub(waiting)
        })?;

        // Dispatcher → writer.
        let (write_tx, write_rx): (SyncSender<Batch>, Receiver<Batch>) = sync_channel(2);
        let store = &mut *store;
        let popts = &popts;
        let writer = std::thread::Builder::new().name("rasd-write".into()).spawn_scoped(s, move || -> Result<WriterReport> {
            let mut w = WriterReport::default();
            let mut since = since;
            let mut others = DedupIndex::default();
            for mut batch in write_rx {
                let t = Instant::now();
                let sources = &mut batch.sources;
                let mut relinked = 0;
                let (b, last) = store
                    .write_batch_admitting(&mut batch.docs, &now(), since, &mut |newer, docs| {
                        // (+=: a PostgreSQL transaction retried calls this again; articles
                        // already relinked are skipped then.)
                        relinked += admit_against_others(newer, docs, sources, &mut others, popts, progress);
                    })
                    .map_err(|e| Error::msg(format!("writing a batch: {e}")))?;
                since = last;
                w.relinked += relinked;
                w.write_time += t.elapsed();
                w.stored += b.stored;
                w.skipped += b.skipped;
                w.events += b.events;
                progress.stored(w.stored, w.events, t0.elapsed());
            }
            Ok(w)
        })?;

        let mut failures: Vec<String> = Vec::new();
        let mut pending: Vec<Pending> = Vec::with_capacity(batch_size);
        let mut writer_gone = false;
        let analyse = |pending: &mut Vec<Pending>, failures: &mut Vec<String>, analyse_time: &mut Duration| -> Option<Batch> {
            if pending.is_empty() {
                return None;
            }
            let work = std::mem::take(pending);
            let t = Instant::now();
            let results: Vec<(std::result::Result<CodedDocument, String>, Option<Document>)> = pool.install(|| {
                work.into_par_iter()
                    .map(|p| {
                        progress.read();
                        let name = p.doc.meta.path.clone();
                        // A first copy keeps its document until written (see admit_against_others).
                        let source = (p.duplicate_of.is_none() && p.signature.is_some()).then(|| p.doc.clone());
                        (admit::analyse(p.doc, Some(p.prepared), popts, p.hash, p.signature, p.duplicate_of, &name), source)
                    })
                    .collect()
            });
            *analyse_time += t.elapsed();
            let mut docs = Vec::with_capacity(results.len());
            let mut sources = Vec::with_capacity(results.len());
            for (r, source) in results {
                match r {
                    Ok(d) => {
                        docs.push(d);
                        sources.push(source);
                    }
                    Err(e) => {
                        progress.error(&e);
                        failures.push(e);
                    }
                }
            }
            Some(Batch { docs, sources })
        };
        for item in read_rx {
            match item {
                Item::Err(e) => {
                    let e = e.to_string();
                    progress.error(&e);
                    failures.push(e);
                    progress.read();
                }
                Item::Doc(mut doc) => {
                    let Some(a) = admission.admit(&mut doc, &mut |h| lookup.has(h))? else {
                        rep.skipped += 1;
                        progress.read();
                        continue;
                    };
                    pending.push(Pending {
                        hash: a.hash,
                        signature: a.signature.map(|s| s.to_bytes()),
                        duplicate_of: a.duplicate_of,
                        prepared: a.prepared,
                        doc,
                    });
                    if pending.len() >= batch_size
                        && let Some(b) = analyse(&mut pending, &mut failures, &mut rep.analyse_time)
                        && write_tx.send(b).is_err()
                    {
                        writer_gone = true;
                        break;
                    }
                }
            }
        }
        if !writer_gone && let Some(b) = analyse(&mut pending, &mut failures, &mut rep.analyse_time) {
            let _ = write_tx.send(b);
        }
        drop(write_tx);
        rep.failed = failures.len();
        rep.errors = failures;
        let read_time = reader.join().map_err(|_| Error::msg("the reader thread panicked"))?;
        let w = writer.join().map_err(|_| Error::msg("the writer thread panicked"))??;
        Ok((read_time, w))
    })?;

    rep.read_time = read_time;
    rep.write_time = wrep.write_time;
    rep.stored = wrep.stored;
    rep.skipped += wrep.skipped;
    rep.events = wrep.events;
    rep.relinked = wrep.relinked;
    // The near-duplicate index and the hash lookup are no longer needed: their memory is freed
    // before merging.
    drop(admission);
    drop(lookup);
    let tm = Instant::now();
    if opts.merge {
        rep.merge = Some(store.update_merged().map_err(|e| Error::msg(format!("merging events: {e}")))?);
    }
    rep.merge_time = tm.elapsed();
    store.finish_run(run_id, &now(), rep.stored, rep.skipped, rep.failed)?;
    rep.elapsed = t0.elapsed();
    Ok(rep)
}
