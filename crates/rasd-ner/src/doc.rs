//! Second-stage features: what the first stage said about the same words elsewhere in the
//! document, and about the neighbours of a word (stacking).
//!
//! A name is often written in full once and then recurs alone (`أرسين فينغر` … `فينغر`), or is
//! missed once and found elsewhere. The second stage sees, for each word, the first stage's tags
//! of the other occurrences of the word (same key, or sharing a base form: key, stem or proclitic
//! reading) within `window` sentences on either side, the multiword entities the first stage found
//! there, and the first stage's tags around the word.
//!
//! Cost is linear in the document: each form's occurrence list is cut to the window by binary
//! search, and forms with more than [`CAP`] occurrences in the window (function words) are skipped.

use crate::features::{H, SentenceFeatures, Tpl};
use crate::lexicon::U64Map;
use crate::tag::{N_TAGS, Tag};

/// Forms occurring more often than this in a window are not counted (they are function words).
const CAP: usize = 48;

/// Longest entity phrase matched across the document.
const MAX_PHRASE: usize = 4;

fn mix(h: u64, x: u64) -> u64 {
    let mut z = (h ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z ^= z >> 29;
    z
}

/// Counts of the first stage's tags over some occurrences.
#[derive(Default, Clone, Copy)]
struct Hist {
    tags: [u16; N_TAGS],
    total: u16,
}

impl Hist {
    fn add(&mut self, t: usize) {
        self.tags[t] += 1;
        self.total += 1;
    }
}

fn push_hist(kind: u8, h: &Hist, bits: u32, row: &mut Vec<u32>) {
    if h.total == 0 {
        row.push(H::new(Tpl::DocNone).byte(kind).bucket(bits));
        return;
    }
    let mut by_type = [0u16; 4];
    for t in 1..N_TAGS {
        if h.tags[t] > 0 {
            row.push(H::new(Tpl::DocTag).byte(kind).byte(t as u8).bucket(bits));
            by_type[(t - 1) / 2] += h.tags[t];
        }
    }
    if h.tags[0] == h.total {
        row.push(H::new(Tpl::DocAllO).byte(kind).byte(h.total.min(4) as u8).bucket(bits));
    }
    for (ty, &c) in by_type.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let frac = u32::from(c) * 3 / u32::from(h.total); // 0, 1, 2 (3 = all)
        row.push(H::new(Tpl::DocType).byte(kind).byte(ty as u8).byte(frac as u8).bucket(bits));
        row.push(H::new(Tpl::DocType).byte(kind).byte(ty as u8).byte(10 + c.min(3) as u8).bucket(bits));
    }
}

