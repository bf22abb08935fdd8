//! Near-duplicate detection: syndicated copies of one wire story are linked to the first copy.
//!
//! A document's [`Signature`] is a MinHash sketch of its set of word 3-shingles, where words
//! are rasd's normalised matching keys ([`rasd_text::key`]: hamza forms, `ى/ي`, `ة/ه`,
//! diacritics and digits folded), so spelling variants of one text shingle alike. The
//! fraction of equal MinHash values estimates the Jaccard similarity of two shingle sets.
//! [`DedupIndex`] finds candidates by LSH banding (the [`HASHES`] values cut into [`BANDS`]
//! bands of [`ROWS`]: two documents that agree on a whole band are candidates) and confirms a
//! candidate when the estimated similarity reaches the threshold ([`DEFAULT_THRESHOLD`]).
//!
//! A syndicated copy — another headline, an agency trailer, a reworded sentence — keeps most
//! of its shingles (similarity 0.45–0.9; a short report with one of three paragraphs reworded
//! sits near 0.45); another article on the same story shares only stock phrases (under 0.15).
//! With 32 bands of 2 rows a pair at similarity 0.4 becomes a candidate with probability
//! 0.996, at 0.3 with 0.95; candidates are then confirmed on all 64 values (standard error of
//! the estimate ≈ 0.06 at 0.4).
//!
//! Signatures are plain bytes ([`Signature::to_bytes`], [`Signature::from_bytes`]) with a
//! magic string and a format version, so that a database can persist them and rebuild an index
//! with [`DedupIndex::insert`]. The hash functions are fixed (FNV-1a and splitmix64 with fixed
//! seeds): signatures are the same on every run and every platform.
//!
//! Memory: about 2 KB per indexed document (256-byte signature, 32 band entries and their table, the id), and
//! the index keeps only the last [`DEFAULT_WINDOW`] originals ([`DedupIndex::with_window`]), so
//! a stream of any length is judged in bounded memory. Duplicates are not indexed; they point
//! at their original.

use std::collections::HashMap;
use std::fmt;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 3;
/// MinHash values per signature.
pub const HASHES: usize = BANDS * ROWS;
/// LSH bands.
pub const BANDS: usize = 32;
/// Values per band.
pub const ROWS: usize = 2;
/// Estimated Jaccard similarity at and above which two documents are near-duplicates.
pub const DEFAULT_THRESHOLD: f64 = 0.4;
/// Documents with fewer shingles than this get no signature (too short to compare safely).
pub const MIN_SHINGLES: usize = 5;

const MAGIC: &[u8; 4] = b"RSDM";
/// Bump when the meaning of a signature changes (shingling, keys, hash functions, sizes):
/// stored signatures of another version are refused by [`Signature::from_bytes`].
pub const SIGNATURE_FORMAT_VERSION: u8 = 1;
/// Length of [`Signature::to_bytes`].
pub const SIGNATURE_BYTES: usize = 8 + 4 * HASHES;

/// A MinHash sketch of a text's word shingles.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature([u32; HASHES]);

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({:08x}…)", self.0[0])
    }
}

/// Why stored bytes are not a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    Length(usize),
    Magic,
    Version(u8),
    Shape { hashes: usize, shingle_words: usize },
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::Length(n) => write!(f, "a signature is {SIGNATURE_BYTES} bytes, not {n}"),
            SignatureError::Magic => write!(f, "not a rasd MinHash signature (bad magic)"),
            SignatureError::Version(v) => write!(
                f,
                "signature format version {v}, this rasd reads version {SIGNATURE_FORMAT_VERSION}: recompute signatures from the documents' text"
            ),
            SignatureError::Shape { hashes, shingle_words } => {
                write!(f, "signature of {hashes} hashes over {shingle_words}-word shingles; expected {HASHES} over {SHINGLE_WORDS}")
            }
        }
    }
}

impl std::error::Error for SignatureError {}

/// FNV-1a, 64 bit.
fn fnv1a(h: u64, bytes: &[u8]) -> u64 {
    let mut h = h;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}
const FNV_OFFSET: u64 = 0xcbf29ce484222325;

/// splitmix64's finaliser: a strong 64-bit mix.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
    z ^ (z >> 31)
}

/// One fixed seed per hash function.
fn seeds() -> [u64; HASHES] {
    let mut s = [0u64; HASHES];
    let mut x: u64 = 0x7261_7364_6d69_6e68; // "rasdminh"
    for v in &mut s {
        x = x.wrapping_add(0x9e3779b97f4a7c15);
        *v = mix(x);
    }
    s
}

