//! Feature extraction: each word becomes a list of hashed feature buckets.
//!
//! A feature is a template id plus a few bytes (a key, an affix, a class), hashed with a
//! fixed function (FNV-1a then a murmur finaliser) into `2^bits` buckets. The hash is part
//! of the model format: changing a template or the hash means bumping
//! [`crate::model::FORMAT_VERSION`] and retraining.
//!
//! Templates (see [`Tpl`]): the word's normalised key and its stem (proclitics and article
//! removed), every proclitic reading, prefixes and suffixes of 1–4 chars, word shape, the
//! keys and stems of the words at ±1 and ±2, key bigrams, trigger classes of the preceding
//! words (titles, place and organisation nouns, reporting verbs), knowledge-base hits for
//! 1–3-word windows covering the word (entity kind, name kind, position), and a KB role
//! title just before.

use std::collections::HashMap;
use std::sync::OnceLock;

use rasd_kb::{EntityKind, Kb, NameKind};

use crate::clusters::Clusters;
use crate::clusters::{word_hash, word_hash2};
use crate::lexicon::{GAZ_FIRST, Lexicon, WordInfo, phrase_hash};
use crate::table::HashTable;

#[derive(Clone, Copy)]
#[repr(u8)]
pub(crate) enum Tpl {
    Bias = 1,
    Key,
    Stem,
    Reading,
    KeyPrefix,
    KeySuffix,
    StemPrefix,
    StemSuffix,
    Shape,
    KeyAt,
    StemAt,
    KeyBigramLeft,
    KeyBigramRight,
    StemBigramLeft,
    TriggerAt,
    Kb,
    KbCoarse,
    KbAt,
    TitleBefore,
    ShapeAt,
    SpokesmanOf,
    Length,
    KbStem,
    TriggerAt2Stem,
    ClusterFine,
    ClusterCoarse,
    ClusterFineAt,
    ClusterCoarseAt,
    ClusterPair,
    KbNamePart,
    Profile,
    ProfileAt,
    GazWord,
    GazPhrase,
    GazAt,
    FreqKey,
    FreqStem,
    ArticleUse,
    FreqReading,
    Morph,
    MorphCount,
    MorphAlef,
    // Second-stage (document) templates, see `doc.rs`.
    DocNone,
    DocType,
    DocAllO,
    DocTag,
    S1Tag,
    S1Pair,
    DocPhrase,
}

/// A stable 64-bit hash builder.
#[derive(Clone, Copy)]
pub(crate) struct H(u64);

const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl H {
    #[inline]
    pub(crate) fn new(t: Tpl) -> H {
        H((0xcbf2_9ce4_8422_2325 ^ t as u64).wrapping_mul(FNV_PRIME))
    }
    #[inline]
    pub(crate) fn bytes(mut self, b: &[u8]) -> H {
        for &x in b {
            self.0 = (self.0 ^ u64::from(x)).wrapping_mul(FNV_PRIME);
        }
        self
    }
    #[inline]
    pub(crate) fn byte(self, b: u8) -> H {
        self.bytes(&[b])
    }
    #[inline]
    fn sep(self) -> H {
        self.byte(0xff)
    }
    #[inline]
    pub(crate) fn bucket(self, bits: u32) -> u32 {
        let mut z = self.0;
        z ^= z >> 33;
        z = z.wrapping_mul(0xff51_afd7_ed55_8ccd);
        z ^= z >> 33;
        z = z.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        z ^= z >> 33;
        (z >> (64 - bits)) as u32
    }
}

/// Trigger classes of words that announce a name.
const TRIG_PERSON: u8 = 1;
const TRIG_PLACE: u8 = 2;
const TRIG_ORG: u8 = 3;
const TRIG_SAY: u8 = 4;

