//! Modality of an event mention, from cue words before its trigger.
//!
//! Rules (the strongest wins):
//! - "whether or not" (`سواء قبل أم رفض`) is hypothetical above all;
//! - a negation within two words (`لم يلتق الرئيس نظيره`) negates;
//! - a condition or a modal verb (`يمكن أن تستأنف المفاوضات`) makes it hypothetical;
//! - a future cue within six words or a `سـ` prefix makes it future;
//! - a hedge (`يُرجَّح`) hedges; a reporter makes it reported.

use crate::*;

pub(crate) fn modality(inp: &Input, s: &Sentence, trigger: usize, future_prefix: bool, reported: bool) -> Modality {
    let toks = inp.tokens;
    let mut m = Modality::Asserted;
    let mut rank = 0;
    let mut set = |new: Modality, r: u8, m: &mut Modality| {
        if r > rank {
            *m = new;
            rank = r;
        }
    };
    if reported {
        set(Modality::Reported, 1, &mut m);
    }
    if future_prefix {
        set(Modality::Future, 3, &mut m);
    }
    // `على حد سواء` is "alike", no condition.
    let alike = |i: usize| i > s.tokens.start && toks[i - 1].key == "حد";
    for i in s.tokens.start..trigger {
        let near = trigger - i;
        for r in cue_keys(&toks[i].key) {
            for k in inp.lexicon.cue(r) {
                match k {
                    CueKind::Negation if near <= 2 => set(Modality::Negated, 5, &mut m),
                    CueKind::Hypothetical if !(r == "سواء" && alike(i)) => set(Modality::Hypothetical, 4, &mut m),
                    CueKind::Future if near <= 6 => set(Modality::Future, 3, &mut m),
                    CueKind::Hedge => set(Modality::Hedged, 2, &mut m),
                    _ => {}
                }
            }
        }
        if near <= 2 && Class::ModalVerbs.contains(&toks[i].key.as_str()) {
            set(Modality::Hypothetical, 4, &mut m);
        }
        // `سواء وافق أم لم يوافق`: neither branch of "whether or not" happened.
        if toks[i].key == "سواء" && !alike(i) && toks[i + 1..trigger].iter().any(|t| t.key == "ام") {
            set(Modality::Hypothetical, 6, &mut m);
        }
        // Two-word cues (من المقرر، في حال).
        if i + 1 < trigger {
            let k2 = format!("{} {}", toks[i].key, toks[i + 1].key);
            for k in inp.lexicon.cue(&k2) {
                match k {
                    // A denial (`نفت أن يكون … قد التقى`) negates what it governs, however far.
                    CueKind::Negation => set(Modality::Negated, 5, &mut m),
                    CueKind::Hypothetical => set(Modality::Hypothetical, 4, &mut m),
                    CueKind::Future => set(Modality::Future, 3, &mut m),
                    CueKind::Hedge => set(Modality::Hedged, 2, &mut m),
                    _ => {}
                }
            }
        }
    }
    m
}
