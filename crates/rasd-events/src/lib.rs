//! PLOVER event coding.
//!
//! For each sentence that may carry events (body and title, never a caption or a
//! pull-quote), the coder:
//! 1. finds triggers from the lexicon (`data/triggers.tsv`), longest first, words
//!    read with their proclitics stripped (a `سـ` on a verb marks the future);
//! 2. groups actor mentions into *units* (`روسيا وتركيا وإيران` is one unit of three),
//!    each with the preposition that introduces it;
//! 3. picks the source (SVO subject before the verb, VSO subject after it, the
//!    genitive of a verbal noun, or the topic of the sentence when the subject is
//!    dropped) and the target (the object or the unit after a preposition the
//!    trigger takes); a visited place gives its country as the target;
//! 4. reads modality and attribution from cue words (`data/cues.tsv`);
//! 5. dates the mention with the time expression nearest its trigger; a time that
//!    dates a *report* (`في منشور مساء السبت`) only bounds the event from above;
//!    an undated mention may inherit the date of the previous sentence's event
//!    with a shared actor (basis `context`);
//! 6. places it at the place introduced by `في`/`ب`/`إلى` in its clause, or, for a
//!    meeting during a visit, at the visit's place (marked as context).
//!
//! Mentions of the same happening are then merged into one [`Event`], keeping all
//! evidence and the best date and place.

use rasd_core::Date;
use rasd_core::{DateBasis, EventType, Modality, PartOfDay, Precision, Span, TimeExpr};
use rasd_kb::{DocEntities, EntityId, EntityKind};
use rasd_mentions::{Mention, MentionKind};
use rasd_text::clitics::readings;
use rasd_text::{Layout, Sentence, Token, TokenKind};

pub mod lexicon;

pub use lexicon::{CueKind, Lexicon, Pos, Trigger};

/// Everything the coder reads about one document.
pub struct Input<'a> {
    /// The knowledge base and this document's own entities.
    pub kb: &'a DocEntities<'a>,
    pub lexicon: &'a Lexicon,
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [Sentence],
    pub layout: &'a Layout,
    pub mentions: &'a [Mention],
    pub times: &'a [TimeExpr],
    pub published: Option<Date>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EventDate {
    pub start: Date,
    pub end: Date,
    pub precision: Precision,
    pub part_of_day: Option<PartOfDay>,
    /// The time expression the date comes from, if any.
    pub span: Option<Span>,
    pub basis: DateBasis,
    /// How the date was found, for `explain`.
    pub how: String,
}

impl EventDate {
    /// Higher is better: a day from the clause beats a range, which beats an inherited date.
    fn rank(&self) -> (u8, i64) {
        let basis = match self.basis {
            DateBasis::Explicit | DateBasis::Relative => 2,
            DateBasis::Context => 1,
            DateBasis::Publication => 0,
        };
        let width = (self.end - self.start).get_days() as i64;
        let precise = u8::from(self.precision == Precision::Day);
        (basis * 2 + precise, -width)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    pub entity: EntityId,
    /// `clause` (في/إلى + place in the event's clause), `sentence`, `visit` (the place of a visit the event belongs to), `dateline`.
    pub basis: &'static str,
}

/// One mention of an event in one sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct EventMention {
    pub sentence: usize,
    pub sentence_span: Span,
    pub trigger: Span,
    /// Index into [`Lexicon::triggers`].
    pub rule: usize,
    pub event_type: EventType,
    pub mode: Option<String>,
    pub source: Vec<EntityId>,
    pub target: Vec<EntityId>,
    pub date: Option<EventDate>,
    pub location: Option<Location>,
    pub modality: Modality,
    pub reported_by: Vec<EntityId>,
    /// Notes on how each argument was found, for `explain`.
    pub notes: Vec<String>,
    /// The target is only the country of a place acted on (`غارات على الضاحية` → Lebanon): a
    /// weaker reading that a named target in the same sentence replaces.
    pub target_from_place: bool,
}

/// One happening, with all its mentions.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub event_type: EventType,
    pub mode: Option<String>,
    pub contexts: Vec<String>,
    pub source: Vec<EntityId>,
    pub target: Vec<EntityId>,
    pub date: Option<EventDate>,
    pub location: Option<Location>,
    pub modality: Modality,
    pub reported_by: Vec<EntityId>,
    pub mentions: Vec<EventMention>,
    pub confidence: f32,
}

/// A run of coordinated actor mentions.
#[derive(Clone, Debug)]
struct Unit {
    entities: Vec<EntityId>,
    /// Token range covered.
    tokens: std::ops::Range<usize>,
    /// The preposition introducing the unit (key), if any.
    prep: Option<String>,
    /// Whether it stands for "both sides" and still needs expanding.
    both_sides: bool,
    /// Capitals named in the unit (standing for their governments): also where an act aimed at it happened.
    capitals: Vec<EntityId>,
    /// A nisba on a verbal noun (`الغارة الإسرائيلية`): the state that acted.
    agent_nisba: bool,
    /// A place that is not a country or a capital: never a source, but a target may be one.
    place_only: bool,
    /// Read off a nisba (`القوات المصرية`, `المعارض الإثيوبي`): a name right after it is in apposition.
    from_nisba: bool,
}

/// Places that belong to an actor, for the owner of a facility acted on (matching keys, with ال).
const FACILITIES: [&str; 18] = [
    "موقع",
    "موقعا",
    "مواقع",
    "مقر",
    "مقرا",
    "مقرات",
    "قاعده",
    "ثكنه",
    "مركز",
    "مركزا",
    "نقطه",
    "دوريه",
    "قافله",
    "رتل",
    "ارتال",
    "الموقع",
    "المقر",
    "الدوريه",
];
/// Nouns that refer back to an act just reported (`رحب بالخطوة`, `أدان هذا القرار`).
const ANAPHORIC_ACTS: [&str; 12] =
    ["الخطوه", "القرار", "الاعلان", "الموقف", "المبادره", "الاجراء", "الاتفاق", "الاعتراف", "التصريحات", "الهجوم", "الاعتداء", "العمليه"];
/// Nouns naming the ties between two parties (matching keys): `العلاقات بين X وY` is a topic.
const RELATION_NOUNS: [&str; 10] =
    ["العلاقات", "العلاقه", "التعاون", "الشراكه", "الروابط", "الصلات", "التنسيق", "المبادلات", "التبادل", "علاقات"];
const PREPOSITIONS: [&str; 13] = ["مع", "الي", "علي", "ضد", "من", "عن", "في", "بين", "لدي", "بحق", "تجاه", "نحو", "امام"];
const CONJ: [&str; 2] = ["و", "ف"];
/// Words that may sit between a verb and its subject without breaking VSO.
const ADVERBS: [&str; 10] = ["ايضا", "قد", "كذلك", "بدوره", "بدورها", "اليوم", "امس", "رسميا", "مجددا", "الي جانب"];
const CLAUSE_BREAKS: [&str; 6] = ["،", ",", "؛", ";", ":", "."];

/// Participles that open a phrase about a thing's own past (`الاتفاق الموقع في 2015`).
const CLAUSE_PARTICIPLES: [&str; 4] = ["الموقع", "الموقعه", "المبرم", "المبرمه"];

/// Knowledge-base ids of social-media platforms, and the words that name one as a medium.
const PLATFORMS: [&str; 7] =
    ["org:x-twitter", "org:facebook", "org:telegram", "org:youtube", "org:instagram", "org:tiktok", "org:whatsapp"];
const MEDIUM_WORDS: [&str; 12] = ["موقع", "منصه", "عبر", "علي", "حسابه", "حسابها", "حساب", "صفحته", "صفحتها", "تطبيق", "قناته", "قناتها"];

/// Nouns of a place in construct with its name (`بلدة حضر`): a verb form after one is the name.
const PLACE_NOUNS: [&str; 12] = ["بلده", "مدينه", "قريه", "منطقه", "حي", "مخيم", "ناحيه", "قضاء", "مديريه", "محافظه", "ولايه", "جزيره"];

/// Modal verbs right before a trigger make it a possibility (`يمكن تهديد العاصمة`, `يستطيع ضرب`).
const MODAL_VERBS: [&str; 10] = ["يمكن", "يمكنه", "يمكنها", "يمكنهم", "بامكان", "يستطيع", "تستطيع", "يستطيعون", "قادر", "قادره"];

/// Words that open a new clause: a noun before one is not the subject of a verb after it
/// (`تواصل إسرائيل حملتها سواء وافقت القاهرة`: Cairo agrees or not, not Israel).
const CLAUSE_OPENERS: [&str; 10] = ["سواء", "اذا", "عندما", "حين", "حينما", "بينما", "لكن", "لكي", "كي", "طالما"];

/// Codes the events of a document.
pub fn code_events(inp: &Input) -> Vec<Event> {
    let mut mentions = Vec::new();
    for (si, s) in inp.sentences.iter().enumerate() {
        if !inp.layout.kind_at(s.span.start).carries_events() {
            continue;
        }
        // A run-on "sentence" (a text without punctuation, a table) is coded in clause-sized
        // chunks, so that work stays linear in the length of the text.
        for chunk in chunks(inp.tokens, s) {
            code_sentence(inp, si, &chunk, &mut mentions);
        }
    }
    infer_context(inp, &mut mentions);
    date_statements_by_publication(inp, &mut mentions);
    merge(inp, mentions)
}

/// Longest subject allowed inside a discontinuous phrase: words outside names and times…
const MAX_PHRASE_GAP: usize = 6;
/// …and words in all.
const MAX_PHRASE_GAP_WORDS: usize = 16;

/// A word without a possessive pronoun (`رغبتهما` → `رغبت`), for comparing phrase words
/// whose pronoun agrees with the subject.
fn pron_stem(k: &str) -> &str {
    for e in ["هما", "هم", "هن", "ها", "نا", "كم", "ه"] {
        if let Some(stem) = k.strip_suffix(e)
            && stem.chars().count() >= 3
        {
            return stem;
        }
    }
    k
}

fn same_word(token: &str, lexicon: &str) -> bool {
    token == lexicon || (lexicon.chars().count() >= 4 && pron_stem(token) == pron_stem(lexicon))
}

/// Longest stretch of tokens coded as one sentence.
const MAX_SENTENCE_TOKENS: usize = 160;

fn chunks(toks: &[Token], s: &Sentence) -> Vec<Sentence> {
    if s.tokens.len() <= MAX_SENTENCE_TOKENS {
        return vec![s.clone()];
    }
    let mut out = Vec::new();
    let mut start = s.tokens.start;
    while start < s.tokens.end {
        let hard_end = (start + MAX_SENTENCE_TOKENS).min(s.tokens.end);
        // Cut after the last clause break in the second half of the window, if any.
        let end = if hard_end == s.tokens.end {
            hard_end
        } else {
            (start + MAX_SENTENCE_TOKENS / 2..hard_end)
                .rev()
                .find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str()))
                .map_or(hard_end, |i| i + 1)
        };
        out.push(Sentence { span: Span::new(toks[start].span.start, toks[end - 1].span.end), tokens: start..end });
        start = end;
    }
    out
}

/// Words after which a trigger word does not report an event: `وقف إطلاق النار` is a ceasefire,
/// not a shooting; `إنهاء الحرب` ends one.
const BLOCKING_HEADS: [&str; 6] = ["وقف", "انهاء", "منع", "تجنب", "عدم", "حظر"];
/// Verbs whose subject receives the act (a call, a letter, an invitation).
const RECEIVING_HEADS: [&str; 8] = ["تلقي", "تلقت", "يتلقي", "تتلقي", "تسلم", "تسلمت", "استلم", "استلمت"];
const RELATIVES: [&str; 5] = ["الذي", "التي", "الذين", "اللذان", "اللتان"];

/// Keeps a trigger match only where its reading fits the context:
/// - after a preposition, an article or a ب/ل/ك proclitic a word is a noun, so only noun and phrase rows apply;
/// - a verbal noun with the purpose ل (`لإنشاء قاعدة`, `للقاء الرئيس`) states an aim, not an event;
/// - a trigger governed by a blocking head (`وقف إطلاق النار`) is no event.
fn nominal_filter(inp: &Input, s: &Sentence, mut m: Match) -> Option<Match> {
    let toks = inp.tokens;
    let head = &toks[m.start];
    let prev = (m.start > s.tokens.start).then(|| toks[m.start - 1].key.as_str());
    let blocking = |k: &str| readings(k).iter().any(|r| BLOCKING_HEADS.contains(&r.rest.as_str()));
    if prev.is_some_and(blocking) || blocking(&head.key) {
        return None;
    }
    // `بحث عن` is to search for, not to discuss; `صادر عن` is issued by, not confiscated.
    let next = toks.get(m.end).map(|t| t.key.as_str());
    if next == Some("عن") && matches!(inp.lexicon.triggers[m.defs[0]].mode.as_deref(), Some("discuss" | "confiscate")) {
        return None;
    }
    let def0 = &inp.lexicon.triggers[m.defs[0]];
    // The tokens of the next `n` after the trigger, within the sentence.
    let after = |n: usize| m.end..(m.end + n).min(s.tokens.end);
    // `يحقق العبادي وعوده` is to fulfil; investigating takes في or مع (`حققت النيابة مع مسؤولين`).
    if def0.mode.as_deref() == Some("investigate")
        && def0.pos == Pos::Verb
        && !after(6).any(|i| matches!(toks[i].key.as_str(), "في" | "مع" | "فيه" | "فيها" | "معه" | "معها" | "معهم"))
    {
        return None;
    }
    // `في بلدة حضر`, `قرية نصر`: a verb right after a place noun is that place's name.
    if def0.pos == Pos::Verb && prev.is_some_and(|p| readings(p).iter().any(|r| PLACE_NOUNS.contains(&r.rest.as_str()))) {
        return None;
    }
    // `تحالف` and `تعاون` are also their verbal nouns (`وهي تحالف عربي-كردي`, `في إطار تعاون`): as
    // verbs they take مع.
    if def0.pos == Pos::Verb
        && matches!(head.key.trim_start_matches(['و', 'ف']), "تحالف" | "تعاون")
        && !after(6).any(|i| toks[i].key == "مع")
    {
        return None;
    }
    // `تعد قوات الدعم السريع أبرز قوة`: تُعدّ "is counted" is no promise (وعد بـ / وعد أن).
    if matches!(head.key.trim_start_matches('و'), "تعد" | "يعد") && def0.event_type == EventType::Agree {
        let promise = after(7).any(|i| {
            let k = toks[i].key.as_str();
            matches!(k, "ان" | "بان" | "بعدم")
                || (k.starts_with('ب')
                    && readings(k).iter().any(|r| r.proclitics.last() == Some(&"ب") && inp.lexicon.forms.contains_key(&r.rest)))
        });
        if !promise {
            return None;
        }
    }
    // `نشر الجيش في صفحته تغريدة`: publishing a post is no deployment.
    if def0.event_type == EventType::Mobilize
        && readings(&head.key).iter().any(|r| r.rest.starts_with("نشر") || r.rest.starts_with("ينشر") || r.rest.starts_with("تنشر"))
        && (m.start..(m.end + 8).min(s.tokens.end)).any(|i| {
            readings(&toks[i].key).iter().any(|r| {
                matches!(
                    r.rest.as_str(),
                    "تغريده"
                        | "بيانا"
                        | "صوره"
                        | "صورا"
                        | "مقالا"
                        | "فيديو"
                        | "مقطع"
                        | "تقريرا"
                        | "رساله"
                        | "منشورا"
                        | "صفحته"
                        | "صفحتها"
                        | "حسابه"
                        | "حسابها"
                )
            })
        })
    {
        return None;
    }
    // `اثني عشر موظفا` is twelve, not praise (أثنى).
    if matches!(head.key.as_str(), "اثني" | "اثنا" | "واثني" | "واثنا") && next == Some("عشر") {
        return None;
    }
    // `بما تصل قيمته إلى`: an amount that reaches a sum is no arrival.
    let amount_next = toks.get(m.end).is_some_and(|t| {
        ["قيمت", "عدد", "حصيل", "نسب", "حجم", "مجموع", "اجمالي", "كلف", "مد"]
            .iter()
            .any(|p| t.key.starts_with(p) && t.key.chars().count() <= p.chars().count() + 3)
    });
    if amount_next && def0.mode.as_deref() == Some("visit") {
        return None;
    }
    // `تحتل البرازيل المرتبة الثالثة`: to occupy a rank is no occupation.
    let rank_next =
        after(3).any(|i| matches!(toks[i].key.as_str(), "المرتبه" | "المركز" | "الصداره" | "المقدمه" | "مرتبه" | "مركزا" | "مكانه"));
    if rank_next && def0.event_type == EventType::Coerce {
        return None;
    }
    // After a noun that takes a genitive (`اتفاقيات تعاون`, `سبل تعاون`) the word is a noun too.
    let construct = prev.is_some_and(|p| readings(p).iter().any(|r| CONSTRUCT_HEADS.contains(&r.rest.as_str())));
    let prep_before = construct || prev.is_some_and(|p| PREPOSITIONS.contains(&p.trim_start_matches('و')));
    let proclitic = readings(&head.key).into_iter().find(|r| !r.proclitics.is_empty() && inp.lexicon.forms.contains_key(&r.rest));
    let attached_prep = proclitic.as_ref().is_some_and(|r| r.proclitics.iter().any(|p| matches!(*p, "ب" | "ل" | "ك")));
    let nominal = prep_before || attached_prep;
    if nominal {
        m.defs.retain(|&d| inp.lexicon.triggers[d].pos != Pos::Verb);
        if m.defs.is_empty() {
            return None;
        }
        let purpose = proclitic.as_ref().is_some_and(|r| r.proclitics.last() == Some(&"ل"));
        if purpose && inp.lexicon.triggers[m.defs[0]].pos == Pos::Noun {
            return None;
        }
    }
    Some(m)
}

