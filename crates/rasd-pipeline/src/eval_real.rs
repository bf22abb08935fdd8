//! `rasd eval events --real`: event precision, recall and F1 on real news articles annotated
//! blind (`crates/rasd-events/data/realnews/`: `GUIDELINES.md`, `articles.tsv`, `gold/*.tsv`).
//!
//! The gold is stand-off: article ids, labels and byte spans. The articles themselves are read at
//! run time from `../shared/corpus` (their SHA-256 must equal `articles.tsv`'s), so the evaluation
//! says so and stops when they are absent.
//!
//! Matching. A predicted event matches a gold event (status `event`) when the PLOVER type is the
//! same and the main actors agree:
//! - sources share an actor, or both have none (an `unidentified` actor counts as none: a passive
//!   with no agent codes the same happening as an attack by unknown gunmen);
//! - targets share an actor when the gold names one (a gold event with no target accepts any);
//! - for reciprocal events (CONSULT other than visits and hosting, AGREE, COOPERATE) the union of
//!   sources and targets is compared instead, and must share two actors (or all of the smaller side).
//!
//! Actors are the same when their folded English names are equal or one's words (at least two)
//! are all in the other's, when their Arabic spellings have the same matching key, or when both
//! stand for a state — a country, a ministry, an army, a generic actor of a country, or a gold ISO3
//! code — of the same country, or one stands for a state and the other is a person of that country
//! (a spokesman or minister speaks for it: event data compare dyads at the country level; two
//! persons of one country are not the same actor, nor is an armed group its country). Each gold event matches at most one prediction and each prediction
//! at most one gold event; matching pairs are taken nearest trigger first over the whole article. Predictions that match no gold event
//! but a `background` one are neither right nor wrong; the rest are false positives.
//!
//! On matched pairs: date accuracy (the interval exactly; and how many overlap) over gold events
//! with a date, place accuracy over gold events with a place (the same place by name — equal, or
//! one name's words all in the other's: `Asir` = `Asir Province` —, or the same country when the
//! gold place is a country), modality accuracy over all. Errors are counted by
//! class: a gold event missed with a prediction of another type on its trigger (`wrong type`), of
//! its type there but other actors (`wrong actors`), or nothing there (`not found`); a false
//! positive on a gold trigger's sentence span of another event (`on a gold event`) or elsewhere.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rasd_core::Date;

use crate::eval_events::fold;
use crate::{Options, analyze};

/// Which articles are scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    Dev,
    Test,
    All,
}

impl Split {
    pub fn parse(s: &str) -> Option<Split> {
        match s {
            "dev" => Some(Split::Dev),
            "test" => Some(Split::Test),
            "all" => Some(Split::All),
            _ => None,
        }
    }
    fn admits(self, split: &str) -> bool {
        match self {
            Split::Dev => split == "dev",
            Split::Test => split == "test",
            Split::All => true,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Split::Dev => "dev",
            Split::Test => "test",
            Split::All => "all",
        }
    }
}

/// The committed annotation folder.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rasd-events/data/realnews")
}

