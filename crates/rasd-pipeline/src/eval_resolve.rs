//! `rasd eval resolve`: how often a phrase in context resolves to the expected knowledge-base
//! entity (`crates/rasd-kb/data/eval/resolution.tsv`; its header documents the format).
//!
//! A row passes when a mention of the expected entity overlaps the phrase (or, for a country, when
//! the phrase is the nisba inside a generic actor of that country: `الجنود الأتراك`); for a row
//! expecting `-`, when no resolved mention overlaps it. Each text is analysed whole, at its date, so
//! resolution can use the context (earlier names, counterparts, sides).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rasd_core::Span;

use crate::{Options, analyze};

#[derive(Debug, Default)]
pub struct Report {
    pub total: usize,
    pub passed: usize,
    pub failures: Vec<String>,
}

impl Report {
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 { 0.0 } else { 100.0 * self.passed as f64 / self.total as f64 }
    }

    /// The readable report; its last line is `accuracy NN.NN`.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for f in &self.failures {
            let _ = writeln!(s, "FAIL {f}");
        }
        let _ = writeln!(s, "phrases {}  passed {}", self.total, self.passed);
        let _ = write!(s, "accuracy {:.2}", self.accuracy());
        s
    }
}

pub fn default_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rasd-kb/data/eval/resolution.tsv")
}

pub fn run(path: &Path) -> std::io::Result<Report> {
    let text = std::fs::read_to_string(path)?;
    let bad = |n: usize, m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}:{}: {m}", path.display(), n + 1));
    let mut r = Report::default();
    let mut header: Option<Vec<&str>> = None;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let Some(h) = &header else {
            header = Some(cells);
            continue;
        };
        let get = |name: &str| h.iter().position(|x| *x == name).and_then(|i| cells.get(i).copied()).unwrap_or("").trim();
        let date = rasd_read::parse_iso_date(get("date")).ok_or_else(|| bad(n, "bad date"))?;
        let body = get("text");
        let phrase = get("phrase");
        let expected = get("expected");
        let at = body.find(phrase).ok_or_else(|| bad(n, "the phrase is not in the text"))?;
        let want = Span::new(at, at + phrase.len());
        let a = analyze(rasd_read::text_document("resolution", body.to_string()), &Options { published: Some(date) });
        let kb = a.kb();
        let hits: Vec<&str> =
            a.mentions.iter().filter(|m| m.span.overlaps(want)).filter_map(|m| m.entity).map(|e| kb.entity(e).id.as_str()).collect();
        // A nisba or plural demonym inside a generic actor (`الجنود الأتراك` → Turkish soldiers)
        // still resolves to its country: the actor carries it.
        let via_generic = expected.strip_prefix("country:").is_some_and(|iso| {
            a.mentions
                .iter()
                .filter(|m| m.span.overlaps(want) && m.span != want && m.kind == rasd_mentions::MentionKind::Generic)
                .filter_map(|m| m.entity)
                .any(|e| kb.entity(e).country.as_deref() == Some(iso))
        });
        let ok = if expected == "-" { hits.is_empty() } else { hits.contains(&expected) || via_generic };
        r.total += 1;
        if ok {
            r.passed += 1;
        } else {
            r.failures.push(format!("line {}: {phrase} ({date}) expected {expected}, got {hits:?} — {}", n + 1, get("note")));
        }
    }
    Ok(r)
}
