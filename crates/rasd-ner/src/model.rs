//! The model: hashed feature weights per tag, tag transitions, Viterbi decoding, and the file format.
//!
//! # File format (`model/ner.bin`)
//! All integers little-endian.
//! ```text
//! magic        8 bytes  "RASDNER\0"
//! version      u32      FORMAT_VERSION
//! bits         u32      feature buckets = 2^bits
//! n_tags       u32      9
//! stages       u32      1; 2 with a document stage; 3 with a residual document stage
//! window       u32      sentences on either side in the document stage
//! per stage:
//!   scale        f32      weight = i16 * scale
//!   o_penalty    f32      subtracted from every word's `O` score
//!   start        n_tags × f32            score of each tag at sentence start
//!   trans        n_tags × n_tags × f32   score of (previous tag, tag)
//!   n_buckets    u32      number of non-zero buckets that follow
//!   buckets      n_buckets × (varint gap from the previous bucket index + 1, n_tags × i16)
//! n_coarse     u32, then n_coarse × u8     coarse cluster of each fine word cluster
//! n_words      u32, then n_words × (u64 word-key hash, u16 fine cluster), sorted by hash
//! n_profile    u32, then n_profile × (u64 word-key hash, u8 corpus tag profile), sorted by hash
//! n_lex        u32, then n_lex × (u64 word-key hash, u8 gazetteer bits, u8 frequency band, u8 derived forms), sorted by hash
//! max_phrase   u8
//! n_phrases    u32, then n_phrases × (u64 phrase-key hash, u8 gazetteer type bits), sorted by hash
//! ```
//! Bump [`FORMAT_VERSION`] whenever the layout, the feature templates or the hash change:
//! an old file then fails to load with a message saying how to rebuild it.

use std::fmt;
use std::io;
use std::path::Path;

use rasd_core::Span;
use rasd_text::{Token, TokenKind};

use crate::clusters::Clusters;
use crate::features::{SentenceFeatures, extract};
use crate::lexicon::{Lexicon, WordInfo};
use crate::table::{Compact, HashTable};
use crate::tag::{EntityType, N_TAGS, Tag, chunks};

pub const MAGIC: &[u8; 8] = b"RASDNER\0";
/// Version of the model file *and* of the feature extraction it was trained with.
pub const FORMAT_VERSION: u32 = 4;

/// How to rebuild the model, quoted by every loading error.
pub const REBUILD_HINT: &str =
    "rebuild it with `rasd train ner` (or `cargo run --release -p rasd-ner --no-default-features --example train_eval`)";

/// Why a model file could not be loaded.
#[derive(Debug)]
pub struct NerError {
    kind: NerErrorKind,
    path: Option<String>,
}

#[derive(Debug)]
#[non_exhaustive]
pub enum NerErrorKind {
    Io(io::Error),
    /// The file does not start with `RASDNER\0`.
    BadMagic,
    /// The file was written by another format version.
    Version {
        found: u32,
        expected: u32,
    },
    /// Truncated or inconsistent contents.
    Corrupt(String),
}

impl NerError {
    pub fn kind(&self) -> &NerErrorKind {
        &self.kind
    }
    fn new(kind: NerErrorKind) -> NerError {
        NerError { kind, path: None }
    }
}

impl fmt::Display for NerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.path {
            Some(p) => format!("NER model {p}"),
            None => "NER model".to_string(),
        };
        match &self.kind {
            NerErrorKind::Io(e) => write!(f, "cannot read {what}: {e}; {REBUILD_HINT}"),
            NerErrorKind::BadMagic => write!(f, "{what} is not a rasd NER model (bad magic); {REBUILD_HINT}"),
            NerErrorKind::Version { found, expected } => {
                write!(f, "{what} has format version {found}, this build expects {expected}; {REBUILD_HINT}")
            }
            NerErrorKind::Corrupt(m) => write!(f, "{what} is corrupt ({m}); {REBUILD_HINT}"),
        }
    }
}

impl std::error::Error for NerError {}

/// The weights of one stage: per-bucket tag scores, tag transitions and the `O` penalty.
#[derive(Clone)]
pub(crate) struct Weights {
    /// `2^bits × N_TAGS` weights, bucket-major.
    pub(crate) weights: Vec<f32>,
    pub(crate) start: [f32; N_TAGS],
    pub(crate) trans: [[f32; N_TAGS]; N_TAGS],
    /// Subtracted from the `O` score of every word: trades precision for recall (chosen on held-out data).
    pub(crate) o_penalty: f32,
}

