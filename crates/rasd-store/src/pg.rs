//! The PostgreSQL backend: the same schema as SQLite's (same tables, columns, versions), its
//! migrations, and batched idempotent writes that many workers can run at once.
//!
//! - Schema version: the table `rasd_schema` (PostgreSQL has no `user_version`); migrations run
//!   under an advisory lock, so workers starting together migrate once.
//! - Text columns use the `"C"` collation, so that `ORDER BY` gives the byte order SQLite gives
//!   whatever the database's locale. Reals are `DOUBLE PRECISION` (f64 round trips exactly).
//! - Full text: SQLite's FTS5 tables become `documents_fts (doc, words TEXT[])` and
//!   `events_fts (event, words TEXT[])` with GIN indexes: the same normalised keys, matched as
//!   whole words (with their proclitic forms) by array overlap, independent of the server's
//!   text-search configuration and locale.
//! - Writes ([`write_batch`]): one transaction per batch, `INSERT … ON CONFLICT DO NOTHING`
//!   everywhere, documents skipped when their content hash is already stored (by this or another
//!   worker: a concurrent insert of the same hash waits for the other transaction and then does
//!   nothing). Rows are inserted in a fixed order (entities by id, sources by name, documents by
//!   hash), so two batches never wait on each other in a cycle; a deadlock or serialization
//!   failure is retried anyway. Multi-row inserts keep a batch to a few round trips a table.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::sql::{Db, Pg, Value};
use crate::{BatchStats, CodedDocument, ENTITY_UPSERT, Error, Result, entity_rank};

/// Advisory-lock keys (arbitrary constants, "rasd" in ASCII plus a role).
pub(crate) const MIGRATE_LOCK: i64 = 0x7261_7364_0001;
pub(crate) const MERGE_LOCK: i64 = 0x7261_7364_0002;
/// Held (for the transaction) by writers that admit a batch against what others stored: see `Store::write_batch_admitting`.
pub(crate) const ADMIT_LOCK: i64 = 0x7261_7364_0003;

