//! The model: hashed feature weights per tag, tag transitions, Viterbi decoding, and the file format.
//!
//! # File format (`model/ner.bin`)
//! All integers little-endian.
//! ```text
//! magic        8 bytes  "RASDNER\0"
//! version      u32      FORMAT_VERSION
//! bits         u32      feature buckets = 2^bits
//! n_tags       u32      9
//! scale        f32      weight = i16 * scale
//! o_penalty    f32      subtracted from every word's `O` score
//! start        n_tags × f32            score of each tag at sentence start
//! trans        n_tags × n_tags × f32   score of (previous tag, tag)
//! n_buckets    u32      number of non-zero buckets that follow
//! buckets      n_buckets × (varint gap from the previous bucket index + 1, n_tags × i16)
//! n_coarse     u32, then n_coarse × u8     coarse cluster of each fine word cluster
//! n_words      u32, then n_words × (u64 word-key hash, u16 fine cluster), sorted by hash
//! n_profile    u32, then n_profile × (u64 word-key hash, u8 corpus tag profile), sorted by hash
//! ```
//! Bump [`FORMAT_VERSION`] whenever the layout, the feature templates or the hash change:
//! an old file then fails to load with a message saying how to rebuild it.

use std::cell::RefCell;
use std::fmt;
use std::io;
use std::path::Path;

use rasd_core::Span;
use rasd_text::{Token, TokenKind};

use crate::clusters::Clusters;
use crate::features::{SentenceFeatures, extract};
use crate::tag::{EntityType, N_TAGS, Tag, chunks};

pub const MAGIC: &[u8; 8] = b"RASDNER\0";
/// Version of the model file *and* of the feature extraction it was trained with.
pub const FORMAT_VERSION: u32 = 1;

/// How to rebuild the model, quoted by every loading error.
pub const REBUILD_HINT: &str = "rebuild it with `rasd train ner` (or `cargo run --release -p rasd-ner --no-default-features --example train_eval`)";

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
    Version { found: u32, expected: u32 },
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

/// A trained tagger.
pub struct Model {
    pub(crate) bits: u32,
    /// `2^bits × N_TAGS` weights, bucket-major.
    pub(crate) weights: Vec<f32>,
    pub(crate) start: [f32; N_TAGS],
    pub(crate) trans: [[f32; N_TAGS]; N_TAGS],
    pub(crate) clusters: Clusters,
    /// Subtracted from the `O` score of every word: trades precision for recall (chosen on held-out data).
    pub(crate) o_penalty: f32,
}

