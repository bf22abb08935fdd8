//! Issue 21's API for the analyst's desk, over the fixture articles (`tests/fixtures/articles.jsonl`):
//! event lists newest first and sortable, the modality filter, several types at once, an outlet
//! filter that takes `%` and `_` literally, `/api/export` in each format (parsed back) and
//! bounded, no server file path in the JSON, an actor's counterparts, and a network whose node
//! sizes are events with the chosen actor.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use rasd_pipeline::{Options, analyze};
use rasd_read::{InputFormat, read_inputs};
use rasd_serve::{App, Config, SqliteBackend, router};
use rasd_store::{CodedDocument, Store, content_hash};

fn db() -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("rasd-serve-desk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("desk.db");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles.jsonl");
        let mut docs = Vec::new();
        read_inputs(&[fixture.display().to_string()], InputFormat::Auto, &mut |r| {
            let d = r.expect("the fixture reads");
            let hash = content_hash(&d);
            docs.push(CodedDocument::from_analysis(&analyze(d, &Options::default()), hash));
        });
        // One more article, in this test only: Putin meets Erdoğan, without Haftar. Putin's
        // node in Haftar's network must count his events with Haftar, not this one too.
        let extra = rasd_read::text_document(
            "desk-extra",
            "id: desk-putin-erdogan\npublished: 2025-06-20\nsource: صحيفة الأفق\n\nموسكو - التقى الرئيس الروسي فلاديمير بوتين الرئيس التركي رجب طيب أردوغان في موسكو يوم الخميس، وبحث الجانبان التعاون الاقتصادي.".to_string(),
        );
        let hash = content_hash(&extra);
        docs.push(CodedDocument::from_analysis(&analyze(extra, &Options::default()), hash));
        let mut s = Store::open(&db).unwrap();
        s.write_batch(&docs, "2025-07-01T00:00:00Z").unwrap();
        s.rebuild_merged().unwrap();
        db
    })
}

fn app_with(config: Config) -> axum::Router {
    let backend = SqliteBackend::open(db(), 4, config.limits.query_time, false).unwrap();
    router(App::new(Arc::new(backend), config))
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> String {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    }
}

async fn get(app: &axum::Router, uri: &str) -> Reply {
    let req = Request::get(uri).header(header::HOST, "127.0.0.1:8080").body(Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply { status, headers, body }
}

fn total(r: &Reply) -> u64 {
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()["total"].as_u64().unwrap()
}

fn starts(r: &Reply) -> Vec<String> {
    r.json()["events"].as_array().unwrap().iter().filter_map(|e| e["date_start"].as_str().map(String::from)).collect()
}

#[tokio::test]
async fn events_come_newest_first_and_sort_by_column() {
    let app = app_with(Config::default());
    let newest = starts(&get(&app, "/api/events?limit=100").await);
    assert!(newest.len() >= 3, "{newest:?}");
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "newest first by default: {newest:?}");
    assert!(newest[0] > newest[newest.len() - 1], "the fixtures span more than one day: {newest:?}");
    let oldest = starts(&get(&app, "/api/events?limit=100&sort=date&order=asc").await);
    assert!(oldest.windows(2).all(|w| w[0] <= w[1]), "{oldest:?}");
    assert_eq!(oldest.first(), newest.last());
    let by_type = get(&app, "/api/events?limit=100&sort=type").await.json();
    let types: Vec<&str> = by_type["events"].as_array().unwrap().iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert!(types.windows(2).all(|w| w[0] <= w[1]), "{types:?}");
}

#[tokio::test]
async fn modality_and_several_types_filter() {
    let app = app_with(Config::default());
    let all = total(&get(&app, "/api/events").await);
    let happened = get(&app, "/api/events?limit=100&modality=asserted,reported").await;
    let others = total(&get(&app, "/api/events?modality=future&modality=hedged&modality=hypothetical&modality=negated").await);
    assert_eq!(total(&happened) + others, all, "the six modalities split the events");
    assert!(
        happened.json()["events"].as_array().unwrap().iter().all(|e| ["asserted", "reported"].contains(&e["modality"].as_str().unwrap()))
    );
    let consult = total(&get(&app, "/api/events?type=CONSULT").await);
    let accuse = total(&get(&app, "/api/events?type=ACCUSE").await);
    assert!(consult >= 2 && accuse >= 1, "{consult} {accuse}");
    assert_eq!(total(&get(&app, "/api/events?type=CONSULT,ACCUSE").await), consult + accuse);
    assert_eq!(total(&get(&app, "/api/events?type=consult&type=ACCUSE").await), consult + accuse);
}

#[tokio::test]
async fn source_wildcards_match_themselves() {
    let app = app_with(Config::default());
    assert!(total(&get(&app, "/api/events?source=%D9%88%D9%83%D8%A7%D9%84%D8%A9").await) >= 1, "part of an outlet's name (وكالة)");
    // `%` and `_` are characters no outlet of the fixtures has: nothing matches.
    assert_eq!(total(&get(&app, "/api/events?source=%25").await), 0);
    assert_eq!(total(&get(&app, "/api/events?source=_").await), 0);
}

