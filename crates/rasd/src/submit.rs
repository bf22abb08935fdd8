//! `rasd submit`: articles onto the NATS JetStream queue, for `rasd worker`s to analyse.
//!
//! Reads every input `rasd ingest` reads, in input order, and publishes one message per article
//! ([`crate::queue::ArticleMessage`]). What `rasd ingest` decides in input order is decided here,
//! the same way, before the articles are spread over workers: the content hash (articles repeated
//! in the input are submitted once; with `--db`, articles already stored are not submitted), and
//! the near-duplicate verdict (MinHash in input order against this run's articles and, with
//! `--db`, the last [`rasd_dedup::DEFAULT_WINDOW`] first copies stored; see [`rasd_store::admit`]).
//! Publishing is pipelined: up to `--in-flight` messages wait for the server's acknowledgement at
//! once; a message the server did not store is an error naming its input, and the rest carry on.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use async_nats::jetstream::context::{Publish, PublishAckFuture};

use rasd_core::Date;
use rasd_read::{InputFormat, read_inputs};
use rasd_store::Store;
use rasd_store::admit::Admission;

use crate::queue::{self, ArticleMessage, MESSAGE_VERSION, QueueArgs, WireDocument, WireMatch};

#[derive(clap::Args)]
pub struct SubmitArgs {
    /// Files, directories (recursive; `.gz` read through) or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    #[command(flatten)]
    queue: QueueArgs,
    /// The database the workers write to (an SQLite file or `postgres://…`): articles already
    /// stored are not submitted, and near-duplicates are also judged against its first copies.
    #[arg(long)]
    db: Option<String>,
    /// How to read files: by extension and content (`auto`), or `text`, `jsonl`, `html`, `feed`, `warc`.
    #[arg(long = "input-format", default_value = "auto", value_parser = ["auto", "text", "jsonl", "html", "feed", "warc"])]
    input_format: String,
    /// Code near-duplicates (syndicated copies) too, instead of linking them to the first copy.
    #[arg(long)]
    keep_duplicates: bool,
    /// Publication date for every input (YYYY-MM-DD), overriding headers and date lines.
    #[arg(long, value_parser = crate::ingest::parse_date)]
    published: Option<Date>,
    /// Messages awaiting the server's acknowledgement at once.
    #[arg(long, default_value_t = 512)]
    in_flight: usize,
}

pub fn input_format(s: &str) -> InputFormat {
    match s {
        "text" => InputFormat::Text,
        "jsonl" => InputFormat::Jsonl,
        "html" => InputFormat::Html,
        "feed" => InputFormat::Feed,
        "warc" => InputFormat::Warc,
        _ => InputFormat::Auto,
    }
}

pub fn run(args: SubmitArgs) -> Result<ExitCode> {
    let t0 = Instant::now();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().context("starting the queue client")?;
    let (client, js, _stream) = rt.block_on(queue::connect(&args.queue))?;
    let max_payload = client.server_info().max_payload;

    let mut admission = Admission::new(args.keep_duplicates, args.published);
    let store = match &args.db {
        Some(db) => {
            let store = Store::open_url(db).with_context(|| format!("opening {}", rasd_store::pg::redact(db)))?;
            admission.load_stored(&store)?;
            Some(store)
        }
        None => None,
    };
    let mut stored = |h: &str| -> rasd_store::Result<bool> {
        Ok(match &store {
            Some(s) => s.has_document(h)?,
            None => false,
        })
    };

    let (mut submitted, mut skipped, mut failed, mut duplicates) = (0u64, 0u64, 0u64, 0u64);
    let mut pending: Vec<(String, PublishAckFuture)> = Vec::new();
    let settle = |pending: &mut Vec<(String, PublishAckFuture)>, failed: &mut u64| {
        let acks: Vec<(String, PublishAckFuture)> = std::mem::take(pending);
        rt.block_on(async {
            for (name, ack) in acks {
                if let Err(e) = ack.await {
                    *failed += 1;
                    crate::note!("rasd: {name}: the queue did not store the article: {e}");
                }
            }
        });
    };
    read_inputs(&args.inputs, input_format(&args.input_format), &mut |r| {
        let mut doc = match r {
            Ok(d) => d,
            Err(e) => {
                failed += 1;
                crate::note!("rasd: {e}");
                return;
            }
        };
        let (hash, signature, duplicate_of) = match admission.admit(&mut doc, &mut stored) {
            Ok(Some(a)) => (a.hash, a.signature, a.duplicate_of),
            Ok(None) => {
                skipped += 1;
                return;
            }
            Err(e) => {
                failed += 1;
                crate::note!("rasd: {}: checking the database: {e}", doc.meta.path);
                return;
            }
        };
        duplicates += u64::from(duplicate_of.is_some());
        let msg = ArticleMessage {
            v: MESSAGE_VERSION,
            seq: submitted,
            hash: hash.clone(),
            published_option: args.published.map(|d| d.to_string()),
            doc: WireDocument::from_document(&doc),
            signature: signature.map(|s| queue::to_hex(&s.to_bytes())),
            duplicate_of: duplicate_of.map(|m| WireMatch { original: m.original, similarity: m.similarity }),
        };
        let payload = serde_json::to_vec(&msg).expect("plain data serialises");
        let name = doc.meta.path.clone();
        if payload.len() > max_payload {
            failed += 1;
            eprintln!(
                "rasd: {name}: the article's message is {} bytes, over the server's max_payload of {max_payload} (raise max_payload in nats-server's configuration)",
                payload.len()
            );
            return;
        }
        let publish = Publish::build().payload(payload.into()).message_id(&hash);
        match rt.block_on(js.send_publish(args.queue.subject.clone(), publish)) {
            Ok(ack) => {
                pending.push((name, ack));
                submitted += 1;
            }
            Err(e) => {
                failed += 1;
                crate::note!("rasd: {name}: cannot publish to the queue: {e}");
            }
        }
        if pending.len() >= args.in_flight.max(1) {
            settle(&mut pending, &mut failed);
        }
    });
    settle(&mut pending, &mut failed);
    rt.block_on(client.flush()).map_err(|e| anyhow!("flushing the queue connection: {e}"))?;
    let secs = t0.elapsed().as_secs_f64();
    eprintln!(
        "rasd: {submitted} articles submitted to {} ({duplicates} near-duplicates linked to a first copy), {skipped} skipped as seen, {failed} failed; {secs:.1} s, {:.0} articles/s",
        args.queue.stream,
        submitted as f64 / secs.max(1e-9)
    );
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
