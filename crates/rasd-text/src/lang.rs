//! Language identification: is this document Arabic?
//!
//! An Arabic-script share is not enough: Persian, Urdu, Pashto and Kurdish (Sorani) are written
//! in the same script and share most letters and many loanwords with Arabic. [`identify`] first
//! finds the dominant script of the text's letters:
//!
//! - **Arabic script**: a letter-and-function-word test decides between Arabic (`ar`), Persian
//!   (`fa`), Urdu (`ur`), Pashto (`ps`) and Sorani Kurdish (`ckb`). Each word votes: Arabic
//!   function words (`في`, `التي`, `إلى`…), words with the article `ال` (and its proclitic forms
//!   `وال بال لل…`) and words with `ة`/`ى` count for Arabic; the other languages' function words
//!   (`است`, `این`, `که`… · `کے`, `ہے`, `میں`… · `په`, `چې`… · `لە`, `بۆ`…) and letters Arabic does
//!   not use (`پ چ ژ گ ک ی` · `ٹ ڈ ڑ ں ے ہ` · `ټ ډ ړ ښ ځ څ ې` · `ێ ۆ ڕ ڵ ە`) count for theirs.
//!   The highest score wins; Arabic-script text with no evidence at all is taken as Arabic.
//! - **Any other script**: `whatlang` (trigram models, 69 languages), reported with ISO 639-1
//!   codes where one exists (`en`, `fr`…), else ISO 639-3.
//!
//! Only the first [`SAMPLE_BYTES`] of a text are looked at: enough to decide, and linear time.

/// How much of a text is examined.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// The identified language of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-1 where one exists (`ar`, `fa`, `ur`, `ps`, `en`…), else ISO 639-3 (`ckb`);
    /// `und` when the text has too few letters to tell.
    pub code: &'static str,
    /// English name (`Arabic`, `Persian`…; `undetermined`).
    pub name: &'static str,
}

impl Language {
    pub const ARABIC: Language = Language { code: "ar", name: "Arabic" };
    pub const UNDETERMINED: Language = Language { code: "und", name: "undetermined" };

    pub fn is_arabic(self) -> bool {
        self.code == "ar"
    }
}

const PERSIAN: Language = Language { code: "fa", name: "Persian" };
const URDU: Language = Language { code: "ur", name: "Urdu" };
const PASHTO: Language = Language { code: "ps", name: "Pashto" };
const SORANI: Language = Language { code: "ckb", name: "Central Kurdish (Sorani)" };

/// Fewer letters than this and the language is `und`.
const MIN_LETTERS: usize = 3;

/// `char::is_alphabetic`, read from a table for the first 4,096 code points (Latin, Greek,
/// Cyrillic, Hebrew, Arabic…): the standard library answers those through a slow table search,
/// which was most of this module's time on Arabic text. The table is built from
/// `char::is_alphabetic` itself, so the answers are the same.
fn alphabetic(c: char) -> bool {
    const N: usize = 4096;
    static TABLE: std::sync::OnceLock<[u64; N / 64]> = std::sync::OnceLock::new();
    let i = c as usize;
    if i >= N {
        return c.is_alphabetic();
    }
    let t = TABLE.get_or_init(|| {
        let mut t = [0u64; N / 64];
        for (k, w) in t.iter_mut().enumerate() {
            for b in 0..64 {
                if char::from_u32((k * 64 + b) as u32).is_some_and(char::is_alphabetic) {
                    *w |= 1 << b;
                }
            }
        }
        t
    });
    t[i / 64] & (1 << (i % 64)) != 0
}

/// Identifies the language of `text` (see the module docs).
pub fn identify(text: &str) -> Language {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let (mut arabic, mut other) = (0usize, 0usize);
    for c in sample.chars().filter(|&c| alphabetic(c)) {
        if crate::token::is_arabic_letter(c) {
            arabic += 1;
        } else {
            other += 1;
        }
    }
    if arabic + other < MIN_LETTERS {
        return Language::UNDETERMINED;
    }
    if arabic >= other {
        return arabic_script(sample);
    }
    match whatlang::detect(sample) {
        Some(info) => match info.lang() {
            // The trigram model saw mostly non-Arabic letters but voted for an Arabic-script
            // language (a mixed text): let the letter test decide among them.
            whatlang::Lang::Ara | whatlang::Lang::Pes | whatlang::Lang::Urd => arabic_script(sample),
            l => Language { code: iso639_1(l).unwrap_or(l.code()), name: l.eng_name() },
        },
        None => Language::UNDETERMINED,
    }
}

/// Scores of one Arabic-script text, per language.
#[derive(Default, Debug)]
struct Scores {
    ar: f64,
    fa: f64,
    ur: f64,
    ps: f64,
    ckb: f64,
}

