//! Averaged structured perceptron training (Collins 2002), deterministic for a given seed.

use std::io;
use std::path::Path;

use std::path::PathBuf;

use crate::clusters::{self, ClusterOptions, Clusters};
use crate::data::{Sentence, read_conll};
use crate::features::{SentenceFeatures, extract};
use crate::lexicon::Lexicon;
use crate::model::{Model, Weights, decode, emissions, viterbi};
use crate::table::Compact;
use crate::tag::{EntityType, N_TAGS, Tag, chunks};

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
    /// ANERGazet folder (None: no gazetteer features).
    pub gazetteer: Option<PathBuf>,
    /// Arabic word-frequency list (None: no frequency features).
    pub wordfreq: Option<PathBuf>,
    /// Train a second stage with document features ([`crate::doc`]).
    pub two_stage: bool,
    /// Sentences on either side that make a word's document context.
    pub window: usize,
    /// Folds for the first-stage tags the second stage is trained on.
    pub folds: usize,
    /// The second stage starts from the first stage's scores and adds only document features
    /// (fast: one more lookup per document feature), instead of re-weighting all features.
    /// Off by default: on the dev split it was no better than one stage (76.0 vs 77.0 for a full
    /// second stage, at any scale of the first-stage scores).
    pub residual: bool,
    /// Augmented copies of each training sentence with entities, their names replaced by other
    /// names of the same type ([`crate::augment`]); first stage only.
    pub augment: usize,
    /// Perceptrons per stage, trained in different orders and averaged into one.
    pub ensemble: usize,
    /// The types whose names are replaced. ORG only by default: on the dev split replacing ORG
    /// names helped ORG, while replacing PERS or MISC names lowered those types.
    pub augment_types: Vec<EntityType>,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 20,
            seed: 0x5eed_2025,
            bits: 20,
            holdout: 0.1,
            patience: 4,
            retrain_full: true,
            verbose: false,
            corpus: Vec::new(),
            clusters: ClusterOptions::default(),
            profile: false,
            gazetteer: Some(crate::lexicon::default_anergazet_dir()).filter(|p| p.is_dir()),
            wordfreq: Some(crate::lexicon::default_wordfreq_file()).filter(|p| p.exists()),
            two_stage: true,
            window: 10,
            folds: 5,
            residual: false,
            augment: 1,
            ensemble: 4,
            augment_types: vec![EntityType::Org],
        }
    }
}

/// Trains on a `word TAG` file (the ANERcorp train split).
pub fn train(train_path: &Path, opts: &TrainOptions) -> io::Result<Model> {
    let sents = read_conll(train_path)?;
    if sents.is_empty() {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{}: no sentences", train_path.display())));
    }
    train_on(&sents, opts)
}

/// Trains on sentences already read, learning word clusters from `opts.corpus` first.
pub fn train_on(sents: &[Sentence], opts: &TrainOptions) -> io::Result<Model> {
    let lexicon = build_lexicon(opts)?;
    if opts.corpus.is_empty() {
        return Ok(train_sentences(sents, Clusters::default(), lexicon, opts));
    }
    let clusters = clusters::build(&opts.corpus, &opts.clusters, opts.verbose)?;
    if !opts.profile {
        return Ok(train_sentences(sents, clusters, lexicon, opts));
    }
    // Stage 1 never sees the held-out tail, so that stage 2 still chooses its epochs on unseen data.
    let first = train_sentences(sents, clusters.clone(), lexicon.clone(), &TrainOptions { retrain_full: false, ..opts.clone() });
    let t = std::time::Instant::now();
    let mut clusters = clusters;
    clusters.profile = clusters::build_profile(&first, &opts.corpus)?;
    if opts.verbose {
        eprintln!("corpus tag profile: {} words in {:.1?}; stage 2", clusters.profile.len(), t.elapsed());
    }
    Ok(train_sentences(sents, clusters, lexicon, opts))
}

/// The gazetteer and word-frequency tables named by `opts`.
pub fn build_lexicon(opts: &TrainOptions) -> io::Result<Lexicon> {
    let mut lex = crate::lexicon::LexiconBuilder::default();
    if let Some(dir) = &opts.gazetteer {
        let n = lex.add_anergazet(dir)?;
        if opts.verbose {
            eprintln!("gazetteer: {n} entries from {}", dir.display());
        }
    }
    if let Some(f) = &opts.wordfreq {
        let n = lex.add_wordfreq(f)?;
        if opts.verbose {
            eprintln!("word frequencies: {n} words from {}", f.display());
        }
    }
    Ok(lex.build())
}

pub(crate) struct Example {
    pub(crate) f: SentenceFeatures,
    pub(crate) gold: Vec<usize>,
}