/// `../shared` next to the repository, or `RASD_SHARED`.
pub fn default_shared() -> PathBuf {
    if let Some(p) = std::env::var_os("RASD_SHARED") {
        return PathBuf::from(p);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// An actor as compared: a gold cell or a predicted entity.
#[derive(Clone, Debug, Default)]
struct Actor {
    /// Folded English name.
    name: Option<String>,
    /// Matching key of the Arabic spelling.
    ar: Option<String>,
    /// The country it stands for, when it is a state or acts for one.
    state_of: Option<String>,
    /// A person's country: an official speaks for the state at the country level.
    person_of: Option<String>,
    unidentified: bool,
}

fn same_actor(a: &Actor, b: &Actor) -> bool {
    if a.unidentified || b.unidentified {
        return a.unidentified && b.unidentified;
    }
    if let (Some(x), Some(y)) = (&a.name, &b.name) {
        let (wa, wb): (Vec<&str>, Vec<&str>) = (x.split(' ').collect(), y.split(' ').collect());
        let contained = |p: &[&str], q: &[&str]| p.len() >= 2 && p.iter().all(|w| q.contains(w));
        if x == y || contained(&wa, &wb) || contained(&wb, &wa) {
            return true;
        }
    }
    if let (Some(x), Some(y)) = (&a.ar, &b.ar)
        && x == y
    {
        return true;
    }
    let same = |x: &Option<String>, y: &Option<String>| matches!((x, y), (Some(x), Some(y)) if x == y);
    same(&a.state_of, &b.state_of) || same(&a.state_of, &b.person_of) || same(&a.person_of, &b.state_of)
}

/// Named actors only: `unidentified` stands for "no named actor".
fn named(v: &[Actor]) -> Vec<&Actor> {
    v.iter().filter(|a| !a.unidentified).collect()
}

fn overlap(a: &[&Actor], b: &[&Actor]) -> bool {
    (a.is_empty() && b.is_empty()) || a.iter().any(|x| b.iter().any(|y| same_actor(x, y)))
}

fn reciprocal(t: &str, mode: &str) -> bool {
    matches!(t, "AGREE" | "COOPERATE") || (t == "CONSULT" && !matches!(mode, "visit" | "host"))
}

/// One event, gold or predicted, in the form compared.
#[derive(Clone, Debug)]
struct Ev {
    event_type: String,
    mode: String,
    sources: Vec<Actor>,
    targets: Vec<Actor>,
    date: Option<(Date, Date)>,
    /// Folded place name and its country.
    place: Option<(Option<String>, Option<String>)>,
    modality: String,
    /// Byte spans of its triggers.
    triggers: Vec<(usize, usize)>,
    background: bool,
    /// A readable line for `--verbose`.
    show: String,
}

fn matches(g: &Ev, p: &Ev) -> bool {
    if g.event_type != p.event_type {
        return false;
    }
    actors_match(g, p)
}

fn actors_match(g: &Ev, p: &Ev) -> bool {
    let (gs, gt, ps, pt) = (named(&g.sources), named(&g.targets), named(&p.sources), named(&p.targets));
    if reciprocal(&g.event_type, &g.mode) {
        let gu: Vec<&Actor> = gs.iter().chain(&gt).copied().collect();
        let pu: Vec<&Actor> = ps.iter().chain(&pt).copied().collect();
        if gu.is_empty() || pu.is_empty() {
            return gu.is_empty() && pu.is_empty();
        }
        let shared = gu.iter().filter(|x| pu.iter().any(|y| same_actor(x, y))).count();
        shared >= 2.min(gu.len()).min(pu.len())
    } else {
        overlap(&gs, &ps) && (gt.is_empty() || overlap(&gt, &pt))
    }
}

/// Two place names are the same place when equal, or when one's words are all in the other's
/// (`Asir` = `Asir Province`, `Saada` = `Saada Governorate`).
fn same_place_name(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    a == b || wa.iter().all(|w| wb.contains(w)) || wb.iter().all(|w| wa.contains(w))
}

/// How far apart two events' triggers are, in bytes (0 when they overlap).
fn distance(a: &Ev, b: &Ev) -> usize {
    let mut best = usize::MAX;
    for &(s1, e1) in &a.triggers {
        for &(s2, e2) in &b.triggers {
            // Zero when they overlap, else the gap between them.
            let d = s2.saturating_sub(e1).max(s1.saturating_sub(e2));
            best = best.min(d);
        }
    }
    best
}

/// The knowledge base's view of an English name: the country of a state-like entity.
struct Names {
    /// Folded English name → the country it stands for, when it is a country, an organisation of a
    /// state or a generic actor of a country.
    state_of: HashMap<String, Option<String>>,
    /// Folded English name of a person → the person's country.
    person_of: HashMap<String, String>,
    /// ISO3 → the country's folded English name.
    country_name: HashMap<String, String>,
}

impl Names {
    fn new() -> Names {
        let kb = rasd_kb::Kb::embedded();
        let mut state_of = HashMap::new();
        let mut country_name = HashMap::new();
        let mut person_of = HashMap::new();
        for e in &kb.entities {
            state_of.insert(fold(&e.name_en), state_like(e));
            if e.kind == rasd_kb::EntityKind::Person
                && let Some(c) = &e.country
            {
                person_of.insert(fold(&e.name_en), c.clone());
            }
            if e.kind == rasd_kb::EntityKind::Country
                && let Some(c) = &e.country
            {
                country_name.insert(c.clone(), fold(&e.name_en));
            }
        }
        Names { state_of, person_of, country_name }
    }

    fn gold_actor(&self, cell: &str) -> Actor {
        let cell = cell.trim();
        if cell.eq_ignore_ascii_case("unidentified") {
            return Actor { unidentified: true, ..Actor::default() };
        }
        if cell.len() == 3 && cell.bytes().all(|b| b.is_ascii_uppercase()) {
            return Actor { name: self.country_name.get(cell).cloned(), state_of: Some(cell.to_string()), ..Actor::default() };
        }
        let (en, ar) = match cell.split_once('[') {
            Some((en, rest)) => (en.trim(), Some(rest.trim_end_matches(']').trim())),
            None => (cell, None),
        };
        let name = fold(en);
        let state_of = self.state_of.get(&name).cloned().flatten();
        let person_of = self.person_of.get(&name).cloned();
        Actor { name: Some(name), ar: ar.map(rasd_text::normalize::key), state_of, person_of, unidentified: false }
    }
}

/// The country a knowledge-base entity stands for: a country, a state organisation, a generic
/// actor of a country (`Kenyan police`).
fn state_like(e: &rasd_kb::Entity) -> Option<String> {
    let state = matches!(e.kind, rasd_kb::EntityKind::Country | rasd_kb::EntityKind::Organization) || e.id.starts_with("generic:");
    if state { e.country.clone() } else { None }
}

/// One row of `articles.tsv`.
#[derive(Clone, Debug)]
struct Article {
    id: String,
    corpus: String,
    split: String,
    sha256: String,
}

fn read_articles(dir: &Path) -> Result<Vec<Article>, String> {
    let path = dir.join("articles.tsv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("id\t") || line.trim().is_empty() {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 7 {
            return Err(format!("{}:{}: 7 columns expected, found {}", path.display(), n + 1, c.len()));
        }
        out.push(Article { id: c[0].into(), corpus: c[1].into(), split: c[4].into(), sha256: c[6].into() });
    }
    Ok(out)
}

/// A gold row as read: the article it belongs to and, unless the row says the article has no
/// event (`NONE`), the event.
type GoldRows = Vec<(String, Option<Ev>)>;

const TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];
const MODALITIES: [&str; 6] = ["asserted", "reported", "future", "hypothetical", "negated", "hedged"];

