//! `rasd ingest` as a process: a run killed with SIGKILL at random points and resumed gives the
//! same database as an uninterrupted run (compared through a canonical dump without wall-clock
//! times), and the query and export commands read what it stored.
//!
//! The input is generated: a few hundred articles varied from sentences written for this test.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

const RASD: &str = env!("CARGO_BIN_EXE_rasd");

const ACTORS: [&str; 6] = [
    "الرئيس الروسي فلاديمير بوتين",
    "المشير خليفة حفتر",
    "وزير الخارجية الروسي سيرغي لافروف",
    "الرئيس الجزائري عبد المجيد تبون",
    "الرئيس التركي رجب طيب أردوغان",
    "الرئيس المالي عاصمي غويتا",
];
const CITIES: [&str; 6] = ["موسكو", "أنقرة", "الجزائر", "باماكو", "طرابلس", "القاهرة"];
const DAYS: [&str; 5] = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس"];
const TOPICS: [&str; 4] = ["التعاون العسكري", "أمن الحدود", "إمدادات الطاقة", "الأوضاع في منطقة الساحل"];
const OUTLETS: [&str; 4] = ["وكالة المشرق", "صحيفة النهار الجديد", "إذاعة الصحراء", "موقع الأفق"];

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// `n` articles; every 7th repeats an earlier one word for word (a wire story filed twice),
/// and one line is broken JSON.
fn generate(n: usize, path: &Path) {
    generate_from(0, n, path)
}

/// Like [`generate`], with article numbers from `from` (other numbers, other articles).
fn generate_from(from: usize, n: usize, path: &Path) {
    let mut out = String::new();
    for i in 0..n {
        let k = from + if i % 7 == 6 { i - 3 } else { i };
        let a = ACTORS[k % 6];
        let b = ACTORS[(k / 6 + 1 + k % 6) % 6];
        let b = if a == b { ACTORS[(k + 1) % 6] } else { b };
        let city = CITIES[(k / 3) % 6];
        let day = DAYS[k % 5];
        let topic = TOPICS[(k / 5) % 4];
        let text = match k % 4 {
            0 => format!("التقى {a} {b} في {city} يوم {day}، وبحث الجانبان {topic}.\nوقال بيان مشترك إن المحادثات كانت صريحة."),
            1 => format!("استقبل {b} {a} في {city} يوم {day} الماضي، في زيارة تستمر يومين.\nوتناول اللقاء {topic} بين البلدين."),
            2 => format!("هاجمت جماعة نصرة الإسلام والمسلمين يوم {day} الجيش المالي في مدينة غاو.\nوقال مصدر عسكري إن الهجوم وقع فجرا."),
            _ => format!("وقع {a} و{b} في {city} يوم {day} اتفاقا بشأن {topic}.\nوأشاد الطرفان بنتائج الزيارة."),
        };
        let date = format!("2025-{:02}-{:02}", 1 + (k / 28) % 12, 1 + k % 28);
        out.push_str(&format!(
            "{{\"id\":\"gen-{k}\",\"source\":{},\"date\":\"{date}\",\"title\":{},\"text\":{}}}\n",
            json_str(OUTLETS[k % 4]),
            json_str(&format!("خبر رقم {k} من {city}")),
            json_str(&text)
        ));
        if i == n / 2 {
            out.push_str("{\"id\": \"gen-broken\", \"text\": \n");
        }
    }
    std::fs::write(path, out).unwrap();
}

