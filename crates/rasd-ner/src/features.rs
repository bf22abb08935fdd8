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
use rasd_text::clitics;

use crate::clusters::Clusters;

#[derive(Clone, Copy)]
#[repr(u8)]
enum Tpl {
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
}

/// A stable 64-bit hash builder.
#[derive(Clone, Copy)]
struct H(u64);

const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl H {
    #[inline]
    fn new(t: Tpl) -> H {
        H((0xcbf2_9ce4_8422_2325 ^ t as u64).wrapping_mul(FNV_PRIME))
    }
    #[inline]
    fn bytes(mut self, b: &[u8]) -> H {
        for &x in b {
            self.0 = (self.0 ^ u64::from(x)).wrapping_mul(FNV_PRIME);
        }
        self
    }
    #[inline]
    fn byte(self, b: u8) -> H {
        self.bytes(&[b])
    }
    #[inline]
    fn sep(self) -> H {
        self.byte(0xff)
    }
    #[inline]
    fn bucket(self, bits: u32) -> u32 {
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
            "الرئيس", "رئيس", "وزير", "الوزير", "وزيرة", "المتحدث", "المتحدثة", "الناطق", "زعيم", "الزعيم", "قائد", "القائد",
            "الملك", "ملك", "الأمير", "أمير", "الشيخ", "السيد", "السيدة", "نائب", "النائب", "السفير", "سفير", "الجنرال",
            "العقيد", "اللواء", "العماد", "الدكتور", "المستشار", "مستشار", "مدير", "المدير", "الأمين", "رئيسة", "المبعوث",
            "مبعوث", "المرشح", "الرئيسة", "السلطان", "الإمام", "البابا", "المدرب", "اللاعب", "الفنان", "الكاتب", "الشاعر",
            "المخرج", "الممثل", "الممثلة", "المغني", "المطرب", "النجم", "المحامي", "القاضي", "المفوض", "الحاكم", "حاكم",
            "المنسق", "مساعد", "الأستاذ", "البروفسور", "المهندس", "الصحفي", "المراسل", "الزميل",
        ],
    ),
    (
        TRIG_PLACE,
        &[
            "مدينة", "المدينة", "العاصمة", "عاصمة", "بلدة", "قرية", "محافظة", "ولاية", "إقليم", "منطقة", "جزيرة", "جزر",
            "نهر", "بحر", "جبل", "جبال", "مطار", "ميناء", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي",
            "وسط", "حي", "مخيم", "دولة", "جمهورية", "مملكة", "إمارة", "بلاد", "أراضي", "شوارع", "ضواحي", "مقاطعة", "بحيرة",
        ],
    ),
    (
        TRIG_ORG,
        &[
            "منظمة", "حركة", "جماعة", "شركة", "وكالة", "حزب", "جمعية", "مجلس", "جامعة", "بنك", "مصرف", "صحيفة", "مجلة",
            "اتحاد", "هيئة", "لجنة", "مؤسسة", "نادي", "فريق", "منتخب", "قناة", "تلفزيون", "إذاعة", "محطة", "مركز", "معهد",
            "تنظيم", "جبهة", "ائتلاف", "تحالف", "كتلة", "باسم", "مجموعة", "مصنع", "برنامج", "صندوق", "بورصة", "سوق",
        ],
    ),
    (
        TRIG_SAY,
        &[
            "قال", "وقال", "أعلن", "وأعلن", "أكد", "وأكد", "صرح", "وصرح", "أضاف", "وأضاف", "أوضح", "وأوضح", "ذكر", "وذكر",
            "أشار", "وأشار", "التقى", "والتقى", "استقبل", "واستقبل", "زار", "وزار", "بحث", "دعا", "ودعا", "قالت", "وقالت",
            "أعلنت", "وأعلنت", "ذكرت", "وذكرت", "أفادت", "نقلت", "طالب", "اتهم", "انتقد",
        ],
    ),
];

/// Words of the knowledge base's names: 1 = part of a person's name, 2 = part of another name.
fn name_parts() -> &'static HashMap<String, u8> {
    static T: OnceLock<HashMap<String, u8>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m: HashMap<String, u8> = HashMap::new();
        for e in &Kb::embedded().entities {
            let code = if e.kind == EntityKind::Person { 1 } else { 2 };
            for w in rasd_text::phrase_key(&e.name_ar).split(' ') {
                if w.chars().count() >= 3 && !triggers().contains_key(w) {
                    let v = m.entry(w.to_string()).or_insert(code);
                    *v = (*v).min(code);
                }
            }
        }
        m
    })
}

