//! Scoring [`crate::find_times`] on a hand-written test set.
//!
//! The file is TSV with a header line and columns
//! `published  sentence  expected_start  expected_end  precision  note`.
//! In `sentence` the expected expression is wrapped in `[…]`; a decoy (a number that is
//! *not* a date) is wrapped in `{…}` with expected `-  -  none`. Lines starting with `#`
//! and blank lines are ignored; `published` may be `-` for none.
//!
//! A bracketed row is correct iff some predicted expression overlaps the bracketed span and
//! its start, end and precision equal the expected ones. A braced row is correct iff no
//! predicted expression overlaps the braced span; a row with neither is correct iff nothing
//! is predicted at all.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rasd_core::{Date, Span};

pub struct Report {
    pub total: usize,
    pub correct: usize,
    pub failures: Vec<String>,
    /// Time spent in `find_times` only.
    pub elapsed: Duration,
}

impl Report {
    /// Percent correct (0 for an empty set).
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 { 0.0 } else { 100.0 * self.correct as f64 / self.total as f64 }
    }
}

/// The committed evaluation file of this crate.
pub fn default_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data").join("eval.tsv")
}

/// One parsed row.
pub(crate) struct Row {
    pub line: usize,
    pub published: Option<Date>,
    /// The sentence without markers.
    pub text: String,
    /// The marked region and whether it is a decoy (`{…}`).
    pub mark: Option<(Span, bool)>,
    pub expected: Option<(Date, Date, String)>,
    pub raw: String,
}

fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s == "-" || s.is_empty() {
        return None;
    }
    s.parse::<Date>().ok()
}

/// Strip `[ ]` or `{ }` markers, returning the clean text and the marked byte span.
fn strip_marks(s: &str) -> (String, Option<(Span, bool)>) {
    let mut out = String::with_capacity(s.len());
    let mut start = None;
    let mut mark = None;
    for c in s.chars() {
        match c {
            '[' | '{' if start.is_none() => start = Some((out.len(), c == '{')),
            ']' | '}' if start.is_some() => {
                let (st, decoy) = start.take().unwrap_or((0, false));
                mark = Some((Span::new(st, out.len()), decoy));
            }
            _ => out.push(c),
        }
    }
    (out, mark)
}

pub(crate) fn parse_rows(content: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for (n, line) in content.lines().enumerate() {
        let lineno = n + 1;
        if line.trim().is_empty() || line.starts_with('#') || (n == 0 && line.starts_with("published")) {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            return Err(format!("line {lineno}: expected at least 5 tab-separated columns, got {}", cols.len()));
        }
        let published = parse_date(cols[0]);
        if published.is_none() && cols[0].trim() != "-" {
            return Err(format!("line {lineno}: bad publication date {:?}", cols[0]));
        }
        let (text, mark) = strip_marks(cols[1]);
        let prec = cols[4].trim().to_string();
        let expected = if prec == "none" {
            None
        } else {
            match (parse_date(cols[2]), parse_date(cols[3])) {
                (Some(s), Some(e)) => Some((s, e, prec)),
                _ => return Err(format!("line {lineno}: bad expected dates")),
            }
        };
        if expected.is_some() && !matches!(mark, Some((_, false))) {
            return Err(format!("line {lineno}: an expected date needs a [bracketed] expression"));
        }
        rows.push(Row { line: lineno, published, text, mark, expected, raw: line.to_string() });
    }
    Ok(rows)
}

/// Run the evaluation file at `path`.
pub fn run(path: &Path) -> std::io::Result<Report> {
    let content = std::fs::read_to_string(path)?;
    let rows = parse_rows(&content).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let mut report = Report { total: 0, correct: 0, failures: Vec::new(), elapsed: Duration::ZERO };
    for row in &rows {
        let t0 = Instant::now();
        let found = crate::find_times(&row.text, row.published);
        report.elapsed += t0.elapsed();
        report.total += 1;
        let describe = |e: &rasd_core::TimeExpr| format!("{:?} {}..{} {}", &row.text[e.span.range()], e.start, e.end, e.precision.as_str());
        let ok = match (&row.mark, &row.expected) {
            (Some((span, false)), Some((s, e, p))) => {
                found.iter().any(|x| x.span.overlaps(*span) && x.start == *s && x.end == *e && x.precision.as_str() == p)
            }
            (Some((span, true)), None) => !found.iter().any(|x| x.span.overlaps(*span)),
            (None, None) => found.is_empty(),
            _ => false,
        };
        if ok {
            report.correct += 1;
        } else {
            let got: Vec<String> = match &row.mark {
                Some((span, _)) => found.iter().filter(|x| x.span.overlaps(*span)).map(describe).collect(),
                None => found.iter().map(describe).collect(),
            };
            report.failures.push(format!(
                "line {}: {}\n    got: {}",
                row.line,
                row.raw,
                if got.is_empty() { "nothing".to_string() } else { got.join(" | ") }
            ));
        }
    }
    Ok(report)
}
