//! Averaged structured perceptron training (Collins 2002), deterministic for a given seed.

use std::io;
use std::path::Path;

use std::path::PathBuf;

use crate::clusters::{self, ClusterOptions, Clusters};
use crate::data::{Sentence, read_conll};
use crate::features::{SentenceFeatures, extract};
use crate::model::{Model, decode};
use crate::tag::{N_TAGS, Tag, chunks};

/// Training settings. `Default` gives the settings the committed model was trained with.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Maximum number of passes over the data.
    pub epochs: usize,
    /// Seed of the shuffling (xorshift64*).
    pub seed: u64,
    /// Feature buckets = 2^bits.
    pub bits: u32,
    /// Fraction of the training sentences, taken from the end, held out to choose the epoch count.
    pub holdout: f64,
    /// Stop after this many epochs without a better held-out F1.
    pub patience: usize,
    /// After choosing the epoch count, train again on all sentences for that many epochs.
    pub retrain_full: bool,
    /// Print progress to stderr.
    pub verbose: bool,
    /// Unannotated JSON Lines corpora to learn word clusters from (none: no cluster features).
    pub corpus: Vec<PathBuf>,
    pub clusters: ClusterOptions,
    /// Two stages: tag the corpus with a first model and use each word's corpus tag profile as a feature.
    pub profile: bool,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions { epochs: 20, seed: 0x5eed_2025, bits: 20, holdout: 0.1, patience: 4, retrain_full: true, verbose: false, corpus: clusters::default_corpus_files(), clusters: ClusterOptions::default(), profile: false }
    }
}

/// Trains on a `word TAG` file (the ANERcorp train split).
pub fn train(train_path: &Path, opts: &TrainOptions) -> io::Result<Model> {
    let sents = read_conll(train_path)?;
    if sents.is_empty() {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{}: no sentences", train_path.display())));
    }
    if opts.corpus.is_empty() {
        return Ok(train_sentences(&sents, Clusters::default(), opts));
    }
    let clusters = clusters::build(&opts.corpus, &opts.clusters, opts.verbose)?;
    if !opts.profile {
        return Ok(train_sentences(&sents, clusters, opts));
    }
    // Stage 1 never sees the held-out tail, so that stage 2 still chooses its epochs on unseen data.
    let first = train_sentences(&sents, clusters.clone(), &TrainOptions { retrain_full: false, ..opts.clone() });
    let t = std::time::Instant::now();
    let mut clusters = clusters;
    clusters.profile = clusters::build_profile(&first, &opts.corpus)?;
    if opts.verbose {
        eprintln!("corpus tag profile: {} words in {:.1?}; stage 2", clusters.profile.len(), t.elapsed());
    }
    Ok(train_sentences(&sents, clusters, opts))
}

struct Example {
    f: SentenceFeatures,
    gold: Vec<usize>,
}

/// Trains on sentences already read.
pub fn train_sentences(sents: &[Sentence], clusters: Clusters, opts: &TrainOptions) -> Model {
    let t0 = std::time::Instant::now();
    let examples: Vec<Example> = sents
        .iter()
        .map(|s| {
            let mut f = SentenceFeatures::default();
            extract(&s.word_refs(), opts.bits, &clusters, &mut f);
            Example { f, gold: s.tags.iter().map(|t| t.index()).collect() }
        })
        .collect();
    if opts.verbose {
        eprintln!("features for {} sentences in {:.1?}", examples.len(), t0.elapsed());
    }
    let n_hold = ((examples.len() as f64) * opts.holdout).round() as usize;
    if n_hold == 0 || n_hold >= examples.len() {
        let mut tr = Trainer::new(opts.bits);
        for epoch in 0..opts.epochs {
            tr.epoch(&examples, opts.seed ^ epoch as u64);
        }
        return tr.averaged(clusters);
    }
    let (train, hold) = examples.split_at(examples.len() - n_hold);
    let mut tr = Trainer::new(opts.bits);
    let mut best = (f64::NEG_INFINITY, 0usize);
    let mut best_model = None;
    for epoch in 0..opts.epochs {
        tr.epoch(train, opts.seed ^ epoch as u64);
        let m = tr.averaged(clusters.clone());
        let f1 = heldout_f1(&m, hold);
        if opts.verbose {
            eprintln!("epoch {:2}: held-out F1 {:.2} ({:.1?})", epoch + 1, f1 * 100.0, t0.elapsed());
        }
        if f1 > best.0 {
            best = (f1, epoch + 1);
            best_model = Some(m);
        } else if epoch + 1 - best.1 >= opts.patience {
            break;
        }
    }
    let mut best_model = best_model.expect("at least one epoch");
    let mut penalty = (heldout_f1(&best_model, hold), 0.0f32);
    for p in PENALTIES {
        best_model.o_penalty = p;
        let f1 = heldout_f1(&best_model, hold);
        if opts.verbose {
            eprintln!("O penalty {p:5.2}: held-out F1 {:.2}", f1 * 100.0);
        }
        if f1 > penalty.0 {
            penalty = (f1, p);
        }
    }
    best_model.o_penalty = penalty.1;
    if !opts.retrain_full {
        return best_model;
    }
    if opts.verbose {
        eprintln!("retraining on all {} sentences for {} epochs", examples.len(), best.1);
    }
    let mut tr = Trainer::new(opts.bits);
    for epoch in 0..best.1 {
        tr.epoch(&examples, opts.seed ^ epoch as u64);
    }
    let mut m = tr.averaged(clusters);
    m.o_penalty = penalty.1;
    m
}

