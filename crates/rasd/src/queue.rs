//! The queue path shared by `rasd submit` and `rasd worker`: the article message and the NATS
//! JetStream stream and consumer they meet on.
//!
//! - One stream (default `RASD`, subject `rasd.articles`) with work-queue retention: a message
//!   is removed once a worker acknowledges it. Messages are published with `Nats-Msg-Id` = the
//!   article's content hash, so a submit repeated within the stream's duplicate window (two
//!   minutes) enqueues nothing twice; past it, workers skip stored hashes anyway.
//! - One durable pull consumer (default `rasd-workers`) shared by every worker, with explicit
//!   acknowledgements: a worker acknowledges a batch's messages only after the batch's
//!   transaction committed. A message not acknowledged within the ack wait (a worker killed, or
//!   cut off) is delivered again, to any worker.
//! - The message is JSON ([`ArticleMessage`]): the document as read (text, metadata), its
//!   content hash, its position in the submitted input (`seq`), and the near-duplicate verdict
//!   taken by `rasd submit` in input order — so workers, in whatever order they run, code exactly
//!   what `rasd ingest` codes.

use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use async_nats::jetstream::{self, consumer::pull, stream};
use serde::{Deserialize, Serialize};

use rasd_core::{DocMeta, Document, PublishedBasis};

/// Where submitters and workers meet (command-line options shared by both).
#[derive(clap::Args, Clone, Debug)]
pub struct QueueArgs {
    /// The NATS server (`nats://host:4222`), with JetStream enabled (`nats-server -js`).
    #[arg(long)]
    pub queue: String,
    /// The JetStream stream (created if missing).
    #[arg(long, default_value = "RASD")]
    pub stream: String,
    /// The subject articles are published on.
    #[arg(long, default_value = "rasd.articles")]
    pub subject: String,
}

/// The wire form of one article (version [`MESSAGE_VERSION`]).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ArticleMessage {
    pub v: u32,
    /// Position in the submitted input (0-based, among the articles submitted by that run).
    pub seq: u64,
    /// `rasd_store::content_hash` of the document (checked by the worker).
    pub hash: String,
    /// `--published` given to `rasd submit` (also applied to `doc`).
    pub published_option: Option<String>,
    pub doc: WireDocument,
    /// The near-duplicate signature (hex of `rasd_dedup::Signature::to_bytes`), if computed.
    pub signature: Option<String>,
    /// The first copy this article nearly duplicates, decided in input order at submit time.
    pub duplicate_of: Option<WireMatch>,
}

pub const MESSAGE_VERSION: u32 = 1;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct WireDocument {
    pub id: String,
    pub path: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub published_basis: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub warnings: Vec<String>,
    pub text: String,
    pub body_start: usize,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct WireMatch {
    pub original: String,
    pub similarity: f64,
}

fn basis_from_str(s: &str) -> Option<PublishedBasis> {
    [PublishedBasis::Header, PublishedBasis::Dateline, PublishedBasis::Body, PublishedBasis::Option, PublishedBasis::None]
        .into_iter()
        .find(|b| b.as_str() == s)
}

fn parse_date(s: &str) -> Result<rasd_core::Date> {
    s.parse::<rasd_core::Date>().map_err(|e| anyhow!("bad date {s:?}: {e}"))
}

impl WireDocument {
    pub fn from_document(d: &Document) -> WireDocument {
        WireDocument {
            id: d.meta.id.clone(),
            path: d.meta.path.clone(),
            title: d.meta.title.clone(),
            published: d.meta.published.map(|p| p.to_string()),
            published_basis: d.meta.published_basis.as_str().to_string(),
            source: d.meta.source.clone(),
            url: d.meta.url.clone(),
            warnings: d.meta.warnings.clone(),
            text: d.text.clone(),
            body_start: d.body_start,
        }
    }

    pub fn into_document(self) -> Result<Document> {
        let published_basis =
            basis_from_str(&self.published_basis).ok_or_else(|| anyhow!("unknown published_basis {:?}", self.published_basis))?;
        let published = self.published.as_deref().map(parse_date).transpose()?;
        if self.body_start > self.text.len() || !self.text.is_char_boundary(self.body_start) {
            return Err(anyhow!("body_start {} is not a character boundary of the text", self.body_start));
        }
        Ok(Document {
            meta: DocMeta {
                id: self.id,
                path: self.path,
                title: self.title,
                published,
                published_basis,
                source: self.source,
                url: self.url,
                warnings: self.warnings,
            },
            text: self.text,
            body_start: self.body_start,
        })
    }
}

impl ArticleMessage {
    /// The published option as a date.
    pub fn published_option(&self) -> Result<Option<rasd_core::Date>> {
        self.published_option.as_deref().map(parse_date).transpose()
    }

    pub fn signature_bytes(&self) -> Result<Option<Vec<u8>>> {
        self.signature.as_deref().map(from_hex).transpose()
    }
}

pub fn to_hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    s
}

