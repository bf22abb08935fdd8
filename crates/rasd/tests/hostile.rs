//! Hostile inputs, through the built binary: a batch directory holding a good article and every
//! kind of bad input the readers must survive — an empty file, a 200 MB single line, invalid
//! UTF-8 mid-file, UTF-16 with and without a byte-order mark, NUL bytes, HTML nested 10,000
//! deep, gzip bombs, a 100 MB JSON Lines record, a directory symlink loop, a FIFO, an
//! unreadable file. Each bad input must get an error line naming it (or bounded work: the
//! symlink loop), the good articles must be coded, the exit code must be 1, and the child's peak
//! memory must stay under [`MEMORY_LIMIT_BYTES`] (the limit SECURITY.md states).
//!
//! The inputs are generated on the fly in a temporary directory; the large ones are written
//! from a repeated chunk, so generating them takes well under a second each.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const RASD: &str = env!("CARGO_BIN_EXE_rasd");

/// The peak resident memory a run over hostile inputs may reach (SECURITY.md "Limits").
const MEMORY_LIMIT_BYTES: u64 = 1 << 30;

const GOOD: &str = "title: لقاء في موسكو\ndate: 2025-05-12\n\nالتقى الرئيس الروسي فلاديمير بوتين المشير خليفة حفتر في موسكو يوم الأحد، وبحث الجانبان التعاون العسكري وأمن الحدود.\n\nوقال بيان مشترك إن المحادثات كانت صريحة ومثمرة.\n";

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rasd-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes `chunk` repeated until the file holds at least `bytes` bytes, then `tail`.
fn write_repeated(path: &Path, head: &[u8], chunk: &[u8], bytes: usize, tail: &[u8]) {
    let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    f.write_all(head).unwrap();
    let big = chunk.repeat((1 << 20) / chunk.len() + 1);
    let mut n = head.len();
    while n < bytes {
        f.write_all(&big).unwrap();
        n += big.len();
    }
    f.write_all(tail).unwrap();
    f.flush().unwrap();
}

/// A gzip file of `bytes` bytes of `unit` repeated (fast compression: ~1,000× for one byte).
fn write_gzip_bomb(path: &Path, unit: u8, bytes: usize) {
    let f = std::fs::File::create(path).unwrap();
    let mut e = flate2::write::GzEncoder::new(std::io::BufWriter::new(f), flate2::Compression::fast());
    let block = vec![unit; 1 << 20];
    for _ in 0..bytes >> 20 {
        e.write_all(&block).unwrap();
    }
    e.finish().unwrap().flush().unwrap();
}

fn utf16le(s: &str, bom: bool) -> Vec<u8> {
    let mut v: Vec<u8> = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    v.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
    v
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    peak_rss: u64,
    secs: f64,
}

/// Runs rasd with `args`, draining its output, and takes its peak RSS from `wait4`.
fn run(args: &[&str]) -> Run {
    let t = Instant::now();
    #[allow(clippy::zombie_processes)] // reaped by wait4 below, which also gives the peak RSS
    let mut child = Command::new(RASD).args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || {
        let mut s = Vec::new();
        out.read_to_end(&mut s).unwrap();
        s
    });
    let e = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).unwrap();
        s
    });
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: plain FFI; `rusage` is a C struct for which all-zero bytes are valid, and both
    // pointers outlive the call. The child is reaped here (std's `Child` is not waited on).
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    assert_eq!(r, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -libc::WTERMSIG(status) };
    Run {
        code,
        stdout: String::from_utf8_lossy(&o.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&e.join().unwrap()).into_owned(),
        // ru_maxrss is in KiB on Linux.
        peak_rss: ru.ru_maxrss as u64 * 1024,
        secs: t.elapsed().as_secs_f64(),
    }
}

/// The stderr line about `name`, which must exist and contain `what`.
fn error_about<'a>(stderr: &'a str, name: &str, what: &str) -> &'a str {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("rasd: ") && l.contains(name))
        .unwrap_or_else(|| panic!("no error line names {name}:\n{stderr}"));
    assert!(line.contains(what), "the error for {name} should say {what:?}: {line}");
    line
}

