//! More hostile inputs through the built binary (issue 22): a tag with 300,000 attributes in a
//! page, a feed item and a WARC record; terminal escape sequences in titles, outlets, ids and
//! text and a newline in a file name; a byte-order mark before JSON Lines; WARC records without
//! a Content-Type; a truncated gzip file; `--threads` past its bound; `serve --cors '*'
//! --allow-writes`. Inputs are generated on the fly.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output};

const RASD: &str = env!("CARGO_BIN_EXE_rasd");

const PARA: &str = "التقى الرئيس الروسي فلاديمير بوتين المشير خليفة حفتر في موسكو يوم الأحد، وبحث الجانبان التعاون العسكري.";

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rasd-hostile-cases-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn rasd(args: &[&str]) -> Output {
    Command::new(RASD).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A page whose one `<div>` carries `n` distinct attributes, before an Arabic paragraph.
fn wide_page(n: usize) -> String {
    let mut attrs = String::with_capacity(n * 10);
    for i in 0..n {
        attrs.push_str(&format!(" a{i}=\"v\""));
    }
    format!("<html><head><title>لقاء</title></head><body><div{attrs}></div><article><p>{PARA}</p></article></body></html>")
}

fn warc_record(payload: &str, content_type: Option<&str>) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{payload}");
    let ct = content_type.map(|c| format!("Content-Type: {c}\r\n")).unwrap_or_default();
    let mut v = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{:08}>\r\nWARC-Target-URI: https://example.org/a\r\n{ct}Content-Length: {}\r\n\r\n",
        payload.len(),
        http.len()
    )
    .into_bytes();
    v.extend_from_slice(http.as_bytes());
    v.extend_from_slice(b"\r\n\r\n");
    v
}

