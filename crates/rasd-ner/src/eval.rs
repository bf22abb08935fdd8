//! CoNLL entity-level evaluation: an entity counts as correct only when its span and type
//! both match exactly (as `conlleval` counts).

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::data::{Sentence, aqmar_tag, read_conll, read_conll_with};
use crate::model::Model;
use crate::tag::{EntityType, chunks};

/// File names of the sequential ANERcorp split (CAMeL Lab procedure) in the ANERcorp folder.
pub const ANERCORP_TRAIN: &str = "ANERCorp_CamelLabSplit_reconstructed_train.txt";
pub const ANERCORP_TEST: &str = "ANERCorp_CamelLabSplit_reconstructed_test.txt";

/// Counts for one entity type.
#[derive(Clone, Copy, Debug)]
pub struct TypeScores {
    pub ty: EntityType,
    pub gold: usize,
    pub pred: usize,
    pub correct: usize,
}

impl TypeScores {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.pred)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

/// The result of an evaluation.
#[derive(Clone, Debug)]
pub struct EvalReport {
    /// What was evaluated (a file or folder name).
    pub name: String,
    pub sentences: usize,
    pub tokens: usize,
    /// Words whose tag was exactly right.
    pub tokens_correct: usize,
    /// PERS, LOC, ORG, MISC in that order.
    pub per_type: Vec<TypeScores>,
}

impl EvalReport {
    /// Micro-averaged (precision, recall, F1) over all types, as fractions.
    pub fn micro(&self) -> (f64, f64, f64) {
        self.micro_over(&EntityType::ALL)
    }

    /// Micro-averaged (precision, recall, F1) over some types.
    pub fn micro_over(&self, types: &[EntityType]) -> (f64, f64, f64) {
        let (mut g, mut p, mut c) = (0, 0, 0);
        for s in self.per_type.iter().filter(|s| types.contains(&s.ty)) {
            g += s.gold;
            p += s.pred;
            c += s.correct;
        }
        let (pr, re) = (ratio(c, p), ratio(c, g));
        (pr, re, f1(pr, re))
    }

    /// Micro F1 in percent.
    pub fn micro_f1(&self) -> f64 {
        self.micro().2 * 100.0
    }

    /// A readable table; the last line is `micro_f1 NN.NN`.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{}: {} sentences, {} tokens, token accuracy {:.2}",
            self.name,
            self.sentences,
            self.tokens,
            100.0 * ratio(self.tokens_correct, self.tokens)
        );
        let _ = writeln!(s, "{:<6} {:>6} {:>6} {:>7} {:>9} {:>7} {:>7}", "type", "gold", "pred", "correct", "precision", "recall", "f1");
        for t in &self.per_type {
            let _ = writeln!(
                s,
                "{:<6} {:>6} {:>6} {:>7} {:>9.2} {:>7.2} {:>7.2}",
                t.ty.as_str(),
                t.gold,
                t.pred,
                t.correct,
                100.0 * t.precision(),
                100.0 * t.recall(),
                100.0 * t.f1()
            );
        }
        let (p, r, f) = self.micro();
        let _ = writeln!(s, "micro_precision {:.2}", 100.0 * p);
        let _ = writeln!(s, "micro_recall {:.2}", 100.0 * r);
        let _ = write!(s, "micro_f1 {:.2}", 100.0 * f);
        s
    }
}

/// Predicted tags of every sentence.
/// The sentences are read as one document stream: the second stage looks at the model's window of
/// sentences around each one.
pub fn tag_all(model: &Model, sents: &[Sentence]) -> Vec<Vec<crate::Tag>> {
    let words: Vec<Vec<&str>> = sents.iter().map(Sentence::word_refs).collect();
    model.tag_document(&words)
}

/// Tags every sentence (as one document stream) and scores the entities.
pub fn score(model: &Model, name: &str, sents: &[Sentence]) -> EvalReport {
    score_documents(model, name, std::slice::from_ref(&sents.to_vec()))
}

/// Tags each document separately (the second stage looks only inside a document) and scores the
/// entities of all of them.
pub fn score_documents(model: &Model, name: &str, docs: &[Vec<Sentence>]) -> EvalReport {
    let mut per_type: Vec<TypeScores> = EntityType::ALL.iter().map(|&ty| TypeScores { ty, gold: 0, pred: 0, correct: 0 }).collect();
    let (mut tokens, mut tokens_correct) = (0, 0);
    let mut n_sents = 0;
    for (s, pred) in docs.iter().flat_map(|d| d.iter().zip(tag_all(model, d))) {
        n_sents += 1;
        tokens += s.tags.len();
        tokens_correct += pred.iter().zip(&s.tags).filter(|(a, b)| a == b).count();
        let gc = chunks(&s.tags);
        let pc = chunks(&pred);
        for c in &gc {
            per_type[c.2 as usize].gold += 1;
        }
        for c in &pc {
            per_type[c.2 as usize].pred += 1;
            if gc.contains(c) {
                per_type[c.2 as usize].correct += 1;
            }
        }
    }
    EvalReport { name: name.to_string(), sentences: n_sents, tokens, tokens_correct, per_type }
}

/// Evaluates on a `word TAG` file (e.g. the ANERcorp test split). The file has no article
/// boundaries, so it is read as one document stream: the second stage looks at the model's window
/// of sentences (±10) around each sentence.
pub fn conll(model: &Model, test_path: &Path) -> io::Result<EvalReport> {
    let sents = read_conll(test_path)?;
    let name = test_path.file_name().map_or_else(|| test_path.display().to_string(), |n| n.to_string_lossy().into_owned());
    Ok(score(model, &name, &sents))
}

/// Evaluates on AQMAR (all `*.txt` under `dir/articles`, or `dir` itself), with the label
/// mapping of [`crate::data::aqmar_tag`] (MIS0–MIS3 → MISC). Each article is its own document.
pub fn aqmar(model: &Model, dir: &Path) -> io::Result<EvalReport> {
    let articles = if dir.join("articles").is_dir() { dir.join("articles") } else { dir.to_path_buf() };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&articles)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for f in &files {
        docs.push(read_conll_with(f, aqmar_tag).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", f.display())))?);
    }
    Ok(score_documents(model, &format!("AQMAR ({} articles)", files.len()), &docs))
}

/// `../shared/data/<name>` relative to the current directory, or to the nearest ancestor where it exists.
fn shared_data(name: &str) -> PathBuf {
    let rel = Path::new("../shared/data").join(name);
    if let Ok(cwd) = std::env::current_dir() {
        for dir in cwd.ancestors() {
            let p = dir.join(&rel);
            if p.is_dir() {
                return p;
            }
        }
    }
    rel
}

/// `../shared/data/anercorp` relative to the current directory (the repository root), or to
/// the nearest ancestor where it exists (so tests run from a crate folder find it too).
pub fn default_anercorp_dir() -> PathBuf {
    shared_data("anercorp")
}

/// `../shared/data/aqmar`, found like [`default_anercorp_dir`].
pub fn default_aqmar_dir() -> PathBuf {
    shared_data("aqmar")
}