/// Whether the word's last letter (diacritics aside) is ة. Matching keys write ة as ه, so only the
/// surface tells `وعدة` ("several") from `وعده` (his promise) or `مفخخة` from a pronoun.
fn ends_in_ta_marbuta(inp: &Input, t: &Token) -> bool {
    inp.text[t.span.range()].chars().rev().find(|c| !rasd_text::normalize::is_arabic_mark(*c)) == Some('ة')
}

/// Whether the trigger carries an object pronoun (`وصلها`, `استقبله`, `كان في استقباله`, `زيارته`):
/// its last word is a known form plus an enclitic.
fn pronoun_on_trigger(inp: &Input, m: &Match) -> bool {
    let last = &inp.tokens[m.end - 1];
    // The matching key writes ة as ه: a word whose last letter is ة (`سيارة مفخخة`) has no pronoun.
    let ends_in_ta_marbuta = ends_in_ta_marbuta(inp, last);
    rasd_text::clitics::enclitic_readings(&last.key).iter().any(|(stem, e)| {
        if ends_in_ta_marbuta && *e == Some("ه") {
            return false;
        }
        // Before a pronoun, ة is written ت: زيارته = زيارة + ه.
        let known = |w: &str| inp.lexicon.forms.contains_key(w) || readings(w).iter().any(|r| inp.lexicon.forms.contains_key(&r.rest));
        let ta = stem.strip_suffix('ت').map(|b| format!("{b}ه"));
        // …and a final hamza moves onto a seat: لقائه = لقاء + ه.
        let hamza = stem.strip_suffix('ي').or_else(|| stem.strip_suffix('و')).map(|b| format!("{b}ء"));
        e.is_some_and(|e| matches!(e, "ه" | "ها" | "هما" | "هم" | "هن"))
            && (known(stem) || ta.as_deref().is_some_and(known) || hamza.as_deref().is_some_and(known) || m.end - m.start > 1)
    })
}

/// The mentions inside a sentence (mentions are in token order).
fn mentions_in<'a>(inp: &Input<'a>, s: &Sentence) -> &'a [Mention] {
    let lo = inp.mentions.partition_point(|m| m.tokens.start < s.tokens.start);
    let hi = inp.mentions.partition_point(|m| m.tokens.start < s.tokens.end);
    &inp.mentions[lo..hi]
}

/// The time expressions inside a sentence (in text order).
fn times_in<'a>(inp: &Input<'a>, s: &Sentence) -> &'a [TimeExpr] {
    let lo = inp.times.partition_point(|t| t.span.start < s.span.start);
    let hi = inp.times.partition_point(|t| t.span.start < s.span.end);
    &inp.times[lo..hi]
}

fn is_word(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Arabic | TokenKind::Latin)
}

fn is_quote(t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(t.key.as_str(), "“" | "”" | "«" | "»" | "\"" | "'" | "‘" | "’")
}

/// A trigger match: tokens `start..end`; for a discontinuous phrase, its head ends at `head_end`
/// and the gap (usually the subject) lies between.
#[derive(Clone, Debug)]
struct Match {
    start: usize,
    head_end: usize,
    end: usize,
    defs: Vec<usize>,
    future: bool,
}

/// Trigger matches in a sentence.
fn find_triggers(inp: &Input, s: &Sentence, covered: &[bool]) -> Vec<Match> {
    let toks = inp.tokens;
    // Word positions of the sentence, skipping quotation marks (a trigger may straddle one).
    let words: Vec<usize> = s.tokens.clone().filter(|&i| !is_quote(&toks[i])).collect();
    let mut out = Vec::new();
    // Words already taken as the last part of a discontinuous phrase.
    let mut consumed = vec![false; words.len()];
    let mut w = 0;
    while w < words.len() {
        let i = words[w];
        if !is_word(&toks[i]) || covered[i - s.tokens.start] || consumed[w] {
            w += 1;
            continue;
        }
        let mut best: Option<Match> = None;
        // The word indexes of the best candidate's last part, when it is discontinuous.
        let mut best_rest = 0..0;
        for r in readings(&toks[i].key) {
            let future = r.proclitics.last() == Some(&"س");
            // Contiguous phrases, longest first.
            let mut key = r.rest.clone();
            let mut last = w;
            let mut cand: Option<(usize, Vec<usize>, Option<usize>)> = None;
            // Where the last part of a discontinuous candidate starts (a word index).
            let mut rest_at = 0;
            loop {
                let spelled = || {
                    inp.lexicon.surface_forms.get(&key).is_none_or(|sp| {
                        let surface: String =
                            inp.text[toks[i].span.range()].chars().filter(|&c| !rasd_text::normalize::is_arabic_mark(c)).collect();
                        sp.iter().any(|f| surface.ends_with(f.as_str()))
                    })
                };
                if let Some(t) = inp.lexicon.forms.get(&key)
                    && (last > w || spelled())
                {
                    cand = Some((last, t.clone(), None));
                } else if last == w && cand.is_none() {
                    // A verb with an object pronoun the lexicon does not list (`نفته`, `أدانها`):
                    // its stem's verb rows.
                    // (The pronoun is written ه, never ة: `وعدة` is "and several", not وعده.)
                    let surface_h = !ends_in_ta_marbuta(inp, &toks[i]);
                    let verb_rows = rasd_text::clitics::enclitic_readings(&key)
                        .into_iter()
                        .filter(|(_, e)| surface_h && e.is_some_and(|e| matches!(e, "ه" | "ها" | "هم" | "هما")))
                        .find_map(|(stem, _)| {
                            let rows: Vec<usize> = inp
                                .lexicon
                                .forms
                                .get(stem)?
                                .iter()
                                .copied()
                                .filter(|&d| inp.lexicon.triggers[d].pos == Pos::Verb)
                                .collect();
                            (!rows.is_empty()).then_some(rows)
                        });
                    if let Some(rows) = verb_rows {
                        cand = Some((last, rows, None));
                    }
                }
                if last + 1 >= words.len() || last + 1 - w >= inp.lexicon.max_words || !is_word(&toks[words[last + 1]]) {
                    break;
                }
                last += 1;
                key.push(' ');
                key.push_str(&toks[words[last]].key);
            }
            // Discontinuous phrases: the head, a gap (the subject: `تلقى أمير قطر الشيخ تميم … اتصالا هاتفيا`),
            // then the rest contiguous.
            if let Some(heads) = inp.lexicon.phrase_heads.get(&r.rest) {
                for (rest, idx) in heads {
                    // Words of the gap outside names and time expressions: a long coordinated subject
                    // (`الرئيس الروسي فلاديمير بوتين وزعيم كوريا الشمالية كيم جونغ أون في بيونغ يانغ أمس`)
                    // is mostly names.
                    let mut loose = 0;
                    for gap in 1..=MAX_PHRASE_GAP_WORDS {
                        let from = w + 1 + gap;
                        if from + rest.len() > words.len() {
                            break;
                        }
                        // The gap holds a subject, never a clause break or another trigger (`اتفق … خلال لقائهما … على`).
                        let gap_tok = words[from - 1];
                        let gap_word = &toks[gap_tok];
                        let in_name = covered[gap_tok - s.tokens.start] || times_in(inp, s).iter().any(|t| t.span.contains(gap_word.span));
                        if !in_name {
                            loose += 1;
                        }
                        // Another trigger may sit in the gap only inside a temporal phrase, which is
                        // coded on its own (`أعرب ماكرون خلال زيارته إلى كيغالي عن أسفه`).
                        let in_temporal_pp =
                            from >= 2 && matches!(toks[words[from - 2]].key.as_str(), "خلال" | "اثناء" | "عقب" | "قبيل" | "لدي");
                        if loose > MAX_PHRASE_GAP
                            || CLAUSE_BREAKS.contains(&gap_word.key.as_str())
                            || (!covered[gap_tok - s.tokens.start]
                                && !in_temporal_pp
                                && !matches!(gap_word.key.as_str(), "اثني" | "اثنا")
                                && readings(&gap_word.key).iter().any(|r| inp.lexicon.forms.contains_key(&r.rest)))
                        {
                            break;
                        }
                        if (0..rest.len()).all(|k| same_word(&toks[words[from + k]].key, &rest[k])) {
                            let end_w = from + rest.len() - 1;
                            if cand.as_ref().is_none_or(|(l, _, _)| *l < end_w) {
                                cand = Some((end_w, vec![*idx], Some(words[w] + 1)));
                                rest_at = from;
                            }
                            break;
                        }
                    }
                }
            }
            if let Some((last, t, head)) = cand {
                let end = words[last] + 1;
                let better = best.as_ref().is_none_or(|b| end > b.end);
                if better {
                    best = Some(Match { start: i, head_end: head.unwrap_or(end), end, defs: t, future });
                    best_rest = if head.is_some() { rest_at..last + 1 } else { 0..0 };
                }
            }
        }
        if let Some(b) = best {
            if b.head_end < b.end {
                // A discontinuous phrase: the gap is scanned too (a trigger in a temporal phrase
                // there is an event of its own), but the phrase's last words are taken.
                for k in best_rest.clone() {
                    consumed[k] = true;
                }
                out.push(b);
                w += 1;
                continue;
            }
            // Don't let a trigger swallow a mention that starts after its head (the gap may hold the subject).
            let next_w = words.iter().position(|&x| x >= b.end).unwrap_or(words.len());
            out.push(b);
            w = next_w.max(w + 1);
        } else {
            w += 1;
        }
    }
    out
}

/// Actor units of a sentence.
fn units(inp: &Input, s: &Sentence) -> Vec<Unit> {
    let toks = inp.tokens;
    // Names in the dateline (`دبي، الإمارات العربية المتحدة (CNN)--`) say where the story was filed.
    let in_dateline = |m: &Mention| inp.layout.dateline_zone.is_some_and(|z| z.contains(m.span));
    let mut out: Vec<Unit> = Vec::new();
    let mut last_demonym_end: Option<usize> = None;
    // Tokens of role phrases nobody could be found for (`ونظيره اليوناني` before a name the
    // knowledge base lacks): they sit between coordinated actors like ranks.
    let unresolved: Vec<std::ops::Range<usize>> = mentions_in(inp, s)
        .iter()
        .filter(|m| matches!(m.kind, MentionKind::Role(_) | MentionKind::Counterpart) && m.entity.is_none())
        .map(|m| m.tokens.clone())
        .collect();
    let in_unresolved = |i: usize| unresolved.iter().any(|r| r.contains(&i));
    let unresolved_conj =
        |i: usize| mentions_in(inp, s).iter().any(|m| m.tokens.start == i && m.entity.is_none() && m.proclitics.first() == Some(&"و"));
    // `على حسابه بموقع تويتر`: a platform named as the medium is not an actor.
    let medium = |m: &Mention| {
        m.entity.is_some_and(|e| PLATFORMS.contains(&inp.kb.entity(e).id.as_str()))
            && (1..=2)
                .filter_map(|b| m.tokens.start.checked_sub(b))
                .filter(|&h| h >= s.tokens.start)
                .any(|h| readings(&toks[h].key).iter().any(|r| MEDIUM_WORDS.contains(&r.rest.as_str())))
    };
    for m in mentions_in(inp, s).iter().filter(|m| !in_dateline(m) && !medium(m)) {
        let ent = m.entity.map(|e| inp.kb.entity(e));
        let mut capital: Option<EntityId> = None;
        // Who the mention stands for as an actor, and where its phrase starts.
        // The government of a person (`حكومة نتنياهو`, `إدارة ترامب`, `نظام الأسد`) is that person's state.
        let head_before = m.tokens.start.checked_sub(1).filter(|&h| h >= s.tokens.start);
        let govt_head = head_before
            .filter(|&h| readings(&toks[h].key).iter().any(|r| matches!(r.rest.as_str(), "حكومه" | "الحكومه" | "اداره" | "نظام")));
        let person_state = govt_head
            .and(ent)
            .filter(|e| e.kind == EntityKind::Person)
            .and_then(|e| e.country.as_deref())
            .and_then(|iso| inp.kb.country(iso));
        let mut agent_nisba = false;
        let mut place_only = false;
        let (entity, start) = if let (Some(state), Some(h)) = (person_state, govt_head) {
            (Some(state), h)
        } else if m.is_actor(inp.kb) {
            (m.entity, m.tokens.start)
        } else if let Some(country) = ent.and_then(|e| e.capital_of) {
            // A capital stands for its government (`أعلنت واشنطن`, `لكييف`).
            capital = m.entity;
            (Some(country), m.tokens.start)
        } else if m.kind == MentionKind::Demonym {
            // A nisba after an institution or a verbal noun names the state acting:
            // `القوات المصرية`, `الأجهزة الأمنية المغربية`, `الانسحاب الأمريكي`; and coordinated
            // nisbas follow the first (`المصرية والسعودية`).
            let head = (1..=2).map(|b| m.tokens.start.checked_sub(b)).find_map(|i| {
                let i = i.filter(|&i| i >= s.tokens.start)?;
                let k = toks[i].key.as_str();
                let bare = readings(k)
                    .into_iter()
                    .map(|r| r.rest)
                    .find(|r| INSTITUTION_HEADS.contains(&r.as_str()) || inp.lexicon.forms.contains_key(r));
                bare.map(|_| i)
            });
            let coordinated = m.proclitics.first() == Some(&"و") && last_demonym_end == Some(m.tokens.start);
            match head {
                // `القوات الأمريكية والبريطانية`: the second nisba joins the first phrase.
                _ if coordinated => (m.entity, m.tokens.start),
                Some(h) => {
                    // After a verbal noun the nisba alone is the actor; after an institution the phrase starts at the head.
                    let head_is_trigger = readings(&toks[h].key).iter().any(|r| inp.lexicon.forms.contains_key(&r.rest));
                    agent_nisba = head_is_trigger && h + 1 == m.tokens.start;
                    (m.entity, if head_is_trigger { m.tokens.start } else { h })
                }
                None => continue,
            }
        } else if ent.is_some_and(|e| e.kind.is_place()) {
            // A place is no actor, but it may be what an act is aimed at (`حاصرت مدينة الفاشر`,
            // `المساعدات لقطاع غزة`): a unit that only a target may use.
            place_only = true;
            (m.entity, m.tokens.start)
        } else {
            continue;
        };
        // (A name ending in a nisba, `القوات الأمريكية`, takes coordinated nisbas too: `والبريطانية`.)
        let ends_in_nisba = m.tokens.end > m.tokens.start && {
            let k = toks[m.tokens.end - 1].key.as_str();
            k.starts_with("ال") && (k.ends_with("يه") || k.ends_with('ي'))
        };
        if m.kind == MentionKind::Demonym || (m.kind == MentionKind::Name && ends_in_nisba) {
            last_demonym_end = Some(m.tokens.end);
        }
        let m_tokens = start..m.tokens.end;
        // A title with a nisba before a name (`المعارض الإثيوبي جوهر محمد`): the name is the actor.
        if let Some(u) = out.last_mut()
            && u.from_nisba
            && u.tokens.end == m_tokens.start
            && ent.is_some_and(|e| e.kind == EntityKind::Person)
            && m.proclitics.is_empty()
        {
            u.entities = entity.into_iter().collect();
            u.tokens.end = m.tokens.end;
            u.from_nisba = false;
            u.agent_nisba = false;
            continue;
        }
        // Coordinated with the previous unit: only "و" (as proclitic or word) or a comma between, or nothing (apposition).
        if let Some(u) = out.last_mut()
            && u.tokens.end <= m_tokens.start
            && u.place_only == place_only
        {
            let gap = &toks[u.tokens.end..m_tokens.start];
            let conj =
                m.proclitics.first().is_some_and(|p| CONJ.contains(p)) || (u.tokens.end < m_tokens.start && unresolved_conj(u.tokens.end));
            let gap_ok = (u.tokens.end..m_tokens.start).all(|i| {
                let t = &toks[i];
                t.key == "،" || t.key == "," || t.key == "و" || is_rank(&t.key) || in_unresolved(i)
            });
            // Apposition (`الرئيس الروسي فلاديمير بوتين`) only restates the same entity.
            let apposition = gap.iter().all(|t| t.key == "،" || t.key == "," || is_rank(&t.key))
                && !conj
                && (entity.is_none() || u.entities.last() == entity.as_ref());
            if gap.len() <= 8 && gap_ok && (conj || apposition || gap.iter().any(|t| t.key == "و")) && !has_prep(m) {
                if m.kind == MentionKind::BothSides {
                    u.both_sides = true;
                } else if let Some(e) = entity
                    && !u.entities.contains(&e)
                {
                    u.entities.push(e);
                }
                u.capitals.extend(capital);
                u.tokens.end = m.tokens.end;
                continue;
            }
        }
        let prep = if m_tokens.start == m.tokens.start { unit_prep(toks, m, s) } else { head_prep(toks, m_tokens.start) };
        out.push(Unit {
            entities: entity.into_iter().collect(),
            tokens: m_tokens,
            prep,
            both_sides: m.kind == MentionKind::BothSides,
            capitals: capital.into_iter().collect(),
            agent_nisba,
            place_only,
            from_nisba: m.kind == MentionKind::Demonym,
        });
    }
    out
}

