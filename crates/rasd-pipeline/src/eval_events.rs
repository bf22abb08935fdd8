//! `rasd eval events`: event F1 on a set of short passages with their expected events
//! (`crates/rasd-events/data/eval/passages.txt`; its header documents the format).
//!
//! A predicted event matches a gold one when the PLOVER type is the same, their source actor sets
//! share an actor (or both are empty), and their target sets share an actor (or both are empty).
//! For reciprocal events (CONSULT other than visits and hosting, AGREE, COOPERATE) the passages use
//! two conventions (`A → B` and `A + B → —`), so there the union of sources and targets is compared
//! and must share two actors (or all of the smaller side).
//! Actors compare by English name, folded to ASCII lowercase without parenthesised qualifiers
//! (`Houthis (Ansar Allah)` = `Houthis`); a name whose words contain the other's (at least two
//! words: `Faisal bin Farhan` = `Faisal bin Farhan Al Saud`) is the same actor; and a state
//! institution (the Kremlin, a ministry, armed forces) counts as its country, which the passages
//! code as the actor; so does a generic actor with a country (`Kenyan police` = Kenya). Each gold event matches at most one prediction. Date and modality agreement
//! are reported separately over the matched pairs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rasd_core::Date;

use crate::{Options, analyze};

#[derive(Debug, Clone)]
pub struct GoldEvent {
    pub event_type: String,
    pub sources: Vec<String>,
    pub targets: Vec<String>,
    pub date: Option<(Date, Date)>,
    pub modality: String,
    /// The killed and the injured as (count, exact) when the passage states a figure; `None` when
    /// the gold line does not say (a 6-field line) — `Some(None)` is "the text gives no figure".
    pub killed: Option<Option<(u32, bool)>>,
    pub injured: Option<Option<(u32, bool)>>,
}

#[derive(Debug, Clone)]
pub struct Passage {
    pub id: String,
    pub published: Option<Date>,
    pub text: String,
    pub events: Vec<GoldEvent>,
}

#[derive(Debug, Default)]
pub struct Report {
    pub passages: usize,
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub date_right: usize,
    pub date_gold: usize,
    pub modality_right: usize,
    /// Casualty figures (killed and injured, each counted apart) on matched events whose gold line
    /// gives them: how many are stated in the gold, and how many rasd gives exactly (count and exactness).
    pub casualties_gold: usize,
    pub casualties_right: usize,
    /// Per type: (gold, predicted, matched).
    pub by_type: std::collections::BTreeMap<String, (usize, usize, usize)>,
    pub misses: Vec<String>,
}

impl Report {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    /// The readable report; its last line is `f1 N.NNN`.
    pub fn render(&self, verbose: bool) -> String {
        let mut s = String::new();
        if verbose {
            for m in &self.misses {
                let _ = writeln!(s, "{m}");
            }
        }
        let _ = writeln!(s, "{:<10} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7}", "type", "gold", "pred", "match", "P", "R", "F1");
        for (t, &(g, p, m)) in &self.by_type {
            let (pr, rc) = (ratio(m, p), ratio(m, g));
            let f = if pr + rc == 0.0 { 0.0 } else { 2.0 * pr * rc / (pr + rc) };
            let _ = writeln!(s, "{t:<10} {g:>5} {p:>5} {m:>5} {pr:>7.3} {rc:>7.3} {f:>7.3}");
        }
        let _ = writeln!(s, "passages {}  gold {}  predicted {}  matched {}", self.passages, self.gold, self.predicted, self.matched);
        let _ = writeln!(s, "dates right on matched events with a gold date: {}/{}", self.date_right, self.date_gold);
        let _ = writeln!(s, "modality right on matched events: {}/{}", self.modality_right, self.matched);
        if self.casualties_gold > 0 {
            let _ =
                writeln!(s, "casualty figures right on matched events that state one: {}/{}", self.casualties_right, self.casualties_gold);
        }
        let _ = writeln!(s, "precision {:.3}", self.precision());
        let _ = writeln!(s, "recall {:.3}", self.recall());
        let _ = write!(s, "f1 {:.3}", self.f1());
        s
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

pub fn default_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rasd-events/data/eval/passages.txt")
}

/// Folds an English name for comparison.
pub fn fold(name: &str) -> String {
    let base = name.split(" (").next().unwrap_or(name);
    let mut out = String::new();
    for c in base.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ï' | 'î' | 'ı' => 'i',
            'ó' | 'ö' | 'ô' => 'o',
            'ú' | 'ü' | 'û' => 'u',
            'ğ' => 'g',
            'ş' => 's',
            'ç' => 'c',
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().trim_start_matches("the ").to_string()
}

fn names(cell: &str) -> Vec<String> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty() && *s != "-").map(fold).collect()
}

