//! The embedded ingest path: articles into the event database. `rasd ingest` and the Python
//! module's `Store.ingest` both call [`ingest`]; only their progress display differs.
//!
//! Three kinds of thread: one reader (`rasd_read::read_inputs`, streaming documents in input
//! order), the rayon pool analysing a batch at a time (order kept), and ONE writer that stores
//! each batch in one transaction. Documents are written in input order, so a run gives the same
//! database whatever the thread timing, and a killed run resumed gives the same database as an
//! uninterrupted one. Articles already stored (by content hash) are skipped before analysis.
//! Near-duplicates (syndicated copies) are decided in input order against the stored documents'
//! signatures and this run's, and stored uncoded with `duplicate_of` (unless `keep_duplicates`).

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use rasd_core::{Date, Document, PublishedBasis};
use rasd_pipeline::{Options, analyze_known};
use rasd_read::{InputFormat, ReadError, read_inputs};

use crate::{CodedDocument, Error, MergeStats, Result, Store, content_hash};

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
    /// Rebuild the merged events at the end.
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
    doc: Document,
}

enum Item {
    Doc(Document),
    Err(ReadError),
}

#[derive(Default)]
struct WriterReport {
    stored: usize,
    skipped: usize,
    events: usize,
    write_time: Duration,
}

/// The message of a caught panic.
fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Reads `inputs` (files, directories, `-`), analyses the articles not yet stored and writes them
/// to `store`, batch by batch, then rebuilds the merged events (when `opts.merge`). A bad input,
/// record or article is reported through `progress` and in the report, and the batch goes on;
/// only a database error stops the run.
pub fn ingest(store: &mut Store, inputs: &[String], opts: &IngestOptions, progress: &dyn Progress) -> Result<IngestReport> {
    let t0 = Instant::now();
    let known = store.known_hashes()?;
    // Near-duplicates are judged against every stored document as well as this run's, in input
    // order (so a resumed run decides as an uninterrupted one did).
    let mut dedup = rasd_dedup::DedupIndex::default();
    if !opts.keep_duplicates {
        for (id, bytes) in store.signatures()? {
            if let Ok(sig) = rasd_dedup::Signature::from_bytes(&bytes) {
                dedup.insert(&id, sig);
            }
        }
    }
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
        let (write_tx, write_rx): (SyncSender<Vec<CodedDocument>>, Receiver<Vec<CodedDocument>>) = sync_channel(2);
        let store = &mut *store;
        let writer = std::thread::Builder::new().name("rasd-write".into()).spawn_scoped(s, move || -> Result<WriterReport> {
            let mut w = WriterReport::default();
            for docs in write_rx {
                let t = Instant::now();
                let b = store.write_batch(&docs, &now()).map_err(|e| Error::msg(format!("writing a batch: {e}")))?;
                w.write_time += t.elapsed();
                w.stored += b.stored;
                w.skipped += b.skipped;
                w.events += b.events;
                progress.stored(w.stored, w.events, t0.elapsed());
            }
            Ok(w)
        })?;

        let mut failures: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut pending: Vec<Pending> = Vec::with_capacity(batch_size);
        let mut writer_gone = false;
        let analyse = |pending: &mut Vec<Pending>, failures: &mut Vec<String>, analyse_time: &mut Duration| -> Option<Vec<CodedDocument>> {
            if pending.is_empty() {
                return None;
            }
            let work = std::mem::take(pending);
            let t = Instant::now();
            let results: Vec<std::result::Result<CodedDocument, String>> = pool.install(|| {
                work.into_par_iter()
                    .map(|p| {
                        progress.read();
                        let name = p.doc.meta.path.clone();
                        catch_unwind(AssertUnwindSafe(|| {
                            let a = analyze_known(p.doc, &popts, p.duplicate_of);
                            let mut coded = CodedDocument::from_analysis(&a, p.hash);
                            coded.signature = p.signature;
                            coded
                        }))
                        .map_err(|p| {
                            format!("{name}: analysis failed (internal error: {}); the article was not stored", panic_message(&*p))
                        })
                    })
                    .collect()
            });
            *analyse_time += t.elapsed();
            let mut docs = Vec::with_capacity(results.len());
            for r in results {
                match r {
                    Ok(d) => docs.push(d),
                    Err(e) => {
                        progress.error(&e);
                        failures.push(e);
                    }
                }
            }
            Some(docs)
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
                    if let Some(d) = opts.published {
                        doc.meta.published = Some(d);
                        doc.meta.published_basis = PublishedBasis::Option;
                    }
                    let hash = content_hash(&doc);
                    if known.contains(&hash) || !seen.insert(hash.clone()) {
                        rep.skipped += 1;
                        progress.read();
                        continue;
                    }
                    let signature = if opts.keep_duplicates { None } else { rasd_pipeline::duplicate_signature(&doc) };
                    let duplicate_of = signature.as_ref().and_then(|sig| dedup.insert_signature_or_match(&doc.meta.id, sig.clone()));
                    pending.push(Pending { hash, signature: signature.map(|s| s.to_bytes()), duplicate_of, doc });
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
    let tm = Instant::now();
    if opts.merge {
        rep.merge = Some(store.rebuild_merged().map_err(|e| Error::msg(format!("merging events: {e}")))?);
    }
    rep.merge_time = tm.elapsed();
    store.finish_run(run_id, &now(), rep.stored, rep.skipped, rep.failed)?;
    rep.elapsed = t0.elapsed();
    Ok(rep)
}
