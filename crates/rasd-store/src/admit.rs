//! What the ingest engine ([`crate::ingest`]: `rasd ingest`, the Python module's `Store.ingest`)
//! and `rasd submit` decide about each article before it is analysed, in input order — written
//! once here ([`Admission`]): the content hash, whether the article is already stored or was seen
//! earlier in this run, and its near-duplicate verdict against a bounded index of the last
//! [`rasd_dedup::DEFAULT_WINDOW`] first copies (this run's and, when a database is given, the
//! stored ones). Then [`analyse`], the analysis of one admitted article with a panic turned into
//! an error for that article (the ingest engine and `rasd worker`), and
//! [`Store::write_batch_admitting`], the write that lets concurrent ingests link each other's
//! copies.
//!
//! Memory does not grow with the database: stored articles are looked up by hash, one query
//! per article, instead of loading every hash, and only the last window of stored signatures is
//! loaded. This run's hashes are kept as 128-bit prefixes (16 bytes each).

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use rasd_core::{Date, Document, PublishedBasis};
use rasd_dedup::{DedupIndex, Match, Signature};
use rasd_pipeline::{Options, Prepared, analyze_prepared};

use crate::{BatchStats, CodedDocument, Result, Store, content_hash, pg, sql, write_docs_sqlite};

/// An article to analyse, with what was decided about it.
pub struct Admitted {
    pub hash: String,
    pub signature: Option<Signature>,
    pub duplicate_of: Option<Match>,
    /// The language and layout computed for the verdict, for [`analyse`] to reuse.
    pub prepared: Prepared,
}

pub struct Admission {
    dedup: DedupIndex,
    /// First 128 bits of the hashes admitted in this run.
    seen: HashSet<u128>,
    keep_duplicates: bool,
    published: Option<Date>,
}

/// A content hash's first 128 bits (hashes are hex SHA-256; anything else is hashed whole).
fn hash_key(hash: &str) -> u128 {
    hash.get(..32).and_then(|h| u128::from_str_radix(h, 16).ok()).unwrap_or_else(|| {
        let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
        for b in hash.bytes() {
            h = (h ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
        }
        h
    })
}

impl Admission {
    /// `published` overrides every article's date; `keep_duplicates` codes every copy.
    pub fn new(keep_duplicates: bool, published: Option<Date>) -> Admission {
        Admission { dedup: DedupIndex::default(), seen: HashSet::new(), keep_duplicates, published }
    }

    /// Loads the signatures of the last window of first copies stored in `store`.
    pub fn load_stored(&mut self, store: &Store) -> Result<()> {
        if !self.keep_duplicates {
            for (id, bytes) in store.signatures(self.dedup.window())? {
                if let Ok(sig) = Signature::from_bytes(&bytes) {
                    self.dedup.insert(&id, sig);
                }
            }
        }
        Ok(())
    }

    /// Decides about the next article in input order: `None` when it is stored (`stored` answers
    /// by hash) or was seen earlier in this run, else its hash and near-duplicate verdict (the
    /// article, if a first copy, joins the index). Applies `--published` to the document.
    pub fn admit(&mut self, doc: &mut Document, stored: &mut dyn FnMut(&str) -> Result<bool>) -> Result<Option<Admitted>> {
        if let Some(d) = self.published {
            doc.meta.published = Some(d);
            doc.meta.published_basis = PublishedBasis::Option;
        }
        let hash = content_hash(doc);
        if self.seen.contains(&hash_key(&hash)) || stored(&hash)? {
            return Ok(None);
        }
        self.seen.insert(hash_key(&hash));
        let mut prepared = Prepared::new(doc);
        let signature = if self.keep_duplicates { None } else { prepared.signature(doc) };
        let duplicate_of = signature.as_ref().and_then(|sig| self.dedup.insert_signature_or_match(&doc.meta.id, sig.clone()));
        Ok(Some(Admitted { hash, signature, duplicate_of, prepared }))
    }
}

/// Analyses one admitted article into its stored form (from `prepared`, what admission computed
/// for this same document, if given); a panic (a bug: the pipeline is fuzzed not to) becomes an
/// error naming `name`, and the batch goes on.
pub fn analyse(
    doc: Document,
    prepared: Option<Prepared>,
    opts: &Options,
    hash: String,
    signature: Option<Vec<u8>>,
    duplicate_of: Option<Match>,
    name: &str,
) -> std::result::Result<CodedDocument, String> {
    catch_unwind(AssertUnwindSafe(|| {
        let prepared = prepared.unwrap_or_else(|| Prepared::new(&doc));
        let a = analyze_prepared(doc, opts, prepared, duplicate_of);
        let mut coded = CodedDocument::from_analysis(&a, hash);
        coded.signature = signature;
        coded
    }))
    .map_err(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        format!("{name}: analysis failed (internal error: {msg}); the article was not stored")
    })
}

impl Store {
    /// Writes a batch like [`Store::write_batch`], but first, inside the same write transaction
    /// (so that no other writer can commit in between), hands `admit` the first copies stored
    /// with a row id above `since` — what other writers stored since this one last wrote — and
    /// lets it change the batch (`rasd ingest` links its articles to near-duplicates another
    /// ingest stored meanwhile). Returns the stats and the largest document id after the write,
    /// the `since` of the next call. On PostgreSQL the transaction holds an advisory lock, so
    /// admitting writers take turns.
    pub fn write_batch_admitting(
        &mut self,
        docs: &mut Vec<CodedDocument>,
        now: &str,
        since: i64,
        admit: &mut dyn FnMut(Vec<StoredSignature>, &mut Vec<CodedDocument>),
    ) -> Result<(BatchStats, i64)> {
        const NEWER: &str =
            "SELECT id, doc_id, signature FROM documents WHERE id > ?1 AND signature IS NOT NULL AND duplicate_of IS NULL ORDER BY id";
        const LAST: &str = "SELECT COALESCE(MAX(id), 0) FROM documents";
        match &mut self.db {
            sql::Db::Sqlite(conn) => {
                let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let newer = {
                    let mut st = tx.prepare_cached(NEWER)?;
                    st.query_map([since], |r| Ok(StoredSignature { id: r.get(0)?, doc_id: r.get(1)?, signature: r.get(2)? }))?
                        .collect::<rusqlite::Result<Vec<_>>>()?
                };
                admit(newer, docs);
                let stats = write_docs_sqlite(&tx, docs, now)?;
                let last: i64 = tx.query_row(LAST, [], |r| r.get(0))?;
                tx.commit()?;
                Ok((stats, last))
            }
            db => db.in_transaction("BEGIN", |db| {
                db.execute("SELECT pg_advisory_xact_lock(?1)", &[&pg::ADMIT_LOCK])?;
                let newer = db
                    .query(NEWER, &[&since])?
                    .iter()
                    .map(|r| Ok(StoredSignature { id: r.get(0)?, doc_id: r.get(1)?, signature: r.get(2)? }))
                    .collect::<Result<Vec<_>>>()?;
                admit(newer, docs);
                let stats = pg::write_batch_tx(db, docs, now)?;
                Ok((stats, db.query_one(LAST, &[])?.get(0)?))
            }),
        }
    }
}

/// A first copy's near-duplicate signature as stored, for [`Store::write_batch_admitting`].
#[derive(Debug, Clone)]
pub struct StoredSignature {
    pub id: i64,
    pub doc_id: String,
    pub signature: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_keys_are_the_hex_prefix() {
        let h = "00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef";
        assert_eq!(hash_key(h), 0x00112233445566778899aabbccddeeff);
        assert_ne!(hash_key("not hex"), hash_key("not hex either"));
    }
}