/// Migration `i` takes a database from version `i` to `i + 1`; the same versions as
/// [`crate::schema::MIGRATIONS`].
pub const PG_MIGRATIONS: &[&str] = &[
    // 1: documents, sentences, entities, mentions, per-document events, merged events, full text.
    r#"
CREATE TABLE sources (
    id   BIGSERIAL PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL UNIQUE
);
CREATE TABLE documents (
    id              BIGSERIAL PRIMARY KEY,
    hash            TEXT COLLATE "C" NOT NULL UNIQUE,
    doc_id          TEXT COLLATE "C" NOT NULL,
    path            TEXT COLLATE "C" NOT NULL,
    title           TEXT COLLATE "C",
    published       TEXT COLLATE "C",
    published_basis TEXT COLLATE "C" NOT NULL,
    source_id       BIGINT REFERENCES sources(id),
    url             TEXT COLLATE "C",
    language        TEXT COLLATE "C" NOT NULL,
    body_start      BIGINT NOT NULL,
    text            TEXT COLLATE "C" NOT NULL,
    coding          TEXT COLLATE "C" NOT NULL,
    ingested_at     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX documents_doc_id ON documents(doc_id);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_source ON documents(source_id);
CREATE TABLE sentences (
    doc     BIGINT NOT NULL REFERENCES documents(id),
    idx     BIGINT NOT NULL,
    start   BIGINT NOT NULL,
    "end"   BIGINT NOT NULL,
    PRIMARY KEY (doc, idx)
);
CREATE TABLE entities (
    id       TEXT COLLATE "C" PRIMARY KEY,
    name_en  TEXT COLLATE "C" NOT NULL,
    name_ar  TEXT COLLATE "C" NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    kind     TEXT COLLATE "C" NOT NULL,
    country  TEXT COLLATE "C",
    sector   TEXT COLLATE "C",
    wikidata TEXT COLLATE "C",
    lat      DOUBLE PRECISION,
    lon      DOUBLE PRECISION
);
CREATE INDEX entities_name_key ON entities(name_key);
CREATE INDEX entities_country ON entities(country);
CREATE TABLE mentions (
    doc      BIGINT NOT NULL REFERENCES documents(id),
    start    BIGINT NOT NULL,
    "end"    BIGINT NOT NULL,
    entity   TEXT COLLATE "C" NOT NULL REFERENCES entities(id),
    sentence BIGINT NOT NULL,
    how      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (doc, start, "end", entity)
);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE TABLE events (
    id                 BIGSERIAL PRIMARY KEY,
    doc                BIGINT NOT NULL REFERENCES documents(id),
    idx                BIGINT NOT NULL,
    type               TEXT COLLATE "C" NOT NULL,
    mode               TEXT COLLATE "C",
    contexts           TEXT COLLATE "C" NOT NULL,
    date_start         TEXT COLLATE "C",
    date_end           TEXT COLLATE "C",
    date_precision     TEXT COLLATE "C",
    date_text          TEXT COLLATE "C",
    date_basis         TEXT COLLATE "C",
    part_of_day        TEXT COLLATE "C",
    location           TEXT COLLATE "C" REFERENCES entities(id),
    location_precision TEXT COLLATE "C",
    location_basis     TEXT COLLATE "C",
    modality           TEXT COLLATE "C" NOT NULL,
    confidence         DOUBLE PRECISION NOT NULL,
    rule               TEXT COLLATE "C" NOT NULL,
    mentions           BIGINT NOT NULL,
    UNIQUE (doc, idx)
);
CREATE INDEX events_type ON events(type);
CREATE TABLE event_actors (
    event  BIGINT NOT NULL REFERENCES events(id),
    role   TEXT COLLATE "C" NOT NULL CHECK (role IN ('source', 'target', 'reported_by')),
    pos    BIGINT NOT NULL,
    entity TEXT COLLATE "C" NOT NULL REFERENCES entities(id),
    PRIMARY KEY (event, role, pos)
);
CREATE INDEX event_actors_entity ON event_actors(entity);
CREATE TABLE event_mentions (
    event         BIGINT NOT NULL REFERENCES events(id),
    idx           BIGINT NOT NULL,
    sentence      BIGINT NOT NULL,
    start         BIGINT NOT NULL,
    "end"         BIGINT NOT NULL,
    trigger_start BIGINT NOT NULL,
    trigger_end   BIGINT NOT NULL,
    PRIMARY KEY (event, idx)
);
CREATE TABLE merged_events (
    id                 BIGINT PRIMARY KEY,
    key                TEXT COLLATE "C" NOT NULL UNIQUE,
    type               TEXT COLLATE "C" NOT NULL,
    mode               TEXT COLLATE "C",
    date_start         TEXT COLLATE "C",
    date_end           TEXT COLLATE "C",
    date_precision     TEXT COLLATE "C",
    location           TEXT COLLATE "C" REFERENCES entities(id),
    location_precision TEXT COLLATE "C",
    location_country   TEXT COLLATE "C",
    lat                DOUBLE PRECISION,
    lon                DOUBLE PRECISION,
    modality           TEXT COLLATE "C" NOT NULL,
    confidence         DOUBLE PRECISION NOT NULL,
    n_events           BIGINT NOT NULL,
    n_documents        BIGINT NOT NULL,
    n_sources          BIGINT NOT NULL,
    n_mentions         BIGINT NOT NULL,
    first_published    TEXT COLLATE "C",
    last_published     TEXT COLLATE "C"
);
CREATE INDEX merged_events_type ON merged_events(type, date_start);
CREATE INDEX merged_events_date ON merged_events(date_start);
CREATE TABLE merged_actors (
    merged BIGINT NOT NULL REFERENCES merged_events(id),
    role   TEXT COLLATE "C" NOT NULL,
    entity TEXT COLLATE "C" NOT NULL REFERENCES entities(id),
    events BIGINT NOT NULL,
    PRIMARY KEY (merged, role, entity)
);
CREATE INDEX merged_actors_entity ON merged_actors(entity, role);
CREATE TABLE event_merge (
    event  BIGINT PRIMARY KEY REFERENCES events(id),
    merged BIGINT NOT NULL REFERENCES merged_events(id)
);
CREATE INDEX event_merge_merged ON event_merge(merged);
CREATE TABLE documents_fts (
    doc   BIGINT PRIMARY KEY REFERENCES documents(id),
    words TEXT[] COLLATE "C" NOT NULL
);
CREATE INDEX documents_fts_words ON documents_fts USING GIN (words);
CREATE TABLE events_fts (
    event BIGINT PRIMARY KEY REFERENCES events(id),
    words TEXT[] COLLATE "C" NOT NULL
);
CREATE INDEX events_fts_words ON events_fts USING GIN (words);
CREATE TABLE runs (
    id          BIGSERIAL PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    inputs      TEXT NOT NULL,
    stored      BIGINT,
    skipped     BIGINT,
    failed      BIGINT
);
CREATE TABLE meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);
INSERT INTO meta (key, value) VALUES ('merge', 'on');
-- Great-circle distance in km (haversine, mean Earth radius), as SQLite's rasd_km.
CREATE FUNCTION rasd_km(lat1 DOUBLE PRECISION, lon1 DOUBLE PRECISION, lat2 DOUBLE PRECISION, lon2 DOUBLE PRECISION)
RETURNS DOUBLE PRECISION LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT 2 * 6371.0088 * asin(least(1.0, sqrt(power(sin(radians(lat2 - lat1) / 2), 2)
        + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2))))