fn parse_date(cell: &str) -> Option<Option<(Date, Date)>> {
    if cell == "-" {
        return Some(None);
    }
    let (a, b) = cell.split_once("..").unwrap_or((cell, cell));
    Some(Some((rasd_read::parse_iso_date(a)?, rasd_read::parse_iso_date(b)?)))
}

/// Reads every `*.tsv` in a folder of gold rows (errors name `file:line`).
fn read_gold(folder: &Path, names: &Names) -> Result<GoldRows, String> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(folder) {
        Ok(d) => d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "tsv")).collect(),
        Err(e) => return Err(format!("{}: {e}", folder.display())),
    };
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        for (n, line) in text.lines().enumerate() {
            let at = || format!("{}:{}", f.display(), n + 1);
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("article\t") {
                continue;
            }
            let c: Vec<&str> = line.split('\t').map(str::trim).collect();
            if c.len() != 11 {
                return Err(format!("{}: 11 columns expected, found {}", at(), c.len()));
            }
            if c[1] == "NONE" {
                out.push((c[0].to_string(), None));
                continue;
            }
            if !TYPES.contains(&c[1]) {
                return Err(format!("{}: unknown type {}", at(), c[1]));
            }
            if !MODALITIES.contains(&c[8]) {
                return Err(format!("{}: unknown modality {}", at(), c[8]));
            }
            let date = parse_date(c[5]).ok_or_else(|| format!("{}: bad date {}", at(), c[5]))?;
            let actors = |cell: &str| -> Vec<Actor> {
                cell.split(';').map(str::trim).filter(|s| !s.is_empty() && *s != "-").map(|s| names.gold_actor(s)).collect()
            };
            // A place that is a whole country is compared by its country alone.
            let place = match (c[6], c[7]) {
                ("-", "-") => None,
                (p, k) => {
                    let country = (k != "-").then(|| k.to_string());
                    let name = (p != "-").then(|| fold(p)).filter(|n| country.as_ref().and_then(|c| names.country_name.get(c)) != Some(n));
                    Some((name, country))
                }
            };
            let trigger = c[9]
                .split_once(':')
                .and_then(|(a, b)| Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?)))
                .ok_or_else(|| format!("{}: bad trigger span {}", at(), c[9]))?;
            let background = match c[10] {
                "event" => false,
                "background" => true,
                s => return Err(format!("{}: status is event or background, not {s}", at())),
            };
            out.push((
                c[0].to_string(),
                Some(Ev {
                    event_type: c[1].into(),
                    mode: c[2].into(),
                    sources: actors(c[3]),
                    targets: actors(c[4]),
                    date,
                    place,
                    modality: c[8].into(),
                    triggers: vec![trigger],
                    background,
                    show: format!("{} {} {} → {} [{}] @{}", c[1], c[2], c[3], c[4], c[5], c[9]),
                }),
            ));
        }
    }
    Ok(out)
}

