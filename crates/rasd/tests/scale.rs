//! rasd beyond one machine: PostgreSQL and NATS JetStream started on loopback by the test, three
//! `rasd worker`s over 2,000 articles, one of them killed with SIGKILL mid-run — and the result
//! must equal a single-process SQLite ingest of the same articles (compared through
//! `Store::content_dump`, which names rows by content, not by id). The read API on PostgreSQL
//! must give the same answers as on SQLite, and merge rebuilds racing each other must leave the
//! same merged events.
//!
//! Needs PostgreSQL's server binaries (`/usr/lib/postgresql/*/bin`) and `nats-server` (Debian
//! packages `postgresql` and `nats-server`; `.ci/run` installs them). Without them the test prints
//! what it skipped and passes. As root, PostgreSQL runs as the `postgres` user (through setpriv).
//!
//! The articles: the 2,000-article corpus sample in `../shared` when present, else 2,000
//! generated from sentences written for this test (with repeated and syndicated copies).
//!
//! `cargo test --release -p rasd --test scale -- --ignored --nocapture throughput` measures
//! articles/s with 1, 2 and 4 workers and the queue path's cost per article (README figures).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RASD: &str = env!("CARGO_BIN_EXE_rasd");

// ---------------------------------------------------------------------------------------------
// Services

struct Services {
    dir: PathBuf,
    pg: Child,
    nats: Child,
    pg_port: u16,
    nats_url: String,
}

impl Drop for Services {
    fn drop(&mut self) {
        let _ = self.pg.kill();
        let _ = self.nats.kill();
        let _ = self.pg.wait();
        let _ = self.nats.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn pg_bin() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    dirs.sort();
    dirs.pop()
}

fn which(cmd: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| std::env::split_paths(&p).map(|d| d.join(cmd)).find(|p| p.is_file()))
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// A command run as the `postgres` user when we are root (PostgreSQL refuses to run as root).
fn pg_command(bin: &Path, root: bool) -> Command {
    if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=postgres", "--regid=postgres", "--init-groups", "--"]).arg(bin);
        c
    } else {
        Command::new(bin)
    }
}

