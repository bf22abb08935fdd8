//! The database schema and its versioned migrations.
//!
//! The schema version lives in SQLite's `PRAGMA user_version`. [`MIGRATIONS`] holds one SQL
//! script per version, applied in order in one IMMEDIATE transaction (so two processes opening a
//! new database never both migrate it); a database written by a
//! newer rasd (a version past the last migration) is refused rather than guessed at.
//! Never edit a migration that has shipped: add a new one.

use rusqlite::Connection;

use crate::Error;

/// Migration `i` takes a database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: documents, sentences, entities, mentions, per-document events, merged events, full text.
    r#"
CREATE TABLE sources (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- One row per article. `hash` (SHA-256 of text + title + publication date + source) is the
-- idempotence key. `coding` is the per-article JSON contract exactly as `rasd analyze` prints it.
CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    hash            TEXT NOT NULL UNIQUE,
    doc_id          TEXT NOT NULL,
    path            TEXT NOT NULL,
    title           TEXT,
    published       TEXT,
    published_basis TEXT NOT NULL,
    source_id       INTEGER REFERENCES sources(id),
    url             TEXT,
    language        TEXT NOT NULL,
    body_start      INTEGER NOT NULL,
    text            TEXT NOT NULL,
    coding          TEXT NOT NULL,
    ingested_at     TEXT NOT NULL
);
CREATE INDEX documents_doc_id ON documents(doc_id);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_source ON documents(source_id);

CREATE TABLE sentences (
    doc   INTEGER NOT NULL REFERENCES documents(id),
    idx   INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

-- Knowledge-base entities and document entities (`local:…`) met in stored articles.
-- `name_key` is rasd_text::phrase_key(name_ar), for Arabic look-ups.
CREATE TABLE entities (
    id       TEXT PRIMARY KEY,
    name_en  TEXT NOT NULL,
    name_ar  TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind     TEXT NOT NULL,
    country  TEXT,
    sector   TEXT,
    wikidata TEXT,
    lat      REAL,
    lon      REAL
) WITHOUT ROWID;
CREATE INDEX entities_name_key ON entities(name_key);
CREATE INDEX entities_country ON entities(country);

CREATE TABLE mentions (
    doc      INTEGER NOT NULL REFERENCES documents(id),
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    entity   TEXT NOT NULL REFERENCES entities(id),
    sentence INTEGER NOT NULL,
    how      TEXT NOT NULL,
    PRIMARY KEY (doc, start, end, entity)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity);

-- Per-document events, as the article codes them: never changed by merging.
CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    doc                INTEGER NOT NULL REFERENCES documents(id),
    idx                INTEGER NOT NULL,
    type               TEXT NOT NULL,
    mode               TEXT,
    contexts           TEXT NOT NULL,
    date_start         TEXT,
    date_end           TEXT,
    date_precision     TEXT,
    date_text          TEXT,
    date_basis         TEXT,
    part_of_day        TEXT,
    location           TEXT REFERENCES entities(id),
    location_precision TEXT,
    location_basis     TEXT,
    modality           TEXT NOT NULL,
    confidence         REAL NOT NULL,
    rule               TEXT NOT NULL,
    mentions           INTEGER NOT NULL,
    UNIQUE (doc, idx)
);
CREATE INDEX events_type ON events(type);

CREATE TABLE event_actors (
    event  INTEGER NOT NULL REFERENCES events(id),
    role   TEXT NOT NULL CHECK (role IN ('source', 'target', 'reported_by')),
    pos    INTEGER NOT NULL,
    entity TEXT NOT NULL REFERENCES entities(id),
    PRIMARY KEY (event, role, pos)
) WITHOUT ROWID;
CREATE INDEX event_actors_entity ON event_actors(entity);

-- The evidence of each event: one row per sentence that mentions it.
CREATE TABLE event_mentions (
    event         INTEGER NOT NULL REFERENCES events(id),
    idx           INTEGER NOT NULL,
    sentence      INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end   INTEGER NOT NULL,
    PRIMARY KEY (event, idx)
) WITHOUT ROWID;

