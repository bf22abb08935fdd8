//! Word clusters learned from unannotated text (ANERcorp's train split and the Wojood sample), used as features so that
//! a name never seen in the annotated data still looks like the names it shares contexts with.
//!
//! Method (deterministic for a seed): count the left and right neighbours of the most frequent
//! word keys among the most frequent context keys; take the square root of each word's neighbour
//! distribution (Hellinger), project it to a few dozen dimensions with seeded random ±1 vectors,
//! and run spherical k-means twice — fine clusters over words, coarse clusters over the fine
//! centroids. Only 64-bit hashes of the word keys are stored, never the words.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rasd_text::TokenKind;

/// Cluster ids by word-key hash.
#[derive(Clone, Debug, Default)]
pub struct Clusters {
    pub(crate) fine: HashMap<u64, u16>,
    /// Coarse cluster of each fine cluster.
    pub(crate) coarse: Vec<u8>,
    /// How a first model tagged each word across the corpus: `1 + 3 × type + strength` (see [`profile_code`]).
    pub(crate) profile: HashMap<u64, u8>,
}

/// Profile code of a word seen `total` times, `by_type[t]` of them inside an entity of type `t`.
pub(crate) fn profile_code(total: u32, by_type: &[u32; 4]) -> Option<u8> {
    if total < 3 {
        return None;
    }
    let (t, &c) = by_type.iter().enumerate().max_by_key(|&(i, c)| (*c, std::cmp::Reverse(i)))?;
    let frac = f64::from(c) / f64::from(total);
    let strength = if frac >= 0.5 {
        2
    } else if frac >= 0.2 {
        1
    } else if frac >= 0.05 {
        0
    } else {
        return None;
    };
    Some(1 + 3 * t as u8 + strength)
}

/// Settings for [`build`].
#[derive(Clone, Debug)]
pub struct ClusterOptions {
    pub words: usize,
    pub contexts: usize,
    pub min_count: u32,
    pub dims: usize,
    pub fine: usize,
    pub coarse: usize,
    pub iterations: usize,
    pub seed: u64,
}

impl Default for ClusterOptions {
    fn default() -> ClusterOptions {
        ClusterOptions { words: 60_000, contexts: 1_000, min_count: 4, dims: 64, fine: 512, coarse: 48, iterations: 10, seed: 0xc1_0575 }
    }
}

/// The hash under which word keys are stored (FNV-1a, then a murmur finaliser).
#[inline]
pub(crate) fn word_hash(key: &str) -> u64 {
    hash_finish(hash_bytes(HASH_START, key.as_bytes()))
}

/// `word_hash` of `prefix` followed by `key`, without building the string.
#[inline]
pub(crate) fn word_hash2(prefix: &str, key: &str) -> u64 {
    hash_finish(hash_bytes(hash_bytes(HASH_START, prefix.as_bytes()), key.as_bytes()))
}

pub(crate) const HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

