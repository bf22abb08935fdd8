//! The trigger and cue lexicons, compiled from `data/triggers.tsv` and `data/cues.tsv`.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rasd_core::EventType;
use rasd_text::phrase_key;

use crate::Class;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pos {
    Verb,
    Noun,
    Phrase,
}

#[derive(Clone, Debug)]
pub struct Trigger {
    pub event_type: EventType,
    pub mode: Option<String>,
    pub contexts: Vec<String>,
    pub pos: Pos,
    /// How the target follows: `obj` and/or preposition keys.
    pub target: Vec<String>,
    /// Row in triggers.tsv (1-based), for `rule` and `explain`.
    pub line: usize,
}

impl Trigger {
    pub fn takes_obj(&self) -> bool {
        self.target.iter().any(|t| t == "obj")
    }
    pub fn takes_prep(&self, prep: &str) -> bool {
        self.target.iter().any(|t| t == prep)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CueKind {
    Negation,
    Future,
    Hypothetical,
    Hedge,
    ReportVerb,
    ReportPrep,
    ReportNoun,
    Platform,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    pub triggers: Vec<Trigger>,
    /// Phrase key → trigger indices.
    pub forms: HashMap<String, Vec<usize>>,
    /// Every key of `forms` and each of its prefixes that ends before a space: a phrase not in
    /// here starts no form, so the trigger scan stops extending it (filled by [`Lexicon::compile`]).
    pub form_starts: HashSet<String>,
    /// First word of multiword forms → (remaining words, trigger index), for discontinuous phrases.
    pub phrase_heads: HashMap<String, Vec<(Vec<String>, usize)>>,
    pub max_words: usize,
    /// Forms whose key is also a frequent function word (`هنأ` congratulated → `هنا` here):
    /// key → the spellings (diacritics removed, hamza kept) that the surface must end with.
    pub surface_forms: HashMap<String, Vec<String>>,
    pub cues: HashMap<String, Vec<CueKind>>,
    pub max_cue_words: usize,
}

static EMBEDDED: OnceLock<Lexicon> = OnceLock::new();

/// The closed list of modes a trigger row may give (PLOVER's modes and rasd's own): the coder's rules
/// compare modes by name, so a typo would silently turn a rule off; it is a load error instead.
pub const MODES: [&str; 64] = [
    "abduct",
    "access",
    "aerial",
    "allege",
    "arrest",
    "assassinate",
    "assist",
    "ban",
    "beat",
    "boycott",
    "ceasefire",
    "censor",
    "change",
    "cleansing",
    "confiscate",
    "convict",
    "curfew",
    "demo",
    "deport",
    "destroy",
    "disapprove",
    "disarm",
    "discontinue",
    "discuss",
    "ease",
    "execute",
    "expel",
    "explosives",
    "firearms",
    "general",
    "heavy-weapons",
    "host",
    "hunger",
    "investigate",
    "martial-law",
    "massacre",
    "mediate",
    "meet",
    "militia",
    "multilateral",
    "obstruct",
    "peacekeeping",
    "phone",
    "police",
    "primitive",
    "relations",
    "release",
    "resign",
    "restrict",
    "return",
    "riot",
    "sexual",
    "strike",
    "suicide-attack",
    "territory",
    "torture",
    "troops",
    "unconventional",
    "violence",
    "visit",
    "weapons",
    "withdraw",
    "withhold",
    "yield",
];

/// A form without diacritics and tatweel, hamza kept.
fn spelling(form: &str) -> String {
    form.chars().filter(|&c| !rasd_text::normalize::is_arabic_mark(c)).collect()
}

/// Cue forms too ambiguous to use alone once normalised (classes `ambiguous_*_cues` of `classes.tsv`).
fn ambiguous_cue(k: &str, kind: CueKind) -> bool {
    let class = match kind {
        CueKind::Hypothetical => Class::AmbiguousHypotheticalCues,
        CueKind::Negation => Class::AmbiguousNegationCues,
        CueKind::Hedge => Class::AmbiguousHedgeCues,
        CueKind::ReportPrep => Class::AmbiguousReportPrepCues,
        CueKind::Future => Class::AmbiguousFutureCues,
        CueKind::ReportVerb => Class::AmbiguousReportVerbCues,
        CueKind::ReportNoun | CueKind::Platform => return false,
    };
    class.contains(&k)
}

impl Lexicon {
    pub fn embedded() -> &'static Lexicon {
        EMBEDDED.get_or_init(|| {
            Lexicon::compile(include_str!("../data/triggers.tsv"), include_str!("../data/cues.tsv"))
                .unwrap_or_else(|e| panic!("embedded event lexicon is malformed: {e}"))
        })
    }

    /// Compiles the lexicon; errors name the file and line.
    pub fn compile(triggers: &str, cues: &str) -> Result<Lexicon, String> {
        let mut lx = Lexicon::default();
        let mut header: Vec<&str> = Vec::new();
        for (n, line) in triggers.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            if header.is_empty() {
                header = cells;
                continue;
            }
            let get = |name: &str| header.iter().position(|h| *h == name).and_then(|i| cells.get(i).copied()).unwrap_or("");
            if cells.len() != header.len() {
                return Err(format!("triggers.tsv:{}: {} cells, expected {}", n + 1, cells.len(), header.len()));
            }
            let event_type =
                EventType::parse(get("type")).ok_or_else(|| format!("triggers.tsv:{}: unknown type {:?}", n + 1, get("type")))?;
            let pos = match get("pos") {
                "verb" => Pos::Verb,
                "noun" => Pos::Noun,
                "phrase" => Pos::Phrase,
                p => return Err(format!("triggers.tsv:{}: unknown pos {p:?}", n + 1)),
            };
            let idx = lx.triggers.len();
            lx.triggers.push(Trigger {
                event_type,
                mode: match get("mode") {
                    "" | "-" => None,
                    m if MODES.contains(&m) => Some(m.to_string()),
                    m => return Err(format!("triggers.tsv:{}: unknown mode {m:?}", n + 1)),
                },
                contexts: get("contexts").split('|').map(str::trim).filter(|c| !c.is_empty() && *c != "-").map(String::from).collect(),
                pos,
                target: get("target")
                    .split('|')
                    .map(str::trim)
                    .filter(|c| !c.is_empty() && *c != "-")
                    .map(|t| if t == "obj" { t.to_string() } else { rasd_text::key(t) })
                    .collect(),
                line: n + 1,
            });
            for form in get("forms").split('|') {
                let k = phrase_key(form);
                if k.is_empty() {
                    continue;
                }
                if Class::StopForms.contains(&k.as_str()) {
                    lx.surface_forms.entry(k.clone()).or_default().push(spelling(form.trim()));
                }
                let words: Vec<String> = k.split(' ').map(String::from).collect();
                lx.max_words = lx.max_words.max(words.len());
                if words.len() > 1 {
                    lx.phrase_heads.entry(words[0].clone()).or_default().push((words[1..].to_vec(), idx));
                }
                let v = lx.forms.entry(k).or_default();
                if !v.contains(&idx) {
                    v.push(idx);
                }
            }
        }
        header.clear();
        for (n, line) in cues.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            if header.is_empty() {
                header = cells;
                continue;
            }
            let kind = match cells.first().copied().unwrap_or("") {
                "negation" => CueKind::Negation,
                "future" => CueKind::Future,
                "hypothetical" => CueKind::Hypothetical,
                "hedge" => CueKind::Hedge,
                "report_verb" => CueKind::ReportVerb,
                "report_prep" => CueKind::ReportPrep,
                "report_noun" => CueKind::ReportNoun,
                "platform" => CueKind::Platform,
                k => return Err(format!("cues.tsv:{}: unknown cue kind {k:?}", n + 1)),
            };
            for form in cells.get(1).copied().unwrap_or("").split('|') {
                let k = phrase_key(form);
                if k.is_empty() || ambiguous_cue(&k, kind) {
                    continue;
                }
                lx.max_cue_words = lx.max_cue_words.max(k.split(' ').count());
                let v = lx.cues.entry(k).or_default();
                if !v.contains(&kind) {
                    v.push(kind);
                }
            }
        }
        for k in lx.forms.keys() {
            for (p, _) in k.match_indices(' ') {
                lx.form_starts.insert(k[..p].to_string());
            }
            lx.form_starts.insert(k.clone());
        }
        Ok(lx)
    }

    pub fn cue(&self, key: &str) -> &[CueKind] {
        self.cues.get(key).map_or(&[], |v| v.as_slice())
    }
}
