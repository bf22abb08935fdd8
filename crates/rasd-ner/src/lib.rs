//! rasd's statistical name tagger: people, places, organisations and other names that no
//! lexicon knows.
//!
//! An averaged structured perceptron over IOB2 tags (`O`, `B-`/`I-` × PERS, LOC, ORG, MISC)
//! with first-order Viterbi decoding that never lets an `I-X` follow anything but an `X`.
//! Features ([`features`]) are hashed into `2^bits` buckets; the model file stores only
//! non-zero buckets, quantised to 16 bits ([`model`] documents the layout).
//!
//! - [`Model::embedded`] (cargo feature `embedded-model`, on by default) or [`Model::load`];
//! - [`Model::tag`] tags the words of a sentence, [`Model::tag_tokens`] gives entity spans over rasd tokens;
//! - [`train()`] trains on a `word TAG` file, deterministically for a given [`TrainOptions::seed`];
//! - [`eval::conll`] scores a `word TAG` file at the entity level (CoNLL rules).
//!
//! Invariants: tagging never fails and never panics on any text; spans returned by
//! [`Model::tag_tokens`] are byte offsets into the text the tokens came from.

mod augment;
pub mod clusters;
pub mod data;
mod doc;
pub mod eval;
pub mod features;
pub mod lexicon;
pub mod model;
mod table;
mod tag;
pub(crate) mod train;

pub use eval::EvalReport;
pub use model::{FORMAT_VERSION, MAGIC, Model, NerError, NerErrorKind};
pub use tag::{EntityType, N_TAGS, Tag, chunks, to_iob2};
pub use train::{TrainOptions, train, train_on, train_sentences};
