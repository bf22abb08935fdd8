//! Casualty figures through the store (issue 18), over articles written for this test
//! (`tests/fixtures/tolls.jsonl`): two reports of one market bombing in Mosul, a day apart — the
//! first says six killed and more than ten injured, the second at least nine killed and 14
//! injured — a meeting in Cairo (no toll), and an attack in Kirkuk with no figure.

use std::path::Path;

use rasd_pipeline::{Options, analyze};
use rasd_read::{InputFormat, read_inputs};
use rasd_store::export::{ACLED_COLUMNS, CSV_COLUMNS};
use rasd_store::{CodedDocument, EventFilter, ExportFormat, Page, Store, Toll, content_hash};

fn coded() -> Vec<CodedDocument> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tolls.jsonl");
    let mut docs = Vec::new();
    read_inputs(&[path.display().to_string()], InputFormat::Auto, &mut |r| {
        let d = r.expect("the fixture reads");
        let hash = content_hash(&d);
        docs.push(CodedDocument::from_analysis(&analyze(d, &Options::default()), hash));
    });
    assert_eq!(docs.len(), 4);
    docs
}

fn export(s: &Store, f: ExportFormat) -> String {
    let mut out = Vec::new();
    s.export(f, &EventFilter::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn assaults(s: &Store) -> Vec<rasd_store::EventSummary> {
    let f = EventFilter { event_type: Some("ASSAULT".into()), ..EventFilter::default() };
    s.events(&f, Page::all()).unwrap().1
}

#[test]
fn tolls_are_stored_merged_and_exported() {
    let docs = coded();
    let mosul_a = docs.iter().find(|d| d.doc_id == "mosul-a").unwrap();
    let ev = mosul_a.events.iter().find(|e| e.event_type == "ASSAULT").unwrap();
    let f = ev.fatalities.expect("the article states a toll");
    assert_eq!((f.count, f.exact, &mosul_a.text[f.start..f.end]), (6, true, "ستة"));
    assert_eq!(ev.injured.map(|t| (t.count, t.exact)), Some((10, false)));

    let mut s = Store::open_in_memory().unwrap();
    s.write_batch(&docs, "2025-01-01T00:00:00Z").unwrap();
    s.rebuild_merged().unwrap();

    // The two reports are one bombing; its figures are the later report's (at least nine
    // killed, 14 injured), not the first report's nor a sum.
    let evs = assaults(&s);
    let mosul = evs.iter().find(|e| e.location.as_ref().is_some_and(|l| l.name_en == "Mosul")).expect("the Mosul bombing");
    assert_eq!(mosul.documents, 2, "{evs:#?}");
    assert_eq!(mosul.fatalities, Some(Toll { count: 9, exact: false }));
    assert_eq!(mosul.injured, Some(Toll { count: 14, exact: true }));
    let kirkuk = evs.iter().find(|e| e.location.as_ref().is_some_and(|l| l.name_en == "Kirkuk")).expect("the Kirkuk attack");
    assert_eq!((kirkuk.fatalities, kirkuk.injured), (None, None), "no figure is never 0");

    // Each report keeps its own figure, with its words.
    let detail = s.event(mosul.id).unwrap().unwrap();
    let a = detail.members.iter().find(|m| m.document.doc_id == "mosul-a").unwrap();
    let fa = a.fatalities.as_ref().unwrap();
    assert_eq!((fa.count, fa.exact, fa.text.as_str()), (6, true, "ستة"));
    let ia = a.injured.as_ref().unwrap();
    assert_eq!((ia.count, ia.exact, ia.text.as_str()), (10, false, "أكثر من عشرة"));
    let b = detail.members.iter().find(|m| m.document.doc_id == "mosul-b").unwrap();
    assert_eq!(b.fatalities.as_ref().map(|t| (t.count, t.exact)), Some((9, false)));
    assert_eq!(b.injured.as_ref().map(|t| t.text.as_str()), Some("14"));

    // ACLED: fatalities filled from the merged event, empty when unknown; the notes say both.
    let acled = export(&s, ExportFormat::Acled);
    let mut r = csv::Reader::from_reader(acled.as_bytes());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ACLED_COLUMNS.to_vec());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let col = |name: &str| ACLED_COLUMNS.iter().position(|c| *c == name).unwrap();
    assert_eq!(rows.len(), 2, "the two attacks (ACLED does not code meetings)");
    let row = |place: &str| rows.iter().find(|r| &r[col("location")] == place).unwrap();
    assert_eq!(&row("Mosul")[col("fatalities")], "9");
    assert!(row("Mosul")[col("notes")].contains("9+ killed, 14 injured"), "{}", &row("Mosul")[col("notes")]);
    assert_eq!(&row("Kirkuk")[col("fatalities")], "");
    for r in &rows {
        assert!(!r[col("actor1")].is_empty(), "every row has an actor: {r:?}");
    }

    // rasd's CSV, the GeoJSON and JSON Lines carry both figures.
    let flat = export(&s, ExportFormat::Csv);
    let mut r = csv::Reader::from_reader(flat.as_bytes());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), CSV_COLUMNS.to_vec());
    let c = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    let flat_rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let m = flat_rows.iter().find(|r| &r[c("location_name")] == "Mosul").unwrap();
    assert_eq!([&m[c("fatalities")], &m[c("fatalities_exact")], &m[c("injured")], &m[c("injured_exact")]], ["9", "false", "14", "true"]);
    let cairo = flat_rows.iter().find(|r| &r[c("type")] == "CONSULT").unwrap();
    assert_eq!(&cairo[c("fatalities")], "");
    let geo: serde_json::Value = serde_json::from_str(&export(&s, ExportFormat::Geojson)).unwrap();
    let feat = geo["features"].as_array().unwrap().iter().find(|f| f["properties"]["place"] == "Mosul").unwrap();
    assert_eq!(feat["properties"]["fatalities"], serde_json::json!({"count": 9, "exact": false}));
    assert_eq!(feat["properties"]["injured"], serde_json::json!({"count": 14, "exact": true}));
    let jsonl = export(&s, ExportFormat::Jsonl);
    let rec: serde_json::Value =
        jsonl.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()).find(|r| r["id"] == mosul.id).unwrap();
    assert_eq!(rec["fatalities"]["count"], 9);
    assert!(rec["members"].as_array().unwrap().iter().any(|m| m["fatalities"]["text"] == "ستة"));

    // Undone merging: every report is its own event with its own figure.
    s.undo_merge().unwrap();
    let mut counts: Vec<Option<(u32, bool)>> = assaults(&s).iter().map(|e| e.fatalities.map(|t| (t.count, t.exact))).collect();
    counts.sort();
    assert_eq!(counts, vec![None, Some((6, true)), Some((9, false))]);
}