const AR_WORDS: [&str; 40] = [
    "في",
    "من",
    "على",
    "إلى",
    "الى",
    "أن",
    "إن",
    "ان",
    "التي",
    "الذي",
    "الذين",
    "عن",
    "مع",
    "هذا",
    "هذه",
    "كان",
    "كانت",
    "قال",
    "وقال",
    "ذلك",
    "بين",
    "بعد",
    "حيث",
    "لم",
    "لن",
    "كما",
    "وفي",
    "ومن",
    "أو",
    "إنه",
    "أنه",
    "فيه",
    "فيها",
    "منذ",
    "خلال",
    "قد",
    "وأن",
    "عند",
    "حتى",
    "وهو",
];
const FA_WORDS: [&str; 32] = [
    "است", "این", "که", "را", "از", "با", "برای", "در", "های", "شد", "کرد", "آن", "بود", "خود", "یک", "نیز", "شده", "اند", "می", "کند",
    "کرده", "دارد", "باید", "وی", "ما", "او", "اما", "تا", "هم", "بر", "شود", "گفت",
];
const UR_WORDS: [&str; 24] = [
    "کے", "کی", "ہے", "میں", "اور", "نے", "کو", "سے", "ہیں", "کا", "پر", "یہ", "تھا", "گیا", "ہو", "کہا", "کہ", "وہ", "بھی", "تھی", "ایک",
    "لیے", "کر", "رہے",
];
const PS_WORDS: [&str; 20] =
    ["د", "په", "او", "چې", "دې", "ته", "کې", "دا", "وو", "شوی", "سره", "لپاره", "وايي", "ويل", "دغه", "يې", "کړي", "نه", "هغه", "شوې"];
const CKB_WORDS: [&str; 18] = [
    "لە",
    "بۆ",
    "کە",
    "ئەو",
    "دە",
    "لەگەڵ",
    "ئەم",
    "بە",
    "کرد",
    "دەڵێت",
    "ئەوە",
    "بوو",
    "هەروەها",
    "لەسەر",
    "وە",
    "کراوە",
    "دوای",
    "نێوان",
];

fn contains_any(w: &str, letters: &[char]) -> bool {
    w.chars().any(|c| letters.contains(&c))
}

fn arabic_script(sample: &str) -> Language {
    let mut s = Scores::default();
    let words = sample
        .split(|c: char| !(crate::token::is_arabic_letter(c) || crate::normalize::is_arabic_mark(c) || c == '\u{200C}'))
        .filter(|w| !w.is_empty());
    for raw in words {
        // Persian writes the continuous prefix `می` with a zero-width non-joiner: `می‌کند`.
        if raw.starts_with("می\u{200C}") || raw.starts_with("نمی\u{200C}") {
            s.fa += 1.0;
        }
        let kept = |c: char| c != '\u{200C}' && !crate::normalize::is_arabic_mark(c);
        // (Most words carry no mark: they are read in place, without a copy.)
        let w: std::borrow::Cow<str> =
            if raw.chars().all(kept) { raw.into() } else { raw.chars().filter(|&c| kept(c)).collect::<String>().into() };
        if w.is_empty() {
            continue;
        }
        let w: &str = &w;
        if AR_WORDS.contains(&w) {
            s.ar += 1.0;
        }
        let article =
            ["ال", "وال", "بال", "فال", "كال", "لل"].iter().any(|p| w.starts_with(p) && w.chars().count() >= p.chars().count() + 2);
        if article {
            s.ar += 1.0;
        }
        if contains_any(w, &['ة', 'ى', 'إ', 'ؤ']) {
            s.ar += 0.5;
        }
        if FA_WORDS.contains(&w) {
            s.fa += 1.0;
        }
        if UR_WORDS.contains(&w) {
            s.ur += 1.0;
        }
        if PS_WORDS.contains(&w) {
            s.ps += 1.0;
        }
        if CKB_WORDS.contains(&w) {
            s.ckb += 1.0;
        }
        // Letters Arabic does not use. `ک ی` are the Persian-family forms of ك ي; `پ چ ژ گ`
        // appear in foreign names in Arabic news too, so they weigh less than a function word.
        if contains_any(w, &['ی', 'ک']) {
            s.fa += 0.5;
        }
        if contains_any(w, &['پ', 'چ', 'ژ', 'گ']) {
            s.fa += 0.25;
        }
        if contains_any(w, &['ٹ', 'ڈ', 'ڑ', 'ں', 'ے', 'ۓ', 'ہ', 'ھ']) {
            s.ur += 1.0;
        }
        if contains_any(w, &['ټ', 'ډ', 'ړ', 'ږ', 'ښ', 'ځ', 'څ', 'ۍ', 'ې', 'ګ', 'ڼ']) {
            s.ps += 1.0;
        }
        if contains_any(w, &['ێ', 'ۆ', 'ڕ', 'ڵ', 'ە']) {
            s.ckb += 1.0;
        }
    }
    // The Persian-family letters `ک ی` are shared by Urdu, Pashto and Kurdish: they add to
    // Persian's score only, so a language with its own letters and words beats it.
    let ranked = [(s.ar, Language::ARABIC), (s.fa, PERSIAN), (s.ur, URDU), (s.ps, PASHTO), (s.ckb, SORANI)];
    let best = ranked.iter().copied().fold((0.0, Language::ARABIC), |b, x| if x.0 > b.0 { x } else { b });
    best.1
}

