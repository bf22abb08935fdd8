//! The article view: a document's text with the spans a reader highlights — entity mentions,
//! time expressions and each event's evidence sentence and trigger — built from the article's
//! JSON coding (the output contract), whether stored or just analysed.
//!
//! An attack's casualty figures (`fatalities`, `injured`) come with the span of their words.
//!
//! Every span is a UTF-8 byte range into `text`, checked here: a span that is not a slice of the
//! text on char boundaries is dropped (and counted in `dropped_spans`), never sent to a browser
//! that would mark the wrong words.

use serde::Serialize;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ArticleView {
    pub document: DocInfo,
    pub text: String,
    pub entities: Vec<EntitySpan>,
    pub times: Vec<TimeSpan>,
    pub events: Vec<ArticleEvent>,
    /// Spans of the coding that did not fit the text (should be 0).
    pub dropped_spans: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DocInfo {
    /// The database row id (absent for an analysis that was not stored).
    pub id: Option<i64>,
    pub doc_id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntitySpan {
    pub start: usize,
    pub end: usize,
    pub entity: String,
    pub name_en: String,
    pub name_ar: String,
    pub kind: String,
    pub country: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeSpan {
    pub start: usize,
    pub end: usize,
    pub date_start: String,
    pub date_end: String,
    pub precision: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Actor {
    pub entity: String,
    pub name_en: String,
    pub name_ar: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceSpan {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub trigger_start: usize,
    pub trigger_end: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleEvent {
    /// `document id:e<n>`, as in the coding.
    pub coding_id: String,
    /// The merged event it belongs to (stored articles only).
    pub merged: Option<i64>,
    #[serde(rename = "type")]
    pub event_type: String,
    pub mode: Option<String>,
    pub modality: String,
    pub source: Vec<Actor>,
    pub target: Vec<Actor>,
    pub date: Option<Value>,
    pub location: Option<Value>,
    /// Killed and injured as the article states them, with the span of their words.
    pub fatalities: Option<rasd_store::StatedToll>,
    pub injured: Option<rasd_store::StatedToll>,
    pub evidence: Vec<EvidenceSpan>,
}

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

fn n(v: &Value, k: &str) -> Option<usize> {
    v.get(k).and_then(Value::as_u64).map(|x| x as usize)
}

fn arr<'a>(v: &'a Value, k: &str) -> &'a [Value] {
    v.get(k).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// A byte range that is a non-empty slice of `text` on char boundaries.
fn fits(text: &str, start: usize, end: usize) -> bool {
    start < end && text.get(start..end).is_some()
}

/// A casualty figure of the coding (`fatalities`, `injured`), if its span fits the text (else
/// dropped and counted like any other span).
fn toll(ev: &Value, k: &str, text: &str, dropped: &mut usize) -> Option<rasd_store::StatedToll> {
    let t = ev.get(k).filter(|t| !t.is_null())?;
    let (count, exact, start, end) =
        (t.get("count").and_then(Value::as_u64)?, t.get("exact").and_then(Value::as_bool)?, n(t, "start")?, n(t, "end")?);
    if !fits(text, start, end) {
        *dropped += 1;
        return None;
    }
    Some(rasd_store::StatedToll { count: u32::try_from(count).ok()?, exact, start, end, text: text[start..end].to_string() })
}

impl ArticleView {
    /// The view of `text` coded as `coding` (the JSON contract of that text). `merged[i]` is the
    /// merged event of the coding's i-th event, when stored.
    pub fn build(doc: DocInfo, text: String, coding: &Value, merged: &[Option<i64>]) -> ArticleView {
        let mut dropped = 0usize;
        let mut entities = Vec::new();
        for e in arr(coding, "entities") {
            for m in arr(e, "mentions") {
                let (Some(start), Some(end)) = (n(m, "start"), n(m, "end")) else { continue };
                if !fits(&text, start, end) {
                    dropped += 1;
                    continue;
                }
                entities.push(EntitySpan {
                    start,
                    end,
                    entity: s(e, "id").unwrap_or_default(),
                    name_en: s(e, "name_en").unwrap_or_default(),
                    name_ar: s(e, "name_ar").unwrap_or_default(),
                    kind: s(e, "kind").unwrap_or_default(),
                    country: s(e, "country"),
                });
            }
        }
        entities.sort_by(|a, b| (a.start, b.end, &a.entity).cmp(&(b.start, a.end, &b.entity)));
        let mut times = Vec::new();
        for t in arr(coding, "times") {
            let (Some(start), Some(end)) = (n(t, "start"), n(t, "end")) else { continue };
            if !fits(&text, start, end) {
                dropped += 1;
                continue;
            }
            times.push(TimeSpan {
                start,
                end,
                date_start: s(t, "date_start").unwrap_or_default(),
                date_end: s(t, "date_end").unwrap_or_default(),
                precision: s(t, "precision").unwrap_or_default(),
            });
        }
        times.sort_by_key(|t| (t.start, t.end));
        let actors = |v: &Value, k: &str| -> Vec<Actor> {
            arr(v, k)
                .iter()
                .map(|a| Actor {
                    entity: s(a, "entity").unwrap_or_default(),
                    name_en: s(a, "name_en").unwrap_or_default(),
                    name_ar: s(a, "name_ar").unwrap_or_default(),
                })
                .collect()
        };
        let mut events = Vec::new();
        for (i, ev) in arr(coding, "events").iter().enumerate() {
            let (fatalities, injured) = (toll(ev, "fatalities", &text, &mut dropped), toll(ev, "injured", &text, &mut dropped));
            let mut evidence = Vec::new();
            for m in arr(ev, "evidence") {
                let (Some(start), Some(end)) = (n(m, "start"), n(m, "end")) else { continue };
                let (ts, te) = (n(m, "trigger_start").unwrap_or(start), n(m, "trigger_end").unwrap_or(start));
                if !(fits(&text, start, end)
                    && start <= ts
                    && ts <= te
                    && te <= end
                    && text.is_char_boundary(ts)
                    && text.is_char_boundary(te))
                {
                    dropped += 1;
                    continue;
                }
                evidence.push(EvidenceSpan { sentence: n(m, "sentence").unwrap_or(0), start, end, trigger_start: ts, trigger_end: te });
            }
            events.push(ArticleEvent {
                coding_id: s(ev, "id").unwrap_or_default(),
                merged: merged.get(i).copied().flatten(),
                event_type: s(ev, "type").unwrap_or_default(),
                mode: s(ev, "mode"),
                modality: s(ev, "modality").unwrap_or_default(),
                source: actors(ev, "source"),
                target: actors(ev, "target"),
                date: ev.get("date").filter(|d| !d.is_null()).cloned(),
                location: ev.get("location").filter(|d| !d.is_null()).cloned(),
                fatalities,
                injured,
                evidence,
            });
        }
        ArticleView { document: doc, text, entities, times, events, dropped_spans: dropped }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_that_do_not_fit_the_text_are_dropped_and_counted() {
        let text = "التقى الوزير نظيره يوم الأحد.".to_string();
        let coding = serde_json::json!({
            "entities": [{"id": "x", "name_en": "X", "name_ar": "س", "kind": "person",
                          "mentions": [{"start": 0, "end": 10}, {"start": 1, "end": 4}, {"start": 0, "end": 999}]}],
            "times": [{"start": 35, "end": 52, "date_start": "2025-05-11", "date_end": "2025-05-11", "precision": "day"}],
            "events": [{"id": "d:e1", "type": "CONSULT", "modality": "asserted", "source": [], "target": [],
                        "evidence": [{"sentence": 0, "start": 0, "end": text.len(), "trigger_start": 0, "trigger_end": 10},
                                     {"sentence": 0, "start": 0, "end": text.len(), "trigger_start": 1, "trigger_end": 10}]}]
        });
        let v = ArticleView::build(DocInfo::default(), text.clone(), &coding, &[Some(7)]);
        // "التقى" is 10 bytes; 1..4 splits a letter; 0..999 is past the end.
        assert_eq!(v.entities.len(), 1);
        assert_eq!(&text[v.entities[0].start..v.entities[0].end], "التقى");
        assert_eq!(v.times.len(), 1);
        assert_eq!(&text[v.times[0].start..v.times[0].end], "يوم الأحد");
        assert_eq!(v.events[0].evidence.len(), 1, "the trigger starting inside a letter is dropped");
        assert_eq!(v.events[0].merged, Some(7));
        assert_eq!(v.dropped_spans, 3);
    }

    #[test]
    fn casualty_figures_keep_their_words_and_bad_spans_are_dropped() {
        let text = "قتل ستة أشخاص.".to_string();
        let coding = serde_json::json!({"events": [{"id": "d:e1", "type": "ASSAULT", "modality": "asserted", "source": [], "target": [], "evidence": [],
            "fatalities": {"count": 6, "exact": true, "start": 7, "end": 13, "text": "ستة"},
            "injured": {"count": 2, "exact": false, "start": 8, "end": 13, "text": "?"}}]});
        let v = ArticleView::build(DocInfo::default(), text, &coding, &[None]);
        let f = v.events[0].fatalities.as_ref().unwrap();
        assert_eq!((f.count, f.exact, f.text.as_str()), (6, true, "ستة"));
        assert_eq!(v.events[0].injured, None, "a span starting inside a letter is dropped");
        assert_eq!(v.dropped_spans, 1);
    }
}