/// Nouns of state institutions and agents that a nisba turns into that state's actor.
const INSTITUTION_HEADS: [&str; 52] = [
    "القوات",
    "قوات",
    "الجيش",
    "جيش",
    "الحكومه",
    "حكومه",
    "السلطات",
    "سلطات",
    "الاجهزه",
    "اجهزه",
    "الخارجيه",
    "الوزاره",
    "وزاره",
    "الرياسه",
    "الشرطه",
    "البحريه",
    "الطيران",
    "المقاتلات",
    "الطايرات",
    "طايرات",
    "الدبلوماسيه",
    "الوفد",
    "وفد",
    "المسوولين",
    "مسوولين",
    "المسوول",
    "مسوول",
    "مسوولون",
    "الاستخبارات",
    "المخابرات",
    "البرلمان",
    "الشركات",
    "الدفاعات",
    "الامن",
    "الوحدات",
    "وحدات",
    "الفصايل",
    "المعارضه",
    "القيادات",
    "الاداره",
    "السفاره",
    "سفاره",
    "القنصليه",
    "قنصليه",
    // duals of the bodies two states act through together (`الخارجيتان العراقية والأردنية`)
    "الخارجيتان",
    "الخارجيتين",
    "الحكومتان",
    "الحكومتين",
    "الوزارتان",
    "الوزارتين",
    "الرياستان",
    "الرياستين",
];

/// The preposition before a phrase starting at token `i` (a proclitic on it, or a preposition word before it).
fn head_prep(toks: &[Token], i: usize) -> Option<String> {
    if let Some(r) = readings(&toks[i].key)
        .into_iter()
        .find(|r| r.proclitics.iter().any(|p| matches!(*p, "ب" | "ل" | "ك")) && INSTITUTION_HEADS.contains(&r.rest.as_str()))
    {
        return r.proclitics.iter().rev().find(|p| matches!(**p, "ب" | "ل" | "ك")).map(|p| p.to_string());
    }
    let prev = toks.get(i.checked_sub(1)?)?.key.as_str();
    let prev = prev.strip_prefix('و').filter(|r| PREPOSITIONS.contains(r)).unwrap_or(prev);
    PREPOSITIONS.contains(&prev).then(|| prev.to_string())
}

fn is_rank(k: &str) -> bool {
    matches!(
        k,
        "المشير"
            | "الفريق"
            | "اول"
            | "اللواء"
            | "العميد"
            | "العقيد"
            | "الجنرال"
            | "الدكتور"
            | "السيد"
            | "الشيخ"
            | "الوزير"
            | "الرييس"
    )
}

fn has_prep(m: &Mention) -> bool {
    m.proclitics.iter().any(|p| matches!(*p, "ب" | "ل" | "ك"))
}

/// The preposition before a mention: a proclitic ب/ل, or a preposition word right before it
/// (possibly with a head noun between, as in `إلى العاصمة موسكو`).
fn unit_prep(toks: &[Token], m: &Mention, s: &Sentence) -> Option<String> {
    if let Some(p) = m.proclitics.iter().rev().find(|p| matches!(**p, "ب" | "ل" | "ك")) {
        return Some((*p).to_string());
    }
    let start = m.tokens.start;
    // Walk back over a head noun (`العاصمة`, `مدينة`, `مقر`) and nisba adjectives (`الروسية`).
    for back in 1..=5 {
        if start < s.tokens.start + back {
            break;
        }
        let t = &toks[start - back];
        let k = t.key.strip_prefix('و').filter(|r| PREPOSITIONS.contains(r)).unwrap_or(&t.key);
        if PREPOSITIONS.contains(&k) {
            return Some(k.to_string());
        }
        let is_head = |h: &str| {
            matches!(
                h,
                "العاصمه"
                    | "مدينه"
                    | "مقر"
                    | "منطقه"
                    | "قاعده"
                    | "ميناء"
                    | "مطار"
                    | "ولايه"
                    | "محافظه"
                    | "اقليم"
                    | "قصر"
                    | "مبني"
                    | "قاعه"
                    | "فندق"
                    | "منتجع"
                    | "مناطق"
                    | "انحاء"
                    | "اجزاء"
                    | "بعض"
                    | "شمال"
                    | "جنوب"
                    | "شرق"
                    | "غرب"
                    | "وسط"
                    | "ريف"
                    | "ضواحي"
                    | "محيط"
                    | "مخيم"
                    | "بلده"
                    | "قريه"
            )
        };
        // (`بعض` starts with a ب of its own.)
        if is_head(k.trim_start_matches('و')) {
            continue;
        }
        let head = k.trim_start_matches(['ب', 'ف', 'و']);
        if is_head(head) {
            if k.starts_with('ب') || k.starts_with("وب") {
                return Some("ب".into());
            }
            continue;
        }
        if k.starts_with("ال") && (k.ends_with("يه") || k.ends_with('ي')) && back < 3 {
            continue;
        }
        break;
    }
    None
}

