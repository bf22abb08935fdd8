//! End to end: builds a database from the test articles with the built `rasd`, starts `rasd serve`
//! on a free loopback port and drives headless Chromium through the UI
//! (`crates/rasd-serve/ui/e2e/e2e.mjs`, Playwright): the table newest first with the modality
//! default, a column sort and CSV/GeoJSON downloads parsed back (Python's csv module); filter by
//! an actor, open an event, see its evidence highlighted in the right-to-left article and its
//! point on the map, the actor in the network, the map fitted to the data without antimeridian
//! stripes, an article with `<script>` and `<img onerror>` shown as text, English reported as not
//! Arabic, the actor page's ranked counterparts, a stemmed search. Screenshots go to
//! `target/e2e/`.
//!
//! Needs node, Debian's chromium (`/usr/bin/chromium`, or `RASD_CHROMIUM`) and `playwright-core`
//! (`npm ci --prefix crates/rasd-serve/ui/e2e`); when one is missing the test says which and passes.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().parent().unwrap().to_path_buf()
}

/// Why the browser run cannot happen here, if it cannot.
fn missing_tools(e2e: &Path) -> Option<String> {
    let chromium = std::env::var("RASD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if Command::new("node").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        return Some("node is not installed".into());
    }
    if !Path::new(&chromium).exists() {
        return Some(format!("{chromium} is missing (Debian package chromium)"));
    }
    if !e2e.join("node_modules/playwright-core/package.json").exists() {
        return Some(format!("playwright-core is not installed (npm ci --prefix {})", e2e.display()));
    }
    None
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_web_ui_end_to_end() {
    let root = workspace();
    let e2e = root.join("crates/rasd-serve/ui/e2e");
    if let Some(why) = missing_tools(&e2e).or_else(|| {
        let ok = Command::new("python3").arg("--version").output().map(|o| o.status.success()).unwrap_or(false);
        (!ok).then(|| "python3 is not installed (the exported CSV is parsed with its csv module)".to_string())
    }) {
        rasd_core::skip_unless_ci(&format!("the browser end-to-end test needs node, chromium and playwright-core: {why}"));
        return;
    }
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_rasd"));
    let target = exe.parent().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_else(|| root.join("target"));
    let shots = target.join("e2e");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).unwrap();
    let db = shots.join("e2e.db");

    let fixture = root.join("crates/rasd-serve/tests/fixtures/articles.jsonl");
    let out = Command::new(&exe).args(["ingest", "--quiet", "--db"]).arg(&db).arg(&fixture).output().unwrap();
    assert!(out.status.success(), "ingest failed: {}", String::from_utf8_lossy(&out.stderr));

    let mut child = Command::new(&exe)
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    // "rasd serve: … on http://127.0.0.1:PORT/ (…)"
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("{line}");
            if let Some(i) = line.find("http://") {
                let url = line[i..].split_whitespace().next().unwrap_or("").trim_end_matches('/').to_string();
                let _ = tx.send(url);
            }
        }
    });
    let url = rx.recv_timeout(Duration::from_secs(60)).expect("rasd serve printed its address");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let t = Instant::now();
    let run = Command::new("node").arg(e2e.join("e2e.mjs")).arg(&url).arg(&shots).current_dir(&e2e).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    eprintln!("{stdout}{stderr}browser run: {:.1} s; screenshots in {}", t.elapsed().as_secs_f64(), shots.display());
    drop(server);
    assert!(run.status.success(), "the browser run failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("e2e: every step passed"), "{stdout}");
    for shot in [
        "01-events.png",
        "02-filtered-by-actor.png",
        "03-event-evidence-map.png",
        "04-network.png",
        "05-map.png",
        "06-timeline.png",
        "07-markup-as-text.png",
        "08-analyze.png",
        "09-actor.png",
        "10-search.png",
    ] {
        let meta = std::fs::metadata(shots.join(shot)).unwrap_or_else(|_| panic!("screenshot {shot} was not saved"));
        assert!(meta.len() > 10_000, "{shot} is suspiciously small ({} bytes)", meta.len());
    }
}