/// The second-stage features of every sentence of a document: the first-stage features plus the
/// document and stacking features, given the first stage's tags `pred`.
///
/// With `offsets` (the first stage's tag scores of every word), the result holds only the new
/// features and starts each word from those scores (a residual second stage); without, it holds
/// the first-stage features too.
pub(crate) fn doc_features(
    doc: &[SentenceFeatures],
    pred: &[Vec<usize>],
    offsets: Option<&[Vec<[f32; N_TAGS]>]>,
    window: usize,
    bits: u32,
) -> Vec<SentenceFeatures> {
    // Global word positions.
    let mut sent_start = Vec::with_capacity(doc.len() + 1);
    let mut n = 0usize;
    for s in doc {
        sent_start.push(n as u32);
        n += s.len();
    }
    sent_start.push(n as u32);
    let mut flat_tags: Vec<u8> = Vec::with_capacity(n);
    let mut flat_keys: Vec<u64> = Vec::with_capacity(n);
    for (s, p) in doc.iter().zip(pred) {
        flat_tags.extend(p.iter().map(|&t| t as u8));
        flat_keys.extend_from_slice(&s.keys);
    }
    // Occurrences by form and by key (positions in increasing order).
    let mut by_form: U64Map<Vec<u32>> = U64Map::default();
    let mut by_key: U64Map<Vec<u32>> = U64Map::default();
    {
        let mut g = 0u32;
        for s in doc {
            for i in 0..s.len() {
                if s.wordlike[i] {
                    for &f in s.forms(i) {
                        by_form.entry(f).or_default().push(g);
                    }
                    by_key.entry(s.keys[i]).or_default().push(g);
                }
                g += 1;
            }
        }
    }
    // Multiword entities of the first stage: phrase hash of their keys → (start position, type).
    let mut phrases: U64Map<Vec<(u32, u8)>> = U64Map::default();
    for (si, p) in pred.iter().enumerate() {
        let base = sent_start[si] as usize;
        let tags: Vec<Tag> = p.iter().map(|&t| Tag::from_index(t)).collect();
        for (a, b, ty) in crate::tag::chunks(&tags) {
            if b - a >= 2 && b - a <= MAX_PHRASE {
                let h = flat_keys[base + a..base + b].iter().fold(0u64, |h, &k| mix(h, k));
                phrases.entry(h).or_default().push(((base + a) as u32, ty as u8));
            }
        }
    }

    let mut out = Vec::with_capacity(doc.len());
    let mut row: Vec<u32> = Vec::with_capacity(160);
    let mut hits: Vec<u32> = Vec::with_capacity(64);
    for (si, s) in doc.iter().enumerate() {
        let lo = sent_start[si.saturating_sub(window)];
        let hi = sent_start[(si + window + 1).min(doc.len())];
        let base = sent_start[si] as usize;
        let mut f = SentenceFeatures::default();
        f.start.push(0);
        for i in 0..s.len() {
            let g = (base + i) as u32;
            row.clear();
            if offsets.is_none() {
                row.extend_from_slice(s.word(i));
            }
            let p = &pred[si];
            let at = |d: isize| -> u8 {
                let j = i as isize + d;
                if j < 0 || j as usize >= p.len() { 0xfe } else { p[j as usize] as u8 }
            };
            for d in -2isize..=2 {
                row.push(H::new(Tpl::S1Tag).byte(d as u8).byte(at(d)).bucket(bits));
            }
            row.push(H::new(Tpl::S1Pair).byte(0).byte(at(-1)).byte(at(0)).bucket(bits));
            row.push(H::new(Tpl::S1Pair).byte(1).byte(at(0)).byte(at(1)).bucket(bits));
            if s.wordlike[i] {
                // Same key elsewhere.
                let mut hk = Hist::default();
                if let Some(list) = by_key.get(&s.keys[i]) {
                    let a = list.partition_point(|&x| x < lo);
                    let b = list.partition_point(|&x| x < hi);
                    if b - a <= CAP {
                        for &x in &list[a..b] {
                            if x != g {
                                hk.add(flat_tags[x as usize] as usize);
                            }
                        }
                    }
                }
                push_hist(0, &hk, bits, &mut row);
                // Shared base forms elsewhere.
                hits.clear();
                for fm in s.forms(i) {
                    if let Some(list) = by_form.get(fm) {
                        let a = list.partition_point(|&x| x < lo);
                        let b = list.partition_point(|&x| x < hi);
                        if b - a <= CAP {
                            hits.extend(list[a..b].iter().copied().filter(|&x| x != g));
                        }
                    }
                }
                hits.sort_unstable();
                hits.dedup();
                let mut hf = Hist::default();
                for &x in &hits {
                    hf.add(flat_tags[x as usize] as usize);
                }
                push_hist(1, &hf, bits, &mut row);
                // Multiword entities found elsewhere that cover this word here.
                if !phrases.is_empty() {
                    for len in 2..=MAX_PHRASE.min(s.len()) {
                        for pos in 0..len {
                            if pos > i || i - pos + len > s.len() {
                                continue;
                            }
                            let a = base + i - pos;
                            let h = flat_keys[a..a + len].iter().fold(0u64, |h, &k| mix(h, k));
                            if let Some(list) = phrases.get(&h) {
                                // Starts are in increasing order: cut the list to the window.
                                let from = list.partition_point(|&(st, _)| st < lo);
                                let to = list.partition_point(|&(st, _)| st < hi).min(from + CAP);
                                let mut seen = 0u8;
                                for &(st, ty) in &list[from..to] {
                                    if st as usize != a && seen & (1 << ty) == 0 {
                                        seen |= 1 << ty;
                                        let where_ = if pos == 0 {
                                            0u8
                                        } else if pos + 1 == len {
                                            2
                                        } else {
                                            1
                                        };
                                        row.push(H::new(Tpl::DocPhrase).byte(ty).byte(where_).bucket(bits));
                                        row.push(H::new(Tpl::DocPhrase).byte(ty).byte(where_).byte(len as u8).bucket(bits));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            f.idx.extend_from_slice(&row);
            f.start.push(f.idx.len() as u32);
        }
        if let Some(o) = offsets {
            f.offsets = o[si].clone();
        }
        out.push(f);
    }
    out
}