/// `O` penalties tried on the held-out sentences (in averaged-perceptron score units).
const PENALTIES: [f32; 12] = [0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0];

fn heldout_f1(m: &Model, hold: &[Example]) -> f64 {
    let (mut gold, mut pred, mut correct) = (0usize, 0usize, 0usize);
    for ex in hold {
        let p: Vec<Tag> = decode(&m.weights, &m.start, &m.trans, m.o_penalty, &ex.f).into_iter().map(Tag::from_index).collect();
        let g: Vec<Tag> = ex.gold.iter().map(|&t| Tag::from_index(t)).collect();
        let gc = chunks(&g);
        let pc = chunks(&p);
        gold += gc.len();
        pred += pc.len();
        correct += pc.iter().filter(|c| gc.contains(c)).count();
    }
    let p = correct as f64 / pred.max(1) as f64;
    let r = correct as f64 / gold.max(1) as f64;
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

/// Perceptron weights with the running sums needed for averaging.
struct Trainer {
    bits: u32,
    w: Vec<f32>,
    u: Vec<f64>,
    start_w: [f32; N_TAGS],
    start_u: [f64; N_TAGS],
    trans_w: [[f32; N_TAGS]; N_TAGS],
    trans_u: [[f64; N_TAGS]; N_TAGS],
    /// Number of examples seen, plus one.
    c: f64,
}

impl Trainer {
    fn new(bits: u32) -> Trainer {
        let n = (1usize << bits) * N_TAGS;
        Trainer {
            bits,
            w: vec![0.0; n],
            u: vec![0.0; n],
            start_w: [0.0; N_TAGS],
            start_u: [0.0; N_TAGS],
            trans_w: [[0.0; N_TAGS]; N_TAGS],
            trans_u: [[0.0; N_TAGS]; N_TAGS],
            c: 1.0,
        }
    }

    fn epoch(&mut self, examples: &[Example], seed: u64) {
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = XorShift::new(seed);
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &k in &order {
            let ex = &examples[k];
            let pred = decode(&self.w, &self.start_w, &self.trans_w, 0.0, &ex.f);
            if pred != ex.gold {
                self.update(ex, &pred);
            }
            self.c += 1.0;
        }
    }

    fn update(&mut self, ex: &Example, pred: &[usize]) {
        let c = self.c;
        for (i, (&g, &p)) in ex.gold.iter().zip(pred).enumerate() {
            if g != p {
                for &b in ex.f.word(i) {
                    let base = b as usize * N_TAGS;
                    self.w[base + g] += 1.0;
                    self.u[base + g] += c;
                    self.w[base + p] -= 1.0;
                    self.u[base + p] -= c;
                }
            }
            let (gp, pp) = if i == 0 { (None, None) } else { (Some(ex.gold[i - 1]), Some(pred[i - 1])) };
            if (gp, g) != (pp, p) {
                match gp {
                    None => {
                        self.start_w[g] += 1.0;
                        self.start_u[g] += c;
                    }
                    Some(q) => {
                        self.trans_w[q][g] += 1.0;
                        self.trans_u[q][g] += c;
                    }
                }
                match pp {
                    None => {
                        self.start_w[p] -= 1.0;
                        self.start_u[p] -= c;
                    }
                    Some(q) => {
                        self.trans_w[q][p] -= 1.0;
                        self.trans_u[q][p] -= c;
                    }
                }
            }
        }
    }

    fn averaged(&self, clusters: Clusters) -> Model {
        let c = self.c;
        let weights = self.w.iter().zip(&self.u).map(|(&w, &u)| (f64::from(w) - u / c) as f32).collect();
        let mut start = [0f32; N_TAGS];
        let mut trans = [[0f32; N_TAGS]; N_TAGS];
        for (t, v) in start.iter_mut().enumerate() {
            *v = (f64::from(self.start_w[t]) - self.start_u[t] / c) as f32;
        }
        for (p, row) in trans.iter_mut().enumerate() {
            for (t, v) in row.iter_mut().enumerate() {
                *v = (f64::from(self.trans_w[p][t]) - self.trans_u[p][t] / c) as f32;
            }
        }
        Model { bits: self.bits, weights, start, trans, clusters, o_penalty: 0.0 }
    }
}

/// xorshift64* — enough for shuffling, and the same on every platform.
pub(crate) struct XorShift(u64);

impl XorShift {
    pub(crate) fn new(seed: u64) -> XorShift {
        XorShift(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}
