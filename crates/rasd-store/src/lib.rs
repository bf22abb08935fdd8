//! rasd's event database.
//!
//! An embedded SQLite database (bundled, WAL) that holds ingested articles and their codings:
//! documents with their text, sentences, entities and mentions, per-document events with their
//! actors and evidence, the outlets (sources), and *merged events* — one row per happening, however
//! many articles report it. Per-document events are never changed by merging: merged events are a
//! derived table with an `event → merged event` link, rebuilt by [`Store::rebuild_merged`],
//! brought up to date incrementally by [`Store::update_merged`] and undone by
//! [`Store::undo_merge`].
//!
//! The API is backend-neutral: plain Rust types in ([`CodedDocument`]) and out ([`EventSummary`],
//! [`EventDetail`], …); SQL stays inside this crate. Two backends stand behind it ([`sql::Db`]):
//! the embedded SQLite file (the default) and PostgreSQL ([`Store::open_url`] with a
//! `postgres://…` URL: same schema and migrations, [`pg`]), where any number of workers write at
//! once and merging runs under an advisory lock ([`Store::try_rebuild_merged`]).
//!
//! Invariants:
//! - a document is stored once: `documents.hash` (see [`coded::content_hash`]) is UNIQUE and
//!   writes skip hashes already present;
//! - one transaction per [`Store::write_batch`]: a killed process loses at most the batch in flight;
//! - ids are assigned in write order (no AUTOINCREMENT gaps survive a rollback), so writing the same
//!   documents in the same order gives the same database, however often the run was interrupted;
//! - merging is deterministic: connected components of a pairwise compatibility relation, which does
//!   not depend on the order events were stored in;
//! - every stored span is a UTF-8 byte range into the stored `documents.text`.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use rusqlite::{Connection, OpenFlags, params};

pub mod admit;
pub mod coded;
pub mod dump;
pub mod export;
pub mod filter;
pub mod ingest;
pub mod merge;
pub mod pg;
pub mod query;
pub mod schema;
pub mod sql;
pub mod textquery;
pub mod tolls;
pub mod views;

pub use admit::StoredSignature;
pub use coded::{CodedDocument, CodedEntity, CodedEvent, CodedToll, content_hash};
pub use export::ExportFormat;
pub use filter::{EventSort, HAPPENED, MODALITIES, SortKey};
pub use ingest::{IngestOptions, IngestReport, ingest};
pub use merge::MergeStats;
pub use query::{
    ActorCount, ActorRef, DocRef, DocumentDetail, Edge, EntityDetail, EventDetail, EventFilter, EventSummary, Evidence, Graph, MemberEvent,
    Page, PlaceRef, SearchHit, StoredMention,
};
pub use textquery::TextQuery;
pub use tolls::{StatedToll, Toll};
pub use views::{Counterpart, DateSpan, PlaceCount, TimeBucket, Timeline, TimelineBucket};

/// A store error: a message, with the SQLite or I/O error underneath (if any) as its source.
#[derive(Debug)]
pub struct Error {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    pub fn msg(message: impl Into<String>) -> Error {
        Error { message: message.into(), source: None }
    }

    fn with(message: impl Into<String>, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error { message: message.into(), source: Some(Box::new(source)) }
    }

    /// The SQLSTATE of a PostgreSQL error underneath (`23505`, `40P01`…), if any.
    pub fn sqlstate(&self) -> Option<String> {
        let pg = self.source.as_ref()?.downcast_ref::<postgres::Error>()?;
        pg.code().map(|c| c.code().to_string())
    }

    /// Whether a query was stopped because it ran past the limit set by
    /// [`Store::set_query_time_limit`] (SQLite: interrupted; PostgreSQL: `57014`, cancelled by
    /// `statement_timeout`).
    pub fn is_timeout(&self) -> bool {
        let sqlite = self
            .source
            .as_ref()
            .and_then(|e| e.downcast_ref::<rusqlite::Error>())
            .is_some_and(|e| e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted));
        sqlite || self.sqlstate().as_deref() == Some("57014")
    }
}