/// Trigger words, written in plain Arabic; looked up by key (and by stem).
const TRIGGERS: &[(u8, &[&str])] = &[
    (
        TRIG_PERSON,
        &[
            "الرئيس",
            "رئيس",
            "وزير",
            "الوزير",
            "وزيرة",
            "المتحدث",
            "المتحدثة",
            "الناطق",
            "زعيم",
            "الزعيم",
            "قائد",
            "القائد",
            "الملك",
            "ملك",
            "الأمير",
            "أمير",
            "الشيخ",
            "السيد",
            "السيدة",
            "نائب",
            "النائب",
            "السفير",
            "سفير",
            "الجنرال",
            "العقيد",
            "اللواء",
            "العماد",
            "الدكتور",
            "المستشار",
            "مستشار",
            "مدير",
            "المدير",
            "الأمين",
            "رئيسة",
            "المبعوث",
            "مبعوث",
            "المرشح",
            "الرئيسة",
            "السلطان",
            "الإمام",
            "البابا",
            "المدرب",
            "اللاعب",
            "الفنان",
            "الكاتب",
            "الشاعر",
            "المخرج",
            "الممثل",
            "الممثلة",
            "المغني",
            "المطرب",
            "النجم",
            "المحامي",
            "القاضي",
            "المفوض",
            "الحاكم",
            "حاكم",
            "المنسق",
            "مساعد",
            "الأستاذ",
            "البروفسور",
            "المهندس",
            "الصحفي",
            "المراسل",
            "الزميل",
        ],
    ),
    (
        TRIG_PLACE,
        &[
            "مدينة",
            "المدينة",
            "العاصمة",
            "عاصمة",
            "بلدة",
            "قرية",
            "محافظة",
            "ولاية",
            "إقليم",
            "منطقة",
            "جزيرة",
            "جزر",
            "نهر",
            "بحر",
            "جبل",
            "جبال",
            "مطار",
            "ميناء",
            "شمال",
            "جنوب",
            "شرق",
            "غرب",
            "شمالي",
            "جنوبي",
            "شرقي",
            "غربي",
            "وسط",
            "حي",
            "مخيم",
            "دولة",
            "جمهورية",
            "مملكة",
            "إمارة",
            "بلاد",
            "أراضي",
            "شوارع",
            "ضواحي",
            "مقاطعة",
            "بحيرة",
        ],
    ),
    (
        TRIG_ORG,
        &[
            "منظمة",
            "حركة",
            "جماعة",
            "شركة",
            "وكالة",
            "حزب",
            "جمعية",
            "مجلس",
            "جامعة",
            "بنك",
            "مصرف",
            "صحيفة",
            "مجلة",
            "اتحاد",
            "هيئة",
            "لجنة",
            "مؤسسة",
            "نادي",
            "فريق",
            "منتخب",
            "قناة",
            "تلفزيون",
            "إذاعة",
            "محطة",
            "مركز",
            "معهد",
            "تنظيم",
            "جبهة",
            "ائتلاف",
            "تحالف",
            "كتلة",
            "باسم",
            "مجموعة",
            "مصنع",
            "برنامج",
            "صندوق",
            "بورصة",
            "سوق",
        ],
    ),
    (
        TRIG_SAY,
        &[
            "قال",
            "وقال",
            "أعلن",
            "وأعلن",
            "أكد",
            "وأكد",
            "صرح",
            "وصرح",
            "أضاف",
            "وأضاف",
            "أوضح",
            "وأوضح",
            "ذكر",
            "وذكر",
            "أشار",
            "وأشار",
            "التقى",
            "والتقى",
            "استقبل",
            "واستقبل",
            "زار",
            "وزار",
            "بحث",
            "دعا",
            "ودعا",
            "قالت",
            "وقالت",
            "أعلنت",
            "وأعلنت",
            "ذكرت",
            "وذكرت",
            "أفادت",
            "نقلت",
            "طالب",
            "اتهم",
            "انتقد",
        ],
    ),
];

/// Words of the knowledge base's names: 1 = part of a person's name, 2 = part of another name.
fn name_parts() -> &'static HashTable<u8> {
    static T: OnceLock<HashTable<u8>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: HashMap<u64, u8> = HashMap::new();
        for e in &Kb::embedded().entities {
            let code = if e.kind == EntityKind::Person { 1 } else { 2 };
            for w in rasd_text::phrase_key(&e.name_ar).split(' ') {
                if w.chars().count() >= 3 && triggers().get(word_hash(w)).is_none() {
                    let v = m.entry(word_hash(w)).or_insert(code);
                    *v = (*v).min(code);
                }
            }
        }
        HashTable::from_pairs(m.into_iter().collect())
    })
}

