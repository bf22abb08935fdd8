//! Word lists the tagger consults: gazetteers (ANERGazet's people, places and organisations) and
//! general Arabic word frequencies (the `wordfreq` package's Arabic list).
//!
//! Both are compiled at training time into tables keyed by 64-bit hashes of word keys (and of
//! phrase keys for multiword gazetteer entries) and stored in the model file, so a model needs
//! nothing but itself at run time. Only hashes are stored, never the words.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use crate::clusters::word_hash;
use crate::table::HashTable;
use crate::tag::EntityType;

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}

pub(crate) type U64Map<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Gazetteer types, in bit order: PERS, LOC, ORG.
pub(crate) const GAZ_TYPES: [EntityType; 3] = [EntityType::Pers, EntityType::Loc, EntityType::Org];

/// [`WordInfo::gaz`] bit: the first word of a multiword gazetteer entry.
pub(crate) const GAZ_FIRST: u8 = 1 << 6;

/// Per-word information: gazetteer bits and a frequency band.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordInfo {
    /// Bit `2t`: a whole one-word entry of gazetteer type `t`; bit `2t + 1`: a word of a multiword
    /// entry; [`GAZ_FIRST`]: the first word of a multiword entry.
    pub gaz: u8,
    /// 0: not in the frequency list; else `1 + centibels / 25` (1 = most frequent; ≈ half a decade per band).
    pub freq: u8,
    /// Which derived forms of the word are in the frequency list, not much rarer than the word
    /// itself (see [`MORPH_FORMS`]): common nouns, adjectives and verbs take the article and
    /// pronoun suffixes, names seldom do.
    pub morph: u8,
}

/// The derived forms behind [`WordInfo::morph`], bit by bit: (prefix, suffix).
pub(crate) const MORPH_FORMS: [(&str, &[&str]); 8] =
    [("ال", &[""]), ("", &["ه"]), ("", &["ها"]), ("", &["هم"]), ("", &["ات"]), ("", &["ين", "ون"]), ("", &["ي"]), ("", &["يه"])];

/// A derived form counts when its band is at most this much above the word's (≈ 100× rarer).
const MORPH_SLACK: u8 = 4;

/// The compiled word lists, for lookups.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    pub(crate) words: HashTable<WordInfo>,
    /// Multiword gazetteer entries: phrase-key hash → type bits (bit `t` for [`GAZ_TYPES`]`[t]`).
    pub(crate) phrases: HashTable<u8>,
    /// Longest multiword entry, in words.
    pub(crate) max_phrase: u8,
}

/// Collects gazetteers and word lists into a [`Lexicon`].
#[derive(Clone, Debug, Default)]
pub struct LexiconBuilder {
    words: U64Map<WordInfo>,
    phrases: U64Map<u8>,
    max_phrase: u8,
}

/// Hash of a phrase given as word keys (the same as hashing the keys joined by one space).
pub(crate) fn phrase_hash<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut buf = String::new();
    for (i, w) in words.into_iter().enumerate() {
        if i > 0 {
            buf.push(' ');
        }
        buf.push_str(w);
    }
    word_hash(&buf)
}

/// First line of `data/wordfreq_ar.tsv.gz`.
pub const WORDFREQ_HEADER: &str = "# rasd-ner wordfreq_ar 1";

impl Lexicon {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// Number of words with information.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    #[cfg(test)]
    pub(crate) fn word(&self, key: &str) -> WordInfo {
        self.word_h(word_hash(key))
    }

    /// Information on a word, by the `word_hash` of its key.
    #[inline]
    pub(crate) fn word_h(&self, h: u64) -> WordInfo {
        self.words.get(h).unwrap_or_default()
    }

    #[inline]
    pub(crate) fn phrase(&self, h: u64) -> u8 {
        self.phrases.get(h).unwrap_or(0)
    }
}

impl LexiconBuilder {
    pub fn build(self) -> Lexicon {
        Lexicon {
            words: HashTable::from_pairs(self.words.into_iter().collect()),
            phrases: HashTable::from_pairs(self.phrases.into_iter().collect()),
            max_phrase: self.max_phrase,
        }
    }

    /// Adds one gazetteer entry (any text; it is keyed word by word).
    pub fn add_gazetteer_entry(&mut self, ty: EntityType, entry: &str) {
        let Some(t) = GAZ_TYPES.iter().position(|&g| g == ty) else { return };
        let words: Vec<String> = entry.split_whitespace().map(rasd_text::key).filter(|k| !k.is_empty()).collect();
        match words.len() {
            0 => {}
            1 => self.words.entry(word_hash(&words[0])).or_default().gaz |= 1 << (2 * t),
            n => {
                self.words.entry(word_hash(&words[0])).or_default().gaz |= GAZ_FIRST;
                for w in &words {
                    if w.chars().count() >= 2 {
                        self.words.entry(word_hash(w)).or_default().gaz |= 1 << (2 * t + 1);
                    }
                }
                *self.phrases.entry(phrase_hash(words.iter().map(String::as_str))).or_default() |= 1 << t;
                self.max_phrase = self.max_phrase.max(n.min(8) as u8);
            }
        }
    }