/// The message alone: the underlying error is the [`source`](std::error::Error::source), which
/// `anyhow`'s `{:#}` and other reporters print after it.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e.as_ref() as _)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::with("database error", e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        // Kept as the source, so that a closed pipe (`rasd export … | head`) can be recognised.
        Error::with("I/O error", e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The default database file, in the current directory.
pub const DEFAULT_DB: &str = "rasd.db";

/// What one [`Store::write_batch`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchStats {
    pub stored: usize,
    /// Documents whose hash was already in the database.
    pub skipped: usize,
    pub events: usize,
}

/// Counts of what the database holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub documents: usize,
    pub sources: usize,
    pub entities: usize,
    pub mentions: usize,
    pub events: usize,
    pub merged_events: usize,
}

/// A connection to one rasd database (SQLite or PostgreSQL).
pub struct Store {
    db: sql::Db,
}

/// Whether a database argument names a PostgreSQL server (`postgres://…`, `postgresql://…`)
/// rather than an SQLite file.
pub fn is_postgres_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Great-circle distance in km (haversine, mean Earth radius).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

/// SQL functions the queries use: `rasd_km(lat1, lon1, lat2, lon2)`.
/// A read-only connection to `path` and its schema version; `immutable` opens it through an
/// SQLite URI with `mode=ro&immutable=1` (for read-only media, see [`Store::open_reader`]).
fn reader_connection(path: &Path, immutable: bool) -> std::result::Result<(Connection, u32), rusqlite::Error> {
    let conn = if immutable {
        let uri = format!("file:{}?mode=ro&immutable=1", percent_path(path));
        Connection::open_with_flags(uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI)?
    } else {
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI)?
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "query_only", "ON")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "cache_size", -16384)?;
    // The first read: it fails on a file that is not a database, or when WAL cannot be set up.
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    Ok((conn, version))
}

/// A path written for an SQLite URI (`%`, `?` and `#` escaped).
fn percent_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.replace('%', "%25").replace('?', "%3f").replace('#', "%23")
}

fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "rasd_km",
        4,
        rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC | rusqlite::functions::FunctionFlags::SQLITE_UTF8,
        |ctx| {
            let v: [Option<f64>; 4] = [ctx.get(0)?, ctx.get(1)?, ctx.get(2)?, ctx.get(3)?];
            Ok(match v {
                [Some(a), Some(b), Some(c), Some(d)] => Some(distance_km(a, b, c, d)),
                _ => None,
            })
        },
    )?;
    Ok(())
}