/// Trains on sentences already read.
pub fn train_sentences(sents: &[Sentence], clusters: Clusters, lexicon: Lexicon, opts: &TrainOptions) -> Model {
    let t0 = std::time::Instant::now();
    let featurize = |s: &Sentence| {
        let mut f = SentenceFeatures::default();
        extract(&s.word_refs(), opts.bits, &clusters, &lexicon, &mut f);
        Example { f, gold: s.tags.iter().map(|t| t.index()).collect() }
    };
    let examples: Vec<Example> = sents.iter().map(featurize).collect();
    let n_hold = ((examples.len() as f64) * opts.holdout).round() as usize;
    let n_hold = if n_hold == 0 || n_hold >= examples.len() { 0 } else { n_hold };
    let n_train = examples.len() - n_hold;
    // Copies of the training sentences (never of the held-out ones) with other names in them.
    let pool = crate::augment::Pool::new(&sents[..n_train], None);
    let aug: Vec<(usize, Example)> = crate::augment::augment(&sents[..n_train], &pool, &opts.augment_types, opts.augment, opts.seed)
        .into_iter()
        .map(|(i, s)| (i, featurize(&s)))
        .collect();
    if opts.verbose {
        eprintln!("features for {} sentences (+{} augmented) in {:.1?}", examples.len(), aug.len(), t0.elapsed());
    }
    let model = |s1: Weights, s2: Option<Weights>| Model {
        bits: opts.bits,
        s1: Compact::from_weights(&s1, opts.bits),
        s2: s2.map(|w| Compact::from_weights(&w, opts.bits)),
        residual: opts.residual,
        window: opts.window as u32,
        clusters: clusters.clone(),
        lexicon: lexicon.clone(),
    };
    let with_aug = |range: std::ops::Range<usize>| -> Vec<&Example> {
        examples[range.clone()].iter().chain(aug.iter().filter(|(i, _)| range.contains(i)).map(|(_, e)| e)).collect()
    };
    if n_hold == 0 {
        let s1 = fixed_epochs(&with_aug(0..n_train), opts.epochs, opts, 0.0);
        let s2 = opts.two_stage.then(|| {
            let pred = jackknife(&examples, &aug, opts.epochs, 0.0, opts);
            let second = stage2_examples(&examples, &pred, opts);
            fixed_epochs(&second.iter().collect::<Vec<_>>(), opts.epochs, opts, 0.0)
        });
        return model(s1, s2);
    }
    let (train, hold) = examples.split_at(n_train);
    let (s1, ep1) = fit_stage("stage 1", &with_aug(0..n_train), hold, opts);
    if opts.verbose {
        eprintln!("stage 1: {ep1} epochs, O penalty {} ({:.1?})", s1.o_penalty, t0.elapsed());
    }
    let mut s2_choice = None;
    if opts.two_stage {
        let train_pred = jackknife(train, &aug, ep1, s1.o_penalty, opts);
        let hold_pred = Stage1::of(&s1, hold);
        let train2 = stage2_examples(train, &train_pred, opts);
        let hold2 = stage2_examples(hold, &hold_pred, opts);
        let (s2, ep2) = fit_stage("stage 2", &train2.iter().collect::<Vec<_>>(), &hold2, opts);
        if opts.verbose {
            eprintln!("stage 2: {ep2} epochs, O penalty {} ({:.1?})", s2.o_penalty, t0.elapsed());
        }
        s2_choice = Some((s2, ep2));
    }
    if !opts.retrain_full {
        return model(s1, s2_choice.map(|c| c.0));
    }
    if opts.verbose {
        eprintln!("retraining on all {} sentences", examples.len());
    }
    // The held-out sentences get augmented copies too, from a pool that now includes them.
    let pool = crate::augment::Pool::new(sents, None);
    let aug: Vec<(usize, Example)> = crate::augment::augment(sents, &pool, &opts.augment_types, opts.augment, opts.seed)
        .into_iter()
        .map(|(i, s)| (i, featurize(&s)))
        .collect();
    let all: Vec<&Example> = examples.iter().chain(aug.iter().map(|(_, e)| e)).collect();
    let full1 = fixed_epochs(&all, ep1, opts, s1.o_penalty);
    let full2 = s2_choice.map(|(s2, ep2)| {
        let pred = jackknife(&examples, &aug, ep1, s1.o_penalty, opts);
        let second = stage2_examples(&examples, &pred, opts);
        fixed_epochs(&second.iter().collect::<Vec<_>>(), ep2, opts, s2.o_penalty)
    });
    model(full1, full2)
}