/// ISO 639-1 codes of the languages whatlang knows that have one.
fn iso639_1(l: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match l {
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Tur => "tr",
        Heb => "he",
        Ell => "el",
        Pol => "pl",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Ces => "cs",
        Ron => "ro",
        Hun => "hu",
        Bul => "bg",
        Hin => "hi",
        Ben => "bn",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Ind => "id",
        Vie => "vi",
        Tha => "th",
        Amh => "am",
        Aze => "az",
        Uzb => "uz",
        Epo => "eo",
        Lat => "la",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alphabetic_table_agrees_with_the_standard_library() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(alphabetic(c), c.is_alphabetic(), "U+{:04X}", c as u32);
        }
    }

    // Sentences written for these tests.
    const AR: &str =
        "قال وزير الخارجية إن بلاده تدعم الحوار بين الأطراف، وإن الوفد سيصل إلى العاصمة خلال الأسبوع المقبل لبحث التعاون الاقتصادي.";
    const FA: &str = "وزیر امور خارجه ایران روز سه‌شنبه گفت که کشورش از گفتگو میان طرف‌ها حمایت می‌کند و هیئتی برای بررسی همکاری اقتصادی به پایتخت خواهد رفت.";
    const UR: &str = "پاکستان کے وزیر خارجہ نے منگل کو کہا کہ ان کا ملک فریقین کے درمیان مذاکرات کی حمایت کرتا ہے اور ایک وفد اگلے ہفتے دارالحکومت جائے گا۔";
    const PS: &str = "د بهرنیو چارو وزیر وویل چې د هغه هیواد د خبرو اترو ملاتړ کوي او یو پلاوی به راتلونکې اونۍ پلازمینې ته ولاړ شي.";
    const CKB: &str = "وەزیری دەرەوە ڕایگەیاند کە وڵاتەکەی پشتگیری لە گفتوگۆ دەکات و شاندێک هەفتەی داهاتوو سەردانی پایتەخت دەکات.";
    const EN: &str =
        "The foreign minister said on Tuesday that his country supports dialogue between the parties and will send a delegation next week.";
    const FR: &str = "Le ministre des affaires étrangères a déclaré mardi que son pays soutient le dialogue entre les parties et enverra une délégation.";

    #[test]
    fn arabic_and_its_script_neighbours() {
        assert_eq!(identify(AR).code, "ar");
        assert_eq!(identify(FA).code, "fa");
        assert_eq!(identify(UR).code, "ur");
        assert_eq!(identify(PS).code, "ps");
        assert_eq!(identify(CKB).code, "ckb");
    }

    #[test]
    fn other_scripts() {
        assert_eq!(identify(EN).code, "en");
        assert_eq!(identify(FR).code, "fr");
        assert_eq!(identify("").code, "und");
        assert_eq!(identify("12345 !!").code, "und");
    }

    #[test]
    fn short_and_mixed_arabic() {
        assert_eq!(identify("وصل الوفد.").code, "ar");
        // Foreign names in Persian-family letters do not make an Arabic report Persian.
        let s = "التقى الرئيس الفرنسي ماكرون نظيره في باريس، وأعلن مكتب «گوگل» عن مشروع جديد في المنطقة.";
        assert_eq!(identify(s).code, "ar");
        // An Arabic report quoting an English sentence is still Arabic.
        let q = format!("{AR} وقال المتحدث: \"we welcome the talks\".");
        assert_eq!(identify(&q).code, "ar");
        // A Persian text after an Arabic headline is Persian.
        let p = format!("وزير الخارجية\n{FA} {FA}");
        assert_eq!(identify(&p).code, "fa");
    }

    #[test]
    fn long_text_is_sampled_on_a_char_boundary() {
        let long = AR.repeat(SAMPLE_BYTES / AR.len() + 3);
        assert_eq!(identify(&long).code, "ar");
    }
}