/// How long a connection waits for another's lock (SQLite's busy timeout, and the WAL switch's retries).
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).map_err(|e| Error::with(format!("cannot open the database {}", path.display()), e))?;
        Store::setup(conn, true)
    }

    /// Opens a database named by a command-line argument: a `postgres://…` URL (connect and
    /// migrate) or an SQLite file path.
    pub fn open_url(db: &str) -> Result<Store> {
        if is_postgres_url(db) { Store::open_postgres(db) } else { Store::open(Path::new(db)) }
    }

    /// Connects to PostgreSQL (`postgres://user:password@host:port/dbname`, no TLS) and
    /// migrates the database to the current schema.
    pub fn open_postgres(url: &str) -> Result<Store> {
        Ok(Store { db: pg::open(url)? })
    }

    /// Which engine this store runs on.
    pub fn engine(&self) -> sql::Engine {
        self.db.engine()
    }

    /// A private in-memory database (tests, scratch work).
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, false)
    }

    /// Opens an existing database for reading only (a server's connections): nothing is created
    /// or migrated, and the connection refuses every write (`PRAGMA query_only`). The database
    /// must already have this build's schema version (`rasd ingest` or `rasd merge` migrate it).
    pub fn open_reader(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::msg(format!(
                "no database at {}: build one with `rasd ingest INPUT… --db {}`",
                path.display(),
                path.display()
            )));
        }
        // A database on read-only media (a read-only mount, a write-protected disk) cannot get
        // the `-shm` file WAL readers need; opened read-only and immutable it is read as it is
        // (nothing can be writing it there). Tried only when the usual open fails, since an
        // immutable connection would not see an ingest's later commits.
        let (conn, version) = match reader_connection(path, false) {
            Ok(c) => c,
            Err(first) => {
                reader_connection(path, true).map_err(|_| Error::msg(format!("cannot read the database {}: {first}", path.display())))?
            }
        };
        if version != schema::SCHEMA_VERSION {
            return Err(Error::msg(format!(
                "{} has schema version {version}, this rasd reads version {}{}",
                path.display(),
                schema::SCHEMA_VERSION,
                if version < schema::SCHEMA_VERSION {
                    format!(": migrate it with `rasd merge --db {}`", path.display())
                } else {
                    ": upgrade rasd".to_string()
                }
            )));
        }
        register_functions(&conn)?;
        Ok(Store { db: sql::Db::Sqlite(conn) })
    }

    /// A second, read-only connection to this store's database ([`Store::open_reader`] of the
    /// same file or URL), to look things up while this one writes; `None` for a private
    /// in-memory database, which no other connection can see.
    pub fn reader(&self) -> Result<Option<Store>> {
        match &self.db {
            sql::Db::Sqlite(conn) => match conn.path() {
                Some(p) if !p.is_empty() => Store::open_reader(Path::new(p)).map(Some),
                _ => Ok(None),
            },
            sql::Db::Postgres(pg) => {
                let url = pg.borrow().url.clone();
                Ok(Some(Store { db: pg::open_reader(&url)? }))
            }
        }
    }

    /// [`Store::open_reader`] for a command-line database argument: an SQLite path, or a
    /// `postgres://…` URL, where the session is read-only (`default_transaction_read_only`) and
    /// the schema must already be this build's (workers migrate it).
    pub fn open_reader_url(db: &str) -> Result<Store> {
        if is_postgres_url(db) { Ok(Store { db: pg::open_reader(db)? }) } else { Store::open_reader(Path::new(db)) }
    }

    /// Bounds the time of the queries that follow: any statement still running `limit` after
    /// this call is interrupted and fails with an error for which [`Error::is_timeout`] holds.
    /// `None` lifts the bound. (SQLite's progress handler, checked every 1,000 VM steps. On
    /// PostgreSQL the bound is per statement, `statement_timeout`, the server's own equivalent.)
    pub fn set_query_time_limit(&mut self, limit: Option<std::time::Duration>) -> Result<()> {
        match (&mut self.db, limit) {
            (sql::Db::Sqlite(conn), Some(l)) => {
                let deadline = std::time::Instant::now() + l;
                conn.progress_handler(1000, Some(move || std::time::Instant::now() >= deadline))?;
            }
            (sql::Db::Sqlite(conn), None) => conn.progress_handler(0, None::<fn() -> bool>)?,
            // 0 lifts PostgreSQL's bound: a zero limit is its smallest, 1 ms.
            (db, Some(l)) => db.batch(&format!("SET statement_timeout = {}", l.as_millis().clamp(1, i32::MAX as u128)))?,
            (db, None) => db.batch("SET statement_timeout = 0")?,
        }
        Ok(())
    }

    fn setup(mut conn: Connection, wal: bool) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if wal {
            // Switching a new database to WAL needs an exclusive lock, and SQLite answers
            // SQLITE_BUSY at once (no busy handler, to avoid a deadlock) when another connection
            // opening the same new file holds a shared one: retry within the busy timeout.
            let started = std::time::Instant::now();
            let mode: String = loop {
                match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)) {
                    Err(rusqlite::Error::SqliteFailure(f, _))
                        if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                            && started.elapsed() < BUSY_TIMEOUT =>
                    {
                        std::thread::sleep(std::time::Duration::from_millis(5));
                    }
                    other => break other?,
                }
            };
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::msg(format!("the database refused WAL mode (journal_mode is {mode})")));
            }
        }
        // WAL + NORMAL: a committed transaction survives a killed process (only a power cut may
        // lose the last ones).
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        schema::migrate(&mut conn)?;
        register_functions(&conn)?;
        Ok(Store { db: sql::Db::Sqlite(conn) })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        match &self.db {
            sql::Db::Sqlite(c) => Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?),
            db => pg::schema_version(db),
        }
    }

    /// Every document hash already stored (to skip seen articles before analysing them).
    pub fn known_hashes(&self) -> Result<HashSet<String>> {
        self.db.query("SELECT hash FROM documents", &[])?.iter().map(|r| r.get::<String>(0)).collect()
    }

    /// Which of `hashes` are stored (a worker's check before analysing a batch).
    pub fn known_among(&self, hashes: &[String]) -> Result<HashSet<String>> {
        match self.db.engine() {
            sql::Engine::Postgres => {
                let list = hashes.to_vec();
                self.db.query("SELECT hash FROM documents WHERE hash = ANY(?1)", &[&list])?.iter().map(|r| r.get::<String>(0)).collect()
            }
            sql::Engine::Sqlite => {
                let mut out = HashSet::new();
                for h in hashes {
                    if self.has_document(h)? {
                        out.insert(h.clone());
                    }
                }
                Ok(out)
            }
        }
    }

    /// The near-duplicate signatures of the last `limit` stored first copies, in storage order:
    /// (doc_id, bytes) — what a bounded near-duplicate index (`rasd_dedup::DedupIndex`) keeps.
    pub fn signatures(&self, limit: usize) -> Result<Vec<(String, Vec<u8>)>> {
        // (Only first copies: a copy was never added to the index that judged the documents after it.)
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.db.query(
            "SELECT doc_id, signature FROM (SELECT id, doc_id, signature FROM documents WHERE signature IS NOT NULL AND duplicate_of IS NULL
                                            ORDER BY id DESC LIMIT ?1) AS recent ORDER BY id",
            &[&limit],
        )?;
        rows.iter().map(|r| Ok((r.get::<String>(0)?, r.get::<Vec<u8>>(1)?))).collect()
    }

    /// The largest document row id (0 for an empty database).
    pub fn last_document_id(&self) -> Result<i64> {
        self.db.query_one("SELECT COALESCE(MAX(id), 0) FROM documents", &[])?.get(0)
    }

    pub fn has_document(&self, hash: &str) -> Result<bool> {
        Ok(self.db.query_opt("SELECT 1 FROM documents WHERE hash = ?1", &[&hash])?.is_some())
    }

    /// The row id of the document stored with this content hash, if any.
    pub fn document_id_by_hash(&self, hash: &str) -> Result<Option<i64>> {
        self.db.query_opt("SELECT id FROM documents WHERE hash = ?1", &[&hash])?.map(|r| r.get(0)).transpose()
    }

    /// Writes a batch of coded documents in one transaction, in the order given. Documents whose
    /// hash is already stored are skipped. `now` is the wall-clock time recorded as `ingested_at`.
    /// On PostgreSQL, other workers may write at the same time: see [`pg`].
    pub fn write_batch(&mut self, docs: &[CodedDocument], now: &str) -> Result<BatchStats> {
        match &mut self.db {
            sql::Db::Sqlite(conn) => write_batch_sqlite(conn, docs, now),
            db => pg::write_batch(db, docs, now),
        }
    }

    /// Records the start of an ingest run; returns its id.
    pub fn begin_run(&self, inputs: &[String], now: &str) -> Result<i64> {
        self.db.query_one("INSERT INTO runs (started_at, inputs) VALUES (?1, ?2) RETURNING id", &[&now, &inputs.join("\n")])?.get(0)
    }

    pub fn finish_run(&self, run: i64, now: &str, stored: usize, skipped: usize, failed: usize) -> Result<()> {
        self.db.execute(
            "UPDATE runs SET finished_at = ?2, stored = ?3, skipped = ?4, failed = ?5 WHERE id = ?1",
            &[&run, &now, &stored, &skipped, &failed],
        )?;
        Ok(())
    }

    pub fn counts(&self) -> Result<Counts> {
        let n = |sql: &str| -> Result<usize> { self.db.query_one(sql, &[])?.get::<usize>(0) };
        Ok(Counts {
            documents: n("SELECT count(*) FROM documents")?,
            sources: n("SELECT count(*) FROM sources")?,
            entities: n("SELECT count(*) FROM entities")?,
            mentions: n("SELECT count(*) FROM mentions")?,
            events: n("SELECT count(*) FROM events")?,
            merged_events: n("SELECT count(*) FROM merged_events")?,
        })
    }

    /// Whether merging is on (`rasd merge`) or undone (`rasd merge --undo`).
    pub fn merge_enabled(&self) -> Result<bool> {
        let v: Option<String> = self.meta("merge")?;
        Ok(v.as_deref() != Some("off"))
    }

    /// Whether events were written since the merged view was last rebuilt.
    pub fn merged_is_stale(&self) -> Result<bool> {
        match self.db.engine() {
            sql::Engine::Sqlite => Ok(self.meta("merged_stale")?.as_deref() == Some("1")),
            // Many writers: the merged view is stale when it was built over fewer events than
            // are stored (events are never deleted).
            sql::Engine::Postgres => {
                let events: i64 = self.db.query_one("SELECT count(*) FROM events", &[])?.get(0)?;
                Ok(self.meta("merged_events_count")?.and_then(|v| v.parse::<i64>().ok()) != Some(events))
            }
        }
    }

    /// A `meta` value.
    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>> {
        match self.db.query_opt("SELECT value FROM meta WHERE key = ?1", &[&key])? {
            Some(r) => Ok(Some(r.get(0)?)),
            None => Ok(None),
        }
    }

    pub(crate) fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &value],
        )?;
        Ok(())
    }

    /// A canonical, readable dump of everything the database holds except wall-clock times
    /// (`documents.ingested_at`, the `runs` table): two databases with equal dumps hold the same data.
    /// SQLite only (it prints row ids and the FTS tables); [`Store::content_dump`] compares
    /// databases of either engine.
    pub fn canonical_dump(&self, out: &mut dyn std::io::Write) -> Result<()> {
        let conn = self.sqlite()?;
        let tables: &[(&str, &str)] = &[
            ("sources", "id"),
            ("documents", "id"),
            ("sentences", "doc, idx"),
            ("entities", "id"),
            ("mentions", "doc, start, end, entity"),
            ("events", "id"),
            ("event_actors", "event, role, pos"),
            ("event_mentions", "event, idx"),
            ("merged_events", "id"),
            ("merged_actors", "merged, role, entity"),
            ("event_merge", "event"),
            ("documents_fts_docsize", "id"),
            ("events_fts_docsize", "id"),
            ("meta", "key"),
        ];
        writeln!(out, "schema {}", self.schema_version()?)?;
        for (table, order) in tables {
            let mut st = conn.prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
            let names: Vec<String> = st.column_names().map(str::to_string).collect();
            writeln!(out, "## {table} ({})", names.iter().filter(|n| *n != "ingested_at").cloned().collect::<Vec<_>>().join(", "))?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let mut line = String::new();
                for (i, n) in names.iter().enumerate() {
                    if n == "ingested_at" {
                        continue;
                    }
                    if !line.is_empty() {
                        line.push('\t');
                    }
                    let v: rusqlite::types::Value = r.get(i)?;
                    match v {
                        rusqlite::types::Value::Null => line.push_str("NULL"),
                        rusqlite::types::Value::Integer(x) => line.push_str(&x.to_string()),
                        rusqlite::types::Value::Real(x) => line.push_str(&format!("{x:?}")),
                        rusqlite::types::Value::Text(s) => {
                            line.push_str(&s.replace('\\', "\\\\").replace('\n', "\\n").replace('\t', "\\t"))
                        }
                        rusqlite::types::Value::Blob(b) => {
                            line.push_str(&format!("blob:{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>()))
                        }
                    }
                }
                writeln!(out, "{line}")?;
            }
        }
        Ok(())
    }

    /// Runs `f` inside one read transaction (a SAVEPOINT, so calls nest): every query in it sees
    /// the same committed state however a concurrent writer (`rasd ingest`, `rasd merge`) changes
    /// the database meanwhile — a count and the page it counts agree, an export never meets an
    /// event that a rebuilt merge removed. WAL mode lets it run while a writer commits.
    /// On PostgreSQL: a `REPEATABLE READ READ ONLY` transaction (one snapshot for all its
    /// statements, workers committing meanwhile), opened by the outermost call only.
    pub fn snapshot<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        match &self.db {
            sql::Db::Sqlite(conn) => {
                conn.execute_batch("SAVEPOINT rasd_read")?;
                let r = f();
                // Nothing to keep or undo in a read: release it whatever `f` returned.
                let released = conn.execute_batch("RELEASE rasd_read");
                let v = r?;
                released?;
                Ok(v)
            }
            db @ sql::Db::Postgres(_) => {
                if db.in_pg_transaction() {
                    return f();
                }
                db.begin_tx("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
                let r = f();
                let ended = db.end_tx(if r.is_ok() { "COMMIT" } else { "ROLLBACK" });
                let v = r?;
                ended?;
                Ok(v)
            }
        }
    }

    /// The connection, for this crate's modules.
    pub(crate) fn db(&self) -> &sql::Db {
        &self.db
    }

    /// The SQLite connection, for what only SQLite does.
    pub(crate) fn sqlite(&self) -> Result<&Connection> {
        match &self.db {
            sql::Db::Sqlite(c) => Ok(c),
            sql::Db::Postgres(_) => Err(Error::msg("this operation needs an SQLite database")),
        }
    }
}