pub fn from_hex(s: &str) -> Result<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return Err(anyhow!("odd-length hex"));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2).ok_or_else(|| anyhow!("bad hex"))?, 16).map_err(|e| anyhow!("bad hex: {e}")))
        .collect()
}

/// The NATS address as the client takes it (`nats://h:p` → `h:p`, which it also accepts).
fn address(url: &str) -> &str {
    url.strip_prefix("nats://").unwrap_or(url)
}

/// Connects and returns the JetStream context with the stream created if missing.
pub async fn connect(q: &QueueArgs) -> Result<(async_nats::Client, jetstream::Context, stream::Stream)> {
    let client = async_nats::ConnectOptions::new()
        .name("rasd")
        .connection_timeout(Duration::from_secs(10))
        .connect(address(&q.queue))
        .await
        .with_context(|| format!("cannot connect to the queue {}", q.queue))?;
    let js = jetstream::new(client.clone());
    let stream = js
        .get_or_create_stream(stream::Config {
            name: q.stream.clone(),
            subjects: vec![q.subject.clone()],
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            duplicate_window: Duration::from_secs(120),
            ..Default::default()
        })
        .await
        .map_err(|e| {
            anyhow!("cannot create or open the JetStream stream {} on {} (is JetStream enabled: nats-server -js?): {e}", q.stream, q.queue)
        })?;
    Ok((client, js, stream))
}

/// The shared durable pull consumer, created if missing with this ack wait.
pub async fn consumer(stream: &stream::Stream, name: &str, ack_wait: Duration) -> Result<jetstream::consumer::Consumer<pull::Config>> {
    stream
        .get_or_create_consumer(
            name,
            pull::Config {
                durable_name: Some(name.to_string()),
                ack_policy: jetstream::consumer::AckPolicy::Explicit,
                ack_wait,
                max_ack_pending: 10_000,
                ..Default::default()
            },
        )
        .await
        .map_err(|e| anyhow!("cannot create or open the consumer {name}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_survive_the_wire() {
        let d = Document {
            meta: DocMeta {
                id: "a1".into(),
                path: "news.jsonl:3".into(),
                title: Some("وزير الخارجية يصل إلى الرباط".into()),
                published: Some("2025-03-04".parse().unwrap()),
                published_basis: PublishedBasis::Header,
                source: Some("وكالة الأنباء".into()),
                url: None,
                warnings: vec!["w".into()],
            },
            text: "وصل وزير الخارجية إلى الرباط صباح اليوم.".into(),
            body_start: 0,
        };
        let w = WireDocument::from_document(&d);
        let json = serde_json::to_string(&w).unwrap();
        let back: WireDocument = serde_json::from_str(&json).unwrap();
        let d2 = back.into_document().unwrap();
        assert_eq!(d2.meta.id, d.meta.id);
        assert_eq!(d2.meta.published, d.meta.published);
        assert_eq!(d2.meta.published_basis, d.meta.published_basis);
        assert_eq!(d2.text, d.text);
        assert_eq!(rasd_store::content_hash(&d2), rasd_store::content_hash(&d));
    }

    #[test]
    fn bad_wire_documents_are_refused() {
        let mut w = WireDocument::from_document(&Document { text: "نص".into(), ..Document::default() });
        w.body_start = 1; // inside a two-byte letter
        assert!(w.clone().into_document().is_err());
        w.body_start = 0;
        w.published_basis = "sometime".into();
        assert!(w.into_document().is_err());
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(from_hex(&to_hex(&[0, 1, 254, 255])).unwrap(), vec![0, 1, 254, 255]);
        assert!(from_hex("abc").is_err());
        assert!(from_hex("zz").is_err());
    }
}
