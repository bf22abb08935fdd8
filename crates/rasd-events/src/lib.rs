//! PLOVER event coding.
//!
//! For each sentence that may carry events (body and title, never a caption or a
//! pull-quote), the coder:
//! 1. finds triggers from the lexicon (`data/triggers.tsv`), longest first, words
//!    read with their proclitics stripped (a `سـ` on a verb marks the future);
//! 2. groups actor mentions into *units* (`روسيا وتركيا وإيران` is one unit of three),
//!    each with the preposition that introduces it;
//! 3. picks the source (SVO subject before the verb, VSO subject after it, the
//!    genitive of a verbal noun, or the topic of the sentence when the subject is
//!    dropped) and the target (the object or the unit after a preposition the
//!    trigger takes); a visited place gives its country as the target;
//! 4. reads modality and attribution from cue words (`data/cues.tsv`);
//! 5. dates the mention with the time expression nearest its trigger; a time that
//!    dates a *report* (`في منشور مساء السبت`) only bounds the event from above;
//!    an undated mention may inherit the date of the previous sentence's event
//!    with a shared actor (basis `context`);
//! 6. places it at the place introduced by `في`/`ب`/`إلى` in its clause, or, for a
//!    meeting during a visit, at the visit's place (marked as context).
//!
//! Mentions of the same happening are then merged into one [`Event`], keeping all
//! evidence and the best date and place.

use rasd_core::Date;
use rasd_core::{DateBasis, EventType, Modality, PartOfDay, Precision, Span, TimeExpr};
use rasd_kb::{DocEntities, EntityId, EntityKind};
use rasd_mentions::{Mention, MentionKind};
use rasd_text::clitics::readings;
use rasd_text::{Layout, Sentence, Token, TokenKind};

pub mod lexicon;

pub use casualties::Casualties;
pub use lexicon::{CueKind, Lexicon, Pos, Trigger};

/// Everything the coder reads about one document.
pub struct Input<'a> {
    /// The knowledge base and this document's own entities.
    pub kb: &'a DocEntities<'a>,
    pub lexicon: &'a Lexicon,
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [Sentence],
    pub layout: &'a Layout,
    pub mentions: &'a [Mention],
    pub times: &'a [TimeExpr],
    pub published: Option<Date>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EventDate {
    pub start: Date,
    pub end: Date,
    pub precision: Precision,
    pub part_of_day: Option<PartOfDay>,
    /// The time expression the date comes from, if any.
    pub span: Option<Span>,
    pub basis: DateBasis,
    /// How the date was found, for `explain`.
    pub how: DateHow,
}

/// How an event's date was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateHow {
    /// The time expression nearest the trigger.
    NearestTime,
    /// The time of a report: the event happened by then.
    ReportTime,
    /// A statement with no date of its own: the publication day or the day before.
    Publication,
    /// Inherited from an earlier event with a shared actor.
    Inherited,
    /// A report time bounded below by the first dated event of a shared actor.
    SinceSharedActor,
}

impl DateHow {
    pub fn as_str(self) -> &'static str {
        match self {
            DateHow::NearestTime => "time expression nearest the trigger",
            DateHow::ReportTime => "the time of the report: the event happened by then",
            DateHow::Publication => {
                "no date in the text: a statement reported without one, taken as of the publication day or the day before"
            }
            DateHow::Inherited => "inherited from an earlier event of this or the previous sentence with a shared actor",
            DateHow::SinceSharedActor => "between the first dated event of a shared actor and the time of the report",
        }
    }
}

impl std::fmt::Display for DateHow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a location was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocationBasis {
    /// في/إلى + place in the event's clause.
    Clause,
    /// A place elsewhere in the sentence.
    Sentence,
    /// The place of a visit the event belongs to.
    Visit,
    /// The dateline of the story.
    Dateline,
    /// No place in the text: the one country all its actors belong to (an arrest by a state of
    /// its own people, an attack by someone unnamed on a country's people).
    Actors,
}

