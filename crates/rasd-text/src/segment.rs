//! Clitic segmentation: a word's byte span cut into proclitics, article, stem and enclitic.
//!
//! ```text
//! وبالتعاون → و | ب | ال | تعاون        للسلطة → ل | ل(article) | سلطة
//! زيارته    → زيارت | ه                  بغداد  → بغداد
//! ```
//!
//! Invariant: the segments of a token are byte spans of the original text that cover the token
//! exactly, in order, with no gap and no empty segment. ة written ت before a pronoun stays ت
//! (the surface is a fact); lookups use the folded key, never the output.
//!
//! Grammar (one word): `[و|ف]? [ب|ل|ك | س(+imperfective)]? [ال]? STEM [pronoun]?`, with `لل` read
//! as `ل + (ا)ل`, and an enclitic only when there is no article.
//!
//! Each optional split is checked against word counts from news text (`data/wordfreq.tsv`,
//! built by `examples/build_wordlist.rs`), using `f(x)` = how often the key `x` occurs as a whole token:
//! - a clitic is split off `W = c + rest` when `rest` is common enough compared with `W`
//!   (`f(rest) ≥ θ_c · f(W)`, `θ` per clitic: `ك` is rarely a clitic, so `كان` stays whole);
//! - a word that itself takes the article (`f(ال + W)` is not negligible, e.g. `الوزير`, `البنك`)
//!   is a stem, not clitic + stem: `وزير`, `بنك` stay whole;
//! - a word whose stripped form is unknown stays whole (`بغداد`: `غداد` is not a word), unless both
//!   are unknown and the rest starts with the article (`وبالكابيتول`);
//! - a short list of grammatical words (`data/keep_whole.txt`: الله, الذي, ذلك, هناك, …) is never cut.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use rasd_core::Span;

use crate::normalize::push_key_char;
use crate::token::{Token, TokenKind, tokenize};

/// First line of `data/wordfreq.tsv`. Bump the number when the key function or the file layout
/// changes, and rebuild the file with `examples/build_wordlist.rs`.
pub const WORDFREQ_FORMAT: &str = "# rasd-wordfreq 1";
/// First line of `data/keep_whole.txt`.
pub const KEEP_FORMAT: &str = "# rasd-keep-whole 1";

static WORDFREQ: &str = include_str!("../data/wordfreq.tsv");
static KEEP: &str = include_str!("../data/keep_whole.txt");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SegKind {
    /// و ف ب ل ك س.
    Proclitic,
    /// ال (or the second ل of لل).
    Article,
    Stem,
    /// ه ها هما هم هن ك كم كما نا ي.
    Enclitic,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub span: Span,
    pub kind: SegKind,
}

// ---------------------------------------------------------------- lexicon

/// FxHash: the lexicon is probed several times per word, SipHash is needlessly slow here.
#[derive(Default, Clone, Copy)]
struct Fx(u64);
impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}
type FxBuild = BuildHasherDefault<Fx>;

struct Lexicon {
    freq: HashMap<&'static str, u32, FxBuild>,
    keep: HashSet<String, FxBuild>,
}

/// Corpus counts of a word key alone and with the article (`f(w)`, `f(ال + w)`), from the committed
/// word list. A word that mostly takes the article is a common noun or adjective, rarely a name.
pub fn word_counts(key: &str) -> (u32, u32) {
    let lex = lexicon();
    let mut buf = String::new();
    (lex.f(key), lex.f_def(key, &mut buf))
}

/// Whether a word key is a function word that the segmenter never splits (`الذي`, `عبر`, `لكن`).
pub fn is_function_word(key: &str) -> bool {
    lexicon().keep.contains(key)
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut lines = WORDFREQ.lines();
        let head = lines.next().unwrap_or("");
        assert_eq!(
            head, WORDFREQ_FORMAT,
            "data/wordfreq.tsv has format {head:?}, expected {WORDFREQ_FORMAT:?}: rebuild it with \
             `cargo run --release -p rasd-text --example build_wordlist` (see that file's docs)"
        );
        let mut freq = HashMap::with_capacity_and_hasher(1 << 17, FxBuild::default());
        for l in lines {
            if l.starts_with('#') || l.is_empty() {
                continue;
            }
            if let Some((k, c)) = l.split_once('\t')
                && let Ok(c) = c.parse::<u32>()
            {
                freq.insert(k, c);
            }
        }
        let mut kl = KEEP.lines();
        let head = kl.next().unwrap_or("");
        assert_eq!(head, KEEP_FORMAT, "data/keep_whole.txt has format {head:?}, expected {KEEP_FORMAT:?}");
        let keep = kl.map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty()).map(crate::normalize::key).collect();
        Lexicon { freq, keep }
    })
}