$$;
"#,
    // 2: near-duplicates across runs (as SQLite's schema 2).
    r#"
ALTER TABLE documents ADD COLUMN signature BYTEA;
ALTER TABLE documents ADD COLUMN duplicate_of TEXT COLLATE "C";
"#,
    // 3: casualty figures (as SQLite's schema 3; exactness as 0/1, like SQLite's).
    r#"
ALTER TABLE events ADD COLUMN fatalities BIGINT, ADD COLUMN fatalities_exact BIGINT, ADD COLUMN fatalities_start BIGINT, ADD COLUMN fatalities_end BIGINT,
    ADD COLUMN injured BIGINT, ADD COLUMN injured_exact BIGINT, ADD COLUMN injured_start BIGINT, ADD COLUMN injured_end BIGINT;
ALTER TABLE merged_events ADD COLUMN fatalities BIGINT, ADD COLUMN fatalities_exact BIGINT, ADD COLUMN injured BIGINT, ADD COLUMN injured_exact BIGINT;
"#,
    // 4: events by type and date, for the incremental merge (as SQLite's schema 4).
    r#"
CREATE INDEX events_type_date ON events(type, date_start);
"#,
];

/// Connects and migrates to the current schema.
pub(crate) fn open(url: &str) -> Result<Db> {
    let client = postgres::Client::connect(url, postgres::NoTls)
        .map_err(|e| Error::with(format!("cannot connect to the database {}", redact(url)), e))?;
    let db = Db::Postgres(Box::new(RefCell::new(Pg::new(client, url))));
    migrate(&db)?;
    Ok(db)
}

