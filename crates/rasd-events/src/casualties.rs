//! Casualty figures of attacks: how many were killed and injured, as the text states them.
//!
//! A *toll* is a count the text ties to a casualty word, read on the words' matching keys:
//! - a casualty noun or verb before the count: `مقتل 12 شخصا`, `إصابة أكثر من عشرين`,
//!   `قتل ثلاثة جنود`, `أصيب خمسة`, `أودى بحياة سبعة`, `لقي أربعة أشخاص مصرعهم`;
//! - a count before a casualty noun: `15 قتيلا`, `عشرات الجرحى`, `خمسة شهداء`;
//! - a toll: `ارتفعت حصيلة القتلى إلى 30`;
//! - a singular or dual person after the casualty word: `مقتل جندي` (1), `إصابة شخصين` (2).
//!
//! Counts are digits (any digit script) or words up to the thousands (`خمسة وعشرين`,
//! `ثلاثمئة`); a count is a lower bound (`exact: false`) after `على الأقل`, `أكثر من`, `نحو`,
//! `ما لا يقل عن`… and for the vague plurals, read as ACLED reads them: `عشرات` 10, `مئات` 100,
//! `آلاف` 1,000. A count followed by a unit (`خمسة أيام`, `10 كيلومترات`) is not a toll.
//!
//! Each toll goes to an ASSAULT event: one with a mention in the toll's sentence (the nearest
//! trigger); else, when that sentence codes nothing of its own or revises a toll (`حصيلة`,
//! `ارتفع`, `بلغ`), the latest attack of the two sentences before; else, for a revision, the
//! article's only attack. A toll of ten thousand or more, or of a thousand or more beside `الحرب`,
//! `النزاع`, `منذ`, is a war's or a period's and goes to none. Within a sentence the first toll of a
//! kind counts (the lead figure, not a breakdown); a toll in a later sentence replaces an earlier
//! one: tolls are revised as the day goes on.

use crate::{Event, Input};
use rasd_core::{EventType, Span};
use rasd_text::{Token, TokenKind};

/// A casualty count stated in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Casualties {
    pub count: u32,
    /// False for a lower bound or an estimate (`على الأقل`, `أكثر من`, `عشرات`).
    pub exact: bool,
    /// The words that give the count, qualifier included.
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Killed,
    Injured,
}

#[derive(Debug)]
struct Toll {
    kind: Kind,
    sentence: usize,
    at: usize,
    value: Casualties,
}

/// Fills `fatalities` and `injured` of the ASSAULT events from the tolls of the document.
pub(crate) fn attach(inp: &Input, events: &mut [Event]) {
    if !events.iter().any(|e| e.event_type == EventType::Assault) {
        return;
    }
    let mut tolls = Vec::new();
    let mut revision = vec![false; inp.sentences.len()];
    for (si, s) in inp.sentences.iter().enumerate() {
        if inp.layout.kind_at(s.span.start).carries_events() {
            let toks = &inp.tokens[s.tokens.clone()];
            scan(toks, si, &mut tolls);
            revision[si] = revises(toks);
        }
    }
    let attacks: Vec<usize> = (0..events.len()).filter(|&k| events[k].event_type == EventType::Assault).collect();
    // A war's or a period's whole toll (`الحرب التي قتل فيها أكثر من 350 ألف شخص`) is no attack's.
    tolls.retain(|t| {
        let s = &inp.sentences[t.sentence];
        let overall =
            inp.tokens[s.tokens.clone()].iter().any(|w| matches!(bare(w), "الحرب" | "حرب" | "النزاع" | "الصراع" | "منذ" | "الحرب الاهليه"));
        // (Ten thousand dead or more is a war's or a period's toll, not one attack's, even when
        // the sentence does not say so: `قتل أكثر من 185 ألف مدني`.)
        !(overall && t.value.count >= 1000) && t.value.count < 10_000
    });
    // (event, kind) → sentence of the toll kept, to keep the first per sentence.
    let mut kept: Vec<(usize, Kind, usize)> = Vec::new();
    for t in tolls {
        let Some(k) = owner(events, &attacks, &t, revision[t.sentence]) else { continue };
        if kept.iter().any(|&(e, kind, s)| e == k && kind == t.kind && s == t.sentence) {
            continue;
        }
        kept.retain(|&(e, kind, _)| !(e == k && kind == t.kind));
        kept.push((k, t.kind, t.sentence));
        match t.kind {
            Kind::Killed => events[k].fatalities = Some(t.value),
            Kind::Injured => events[k].injured = Some(t.value),
        }
    }
}