fn code_sentence(inp: &Input, si: usize, s: &Sentence, out: &mut Vec<EventMention>) {
    let toks = inp.tokens;
    // Tokens inside mentions (indexed from the sentence's first token) are never triggers.
    let mut covered = vec![false; s.tokens.len()];
    for m in mentions_in(inp, s) {
        for i in m.tokens.clone() {
            if let Some(c) = i.checked_sub(s.tokens.start).and_then(|k| covered.get_mut(k)) {
                *c = true;
            }
        }
    }
    // …and so are the words of time expressions: `فجر اليوم` is dawn, not `فجّر` (blew up).
    for t in times_in(inp, s) {
        for i in s.tokens.clone() {
            if t.span.contains(toks[i].span) {
                covered[i - s.tokens.start] = true;
            }
        }
    }
    let mut triggers: Vec<Match> = find_triggers(inp, s, &covered).into_iter().filter_map(|m| nominal_filter(inp, s, m)).collect();
    // Where a denial's content begins, if a denial opens the sentence's acts.
    let denial_at = triggers.iter().find_map(|m| {
        let denial = m.defs.iter().any(|&d| inp.lexicon.triggers[d].event_type == EventType::Reject)
            && readings(&toks[m.start].key)
                .iter()
                .any(|r| r.rest.starts_with("نف") || r.rest.starts_with("ينف") || r.rest.starts_with("تنف"));
        if denial { denied_from(toks, s, m) } else { None }
    });
    drop_complements(inp, s, &covered, &mut triggers);
    if triggers.is_empty() {
        return;
    }
    let units = units(inp, s);
    let trigger_ranges: Vec<std::ops::Range<usize>> = triggers.iter().map(|t| t.start..t.end).collect();
    let (reporters, reporter_units) = attribution(inp, s, &units, &trigger_ranges);
    let sentence_start = out.len();
    let mut produced: Vec<usize> = Vec::new();
    // The previous sentence's subject carries over only to a verb that opens this sentence
    // (`وأكد …`, `كما أضاف …`); inside the sentence, the subject of its first event does.
    let previous_subject: Option<Vec<EntityId>> = out.iter().rev().find(|m| m.sentence + 1 == si).map(|m| m.source.clone());
    let mut topic: Option<Vec<EntityId>> = None;
    for (ti, tm) in triggers.iter().enumerate() {
        let (start, end, defs, future_prefix) = (&tm.start, &tm.head_end, &tm.defs, &tm.future);
        let def = &inp.lexicon.triggers[defs[0]];
        // A passive: a form only the passive has (`اغتيل`), or `تم`/`جرى` + verbal noun (`تم اعتقال`).
        let passive = readings(&toks[*start].key).iter().any(|r| PASSIVE_FORMS.contains(&r.rest.as_str()))
            || (def.pos == Pos::Verb && vocalised_passive(&inp.text[toks[*start].span.range()]))
            || (*start > s.tokens.start && PASSIVE_AUXILIARIES.contains(&toks[*start - 1].key.as_str()) && def.pos != Pos::Verb);
        // The stretch of this trigger ends at the next one, unless that one sits in a
        // prepositional phrase (`لم يلتق X خلال زيارته Y`).
        let next_trigger = triggers[ti + 1..]
            .iter()
            .find(|t| {
                !(t.start > s.tokens.start && matches!(toks[t.start - 1].key.as_str(), "خلال" | "اثناء" | "في" | "عقب" | "بعد" | "قبل"))
            })
            .map_or(s.tokens.end, |t| t.start);
        // (Triggers nest when a discontinuous phrase holds a temporal phrase: the previous trigger
        // is the last one that ends before this one.)
        let prev_trigger = triggers[..ti].iter().rev().find(|t| t.end <= *start).map_or(s.tokens.start, |t| t.end);
        let mut notes = Vec::new();
        let topic_here: Option<Vec<EntityId>> =
            topic.clone().or_else(|| if tm.start <= s.tokens.start + 2 { previous_subject.clone() } else { None });
        let usable = |u: &&Unit| !reporter_units.contains(&u.tokens.start);
        let actor_unit = |u: &&Unit| !u.place_only;
        // Units after the trigger within its stretch, and the nearest before it in the same clause.
        let after_all: Vec<&Unit> =
            units.iter().filter(usable).filter(|u| u.tokens.start >= *end && u.tokens.start < next_trigger).collect();
        // (Sources come from actors only; place units are for targets.)
        let after: Vec<&Unit> = after_all.iter().copied().filter(actor_unit).collect();
        // (A phrase row may open with a noun: `قطيعة`, `بعد قطع العلاقات`, `الإبادة الجماعية`: a ة,
        // the article or a temporal preposition before it shows it. A noun has no subject before it.)
        let first_word = &inp.text[toks[*start].span.range()];
        let nominal_phrase = def.pos == Pos::Phrase
            && (first_word.ends_with('ة')
                || toks[*start].key.starts_with("ال")
                || (*start > s.tokens.start && matches!(toks[*start - 1].key.as_str(), "بعد" | "قبل" | "منذ" | "اثر" | "عقب" | "خلال")));
        // …unless a light verb carries it and its subject stands between them: `أطلقت قوات الأمن
        // الغاز المسيل للدموع`, `شنت الطائرات غارات`.
        let light_verb_subject = |u: &Unit| {
            u.tokens.start > s.tokens.start
                && readings(&toks[u.tokens.start - 1].key).iter().any(|r| LIGHT_VERBS.contains(&r.rest.as_str()))
        };
        let before: Option<&Unit> = units
            .iter()
            .filter(usable)
            .filter(actor_unit)
            .filter(|u| !nominal_phrase || light_verb_subject(u))
            .filter(|u| u.tokens.end <= *start && u.tokens.start >= prev_trigger && u.prep.is_none())
            .rfind(|u| {
                !toks[u.tokens.end..*start]
                    .iter()
                    .any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()) || CLAUSE_OPENERS.contains(&t.key.as_str()))
                    && *start - u.tokens.end <= 4
            });
        let first_after = after.first().copied();
        let gap_ok = |u: &Unit| {
            toks[*end..u.tokens.start].iter().all(|t| {
                ADVERBS.contains(&t.key.as_str())
                    || times_in(inp, s).iter().any(|x| x.span.contains(t.span))
                    || t.key == "،"
                    || is_rank(&t.key)
                    || t.key == "مع"
            }) && u.tokens.start - *end <= 5
        };
        let pro_drop_marker = toks.get(*end).is_some_and(|t| {
            rasd_text::clitics::enclitic_readings(&t.key)
                .iter()
                .any(|(stem, e)| e.is_some() && matches!(*stem, "خلال" | "مع" | "ب" | "في" | "عند" | "ل" | "الي" | "علي"))
        });
        // A verb that carries a plural or dual subject (`يدعمون`, `دعموا`, `يبحثان`) has its subject in it
        // or before it: in verb-first order the verb stays singular, so the noun after it is its object.
        let (plural_verb, dual_verb) = if def.pos == Pos::Verb { subject_suffix(&toks[*start].key) } else { (false, false) };
        let mut source: Vec<EntityId> = Vec::new();
        let mut visitor_by_lam = false;
        // Where a source described by its leader (`المجلس العسكري بقيادة تياني`) ends.
        let mut leader_end: Option<usize> = None;
        let mut target_unit: Option<&Unit> = None;
        let mut both = false;
        let mut target: Vec<EntityId> = Vec::new();
        let pronoun = pronoun_on_trigger(inp, tm);
        // An object pronoun on the verb (`منحته حق اللجوء`, `ما نفته أبوظبي`): the unit after the
        // verb is then its subject, and the pronoun the one just talked of.
        let head_pronoun = def.pos != Pos::Noun
            && rasd_text::clitics::enclitic_readings(&toks[*start].key).iter().any(|(stem, e)| {
                e.is_some_and(|e| matches!(e, "ه" | "ها" | "هم" | "هما"))
                    && (inp.lexicon.forms.contains_key(*stem) || inp.lexicon.phrase_heads.contains_key(*stem))
            });
        // `التي تدعو`: the relative pronoun is the subject. With a resumptive object pronoun
        // (`موسكو التي وصلها`) it is the object, and the dropped subject is the topic.
        let after_relative = *start > s.tokens.start && RELATIVES.contains(&toks[*start - 1].key.as_str()) && !pronoun;
        // `الرئيس الإيراني حسن روحاني الذي هاتفه الأحد`: with a resumptive pronoun on the verb the
        // antecedent is its object, and the subject is the topic the sentence is about.
        // (Also on the verb's preposition: `ترامب الذي اتصل به`.)
        let resumed_by_prep = toks.get(*end).is_some_and(|t| {
            matches!(t.key.as_str(), "به" | "بها" | "بهم" | "بهما" | "معه" | "معها" | "معهم" | "معهما" | "اليه" | "اليها" | "اليهم")
        });
        let resumptive = def.pos != Pos::Noun
            && (head_pronoun || resumed_by_prep)
            && *start > s.tokens.start
            && RELATIVES.contains(&toks[*start - 1].key.as_str());
        let antecedent = before.filter(|_| resumptive);
        let before = if resumptive { None } else { before };
        let after_relative = after_relative && !resumptive;
        if pronoun && def.mode.as_deref() == Some("host") {
            // `كان في استقباله X`: the pronoun is the guest (the topic), X the host.
            // The host may follow a place phrase: `كان في استقباله بمطار القاهرة نظيره`.
            let host_gap_ok = |u: &Unit| {
                u.tokens.start >= tm.end
                    && u.tokens.start - tm.end <= 10
                    && !toks[tm.end..u.tokens.start].iter().any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()))
            };
            if let Some(u) = first_after.filter(|u| u.prep.is_none() && host_gap_ok(u)) {
                source = u.entities.clone();
                notes.push("source: the host named after the pronoun-suffixed trigger".into());
            }
            if let Some(t) = topic_here.clone() {
                target = t;
                notes.push("target: the pronoun, read as the sentence's topic".into());
            }
        } else if pronoun && def.pos == Pos::Noun {
            // `زيارته`: the pronoun is the genitive; the agent is the topic, or the actor named
            // just before in the sentence (`أعرب ماكرون خلال زيارته`).
            let nearest_before = units.iter().filter(usable).rfind(|u| u.tokens.end <= *start && u.prep.is_none());
            if def.takes_obj() && !matches!(def.mode.as_deref(), Some("visit" | "host")) {
                // A verbal noun whose genitive is its patient (`اعتقاله`, `اغتياله`, `طردهم`): the
                // pronoun is the one the act falls on.
                if let Some(u) = nearest_before {
                    target_unit = Some(u);
                    notes.push("target: the pronoun on the verbal noun (its patient), read as the actor just named".into());
                } else if let Some(t) = topic_here.clone() {
                    target = t;
                    notes.push("target: the pronoun on the verbal noun (its patient), read as the topic".into());
                }
            } else if let Some(t) = topic_here.clone() {
                source = t;
                notes.push("source: the pronoun on the verbal noun, read as the topic".into());
            } else if let Some(u) = nearest_before {
                source = u.entities.clone();
                notes.push("source: the pronoun on the verbal noun, read as the actor just named".into());
            }
        } else if def.pos == Pos::Noun
            && def.mode.as_deref() == Some("visit")
            && let Some(u) = first_after.filter(|u| u.prep.as_deref() == Some("ل") && u.tokens.start - *end <= 1)
        {
            // `زيارة للأسد`, `زيارة رسمية للرئيس`: the ل names the visitor.
            source = u.entities.clone();
            visitor_by_lam = true;
            notes.push("source: the visitor after ل".into());
        } else if def.pos == Pos::Noun
            && let Some(u) = first_after.filter(|u| u.agent_nisba && u.tokens.start == *end)
        {
            // `الغارة الإسرائيلية على …`, `الانسحاب الأمريكي من …`: the nisba is the agent.
            source = u.entities.clone();
            notes.push("source: the nisba of the verbal noun".into());
        } else if def.pos == Pos::Noun {
            // Verbal noun: the genitive right after it.
            if let Some(u) = first_after.filter(|u| u.prep.is_none() && u.tokens.start - *end <= 1) {
                let place_genitive = !u.capitals.is_empty() || u.entities.iter().all(|&e| inp.kb.entity(e).kind == EntityKind::Country);
                if def.mode.as_deref() == Some("visit") && place_genitive {
                    // `يعتزم ماكرون زيارة المغرب`: the genitive of a visit is the visited country.
                    target_unit = Some(u);
                    notes.push("target: the visited country, genitive of the verbal noun".into());
                    if let Some(b) = before {
                        source = b.entities.clone();
                        notes.push("source: the subject before the verbal noun".into());
                    }
                } else if let Some(leader) = after.iter().find(|x| {
                    x.tokens.start > u.tokens.end
                        && x.tokens.start - u.tokens.end <= 2
                        && matches!(toks[u.tokens.end].key.as_str(), "بقياده" | "برئاسه" | "بزعامه")
                }) {
                    // `مطالبة المجلس العسكري بقيادة تياني بانسحاب …`: a genitive described by its
                    // leader is the one acting, and the leader acts with it.
                    source = u.entities.clone();
                    source.extend(leader.entities.iter().copied().filter(|e| !u.entities.contains(e)));
                    leader_end = Some(leader.tokens.end);
                    notes.push("source: the genitive of the verbal noun and its leader (بقيادة)".into());
                } else if (def.takes_obj() || def.mode.as_deref() == Some("host")) && def.mode.as_deref() != Some("visit") {
                    target_unit = Some(u);
                    notes.push("target: genitive of the verbal noun".into());
                    // The agent: the next bare unit after it, or the unit before.
                    if let Some(a) = after.iter().find(|x| x.tokens.start >= u.tokens.end && x.prep.is_none()) {
                        source = a.entities.clone();
                        both |= a.both_sides;
                        notes.push("source: the noun phrase after the genitive".into());
                    } else if let Some(b) = before {
                        source = b.entities.clone();
                        notes.push("source: subject before the verbal noun".into());
                    }
                } else if def.event_type == EventType::Consult && !u.capitals.is_empty() && u.entities.len() == 1 {
                    // `محادثات أنقرة`, `قمة جدة`: a capital after talks or a summit is where they are held.
                    notes.push("the capital after the verbal noun is its place, not its actor".into());
                } else {
                    source = u.entities.clone();
                    both |= u.both_sides;
                    notes.push("source: genitive of the verbal noun".into());
                }
            }
        } else if let Some(b) = before {
            source = b.entities.clone();
            both |= b.both_sides;
            notes.push("source: subject before the verb (SVO)".into());
        } else if let Some(u) = first_after.filter(|u| u.prep.is_none() && gap_ok(u) && !pro_drop_marker && !plural_verb && !dual_verb) {
            let more = after
                .iter()
                .any(|x| x.tokens.start >= u.tokens.end && (x.prep.is_none() || x.prep.as_deref().is_some_and(|p| def.takes_prep(p))));
            // A definite noun phrase or a demonstrative right after the unit is the object, so the
            // unit is the subject (`وثمن العاهل المغربي هذا الموقف`, `أدان الرئيس الهجوم`).
            let object_follows = toks.get(u.tokens.end).is_some_and(|t| {
                let covered_by_mention = mentions_in(inp, s).iter().any(|m| m.tokens.contains(&u.tokens.end));
                !covered_by_mention
                    && (matches!(t.key.as_str(), "هذا" | "هذه" | "ذلك" | "تلك" | "هذين" | "هاتين" | "هولاء")
                        || (t.key.starts_with("ال") && t.key.chars().count() > 3 && !PREPOSITIONS.contains(&t.key.as_str())))
            });
            if more || object_follows || head_pronoun || !def.takes_obj() || topic_here.is_none() {
                source = u.entities.clone();
                both |= u.both_sides;
                notes.push("source: subject after the verb (VSO)".into());
            }
        }
        // A verbal noun carried by a light or aspectual verb takes that verb's subject:
        // `بدأت القوات الإريترية الانسحاب`, `نفذ الجيش هجوما`.
        if source.is_empty() && !both && (def.pos == Pos::Noun || nominal_phrase) {
            let is_light = |i: usize| readings(&toks[i].key).iter().any(|r| LIGHT_VERBS.contains(&r.rest.as_str()));
            // The light verb just before the noun, with its subject after it (VSO) or before it (SVO).
            // (Further back when a measure stands between, with no clause break: `قدمت مصر نحو
            // ثلاثة آلاف طن من المساعدات`.)
            let lv = (start.saturating_sub(4).max(s.tokens.start)..*start).rev().find(|&i| is_light(i)).or_else(|| {
                (start.saturating_sub(9).max(s.tokens.start)..start.saturating_sub(4)).rev().find(|&i| is_light(i)).filter(|&i| {
                    toks[i + 1..*start]
                        .iter()
                        .all(|t| !CLAUSE_BREAKS.contains(&t.key.as_str()) && !matches!(t.key.as_str(), "،" | "," | "ان" | "بان"))
                })
            });
            let subject = lv.and_then(|v| {
                units
                    .iter()
                    .filter(usable)
                    .filter(actor_unit)
                    .find(|u| u.tokens.start == v + 1 && u.tokens.end <= *start && u.prep.is_none())
                    .or_else(|| {
                        units.iter().filter(usable).filter(actor_unit).rfind(|u| {
                            u.tokens.end <= v
                                && v - u.tokens.end <= 1
                                && u.prep.is_none()
                                && (v + 1..*start).all(|k| !is_word(&toks[k]) || is_light(k))
                        })
                    })
                    // (A relative clause's light verb: `الغزواني، الذي يقوم بزيارة`.)
                    .or_else(|| {
                        (v > s.tokens.start && RELATIVES.contains(&toks[v - 1].key.as_str()) && v + 1 == *start)
                            .then(|| {
                                units
                                    .iter()
                                    .filter(usable)
                                    .filter(actor_unit)
                                    .rfind(|u| u.tokens.end < v && toks[u.tokens.end..v - 1].iter().all(|t| !is_word(t)))
                            })
                            .flatten()
                    })
            });
            if let Some(b) = subject {
                source = b.entities.clone();
                notes.push("source: the subject of the verb that carries the verbal noun".into());
            }
        }
        // An aim (`تحركات موسكو بالتنسيق مع حفتر لإنشاء قاعدة`) is the aim of the actor just named
        // in its clause.
        if source.is_empty()
            && !both
            && def.pos == Pos::Noun
            && readings(&toks[*start].key).iter().any(|r| r.proclitics.last() == Some(&"ل"))
        {
            let clause_from = (s.tokens.start..*start)
                .rev()
                .find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str()) || matches!(toks[i].key.as_str(), "،" | "," | "ان" | "بان"))
                .map_or(s.tokens.start, |i| i + 1);
            if let Some(u) = units
                .iter()
                .filter(usable)
                .filter(actor_unit)
                .rfind(|u| u.tokens.end <= *start && u.tokens.start >= clause_from && u.prep.is_none() && *start - u.tokens.end <= 8)
            {
                source = u.entities.clone();
                notes.push("source: the actor just named in the clause of the aim (ل + verbal noun)".into());
            }
        }
        // `اشتباكات بين الجيش وقوات الدعم السريع`, `وقف إطلاق النار بين إسرائيل وحزب الله`, `تم توقيع
        // اتفاقيات بين مصر وقبرص`: with no actor of its own, an act between two parties is theirs.
        let mut between_unit: Option<&Unit> = None;
        if (source.is_empty() || passive) && target.is_empty() && target_unit.is_none()
            && let Some(u) = after.iter().copied().find(|u| u.prep.as_deref() == Some("بين") && u.tokens.start >= *end && u.tokens.start - *end <= 6 && u.entities.len() >= 2)
            // (`تناول اللقاء العلاقات الثنائية بين روسيا والجزائر`: the pair of a topic noun standing
            // between is the topic's, not the act's.)
            && !toks[*end..u.tokens.start].iter().any(|t| RELATION_NOUNS.contains(&t.key.trim_start_matches('و')))
        {
            source = u.entities.clone();
            between_unit = Some(u);
            notes.push("source: the parties after بين".into());
        }
        // Talks during which something else happened (`قد يتفقان … خلال محادثات أنقرة`) are those
        // actors' talks.
        if source.is_empty()
            && !both
            && def.event_type == EventType::Consult
            && def.pos == Pos::Noun
            && !matches!(def.mode.as_deref(), Some("visit" | "host"))
            && *start > s.tokens.start
            && matches!(toks[*start - 1].key.as_str(), "خلال" | "اثناء" | "في")
            && let Some(prev) = out[sentence_start..].last()
        {
            // (With its own partner, `خلال اتصال هاتفي مع المنفي`, only the subject carries over.)
            let partner =
                after.iter().any(|u| u.tokens.start >= *end && u.tokens.start - *end <= 2 && matches!(u.prep.as_deref(), Some("مع" | "ب")));
            source = if partner { prev.source.clone() } else { prev.source.iter().chain(prev.target.iter()).copied().collect() };
            notes.push("source: the actors of the act these talks framed".into());
        }
        // A dropped subject is a verb's affair: a verbal noun without an actor is not an event mention.
        // (A plural verb's dropped subject is not one person: `وقال الوزير إنهم يدعمون …`.)
        let one_person = |t: &Vec<EntityId>| t.len() == 1 && inp.kb.entity(t[0]).kind == EntityKind::Person;
        if source.is_empty()
            && !both
            && def.pos != Pos::Noun
            && !nominal_phrase
            && !after_relative
            && let Some(t) = topic_here.clone().filter(|t| !(t.is_empty() || (plural_verb && one_person(t))))
        {
            source = t;
            notes.push("source: the sentence's topic (dropped subject)".into());
            // A dual verb (`ناقشا`, `يبحثان`) has the two actors just named as its subject.
            let k = toks[*start].key.as_str();
            let k = readings(k).into_iter().map(|r| r.rest).find(|r| inp.lexicon.forms.contains_key(r)).unwrap_or_else(|| k.to_string());
            let dual = [("ا", ""), ("ان", ""), ("تا", "ت")].iter().any(|(suf, rep)| {
                k.strip_suffix(suf).is_some_and(|stem| stem.chars().count() >= 3 && inp.lexicon.forms.contains_key(&format!("{stem}{rep}")))
            });
            if dual && source.len() == 1 && target.is_empty() {
                let pair = recent_pair(out, si);
                if pair.len() == 2 && pair.contains(&source[0]) {
                    target = pair.into_iter().filter(|e| !source.contains(e)).collect();
                    notes.push("the dual verb's subject: the two actors just named".into());
                }
            }
        }
        // …and, with no topic, the subject is the actor named before it (`أبلغها الرئيس ماكرون
        // للقادة الذين اتصل بهم`).
        if resumptive && source.is_empty() && !both {
            let before_rel = antecedent.map_or(*start - 1, |a| a.tokens.start);
            if let Some(u) = units
                .iter()
                .filter(usable)
                .filter(actor_unit)
                .rfind(|u| u.tokens.end <= before_rel && u.prep.is_none() && antecedent.is_none_or(|a| a.entities != u.entities))
            {
                source = u.entities.clone();
                notes.push("source: the actor named before the relative clause".into());
            }
        }
        if let Some(a) = antecedent
            && target.is_empty()
            && target_unit.is_none()
            && a.entities != source
        {
            target_unit = Some(a);
            notes.push("target: the antecedent of the relative pronoun, resumed by the object pronoun".into());
        }
        if head_pronoun
            && target.is_empty()
            && target_unit.is_none()
            && def.mode.as_deref() != Some("host")
            && !source.is_empty()
            && let Some(t) =
                topic_here.clone().map(|t| t.into_iter().filter(|e| !source.contains(e)).collect::<Vec<_>>()).filter(|t| !t.is_empty())
        {
            target = t;
            notes.push("target: the object pronoun, read as the one just talked of".into());
        }
        // Target: the first unit after the source (or trigger) that the trigger's frame accepts.
        // For a discontinuous phrase the subject sits inside it, and the target comes after its last word.
        let src_unit_end = leader_end
            .or(between_unit.map(|u| u.tokens.end))
            .unwrap_or_else(|| after.iter().find(|u| !source.is_empty() && u.entities == source).map_or(*end, |u| u.tokens.end));
        let src_end = src_unit_end.max(if tm.end > *end { tm.end } else { 0 });
        // VSO inside a discontinuous phrase: after the subject comes the object
        // (`حملت الخارجية إسرائيل المسؤولية`, `طالب البيت الأبيض حماس بالإفراج عن …`), or a
        // phrase word falls inside the object (`رحلت السلطات مئات المهاجرين`).
        if tm.end > *end
            && target_unit.is_none()
            && target.is_empty()
            && !source.is_empty()
            && let Some(u) = after.iter().copied().find(|u| {
                let coordinated = toks[u.tokens.start].key.starts_with('و')
                    && mentions_in(inp, s).iter().any(|m| m.tokens.start == u.tokens.start && m.proclitics.first() == Some(&"و"))
                    || (u.tokens.start > 0 && toks[u.tokens.start - 1].key == "و");
                let frame_prep = u.prep.as_deref().is_none_or(|p| def.takes_prep(p) || p == "الي");
                u.tokens.start >= src_unit_end && u.tokens.start < tm.end && u.entities != source && frame_prep && !coordinated
            })
        {
            target_unit = Some(u);
            notes.push("target: the object inside the phrase".into());
        }
        // A phrase ending in its preposition (`انسحابها الفوري من`) introduces its target directly.
        let phrase_prep = (tm.end - tm.start > 1).then(|| toks[tm.end - 1].key.as_str()).filter(|k| PREPOSITIONS.contains(k));
        if target_unit.is_none() && target.is_empty() {
            // A place is a target only as an object right after the verb's arguments or after a place
            // noun (`حاصرت مدينة الفاشر`), or after a preposition other than في (`على الضاحية`,
            // `لقطاع غزة`); `في X` is where, and `رئيس بلدية إسطنبول` names a person.
            // (Only acts that fall on a place: a deployment to a city or a summit in one is no act on it.)
            let acts_on_places = matches!(
                def.event_type,
                EventType::Assault | EventType::Coerce | EventType::Aid | EventType::Retreat | EventType::Threaten | EventType::Sanction
            );
            let place_ok = |u: &Unit| {
                !u.place_only
                    || acts_on_places
                        && match u.prep.as_deref() {
                            Some(p) => p != "في",
                            None => {
                                u.tokens.start == src_end
                                    || (u.tokens.start > 0 && PLACE_HEADS.contains(&toks[u.tokens.start - 1].key.as_str()))
                            }
                        }
            };
            target_unit = after_all.iter().copied().filter(|u| place_ok(u)).find(|u| {
                // An object follows closely; a prepositional target may sit a little further.
                let reach = if u.prep.is_none() { 4 } else { 7 };
                u.tokens.start >= src_end
                    && u.tokens.start - src_end <= reach
                    && (phrase_prep.is_some_and(|p| u.prep.as_deref() == Some(p) && u.tokens.start == tm.end)
                        // …or, ending in a noun (`علق … عضوية`), takes its target as that noun's genitive.
                        || (tm.end - tm.start > 1 && phrase_prep.is_none() && u.prep.is_none() && u.tokens.start == tm.end)
                        || match u.prep.as_deref() {
                        None => def.takes_obj() || def.target.is_empty() || (def.mode.as_deref() == Some("visit") && u.entities.iter().all(|&e| inp.kb.entity(e).kind.is_place())),
                        // A withdrawal `في مالي` is a withdrawal from Mali.
                        Some(p) => def.takes_prep(p) || (def.event_type == EventType::Retreat && matches!(p, "في" | "من")),
                    }
                    && (u.prep.as_deref() != Some("في") || def.takes_prep("في") || def.event_type == EventType::Retreat))
            });
            if let Some(u) = target_unit {
                notes.push(format!("target: {}", u.prep.as_deref().map_or("object".to_string(), |p| format!("after {p}"))));
            }
        }
        if target.is_empty() {
            target = target_unit.map(|u| u.entities.clone()).unwrap_or_default();
        }
        // An act on a facility of someone (`هجوما على موقع للجيش النيجري`, `استهدف مقر الشرطة`,
        // `هاجموا دورية للجيش`) falls on its owner.
        if target.is_empty() && target_unit.is_none() && !source.is_empty() {
            let clause_end = clause_limit(toks, *end, s.tokens.end);
            let facility = (src_end.max(*end)..(src_end.max(*end) + 3).min(clause_end)).find(|&i| {
                readings(&toks[i].key).iter().any(|r| FACILITIES.contains(&r.rest.as_str()))
                    && (i == src_end.max(*end)
                        || def.takes_prep(toks[i - 1].key.as_str())
                        || PREPOSITIONS.contains(&toks[i - 1].key.as_str()))
            });
            if let Some(f) = facility
                && let Some(u) = units.iter().filter(usable).filter(|u| !u.place_only).find(|u| {
                    u.tokens.start > f && u.tokens.start <= f + 2 && u.prep.as_deref().is_none_or(|p| p == "ل") && u.entities != source
                })
            {
                target = u.entities.clone();
                notes.push("target: the owner of the facility acted on".into());
            }
        }
        // A statement made in a letter or a call to someone (`ثمن الملك هذا الموقف في رسالة إلى
        // الرئيس ماكرون`) is addressed to them.
        if target.is_empty()
            && target_unit.is_none()
            && !source.is_empty()
            && matches!(
                def.event_type,
                EventType::Support | EventType::Accuse | EventType::Request | EventType::Reject | EventType::Threaten
            )
        {
            let clause_end = clause_limit(toks, *end, s.tokens.end);
            let medium = (*end..clause_end).find(|&i| {
                readings(&toks[i].key).iter().any(|r| {
                    matches!(r.rest.as_str(), "رساله" | "برقيه" | "اتصال" | "مكالمه" | "خطاب") && r.proclitics.last() == Some(&"ب")
                }) || (toks[i].key == "في"
                    && toks.get(i + 1).is_some_and(|t| matches!(t.key.as_str(), "رساله" | "برقيه" | "اتصال" | "مكالمه" | "خطاب")))
            });
            if let Some(m) = medium
                && let Some(u) = units.iter().filter(usable).filter(|u| !u.place_only).find(|u| {
                    u.tokens.start > m
                        && u.tokens.start <= m + 5
                        && matches!(u.prep.as_deref(), Some("الي" | "مع" | "ل"))
                        && u.entities != source
                })
            {
                target = u.entities.clone();
                notes.push("target: the one the letter or call was addressed to".into());
            }
        }
        // Welcoming, condemning or rejecting "the step" (`رحب عقيلة صالح بالخطوة`) is about the one
        // whose act was just reported.
        if target.is_empty()
            && target_unit.is_none()
            && !source.is_empty()
            && matches!(def.event_type, EventType::Support | EventType::Accuse | EventType::Reject)
        {
            let at = src_end.max(*end);
            let anaphor = toks.get(at).is_some_and(|t| readings(&t.key).iter().any(|r| ANAPHORIC_ACTS.contains(&r.rest.as_str())))
                || toks.get(at).is_some_and(|t| matches!(t.key.as_str(), "هذا" | "هذه" | "بهذا" | "بهذه"))
                    && toks.get(at + 1).is_some_and(|t| ANAPHORIC_ACTS.contains(&t.key.as_str()));
            if anaphor
                && let Some(prev) = out.last().filter(|p| p.sentence + 1 >= si && !p.source.is_empty())
                && prev.source != source
            {
                // (An agreement or talks belong to both their sides: `أشاد بالاتفاق`.)
                target = prev.source.clone();
                if matches!(prev.event_type, EventType::Agree | EventType::Consult | EventType::Cooperate) {
                    target.extend(prev.target.iter().copied().filter(|e| !source.contains(e)));
                }
                target.retain(|e| !source.contains(e));
                notes.push("target: the actor of the act just reported, referred to as «the step»".into());
            }
        }
        both |= target_unit.is_some_and(|u| u.both_sides);
        // Hosting talks between two parties (`استضافت عمان محادثات بين واشنطن وطهران`) is mediation.
        let mut mode = def.mode.clone();
        if def.mode.as_deref() == Some("host") && target.is_empty() && target_unit.is_none() {
            let clause_end = clause_limit(toks, *end, s.tokens.end);
            if let Some(u) = units.iter().filter(usable).filter(|u| !u.place_only).find(|u| {
                u.prep.as_deref() == Some("بين") && u.tokens.start >= *end && u.tokens.start < clause_end && u.entities.len() >= 2
            }) {
                target = u.entities.clone();
                mode = Some("mediate".into());
                notes.push("mode mediate: hosting talks between the parties after بين".into());
            }
        }
        // `بالتنسيق مع قوات حفتر`, `بالتعاون مع`: the partner of a cooperation is its target.
        if matches!(def.event_type, EventType::Cooperate) {
            let clause_end = clause_limit(toks, *end, s.tokens.end);
            // (The phrase may also come just before the act: `تحركات موسكو بالتنسيق مع حفتر لإنشاء قاعدة`.)
            let clause_start =
                (s.tokens.start..*start).rev().find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str())).map_or(s.tokens.start, |i| i + 1);
            let partner = (clause_start.max(start.saturating_sub(6))..clause_end.saturating_sub(1)).find(|&i| {
                readings(&toks[i].key).iter().any(|r| matches!(r.rest.as_str(), "التنسيق" | "التعاون" | "الاشتراك" | "الشراكه"))
                    && readings(&toks[i].key).iter().any(|r| r.proclitics.contains(&"ب"))
                    && toks[i + 1].key == "مع"
            });
            if let Some(at) = partner
                && let Some(u) = units.iter().filter(usable).filter(|u| !u.place_only).find(|u| u.tokens.start == at + 2)
            {
                target = u.entities.clone();
                target_unit = None;
                notes.push("target: the partner named after بالتنسيق مع".into());
            }
        }
        if target.is_empty() && target_unit.is_none() && !def.target.is_empty() {
            let frame_word = (src_end..clause_limit(toks, src_end, s.tokens.end).min(src_end + 6)).find(|&i| {
                let k = &toks[i].key;
                def.target
                    .iter()
                    .any(|p| p != "obj" && (k == p || (p.chars().count() == 1 && k.starts_with(p.as_str()) && k.chars().count() > 3)))
            });
            let sentence_end = s.tokens.end;
            if let Some(fw) = frame_word {
                let limit = clause_limit(toks, fw, sentence_end);
                // The actor must sit in the preposition's own phrase: no other preposition between
                // (`اتفقا على صيغة بشأن منفذ خلال محادثات أنقرة` has no actor after على).
                let own_phrase = |u: &Unit| {
                    !toks[fw + 1..u.tokens.start].iter().any(|t| {
                        // (A word carrying ل or ب opens a phrase of its own: `لأي مخطط لتهجير الفلسطينيين`.)
                        let new_pp = readings(&t.key)
                            .iter()
                            .any(|r| r.proclitics.iter().any(|p| matches!(*p, "ل" | "ب")) && r.rest.starts_with("ت"));
                        if new_pp {
                            return true;
                        }
                        let k = t.key.trim_start_matches('و');
                        // (`بين` names the parties of the phrase's noun: `بالاتفاق الموقع بين أذربيجان وأرمينيا`.)
                        (PREPOSITIONS.contains(&k) && k != "بين")
                            || matches!(k, "خلال" | "بشان" | "حول" | "بسبب" | "اثناء" | "عبر" | "قبل" | "بعد")
                    })
                };
                let unit = units
                    .iter()
                    .filter(usable)
                    .filter(|u| !u.place_only)
                    .find(|u| u.tokens.start > fw && u.tokens.start - fw <= 8 && u.tokens.start < limit && own_phrase(u));
                // A nisba nearer than any actor names the state of that phrase's noun
                // (`اعترفت فرنسا بخطة الحكم الذاتي المغربية … الصحراء الغربية` → Morocco).
                let nisba = mentions_in(inp, s).iter().find(|m| {
                    m.kind == MentionKind::Demonym
                        && m.entity.is_some()
                        && m.tokens.start > fw
                        && m.tokens.start - fw <= 4
                        && m.tokens.start < limit
                        && m.proclitics.is_empty()
                });
                match (unit, nisba) {
                    (Some(u), Some(n)) if n.tokens.start < u.tokens.start && !source.contains(&n.entity.expect("filtered")) => {
                        target = vec![n.entity.expect("filtered")];
                        notes.push("target: the nisba of the phrase the trigger's preposition introduces".into());
                    }
                    (Some(u), _) => {
                        target = u.entities.clone();
                        notes.push("target: the actor of the phrase the trigger's preposition introduces".into());
                    }
                    _ => {}
                }
            }
        }
        // Still no target: a nisba on the object or on the noun after the trigger's preposition names
        // the state acted on (`قصفت … منشآت نووية إيرانية`, `باتجاه مدمرة أمريكية`, `على الواردات الأمريكية`).
        // A pronoun on the act's preposition that resumes a place (`حاصرت المدينة ومنعت دخول
        // المساعدات إليها`) makes the act fall on that place's country, as a place target does.
        if target.is_empty()
            && target_unit.is_none()
            && matches!(def.event_type, EventType::Coerce | EventType::Assault | EventType::Aid)
            && (tm.end..(tm.end + 3).min(s.tokens.end)).any(|i| matches!(toks[i].key.as_str(), "اليها" | "منها" | "عليها" | "فيها"))
            && let Some(place) = mentions_in(inp, s)
                .iter()
                .rfind(|m| m.tokens.end <= *start && m.entity.is_some_and(|e| inp.kb.entity(e).kind.is_place()))
                .and_then(|m| m.entity)
            && let Some(c) = host_of(inp.kb, place)
            && !source.contains(&c)
        {
            target = vec![c];
            notes.push("target: the country of the place the pronoun on the preposition resumes".into());
        }
        // Forces sent against someone (`أرسل الجيش تعزيزات … تحسبا لهجوم من قوات الدعم السريع`,
        // `حشد قواته لمواجهة الحوثيين`) are mobilised against them.
        if target.is_empty() && target_unit.is_none() && def.event_type == EventType::Mobilize {
            let clause_end = clause_limit(toks, src_end, s.tokens.end);
            let against = (src_end..clause_end).find(|&i| {
                readings(&toks[i].key)
                    .iter()
                    .any(|r| matches!(r.rest.as_str(), "تحسبا" | "مواجهه" | "لمواجهه" | "صد" | "تصديا" | "ردع" | "التصدي"))
            });
            if let Some(a) = against
                && let Some(u) = units
                    .iter()
                    .filter(usable)
                    .filter(|u| !u.place_only)
                    .find(|u| u.tokens.start > a && u.tokens.start <= a + 6 && u.entities != source)
            {
                target = u.entities.clone();
                notes.push("target: the one the forces are sent against".into());
            }
        }
        // A call for a session of a body (`دعت روسيا إلى عقد جلسة طارئة لمجلس الأمن`) asks that body.
        if target.is_empty() && target_unit.is_none() && def.event_type == EventType::Request {
            let session = (src_end..(src_end + 4).min(s.tokens.end)).find(|&i| {
                readings(&toks[i].key).iter().any(|r| matches!(r.rest.as_str(), "جلسه" | "اجتماع" | "دوره" | "قمه" | "الجلسه" | "الاجتماع"))
            });
            if let Some(at) = session
                && let Some(u) = units
                    .iter()
                    .filter(usable)
                    .filter(|u| !u.place_only)
                    .find(|u| u.prep.as_deref() == Some("ل") && u.tokens.start > at && u.tokens.start <= at + 2 && u.entities != source)
            {
                target = u.entities.clone();
                notes.push("target: the body whose session is called for".into());
            }
        }
        if target.is_empty() && target_unit.is_none() && def.event_type != EventType::Consult {
            // (Not past an aim that opens an act of its own: `… لبحث الضربات الإسرائيلية`.)
            let aim = (src_end..s.tokens.end).find(|&i| {
                readings(&toks[i].key).iter().any(|r| r.proclitics.last() == Some(&"ل") && inp.lexicon.forms.contains_key(&r.rest))
            });
            let limit = clause_limit(toks, src_end, s.tokens.end).min(src_end + 8).min(aim.unwrap_or(usize::MAX));
            // (For acts that do not fall on a place, a nisba after في is where: `وقفا لإطلاق النار في
            // جميع الأراضي الليبية`.)
            let falls_on_places = matches!(
                def.event_type,
                EventType::Assault
                    | EventType::Coerce
                    | EventType::Aid
                    | EventType::Retreat
                    | EventType::Threaten
                    | EventType::Sanction
                    | EventType::Mobilize
            );
            let after_fi = |m: &Mention| !falls_on_places && toks[src_end..m.tokens.start].iter().any(|t| t.key == "في");
            if let Some(m) = mentions_in(inp, s).iter().find(|m| {
                m.kind == MentionKind::Demonym && m.tokens.start >= src_end && m.tokens.start < limit && m.entity.is_some() && !after_fi(m)
            }) {
                let e = m.entity.expect("filtered");
                if !source.contains(&e) {
                    target = vec![e];
                    notes.push("target: the nisba of the object's noun phrase".into());
                }
            }
        }
        if both {
            let sides = recent_pair(out, si);
            if sides.len() == 2 {
                if source.is_empty() {
                    source = sides;
                } else {
                    target.extend(sides.into_iter().filter(|e| !source.contains(e)));
                }
                notes.push("الجانبان: the two actors of the previous event".into());
            }
        }
        // A passive with its agent: `استقبل X من قبل Y`, `اغتيل X على يد Y` — Y acted on X.
        let agent_at = (tm.end + 1..next_trigger.min(toks.len()))
            .find(|&i| (toks[i].key == "قبل" && toks[i - 1].key == "من") || (toks[i].key == "يد" && toks[i - 1].key == "علي"));
        let agent = agent_at.and_then(|at| after.iter().find(|u| u.tokens.start > at && u.tokens.start <= at + 3));
        if let (Some(at), Some(agent)) = (agent_at, agent) {
            if let Some(patient) = after.iter().find(|u| u.tokens.start < at && u.prep.is_none()) {
                target = patient.entities.clone();
            } else if !source.is_empty() {
                target = std::mem::take(&mut source);
            }
            source = agent.entities.clone();
            notes.push("passive: the agent after من قبل is the source".into());
        } else if passive && between_unit.is_none() {
            // `اغتيل رئيس المكتب السياسي …`, `تم اعتقال المعارض …`: what follows is the patient; who
            // acted is not said (the source stays empty rather than invented).
            if target.is_empty() {
                target = std::mem::take(&mut source);
            } else {
                source.clear();
            }
            notes.push("passive: the unit after the verb is the target; no agent named".into());
        }
        // `تلقى X اتصالا من Y`: the grammatical subject received; the one it came from acted.
        let head_key = readings(&toks[tm.start].key).into_iter().map(|r| r.rest).find(|k| RECEIVING_HEADS.contains(&k.as_str()));
        if head_key.is_some() && !target.is_empty() {
            std::mem::swap(&mut source, &mut target);
            notes.push("receiving verb: source and target swapped".into());
        }
        source.retain(|e| !target.contains(e));
        // Reciprocal events with all actors on one side: the first is the source.
        if target.is_empty()
            && source.len() >= 2
            && matches!(def.event_type, EventType::Consult | EventType::Agree | EventType::Cooperate)
            && def.mode.as_deref() != Some("multilateral")
        {
            target = source.split_off(1);
            notes.push("reciprocal: first actor as source".into());
        }
        // Places as targets: a visited place gives the location and its country as the target.
        // The clause: from the trigger to the first clause break after its last argument.
        let args_end = target_unit.map_or(*end, |u| u.tokens.end).max(tm.end);
        let clause_end = (args_end..next_trigger).find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str())).unwrap_or(next_trigger);
        // After a verb of discussing, `في غزة` names the subject, not where the talks were.
        let discuss = def.mode.as_deref() == Some("discuss");
        // After a verbal act (a promise, a demand, praise, an accusation), a place is what the words
        // are about (`أكدا رغبتهما في تحقيق الأمن في الشرق الأوسط`), not where they were said.
        let verbal = matches!(
            def.event_type,
            EventType::Agree
                | EventType::Request
                | EventType::Support
                | EventType::Accuse
                | EventType::Reject
                | EventType::Threaten
                | EventType::Concede
        ) && def.pos != Pos::Noun;
        let mut location = if discuss || verbal {
            None
        } else {
            place_in_clause(inp, s, *end, clause_end).map(|e| Location { entity: e, basis: "clause" })
        };
        let places: Vec<EntityId> = target.iter().copied().filter(|&e| inp.kb.entity(e).kind.is_place()).collect();
        // Places acted on whose country became the target.
        let mut place_targets: Vec<EntityId> = Vec::new();
        if !places.is_empty() && inp.kb.entity(places[0]).kind != EntityKind::Country || def.mode.as_deref() == Some("visit") {
            for p in &places {
                if location.is_none() || inp.kb.entity(*p).kind != EntityKind::Country {
                    location = Some(Location { entity: *p, basis: "clause" });
                }
            }
            if def.mode.as_deref() != Some("visit") {
                place_targets.extend(places.iter().copied().filter(|&p| inp.kb.entity(p).kind != EntityKind::Country));
            }
            target = target.iter().map(|&e| host_of(inp.kb, e).unwrap_or(e)).collect();
            target.dedup();
        }
        let pronoun_object = rasd_text::clitics::enclitic_readings(&toks[tm.head_end - 1].key)
            .iter()
            .any(|(stem, e)| e.is_some() && inp.lexicon.forms.contains_key(*stem));
        if def.mode.as_deref() == Some("visit") && location.is_none() {
            // `زار الرئيس الرياض`: a place as the direct object.
            location = mentions_in(inp, s)
                .iter()
                .find(|m| {
                    m.tokens.start >= src_end && m.tokens.start <= src_end + 2 && m.entity.is_some_and(|e| inp.kb.entity(e).kind.is_place())
                })
                .map(|m| Location { entity: m.entity.unwrap(), basis: "clause" });
        }
        if def.mode.as_deref() == Some("visit") && target.is_empty() {
            // The destination: a place in the clause, or, for `وصلها` (a pronoun object), one in the sentence.
            // (Also for a visit noun with its visitor but no destination: `في أول زيارة خارجية للأسد`
            // after `استقبله بوتين في الكرملين` was a visit there.)
            let sentence_place = || {
                if pronoun_object || visitor_by_lam {
                    place_in_clause(inp, s, s.tokens.start, s.tokens.end).map(|e| Location { entity: e, basis: "sentence" })
                } else {
                    None
                }
            };
            if let Some(l) = location.clone().or_else(sentence_place) {
                target = host_of(inp.kb, l.entity).into_iter().collect();
                location = Some(l);
                notes.push("target: the host of the visited place".into());
            }
        }
        // `زار نيامي`: the visited capital is the place, its country the target.
        if let Some(c) = target_unit.and_then(|u| u.capitals.first())
            && location.as_ref().is_none_or(|l| inp.kb.entity(l.entity).kind == EntityKind::Country)
        {
            location = Some(Location { entity: *c, basis: "clause" });
        }
        if location.is_none() {
            let clause_start =
                (prev_trigger..*start).rev().find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str())).map_or(prev_trigger, |i| i + 1);
            location = place_in_clause(inp, s, clause_start, *start).map(|e| Location { entity: e, basis: "clause" });
        }
        // The troops a force mobilises are its means, not its target (`استدعاء جنود الاحتياط`).
        if def.event_type == EventType::Mobilize {
            target.retain(|&e| {
                let id = &inp.kb.entity(e).id;
                !(id.starts_with("generic:soldiers:") || id.starts_with("generic:security_forces:") || id.starts_with("generic:police:"))
            });
        }
        // A protest with no named target is aimed at the protesters' own state (PLOVER codes the
        // government a crowd protests against): `تظاهر آلاف السودانيين` → Sudan.
        if (def.event_type == EventType::Protest
            || (def.event_type == EventType::Request && source.iter().any(|&e| inp.kb.entity(e).id.starts_with("generic:protesters:"))))
            && target.is_empty()
            && let Some(c) = source.iter().find_map(|&e| {
                let ent = inp.kb.entity(e);
                if ent.id.starts_with("generic:") { ent.country.as_deref().and_then(|iso| inp.kb.country(iso)) } else { None }
            })
        {
            target.push(c);
            notes.push("target: the protesters' own state".into());
        }
        source.retain(|&e| inp.kb.entity(e).kind.can_act());
        // A place acted on (`المساعدات لقطاع غزة`, `حاصرت مدينة الفاشر`) stands for its country, as
        // ICEWS codes it; the place itself is the event's location.
        for t in target.iter_mut() {
            let ent = inp.kb.entity(*t);
            if !ent.kind.can_act()
                && let Some(c) = host_of(inp.kb, *t)
            {
                place_targets.push(*t);
                *t = c;
            }
        }
        if location.is_none()
            && let Some(&p) = place_targets.first()
        {
            location = Some(Location { entity: p, basis: "clause" });
        }
        target.dedup();
        target.retain(|&e| inp.kb.entity(e).kind.can_act() && !source.contains(&e));
        // (A capital named as the place struck, `على الضاحية الجنوبية لبيروت`, is as weak.)
        let capital_target = target_unit.is_some_and(|u| !u.capitals.is_empty() && u.prep.is_some());
        let target_from_place = (!place_targets.is_empty() || capital_target)
            && target.iter().all(|&t| {
                place_targets.iter().chain(target_unit.map(|u| &u.capitals).into_iter().flatten()).any(|&p| host_of(inp.kb, p) == Some(t))
            });
        if target_from_place {
            notes.push("target: the country of the place acted on (a named target in the sentence replaces it)".into());
        }
        // A circumstantial participle (`محذرا من عواقب`, `مطالبين برحيل`) acts on the object of the
        // verb it goes with.
        let participle = {
            let k = &toks[*start].key;
            k.starts_with('م') && (k.ends_with('ا') || k.ends_with("ين")) && k.chars().count() >= 5 && def.pos == Pos::Verb
        };
        if participle
            && target.is_empty()
            && let Some(prev) = out[sentence_start..].last().filter(|p| p.source == source)
        {
            target = prev.target.clone();
            notes.push("target: the object of the verb the participle goes with".into());
        }
        // `جمعت القمة X وY`: bringing together needs two.
        if def.event_type == EventType::Consult
            && target.is_empty()
            && readings(&toks[*start].key)
                .iter()
                .any(|r| r.rest.starts_with("جمع") || r.rest.starts_with("يجمع") || r.rest.starts_with("تجمع"))
            && def.pos == Pos::Verb
        {
            continue;
        }
        // (A passive with a patient stands without an agent.)
        if source.is_empty() && (!passive || target.is_empty()) {
            continue;
        }
        // A visit goes somewhere: without a destination (`وصول الملك إلى الحكم`) it is no visit.
        if def.mode.as_deref() == Some("visit") && target.is_empty() && location.is_none() && def.pos != Pos::Noun {
            continue;
        }
        let mut modality = modality(inp, s, *start, *future_prefix, !reporters.is_empty());
        if denial_at.is_some_and(|at| *start > at) {
            modality = Modality::Negated;
            notes.push("modality negated: inside what a denial denies".into());
        }
        // An aim (`تحركات موسكو … لإنشاء قاعدة عسكرية`) is an act still to come.
        let aim = def.pos == Pos::Noun
            && readings(&toks[*start].key).iter().any(|r| r.proclitics.last() == Some(&"ل") && r.proclitics.len() <= 2);
        if aim && matches!(modality, Modality::Asserted | Modality::Reported) {
            modality = Modality::Future;
            notes.push("modality future: an aim (ل + verbal noun)".into());
        }
        produced.push(ti);
        if topic.is_none() || notes.iter().any(|n| n.starts_with("source: subject")) {
            // A reciprocal pair stays the topic as a pair: `التقيا … وبحثا` has both as subject.
            let mut t = source.clone();
            if notes.iter().any(|n| n.starts_with("reciprocal")) {
                t.extend(target.iter().copied());
            }
            topic = Some(t);
        }
        out.push(EventMention {
            sentence: si,
            sentence_span: s.span,
            trigger: Span::new(toks[*start].span.start, toks[tm.end - 1].span.end),
            rule: defs[0],
            event_type: def.event_type,
            mode,
            source,
            target,
            date: None,
            location,
            modality,
            reported_by: reporters.clone(),
            notes,
            target_from_place,
        });
    }
    // `نفى الجيش السوداني الاتهامات الأمريكية`: an accusation denied by X was made against X.
    for k in 1..produced.len() {
        let (prev_t, cur_t) = (&triggers[produced[k - 1]], &triggers[produced[k]]);
        let (prev, cur) = (&out[sentence_start + k - 1], &out[sentence_start + k]);
        let close = cur_t.start >= prev_t.end
            && cur_t.start - prev_t.end <= 5
            && !toks[prev_t.end..cur_t.start].iter().any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()));
        if prev.event_type == EventType::Reject && cur.event_type == EventType::Accuse && cur.target.is_empty() && close {
            let denier = prev.source.clone();
            let m = &mut out[sentence_start + k];
            m.target = denier.into_iter().filter(|e| !m.source.contains(e)).collect();
            m.notes.push("target: the one who denies the accusation".into());
        }
    }
    // Dates go to the triggers that became event mentions: a time expression next to a
    // trigger without actors (`في زيارة`) still dates the verb it belongs with.
    // But a background act after منذ/بعد/قبل (`منذ تعليق عضوية بلاده عام 2011`) keeps its own date,
    // even when it is not coded: it never dates the event before it.
    let background =
        |m: &Match| m.start > s.tokens.start && matches!(toks[m.start - 1].key.as_str(), "منذ" | "بعد" | "قبل" | "اثر" | "عقب");
    let mut owners: Vec<Match> = Vec::new();
    let mut slot: Vec<usize> = Vec::new();
    for (ti, m) in triggers.iter().enumerate() {
        if produced.contains(&ti) {
            slot.push(owners.len());
            owners.push(m.clone());
        } else if background(m) {
            owners.push(m.clone());
        }
    }
    for (k, &o) in slot.iter().enumerate() {
        out[sentence_start + k].date = date_for(inp, s, &owners, o);
    }
}

