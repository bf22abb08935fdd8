//! `rasd bench text`: throughput of the text core on one thread.
//!
//! Reads a JSON Lines file (gzip if the name ends in `.gz`) of `{"id": …, "text": …}` records and
//! runs, per article, tokenisation (which computes every token's normalised key), clitic
//! segmentation and sentence splitting. Reading, decompression and JSON parsing are timed apart
//! from the text work; MB/s and tokens/s are over the text work alone (`text_seconds`).
//! Each article runs under `catch_unwind`, so one panic is reported with its id instead of ending
//! the run. The totals (tokens, segments, sentences) are a checksum: the same input must give the
//! same numbers.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::segment::segment_tokens;
use crate::{split_sentences, tokenize};

#[derive(Clone, Debug, Default)]
pub struct BenchReport {
    pub articles: usize,
    /// Articles processed without a panic.
    pub articles_ok: usize,
    /// (article id or line number, panic message).
    pub panics: Vec<(String, String)>,
    /// UTF-8 bytes of article text.
    pub bytes: usize,
    pub tokens: usize,
    pub segments: usize,
    pub sentences: usize,
    /// Time spent in tokenise + segment + split.
    pub text_seconds: f64,
    /// Wall time including reading, decompression and JSON parsing.
    pub total_seconds: f64,
    /// Lines that were not JSON objects with a string `text`.
    pub skipped_lines: usize,
}

impl BenchReport {
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.text_seconds.max(1e-9)
    }
    pub fn tokens_per_s(&self) -> f64 {
        self.tokens as f64 / self.text_seconds.max(1e-9)
    }
    /// A checksum of the run: equal inputs give equal checksums.
    pub fn checksum(&self) -> u64 {
        (self.tokens as u64).wrapping_mul(1_000_003) ^ (self.segments as u64).wrapping_mul(7919) ^ self.sentences as u64
    }
}

impl std::fmt::Display for BenchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "articles {} (ok {}, panics {}, skipped lines {})",
            self.articles,
            self.articles_ok,
            self.panics.len(),
            self.skipped_lines
        )?;
        for (id, msg) in &self.panics {
            writeln!(f, "panic in {id}: {msg}")?;
        }
        writeln!(f, "bytes {}", self.bytes)?;
        writeln!(f, "tokens {} segments {} sentences {}", self.tokens, self.segments, self.sentences)?;
        writeln!(f, "checksum {}", self.checksum())?;
        writeln!(f, "seconds text {:.3} total {:.3} (1 thread)", self.text_seconds, self.total_seconds)?;
        writeln!(f, "tokens/s {:.0}", self.tokens_per_s())?;
        write!(f, "MB/s {:.2}", self.mb_per_s())
    }
}

/// `../shared/corpus/ant-multisource/ant_intl_mideast.jsonl.gz`, relative to the current directory.
pub fn default_corpus_path() -> PathBuf {
    PathBuf::from("../shared/corpus/ant-multisource/ant_intl_mideast.jsonl.gz")
}

/// Counts of one article: (tokens, segments, sentences).
pub fn process_article(text: &str) -> (usize, usize, usize) {
    let tokens = tokenize(text);
    let segments = segment_tokens(text, &tokens);
    let sentences = split_sentences(text, &tokens);
    (tokens.len(), segments.len(), sentences.len())
}

/// Runs the text core over every article of `path` (at most `max_articles`) on this thread.
pub fn bench_text(path: &Path, max_articles: Option<usize>) -> std::io::Result<BenchReport> {
    let started = Instant::now();
    let file = std::fs::File::open(path)?;
    let reader: Box<dyn Read> =
        if path.extension().is_some_and(|e| e == "gz") { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) };
    // Load the lexicon before timing.
    let _ = process_article("تحميل");
    let mut r = BenchReport::default();
    let mut busy = Duration::ZERO;
    for (lineno, line) in BufReader::with_capacity(1 << 20, reader).lines().enumerate() {
        if max_articles.is_some_and(|m| r.articles >= m) {
            break;
        }
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            r.skipped_lines += 1;
            continue;
        };
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
            r.skipped_lines += 1;
            continue;
        };
        let id = v.get("id").and_then(|i| i.as_str()).map_or_else(|| format!("line {}", lineno + 1), str::to_string);
        r.articles += 1;
        r.bytes += text.len();
        let t0 = Instant::now();
        let res = std::panic::catch_unwind(|| process_article(text));
        busy += t0.elapsed();
        match res {
            Ok((t, s, n)) => {
                r.articles_ok += 1;
                r.tokens += t;
                r.segments += s;
                r.sentences += n;
            }
            Err(e) => {
                let msg = e
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| e.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "non-string panic".into());
                r.panics.push((id, msg));
            }
        }
    }
    r.text_seconds = busy.as_secs_f64();
    r.total_seconds = started.elapsed().as_secs_f64();
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_checks_itself_on_a_small_file() {
        let dir = std::env::temp_dir().join(format!("rasd-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.jsonl");
        let lines = [
            r#"{"id": "a1", "text": "وصل الوزير إلى بغداد. وبحث مع نظيره سبل التعاون."}"#,
            r#"{"id": "a2", "text": "قال المتحدث إن الاجتماع سيعقد غدا"}"#,
            "not json",
        ];
        std::fs::write(&p, lines.join("\n")).unwrap();
        let r = bench_text(&p, None).unwrap();
        assert_eq!(r.articles, 2);
        assert_eq!(r.articles_ok, 2);
        assert_eq!(r.skipped_lines, 1);
        assert_eq!(r.tokens, 11 + 6);
        assert_eq!(r.sentences, 3);
        assert!(r.segments > r.tokens);
        let r1 = bench_text(&p, Some(1)).unwrap();
        assert_eq!(r1.articles, 1);
        std::fs::remove_dir_all(&dir).ok();
    }
}