fn owner(events: &[Event], attacks: &[usize], t: &Toll, revision: bool) -> Option<usize> {
    let trigger_distance =
        |k: usize| events[k].mentions.iter().filter(|m| m.sentence == t.sentence).map(|m| m.trigger.start.abs_diff(t.at)).min();
    if let Some(k) = attacks.iter().copied().filter_map(|k| trigger_distance(k).map(|d| (d, k))).min().map(|(_, k)| k) {
        return Some(k);
    }
    // A sentence that codes something else (a statement, a protest) has its own subject.
    let own_event = events.iter().any(|e| e.mentions.iter().any(|m| m.sentence == t.sentence));
    if own_event && !revision {
        return None;
    }
    let before = |k: usize| events[k].mentions.iter().map(|m| m.sentence).filter(|&s| s < t.sentence && t.sentence - s <= 2).max();
    if let Some(k) = attacks.iter().copied().filter_map(|k| before(k).map(|s| (s, k))).max().map(|(_, k)| k) {
        return Some(k);
    }
    match attacks {
        [only] if revision && events[*only].mentions.iter().any(|m| m.sentence < t.sentence) => Some(*only),
        _ => None,
    }
}

/// Whether a sentence revises a toll (`ارتفعت حصيلة القتلى إلى`, `بلغ عدد القتلى`).
fn revises(toks: &[Token]) -> bool {
    toks.iter().any(|t| {
        let k = bare(t);
        k.contains("حصيله") || k.starts_with("ارتفع") || k.starts_with("يرتفع") || k.starts_with("ليرتفع") || k == "بلغ" || k == "بلغت"
    })
}

/// The key of a token with a leading conjunction و removed, when what is left is still a word.
pub(crate) fn bare(t: &Token) -> &str {
    let k = t.key.as_str();
    match k.strip_prefix('و') {
        Some(r) if r.chars().count() >= 3 => r,
        _ => k,
    }
}

fn scan(toks: &[Token], si: usize, out: &mut Vec<Toll>) {
    let mut i = 0;
    while i < toks.len() {
        if let Some((kind, value, next)) = toll_at(toks, i) {
            out.push(Toll { kind, sentence: si, at: value.span.start, value });
            i = next.max(i + 1);
        } else {
            i += 1;
        }
    }
}