/// Reads the listed articles from the corpora in `shared`, checking each text's SHA-256.
fn read_texts(shared: &Path, articles: &[Article]) -> Result<HashMap<String, rasd_core::Document>, String> {
    let wanted: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut out = HashMap::new();
    let mut corpora: Vec<&str> = articles.iter().map(|a| a.corpus.as_str()).collect();
    corpora.sort();
    corpora.dedup();
    for corpus in corpora {
        let path = match corpus {
            "ant" => shared.join("corpus/ant-multisource/ant_intl_mideast.jsonl.gz"),
            "snn" => shared.join("corpus/saudinewsnet/saudinewsnet_politics_sample.jsonl"),
            other => return Err(format!("unknown corpus {other} in articles.tsv")),
        };
        if !path.exists() {
            return Err(format!("{} is missing: the real-news evaluation reads its articles from ../shared at run time", path.display()));
        }
        let mut errors = Vec::new();
        rasd_read::read_inputs(&[path.display().to_string()], rasd_read::InputFormat::Jsonl, &mut |r| match r {
            Ok(d) => {
                if wanted.contains_key(d.meta.id.as_str()) {
                    out.insert(d.meta.id.clone(), d);
                }
            }
            Err(e) => errors.push(e.to_string()),
        });
        if let Some(e) = errors.first() {
            return Err(format!("reading the corpus: {e}"));
        }
    }
    for a in articles {
        let d = out.get(&a.id).ok_or_else(|| format!("article {} is not in ../shared/corpus", a.id))?;
        let sha = sha256_hex(d.text.as_bytes());
        if sha != a.sha256 {
            return Err(format!("article {}: its text in ../shared differs from the annotated one (sha256 {sha})", a.id));
        }
    }
    Ok(out)
}

fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect()
}

/// Error classes.
#[derive(Debug, Default)]
pub struct Errors {
    pub wrong_type: usize,
    pub wrong_actors: usize,
    pub not_found: usize,
    pub spurious_on_gold: usize,
    pub spurious_elsewhere: usize,
}

/// The scores.
#[derive(Debug, Default)]
pub struct Report {
    pub split: String,
    pub articles: usize,
    pub listed: usize,
    pub gold: usize,
    pub background: usize,
    pub predicted: usize,
    /// Predictions that matched only background.
    pub on_background: usize,
    pub matched: usize,
    pub date_gold: usize,
    pub date_right: usize,
    pub date_overlap: usize,
    pub place_gold: usize,
    pub place_right: usize,
    pub modality_right: usize,
    /// Per type: (gold, predicted and scored, matched).
    pub by_type: BTreeMap<String, (usize, usize, usize)>,
    pub errors: Errors,
    pub lines: Vec<String>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

impl Report {
    /// Predictions that count: all but those on background events.
    pub fn scored(&self) -> usize {
        self.predicted - self.on_background
    }
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.scored())
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    pub fn date_accuracy(&self) -> f64 {
        ratio(self.date_right, self.date_gold)
    }
    pub fn place_accuracy(&self) -> f64 {
        ratio(self.place_right, self.place_gold)
    }

