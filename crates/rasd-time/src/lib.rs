//! Arabic time expressions resolved to day intervals against the publication date.
//!
//! [`find_times`] scans a text once, left to right, and returns every time expression it
//! recognises as a [`TimeExpr`]: a byte span into the original text, an inclusive interval
//! of days, a [`Precision`], an optional [`PartOfDay`] and a [`DateBasis`].
//!
//! # How matching works
//! The text is cut into words, numbers and punctuation, each keeping its original byte range.
//! Words get a normalised *key* (alef/hamza forms `أإآٱ`→`ا`, `ى`→`ي`, `ة`→`ه`, no tatweel or
//! harakat); numbers get a value from ASCII, Arabic-Indic `٠-٩` or Persian `۰-۹` digits. All
//! lexicons are written as keys. Offsets are never moved: spans always slice the original.
//! At each token the grammars are tried in a fixed order (part of day + day, subdivision
//! of a period, `قبل/منذ/بعد` + quantity, day words / weekdays / dates, months, years,
//! periods); the first that matches consumes its tokens, so results are ordered and never
//! overlap. No regex, no allocation per token beyond the key buffer.
//!
//! # Rules chosen (documented because Arabic news leaves them implicit)
//! - **Proclitics**: `و ف ب ل ك` (and `وب`, `ول`, `لل`→`ل+ال`…) on the first word are tolerated
//!   and *excluded* from the span: in `والخميس` the span is `الخميس`; in `بـ9 مايو` it is
//!   `9 مايو`. Prepositions that carry no meaning for the interval (`في`, `خلال`) are excluded
//!   too; words that change it (`قبل`, `منذ`, `بعد`, `يوم`, `مساء`, `مطلع`…) are included.
//! - **Bare weekday** (`الخميس`, `يوم السبت`): the most recent such day *on or before* the
//!   publication day; the publication weekday itself means the publication day. With
//!   `الماضي/المنصرم/الفائت` strictly before (same weekday → a week earlier); with
//!   `المقبل/القادم` strictly after. With a future cue in the clause (see [`is_future_cue`]:
//!   `سوف`, `سـ`+verb, `من المقرر`, `يعتزم`, `المقبل`…), looking back to the previous clause
//!   break (`،` `.` `؛` newline…), or just after a clause-initial weekday, the next occurrence
//!   on or after the publication day. `الخميس بعد المقبل` adds a week, `الخميس قبل الماضي`
//!   subtracts one.
//! - **Part of day** (`فجر صباح ظهر عصر مساء ليلة ليل` before, `صباحاً مساءً ليلاً…` after)
//!   only sets [`TimeExpr::part_of_day`]; the day is that of the day expression. `ليلة الخميس`
//!   is the night *of* Thursday (the traditional reading "the eve of Thursday" is not applied).
//! - **Weeks** run Saturday–Friday (the usual Arab calendar week). `الأسبوع الماضي` in an
//!   article of Monday 2025-05-12 is 2025-05-03…2025-05-09 (precision Week).
//! - **Day words**: `اليوم` = publication day, `أمس/البارحة` −1, `أول أمس/أمس الأول` −2,
//!   `غداً` +1, `بعد غد` +2; `الليلة` is the publication day at night.
//! - **Counts**: `قبل/منذ N أيام` → the day N days before (precision Day); weeks → 7N days
//!   (Day); months → the calendar month N months before (Month); years → the calendar
//!   year (Year). Vague plurals: `قبل أيام` → Range pub−10…pub−1, `قبل أسابيع` → Fuzzy
//!   pub−42…pub−8, `قبل أشهر` → Fuzzy pub−183…pub−31, `قبل سنوات` → Fuzzy pub−10y…pub−1y;
//!   `الأيام الماضية/الأخيرة` → Range pub−10…pub−1, `الأسابيع الأخيرة` → Fuzzy pub−42…pub−1,
//!   `الأشهر الماضية` → Fuzzy pub−183…pub−1, `السنوات الماضية` → Fuzzy
//!   pub−10y…pub−1; `بعد` and `المقبلة` mirror these forwards. A count followed by `من` +
//!   another event (`قبل يومين من الانتخابات`) is consumed but not returned: it counts from
//!   that event, not from publication.
//! - **Months and days without a year**: the most recent occurrence on or before the
//!   publication day (a month counts if it has begun); with a future cue, the next one;
//!   `مايو الماضي` strictly before the current month, `مايو المقبل` strictly after.
//!   `في ديسمبر` in a June 2018 article is December 2017. Bare names that are also common
//!   words (`مارس`, `آب`, `ماي`, `نيسان`, all Hijri months) need a trigger (`في`, `خلال`, `شهر`,
//!   `منذ`, `مطلع`…), a day, or a year. Days inside names (`ثورة 25 يناير`) are not dates.
//! - **Subdivisions** (`مطلع/بداية/أوائل` · `منتصف/أواسط` · `أواخر/نهاية/آخر`): of a month,
//!   days 1–10 · 11–20 · 21–end; of a year, Jan–Apr · May–Aug · Sep–Dec; of a week, its first,
//!   middle or last three days; precision Range. `أول مايو` / `غرة شوال` is the 1st (a Day).
//!   Quarters (`الربع الأول من العام الجاري`), halves (`النصف الثاني من 2024`) and seasons
//!   (`صيف 2016` Jun–Aug, `الخريف` Sep–Nov, `الربيع` Mar–May, `شتاء 2020` Dec 2019–Feb 2020,
//!   `الصيف الماضي`) are Ranges.
//! - **Years**: `عام 2018`, `في 2018`, `2018م` → Year (Explicit); a bare 4-digit number
//!   without such a trigger is not a date. `منذ 2014` → Fuzzy 2014-01-01…publication.
//! - **Hijri** dates use the Umm al-Qura calendar (via `icu_calendar`): `15 شوال 1446 هـ` →
//!   2025-04-13; `رمضان 1446 هـ` → that month's Gregorian interval; `1446 هـ` → the Hijri
//!   year's Gregorian interval (precision Year), never the year 1446. A combined agency
//!   dateline `25 شوال 1436 هـ الموافق 10 أغسطس 2015 م` is **one** expression whose value
//!   is its Gregorian half.
//! - **Numeric dates** are day-first (`09/05/2025`, `9-5-2025`, `9.5.2025`) unless year-first
//!   (`2025-05-12`, `2025/05/12`); if the second field exceeds 12 the first is taken as the
//!   month. Without a year (`9/5`) or with a fourth part (`1.2.3.4`) nothing is matched.
//! - Relative expressions are skipped when no publication date is given; explicit ones are
//!   still returned.

