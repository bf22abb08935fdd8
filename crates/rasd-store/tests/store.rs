//! The event database end to end, over articles written for these tests
//! (`tests/fixtures/articles.jsonl`): two outlets reporting Haftar's meeting with Putin (one says
//! Haftar met Putin, the other that Putin received Haftar), a Lavrov–Tebboune meeting placed only
//! at country precision, JNIM attacks in Gao and in Timbuktu (about 300 km apart), and one broken
//! JSON line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use rasd_pipeline::{Options, analyze};
use rasd_read::{InputFormat, ReadError, read_inputs};
use rasd_store::export::{ACLED_COLUMNS, CSV_COLUMNS, POLECAT_COLUMNS};
use rasd_store::{CodedDocument, EventFilter, ExportFormat, Page, Store, content_hash};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles.jsonl")
}

/// Reads and codes the fixture articles, in file order.
fn coded() -> (Vec<CodedDocument>, Vec<ReadError>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    read_inputs(&[fixture().display().to_string()], InputFormat::Auto, &mut |r| match r {
        Ok(d) => {
            let hash = content_hash(&d);
            let a = analyze(d, &Options::default());
            docs.push(CodedDocument::from_analysis(&a, hash));
        }
        Err(e) => errors.push(e),
    });
    (docs, errors)
}

fn built() -> Store {
    let (docs, _) = coded();
    let mut s = Store::open_in_memory().unwrap();
    s.write_batch(&docs, "2025-01-01T00:00:00Z").unwrap();
    s.rebuild_merged().unwrap();
    s
}

