//! Read-only lookup structures built for speed at tagging time.
//!
//! - [`HashTable`]: 64-bit hashes → small values, as sorted arrays with an index on the top
//!   16 bits of the hash (a lookup touches the index and one short run of keys). Built in one
//!   linear pass from sorted input, so a model loads fast.
//! - [`Compact`]: a stage's feature weights, only the non-zero buckets, as i16 rows found
//!   through a bitmap with per-word ranks — a few MB instead of the dense `2^bits × 9` floats,
//!   so lookups mostly hit the cache.

use crate::model::Weights;
use crate::tag::N_TAGS;

const INDEX_BITS: u32 = 16;

/// A read-only map from 64-bit hashes to values.
#[derive(Clone, Debug)]
pub(crate) struct HashTable<V> {
    keys: Vec<u64>,
    vals: Vec<V>,
    /// `index[p]..index[p + 1]` holds the keys whose top bits are `p`.
    index: Vec<u32>,
}

impl<V: Copy> Default for HashTable<V> {
    fn default() -> Self {
        HashTable { keys: Vec::new(), vals: Vec::new(), index: Vec::new() }
    }
}

impl<V: Copy> HashTable<V> {
    /// From `(hash, value)` pairs in any order; a repeated hash keeps its first value.
    pub(crate) fn from_pairs(mut pairs: Vec<(u64, V)>) -> HashTable<V> {
        pairs.sort_by_key(|p| p.0);
        pairs.dedup_by_key(|p| p.0);
        let (keys, vals) = pairs.into_iter().unzip();
        HashTable::from_sorted(keys, vals)
    }

    /// From keys sorted in increasing order (no repeats) and their values.
    pub(crate) fn from_sorted(keys: Vec<u64>, vals: Vec<V>) -> HashTable<V> {
        debug_assert!(keys.windows(2).all(|w| w[0] < w[1]));
        if keys.is_empty() {
            return HashTable::default();
        }
        let mut index = vec![0u32; (1 << INDEX_BITS) + 1];
        for &k in &keys {
            index[(k >> (64 - INDEX_BITS)) as usize + 1] += 1;
        }
        for p in 1..index.len() {
            index[p] += index[p - 1];
        }
        HashTable { keys, vals, index }
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    #[inline]
    pub(crate) fn get(&self, h: u64) -> Option<V> {
        if self.keys.is_empty() {
            return None;
        }
        let p = (h >> (64 - INDEX_BITS)) as usize;
        let (a, b) = (self.index[p] as usize, self.index[p + 1] as usize);
        let run = &self.keys[a..b];
        run.iter().position(|&k| k == h).map(|i| self.vals[a + i])
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, V)> + '_ {
        self.keys.iter().copied().zip(self.vals.iter().copied())
    }
}

/// A stage's weights for tagging: i16 rows of the non-zero buckets, found through a bitmap.
#[derive(Clone, Debug)]
pub(crate) struct Compact {
    /// One bit per bucket: whether it has a row.
    bitmap: Vec<u64>,
    /// Rows before each bitmap word.
    rank: Vec<u32>,
    pub(crate) rows: Vec<[i16; N_TAGS]>,
    /// weight = i16 × scale.
    pub(crate) scale: f32,
    pub(crate) start: [f32; N_TAGS],
    pub(crate) trans: [[f32; N_TAGS]; N_TAGS],
    pub(crate) o_penalty: f32,
}

impl Compact {
    /// An empty table for `2^bits` buckets.
    pub(crate) fn new(bits: u32, scale: f32, start: [f32; N_TAGS], trans: [[f32; N_TAGS]; N_TAGS], o_penalty: f32) -> Compact {
        let words = (1usize << bits).div_ceil(64);
        Compact { bitmap: vec![0; words], rank: vec![0; words], rows: Vec::new(), scale, start, trans, o_penalty }
    }

    /// Appends the row of `bucket`; buckets must come in increasing order. Call [`Compact::finish`] after the last.
    pub(crate) fn push(&mut self, bucket: usize, row: [i16; N_TAGS]) {
        self.bitmap[bucket / 64] |= 1 << (bucket % 64);
        self.rows.push(row);
    }

