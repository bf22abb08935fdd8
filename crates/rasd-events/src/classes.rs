//! Word classes that the rules name, compiled from `data/classes.tsv`.
//!
//! Rules:
//! - each row names a class the code knows ([`Class`]) and its forms, `|`-separated;
//! - forms are compiled through the text core's phrase keys, as trigger forms are, so a row may
//!   spell `إلى` or `على` and matches the keys `الي` and `علي` (`سافر الوفد إلى القاهرة`: the
//!   preposition class holds `إلى` however it was written);
//! - an unknown class, a class given twice or a class without a row is an error naming `classes.tsv:line`.

use std::collections::HashSet;
use std::sync::OnceLock;

use rasd_text::phrase_key;

/// A word class of `data/classes.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Facilities,
    AnaphoricActs,
    RelationNouns,
    Prepositions,
    Conj,
    Adverbs,
    ClauseParticiples,
    MediumWords,
    PlaceNouns,
    ModalVerbs,
    ClauseOpeners,
    BlockingHeads,
    ReceivingHeads,
    Relatives,
    InstitutionHeads,
    ComplementLinks,
    ConstructHeads,
    PassiveForms,
    PassiveAuxiliaries,
    PlaceHeads,
    LightVerbs,
    ApprovalHeads,
    AspectLinks,
    ProposalNouns,
    PurposeForms,
    SiteNouns,
    BeforeASite,
    Complementizers,
    ReportedThat,
    PluperfectMarkers,
    StretchPrepositions,
    NominalPhrasePrepositions,
    ProDropPrepositions,
    ObjectPronouns,
    ResumptivePrepositions,
    BackgroundPrepositions,
    PlacePrepositions,
    InvestigationPrepositions,
    VerbsAlsoNouns,
    CountedForms,
    PromiseLinks,
    PublishedItems,
    TwelveForms,
    RankNouns,
    AttachedPrepositions,
    DeniedContent,
    ConditionWords,
    LedBy,
    Demonstratives,
    ClauseStarts,
    FramingPrepositions,
    PartnerPrepositions,
    WithdrawalPrepositions,
    MessageNouns,
    AddresseePrepositions,
    StepDemonstratives,
    CoordinationNouns,
    PhraseProclitics,
    PhrasePrepositions,
    PlaceResumingPrepositions,
    AgainstWords,
    SessionNouns,
    TemporalPrepositions,
    TwelveHeads,
    TriggerObjectPronouns,
    GovernmentHeads,
    Ranks,
    UnitPlaceHeads,
    PossessiveSuffixes,
    AmountStems,
    SupportStatementStems,
    StopForms,
    AmbiguousHypotheticalCues,
    AmbiguousNegationCues,
    AmbiguousHedgeCues,
    AmbiguousReportPrepCues,
    AmbiguousFutureCues,
    AmbiguousReportVerbCues,
    DenialStems,
    GatheringStems,
    PublishingStems,
    SufferVerbs,
    AttackInstruments,
    ObligationHeads,
    DisasterWords,
    ForceHeads,
    LocativeNouns,
    AnnounceVerbs,
    ClaimWords,
    WitnessVerbs,
}

