//! What the store writes for one article: plain owned data built from the pipeline's
//! [`Analysis`] through the JSON contract's DTOs (`rasd_pipeline::report`), so every field means
//! exactly what `rasd analyze --format json` says it means.

use sha2::{Digest, Sha256};

use rasd_core::Document;
use rasd_pipeline::Analysis;
use rasd_pipeline::report;
use rasd_text::Token;

/// One coded article, ready to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct CodedDocument {
    /// The idempotence key: see [`content_hash`].
    pub hash: String,
    pub doc_id: String,
    pub path: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub published_basis: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub language: String,
    pub body_start: usize,
    pub text: String,
    /// The per-article JSON coding (`report::to_json`).
    pub coding: String,
    /// Sentence byte ranges, in order (evidence `sentence` numbers index this list).
    pub sentences: Vec<(usize, usize)>,
    pub entities: Vec<CodedEntity>,
    pub events: Vec<CodedEvent>,
    /// Normalised words (token keys) for the full-text index.
    pub index_text: String,
    /// The near-duplicate signature (`rasd_dedup::Signature::to_bytes`), if the caller computed one.
    pub signature: Option<Vec<u8>>,
    /// For a syndicated copy that was not coded again: the `doc_id` of the first copy.
    pub duplicate_of: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodedEntity {
    pub id: String,
    pub name_en: String,
    pub name_ar: String,
    pub kind: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub wikidata: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub mentions: Vec<CodedMention>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodedMention {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub how: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodedDate {
    pub start: String,
    pub end: String,
    pub precision: String,
    pub text: Option<String>,
    pub basis: String,
    pub part_of_day: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodedLocation {
    pub entity: String,
    pub precision: String,
    pub basis: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodedEvidence {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub trigger_start: usize,
    pub trigger_end: usize,
}

/// A casualty figure (the JSON contract's `fatalities` / `injured`): the count, whether it is
/// exact (false for a lower bound), and the byte span of its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodedToll {
    pub count: u32,
    pub exact: bool,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodedEvent {
    pub event_type: String,
    pub mode: Option<String>,
    pub contexts: Vec<String>,
    /// Entity ids.
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub reported_by: Vec<String>,
    pub date: Option<CodedDate>,
    pub location: Option<CodedLocation>,
    pub modality: String,
    pub confidence: f64,
    pub rule: String,
    pub mentions: usize,
    pub evidence: Vec<CodedEvidence>,
    /// How many were killed and injured, as the article states it (`None`: no figure given).
    pub fatalities: Option<CodedToll>,
    pub injured: Option<CodedToll>,
    /// Normalised words of the evidence sentences, for `rasd events --text`.
    pub index_text: String,
}

/// The idempotence key of a document as read: SHA-256 over its text and the metadata that
/// changes what it means (title, publication date, source), hex-encoded. The path, id and URL are
/// left out: the same article read from another file is the same article.
pub fn content_hash(doc: &Document) -> String {
    let mut h = Sha256::new();
    h.update(b"rasd-document-v1\0");
    h.update(doc.text.as_bytes());
    for part in [doc.meta.title.as_deref(), doc.meta.published.map(|d| d.to_string()).as_deref(), doc.meta.source.as_deref()] {
        h.update([0u8]);
        match part {
            Some(s) => {
                h.update([1u8]);
                h.update(s.as_bytes());
            }
            None => h.update([0u8]),
        }
    }
    let digest = h.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Appends the index words of `tokens` (their matching keys) to `out`. Clitics are handled at
/// query time ([`query_forms`]), which keeps indexing as cheap as joining keys.
fn push_index_words(tokens: &[Token], out: &mut String) {
    for t in tokens {
        if !matches!(t.kind, rasd_text::TokenKind::Arabic | rasd_text::TokenKind::Latin | rasd_text::TokenKind::Number) || t.key.is_empty()
        {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&t.key);
    }
}

/// The words of a query or a phrase, as index keys.
pub fn index_words(s: &str) -> Vec<String> {
    let tokens = rasd_text::tokenize(s);
    let mut words = Vec::new();
    for t in &tokens {
        if matches!(t.kind, rasd_text::TokenKind::Arabic | rasd_text::TokenKind::Latin | rasd_text::TokenKind::Number) && !t.key.is_empty()
        {
            words.push(t.key.clone());
        }
    }
    words
}

/// Proclitic strings an Arabic word may carry in running text (conjunctions, prepositions, the
/// future سـ), alone and combined.
const PROCLITICS: [&str; 14] = ["و", "ف", "ب", "ل", "ك", "س", "وب", "ول", "وك", "وس", "فب", "فل", "فك", "فس"];

/// The index keys that count as an occurrence of a query word (a key): the word itself, and the
/// word with each proclitic (`بوتين` → `وبوتين`, `لبوتين`…; `الجيش` → `والجيش`, `للجيش`…).
/// Latin words and numbers match only themselves.
pub fn query_forms(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    if !word.chars().next().is_some_and(rasd_text::token::is_arabic_letter) {
        return out;
    }
    for p in PROCLITICS {
        out.push(format!("{p}{word}"));
    }
    if let Some(rest) = word.strip_prefix("ال") {
        // ل + ال is written لل.
        for p in ["لل", "ولل", "فلل"] {
            out.push(format!("{p}{rest}"));
        }
    }
    out
}

impl CodedDocument {
    /// Builds the stored form of an analysis. `hash` is the document's [`content_hash`] as read
    /// (computed before analysis, so that a re-run can skip it without analysing).
    pub fn from_analysis(a: &Analysis, hash: String) -> CodedDocument {
        let o = report::output(a);
        let text = a.doc.text.as_str();
        let coding = serde_json::to_string(&o).expect("the output DTOs always serialise");
        let sentences: Vec<(usize, usize)> = a.sentences.iter().map(|s| (s.span.start, s.span.end)).collect();
        let entities = o
            .entities
            .iter()
            .map(|e| CodedEntity {
                id: e.id.to_string(),
                name_en: e.name_en.to_string(),
                name_ar: e.name_ar.to_string(),
                kind: e.kind.to_string(),
                country: e.country.map(str::to_string),
                sector: e.sector.map(str::to_string),
                wikidata: e.wikidata.map(str::to_string),
                lat: e.lat,
                lon: e.lon,
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| CodedMention { start: m.start, end: m.end, sentence: m.sentence, how: m.how.to_string() })
                    .collect(),
            })
            .collect();
        let events = o
            .events
            .iter()
            .zip(&a.events)
            .map(|(e, ev)| {
                let mut index_text = String::new();
                let mut seen = Vec::new();
                for m in &ev.mentions {
                    if seen.contains(&m.sentence) {
                        continue;
                    }
                    seen.push(m.sentence);
                    if let Some(s) = a.sentences.get(m.sentence) {
                        push_index_words(&a.tokens[s.tokens.clone()], &mut index_text);
                    }
                }
                CodedEvent {
                    event_type: e.event_type.to_string(),
                    mode: e.mode.map(str::to_string),
                    contexts: e.contexts.to_vec(),
                    // The unidentified actor has no entity: the stored event keeps an empty source.
                    source: e.source.iter().filter_map(|x| x.entity.map(str::to_string)).collect(),
                    target: e.target.iter().filter_map(|x| x.entity.map(str::to_string)).collect(),
                    reported_by: e.reported_by.iter().filter_map(|x| x.entity.map(str::to_string)).collect(),
                    date: e.date.as_ref().map(|d| CodedDate {
                        start: d.start.clone(),
                        end: d.end.clone(),
                        precision: d.precision.to_string(),
                        text: d.text.map(str::to_string),
                        basis: d.basis.to_string(),
                        part_of_day: d.part_of_day.map(str::to_string),
                    }),
                    location: e.location.as_ref().map(|l| CodedLocation {
                        entity: l.entity.to_string(),
                        precision: l.precision.to_string(),
                        basis: l.basis.to_string(),
                    }),
                    modality: e.modality.to_string(),
                    confidence: f64::from(e.confidence),
                    rule: e.rule.clone(),
                    mentions: e.mentions,
                    evidence: e
                        .evidence
                        .iter()
                        .map(|m| CodedEvidence {
                            sentence: m.sentence,
                            start: m.start,
                            end: m.end,
                            trigger_start: m.trigger_start,
                            trigger_end: m.trigger_end,
                        })
                        .collect(),
                    fatalities: e.fatalities.as_ref().map(|c| CodedToll { count: c.count, exact: c.exact, start: c.start, end: c.end }),
                    injured: e.injured.as_ref().map(|c| CodedToll { count: c.count, exact: c.exact, start: c.start, end: c.end }),
                    index_text,
                }
            })
            .collect();
        let mut index_text = String::with_capacity(text.len());
        push_index_words(&a.tokens, &mut index_text);
        let d = &o.document;
        CodedDocument {
            hash,
            doc_id: d.id.to_string(),
            path: d.path.to_string(),
            title: d.title.map(str::to_string),
            published: d.published.clone(),
            published_basis: d.published_basis.to_string(),
            source: d.source.map(str::to_string),
            url: d.url.map(str::to_string),
            language: d.language.to_string(),
            body_start: a.doc.body_start,
            text: a.doc.text.clone(),
            coding,
            sentences,
            entities,
            events,
            index_text,
            signature: None,
            duplicate_of: a.duplicate_of.as_ref().map(|m| m.original.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_forms_cover_proclitics() {
        let f = query_forms("الجيش");
        for w in ["الجيش", "والجيش", "بالجيش", "للجيش", "وللجيش", "فالجيش"] {
            assert!(f.contains(&w.to_string()), "{w} missing from {f:?}");
        }
        assert!(query_forms("بوتين").contains(&"لبوتين".to_string()));
        assert_eq!(query_forms("cnn"), vec!["cnn".to_string()]);
        assert_eq!(query_forms("2018"), vec!["2018".to_string()]);
    }

    #[test]
    fn index_words_are_keys() {
        assert_eq!(index_words("بُوتِين، وأردوغان!"), vec!["بوتين".to_string(), "واردوغان".to_string()]);
        assert!(index_words(" ... ").is_empty());
    }
}