/// Builds the batch; returns the names expected in error lines with what each must say.
fn build_batch(dir: &Path) -> Vec<(&'static str, &'static str)> {
    let t = Instant::now();
    let mut expect = Vec::new();
    std::fs::write(dir.join("good.txt"), GOOD).unwrap();

    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    expect.push(("empty.txt", "empty input (0 bytes)"));

    // 200 MB of Arabic words with no line break.
    write_repeated(&dir.join("long_line.txt"), b"", "وصل الوفد إلى العاصمة ".as_bytes(), 200_000_000, b"");
    expect.push(("long_line.txt", "the limit for an input read whole is 64 MiB"));

    let mut bad = GOOD.as_bytes().to_vec();
    let mid = GOOD.find("وقال").unwrap();
    bad.insert(mid, 0xFF);
    std::fs::write(dir.join("bad_utf8.txt"), &bad).unwrap();
    expect.push(("bad_utf8.txt", &*format!("invalid UTF-8 at byte {mid}").leak()));

    std::fs::write(dir.join("utf16_bom.txt"), utf16le(GOOD, true)).unwrap();
    expect.push(("utf16_bom.txt", "UTF-16 is not supported"));
    std::fs::write(dir.join("utf16_nobom.txt"), utf16le(GOOD, false)).unwrap();
    expect.push(("utf16_nobom.txt", "UTF-16LE (without a byte-order mark)"));

    let mut nul = GOOD.as_bytes().to_vec();
    nul.splice(mid..mid, [0u8; 4]);
    std::fs::write(dir.join("nul.txt"), &nul).unwrap();
    expect.push(("nul.txt", &*format!("NUL byte at byte {mid}").leak()));

    let deep = format!(
        "<html><body>{}<p>{}</p>{}</body></html>",
        "<div>".repeat(10_000),
        "وصل الوفد إلى العاصمة في زيارة رسمية.",
        "</div>".repeat(10_000)
    );
    std::fs::write(dir.join("deep.html"), deep).unwrap();
    expect.push(("deep.html", "the limit is 512"));
    // The same depth with every tag left open, in a feed item's content.
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>وكالة</title><item><title>خبر</title><description><![CDATA[{}وصل الوفد.]]></description></item></channel></rss>",
        "<span>".repeat(10_000)
    );
    std::fs::write(dir.join("deep.rss"), feed).unwrap();
    expect.push(("deep.rss:item 1", "the limit is 512"));

    // 256 MiB of zeros / of newlines, each about 250 KB compressed.
    write_gzip_bomb(&dir.join("bomb.txt.gz"), 0, 256 << 20);
    expect.push(("bomb.txt.gz", "gzip bomb"));
    write_gzip_bomb(&dir.join("bomb.jsonl.gz"), b'\n', 256 << 20);
    expect.push(("bomb.jsonl.gz", "gzip bomb"));

    // A 100 MB record, then a good one on the next line.
    let other = "استقبل الرئيس التركي رجب طيب أردوغان وزير الخارجية الروسي سيرغي لافروف في أنقرة يوم الاثنين، وتناول اللقاء إمدادات الطاقة.";
    let good_record =
        format!("{{\"id\":\"after-the-big-one\",\"date\":\"2025-05-12\",\"text\":{}}}\n", serde_json::to_string(other).unwrap());
    write_repeated(
        &dir.join("huge_record.jsonl"),
        b"{\"id\":\"big\",\"text\":\"",
        "وصل الوفد ".as_bytes(),
        100_000_000,
        format!("\"}}\n{good_record}").as_bytes(),
    );
    expect.push(("huge_record.jsonl:1", "skipped; the limit is 16 MiB"));

    // A directory symlink loop (bounded work: the directory is walked once, no error).
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("sub/back_up")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("self_loop")).unwrap();

    // A FIFO named like an article: opening it would block forever.
    let fifo = dir.join("pipe.txt");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: plain FFI with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo: {}", std::io::Error::last_os_error());
    expect.push(("pipe.txt", "not a regular file"));

    // An unreadable file. chmod 000 blocks reads except for root (tests often run as root), so a
    // file whose read fails for everyone is added too: a link to /proc/self/mem, whose first
    // page is never mapped (reading it is EIO).
    let locked = dir.join("locked.txt");
    std::fs::write(&locked, "date: 2025-05-12\n\nوقع الرئيس الجزائري عبد المجيد تبون والرئيس المالي عاصمي غويتا في الجزائر يوم الخميس اتفاقا بشأن أمن الحدود.\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root_reads = std::fs::read(&locked).is_ok();
    if root_reads {
        eprintln!(
            "note: running with privileges that ignore file modes (root?): chmod 000 does not block reads, so locked.txt is read; /proc/self/mem stands in as the unreadable file"
        );
    } else {
        expect.push(("locked.txt", "Permission denied"));
    }
    if Path::new("/proc/self/mem").exists() {
        std::os::unix::fs::symlink("/proc/self/mem", dir.join("unreadable.txt")).unwrap();
        expect.push(("unreadable.txt", "cannot read"));
    } else {
        eprintln!("note: no /proc/self/mem here: the EIO case is not exercised");
    }
    eprintln!("generated the hostile batch in {:.1} s", t.elapsed().as_secs_f64());
    expect
}