/// Parses the passages file; errors name the line.
pub fn parse(text: &str) -> Result<Vec<Passage>, String> {
    let mut out: Vec<Passage> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(id) = line.strip_prefix("===") {
            out.push(Passage { id: id.trim().into(), published: None, text: String::new(), events: vec![] });
            continue;
        }
        let p = out.last_mut().ok_or_else(|| format!("line {}: text before the first === passage", n + 1))?;
        if let Some(d) = line.strip_prefix("published:") {
            p.published = Some(rasd_read::parse_iso_date(d).ok_or_else(|| format!("line {}: bad date", n + 1))?);
        } else if let Some(t) = line.strip_prefix("text:") {
            p.text = t.trim().into();
        } else if let Some(e) = line.strip_prefix("event:") {
            let c: Vec<&str> = e.split('|').map(str::trim).collect();
            if c.len() != 6 && c.len() != 8 {
                return Err(format!("line {}: an event has 6 fields, or 8 with killed and injured, found {}", n + 1, c.len()));
            }
            let figure = |cell: &str| -> Result<Option<(u32, bool)>, String> {
                if cell == "-" {
                    return Ok(None);
                }
                let (num, exact) = match cell.strip_suffix('+') {
                    Some(n) => (n, false),
                    None => (cell, true),
                };
                num.parse()
                    .map(|v| Some((v, exact)))
                    .map_err(|_| format!("line {}: a casualty figure is N, N+ or -, found {cell:?}", n + 1))
            };
            let (killed, injured) = if c.len() == 8 { (Some(figure(c[6])?), Some(figure(c[7])?)) } else { (None, None) };
            let date = if c[4] == "-" {
                None
            } else {
                let (a, b) = c[4].split_once("..").unwrap_or((c[4], c[4]));
                Some((
                    rasd_read::parse_iso_date(a).ok_or_else(|| format!("line {}: bad date", n + 1))?,
                    rasd_read::parse_iso_date(b).ok_or_else(|| format!("line {}: bad date", n + 1))?,
                ))
            };
            p.events.push(GoldEvent {
                event_type: c[0].to_uppercase(),
                sources: names(c[2]),
                targets: names(c[3]),
                date,
                modality: c[5].into(),
                killed,
                injured,
            });
        } else {
            return Err(format!("line {}: unknown line", n + 1));
        }
    }
    Ok(out)
}

/// An actor as scored: its folded name and, for a state institution, its country's folded name.
#[derive(Clone, Debug)]
struct Actor {
    name: String,
    country: Option<String>,
}

fn same_actor(a: &Actor, b: &Actor) -> bool {
    let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
    let (wa, wb) = (words(&a.name), words(&b.name));
    let contained = |x: &[String], y: &[String]| x.len() >= 2 && x.iter().all(|w| y.contains(w));
    a.name == b.name
        || contained(&wa, &wb)
        || contained(&wb, &wa)
        || a.country.as_deref() == Some(b.name.as_str())
        || b.country.as_deref() == Some(a.name.as_str())
}

fn overlap(a: &[Actor], b: &[Actor]) -> bool {
    (a.is_empty() && b.is_empty()) || a.iter().any(|x| b.iter().any(|y| same_actor(x, y)))
}

fn shared(a: &[Actor], b: &[Actor]) -> usize {
    a.iter().filter(|x| b.iter().any(|y| same_actor(x, y))).count()
}

fn reciprocal(t: &str, mode: Option<&str>) -> bool {
    matches!(t, "AGREE" | "COOPERATE") || (t == "CONSULT" && !matches!(mode, Some("visit" | "host")))
}

/// Folded English names of the knowledge base's countries, by ISO3.
fn country_names() -> std::collections::HashMap<String, String> {
    let kb = rasd_kb::Kb::embedded();
    kb.entities
        .iter()
        .filter(|e| e.kind == rasd_kb::EntityKind::Country)
        .filter_map(|e| Some((e.country.clone()?, fold(&e.name_en))))
        .collect()
}

/// A gold actor: its folded name; the country if the knowledge base knows it as a state institution.
fn gold_actor(name: &str, by_name: &std::collections::HashMap<String, Option<String>>) -> Actor {
    Actor { name: name.to_string(), country: by_name.get(name).cloned().flatten() }
}