/// After a denial verb (`نفت الرئاسة التونسية أن …`), the token of the `أن` (or `وجود`, `حدوث`)
/// that opens what is denied: at most a subject's length away, in the same clause.
fn denied_from(toks: &[Token], s: &Sentence, m: &Match) -> Option<usize> {
    (m.end..(m.end + 7).min(s.tokens.end))
        .take_while(|&i| !CLAUSE_BREAKS.contains(&toks[i].key.as_str()))
        .find(|&i| matches!(toks[i].key.as_str(), "ان" | "بان" | "وجود" | "حدوث" | "صحه"))
}

/// Words that may join an act to the act it asks for, threatens, refuses or promises
/// (`هدد باستئناف`, `دعا إلى وقف`, `ترفض أي تفاوض`, `تعهد بعدم`).
const COMPLEMENT_LINKS: [&str; 12] = ["الي", "علي", "عن", "ب", "اي", "ان", "بان", "عدم", "بعدم", "ضروره", "اجل", "من"];

/// Nouns whose genitive is a verbal noun (`اتفاقيات تعاون`, `مذكرة تفاهم`, `مجالات التعاون`).
const CONSTRUCT_HEADS: [&str; 20] = [
    "اتفاقيه",
    "اتفاقيات",
    "اتفاق",
    "اتفاقات",
    "مذكره",
    "مذكرات",
    "مجال",
    "مجالات",
    "سبل",
    "افاق",
    "برنامج",
    "برامج",
    "اطار",
    "خطه",
    "لجنه",
    "مجلس",
    "علاقات",
    "اوجه",
    "مشروع",
    "مشاريع",
];