#[tokio::test]
async fn no_server_path_in_the_json() {
    let app = app_with(Config::default());
    let evs = get(&app, "/api/events?limit=100").await.json();
    for e in evs["events"].as_array().unwrap() {
        let d = get(&app, &format!("/api/events/{}", e["id"])).await;
        assert!(!d.text().contains("articles.jsonl"), "{}", d.text());
        for m in d.json()["members"].as_array().unwrap() {
            assert!(m["document"].get("path").is_none(), "{m}");
        }
    }
    let s = get(&app, "/api/search?q=%D8%AD%D9%81%D8%AA%D8%B1").await;
    assert!(s.json()["total"].as_u64().unwrap() >= 1);
    assert!(!s.text().contains("articles.jsonl"), "{}", s.text());
}

#[tokio::test]
async fn exports_parse_in_every_format() {
    let app = app_with(Config::default());
    let all = total(&get(&app, "/api/events").await) as usize;
    let csv = get(&app, "/api/export?format=csv").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text());
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(csv.header("content-disposition").contains("attachment; filename=\"rasd-events.csv\""));
    assert_eq!(csv.header("x-rasd-total"), all.to_string());
    let mut rows = csv::Reader::from_reader(csv.body.as_slice());
    assert_eq!(rows.headers().unwrap().iter().take(3).collect::<Vec<_>>(), ["id", "key", "type"]);
    assert_eq!(rows.records().collect::<Result<Vec<_>, _>>().unwrap().len(), all);

    let jsonl = get(&app, "/api/export?format=jsonl&type=CONSULT").await;
    let lines: Vec<Value> = jsonl.text().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len().to_string(), jsonl.header("x-rasd-exported"));
    assert!(!lines.is_empty() && lines.iter().all(|e| e["type"] == "CONSULT" && e["members"].is_array()));

    let geo = get(&app, "/api/export?format=geojson").await;
    assert_eq!(geo.header("content-type"), "application/geo+json");
    let g = geo.json();
    assert_eq!(g["type"], "FeatureCollection");
    for f in g["features"].as_array().unwrap() {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        assert!(c[0].as_f64().unwrap().abs() <= 180.0 && c[1].as_f64().unwrap().abs() <= 90.0, "{f}");
    }
    for (format, sep) in [("acled", b','), ("polecat", b'\t')] {
        let r = get(&app, &format!("/api/export?format={format}")).await;
        assert_eq!(r.status, StatusCode::OK, "{format}: {}", r.text());
        let mut rd = csv::ReaderBuilder::new().delimiter(sep).from_reader(r.body.as_slice());
        let width = rd.headers().unwrap().len();
        assert!(width > 10, "{format}");
        assert!(rd.records().all(|x| x.unwrap().len() == width), "{format}");
    }
}

#[tokio::test]
async fn exports_are_bounded() {
    let mut config = Config::default();
    config.limits.max_export = 2;
    let app = app_with(config);
    let r = get(&app, "/api/export?format=csv").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("x-rasd-exported"), "2");
    assert!(r.header("x-rasd-total").parse::<u64>().unwrap() > 2);
    assert_eq!(csv::Reader::from_reader(r.body.as_slice()).records().count(), 2);
}

const HAFTAR: &str = "person:khalifa-haftar";
const PUTIN: &str = "Q7747";