impl Weights {
    #[inline]
    pub(crate) fn decode(&self, f: &SentenceFeatures) -> Vec<usize> {
        decode(self, &self.start, &self.trans, self.o_penalty, f)
    }
}

/// Per-word tag scores of a stage's weights.
pub(crate) trait Emit {
    fn emissions(&self, feats: &[u32], e: &mut [f32; N_TAGS]);
}

/// Dense bucket-major weights (`2^bits × N_TAGS`), as used while training.
impl Emit for Vec<f32> {
    #[inline]
    fn emissions(&self, feats: &[u32], e: &mut [f32; N_TAGS]) {
        for &b in feats {
            let w = &self[b as usize * N_TAGS..b as usize * N_TAGS + N_TAGS];
            for t in 0..N_TAGS {
                e[t] += w[t];
            }
        }
    }
}

impl Emit for Weights {
    #[inline]
    fn emissions(&self, feats: &[u32], e: &mut [f32; N_TAGS]) {
        self.weights.emissions(feats, e);
    }
}

impl Emit for Compact {
    #[inline]
    fn emissions(&self, feats: &[u32], e: &mut [f32; N_TAGS]) {
        Compact::emissions(self, feats, e);
    }
}

impl Compact {
    #[inline]
    pub(crate) fn decode(&self, f: &SentenceFeatures) -> Vec<usize> {
        decode(self, &self.start, &self.trans, self.o_penalty, f)
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&self.o_penalty.to_le_bytes());
        for s in self.start {
            out.extend_from_slice(&s.to_le_bytes());
        }
        for row in self.trans {
            for t in row {
                out.extend_from_slice(&t.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.rows.len() as u32).to_le_bytes());
        let mut last: Option<usize> = None;
        for (b, row) in self.bucket_indexes().zip(&self.rows) {
            let gap = match last {
                None => b,
                Some(l) => b - l - 1,
            };
            push_varint(out, gap as u64);
            for x in row {
                out.extend_from_slice(&x.to_le_bytes());
            }
            last = Some(b);
        }
    }

    fn read(r: &mut Reader<'_>, bits: u32) -> Result<Compact, NerError> {
        let scale = r.f32()?;
        let o_penalty = r.f32()?;
        let mut start = [0f32; N_TAGS];
        for s in &mut start {
            *s = r.f32()?;
        }
        let mut trans = [[0f32; N_TAGS]; N_TAGS];
        for row in &mut trans {
            for t in row.iter_mut() {
                *t = r.f32()?;
            }
        }
        let n = r.u32()? as usize;
        let mut c = Compact::new(bits, scale, start, trans, o_penalty);
        let size = c.buckets();
        if n > size {
            return Err(NerError::new(NerErrorKind::Corrupt(format!("{n} rows for {size} buckets"))));
        }
        c.rows.reserve(n);
        let mut bucket: usize = 0;
        for k in 0..n {
            let gap = r.varint()? as usize;
            bucket = if k == 0 { gap } else { bucket + gap + 1 };
            if bucket >= size {
                return Err(NerError::new(NerErrorKind::Corrupt(format!("bucket {bucket} out of range"))));
            }
            let raw = r.take(2 * N_TAGS)?;
            let mut row = [0i16; N_TAGS];
            for (t, c) in row.iter_mut().zip(raw.chunks_exact(2)) {
                *t = i16::from_le_bytes([c[0], c[1]]);
            }
            c.push(bucket, row);
        }
        c.finish();
        Ok(c)
    }
}

/// A trained tagger: a first stage over sentence features and, optionally, a second stage that
/// adds document features computed from the first stage's tags ([`crate::doc`]).
pub struct Model {
    pub(crate) bits: u32,
    pub(crate) s1: Compact,
    pub(crate) s2: Option<Compact>,
    /// Sentences on either side that make a word's document context in the second stage.
    pub(crate) window: u32,
    /// The second stage adds document features to the first stage's scores instead of
    /// re-weighting every first-stage feature.
    pub(crate) residual: bool,
    pub(crate) clusters: Clusters,
    pub(crate) lexicon: Lexicon,
}

/// Words per chunk in [`Model::tag_tokens`] when no sentence end comes.
const MAX_CHUNK: usize = 256;

