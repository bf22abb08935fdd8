//! The server's API and limits, over a database built from articles written for these tests
//! (`tests/fixtures/articles.jsonl`: Haftar received in Cairo, meeting Putin in Moscow and
//! Erdoğan in Ankara, receiving Lavrov in Benghazi — that report carrying `<script>` and
//! `<img onerror>` in its text and title — and Tebboune accusing France).
//!
//! Requests go through the whole router (security layers included) with `tower::ServiceExt`;
//! the raw-socket tests send bytes no HTTP client library would (dot segments, chunked bodies).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use rasd_pipeline::{Options, analyze};
use rasd_read::{InputFormat, read_inputs};
use rasd_serve::{App, Config, SqliteBackend, router};
use rasd_store::{CodedDocument, Store, content_hash};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles.jsonl")
}

/// A database of the fixture articles in a fresh directory; `copies` > 1 stores each article
/// that many times under other ids (to give queries many rows to walk).
fn build_db(tag: &str, copies: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rasd-serve-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("serve.db");
    let mut docs = Vec::new();
    read_inputs(&[fixture().display().to_string()], InputFormat::Auto, &mut |r| {
        let d = r.expect("the fixture reads");
        let hash = content_hash(&d);
        docs.push(CodedDocument::from_analysis(&analyze(d, &Options::default()), hash));
    });
    assert_eq!(docs.len(), 5);
    let base = docs.clone();
    for i in 1..copies {
        for d in &base {
            let mut c = d.clone();
            c.hash = format!("{}-{i}", d.hash);
            c.doc_id = format!("{}-{i}", d.doc_id);
            docs.push(c);
        }
    }
    let mut s = Store::open(&db).unwrap();
    s.write_batch(&docs, "2025-07-01T00:00:00Z").unwrap();
    s.rebuild_merged().unwrap();
    db
}

/// One shared read-only database for the tests that do not write.
fn shared_db() -> &'static Path {
    static DB: OnceLock<PathBuf> = OnceLock::new();
    DB.get_or_init(|| build_db("shared", 1))
}

fn app_with(db: &Path, config: Config) -> axum::Router {
    let backend = SqliteBackend::open(db, 4, config.limits.query_time, config.allow_writes).unwrap();
    router(App::new(Arc::new(backend), config))
}

fn app() -> axum::Router {
    app_with(shared_db(), Config::default())
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn send(app: &axum::Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply { status, headers, body }
}

async fn get(app: &axum::Router, uri: &str) -> Reply {
    send(app, Request::get(uri).header(header::HOST, "127.0.0.1:8080").body(Body::empty()).unwrap()).await
}

async fn post_json(app: &axum::Router, uri: &str, body: &Value) -> Reply {
    send(
        app,
        Request::post(uri)
            .header(header::HOST, "localhost:8080")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(serde_json::to_vec(body).unwrap()))
            .unwrap(),
    )
    .await
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn involves(e: &Value, id: &str) -> bool {
    e["source"].as_array().unwrap().iter().chain(e["target"].as_array().unwrap()).any(|a| a["id"] == id)
}

#[tokio::test]
async fn events_filter_by_actor_and_type() {
    let app = app();
    let all = get(&app, "/api/events").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text());
    let all = all.json();
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 4, "the fixtures code at least four events: {all}");
    let haftar = get(&app, &format!("/api/events?actor={}", enc("حفتر"))).await.json();
    let evs = haftar["events"].as_array().unwrap();
    assert!(evs.len() >= 3, "Haftar in Cairo, Moscow, Ankara, Benghazi: {haftar}");
    assert!(evs.len() < total as usize, "the filter leaves Tebboune's accusation out");
    assert!(evs.iter().all(|e| involves(e, "person:khalifa-haftar")), "{haftar}");
    // The same actor by English name and by id.
    for q in ["Khalifa Haftar", "person:khalifa-haftar"] {
        let other = get(&app, &format!("/api/events?actor={}", enc(q))).await.json();
        assert_eq!(other["total"], haftar["total"], "{q}");
    }
    let accuse = get(&app, "/api/events?type=accuse").await.json();
    assert!(accuse["events"].as_array().unwrap().iter().all(|e| e["type"] == "ACCUSE"));
    assert!(accuse["total"].as_u64().unwrap() >= 1, "Tebboune accuses France: {accuse}");
    let both = get(&app, &format!("/api/events?actor={}&type=ACCUSE", enc("حفتر"))).await.json();
    assert_eq!(both["total"], 0);
}

