//! Development loop: trains on the ANERcorp train split minus its last 10 % and scores that
//! held-out tail (the dev split used for every modelling choice; the test split is not read).
//!
//! ```text
//! cargo run --release -p rasd-ner --no-default-features --example dev -- [DUMP_FILE]
//! ```
//! `SEEDS=n` trains with n shuffling seeds and prints each score and the mean; with `DUMP_FILE`,
//! writes the first seed's `word gold predicted` per line (blank line between sentences).
//! `NO_GAZ`, `NO_FREQ`, `NO_CLUSTERS` switch those resources off.

use std::fmt::Write as _;
use std::time::Instant;

use rasd_ner::TrainOptions;
use rasd_ner::eval::{self, ANERCORP_TRAIN};

fn main() {
    let dump = std::env::args().nth(1);
    let path = eval::default_anercorp_dir().join(ANERCORP_TRAIN);
    let Ok(sents) = rasd_ner::data::read_conll(&path) else {
        eprintln!("SKIP: {} not found", path.display());
        std::process::exit(2);
    };
    let mut opts = TrainOptions { verbose: std::env::var("VERBOSE").is_ok(), retrain_full: false, ..TrainOptions::default() };
    if std::env::var("NO_GAZ").is_ok() {
        opts.gazetteer = None;
    }
    if std::env::var("NO_FREQ").is_ok() {
        opts.wordfreq = None;
    }
    if std::env::var("NO_CLUSTERS").is_ok() {
        opts.corpus.clear();
    }
    if let Some(b) = std::env::var("BITS").ok().and_then(|s| s.parse().ok()) {
        opts.bits = b;
    }
    if let Some(w) = std::env::var("WINDOW").ok().and_then(|s| s.parse().ok()) {
        opts.window = w;
    }
    if let Some(a) = std::env::var("AUGMENT").ok().and_then(|s| s.parse().ok()) {
        opts.augment = a;
    }
    if let Some(a) = std::env::var("ENSEMBLE").ok().and_then(|s| s.parse().ok()) {
        opts.ensemble = a;
    }
    if std::env::var("FULL_STAGE2").is_ok() {
        opts.residual = false;
    }
    if std::env::var("ONE_STAGE").is_ok() {
        opts.two_stage = false;
    }
    let n_dev = ((sents.len() as f64) * opts.holdout).round() as usize;
    let train_sents = sents.clone();
    let seeds: u64 = std::env::var("SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let dev = &sents[sents.len() - n_dev..];
    let mut sum = [0f64; 5];
    for k in 0..seeds {
        let o = TrainOptions { seed: opts.seed.wrapping_add(k * 7919), ..opts.clone() };
        let t = Instant::now();
        let model = rasd_ner::train_on(&train_sents, &o).expect("training");
        let rep = eval::score(&model, "dev (last 10% of train)", dev);
        if seeds == 1 {
            println!("{}", rep.render());
        }
        let f: Vec<f64> = rep.per_type.iter().map(|t| 100.0 * t.f1()).collect();
        println!(
            "seed {k}: micro {:.2}  PERS {:.2} LOC {:.2} ORG {:.2} MISC {:.2}  ({:.1?})",
            rep.micro_f1(),
            f[0],
            f[1],
            f[2],
            f[3],
            t.elapsed()
        );
        sum[0] += rep.micro_f1();
        for i in 0..4 {
            sum[i + 1] += f[i];
        }
        if k == 0
            && let Some(p) = &dump
        {
            let mut s = String::new();
            for (sent, pred) in dev.iter().zip(eval::tag_all(&model, dev)) {
                for ((w, g), p) in sent.words.iter().zip(&sent.tags).zip(pred) {
                    let _ = writeln!(s, "{w} {g} {p}");
                }
                s.push('\n');
            }
            std::fs::write(p, s).expect("writing the dump");
        }
    }
    let n = seeds as f64;
    println!(
        "mean of {seeds}: micro {:.2}  PERS {:.2} LOC {:.2} ORG {:.2} MISC {:.2}",
        sum[0] / n,
        sum[1] / n,
        sum[2] / n,
        sum[3] / n,
        sum[4] / n
    );
}