    /// The readable report; its last line is `f1 N.NNN`.
    pub fn render(&self, verbose: bool) -> String {
        let mut s = String::new();
        if verbose {
            for l in &self.lines {
                let _ = writeln!(s, "{l}");
            }
        }
        let _ = writeln!(s, "split {}: {} annotated articles of {} listed", self.split, self.articles, self.listed);
        let _ = writeln!(s, "{:<10} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7}", "type", "gold", "pred", "match", "P", "R", "F1");
        for (t, &(g, p, m)) in &self.by_type {
            let (pr, rc) = (ratio(m, p), ratio(m, g));
            let _ = writeln!(s, "{t:<10} {g:>5} {p:>5} {m:>5} {pr:>7.3} {rc:>7.3} {:>7.3}", f1(pr, rc));
        }
        let _ = writeln!(
            s,
            "gold {} (+{} background)  predicted {} ({} on background, not scored)  matched {}",
            self.gold, self.background, self.predicted, self.on_background, self.matched
        );
        let e = &self.errors;
        let _ = writeln!(
            s,
            "errors: missed {} (wrong type {}, wrong actors {}, not found {}); false {} (on a gold event's trigger {}, elsewhere {})",
            e.wrong_type + e.wrong_actors + e.not_found,
            e.wrong_type,
            e.wrong_actors,
            e.not_found,
            e.spurious_on_gold + e.spurious_elsewhere,
            e.spurious_on_gold,
            e.spurious_elsewhere
        );
        let _ = writeln!(
            s,
            "date accuracy {:.3} ({}/{} exact, {} overlapping) on matched events with a gold date",
            self.date_accuracy(),
            self.date_right,
            self.date_gold,
            self.date_overlap
        );
        let _ = writeln!(
            s,
            "place accuracy {:.3} ({}/{}) on matched events with a gold place",
            self.place_accuracy(),
            self.place_right,
            self.place_gold
        );
        let _ = writeln!(s, "modality accuracy {:.3} ({}/{})", ratio(self.modality_right, self.matched), self.modality_right, self.matched);
        let _ = writeln!(s, "precision {:.3}", self.precision());
        let _ = writeln!(s, "recall {:.3}", self.recall());
        let _ = write!(s, "f1 {:.3}", self.f1());
        s
    }
}

/// Scores predicted events against gold events of one article, adding to `r`.
fn score_article(r: &mut Report, id: &str, gold: &[Ev], pred: &[Ev]) {
    let events: Vec<&Ev> = gold.iter().filter(|g| !g.background).collect();
    let background: Vec<&Ev> = gold.iter().filter(|g| g.background).collect();
    r.gold += events.len();
    r.background += background.len();
    r.predicted += pred.len();
    // Matching pairs are assigned nearest first over the whole article, so that a prediction goes to
    // the gold event on its trigger rather than to an earlier one further away.
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (gi, g) in events.iter().enumerate() {
        for (pi, p) in pred.iter().enumerate() {
            if matches(g, p) {
                pairs.push((distance(g, p), gi, pi));
            }
        }
    }
    pairs.sort();
    let mut used = vec![false; pred.len()];
    let mut assigned: Vec<Option<usize>> = vec![None; events.len()];
    for (_, gi, pi) in pairs {
        if assigned[gi].is_none() && !used[pi] {
            assigned[gi] = Some(pi);
            used[pi] = true;
        }
    }
    for (gi, g) in events.iter().enumerate() {
        r.by_type.entry(g.event_type.clone()).or_default().0 += 1;
        let Some(i) = assigned[gi] else {
            let near: Vec<&Ev> = pred.iter().filter(|p| distance(g, p) == 0).collect();
            let class = if near.iter().any(|p| p.event_type == g.event_type) {
                r.errors.wrong_actors += 1;
                "wrong actors"
            } else if near.iter().any(|p| actors_match(g, p)) {
                r.errors.wrong_type += 1;
                "wrong type"
            } else {
                r.errors.not_found += 1;
                "not found"
            };
            r.lines.push(format!("MISS  {id}: {} ({class})", g.show));
            continue;
        };
        let p = &pred[i];
        r.matched += 1;
        r.by_type.entry(g.event_type.clone()).or_default().2 += 1;
        let mut notes = Vec::new();
        if let Some((gs, ge)) = g.date {
            r.date_gold += 1;
            match p.date {
                Some(d) if d == (gs, ge) => r.date_right += 1,
                Some((ps, pe)) => {
                    if ps <= ge && gs <= pe {
                        r.date_overlap += 1;
                    }
                    notes.push(format!("date {ps}..{pe}"));
                }
                None => notes.push("no date".to_string()),
            }
        }
        if let Some((gname, gcountry)) = &g.place {
            r.place_gold += 1;
            let right = match &p.place {
                Some((pname, pcountry)) => match (gname, pname) {
                    (Some(g), Some(p)) => same_place_name(g, p),
                    (None, _) => gcountry.is_some() && gcountry == pcountry,
                    _ => false,
                },
                None => false,
            };
            if right {
                r.place_right += 1;
            } else {
                notes.push(format!("place {:?}", p.place.as_ref().and_then(|x| x.0.clone())));
            }
        }
        if g.modality == p.modality {
            r.modality_right += 1;
        } else {
            notes.push(format!("modality {}", p.modality));
        }
        r.lines.push(format!(
            "MATCH {id}: {}{}",
            g.show,
            if notes.is_empty() { String::new() } else { format!("  — but {}", notes.join(", ")) }
        ));
    }
    for (i, p) in pred.iter().enumerate() {
        if used[i] {
            continue;
        }
        if background.iter().any(|b| matches(b, p)) {
            r.on_background += 1;
            continue;
        }
        r.by_type.entry(p.event_type.clone()).or_default().1 += 1;
        if events.iter().any(|g| distance(g, p) == 0) {
            r.errors.spurious_on_gold += 1;
        } else {
            r.errors.spurious_elsewhere += 1;
        }
        r.lines.push(format!("FALSE {id}: {}", p.show));
    }
    for (i, p) in pred.iter().enumerate() {
        if used[i] {
            r.by_type.entry(p.event_type.clone()).or_default().1 += 1;
        }
    }
}