/// Trains for a fixed number of epochs; the given `O` penalty is stored with the weights.
fn fixed_epochs(examples: &[&Example], epochs: usize, opts: &TrainOptions, o_penalty: f32) -> Weights {
    let mut tr = Ensemble::new(opts);
    for epoch in 0..epochs {
        tr.epoch(examples, opts.seed ^ epoch as u64);
    }
    let mut w = tr.averaged();
    w.o_penalty = o_penalty;
    w
}

/// Trains with early stopping on `hold`, then picks the `O` penalty on `hold`.
fn fit_stage(name: &str, train: &[&Example], hold: &[Example], opts: &TrainOptions) -> (Weights, usize) {
    let t0 = std::time::Instant::now();
    let mut tr = Ensemble::new(opts);
    let mut best = (f64::NEG_INFINITY, 0usize);
    let mut best_w = None;
    for epoch in 0..opts.epochs {
        tr.epoch(train, opts.seed ^ epoch as u64);
        let w = tr.averaged();
        let f1 = heldout_f1(&w, hold);
        if opts.verbose {
            eprintln!("{name} epoch {:2}: held-out F1 {:.2} ({:.1?})", epoch + 1, f1 * 100.0, t0.elapsed());
        }
        if f1 > best.0 {
            best = (f1, epoch + 1);
            best_w = Some(w);
        } else if epoch + 1 - best.1 >= opts.patience {
            break;
        }
    }
    let mut w = best_w.expect("at least one epoch");
    let mut penalty = (heldout_f1(&w, hold), 0.0f32);
    for p in PENALTIES {
        w.o_penalty = p;
        let f1 = heldout_f1(&w, hold);
        if opts.verbose {
            eprintln!("{name} O penalty {p:5.2}: held-out F1 {:.2}", f1 * 100.0);
        }
        if f1 > penalty.0 {
            penalty = (f1, p);
        }
    }
    w.o_penalty = penalty.1;
    (w, best.1)
}

/// First-stage tags of every example, each predicted by a model trained on the other folds
/// (contiguous blocks, with their augmented copies), so that the second stage learns from tags as
/// good as those it will see.
fn jackknife(examples: &[Example], aug: &[(usize, Example)], epochs: usize, o_penalty: f32, opts: &TrainOptions) -> Stage1 {
    let n = examples.len();
    let k = opts.folds.clamp(2, n.max(2));
    let mut pred = Stage1 { tags: vec![Vec::new(); n], em: vec![Vec::new(); n] };
    for fold in 0..k {
        let (a, b) = (fold * n / k, (fold + 1) * n / k);
        let refs: Vec<&Example> = examples[..a]
            .iter()
            .chain(&examples[b..])
            .chain(aug.iter().filter(|(i, _)| *i < a || (*i >= b && *i < n)).map(|(_, e)| e))
            .collect();
        let mut tr = Ensemble::new(&TrainOptions { ensemble: 1, ..opts.clone() });
        for epoch in 0..epochs {
            tr.epoch(&refs, opts.seed ^ (epoch as u64) ^ ((fold as u64 + 1) << 32));
        }
        let mut w = tr.averaged();
        w.o_penalty = o_penalty;
        for (i, ex) in examples.iter().enumerate().take(b).skip(a) {
            pred.em[i] = emissions(&w, &ex.f);
            pred.tags[i] = viterbi(&pred.em[i], &w.start, &w.trans, w.o_penalty);
        }
    }
    pred
}

/// First-stage output: tags and tag scores of every sentence.
struct Stage1 {
    tags: Vec<Vec<usize>>,
    em: Vec<Vec<[f32; N_TAGS]>>,
}

impl Stage1 {
    fn of(w: &Weights, examples: &[Example]) -> Stage1 {
        let em: Vec<Vec<[f32; N_TAGS]>> = examples.iter().map(|e| emissions(w, &e.f)).collect();
        let tags = em.iter().map(|e| viterbi(e, &w.start, &w.trans, w.o_penalty)).collect();
        Stage1 { tags, em }
    }
}

/// Second-stage examples: the first-stage features plus document features from `pred`.
fn stage2_examples(examples: &[Example], pred: &Stage1, opts: &TrainOptions) -> Vec<Example> {
    let feats: Vec<SentenceFeatures> = examples.iter().map(|e| e.f.clone()).collect();
    let second = crate::doc::doc_features(&feats, &pred.tags, opts.residual.then_some(&pred.em[..]), opts.window, opts.bits);
    second.into_iter().zip(examples).map(|(f, e)| Example { f, gold: e.gold.clone() }).collect()
}

/// `O` penalties tried on the held-out sentences (in averaged-perceptron score units).
const PENALTIES: [f32; 12] = [0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0];

