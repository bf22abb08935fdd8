//! Types that pass between rasd's stages.
//!
//! The pipeline is `read → text → mentions → resolve → time → events → report`.
//! Every stage hands the next one plain data defined here, so that a stage can
//! be replaced or deepened without reshaping its neighbours.
//!
//! # Invariant: offsets are sacred
//! Every [`Span`] is a pair of UTF-8 byte offsets into [`Document::text`], the
//! original input exactly as read. Normalisation produces *keys* for matching
//! (see `rasd-text`) but never a new text that spans would point into, so
//! `&doc.text[span.range()]` is always the exact original surface.
//!
//! Core types are deliberately not `Serialize`: the JSON contract lives in
//! `rasd-pipeline`'s report module, which owns its DTOs.

pub use jiff::civil::Date;
/// Day arithmetic on [`Date`]s (`date.checked_sub(6.days())`).
pub use jiff::{Span as DateSpan, ToSpan};

mod event;
mod span;
mod time;

pub use event::{EventType, Modality};
pub use span::Span;
pub use time::{DateBasis, PartOfDay, Precision, TimeExpr};

/// Where a document's publication date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PublishedBasis {
    /// A `date:` header line or a `date` field of a JSON Lines record.
    Header,
    /// A date line in the raw newspaper layout (e.g. `الاثنين 2025/05/12`).
    Dateline,
    /// A date found in the body text (e.g. an agency dateline with a date).
    Body,
    /// The `--published` command-line option.
    Option,
    /// No publication date is known.
    #[default]
    None,
}

impl PublishedBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            PublishedBasis::Header => "header",
            PublishedBasis::Dateline => "dateline",
            PublishedBasis::Body => "body",
            PublishedBasis::Option => "option",
            PublishedBasis::None => "none",
        }
    }
}

/// Metadata of a document, from a header block, a JSON record or the layout.
#[derive(Clone, Debug, Default)]
pub struct DocMeta {
    /// Stable identifier: the record's `id`, else derived from the path and a content hash.
    pub id: String,
    /// Where the document came from (a file path, `-` for stdin, `path:line` for JSON Lines).
    pub path: String,
    pub title: Option<String>,
    pub published: Option<Date>,
    pub published_basis: PublishedBasis,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Problems met while reading that did not stop the document from being analysed.
    pub warnings: Vec<String>,
}

/// One article: its metadata and its original text.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub meta: DocMeta,
    /// The original text exactly as read (for a text file: the whole file, header included).
    /// All spans point into this string.
    pub text: String,
    /// Byte offset where the article proper starts (after a `key: value` header block; 0 if none).
    pub body_start: usize,
}

impl Document {
    /// The exact original text of a span.
    ///
    /// # Panics
    /// If the span is not on char boundaries of `text` — which would break the offset invariant.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
}

/// For tests whose check needs something outside the repository (`../shared`, node, a browser,
/// python packages, database servers): under CI (`CI` set, as `.ci/run` runs) a missing resource
/// is a failure that names it — a green CI run must mean the check ran —; elsewhere the test
/// prints why it skipped and returns.
///
/// Panics under CI.
pub fn skip_unless_ci(reason: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    if ci {
        panic!("cannot run under CI: {reason}");
    }
    eprintln!("SKIPPED (outside CI): {reason}");
}
