//! What the server needs from an event database, as a trait over `rasd_store`'s plain types, and
//! its implementation over a store of either engine (SQLite file or PostgreSQL): a small pool of
//! read-only connections (each query bounded in time) and, only when writes are allowed, one
//! writer connection.
//!
//! The handlers see only [`Backend`].

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rasd_store::views::TimelineBucket;
use rasd_store::{
    ActorCount, ActorRef, CodedDocument, Counterpart, Counts, DateSpan, DocumentDetail, EntityDetail, EventDetail, EventFilter, EventSort,
    EventSummary, ExportFormat, Graph, Page, PlaceCount, SearchHit, Store, Timeline,
};

pub use rasd_store::Error as StoreError;

pub type StoreResult<T> = Result<T, StoreError>;

/// What storing an analysed article did.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Stored {
    /// The document's database id (its row), for `/api/documents/{id}`.
    pub document: Option<i64>,
    /// False when the same article (same content hash) was already stored.
    pub new: bool,
    pub events: usize,
    pub merged_events: usize,
}

/// The event database as the server uses it. Every method blocks; the server calls them on
/// blocking threads, at most [`Backend::readers`] at a time.
pub trait Backend: Send + Sync + 'static {
    /// How many read calls may run at once.
    fn readers(&self) -> usize;
    fn counts(&self) -> StoreResult<Counts>;
    fn events(&self, f: &EventFilter, sort: EventSort, page: Page) -> StoreResult<(usize, Vec<EventSummary>)>;
    /// Writes at most `max` matching events in `format` to `out`, within `time`; returns how many.
    fn export(&self, format: ExportFormat, f: &EventFilter, max: usize, time: Duration, out: &mut dyn std::io::Write)
    -> StoreResult<usize>;
    fn event(&self, id: i64) -> StoreResult<Option<EventDetail>>;
    fn entity(&self, id: &str, page: Page) -> StoreResult<Option<EntityDetail>>;
    fn actors(&self, f: &EventFilter, top: usize) -> StoreResult<Vec<ActorCount>>;
    fn resolve_actor(&self, q: &str) -> StoreResult<Vec<ActorRef>>;
    fn graph(&self, f: &EventFilter) -> StoreResult<Graph>;
    /// The entity ids the filter's actors resolve to.
    fn filter_actor_ids(&self, f: &EventFilter) -> StoreResult<Vec<String>>;
    fn counterparts(&self, f: &EventFilter, top: usize) -> StoreResult<Vec<Counterpart>>;
    fn date_span(&self, f: &EventFilter) -> StoreResult<DateSpan>;
    fn timeline(&self, f: &EventFilter, bucket: TimelineBucket) -> StoreResult<Timeline>;
    fn places(&self, f: &EventFilter, top: usize) -> StoreResult<Vec<PlaceCount>>;
    fn document(&self, id: &str) -> StoreResult<Option<DocumentDetail>>;
    fn search(&self, words: &str, page: Page) -> StoreResult<(usize, Vec<SearchHit>)>;
    /// Whether events were stored after the merged events were last rebuilt.
    fn merged_is_stale(&self) -> StoreResult<bool> {
        Ok(false)
    }
    /// Whether [`Backend::store`] may be called (the server was started with writes allowed).
    fn writable(&self) -> bool;
    /// Stores one coded article and brings the merged events up to date.
    fn store(&self, doc: CodedDocument, now: &str) -> StoreResult<Stored>;
}

/// Where a [`StoreBackend`]'s connections go.
#[derive(Clone, Debug)]
enum Target {
    File(PathBuf),
    /// A `postgres://…` URL.
    Url(String),
}

/// A store of either engine: `readers` read-only connections, opened on demand and reused, and a
/// writer if asked. SQLite: read-only connections to the file (`PRAGMA query_only`), each query
/// bounded by the progress handler. PostgreSQL: read-only sessions
/// (`default_transaction_read_only`), each statement bounded by `statement_timeout`; any number
/// of servers may share one database with the workers that fill it.
pub struct StoreBackend {
    target: Target,
    readers: usize,
    query_time: Duration,
    idle: Mutex<Vec<Store>>,
    writer: Option<Mutex<Store>>,
}

/// The name the server was first written with (an SQLite file); the same type.
pub type SqliteBackend = StoreBackend;

impl StoreBackend {
    /// Opens the SQLite database at `path`. Without `writes` the file must exist with the current
    /// schema and nothing is ever written to it; with `writes` it is created or migrated and
    /// one writer connection is kept.
    pub fn open(path: &Path, readers: usize, query_time: Duration, writes: bool) -> StoreResult<StoreBackend> {
        StoreBackend::connect(Target::File(path.to_path_buf()), readers, query_time, writes)
    }

    /// Opens a database named by a command-line argument: a `postgres://…` URL or an SQLite path.
    pub fn open_url(db: &str, readers: usize, query_time: Duration, writes: bool) -> StoreResult<StoreBackend> {
        let target = if rasd_store::is_postgres_url(db) { Target::Url(db.to_string()) } else { Target::File(PathBuf::from(db)) };
        StoreBackend::connect(target, readers, query_time, writes)
    }