    /// Reads ANERGazet (`AlignedPersGazetteer`, `AlignedLocGazetteer`, `AlignedOrgGazetteer`: one
    /// entry per line, `====` separators and blank lines skipped). Missing files are skipped; the
    /// number of entries read is returned.
    pub fn add_anergazet(&mut self, dir: &Path) -> io::Result<usize> {
        let mut n = 0;
        for (ty, file) in
            [(EntityType::Pers, "AlignedPersGazetteer"), (EntityType::Loc, "AlignedLocGazetteer"), (EntityType::Org, "AlignedOrgGazetteer")]
        {
            let path = dir.join(file);
            if !path.exists() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with("==") {
                    continue;
                }
                self.add_gazetteer_entry(ty, line);
                n += 1;
            }
        }
        Ok(n)
    }

    /// Reads a word-frequency list (`word<TAB>centibels`, gzip-compressed, first line
    /// [`WORDFREQ_HEADER`]). Words that fold to the same key keep the highest frequency.
    pub fn add_wordfreq(&mut self, path: &Path) -> io::Result<usize> {
        let file = std::fs::File::open(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let mut lines = BufReader::new(flate2::read::GzDecoder::new(file)).lines();
        let bad = |m: String| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {m}", path.display()));
        let header = lines.next().transpose()?.unwrap_or_default();
        if !header.starts_with(WORDFREQ_HEADER) {
            return Err(bad(format!("expected a first line starting with {WORDFREQ_HEADER:?}")));
        }
        let mut n = 0;
        for (i, line) in lines.enumerate() {
            let line = line?;
            let Some((w, cb)) = line.split_once('\t') else { return Err(bad(format!("line {}: expected word<TAB>centibels", i + 2))) };
            let cb: u32 = cb.trim().parse().map_err(|_| bad(format!("line {}: bad centibels {cb:?}", i + 2)))?;
            let band = (1 + cb / 25).min(255) as u8;
            let e = self.words.entry(word_hash(&rasd_text::key(w))).or_default();
            if e.freq == 0 || band < e.freq {
                e.freq = band;
            }
            n += 1;
        }
        self.compute_morph(path)?;
        Ok(n)
    }

    /// Fills [`WordInfo::morph`] for every word of a frequency list.
    fn compute_morph(&mut self, path: &Path) -> io::Result<()> {
        let file = std::fs::File::open(path)?;
        let mut keys: Vec<String> = BufReader::new(flate2::read::GzDecoder::new(file))
            .lines()
            .skip(1)
            .filter_map(|l| l.ok().and_then(|l| l.split_once('\t').map(|(w, _)| rasd_text::key(w))))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut buf = String::new();
        for k in &keys {
            let h = word_hash(k);
            let band = self.words.get(&h).map_or(0, |i| i.freq);
            if band == 0 {
                continue;
            }
            let mut morph = 0u8;
            for (bit, (pre, sufs)) in MORPH_FORMS.iter().enumerate() {
                for suf in *sufs {
                    buf.clear();
                    buf.push_str(pre);
                    buf.push_str(k);
                    buf.push_str(suf);
                    let f = self.words.get(&word_hash(&buf)).map_or(0, |i| i.freq);
                    if f != 0 && f <= band + MORPH_SLACK {
                        morph |= 1 << bit;
                    }
                }
            }
            if let Some(i) = self.words.get_mut(&h) {
                i.morph = morph;
            }
        }
        Ok(())
    }
}

/// `../shared/data/anercorp/ANERGazet`, found from the current directory or an ancestor.
pub fn default_anergazet_dir() -> PathBuf {
    crate::eval::default_anercorp_dir().join("ANERGazet")
}

/// The committed Arabic word-frequency list (`crates/rasd-ner/data/wordfreq_ar.tsv.gz`).
pub fn default_wordfreq_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/wordfreq_ar.tsv.gz")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_words_and_phrases() {
        let mut b = LexiconBuilder::default();
        b.add_gazetteer_entry(EntityType::Pers, "كوفي أنان");
        b.add_gazetteer_entry(EntityType::Loc, "الخرطوم");
        let l = b.build();
        assert_eq!(l.word("الخرطوم").gaz, 1 << 2);
        assert_eq!(l.word("انان").gaz, 1 << 1, "keyed: أنان → انان");
        assert_eq!(l.word("كوفي").gaz, (1 << 1) | GAZ_FIRST);
        assert_eq!(l.phrase(phrase_hash(["كوفي", "انان"])), 1);
        assert_eq!(l.phrase(phrase_hash(["انان", "كوفي"])), 0);
        assert_eq!(l.max_phrase, 2);
        assert_eq!(l.word("بغداد"), WordInfo::default());
    }
}