/// A toll whose first word is `toks[i]`: (kind, count, index after it).
fn toll_at(toks: &[Token], i: usize) -> Option<(Kind, Casualties, usize)> {
    let k = bare(&toks[i]);
    // A toll: حصيلة [القتلى|الجرحى|الضحايا] … إلى|ب N.
    if k == "حصيله" || k == "الحصيله" {
        let kind = match toks.get(i + 1).map(bare) {
            Some("الجرحي" | "المصابين" | "الاصابات") => Kind::Injured,
            _ => Kind::Killed,
        };
        for j in i + 1..toks.len().min(i + 7) {
            let w = toks[j].key.as_str();
            if w == "الي" || w == "ب" {
                return count_at(toks, j + 1).map(|(c, n)| (kind, c, n));
            }
            if let Some(rest) = w.strip_prefix('ب')
                && !rest.is_empty()
                && toks[j].kind == TokenKind::Arabic
                && let Some((c, n)) = number_word_run(toks, j, rest)
            {
                return Some((kind, c, n));
            }
        }
        return None;
    }
    // A casualty word, then the count.
    if let Some(kind) = head_word(k) {
        // مقتل وإصابة N: one count for both, not a figure for either.
        if toks.get(i + 1).is_some_and(|t| matches!(t.key.as_str(), "واصابه" | "وجرح" | "واصيب"))
            || (kind == Kind::Injured && i > 0 && toks[i].key.starts_with('و') && head_word(bare(&toks[i - 1])) == Some(Kind::Killed))
        {
            return None;
        }
        if let Some((c, n)) = count_at(toks, i + 1).or_else(|| person_count(toks, i + 1)) {
            return Some((kind, c, n));
        }
        // A few words on (a subject, فيه, a time), a count of people: `قتلت الغارات 80 شخصا`,
        // `وقتل صباح السبت مدنيان اثنان`.
        for j in i + 1..toks.len().min(i + 6) {
            let w = bare(&toks[j]);
            if toks[j].kind == TokenKind::Punct || (j > i + 1 && head_word(w).is_some()) {
                break;
            }
            if (people_noun(w) || w.ends_with("ان"))
                && let Some(t) = toks.get(j + 1).filter(|t| matches!(t.key.as_str(), "اثنين" | "اثنان" | "اثنتين" | "اثنتان"))
            {
                return Some((kind, Casualties { count: 2, exact: true, span: t.span }, j + 2));
            }
            if j > i + 1
                && let Some((c, n)) = count_at(toks, j)
                && toks.get(n).is_some_and(|t| people_noun(bare(t)))
            {
                return Some((kind, c, n + 1));
            }
        }
        return None;
    }
    // أودى بحياة N
    if k == "اودي" && toks.get(i + 1).is_some_and(|t| t.key == "بحياه") {
        return count_at(toks, i + 2).map(|(c, n)| (Kind::Killed, c, n));
    }
    // لقي N [أشخاص] حتفهم|مصرعهم
    if k == "لقي" {
        let (c, n) = count_at(toks, i + 1).or_else(|| person_count(toks, i + 1))?;
        let dies = toks[n..toks.len().min(n + 3)].iter().any(|t| t.key.starts_with("حتف") || t.key.starts_with("مصرع"));
        return dies.then_some((Kind::Killed, c, n));
    }
    // N [من] قتلى|جرحى…, and the dual nouns alone (قتيلين).
    if let Some(kind) = dual_casualty(k) {
        return Some((kind, Casualties { count: 2, exact: true, span: toks[i].span }, i + 1));
    }
    let (c, n) = count_at(toks, i)?;
    let mut j = n;
    if toks.get(j).is_some_and(|t| t.key == "من") {
        j += 1;
    }
    if let Some(kind) = toks.get(j).and_then(|t| casualty_noun(bare(t))) {
        return Some((kind, c, j + 1));
    }
    // N [من] الناس قتلوا|لقوا حتفهم|أصيبوا.
    let after = &toks[n..toks.len().min(n + 4)];
    let kind = after.iter().find_map(|t| match bare(t) {
        "قتلوا" | "لقوا" | "قضوا" | "استشهدوا" => Some(Kind::Killed),
        "اصيبوا" | "جرحوا" => Some(Kind::Injured),
        _ => None,
    })?;
    (toks.get(n).is_some_and(|t| people_noun(bare(t)))).then_some((kind, c, n + 1))
}

fn head_word(k: &str) -> Option<Kind> {
    Some(match k {
        "مقتل" | "مصرع" | "استشهاد" | "قتل" | "وفاه" | "مقتلهم" | "قتلت" | "قتلوا" | "قتلا" | "قتلتا" => {
            Kind::Killed
        }
        "اصابه" | "جرح" | "اصيب" | "اصيبوا" | "اصابته" | "اصاب" | "اصابت" | "جرحت" => Kind::Injured,
        _ => return None,
    })
}

/// A word that can follow a count of people: an accusative singular (`شخصا`, 11–99), a plural
/// (`أشخاص`, `مدنيين`), or `من` (`22 من المسلحين`).
pub(crate) fn people_noun(k: &str) -> bool {
    const PLURALS: [&str; 12] = ["اشخاص", "جنود", "عناصر", "اطفال", "نساء", "رجال", "افراد", "قتلي", "جرحي", "اخرين", "اخرون", "من"];
    const ADVERBS: [&str; 7] = ["ايضا", "حاليا", "سابقا", "يوميا", "تقريبا", "مجددا", "مؤخرا"];
    PLURALS.contains(&k)
        || PERSONS.contains(&k)
        || (k.chars().count() >= 3 && (k.ends_with('ا') || k.ends_with("ين") || k.ends_with("ون")) && !ADVERBS.contains(&k) && !is_unit(k))
}

