//! `rasd worker`: takes articles off the NATS JetStream queue, analyses them and writes them to
//! the database (PostgreSQL for many workers; an SQLite file works for one).
//!
//! The loop: pull a batch (up to `--batch` messages, waiting at most `--wait-ms` for it to
//! fill), drop the articles already stored (by content hash), analyse the rest on the rayon
//! pool, write them in ONE transaction (`INSERT … ON CONFLICT DO NOTHING`, so an article another
//! worker stored meanwhile is skipped), and only then acknowledge the batch's messages. A worker
//! killed at any point loses nothing: its unacknowledged messages are delivered again after the
//! consumer's ack wait, and the idempotent writes keep doubles out. If the write fails, the
//! messages are negatively acknowledged (delivered again after a delay) and the worker reconnects.
//!
//! A message that is not a valid article (bad JSON, a wrong hash) or whose analysis panicked is
//! reported on stderr with its stream sequence number and acknowledged (terminated), so it cannot
//! loop forever; the rest of the batch carries on.
//!
//! Merging: the merged events are brought up to date by whichever worker finds them stale, at
//! most every `--merge-every` seconds and whenever the queue runs dry, under the database's merge
//! lock (`Store::try_update_merged`: one merge at a time, only the new events and the merged
//! events they touch; a worker that finds another one merging goes back to work). With `--exit-when-idle` a worker exits once the queue holds no message
//! and none awaits acknowledgement, after a final merge if the merged view is stale.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use async_nats::jetstream::{self, AckKind};
use futures_util::StreamExt;
use rayon::prelude::*;

use rasd_metrics::{Counter, Gauge, Registry};
use rasd_pipeline::Options;
use rasd_store::{CodedDocument, Store, content_hash};

use crate::queue::{self, ArticleMessage, MESSAGE_VERSION, QueueArgs};

#[derive(clap::Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    queue: QueueArgs,
    /// The database: `postgres://user@host/dbname` (shared by all workers) or an SQLite file.
    #[arg(long)]
    db: String,
    /// The durable consumer shared by all workers.
    #[arg(long, default_value = "rasd-workers")]
    consumer: String,
    /// Articles per batch (one transaction, acknowledged together).
    #[arg(long, default_value_t = 32)]
    batch: usize,
    /// How long a pull waits for a batch to fill, in milliseconds.
    #[arg(long, default_value_t = 500)]
    wait_ms: u64,
    /// Seconds a delivered message may stay unacknowledged before it is delivered again
    /// (applied when the consumer is created).
    #[arg(long, default_value_t = 60)]
    ack_wait: u64,
    /// Analysis threads, 1 to 256 (default: one per core).
    #[arg(long, value_parser = crate::ingest::parse_threads)]
    threads: Option<usize>,
    /// Rebuild stale merged events at most this often, in seconds (and when the queue is empty).
    #[arg(long, default_value_t = 60)]
    merge_every: u64,
    /// Never rebuild the merged events (leave it to `rasd merge` or another worker).
    #[arg(long)]
    no_merge: bool,
    /// Exit when the queue is empty and nothing awaits acknowledgement.
    #[arg(long)]
    exit_when_idle: bool,
    /// Serve Prometheus metrics at http://ADDR/metrics (e.g. 127.0.0.1:9100).
    #[arg(long)]
    metrics: Option<String>,
}

/// The worker's metrics.
struct WorkerMetrics {
    stored: Counter,
    skipped: Counter,
    failed: Counter,
    events: Counter,
    batches: Counter,
    batch_seconds: Counter,
    redelivered: Counter,
    merges: Counter,
    err_message: Counter,
    err_analysis: Counter,
    err_database: Counter,
    err_queue: Counter,
    rate: Gauge,
    pending: Gauge,
    ack_pending: Gauge,
}