fn ids(store: &Store, f: &EventFilter) -> Vec<String> {
    let (total, evs) = store.events(f, Page::all()).unwrap();
    assert_eq!(total, evs.len());
    let mut out: Vec<String> = evs
        .iter()
        .map(|e| {
            let d = store.event(e.id).unwrap().unwrap();
            let mut docs: Vec<String> = d.members.iter().map(|m| m.document.doc_id.clone()).collect();
            docs.sort();
            format!("{}:{}", e.event_type, docs.join("+"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn bad_records_are_reported_by_name_and_the_rest_is_stored() {
    let (docs, errors) = coded();
    assert_eq!(docs.len(), 5);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].input.ends_with("articles.jsonl:6"), "{}", errors[0]);
    let s = built();
    let c = s.counts().unwrap();
    assert_eq!(c.documents, 5);
    assert_eq!(c.sources, 3, "three outlets");
    assert_eq!(c.events, 5);
}

#[test]
fn ingest_is_idempotent() {
    let (docs, _) = coded();
    let mut s = Store::open_in_memory().unwrap();
    let first = s.write_batch(&docs, "t1").unwrap();
    assert_eq!((first.stored, first.skipped), (5, 0));
    let before = s.counts().unwrap();
    let again = s.write_batch(&docs, "t2").unwrap();
    assert_eq!((again.stored, again.skipped, again.events), (0, 5, 0));
    assert_eq!(s.counts().unwrap(), before);
    for d in &docs {
        assert!(s.has_document(&d.hash).unwrap());
    }
    assert_eq!(s.known_hashes().unwrap().len(), 5);
}

#[test]
fn the_hash_covers_meaning_not_location() {
    let mut docs = Vec::new();
    read_inputs(&[fixture().display().to_string()], InputFormat::Auto, &mut |r| {
        if let Ok(d) = r {
            docs.push(d)
        }
    });
    let d = docs[0].clone();
    let mut moved = d.clone();
    moved.meta.path = "elsewhere.jsonl:9".into();
    moved.meta.id = "other-id".into();
    assert_eq!(content_hash(&d), content_hash(&moved), "the same article from another file is the same article");
    let mut redated = d.clone();
    redated.meta.published = Some(rasd_core::Date::constant(2025, 5, 11));
    assert_ne!(content_hash(&d), content_hash(&redated), "a different publication date changes what relative dates mean");
    let mut resourced = d.clone();
    resourced.meta.source = Some("وكالة أخرى".into());
    assert_ne!(content_hash(&d), content_hash(&resourced));
}

#[test]
fn two_reports_of_one_meeting_are_one_event_with_two_sources() {
    let s = built();
    let f = EventFilter { actors: vec!["person:khalifa-haftar".into()], event_type: Some("CONSULT".into()), ..EventFilter::default() };
    let (n, evs) = s.events(&f, Page::default()).unwrap();
    assert_eq!(n, 1, "{evs:#?}");
    let e = &evs[0];
    assert_eq!((e.documents, e.n_sources, e.events), (2, 2, 2));
    assert_eq!(e.sources, vec!["صحيفة النهار الجديد".to_string(), "وكالة المشرق".to_string()]);
    assert_eq!(e.date_start.as_deref(), Some("2025-05-09"));
    assert_eq!(e.location.as_ref().map(|l| l.name_en.as_str()), Some("Moscow"));
    // Each actor has one role, whichever way round the reports tell it.
    let src: Vec<&str> = e.source.iter().map(|a| a.id.as_str()).collect();
    let tgt: Vec<&str> = e.target.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(src.len() + tgt.len(), 2, "{src:?} → {tgt:?}");
    assert!(src.iter().all(|a| !tgt.contains(a)));
    // The evidence of both reports, as exact slices of the stored texts.
    let d = s.event(e.id).unwrap().unwrap();
    assert_eq!(d.members.len(), 2);
    for m in &d.members {
        let doc = s.document(&m.document.doc_id).unwrap().unwrap();
        for ev in &m.evidence {
            assert_eq!(&doc.text[ev.start..ev.end], ev.text);
            assert_eq!(&doc.text[ev.trigger_start..ev.trigger_end], ev.trigger);
        }
    }
    let triggers: BTreeSet<&str> = d.members.iter().flat_map(|m| m.evidence.iter().map(|e| e.trigger.as_str())).collect();
    assert!(triggers.contains("التقى") && triggers.contains("استقبل"), "{triggers:?}");
    // Other events stay apart: five per-document events make four merged events.
    assert_eq!(s.counts().unwrap().merged_events, 4);
}

#[test]
fn merging_is_reversible() {
    let mut s = built();
    let haftar = EventFilter { actors: vec!["Khalifa Haftar".into()], ..EventFilter::default() };
    assert_eq!(s.events(&haftar, Page::default()).unwrap().0, 1);
    let undone = s.undo_merge().unwrap();
    assert_eq!(undone.merged_events, undone.events);
    assert_eq!(s.events(&haftar, Page::default()).unwrap().0, 2);
    // Undone stays undone across a rebuild (e.g. the end of the next ingest).
    s.rebuild_merged().unwrap();
    assert_eq!(s.events(&haftar, Page::default()).unwrap().0, 2);
    s.redo_merge().unwrap();
    assert_eq!(s.events(&haftar, Page::default()).unwrap().0, 1);
    assert_eq!(s.counts().unwrap().events, 5, "per-document events are never touched");
}

#[test]
fn merging_does_not_depend_on_storage_order() {
    let (mut docs, _) = coded();
    let a = built();
    docs.reverse();
    let mut b = Store::open_in_memory().unwrap();
    b.write_batch(&docs, "t").unwrap();
    b.rebuild_merged().unwrap();
    let groups = |s: &Store| -> BTreeSet<(String, usize)> {
        s.events(&EventFilter::default(), Page::all()).unwrap().1.into_iter().map(|e| (e.key, e.documents)).collect()
    };
    assert_eq!(groups(&a), groups(&b));
}

#[test]
fn each_filter() {
    let s = built();
    let all = ids(&s, &EventFilter::default());
    assert_eq!(all.len(), 4);
    let f = |g: fn(&mut EventFilter)| {
        let mut x = EventFilter::default();
        g(&mut x);
        ids(&s, &x)
    };
    let meeting = "CONSULT:fx-moscow-a+fx-moscow-b".to_string();
    let lavrov = "CONSULT:fx-lavrov".to_string();
    let gao = "ASSAULT:fx-gao".to_string();
    let timbuktu = "ASSAULT:fx-timbuktu".to_string();
    // --actor by id, English name, Arabic name (a surname is enough), with harakat.
    assert_eq!(f(|x| x.actors = vec!["person:khalifa-haftar".into()]), vec![meeting.clone()]);
    assert_eq!(f(|x| x.actors = vec!["khalifa haftar".into()]), vec![meeting.clone()]);
    assert_eq!(f(|x| x.actors = vec!["حَفْتَر".into()]), vec![meeting.clone()]);
    assert_eq!(f(|x| x.actors = vec!["JNIM".into()]), vec![gao.clone(), timbuktu.clone()]);
    // A role phrase resolves through the knowledge base (Russia's foreign minister today).
    assert_eq!(f(|x| x.actors = vec!["وزير الخارجية الروسي".into()]), vec![lavrov.clone()]);
    assert_eq!(f(|x| x.actors = vec!["Putin".into(), "Haftar".into()]), vec![meeting.clone()]);
    assert!(f(|x| x.actors = vec!["nobody at all".into()]).is_empty());
    // --type
    assert_eq!(f(|x| x.event_type = Some("assault".into())), vec![gao.clone(), timbuktu.clone()]);
    // --country: an actor's country or the place's.
    assert_eq!(f(|x| x.countries = vec!["LBY".into()]), vec![meeting.clone()]);
    assert_eq!(f(|x| x.countries = vec!["RUS".into()]), vec![lavrov.clone(), meeting.clone()]);
    assert_eq!(f(|x| x.countries = vec!["RUS".into(), "DZA".into()]), vec![lavrov.clone()]);
    assert_eq!(f(|x| x.countries = vec!["MLI".into()]), vec![gao.clone(), timbuktu.clone()]);
    // --from / --to over date intervals.
    assert_eq!(f(|x| x.from = Some("2025-06-02".into())), vec![timbuktu.clone()]);
    assert_eq!(f(|x| x.to = Some("2025-03-19".into())), vec![lavrov.clone()]);
    assert_eq!(f(|x| (x.from, x.to) = (Some("2025-05-01".into()), Some("2025-06-01".into()))), vec![gao.clone(), meeting.clone()]);
    // --near: Gao within 200 km, not Timbuktu (~300 km); a country-precision place never counts.
    assert_eq!(f(|x| x.near = Some((16.27, -0.04, 200.0))), vec![gao.clone()]);
    assert_eq!(f(|x| x.near = Some((16.27, -0.04, 400.0))), vec![gao.clone(), timbuktu.clone()]);
    assert!(f(|x| x.near = Some((28.0, 2.6, 300.0))).is_empty(), "Algeria's centre is not a place");
    // --text over the evidence, normalised (ة/ه, harakat) and with clitics.
    assert_eq!(f(|x| x.text = Some("التعاون العسكري".into())), vec![meeting.clone()]);
    assert_eq!(f(|x| x.text = Some("مدينة تمبكتو".into())), vec![timbuktu.clone()]);
    assert!(f(|x| x.text = Some("التعاون تمبكتو".into())).is_empty(), "every word must occur");
    // --source (outlet)
    assert_eq!(f(|x| x.source = Some("المشرق".into())), vec![lavrov.clone(), meeting.clone()]);
    // Pagination keeps the order and the total.
    let (total, p1) = s.events(&EventFilter::default(), Page { limit: 2, offset: 0 }).unwrap();
    let (_, p2) = s.events(&EventFilter::default(), Page { limit: 2, offset: 2 }).unwrap();
    assert_eq!(total, 4);
    let mut dates: Vec<Option<String>> = p1.iter().chain(&p2).map(|e| e.date_start.clone()).collect();
    assert_eq!(dates.len(), 4);
    let sorted = {
        dates.sort();
        dates.clone()
    };
    assert_eq!(p1.iter().chain(&p2).map(|e| e.date_start.clone()).collect::<Vec<_>>(), sorted);
}

#[test]
fn actors_graph_entity_document() {
    let s = built();
    let top = s.actors(&EventFilter::default(), 3).unwrap();
    assert_eq!(top.len(), 3);
    assert!(top.windows(2).all(|w| w[0].events >= w[1].events));
    let jnim = top.iter().find(|a| a.actor.id == "org:jnim").expect("JNIM is in two events");
    assert_eq!((jnim.events, jnim.documents), (2, 2));
    // Who met Haftar: Putin, and Haftar himself is left out.
    let met =
        s.actors(&EventFilter { actors: vec!["Haftar".into()], event_type: Some("CONSULT".into()), ..EventFilter::default() }, 10).unwrap();
    assert_eq!(met.iter().map(|a| a.actor.name_en.as_str()).collect::<Vec<_>>(), vec!["Vladimir Putin"]);
    let g = s.graph(&EventFilter::default()).unwrap();
    assert_eq!(g.edges.len(), 3, "{:?}", g.edges);
    let e = g.edges.iter().find(|e| e.source == "org:jnim").unwrap();
    assert_eq!(e.events, 2);
    assert_eq!(e.types.get("ASSAULT"), Some(&2));
    let ent = s.entity("org:jnim", Page::default()).unwrap().unwrap();
    assert_eq!((ent.events_total, ent.documents), (2, 2));
    assert!(s.entity("org:nothing", Page::default()).unwrap().is_none());
    let d = s.document("fx-gao").unwrap().unwrap();
    assert!(!d.mentions.is_empty());
    for m in &d.mentions {
        assert_eq!(&d.text[m.start..m.end], m.text);
    }
    for &(a, b) in &d.sentences {
        assert!(d.text.get(a..b).is_some());
    }
    assert_eq!(d.events.len(), 1);
    assert!(d.events[0].1.is_some(), "linked to its merged event");
    let coding: serde_json::Value = serde_json::from_str(&d.coding).unwrap();
    assert_eq!(coding["document"]["id"], "fx-gao");
    assert_eq!(coding["events"][0]["type"], "ASSAULT");
}

#[test]
fn full_text_search_over_normalised_arabic() {
    let s = built();
    let docs = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = s.search(q, Page::default()).unwrap().1.into_iter().map(|h| h.document.doc_id).collect();
        v.sort();
        v
    };
    assert_eq!(docs("بوتين"), vec!["fx-moscow-a", "fx-moscow-b"]);
    assert_eq!(docs("بُوتِين"), vec!["fx-moscow-a", "fx-moscow-b"], "harakat do not split words");
    assert_eq!(docs("بناءه"), vec!["fx-moscow-b"], "ة and ه match (and the text's shadda is ignored)");
    assert_eq!(docs("أكد"), vec!["fx-moscow-b"], "a word matches its clitic-bearing form وأكد");
    assert_eq!(docs("بوتين الساحل"), vec!["fx-moscow-a"]);
    assert!(docs("كلمةغيرموجودة").is_empty());
    assert!(s.search("  ... ", Page::default()).is_err(), "a query without words is an error, not everything");
    let hit = &s.search("تمبكتو", Page::default()).unwrap().1[0];
    let text = s.document(&hit.document.doc_id).unwrap().unwrap().text;
    assert_eq!(&text[hit.start..hit.end], "تمبكتو");
    assert_eq!(hit.snippet_parts[1], "تمبكتو", "{:?}", hit.snippet_parts);
    assert_eq!(hit.snippet, hit.snippet_parts.concat());
    assert!(!hit.snippet.contains('«'), "the word is marked by the reader, never with quotation marks: {}", hit.snippet);
}

fn export(s: &Store, f: ExportFormat) -> String {
    let mut out = Vec::new();
    s.export(f, &EventFilter::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn exports() {
    let s = built();
    // JSON Lines: one merged event per line, members and evidence included.
    let jsonl = export(&s, ExportFormat::Jsonl);
    let recs: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(recs.len(), 4);
    assert!(recs.iter().any(|r| r["members"].as_array().unwrap().len() == 2 && r["documents"] == 2));
    // CSV.
    let csv_text = export(&s, ExportFormat::Csv);
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), CSV_COLUMNS.to_vec());
    assert_eq!(r.records().count(), 4);
    // ACLED: its columns; only the types ACLED codes (the two attacks).
    let acled = export(&s, ExportFormat::Acled);
    let mut r = csv::Reader::from_reader(acled.as_bytes());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ACLED_COLUMNS.to_vec());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let col = |name: &str| ACLED_COLUMNS.iter().position(|c| *c == name).unwrap();
    for row in &rows {
        assert_eq!(&row[col("disorder_type")], "Political violence");
        assert_eq!(&row[col("country")], "Mali");
        assert_eq!(&row[col("geo_precision")], "1");
        assert_eq!(&row[col("year")], "2025");
    }
    // POLECAT: 40 tab-separated columns on every line.
    let polecat = export(&s, ExportFormat::Polecat);
    let lines: Vec<&str> = polecat.lines().collect();
    assert_eq!(lines[0].split('\t').collect::<Vec<_>>(), POLECAT_COLUMNS.to_vec());
    assert_eq!(lines.len(), 5);
    for l in &lines {
        assert_eq!(l.split('\t').count(), 40, "{l}");
    }
    assert!(lines.iter().any(|l| l.contains("MATERIAL CONFLICT") && l.contains("Gao")));
    // GeoJSON: points only at city/site precision (Moscow, Gao, Timbuktu — not Algeria).
    let geo: serde_json::Value = serde_json::from_str(&export(&s, ExportFormat::Geojson)).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let feats = geo["features"].as_array().unwrap();
    let places: BTreeSet<&str> = feats.iter().map(|f| f["properties"]["place"].as_str().unwrap()).collect();
    assert_eq!(places, BTreeSet::from(["Gao", "Moscow", "Timbuktu"]));
    for f in feats {
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        assert!(matches!(f["properties"]["precision"].as_str(), Some("city" | "site")));
    }
    let gao = feats.iter().find(|f| f["properties"]["place"] == "Gao").unwrap();
    assert!((gao["geometry"]["coordinates"][0].as_f64().unwrap() - -0.0447).abs() < 0.01, "[lon, lat] order");
    // GraphML: well-formed enough to count nodes and edges.
    let gml = export(&s, ExportFormat::Graphml);
    assert!(gml.starts_with("<?xml"));
    assert_eq!(gml.matches("<edge ").count(), 3);
}

/// The exports open in their consumers: Python's csv module, networkx, and a GeoJSON check.
/// Needs python3 with networkx (CI: `pip install networkx geojson`; geojson is optional);
/// without python3 or networkx it says so and passes.
#[test]
fn exports_open_in_python() {
    let probe = Command::new("python3").args(["-c", "import networkx, csv, json"]).output();
    match probe {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            rasd_core::skip_unless_ci(&format!(
                "exports_open_in_python: python3 has no networkx ({}); pip install networkx",
                String::from_utf8_lossy(&o.stderr).trim()
            ));
            return;
        }
        Err(e) => {
            rasd_core::skip_unless_ci(&format!("exports_open_in_python: no python3 ({e})"));
            return;
        }
    }
    let s = built();
    let dir = std::env::temp_dir().join(format!("rasd-store-exports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, f) in [
        ("events.csv", ExportFormat::Acled),
        ("rasd.csv", ExportFormat::Csv),
        ("events.geojson", ExportFormat::Geojson),
        ("actors.graphml", ExportFormat::Graphml),
        ("events.tsv", ExportFormat::Polecat),
    ] {
        std::fs::write(dir.join(name), export(&s, f)).unwrap();
    }
    let script = r#"
import csv, json, sys, networkx as nx
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/events.csv", newline="", encoding="utf-8")))
assert len(rows) == 2, rows
for c in ("event_id_cnty", "event_date", "disorder_type", "event_type", "sub_event_type", "actor1", "actor2", "country", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"):
    assert c in rows[0], c
assert all(float(r["latitude"]) and float(r["longitude"]) for r in rows)
# Neither attack report gives a death toll ("a number of soldiers were injured"; "no toll
# announced"): ACLED's fatalities stays empty, never 0.
assert all(r["fatalities"] == "" for r in rows), [r["fatalities"] for r in rows]
flat = list(csv.DictReader(open(d + "/rasd.csv", newline="", encoding="utf-8")))
assert len(flat) == 4
tsv = list(csv.reader(open(d + "/events.tsv", newline="", encoding="utf-8"), delimiter="\t"))
assert all(len(r) == 40 for r in tsv), [len(r) for r in tsv]
g = json.load(open(d + "/events.geojson", encoding="utf-8"))
assert g["type"] == "FeatureCollection"
for f in g["features"]:
    assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
    lon, lat = f["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert isinstance(f["properties"], dict)
try:
    import geojson
    gj = geojson.load(open(d + "/events.geojson", encoding="utf-8"))
    assert gj.is_valid, gj.errors()
    print("geojson-validated", end=" ")
except ImportError:
    print("geojson-package-absent", end=" ")
G = nx.read_graphml(d + "/actors.graphml")
assert G.is_directed()
assert G.number_of_edges() == 3, G.number_of_edges()
assert G.nodes["org:jnim"]["name_en"].startswith("Jama")
assert G["org:jnim"]["org:malian-armed-forces"]["weight"] == 2
assert "ASSAULT:2" in G["org:jnim"]["org:malian-armed-forces"]["types"]
print("ok", len(rows), G.number_of_nodes(), G.number_of_edges())
"#;
    let out = Command::new("python3").args(["-c", script, &dir.display().to_string()]).output().unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        out.status.success(),
        "python consumers failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("ok 2"), "{stdout}");
    if stdout.contains("geojson-package-absent") {
        eprintln!("note: the GeoJSON was checked by hand-written rules only; pip install geojson to validate it with the geojson package");
    }
}

#[test]
fn a_database_from_a_newer_rasd_is_refused() {
    let dir = std::env::temp_dir().join(format!("rasd-store-version-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("future.db");
    {
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), rasd_store::schema::SCHEMA_VERSION);
    }
    let c = rusqlite_version_bump(&path);
    assert!(c, "could not set user_version");
    let err = Store::open(&path).err().expect("refused").to_string();
    assert!(err.contains("newer"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Sets `PRAGMA user_version` past this build's schema, through the sqlite3 shell if present,
/// else by patching the header bytes (offset 60, big-endian).
fn rusqlite_version_bump(path: &Path) -> bool {
    let mut bytes = std::fs::read(path).unwrap();
    if bytes.len() < 100 {
        return false;
    }
    let v = (rasd_store::schema::SCHEMA_VERSION + 1).to_be_bytes();
    bytes[60..64].copy_from_slice(&v);
    std::fs::write(path, bytes).is_ok()
}

/// Several processes (here threads, each with its own connection) opening a database that does
/// not exist yet: exactly one creates the schema, the others wait for it (IMMEDIATE migration,
/// the version read again under the lock) instead of failing on "table already exists".
#[test]
fn concurrent_opens_of_a_new_database_migrate_it_once() {
    let dir = std::env::temp_dir().join(format!("rasd-store-opens-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for round in 0..8 {
        let db = dir.join(format!("new-{round}.db"));
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (db, barrier) = (db.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&db)
                        .map(|s| s.schema_version().unwrap())
                        .map_err(|e| format!("{e:#}: {:?}", std::error::Error::source(&e).map(|s| s.to_string())))
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), Ok(rasd_store::schema::SCHEMA_VERSION), "round {round}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// An outlet (and a title) that a spreadsheet would run as a formula is exported with a leading
/// apostrophe in every CSV-like format; numeric columns (a negative longitude) stay numbers.
#[test]
fn csv_cells_that_start_like_formulas_are_neutralised() {
    let formula = "=cmd|' /C calc'!A0";
    let mut docs = Vec::new();
    read_inputs(&[fixture().display().to_string()], InputFormat::Auto, &mut |r| {
        if let Ok(mut d) = r {
            d.meta.source = Some(formula.to_string());
            d.meta.title = Some("@SUM(1+1)".to_string());
            let hash = content_hash(&d);
            docs.push(CodedDocument::from_analysis(&analyze(d, &Options::default()), hash));
        }
    });
    let mut s = Store::open_in_memory().unwrap();
    s.write_batch(&docs, "2025-01-01T00:00:00Z").unwrap();
    s.rebuild_merged().unwrap();
    for (format, delimiter) in [(ExportFormat::Csv, b','), (ExportFormat::Acled, b','), (ExportFormat::Polecat, b'\t')] {
        let text = export(&s, format);
        let mut r = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(text.as_bytes());
        let mut saw_outlet = false;
        for row in r.records() {
            for cell in row.unwrap().iter() {
                let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                assert!(!risky || cell.parse::<f64>().is_ok(), "{format:?}: cell {cell:?} starts like a formula");
                saw_outlet |= cell.contains(&format!("'{formula}"));
            }
        }
        assert!(saw_outlet, "{format:?}: the outlet is exported, marked as text");
    }
    assert_eq!(rasd_store::export::csv_text("-12.5".into()), "'-12.5", "a text cell is neutralised even when it reads as a number");
}

/// Counts the batches an ingest writes.
#[derive(Default)]
struct Batches(std::sync::atomic::AtomicUsize);

impl rasd_store::ingest::Progress for Batches {
    fn stored(&self, _stored: usize, _events: usize, _elapsed: std::time::Duration) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The ingest engine looks stored articles up on a second connection (`Store::reader`) when the
/// database is a file, and in the hashes loaded at the start when it is in memory (no other
/// connection can see it): either way a second run over the same input skips every article
/// before analysis, so that it writes no batch at all.
#[test]
fn a_second_ingest_skips_what_the_first_stored_in_memory_and_on_file() {
    let dir = std::env::temp_dir().join(format!("rasd-store-reingest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let inputs = [fixture().display().to_string()];
    let opts = rasd_store::IngestOptions { threads: Some(2), ..rasd_store::IngestOptions::default() };
    let on_file = Store::open(&dir.join("events.db")).unwrap();
    let in_memory = Store::open_in_memory().unwrap();
    assert!(in_memory.reader().unwrap().is_none());
    for (name, mut s) in [("file", on_file), ("memory", in_memory)] {
        let first = rasd_store::ingest(&mut s, &inputs, &opts, &rasd_store::ingest::Quiet).unwrap();
        assert_eq!((first.stored, first.skipped, first.failed), (5, 0, 1), "{name}: {first:?}");
        let batches = Batches::default();
        let again = rasd_store::ingest(&mut s, &inputs, &opts, &batches).unwrap();
        assert_eq!((again.stored, again.skipped, again.failed), (0, 5, 1), "{name}: {again:?}");
        assert_eq!(batches.0.into_inner(), 0, "{name}: the stored articles were analysed and written again");
        assert_eq!(s.counts().unwrap().documents, 5, "{name}");
    }
    // A file's reader sees what its writer committed.
    let s = Store::open(&dir.join("events.db")).unwrap();
    let reader = s.reader().unwrap().expect("a file database has a reader");
    let (docs, _) = coded();
    assert!(docs.iter().all(|d| reader.has_document(&d.hash).unwrap()));
    drop((s, reader));
    std::fs::remove_dir_all(&dir).ok();
}