fn check_errors(stderr: &str, expect: &[(&str, &str)]) {
    for (name, what) in expect {
        error_about(stderr, name, what);
    }
}

#[test]
fn hostile_inputs_get_errors_and_the_rest_of_the_batch_is_coded() {
    let dir = scratch("batch");
    let expect = build_batch(&dir);
    let d = dir.display().to_string();

    let r = run(&["analyze", "--format", "json", &d]);
    eprintln!("rasd analyze over the hostile batch: exit {}, {:.1} s, peak RSS {} MB", r.code, r.secs, r.peak_rss >> 20);
    eprintln!("{}", r.stderr);
    assert_eq!(r.code, 1, "some inputs failed, so the exit code is 1:\n{}", r.stderr);
    check_errors(&r.stderr, &expect);
    let docs: Vec<serde_json::Value> = r.stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    let coded =
        |suffix: &str| docs.iter().filter(|v| v["document"]["path"].as_str().is_some_and(|p| p.ends_with(suffix))).collect::<Vec<_>>();
    let good = coded("good.txt");
    assert_eq!(
        good.len(),
        1,
        "the good article is read once, whatever the symlink loops: {:?}",
        docs.iter().map(|v| &v["document"]["path"]).collect::<Vec<_>>()
    );
    assert!(!good[0]["events"].as_array().unwrap().is_empty(), "the good article is coded");
    let after = coded("huge_record.jsonl:2");
    assert_eq!(after.len(), 1, "the record after the 100 MB one is read");
    assert!(!after[0]["events"].as_array().unwrap().is_empty(), "and coded");
    assert!(r.peak_rss < MEMORY_LIMIT_BYTES, "peak RSS {} MB is over the {} MB limit", r.peak_rss >> 20, MEMORY_LIMIT_BYTES >> 20);

    // The same batch into the database: the good articles are stored, every bad input is named.
    let db = dir.join("hostile.db");
    let r = run(&["ingest", "--quiet", "--db", &db.display().to_string(), &d]);
    eprintln!("rasd ingest over the hostile batch: exit {}, {:.1} s, peak RSS {} MB", r.code, r.secs, r.peak_rss >> 20);
    assert_eq!(r.code, 1, "{}", r.stderr);
    check_errors(&r.stderr, &expect);
    let store = rasd_store::Store::open(&db).unwrap();
    let n = store.counts().unwrap();
    let root_reads = expect.iter().all(|(n, _)| *n != "locked.txt");
    assert_eq!(
        n.documents,
        2 + usize::from(root_reads),
        "good.txt and huge_record.jsonl:2 (and locked.txt when it could be read) are stored: {n:?}"
    );
    assert!(n.events >= 2, "{n:?}");
    assert!(r.peak_rss < MEMORY_LIMIT_BYTES, "peak RSS {} MB is over the {} MB limit", r.peak_rss >> 20, MEMORY_LIMIT_BYTES >> 20);
    drop(store);
    let _ = std::fs::set_permissions(dir.join("locked.txt"), std::fs::Permissions::from_mode(0o600));
    std::fs::remove_dir_all(&dir).ok();
}

/// A document longer than the analysis limit is cut at a paragraph break, with a warning, and
/// its spans still index the text it keeps.
#[test]
fn an_overlong_article_is_cut_at_a_paragraph_break() {
    let dir = scratch("long");
    let para = "التقى الرئيس الروسي فلاديمير بوتين المشير خليفة حفتر في موسكو يوم الأحد، وبحث الجانبان التعاون العسكري.\n\n";
    let path = dir.join("long.txt");
    write_repeated(&path, b"date: 2025-05-12\n\n", para.as_bytes(), 3 << 20, b"");
    let r = run(&["analyze", "--format", "json", &path.display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    let warnings: Vec<&str> = v["document"]["warnings"].as_array().unwrap().iter().filter_map(|w| w.as_str()).collect();
    let w =
        warnings.iter().find(|w| w.contains("only its first")).unwrap_or_else(|| panic!("a warning says the text was cut: {warnings:?}"));
    assert!(w.contains(&format!("the limit is {} bytes", 2 << 20)), "{w}");
    let kept: usize = w.split("only its first ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(kept <= 2 << 20 && kept > 1 << 20, "{w}");
    // The cut falls after a whole paragraph: the kept text is header + whole paragraphs.
    assert_eq!((kept - "date: 2025-05-12\n\n".len()) % para.len(), 0, "cut at a paragraph break: {w}");
    assert!(!v["events"].as_array().unwrap().is_empty());
    std::fs::remove_dir_all(&dir).ok();
}