/// rasd's events on one document, in the compared form.
fn predicted(doc: rasd_core::Document) -> Vec<Ev> {
    let a = analyze(doc, &Options::default());
    let ents = a.kb();
    let actor = |x: rasd_kb::EntityId| {
        let e = ents.entity(x);
        let unidentified = e.name_en == "unidentified";
        Actor {
            name: Some(fold(&e.name_en)),
            ar: (!e.name_ar.is_empty()).then(|| rasd_text::normalize::key(&e.name_ar)),
            state_of: state_like(e),
            person_of: if e.kind == rasd_kb::EntityKind::Person { e.country.clone() } else { None },
            unidentified,
        }
    };
    a.events
        .iter()
        .map(|e| {
            let place = e.location.as_ref().map(|l| {
                let p = ents.entity(l.entity);
                let name = if p.kind == rasd_kb::EntityKind::Country { None } else { Some(fold(&p.name_en)) };
                (name, p.country.clone())
            });
            let label = |v: &[rasd_kb::EntityId]| {
                if v.is_empty() {
                    "-".to_string()
                } else {
                    v.iter().map(|&x| ents.entity(x).name_en.clone()).collect::<Vec<_>>().join("; ")
                }
            };
            let mode = e.mode.as_ref().map(|m| m.to_string()).unwrap_or_else(|| "-".into());
            let triggers: Vec<(usize, usize)> = e.mentions.iter().map(|m| (m.trigger.start, m.trigger.end)).collect();
            Ev {
                event_type: e.event_type.as_str().to_string(),
                show: format!(
                    "{} {} {} → {} [{}] @{}",
                    e.event_type.as_str(),
                    mode,
                    label(&e.source),
                    label(&e.target),
                    e.date.as_ref().map_or("-".to_string(), |d| format!("{}..{}", d.start, d.end)),
                    triggers.first().map_or("-".to_string(), |t| format!("{}:{}", t.0, t.1))
                ),
                mode,
                sources: e.source.iter().map(|&x| actor(x)).collect(),
                targets: e.target.iter().map(|&x| actor(x)).collect(),
                date: e.date.as_ref().map(|d| (d.start, d.end)),
                place,
                modality: e.modality.as_str().to_string(),
                triggers,
                background: false,
            }
        })
        .collect()
}

/// Groups gold rows by article (an article with only a `NONE` row has no event but is annotated).
fn by_article(rows: GoldRows) -> BTreeMap<String, Vec<Ev>> {
    let mut out: BTreeMap<String, Vec<Ev>> = BTreeMap::new();
    for (id, ev) in rows {
        let v = out.entry(id).or_default();
        if let Some(e) = ev {
            v.push(e);
        }
    }
    out
}

