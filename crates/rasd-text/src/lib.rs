//! rasd's Arabic text core.
//!
//! - [`normalize`]: matching keys (alef/hamza, ى/ي, ة/ه, diacritics, digits) that never move offsets;
//! - [`token`]: tokens with byte spans into the original text;
//! - [`clitics`]: proclitic and enclitic readings, checked by the caller against its lexicon;
//! - [`segment`]: lexicon-checked clitic segmentation into byte spans, and its PUD evaluation;
//! - [`bench`]: single-thread throughput of tokenise + segment + split over a JSON Lines corpus;
//! - [`sentence`]: sentence splitting;
//! - [`lang`]: language identification (Arabic versus Persian, Urdu, Pashto, Kurdish and other scripts);
//! - [`layout`]: title, date line, captions, pull-quotes, body, junk, trailers and the dateline.
//!
//! Invariant: nothing here changes the text. Every span indexes the original string.

pub mod bench;
pub mod clitics;
pub mod lang;
pub mod layout;
pub mod normalize;
pub mod segment;
pub mod sentence;
pub mod token;
pub mod translit;

pub use layout::{Block, BlockKind, Layout};
pub use normalize::{key, phrase_key};
pub use sentence::{Sentence, split_sentences};
pub use token::{Token, TokenKind, tokenize};