fn casualty_noun(k: &str) -> Option<Kind> {
    Some(match k {
        "قتيلا" | "قتيل" | "قتلي" | "القتلي" | "شهيدا" | "شهيد" | "شهداء" | "الشهداء" => {
            Kind::Killed
        }
        "جريحا" | "جريح" | "جرحي" | "الجرحي" | "مصابا" | "مصابين" | "المصابين" | "مصاب" => {
            Kind::Injured
        }
        _ => return None,
    })
}

fn dual_casualty(k: &str) -> Option<Kind> {
    Some(match k {
        "قتيلين" | "قتيلان" | "شهيدين" | "شهيدان" => Kind::Killed,
        "جريحين" | "جريحان" | "مصابين اثنين" => Kind::Injured,
        _ => return None,
    })
}

const PERSONS: [&str; 16] =
    ["شخص", "جندي", "طفل", "رجل", "امراه", "شاب", "فتي", "مدني", "شرطي", "عنصر", "ضابط", "مواطن", "صحفي", "مسلح", "طالب", "فلسطيني"];

/// A person named by a singular (1) or dual (2) noun right after a casualty word: `مقتل جندي`.
fn person_count(toks: &[Token], i: usize) -> Option<(Casualties, usize)> {
    let t = toks.get(i)?;
    let k = t.key.as_str();
    let count = if PERSONS.contains(&k) || PERSONS.iter().any(|p| k.strip_prefix(p) == Some("ا")) {
        1
    } else if k == "امراتين" || PERSONS.iter().any(|p| matches!(k.strip_prefix(p), Some("ين" | "ان"))) && !k.ends_with("يين")
    {
        2
    } else {
        return None;
    };
    Some((Casualties { count, exact: true, span: t.span }, i + 1))
}

/// A count starting at `toks[i]`, with a qualifier before it and `على الأقل` after it.
pub(crate) fn count_at(toks: &[Token], i: usize) -> Option<(Casualties, usize)> {
    let start = toks.get(i)?.span.start;
    let (mut exact, j) = match qualifier(toks, i) {
        Some(j) => (false, j),
        None => (true, i),
    };
    let t = toks.get(j)?;
    let (mut c, n) = if t.kind == TokenKind::Number {
        let digits: String = t.key.chars().filter(|&c| c != ',').collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 6 {
            return None;
        }
        (Casualties { count: digits.parse().ok()?, exact, span: t.span }, j + 1)
    } else if let Some(v) = vague(bare(t)) {
        exact = false;
        (Casualties { count: v, exact, span: t.span }, j + 1)
    } else {
        number_word_run(toks, j, t.key.as_str())?
    };
    c.exact &= exact;
    c.span.start = start;
    // 80 ألف، مئات الآلاف.
    let mut n = n;
    if c.count < 1000
        && let Some(t) = toks.get(n).filter(|t| matches!(bare(t), "الف" | "الاف" | "الالاف"))
    {
        c.count *= 1000;
        c.span.end = t.span.end;
        n += 1;
    }
    if toks.get(n).is_some_and(|t| is_unit(bare(t))) || (c.count >= 1900 && c.count <= 2100 && t.kind == TokenKind::Number) {
        return None;
    }
    // … على الأقل, right after the count or after the noun counted.
    for k in n..toks.len().min(n + 3) {
        if toks[k].key == "علي"
            && let Some(t) = toks.get(k + 1).filter(|t| t.key == "الاقل")
        {
            c.exact = false;
            // The qualifier is part of the words that give the count (`تسعة أشخاص على الأقل`).
            c.span.end = t.span.end;
            break;
        }
    }
    Some((c, n))
}

/// The index after a lower-bound or estimate qualifier at `toks[i]`.
fn qualifier(toks: &[Token], i: usize) -> Option<usize> {
    const QUALIFIERS: [&[&str]; 12] = [
        &["علي", "الاقل"],
        &["اكثر", "من"],
        &["ازيد", "من"],
        &["ما", "لا", "يقل", "عن"],
        &["ما", "يزيد", "عن"],
        &["ما", "يزيد", "علي"],
        &["ما", "يربو", "علي"],
        &["ما", "يقارب"],
        &["نحو"],
        &["حوالي"],
        &["قرابه"],
        &["زهاء"],
    ];
    QUALIFIERS.iter().find_map(|q| {
        let fits = q.iter().enumerate().all(|(o, w)| toks.get(i + o).is_some_and(|t| t.key == *w));
        fits.then_some(i + q.len())
    })
}