impl Model {
    #[cfg(feature = "embedded-model")]
    /// The model embedded in the binary (`model/ner.bin`), parsed on first use.
    ///
    /// # Panics
    /// If the embedded file is stale or corrupt; the message says how to rebuild it.
    pub fn embedded() -> &'static Model {
        static M: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        M.get_or_init(|| match Model::from_bytes(include_bytes!("../model/ner.bin")) {
            Ok(m) => m,
            Err(e) => panic!("embedded {e}"),
        })
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<Model, NerError> {
        let bytes = std::fs::read(path).map_err(|e| NerError { kind: NerErrorKind::Io(e), path: Some(path.display().to_string()) })?;
        Model::from_bytes(&bytes).map_err(|mut e| {
            e.path = Some(path.display().to_string());
            e
        })
    }

    /// Parses the bytes of a model file.
    pub fn from_bytes(b: &[u8]) -> Result<Model, NerError> {
        let mut r = Reader { b, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(NerError::new(NerErrorKind::BadMagic));
        }
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(NerError::new(NerErrorKind::Version { found: version, expected: FORMAT_VERSION }));
        }
        let bits = r.u32()?;
        let n_tags = r.u32()? as usize;
        if !(8..=26).contains(&bits) || n_tags != N_TAGS {
            return Err(NerError::new(NerErrorKind::Corrupt(format!("bits {bits}, tags {n_tags}"))));
        }
        let stages = r.u32()?;
        let window = r.u32()?;
        if !(1..=3).contains(&stages) {
            return Err(NerError::new(NerErrorKind::Corrupt(format!("{stages} stages"))));
        }
        let s1 = Compact::read(&mut r, bits)?;
        let s2 = if stages >= 2 { Some(Compact::read(&mut r, bits)?) } else { None };
        let residual = stages == 3;
        let n_coarse = r.u32()? as usize;
        let coarse = r.take(n_coarse)?.to_vec();
        let n_words = r.u32()? as usize;
        let mut fine = std::collections::HashMap::with_capacity(n_words);
        for _ in 0..n_words {
            let h = r.u64()?;
            let c = r.take(2)?;
            fine.insert(h, u16::from_le_bytes([c[0], c[1]]));
        }
        let n_prof = r.u32()? as usize;
        let mut profile = std::collections::HashMap::with_capacity(n_prof);
        for _ in 0..n_prof {
            let h = r.u64()?;
            profile.insert(h, r.take(1)?[0]);
        }
        let n_lex = r.u32()? as usize;
        let (mut keys, mut vals) = (Vec::with_capacity(n_lex), Vec::with_capacity(n_lex));
        for _ in 0..n_lex {
            keys.push(r.u64()?);
            let x = r.take(3)?;
            vals.push(WordInfo { gaz: x[0], freq: x[1], morph: x[2] });
        }
        let words = sorted_table(keys, vals)?;
        let max_phrase = r.take(1)?[0];
        let n_ph = r.u32()? as usize;
        let (mut keys, mut vals) = (Vec::with_capacity(n_ph), Vec::with_capacity(n_ph));
        for _ in 0..n_ph {
            keys.push(r.u64()?);
            vals.push(r.take(1)?[0]);
        }
        let phrases = sorted_table(keys, vals)?;
        let lexicon = Lexicon { words, phrases, max_phrase };
        if r.at != b.len() {
            return Err(NerError::new(NerErrorKind::Corrupt(format!("{} trailing bytes", b.len() - r.at))));
        }
        Ok(Model { bits, s1, s2, window, residual, clusters: Clusters { fine, coarse, profile }, lexicon })
    }

    /// Serialises the model (see the module docs for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 << 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(N_TAGS as u32).to_le_bytes());
        let stages: u32 = match (&self.s2, self.residual) {
            (None, _) => 1,
            (Some(_), false) => 2,
            (Some(_), true) => 3,
        };
        out.extend_from_slice(&stages.to_le_bytes());
        out.extend_from_slice(&self.window.to_le_bytes());
        self.s1.write(&mut out);
        if let Some(s2) = &self.s2 {
            s2.write(&mut out);
        }
        out.extend_from_slice(&(self.clusters.coarse.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.clusters.coarse);
        let mut words: Vec<(u64, u16)> = self.clusters.fine.iter().map(|(&h, &c)| (h, c)).collect();
        words.sort_unstable();
        out.extend_from_slice(&(words.len() as u32).to_le_bytes());
        for (h, c) in words {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&c.to_le_bytes());
        }
        let mut prof: Vec<(u64, u8)> = self.clusters.profile.iter().map(|(&h, &c)| (h, c)).collect();
        prof.sort_unstable();
        out.extend_from_slice(&(prof.len() as u32).to_le_bytes());
        for (h, c) in prof {
            out.extend_from_slice(&h.to_le_bytes());
            out.push(c);
        }
        out.extend_from_slice(&(self.lexicon.words.len() as u32).to_le_bytes());
        for (h, i) in self.lexicon.words.iter() {
            out.extend_from_slice(&h.to_le_bytes());
            out.push(i.gaz);
            out.push(i.freq);
            out.push(i.morph);
        }
        out.push(self.lexicon.max_phrase);
        out.extend_from_slice(&(self.lexicon.phrases.len() as u32).to_le_bytes());
        for (h, t) in self.lexicon.phrases.iter() {
            out.extend_from_slice(&h.to_le_bytes());
            out.push(t);
        }
        out
    }

    pub fn save(&self, path: &Path) -> io::Result<()> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, self.to_bytes())
    }

    /// Number of buckets holding a non-zero weight, summed over the stages.
    pub fn nonzero_buckets(&self) -> usize {
        self.s1.rows.len() + self.s2.as_ref().map_or(0, |s| s.rows.len())
    }

    /// Whether the model has a second (document) stage.
    pub fn has_document_stage(&self) -> bool {
        self.s2.is_some()
    }

    /// First-stage features of a sentence.
    pub(crate) fn features(&self, words: &[&str]) -> SentenceFeatures {
        let mut f = SentenceFeatures::default();
        extract(words, self.bits, &self.clusters, &self.lexicon, &mut f);
        f
    }

    /// Tags of every sentence of a document, from already extracted first-stage features.
    pub(crate) fn decode_document(&self, feats: &[SentenceFeatures]) -> Vec<Vec<usize>> {
        let em: Vec<Vec<[f32; N_TAGS]>> = feats.iter().map(|f| emissions(&self.s1, f)).collect();
        let first: Vec<Vec<usize>> = em.iter().map(|e| viterbi(e, &self.s1.start, &self.s1.trans, self.s1.o_penalty)).collect();
        let Some(s2) = &self.s2 else { return first };
        let second = crate::doc::doc_features(feats, &first, self.residual.then_some(&em[..]), self.window as usize, self.bits);
        second.iter().map(|f| s2.decode(f)).collect()
    }

    /// BIO tags for the words of one sentence (IOB2: an `I-X` always continues an `X`). The
    /// sentence is its own document; [`Model::tag_document`] gives the second stage more context.
    pub fn tag(&self, words: &[&str]) -> Vec<Tag> {
        self.tag_document(&[words]).pop().unwrap_or_default()
    }

    /// BIO tags for every sentence of a document, in order.
    pub fn tag_document<S: AsRef<[W]>, W: AsRef<str>>(&self, sentences: &[S]) -> Vec<Vec<Tag>> {
        let feats: Vec<SentenceFeatures> = sentences
            .iter()
            .map(|s| {
                let words: Vec<&str> = s.as_ref().iter().map(AsRef::as_ref).collect();
                self.features(&words)
            })
            .collect();
        self.decode_document(&feats).into_iter().map(|t| t.into_iter().map(Tag::from_index).collect()).collect()
    }

    /// Entity spans (byte offsets into `text`) over rasd tokens; the whole text is one document.
    ///
    /// Tokens are tagged in chunks that end at sentence punctuation or a line break. An entity is
    /// trimmed to its Arabic or Latin word tokens and dropped if none is left.
    pub fn tag_tokens(&self, text: &str, tokens: &[Token]) -> Vec<(Span, EntityType)> {
        let mut ranges = Vec::new();
        let mut begin = 0;
        for i in 0..tokens.len() {
            let surface = &text[tokens[i].span.range()];
            let line_break = tokens.get(i + 1).is_some_and(|n| text[tokens[i].span.end..n.span.start].contains('\n'));
            let end = i + 1 == tokens.len() || line_break || matches!(surface, "." | "!" | "?" | "؟") || i + 1 - begin >= MAX_CHUNK;
            if end {
                ranges.push(begin..i + 1);
                begin = i + 1;
            }
        }
        let sentences: Vec<Vec<&str>> = ranges.iter().map(|r| tokens[r.clone()].iter().map(|t| &text[t.span.range()]).collect()).collect();
        let tags = self.tag_document(&sentences);
        let is_word = |t: &Token| matches!(t.kind, TokenKind::Arabic | TokenKind::Latin);
        let mut out = Vec::new();
        for (r, tags) in ranges.iter().zip(&tags) {
            let toks = &tokens[r.clone()];
            for (s, e, ty) in chunks(tags) {
                let span = &toks[s..e];
                let Some(a) = span.iter().position(is_word) else { continue };
                let b = span.iter().rposition(is_word).unwrap_or(a);
                out.push((span[a].span.cover(span[b].span), ty));
            }
        }
        out
    }
}