/// The class names of `classes.tsv`.
const NAMES: [(&str, Class); 90] = [
    ("facilities", Class::Facilities),
    ("anaphoric_acts", Class::AnaphoricActs),
    ("relation_nouns", Class::RelationNouns),
    ("prepositions", Class::Prepositions),
    ("conj", Class::Conj),
    ("adverbs", Class::Adverbs),
    ("clause_participles", Class::ClauseParticiples),
    ("medium_words", Class::MediumWords),
    ("place_nouns", Class::PlaceNouns),
    ("modal_verbs", Class::ModalVerbs),
    ("clause_openers", Class::ClauseOpeners),
    ("blocking_heads", Class::BlockingHeads),
    ("receiving_heads", Class::ReceivingHeads),
    ("relatives", Class::Relatives),
    ("institution_heads", Class::InstitutionHeads),
    ("complement_links", Class::ComplementLinks),
    ("construct_heads", Class::ConstructHeads),
    ("passive_forms", Class::PassiveForms),
    ("passive_auxiliaries", Class::PassiveAuxiliaries),
    ("place_heads", Class::PlaceHeads),
    ("light_verbs", Class::LightVerbs),
    ("approval_heads", Class::ApprovalHeads),
    ("aspect_links", Class::AspectLinks),
    ("proposal_nouns", Class::ProposalNouns),
    ("purpose_forms", Class::PurposeForms),
    ("site_nouns", Class::SiteNouns),
    ("before_a_site", Class::BeforeASite),
    ("complementizers", Class::Complementizers),
    ("reported_that", Class::ReportedThat),
    ("pluperfect_markers", Class::PluperfectMarkers),
    ("stretch_prepositions", Class::StretchPrepositions),
    ("nominal_phrase_prepositions", Class::NominalPhrasePrepositions),
    ("pro_drop_prepositions", Class::ProDropPrepositions),
    ("object_pronouns", Class::ObjectPronouns),
    ("resumptive_prepositions", Class::ResumptivePrepositions),
    ("background_prepositions", Class::BackgroundPrepositions),
    ("place_prepositions", Class::PlacePrepositions),
    ("investigation_prepositions", Class::InvestigationPrepositions),
    ("verbs_also_nouns", Class::VerbsAlsoNouns),
    ("counted_forms", Class::CountedForms),
    ("promise_links", Class::PromiseLinks),
    ("published_items", Class::PublishedItems),
    ("twelve_forms", Class::TwelveForms),
    ("rank_nouns", Class::RankNouns),
    ("attached_prepositions", Class::AttachedPrepositions),
    ("denied_content", Class::DeniedContent),
    ("condition_words", Class::ConditionWords),
    ("led_by", Class::LedBy),
    ("demonstratives", Class::Demonstratives),
    ("clause_starts", Class::ClauseStarts),
    ("framing_prepositions", Class::FramingPrepositions),
    ("partner_prepositions", Class::PartnerPrepositions),
    ("withdrawal_prepositions", Class::WithdrawalPrepositions),
    ("message_nouns", Class::MessageNouns),
    ("addressee_prepositions", Class::AddresseePrepositions),
    ("step_demonstratives", Class::StepDemonstratives),
    ("coordination_nouns", Class::CoordinationNouns),
    ("phrase_proclitics", Class::PhraseProclitics),
    ("phrase_prepositions", Class::PhrasePrepositions),
    ("place_resuming_prepositions", Class::PlaceResumingPrepositions),
    ("against_words", Class::AgainstWords),
    ("session_nouns", Class::SessionNouns),
    ("temporal_prepositions", Class::TemporalPrepositions),
    ("twelve_heads", Class::TwelveHeads),
    ("trigger_object_pronouns", Class::TriggerObjectPronouns),
    ("government_heads", Class::GovernmentHeads),
    ("ranks", Class::Ranks),
    ("unit_place_heads", Class::UnitPlaceHeads),
    ("possessive_suffixes", Class::PossessiveSuffixes),
    ("amount_stems", Class::AmountStems),
    ("support_statement_stems", Class::SupportStatementStems),
    ("stop_forms", Class::StopForms),
    ("ambiguous_hypothetical_cues", Class::AmbiguousHypotheticalCues),
    ("ambiguous_negation_cues", Class::AmbiguousNegationCues),
    ("ambiguous_hedge_cues", Class::AmbiguousHedgeCues),
    ("ambiguous_report_prep_cues", Class::AmbiguousReportPrepCues),
    ("ambiguous_future_cues", Class::AmbiguousFutureCues),
    ("ambiguous_report_verb_cues", Class::AmbiguousReportVerbCues),
    ("denial_stems", Class::DenialStems),
    ("gathering_stems", Class::GatheringStems),
    ("publishing_stems", Class::PublishingStems),
    ("suffer_verbs", Class::SufferVerbs),
    ("attack_instruments", Class::AttackInstruments),
    ("obligation_heads", Class::ObligationHeads),
    ("disaster_words", Class::DisasterWords),
    ("force_heads", Class::ForceHeads),
    ("locative_nouns", Class::LocativeNouns),
    ("announce_verbs", Class::AnnounceVerbs),
    ("claim_words", Class::ClaimWords),
    ("witness_verbs", Class::WitnessVerbs),
];

/// The forms of a class: as keys in file order, and as a set.
#[derive(Debug, PartialEq)]
pub(crate) struct Forms {
    pub(crate) ordered: Vec<String>,
    pub(crate) set: HashSet<String>,
}

impl Class {
    /// Whether the key `w` is one of the class's forms (the signature of a slice's `contains`).
    pub(crate) fn contains(self, w: &&str) -> bool {
        classes()[self as usize].set.contains(*w)
    }

    /// The class's forms in file order (for suffixes tried in turn, or prefixes).
    pub(crate) fn forms(self) -> &'static [String] {
        &classes()[self as usize].ordered
    }
}

fn classes() -> &'static [Forms] {
    static CLASSES: OnceLock<Vec<Forms>> = OnceLock::new();
    CLASSES
        .get_or_init(|| compile(include_str!("../data/classes.tsv")).unwrap_or_else(|e| panic!("embedded word classes are malformed: {e}")))
}

/// Compiles `classes.tsv`: the forms of each class, as phrase keys, indexed by [`Class`].
pub(crate) fn compile(tsv: &str) -> Result<Vec<Forms>, String> {
    let mut sets: Vec<Option<Forms>> = (0..NAMES.len()).map(|_| None).collect();
    let mut header = false;
    for (n, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if !header {
            if cells != ["class", "forms", "note"] {
                return Err(format!("classes.tsv:{}: expected the header class, forms, note", n + 1));
            }
            header = true;
            continue;
        }
        if cells.len() != 3 {
            return Err(format!("classes.tsv:{}: {} cells, expected 3", n + 1, cells.len()));
        }
        let Some(&(_, class)) = NAMES.iter().find(|(name, _)| *name == cells[0]) else {
            return Err(format!("classes.tsv:{}: unknown class {:?}", n + 1, cells[0]));
        };
        let slot = &mut sets[class as usize];
        if slot.is_some() {
            return Err(format!("classes.tsv:{}: class {:?} given twice", n + 1, cells[0]));
        }
        let ordered: Vec<String> = cells[1].split('|').map(phrase_key).filter(|k| !k.is_empty()).collect();
        *slot = Some(Forms { set: ordered.iter().cloned().collect(), ordered });
    }
    NAMES.iter().zip(sets).map(|((name, _), set)| set.ok_or_else(|| format!("classes.tsv: class {name:?} has no row"))).collect()
}