/// Scores rasd on the annotated articles of a split.
pub fn run(dir: &Path, shared: &Path, split: Split) -> Result<Report, String> {
    let names = Names::new();
    let articles = read_articles(dir)?;
    let gold = by_article(read_gold(&dir.join("gold"), &names)?);
    let listed: Vec<Article> = articles.into_iter().filter(|a| split.admits(&a.split)).collect();
    for id in gold.keys() {
        if !listed.iter().any(|a| &a.id == id) && split == Split::All {
            return Err(format!("gold article {id} is not in articles.tsv"));
        }
    }
    let annotated: Vec<Article> = listed.iter().filter(|a| gold.contains_key(&a.id)).cloned().collect();
    let mut texts = read_texts(shared, &annotated)?;
    let mut r = Report { split: split.name().into(), listed: listed.len(), articles: annotated.len(), ..Report::default() };
    for a in &annotated {
        let doc = texts.remove(&a.id).expect("read_texts checked every article");
        for g in &gold[&a.id] {
            for &(s, e) in &g.triggers {
                if !(s < e && e <= doc.text.len() && doc.text.is_char_boundary(s) && doc.text.is_char_boundary(e)) {
                    return Err(format!("article {}: the trigger span {s}:{e} of `{}` is not a slice of its text", a.id, g.show));
                }
            }
        }
        let pred = predicted(doc);
        score_article(&mut r, &a.id, &gold[&a.id], &pred);
    }
    Ok(r)
}

/// What the committed gold set holds, checked without the articles: every gold and agreement row
/// parses and names an article of `articles.tsv`.
#[derive(Debug, Default)]
pub struct Summary {
    /// Listed articles per split (dev, test).
    pub listed: (usize, usize),
    /// Annotated articles per split (dev, test).
    pub annotated: (usize, usize),
    pub events: usize,
    pub background: usize,
    /// Articles annotated a second time, independently.
    pub agreement_articles: usize,
}

pub fn check(dir: &Path) -> Result<Summary, String> {
    let names = Names::new();
    let articles = read_articles(dir)?;
    let gold = by_article(read_gold(&dir.join("gold"), &names)?);
    let second = by_article(read_gold(&dir.join("agreement"), &names)?);
    let mut s = Summary::default();
    for a in &articles {
        let dev = match a.split.as_str() {
            "dev" => true,
            "test" => false,
            other => return Err(format!("article {}: split {other}, expected dev or test", a.id)),
        };
        let (l, n) = if dev { (&mut s.listed.0, &mut s.annotated.0) } else { (&mut s.listed.1, &mut s.annotated.1) };
        *l += 1;
        if gold.contains_key(&a.id) {
            *n += 1;
        }
    }
    for id in gold.keys().chain(second.keys()) {
        if !articles.iter().any(|a| &a.id == id) {
            return Err(format!("annotated article {id} is not in articles.tsv"));
        }
        if !gold.contains_key(id) {
            return Err(format!("article {id} is in agreement/ but not in gold/"));
        }
    }
    for evs in gold.values() {
        s.events += evs.iter().filter(|e| !e.background).count();
        s.background += evs.iter().filter(|e| e.background).count();
    }
    s.agreement_articles = second.len();
    Ok(s)
}