/// What an entity row says when articles describe the same entity id differently (a generic
/// actor's Arabic surface, `مسلحون` or `مسلحي`): the smallest description wins, whichever article
/// was stored first, so that the database does not depend on the order articles are written in
/// (workers write in any order). Knowledge-base entities are described alike everywhere.
pub(crate) const ENTITY_UPSERT: &str = "ON CONFLICT (id) DO UPDATE SET name_en = excluded.name_en, name_ar = excluded.name_ar, name_key = excluded.name_key,
     kind = excluded.kind, country = excluded.country, sector = excluded.sector, wikidata = excluded.wikidata, lat = excluded.lat, lon = excluded.lon
     WHERE (excluded.name_ar, excluded.name_en, excluded.kind, COALESCE(excluded.country, ''), COALESCE(excluded.sector, ''), COALESCE(excluded.wikidata, ''))
         < (entities.name_ar, entities.name_en, entities.kind, COALESCE(entities.country, ''), COALESCE(entities.sector, ''), COALESCE(entities.wikidata, ''))";

/// The order [`ENTITY_UPSERT`] keeps the smallest of.
pub(crate) fn entity_rank(e: &CodedEntity) -> (&str, &str, &str, &str, &str, &str) {
    fn o(x: &Option<String>) -> &str {
        x.as_deref().unwrap_or("")
    }
    (&e.name_ar, &e.name_en, &e.kind, o(&e.country), o(&e.sector), o(&e.wikidata))
}

