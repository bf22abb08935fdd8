//! Trains the tagger on the ANERcorp train split, saves it, and evaluates it on the test split
//! and on AQMAR (if present).
//!
//! ```text
//! cargo run --release -p rasd-ner --no-default-features --example train_eval -- [ANERCORP_DIR] [MODEL_OUT]
//! ```
//! Defaults: `../shared/data/anercorp` (found from the current directory or an ancestor) and
//! `crates/rasd-ner/model/ner.bin`.

use std::path::PathBuf;
use std::time::Instant;

use rasd_ner::eval::{self, ANERCORP_TEST, ANERCORP_TRAIN};
use rasd_ner::{EntityType, Model, TrainOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map_or_else(eval::default_anercorp_dir, PathBuf::from);
    let out = args.next().map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("model/ner.bin"), PathBuf::from);
    let train_path = dir.join(ANERCORP_TRAIN);
    if !train_path.exists() {
        eprintln!("SKIP: {} not found", train_path.display());
        std::process::exit(2);
    }
    let mut opts = TrainOptions { verbose: true, ..TrainOptions::default() };
    if let Ok(b) = std::env::var("RASD_NER_BITS") {
        opts.bits = b.parse().expect("RASD_NER_BITS");
    }
    if let Ok(e) = std::env::var("RASD_NER_EPOCHS") {
        opts.epochs = e.parse().expect("RASD_NER_EPOCHS");
    }
    if std::env::var("RASD_NER_PROFILE").is_ok_and(|v| v == "0") {
        opts.profile = false;
    }
    eprintln!("training on {} with {opts:?}", train_path.display());
    let t = Instant::now();
    let model = rasd_ner::train(&train_path, &opts).expect("training");
    eprintln!("trained in {:.1?}; {} non-zero buckets", t.elapsed(), model.nonzero_buckets());
    model.save(&out).expect("saving the model");
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let t = Instant::now();
    let model = Model::load(&out).expect("reloading the model");
    eprintln!("saved {} ({:.2} MB), reloaded in {:.1?}", out.display(), size as f64 / 1e6, t.elapsed());

    let test = dir.join(ANERCORP_TEST);
    let t = Instant::now();
    let rep = eval::conll(&model, &test).expect("reading the test split");
    let secs = t.elapsed().as_secs_f64();
    println!("{}", rep.render());
    eprintln!("tagged {} tokens in {:.3}s ({:.0} tokens/s, one thread)", rep.tokens, secs, rep.tokens as f64 / secs);
    let aq = eval::default_aqmar_dir();
    if aq.is_dir() {
        let rep = eval::aqmar(&model, &aq).expect("reading AQMAR");
        println!();
        println!("{}", rep.render());
        let (p, r, f) = rep.micro_over(&[EntityType::Pers, EntityType::Loc, EntityType::Org]);
        println!("AQMAR PERS+LOC+ORG only: precision {:.2} recall {:.2} f1 {:.2}", 100.0 * p, 100.0 * r, 100.0 * f);
    } else {
        println!("SKIP: AQMAR not found at {}", aq.display());
    }
}