fn heldout_f1(w: &Weights, hold: &[Example]) -> f64 {
    let (mut gold, mut pred, mut correct) = (0usize, 0usize, 0usize);
    for ex in hold {
        let p: Vec<Tag> = w.decode(&ex.f).into_iter().map(Tag::from_index).collect();
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

/// Several perceptrons trained on the same data in different orders; their averaged weights are
/// averaged again (for a linear model this is one model, as fast as each of them).
struct Ensemble {
    members: Vec<Trainer>,
}

impl Ensemble {
    fn new(opts: &TrainOptions) -> Ensemble {
        Ensemble { members: (0..opts.ensemble.max(1)).map(|_| Trainer::new(opts.bits)).collect() }
    }

    fn epoch(&mut self, examples: &[&Example], seed: u64) {
        if self.members.len() == 1 {
            self.members[0].epoch(examples, seed);
            return;
        }
        std::thread::scope(|sc| {
            for (k, m) in self.members.iter_mut().enumerate() {
                sc.spawn(move || m.epoch(examples, seed ^ ((k as u64) << 40)));
            }
        });
    }

    fn averaged(&self) -> Weights {
        let mut w = self.members[0].averaged();
        if self.members.len() == 1 {
            return w;
        }
        for m in &self.members[1..] {
            let o = m.averaged();
            for (a, b) in w.weights.iter_mut().zip(&o.weights) {
                *a += b;
            }
            for t in 0..N_TAGS {
                w.start[t] += o.start[t];
                for u in 0..N_TAGS {
                    w.trans[t][u] += o.trans[t][u];
                }
            }
        }
        let k = self.members.len() as f32;
        w.weights.iter_mut().for_each(|a| *a /= k);
        for t in 0..N_TAGS {
            w.start[t] /= k;
            for u in 0..N_TAGS {
                w.trans[t][u] /= k;
            }
        }
        w
    }
}

/// Perceptron weights with the running sums needed for averaging.
struct Trainer {
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
            w: vec![0.0; n],
            u: vec![0.0; n],
            start_w: [0.0; N_TAGS],
            start_u: [0.0; N_TAGS],
            trans_w: [[0.0; N_TAGS]; N_TAGS],
            trans_u: [[0.0; N_TAGS]; N_TAGS],
            c: 1.0,
        }
    }

    fn epoch(&mut self, examples: &[&Example], seed: u64) {
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = XorShift::new(seed);
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &k in &order {
            let ex = examples[k];
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

    fn averaged(&self) -> Weights {
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
        Weights { weights, start, trans, o_penalty: 0.0 }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{parse_conll_with, standard_tag};

    fn corpus() -> Vec<Sentence> {
        let text = "التقى O\nالوزير O\nسامي B-PERS\nعادل I-PERS\nفي O\nحمص B-LOC\n.\tO\n\n\
                    وزار O\nعادل B-PERS\nمقر O\nشركة O\nالنور B-ORG\n. O\n\n\
                    وأعلنت O\nشركة O\nالنور B-ORG\nأرباحها O\nفي O\nحماة B-LOC\n. O\n\n\
                    وقال O\nسامي B-PERS\nإن O\nحمص B-LOC\nتنتظر O\n. O\n";
        let one = parse_conll_with(text, standard_tag);
        (0..6).flat_map(|_| one.clone()).collect()
    }

    #[test]
    fn training_is_deterministic() {
        let opts = TrainOptions { bits: 14, epochs: 3, ensemble: 2, folds: 2, gazetteer: None, wordfreq: None, ..TrainOptions::default() };
        let a = train_on(&corpus(), &opts).unwrap().to_bytes();
        let b = train_on(&corpus(), &opts).unwrap().to_bytes();
        assert_eq!(a, b, "same data and options must give the same model file");
        let c = train_on(&corpus(), &TrainOptions { seed: 99, ..opts }).unwrap().to_bytes();
        assert_ne!(a, c, "the seed changes the shuffling");
    }

    #[test]
    fn a_trained_model_tags_its_training_names() {
        let opts = TrainOptions { bits: 14, epochs: 5, ensemble: 1, folds: 2, gazetteer: None, wordfreq: None, ..TrainOptions::default() };
        let m = train_on(&corpus(), &opts).unwrap();
        assert!(m.has_document_stage());
        let tags = m.tag(&["وقال", "سامي", "إن", "حمص", "تنتظر", "."]);
        assert_eq!(tags[1], Tag::B(EntityType::Pers), "{tags:?}");
        assert_eq!(tags[3], Tag::B(EntityType::Loc), "{tags:?}");
    }
}