/// Whether a verb key carries a plural subject (`يدعمون`, `تدعمون`, `دعموا`) or a dual one
/// (`يبحثان`, `تبحثان`), after an optional و/ف.
fn subject_suffix(key: &str) -> (bool, bool) {
    let k = key.strip_prefix('و').or_else(|| key.strip_prefix('ف')).filter(|r| r.chars().count() >= 4).unwrap_or(key);
    let n = k.chars().count();
    let present = k.starts_with(['ي', 'ت', 'ن']);
    let plural = (present && n >= 5 && k.ends_with("ون")) || (n >= 4 && k.ends_with("وا"));
    let dual = present && n >= 5 && k.ends_with("ان");
    (plural, dual)
}

/// A past verb written with the passive's damma on its first letter (`قُتل`, `قـُتلوا`, `واُعتقل`):
/// an optional و/ف before it, and tatweel, are skipped. (A present verb's damma, `يُرسل`, is no sign:
/// active verbs of several forms take it.)
fn vocalised_passive(word: &str) -> bool {
    let mut chars = word.chars().filter(|&c| c != '\u{0640}').peekable();
    let Some(mut first) = chars.next() else { return false };
    if matches!(first, 'و' | 'ف') && chars.peek() != Some(&'\u{064F}') {
        // (The conjunction's own vowel, `وَ`, may follow it.)
        while chars.peek().is_some_and(|&c| rasd_text::normalize::is_arabic_mark(c)) {
            chars.next();
        }
        match chars.next() {
            Some(c) => first = c,
            None => return false,
        }
    }
    !matches!(first, 'ي' | 'ت' | 'ن') && chars.peek() == Some(&'\u{064F}')
}

/// Spellings only a passive verb has (`اغتيل` was assassinated; `اغتال` assassinated).
const PASSIVE_FORMS: [&str; 7] = ["اغتيل", "اغتيلت", "اغتيلا", "اغتيلوا", "تم", "جري", "تمت"];
/// Auxiliaries that make a verbal noun passive: `تم اعتقال`, `جرى توقيف`, `يتم ترحيل`.
const PASSIVE_AUXILIARIES: [&str; 8] = ["تم", "تمت", "جري", "جرت", "يتم", "تتم", "سيتم", "يجري"];

/// Organisations that are also buildings: in a place phrase they are where something happened.
const SEATS: [&str; 3] = ["org:kremlin", "org:white-house", "org:elysee"];

/// Nouns that introduce a place name (`مدينة الفاشر`, `مخيم جباليا`).
const PLACE_HEADS: [&str; 14] =
    ["مدينه", "المدينه", "بلده", "قريه", "منطقه", "مخيم", "محافظه", "ولايه", "اقليم", "ميناء", "مطار", "معبر", "قاعده", "العاصمه"];

/// Verbs that carry an act named by their object (`أطلق الغاز`, `شن غارات`, `نفذ هجوما`).
const LIGHT_VERBS: [&str; 72] = [
    // `قام بزيارة`
    "قام",
    "قامت",
    "يقوم",
    "تقوم",
    // giving: `قدمت مصر … المساعدات`
    "قدم",
    "قدمت",
    "قدموا",
    "يقدم",
    "تقدم",
    "منح",
    "منحت",
    "سلمت",
    // present and jussive forms: `لم تجر الجزائر وروسيا أي مناورات`
    "تجر",
    "يجر",
    "تجري",
    "يجري",
    "يشن",
    "تشن",
    "ينفذ",
    "تنفذ",
    // intent and attempt: `روسيا تعتزم إنشاء قاعدة`
    "اعتزم",
    "اعتزمت",
    "يعتزم",
    "تعتزم",
    "ينوي",
    "تنوي",
    "قرر",
    "قررت",
    "يقرر",
    "تقرر",
    "يخطط",
    "تخطط",
    "حاول",
    "حاولت",
    "يحاول",
    "تحاول",
    "اطلق",
    "اطلقت",
    "اطلقوا",
    "استخدم",
    "استخدمت",
    "استخدموا",
    "شن",
    "شنت",
    "شنوا",
    "نفذ",
    "نفذت",
    "نفذوا",
    "اجري",
    "اجرت",
    "اجروا",
    "القي",
    "القت",
    "ارسل",
    "ارسلت",
    "وجه",
    "وجهت",
    "فرض",
    "فرضت",
    "اصدر",
    // aspectual: began, continued, completed, resumed
    "بدا",
    "بدات",
    "بداوا",
    "واصل",
    "واصلت",
    "استكمل",
    "استكملت",
    "اكمل",
    "اكملت",
    "باشر",
    "باشرت",
    "استانف",
];

/// Verbs of approving or ratifying, whose object is an act not yet done.
const APPROVAL_HEADS: [&str; 12] = ["صادق", "صادقت", "يصادق", "تصادق", "وافق", "وافقت", "يوافق", "توافق", "اقر", "اقرت", "يقر", "تقر"];
/// Verbal nouns that carry an act into a promise or demand (`تعهد بمواصلة دعم أوكرانيا`).
const ASPECT_LINKS: [&str; 12] =
    ["مواصله", "استمرار", "تقديم", "تعزيز", "زياده", "توسيع", "تكثيف", "اعاده", "الاستمرار", "استخدام", "استيناف", "تنفيذ"];