impl LocationBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            LocationBasis::Clause => "clause",
            LocationBasis::Sentence => "sentence",
            LocationBasis::Visit => "visit",
            LocationBasis::Dateline => "dateline",
            LocationBasis::Actors => "actors",
        }
    }

    /// Higher is better when mentions of one event disagree.
    fn rank(self) -> u8 {
        match self {
            LocationBasis::Clause => 4,
            LocationBasis::Sentence => 3,
            LocationBasis::Visit => 2,
            LocationBasis::Dateline => 1,
            LocationBasis::Actors => 0,
        }
    }
}

impl std::fmt::Display for LocationBasis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who a mention is attributed to: a named actor, or a source the text leaves unnamed (`وفق مصادر`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reporter {
    Named(EntityId),
    Unnamed,
}

impl Reporter {
    pub fn named(self) -> Option<EntityId> {
        match self {
            Reporter::Named(e) => Some(e),
            Reporter::Unnamed => None,
        }
    }
}

impl EventDate {
    /// Higher is better: a day from the clause beats a range, which beats an inherited date.
    fn rank(&self) -> (u8, i64) {
        let basis = match self.basis {
            DateBasis::Explicit | DateBasis::Relative => 2,
            DateBasis::Context => 1,
            DateBasis::Publication => 0,
        };
        let width = (self.end - self.start).get_days() as i64;
        let precise = u8::from(self.precision == Precision::Day);
        (basis * 2 + precise, -width)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    pub entity: EntityId,
    pub basis: LocationBasis,
}

/// One mention of an event in one sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct EventMention {
    pub sentence: usize,
    pub sentence_span: Span,
    pub trigger: Span,
    /// Index into [`Lexicon::triggers`].
    pub rule: usize,
    pub event_type: EventType,
    pub mode: Option<String>,
    pub source: Vec<EntityId>,
    pub target: Vec<EntityId>,
    pub date: Option<EventDate>,
    pub location: Option<Location>,
    pub modality: Modality,
    pub reported_by: Vec<Reporter>,
    /// Notes on how each argument was found, for `explain`.
    pub notes: Vec<String>,
    /// The target is only the country of a place acted on (`غارات على الضاحية` → Lebanon): a
    /// weaker reading that a named target in the same sentence replaces.
    pub target_from_place: bool,
    /// An ASSAULT whose source claimed it (see [`claims`]).
    pub claimed: bool,
}

/// One happening, with all its mentions.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub event_type: EventType,
    pub mode: Option<String>,
    pub contexts: Vec<String>,
    pub source: Vec<EntityId>,
    pub target: Vec<EntityId>,
    pub date: Option<EventDate>,
    pub location: Option<Location>,
    pub modality: Modality,
    pub reported_by: Vec<EntityId>,
    pub mentions: Vec<EventMention>,
    pub confidence: f32,
    /// ASSAULT only: the killed and the injured, when the text gives a figure (see [`casualties`]).
    pub fatalities: Option<Casualties>,
    pub injured: Option<Casualties>,
    /// ASSAULT only: who claimed the attack (DESIGN.md's `claimed_by`); they are also its source.
    pub claimed_by: Vec<EntityId>,
}

/// Codes the events of a document.
pub fn code_events(inp: &Input) -> Vec<Event> {
    let mut mentions = Vec::new();
    for (si, s) in inp.sentences.iter().enumerate() {
        if !inp.layout.kind_at(s.span.start).carries_events() {
            continue;
        }
        // A run-on "sentence" (a text without punctuation, a table) is coded in clause-sized
        // chunks, so that work stays linear in the length of the text.
        for chunk in chunks(inp.tokens, s) {
            code_sentence(inp, si, &chunk, &mut mentions);
        }
    }
    infer_context(inp, &mut mentions);
    date_statements_by_publication(inp, &mut mentions);
    let mut events = merge(inp, mentions);
    claims::attach(inp, &mut events);
    casualties::attach(inp, &mut events);
    events
}

mod attribution;
pub mod casualties;
mod claims;
mod classes;
mod clause;
mod dating;
mod frame;
mod merge;
mod modality;
mod place;
mod readings;
mod roles;
mod source;
mod target;
mod triggers;
mod units;

use attribution::*;
use classes::Class;
use clause::*;
use dating::*;
use frame::*;
use merge::*;
use modality::*;
use place::*;
use readings::*;
use triggers::*;
use units::*;

#[cfg(test)]
mod tests;