    pub(crate) fn finish(&mut self) {
        let mut n = 0u32;
        for (w, r) in self.bitmap.iter().zip(self.rank.iter_mut()) {
            *r = n;
            n += w.count_ones();
        }
    }

    pub(crate) fn buckets(&self) -> usize {
        self.bitmap.len() * 64
    }

    /// Quantises dense weights (only non-zero rows are kept).
    pub(crate) fn from_weights(w: &Weights, bits: u32) -> Compact {
        let max = w.weights.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
        let mut c = Compact::new(bits, scale, w.start, w.trans, w.o_penalty);
        for (b, row) in w.weights.chunks_exact(N_TAGS).enumerate() {
            let mut q = [0i16; N_TAGS];
            for (o, x) in q.iter_mut().zip(row) {
                *o = (x / scale).round().clamp(-32767.0, 32767.0) as i16;
            }
            if q.iter().any(|&x| x != 0) {
                c.push(b, q);
            }
        }
        c.finish();
        c
    }

    /// Bucket indexes of the rows, in increasing order.
    pub(crate) fn bucket_indexes(&self) -> impl Iterator<Item = usize> + '_ {
        self.bitmap.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(i * 64 + b)
            })
        })
    }

    /// Adds the weights of `feats` to `e`.
    #[inline]
    pub(crate) fn emissions(&self, feats: &[u32], e: &mut [f32; N_TAGS]) {
        let mut acc = [0i32; N_TAGS];
        // Row indexes first (the bitmap and ranks stay in cache), then the rows: the loads of
        // the rows are independent of each other and overlap.
        let mut idx = [0u32; 64];
        for chunk in feats.chunks(64) {
            let mut m = 0;
            for &b in chunk {
                let b = b as usize;
                let word = self.bitmap[b >> 6];
                let bit = 1u64 << (b & 63);
                if word & bit != 0 {
                    idx[m] = self.rank[b >> 6] + (word & (bit - 1)).count_ones();
                    m += 1;
                }
            }
            for &i in &idx[..m] {
                let row = &self.rows[i as usize];
                for t in 0..N_TAGS {
                    acc[t] += i32::from(row[t]);
                }
            }
        }
        for t in 0..N_TAGS {
            e[t] += acc[t] as f32 * self.scale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_table_finds_what_it_holds() {
        let pairs: Vec<(u64, u8)> = (0..5000u64).map(|i| (i.wrapping_mul(0x9e37_79b9_7f4a_7c15), (i % 250) as u8)).collect();
        let t = HashTable::from_pairs(pairs.clone());
        assert_eq!(t.len(), 5000);
        for (h, v) in pairs {
            assert_eq!(t.get(h), Some(v));
            assert_eq!(t.get(h ^ 1), None);
        }
        assert_eq!(HashTable::<u8>::default().get(7), None);
    }

    #[test]
    fn compact_weights_match_dense_ones() {
        let bits = 10;
        let mut dense = vec![0f32; (1 << bits) * N_TAGS];
        for (i, w) in dense.iter_mut().enumerate() {
            if i % 7 == 0 {
                *w = ((i % 13) as f32 - 6.0) * 0.37;
            }
        }
        let w = Weights { weights: dense.clone(), start: [0.0; N_TAGS], trans: [[0.0; N_TAGS]; N_TAGS], o_penalty: 0.0 };
        let c = Compact::from_weights(&w, bits);
        let feats = [3u32, 14, 700, 1023, 0];
        let mut e = [0f32; N_TAGS];
        c.emissions(&feats, &mut e);
        for t in 0..N_TAGS {
            let want: f32 = feats.iter().map(|&b| dense[b as usize * N_TAGS + t]).sum();
            assert!((e[t] - want).abs() < 1e-3, "tag {t}: {} vs {want}", e[t]);
        }
        assert_eq!(c.bucket_indexes().count(), c.rows.len());
    }
}