impl WorkerMetrics {
    fn new(r: &Registry) -> WorkerMetrics {
        let articles = |o: &str| {
            r.counter(
                "rasd_worker_articles_total",
                "Articles taken off the queue, by outcome (stored, skipped as already stored, failed).",
                &[("outcome", o)],
            )
        };
        let errors = |k: &str| {
            r.counter(
                "rasd_worker_errors_total",
                "Errors, by kind (message: not a valid article; analysis; database; queue).",
                &[("kind", k)],
            )
        };
        let m = WorkerMetrics {
            stored: articles("stored"),
            skipped: articles("skipped"),
            failed: articles("failed"),
            events: r.counter("rasd_worker_events_total", "Per-document events written.", &[]),
            batches: r.counter("rasd_worker_batches_total", "Batches committed.", &[]),
            batch_seconds: r.counter("rasd_worker_batch_seconds_total", "Seconds spent on committed batches (analysis and write).", &[]),
            redelivered: r.counter(
                "rasd_worker_redelivered_total",
                "Messages received that had been delivered before (to a worker that did not acknowledge them).",
                &[],
            ),
            merges: r.counter("rasd_worker_merges_total", "Rebuilds of the merged events run by this worker.", &[]),
            err_message: errors("message"),
            err_analysis: errors("analysis"),
            err_database: errors("database"),
            err_queue: errors("queue"),
            rate: r.gauge("rasd_worker_articles_per_second", "Articles processed per second over the last 10 seconds.", &[]),
            pending: r.gauge("rasd_queue_pending", "Queue lag: messages in the stream not yet delivered to a worker.", &[]),
            ack_pending: r.gauge("rasd_queue_ack_pending", "Messages delivered to workers and not yet acknowledged.", &[]),
        };
        r.gauge("rasd_worker_start_time_seconds", "Start time of the worker, seconds since the Unix epoch.", &[])
            .set(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64()));
        m
    }
}

/// Articles per second over a sliding window.
struct Rate {
    window: Duration,
    points: std::collections::VecDeque<(Instant, u64)>,
    total: u64,
}