/// Nouns that name a proposed act (`مقترح نشر قوات`, `خطة ترحيل`).
const PROPOSAL_NOUNS: [&str; 12] = ["مقترح", "اقتراح", "خطه", "قرار", "فكره", "مشروع", "مبادره", "دعوه", "طلب", "مخطط", "نيه", "مساعي"];

/// Indefinite accusative verbal nouns of purpose (مفعول لأجله).
const PURPOSE_FORMS: [&str; 9] = ["رفضا", "احتجاجا", "تنديدا", "استنكارا", "تضامنا", "دعما", "تاييدا", "ردا", "اعتراضا"];

/// The act that a demand, a threat, a refusal or a promise is about is not an event of its own
/// (PLOVER codes the single category: `هدد باستئناف الهجمات` is one THREATEN). A trigger that
/// follows one of those within a few linking words is dropped; the complements of condemnation
/// or praise (`دانت الغارة`) are real events and stay.
fn drop_complements(inp: &Input, s: &Sentence, covered: &[bool], triggers: &mut Vec<Match>) {
    let toks = inp.tokens;
    // Approving or ratifying (`صادق البرلمان على انضمام السويد`) is about an act that is not yet one.
    let approves = |m: &Match| readings(&toks[m.start].key).iter().any(|r| APPROVAL_HEADS.contains(&r.rest.as_str()));
    let governs = |m: &Match, next: &Match| {
        // What an allegation says was done with ب is alleged, not reported (`الاتهامات باستخدام أسلحة
        // كيميائية`, `اتهمت … بتزويد`); blame for an act (`المسؤولية عن اعتداءات`) and a condemnation's
        // object (`دانت الغارة`) did happen, so they stay.
        let with_bi = |i: usize| readings(&toks[i].key).iter().any(|r| r.proclitics.contains(&"ب"));
        let alleged = (m.end..=next.start).any(with_bi);
        approves(m)
            || m.defs.iter().any(|&d| {
                let t = &inp.lexicon.triggers[d];
                matches!(t.event_type, EventType::Request | EventType::Threaten | EventType::Reject | EventType::Agree)
                    || (t.event_type == EventType::Accuse && t.mode.as_deref() == Some("allege") && alleged)
            })
    };
    let mut keep = vec![true; triggers.len()];
    let mut dropped_complement = vec![false; triggers.len()];
    // A denial of an act (`نفت الرئاسة أن يكون الرئيس قد التقى`) is that act negated, not an event
    // of its own.
    for (i, m) in triggers.iter().enumerate() {
        let denial = m.defs.iter().any(|&d| inp.lexicon.triggers[d].event_type == EventType::Reject)
            && readings(&toks[m.start].key)
                .iter()
                .any(|r| r.rest.starts_with("نف") || r.rest.starts_with("ينف") || r.rest.starts_with("تنف"));
        if denial
            && let Some(at) = denied_from(toks, s, m)
            && triggers[i + 1..].iter().any(|n| n.start > at)
        {
            keep[i] = false;
        }
    }
    for i in 1..triggers.len() {
        // A complement coordinated with one just dropped (`بوقف فوري لإطلاق النار ودخول المساعدات`).
        if dropped_complement[i - 1]
            && readings(&toks[triggers[i].start].key).iter().any(|r| r.proclitics.first() == Some(&"و"))
            && triggers[i].start >= triggers[i - 1].end
            && triggers[i].start - triggers[i - 1].end <= 6
            && !toks[triggers[i - 1].end..triggers[i].start].iter().any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()))
        {
            keep[i] = false;
            dropped_complement[i] = true;
            continue;
        }
        // An accusative of purpose after another act (`خرجوا في مسيرات رفضا لـ…`, `أضرب عن الطعام
        // احتجاجا على…`) says why that act happened; it is no act of its own.
        let head = readings(&toks[triggers[i].start].key).into_iter().map(|r| r.rest).find(|r| PURPOSE_FORMS.contains(&r.as_str()));
        if head.is_some() {
            keep[i] = false;
            continue;
        }
        // The nearest earlier trigger still kept (a dropped complement passes its governor on:
        // `هدد باستئناف الهجمات إذا لم ترفع …`).
        let Some(pi) = (0..i).rev().find(|&j| keep[j]) else { continue };
        let (prev, cur) = (&triggers[pi], &triggers[i]);
        if !governs(prev, cur) || cur.start < prev.end {
            continue;
        }
        // A denied accusation was made (`نفى الجيش الاتهامات الأمريكية`): it stays an event.
        let is_type = |m: &Match, t: EventType| m.defs.iter().any(|&d| inp.lexicon.triggers[d].event_type == t);
        if is_type(prev, EventType::Reject) && is_type(cur, EventType::Accuse) {
            continue;
        }
        let gap = &toks[prev.end..cur.start];
        let link = |t: &Token| {
            COMPLEMENT_LINKS.contains(&t.key.as_str())
                || readings(&t.key).iter().any(|r| ASPECT_LINKS.contains(&r.rest.as_str()) || PROPOSAL_NOUNS.contains(&r.rest.as_str()))
        };
        // The governing verb's own arguments may stand between (`رفضت الحكومة الإثيوبية مقترح نشر قوات`).
        let in_mention = |j: usize| covered.get(j - s.tokens.start).copied().unwrap_or(false);
        let loose = (prev.end..cur.start).filter(|&j| !in_mention(j)).count();
        // (One more word, the object the demand is put to, may stand there: `ناشدت المنظمة المانحين تقديم دعم`.)
        let other = (prev.end..cur.start).filter(|&j| !in_mention(j) && !link(&toks[j])).count();
        if gap.len() <= 8 && loose <= 3 && other <= 1 {
            keep[i] = false;
            dropped_complement[i] = true;
            continue;
        }
    }
    // The condition of a threat, a demand or a promise is no event either: `هدد باستئناف
    // الهجمات إذا لم ترفع إسرائيل الحصار`.
    for i in 1..triggers.len() {
        if !keep[i] {
            continue;
        }
        let cur = &triggers[i];
        // (A past act named with its agent, `الهجوم الإيراني الليلة الماضية`, is no condition.)
        let named_act = mentions_in(inp, s).iter().any(|m| m.tokens.start == cur.end && m.kind == MentionKind::Demonym);
        if named_act {
            continue;
        }
        let Some(g) = (0..i).rev().find(|&j| keep[j] && triggers[j].end <= cur.start && governs(&triggers[j], cur)) else { continue };
        let gap = &toks[triggers[g].end..cur.start];
        let conditional =
            gap.iter().any(|t| matches!(t.key.trim_start_matches('و'), "اذا" | "لو" | "حال" | "حاله" | "شريطه" | "بشرط" | "طالما"));
        if conditional && !gap.iter().any(|t| matches!(t.key.as_str(), "." | "؛" | ";")) {
            keep[i] = false;
        }
    }
    let mut k = 0;
    triggers.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

/// The first clause break at or after `from` (or `limit`).
fn clause_limit(toks: &[Token], from: usize, limit: usize) -> usize {
    (from..limit).find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str())).unwrap_or(limit)
}

/// The actors of the most recent two-sided event in this or the previous three sentences.
fn recent_pair(prev: &[EventMention], si: usize) -> Vec<EntityId> {
    for m in prev.iter().rev().take(CONTEXT_WINDOW) {
        if m.sentence + 3 < si {
            break;
        }
        let mut all: Vec<EntityId> = m.source.iter().chain(m.target.iter()).copied().collect();
        all.dedup();
        if all.len() == 2 {
            return all;
        }
    }
    Vec::new()
}

/// A country standing behind a place: a capital's country, a city's country, or the country itself.
fn host_of(kb: &DocEntities, e: EntityId) -> Option<EntityId> {
    let ent = kb.entity(e);
    if SEATS.contains(&ent.id.as_str()) {
        return ent.country.as_deref().and_then(|c| kb.country(c));
    }
    match ent.kind {
        EntityKind::Country => Some(e),
        EntityKind::Place | EntityKind::Region => ent.capital_of.or_else(|| ent.country.as_deref().and_then(|c| kb.country(c))),
        _ => None,
    }
}

/// The finest place introduced by في / ب / إلى in tokens `from..to` of the sentence.
fn place_in_clause(inp: &Input, s: &Sentence, from: usize, to: usize) -> Option<EntityId> {
    let mut best: Option<(u8, EntityId)> = None;
    for m in mentions_in(inp, s).iter().filter(|m| m.tokens.start >= from && m.tokens.start < to) {
        let Some(e) = m.entity else { continue };
        // A seat of power (`في الكرملين`, `بالبيت الأبيض`) is a place in its capital.
        let e = if SEATS.contains(&inp.kb.entity(e).id.as_str()) {
            match inp.kb.entity(e).country.as_deref().and_then(|c| inp.kb.country(c)).and_then(|c| inp.kb.capital(c)) {
                Some(city) => city,
                None => continue,
            }
        } else {
            e
        };
        let ent = inp.kb.entity(e);
        if !ent.kind.is_place() {
            continue;
        }
        let prep = unit_prep(inp.tokens, m, s);
        if !matches!(prep.as_deref(), Some("في" | "ب" | "الي")) {
            continue;
        }
        let rank = match ent.place_kind.map(|p| p.precision()) {
            Some("site") => 4,
            Some("city") => 3,
            Some(_) => 2,
            None if ent.kind == EntityKind::Country => 1,
            None => 0,
        };
        if ent.kind.is_place() && best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, e));
        }
    }
    best.map(|(_, e)| e)
}

/// Who the sentence attributes its content to, and the token starts of those units.
fn attribution(inp: &Input, s: &Sentence, units: &[Unit], in_trigger: &[std::ops::Range<usize>]) -> (Vec<EntityId>, Vec<usize>) {
    let toks = inp.tokens;
    let mut who = Vec::new();
    let mut unit_starts = Vec::new();
    let mut i = s.tokens.start;
    while i < s.tokens.end {
        let mut matched = None;
        if in_trigger.iter().any(|r| r.contains(&i)) {
            i += 1;
            continue;
        }
        for r in cue_keys(&toks[i].key) {
            let kinds = inp.lexicon.cue(r);
            if kinds.iter().any(|k| matches!(k, CueKind::ReportVerb | CueKind::ReportPrep | CueKind::ReportNoun)) {
                matched = Some(kinds.to_vec());
                break;
            }
        }
        // `هجوما على موقع للجيش`: a site attacked, not a news site.
        let physical_site = matched.as_ref().is_some_and(|k| k.iter().all(|k| *k == CueKind::ReportNoun))
            && readings(&toks[i].key)
                .iter()
                .any(|r| matches!(r.rest.as_str(), "موقع" | "مواقع") && (r.proclitics.is_empty() || r.proclitics == ["ل"]))
            && i > s.tokens.start
            && matches!(toks[i - 1].key.as_str(), "علي" | "ضد" | "قرب" | "في" | "الي" | "من" | "استهداف" | "استهدفت" | "استهدف");
        if physical_site {
            matched = None;
        }
        if let Some(kinds) = matched {
            // The reporter: the first actor unit within a few tokens after the cue.
            // Report prepositions (وفق، بحسب) take the next actor within a short phrase
            // (`وفق منشور للصفحة الرسمية للقيادة العامة`); verbs their subject; nouns only an adjacent genitive.
            let window = if kinds.contains(&CueKind::ReportPrep) {
                8
            } else if kinds.contains(&CueKind::ReportVerb) {
                4
            } else {
                // `بيان الخارجية`, `بيان للرئاسة`, `موقع “إنسايد أوفر”`: only the adjacent genitive
                // (quotation marks aside).
                1 + toks[i + 1..s.tokens.end].iter().take_while(|t| is_quote(t)).count()
            };
            // A unit after the complementizer (`أفاد شهود بأن القوات …`) is inside what is reported.
            let that_before = |u: &Unit| {
                toks[i + 1..u.tokens.start].iter().any(|t| matches!(t.key.as_str(), "ان" | "بان" | "انه" | "بانه" | "انها" | "بانها"))
            };
            // (`قناة بنما` is a canal, not a television channel: a report noun's genitive is no place.)
            let canal = |u: &Unit| {
                u.entities.iter().all(|&e| inp.kb.entity(e).kind.is_place())
                    && !kinds.contains(&CueKind::ReportVerb)
                    && !kinds.contains(&CueKind::ReportPrep)
            };
            if let Some(u) = units.iter().find(|u| u.tokens.start > i && u.tokens.start <= i + window && !that_before(u) && !canal(u)) {
                let is_report_verb = kinds.contains(&CueKind::ReportVerb);
                // A report verb's subject followed by أن/بأن is a reporter; a preposition's object is one.
                let follows_that = toks[u.tokens.end..s.tokens.end.min(u.tokens.end + 12)]
                    .iter()
                    .any(|t| matches!(t.key.as_str(), "ان" | "بان" | "انه" | "بانه"));
                if !is_report_verb || follows_that || kinds.contains(&CueKind::ReportPrep) {
                    for &e in &u.entities {
                        if !who.contains(&e) {
                            who.push(e);
                        }
                    }
                    unit_starts.push(u.tokens.start);
                }
            } else if kinds.contains(&CueKind::ReportPrep) {
                who.push(EntityId(u32::MAX));
            }
        }
        i += 1;
    }
    (who, unit_starts)
}

/// The token key and its reading without a leading و/ف: the only readings used for cue words
/// (`كما` must not be read as ك + ما).
fn cue_keys(k: &str) -> impl Iterator<Item = &str> {
    let stripped = k.strip_prefix('و').or_else(|| k.strip_prefix('ف')).filter(|r| r.chars().count() >= 2);
    std::iter::once(k).chain(stripped)
}

fn modality(inp: &Input, s: &Sentence, trigger: usize, future_prefix: bool, reported: bool) -> Modality {
    let toks = inp.tokens;
    let mut m = Modality::Asserted;
    let mut rank = 0;
    let mut set = |new: Modality, r: u8, m: &mut Modality| {
        if r > rank {
            *m = new;
            rank = r;
        }
    };
    if reported {
        set(Modality::Reported, 1, &mut m);
    }
    if future_prefix {
        set(Modality::Future, 3, &mut m);
    }
    // `على حد سواء` is "alike", no condition.
    let alike = |i: usize| i > s.tokens.start && toks[i - 1].key == "حد";
    for i in s.tokens.start..trigger {
        let near = trigger - i;
        for r in cue_keys(&toks[i].key) {
            for k in inp.lexicon.cue(r) {
                match k {
                    CueKind::Negation if near <= 2 => set(Modality::Negated, 5, &mut m),
                    CueKind::Hypothetical if !(r == "سواء" && alike(i)) => set(Modality::Hypothetical, 4, &mut m),
                    CueKind::Future if near <= 6 => set(Modality::Future, 3, &mut m),
                    CueKind::Hedge => set(Modality::Hedged, 2, &mut m),
                    _ => {}
                }
            }
        }
        if near <= 2 && MODAL_VERBS.contains(&toks[i].key.as_str()) {
            set(Modality::Hypothetical, 4, &mut m);
        }
        // `سواء وافق أم لم يوافق`: neither branch of "whether or not" happened.
        if toks[i].key == "سواء" && !alike(i) && toks[i + 1..trigger].iter().any(|t| t.key == "ام") {
            set(Modality::Hypothetical, 6, &mut m);
        }
        // Two-word cues (من المقرر، في حال).
        if i + 1 < trigger {
            let k2 = format!("{} {}", toks[i].key, toks[i + 1].key);
            for k in inp.lexicon.cue(&k2) {
                match k {
                    // A denial (`نفت أن يكون … قد التقى`) negates what it governs, however far.
                    CueKind::Negation => set(Modality::Negated, 5, &mut m),
                    CueKind::Hypothetical => set(Modality::Hypothetical, 4, &mut m),
                    CueKind::Future => set(Modality::Future, 3, &mut m),
                    CueKind::Hedge => set(Modality::Hedged, 2, &mut m),
                    _ => {}
                }
            }
        }
    }
    m
}