/// A database written at schema version 2 (before casualty figures) is migrated in place when
/// opened: its rows stay, its events read as "no figure", and new articles store theirs.
#[test]
fn a_schema_2_database_migrates_and_keeps_its_data() {
    let dir = std::env::temp_dir().join(format!("rasd-store-tolls-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v2.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in &rasd_store::schema::MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO entities (id, name_en, name_ar, name_key, kind, country) VALUES ('country:irq', 'Iraq', 'العراق', 'العراق', 'country', 'IRQ');
             INSERT INTO documents (id, hash, doc_id, path, published, published_basis, language, body_start, text, coding, ingested_at)
                 VALUES (1, 'h-old', 'old-1', 'old.jsonl:1', '2024-12-01', 'header', 'ar', 0, 'نص قديم', '{}', 't0');
             INSERT INTO events (id, doc, idx, type, mode, contexts, date_start, date_end, date_precision, modality, confidence, rule, mentions)
                 VALUES (1, 1, 1, 'ASSAULT', 'explosives', '', '2024-12-01', '2024-12-01', 'day', 'asserted', 0.7, 'old-rule', 1);
             INSERT INTO event_actors (event, role, pos, entity) VALUES (1, 'target', 0, 'country:irq');
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), rasd_store::schema::SCHEMA_VERSION);
    assert_eq!(rasd_store::schema::SCHEMA_VERSION, 4);
    let c = s.counts().unwrap();
    assert_eq!((c.documents, c.events, c.entities), (1, 1, 1));
    s.rebuild_merged().unwrap();
    let old = assaults(&s);
    assert_eq!(old.len(), 1);
    assert_eq!((old[0].date_start.as_deref(), old[0].fatalities, old[0].injured), (Some("2024-12-01"), None, None));
    let m = &s.event(old[0].id).unwrap().unwrap().members[0];
    assert_eq!((m.document.doc_id.as_str(), m.rule.as_str(), &m.fatalities), ("old-1", "old-rule", &None));

    s.write_batch(&coded(), "t1").unwrap();
    s.rebuild_merged().unwrap();
    let evs = assaults(&s);
    assert_eq!(evs.len(), 3, "{evs:#?}");
    assert!(evs.iter().any(|e| e.fatalities == Some(Toll { count: 9, exact: false })));
    drop(s);
    std::fs::remove_dir_all(&dir).ok();
}

/// ACLED has no row without actor1: an arrest whose arrester the article does not name is by an
/// "Unidentified Armed Group" of the country it happened in, as an unclaimed attack is.
#[test]
fn acled_rows_name_an_unnamed_actor() {
    let mut docs = coded();
    let kirkuk = docs.iter_mut().find(|d| d.doc_id == "kirkuk-d").unwrap();
    let ev = kirkuk.events.iter_mut().find(|e| e.event_type == "ASSAULT").unwrap();
    ev.event_type = "COERCE".into();
    ev.mode = Some("arrest".into());
    ev.source.clear();
    let mut s = Store::open_in_memory().unwrap();
    s.write_batch(&docs, "2025-01-01T00:00:00Z").unwrap();
    s.rebuild_merged().unwrap();
    let acled = export(&s, ExportFormat::Acled);
    let mut r = csv::Reader::from_reader(acled.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let col = |name: &str| ACLED_COLUMNS.iter().position(|c| *c == name).unwrap();
    let arrest = rows.iter().find(|r| &r[col("location")] == "Kirkuk").expect("the arrest is a row");
    assert_eq!(&arrest[col("sub_event_type")], "Arrests");
    assert_eq!(&arrest[col("actor1")], "Unidentified Armed Group (Iraq)");
    let mosul = rows.iter().find(|r| &r[col("location")] == "Mosul").unwrap();
    assert!(mosul[col("actor1")].starts_with("Unidentified Armed Group"), "{mosul:?}");
}