impl Lexicon {
    #[inline]
    fn f(&self, k: &str) -> u32 {
        self.freq.get(k).copied().unwrap_or(0)
    }

    /// `f("ال" + k)`.
    fn f_def(&self, k: &str, buf: &mut String) -> u32 {
        buf.clear();
        buf.push_str("ال");
        buf.push_str(k);
        self.f(buf)
    }

    /// Whether `w` takes the article often enough to be a stem itself (so its first or last
    /// letter is not a clitic).
    fn takes_article(&self, w: &str, fw: u32, buf: &mut String) -> bool {
        let fa = self.f_def(w, buf);
        fa >= 3 && u64::from(fa) * 20 >= u64::from(fw)
    }

    /// Evidence that `x` is a word: its own count, or half the count of what is left when one
    /// more clitic is removed (so `بالتعاون` is supported by `التعاون`).
    fn g(&self, x: &[char], allow_prep: bool) -> u32 {
        let s: String = x.iter().collect();
        let mut best = self.f(&s);
        let n = x.len();
        if allow_prep && n >= 3 && matches!(x[0], 'ب' | 'ل' | 'ك') {
            let rest: String = x[1..].iter().collect();
            best = best.max(self.f(&rest) / 2);
            if x[0] == 'ل' && x[1] == 'ل' {
                best = best.max(self.f(&format!("ا{rest}")) / 2);
            }
        }
        for e in ENCLITICS {
            let el = e.chars().count();
            if n >= el + 2 && s.ends_with(e) {
                let stem = &x[..n - el];
                for v in stem_variants(stem, stem) {
                    best = best.max(self.f(&v) / 2);
                }
            }
        }
        best
    }
}

// ---------------------------------------------------------------- rules

use crate::clitics::ENCLITICS;

/// θ for a proclitic: split `c + rest` when `g(rest) ≥ θ · f(c + rest)`.
fn theta_proclitic(c: char) -> f64 {
    match c {
        'و' => 0.1,
        'ب' => 0.05, // بشكل, بسبب, بشأن are much more common than شكل, سبب, شأن.
        'ل' => 0.2,  // لدى is not ل + دى.
        'س' => 0.2,
        'ف' => 0.5,
        'ك' => 5.0,
        _ => f64::INFINITY,
    }
}

/// How often the rest of an unknown word must occur to justify a split (`فلورية` ≠ ف + لورية).
const MIN_EVIDENCE: u32 = 10;

/// θ for an enclitic: split `stem + e` when `f(stem) ≥ θ · f(stem + e)`.
fn theta_enclitic(e: &str) -> f64 {
    match e {
        "ه" | "ها" | "هم" | "هما" => 0.05, // نظيره is 17× نظير in news.
        "هن" | "كم" => 0.5,
        "نا" => 1.0, // verbs in نا (طلبنا) and accusatives in ـانا (أحيانا).
        "ي" => 20.0, // nisba adjectives (دولي, مستهلكي) end the same way.
        _ => 1.0,    // ك كما: words like بنك.
    }
}

/// Keys under which a stem stripped of its pronoun may be listed: `زيارت` → `زياره` (ة),
/// `مدا` → `مدي` (ى), `حلفاو` (ؤ) → `حلفاء`, `ينفقو` → `ينفقوا`.
fn stem_variants(stem: &[char], raw: &[char]) -> Vec<String> {
    let s: String = stem.iter().collect();
    let mut out = Vec::with_capacity(2);
    let Some((&last, init)) = stem.split_last() else { return out };
    let init: String = init.iter().collect();
    let raw_last = raw.last().copied().unwrap_or(last);
    match (last, raw_last) {
        ('ت', _) => out.push(format!("{init}ه")),
        ('ا', _) => out.push(format!("{init}ي")),
        ('و', 'ؤ') | ('ي', 'ئ') => out.push(format!("{init}ء")),
        ('و', _) => out.push(format!("{s}ا")),
        _ => {}
    }
    out.push(s);
    out
}