#[inline]
pub(crate) fn hash_bytes(mut h: u64, b: &[u8]) -> u64 {
    for &x in b {
        h = (h ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[inline]
pub(crate) fn hash_finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

impl Clusters {
    pub fn is_empty(&self) -> bool {
        self.fine.is_empty()
    }
    pub fn len(&self) -> usize {
        self.fine.len()
    }
    /// Corpus tag profile of a word key.
    #[inline]
    pub fn profile(&self, key: &str) -> u8 {
        if self.profile.is_empty() {
            return 0;
        }
        self.profile.get(&word_hash(key)).copied().unwrap_or(0)
    }

    /// (fine, coarse) cluster of a word key.
    #[inline]
    pub fn get(&self, key: &str) -> Option<(u16, u8)> {
        let f = *self.fine.get(&word_hash(key))?;
        Some((f, self.coarse.get(f as usize).copied().unwrap_or(0)))
    }
}

/// The unannotated text clusters are learned from, found under `../shared/data` (from the current
/// directory or an ancestor): the words of ANERcorp's *train* split (never its test split) and the
/// Wojood sample (MIT). The news corpora under `../shared/corpus` are licensed for benchmarks only,
/// so no model shipped with rasd is derived from them.
pub fn default_corpus_files() -> Vec<PathBuf> {
    let rel = Path::new("../shared/data");
    let Ok(cwd) = std::env::current_dir() else { return Vec::new() };
    for dir in cwd.ancestors() {
        let base = dir.join(rel);
        if base.is_dir() {
            return [
                "anercorp/ANERCorp_CamelLabSplit_reconstructed_train.txt",
                "wojood-sample/train.txt",
                "wojood-sample/val.txt",
                "wojood-sample/test.txt",
            ]
            .iter()
            .map(|p| base.join(p))
            .filter(|p| p.exists())
            .collect();
        }
    }
    Vec::new()
}

/// Paragraph texts of corpus files: JSON Lines (`text` and `title` fields; `.gz` decompressed), or
/// CoNLL-style files (`word TAG` per line; the words are joined, a blank line or 60 words make a paragraph).
pub(crate) fn for_each_text(files: &[PathBuf], mut f: impl FnMut(&str)) -> io::Result<()> {
    for path in files {
        let file = std::fs::File::open(path)?;
        let reader: Box<dyn Read> =
            if path.extension().is_some_and(|e| e == "gz") { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
        let jsonl = path.to_string_lossy().contains(".jsonl");
        let mut words: Vec<String> = Vec::new();
        for line in BufReader::new(reader).lines() {
            let line = line?;
            if !jsonl {
                let w = line
                    .split(['\t', ' '])
                    .next()
                    .unwrap_or("")
                    .trim_matches(|c: char| c == '\u{feff}' || c == '\u{200e}' || c == '\u{200f}');
                if !w.is_empty() {
                    words.push(w.to_string());
                }
                if w.is_empty() || words.len() >= 60 {
                    if !words.is_empty() {
                        f(&words.join(" "));
                    }
                    words.clear();
                }
                continue;
            }
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
            for field in ["title", "text"] {
                if let Some(t) = v.get(field).and_then(|t| t.as_str()) {
                    for para in t.lines() {
                        f(para);
                    }
                }
            }
        }
        if !words.is_empty() {
            f(&words.join(" "));
        }
    }
    Ok(())
}

/// The corpus form of a token: its key, with every number folded to `<num>`.
fn corpus_key(t: &rasd_text::Token) -> String {
    match t.kind {
        TokenKind::Number => "<num>".to_string(),
        _ => t.key.clone(),
    }
}

/// Learns clusters from JSON Lines corpus files.
pub fn build(files: &[PathBuf], opts: &ClusterOptions, verbose: bool) -> io::Result<Clusters> {
    let t0 = std::time::Instant::now();
    // Pass 1: sequences of word ids.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut seqs: Vec<Vec<u32>> = Vec::new();
    for_each_text(files, |para| {
        let toks = rasd_text::tokenize(para);
        let mut seq = Vec::with_capacity(toks.len());
        for t in &toks {
            let k = corpus_key(t);
            let n = ids.len() as u32;
            let id = *ids.entry(k).or_insert(n);
            if id as usize == counts.len() {
                counts.push(0);
            }
            counts[id as usize] += 1;
            seq.push(id);
        }
        if !seq.is_empty() {
            seqs.push(seq);
        }
    })?;
    let total: usize = seqs.iter().map(Vec::len).sum();
    if verbose {
        eprintln!("clusters: {} tokens, {} types read in {:.1?}", total, ids.len(), t0.elapsed());
    }
    let mut by_freq: Vec<(u32, &String)> = ids.iter().map(|(k, &i)| (i, k)).collect();
    by_freq.sort_by(|a, b| counts[b.0 as usize].cmp(&counts[a.0 as usize]).then(a.1.cmp(b.1)));
    let mut target = vec![u32::MAX; ids.len()];
    let mut ctx = vec![u32::MAX; ids.len()];
    let mut target_keys: Vec<&String> = Vec::new();
    for (rank, &(i, k)) in by_freq.iter().enumerate() {
        if rank < opts.contexts {
            ctx[i as usize] = rank as u32;
        }
        if rank < opts.words && counts[i as usize] >= opts.min_count {
            target[i as usize] = target_keys.len() as u32;
            target_keys.push(k);
        }
    }
    let nw = target_keys.len();
    let nc = 2 * opts.contexts + 2;
    // Pass 2: neighbour counts.
    let mut cooc: HashMap<u64, u32> = HashMap::new();
    for seq in &seqs {
        for (p, &w) in seq.iter().enumerate() {
            let t = target[w as usize];
            if t == u32::MAX {
                continue;
            }
            let left = if p == 0 { nc as u32 - 2 } else { ctx[seq[p - 1] as usize] };
            let right = if p + 1 == seq.len() { nc as u32 - 1 } else { ctx[seq[p + 1] as usize].saturating_add(opts.contexts as u32) };
            for c in [left, right] {
                if (c as usize) < nc {
                    *cooc.entry(u64::from(t) << 32 | u64::from(c)).or_insert(0) += 1;
                }
            }
        }
    }
    drop(seqs);
    // Random projection of the Hellinger rows.
    let d = opts.dims;
    let mut rng = crate::train::XorShift::new(opts.seed);
    let proj: Vec<f32> = (0..nc * d).map(|_| if rng.next() & 1 == 0 { 1.0 } else { -1.0 }).collect();
    let mut row_sum = vec![0u64; nw];
    for (&k, &n) in &cooc {
        row_sum[(k >> 32) as usize] += u64::from(n);
    }
    let mut x = vec![0f32; nw * d];
    let mut entries: Vec<(u64, u32)> = cooc.into_iter().collect();
    entries.sort_unstable();
    for (k, n) in entries {
        let (t, c) = ((k >> 32) as usize, (k & 0xffff_ffff) as usize);
        let v = (f64::from(n) / row_sum[t] as f64).sqrt() as f32;
        let r = &proj[c * d..(c + 1) * d];
        for (xi, ri) in x[t * d..(t + 1) * d].iter_mut().zip(r) {
            *xi += v * ri;
        }
    }
    for row in x.chunks_exact_mut(d) {
        normalise(row);
    }
    let fine = kmeans(&x, d, opts.fine.min(nw.max(1)), opts.iterations, &mut rng);
    let mut cent = vec![0f32; opts.fine * d];
    for (i, &c) in fine.iter().enumerate() {
        for (a, b) in cent[c as usize * d..(c as usize + 1) * d].iter_mut().zip(&x[i * d..(i + 1) * d]) {
            *a += b;
        }
    }
    for row in cent.chunks_exact_mut(d) {
        normalise(row);
    }
    let coarse = kmeans(&cent, d, opts.coarse.min(opts.fine), opts.iterations * 2, &mut rng);
    let mut out = Clusters { fine: HashMap::with_capacity(nw), coarse: coarse.iter().map(|&c| c as u8).collect(), profile: HashMap::new() };
    for (i, k) in target_keys.iter().enumerate() {
        out.fine.insert(word_hash(k), fine[i] as u16);
    }
    if verbose {
        eprintln!("clusters: {nw} words in {} fine / {} coarse clusters, {:.1?}", opts.fine, opts.coarse, t0.elapsed());
    }
    Ok(out)
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|a| a * a).sum::<f32>().sqrt();
    if n > 0.0 {
        for a in v {
            *a /= n;
        }
    }
}

/// Spherical k-means; returns the cluster of each row.
fn kmeans(x: &[f32], d: usize, k: usize, iterations: usize, rng: &mut crate::train::XorShift) -> Vec<u32> {
    let n = x.len() / d;
    let mut cent = vec![0f32; k * d];
    for c in 0..k {
        let i = (rng.next() % n as u64) as usize;
        cent[c * d..(c + 1) * d].copy_from_slice(&x[i * d..(i + 1) * d]);
    }
    let mut assign = vec![0u32; n];
    for _ in 0..iterations {
        for i in 0..n {
            let xi = &x[i * d..(i + 1) * d];
            let mut best = (f32::NEG_INFINITY, 0u32);
            for c in 0..k {
                let s: f32 = xi.iter().zip(&cent[c * d..(c + 1) * d]).map(|(a, b)| a * b).sum();
                if s > best.0 {
                    best = (s, c as u32);
                }
            }
            assign[i] = best.1;
        }
        cent.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..n {
            let c = assign[i] as usize;
            for (a, b) in cent[c * d..(c + 1) * d].iter_mut().zip(&x[i * d..(i + 1) * d]) {
                *a += b;
            }
        }
        for c in 0..k {
            let row = &mut cent[c * d..(c + 1) * d];
            if row.iter().all(|&v| v == 0.0) {
                let i = (rng.next() % n as u64) as usize;
                row.copy_from_slice(&x[i * d..(i + 1) * d]);
            }
            normalise(row);
        }
    }
    assign
}

/// Tags the corpus with a first model and records, per word, how often it fell inside each entity type.
pub(crate) fn build_profile(model: &crate::Model, files: &[PathBuf]) -> io::Result<HashMap<u64, u8>> {
    let mut tally: HashMap<u64, (u32, [u32; 4])> = HashMap::new();
    for_each_text(files, |para| {
        let toks = rasd_text::tokenize(para);
        let ents = model.tag_tokens(para, &toks);
        let mut e = 0;
        for t in &toks {
            if !matches!(t.kind, TokenKind::Arabic | TokenKind::Latin) {
                continue;
            }
            while e < ents.len() && ents[e].0.end <= t.span.start {
                e += 1;
            }
            let entry = tally.entry(word_hash(&t.key)).or_insert((0, [0; 4]));
            entry.0 += 1;
            if let Some((span, ty)) = ents.get(e)
                && span.contains(t.span)
            {
                entry.1[*ty as usize] += 1;
            }
        }
    })?;
    Ok(tally.into_iter().filter_map(|(h, (n, by))| profile_code(n, &by).map(|c| (h, c))).collect())
}
