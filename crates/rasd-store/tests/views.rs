//! The read functions a server needs beyond the CLI's: timeline and place aggregates, read-only
//! connections and the per-query time limit. Over the articles written for `store.rs`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rasd_pipeline::{Options, analyze};
use rasd_read::{InputFormat, read_inputs};
use rasd_store::views::TimelineBucket;
use rasd_store::{CodedDocument, EventFilter, Page, Store, content_hash};

fn coded() -> Vec<CodedDocument> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles.jsonl");
    let mut docs = Vec::new();
    read_inputs(&[path.display().to_string()], InputFormat::Auto, &mut |r| {
        if let Ok(d) = r {
            let hash = content_hash(&d);
            let a = analyze(d, &Options::default());
            docs.push(CodedDocument::from_analysis(&a, hash));
        }
    });
    docs
}

/// A database file in a fresh temporary directory (removed by the caller), holding `copies`
/// copies of the fixture articles (each copy its own document: another hash and id), so that
/// queries have rows enough to take many SQLite steps.
fn db_file(tag: &str, copies: usize) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("rasd-views-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("t.db");
    let mut s = Store::open(&db).unwrap();
    let base = coded();
    let mut docs = Vec::new();
    for i in 0..copies {
        for d in &base {
            let mut c = d.clone();
            c.hash = format!("{}-{i}", d.hash);
            c.doc_id = format!("{}-{i}", d.doc_id);
            docs.push(c);
        }
    }
    s.write_batch(&docs, "2025-01-01T00:00:00Z").unwrap();
    s.rebuild_merged().unwrap();
    (dir, db)
}

/// An error with its sources, as one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cur = c.source();
    }
    out
}

#[test]
fn timeline_buckets_cover_every_event_once() {
    let mut s = Store::open_in_memory().unwrap();
    s.write_batch(&coded(), "2025-01-01T00:00:00Z").unwrap();
    s.rebuild_merged().unwrap();
    let f = EventFilter::default();
    let (total, events) = s.events(&f, Page::all()).unwrap();
    assert!(total >= 3, "the fixtures code several events, got {total}");
    for bucket in [TimelineBucket::Week, TimelineBucket::Month] {
        let t = s.timeline(&f, bucket).unwrap();
        let counted: usize = t.buckets.iter().map(|b| b.events).sum();
        assert_eq!(counted + t.undated, total, "{bucket:?}");
        for b in &t.buckets {
            assert_eq!(b.types.values().sum::<usize>(), b.events);
            let d = jiff::civil::Date::strptime("%Y-%m-%d", &b.start).unwrap();
            match bucket {
                TimelineBucket::Week => assert_eq!(d.weekday(), jiff::civil::Weekday::Monday, "{}", b.start),
                TimelineBucket::Month => assert_eq!(d.day(), 1, "{}", b.start),
            }
        }
        assert!(t.buckets.windows(2).all(|w| w[0].start < w[1].start), "buckets in date order");
    }
    // Each dated event falls in the week that starts on or before its first day, within 7 days.
    let weeks = s.timeline(&f, TimelineBucket::Week).unwrap();
    for e in events.iter().filter(|e| e.date_start.is_some()) {
        let day = jiff::civil::Date::strptime("%Y-%m-%d", e.date_start.as_deref().unwrap()).unwrap();
        let b =
            weeks.buckets.iter().rev().find(|b| b.start.as_str() <= e.date_start.as_deref().unwrap()).expect("a bucket before the event");
        let start = jiff::civil::Date::strptime("%Y-%m-%d", &b.start).unwrap();
        assert!((day - start).get_days() < 7, "{} in week {}", e.date_start.as_deref().unwrap(), b.start);
        assert!(b.types.contains_key(&e.event_type));
    }
    // Filters apply: only ASSAULT events.
    let assaults =
        s.timeline(&EventFilter { event_type: Some("ASSAULT".into()), ..EventFilter::default() }, TimelineBucket::Month).unwrap();
    assert!(assaults.buckets.iter().all(|b| b.types.keys().all(|t| t == "ASSAULT")));
}