/// Trigger class of a word key.
fn triggers() -> &'static HashTable<u8> {
    static T: OnceLock<HashTable<u8>> = OnceLock::new();
    T.get_or_init(|| {
        let mut pairs = Vec::new();
        for (class, words) in TRIGGERS {
            for w in *words {
                pairs.push((word_hash(&rasd_text::key(w)), *class));
            }
        }
        HashTable::from_pairs(pairs)
    })
}

/// First words of the knowledge base's names (bit 1) and role titles (bit 2): lookups of longer
/// windows start only from these.
fn kb_firsts() -> &'static HashTable<u8> {
    static T: OnceLock<HashTable<u8>> = OnceLock::new();
    T.get_or_init(|| {
        let kb = Kb::embedded();
        let mut m: HashMap<u64, u8> = HashMap::new();
        for k in kb.name_keys() {
            *m.entry(word_hash(k.split(' ').next().unwrap_or(k))).or_default() |= 1;
        }
        for k in kb.title_keys() {
            *m.entry(word_hash(k.split(' ').next().unwrap_or(k))).or_default() |= 2;
        }
        HashTable::from_pairs(m.into_iter().collect())
    })
}

/// Hashes of the prefixes and suffixes of 1–4 chars of `s` (suffix chars hashed from the end).
#[inline]
fn affixes(s: &str, pre: Tpl, suf: Tpl, push: &mut impl FnMut(H)) {
    let b = s.as_bytes();
    let mut h = H::new(pre);
    for (i, c) in s.char_indices().take(4) {
        h = h.bytes(&b[i..i + c.len_utf8()]);
        push(h);
    }
    let mut h = H::new(suf);
    for (i, c) in s.char_indices().rev().take(4) {
        h = h.bytes(&b[i..i + c.len_utf8()]);
        push(h);
    }
}

/// The rests of a word key after each proclitic reading (as `rasd_text::clitics::readings`, without the
/// word itself), without building the readings' other parts.
fn proclitic_rests(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut w = word;
    for c in ['و', 'ف'] {
        if let Some(r) = w.strip_prefix(c)
            && r.chars().count() >= 2
        {
            w = r;
            out.push(w.to_string());
            break;
        }
    }
    if let Some(r) = w.strip_prefix("لل")
        && r.chars().count() >= 2
    {
        out.push(format!("ال{r}"));
    }
    for c in ['ب', 'ل', 'ك', 'س'] {
        if let Some(r) = w.strip_prefix(c)
            && r.chars().count() >= 2
        {
            out.push(r.to_string());
        }
    }
    out
}

/// The word's key without a leading article group: `(و|ف)?(ب|ك|ل)?ال` or `(و|ف)?لل`.
/// These prefixes are unambiguous enough to strip from any word; a bare `و` or `ب` is not
/// (`وليد`, `بغداد`), so those are left to the proclitic readings.
pub(crate) fn stem(key: &str) -> &str {
    let mut w = key;
    let conj = w.strip_prefix('و').or_else(|| w.strip_prefix('ف'));
    for base in [conj, Some(w)].into_iter().flatten() {
        for p in ["بال", "كال", "لل", "ال"] {
            if let Some(r) = base.strip_prefix(p)
                && r.chars().count() >= 2
            {
                w = r;
                return w;
            }
        }
    }
    w
}

fn shape(word: &str) -> u8 {
    let mut digits = false;
    let mut latin = false;
    let mut arabic = false;
    let mut other = false;
    let mut upper_first = false;
    for (i, c) in word.chars().enumerate() {
        if c.is_ascii_digit() || matches!(c, '٠'..='٩' | '۰'..='۹') {
            digits = true;
        } else if c.is_ascii_alphabetic() {
            latin = true;
            if i == 0 && c.is_ascii_uppercase() {
                upper_first = true;
            }
        } else if rasd_text::token::is_arabic_letter(c) {
            arabic = true;
        } else if !rasd_text::normalize::is_arabic_mark(c) {
            other = true;
        }
    }
    (digits as u8) | (latin as u8) << 1 | (arabic as u8) << 2 | (other as u8) << 3 | (upper_first as u8) << 4
}