#[test]
fn a_tag_with_300000_attributes_is_read_in_a_page_a_feed_and_a_warc() {
    let dir = scratch("wide");
    let page = wide_page(300_000);
    std::fs::write(dir.join("wide.html"), &page).unwrap();
    let escaped = page.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>وكالة</title><item><title>لقاء</title><description>{escaped}</description></item></channel></rss>"
    );
    std::fs::write(dir.join("wide.rss"), feed).unwrap();
    std::fs::write(dir.join("wide.warc"), warc_record(&page, Some("application/http; msgtype=response"))).unwrap();
    let out = rasd(&["analyze", "--format", "json", "--keep-duplicates", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let docs: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(docs.len(), 3);
    for d in &docs {
        assert!(d["events"].as_array().is_some_and(|e| !e.is_empty()), "the paragraph is coded: {}", d["document"]);
    }
}

/// No byte a terminal reads as a control (other than the report's own newlines and tabs, and
/// none at all on stderr) may come out.
fn assert_no_controls(what: &str, s: &str, keep_layout: bool) {
    let bad: Vec<char> = s
        .chars()
        .filter(|&c| (c.is_control() && !(keep_layout && (c == '\n' || c == '\t'))) || ('\u{202a}'..='\u{202e}').contains(&c))
        .collect();
    assert!(bad.is_empty(), "{what}: raw control characters {bad:?} in {s:?}");
}

#[test]
fn terminal_escapes_from_documents_and_file_names_are_escaped() {
    let dir = scratch("escapes");
    let esc = "\u{1b}[2J\u{1b}]0;owned\u{7}\u{9b}1m\u{202e}";
    let rec = serde_json::json!({
        "id": format!("id{esc}"),
        "title": format!("عنوان{esc}\nrasd: forged line"),
        "source": format!("وكالة{esc}"),
        "date": "2025-05-12",
        "text": format!("{PARA}{esc}\n\n{PARA}"),
    });
    std::fs::write(dir.join("news.jsonl"), format!("{rec}\n")).unwrap();
    // A file name holding a newline and an ESC, with a broken body: its error names it.
    let odd = dir.join("bad\nrasd: all good\u{1b}[31m.jsonl");
    std::fs::write(&odd, "{not json\n").unwrap();
    let db = dir.join("t.db");
    let db = db.to_str().unwrap();
    let out = rasd(&["analyze", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_no_controls("analyze stdout", &text(&out.stdout), true);
    let err = text(&out.stderr);
    assert_no_controls("analyze stderr", &err, true);
    assert!(err.lines().all(|l| l.starts_with("rasd: ")), "every stderr line is rasd's own: {err}");
    assert!(err.contains("bad\\nrasd: all good\\u{1b}[31m.jsonl:1"), "{err}");
    assert!(text(&out.stdout).contains("عنوان\\u{1b}[2J"), "the title is shown, escaped, with its Arabic");
    // JSON output escapes C0 controls itself.
    let json = rasd(&["analyze", "--format", "json", dir.join("news.jsonl").to_str().unwrap()]);
    assert!(!text(&json.stdout).contains('\u{1b}'));
    // The database commands' readable output.
    let ingest = rasd(&["ingest", "--quiet", "--db", db, dir.join("news.jsonl").to_str().unwrap()]);
    assert_eq!(ingest.status.code(), Some(0), "{}", text(&ingest.stderr));
    // Merged ids are derived from content: the first listed event's.
    let first = text(&rasd(&["events", "--db", db, "--format", "json", "--limit", "1"]).stdout);
    let first = serde_json::from_str::<serde_json::Value>(first.lines().next().unwrap()).unwrap()["id"].to_string();
    for args in
        [vec!["events", "--db", db], vec!["search", "--db", db, "حفتر"], vec!["event", "--db", db, &first], vec!["actors", "--db", db]]
    {
        let out = rasd(&args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert_no_controls(&format!("{args:?} stdout"), &text(&out.stdout), true);
        assert_no_controls(&format!("{args:?} stderr"), &text(&out.stderr), false);
    }
    let search = text(&rasd(&["search", "--db", db, "حفتر"]).stdout);
    assert!(search.contains("وكالة\\u{1b}"), "{search}");
    assert!(search.contains("\\nrasd: forged line") && !search.lines().any(|l| l.starts_with("rasd: forged")), "{search}");
}

#[test]
fn a_byte_order_mark_before_json_lines_is_skipped() {
    let dir = scratch("bom");
    let rec = serde_json::json!({"id": "bom-1", "title": "لقاء", "text": PARA});
    let path = dir.join("bom.jsonl");
    std::fs::write(&path, format!("\u{feff}{rec}\n")).unwrap();
    // By extension and by content (sniffed: no extension).
    let sniffed = dir.join("bom-data");
    std::fs::copy(&path, &sniffed).unwrap();
    for p in [&path, &sniffed] {
        let out = rasd(&["analyze", "--format", "json", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let d: serde_json::Value = serde_json::from_str(text(&out.stdout).lines().next().unwrap()).unwrap();
        assert_eq!(d["document"]["id"], "bom-1");
    }
}

#[test]
fn warc_records_without_a_content_type_are_read_or_reported() {
    let dir = scratch("warc-ct");
    let page = format!("<html><body><article><p>{PARA}</p></article></body></html>");
    // An HTTP response without a WARC Content-Type is read; a record that is not one is named.
    let mut warc = warc_record(&page, None);
    let junk = "just some bytes";
    warc.extend(
        format!("WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:2>\r\nContent-Length: {}\r\n\r\n{junk}\r\n\r\n", junk.len())
            .into_bytes(),
    );
    let path = dir.join("no-ct.warc");
    std::fs::write(&path, warc).unwrap();
    let out = rasd(&["analyze", "--format", "json", path.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert_eq!(text(&out.stdout).lines().count(), 1, "{err}");
    assert!(err.contains("no-ct.warc:record 2") && err.contains("without a Content-Type"), "{err}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_truncated_gzip_file_says_where_it_breaks_off() {
    let dir = scratch("gz");
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..2_000 {
        writeln!(e, "{{\"id\": \"r{i}\", \"text\": \"{PARA}\"}}").unwrap();
    }
    let gz = e.finish().unwrap();
    let cut = gz.len() / 2;
    let path = dir.join("cut.jsonl.gz");
    std::fs::write(&path, &gz[..cut]).unwrap();
    let out = rasd(&["analyze", "--format", "json", path.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert!(err.contains(&format!("breaks off at byte {cut}")), "{err}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn threads_are_bounded_and_a_writable_open_cors_server_is_warned_about() {
    let dir = scratch("opts");
    let db = dir.join("t.db");
    for n in ["0", "10000"] {
        let out = rasd(&["ingest", "--threads", n, "--db", db.to_str().unwrap(), dir.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "--threads {n}");
        assert!(text(&out.stderr).contains("from 1 to 256"), "{}", text(&out.stderr));
    }
    // A database in a directory that does not exist cannot be opened, so the server stops right
    // after the warning, which is what is checked.
    let missing = dir.join("none").join("t.db");
    let out = rasd(&["serve", "--db", missing.to_str().unwrap(), "--cors", "*", "--allow-writes", "--addr", "127.0.0.1:0"]);
    assert!(text(&out.stderr).contains("--cors '*' with --allow-writes"), "{}", text(&out.stderr));
    assert!(!out.status.success());
}