/// Tag scores of every word of a sentence: its offsets (if any) plus its features' weights.
pub(crate) fn emissions<E: Emit>(weights: &E, f: &SentenceFeatures) -> Vec<[f32; N_TAGS]> {
    (0..f.len())
        .map(|i| {
            let mut e = f.offsets.get(i).copied().unwrap_or([0f32; N_TAGS]);
            weights.emissions(f.word(i), &mut e);
            e
        })
        .collect()
}

/// Tag indices maximising the sentence score under IOB2 constraints.
pub(crate) fn decode<E: Emit>(
    weights: &E,
    start: &[f32; N_TAGS],
    trans: &[[f32; N_TAGS]; N_TAGS],
    o_penalty: f32,
    f: &SentenceFeatures,
) -> Vec<usize> {
    viterbi(&emissions(weights, f), start, trans, o_penalty)
}

/// The best IOB2 tag sequence for per-word tag scores.
pub(crate) fn viterbi(em: &[[f32; N_TAGS]], start: &[f32; N_TAGS], trans: &[[f32; N_TAGS]; N_TAGS], o_penalty: f32) -> Vec<usize> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    let allowed = allowed();
    let mut prev = [0f32; N_TAGS];
    let mut back = vec![[0u8; N_TAGS]; n];
    for i in 0..n {
        let mut e = em[i];
        e[0] -= o_penalty;
        if i == 0 {
            for t in 0..N_TAGS {
                prev[t] = if Tag::from_index(t).may_follow(None) { start[t] + e[t] } else { f32::NEG_INFINITY };
            }
            continue;
        }
        let mut cur = [0f32; N_TAGS];
        for t in 0..N_TAGS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for p in 0..N_TAGS {
                if !allowed[p][t] {
                    continue;
                }
                let s = prev[p] + trans[p][t];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            cur[t] = best + e[t];
            back[i][t] = arg;
        }
        prev = cur;
    }
    let mut t = (0..N_TAGS).max_by(|&a, &b| prev[a].total_cmp(&prev[b]).then(b.cmp(&a))).unwrap_or(0);
    let mut out = vec![0usize; n];
    for i in (0..n).rev() {
        out[i] = t;
        t = back[i][t] as usize;
    }
    out
}