fn wait_for_port(port: u16, what: &str, child: &mut Child) -> Result<(), String> {
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(30) {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        if let Ok(Some(st)) = child.try_wait() {
            return Err(format!("{what} exited at start-up ({st})"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("{what} did not listen on port {port} within 30 s"))
}

/// Starts PostgreSQL and nats-server, or says why not.
fn start() -> Result<Services, String> {
    let bin = pg_bin().ok_or("PostgreSQL's server binaries are not installed (/usr/lib/postgresql/*/bin; Debian package postgresql)")?;
    let nats_bin = which("nats-server").ok_or("nats-server is not installed (Debian package nats-server)")?;
    let root = is_root();
    if root && Command::new("id").arg("postgres").output().map(|o| !o.status.success()).unwrap_or(true) {
        return Err("running as root and there is no postgres user to run PostgreSQL as".into());
    }
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let dir = std::env::temp_dir().join(format!("rasd-scale-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(dir.join("pg")).unwrap();
    std::fs::create_dir_all(dir.join("nats")).unwrap();
    std::fs::create_dir_all(dir.join("sock")).unwrap();
    if root {
        let st = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir.join("pg"))
            .arg(dir.join("sock"))
            .status()
            .map_err(|e| e.to_string())?;
        if !st.success() {
            return Err("cannot chown the PostgreSQL data directory to postgres".into());
        }
        // The postgres user must be able to reach the directories.
        let _ = Command::new("chmod").args(["755"]).arg(&dir).status();
    }
    let out = pg_command(&bin.join("initdb"), root)
        .args(["-D"])
        .arg(dir.join("pg/data"))
        .args(["-U", "rasd", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        .output()
        .map_err(|e| format!("initdb: {e}"))?;
    if !out.status.success() {
        return Err(format!("initdb failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let pg_port = free_port();
    let mut pg = pg_command(&bin.join("postgres"), root)
        .arg("-D")
        .arg(dir.join("pg/data"))
        .args(["-p", &pg_port.to_string(), "-k"])
        .arg(dir.join("sock"))
        .args([
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=60",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::from(std::fs::File::create(dir.join("postgres.log")).unwrap()))
        .spawn()
        .map_err(|e| format!("starting postgres: {e}"))?;
    let nats_port = free_port();
    let mut nats = Command::new(nats_bin)
        .args(["-js", "-a", "127.0.0.1", "-p", &nats_port.to_string(), "-sd"])
        .arg(dir.join("nats"))
        .stdout(Stdio::null())
        .stderr(Stdio::from(std::fs::File::create(dir.join("nats.log")).unwrap()))
        .spawn()
        .map_err(|e| format!("starting nats-server: {e}"))?;
    let services_ok = wait_for_port(pg_port, "postgres", &mut pg).and_then(|_| wait_for_port(nats_port, "nats-server", &mut nats));
    let s = Services { dir, pg, nats, pg_port, nats_url: format!("nats://127.0.0.1:{nats_port}") };
    services_ok?;
    // PostgreSQL accepts TCP connections a little before it accepts logins.
    let t = Instant::now();
    loop {
        match postgres::Client::connect(&s.url("postgres"), postgres::NoTls) {
            Ok(_) => break,
            Err(e) if t.elapsed() > Duration::from_secs(30) => return Err(format!("cannot log in to the test PostgreSQL: {e}")),
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    }
    Ok(s)
}

impl Services {
    fn url(&self, db: &str) -> String {
        format!("postgres://rasd@127.0.0.1:{}/{db}", self.pg_port)
    }

    /// A new, empty database.
    fn database(&self, name: &str) -> String {
        let mut c = postgres::Client::connect(&self.url("postgres"), postgres::NoTls).unwrap();
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        self.url(name)
    }

    /// CPU seconds used so far by the PostgreSQL server (with its finished backends) and NATS.
    fn cpu(&self) -> (f64, f64) {
        (proc_cpu(self.pg.id(), true), proc_cpu(self.nats.id(), false))
    }
}

/// utime + stime (and, with `children`, the waited-for children's) of a process, in seconds.
fn proc_cpu(pid: u32, children: bool) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return 0.0 };
    let f: Vec<f64> = stat.rsplit_once(')').map(|x| x.1).unwrap_or("").split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    let get = |i: usize| f.get(i).copied().unwrap_or(0.0);
    let mut t = get(11) + get(12);
    if children {
        t += get(13) + get(14);
        // Live backends too.
        if let Ok(rd) = std::fs::read_dir("/proc") {
            for e in rd.flatten() {
                let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
                if let Ok(st) = std::fs::read_to_string(format!("/proc/{p}/stat")) {
                    let g: Vec<&str> = st.rsplit_once(')').map(|x| x.1).unwrap_or("").split_whitespace().collect();
                    if g.get(1).and_then(|x| x.parse::<u32>().ok()) == Some(pid) {
                        t += g.get(11).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0)
                            + g.get(12).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
                    }
                }
            }
        }
    }
    t / 100.0
}

/// CPU seconds of this process's waited-for children.
fn children_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let f: Vec<f64> = stat.rsplit_once(')').map(|x| x.1).unwrap_or("").split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    (f.get(13).copied().unwrap_or(0.0) + f.get(14).copied().unwrap_or(0.0)) / 100.0
}

// ---------------------------------------------------------------------------------------------
// Articles

const LEADERS: [&str; 8] = [
    "وزير الخارجية المصري سامح شكري",
    "الرئيس التونسي قيس سعيد",
    "رئيس الوزراء العراقي محمد شياع السوداني",
    "الملك عبد الله الثاني",
    "وزير الخارجية التركي هاكان فيدان",
    "الرئيس الفرنسي إيمانويل ماكرون",
    "الرئيس الجزائري عبد المجيد تبون",
    "وزير الخارجية السعودي فيصل بن فرحان",
];
const PLACES: [&str; 8] = ["عمان", "بغداد", "تونس", "باريس", "القاهرة", "الجزائر", "الرياض", "أنقرة"];
const WEEKDAYS: [&str; 5] = ["السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء"];
const SUBJECTS: [&str; 8] =
    ["ملف المياه", "التبادل التجاري", "مكافحة الإرهاب", "عودة اللاجئين", "أمن الحدود", "إعادة الإعمار", "أسعار الطاقة", "الهجرة غير النظامية"];
const FIELDS: [&str; 6] = ["الطاقة المتجددة", "التعليم العالي", "النقل البحري", "الصحة", "الزراعة", "الاستثمار"];
const GRIEVANCES: [&str; 5] = ["ارتفاع الأسعار", "انقطاع الكهرباء", "البطالة", "تأخر صرف الرواتب", "غلاء الإيجارات"];
const CROWDS: [&str; 4] = ["مئات الطلاب", "آلاف العمال", "عشرات المعلمين", "مئات المزارعين"];
const TARGETS: [&str; 4] = ["دورية للشرطة", "نقطة تفتيش عسكرية", "حافلة تقل عمالا", "مقرا حكوميا"];
const OPENERS: [&str; 6] = ["وقال مراقبون", "ويرى محللون", "وأفادت مصادر مطلعة", "وذكرت تقارير صحفية", "ويعتقد دبلوماسيون", "وأوضح خبراء"];
const CLAIMS: [&str; 6] = [
    "أن الملف سيبقى في صدارة الاهتمام خلال الأشهر المقبلة",
    "أن الخلافات القديمة ما زالت تلقي بظلالها على المشهد",
    "أن الأزمة الاقتصادية تدفع الحكومات إلى البحث عن شركاء جدد",
    "أن الرأي العام يتابع هذه التطورات بقلق متزايد",
    "أن المنطقة تمر بمرحلة دقيقة تتطلب الحذر",
    "أن نتائج هذه الخطوات لن تظهر قبل نهاية العام",
];
const PAPERS: [&str; 5] = ["وكالة الرافدين", "صحيفة الضفة", "قناة المدينة", "موقع النيل اليوم", "إذاعة قرطاج"];

/// A small deterministic generator (xorshift), one stream per article.
struct Pick(u64);

impl Pick {
    fn new(k: usize) -> Pick {
        Pick((k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
    fn of<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.next(list.len())]
    }
}

/// Article `k`'s body, written from the sentences above: two or three reports (meetings, calls,
/// visits, agreements, protests, attacks, condemnations) among comment sentences, with the actors,
/// places, subjects and order drawn per article, so that articles share stock phrases but are no
/// near-duplicates of each other. With `second`, the meeting is told the other way round (the
/// host received the guest), as a second outlet reports the same event.
fn article_body(k: usize, second: bool) -> String {
    let mut r = Pick::new(k);
    let a = r.of(&LEADERS);
    let mut b = r.of(&LEADERS);
    while b == a {
        b = r.of(&LEADERS);
    }
    let (city, day, topic) = (r.of(&PLACES), r.of(&WEEKDAYS), r.of(&SUBJECTS));
    let lead = if second {
        format!("استقبل {b} في {city} يوم {day} {a}، وتناول اللقاء {topic} والتطورات في المنطقة.")
    } else {
        match r.next(4) {
            0 => format!("اجتمع {a} مع {b} في {city} يوم {day}، وبحث المسؤولان {topic} وسبل تطوير العلاقات."),
            1 => format!("وصل {a} إلى {city} يوم {day} في زيارة رسمية يلتقي خلالها {b} لبحث {topic}."),
            2 => format!("وقع {a} و{b} في {city} يوم {day} اتفاقية للتعاون في مجال {}.", r.of(&FIELDS)),
            _ => format!("أجرى {a} اتصالا هاتفيا مع {b} يوم {day} تناول {topic}."),
        }
    };
    let mut paras = vec![lead];
    // The second outlet writes the rest of its report itself.
    let mut r = if second { Pick::new(k + 1_000_003) } else { r };
    for _ in 0..1 + r.next(2) {
        let (c2, d2) = (r.of(&PLACES), r.of(&WEEKDAYS));
        paras.push(match r.next(4) {
            0 => format!("وفي {c2}، تظاهر {} يوم {d2} احتجاجا على {}، مطالبين الحكومة بالتدخل.", r.of(&CROWDS), r.of(&GRIEVANCES)),
            1 => format!("وعلى صعيد آخر، قتل شرطيان في هجوم استهدف {} قرب {c2} يوم {d2}، بحسب مصادر أمنية.", r.of(&TARGETS)),
            2 => format!("وأدان {} الهجوم الذي استهدف {} في {c2}، ودعا إلى محاسبة المسؤولين عنه.", r.of(&LEADERS), r.of(&TARGETS)),
            _ => format!("{} {}.", r.of(&OPENERS), r.of(&CLAIMS)),
        });
    }
    paras.push(format!("{} {}.", r.of(&OPENERS), r.of(&CLAIMS)));
    let n = paras.len();
    paras[1..n].rotate_left(r.next(n - 1));
    paras.join("\n")
}

/// `n` JSON Lines articles (see [`article_body`]) across outlets and days. Every 7th tells the meeting of
/// the article three before it from another outlet (merged into one event with it), every 9th
/// repeats an earlier article word for word (skipped by hash), every 11th is a syndicated copy
/// of an earlier one under another outlet with one sentence added (linked as a near-duplicate),
/// and one line is not JSON.
fn generate(n: usize, path: &Path) {
    let mut out = String::new();
    let date = |k: usize| format!("2024-{:02}-{:02}", 1 + (k / 27) % 12, 1 + k % 27);
    for i in 0..n {
        let (text, k, outlet) = if i % 9 == 8 {
            (article_body(i - 4, false), i - 4, PAPERS[(i - 4) % 5])
        } else if i % 11 == 10 {
            (format!("{}\nوتابعت وسائل الإعلام المحلية الحدث باهتمام كبير.", article_body(i - 6, false)), i - 6, PAPERS[(i + 2) % 5])
        } else if i % 7 == 6 {
            (article_body(i - 3, true), i - 3, PAPERS[(i + 1) % 5])
        } else {
            (article_body(i, false), i, PAPERS[i % 5])
        };
        let title = format!("{} — تقرير {}", PLACES[k % 8], if i % 9 == 8 { k } else { i });
        let rec = serde_json::json!({"id": format!("art-{i}"), "source": outlet, "date": date(k), "title": title, "text": text});
        out.push_str(&rec.to_string());
        out.push('\n');
        if i == n / 3 {
            out.push_str("{\"id\": \"art-broken\", \"text\": \n");
        }
    }
    std::fs::write(path, out).unwrap();
}

/// How many articles the test runs over: `RASD_SCALE_ARTICLES`, else 2,000 in an optimised
/// build and 300 in the dev profile (where analysis is some twenty times slower; CI runs the dev
/// profile on 2 cores). The acceptance run: `RASD_SCALE_ARTICLES=2000 cargo test -p rasd --test scale`.
fn article_count() -> usize {
    match std::env::var("RASD_SCALE_ARTICLES") {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("RASD_SCALE_ARTICLES={v:?} is not a number")),
        Err(_) if cfg!(debug_assertions) => 300,
        Err(_) => 2000,
    }
}

/// The first `n` lines of the corpus sample if present (and `RASD_SCALE_GENERATED` unset), else
/// `n` generated articles; and a label for messages.
fn articles(dir: &Path) -> (PathBuf, String) {
    let n = article_count();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/ant-multisource/ant_politics_sample2000.jsonl");
    // RASD_SCALE_GENERATED=1: the generated articles even when the corpus is there.
    if let Some(text) = std::env::var_os("RASD_SCALE_GENERATED").is_none().then(|| std::fs::read_to_string(&corpus).ok()).flatten() {
        let p = dir.join("corpus.jsonl");
        let lines: Vec<&str> = text.lines().take(n).collect();
        std::fs::write(&p, lines.join("\n") + "\n").unwrap();
        return (p, format!("the first {} articles of the corpus sample {}", lines.len(), corpus.display()));
    }
    eprintln!("note: {} is absent; using {n} generated articles", corpus.display());
    let p = dir.join("generated.jsonl");
    generate(n, &p);
    (p, format!("{n} generated articles"))
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn content_dump(db: &str) -> String {
    let s = rasd_store::Store::open_url(db).unwrap();
    let mut out = Vec::new();
    s.content_dump(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Fails with the first lines where two dumps differ.
fn assert_same(a: &str, b: &str, what: &str) {
    if a == b {
        return;
    }
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let heads = |l: &[&str]| l.iter().filter(|x| x.starts_with("## ")).map(|x| x.to_string()).collect::<Vec<_>>().join("\n");
    let i = la.iter().zip(&lb).position(|(x, y)| x != y).unwrap_or(la.len().min(lb.len()));
    let cut = |s: &str| s.chars().take(300).collect::<String>();
    panic!(
        "{what}: the databases differ.\nSQLite sections:\n{}\nPostgreSQL sections:\n{}\nfirst difference at line {i}:\n  sqlite: {}\n  postgres: {}",
        heads(&la),
        heads(&lb),
        cut(la.get(i).unwrap_or(&"<end>")),
        cut(lb.get(i).unwrap_or(&"<end>"))
    );
}

fn rasd(args: &[&str]) -> std::process::Output {
    Command::new(RASD).args(args).output().unwrap()
}

/// [`http_get`] that gives `None` on any network error (a listener not up yet).
fn try_http_get(addr: &str, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes()).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

fn http_get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

/// The body of an HTTP response (after the head).
fn body(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or("", |x| x.1)
}

/// Parses the Prometheus text exposition format (0.0.4) strictly enough to catch a malformed
/// exposition: every sample's metric declared by a `# TYPE` line (counter or gauge) before it,
/// `# HELP` and `# TYPE` at most once a metric, names and label names `[a-zA-Z_][a-zA-Z0-9_]*`,
/// label values quoted with `\\`, `\"` and `\n` the only escapes, values floats, no series twice.
/// Returns `name{labels}` → value.
fn parse_prometheus(text: &str) -> std::collections::BTreeMap<String, f64> {
    use std::collections::{BTreeMap, BTreeSet};
    let ident = |s: &str| {
        !s.is_empty()
            && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut helps: BTreeSet<String> = BTreeSet::new();
    let mut out = BTreeMap::new();
    assert!(text.ends_with('\n'), "the exposition must end with a newline");
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            let mut p = rest.splitn(3, ' ');
            let (kw, name, tail) = (p.next().unwrap_or(""), p.next().unwrap_or(""), p.next().unwrap_or(""));
            match kw {
                "HELP" => assert!(ident(name) && helps.insert(name.to_string()) && !tail.is_empty(), "bad or repeated HELP: {line}"),
                "TYPE" => {
                    assert!(ident(name) && matches!(tail, "counter" | "gauge"), "bad TYPE: {line}");
                    assert!(types.insert(name.to_string(), tail.to_string()).is_none(), "TYPE twice: {line}");
                }
                _ => {}
            }
            continue;
        }
        assert!(!line.trim().is_empty(), "an empty line in the exposition");
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value: {line}"));
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            v => v.parse().unwrap_or_else(|_| panic!("not a float: {line}")),
        };
        let name = series.split('{').next().unwrap();
        assert!(ident(name), "bad metric name: {line}");
        assert!(types.contains_key(name), "sample before its TYPE: {line}");
        if types[name] == "counter" {
            assert!(value >= 0.0, "a negative counter: {line}");
        }
        if let Some(labels) = series.strip_prefix(name).filter(|l| !l.is_empty()) {
            let inner = labels.strip_prefix('{').and_then(|l| l.strip_suffix('}')).unwrap_or_else(|| panic!("bad label set: {line}"));
            let mut rest = inner;
            while !rest.is_empty() {
                let (lname, after) = rest.split_once("=\"").unwrap_or_else(|| panic!("bad label: {line}"));
                assert!(ident(lname), "bad label name {lname:?}: {line}");
                let mut chars = after.char_indices();
                let end = loop {
                    match chars.next() {
                        Some((_, '\\')) => assert!(matches!(chars.next(), Some((_, '\\' | '"' | 'n'))), "bad escape: {line}"),
                        Some((i, '"')) => break i,
                        Some(_) => {}
                        None => panic!("unterminated label value: {line}"),
                    }
                };
                rest = &after[end + 1..];
                rest = rest.strip_prefix(',').unwrap_or(rest);
            }
        }
        assert!(out.insert(series.to_string(), value).is_none(), "series twice: {line}");
    }
    out
}

struct Worker {
    child: Child,
    log: PathBuf,
}

fn spawn_worker(s: &Services, db: &str, stream: &str, log: PathBuf, extra: &[&str]) -> Worker {
    let mut c = Command::new(RASD);
    c.args(["worker", "--queue", &s.nats_url, "--stream", stream, "--subject", &format!("{}.articles", stream.to_lowercase()), "--db", db]);
    c.args(extra);
    c.stdout(Stdio::null()).stderr(Stdio::from(std::fs::File::create(&log).unwrap()));
    Worker { child: c.spawn().unwrap(), log }
}

fn submit(s: &Services, input: &Path, stream: &str) -> std::process::Output {
    Command::new(RASD)
        .args(["submit", "--queue", &s.nats_url, "--stream", stream, "--subject", &format!("{}.articles", stream.to_lowercase())])
        .arg(input)
        .output()
        .unwrap()
}

fn wait_all(ws: &mut [&mut Worker], limit: Duration) {
    let t = Instant::now();
    for w in ws.iter_mut() {
        loop {
            if let Some(st) = w.child.try_wait().unwrap() {
                let log = std::fs::read_to_string(&w.log).unwrap_or_default();
                assert!(st.code().is_some(), "a worker died: {st}\n{log}");
                break;
            }
            if t.elapsed() > limit {
                let _ = w.child.kill();
                panic!("a worker did not finish within {limit:?}:\n{}", std::fs::read_to_string(&w.log).unwrap_or_default());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// A number printed before `label` on the worker's closing line.
fn summary_number(log: &str, label: &str) -> f64 {
    let line = log.lines().rev().find(|l| l.contains("worker done")).unwrap_or_else(|| panic!("no closing line in:\n{log}"));
    let at = line.find(label).unwrap_or_else(|| panic!("no {label:?} in {line}"));
    line[..at].split_whitespace().last().and_then(|x| x.parse().ok()).unwrap_or_else(|| panic!("no number before {label:?} in {line}"))
}

fn random_fraction() -> f64 {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    let x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (n >> 29);
    (x % 10_000) as f64 / 10_000.0
}

// ---------------------------------------------------------------------------------------------
// The test

#[test]
fn three_workers_one_killed_equal_a_single_sqlite_ingest() {
    let s = match start() {
        Ok(s) => s,
        Err(why) => {
            rasd_core::skip_unless_ci(&format!("three_workers_one_killed_equal_a_single_sqlite_ingest: {why}"));
            return;
        }
    };
    concurrent_opens_migrate_once(&s);
    let (input, label) = articles(&s.dir);
    let input_s = input.to_str().unwrap();

    // The reference: one process, SQLite.
    let reference = s.dir.join("reference.db");
    let ref_s = reference.to_str().unwrap().to_string();
    let t = Instant::now();
    let out = rasd(&["ingest", "--quiet", "--db", &ref_s, input_s]);
    let ingest_log = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.code().is_some_and(|c| c <= 1), "ingest failed: {ingest_log}");
    eprintln!(
        "reference SQLite ingest of {label}: {:.1} s; {}",
        t.elapsed().as_secs_f64(),
        ingest_log.lines().find(|l| l.contains("articles stored")).unwrap_or("")
    );

    // The queue path: submit, then three workers; one is killed once a tenth is stored.
    let db = s.database("rasd_kill");
    let out = submit(&s, &input, "KILL");
    let submit_log = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.code().is_some_and(|c| c <= 1), "submit failed: {submit_log}");
    eprintln!("{}", submit_log.trim());
    let expected_docs = rasd_store::Store::open(&reference).unwrap().counts().unwrap().documents;
    let metrics_port = free_port();
    let metrics_addr = format!("127.0.0.1:{metrics_port}");
    let common = ["--batch", "16", "--ack-wait", "3", "--threads", "1", "--merge-every", "1", "--wait-ms", "200", "--exit-when-idle"];
    let mut w0 = spawn_worker(&s, &db, "KILL", s.dir.join("w0.log"), &[&common[..], &["--metrics", &metrics_addr]].concat());
    let w1_metrics = format!("127.0.0.1:{}", free_port());
    let mut w1 = spawn_worker(&s, &db, "KILL", s.dir.join("w1.log"), &[&common[..], &["--metrics", &w1_metrics]].concat());
    let mut w2 = spawn_worker(&s, &db, "KILL", s.dir.join("w2.log"), &common);
    let stored = || rasd_store::Store::open_url(&db).map(|st| st.counts().unwrap().documents).unwrap_or(0);
    let t = Instant::now();
    // Worker 1 is killed once a tenth of the articles is stored and it has committed a batch of
    // its own (so it is working through the next one), a random moment up to 50 ms later.
    let w1_stored = || {
        try_http_get(&w1_metrics, "/metrics")
            .and_then(|m| parse_prometheus(body(&m)).get("rasd_worker_articles_total{outcome=\"stored\"}").copied())
            .unwrap_or(0.0)
    };
    while stored() < expected_docs / 10 || w1_stored() < 1.0 {
        assert!(
            t.elapsed() < Duration::from_secs(600),
            "the workers stored nothing in 10 minutes:\n{}",
            std::fs::read_to_string(&w0.log).unwrap_or_default()
        );
        assert!(w1.child.try_wait().unwrap().is_none(), "worker 1 exited early:\n{}", std::fs::read_to_string(&w1.log).unwrap_or_default());
        std::thread::sleep(Duration::from_millis(20));
    }
    let delay = random_fraction() * 0.05;
    std::thread::sleep(Duration::from_secs_f64(delay));
    let at_kill = stored();
    w1.child.kill().unwrap(); // SIGKILL
    let st = w1.child.wait().unwrap();
    eprintln!(
        "worker 1 killed ({st}) {delay:.3} s after a tenth was stored and it had committed a batch, with {at_kill} of {expected_docs} documents stored"
    );
    assert!(at_kill < expected_docs, "the kill came after the end of the run");

    // Metrics while the run goes on.
    let m = http_get(&metrics_addr, "/metrics");
    assert!(m.starts_with("HTTP/1.1 200 OK"), "{m}");
    assert!(m.contains("Content-Type: text/plain; version=0.0.4"), "{m}");
    let worker_metrics = parse_prometheus(body(&m));
    for series in [
        "rasd_worker_articles_total{outcome=\"stored\"}",
        "rasd_worker_articles_total{outcome=\"skipped\"}",
        "rasd_queue_pending",
        "rasd_queue_ack_pending",
        "rasd_worker_articles_per_second",
        "rasd_worker_errors_total{kind=\"database\"}",
    ] {
        assert!(worker_metrics.contains_key(series), "{series} missing from the metrics:\n{m}");
    }
    // (That the stored counter moves is what the wait for worker 1's kill above relies on.)
    assert_eq!(worker_metrics["rasd_worker_errors_total{kind=\"database\"}"], 0.0, "{m}");

    wait_all(&mut [&mut w0, &mut w2], Duration::from_secs(900));
    let logs: Vec<String> = [&w0, &w2].iter().map(|w| std::fs::read_to_string(&w.log).unwrap()).collect();
    for l in &logs {
        eprintln!("{}", l.lines().last().unwrap_or(""));
    }
    let redelivered: f64 = logs.iter().map(|l| summary_number(l, "redelivered")).sum();
    let merges: f64 = logs.iter().map(|l| summary_number(l, "merges")).sum();
    eprintln!("{redelivered} messages of the killed worker delivered again; {merges} merge rebuilds by the surviving workers");
    assert!(redelivered > 0.0, "no message was delivered again: the killed worker held none (killed between batches?)");

    // Same documents, events and merged events as the single SQLite ingest.
    let sqlite_dump = content_dump(&ref_s);
    let pg_dump = content_dump(&db);
    assert_same(&sqlite_dump, &pg_dump, "3 workers (one killed) vs one SQLite ingest");
    let pg = rasd_store::Store::open_url(&db).unwrap();
    let c = pg.counts().unwrap();
    assert_eq!(c.documents, expected_docs);
    assert!(c.events > 0 && c.merged_events > 0 && c.merged_events <= c.events, "{c:?}");
    assert!(!pg.merged_is_stale().unwrap(), "the workers left the merged events stale");

    // The read API on PostgreSQL answers as on SQLite.
    for q in [
        vec!["events", "--format", "json", "--limit", "40"],
        vec!["events", "--format", "json", "--type", "CONSULT", "--limit", "40"],
        vec!["events", "--format", "csv", "--from", "2024-03-01", "--to", "2024-06-30"],
        vec!["events", "--format", "json", "--near", "31.95,35.93,300"],
        vec!["events", "--format", "json", "--text", "الطلاب"],
        vec!["actors", "--top", "15"],
        vec!["export", "--format", "csv"],
        vec!["export", "--format", "graphml"],
        vec!["export", "--format", "polecat"],
    ] {
        let run = |d: &str| {
            let mut a = q.clone();
            a.extend(["--db", d]);
            let o = rasd(&a);
            assert!(o.status.success(), "rasd {}: {}", a.join(" "), String::from_utf8_lossy(&o.stderr));
            String::from_utf8(o.stdout).unwrap()
        };
        let (x, y) = (run(&ref_s), run(&db));
        assert!(!x.trim().is_empty(), "rasd {} printed nothing", q.join(" "));
        assert_eq!(x, y, "rasd {} differs between SQLite and PostgreSQL", q.join(" "));
    }
    serve_over_postgres_answers_as_over_sqlite(&ref_s, &db, c.merged_events);

    // The query time limit on PostgreSQL is statement_timeout: a query that takes 20 ms or more
    // unbounded is interrupted under a 1 ms bound, and the error says it was a timeout.
    let mut reader = rasd_store::Store::open_reader_url(&db).unwrap();
    let t = Instant::now();
    let full = reader.graph(&rasd_store::EventFilter::default()).unwrap();
    let unbounded = t.elapsed();
    reader.set_query_time_limit(Some(Duration::from_millis(1))).unwrap();
    let bounded = reader.graph(&rasd_store::EventFilter::default());
    if unbounded >= Duration::from_millis(20) {
        let err = bounded.expect_err("a 1 ms statement_timeout did not stop the graph query");
        assert!(err.is_timeout(), "{err:#}");
    } else {
        eprintln!("note: the graph query took {unbounded:?} unbounded, too fast to test the 1 ms bound");
    }
    reader.set_query_time_limit(None).unwrap();
    assert_eq!(
        reader.graph(&rasd_store::EventFilter::default()).unwrap().edges.len(),
        full.edges.len(),
        "the reader is usable after a timeout"
    );

    let (total_sqlite, _) = rasd_store::Store::open(&reference).unwrap().search("الحكومة", rasd_store::Page::default()).unwrap();
    let (total_pg, hits) = pg.search("الحكومة", rasd_store::Page::default()).unwrap();
    assert_eq!(total_sqlite, total_pg, "full-text search finds other documents on PostgreSQL");
    assert!(hits.iter().all(|h| !h.snippet_parts[1].is_empty()), "a hit without its word marked");

    // Rebuilds racing each other (and the SQL they run) leave exactly the same merged events.
    let racers: Vec<_> = (0..4)
        .map(|i| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut st = rasd_store::Store::open_url(&db).unwrap();
                for _ in 0..2 {
                    if i % 2 == 0 {
                        st.rebuild_merged().unwrap();
                    } else {
                        let _ = st.try_rebuild_merged().unwrap();
                    }
                }
            })
        })
        .collect();
    for r in racers {
        r.join().unwrap();
    }
    assert_same(&sqlite_dump, &content_dump(&db), "after racing merge rebuilds");

    // Running the same submission again changes nothing: every article is skipped by hash.
    let out = submit(&s, &input, "KILL");
    assert!(out.status.code().is_some_and(|c| c <= 1));
    let mut again = spawn_worker(&s, &db, "KILL", s.dir.join("again.log"), &common);
    wait_all(&mut [&mut again], Duration::from_secs(600));
    let log = std::fs::read_to_string(&again.log).unwrap();
    assert_eq!(summary_number(&log, "articles stored"), 0.0, "{log}");
    assert_same(&sqlite_dump, &content_dump(&db), "after submitting everything again");
}

/// Workers starting together on a new PostgreSQL database: one migrates, the others wait for
/// it (an advisory lock taken before anything is created) instead of failing.
fn concurrent_opens_migrate_once(s: &Services) {
    for round in 0..4 {
        let db = s.database(&format!("opens{round}"));
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
        let hs: Vec<_> = (0..4)
            .map(|_| {
                let (db, barrier) = (db.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    rasd_store::Store::open_url(&db)
                        .and_then(|st| st.schema_version())
                        .map_err(|e| format!("{e:#}: {:?}", std::error::Error::source(&e).map(|x| x.to_string())))
                })
            })
            .collect();
        for h in hs {
            assert_eq!(h.join().unwrap(), Ok(rasd_store::schema::SCHEMA_VERSION), "round {round}");
        }
        // A reader refuses writes.
        let mut r = rasd_store::Store::open_reader_url(&db).unwrap();
        let err = r.rebuild_merged().expect_err("a read-only session refused the rebuild");
        assert_eq!(err.sqlstate().as_deref(), Some("25006"), "{err:#}");
    }
    let missing = rasd_store::Store::open_reader_url(&s.database("never_migrated")).err().expect("a reader does not migrate");
    assert!(missing.to_string().contains("schema version 0"), "{missing}");
}

/// A `rasd serve` on a free loopback port; waits until it answers.
fn spawn_serve(db: &str, log: PathBuf) -> (Child, String) {
    let addr = format!("127.0.0.1:{}", free_port());
    let mut child = Command::new(RASD)
        .args(["serve", "--db", db, "--addr", &addr])
        .stdout(Stdio::null())
        .stderr(Stdio::from(std::fs::File::create(&log).unwrap()))
        .spawn()
        .unwrap();
    let port = addr.rsplit_once(':').unwrap().1.parse().unwrap();
    if let Err(e) = wait_for_port(port, "rasd serve", &mut child) {
        panic!("{e}:\n{}", std::fs::read_to_string(&log).unwrap_or_default());
    }
    (child, addr)
}

/// `rasd serve --db postgres://…` gives the API answers `rasd serve` gives over the SQLite
/// reference, and its `/metrics` parse and count what was asked.
fn serve_over_postgres_answers_as_over_sqlite(sqlite: &str, pg: &str, merged_events: usize) {
    let dir = Path::new(sqlite).parent().unwrap();
    let (mut a, addr_sqlite) = spawn_serve(sqlite, dir.join("serve-sqlite.log"));
    let (mut b, addr_pg) = spawn_serve(pg, dir.join("serve-pg.log"));
    let queries = [
        "/api/events?limit=50",
        "/api/events?type=CONSULT&limit=20&offset=5",
        "/api/timeline?bucket=month",
        "/api/timeline?bucket=week",
        "/api/places",
        "/api/actors?top=10",
        "/api/graph",
    ];
    for q in queries {
        let (x, y) = (http_get(&addr_sqlite, q), http_get(&addr_pg, q));
        assert!(x.starts_with("HTTP/1.1 200"), "GET {q} over SQLite: {x}");
        assert!(y.starts_with("HTTP/1.1 200"), "GET {q} over PostgreSQL: {y}");
        assert_eq!(body(&x), body(&y), "GET {q} differs between SQLite and PostgreSQL");
    }
    let events: serde_json::Value = serde_json::from_str(body(&http_get(&addr_pg, "/api/events?limit=1"))).unwrap();
    assert_eq!(events["total"].as_u64(), Some(merged_events as u64), "{events}");
    let missing = http_get(&addr_pg, "/api/events/999999999");
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    let m = http_get(&addr_pg, "/metrics");
    assert!(m.starts_with("HTTP/1.1 200") && m.to_ascii_lowercase().contains("content-type: text/plain; version=0.0.4"), "{m}");
    let metrics = parse_prometheus(body(&m));
    assert_eq!(metrics.get("rasd_store_merged_events"), Some(&(merged_events as f64)), "{m}");
    assert_eq!(metrics.get("rasd_store_merged_stale"), Some(&0.0), "{m}");
    // Every API request above was answered (the /metrics request itself is counted after it).
    assert_eq!(metrics.get("rasd_serve_requests_total{status=\"2xx\"}"), Some(&(queries.len() as f64 + 1.0)), "{m}");
    assert_eq!(metrics.get("rasd_serve_requests_total{status=\"4xx\"}"), Some(&1.0), "{m}");
    assert_eq!(metrics.get("rasd_serve_errors_total{kind=\"internal\"}"), Some(&0.0), "{m}");
    eprintln!(
        "rasd serve over PostgreSQL: {} API answers equal to SQLite's, {merged_events} merged events, /metrics parsed ({} series)",
        queries.len(),
        metrics.len()
    );
    for c in [&mut a, &mut b] {
        let _ = c.kill();
        let _ = c.wait();
    }
}

// ---------------------------------------------------------------------------------------------
// The benchmark (ignored: run it by name, in release)

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// Runs a command to its end; returns (wall seconds, CPU seconds of the child).
fn timed(c: &mut Command) -> (f64, f64) {
    let (t, cpu) = (Instant::now(), children_cpu());
    let out = c.stdout(Stdio::null()).stderr(Stdio::piped()).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{:?} failed: {}", c, String::from_utf8_lossy(&out.stderr));
    (t.elapsed().as_secs_f64(), children_cpu() - cpu)
}

#[test]
#[ignore = "a benchmark: cargo test --release -p rasd --test scale -- --ignored --nocapture throughput"]
fn throughput() {
    let s = match start() {
        Ok(s) => s,
        Err(why) => {
            eprintln!("SKIPPED throughput: {why}");
            return;
        }
    };
    let (input, label) = articles(&s.dir);
    eprintln!("throughput over {label}; load average before: {}", load_average());
    let mut rows: Vec<String> = Vec::new();
    let mut docs = 0usize;
    // The embedded path: one process.
    for threads in [1, 2] {
        let db = s.dir.join(format!("ingest{threads}.db"));
        let (wall, cpu) =
            timed(Command::new(RASD).args(["ingest", "--quiet", "--threads", &threads.to_string(), "--db"]).arg(&db).arg(&input));
        docs = rasd_store::Store::open(&db).unwrap().counts().unwrap().documents;
        rows.push(format!(
            "| `rasd ingest --threads {threads}` → SQLite | {:.0} articles/s | {wall:.1} s | {:.2} ms |",
            docs as f64 / wall,
            cpu * 1000.0 / docs as f64
        ));
    }
    {
        let db = s.database("ingest_pg");
        let (pg0, _) = s.cpu();
        let (wall, cpu) = timed(Command::new(RASD).args(["ingest", "--quiet", "--threads", "2", "--db", &db]).arg(&input));
        let (pg1, _) = s.cpu();
        rows.push(format!(
            "| `rasd ingest --threads 2` → PostgreSQL | {:.0} articles/s | {wall:.1} s | {:.2} ms (rasd {:.2} + PostgreSQL {:.2}) |",
            docs as f64 / wall,
            (cpu + pg1 - pg0) * 1000.0 / docs as f64,
            cpu * 1000.0 / docs as f64,
            (pg1 - pg0) * 1000.0 / docs as f64
        ));
    }
    // The queue path: submit, then K workers of one analysis thread each.
    for k in [1usize, 2, 4] {
        let stream = format!("TP{k}");
        let db = s.database(&format!("tp{k}"));
        let (pg0, nats0) = s.cpu();
        let (submit_wall, submit_cpu) = timed(
            Command::new(RASD)
                .args(["submit", "--queue", &s.nats_url, "--stream", &stream, "--subject", &format!("tp{k}.articles")])
                .arg(&input),
        );
        let (t, cpu0) = (Instant::now(), children_cpu());
        let mut ws: Vec<Worker> = (0..k)
            .map(|i| {
                spawn_worker(
                    &s,
                    &db,
                    &stream,
                    s.dir.join(format!("tp{k}-{i}.log")),
                    &["--threads", "1", "--batch", "32", "--wait-ms", "200", "--merge-every", "3600", "--exit-when-idle"],
                )
            })
            .collect();
        let mut refs: Vec<&mut Worker> = ws.iter_mut().collect();
        wait_all(&mut refs, Duration::from_secs(1800));
        let wall = t.elapsed().as_secs_f64();
        let worker_cpu = children_cpu() - cpu0;
        let (pg1, nats1) = s.cpu();
        let stored = rasd_store::Store::open_url(&db).unwrap().counts().unwrap().documents;
        assert_eq!(stored, docs, "the workers stored another number of documents");
        let per = |x: f64| x * 1000.0 / docs as f64;
        rows.push(format!(
            "| `rasd submit` + {k} × `rasd worker --threads 1` → PostgreSQL | {:.0} articles/s | {wall:.1} s (+ submit {submit_wall:.1} s) | {:.2} ms (workers {:.2} + PostgreSQL {:.2} + NATS {:.2} + submit {:.2}) |",
            docs as f64 / wall,
            per(worker_cpu + (pg1 - pg0) + (nats1 - nats0) + submit_cpu),
            per(worker_cpu),
            per(pg1 - pg0),
            per(nats1 - nats0),
            per(submit_cpu)
        ));
    }
    eprintln!("\n| path | throughput | wall | CPU per article |\n| --- | --- | --- | --- |");
    for r in rows {
        eprintln!("{r}");
    }
    eprintln!("load average after: {}", load_average());
}