    fn connect(target: Target, readers: usize, query_time: Duration, writes: bool) -> StoreResult<StoreBackend> {
        let writer = if writes {
            Some(Mutex::new(match &target {
                Target::File(p) => Store::open(p)?,
                Target::Url(u) => Store::open_url(u)?,
            }))
        } else {
            None
        };
        // Open one reader now, so a missing or unreadable database is an error at start-up.
        let first = open_reader(&target)?;
        Ok(StoreBackend { target, readers: readers.max(1), query_time, idle: Mutex::new(vec![first]), writer })
    }

    /// Whether events were stored after the merged view was last rebuilt.
    pub fn merged_is_stale(&self) -> StoreResult<bool> {
        self.with_reader(|s| s.merged_is_stale())
    }

    fn with_reader<T>(&self, f: impl FnOnce(&Store) -> StoreResult<T>) -> StoreResult<T> {
        self.with_reader_for(self.query_time, f)
    }

    /// A read call bounded by `time` rather than the per-query bound.
    fn with_reader_for<T>(&self, time: Duration, f: impl FnOnce(&Store) -> StoreResult<T>) -> StoreResult<T> {
        let taken = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut store = match taken {
            Some(s) => s,
            None => open_reader(&self.target)?,
        };
        store.set_query_time_limit(Some(time))?;
        let out = f(&store);
        // A connection whose query failed may be broken (a server restart): not kept.
        if out.is_ok() || matches!(self.target, Target::File(_)) {
            let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
            if idle.len() < self.readers {
                idle.push(store);
            }
        }
        out
    }
}

fn open_reader(t: &Target) -> StoreResult<Store> {
    match t {
        Target::File(p) => Store::open_reader(p),
        Target::Url(u) => Store::open_reader_url(u),
    }
}

impl Backend for StoreBackend {
    fn readers(&self) -> usize {
        self.readers
    }
    fn counts(&self) -> StoreResult<Counts> {
        self.with_reader(|s| s.counts())
    }
    fn events(&self, f: &EventFilter, sort: EventSort, page: Page) -> StoreResult<(usize, Vec<EventSummary>)> {
        self.with_reader(|s| s.events_sorted(f, sort, page))
    }
    fn export(
        &self,
        format: ExportFormat,
        f: &EventFilter,
        max: usize,
        time: Duration,
        out: &mut dyn std::io::Write,
    ) -> StoreResult<usize> {
        self.with_reader_for(time, |s| s.export_bounded(format, f, max, out))
    }
    fn event(&self, id: i64) -> StoreResult<Option<EventDetail>> {
        self.with_reader(|s| s.event(id))
    }
    fn entity(&self, id: &str, page: Page) -> StoreResult<Option<EntityDetail>> {
        self.with_reader(|s| s.entity(id, page))
    }
    fn actors(&self, f: &EventFilter, top: usize) -> StoreResult<Vec<ActorCount>> {
        self.with_reader(|s| s.actors(f, top))
    }
    fn resolve_actor(&self, q: &str) -> StoreResult<Vec<ActorRef>> {
        self.with_reader(|s| s.resolve_actor(q))
    }
    fn graph(&self, f: &EventFilter) -> StoreResult<Graph> {
        self.with_reader(|s| s.graph(f))
    }
    fn filter_actor_ids(&self, f: &EventFilter) -> StoreResult<Vec<String>> {
        self.with_reader(|s| s.filter_actor_ids(f))
    }
    fn counterparts(&self, f: &EventFilter, top: usize) -> StoreResult<Vec<Counterpart>> {
        self.with_reader(|s| s.counterparts(f, top))
    }
    fn date_span(&self, f: &EventFilter) -> StoreResult<DateSpan> {
        self.with_reader(|s| s.date_span(f))
    }
    fn timeline(&self, f: &EventFilter, bucket: TimelineBucket) -> StoreResult<Timeline> {
        self.with_reader(|s| s.timeline(f, bucket))
    }
    fn places(&self, f: &EventFilter, top: usize) -> StoreResult<Vec<PlaceCount>> {
        self.with_reader(|s| s.places(f, top))
    }
    fn document(&self, id: &str) -> StoreResult<Option<DocumentDetail>> {
        self.with_reader(|s| s.document(id))
    }
    fn search(&self, words: &str, page: Page) -> StoreResult<(usize, Vec<SearchHit>)> {
        self.with_reader(|s| s.search(words, page))
    }
    fn merged_is_stale(&self) -> StoreResult<bool> {
        self.with_reader(|s| s.merged_is_stale())
    }
    fn writable(&self) -> bool {
        self.writer.is_some()
    }
    fn store(&self, doc: CodedDocument, now: &str) -> StoreResult<Stored> {
        let Some(w) = &self.writer else { return Err(StoreError::msg("writes are disabled (start rasd serve with --allow-writes)")) };
        let mut w = w.lock().unwrap_or_else(|p| p.into_inner());
        let hash = doc.hash.clone();
        let stats = w.write_batch(std::slice::from_ref(&doc), now)?;
        let merged = w.update_merged()?;
        let id = w.document_id_by_hash(&hash)?;
        Ok(Stored { document: id, new: stats.stored == 1, events: stats.events, merged_events: merged.merged_events })
    }
}