#[test]
fn places_count_located_events() {
    let mut s = Store::open_in_memory().unwrap();
    s.write_batch(&coded(), "2025-01-01T00:00:00Z").unwrap();
    s.rebuild_merged().unwrap();
    let f = EventFilter::default();
    let (_, events) = s.events(&f, Page::all()).unwrap();
    let located = events.iter().filter(|e| e.location.as_ref().is_some_and(|l| l.lat.is_some())).count();
    let places = s.places(&f, 1000).unwrap();
    assert!(!places.is_empty(), "the fixtures place events in Moscow, Gao and Timbuktu");
    assert_eq!(places.iter().map(|p| p.events).sum::<usize>(), located);
    assert!(places.windows(2).all(|w| w[0].events >= w[1].events), "most events first");
    assert!(places.iter().all(|p| p.place.lat.is_some() && p.place.lon.is_some()));
    assert!(places.iter().any(|p| p.place.name_en == "Moscow"), "{places:?}");
    assert_eq!(s.places(&f, 1).unwrap().len(), 1, "top bounds the rows");
}

#[test]
fn a_reader_refuses_writes_and_old_or_missing_databases() {
    let (dir, db) = db_file("reader", 1);
    let mut r = Store::open_reader(&db).unwrap();
    let (total, _) = r.events(&EventFilter::default(), Page::default()).unwrap();
    assert!(total > 0);
    let err = chain(&r.write_batch(&coded()[..1], "2025-01-01T00:00:00Z").unwrap_err());
    assert!(err.contains("readonly") || err.contains("read-only"), "{err}");
    assert!(r.rebuild_merged().is_err());
    let missing = Store::open_reader(&dir.join("absent.db")).err().expect("a missing file is an error");
    assert!(missing.to_string().contains("absent.db"), "{missing}");
    assert!(!dir.join("absent.db").exists(), "a reader creates nothing");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A database whose WAL index cannot be created (as on a read-only mount: here a directory sits
/// where the `-shm` file would go) is still served, read-only and immutable; a file that is not
/// a database is named in the error, with the cause.
#[test]
fn a_reader_serves_read_only_media_and_names_a_bad_file() {
    let (dir, db) = db_file("readonly-media", 1);
    let shm = std::path::PathBuf::from(format!("{}-shm", db.display()));
    let _ = std::fs::remove_file(&shm);
    std::fs::create_dir_all(&shm).unwrap();
    let r = Store::open_reader(&db).expect("a database whose -shm cannot be made is opened read-only");
    assert!(r.events(&EventFilter::default(), Page::default()).unwrap().0 > 0);
    let junk = dir.join("notes.db");
    std::fs::write(&junk, "these are notes, not a database".repeat(100)).unwrap();
    let err = Store::open_reader(&junk).err().expect("not a database").to_string();
    assert!(err.contains("notes.db") && err.contains("not a database"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_query_past_its_time_limit_is_interrupted() {
    // 200 copies: 1,000 documents, each merged event with 200 reports.
    let (dir, db) = db_file("limit", 200);
    let mut r = Store::open_reader(&db).unwrap();
    r.set_query_time_limit(Some(Duration::ZERO)).unwrap();
    let err = r.events(&EventFilter::default(), Page::all()).unwrap_err();
    assert!(err.is_timeout(), "{err:#}");
    let err = r.graph(&EventFilter::default()).unwrap_err();
    assert!(err.is_timeout(), "{err:#}");
    // A generous limit, then none: queries run again.
    r.set_query_time_limit(Some(Duration::from_secs(60))).unwrap();
    assert!(r.events(&EventFilter::default(), Page::all()).is_ok());
    r.set_query_time_limit(None).unwrap();
    assert!(r.events(&EventFilter::default(), Page::all()).is_ok());
    let other = Store::open_reader(&dir.join("nope.db")).err().unwrap();
    assert!(!other.is_timeout());
    let _ = std::fs::remove_dir_all(&dir);
}
