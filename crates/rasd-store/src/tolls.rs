//! Casualty figures (issue 18) in the store: how many were killed (`fatalities`) and injured, per
//! per-document event as its article states them, and per merged event by one rule.
//!
//! - Per-document events (`events.fatalities`, `fatalities_exact`, `fatalities_start`,
//!   `fatalities_end`, and the same four `injured*` columns, schema 3) keep the article's figure
//!   exactly as the JSON contract gives it: the count, whether it is exact (0 for a lower bound —
//!   "at least", "more than", "dozens"), and the byte span of its words in `documents.text`.
//!   NULL when the article gives no figure.
//! - Merged events (`merged_events.fatalities`, `fatalities_exact`, `injured`, `injured_exact`)
//!   take, for each figure separately, **the figure of the most recently published report that
//!   gives one**, exact only if that report's figure is exact: tolls are revised upward as the
//!   days pass, so the latest report knows most. Reports with no publication date rank before
//!   dated ones; reports published the same day rank by the larger count, then an exact figure
//!   before a lower bound, then the content key (`document hash:event number`), so the choice
//!   does not depend on storage order. Figures are never summed across reports (two outlets
//!   reporting one bombing count the same dead) nor invented: no member figure, no merged figure
//!   (NULL, never 0).

use serde::Serialize;

/// A casualty figure of a merged event: the count, and whether it is exact (false for a lower bound).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Toll {
    pub count: u32,
    pub exact: bool,
}

/// A casualty figure as one article states it, with its words (the JSON contract's
/// `fatalities` / `injured` object).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatedToll {
    pub count: u32,
    pub exact: bool,
    /// Byte range of the figure's words in the document text.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Toll {
    /// "27" for an exact figure, "30+" for a lower bound (the UI's and the notes' form).
    pub fn short(&self) -> String {
        if self.exact { self.count.to_string() } else { format!("{}+", self.count) }
    }

    /// From the stored columns (count, exact as 0/1); `None` when the count is NULL.
    pub(crate) fn from_columns(count: Option<i64>, exact: Option<i64>) -> Option<Toll> {
        let count = u32::try_from(count?).ok()?;
        Some(Toll { count, exact: exact.unwrap_or(0) != 0 })
    }
}

impl StatedToll {
    /// From the stored columns (count, exact, start, end) and the document text; `None` when the
    /// count is NULL. A span that is not a slice of the text keeps the figure with an empty `text`.
    pub(crate) fn from_columns(cols: [Option<i64>; 4], text: &str) -> Option<StatedToll> {
        let toll = Toll::from_columns(cols[0], cols[1])?;
        let (start, end) = (cols[2].unwrap_or(0).max(0) as usize, cols[3].unwrap_or(0).max(0) as usize);
        Some(StatedToll { count: toll.count, exact: toll.exact, start, end, text: text.get(start..end).unwrap_or("").to_string() })
    }
}

/// The four stored columns of a per-document figure: count, exact (0/1), start, end; all NULL
/// when the article gives none.
pub(crate) fn columns(t: Option<&crate::coded::CodedToll>) -> [Option<i64>; 4] {
    match t {
        Some(t) => [Some(i64::from(t.count)), Some(i64::from(t.exact)), Some(t.start as i64), Some(t.end as i64)],
        None => [None; 4],
    }
}

/// One member event's figure, with what the merge rule ranks it by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MemberToll<'a> {
    pub published: Option<&'a str>,
    pub toll: Toll,
    pub key: &'a str,
}

/// The merged event's figure: see the module documentation.
pub(crate) fn merged_toll<'a>(members: impl IntoIterator<Item = MemberToll<'a>>) -> Option<Toll> {
    members
        .into_iter()
        .max_by(|a, b| {
            (a.published.is_some(), a.published, a.toll.count, a.toll.exact)
                .cmp(&(b.published.is_some(), b.published, b.toll.count, b.toll.exact))
                // The smaller content key wins a full tie (max_by keeps the later of equals).
                .then_with(|| b.key.cmp(a.key))
        })
        .map(|m| m.toll)
}

/// "6 killed, 10+ injured" (empty when neither is known).
pub fn describe(fatalities: Option<Toll>, injured: Option<Toll>) -> String {
    let parts: Vec<String> = [fatalities.map(|t| format!("{} killed", t.short())), injured.map(|t| format!("{} injured", t.short()))]
        .into_iter()
        .flatten()
        .collect();
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m<'a>(published: Option<&'a str>, count: u32, exact: bool, key: &'a str) -> MemberToll<'a> {
        MemberToll { published, toll: Toll { count, exact }, key }
    }

    #[test]
    fn the_latest_report_gives_the_figure() {
        // A toll revised from 12 (exact) to at least 20 two days later: the later report wins,
        // and its figure is a lower bound.
        let t = merged_toll([m(Some("2025-03-02"), 12, true, "a:1"), m(Some("2025-03-04"), 20, false, "b:1")]);
        assert_eq!(t, Some(Toll { count: 20, exact: false }));
        // Even when the later report gives a smaller figure: it is the latest word.
        let t = merged_toll([m(Some("2025-03-04"), 9, true, "a:1"), m(Some("2025-03-02"), 12, true, "b:1")]);
        assert_eq!(t, Some(Toll { count: 9, exact: true }));
        // An undated report ranks before any dated one.
        let t = merged_toll([m(None, 40, true, "a:1"), m(Some("2025-03-02"), 12, true, "b:1")]);
        assert_eq!(t, Some(Toll { count: 12, exact: true }));
        assert_eq!(merged_toll(Vec::new()), None);
    }

    #[test]
    fn same_day_reports_tie_break_on_content_not_order() {
        let a = m(Some("2025-03-02"), 7, false, "a:1");
        let b = m(Some("2025-03-02"), 7, true, "b:1");
        let c = m(Some("2025-03-02"), 5, true, "c:1");
        let want = Some(Toll { count: 7, exact: true });
        assert_eq!(merged_toll([a.clone(), b.clone(), c.clone()]), want);
        assert_eq!(merged_toll([c.clone(), b.clone(), a.clone()]), want);
        let x = m(Some("2025-03-02"), 7, true, "x:1");
        assert_eq!(merged_toll([x.clone(), b.clone()]), merged_toll([b, x]));
    }

    #[test]
    fn descriptions() {
        let t = |count, exact| Some(Toll { count, exact });
        assert_eq!(describe(t(27, true), t(30, false)), "27 killed, 30+ injured");
        assert_eq!(describe(None, t(4, true)), "4 injured");
        assert_eq!(describe(t(0, true), None), "0 killed");
        assert_eq!(describe(None, None), "");
    }

    #[test]
    fn stored_columns_read_back() {
        let text = "قتل ستة أشخاص";
        let s = StatedToll::from_columns([Some(6), Some(1), Some(7), Some(13)], text).unwrap();
        assert_eq!((s.count, s.exact, s.text.as_str()), (6, true, "ستة"));
        assert_eq!(StatedToll::from_columns([None, None, None, None], text), None);
        assert_eq!(StatedToll::from_columns([Some(6), Some(0), Some(1), Some(2)], text).unwrap().text, "", "a split letter is no text");
        assert_eq!(Toll::from_columns(Some(-1), Some(1)), None);
    }
}