/// Whether the last raw letters really are the pronoun: ه not ة, ي not ى/ئ.
fn raw_enclitic_ok(raw_last: char, e: &str) -> bool {
    match e.chars().last() {
        Some('ه') => raw_last == 'ه',
        Some('ي') => raw_last == 'ي',
        _ => true,
    }
}

fn proclitic_ok(lex: &Lexicon, c: char, w: &[char], rest: &[char], allow_prep: bool, buf: &mut String) -> bool {
    let ws: String = w.iter().collect();
    let mut fw = lex.f(&ws);
    if lex.keep.contains(&ws) {
        return false;
    }
    if fw > 0 && c != 'س' && lex.takes_article(&ws, fw, buf) {
        return false;
    }
    // A past verb in ت whose base is common (باتت, بحثت; also بنت, بيت) is not ب + something.
    if matches!(c, 'ب' | 'ل' | 'ك')
        && let Some((&'ت', init)) = w.split_last()
        && init.len() >= 2
    {
        let fi = lex.f(&init.iter().collect::<String>());
        if fi >= MIN_EVIDENCE && 2 * fi >= fw {
            return false;
        }
    }
    // Compare stems too: لديهم is لدي + هم (لدى is common), not ل + ديهم.
    let n = w.len();
    for e in ENCLITICS {
        let el = e.chars().count();
        if n >= el + 3 && ws.ends_with(e) {
            for v in stem_variants(&w[..n - el], &w[..n - el]) {
                if lex.keep.contains(&v) {
                    return false;
                }
                let fv = lex.f(&v);
                if fv > fw {
                    if c != 'س' && lex.takes_article(&v, fv, buf) {
                        return false;
                    }
                    fw = fv;
                }
            }
        }
    }
    let gr = lex.g(rest, allow_prep);
    if fw == 0 && gr < MIN_EVIDENCE {
        // An unknown word: only the article pattern (وبالكابيتول) is evidence enough.
        return c != 'س' && starts_with_article(rest, allow_prep);
    }
    if gr == 0 {
        return false;
    }
    // ب/ل/ك + article: the pattern itself is the evidence (بالنسبة, بالإضافة are far more common
    // than النسبة, الإضافة, yet plainly ب + ال…).
    if matches!(c, 'ب' | 'ل' | 'ك') && gr >= 3 && starts_with_article(rest, false) {
        return true;
    }
    let mut theta = theta_proclitic(c);
    if rest.len() == 2 {
        theta *= 4.0; // ولي, لدى: two-letter rests collide with too many words.
    }
    f64::from(gr) >= theta * f64::from(fw)
}

/// `rest` is `[ب|ل|ك]? ال X` with at least two letters in X (or `لل X`).
fn starts_with_article(rest: &[char], allow_prep: bool) -> bool {
    let r = if allow_prep && rest.len() > 1 && matches!(rest[0], 'ب' | 'ك' | 'ل') {
        if rest[0] == 'ل' && rest[1] == 'ل' && rest.len() >= 4 {
            return true;
        }
        &rest[1..]
    } else {
        rest
    };
    r.len() >= 4 && r[0] == 'ا' && r[1] == 'ل'
}