fn dump(db: &Path) -> String {
    let s = rasd_store::Store::open(db).unwrap();
    let mut out = Vec::new();
    s.canonical_dump(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn documents(db: &Path) -> usize {
    rasd_store::Store::open(db).map(|s| s.counts().unwrap().documents).unwrap_or(0)
}

fn ingest(input: &Path, db: &Path) -> Command {
    let mut c = Command::new(RASD);
    c.args(["ingest", "--quiet", "--batch", "8", "--db"]).arg(db).arg(input);
    c
}

/// A pseudo-random fraction in [0, 1) from the clock (the test prints it, to replay a failure).
fn random_fraction(salt: u64) -> f64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64;
    let mut x = nanos ^ salt.wrapping_mul(0x9E3779B97F4A7C15) ^ u64::from(std::process::id());
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51afd7ed558ccd);
    x ^= x >> 33;
    (x % 10_000) as f64 / 10_000.0
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rasd-ingest-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn killed_and_resumed_ingest_equals_an_uninterrupted_one() {
    let dir = scratch("kill");
    let input = dir.join("generated.jsonl");
    // (Enough articles that a kill lands mid-run: most are coded, a seventh are exact repeats and
    // some are near-duplicates that cost little.)
    const N: usize = 600;
    generate(N, &input);

    // The uninterrupted run.
    let a = dir.join("a.db");
    let t = Instant::now();
    let out = ingest(&input, &a).output().unwrap();
    let full = t.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "one broken line makes the exit code 1:\n{stderr}");
    assert!(stderr.contains(&format!("generated.jsonl:{}: invalid JSON Lines record", N / 2 + 2)), "the bad line is named:\n{stderr}");
    assert!(stderr.contains("articles stored") && stderr.contains("articles/s"), "a closing summary:\n{stderr}");
    let stored = documents(&a);
    assert_eq!(stored, N - N / 7, "repeated articles are stored once");

    // The same input, killed at a random point (retried until a kill lands mid-run: after the
    // first commit, before the last), killed again during the resumed run, then finished.
    let b = dir.join("b.db");
    let kill_at = |round: u64| {
        let before = documents(&b);
        let mut child = ingest(&input, &b).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        // Wait for this run's first commit (start-up is a large share of a short run), then a
        // random further delay within the time an uninterrupted run takes.
        let t = Instant::now();
        while documents(&b) == before && child.try_wait().unwrap().is_none() && t.elapsed() < full * 20 {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let f = 0.3 * random_fraction(round);
        let delay = full.mul_f64(f);
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let n = documents(&b);
        eprintln!(
            "round {round}: killed {delay:?} after the first commit (at {:?}; an uninterrupted run takes {full:?}): {n} of {stored} documents committed",
            t.elapsed()
        );
        n
    };
    let mut mid_run = false;
    for attempt in 0..20u64 {
        for f in ["b.db", "b.db-wal", "b.db-shm"] {
            let _ = std::fs::remove_file(dir.join(f));
        }
        let n = kill_at(attempt + 1);
        if n > 0 && n < stored {
            mid_run = true;
            break;
        }
    }
    assert!(mid_run, "no kill landed between the first and the last commit");
    let n = kill_at(100);
    assert!(n <= stored);
    let out = ingest(&input, &b).output().unwrap();
    let stderr_b = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr_b}");
    let (da, db) = (dump(&a), dump(&b));
    if da != db {
        let first = da.lines().zip(db.lines()).position(|(x, y)| x != y);
        panic!(
            "the dumps differ (first differing line {first:?}):\n{}\n---\n{}",
            first.and_then(|i| da.lines().nth(i)).unwrap_or(""),
            first.and_then(|i| db.lines().nth(i)).unwrap_or("")
        );
    }
    assert!(da.lines().count() > stored * 4, "the dump holds the data");

    // A third run stores nothing new and leaves the data as it was.
    let out = ingest(&input, &a).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("0 articles stored, {N} skipped as seen, 1 failed")), "{stderr}");
    assert_eq!(dump(&a), da);
    std::fs::remove_dir_all(&dir).ok();
}

