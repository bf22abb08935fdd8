//! Golden tests: every fixture article is run through every stage and a readable
//! rendering of each stage's output is compared with `tests/golden/<fixture>.golden`.
//! Refresh after an intended change with `UPDATE_EXPECT=1 cargo test -p rasd-pipeline --test golden`,
//! then review the diff.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rasd_pipeline::Analysis;

fn fixtures() -> Vec<PathBuf> {
    let dir = common::repo_root().join("tests/fixtures/articles");
    let mut out = Vec::new();
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(d).expect("fixture dir").map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e != "md") {
                out.push(p);
            }
        }
    }
    walk(&dir, &mut out);
    out
}

/// A readable rendering of every stage, stable across runs.
fn render(a: &Analysis) -> String {
    let kb = a.kb();
    let text = a.doc.text.as_str();
    let mut s = String::new();
    let m = &a.doc.meta;
    let _ = writeln!(s, "title: {}", m.title.as_deref().unwrap_or("-"));
    let _ = writeln!(s, "published: {} [{}]", m.published.map_or("-".into(), |d| d.to_string()), m.published_basis.as_str());
    let _ = writeln!(s, "language: {}", a.language);
    if let Some((sp, e)) = a.dateline {
        let _ = writeln!(s, "dateline: {} = {}", &text[sp.range()], kb.entity(e).name_en);
    }
    for w in &m.warnings {
        let _ = writeln!(s, "warning: {w}");
    }
    let _ = writeln!(s, "\n## layout");
    for b in &a.layout.blocks {
        let line: String = text[b.span.range()].chars().take(50).collect();
        let _ = writeln!(s, "{:<10} {}", b.kind.as_str(), line);
    }
    let _ = writeln!(s, "\n## sentences {}", a.sentences.len());
    let _ = writeln!(s, "\n## times");
    for t in &a.times {
        let _ = writeln!(
            s,
            "{} → {}..{} {}{}",
            &text[t.span.range()],
            t.start,
            t.end,
            t.precision.as_str(),
            t.part_of_day.map(|p| format!(" {}", p.as_str())).unwrap_or_default()
        );
    }
    let _ = writeln!(s, "\n## mentions");
    for mm in &a.mentions {
        let e = mm.entity.map_or("?".to_string(), |e| kb.entity(e).name_en.clone());
        let _ = writeln!(s, "{} → {} ({:?})", &text[mm.span.range()], e, mm.kind);
    }
    let _ = writeln!(s, "\n## events");
    for ev in &a.events {
        let names = |v: &[rasd_kb::EntityId]| v.iter().map(|&e| kb.entity(e).name_en.as_str()).collect::<Vec<_>>().join(" + ");
        let date = ev
            .date
            .as_ref()
            .map_or("undated".into(), |d| if d.start == d.end { d.start.to_string() } else { format!("{}..{}", d.start, d.end) });
        let place = ev.location.as_ref().map_or("-".to_string(), |l| kb.entity(l.entity).name_en.clone());
        let _ = writeln!(
            s,
            "{}{} | {} | {} | {} | {} | {} | mentions {}{}",
            ev.event_type.as_str(),
            ev.mode.as_deref().map(|m| format!("/{m}")).unwrap_or_default(),
            names(&ev.source),
            names(&ev.target),
            date,
            place,
            ev.modality.as_str(),
            ev.mentions.len(),
            [("killed", &ev.fatalities), ("injured", &ev.injured)]
                .iter()
                .filter_map(|(what, c)| c.as_ref().map(|c| format!(
                    " | {what} {}{} «{}»",
                    c.count,
                    if c.exact { "" } else { "+" },
                    &text[c.span.range()]
                )))
                .collect::<String>()
        );
    }
    s
}

#[test]
fn golden_fixtures() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let golden_dir = common::repo_root().join("tests/golden");
    std::fs::create_dir_all(&golden_dir).unwrap();
    let files = fixtures();
    assert!(files.len() >= 10, "expected at least 10 fixtures, found {}", files.len());
    let mut failures = Vec::new();
    let mut seen = 0;
    for f in files {
        let rel = f.strip_prefix(common::repo_root().join("tests/fixtures/articles")).unwrap().display().to_string().replace('/', "__");
        let mut rendered = String::new();
        for r in common::read_all(&f) {
            match r {
                Ok(doc) => {
                    let a = common::analyze_default(doc);
                    common::check_spans(&a);
                    let _ = writeln!(rendered, "# {}\n{}", a.doc.meta.id, render(&a));
                    seen += 1;
                }
                Err(e) => {
                    let _ = writeln!(rendered, "# error\n{}\n", e.message);
                }
            }
        }
        let path = golden_dir.join(format!("{rel}.golden"));
        if update {
            std::fs::write(&path, &rendered).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(expected) if expected == rendered => {}
            Ok(expected) => failures.push(format!("{rel}: output differs from {}\n{}", path.display(), first_diff(&expected, &rendered))),
            Err(_) => failures.push(format!("{rel}: no golden file {} (run with UPDATE_EXPECT=1 and review it)", path.display())),
        }
    }
    assert!(seen >= 10);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn first_diff(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n- {x}\n+ {y}", i + 1);
        }
    }
    format!("lengths differ: {} vs {} lines", a.lines().count(), b.lines().count())
}