/// The segmentation of one word, as (key chars, kind) pieces in order.
/// `k` is the word's key (one char per original letter), `raw` the original letters.
fn analyse(lex: &Lexicon, k: &[char], raw: &[char], tanwin: bool) -> Vec<(usize, SegKind)> {
    let n = k.len();
    let mut segs: Vec<(usize, SegKind)> = Vec::with_capacity(4);
    let mut buf = String::new();
    if n < 2 {
        return vec![(n, SegKind::Stem)];
    }
    let whole: String = k.iter().collect();
    if lex.keep.contains(&whole) {
        return vec![(n, SegKind::Stem)];
    }
    let mut pos = 0;
    // 1. Conjunction.
    if matches!(k[0], 'و' | 'ف') && n >= 3 && proclitic_ok(lex, k[0], k, &k[1..], true, &mut buf) {
        segs.push((1, SegKind::Proclitic));
        pos = 1;
    }
    // A preposition with only a pronoun after it: له، بها، لكم، لي.
    if let Some(e) = pronoun_after_prep(&k[pos..], raw) {
        segs.push((1, SegKind::Stem));
        segs.push((e, SegKind::Enclitic));
        return segs;
    }
    // 2. Preposition or future marker.
    let mut virt_article = false;
    if n - pos >= 3 {
        let c = k[pos];
        let w = &k[pos..];
        let plain = &k[pos + 1..];
        match c {
            'ب' | 'ك' | 'ل' => {
                // لل: ل + (ا)ل… or ل + a word starting with ل (للبنان).
                let art: Vec<char>;
                let (rest, is_art) = if c == 'ل' && k[pos + 1] == 'ل' && n - pos >= 4 {
                    art = std::iter::once('ا').chain(plain.iter().copied()).collect();
                    if lex.g(&art, false) >= lex.g(plain, false) { (&art[..], true) } else { (plain, false) }
                } else {
                    (plain, false)
                };
                if proclitic_ok(lex, c, w, rest, false, &mut buf) {
                    segs.push((1, SegKind::Proclitic));
                    pos += 1;
                    virt_article = is_art;
                }
            }
            'س' if matches!(raw.get(pos + 1), Some('ي' | 'ت' | 'ن')) && proclitic_ok(lex, c, w, plain, false, &mut buf) => {
                segs.push((1, SegKind::Proclitic));
                pos += 1;
            }
            _ => {}
        }
    }
    // 3. Article.
    let rest: Vec<char> = if virt_article { std::iter::once('ا').chain(k[pos..].iter().copied()).collect() } else { k[pos..].to_vec() };
    let rs: String = rest.iter().collect();
    if lex.keep.contains(&rs) {
        segs.push((n - pos, SegKind::Stem));
        return segs;
    }
    if rest.len() >= 4 && rest[0] == 'ا' && rest[1] == 'ل' {
        let x: String = rest[2..].iter().collect();
        let fr = lex.f(&rs);
        if u64::from(lex.f(&x)) * 20 >= u64::from(fr) {
            let art = if virt_article { 1 } else { 2 };
            segs.push((art, SegKind::Article));
            segs.push((n - pos - art, SegKind::Stem));
            return segs;
        }
    }
    if virt_article {
        segs.push((n - pos, SegKind::Stem));
        return segs;
    }
    // 4. Enclitic pronoun.
    let m = rest.len();
    let fw = lex.f(&rs);
    // A word that takes the article has no pronoun suffix (البنك: بنك is not بن + ك). Not for ه:
    // ال + W would then be the key of a word in ة (العمله is العملة, yet عمله is عمل + ه).
    let definite = fw > 0 && lex.takes_article(&rs, fw, &mut buf);
    // An undecided article (المناخي) excludes a pronoun too; إلينا (الي + نا) is short.
    let article_like = m >= 6 && rest[0] == 'ا' && rest[1] == 'ل';
    if !article_like && !tanwin {
        for e in ENCLITICS {
            let el = e.chars().count();
            if m < el + 2 || !rs.ends_with(e) || !raw_enclitic_ok(raw[n - 1], e) || (definite && e != "ه") {
                continue;
            }
            let stem = &rest[..m - el];
            // Evidence for the stem: its own count plus its counts with the other pronouns
            // (نظير is rarer than نظيره, but نظيرها and نظيرهم show it takes pronouns).
            let fs = stem_variants(stem, &raw[pos..n - el])
                .iter()
                .map(|v| {
                    let others: u32 =
                        ENCLITICS.iter().filter(|&&o| o != e && o != "ي" && o != "ك").map(|o| lex.f(&format!("{v}{o}"))).sum();
                    lex.f(v) + others
                })
                .max()
                .unwrap_or(0);
            if fs >= MIN_EVIDENCE && f64::from(fs) >= theta_enclitic(e) * f64::from(fw) {
                segs.push((m - el, SegKind::Stem));
                segs.push((el, SegKind::Enclitic));
                return segs;
            }
        }
    }
    segs.push((m, SegKind::Stem));
    segs
}

/// A word's segmentation as byte lengths of its surface: up to six pieces, stored inline.
#[derive(Clone, Copy)]
struct Pieces {
    n: u8,
    p: [(u8, SegKind); 6],
}

/// Words segmented on this thread, keyed by their exact surface. News vocabulary is Zipfian: most
/// words of an article were seen before, and a word's segmentation is a pure function of its
/// surface, so memoising it changes no result.
const MEMO_CAP: usize = 1 << 18;

/// Scratch buffers and the memo, reused across the words of a text.
#[derive(Default)]
struct Scratch {
    k: Vec<char>,
    raw: Vec<char>,
    ends: Vec<usize>,
    memo: HashMap<Box<str>, Pieces, FxBuild>,
}