/// The date of trigger `ti`: the time expression of the sentence nearest to it (ties: the earlier trigger).
fn date_for(inp: &Input, s: &Sentence, triggers: &[Match], ti: usize) -> Option<EventDate> {
    let toks = inp.tokens;
    let tok_of = |off: usize| toks.partition_point(|t| t.span.end <= off);
    let mut best: Option<(usize, &TimeExpr)> = None;
    // A time expression dates the nearest trigger before it; a trigger after it only when that one
    // is nearer and no comma separates them (`X، الجمعة، ومن ثم حضر` dates X), or when no trigger precedes.
    // Vague spans (`منذ سنوات`) describe a background, not when the event happened.
    // (But a recent "since": `منذ شهر مايو`, no more than four months back, dates an ongoing act.)
    let recent_since = |t: &TimeExpr| (t.end - t.start).get_days() <= 120 && inp.text[t.span.range()].starts_with("منذ");
    for t in times_in(inp, s).iter().filter(|t| s.span.contains(t.span) && (t.precision != Precision::Fuzzy || recent_since(t))) {
        let at = tok_of(t.span.start);
        let at_end = tok_of(t.span.end.saturating_sub(1)) + 1;
        // A time inside a discontinuous phrase (`خرج آلاف الجزائريين أمس الجمعة في مسيرات`) is its own.
        if let Some((i, _)) = triggers.iter().enumerate().find(|(_, m)| m.start < at && at_end <= m.end) {
            if i == ti && best.is_none() {
                best = Some((0, t));
            }
            continue;
        }
        // (A time inside a relative clause or a participle phrase after the trigger dates that clause:
        // `قرار ترامب بالانسحاب من الاتفاق الموقع مع إيران في 2015`, `الاتفاق الذي أبرم عام 2015`.)
        // (Only a clause about the past: `مؤتمر المناخ الذي ينطلق غدا` still dates what happens at it.)
        let past_relative = |k: usize| {
            RELATIVES.contains(&toks[k].key.as_str()) && toks.get(k + 1).is_some_and(|n| !n.key.starts_with(['ي', 'ت', 'ن', 'س']))
        };
        let inside_clause = |from: usize| (from..at).any(|k| past_relative(k) || CLAUSE_PARTICIPLES.contains(&toks[k].key.as_str()));
        let prev =
            triggers.iter().enumerate().filter(|(_, m)| m.end <= at && !inside_clause(m.end)).map(|(i, m)| (i, at - m.end)).next_back();
        let next = triggers.iter().enumerate().find(|(_, m)| m.start >= at_end).map(|(i, m)| (i, m.start - at_end));
        let comma_before_next =
            next.is_some_and(|(i, _)| toks[at_end..triggers[i].start].iter().any(|x| CLAUSE_BREAKS.contains(&x.key.as_str())));
        let owner = match (prev, next) {
            (Some((p, dp)), Some((n, dn))) => {
                if dn < dp && !comma_before_next {
                    n
                } else {
                    p
                }
            }
            (Some((p, _)), None) => p,
            (None, Some((n, _))) => n,
            (None, None) => continue,
        };
        // Of several expressions owned by this trigger, the first wins.
        if owner == ti && best.is_none() {
            best = Some((0, t));
        }
    }
    let (_, t) = best?;
    let at = tok_of(t.span.start);
    let report_time = (at.saturating_sub(3)..at)
        .any(|i| i >= s.tokens.start && readings(&toks[i].key).iter().any(|r| inp.lexicon.cue(&r.rest).contains(&CueKind::ReportNoun)));
    let _ = s;
    if report_time {
        return Some(EventDate {
            start: t.start.checked_sub(rasd_core_days(6)).unwrap_or(t.start),
            end: t.end,
            precision: Precision::Range,
            part_of_day: None,
            span: Some(t.span),
            basis: DateBasis::Context,
            how: "the time of the report: the event happened by then".into(),
        });
    }
    Some(EventDate {
        start: t.start,
        end: t.end,
        precision: t.precision,
        part_of_day: t.part_of_day,
        span: Some(t.span),
        basis: t.basis,
        how: "time expression nearest the trigger".into(),
    })
}

fn rasd_core_days(n: i64) -> rasd_core::DateSpan {
    use rasd_core::ToSpan;
    n.days()
}

/// A statement the article reports in the past or present tense with no date of its own
/// (`اتهم الوزير …`, `يطالب المحتجون …`) is news of the day: it is dated to the publication day
/// or the day before, with basis `publication` so that no reader mistakes it for a stated date.
/// Not for acts other than statements (an undated attack or meeting is as often background), nor
/// for background in the pluperfect (`وكان الوزير قد اتهم …`), nor for the future, hypothetical or
/// hedged.
fn date_statements_by_publication(inp: &Input, ms: &mut [EventMention]) {
    let Some(published) = inp.published else { return };
    let toks = inp.tokens;
    for m in ms.iter_mut().filter(|m| m.date.is_none()) {
        let def = &inp.lexicon.triggers[m.rule];
        let at = toks.partition_point(|t| t.span.end <= m.trigger.start);
        let first = toks.get(at).map_or("", |t| t.key.trim_start_matches(['و', 'ف']));
        // (SUPPORT is a statement when it praises, welcomes, backs or thanks; signing is an act.)
        let says_support =
            ["اشاد", "اثن", "ثمن", "رحب", "ايد", "شكر", "هنا", "دافع", "تضامن", "اعرب", "اكد", "يشيد", "يرحب", "يويد", "يعرب", "يوكد"]
                .iter()
                .any(|p| first.starts_with(p));
        let statement = matches!(m.event_type, EventType::Accuse | EventType::Request | EventType::Reject | EventType::Threaten)
            || (m.event_type == EventType::Support && says_support);
        if !statement || def.pos == Pos::Noun || !matches!(m.modality, Modality::Asserted | Modality::Reported | Modality::Negated) {
            continue;
        }
        let sentence_start = inp.sentences[m.sentence].tokens.start;
        let background = toks[sentence_start.max(at.saturating_sub(8))..at]
            .iter()
            .any(|t| matches!(t.key.trim_start_matches('و'), "كان" | "كانت" | "قد" | "سبق" | "سابق" | "سابقا"));
        if background {
            continue;
        }
        m.date = Some(EventDate {
            start: published.checked_sub(rasd_core_days(1)).unwrap_or(published),
            end: published,
            precision: Precision::Range,
            part_of_day: None,
            span: None,
            basis: DateBasis::Publication,
            how: "no date in the text: a statement reported without one, taken as of the publication day or the day before".into(),
        });
        m.notes.push("date: the publication day or the day before (a statement with no date of its own)".into());
    }
}

/// How many neighbouring event mentions context inference looks at.
const CONTEXT_WINDOW: usize = 64;

/// Undated mentions inherit the date of the previous sentence's event with a shared actor;
/// report-bounded ranges start no earlier than the first dated event of a shared actor;
/// events during a visit take the visit's place.
fn infer_context(inp: &Input, ms: &mut [EventMention]) {
    for i in 0..ms.len() {
        let actors = |m: &EventMention| m.source.iter().chain(m.target.iter()).copied().collect::<Vec<_>>();
        let mine = actors(&ms[i]);
        let lo = i.saturating_sub(CONTEXT_WINDOW);
        if ms[i].date.is_none() {
            let prev = ms[lo..i].iter().rev().find(|p| {
                (p.sentence + 1 == ms[i].sentence || p.sentence == ms[i].sentence)
                    && p.date.as_ref().is_some_and(|d| d.precision == Precision::Day && d.basis != DateBasis::Context)
                    && actors(p).iter().any(|a| mine.contains(a))
            });
            if let Some(p) = prev {
                let mut d = p.date.clone().expect("filtered on date");
                d.basis = DateBasis::Context;
                d.span = None;
                d.how = "inherited from an earlier event of this or the previous sentence with a shared actor".into();
                ms[i].date = Some(d);
            }
        }
        if ms[i].date.as_ref().is_some_and(|d| d.how.starts_with("the time of the report")) {
            let end = ms[i].date.as_ref().unwrap().end;
            let earliest = ms[lo..(i + CONTEXT_WINDOW).min(ms.len())]
                .iter()
                .filter(|p| {
                    p.date.as_ref().is_some_and(|d| {
                        d.precision == Precision::Day && d.start <= end && d.start >= end.checked_sub(rasd_core_days(6)).unwrap_or(end)
                    }) && actors(p).iter().any(|a| mine.contains(a))
                })
                .filter_map(|p| p.date.as_ref().map(|d| d.start))
                .min();
            if let Some(e) = earliest {
                let d = ms[i].date.as_mut().unwrap();
                d.start = e;
                d.how = "between the first dated event of a shared actor and the time of the report".into();
            }
        }
    }
    // Visits: their place serves the visitor's other events dated during it.
    let visits: Vec<(Vec<EntityId>, Location, Option<Date>)> = ms
        .iter()
        .filter(|m| m.mode.as_deref() == Some("visit") && m.location.is_some())
        .map(|m| (m.source.clone(), m.location.clone().unwrap(), m.date.as_ref().map(|d| d.start)))
        .collect();
    for m in ms.iter_mut() {
        if m.location.is_none() {
            let actors: Vec<EntityId> = m.source.iter().chain(m.target.iter()).copied().collect();
            // Meetings of the visitor, and other acts between the visitor and someone of the host
            // country (`أكد بيلوسوف … حفتر`), took place during the visit.
            let host_country = |l: &Location| inp.kb.entity(l.entity).country.clone();
            let fits = |src: &[EntityId], l: &Location| {
                src.iter().any(|s| actors.contains(s))
                    && (m.event_type == EventType::Consult
                        || actors.iter().any(|&a| {
                            !src.contains(&a) && inp.kb.entity(a).country.is_some() && inp.kb.entity(a).country == host_country(l)
                        }))
            };
            if let Some((_, l, _)) = visits.iter().take(CONTEXT_WINDOW).find(|(src, l, start)| {
                fits(src, l)
                    && match (start, &m.date) {
                        (Some(s), Some(d)) => d.end >= *s,
                        _ => true,
                    }
            }) {
                m.location = Some(Location { entity: l.entity, basis: "visit" });
            }
        }
    }
}

fn symmetric(m: &EventMention) -> bool {
    m.event_type == EventType::Consult && !matches!(m.mode.as_deref(), Some("visit" | "host"))
}

fn mode_class(mode: Option<&str>) -> &str {
    match mode {
        Some("visit") => "visit",
        Some("host") => "host",
        Some("phone") => "phone",
        Some("multilateral") => "multilateral",
        _ => "meet",
    }
}

fn actor_set(m: &EventMention) -> Vec<EntityId> {
    let mut v: Vec<EntityId> = if symmetric(m) { m.source.iter().chain(m.target.iter()).copied().collect() } else { m.source.clone() };
    v.sort();
    v.dedup();
    v
}

fn dates_compatible(a: &Option<EventDate>, b: &Option<EventDate>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.start <= b.end && b.start <= a.end,
        _ => true,
    }
}

fn merge(inp: &Input, mut ms: Vec<EventMention>) -> Vec<Event> {
    // Smaller actor sets first, so that "X met A and B" can attach to the separate meetings with A and with B.
    let mut order: Vec<usize> = (0..ms.len()).collect();
    order.sort_by_key(|&i| (actor_set(&ms[i]).len(), ms[i].sentence));
    let mut events: Vec<Event> = Vec::new();
    let mut taken = vec![false; ms.len()];
    for &i in &order {
        let m = &ms[i];
        let set = actor_set(m);
        let cls = mode_class(m.mode.as_deref());
        // Outside CONSULT and ASSAULT, two modes are two acts (a siege and a blockade of aid, a
        // demonstration and a riot); a mention with no mode may be either. One attack is often told
        // as air strikes, then missiles, then bombs.
        let modes_fit = |e: &Event| {
            matches!(m.event_type, EventType::Consult | EventType::Assault) || e.mode.is_none() || m.mode.is_none() || e.mode == m.mode
        };
        // Talks of a pair during their call or meeting (`أجرى … اتصالا … ناقشا خلاله`) are that call.
        let discuss_joins = |e: &Event| {
            let near = e.mentions.iter().any(|x| x.sentence.abs_diff(m.sentence) <= 1);
            near && symmetric(m)
                && symmetric(&e.mentions[0])
                && (m.mode.as_deref() == Some("discuss") || e.mode.as_deref() == Some("discuss"))
        };
        let classes_fit = |e: &Event| mode_class(e.mode.as_deref()) == cls || discuss_joins(e);
        let same_kind = |e: &Event| {
            e.event_type == m.event_type
                && classes_fit(e)
                && modes_fit(e)
                && (e.modality == Modality::Negated) == (m.modality == Modality::Negated)
        };
        let ev_set = |e: &Event| actor_set(&e.mentions[0]);
        // Same actors (and compatible targets for directed events).
        // (A target read off a place gives way to one named in the same sentence.)
        let weak_target = |e: &Event| {
            e.mentions.iter().any(|x| x.sentence == m.sentence) && (m.target_from_place || e.mentions.iter().all(|x| x.target_from_place))
        };
        let exact = events.iter().position(|e| {
            same_kind(e)
                && ev_set(e) == set
                && dates_compatible(&e.date, &m.date)
                && (symmetric(m)
                    || m.target.is_empty()
                    || e.target.is_empty()
                    || e.target.iter().any(|t| m.target.contains(t))
                    || weak_target(e))
        });
        if let Some(k) = exact {
            add_mention(inp, &mut events[k], m.clone(), true);
            taken[i] = true;
            continue;
        }
        // A superset mention covered by existing events: evidence for each of them.
        if symmetric(m) && set.len() >= 3 {
            let covering: Vec<usize> = events
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    same_kind(e) && symmetric(&e.mentions[0]) && ev_set(e).len() >= 2 && ev_set(e).iter().all(|a| set.contains(a))
                })
                .map(|(k, _)| k)
                .collect();
            let union: Vec<EntityId> = covering.iter().flat_map(|&k| ev_set(&events[k])).collect();
            if !covering.is_empty() && set.iter().all(|a| union.contains(a)) {
                for k in covering {
                    let mut mm = m.clone();
                    mm.date = None;
                    mm.notes.push("evidence shared by several events: names more actors than this one".into());
                    add_mention(inp, &mut events[k], mm, false);
                }
                taken[i] = true;
                continue;
            }
        }
        events.push(new_event(inp, m.clone()));
        taken[i] = true;
    }
    ms.clear();
    for e in &mut events {
        e.mentions.sort_by_key(|m| (m.sentence, m.trigger.start));
    }
    events.sort_by(|a, b| {
        let da = a.date.as_ref().map(|d| d.start);
        let db = b.date.as_ref().map(|d| d.start);
        (da.is_none(), da, a.mentions[0].sentence).cmp(&(db.is_none(), db, b.mentions[0].sentence))
    });
    events
}

fn new_event(inp: &Input, m: EventMention) -> Event {
    let def = &inp.lexicon.triggers[m.rule];
    let mut e = Event {
        event_type: m.event_type,
        mode: m.mode.clone(),
        contexts: def.contexts.clone(),
        source: m.source.clone(),
        target: m.target.clone(),
        date: m.date.clone(),
        location: m.location.clone(),
        modality: m.modality,
        reported_by: m.reported_by.iter().copied().filter(|e| e.0 != u32::MAX).collect(),
        mentions: vec![m],
        confidence: 0.0,
    };
    e.confidence = confidence(&e);
    e
}

fn add_mention(inp: &Input, e: &mut Event, m: EventMention, extend_args: bool) {
    let _ = inp;
    if extend_args && !m.target_from_place && !m.target.is_empty() && e.mentions.iter().all(|x| x.target_from_place) {
        e.target = m.target.clone();
    }
    let extend_args = extend_args && !(m.target_from_place && e.mentions.iter().any(|x| !x.target_from_place));
    if let Some(d) = &m.date
        && e.date.as_ref().is_none_or(|cur| d.rank() > cur.rank())
    {
        e.date = Some(d.clone());
    }
    let loc_rank = |l: &Location| match l.basis {
        "clause" => 3,
        "sentence" => 2,
        "visit" => 1,
        _ => 0,
    };
    if let Some(l) = &m.location
        && e.location.as_ref().is_none_or(|cur| loc_rank(l) > loc_rank(cur))
    {
        e.location = Some(l.clone());
    }
    for t in m.target.iter().filter(|_| extend_args) {
        if !e.target.contains(t) && !e.source.contains(t) {
            e.target.push(*t);
        }
    }
    for r in m.reported_by.iter().filter(|r| r.0 != u32::MAX) {
        if !e.reported_by.contains(r) {
            e.reported_by.push(*r);
        }
    }
    // The strongest commitment among mentions: an asserted mention beats a reported or hedged one.
    let strength = |x: Modality| match x {
        Modality::Asserted => 5,
        Modality::Reported => 4,
        Modality::Hedged => 3,
        Modality::Future => 2,
        Modality::Hypothetical => 1,
        Modality::Negated => 0,
    };
    if strength(m.modality) > strength(e.modality) && e.modality != Modality::Negated {
        e.modality = m.modality;
    }
    e.mentions.push(m);
    e.confidence = confidence(e);
}

fn confidence(e: &Event) -> f32 {
    let mut c: f32 = 0.4;
    if !e.target.is_empty() {
        c += 0.2;
    }
    if e.date.is_some() {
        c += 0.1;
    }
    if e.location.is_some() {
        c += 0.1;
    }
    c += 0.05 * (e.mentions.len().min(4) as f32 - 1.0);
    c.min(0.95)
}

#[cfg(test)]
mod tests;