#[tokio::test]
async fn bad_parameters_are_named_in_a_400() {
    let app = app();
    for (uri, needle) in [
        ("/api/events?typo=1", "unknown parameter \"typo\""),
        ("/api/events?type=HUG", "not a PLOVER type"),
        ("/api/events?from=2025-13-01", "from="),
        ("/api/events?country=Libya", "alpha-3"),
        ("/api/events?limit=-1", "limit="),
        ("/api/events?from=2025-06-01&from=2025-06-02", "from is given 2 times"),
        ("/api/events?modality=maybe", "modality \"maybe\""),
        ("/api/events?sort=actor", "sort="),
        ("/api/events?order=up", "order="),
        ("/api/export?format=xlsx", "format=\"xlsx\""),
        ("/api/export", "format is required"),
        ("/api/events?near=91,0,10", "near="),
        ("/api/events?text=%20%2C%20", "no words"),
        ("/api/search", "q (words to search for) is required"),
        ("/api/timeline?bucket=year", "week or month"),
        ("/api/events/abc", "not a number"),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.text());
        let msg = r.json()["error"].as_str().unwrap().to_string();
        assert!(msg.contains(needle), "{uri}: {msg}");
    }
    let r = get(&app, "/api/events/999999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = get(&app, "/api/nothing-here").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.json()["error"].as_str().unwrap().contains("/openapi.json"));
}

#[tokio::test]
async fn page_size_is_capped_and_offset_bounded() {
    let mut config = Config::default();
    config.limits.max_page = 2;
    config.limits.max_offset = 10;
    let app = app_with(shared_db(), config);
    let r = get(&app, "/api/events?limit=100000").await.json();
    assert_eq!(r["limit"], 2, "the page size is clamped to the cap");
    assert_eq!(r["events"].as_array().unwrap().len(), 2);
    assert!(r["total"].as_u64().unwrap() > 2);
    let second = get(&app, "/api/events?limit=2&offset=2").await.json();
    assert_ne!(second["events"][0]["id"], r["events"][0]["id"], "pages differ");
    let far = get(&app, "/api/events?offset=11").await;
    assert_eq!(far.status, StatusCode::BAD_REQUEST);
    assert!(far.json()["error"].as_str().unwrap().contains("bound"));
    let s = get(&app, &format!("/api/search?q={}&limit=999", enc("حفتر"))).await.json();
    assert_eq!(s["limit"], 2);
    assert!(s["hits"].as_array().unwrap().len() <= 2);
}

#[tokio::test]
async fn near_radius_is_bounded() {
    let mut config = Config::default();
    config.limits.max_near_km = 500.0;
    let app = app_with(shared_db(), config);
    let r = get(&app, "/api/events?near=30.04,31.24,501").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["error"].as_str().unwrap().contains("500 km"), "{}", r.text());
    // Cairo within 50 km: the Cairo meeting, not Moscow's.
    let r = get(&app, "/api/events?near=30.04,31.24,50").await.json();
    let evs = r["events"].as_array().unwrap();
    assert!(!evs.is_empty(), "{r}");
    assert!(evs.iter().all(|e| e["location"]["name_en"] == "Cairo"), "{r}");
}