fn allowed() -> [[bool; N_TAGS]; N_TAGS] {
    static A: std::sync::OnceLock<[[bool; N_TAGS]; N_TAGS]> = std::sync::OnceLock::new();
    *A.get_or_init(allowed_table)
}

fn allowed_table() -> [[bool; N_TAGS]; N_TAGS] {
    let mut a = [[false; N_TAGS]; N_TAGS];
    for (p, row) in a.iter_mut().enumerate() {
        for (t, ok) in row.iter_mut().enumerate() {
            *ok = Tag::from_index(t).may_follow(Some(Tag::from_index(p)));
        }
    }
    a
}

/// A table from keys the file stores in increasing order.
fn sorted_table<V: Copy>(keys: Vec<u64>, vals: Vec<V>) -> Result<HashTable<V>, NerError> {
    if keys.windows(2).any(|w| w[0] >= w[1]) {
        return Err(NerError::new(NerErrorKind::Corrupt("hash table keys out of order".into())));
    }
    Ok(HashTable::from_sorted(keys, vals))
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        if self.at + n > self.b.len() {
            return Err(NerError::new(NerErrorKind::Corrupt("truncated".into())));
        }
        let s = &self.b[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, NerError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Result<u64, NerError> {
        let s = self.take(8)?;
        Ok(u64::from_le_bytes(s.try_into().expect("8 bytes")))
    }
    fn f32(&mut self) -> Result<f32, NerError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn varint(&mut self) -> Result<u64, NerError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(NerError::new(NerErrorKind::Corrupt("bad varint".into())))
    }
}