/// If `k` is ب or ل followed by exactly a pronoun (لها، بهم، لي), the pronoun's length.
fn pronoun_after_prep(k: &[char], raw: &[char]) -> Option<usize> {
    if k.len() < 2 || !matches!(k[0], 'ب' | 'ل') {
        return None;
    }
    let rest: String = k[1..].iter().collect();
    let e = ENCLITICS.iter().find(|&&e| e == rest)?;
    if !raw_enclitic_ok(*raw.last()?, e) || (k[0] == 'ب' && *e == "ي") {
        return None;
    }
    Some(k.len() - 1)
}

// ---------------------------------------------------------------- public API

/// Segments one token of `text`. Non-Arabic tokens are one `Stem`.
pub fn segment_word(text: &str, token: &Token) -> Vec<Segment> {
    let mut out = Vec::with_capacity(4);
    with_scratch(|sc| segment_word_into(text, token, sc, &mut out));
    out
}

fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    use std::cell::RefCell;
    thread_local! {
        static SCRATCH: RefCell<Scratch> = RefCell::default();
    }
    SCRATCH.with(|s| f(&mut s.borrow_mut()))
}

fn segment_word_into(text: &str, token: &Token, sc: &mut Scratch, out: &mut Vec<Segment>) {
    let span = token.span;
    if token.kind != TokenKind::Arabic {
        out.push(Segment { span, kind: SegKind::Stem });
        return;
    }
    let surface = &text[span.range()];
    if let Some(p) = sc.memo.get(surface) {
        let mut start = span.start;
        for &(len, kind) in &p.p[..p.n as usize] {
            let end = start + len as usize;
            out.push(Segment { span: Span::new(start, end), kind });
            start = end;
        }
        return;
    }
    let first = out.len();
    segment_fresh(surface, span, sc, out);
    // Remember the pieces as byte lengths (words that fit: all but pathological tokens).
    let made = &out[first..];
    if made.len() <= 6 && made.iter().all(|s| s.span.len() <= u8::MAX as usize) {
        let mut p = Pieces { n: made.len() as u8, p: [(0, SegKind::Stem); 6] };
        for (slot, s) in p.p.iter_mut().zip(made) {
            *slot = (s.span.len() as u8, s.kind);
        }
        if sc.memo.len() >= MEMO_CAP {
            sc.memo.clear();
        }
        sc.memo.insert(Box::from(surface), p);
    }
}

/// Segments one Arabic word from scratch.
fn segment_fresh(surface: &str, span: Span, sc: &mut Scratch, out: &mut Vec<Segment>) {
    // One entry per key char: (key char, raw char, byte end in the original after trailing marks).
    sc.k.clear();
    sc.raw.clear();
    sc.ends.clear();
    let mut scratch = String::new();
    for (i, c) in surface.char_indices() {
        let end = span.start + i + c.len_utf8();
        // Fast path: plain Arabic letters are their own key.
        if matches!(c, 'ء' | 'ا' | 'ب' | 'ت'..='غ' | 'ف'..='ه' | 'و' | 'ي') {
            sc.k.push(c);
            sc.raw.push(c);
            sc.ends.push(end);
            continue;
        }
        scratch.clear();
        if push_key_char(c, &mut scratch) == 0 {
            // A mark belongs to the letter before it (or, at the start, to the first letter).
            if let Some(last) = sc.ends.last_mut() {
                *last = end;
            }
            continue;
        }
        let single = scratch.chars().count() == 1;
        for kc in scratch.chars() {
            sc.k.push(kc);
            sc.raw.push(if single { c } else { kc });
            sc.ends.push(end);
        }
    }
    if sc.k.is_empty() {
        out.push(Segment { span, kind: SegKind::Stem });
        return;
    }
    *sc.ends.last_mut().expect("non-empty") = span.end;
    // A final tanwin (أماناً) means no pronoun suffix.
    let tanwin = surface.chars().rev().take_while(|&c| crate::normalize::is_arabic_mark(c)).any(|c| matches!(c, '\u{064B}'..='\u{064D}'));
    let pieces = analyse(lexicon(), &sc.k, &sc.raw, tanwin);
    let first = out.len();
    let mut start = span.start;
    let mut idx = 0;
    for (len, kind) in pieces {
        idx += len;
        let end = if idx == 0 { start } else { sc.ends[idx - 1] };
        if end > start {
            out.push(Segment { span: Span::new(start, end), kind });
            start = end;
        }
    }
    // Leading marks before the first letter, or a ligature split: never leave a gap.
    if out.len() == first {
        out.push(Segment { span, kind: SegKind::Stem });
    }
    if let Some(last) = out.last_mut() {
        last.span.end = span.end;
    }
    out[first].span.start = span.start;
}