/// The SQLite write path: one transaction, cached statements, ids in write order.
fn write_batch_sqlite(conn: &mut Connection, docs: &[CodedDocument], now: &str) -> Result<BatchStats> {
    // IMMEDIATE: the write lock is taken (or waited for, up to the busy timeout) before the
    // first read. A deferred transaction that reads, then writes after another writer (`rasd
    // merge`) committed, fails at once with SQLITE_BUSY, which no busy timeout retries.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let stats = write_docs_sqlite(&tx, docs, now)?;
    tx.commit()?;
    Ok(stats)
}

/// The documents' rows, inside a write transaction the caller commits.
fn write_docs_sqlite(tx: &rusqlite::Transaction<'_>, docs: &[CodedDocument], now: &str) -> Result<BatchStats> {
    let mut stats = BatchStats::default();
    {
        let mut has = tx.prepare_cached("SELECT 1 FROM documents WHERE hash = ?1")?;
        let mut ins_source = tx.prepare_cached("INSERT OR IGNORE INTO sources (name) VALUES (?1)")?;
        let mut get_source = tx.prepare_cached("SELECT id FROM sources WHERE name = ?1")?;
        let mut ins_doc = tx.prepare_cached(
            "INSERT INTO documents (hash, doc_id, path, title, published, published_basis, source_id, url, language, body_start, text, coding, ingested_at, signature, duplicate_of)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        let mut ins_sent = tx.prepare_cached("INSERT INTO sentences (doc, idx, start, end) VALUES (?1, ?2, ?3, ?4)")?;
        let mut ins_ent = tx.prepare_cached(
            &format!("INSERT INTO entities (id, name_en, name_ar, name_key, kind, country, sector, wikidata, lat, lon) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) {ENTITY_UPSERT}"),
        )?;
        let mut ins_mention =
            tx.prepare_cached("INSERT OR IGNORE INTO mentions (doc, start, end, entity, sentence, how) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        let mut ins_event = tx.prepare_cached(
            "INSERT INTO events (doc, idx, type, mode, contexts, date_start, date_end, date_precision, date_text, date_basis, part_of_day,
                                 location, location_precision, location_basis, modality, confidence, rule, mentions,
                                 fatalities, fatalities_exact, fatalities_start, fatalities_end, injured, injured_exact, injured_start, injured_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
        )?;
        let mut ins_actor = tx.prepare_cached("INSERT INTO event_actors (event, role, pos, entity) VALUES (?1, ?2, ?3, ?4)")?;
        let mut ins_ev_mention = tx.prepare_cached(
            "INSERT INTO event_mentions (event, idx, sentence, start, end, trigger_start, trigger_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut ins_doc_fts = tx.prepare_cached("INSERT INTO documents_fts (rowid, body) VALUES (?1, ?2)")?;
        let mut ins_ev_fts = tx.prepare_cached("INSERT INTO events_fts (rowid, body) VALUES (?1, ?2)")?;
        for d in docs {
            if has.exists([&d.hash])? {
                stats.skipped += 1;
                continue;
            }
            let source_id: Option<i64> = match &d.source {
                Some(s) => {
                    ins_source.execute([s])?;
                    Some(get_source.query_row([s], |r| r.get(0))?)
                }
                None => None,
            };
            for e in &d.entities {
                ins_ent.execute(params![
                    e.id,
                    e.name_en,
                    e.name_ar,
                    rasd_text::phrase_key(&e.name_ar),
                    e.kind,
                    e.country,
                    e.sector,
                    e.wikidata,
                    e.lat,
                    e.lon
                ])?;
            }
            ins_doc.execute(params![
                d.hash,
                d.doc_id,
                d.path,
                d.title,
                d.published,
                d.published_basis,
                source_id,
                d.url,
                d.language,
                d.body_start as i64,
                d.text,
                d.coding,
                now,
                d.signature,
                d.duplicate_of
            ])?;
            let doc = tx.last_insert_rowid();
            for (i, (s, e)) in d.sentences.iter().enumerate() {
                ins_sent.execute(params![doc, i as i64, *s as i64, *e as i64])?;
            }
            for e in &d.entities {
                for m in &e.mentions {
                    ins_mention.execute(params![doc, m.start as i64, m.end as i64, e.id, m.sentence as i64, m.how])?;
                }
            }
            for (i, ev) in d.events.iter().enumerate() {
                let date = ev.date.as_ref();
                let loc = ev.location.as_ref();
                let (f, j) = (tolls::columns(ev.fatalities.as_ref()), tolls::columns(ev.injured.as_ref()));
                ins_event.execute(params![
                    doc,
                    i as i64 + 1,
                    ev.event_type,
                    ev.mode,
                    ev.contexts.join(","),
                    date.map(|x| &x.start),
                    date.map(|x| &x.end),
                    date.map(|x| &x.precision),
                    date.and_then(|x| x.text.as_ref()),
                    date.map(|x| &x.basis),
                    date.and_then(|x| x.part_of_day.as_ref()),
                    loc.map(|x| &x.entity),
                    loc.map(|x| &x.precision),
                    loc.map(|x| &x.basis),
                    ev.modality,
                    ev.confidence,
                    ev.rule,
                    ev.mentions as i64,
                    f[0],
                    f[1],
                    f[2],
                    f[3],
                    j[0],
                    j[1],
                    j[2],
                    j[3]
                ])?;
                let id = tx.last_insert_rowid();
                for (role, list) in [("source", &ev.source), ("target", &ev.target), ("reported_by", &ev.reported_by)] {
                    for (pos, ent) in list.iter().enumerate() {
                        ins_actor.execute(params![id, role, pos as i64, ent])?;
                    }
                }
                for (j, m) in ev.evidence.iter().enumerate() {
                    ins_ev_mention.execute(params![
                        id,
                        j as i64,
                        m.sentence as i64,
                        m.start as i64,
                        m.end as i64,
                        m.trigger_start as i64,
                        m.trigger_end as i64
                    ])?;
                }
                if !ev.index_text.is_empty() {
                    ins_ev_fts.execute(params![id, ev.index_text])?;
                }
                stats.events += 1;
            }
            if !d.index_text.is_empty() {
                ins_doc_fts.execute(params![doc, d.index_text])?;
            }
            stats.stored += 1;
        }
    }
    // The merged view no longer covers every event.
    tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('merged_stale', '1')", [])?;
    Ok(stats)
}