/// Connects for reading only: the session refuses writes (`default_transaction_read_only`),
/// nothing is created or migrated, and the schema must be this build's.
pub(crate) fn open_reader(url: &str) -> Result<Db> {
    let client = postgres::Client::connect(url, postgres::NoTls)
        .map_err(|e| Error::with(format!("cannot connect to the database {}", redact(url)), e))?;
    let db = Db::Postgres(Box::new(RefCell::new(Pg::new(client, url))));
    db.batch("SET default_transaction_read_only = on")?;
    let exists = db.query_one("SELECT to_regclass('rasd_schema') IS NOT NULL", &[])?.get::<bool>(0)?;
    let version = if exists { schema_version(&db)? } else { 0 };
    if version != crate::schema::SCHEMA_VERSION {
        return Err(Error::msg(format!(
            "{} has schema version {version}, this rasd reads version {}{}",
            redact(url),
            crate::schema::SCHEMA_VERSION,
            if version < crate::schema::SCHEMA_VERSION {
                ": migrate it by starting a `rasd worker --db …` (or `rasd merge --db …`) once"
            } else {
                ": upgrade rasd"
            }
        )));
    }
    Ok(db)
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &userinfo[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub(crate) fn schema_version(db: &Db) -> Result<u32> {
    let row = db.query_opt("SELECT version FROM rasd_schema", &[])?;
    Ok(match row {
        Some(r) => r.get::<i64>(0)? as u32,
        None => 0,
    })
}

fn migrate(db: &Db) -> Result<()> {
    db.batch("SET client_min_messages = warning")?;
    // The lock before anything else: two sessions running CREATE TABLE IF NOT EXISTS at the same
    // moment can both miss the table, and the second then fails on a unique violation.
    db.execute("SELECT pg_advisory_lock(?1)", &[&MIGRATE_LOCK])?;
    let r = (|| -> Result<()> {
        db.batch("CREATE TABLE IF NOT EXISTS rasd_schema (version BIGINT NOT NULL)")?;
        let current = schema_version(db)?;
        if current as usize > PG_MIGRATIONS.len() {
            return Err(Error::msg(format!(
                "the database has schema version {current}, newer than this rasd understands ({}); upgrade rasd",
                PG_MIGRATIONS.len()
            )));
        }
        for (v, sql) in PG_MIGRATIONS.iter().enumerate().skip(current as usize) {
            db.in_transaction("BEGIN", |db| {
                db.batch(sql)?;
                db.execute("DELETE FROM rasd_schema", &[])?;
                db.execute("INSERT INTO rasd_schema (version) VALUES (?1)", &[&(v as i64 + 1)])?;
                Ok(())
            })?;
        }
        Ok(())
    })();
    db.execute("SELECT pg_advisory_unlock(?1)", &[&MIGRATE_LOCK])?;
    r
}

/// Writes a batch in one transaction: see the module documentation.
pub(crate) fn write_batch(db: &Db, docs: &[CodedDocument], now: &str) -> Result<BatchStats> {
    db.in_transaction("BEGIN", |db| write_batch_tx(db, docs, now))
}

fn fts_words(index_text: &str) -> Vec<String> {
    let set: BTreeSet<&str> = index_text.split(' ').filter(|w| !w.is_empty()).collect();
    set.into_iter().map(str::to_string).collect()
}

pub(crate) fn write_batch_tx(db: &Db, docs: &[CodedDocument], now: &str) -> Result<BatchStats> {
    let mut stats = BatchStats::default();
    let hashes: Vec<String> = docs.iter().map(|d| d.hash.clone()).collect();
    let stored: BTreeSet<String> = db
        .query("SELECT hash FROM documents WHERE hash = ANY(?1)", &[&hashes])?
        .iter()
        .map(|r| r.get::<String>(0))
        .collect::<Result<_>>()?;
    // New documents, first copy of each hash, in hash order (the lock order).
    let mut todo: BTreeMap<&str, &CodedDocument> = BTreeMap::new();
    for d in docs {
        if stored.contains(&d.hash) || todo.contains_key(d.hash.as_str()) {
            stats.skipped += 1;
            continue;
        }
        todo.insert(&d.hash, d);
    }
    if todo.is_empty() {
        return Ok(stats);
    }
    // Entities, by id; of several descriptions of one id, the smallest (see ENTITY_UPSERT).
    let mut best: BTreeMap<&str, &crate::CodedEntity> = BTreeMap::new();
    for d in todo.values() {
        for e in &d.entities {
            let slot = best.entry(&e.id).or_insert(e);
            if entity_rank(e) < entity_rank(slot) {
                *slot = e;
            }
        }
    }
    let mut ents: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for (id, e) in best {
        {
            ents.entry(id).or_insert_with(|| {
                vec![
                    Value::Text(e.id.clone()),
                    Value::Text(e.name_en.clone()),
                    Value::Text(e.name_ar.clone()),
                    Value::Text(rasd_text::phrase_key(&e.name_ar)),
                    Value::Text(e.kind.clone()),
                    e.country.clone().map_or(Value::Null, Value::Text),
                    e.sector.clone().map_or(Value::Null, Value::Text),
                    e.wikidata.clone().map_or(Value::Null, Value::Text),
                    e.lat.map_or(Value::Null, Value::Real),
                    e.lon.map_or(Value::Null, Value::Real),
                ]
            });
        }
    }
    let ent_rows: Vec<Vec<Value>> = ents.into_values().collect();
    db.insert_many(
        "INSERT INTO entities (id, name_en, name_ar, name_key, kind, country, sector, wikidata, lat, lon)",
        ENTITY_UPSERT,
        10,
        &ent_rows,
    )?;
    // Sources, by name.
    let names: BTreeSet<&str> = todo.values().filter_map(|d| d.source.as_deref()).collect();
    let name_rows: Vec<Vec<Value>> = names.iter().map(|n| vec![Value::Text(n.to_string())]).collect();
    db.insert_many("INSERT INTO sources (name)", "ON CONFLICT DO NOTHING", 1, &name_rows)?;
    let names: Vec<String> = names.into_iter().map(str::to_string).collect();
    let mut source_ids: HashMap<String, i64> = HashMap::new();
    for r in db.query("SELECT name, id FROM sources WHERE name = ANY(?1)", &[&names])? {
        source_ids.insert(r.get(0)?, r.get(1)?);
    }
    // Documents, by hash; a hash stored meanwhile by another worker returns no row.
    let doc_rows: Vec<Vec<Value>> = todo
        .values()
        .map(|d| {
            vec![
                Value::Text(d.hash.clone()),
                Value::Text(d.doc_id.clone()),
                Value::Text(d.path.clone()),
                d.title.clone().map_or(Value::Null, Value::Text),
                d.published.clone().map_or(Value::Null, Value::Text),
                Value::Text(d.published_basis.clone()),
                d.source.as_ref().and_then(|s| source_ids.get(s)).map_or(Value::Null, |&i| Value::Int(i)),
                d.url.clone().map_or(Value::Null, Value::Text),
                Value::Text(d.language.clone()),
                Value::Int(d.body_start as i64),
                Value::Text(d.text.clone()),
                Value::Text(d.coding.clone()),
                Value::Text(now.to_string()),
                d.signature.clone().map_or(Value::Null, Value::Blob),
                d.duplicate_of.clone().map_or(Value::Null, Value::Text),
            ]
        })
        .collect();
    // Chunks of 50 documents: article texts make large statements.
    let mut doc_ids: HashMap<String, i64> = HashMap::new();
    for chunk in doc_rows.chunks(50) {
        for r in db.insert_many_returning(
            "INSERT INTO documents (hash, doc_id, path, title, published, published_basis, source_id, url, language, body_start, text, coding, ingested_at, signature, duplicate_of)",
            "ON CONFLICT (hash) DO NOTHING RETURNING hash, id",
            15,
            chunk,
        )? {
            doc_ids.insert(r.get(0)?, r.get(1)?);
        }
    }
    stats.skipped += todo.len() - doc_ids.len();
    let mut sentences = Vec::new();
    let mut mentions = Vec::new();
    let mut events = Vec::new();
    let mut doc_fts = Vec::new();
    for (hash, d) in &todo {
        let Some(&doc) = doc_ids.get(*hash) else { continue };
        stats.stored += 1;
        for (i, (s, e)) in d.sentences.iter().enumerate() {
            sentences.push(vec![Value::Int(doc), Value::Int(i as i64), Value::Int(*s as i64), Value::Int(*e as i64)]);
        }
        for e in &d.entities {
            for m in &e.mentions {
                mentions.push(vec![
                    Value::Int(doc),
                    Value::Int(m.start as i64),
                    Value::Int(m.end as i64),
                    Value::Text(e.id.clone()),
                    Value::Int(m.sentence as i64),
                    Value::Text(m.how.clone()),
                ]);
            }
        }
        for (i, ev) in d.events.iter().enumerate() {
            let date = ev.date.as_ref();
            let loc = ev.location.as_ref();
            let t = |x: Option<&String>| x.cloned().map_or(Value::Null, Value::Text);
            events.push(vec![
                Value::Int(doc),
                Value::Int(i as i64 + 1),
                Value::Text(ev.event_type.clone()),
                t(ev.mode.as_ref()),
                Value::Text(ev.contexts.join(",")),
                t(date.map(|x| &x.start)),
                t(date.map(|x| &x.end)),
                t(date.map(|x| &x.precision)),
                t(date.and_then(|x| x.text.as_ref())),
                t(date.map(|x| &x.basis)),
                t(date.and_then(|x| x.part_of_day.as_ref())),
                t(loc.map(|x| &x.entity)),
                t(loc.map(|x| &x.precision)),
                t(loc.map(|x| &x.basis)),
                Value::Text(ev.modality.clone()),
                Value::Real(ev.confidence),
                Value::Text(ev.rule.clone()),
                Value::Int(ev.mentions as i64),
            ]);
            let row = events.last_mut().expect("just pushed");
            for c in crate::tolls::columns(ev.fatalities.as_ref()).into_iter().chain(crate::tolls::columns(ev.injured.as_ref())) {
                row.push(c.map_or(Value::Null, Value::Int));
            }
        }
        if !d.index_text.is_empty() {
            doc_fts.push(vec![Value::Int(doc), Value::TextList(fts_words(&d.index_text))]);
        }
    }
    db.insert_many("INSERT INTO sentences (doc, idx, start, \"end\")", "", 4, &sentences)?;
    db.insert_many("INSERT INTO mentions (doc, start, \"end\", entity, sentence, how)", "ON CONFLICT DO NOTHING", 6, &mentions)?;
    let mut event_ids: HashMap<(i64, i64), i64> = HashMap::new();
    for r in db.insert_many_returning(
        "INSERT INTO events (doc, idx, type, mode, contexts, date_start, date_end, date_precision, date_text, date_basis, part_of_day,
                             location, location_precision, location_basis, modality, confidence, rule, mentions,
                             fatalities, fatalities_exact, fatalities_start, fatalities_end, injured, injured_exact, injured_start, injured_end)",
        "RETURNING doc, idx, id",
        26,
        &events,
    )? {
        event_ids.insert((r.get(0)?, r.get(1)?), r.get(2)?);
    }
    let mut actors = Vec::new();
    let mut evidence = Vec::new();
    let mut ev_fts = Vec::new();
    for (hash, d) in &todo {
        let Some(&doc) = doc_ids.get(*hash) else { continue };
        for (i, ev) in d.events.iter().enumerate() {
            let id = *event_ids.get(&(doc, i as i64 + 1)).ok_or_else(|| Error::msg("database error: an inserted event returned no id"))?;
            for (role, list) in [("source", &ev.source), ("target", &ev.target), ("reported_by", &ev.reported_by)] {
                for (pos, ent) in list.iter().enumerate() {
                    actors.push(vec![Value::Int(id), Value::Text(role.into()), Value::Int(pos as i64), Value::Text(ent.clone())]);
                }
            }
            for (j, m) in ev.evidence.iter().enumerate() {
                evidence.push(vec![
                    Value::Int(id),
                    Value::Int(j as i64),
                    Value::Int(m.sentence as i64),
                    Value::Int(m.start as i64),
                    Value::Int(m.end as i64),
                    Value::Int(m.trigger_start as i64),
                    Value::Int(m.trigger_end as i64),
                ]);
            }
            if !ev.index_text.is_empty() {
                ev_fts.push(vec![Value::Int(id), Value::TextList(fts_words(&ev.index_text))]);
            }
            stats.events += 1;
        }
    }
    db.insert_many("INSERT INTO event_actors (event, role, pos, entity)", "", 4, &actors)?;
    db.insert_many("INSERT INTO event_mentions (event, idx, sentence, start, \"end\", trigger_start, trigger_end)", "", 7, &evidence)?;
    db.insert_many("INSERT INTO documents_fts (doc, words)", "", 2, &doc_fts)?;
    db.insert_many("INSERT INTO events_fts (event, words)", "", 2, &ev_fts)?;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password_in_messages() {
        assert_eq!(redact("postgres://rasd:secret@db.example:5432/rasd"), "postgres://rasd:***@db.example:5432/rasd");
        assert_eq!(redact("postgres://rasd@localhost/rasd"), "postgres://rasd@localhost/rasd");
        assert_eq!(redact("host=/tmp dbname=rasd"), "host=/tmp dbname=rasd");
    }

    #[test]
    fn migrations_match_sqlite_versions() {
        assert_eq!(PG_MIGRATIONS.len(), crate::schema::MIGRATIONS.len());
    }
}