/// The shingle hashes of a text: every run of [`SHINGLE_WORDS`] consecutive words
/// (Arabic, Latin or number tokens, by their keys), deduplicated.
fn shingle_hashes(text: &str) -> Vec<u64> {
    use rasd_text::TokenKind;
    let words: Vec<String> = rasd_text::tokenize(text)
        .into_iter()
        .filter(|t| matches!(t.kind, TokenKind::Arabic | TokenKind::Latin | TokenKind::Number))
        .map(|t| t.key)
        .filter(|k| !k.is_empty())
        .collect();
    let mut out: Vec<u64> = words
        .windows(SHINGLE_WORDS)
        .map(|w| {
            let mut h = FNV_OFFSET;
            for k in w {
                h = fnv1a(h, k.as_bytes());
                h = fnv1a(h, &[0x1f]);
            }
            h
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl Signature {
    /// The signature of a text, or None when it has fewer than [`MIN_SHINGLES`] shingles.
    pub fn of_text(text: &str) -> Option<Signature> {
        let shingles = shingle_hashes(text);
        if shingles.len() < MIN_SHINGLES {
            return None;
        }
        let seeds = seeds();
        let mut sig = [u32::MAX; HASHES];
        for &sh in &shingles {
            for (m, &seed) in sig.iter_mut().zip(&seeds) {
                let v = (mix(sh ^ seed) >> 32) as u32;
                if v < *m {
                    *m = v;
                }
            }
        }
        Some(Signature(sig))
    }

    /// Estimated Jaccard similarity of the two shingle sets (0.0–1.0).
    pub fn similarity(&self, other: &Signature) -> f64 {
        let eq = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        eq as f64 / HASHES as f64
    }

    /// Plain bytes: `RSDM`, format version, hash count, shingle size, 0, then the values (u32 LE).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(SIGNATURE_BYTES);
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&[SIGNATURE_FORMAT_VERSION, HASHES as u8, SHINGLE_WORDS as u8, 0]);
        for v in &self.0 {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b
    }

    /// Reads [`Signature::to_bytes`] back; refuses other versions and shapes.
    pub fn from_bytes(b: &[u8]) -> Result<Signature, SignatureError> {
        if b.len() < 8 {
            return Err(SignatureError::Length(b.len()));
        }
        if &b[..4] != MAGIC {
            return Err(SignatureError::Magic);
        }
        if b[4] != SIGNATURE_FORMAT_VERSION {
            return Err(SignatureError::Version(b[4]));
        }
        if usize::from(b[5]) != HASHES || usize::from(b[6]) != SHINGLE_WORDS {
            return Err(SignatureError::Shape { hashes: b[5].into(), shingle_words: b[6].into() });
        }
        if b.len() != SIGNATURE_BYTES {
            return Err(SignatureError::Length(b.len()));
        }
        let mut sig = [0u32; HASHES];
        for (v, c) in sig.iter_mut().zip(b[8..].chunks_exact(4)) {
            *v = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        Ok(Signature(sig))
    }

    fn band_key(&self, band: usize) -> u32 {
        let mut h = fnv1a(FNV_OFFSET, &[band as u8]);
        for v in &self.0[band * ROWS..(band + 1) * ROWS] {
            h = fnv1a(h, &v.to_le_bytes());
        }
        (mix(h) >> 32) as u32
    }
}

/// The original a document duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The id the original was inserted with.
    pub original: String,
    /// Estimated Jaccard similarity.
    pub similarity: f64,
}

/// Originals a [`DedupIndex::default`] keeps: a copy that comes more than this many originals
/// after its first copy (in a stream; for `rasd ingest`, counted over the database in storage
/// order) is not recognised. At about 2 KB per original with the band table (measured), the index
/// stays near 50 MB.
pub const DEFAULT_WINDOW: usize = 25_000;

const NIL: u32 = u32::MAX;

/// An index of signatures: finds the earlier near-duplicate of a document among the last
/// `window` originals inserted (older ones are evicted, oldest first), so its memory is bounded
/// whatever the length of the stream.
pub struct DedupIndex {
    threshold: f64,
    window: usize,
    /// Originals inserted so far; original `n` lives in slot `n % window`.
    inserted: u64,
    seqs: Vec<u64>,
    ids: Vec<Box<str>>,
    sigs: Vec<Signature>,
    /// Band key (truncated: a collision only adds a candidate, which is then checked) → the
    /// newest entry of its chain. Entry `slot * BANDS + band`.
    heads: HashMap<u32, u32>,
    /// Per entry: the next older and the next newer entry of its chain (or [`NIL`]).
    next: Vec<u32>,
    prev: Vec<u32>,
}

impl Default for DedupIndex {
    fn default() -> Self {
        DedupIndex::new(DEFAULT_THRESHOLD)
    }
}

impl DedupIndex {
    /// An empty index of the last [`DEFAULT_WINDOW`] originals; `threshold` is the estimated
    /// similarity from which documents are duplicates.
    pub fn new(threshold: f64) -> DedupIndex {
        DedupIndex::with_window(threshold, DEFAULT_WINDOW)
    }

    /// An empty index that keeps the last `window` originals (at least 1).
    pub fn with_window(threshold: f64, window: usize) -> DedupIndex {
        let window = window.clamp(1, (u32::MAX as usize - 1) / BANDS);
        DedupIndex {
            threshold,
            window,
            inserted: 0,
            seqs: Vec::new(),
            ids: Vec::new(),
            sigs: Vec::new(),
            heads: HashMap::new(),
            next: Vec::new(),
            prev: Vec::new(),
        }
    }

    /// How many originals the index keeps.
    pub fn window(&self) -> usize {
        self.window
    }

    /// Documents indexed (originals only, the last [`DedupIndex::window`] of them).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The most similar indexed document at or above the threshold, if any.
    pub fn find(&self, sig: &Signature) -> Option<Match> {
        let mut best: Option<(f64, u64, usize)> = None;
        for band in 0..BANDS {
            let Some(&head) = self.heads.get(&sig.band_key(band)) else { continue };
            let mut e = head;
            while e != NIL {
                let slot = e as usize / BANDS;
                let s = sig.similarity(&self.sigs[slot]);
                let seq = self.seqs[slot];
                // Ties go to the earliest document: the first copy is the original.
                if s >= self.threshold && best.is_none_or(|(bs, bq, _)| s > bs || (s == bs && seq < bq)) {
                    best = Some((s, seq, slot));
                }
                e = self.next[e as usize];
            }
        }
        best.map(|(similarity, _, slot)| Match { original: self.ids[slot].to_string(), similarity })
    }

    /// Adds a document's signature (an original) to the index, evicting the oldest original
    /// when the window is full.
    pub fn insert(&mut self, id: &str, sig: Signature) {
        let slot = (self.inserted % self.window as u64) as usize;
        if slot < self.ids.len() {
            self.evict(slot);
            self.seqs[slot] = self.inserted;
            self.ids[slot] = id.into();
            self.sigs[slot] = sig;
        } else {
            self.seqs.push(self.inserted);
            self.ids.push(id.into());
            self.sigs.push(sig);
            self.next.extend([NIL; BANDS]);
            self.prev.extend([NIL; BANDS]);
        }
        self.inserted += 1;
        for band in 0..BANDS {
            let e = (slot * BANDS + band) as u32;
            let old = self.heads.insert(self.sigs[slot].band_key(band), e);
            self.next[e as usize] = old.unwrap_or(NIL);
            self.prev[e as usize] = NIL;
            if let Some(o) = old {
                self.prev[o as usize] = e;
            }
        }
    }

    /// Unlinks the entries of `slot` from their chains.
    fn evict(&mut self, slot: usize) {
        for band in 0..BANDS {
            let e = slot * BANDS + band;
            let (p, n) = (self.prev[e], self.next[e]);
            if p != NIL {
                self.next[p as usize] = n;
            } else {
                let key = self.sigs[slot].band_key(band);
                if n != NIL {
                    self.heads.insert(key, n);
                } else {
                    self.heads.remove(&key);
                }
            }
            if n != NIL {
                self.prev[n as usize] = p;
            }
        }
    }

    /// The earlier document `sig` duplicates; if there is none, `sig` is indexed under `id`.
    pub fn insert_signature_or_match(&mut self, id: &str, sig: Signature) -> Option<Match> {
        if let Some(m) = self.find(&sig) {
            return Some(m);
        }
        self.insert(id, sig);
        None
    }

    /// The earlier document `text` duplicates; if there is none, `text` is indexed under `id`.
    /// Texts too short for a signature are never duplicates and are not indexed.
    pub fn insert_or_match(&mut self, id: &str, text: &str) -> Option<Match> {
        let sig = Signature::of_text(text)?;
        self.insert_signature_or_match(id, sig)
    }
}

#[cfg(test)]
mod tests;
