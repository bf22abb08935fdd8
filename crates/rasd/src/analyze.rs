//! `rasd analyze` over many documents on every core, its output in input order.
//!
//! The main thread reads the inputs in order (`rasd_read::read_inputs`) and takes, for each
//! Arabic document, its near-duplicate verdict against this run's index in input order — the
//! only step that depends on the documents before it, and the one a one-thread run takes in the
//! same order. It then hands the document to the analysis pool, where it is analysed and
//! rendered (JSON or the text report) into a string. Rendered documents come back over a channel
//! and the main thread writes them in input order (a reorder buffer); read errors take their
//! place in that order too, so stdout and stderr are the same bytes whatever the thread count.
//!
//! Memory is bounded however long the input: at most [`window`] documents are read and not yet
//! written; when that many are in flight, the main thread waits for the oldest one before it
//! reads on. A slow article holds the output back, never the memory.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

use anyhow::Context;

use rasd_core::Document;
use rasd_dedup::{DedupIndex, Match};
use rasd_pipeline::{Analysis, Options, Prepared, analyze_prepared, report};
use rasd_read::{InputFormat, read_inputs};

use crate::skipped::{Notes, Skip};
use crate::{Format, term};

/// Documents read and not yet written, at most, for `threads` analysis threads: enough for each
/// thread to find work while one slow article holds the output back.
pub fn window(threads: usize) -> usize {
    16 * threads.max(1) + 16
}

/// What came of one input position, as the writer needs it.
enum Outcome {
    /// The rendered document (with its newline) and, if it was not coded, why.
    Done(String, Option<Skip>),
    /// The analysis panicked (a bug); the message names the document.
    Failed(String),
    /// A file or record could not be read; the message names it.
    Unreadable(String),
}

/// The closing counts of a run.
pub struct Summary {
    pub done: usize,
    pub failed: usize,
}

/// Analyses one document whose near-duplicate verdict is taken, and renders it.
fn work(doc: Document, prepared: Prepared, opts: &Options, duplicate_of: Option<Match>, format: Format) -> Outcome {
    let path = doc.meta.path.clone();
    // The pipeline never panics on text (fuzzed); should a bug make it, one article fails, not
    // the batch.
    let r = catch_unwind(AssertUnwindSafe(|| {
        let a: Analysis = analyze_prepared(doc, opts, prepared, duplicate_of);
        let skip = Skip::of(&a);
        let mut s = match format {
            Format::Json => report::to_json(&a),
            Format::Text => term::text(&report::to_text(&term::one_line_meta(a))).into_owned(),
        };
        s.push('\n');
        (s, skip)
    }));
    match r {
        Ok((s, skip)) => Outcome::Done(s, skip),
        Err(_) => Outcome::Failed(format!("rasd: {path}: analysis failed (internal error); the article was not coded")),
    }
}

/// Reads, analyses and writes `inputs` on `threads` analysis threads (at least one), linking
/// near-duplicates to their first copy unless `keep_duplicates`. Output and notes are in input
/// order. A write error stops the run and is returned.
pub fn run(
    inputs: &[String],
    input_format: InputFormat,
    opts: &Options,
    keep_duplicates: bool,
    format: Format,
    threads: usize,
    out: &mut dyn Write,
) -> anyhow::Result<Summary> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build().context("starting the analysis threads")?;
    let window = window(threads);
    let mut dedup = DedupIndex::default();
    let mut notes = Notes::default();
    let mut summary = Summary { done: 0, failed: 0 };
    let mut write_err: Option<io::Error> = None;
    let (tx, rx) = mpsc::channel::<(u64, Outcome)>();
    // `held[k]` is input position `written + k`: None until its outcome is back.
    let mut held: VecDeque<Option<Outcome>> = VecDeque::with_capacity(window);
    let mut written: u64 = 0;

    // Writes the outcomes at the front of `held` that are back, in order.
    let mut flush = |held: &mut VecDeque<Option<Outcome>>, written: &mut u64, write_err: &mut Option<io::Error>| {
        while let Some(Some(_)) = held.front() {
            let Some(Some(o)) = held.pop_front() else { unreachable!() };
            *written += 1;
            if write_err.is_some() {
                continue;
            }
            match o {
                Outcome::Done(s, skip) => {
                    notes.note(skip);
                    summary.done += 1;
                    if let Err(e) = out.write_all(s.as_bytes()) {
                        *write_err = Some(e);
                    }
                }
                Outcome::Failed(msg) | Outcome::Unreadable(msg) => {
                    summary.failed += 1;
                    crate::note!("{msg}");
                }
            }
        }
    };
    let receive = |held: &mut VecDeque<Option<Outcome>>, written: u64, (seq, o): (u64, Outcome)| {
        held[(seq - written) as usize] = Some(o);
    };

    pool.in_place_scope(|scope| {
        let mut next: u64 = 0;
        read_inputs(inputs, input_format, &mut |r| {
            if write_err.is_some() {
                return;
            }
            let seq = next;
            next += 1;
            match r {
                Ok(doc) => {
                    // In input order, as `Batch::analyze` takes it: only Arabic documents with a
                    // signature are judged and indexed. (The language and layout computed here
                    // go with the document to its analysis.)
                    let mut prepared = Prepared::new(&doc);
                    let verdict = if keep_duplicates {
                        None
                    } else {
                        prepared.signature(&doc).and_then(|sig| dedup.insert_signature_or_match(&doc.meta.id, sig))
                    };
                    held.push_back(None);
                    let tx = tx.clone();
                    scope.spawn(move |_| {
                        let _ = tx.send((seq, work(doc, prepared, opts, verdict, format)));
                    });
                }
                Err(e) => held.push_back(Some(Outcome::Unreadable(format!("rasd: {e}")))),
            }
            // Take what is back without waiting; wait only while the window is full.
            while let Ok(m) = rx.try_recv() {
                receive(&mut held, written, m);
            }
            flush(&mut held, &mut written, &mut write_err);
            while held.len() >= window {
                let Ok(m) = rx.recv() else { break };
                receive(&mut held, written, m);
                flush(&mut held, &mut written, &mut write_err);
            }
        });
        while !held.is_empty() {
            flush(&mut held, &mut written, &mut write_err);
            if held.is_empty() {
                break;
            }
            let Ok(m) = rx.recv() else { break };
            receive(&mut held, written, m);
        }
    });
    if let Some(e) = write_err {
        return Err(e).context("writing output");
    }
    notes.summary(summary.done, summary.failed);
    Ok(summary)
}