fn vague(k: &str) -> Option<u32> {
    Some(match k {
        "عشرات" | "العشرات" => 10,
        "ميات" | "الميات" | "مئات" => 100,
        "الاف" | "الالاف" => 1000,
        _ => return None,
    })
}

fn is_unit(k: &str) -> bool {
    matches!(
        k,
        "يوم"
            | "يوما"
            | "ايام"
            | "ساعه"
            | "ساعات"
            | "دقيقه"
            | "دقايق"
            | "عام"
            | "عاما"
            | "اعوام"
            | "سنه"
            | "سنوات"
            | "شهر"
            | "شهرا"
            | "اشهر"
            | "شهور"
            | "اسبوع"
            | "اسابيع"
            | "كيلومتر"
            | "كيلومترا"
            | "كيلومترات"
            | "كلم"
            | "كم"
            | "متر"
            | "مترا"
            | "امتار"
            | "بالميه"
            | "بالمايه"
            | "%"
            | "دولار"
            | "دولارا"
            | "مليون"
            | "مليار"
    )
}

fn unit_word(k: &str) -> Option<u32> {
    Some(match k {
        "واحد" | "واحده" | "احد" | "احدي" => 1,
        "اثنان" | "اثنين" | "اثنتان" | "اثنتين" | "اثنا" | "اثني" | "اثنتا" | "اثنتي" => 2,
        "ثلاث" | "ثلاثه" => 3,
        "اربع" | "اربعه" => 4,
        "خمس" | "خمسه" => 5,
        "ست" | "سته" => 6,
        "سبع" | "سبعه" => 7,
        "ثماني" | "ثمانيه" | "ثمان" => 8,
        "تسع" | "تسعه" => 9,
        "عشر" | "عشره" => 10,
        _ => return None,
    })
}

fn tens_word(k: &str) -> Option<u32> {
    let stem = k.strip_suffix("ين").or_else(|| k.strip_suffix("ون"))?;
    Some(match stem {
        "عشر" => 20,
        "ثلاث" => 30,
        "اربع" => 40,
        "خمس" => 50,
        "ست" => 60,
        "سبع" => 70,
        "ثمان" => 80,
        "تسع" => 90,
        _ => return None,
    })
}

fn hundreds_word(k: &str) -> Option<u32> {
    let k = k.replace("مايه", "ميه").replace("مايت", "ميت");
    if k == "ميه" {
        return Some(100);
    }
    if matches!(k.as_str(), "ميتين" | "ميتان" | "ميتا") {
        return Some(200);
    }
    let unit = k.strip_suffix("ميه")?;
    unit_word(unit).filter(|&u| (3..=9).contains(&u)).map(|u| u * 100)
}

