//! `rasd ingest` and `rasd merge`: articles into the event database.
//!
//! Three kinds of thread: one reader (`rasd_read::read_inputs`, streaming documents in input
//! order), the rayon pool analysing a batch at a time (order kept), and ONE writer that stores
//! each batch in one transaction. Documents are written in input order, so a run gives the same
//! database whatever the thread timing, and a killed run resumed gives the same database as an
//! uninterrupted one. Articles already stored (by content hash) are skipped before analysis.
//! Near-duplicates (syndicated copies) are decided in input order against the stored documents'
//! signatures and this run's ([`crate::admit`]: a bounded index of the last first copies), and
//! stored uncoded with `duplicate_of` (unless `--keep-duplicates`). Another ingest may write the
//! same database at the same time: each batch is admitted inside its write transaction
//! ([`Store::write_batch_admitting`]), where a first copy of this run that nearly duplicates a
//! first copy another writer stored meanwhile is analysed again as its duplicate — so two
//! concurrent ingests link the copies that one after the other would.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use rasd_core::{Date, Document};
use rasd_dedup::{DedupIndex, Signature};
use rasd_pipeline::Options;
use rasd_read::{InputFormat, ReadError, read_inputs};
use rasd_store::{CodedDocument, Store, StoredSignature};

use crate::admit::{self, Admission};

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files, directories (recursive; `.gz` read through) or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// The database: an SQLite file (created if missing) or `postgres://…` (migrated).
    #[arg(long, default_value = rasd_store::DEFAULT_DB)]
    db: String,
    /// How to read files: by extension and content (`auto`), or `text`, `jsonl`, `html`, `feed`, `warc`.
    #[arg(long = "input-format", default_value = "auto", value_parser = ["auto", "text", "jsonl", "html", "feed", "warc"])]
    input_format: String,
    /// Code near-duplicates (syndicated copies) too, instead of linking them to the first copy.
    #[arg(long)]
    keep_duplicates: bool,
    /// Publication date for every input (YYYY-MM-DD), overriding headers and date lines.
    #[arg(long, value_parser = parse_date)]
    published: Option<Date>,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Analysis threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// Do not rebuild the merged events at the end (run `rasd merge` later).
    #[arg(long)]
    no_merge: bool,
    /// No progress bar (it is also hidden when stderr is not a terminal).
    #[arg(long, short)]
    quiet: bool,
}

/// A document waiting for analysis, with its near-duplicate verdict.
struct Pending {
    hash: String,
    signature: Option<Vec<u8>>,
    duplicate_of: Option<rasd_dedup::Match>,
    doc: Document,
}