impl Rate {
    fn add(&mut self, n: u64) -> f64 {
        let now = Instant::now();
        self.total += n;
        self.points.push_back((now, self.total));
        while self.points.len() > 1 && now.duration_since(self.points[0].0) > self.window {
            self.points.pop_front();
        }
        let (t0, n0) = self.points[0];
        let dt = now.duration_since(t0).as_secs_f64();
        if dt < 1e-3 { 0.0 } else { (self.total - n0) as f64 / dt }
    }
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

/// Process CPU seconds (user + system), from /proc (0 where unavailable).
pub fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    let Some(rest) = stat.rsplit_once(')').map(|x| x.1) else { return 0.0 };
    let f: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command name.
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// One decoded message, ready for analysis.
struct Work {
    msg: ArticleMessage,
    doc: rasd_core::Document,
    signature: Option<Vec<u8>>,
}

fn decode(payload: &[u8]) -> Result<Work> {
    let msg: ArticleMessage = serde_json::from_slice(payload).context("not a rasd article message")?;
    if msg.v != MESSAGE_VERSION {
        return Err(anyhow!("message version {} (this worker reads version {MESSAGE_VERSION})", msg.v));
    }
    let doc = msg.doc.clone().into_document()?;
    let hash = content_hash(&doc);
    if hash != msg.hash {
        return Err(anyhow!("the message's hash {} is not its document's ({hash})", msg.hash));
    }
    let signature = msg.signature_bytes()?;
    Ok(Work { msg, doc, signature })
}

fn open_store(db: &str) -> Result<Store> {
    Store::open_url(db).with_context(|| format!("opening {}", rasd_store::pg::redact(db)))
}

pub fn run(args: WorkerArgs) -> Result<ExitCode> {
    let t0 = Instant::now();
    let cpu0 = cpu_seconds();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().context("starting the queue client")?;
    let mut store = open_store(&args.db)?;
    let (client, _js, stream) = rt.block_on(queue::connect(&args.queue))?;
    let mut consumer = rt.block_on(queue::consumer(&stream, &args.consumer, Duration::from_secs(args.ack_wait.max(1))))?;
    let registry = Arc::new(Registry::new());
    let m = WorkerMetrics::new(&registry);
    if let Some(addr) = &args.metrics {
        let local = rasd_metrics::serve(addr, registry.clone()).with_context(|| format!("serving metrics on {addr}"))?;
        crate::note!("rasd: worker metrics at http://{local}/metrics");
    }
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())).max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().context("starting the analysis threads")?;
    let mut rate = Rate { window: Duration::from_secs(10), points: Default::default(), total: 0 };
    let mut last_merge = Instant::now();
    let merge_every = Duration::from_secs(args.merge_every);

    loop {
        let fetched: Result<Vec<jetstream::Message>> = rt.block_on(async {
            let mut batch = consumer
                .batch()
                .max_messages(args.batch.max(1))
                .expires(Duration::from_millis(args.wait_ms.max(10)))
                .messages()
                .await
                .map_err(|e| anyhow!("{e}"))?;
            let mut out = Vec::new();
            while let Some(m) = batch.next().await {
                out.push(m.map_err(|e| anyhow!("{e}"))?);
            }
            Ok(out)
        });
        let msgs = match fetched {
            Ok(v) => v,
            Err(e) => {
                m.err_queue.inc();
                crate::note!("rasd: pulling from the queue: {e}; retrying");
                std::thread::sleep(Duration::from_secs(1));
                continue;
            }
        };
        if let Ok(info) = rt.block_on(consumer.info()) {
            m.pending.set(info.num_pending as f64);
            m.ack_pending.set(info.num_ack_pending as f64);
        }
        let idle = msgs.is_empty();
        if !args.no_merge && (idle || last_merge.elapsed() >= merge_every) {
            last_merge = Instant::now();
            match store.merged_is_stale().and_then(|stale| if stale { store.try_update_merged() } else { Ok(None) }) {
                Ok(Some(s)) => {
                    m.merges.inc();
                    eprintln!(
                        "rasd: merged {} events into {} merged events ({} from several documents)",
                        s.events, s.merged_events, s.multi_document
                    );
                }
                Ok(None) => {}
                Err(e) => {
                    m.err_database.inc();
                    crate::note!("rasd: merging: {e:#}");
                }
            }
        }
        if idle {
            m.rate.set(rate.add(0));
            if args.exit_when_idle && m.pending.get() == 0.0 && m.ack_pending.get() == 0.0 {
                // Re-read the consumer's state: exit only when nothing is in flight anywhere.
                let info = rt.block_on(consumer.info()).map_err(|e| anyhow!("reading the consumer's state: {e}"))?;
                if info.num_pending == 0 && info.num_ack_pending == 0 {
                    if !args.no_merge && store.merged_is_stale()? {
                        let s = store.update_merged()?;
                        m.merges.inc();
                        eprintln!(
                            "rasd: merged {} events into {} merged events ({} from several documents)",
                            s.events, s.merged_events, s.multi_document
                        );
                    }
                    break;
                }
            }
            continue;
        }

        let tb = Instant::now();
        // Decode; a bad message is reported and terminated.
        let mut work: Vec<(usize, Work)> = Vec::new();
        let mut done: Vec<bool> = vec![false; msgs.len()];
        for (i, msg) in msgs.iter().enumerate() {
            let (seq, delivered) = msg.info().map(|x| (x.stream_sequence, x.delivered)).unwrap_or((0, 1));
            if delivered > 1 {
                m.redelivered.inc();
            }
            match decode(&msg.payload) {
                Ok(w) => work.push((i, w)),
                Err(e) => {
                    m.err_message.inc();
                    m.failed.inc();
                    crate::note!("rasd: queue message {seq}: {e:#}; dropped");
                    done[i] = true;
                }
            }
        }
        let hashes: Vec<String> = work.iter().map(|(_, w)| w.msg.hash.clone()).collect();
        let known = match store.known_among(&hashes) {
            Ok(k) => k,
            Err(e) => {
                m.err_database.inc();
                crate::note!("rasd: checking stored articles: {e:#}; the batch will be delivered again");
                nak_all(&rt, &msgs, &done);
                store = reopen(&args.db, store);
                continue;
            }
        };
        let (seen, todo): (Vec<_>, Vec<_>) = work.into_iter().partition(|(_, w)| known.contains(&w.msg.hash));
        let skipped_known = seen.len();
        let results: Vec<(usize, Result<CodedDocument, String>)> = pool.install(|| {
            todo.into_par_iter()
                .map(|(i, w)| {
                    let name = format!("{} (queue message {})", w.doc.meta.path, w.msg.seq);
                    let opts = match w.msg.published_option() {
                        Ok(p) => Options { published: p },
                        Err(e) => return (i, Err(format!("{name}: {e}"))),
                    };
                    let dup =
                        w.msg.duplicate_of.as_ref().map(|d| rasd_dedup::Match { original: d.original.clone(), similarity: d.similarity });
                    let r = rasd_store::admit::analyse(w.doc, None, &opts, w.msg.hash.clone(), w.signature, dup, &name);
                    (i, r)
                })
                .collect()
        });
        let mut docs = Vec::with_capacity(results.len());
        let mut failed_idx = Vec::new();
        for (i, r) in results {
            match r {
                Ok(d) => docs.push(d),
                Err(e) => {
                    m.err_analysis.inc();
                    m.failed.inc();
                    crate::note!("rasd: {e}");
                    failed_idx.push(i);
                }
            }
        }
        match store.write_batch(&docs, &now()) {
            Ok(s) => {
                // Committed: now, and only now, the messages are acknowledged.
                let acked = rt.block_on(async {
                    for msg in &msgs {
                        msg.ack().await.map_err(|e| anyhow!("{e}"))?;
                    }
                    client.flush().await.map_err(|e| anyhow!("{e}"))
                });
                if let Err(e) = acked {
                    // The batch is stored; a redelivery will be skipped by hash.
                    m.err_queue.inc();
                    crate::note!("rasd: acknowledging a stored batch: {e}; its messages will be delivered again and skipped");
                }
                m.stored.inc_by(s.stored as f64);
                m.skipped.inc_by((s.skipped + skipped_known) as f64);
                m.events.inc_by(s.events as f64);
                m.batches.inc();
                m.batch_seconds.inc_by(tb.elapsed().as_secs_f64());
                m.rate.set(rate.add(msgs.len() as u64));
            }
            Err(e) => {
                m.err_database.inc();
                crate::note!("rasd: writing a batch of {} articles: {e:#}; the batch will be delivered again", docs.len());
                nak_all(&rt, &msgs, &done);
                store = reopen(&args.db, store);
            }
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let (stored, skipped, failed) = (m.stored.get(), m.skipped.get(), m.failed.get());
    eprintln!(
        "rasd: worker done: {stored} articles stored, {skipped} skipped as stored, {failed} failed, {} redelivered messages received, {} merges; {secs:.1} s, {:.0} articles/s, {:.1} CPU-seconds",
        m.redelivered.get(),
        m.merges.get(),
        (stored + skipped + failed) / secs.max(1e-9),
        cpu_seconds() - cpu0
    );
    Ok(if failed > 0.0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Negative acknowledgement (delivered again after a second) for messages not yet settled.
fn nak_all(rt: &tokio::runtime::Runtime, msgs: &[jetstream::Message], done: &[bool]) {
    rt.block_on(async {
        for (msg, &d) in msgs.iter().zip(done) {
            let kind = if d { AckKind::Term } else { AckKind::Nak(Some(Duration::from_secs(1))) };
            let _ = msg.ack_with(kind).await;
        }
    });
}

/// After a database error: a new connection (the old one may be broken), or the old one if the
/// server cannot be reached yet.
fn reopen(db: &str, old: Store) -> Store {
    std::thread::sleep(Duration::from_secs(1));
    match open_store(db) {
        Ok(s) => s,
        Err(e) => {
            crate::note!("rasd: reconnecting to the database: {e:#}");
            old
        }
    }
}