#[tokio::test]
async fn a_query_past_the_time_bound_is_a_503() {
    // Queries over 1,000 documents take thousands of SQLite steps; the bound is checked every 1,000.
    let db = build_db("slow", 200);
    let mut config = Config::default();
    config.limits.query_time = Duration::ZERO;
    let app = app_with(&db, config);
    for uri in ["/api/events", "/api/graph", "/api/actors"] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}: {}", r.text());
        assert!(r.json()["error"].as_str().unwrap().contains("longer than the server allows"));
    }
    let ok = app_with(&db, Config::default());
    assert_eq!(get(&ok, "/api/events").await.status, StatusCode::OK, "the same queries within the default bound");
    let _ = std::fs::remove_dir_all(db.parent().unwrap());
}

#[tokio::test]
async fn request_bodies_are_limited() {
    let config = Config { max_body: 4096, ..Config::default() };
    let app = app_with(shared_db(), config);
    let big = json!({"text": "خبر ".repeat(2000)});
    let r = post_json(&app, "/api/analyze", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    let small =
        json!({"text": "التقى المشير خليفة حفتر الرئيس المصري عبد الفتاح السيسي في القاهرة يوم الثلاثاء.", "published": "2025-06-04"});
    let r = post_json(&app, "/api/analyze", &small).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn writes_are_refused_unless_allowed() {
    let app = app();
    let before = get(&app, "/api/stats").await.json();
    assert_eq!(before["writes"], false);
    let article = json!({
        "text": "القاهرة - التقى وزير الخارجية الروسي سيرغي لافروف الرئيس المصري عبد الفتاح السيسي في القاهرة يوم الاثنين، وبحث الجانبان الأزمة في السودان.",
        "published": "2025-07-08",
        "title": "لافروف في القاهرة",
        "store": true
    });
    let r = post_json(&app, "/api/analyze", &article).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("--allow-writes"));
    // Analysing without storing works, and stores nothing.
    let mut look = article.clone();
    look["store"] = json!(false);
    let r = post_json(&app, "/api/analyze", &look).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let out = r.json();
    assert!(out["stored"].is_null());
    let events = out["coding"]["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["type"] == "CONSULT"), "{out}");
    assert_eq!(out["article"]["events"].as_array().unwrap().len(), events.len());
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], before["documents"]);
    // Not JSON, or unknown fields: refused before any analysis.
    let r = send(
        &app,
        Request::post("/api/analyze")
            .header(header::HOST, "localhost")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("نص"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.text());
    let r = post_json(&app, "/api/analyze", &json!({"text": "نص", "sql": "DROP TABLE documents"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // GET on the write endpoint is not routed as a write.
    let r = get(&app, "/api/analyze").await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);

    // With --allow-writes, on a database of its own.
    let db = build_db("writes", 1);
    let wapp = app_with(&db, Config { allow_writes: true, ..Config::default() });
    let before = get(&wapp, "/api/stats").await.json();
    assert_eq!(before["writes"], true);
    let r = post_json(&wapp, "/api/analyze", &article).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let out = r.json();
    assert_eq!(out["stored"]["new"], true, "{out}");
    let id = out["stored"]["document"].as_i64().unwrap();
    let after = get(&wapp, "/api/stats").await.json();
    assert_eq!(after["documents"].as_u64().unwrap(), before["documents"].as_u64().unwrap() + 1);
    assert!(after["merged_events"].as_u64().unwrap() > before["merged_events"].as_u64().unwrap(), "merged events rebuilt: {after}");
    let doc = get(&wapp, &format!("/api/documents/{id}")).await.json();
    assert_eq!(doc["document"]["title"], "لافروف في القاهرة");
    assert!(doc["events"].as_array().unwrap().iter().all(|e| e["merged"].is_i64()), "{doc}");
    // The same article again is recognised.
    let again = post_json(&wapp, "/api/analyze", &article).await.json();
    assert_eq!(again["stored"]["new"], false);
    assert_eq!(again["stored"]["document"], id);
    let _ = std::fs::remove_dir_all(db.parent().unwrap());
}

#[tokio::test]
async fn cors_is_off_unless_an_origin_is_given() {
    let app = app();
    let req = |method: &str, origin: &str| {
        Request::builder()
            .method(method)
            .uri("/api/stats")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .body(Body::empty())
            .unwrap()
    };
    for m in ["GET", "OPTIONS"] {
        let r = send(&app, req(m, "https://evil.example")).await;
        assert!(!r.headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN), "{m}: {:?}", r.headers);
    }
    let app = app_with(shared_db(), Config { cors: Some("http://localhost:3000".into()), ..Config::default() });
    let r = send(&app, req("GET", "http://localhost:3000")).await;
    assert_eq!(r.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(), "http://localhost:3000");
    let r = send(&app, req("OPTIONS", "http://localhost:3000")).await;
    assert_eq!(r.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(), "http://localhost:3000", "preflight");
    let r = send(&app, req("GET", "https://evil.example")).await;
    assert!(!r.headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN), "another origin gets nothing");
}

#[tokio::test]
async fn static_files_never_leave_the_embedded_ui() {
    let app = app();
    let index = get(&app, "/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    assert!(index.text().contains("app.js"));
    let js = get(&app, "/app.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.headers[header::CONTENT_TYPE].to_str().unwrap().contains("javascript"));
    for uri in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2E%2E/Cargo.toml",
        "/vendor/..%2f..%2fCargo.toml",
        "/vendor/%2e%2e/%2e%2e/src/lib.rs",
        "/..%5c..%5cCargo.toml",
        "/src/lib.rs",
        "/Cargo.toml",
    ] {
        let r = get(&app, uri).await;
        assert!(r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::NOT_FOUND, "{uri}: {}", r.status);
        assert!(!r.text().contains("[package]") && !r.text().contains("RustEmbed"), "{uri} leaked a file");
    }
}

#[tokio::test]
async fn responses_carry_a_strict_csp_and_hosts_are_checked() {
    let app = app();
    for uri in ["/", "/api/stats", "/openapi.json", "/nope"] {
        let r = get(&app, uri).await;
        let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("default-src 'none'"), "{uri}: {csp}");
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    // DNS rebinding: a page on another domain pointing at 127.0.0.1 sends its own Host.
    let r = send(&app, Request::get("/api/stats").header(header::HOST, "rebind.evil.example:8080").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST);
    let r = send(&app, Request::get("/api/stats").header(header::HOST, "localhost:8080").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK);
    let public = app_with(shared_db(), Config { public: true, ..Config::default() });
    let r = send(&public, Request::get("/api/stats").header(header::HOST, "rasd.example.org").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "--public serves any name");
}

#[test]
fn a_non_loopback_address_needs_public() {
    let c = Config { addr: "0.0.0.0:8080".parse().unwrap(), ..Config::default() };
    let e = rasd_serve::check_addr(&c).unwrap_err();
    assert!(e.to_string().contains("--public"), "{e}");
    assert!(rasd_serve::check_addr(&Config { public: true, ..c }).is_ok());
    assert!(rasd_serve::check_addr(&Config::default()).is_ok());
    assert!(rasd_serve::check_addr(&Config { addr: "[::1]:9000".parse().unwrap(), ..Config::default() }).is_ok());
}

#[tokio::test]
async fn document_spans_are_exact_and_markup_stays_text() {
    let app = app();
    let evs = get(&app, "/api/events?limit=500").await.json();
    let mut docs = std::collections::BTreeSet::new();
    for e in evs["events"].as_array().unwrap() {
        let d = get(&app, &format!("/api/events/{}", e["id"])).await.json();
        for m in d["members"].as_array().unwrap() {
            docs.insert(m["document"]["id"].as_i64().unwrap());
        }
    }
    assert!(docs.len() >= 4, "{docs:?}");
    let mut markup_seen = false;
    for id in docs {
        let v = get(&app, &format!("/api/documents/{id}")).await.json();
        let text = v["text"].as_str().unwrap();
        assert_eq!(v["dropped_spans"], 0);
        let mut n = 0;
        for list in ["entities", "times"] {
            for s in v[list].as_array().unwrap() {
                let (a, b) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
                assert!(text.get(a..b).is_some_and(|x| !x.is_empty()), "{list} {a}..{b}");
                n += 1;
            }
        }
        for ev in v["events"].as_array().unwrap() {
            for m in ev["evidence"].as_array().unwrap() {
                let (a, b) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
                let (ta, tb) = (m["trigger_start"].as_u64().unwrap() as usize, m["trigger_end"].as_u64().unwrap() as usize);
                assert!(text.get(a..b).is_some() && text.get(ta..tb).is_some() && a <= ta && tb <= b);
                n += 1;
            }
        }
        assert!(n > 0, "document {id} has spans");
        assert!(!v["times"].as_array().unwrap().is_empty(), "every fixture dates its event with a weekday");
        if text.contains("<script>alert(1)</script>") {
            markup_seen = true;
            assert!(text.contains("<img src=x onerror=alert(1)>"));
            assert_eq!(v["document"]["title"], "رسالة <script>alert(1)</script> مريبة");
        }
    }
    assert!(markup_seen, "the article with markup is among the coded documents");
}

#[tokio::test]
async fn graph_timeline_places_and_openapi() {
    let app = app();
    let g = get(&app, "/api/graph").await.json();
    let ids: Vec<&str> = g["nodes"].as_array().unwrap().iter().map(|n| n["actor"]["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"person:khalifa-haftar"), "{g}");
    assert!(
        g["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| ids.contains(&e["source"].as_str().unwrap()) && ids.contains(&e["target"].as_str().unwrap()))
    );
    let one = get(&app, "/api/graph?top=1").await.json();
    assert_eq!(one["nodes"].as_array().unwrap().len(), 1);
    assert_eq!(one["nodes"][0]["actor"]["id"], "person:khalifa-haftar", "the most active actor is kept");
    assert!(one["total_nodes"].as_u64().unwrap() > 1);
    let t = get(&app, "/api/timeline?bucket=week").await.json();
    assert!(t["buckets"].as_array().unwrap().len() >= 3, "events over several weeks of June 2025: {t}");
    let p = get(&app, "/api/places").await.json();
    let names: Vec<&str> = p["places"].as_array().unwrap().iter().map(|x| x["place"]["name_en"].as_str().unwrap()).collect();
    for city in ["Cairo", "Moscow"] {
        assert!(names.contains(&city), "{names:?}");
    }
    let who = get(&app, &format!("/api/resolve?q={}", enc("حفتر"))).await.json();
    assert_eq!(who["matches"][0]["id"], "person:khalifa-haftar");
    let ent = get(&app, &format!("/api/entities/{}", enc("person:khalifa-haftar"))).await.json();
    assert!(ent["events_total"].as_u64().unwrap() >= 3, "{ent}");
    let o = get(&app, "/openapi.json").await;
    assert_eq!(o.status, StatusCode::OK);
    assert_eq!(o.json()["openapi"], "3.1.0");
}

/// Raw bytes over a real socket: what hyper hands the router for paths and bodies that client
/// libraries would normalise or refuse to send.
#[test]
fn raw_requests_over_a_socket() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (addr, stop) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let config = Config { addr, max_body: 4096, ..Config::default() };
        let backend = SqliteBackend::open(shared_db(), 2, config.limits.query_time, false).unwrap();
        let app = App::new(Arc::new(backend), config);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(rasd_serve::serve(app, listener, async {
            let _ = rx.await;
        }));
        (addr, tx)
    });
    let raw = |req: &[u8]| -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(req).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    };
    for path in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/vendor/..%2F..%2F..%2FCargo.toml", "/..\\..\\Cargo.toml"]
    {
        let r = raw(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes());
        let status = r.lines().next().unwrap_or("").to_string();
        assert!(status.contains(" 400 ") || status.contains(" 404 "), "{path}: {status}");
        assert!(!r.contains("root:") && !r.contains("[package]"), "{path} leaked a file");
    }
    // A chunked body (no Content-Length) past the limit is cut off with a 413.
    let mut req = b"POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    let body = serde_json::to_vec(&json!({"text": "خبر ".repeat(2000)})).unwrap();
    for chunk in body.chunks(1000) {
        req.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        req.extend_from_slice(chunk);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let r = raw(&req);
    assert!(r.lines().next().unwrap_or("").contains(" 413 "), "{}", r.lines().next().unwrap_or(""));
    // A declared Content-Length past the limit is refused before the body is read.
    let r = raw(b"POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\n{");
    assert!(r.lines().next().unwrap_or("").contains(" 413 "), "{}", r.lines().next().unwrap_or(""));
    let _ = stop.send(());
    rt.shutdown_timeout(Duration::from_secs(5));
}

/// Casualty figures (issue 18) through the API, over two reports of one bombing written for this
/// test (`tests/fixtures/tolls.jsonl`): six killed and more than ten injured, then, a day later,
/// at least nine killed and 14 injured.
#[tokio::test]
async fn events_documents_and_analyses_carry_casualties() {
    let dir = std::env::temp_dir().join(format!("rasd-serve-tolls-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("tolls.db");
    let mut docs = Vec::new();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tolls.jsonl");
    read_inputs(&[path.display().to_string()], InputFormat::Auto, &mut |r| {
        let d = r.expect("the fixture reads");
        let hash = content_hash(&d);
        docs.push(CodedDocument::from_analysis(&analyze(d, &Options::default()), hash));
    });
    let mut s = Store::open(&db).unwrap();
    s.write_batch(&docs, "2025-07-01T00:00:00Z").unwrap();
    s.rebuild_merged().unwrap();
    drop(s);
    let app = app_with(&db, Config::default());

    // The merged event: the later report's figures.
    let page = get(&app, "/api/events?type=ASSAULT").await.json();
    assert_eq!(page["total"], 1, "{page}");
    let e = &page["events"][0];
    assert_eq!(e["fatalities"], json!({"count": 9, "exact": false}));
    assert_eq!(e["injured"], json!({"count": 14, "exact": true}));
    // The detail: each report's own figures, with their words.
    let d = get(&app, &format!("/api/events/{}", e["id"])).await.json();
    assert_eq!(d["fatalities"], e["fatalities"]);
    let members = d["members"].as_array().unwrap();
    let first = members.iter().find(|m| m["document"]["doc_id"] == "mosul-a").unwrap();
    assert_eq!(
        (&first["fatalities"]["count"], &first["fatalities"]["exact"], &first["fatalities"]["text"]),
        (&json!(6), &json!(true), &json!("ستة"))
    );
    assert_eq!(first["injured"]["text"], "أكثر من عشرة");
    // The article view: the figures' spans are slices of the text.
    let v = get(&app, &format!("/api/documents/{}", first["document"]["id"])).await.json();
    let text = v["text"].as_str().unwrap();
    assert_eq!(v["dropped_spans"], 0);
    let ev = v["events"].as_array().unwrap().iter().find(|x| x["type"] == "ASSAULT").unwrap();
    for (k, words) in [("fatalities", "ستة"), ("injured", "أكثر من عشرة")] {
        let (a, b) = (ev[k]["start"].as_u64().unwrap() as usize, ev[k]["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[a..b], words);
        assert_eq!(ev[k]["text"], words);
    }
    // A pasted article, analysed and not stored.
    let body = json!({"text": "قُتل ثلاثة جنود وأصيب خمسة آخرون في هجوم شنه مسلحون على نقطة تفتيش قرب مدينة كركوك يوم الخميس.", "published": "2025-06-06"});
    let r = post_json(&app, "/api/analyze", &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = r.json();
    let ev = r["article"]["events"].as_array().unwrap().iter().find(|x| x["type"] == "ASSAULT").expect("the attack is coded");
    assert_eq!((&ev["fatalities"]["count"], &ev["injured"]["count"]), (&json!(3), &json!(5)), "{ev}");
    // No figure: null, not 0.
    let other = get(&app, "/api/events?type=CONSULT").await.json();
    assert!(other["events"].as_array().unwrap().iter().all(|e| e["fatalities"].is_null()));
    std::fs::remove_dir_all(&dir).ok();
}

/// An analysis request as the router sees it.
fn analyze_request(text: &str) -> Request<Body> {
    Request::post("/api/analyze")
        .header(header::HOST, "localhost:8080")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(&json!({ "text": text })).unwrap()))
        .unwrap()
}

#[tokio::test]
async fn analyses_in_flight_are_bounded_until_their_responses_are_read() {
    let config = Config { analyze_in_flight: 2, ..Config::default() };
    let app = app_with(shared_db(), config);
    let text = "التقى المشير خليفة حفتر الرئيس المصري عبد الفتاح السيسي في القاهرة يوم الثلاثاء.";
    // Two clients that do not read their responses hold both slots...
    let first = app.clone().oneshot(analyze_request(text)).await.unwrap();
    let second = app.clone().oneshot(analyze_request(text)).await.unwrap();
    assert_eq!((first.status(), second.status()), (StatusCode::OK, StatusCode::OK));
    // ...so a third is turned away at once, naming the bound.
    let r = send(&app, analyze_request(text)).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("analyze_in_flight"), "{}", r.text());
    // Reading one response to its end frees its slot.
    let body = first.into_body().collect().await.unwrap().to_bytes();
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert!(v["coding"]["events"].is_array(), "{v}");
    let r = send(&app, analyze_request(text)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // A client that goes away (its body dropped) frees its slot too.
    drop(second);
    let r = send(&app, analyze_request(text)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn analysed_texts_are_bounded_in_size() {
    let config = Config { max_analyze_bytes: 1000, ..Config::default() };
    let app = app_with(shared_db(), config);
    let r = send(&app, analyze_request(&"خبر ".repeat(200))).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    let msg = r.json()["error"].as_str().unwrap().to_string();
    assert!(msg.contains("1000 bytes") && msg.contains("1400 bytes"), "{msg}");
    let r = send(&app, analyze_request(&"خبر ".repeat(100))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[test]
fn idle_and_half_sent_connections_are_closed() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (addr, stop) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let timeouts =
            rasd_serve::conn::Timeouts { header_read: Duration::from_millis(300), idle: Duration::from_millis(300), max_connections: 64 };
        let config = Config { addr, timeouts, ..Config::default() };
        let backend = SqliteBackend::open(shared_db(), 2, config.limits.query_time, false).unwrap();
        let app = App::new(Arc::new(backend), config);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(rasd_serve::serve(app, listener, async {
            let _ = rx.await;
        }));
        (addr, tx)
    });
    // What the server does with a connection that sends `sent` and then nothing: the bytes it
    // answers before closing, or an error when it keeps the connection open past 20 s.
    let after = |sent: &[u8]| -> Result<String, String> {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(sent).unwrap();
        let mut out = Vec::new();
        match s.read_to_end(&mut out) {
            Ok(_) => Ok(String::from_utf8_lossy(&out).into_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => Ok(String::from_utf8_lossy(&out).into_owned()),
            Err(e) => Err(format!("still open after 20 s ({e}); got {:?}", String::from_utf8_lossy(&out))),
        }
    };
    // Nothing at all.
    assert_eq!(after(b""), Ok(String::new()));
    // Half a header.
    let r = after(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    assert!(!r.contains(" 200 "), "{r}");
    // A header announcing a body that never comes.
    let r =
        after(b"POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{").unwrap();
    assert!(!r.contains(" 200 "), "{r}");
    // A keep-alive connection after its answer.
    let r = after(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    assert!(r.starts_with("HTTP/1.1 200 "), "{r}");
    let _ = stop.send(());
    rt.shutdown_timeout(Duration::from_secs(5));
}