#[derive(clap::Args)]
pub struct MergeArgs {
    #[arg(long, default_value = rasd_store::DEFAULT_DB)]
    db: String,
    /// Undo merging: every per-document event becomes its own merged event (until `rasd merge`).
    #[arg(long)]
    undo: bool,
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    rasd_read::parse_iso_date(s).filter(|_| s.trim().len() == 10).ok_or_else(|| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

/// The wall-clock time, for bookkeeping columns only (RFC 3339, UTC).
fn now() -> String {
    jiff::Timestamp::now().to_string()
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
    /// First copies linked at write time to an article another writer stored meanwhile.
    relinked: usize,
    write_time: Duration,
}

/// The writer's admission step: first copies of this batch that nearly duplicate a first copy
/// another writer stored since this run last wrote (`newer`, kept in `others`) are analysed again
/// as its duplicates.
fn admit_against_others(
    newer: Vec<StoredSignature>,
    docs: &mut [CodedDocument],
    sources: &mut [Option<Document>],
    others: &mut DedupIndex,
    opts: &Options,
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
        match admit::analyse(doc, opts, d.hash.clone(), d.signature.take(), Some(m), &name) {
            Ok(c) => {
                *d = c;
                relinked += 1;
            }
            Err(e) => eprintln!("rasd: {e}; it is stored as first analysed"),
        }
    }
    relinked
}

pub fn run(args: IngestArgs) -> Result<ExitCode> {
    let t0 = Instant::now();
    let format = match args.input_format.as_str() {
        "text" => InputFormat::Text,
        "jsonl" => InputFormat::Jsonl,
        "html" => InputFormat::Html,
        "feed" => InputFormat::Feed,
        "warc" => InputFormat::Warc,
        _ => InputFormat::Auto,
    };
    let mut store = Store::open_url(&args.db).with_context(|| format!("opening {}", rasd_store::pg::redact(&args.db)))?;
    // Stored articles are looked up by hash on a second (read-only) connection, as they come.
    let lookup = Store::open_reader_url(&args.db).with_context(|| format!("opening {}", rasd_store::pg::redact(&args.db)))?;
    // What other writers store after this point is admitted against at write time.
    let since = store.last_document_id()?;
    // Near-duplicates are judged against the stored first copies as well as this run's, in input
    // order (so a resumed run decides as an uninterrupted one did).
    let mut admission = Admission::new(args.keep_duplicates, args.published);
    admission.load_stored(&store)?;
    let run_id = store.begin_run(&args.inputs, &now())?;

    let pb = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
    } else {
        ProgressBar::new_spinner()
    };
    pb.set_style(ProgressStyle::with_template("{spinner} {pos} articles read  {msg}  {elapsed_precise}").expect("a valid template"));
    pb.enable_steady_tick(Duration::from_millis(200));

    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())).max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().context("starting the analysis threads")?;
    let opts = Options { published: args.published };
    let batch_size = args.batch.max(1);

    // Reader → dispatcher.
    let (read_tx, read_rx): (SyncSender<Item>, Receiver<Item>) = sync_channel(2048);
    let inputs = args.inputs.clone();
    let reader = std::thread::Builder::new().name("rasd-read".into()).spawn(move || {
        // Busy time: reading, decompressing and parsing, without the waits for the analysers.
        let t = Instant::now();
        let mut waiting = Duration::ZERO;
        read_inputs(&inputs, format, &mut |r| {
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
    let wpb = pb.clone();
    let wopts = Options { published: args.published };
    let writer = std::thread::Builder::new().name("rasd-write".into()).spawn(move || -> Result<(WriterReport, Store)> {
        let mut rep = WriterReport::default();
        let mut since = since;
        let mut others = DedupIndex::default();
        for mut batch in write_rx {
            let t = Instant::now();
            let sources = &mut batch.sources;
            let mut relinked = 0;
            let (s, last) = store
                .write_batch_admitting(&mut batch.docs, &now(), since, &mut |newer, docs| {
                    relinked = admit_against_others(newer, docs, sources, &mut others, &wopts);
                })
                .context("writing a batch")?;
            since = last;
            rep.relinked += relinked;
            rep.write_time += t.elapsed();
            rep.stored += s.stored;
            rep.skipped += s.skipped;
            rep.events += s.events;
            wpb.set_message(format!(
                "{} stored ({:.0}/s), {} events",
                rep.stored,
                rep.stored as f64 / t0.elapsed().as_secs_f64().max(1e-3),
                rep.events
            ));
        }
        Ok((rep, store))
    })?;

    let mut failed = 0usize;
    let mut skipped_seen = 0usize;
    let mut pending: Vec<Pending> = Vec::with_capacity(batch_size);
    let mut analyse_time = Duration::ZERO;
    let mut writer_gone = false;
    let flush = |pending: &mut Vec<Pending>, failed: &mut usize, analyse_time: &mut Duration| -> Option<Batch> {
        if pending.is_empty() {
            return None;
        }
        let work = std::mem::take(pending);
        let t = Instant::now();
        let results: Vec<(Result<CodedDocument, String>, Option<Document>)> = pool.install(|| {
            work.into_par_iter()
                .map(|p| {
                    pb.inc(1);
                    let name = p.doc.meta.path.clone();
                    // A first copy keeps its document until written (see admit_against_others).
                    let source = (p.duplicate_of.is_none() && p.signature.is_some()).then(|| p.doc.clone());
                    (admit::analyse(p.doc, &opts, p.hash, p.signature, p.duplicate_of, &name), source)
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
                    *failed += 1;
                    pb.suspend(|| eprintln!("rasd: {e}"));
                }
            }
        }
        Some(Batch { docs, sources })
    };
    for item in read_rx {
        match item {
            Item::Err(e) => {
                failed += 1;
                pb.suspend(|| eprintln!("rasd: {e}"));
                pb.inc(1);
            }
            Item::Doc(mut doc) => {
                let Some(a) = admission.admit(&mut doc, &mut |h| Ok(lookup.has_document(h)?))? else {
                    skipped_seen += 1;
                    pb.inc(1);
                    continue;
                };
                pending.push(Pending { hash: a.hash, signature: a.signature.map(|s| s.to_bytes()), duplicate_of: a.duplicate_of, doc });
                if pending.len() >= batch_size
                    && let Some(b) = flush(&mut pending, &mut failed, &mut analyse_time)
                    && write_tx.send(b).is_err()
                {
                    writer_gone = true;
                    break;
                }
            }
        }
    }
    if !writer_gone && let Some(b) = flush(&mut pending, &mut failed, &mut analyse_time) {
        let _ = write_tx.send(b);
    }
    drop(write_tx);
    let read_time = reader.join().map_err(|_| anyhow!("the reader thread panicked"))?;
    let (rep, mut store) = writer.join().map_err(|_| anyhow!("the writer thread panicked"))??;

    let tm = Instant::now();
    let merge = if args.no_merge { None } else { Some(store.rebuild_merged().context("merging events")?) };
    let merge_time = tm.elapsed();
    store.finish_run(run_id, &now(), rep.stored, skipped_seen + rep.skipped, failed)?;
    pb.finish_and_clear();

    let secs = t0.elapsed().as_secs_f64();
    let read_total = rep.stored + rep.skipped + skipped_seen + failed;
    let merged = match merge {
        Some(m) => format!("{} merged events ({} from several documents)", m.merged_events, m.multi_document),
        None => "merged events not rebuilt (--no-merge)".to_string(),
    };
    if rep.relinked > 0 {
        eprintln!("rasd: {} articles were linked, as they were written, to near-duplicates another writer stored meanwhile", rep.relinked);
    }
    eprintln!(
        "rasd: {} articles stored, {} skipped as seen, {} failed; {} events, {merged}; {secs:.1} s, {:.0} articles/s ({:.0} stored/s)",
        rep.stored,
        rep.skipped + skipped_seen,
        failed,
        rep.events,
        read_total as f64 / secs.max(1e-9),
        rep.stored as f64 / secs.max(1e-9),
    );
    eprintln!(
        "rasd: time by stage: read {:.1} s (reader thread, busy), analyse {:.1} s (wall, {threads} threads), write {:.1} s (writer thread, busy), merge {:.1} s; database {}",
        read_time.as_secs_f64(),
        analyse_time.as_secs_f64(),
        rep.write_time.as_secs_f64(),
        merge_time.as_secs_f64(),
        rasd_store::pg::redact(&args.db)
    );
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn merge(args: MergeArgs) -> Result<ExitCode> {
    let mut store = Store::open_url(&args.db).with_context(|| format!("opening {}", rasd_store::pg::redact(&args.db)))?;
    let t = Instant::now();
    let s = if args.undo { store.undo_merge()? } else { store.redo_merge()? };
    eprintln!(
        "rasd: {} events → {} merged events ({} from several documents){} in {:.2} s",
        s.events,
        s.merged_events,
        s.multi_document,
        if args.undo { ", merging undone" } else { "" },
        t.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