thread_local! {
    static SCRATCH: RefCell<SentenceFeatures> = RefCell::new(SentenceFeatures::default());
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
        let size = 1usize << bits;
        let mut weights = vec![0f32; size * N_TAGS];
        let mut bucket: usize = 0;
        let mut first = true;
        for _ in 0..n {
            let gap = r.varint()? as usize;
            bucket = if first { gap } else { bucket + gap + 1 };
            first = false;
            if bucket >= size {
                return Err(NerError::new(NerErrorKind::Corrupt(format!("bucket {bucket} out of range"))));
            }
            let raw = r.take(2 * N_TAGS)?;
            let w = &mut weights[bucket * N_TAGS..(bucket + 1) * N_TAGS];
            for (t, c) in w.iter_mut().zip(raw.chunks_exact(2)) {
                *t = f32::from(i16::from_le_bytes([c[0], c[1]])) * scale;
            }
        }
        let n_coarse = r.u32()? as usize;
        let coarse = r.take(n_coarse)?.to_vec();
        let n_words = r.u32()? as usize;
        let mut fine = std::collections::HashMap::with_capacity(n_words);
        for _ in 0..n_words {
            let h = r.take(8)?;
            let c = r.take(2)?;
            fine.insert(u64::from_le_bytes(h.try_into().expect("8 bytes")), u16::from_le_bytes([c[0], c[1]]));
        }
        let n_prof = r.u32()? as usize;
        let mut profile = std::collections::HashMap::with_capacity(n_prof);
        for _ in 0..n_prof {
            let h = r.take(8)?;
            let c = r.take(1)?[0];
            profile.insert(u64::from_le_bytes(h.try_into().expect("8 bytes")), c);
        }
        if r.at != b.len() {
            return Err(NerError::new(NerErrorKind::Corrupt(format!("{} trailing bytes", b.len() - r.at))));
        }
        Ok(Model { bits, weights, start, trans, clusters: Clusters { fine, coarse, profile }, o_penalty })
    }

    /// Serialises the model (see the module docs for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
        let mut out = Vec::with_capacity(1 << 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(N_TAGS as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&self.o_penalty.to_le_bytes());
        for s in self.start {
            out.extend_from_slice(&s.to_le_bytes());
        }
        for row in self.trans {
            for t in row {
                out.extend_from_slice(&t.to_le_bytes());
            }
        }
        let mut body = Vec::new();
        let mut count = 0u32;
        let mut last: Option<usize> = None;
        for (b, w) in self.weights.chunks_exact(N_TAGS).enumerate() {
            let q: Vec<i16> = w.iter().map(|x| (x / scale).round().clamp(-32767.0, 32767.0) as i16).collect();
            if q.iter().all(|&x| x == 0) {
                continue;
            }
            let gap = match last {
                None => b,
                Some(l) => b - l - 1,
            };
            push_varint(&mut body, gap as u64);
            for x in q {
                body.extend_from_slice(&x.to_le_bytes());
            }
            last = Some(b);
            count += 1;
        }
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&body);
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

    /// Number of buckets holding a non-zero weight.
    pub fn nonzero_buckets(&self) -> usize {
        self.weights.chunks_exact(N_TAGS).filter(|w| w.iter().any(|&x| x != 0.0)).count()
    }

    /// BIO tags for the words of one sentence (IOB2: an `I-X` always continues an `X`).
    pub fn tag(&self, words: &[&str]) -> Vec<Tag> {
        if words.is_empty() {
            return Vec::new();
        }
        SCRATCH.with(|s| {
            let mut f = s.borrow_mut();
            extract(words, self.bits, &self.clusters, &mut f);
            decode(&self.weights, &self.start, &self.trans, self.o_penalty, &f).into_iter().map(Tag::from_index).collect()
        })
    }

    /// Entity spans (byte offsets into `text`) over rasd tokens.
    ///
    /// Tokens are tagged in chunks that end at sentence punctuation or a line break. An entity is
    /// trimmed to its Arabic or Latin word tokens and dropped if none is left.
    pub fn tag_tokens(&self, text: &str, tokens: &[Token]) -> Vec<(Span, EntityType)> {
        let mut out = Vec::new();
        let mut begin = 0;
        for i in 0..tokens.len() {
            let surface = &text[tokens[i].span.range()];
            let line_break = tokens.get(i + 1).is_some_and(|n| text[tokens[i].span.end..n.span.start].contains('\n'));
            let end = i + 1 == tokens.len() || line_break || matches!(surface, "." | "!" | "?" | "؟") || i + 1 - begin >= MAX_CHUNK;
            if end {
                self.tag_chunk(text, &tokens[begin..=i], &mut out);
                begin = i + 1;
            }
        }
        out
    }

    fn tag_chunk(&self, text: &str, toks: &[Token], out: &mut Vec<(Span, EntityType)>) {
        let words: Vec<&str> = toks.iter().map(|t| &text[t.span.range()]).collect();
        let tags = self.tag(&words);
        let is_word = |t: &Token| matches!(t.kind, TokenKind::Arabic | TokenKind::Latin);
        for (s, e, ty) in chunks(&tags) {
            let span = &toks[s..e];
            let Some(a) = span.iter().position(is_word) else { continue };
            let b = span.iter().rposition(is_word).unwrap_or(a);
            out.push((span[a].span.cover(span[b].span), ty));
        }
    }
}

/// Tag indices maximising the sentence score under IOB2 constraints.
pub(crate) fn decode(weights: &[f32], start: &[f32; N_TAGS], trans: &[[f32; N_TAGS]; N_TAGS], o_penalty: f32, f: &SentenceFeatures) -> Vec<usize> {
    let n = f.len();
    let allowed = allowed();
    let mut score = vec![[0f32; N_TAGS]; n];
    let mut back = vec![[0u8; N_TAGS]; n];
    for i in 0..n {
        let mut e = [0f32; N_TAGS];
        for &b in f.word(i) {
            let w = &weights[b as usize * N_TAGS..b as usize * N_TAGS + N_TAGS];
            for t in 0..N_TAGS {
                e[t] += w[t];
            }
        }
        e[0] -= o_penalty;
        if i == 0 {
            for t in 0..N_TAGS {
                score[0][t] = if Tag::from_index(t).may_follow(None) { start[t] + e[t] } else { f32::NEG_INFINITY };
            }
            continue;
        }
        for t in 0..N_TAGS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for p in 0..N_TAGS {
                if !allowed[p][t] {
                    continue;
                }
                let s = score[i - 1][p] + trans[p][t];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            score[i][t] = best + e[t];
            back[i][t] = arg;
        }
    }
    let mut t = (0..N_TAGS).max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]).then(b.cmp(&a))).unwrap_or(0);
    let mut out = vec![0usize; n];
    for i in (0..n).rev() {
        out[i] = t;
        t = back[i][t] as usize;
    }
    out
}

fn allowed() -> [[bool; N_TAGS]; N_TAGS] {
    let mut a = [[false; N_TAGS]; N_TAGS];
    for (p, row) in a.iter_mut().enumerate() {
        for (t, ok) in row.iter_mut().enumerate() {
            *ok = Tag::from_index(t).may_follow(Some(Tag::from_index(p)));
        }
    }
    a
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