#[tokio::test]
async fn counterparts_rank_an_actors_partners() {
    let app = app_with(Config::default());
    let r = get(&app, &format!("/api/counterparts?actor={HAFTAR}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let c = r.json();
    assert_eq!(c["actors"], serde_json::json!([HAFTAR]));
    let list = c["counterparts"].as_array().unwrap();
    assert!(list.len() >= 3, "Haftar met several partners: {c}");
    let n: Vec<u64> = list.iter().map(|x| x["events"].as_u64().unwrap()).collect();
    assert!(n.windows(2).all(|w| w[0] >= w[1]), "most events first: {n:?}");
    assert!(list.iter().all(|x| x["actor"]["id"] != HAFTAR), "the actor is not its own counterpart");
    for x in list {
        let by_type: u64 = x["types"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(by_type, x["events"].as_u64().unwrap(), "{x}");
        let latest = x["latest"][0].as_i64().expect("a latest event");
        let e = get(&app, &format!("/api/events/{latest}")).await.json();
        assert!(e["source"].as_array().unwrap().iter().chain(e["target"].as_array().unwrap()).any(|a| a["id"] == x["actor"]["id"]), "{e}");
    }
    let putin = list.iter().find(|x| x["actor"]["id"] == PUTIN).expect("Putin is among Haftar's counterparts");
    assert_eq!(putin["events"], 1, "only the Moscow meeting is with Haftar: {putin}");
    let r = get(&app, "/api/counterparts").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn network_nodes_count_events_with_the_chosen_actor() {
    let app = app_with(Config::default());
    let all = get(&app, &format!("/api/events?actor={PUTIN}&modality=asserted,reported,future,hedged,hypothetical,negated")).await.json();
    assert!(all["total"].as_u64().unwrap() >= 2, "Putin met Haftar and Erdoğan: {all}");
    let g = get(&app, &format!("/api/graph?actor={HAFTAR}")).await.json();
    assert_eq!(g["focus"], serde_json::json!([HAFTAR]));
    let node = |id: &str| g["nodes"].as_array().unwrap().iter().find(|n| n["actor"]["id"] == id).cloned();
    assert_eq!(node(PUTIN).expect("Putin is in Haftar's network")["events"], 1, "{g}");
    let haftar_total = get(&app, &format!("/api/events?actor={HAFTAR}")).await.json()["total"].clone();
    assert_eq!(node(HAFTAR).unwrap()["events"], haftar_total);
    assert_eq!(g["nodes"][0]["actor"]["id"], HAFTAR, "the chosen actor comes first");
    // A minimum tie count leaves out the pairs below it and the actors left alone.
    let g2 = get(&app, &format!("/api/graph?actor={HAFTAR}&min_ties=2")).await.json();
    assert!(g2["edges"].as_array().unwrap().iter().all(|e| e["events"].as_u64().unwrap() >= 2), "{g2}");
    assert!(g2["nodes"].as_array().unwrap().len() < g["nodes"].as_array().unwrap().len(), "{g2}");
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[tokio::test]
async fn search_stems_prefixes_and_alternatives() {
    let app = app_with(Config::default());
    // The Cairo article says المؤسسة (the institution); a search for the plural مؤسسات finds it
    // through the stem, and the snippet marks the word that matched.
    let r = get(&app, &format!("/api/search?q={}", enc("مؤسسات"))).await.json();
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(r["hits"][0]["document"]["doc_id"], "srv-cairo");
    assert_eq!(r["hits"][0]["snippet_parts"][1], "المؤسسة", "{r}");
    assert!(!r["hits"][0]["snippet"].as_str().unwrap().contains('«'));
    // A prefix, and alternatives.
    let prefix = get(&app, &format!("/api/search?q={}", enc("المؤسس*"))).await.json();
    assert_eq!(prefix["total"], 1, "{prefix}");
    let tebboune = get(&app, &format!("/api/search?q={}", enc("تبون"))).await.json()["total"].as_u64().unwrap();
    let lavrov = get(&app, &format!("/api/search?q={}", enc("لافروف"))).await.json()["total"].as_u64().unwrap();
    let either = get(&app, &format!("/api/search?q={}", enc("تبون OR لافروف"))).await.json()["total"].as_u64().unwrap();
    assert!(tebboune >= 1 && lavrov >= 1);
    assert_eq!(either, tebboune + lavrov, "no article names both");
    // The same query language in the events' text filter.
    let ev = get(&app, &format!("/api/events?text={}", enc("مؤسسات"))).await;
    assert_eq!(ev.status, StatusCode::OK, "{}", ev.text());
    let r = get(&app, &format!("/api/search?q={}", enc("OR *"))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
}

/// An article of 2025-06-12 that dates its event "in 2030" (a claim about the future coded as
/// asserted): newest first puts it with its report's day, not above every other event.
#[tokio::test]
async fn an_event_is_never_newer_than_its_latest_report() {
    let dir = std::env::temp_dir().join(format!("rasd-serve-desk-future-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("future.db");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles.jsonl");
    let mut docs = Vec::new();
    read_inputs(&[fixture.display().to_string()], InputFormat::Auto, &mut |r| {
        let d = r.expect("the fixture reads");
        let hash = content_hash(&d);
        docs.push(CodedDocument::from_analysis(&analyze(d, &Options::default()), hash));
    });
    let moscow = docs.iter_mut().find(|d| d.doc_id == "srv-moscow").expect("the Moscow article");
    let date = moscow.events[0].date.as_mut().expect("the Moscow meeting is dated");
    (date.start, date.end, date.precision) = ("2030-01-01".into(), "2030-12-31".into(), "year".into());
    let mut s = Store::open(&path).unwrap();
    s.write_batch(&docs, "2025-07-01T00:00:00Z").unwrap();
    s.rebuild_merged().unwrap();
    let backend = SqliteBackend::open(&path, 2, Config::default().limits.query_time, false).unwrap();
    let app = router(App::new(Arc::new(backend), Config::default()));
    let page = get(&app, "/api/events?limit=100").await.json();
    let evs = page["events"].as_array().unwrap();
    let at = evs.iter().position(|e| e["date_start"] == "2030-01-01").expect("the 2030 event is listed");
    assert!(at > 0, "the 2030 event of a 2025-06-12 report is not the newest: {page}");
    // It sits where its report's day does: after every event that starts after 2025-06-12.
    for e in &evs[at + 1..] {
        assert!(e["date_start"].as_str().unwrap() <= "2025-06-12", "{e}");
    }
    for e in &evs[..at] {
        assert!(e["date_start"].as_str().unwrap() >= "2025-06-12", "{e}");
    }
}