-- Cross-document events: derived data, rebuilt from the tables above (rasd merge).
CREATE TABLE merged_events (
    id                 INTEGER PRIMARY KEY,
    key                TEXT NOT NULL UNIQUE,
    type               TEXT NOT NULL,
    mode               TEXT,
    date_start         TEXT,
    date_end           TEXT,
    date_precision     TEXT,
    location           TEXT REFERENCES entities(id),
    location_precision TEXT,
    location_country   TEXT,
    lat                REAL,
    lon                REAL,
    modality           TEXT NOT NULL,
    confidence         REAL NOT NULL,
    n_events           INTEGER NOT NULL,
    n_documents        INTEGER NOT NULL,
    n_sources          INTEGER NOT NULL,
    n_mentions         INTEGER NOT NULL,
    first_published    TEXT,
    last_published     TEXT
);
CREATE INDEX merged_events_type ON merged_events(type, date_start);
CREATE INDEX merged_events_date ON merged_events(date_start);

CREATE TABLE merged_actors (
    merged INTEGER NOT NULL REFERENCES merged_events(id),
    role   TEXT NOT NULL,
    entity TEXT NOT NULL REFERENCES entities(id),
    events INTEGER NOT NULL,
    PRIMARY KEY (merged, role, entity)
) WITHOUT ROWID;
CREATE INDEX merged_actors_entity ON merged_actors(entity, role);

-- event → merged event: the reversible link.
CREATE TABLE event_merge (
    event  INTEGER PRIMARY KEY REFERENCES events(id),
    merged INTEGER NOT NULL REFERENCES merged_events(id)
);
CREATE INDEX event_merge_merged ON event_merge(merged);

-- Full text over rasd's normalised keys (FTS5's unicode61 would split words at harakat).
-- rowid = documents.id / events.id.
CREATE VIRTUAL TABLE documents_fts USING fts5(body, content='', tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE events_fts USING fts5(body, content='', tokenize='unicode61 remove_diacritics 0');

-- Bookkeeping: one row per ingest run (wall-clock times live only here and in documents.ingested_at).
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    inputs      TEXT NOT NULL,
    stored      INTEGER,
    skipped     INTEGER,
    failed      INTEGER
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('merge', 'on');
"#,
    // 2: near-duplicates across runs. A document's MinHash signature (`rasd_dedup` bytes) and, for a
    // syndicated copy that was not coded again, the `doc_id` of the first copy.
    r#"
ALTER TABLE documents ADD COLUMN signature BLOB;
ALTER TABLE documents ADD COLUMN duplicate_of TEXT;
"#,
    // 3: casualty figures (`tolls.rs`). Per-document events: the article's count, whether it is
    // exact (0 for a lower bound), and the byte span of its words; NULL when the article gives
    // none. Merged events: the figure chosen by the merge rule (count and exactness only). Rows
    // stored before this version read as "no figure" until the article is ingested again.
    r#"
ALTER TABLE events ADD COLUMN fatalities INTEGER;
ALTER TABLE events ADD COLUMN fatalities_exact INTEGER;
ALTER TABLE events ADD COLUMN fatalities_start INTEGER;
ALTER TABLE events ADD COLUMN fatalities_end INTEGER;
ALTER TABLE events ADD COLUMN injured INTEGER;
ALTER TABLE events ADD COLUMN injured_exact INTEGER;
ALTER TABLE events ADD COLUMN injured_start INTEGER;
ALTER TABLE events ADD COLUMN injured_end INTEGER;
ALTER TABLE merged_events ADD COLUMN fatalities INTEGER;
ALTER TABLE merged_events ADD COLUMN fatalities_exact INTEGER;
ALTER TABLE merged_events ADD COLUMN injured INTEGER;
ALTER TABLE merged_events ADD COLUMN injured_exact INTEGER;
"#,
    // 4: events by type and date, for the incremental merge (`merge/incremental.rs`), which reads
    // the stored events a new event can merge with: same type, a date in a window of days.
    r#"
CREATE INDEX events_type_date ON events(type, date_start);
"#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings the database up to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<(), Error> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(Error::msg(format!(
            "the database has schema version {current}, newer than this rasd understands ({SCHEMA_VERSION}); upgrade rasd"
        )));
    }
    if current == SCHEMA_VERSION {
        return Ok(());
    }
    // Another process (a second ingest, a query started as the database was created) may be
    // migrating too: take the write lock first, then read the version again under it.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (v, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", v as u32 + 1)?;
    }
    tx.commit()?;
    Ok(())
}
