//! Tagging throughput and model load time (one thread), for the benchmark — not a test.
//!
//! ```text
//! cargo run --release -p rasd-ner --example throughput -- [MODEL] [ROUNDS]
//! ```
//! Tags the ANERcorp test split (found under `../shared/data/anercorp`) `ROUNDS` times
//! (default 10) with `Model::tag`, then once more through `Model::tag_tokens` on rasd tokens.

use std::path::PathBuf;
use std::time::Instant;

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
    let mut entities = 0;
    for _ in 0..rounds {
        for w in &words {
            entities += rasd_ner::chunks(&model.tag(w)).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!("Model::tag: {} tokens in {:.3}s = {:.0} tokens/s ({} entities)", n_tokens * rounds, secs, (n_tokens * rounds) as f64 / secs, entities / rounds);

    let text: String = words.iter().map(|w| w.join(" ")).collect::<Vec<_>>().join("\n");
    let tokens = rasd_text::tokenize(&text);
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        n += model.tag_tokens(&text, &tokens).len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!("Model::tag_tokens: {} rasd tokens in {:.3}s = {:.0} tokens/s ({} entities)", tokens.len() * rounds, secs, (tokens.len() * rounds) as f64 / secs, n / rounds);
}
