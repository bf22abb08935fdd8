//! `rasd ingest` and `rasd merge`: articles into the event database. The work is
//! `rasd_store::ingest` (shared with the Python module); this is its command line and progress bar.
//!
//! Three kinds of thread: one reader (`rasd_read::read_inputs`, streaming documents in input
//! order), the rayon pool analysing a batch at a time (order kept), and ONE writer that stores
//! each batch in one transaction. Documents are written in input order, so a run gives the same
//! database whatever the thread timing, and a killed run resumed gives the same database as an
//! uninterrupted one. Articles already stored (by content hash) are skipped before analysis.
//! Near-duplicates (syndicated copies) are decided in input order against the stored documents'
//! signatures and this run's (`rasd_store::admit`: a bounded index of the last first copies), and
//! stored uncoded with `duplicate_of` (unless `--keep-duplicates`); concurrent ingests into one
//! database link each other's copies at write time (`Store::write_batch_admitting`).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use rasd_core::Date;
use rasd_read::InputFormat;
use rasd_store::Store;
use rasd_store::ingest::{IngestOptions, Progress};

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
    /// Analysis threads, 1 to 256 (default: one per core).
    #[arg(long, value_parser = crate::ingest::parse_threads)]
    threads: Option<usize>,
    /// Do not rebuild the merged events at the end (run `rasd merge` later).
    #[arg(long)]
    no_merge: bool,
    /// No progress bar (it is also hidden when stderr is not a terminal).
    #[arg(long, short)]
    quiet: bool,
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

/// The progress bar of an ingest (hidden with `--quiet` or when stderr is not a terminal).
struct Bar(ProgressBar);

impl Progress for Bar {
    fn read(&self) {
        self.0.inc(1);
    }

    fn stored(&self, stored: usize, events: usize, elapsed: Duration) {
        self.0.set_message(format!("{stored} stored ({:.0}/s), {events} events", stored as f64 / elapsed.as_secs_f64().max(1e-3)));
    }

    fn error(&self, message: &str) {
        self.0.suspend(|| crate::note!("rasd: {message}"));
    }

    fn note(&self, message: &str) {
        self.0.suspend(|| crate::note!("rasd: {message}"));
    }
}

/// Most analysis threads `--threads` accepts. Each thread holds an article's analysis (tens of
/// MB for a long one) and the machine's cores bound the speed-up long before this; 10,000
/// threads only made a run start nothing for minutes.
pub const MAX_THREADS: usize = 256;

/// Parses `--threads`: a number from 1 to [`MAX_THREADS`], else a usage error naming the bound.
pub fn parse_threads(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        _ => Err(format!("{s:?} is not a thread count from 1 to {MAX_THREADS}")),
    }
}

pub fn run(args: IngestArgs) -> Result<ExitCode> {
    let format = match args.input_format.as_str() {
        "text" => InputFormat::Text,
        "jsonl" => InputFormat::Jsonl,
        "html" => InputFormat::Html,
        "feed" => InputFormat::Feed,
        "warc" => InputFormat::Warc,
        _ => InputFormat::Auto,
    };
    let mut store = Store::open_url(&args.db).with_context(|| format!("opening {}", rasd_store::pg::redact(&args.db)))?;
    let pb = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
    } else {
        ProgressBar::new_spinner()
    };
    pb.set_style(ProgressStyle::with_template("{spinner} {pos} articles read  {msg}  {elapsed_precise}").expect("a valid template"));
    pb.enable_steady_tick(Duration::from_millis(200));
    let opts = IngestOptions {
        format,
        published: args.published,
        keep_duplicates: args.keep_duplicates,
        batch: args.batch,
        threads: args.threads,
        merge: !args.no_merge,
    };
    let bar = Bar(pb);
    let rep = rasd_store::ingest(&mut store, &args.inputs, &opts, &bar)?;
    bar.0.finish_and_clear();

    let secs = rep.elapsed.as_secs_f64();
    let read_total = rep.stored + rep.skipped + rep.failed;
    let merged = match rep.merge {
        Some(m) => format!("{} merged events ({} from several documents)", m.merged_events, m.multi_document),
        None => "merged events not rebuilt (--no-merge)".to_string(),
    };
    if rep.relinked > 0 {
        eprintln!("rasd: {} articles were linked, as they were written, to near-duplicates another writer stored meanwhile", rep.relinked);
    }
    eprintln!(
        "rasd: {} articles stored, {} skipped as seen, {} failed; {} events, {merged}; {secs:.1} s, {:.0} articles/s ({:.0} stored/s)",
        rep.stored,
        rep.skipped,
        rep.failed,
        rep.events,
        read_total as f64 / secs.max(1e-9),
        rep.stored as f64 / secs.max(1e-9),
    );
    eprintln!(
        "rasd: time by stage: read {:.1} s (reader thread, busy), analyse {:.1} s (wall, {} threads), write {:.1} s (writer thread, busy), merge {:.1} s; database {}",
        rep.read_time.as_secs_f64(),
        rep.analyse_time.as_secs_f64(),
        rep.threads,
        rep.write_time.as_secs_f64(),
        rep.merge_time.as_secs_f64(),
        rasd_store::pg::redact(&args.db)
    );
    Ok(if rep.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
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