fn kind_code(k: EntityKind) -> u8 {
    match k {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Country => 2,
        EntityKind::Place => 3,
        EntityKind::Region => 4,
        EntityKind::Group => 5,
    }
}

fn name_code(k: NameKind) -> u8 {
    match k {
        NameKind::Full => 0,
        NameKind::Short => 1,
        NameKind::Demonym => 2,
        NameKind::DemonymPlural => 3,
    }
}

/// Per-word analysis shared by all templates.
struct Word {
    key: String,
    /// `word_hash` of the key, of the stem, of each reading.
    key_h: u64,
    stem_h: u64,
    readings_h: Vec<u64>,
    stem_start: usize,
    readings: Vec<String>,
    shape: u8,
    trig: u8,
    trig_stem: u8,
    /// KB hits as (n words, kind code, name code, position in window: 0 first, 1 inside).
    kb: Vec<(u8, u8, u8, u8)>,
    /// KB hit on the word's stem alone (kind, name code).
    kb_stem: Vec<(u8, u8)>,
    /// (fine, coarse) word cluster, from the key, else the stem.
    cluster: Option<(u16, u8)>,
    /// Part of a KB person name (1), of another KB name (2).
    name_part: u8,
    /// Corpus tag profile (0: none).
    profile: u8,
    /// Word-list information of the key, the stem, and the most frequent proclitic reading.
    info: WordInfo,
    info_stem: WordInfo,
    info_read: WordInfo,
    /// Frequency band of `ال` + the word (or its stem).
    freq_art: u8,
    /// Multiword gazetteer matches covering the word: (type bits, length, position 0 first / 1 inside / 2 last).
    gaz_phrase: Vec<(u8, u8, u8)>,
}

impl Word {
    fn stem(&self) -> &str {
        &self.key[self.stem_start..]
    }
}

/// Hashed features of a sentence, one list per word (CSR layout).
#[derive(Default, Clone)]
pub struct SentenceFeatures {
    pub(crate) idx: Vec<u32>,
    pub(crate) start: Vec<u32>,
    /// Per word, hashes of its base forms (key, stem, proclitic readings), for document features.
    pub(crate) forms: Vec<u64>,
    pub(crate) form_start: Vec<u32>,
    /// Per word, the hash of its key (0 for a word with no letters).
    pub(crate) keys: Vec<u64>,
    /// Per word, whether it is an Arabic or Latin word that can be part of a name.
    pub(crate) wordlike: Vec<bool>,
    /// Per word, tag scores added before the features' weights (a residual second stage starts
    /// from the first stage's scores); empty for none.
    pub(crate) offsets: Vec<[f32; crate::tag::N_TAGS]>,
}