/// Scores rasd on a passages file.
pub fn run(path: &Path) -> std::io::Result<Report> {
    let text = std::fs::read_to_string(path)?;
    let passages = parse(&text).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", path.display())))?;
    let mut r = Report::default();
    let countries = country_names();
    let kb = rasd_kb::Kb::embedded();
    // Folded name → the country of a state institution (organisations only).
    // A generic actor with a country (`Kenyan police`) is coded, like a state institution, as that country.
    let institution_country = |e: &rasd_kb::Entity| -> Option<String> {
        (e.kind == rasd_kb::EntityKind::Organization || e.id.starts_with("generic:"))
            .then(|| e.country.as_ref().and_then(|c| countries.get(c).cloned()))
            .flatten()
    };
    let by_name: std::collections::HashMap<String, Option<String>> =
        kb.entities.iter().map(|e| (fold(&e.name_en), institution_country(e))).collect();
    for p in &passages {
        r.passages += 1;
        let doc = rasd_read::text_document(&p.id, p.text.clone());
        let a = analyze(doc, &Options { published: p.published });
        type Figures = [Option<(u32, bool)>; 2];
        type Pred = (String, Option<String>, Vec<Actor>, Vec<Actor>, Option<(Date, Date)>, &'static str, Figures);
        let pred: Vec<Pred> = a
            .events
            .iter()
            .map(|e| {
                let ents = a.kb();
                let n = |v: &[rasd_kb::EntityId]| {
                    v.iter()
                        .map(|&x| Actor { name: fold(&ents.entity(x).name_en), country: institution_country(ents.entity(x)) })
                        .collect::<Vec<_>>()
                };
                (
                    e.event_type.as_str().to_string(),
                    e.mode.clone(),
                    n(&e.source),
                    n(&e.target),
                    e.date.as_ref().map(|d| (d.start, d.end)),
                    e.modality.as_str(),
                    [&e.fatalities, &e.injured].map(|c| c.as_ref().map(|c| (c.count, c.exact))),
                )
            })
            .collect();
        r.gold += p.events.len();
        r.predicted += pred.len();
        let mut used = vec![false; pred.len()];
        for g in &p.events {
            r.by_type.entry(g.event_type.clone()).or_default().0 += 1;
            let gs: Vec<Actor> = g.sources.iter().map(|n| gold_actor(n, &by_name)).collect();
            let gt: Vec<Actor> = g.targets.iter().map(|n| gold_actor(n, &by_name)).collect();
            let hit = pred.iter().enumerate().position(|(i, (t, mode, s, tg, _, _, _))| {
                !used[i]
                    && *t == g.event_type
                    && if reciprocal(t, mode.as_deref()) {
                        let pu: Vec<Actor> = s.iter().chain(tg).cloned().collect();
                        let gu: Vec<Actor> = gs.iter().chain(&gt).cloned().collect();
                        shared(&gu, &pu) >= 2.min(gu.len()).min(pu.len()).max(1)
                    } else {
                        overlap(s, &gs) && overlap(tg, &gt)
                    }
            });
            match hit {
                Some(i) => {
                    used[i] = true;
                    r.matched += 1;
                    r.by_type.entry(g.event_type.clone()).or_default().2 += 1;
                    if g.date.is_some() {
                        r.date_gold += 1;
                        if pred[i].4 == g.date {
                            r.date_right += 1;
                        }
                    }
                    if pred[i].5 == g.modality {
                        r.modality_right += 1;
                    }
                    for (k, gold) in [g.killed, g.injured].into_iter().enumerate() {
                        if let Some(Some(figure)) = gold {
                            r.casualties_gold += 1;
                            r.casualties_right += usize::from(pred[i].6[k] == Some(figure));
                        }
                    }
                }
                None => r.misses.push(format!("MISS {}: {} {:?} → {:?}", p.id, g.event_type, g.sources, g.targets)),
            }
        }
        for (i, (t, _, s, tg, _, _, _)) in pred.iter().enumerate() {
            r.by_type.entry(t.clone()).or_default().1 += 1;
            if !used[i] {
                let n = |v: &[Actor]| v.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
                r.misses.push(format!("EXTRA {}: {t} {:?} → {:?}", p.id, n(s), n(tg)));
            }
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
        assert_eq!(fold("Houthis (Ansar Allah)"), "houthis");
        assert_eq!(fold("The Kremlin"), "kremlin");
    }

    #[test]
    fn parse_and_errors() {
        let ok = parse("=== p1\npublished: 2025-01-02\ntext: نص\nevent: CONSULT | meet | A; B | C | 2025-01-01..2025-01-02 | asserted\n")
            .unwrap();
        assert_eq!(ok[0].events[0].sources, ["a", "b"]);
        assert!(parse("=== p1\nevent: CONSULT | meet\n").unwrap_err().starts_with("line 2"));
        let tolls = parse("=== p1\ntext: نص\nevent: ASSAULT | - | - | Iraq | - | asserted | 12 | 30+\n").unwrap();
        assert_eq!((tolls[0].events[0].killed, tolls[0].events[0].injured), (Some(Some((12, true))), Some(Some((30, false)))));
        assert!(parse("=== p1\ntext: نص\nevent: ASSAULT | - | - | Iraq | - | asserted | many | -\n").unwrap_err().contains("casualty"));
    }

    #[test]
    fn committed_set_parses() {
        let text = std::fs::read_to_string(default_path()).unwrap();
        let p = parse(&text).unwrap();
        assert!(p.len() >= 120, "{} passages", p.len());
    }
}
