//! A backend-neutral canonical dump: what the database holds, with every row id replaced by the
//! content it stands for (a document by its content hash, an event by `hash:number`, a merged event
//! by its key), wall-clock times left out, and each table's lines sorted. Two databases — SQLite
//! or PostgreSQL, written by one process or by many workers in any order — hold the same data
//! exactly when their content dumps are equal.
//!
//! Merged event ids are kept: they are derived from the members' content keys (like the merged
//! key), so they are part of what must agree. The full-text tables are not dumped (SQLite's are contentless); they
//! are derived from the dumped documents and events.

use std::io::Write;

use crate::sql::Value;
use crate::{Result, Store};

/// (section, query): each query's rows become one tab-separated line each.
const SECTIONS: &[(&str, &str)] = &[
    ("sources (name)", "SELECT name FROM sources"),
    (
        "documents (hash, doc_id, path, title, published, published_basis, source, url, language, body_start, text, coding, signature, duplicate_of)",
        "SELECT d.hash, d.doc_id, d.path, d.title, d.published, d.published_basis, s.name, d.url, d.language, d.body_start, d.text, d.coding, d.signature, d.duplicate_of
         FROM documents d LEFT JOIN sources s ON s.id = d.source_id",
    ),
    ("sentences (doc, idx, start, end)", "SELECT d.hash, x.idx, x.start, x.\"end\" FROM sentences x JOIN documents d ON d.id = x.doc"),
    ("entities (id, name_en, name_ar, name_key, kind, country, sector, wikidata, lat, lon)", "SELECT id, name_en, name_ar, name_key, kind, country, sector, wikidata, lat, lon FROM entities"),
    ("mentions (doc, start, end, entity, sentence, how)", "SELECT d.hash, m.start, m.\"end\", m.entity, m.sentence, m.how FROM mentions m JOIN documents d ON d.id = m.doc"),
    (
        "events (doc, idx, type, mode, contexts, date_start, date_end, date_precision, date_text, date_basis, part_of_day, location, location_precision, location_basis, modality, confidence, rule, mentions, fatalities, fatalities_exact, fatalities_start, fatalities_end, injured, injured_exact, injured_start, injured_end)",
        "SELECT d.hash, e.idx, e.type, e.mode, e.contexts, e.date_start, e.date_end, e.date_precision, e.date_text, e.date_basis, e.part_of_day,
                e.location, e.location_precision, e.location_basis, e.modality, e.confidence, e.rule, e.mentions,
                e.fatalities, e.fatalities_exact, e.fatalities_start, e.fatalities_end, e.injured, e.injured_exact, e.injured_start, e.injured_end
         FROM events e JOIN documents d ON d.id = e.doc",
    ),
    (
        "event_actors (doc, event, role, pos, entity)",
        "SELECT d.hash, e.idx, a.role, a.pos, a.entity FROM event_actors a JOIN events e ON e.id = a.event JOIN documents d ON d.id = e.doc",
    ),
    (
        "event_mentions (doc, event, idx, sentence, start, end, trigger_start, trigger_end)",
        "SELECT d.hash, e.idx, x.idx, x.sentence, x.start, x.\"end\", x.trigger_start, x.trigger_end FROM event_mentions x JOIN events e ON e.id = x.event JOIN documents d ON d.id = e.doc",
    ),
    (
        "merged_events (id, key, type, mode, date_start, date_end, date_precision, location, location_precision, location_country, lat, lon, modality, confidence, n_events, n_documents, n_sources, n_mentions, first_published, last_published, fatalities, fatalities_exact, injured, injured_exact)",
        "SELECT id, key, type, mode, date_start, date_end, date_precision, location, location_precision, location_country, lat, lon,
                modality, confidence, n_events, n_documents, n_sources, n_mentions, first_published, last_published,
                fatalities, fatalities_exact, injured, injured_exact
         FROM merged_events",
    ),
    ("merged_actors (merged, role, entity, events)", "SELECT m.key, a.role, a.entity, a.events FROM merged_actors a JOIN merged_events m ON m.id = a.merged"),
    (
        "event_merge (doc, event, merged)",
        "SELECT d.hash, e.idx, m.key FROM event_merge x JOIN events e ON e.id = x.event JOIN documents d ON d.id = e.doc JOIN merged_events m ON m.id = x.merged",
    ),
    ("meta (key, value)", "SELECT key, value FROM meta WHERE key = 'merge'"),
];

fn render(v: &Value, line: &mut String) {
    match v {
        Value::Null => line.push_str("NULL"),
        Value::Int(x) => line.push_str(&x.to_string()),
        Value::Real(x) => line.push_str(&format!("{x:?}")),
        Value::Text(s) => line.push_str(&s.replace('\\', "\\\\").replace('\n', "\\n").replace('\t', "\\t")),
        Value::Blob(b) => line.push_str(&format!("blob:{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>())),
        Value::TextList(l) => line.push_str(&l.join(" ")),
    }
}

impl Store {
    /// Writes the backend-neutral canonical dump (see the module documentation).
    pub fn content_dump(&self, out: &mut dyn Write) -> Result<()> {
        writeln!(out, "schema {}", self.schema_version()?)?;
        for (name, sql) in SECTIONS {
            let mut lines: Vec<String> = self
                .db()
                .query(sql, &[])?
                .iter()
                .map(|r| {
                    let mut line = String::new();
                    for (i, v) in r.values().iter().enumerate() {
                        if i > 0 {
                            line.push('\t');
                        }
                        render(v, &mut line);
                    }
                    line
                })
                .collect();
            lines.sort_unstable();
            writeln!(out, "## {name}: {} rows", lines.len())?;
            for l in lines {
                writeln!(out, "{l}")?;
            }
        }
        Ok(())
    }
}
