//! Tagging throughput and model load time (one thread), for the benchmark — not a test.
//!
//! ```text
//! cargo run --release -p rasd-ner --example throughput -- [MODEL] [ROUNDS]
//! ```
//! Tags the ANERcorp test split (found under `../shared/data/anercorp`) `ROUNDS` times
//! (default 10) with `Model::tag`, then once more through `Model::tag_tokens` on rasd tokens.

use std::path::PathBuf;
use std::time::Instant;

/// CPU time of this thread in seconds (Linux `/proc/thread-self/schedstat`), so that the figure
/// means tokens per second of one core even when other processes share the machine.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

use rasd_ner::Model;
use rasd_ner::eval::{self, ANERCORP_TEST};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("model/ner.bin"), PathBuf::from);
    let rounds: usize = args.next().map_or(10, |r| r.parse().expect("ROUNDS"));
    let bytes = std::fs::read(&path).expect("reading the model");
    let t = Instant::now();
    let model = Model::from_bytes(&bytes).expect("parsing the model");
    println!("model {} ({:.2} MB) parsed in {:.1?}", path.display(), bytes.len() as f64 / 1e6, t.elapsed());
    let t = Instant::now();
    let _ = Model::load(&path).expect("loading the model");
    println!("Model::load (read + parse) in {:.1?}", t.elapsed());

    let test = eval::default_anercorp_dir().join(ANERCORP_TEST);
    let Ok(sents) = rasd_ner::data::read_conll(&test) else {
        println!("SKIP: {} not found", test.display());
        return;
    };
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.word_refs()).collect();
    let n_tokens: usize = words.iter().map(Vec::len).sum();
    assert_eq!(n_tokens, 25_009, "the ANERcorp test split has 25,009 words");
    // Warm up (first use builds the knowledge base and lookup tables).
    model.tag(&words[0]);
    let t = Instant::now();
    let c = cpu_seconds();
    let mut entities = 0;
    for _ in 0..rounds {
        for w in &words {
            entities += rasd_ner::chunks(&model.tag(w)).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = c.and_then(|c| Some(cpu_seconds()? - c)).unwrap_or(secs);
    println!(
        "Model::tag (each sentence its own document): {} tokens in {:.3}s wall, {:.3}s CPU = {:.0} tokens/s per core ({} entities)",
        n_tokens * rounds,
        secs,
        cpu,
        (n_tokens * rounds) as f64 / cpu,
        entities / rounds
    );

    let text: String = words.iter().map(|w| w.join(" ")).collect::<Vec<_>>().join("\n");
    let tokens = rasd_text::tokenize(&text);
    let t = Instant::now();
    let c = cpu_seconds();
    let mut n = 0;
    for _ in 0..rounds {
        n += model.tag_tokens(&text, &tokens).len();
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = c.and_then(|c| Some(cpu_seconds()? - c)).unwrap_or(secs);
    println!(
        "Model::tag_tokens (the split as one document): {} rasd tokens in {:.3}s wall, {:.3}s CPU = {:.0} tokens/s per core ({} entities)",
        tokens.len() * rounds,
        secs,
        cpu,
        (tokens.len() * rounds) as f64 / cpu,
        n / rounds
    );
}
