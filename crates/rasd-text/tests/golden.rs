//! Golden tests of the text core: every file under `tests/layout/` is split into blocks and
//! sentences, and a readable rendering is compared with the `.golden` file next to it.
//! Refresh after an intended change with `UPDATE_EXPECT=1 cargo test -p rasd-text --test golden`,
//! then review the diff.

use std::fmt::Write as _;
use std::path::PathBuf;

fn render(text: &str) -> String {
    // A `key: value` header block ends at the first blank line, as rasd-read reads it.
    let body_start = if text.starts_with("title:") { text.find("\n\n").map_or(0, |i| i + 2) } else { 0 };
    let tokens = rasd_text::tokenize(text);
    let layout = rasd_text::layout::layout(text, body_start, body_start > 0, &rasd_time::parse_date_line);
    let sentences = rasd_text::split_sentences(text, &tokens);
    let mut s = String::new();
    let _ = writeln!(s, "## blocks");
    for b in &layout.blocks {
        let _ = writeln!(s, "{:<10} | {}", b.kind.as_str(), &text[b.span.range()]);
    }
    if let Some((_, d)) = layout.date_line {
        let _ = writeln!(s, "date line: {d}");
    }
    if let Some(p) = layout.dateline {
        let _ = writeln!(s, "dateline: {}", &text[p.range()]);
    }
    if let Some(z) = layout.dateline_zone {
        let _ = writeln!(s, "dateline zone: {}", &text[z.range()]);
    }
    let _ = writeln!(s, "\n## sentences ({} tokens)", tokens.len());
    for se in &sentences {
        let _ = writeln!(s, "[{}] {}", layout.kind_at(se.span.start).as_str(), &text[se.span.range()]);
    }
    s
}

#[test]
fn layout_goldens() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/layout");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
    files.sort();
    assert!(files.len() >= 4, "fixtures missing in {}", dir.display());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let got = render(&text);
        let golden = f.with_extension("golden");
        if update {
            std::fs::write(&golden, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if want != got {
            failures.push(format!("{}:\n--- want\n{want}\n--- got\n{got}", golden.display()));
        }
    }
    assert!(failures.is_empty(), "golden mismatch (UPDATE_EXPECT=1 to refresh, then review):\n{}", failures.join("\n"));
}
