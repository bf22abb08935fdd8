//! `rasd analyze --threads N` writes the same bytes as a one-thread run (issue 20): the same
//! stdout (documents in input order, near-duplicates linked to the same first copies) and the
//! same stderr (notes and read errors in input order), over more documents than the reorder
//! window holds, with syndicated copies, a non-Arabic record, a bad record and a directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const RASD: &str = env!("CARGO_BIN_EXE_rasd");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/articles")
}

/// A JSON Lines file: the fixture articles, each followed later by a syndicated copy (agency
/// dateline in front, another id), a bad record and an English record, over `rounds` rounds.
fn corpus(dir: &Path, rounds: usize) -> PathBuf {
    let mut texts: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    assert!(texts.len() >= 10, "the fixture articles are missing");
    let path = dir.join("many.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let rec = |id: String, text: &str| serde_json::json!({"id": id, "date": "2024-05-01", "text": text}).to_string();
    for round in 0..rounds {
        // Each round's articles differ (a round number in the text), so copies link within a round.
        for (i, t) in texts.iter().enumerate() {
            writeln!(f, "{}", rec(format!("r{round}-a{i}"), &format!("{t}\nالجولة {round}."))).unwrap();
            if i == 3 {
                writeln!(f, "{{\"id\": \"broken-{round}\", \"text\": ").unwrap();
                writeln!(f, "{}", rec(format!("r{round}-en"), "The minister met his counterpart in Paris on Sunday to discuss trade."))
                    .unwrap();
            }
        }
        for (i, t) in texts.iter().enumerate().step_by(3) {
            writeln!(f, "{}", rec(format!("r{round}-copy{i}"), &format!("الرياض (واس) - {t}\nالجولة {round}.\n(انتهى)"))).unwrap();
        }
    }
    f.flush().unwrap();
    path
}

fn analyze(args: &[&str], threads: usize) -> (Vec<u8>, Vec<u8>, Option<i32>) {
    let o = Command::new(RASD).arg("analyze").args(args).args(["--threads", &threads.to_string()]).output().unwrap();
    (o.stdout, o.stderr, o.status.code())
}

#[test]
fn many_threads_write_the_bytes_of_one() {
    let dir = std::env::temp_dir().join(format!("rasd-threads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Five rounds: more records than the reorder window of two or three threads (48, 64).
    let many = corpus(&dir, 5);
    let many = many.to_str().unwrap();
    let articles = fixtures();
    let articles = articles.to_str().unwrap();

    let (one, one_err, code) = analyze(&["--format", "json", many], 1);
    assert_eq!(code, Some(1), "a bad record makes the exit code 1: {}", String::from_utf8_lossy(&one_err));
    let one_err_s = String::from_utf8_lossy(&one_err);
    assert!(one_err_s.contains("near-duplicate of"), "the copies are linked: {one_err_s}");
    assert!(one_err_s.contains("not Arabic"), "{one_err_s}");
    assert!(one_err_s.matches("many.jsonl:").count() >= 10, "{one_err_s}");
    let lines = one.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
    assert!(lines > 100, "{lines} documents written");
    for threads in [2, 3] {
        let (out, err, c) = analyze(&["--format", "json", many], threads);
        assert_eq!(c, code);
        assert!(out == one, "--threads {threads}: stdout differs from one thread's");
        assert_eq!(String::from_utf8_lossy(&err), one_err_s, "--threads {threads}: stderr differs");
    }
    // The readable report and a directory of mixed files, too.
    let (one, one_err, _) = analyze(&["--format", "text", articles], 1);
    assert!(!one.is_empty());
    let (two, two_err, _) = analyze(&["--format", "text", articles], 2);
    assert!(two == one, "text report: --threads 2 differs from one thread");
    assert_eq!(two_err, one_err);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn thread_counts_out_of_bounds_are_refused() {
    for bad in ["0", "257", "many"] {
        let o = Command::new(RASD).args(["analyze", "--threads", bad, "-"]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "--threads {bad}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("thread count"), "--threads {bad}");
    }
}