/// A number in words beginning at `toks[i]` (whose key, without a leading proclitic, is `first`).
fn number_word_run(toks: &[Token], i: usize, first: &str) -> Option<(Casualties, usize)> {
    let mut value = 0u32;
    let mut last_unit = false;
    let mut j = i;
    let mut key = first.to_string();
    loop {
        let k = key.as_str();
        if let Some(h) = hundreds_word(k) {
            value += h;
            last_unit = false;
        } else if j > i && matches!(k, "ميه" | "مايه") && (1..=9).contains(&value) {
            value *= 100;
        } else if let Some(t) = tens_word(k) {
            value += t;
            last_unit = false;
        } else if let Some(u) = unit_word(k) {
            // A teen (خمسة عشر) adds ten to its unit.
            if j > i && u != 10 && !last_unit && !value.is_multiple_of(10) {
                break;
            }
            value += u;
            last_unit = u != 10;
        } else if matches!(k, "الف" | "الفا") {
            value = value.max(1) * 1000;
        } else if matches!(k, "الفين" | "الفان") {
            value += 2000;
        } else if j > i && k == "الاف" && (3..=10).contains(&value) {
            value *= 1000;
        } else {
            break;
        }
        j += 1;
        // The next word continues the number only with a conjunction (خمسة وعشرين), as the ten of
        // a teen (خمسة عشر) or as a multiplier (ثلاث مئة، ثلاثة آلاف).
        let Some(next) = toks.get(j) else { break };
        let nk = next.key.as_str();
        if (matches!(nk, "عشر" | "عشره") && last_unit) || matches!(nk, "ميه" | "مايه" | "الاف" | "الف") {
            key = nk.to_string();
        } else if let Some(r) = nk.strip_prefix('و')
            && (unit_word(r).is_some() || tens_word(r).is_some() || hundreds_word(r).is_some())
        {
            key = r.to_string();
        } else {
            break;
        }
    }
    if j == i || value == 0 {
        return None;
    }
    let span = Span { start: toks[i].span.start, end: toks[j - 1].span.end };
    Some((Casualties { count: value, exact: true, span }, j))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tolls(text: &str) -> Vec<(Kind, u32, bool, String)> {
        let toks = rasd_text::tokenize(text);
        let mut out = Vec::new();
        scan(&toks, 0, &mut out);
        out.into_iter().map(|t| (t.kind, t.value.count, t.value.exact, text[t.value.span.start..t.value.span.end].to_string())).collect()
    }

    #[test]
    fn counts_in_digits_and_words() {
        let t = tolls("أسفر الانفجار عن مقتل 12 شخصا وإصابة أكثر من عشرين آخرين");
        assert_eq!(t, vec![(Kind::Killed, 12, true, "12".into()), (Kind::Injured, 20, false, "أكثر من عشرين".into())]);
        let t = tolls("لقي خمسة وعشرون شخصا حتفهم");
        assert_eq!(t, vec![(Kind::Killed, 25, true, "خمسة وعشرون".into())]);
        let t = tolls("قتل ثلاثة عشر جنديا");
        assert_eq!(t, vec![(Kind::Killed, 13, true, "ثلاثة عشر".into())]);
        let t = tolls("سقط ١٥ قتيلاً و٤٠ جريحاً على الأقل");
        assert_eq!(t, vec![(Kind::Killed, 15, true, "١٥".into()), (Kind::Injured, 40, false, "٤٠ جريحاً على الأقل".into())]);
        let t = tolls("خلف الهجوم ثلاثمئة قتيل");
        assert_eq!(t, vec![(Kind::Killed, 300, true, "ثلاثمئة".into())]);
    }

    #[test]
    fn vague_tolls_and_persons() {
        assert_eq!(tolls("سقوط عشرات القتلى"), vec![(Kind::Killed, 10, false, "عشرات".into())]);
        assert_eq!(tolls("مقتل جندي وإصابة شخصين"), vec![(Kind::Killed, 1, true, "جندي".into()), (Kind::Injured, 2, true, "شخصين".into())]);
        assert_eq!(tolls("ارتفعت حصيلة القتلى إلى 30"), vec![(Kind::Killed, 30, true, "30".into())]);
        assert_eq!(tolls("أودى بحياة سبعة مدنيين"), vec![(Kind::Killed, 7, true, "سبعة".into())]);
    }

    #[test]
    fn counts_a_few_words_on() {
        assert_eq!(tolls("وقتلت الغارات الجوية 80 شخصا"), vec![(Kind::Killed, 80, true, "80".into())]);
        assert_eq!(tolls("وقتل صباح السبت مدنيان اثنان"), vec![(Kind::Killed, 2, true, "اثنان".into())]);
        assert_eq!(tolls("حرب قتل فيها نحو 80 ألف شخص"), vec![(Kind::Killed, 80_000, false, "نحو 80 ألف".into())]);
        assert_eq!(tolls("وقالت المصادر إن 22 من المسلحين قتلوا"), vec![(Kind::Killed, 22, true, "22".into())]);
        assert_eq!(tolls("قد يسفر عن مقتل مئات الآلاف"), vec![(Kind::Killed, 100_000, false, "مئات الآلاف".into())]);
    }

    #[test]
    fn not_tolls() {
        // Units, years, and one figure for both kinds.
        assert!(tolls("قتل منذ خمسة أيام").is_empty());
        assert!(tolls("مقتل 5 أيام").is_empty());
        assert!(tolls("مقتل وإصابة 30 شخصا").is_empty());
        assert!(tolls("في عام 2015 قتل").is_empty());
        assert!(tolls("مقتل 2016 شخص").is_empty());
        assert!(tolls("قتل الرجل في 2015 أيضا").is_empty());
        assert!(tolls("قتلت الغارات، وفي 12 مدينة").is_empty());
    }
}