fn rasd(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(RASD).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn query_and_export_commands_read_the_database() {
    let dir = scratch("cli");
    let input = dir.join("generated.jsonl");
    generate(60, &input);
    let db = dir.join("c.db");
    let dbs = db.display().to_string();
    let (code, _, err) = rasd(&["ingest", "--quiet", "--db", &dbs, &input.display().to_string()]);
    assert_eq!(code, 1, "{err}");

    let (code, out, err) = rasd(&["events", "--db", &dbs, "--format", "json", "--limit", "0"]);
    assert_eq!(code, 0, "{err}");
    let evs: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!evs.is_empty());
    let (_, out, _) = rasd(&["events", "--db", &dbs, "--type", "ASSAULT", "--near", "16.27,-0.04,50", "--format", "json", "--limit", "0"]);
    let near: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!near.is_empty(), "the attacks near Gao");
    assert!(near.iter().all(|e| e["type"] == "ASSAULT" && e["location"]["name_en"] == "Gao"));
    let (_, out, _) = rasd(&["events", "--db", &dbs, "--actor", "Haftar", "--from", "2025-01-10", "--to", "2025-01-20", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(out.as_bytes());
    for rec in r.records() {
        let rec = rec.unwrap();
        assert!(rec[8].contains("Khalifa Haftar") || rec[10].contains("Khalifa Haftar"), "{rec:?}");
        assert!(&rec[5] >= "2025-01-10" && &rec[4] <= "2025-01-20", "{rec:?}");
    }
    let (code, out, _) = rasd(&["actors", "--db", &dbs, "--top", "3", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 3);
    let (code, out, _) = rasd(&["search", "--db", &dbs, "--format", "json", "غاو"]);
    assert_eq!(code, 0);
    assert!(out.lines().count() > 0);
    // Merged ids are derived from content: the first listed event's.
    let (_, first, _) = rasd(&["events", "--db", &dbs, "--format", "json", "--limit", "1"]);
    let first: serde_json::Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    let (code, out, _) = rasd(&["event", "--db", &dbs, &first["id"].to_string()]);
    assert_eq!(code, 0);
    assert!(out.contains("─ gen-"), "{out}");
    let (code, out, _) = rasd(&["export", "--db", &dbs, "--format", "geojson"]);
    assert_eq!(code, 0);
    let g: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(!g["features"].as_array().unwrap().is_empty());
    let (code, _, err) = rasd(&["merge", "--db", &dbs, "--undo"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("merging undone"));
    // Mistakes are named, not silently empty.
    let (code, _, err) = rasd(&["events", "--db", &dbs, "--type", "MEET"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a PLOVER type"), "{err}");
    let (code, _, err) = rasd(&["events", "--db", &dir.join("missing.db").display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains("no such database"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Casualty figures (issue 18) from the command line: `rasd event` prints the merged figures
/// and each report's words; the ACLED export's `fatalities` is the latest report's count, and
/// empty for an attack whose reports give none. (The articles are rasd-store's toll fixture.)
#[test]
fn event_and_acled_export_show_casualties() {
    let dir = scratch("tolls");
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/../rasd-store/tests/fixtures/tolls.jsonl");
    let dbs = dir.join("t.db").display().to_string();
    let (code, _, err) = rasd(&["ingest", "--quiet", "--db", &dbs, input]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = rasd(&["events", "--db", &dbs, "--type", "ASSAULT", "--format", "json"]);
    let mosul: serde_json::Value = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|e| e["documents"] == 2)
        .expect("the two reports merged");
    let (code, out, err) = rasd(&["event", "--db", &dbs, &mosul["id"].to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("casualties: 9+ killed, 14 injured"), "{out}");
    assert!(out.contains("6 killed «ستة», 10+ injured «أكثر من عشرة»"), "{out}");
    let (code, out, err) = rasd(&["export", "--db", &dbs, "--format", "acled"]);
    assert_eq!(code, 0, "{err}");
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let mut by_place: Vec<(String, String)> =
        r.records().map(|x| x.unwrap()).map(|x| (x[col("location")].to_string(), x[col("fatalities")].to_string())).collect();
    by_place.sort();
    assert_eq!(by_place, vec![("Kirkuk".to_string(), String::new()), ("Mosul".to_string(), "9".to_string())]);
    std::fs::remove_dir_all(&dir).ok();
}

/// Readers while ingest writes (SQLite WAL): threads querying the store and `rasd events`
/// processes run while a second ingest adds articles to a database and rebuilds its merged
/// events. No read may fail or wait past the busy timeout, and every read sees a committed state:
/// the document count grows by whole batches, a count matches the rows it counts, every merged
/// event listed can be opened with its reports, and exports complete.
#[test]
fn queries_while_ingest_writes_see_committed_states() {
    let dir = scratch("readers");
    let first = dir.join("first.jsonl");
    let second = dir.join("second.jsonl");
    generate_from(0, 120, &first);
    generate_from(1000, 600, &second);
    let db = dir.join("r.db");
    let dbs = db.display().to_string();
    let (code, _, err) = rasd(&["ingest", "--quiet", "--db", &dbs, &first.display().to_string()]);
    assert_eq!(code, 1, "{err}");
    let base = documents(&db);
    let added = 600 - 600 / 7;
    let batch = 8;

    let writing = Arc::new(AtomicBool::new(true));
    let reads_during_write = Arc::new(AtomicUsize::new(0));
    let child = ingest(&second, &db).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let t = Instant::now();
    let mut readers = Vec::new();
    for r in 0..2 {
        let (db, writing, during) = (db.clone(), writing.clone(), reads_during_write.clone());
        readers.push(std::thread::spawn(move || -> Result<usize, String> {
            let store = rasd_store::Store::open(&db).map_err(|e| format!("reader {r}: open: {e:#}"))?;
            let mut last_docs = 0;
            let mut rounds = 0;
            loop {
                let done = !writing.load(Ordering::SeqCst);
                let q = store.snapshot(|| {
                    let c = store.counts()?;
                    let (total, evs) = store.events(&rasd_store::EventFilter::default(), rasd_store::Page::all())?;
                    let mut opened = 0;
                    for e in evs.iter().step_by((evs.len() / 10).max(1)) {
                        let d = store
                            .event(e.id)?
                            .ok_or_else(|| rasd_store::Error::msg(format!("merged event {} is listed but cannot be opened", e.id)))?;
                        if d.members.is_empty() {
                            return Err(rasd_store::Error::msg(format!("merged event {} has no reports", e.id)));
                        }
                        opened += 1;
                    }
                    Ok((c, total, evs.len(), opened))
                });
                let (c, total, listed, _) = q.map_err(|e| format!("reader {r}: {e:#}"))?;
                if total != listed {
                    return Err(format!("reader {r}: {total} merged events counted, {listed} listed"));
                }
                if c.documents < last_docs {
                    return Err(format!("reader {r}: the document count went back from {last_docs} to {}", c.documents));
                }
                if c.documents < base || (!(c.documents - base).is_multiple_of(batch) && c.documents != base + added) {
                    return Err(format!(
                        "reader {r}: {} documents is not {base} plus whole batches of {batch}: half a batch was visible",
                        c.documents
                    ));
                }
                last_docs = c.documents;
                let mut sink = Vec::new();
                store
                    .export(rasd_store::ExportFormat::Jsonl, &rasd_store::EventFilter::default(), &mut sink)
                    .map_err(|e| format!("reader {r}: export: {e:#}"))?;
                store.actors(&rasd_store::EventFilter::default(), 5).map_err(|e| format!("reader {r}: actors: {e:#}"))?;
                store.search("موسكو", rasd_store::Page { limit: 5, offset: 0 }).map_err(|e| format!("reader {r}: search: {e:#}"))?;
                rounds += 1;
                if !done {
                    during.fetch_add(1, Ordering::SeqCst);
                } else {
                    return Ok(rounds);
                }
            }
        }));
    }
    // `rasd events` processes, one after another, while the ingest runs; and a second writer,
    // `rasd merge`, which must wait for the ingest's batches (busy timeout) and they for it.
    let merges = Arc::new(AtomicUsize::new(0));
    let (cdb, cwriting, cduring, cmerges) = (dbs.clone(), writing.clone(), reads_during_write.clone(), merges.clone());
    let cli = std::thread::spawn(move || -> Result<usize, String> {
        let mut runs = 0;
        while cwriting.load(Ordering::SeqCst) {
            if runs % 2 == 1 {
                let (code, _, err) = rasd(&["merge", "--db", &cdb]);
                if code != 0 {
                    return Err(format!("rasd merge failed during ingest (exit {code}): {err}"));
                }
                cmerges.fetch_add(1, Ordering::SeqCst);
            }
            let (code, out, err) = rasd(&["events", "--db", &cdb, "--format", "json", "--limit", "0"]);
            if code != 0 {
                return Err(format!("rasd events failed during ingest (exit {code}): {err}"));
            }
            for l in out.lines() {
                serde_json::from_str::<serde_json::Value>(l).map_err(|e| format!("rasd events printed a bad line ({e}): {l}"))?;
            }
            runs += 1;
            if cwriting.load(Ordering::SeqCst) {
                cduring.fetch_add(1, Ordering::SeqCst);
            }
        }
        Ok(runs)
    });
    let out = child.wait_with_output().unwrap();
    let ingest_time = t.elapsed();
    writing.store(false, Ordering::SeqCst);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "one broken line:\n{stderr}");
    let rounds: Vec<usize> = readers.into_iter().map(|h| h.join().unwrap().unwrap_or_else(|e| panic!("{e}"))).collect();
    let cli_runs = cli.join().unwrap().unwrap_or_else(|e| panic!("{e}"));
    let during = reads_during_write.load(Ordering::SeqCst);
    eprintln!(
        "ingest of {added} articles took {ingest_time:?}; store readers did {rounds:?} rounds, `rasd events` ran {cli_runs} times, `rasd merge` {} times; {during} reads overlapped the ingest",
        merges.load(Ordering::SeqCst)
    );
    assert!(during > 0, "no read overlapped the ingest (it took {ingest_time:?})");
    assert_eq!(documents(&db), base + added);
    let s = rasd_store::Store::open(&db).unwrap();
    assert!(!s.merged_is_stale().unwrap(), "the ingest rebuilt the merged events");
    assert!(merges.load(Ordering::SeqCst) > 0, "a `rasd merge` ran during the ingest");
    std::fs::remove_dir_all(&dir).ok();
}

/// Issue 9 through ingest: a syndicated copy arriving in a later run is linked to the first copy
/// already stored (its signature is kept in the database), stored without events, and a different
/// report on the same story is coded.
#[test]
fn syndicated_copies_across_runs_are_linked_not_coded() {
    let dir = scratch("dedup");
    let db = dir.join("news.db");
    let first = "وصل وزير الخارجية التونسي إلى الجزائر العاصمة مساء الأحد في زيارة رسمية تستغرق يومين، يبحث خلالها مع نظيره الجزائري ملفات الحدود والطاقة والهجرة غير النظامية.\nوقال بيان للخارجية التونسية إن الزيارة تأتي في إطار التشاور الدوري بين البلدين، وإن الوزيرين سيترأسان اجتماع اللجنة المشتركة للحدود.\nومن المنتظر أن يلتقي الوزير الرئيس الجزائري عبد المجيد تبون قبل مغادرته.";
    let copy = "تونس (وكالات)- وصل وزير الخارجية التونسي إلى الجزائر العاصمة مساء الأحد في زيارة رسمية تستغرق يومين، يبحث خلالها مع نظيره الجزائري ملفات الحدود والطاقة والهجرة غير النظامية.\nوذكر بيان للخارجية التونسية أن الزيارة تأتي في إطار التشاور الدوري بين البلدين، وإن الوزيرين سيترأسان اجتماع اللجنة المشتركة للحدود.\nومن المنتظر أن يلتقي الوزير الرئيس الجزائري عبد المجيد تبون قبل مغادرته.\n// انتهى //";
    let other = "أعلنت وزارة الدفاع الجزائرية الاثنين أن وحدات الجيش أحبطت محاولة تهريب أسلحة قرب الحدود الجنوبية، وصادرت شحنة من الذخائر في عملية نوعية.\nوأضاف البيان أن العملية جرت بالتنسيق مع أجهزة الأمن في ولاية تمنراست، ولم يسفر عنها أي قتلى.";
    let line = |id: &str, text: &str| format!("{{\"id\":{},\"date\":\"2024-03-04\",\"text\":{}}}\n", json_str(id), json_str(text));
    let a = dir.join("a.jsonl");
    let b = dir.join("b.jsonl");
    std::fs::write(&a, line("orig-1", first)).unwrap();
    std::fs::write(&b, line("copy-1", copy) + &line("other-1", other)).unwrap();
    for input in [&a, &b] {
        let out = ingest(input, &db).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let store = rasd_store::Store::open(&db).unwrap();
    let dup_of = |id: &str| -> (Option<String>, usize) {
        let d = store.document(id).unwrap().unwrap_or_else(|| panic!("no document {id}"));
        (d.duplicate_of, d.events.len())
    };
    let (dup, events) = dup_of("copy-1");
    assert_eq!(dup.as_deref(), Some("orig-1"), "the copy names the first copy");
    assert_eq!(events, 0, "a copy is not coded again");
    let (dup, events) = dup_of("orig-1");
    assert_eq!(dup, None);
    assert!(events > 0, "the first copy is coded");
    assert_eq!(dup_of("other-1").0, None, "another report on a related story is not a copy");
    drop(store);
    std::fs::remove_dir_all(&dir).ok();
}

/// A pseudo-word of Arabic letters, from a number (distinct numbers, mostly distinct words).
fn word(mut n: u64) -> String {
    const LETTERS: [char; 24] =
        ['ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', 'ف', 'ق', 'ك', 'ل', 'م', 'ن'];
    let mut w = String::new();
    for _ in 0..4 {
        w.push(LETTERS[(n % 24) as usize]);
        n /= 24;
    }
    w
}

/// Article `k` of a set whose articles share no wording: a reported meeting and filler.
fn distinct_article(k: usize) -> String {
    let mut x = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut filler = |len: usize| -> String {
        (0..len)
            .map(|_| {
                x ^= x >> 29;
                x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
                word(x >> 20)
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (a, b) = (ACTORS[k % 6], ACTORS[(k + 1) % 6]);
    format!("التقى {a} {b} في {} يوم {} {}.\n{}.\n{}.", CITIES[k % 6], DAYS[k % 5], filler(12), filler(25), filler(25))
}

/// Issue 22 (item 4): two ingests writing one database at the same time, one of articles and
/// one of their syndicated copies, link the same pairs as the two runs one after the other
/// (before, each run judged against the database as it was when it started, linked almost
/// nothing, and every event claimed two outlets).
#[test]
fn concurrent_ingests_link_the_copies_sequential_ones_link() {
    const N: usize = 120;
    let dir = scratch("concurrent");
    let line = |id: String, outlet: &str, text: &str| {
        format!(
            "{{\"id\":{},\"date\":\"2025-04-0{}\",\"source\":{},\"text\":{}}}\n",
            json_str(&id),
            1 + id.len() % 2,
            json_str(outlet),
            json_str(text)
        )
    };
    let (mut originals, mut copies) = (String::new(), String::new());
    for k in 0..N {
        let text = distinct_article(k);
        originals.push_str(&line(format!("orig-{k}"), OUTLETS[0], &text));
        copies.push_str(&line(format!("copy-{k}"), OUTLETS[1], &format!("(وكالات) - {text}\nانتهى")));
    }
    let (a, b) = (dir.join("originals.jsonl"), dir.join("copies.jsonl"));
    std::fs::write(&a, originals).unwrap();
    std::fs::write(&b, copies).unwrap();
    // Each run's documents: (id, duplicate_of) pairs as unordered links, and the coded count.
    let links = |db: &Path| -> (std::collections::BTreeSet<(String, String)>, usize) {
        let store = rasd_store::Store::open(db).unwrap();
        let mut links = std::collections::BTreeSet::new();
        let mut coded = 0;
        for k in 0..N {
            for id in [format!("orig-{k}"), format!("copy-{k}")] {
                let d = store.document(&id).unwrap().unwrap_or_else(|| panic!("{id} was not stored"));
                match d.duplicate_of {
                    Some(o) => {
                        let pair = if id < o { (id, o) } else { (o, id) };
                        links.insert(pair);
                    }
                    None => coded += 1,
                }
            }
        }
        (links, coded)
    };
    let one_by_one = dir.join("sequential.db");
    for input in [&a, &b] {
        let out = ingest(input, &one_by_one).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let (expected, coded) = links(&one_by_one);
    assert_eq!(expected.len(), N, "one after the other, every copy is linked to its article");
    assert_eq!(coded, N);

    let together = dir.join("concurrent.db");
    // Create the database first, so both runs start from the same (empty, migrated) file.
    rasd_store::Store::open(&together).unwrap();
    let runs: Vec<_> = [&a, &b].iter().map(|input| ingest(input, &together).stderr(Stdio::piped()).spawn().unwrap()).collect();
    let mut relinked = 0;
    for r in runs {
        let out = r.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{err}");
        relinked += err.lines().filter(|l| l.contains("another writer stored meanwhile")).count();
    }
    let (got, coded) = links(&together);
    assert_eq!(got.len(), N, "concurrent runs linked {} of {N} pairs", got.len());
    assert_eq!(coded, N, "one copy of each pair is coded");
    assert_eq!(got, expected, "the same pairs as one after the other");
    eprintln!("runs that relinked at write time: {relinked}");
    std::fs::remove_dir_all(&dir).ok();
}