fn triggers() -> &'static HashMap<String, u8> {
    static T: OnceLock<HashMap<String, u8>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
        for (class, words) in TRIGGERS {
            for w in *words {
                m.entry(rasd_text::key(w)).or_insert(*class);
            }
        }
        m
    })
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
}

const BOS: &str = "<s>";
const EOS: &str = "</s>";

/// Extracts features for the words of one sentence into `out` (cleared first).
pub fn extract(words: &[&str], bits: u32, clusters: &Clusters, out: &mut SentenceFeatures) {
    let kb = Kb::embedded();
    let trig = triggers();
    let mut ws: Vec<Word> = words
        .iter()
        .map(|w| {
            let key = rasd_text::key(w);
            let st = stem(&key);
            let stem_start = key.len() - st.len();
            let readings: Vec<String> = if key.chars().count() > 2 {
                clitics::readings(&key).into_iter().skip(1).map(|r| r.rest).collect()
            } else {
                Vec::new()
            };
            let t = trig.get(key.as_str()).copied().unwrap_or(0);
            let ts = trig.get(&key[stem_start..]).copied().unwrap_or(0);
            let cluster = clusters.get(&key).or_else(|| clusters.get(&key[stem_start..]));
            let np = name_parts().get(key.as_str()).or_else(|| name_parts().get(&key[stem_start..])).copied().unwrap_or(0);
            let profile = match clusters.profile(&key) {
                0 => clusters.profile(&key[stem_start..]),
                p => p,
            };
            Word { shape: shape(w), trig: t, trig_stem: ts, kb: Vec::new(), kb_stem: Vec::new(), stem_start, readings, key, cluster, name_part: np, profile }
        })
        .collect();

    // Knowledge-base windows of 1–3 words; the first word may carry proclitics.
    let n = ws.len();
    let mut buf = String::new();
    let mut hits: Vec<(usize, u8, u8, u8)> = Vec::new();
    for j in 0..n {
        if ws[j].key.is_empty() || ws[j].shape & 0b1110 == 0 {
            continue;
        }
        for len in 1..=3usize.min(n - j) {
            if ws[j + len - 1].key.is_empty() {
                break;
            }
            let firsts = std::iter::once(ws[j].key.as_str()).chain(ws[j].readings.iter().map(String::as_str));
            for first in firsts {
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
        if ws[j].stem_start > 0 {
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
        let chars: Vec<(usize, char)> = w.key.char_indices().collect();
        let nc = chars.len();
        push(H::new(Tpl::Length).byte(nc.min(12) as u8));
        for k in 1..=4usize.min(nc) {
            push(H::new(Tpl::KeyPrefix).byte(k as u8).bytes(&w.key.as_bytes()[..chars.get(k).map_or(w.key.len(), |c| c.0)]));
            push(H::new(Tpl::KeySuffix).byte(k as u8).bytes(&w.key.as_bytes()[chars[nc - k].0..]));
        }
        let schars: Vec<usize> = st.char_indices().map(|c| c.0).collect();
        let ns = schars.len();
        if ns != nc {
            for k in 1..=4usize.min(ns) {
                push(H::new(Tpl::StemPrefix).byte(k as u8).bytes(&st.as_bytes()[..schars.get(k).copied().unwrap_or(st.len())]));
                push(H::new(Tpl::StemSuffix).byte(k as u8).bytes(&st.as_bytes()[schars[ns - k]..]));
            }
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
        if title_before[i] != 0 {
            push(H::new(Tpl::TitleBefore).byte(title_before[i]));
        }
        row.sort_unstable();
        row.dedup();
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
    fn features_are_deterministic() {
        let words = ["التقى", "الرئيس", "الروسي", "فلاديمير", "بوتين", "في", "موسكو", "."];
        let mut a = SentenceFeatures::default();
        let mut b = SentenceFeatures::default();
        extract(&words, 20, &Clusters::default(), &mut a);
        extract(&words, 20, &Clusters::default(), &mut b);
        assert_eq!(a.idx, b.idx);
        assert_eq!(a.len(), words.len());
    }
}
