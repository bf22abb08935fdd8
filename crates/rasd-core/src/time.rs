use crate::{Date, Span};

/// How finely an interval is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    /// A single day (start == end).
    Day,
    /// A run of days whose exact day is not known (e.g. `قبل أيام`, or "up to Saturday").
    Range,
    Week,
    Month,
    Year,
    /// A vague span (`خلال الأسابيع الأخيرة`, `منذ 2014`).
    Fuzzy,
    Unknown,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Range => "range",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Fuzzy => "fuzzy",
            Precision::Unknown => "unknown",
        }
    }
}

/// How a date was arrived at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateBasis {
    /// The text gives the date itself (`9 مايو 2025`).
    Explicit,
    /// Computed from the publication date (`الخميس`, `أمس`, `9 مايو` without a year).
    Relative,
    /// The publication date used as a fallback.
    Publication,
    /// Inherited from another expression in the context (a meeting "during the visit").
    Context,
}

impl DateBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::Explicit => "explicit",
            DateBasis::Relative => "relative",
            DateBasis::Publication => "publication",
            DateBasis::Context => "context",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartOfDay {
    Dawn,
    Morning,
    Noon,
    Afternoon,
    Evening,
    Night,
}

impl PartOfDay {
    pub fn as_str(self) -> &'static str {
        match self {
            PartOfDay::Dawn => "dawn",
            PartOfDay::Morning => "morning",
            PartOfDay::Noon => "noon",
            PartOfDay::Afternoon => "afternoon",
            PartOfDay::Evening => "evening",
            PartOfDay::Night => "night",
        }
    }
}

/// A recognised time expression resolved to an interval of days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeExpr {
    /// The words of the expression in the original text.
    pub span: Span,
    /// First day of the interval (inclusive).
    pub start: Date,
    /// Last day of the interval (inclusive).
    pub end: Date,
    pub precision: Precision,
    pub part_of_day: Option<PartOfDay>,
    pub basis: DateBasis,
}