/// Segments every token of `text`.
pub fn segment(text: &str) -> Vec<Segment> {
    segment_tokens(text, &tokenize(text))
}

/// Segments already tokenised text.
pub fn segment_tokens(text: &str, tokens: &[Token]) -> Vec<Segment> {
    let mut out = Vec::with_capacity(tokens.len() + tokens.len() / 3);
    with_scratch(|sc| {
        for t in tokens {
            segment_word_into(text, t, sc, &mut out);
        }
    });
    out
}

// ---------------------------------------------------------------- evaluation

pub mod eval {
    //! Segmentation scored against UD Arabic-PUD.
    //!
    //! PUD has no multiword-token lines: a surface word split into syntactic words is written as
    //! consecutive words with `SpaceAfter=No` (`ل` + `أوباما`). A *gold surface token* is a maximal
    //! run of such words that are all in Arabic script (punctuation, digits and Latin end a run:
    //! `شولمان` + `,` are two tokens, as our tokenizer makes them). Its surface is the concatenation
    //! of the forms, which in PUD equals the text (`ل` + `لسلطة` for للسلطة, `حيات` + `نا`).
    //!
    //! Each surface is run through [`super::segment`] on its own. The article is not a UD word,
    //! so an `Article` segment is merged into the stem after it (ل | ل | سلطة → ل | لسلطة).
    //! A segment is a (start, end) char interval of the surface; a predicted segment is correct
    //! when the same interval is a gold word of the same token.
    //!
    //! - `precision` = correct / predicted segments, `recall` = correct / gold segments, `f1` their
    //!   harmonic mean, in percent, over all gold surface tokens (unsplit words included — this is the
    //!   usual "segmentation F1 over morphemes matched by position", the CoNLL-2018 "Words" figure
    //!   restricted to Arabic-script tokens);
    //! - `boundary_*`: the same over the internal cut points only (harder: unsplit words don't count);
    //! - `exact`: tokens whose whole segmentation is right.

    use std::path::{Path, PathBuf};

    use super::{SegKind, segment};

    #[derive(Clone, Debug, Default)]
    pub struct SegReport {
        pub precision: f64,
        pub recall: f64,
        pub f1: f64,
        /// Gold surface tokens scored.
        pub words: usize,
        /// Of them, split into 2+ gold words.
        pub multi_words: usize,
        pub gold_segments: usize,
        pub predicted_segments: usize,
        pub correct_segments: usize,
        pub exact: usize,
        pub boundary_precision: f64,
        pub boundary_recall: f64,
        pub boundary_f1: f64,
        /// Up to 40 wrong tokens: (gold `a+b`, predicted `a+b`).
        pub errors: Vec<(String, String)>,
    }