/// Inter-annotator agreement: the second annotations (`agreement/*.tsv`) scored against the first
/// (`gold/*.tsv`) with the same matching, on the articles both cover.
pub fn agreement(dir: &Path) -> Result<Report, String> {
    let names = Names::new();
    let first = by_article(read_gold(&dir.join("gold"), &names)?);
    let second = by_article(read_gold(&dir.join("agreement"), &names)?);
    let mut r = Report { split: "agreement".into(), listed: second.len(), ..Report::default() };
    for (id, b) in &second {
        let Some(a) = first.get(id) else { continue };
        r.articles += 1;
        // Both sides' background rows stay out of the score: background is optional in the gold.
        let pred: Vec<Ev> = b.iter().filter(|e| !e.background).cloned().collect();
        score_article(&mut r, id, a, &pred);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(t: &str, s: &[Actor], g: &[Actor]) -> Ev {
        Ev {
            event_type: t.into(),
            mode: "-".into(),
            sources: s.to_vec(),
            targets: g.to_vec(),
            date: None,
            place: None,
            modality: "asserted".into(),
            triggers: vec![(0, 4)],
            background: false,
            show: String::new(),
        }
    }

    #[test]
    fn actors_compare_by_name_spelling_and_state() {
        let n = Names::new();
        let rus = n.gold_actor("RUS");
        let putin = n.gold_actor("Vladimir Putin");
        let ministry = Actor { name: Some("ministry of defence russia".into()), state_of: Some("RUS".into()), ..Actor::default() };
        assert!(same_actor(&rus, &ministry));
        assert!(same_actor(&rus, &putin), "an official speaks for his state");
        assert!(!same_actor(&putin, &n.gold_actor("Sergei Lavrov")), "two officials of one state are two actors");
        assert!(!same_actor(&n.gold_actor("YEM"), &n.gold_actor("Houthis (Ansar Allah)")), "an armed group is not its country");
        let spelled = n.gold_actor("Ahmad Fawzi [أحمد فوزي]");
        let tagged =
            Actor { name: Some("ahmed fauzi".into()), ar: Some(rasd_text::normalize::key("احمد فوزي")), ..Actor::default() };
        assert!(same_actor(&spelled, &tagged));
        assert!(same_actor(&n.gold_actor("Russia"), &rus));
    }

    #[test]
    fn unidentified_is_no_named_actor_and_empty_gold_target_accepts_any() {
        let n = Names::new();
        let g = ev("ASSAULT", &[n.gold_actor("unidentified")], &[n.gold_actor("IRQ")]);
        let passive = ev("ASSAULT", &[], &[n.gold_actor("Iraq")]);
        assert!(matches(&g, &passive));
        let named = ev("ASSAULT", &[n.gold_actor("Islamic State")], &[n.gold_actor("Iraq")]);
        assert!(!matches(&g, &named));
        let statement = ev("ACCUSE", &[n.gold_actor("TUR")], &[]);
        assert!(matches(&statement, &ev("ACCUSE", &[n.gold_actor("Turkey")], &[n.gold_actor("SYR")])));
        assert!(!matches(&statement, &ev("REQUEST", &[n.gold_actor("Turkey")], &[])));
    }

    #[test]
    fn background_is_neither_right_nor_wrong() {
        let n = Names::new();
        let mut old = ev("ASSAULT", &[n.gold_actor("USA")], &[n.gold_actor("IRQ")]);
        old.background = true;
        let news = ev("CONSULT", &[n.gold_actor("Vladimir Putin")], &[n.gold_actor("Recep Tayyip Erdoğan")]);
        let pred = vec![ev("ASSAULT", &[n.gold_actor("United States")], &[n.gold_actor("Iraq")]), news.clone(), news.clone()];
        let mut r = Report::default();
        score_article(&mut r, "x", &[old, news], &pred);
        assert_eq!((r.gold, r.matched, r.on_background, r.scored()), (1, 1, 1, 2), "the second copy of the meeting is a false event");
        assert_eq!(r.errors.spurious_on_gold, 1);
    }

    #[test]
    fn places_compare_by_name_words() {
        assert!(same_place_name("asir", "asir province"));
        assert!(same_place_name("sanaa", "sanaa"));
        assert!(!same_place_name("riyadh", "jizan"));
    }

    #[test]
    fn gold_rows_parse_with_file_line_errors() {
        let dir = std::env::temp_dir().join(format!("rasd-real-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("a.tsv"),
            "article\ttype\tmode\tsource\ttarget\tdate\tplace\tplace_country\tmodality\ttrigger\tstatus\n\
             X\tCONSULT\tmeet\tRUS\tTUR\t2018-03-01..2018-03-02\tMoscow\tRUS\tasserted\t10:20\tevent\n\
             Y\tNONE\t-\t-\t-\t-\t-\t-\t-\t-\t-\n",
        )
        .unwrap();
        let rows = read_gold(&dir, &Names::new()).unwrap();
        assert_eq!(rows.len(), 2);
        assert!(rows[1].1.is_none());
        std::fs::write(dir.join("a.tsv"), "X\tMEET\tmeet\tRUS\tTUR\t-\t-\t-\tasserted\t10:20\tevent\n").unwrap();
        let e = read_gold(&dir, &Names::new()).unwrap_err();
        assert!(e.ends_with("a.tsv:1: unknown type MEET"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
