//! Claims of responsibility: who claimed an attack.
//!
//! Rules:
//! - an ASSAULT mention is a claim when its trigger holds a claim word (`data/classes.tsv`,
//!   `claim_words`: `أعلن التنظيم مسؤوليته عن التفجير`, `تبنت الحركة الهجوم`) or when its source was
//!   read from a relative clause of claiming (`الهجوم الذي تبنته الحركة`); its source is the claimant;
//! - a claim told after the attack it claims (`قتل خمسة في انفجار عبوة … وتبنى التنظيم التفجير`) is
//!   that attack: the nearest attack with no named attacker in the claim's sentence or the two before
//!   it takes the claimant as its source and the claim's mentions as evidence, so one happening stays
//!   one event;
//! - a claim whose claimant the text does not name (`فصائل تتبنى الهجوم`, with no actor the
//!   knowledge base or the tagger knows) is dropped: the attack's own mention codes it;
//! - every event with a claim among its mentions lists its claimants in `claimed_by`; an accusation
//!   of responsibility (`حمّلت الحكومة الحركة مسؤولية الهجوم`) is ACCUSE, never a claim.

use crate::*;

/// How many sentences before a claim the attack it claims may be told.
const CLAIM_REACH: usize = 2;

/// Joins claims to the attacks they claim and fills `claimed_by`.
pub(crate) fn attach(inp: &Input, events: &mut Vec<Event>) {
    let mut k = 0;
    while k < events.len() {
        let claim = &events[k];
        let only_claims = claim.event_type == EventType::Assault && claim.mentions.iter().all(|m| m.claimed);
        // A claim that names no claimant says nothing that the attack's own words do not.
        if only_claims && claim.source.is_empty() {
            events.remove(k);
            continue;
        }
        let target = if only_claims { claimed_attack(inp, events, k) } else { None };
        if let Some(t) = target {
            let claim = events.remove(k);
            let t = if t > k { t - 1 } else { t };
            join(inp, &mut events[t], claim);
            // The event now at `k` is unvisited.
            continue;
        }
        k += 1;
    }
    for e in events.iter_mut() {
        if e.event_type == EventType::Assault && e.mentions.iter().any(|m| m.claimed) {
            for m in e.mentions.iter().filter(|m| m.claimed) {
                for &c in &m.source {
                    if !e.claimed_by.contains(&c) {
                        e.claimed_by.push(c);
                    }
                }
            }
        }
    }
}

/// The attack that the claim event `k` claims: the nearest one told before it (or in its sentence)
/// whose attacker the text leaves unnamed or names as the claimant.
fn claimed_attack(inp: &Input, events: &[Event], k: usize) -> Option<usize> {
    let claim = &events[k];
    let first = claim.mentions.first()?;
    let unnamed = |e: &Event| e.source.is_empty() || e.source.iter().all(|&s| roles::generic_role(inp.kb, s).is_some());
    events
        .iter()
        .enumerate()
        .filter(|&(j, e)| {
            j != k
                && e.event_type == EventType::Assault
                && e.modality != Modality::Negated
                && !e.mentions.iter().all(|m| m.claimed)
                && (unnamed(e) || e.source == claim.source)
        })
        .filter_map(|(j, e)| {
            // The attack's latest mention not after the claim's sentence.
            e.mentions
                .iter()
                .filter(|m| m.sentence <= first.sentence && first.sentence - m.sentence <= CLAIM_REACH)
                .map(|m| (m.sentence, m.trigger.start))
                .max()
                .map(|at| (at, j))
        })
        .max()
        .map(|(_, j)| j)
}

/// The claim's mentions become evidence of the attack; the claimant becomes its source.
fn join(inp: &Input, attack: &mut Event, claim: Event) {
    attack.source = claim.source.clone();
    if attack.target.is_empty() {
        attack.target = claim.target.clone();
    }
    for mut m in claim.mentions {
        m.notes.push("joined to the attack it claims".into());
        add_mention(inp, attack, m, false);
    }
    attack.mentions.sort_by_key(|m| (m.sentence, m.trigger.start));
}
