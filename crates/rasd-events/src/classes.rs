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
}

/// The class names of `classes.tsv`.
const NAMES: [(&str, Class); 25] = [
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
];

impl Class {
    /// Whether the key `w` is one of the class's forms (the signature of a slice's `contains`).
    pub(crate) fn contains(self, w: &&str) -> bool {
        classes()[self as usize].contains(*w)
    }
}

fn classes() -> &'static [HashSet<String>] {
    static CLASSES: OnceLock<Vec<HashSet<String>>> = OnceLock::new();
    CLASSES
        .get_or_init(|| compile(include_str!("../data/classes.tsv")).unwrap_or_else(|e| panic!("embedded word classes are malformed: {e}")))
}

/// Compiles `classes.tsv`: the forms of each class, as phrase keys, indexed by [`Class`].
pub(crate) fn compile(tsv: &str) -> Result<Vec<HashSet<String>>, String> {
    let mut sets: Vec<Option<HashSet<String>>> = vec![None; NAMES.len()];
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
        *slot = Some(cells[1].split('|').map(phrase_key).filter(|k| !k.is_empty()).collect());
    }
    NAMES.iter().zip(sets).map(|((name, _), set)| set.ok_or_else(|| format!("classes.tsv: class {name:?} has no row"))).collect()
}
