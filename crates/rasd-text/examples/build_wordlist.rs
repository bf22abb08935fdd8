//! Builds `data/wordfreq.tsv`, the word-frequency list that [`rasd_text::segment`] checks clitic
//! splits against.
//!
//! Reproduce the committed file: see `crates/rasd-text/data/SOURCES.md`.
//!
//! The inputs are the words of ANERcorp, NewsFANE and the Wojood sample, and the Arabic word
//! frequencies of the `wordfreq` package, whose licences allow committed derived data (credited in
//! `crates/rasd-text/data/SOURCES.md`); the news corpora under `../shared/corpus` are for
//! benchmarks only and must not be used here.
//!
//! Each input is JSON Lines (optionally gzip), one article per line with `title` and `text`, or a
//! `.tsv` of `word<TAB>count` whose counts are added under the words' keys.
//! Every Arabic token's matching key (`rasd_text::key`) is counted; keys seen fewer than
//! `MIN_COUNT` times are dropped. Output: a versioned header, then `key<TAB>count` lines sorted by
//! count (descending), then key. Only counts are written, never corpus text.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};

use rasd_text::segment::WORDFREQ_FORMAT;
use rasd_text::{TokenKind, tokenize};

/// Keys seen fewer times are dropped; `MIN_COUNT=N` in the environment overrides it.
const MIN_COUNT: u32 = 3;

fn main() -> std::io::Result<()> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: build_wordlist FILE.jsonl[.gz]... > data/wordfreq.tsv");
        std::process::exit(2);
    }
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut articles = 0usize;
    let mut names = Vec::new();
    for p in &paths {
        // A `.tsv` input is a list of `word<TAB>count` (e.g. from `tools/text/wordfreq_counts.py`):
        // its words are keyed like tokens and their counts added.
        if p.ends_with(".tsv") {
            for line in BufReader::new(std::fs::File::open(p)?).lines() {
                let line = line?;
                let Some((w, c)) = line.split_once('\t') else { continue };
                let Ok(c) = c.trim().parse::<u32>() else { continue };
                for t in tokenize(w) {
                    if t.kind == TokenKind::Arabic {
                        let e = counts.entry(t.key).or_insert(0);
                        *e = e.saturating_add(c);
                    }
                }
            }
            names.push(std::path::Path::new(p).file_name().map_or(p.clone(), |n| n.to_string_lossy().into_owned()));
            continue;
        }
        let file = std::fs::File::open(p)?;
        let reader: Box<dyn Read> = if p.ends_with(".gz") { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
        for line in BufReader::new(reader).lines() {
            let line = line?;
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
            articles += 1;
            for field in ["title", "text"] {
                if let Some(text) = v.get(field).and_then(|t| t.as_str()) {
                    for t in tokenize(text) {
                        if t.kind == TokenKind::Arabic {
                            *counts.entry(t.key).or_insert(0) += 1;
                        }
                    }
                }
            }
        }
        names.push(std::path::Path::new(p).file_name().map_or(p.clone(), |n| n.to_string_lossy().into_owned()));
    }
    let min_count: u32 = std::env::var("MIN_COUNT").ok().and_then(|v| v.parse().ok()).unwrap_or(MIN_COUNT);
    let mut rows: Vec<(String, u32)> = counts.into_iter().filter(|&(_, c)| c >= min_count).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    writeln!(out, "{WORDFREQ_FORMAT}")?;
    writeln!(out, "# word-key counts (rasd_text::key of Arabic tokens); min_count={min_count}; articles={articles}")?;
    writeln!(out, "# sources: {}", names.join(", "))?;
    writeln!(out, "# rebuild: see crates/rasd-text/data/SOURCES.md")?;
    for (k, c) in rows {
        writeln!(out, "{k}\t{c}")?;
    }
    Ok(())
}
