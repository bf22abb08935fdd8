//! Helpers shared by the pipeline's integration tests (each test binary uses a subset).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rasd_core::Document;
use rasd_pipeline::{Analysis, Options, analyze};
use rasd_read::{InputFormat, ReadError, read_inputs};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

pub fn read_all(path: &Path) -> Vec<Result<Document, ReadError>> {
    let mut out = Vec::new();
    read_inputs(&[path.display().to_string()], InputFormat::Auto, &mut |r| out.push(r));
    out
}

pub fn analyze_default(doc: Document) -> Analysis {
    analyze(doc, &Options::default())
}

/// Every span the JSON output carries must be the exact slice of the input it claims.
pub fn check_spans(a: &Analysis) {
    let text = a.doc.text.as_str();
    let v: serde_json::Value = serde_json::from_str(&rasd_pipeline::report::to_json(a)).expect("valid JSON");
    let mut n = 0;
    check_value(&v, text, &mut n);
    // Internal spans too: tokens, sentences, times, mentions.
    for t in &a.tokens {
        assert!(text.get(t.span.range()).is_some(), "token span off char boundaries");
    }
    for w in a.tokens.windows(2) {
        assert!(w[0].span.end <= w[1].span.start, "tokens overlap");
    }
    for t in &a.times {
        assert!(text.get(t.span.range()).is_some_and(|s| !s.is_empty()), "time span");
    }
}

fn check_value(v: &serde_json::Value, text: &str, n: &mut usize) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(s), Some(e)) = (m.get("start").and_then(|x| x.as_u64()), m.get("end").and_then(|x| x.as_u64()))
                && let Some(t) = m.get("text").and_then(|x| x.as_str())
            {
                let slice = text.get(s as usize..e as usize).unwrap_or_else(|| panic!("span {s}..{e} is not on char boundaries"));
                assert_eq!(slice, t, "span {s}..{e}");
                *n += 1;
            }
            if let (Some(s), Some(e), Some(t)) = (
                m.get("trigger_start").and_then(|x| x.as_u64()),
                m.get("trigger_end").and_then(|x| x.as_u64()),
                m.get("trigger").and_then(|x| x.as_str()),
            ) {
                assert_eq!(&text[s as usize..e as usize], t);
            }
            for x in m.values() {
                check_value(x, text, n);
            }
        }
        serde_json::Value::Array(a) => {
            for x in a {
                check_value(x, text, n);
            }
        }
        _ => {}
    }
}