    impl std::fmt::Display for SegReport {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            writeln!(f, "words {} (multi-part {})", self.words, self.multi_words)?;
            writeln!(f, "segments gold {} predicted {} correct {}", self.gold_segments, self.predicted_segments, self.correct_segments)?;
            writeln!(f, "exact {:.2}", pct(self.exact, self.words))?;
            writeln!(f, "boundary precision {:.2} recall {:.2} f1 {:.2}", self.boundary_precision, self.boundary_recall, self.boundary_f1)?;
            writeln!(f, "precision {:.2}", self.precision)?;
            writeln!(f, "recall {:.2}", self.recall)?;
            write!(f, "f1 {:.2}", self.f1)
        }
    }

    fn pct(a: usize, b: usize) -> f64 {
        if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 }
    }

    fn f1(p: f64, r: f64) -> f64 {
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    /// `../shared/data/ud-arabic-pud/ar_pud-ud-test.conllu`, relative to the current directory.
    pub fn default_pud_path() -> PathBuf {
        PathBuf::from("../shared/data/ud-arabic-pud/ar_pud-ud-test.conllu")
    }

    fn is_arabic_word(form: &str) -> bool {
        form.chars().any(crate::token::is_arabic_letter)
            && form.chars().all(|c| crate::token::is_arabic_letter(c) || crate::normalize::is_arabic_mark(c))
    }

    /// Gold surface tokens of a CoNLL-U file: each is its list of word forms.
    pub fn gold_tokens(conllu: &str) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let mut cur: Vec<String> = Vec::new();
        for line in conllu.lines() {
            if line.is_empty() || line.starts_with('#') {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 10 || f[0].contains('-') || f[0].contains('.') {
                continue;
            }
            let (form, misc) = (f[1], f[9]);
            if !is_arabic_word(form) {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                continue;
            }
            cur.push(form.to_string());
            if !misc.split('|').any(|m| m == "SpaceAfter=No") {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }

    /// Predicted parts of one surface, as char intervals (article merged into what follows).
    pub fn predict(surface: &str) -> Vec<(usize, usize)> {
        let mut cuts: Vec<usize> = Vec::new();
        let mut prev_article = false;
        for s in segment(surface) {
            if (!cuts.is_empty() || s.span.start > 0) && !prev_article {
                cuts.push(s.span.start);
            }
            prev_article = s.kind == SegKind::Article;
        }
        let to_char = |b: usize| surface[..b].chars().count();
        let mut bounds = vec![0];
        bounds.extend(cuts.iter().map(|&b| to_char(b)).filter(|&c| c > 0));
        bounds.push(surface.chars().count());
        bounds.dedup();
        bounds.windows(2).map(|w| (w[0], w[1])).collect()
    }

    /// Scores [`super::segment`] against a CoNLL-U treebank (see the module docs for the metric).
    pub fn segmentation(path: &Path) -> std::io::Result<SegReport> {
        let text = std::fs::read_to_string(path)?;
        let mut r = SegReport::default();
        let (mut b_gold, mut b_pred, mut b_ok) = (0usize, 0usize, 0usize);
        for parts in gold_tokens(&text) {
            let surface: String = parts.concat();
            let mut gold = Vec::with_capacity(parts.len());
            let mut at = 0;
            for p in &parts {
                let n = p.chars().count();
                gold.push((at, at + n));
                at += n;
            }
            let pred = predict(&surface);
            r.words += 1;
            r.multi_words += usize::from(parts.len() > 1);
            r.gold_segments += gold.len();
            r.predicted_segments += pred.len();
            let ok = pred.iter().filter(|s| gold.contains(s)).count();
            r.correct_segments += ok;
            b_gold += gold.len() - 1;
            b_pred += pred.len().saturating_sub(1);
            b_ok += pred.iter().skip(1).filter(|s| gold.iter().skip(1).any(|g| g.0 == s.0)).count();
            if pred == gold {
                r.exact += 1;
            } else if r.errors.len() < 40 {
                let chars: Vec<char> = surface.chars().collect();
                let show =
                    |v: &[(usize, usize)]| v.iter().map(|&(a, b)| chars[a..b].iter().collect::<String>()).collect::<Vec<_>>().join("+");
                r.errors.push((show(&gold), show(&pred)));
            }
        }
        r.precision = pct(r.correct_segments, r.predicted_segments);
        r.recall = pct(r.correct_segments, r.gold_segments);
        r.f1 = f1(r.precision, r.recall);
        r.boundary_precision = pct(b_ok, b_pred);
        r.boundary_recall = pct(b_ok, b_gold);
        r.boundary_f1 = f1(r.boundary_precision, r.boundary_recall);
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<(&str, SegKind)> {
        segment(text).into_iter().map(|s| (&text[s.span.range()], s.kind)).collect()
    }

    fn cut(w: &str) -> String {
        segment(w).iter().map(|s| &w[s.span.range()]).collect::<Vec<_>>().join("|")
    }

    #[test]
    fn names_stay_whole() {
        for w in [
            "الله",
            "لبنان",
            "بغداد",
            "واشنطن",
            "فلسطين",
            "كابول",
            "ليبيا",
            "بلجيكا",
            "بيروت",
            "بنغازي",
            "كركوك",
            "فرنسا",
            "لندن",
            "وزير",
            "كان",
            "ذلك",
            "هناك",
            "بين",
            "بعد",
            "لكن",
            "كما",
            "فقط",
            "الذي",
            "التي",
        ] {
            assert_eq!(cut(w), w, "{w} must stay whole");
        }
        assert_eq!(cut("رام الله"), "رام|الله");
    }

    #[test]
    fn proclitics_and_article() {
        assert_eq!(
            parts("وبالتعاون"),
            [("و", SegKind::Proclitic), ("ب", SegKind::Proclitic), ("ال", SegKind::Article), ("تعاون", SegKind::Stem)]
        );
        assert_eq!(cut("للسلطة"), "ل|ل|سلطة");
        assert_eq!(parts("للسلطة")[1].1, SegKind::Article);
        assert_eq!(cut("والرئيس"), "و|ال|رئيس");
        assert_eq!(cut("وقال"), "و|قال");
        assert_eq!(cut("سيكون"), "س|يكون");
        assert_eq!(cut("لبغداد"), "ل|بغداد");
        assert_eq!(cut("وواشنطن"), "و|واشنطن");
    }

    #[test]
    fn enclitics_keep_the_surface() {
        assert_eq!(parts("نظيره"), [("نظير", SegKind::Stem), ("ه", SegKind::Enclitic)]);
        assert_eq!(cut("زيارته"), "زيارت|ه");
        assert_eq!(cut("حكومتها"), "حكومت|ها");
        assert_eq!(cut("أنه"), "أن|ه");
        assert_eq!(cut("عليهم"), "علي|هم");
        assert_eq!(cut("له"), "ل|ه");
        assert_eq!(cut("ولها"), "و|ل|ها");
        // ة is not the pronoun ه; nisba ي is not the pronoun ي.
        assert_eq!(cut("الجبهة"), "ال|جبهة");
        assert_eq!(cut("دولي"), "دولي");
    }

    #[test]
    fn diacritics_and_tatweel_stay_with_their_letter() {
        let w = "وَبِالتَّعاوُنِ";
        let got: Vec<&str> = segment(w).iter().map(|s| &w[s.span.range()]).collect();
        assert_eq!(got.concat(), w);
        assert_eq!(got[0], "وَ");
        assert_eq!(got.len(), 4);
        assert_eq!(cut("بـ"), "بـ");
    }

    #[test]
    fn spans_in_a_sentence() {
        let text = "وصل الوفد إلى بغداد، وبحث نظيره العراقي سبل التعاون.";
        for s in segment(text) {
            assert!(!s.span.is_empty());
        }
        let toks = tokenize(text);
        let segs = segment(text);
        let covered: usize = segs.iter().map(|s| s.span.len()).sum();
        assert_eq!(covered, toks.iter().map(|t| t.span.len()).sum::<usize>());
    }

    #[test]
    fn wordlist_is_versioned_and_small() {
        assert!(WORDFREQ.starts_with(WORDFREQ_FORMAT));
        // ≈124k keys from ANERcorp, NewsFANE, Wojood and wordfreq (see data/SOURCES.md).
        assert!(WORDFREQ.len() < 3_000_000);
        assert!(lexicon().freq.len() > 10_000);
    }

    proptest::proptest! {
        #[test]
        fn segments_cover_tokens(s in "[وفبلكسالتنيهمكةىأإؤئءآدرزعغحخجشصضطظقثذ \u{064E}\u{0650}\u{0651}\u{0640}\u{200C}a1.،ﻻ]{0,40}") {
            let toks = tokenize(&s);
            for t in &toks {
                let segs = segment_word(&s, t);
                proptest::prop_assert!(!segs.is_empty());
                let mut at = t.span.start;
                for g in &segs {
                    proptest::prop_assert_eq!(g.span.start, at);
                    proptest::prop_assert!(g.span.end > g.span.start);
                    at = g.span.end;
                }
                proptest::prop_assert_eq!(at, t.span.end);
                let joined: String = segs.iter().map(|g| &s[g.span.range()]).collect();
                proptest::prop_assert_eq!(joined.as_str(), &s[t.span.range()]);
            }
        }
    }

    #[test]
    fn pud_segmentation_f1() {
        // Tests run in the crate directory; the treebank lives beside the repository.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../").join(eval::default_pud_path());
        if !path.exists() {
            rasd_core::skip_unless_ci(&format!("UD Arabic-PUD not found at {} (needs ../shared next to the repo)", path.display()));
            return;
        }
        let r = eval::segmentation(&path).expect("read PUD");
        println!("{r}");
        for (g, p) in &r.errors {
            println!("gold {g}  got {p}");
        }
        assert!(r.words > 15_000, "{r}");
        // Issue 3's goal is 97; the committed word list (data/SOURCES.md) reaches 97.36.
        assert!(r.f1 >= 97.0, "PUD segmentation F1 {:.2} < 97", r.f1);
    }
}