mod cal;
mod lex;
mod parse;
mod token;

pub mod eval;

pub use rasd_core::{Date, DateBasis, PartOfDay, Precision, TimeExpr};

/// All time expressions in `text`, in order, non-overlapping, each resolved against the
/// publication date. Relative expressions are skipped when `published` is None.
/// Never panics on any `&str`.
pub fn find_times(text: &str, published: Option<Date>) -> Vec<TimeExpr> {
    parse::find(text, published)
}

/// A line that is only a date, possibly with a weekday name, as newspapers print under a
/// title: `الاثنين 2025/05/12`, `2025-05-12`, `12 مايو 2025`, `الأحد ٩ أيار ٢٠٢٥`,
/// `12/05/2025`. None otherwise.
pub fn parse_date_line(line: &str) -> Option<Date> {
    let line = line.trim();
    if line.is_empty() || line.len() > 200 {
        return None;
    }
    let exprs = parse::find(line, None);
    let first = exprs.iter().find(|e| e.precision == Precision::Day && e.basis == DateBasis::Explicit)?;
    let toks = token::Toks::new(line);
    for (i, t) in toks.toks.iter().enumerate() {
        if exprs.iter().any(|e| e.span.start <= t.s && t.e <= e.span.end) {
            continue;
        }
        match t.kind {
            token::Kind::Punct => {
                if !matches!(t.ch, ',' | '،' | '-' | '–' | '—' | '|' | '/' | '(' | ')' | '.' | ':' | '\n' | '*' | '•') {
                    return None;
                }
            }
            token::Kind::Num => return None,
            token::Kind::Word => {
                let k = toks.key(i);
                let k = k.strip_prefix('و').filter(|r| lex::weekday(r).is_some()).unwrap_or(k);
                if lex::weekday(k).is_none() && !matches!(k, "يوم" | "م" | "ه" | "الموافق" | "تاريخ" | "بتاريخ" | "التاريخ")
                {
                    return None;
                }
            }
        }
    }
    Some(first.start)
}

/// Words that mark a clause as future or scheduled: `سوف`, a `سـ`-prefixed imperfect verb
/// (`سيلتقي`, `ستعقد`, `وسنعمل`), `المقرر` (as in `من المقرر`), `يعتزم`, `ينوي`, `المرتقب`,
/// `المقبل`, `القادم`, `لن`… A leading `و`/`ف` is ignored. A multi-word string is a cue if
/// any of its words is.
pub fn is_future_cue(word: &str) -> bool {
    word.split_whitespace().any(|w| future_key(&token::norm_str(w)))
}

/// [`is_future_cue`] on an already normalised key.
pub(crate) fn future_key(k: &str) -> bool {
    if lex::is_future_key(k) {
        return true;
    }
    match k.strip_prefix('و').or_else(|| k.strip_prefix('ف')) {
        Some(r) if r.chars().count() >= 2 => lex::is_future_key(r),
        _ => false,
    }
}