impl SentenceFeatures {
    pub fn len(&self) -> usize {
        self.start.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    #[inline]
    pub fn word(&self, i: usize) -> &[u32] {
        &self.idx[self.start[i] as usize..self.start[i + 1] as usize]
    }
    #[inline]
    pub(crate) fn forms(&self, i: usize) -> &[u64] {
        &self.forms[self.form_start[i] as usize..self.form_start[i + 1] as usize]
    }
}

const BOS: &str = "<s>";
const EOS: &str = "</s>";

/// Extracts features for the words of one sentence into `out` (cleared first).
pub fn extract(words: &[&str], bits: u32, clusters: &Clusters, lex: &Lexicon, out: &mut SentenceFeatures) {
    let kb = Kb::embedded();
    let trig = triggers();
    let mut ws: Vec<Word> = words
        .iter()
        .map(|w| {
            let key = rasd_text::key(w);
            let st = stem(&key);
            let stem_start = key.len() - st.len();
            let readings: Vec<String> = if key.chars().count() > 2 { proclitic_rests(&key) } else { Vec::new() };
            let key_h = word_hash(&key);
            let stem_h = if stem_start > 0 { word_hash(&key[stem_start..]) } else { key_h };
            let readings_h: Vec<u64> = readings.iter().map(|r| word_hash(r)).collect();
            let t = trig.get(key_h).unwrap_or(0);
            let ts = trig.get(stem_h).unwrap_or(0);
            let (cluster, profile) = if clusters.is_empty() {
                (None, 0)
            } else {
                let cluster = clusters.get(&key).or_else(|| clusters.get(&key[stem_start..]));
                let profile = match clusters.profile(&key) {
                    0 => clusters.profile(&key[stem_start..]),
                    p => p,
                };
                (cluster, profile)
            };
            let np = name_parts().get(key_h).or_else(|| name_parts().get(stem_h)).unwrap_or(0);
            let info = lex.word_h(key_h);
            let info_stem = if stem_start > 0 { lex.word_h(stem_h) } else { info };
            let mut info_read = WordInfo::default();
            for &rh in &readings_h {
                let i = lex.word_h(rh);
                if i.freq != 0 && (info_read.freq == 0 || i.freq < info_read.freq) {
                    info_read.freq = i.freq;
                    info_read.morph = i.morph;
                }
                info_read.gaz |= i.gaz;
            }
            let freq_art = if lex.is_empty() { 0 } else { lex.word_h(word_hash2("ال", &key[stem_start..])).freq };
            Word {
                shape: shape(w),
                trig: t,
                trig_stem: ts,
                kb: Vec::new(),
                kb_stem: Vec::new(),
                stem_start,
                readings,
                key,
                key_h,
                stem_h,
                readings_h,
                cluster,
                name_part: np,
                profile,
                info,
                info_stem,
                info_read,
                freq_art,
                gaz_phrase: Vec::new(),
            }
        })
        .collect();

    // Knowledge-base windows of 1–3 words; the first word may carry proclitics.
    let n = ws.len();
    let mut buf = String::new();
    let mut hits: Vec<(usize, u8, u8, u8)> = Vec::new();
    let kf = kb_firsts();
    for j in 0..n {
        if ws[j].key.is_empty() || ws[j].shape & 0b1110 == 0 {
            continue;
        }
        let first_ok: Vec<bool> =
            std::iter::once(ws[j].key_h).chain(ws[j].readings_h.iter().copied()).map(|h| kf.get(h).unwrap_or(0) & 1 != 0).collect();
        for len in 1..=3usize.min(n - j) {
            if ws[j + len - 1].key.is_empty() || !first_ok.contains(&true) {
                break;
            }
            let firsts = std::iter::once(ws[j].key.as_str()).chain(ws[j].readings.iter().map(String::as_str));
            for (first, _) in firsts.zip(&first_ok).filter(|f| *f.1) {
                buf.clear();
                buf.push_str(first);
                for w in &ws[j + 1..j + len] {
                    buf.push(' ');
                    buf.push_str(&w.key);
                }
                for h in kb.names(&buf) {
                    hits.push((j, len as u8, kind_code(kb.entity(h.entity).kind), name_code(h.kind)));
                }
            }
        }
        if ws[j].stem_start > 0 && (kf.get(ws[j].stem_h).is_some() || kf.get(word_hash2("ال", ws[j].stem())).is_some()) {
            let mut found = Vec::new();
            let st = ws[j].stem();
            for h in kb.names(st) {
                found.push((kind_code(kb.entity(h.entity).kind), name_code(h.kind)));
            }
            // Names stored with their article (`الكرملين`) after a proclitic group.
            buf.clear();
            buf.push_str("ال");
            buf.push_str(st);
            for h in kb.names(&buf) {
                found.push((kind_code(kb.entity(h.entity).kind), name_code(h.kind)));
            }
            ws[j].kb_stem = found;
        }
    }
    if lex.max_phrase >= 2 {
        let mut gh: Vec<(usize, usize, u8)> = Vec::new();
        for j in 0..n {
            if ws[j].shape & 0b0100 == 0 {
                continue;
            }
            let firsts = std::iter::once((ws[j].key.as_str(), ws[j].key_h))
                .chain(ws[j].readings.iter().map(String::as_str).zip(ws[j].readings_h.iter().copied()));
            for (first, fh) in firsts {
                if lex.word_h(fh).gaz & GAZ_FIRST == 0 {
                    continue;
                }
                for len in 2..=(lex.max_phrase as usize).min(n - j) {
                    let h = phrase_hash(std::iter::once(first).chain(ws[j + 1..j + len].iter().map(|w| w.key.as_str())));
                    let t = lex.phrase(h);
                    if t != 0 {
                        gh.push((j, len, t));
                    }
                }
            }
        }
        for (j, len, t) in gh {
            for k in 0..len {
                let pos = if k == 0 {
                    0
                } else if k + 1 == len {
                    2
                } else {
                    1
                };
                ws[j + k].gaz_phrase.push((t, len.min(4) as u8, pos));
            }
        }
    }
    for &(j, len, kind, name) in &hits {
        for k in 0..len as usize {
            ws[j + k].kb.push((len, kind, name, u8::from(k > 0)));
        }
    }
    for w in &mut ws {
        w.kb.sort_unstable();
        w.kb.dedup();
        w.kb_stem.sort_unstable();
        w.kb_stem.dedup();
    }
    // A KB role title (`وزير الخارجية`) ending just before a word.
    let mut title_before = vec![0u8; n];
    for i in 1..n {
        for len in 1..=3usize.min(i) {
            let tf = ws[i - len].title_form();
            if kf.get(word_hash(tf)).unwrap_or(0) & 2 == 0 {
                continue;
            }
            buf.clear();
            for (m, w) in ws[i - len..i].iter().enumerate() {
                if m > 0 {
                    buf.push(' ');
                }
                buf.push_str(if m == 0 { w.title_form() } else { &w.key });
            }
            if !kb.titles(&buf).is_empty() {
                title_before[i] = len as u8;
            }
        }
    }

    out.idx.clear();
    out.start.clear();
    out.start.push(0);
    out.forms.clear();
    out.form_start.clear();
    out.form_start.push(0);
    out.keys.clear();
    out.wordlike.clear();
    out.offsets.clear();
    for w in &ws {
        let at = out.forms.len();
        let wordlike = w.shape & 0b0110 != 0 && w.shape & 0b1001 == 0;
        if wordlike {
            out.forms.push(w.key_h);
            out.forms.push(w.stem_h);
            out.forms.extend_from_slice(&w.readings_h);
            let f = &mut out.forms[at..];
            f.sort_unstable();
            let n = {
                let mut n = 0;
                for k in 0..f.len() {
                    if k == 0 || f[k] != f[n - 1] {
                        f[n] = f[k];
                        n += 1;
                    }
                }
                n
            };
            out.forms.truncate(at + n);
        }
        out.form_start.push(out.forms.len() as u32);
        out.keys.push(if w.key.is_empty() { 0 } else { w.key_h });
        out.wordlike.push(wordlike);
    }
    let key_at = |i: isize| -> &str {
        if i < 0 {
            BOS
        } else if i as usize >= n {
            EOS
        } else {
            &ws[i as usize].key
        }
    };
    let stem_at = |i: isize| -> &str {
        if i < 0 {
            BOS
        } else if i as usize >= n {
            EOS
        } else {
            ws[i as usize].stem()
        }
    };
    let mut row: Vec<u32> = Vec::with_capacity(96);
    for i in 0..n {
        let w = &ws[i];
        let ii = i as isize;
        row.clear();
        let mut push = |h: H| row.push(h.bucket(bits));
        push(H::new(Tpl::Bias));
        push(H::new(Tpl::Key).bytes(w.key.as_bytes()));
        let st = w.stem();
        push(H::new(Tpl::Stem).bytes(st.as_bytes()));
        for r in &w.readings {
            push(H::new(Tpl::Reading).bytes(r.as_bytes()));
        }
        let nc = w.key.chars().count();
        push(H::new(Tpl::Length).byte(nc.min(12) as u8));
        affixes(&w.key, Tpl::KeyPrefix, Tpl::KeySuffix, &mut push);
        if w.stem_start > 0 {
            affixes(st, Tpl::StemPrefix, Tpl::StemSuffix, &mut push);
        }
        push(H::new(Tpl::Shape).byte(w.shape));
        for d in [-2isize, -1, 1, 2] {
            push(H::new(Tpl::KeyAt).byte(d as u8).bytes(key_at(ii + d).as_bytes()));
            push(H::new(Tpl::StemAt).byte(d as u8).bytes(stem_at(ii + d).as_bytes()));
            let sh = if ii + d < 0 || ii + d >= n as isize { 0xfe } else { ws[(ii + d) as usize].shape };
            push(H::new(Tpl::ShapeAt).byte(d as u8).byte(sh).byte(w.shape));
        }
        push(H::new(Tpl::KeyBigramLeft).bytes(key_at(ii - 1).as_bytes()).sep().bytes(w.key.as_bytes()));
        push(H::new(Tpl::KeyBigramRight).bytes(w.key.as_bytes()).sep().bytes(key_at(ii + 1).as_bytes()));
        push(H::new(Tpl::StemBigramLeft).bytes(stem_at(ii - 1).as_bytes()).sep().bytes(st.as_bytes()));
        for d in [-2isize, -1, 1] {
            let j = ii + d;
            if j >= 0 && (j as usize) < n {
                let o = &ws[j as usize];
                if o.trig != 0 {
                    push(H::new(Tpl::TriggerAt).byte(d as u8).byte(o.trig));
                }
                if o.trig_stem != 0 {
                    push(H::new(Tpl::TriggerAt2Stem).byte(d as u8).byte(o.trig_stem));
                }
                for &(len, kind, name, pos) in &o.kb {
                    push(H::new(Tpl::KbAt).byte(d as u8).byte(len).byte(kind).byte(name).byte(pos));
                }
            }
        }
        if w.trig != 0 {
            push(H::new(Tpl::TriggerAt).byte(0).byte(w.trig));
        }
        if i >= 2 && ws[i - 1].key == "باسم" && ws[i - 2].stem().starts_with("متحدث") {
            push(H::new(Tpl::SpokesmanOf));
        }
        for &(len, kind, name, pos) in &w.kb {
            push(H::new(Tpl::Kb).byte(len).byte(kind).byte(name).byte(pos));
            push(H::new(Tpl::KbCoarse).byte(kind).byte(name));
        }
        for &(kind, name) in &w.kb_stem {
            push(H::new(Tpl::KbStem).byte(kind).byte(name));
        }
        if !clusters.is_empty() {
            match w.cluster {
                Some((f, c)) => {
                    push(H::new(Tpl::ClusterFine).bytes(&f.to_le_bytes()));
                    push(H::new(Tpl::ClusterCoarse).byte(c));
                }
                None => push(H::new(Tpl::ClusterFine).bytes(b"none")),
            }
            for d in [-2isize, -1, 1, 2] {
                let j = ii + d;
                let cl = if j < 0 || j as usize >= n { None } else { ws[j as usize].cluster };
                let (f, c) = cl.unwrap_or((u16::MAX, u8::MAX));
                if d.abs() == 1 {
                    push(H::new(Tpl::ClusterFineAt).byte(d as u8).bytes(&f.to_le_bytes()));
                }
                push(H::new(Tpl::ClusterCoarseAt).byte(d as u8).byte(c));
            }
            {
                let left = if i == 0 { u8::MAX } else { ws[i - 1].cluster.map_or(u8::MAX - 1, |c| c.1) };
                push(H::new(Tpl::ClusterPair).byte(left).byte(w.cluster.map_or(u8::MAX - 1, |c| c.1)));
            }
        }
        if !clusters.profile.is_empty() {
            push(H::new(Tpl::Profile).byte(w.profile));
            for d in [-1isize, 1] {
                let j = ii + d;
                let p = if j < 0 || j as usize >= n { 0xff } else { ws[j as usize].profile };
                push(H::new(Tpl::ProfileAt).byte(d as u8).byte(p).byte(w.profile));
            }
        }
        if w.name_part != 0 {
            push(H::new(Tpl::KbNamePart).byte(w.name_part));
        }
        for (form, info) in [(0u8, w.info), (1, w.info_stem), (2, w.info_read)] {
            for b in 0..6u8 {
                if info.gaz & (1 << b) != 0 {
                    push(H::new(Tpl::GazWord).byte(form).byte(b));
                }
            }
        }
        for &(t, len, pos) in &w.gaz_phrase {
            push(H::new(Tpl::GazPhrase).byte(t).byte(len).byte(pos));
            push(H::new(Tpl::GazPhrase).byte(t).byte(pos));
        }
        for d in [-1isize, 1] {
            let j = ii + d;
            if j >= 0 && (j as usize) < n {
                let g = ws[j as usize].info.gaz | ws[j as usize].info_read.gaz;
                if g != 0 {
                    push(H::new(Tpl::GazAt).byte(d as u8).byte(g));
                }
            }
        }
        if !lex.is_empty() && w.shape == 0b0100 {
            push(H::new(Tpl::FreqKey).byte(w.info.freq));
            if w.stem_start > 0 {
                push(H::new(Tpl::FreqStem).byte(w.info_stem.freq));
            }
            let base = if w.stem_start > 0 { w.info_stem.freq } else { w.info.freq };
            let diff = if w.freq_art == 0 {
                100u8
            } else if base == 0 {
                101
            } else {
                (i16::from(w.freq_art) - i16::from(base)).clamp(-8, 8) as u8
            };
            push(H::new(Tpl::ArticleUse).byte(diff));
            let (r, k) = (w.info_read.freq, w.info.freq);
            let cmp = if r == 0 {
                0u8
            } else if k == 0 || r < k {
                1
            } else {
                2
            };
            push(H::new(Tpl::FreqReading).byte(r).byte(cmp));
            let (form, info) = if w.stem_start > 0 { (1u8, w.info_stem) } else { (0, w.info) };
            if info.freq != 0 {
                for b in 0..8u8 {
                    if info.morph & (1 << b) != 0 {
                        push(H::new(Tpl::Morph).byte(form).byte(b));
                    }
                }
                push(H::new(Tpl::MorphCount).byte(info.morph.count_ones() as u8));
            }
            // An indefinite accusative (`برنامجا`) is the word without its alef, a common noun.
            if nc >= 4 && w.key.ends_with('ا') {
                let base = lex.word_h(word_hash(&w.key[..w.key.len() - 'ا'.len_utf8()]));
                push(H::new(Tpl::MorphAlef).byte(0xff).byte(base.freq.min(1)));
                for b in 0..8u8 {
                    if base.morph & (1 << b) != 0 {
                        push(H::new(Tpl::MorphAlef).byte(b));
                    }
                }
            }
        }
        if title_before[i] != 0 {
            push(H::new(Tpl::TitleBefore).byte(title_before[i]));
        }
        out.idx.extend_from_slice(&row);
        out.start.push(out.idx.len() as u32);
    }
}

impl Word {
    /// The first word of a title window, without proclitics but with its article (`والرئيس` → `الرئيس`).
    fn title_form(&self) -> &str {
        let art = "ال".len();
        if self.stem_start > art && self.key[..self.stem_start].ends_with("ال") { &self.key[self.stem_start - art..] } else { &self.key }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(stem("والرييس"), "رييس");
        assert_eq!(stem("للقياده"), "قياده");
        assert_eq!(stem("بالعاصمه"), "عاصمه");
        assert_eq!(stem("بغداد"), "بغداد");
        assert_eq!(stem("وليد"), "وليد");
    }

    #[test]
    fn proclitic_rests_match_the_text_crate() {
        for w in ["والرييس", "للقياده", "بغداد", "وبموسكو", "فلسطين", "كتب", "سيزور", "ول"] {
            let want: Vec<String> = rasd_text::clitics::readings(w).into_iter().skip(1).map(|r| r.rest).collect();
            assert_eq!(proclitic_rests(w), want, "{w}");
        }
    }

    #[test]
    fn features_are_deterministic() {
        let words = ["التقى", "الرئيس", "الروسي", "فلاديمير", "بوتين", "في", "موسكو", "."];
        let mut a = SentenceFeatures::default();
        let mut b = SentenceFeatures::default();
        extract(&words, 20, &Clusters::default(), &Lexicon::default(), &mut a);
        extract(&words, 20, &Clusters::default(), &Lexicon::default(), &mut b);
        assert_eq!(a.idx, b.idx);
        assert_eq!(a.len(), words.len());
    }
}
