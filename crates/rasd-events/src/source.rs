//! The source of an event mention: an ordered table of named rules.
//!
//! Rules, in order:
//! - the subject, the first of: the host after a pronoun-suffixed trigger (`كان في استقباله وزير
//!   الخارجية`), the pronoun on a verbal noun (`أثناء زيارته`), the visitor after ل (`زيارة للرئيس`),
//!   the nisba of a verbal noun (`القصف التركي`), the genitive of a verbal noun (`لقاء الوزير`),
//!   the subject before the verb (SVO: `الحكومة أعلنت`), the subject after it (VSO: `أعلنت الحكومة`);
//! - then, still without a source: the subject of a light verb (`شنت الطائرات غارات`), the actor
//!   of an aim, the parties after بين (`اشتباكات بين الجيش والمتمردين`), the actors of the act
//!   talks framed, the sentence's topic for a dropped subject (`وأضاف أن…`), the actor named before a
//!   relative clause.

use crate::*;

/// The subject: the first rule that applies decides.
pub(crate) const SUBJECT_RULES: [(&str, Rule); 8] = [
    ("the host after a pronoun-suffixed trigger", host_after_pronoun),
    ("a circumstantial participle's subject", participle_subject),
    ("the pronoun on a verbal noun", pronoun_on_verbal_noun),
    ("the visitor after ل", visitor_after_lam),
    ("the nisba of a verbal noun", nisba_agent),
    ("the genitive of a verbal noun", genitive_of_verbal_noun),
    ("the subject before the verb (SVO)", svo_subject),
    ("the subject after the verb (VSO)", vso_subject),
];

/// The source rules, in order: each reads what the ones before left.
pub(crate) const SOURCE_RULES: [(&str, Step); 9] = [
    ("subject", subject),
    ("the subject of a light verb", light_verb_carrier),
    ("the actor of an aim", aim_actor),
    ("the parties after بين", between_parties),
    ("the actors of the act talks framed", framing_talks),
    ("the topic for a dropped subject", dropped_subject),
    ("the actor named before a relative clause", before_relative),
    ("the speaker of an obligation laid on someone", obligation_speaker),
    ("the actor that announces its own act", announced_act),
];

/// An act told as what its actor announced or managed (`أعلن الجيش العراقي إلقاء القبض على …`,
/// `تمكنت قوات الأمن من توقيف …`): the subject of the announcing verb did it.
pub(crate) fn announced_act<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let toks = cx.inp.tokens;
    let acts = matches!(
        f.def.event_type,
        EventType::Coerce | EventType::Assault | EventType::Mobilize | EventType::Retreat | EventType::Sanction | EventType::Aid
    );
    if !a.source.is_empty() || a.both || f.def.pos != Pos::Noun || !acts {
        return;
    }
    // The nearest subject before the verbal noun, right after an announcing verb, with at most a
    // time word or `عن`/`من` between it and the noun.
    let Some(u) = cx.units.iter().rev().find(|u| u.tokens.end <= f.start && u.tokens.start >= cx.s.tokens.start) else { return };
    let between_ok = f.start - u.tokens.end <= 3
        && toks[u.tokens.end..f.start].iter().all(|t| !CLAUSE_BREAKS.contains(&t.key.as_str()) && t.kind == TokenKind::Arabic);
    let announced = u.prep.is_none()
        && u.tokens.start > cx.s.tokens.start
        && readings(&toks[u.tokens.start - 1].key).iter().any(|r| Class::AnnounceVerbs.contains(&r.rest.as_str()));
    if between_ok && announced && !u.place_only {
        a.source = u.entities.clone();
        a.notes.push("source: the subject of the verb announcing the act".into());
    }
}

/// An obligation laid on someone in reported speech (`قال الوزير إنه يجب على إسرائيل أن توقف …`)
/// is the speaker's demand on them: the speaker is the source.
pub(crate) fn obligation_speaker<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let toks = cx.inp.tokens;
    if f.def.event_type != EventType::Request || !Class::ObligationHeads.contains(&toks[f.start].key.as_str()) {
        return;
    }
    // (The obligation's verb is impersonal: only a named speaker makes it a demand.)
    a.source.clear();
    if let Some(speaker) = cx.reporters.iter().find_map(|r| r.named()) {
        a.source = vec![speaker];
        a.target.retain(|&e| e != speaker);
        a.notes.push("source: the speaker who lays the obligation".into());
    }
}

/// Runs the source rules.
pub(crate) fn read_source<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, out: &[EventMention]) {
    for (_, rule) in SOURCE_RULES {
        rule(cx, f, a, out);
    }
}

/// The first subject rule that applies.
pub(crate) fn subject<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, out: &[EventMention]) {
    for (_, rule) in SUBJECT_RULES {
        if rule(cx, f, a, out) {
            break;
        }
    }
}

/// A circumstantial participle after a comma (`بعث الوزير رسالة إلى نظيره، داعيا حكومته إلى …`)
/// has the subject of the act it goes with; the actor after it is its object.
pub(crate) fn participle_subject<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, out: &[EventMention]) -> bool {
    let toks = cx.inp.tokens;
    let start = f.start;
    let k = toks[start].key.as_str();
    let accusative = f.def.pos == Pos::Verb && (k.ends_with("يا") || k.ends_with("ين") || (k.starts_with('م') && k.ends_with('ا')));
    let after_comma = start > cx.s.tokens.start && matches!(toks[start - 1].key.as_str(), "،" | ",");
    let Some(prev) = out[cx.sentence_start..].last().filter(|p| !p.source.is_empty()) else { return false };
    if !(accusative && after_comma) {
        return false;
    }
    a.source = prev.source.clone();
    if let Some(u) = f.first_after.filter(|u| u.prep.is_none() && !u.place_only) {
        a.target = u.entities.clone();
    }
    a.notes.push("source: the subject of the act a circumstantial participle goes with".into());
    true
}

pub(crate) fn host_after_pronoun<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) -> bool {
    let toks = cx.inp.tokens;
    let tm = f.tm;
    if !(f.pronoun && f.def.mode.as_deref() == Some("host")) {
        return false;
    }
    // `كان في استقباله X`: the pronoun is the guest (the topic), X the host.
    // The host may follow a place phrase: `كان في استقباله بمطار القاهرة نظيره`.
    let host_gap_ok = |u: &Unit| {
        u.tokens.start >= tm.end
            && u.tokens.start - tm.end <= 10
            && !toks[tm.end..u.tokens.start].iter().any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()))
    };
    if let Some(u) = f.first_after.filter(|u| u.prep.is_none() && host_gap_ok(u)) {
        a.source = u.entities.clone();
        a.notes.push("source: the host named after the pronoun-suffixed trigger".into());
    }
    if let Some(t) = f.topic_here.clone() {
        a.target = t;
        a.notes.push("target: the pronoun, read as the sentence's topic".into());
    }
    true
}

pub(crate) fn pronoun_on_verbal_noun<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) -> bool {
    let def = f.def;
    let start = &f.start;
    if !(f.pronoun && f.def.pos == Pos::Noun) {
        return false;
    }
    // `زيارته`: the pronoun is the genitive; the agent is the topic, or the actor named
    // just before in the sentence (`أعرب ماكرون خلال زيارته`).
    let nearest_before = cx.units.iter().filter(|u| cx.usable(u)).rfind(|u| u.tokens.end <= *start && u.prep.is_none());
    if def.takes_obj() && !matches!(def.mode.as_deref(), Some("visit" | "host")) {
        // A verbal noun whose genitive is its patient (`اعتقاله`, `اغتياله`, `طردهم`): the
        // pronoun is the one the act falls on.
        if let Some(u) = nearest_before {
            a.target_unit = Some(u);
            a.notes.push("target: the pronoun on the verbal noun (its patient), read as the actor just named".into());
        } else if let Some(t) = f.topic_here.clone() {
            a.target = t;
            a.notes.push("target: the pronoun on the verbal noun (its patient), read as the topic".into());
        }
    } else if let Some(t) = f.topic_here.clone() {
        a.source = t;
        a.notes.push("source: the pronoun on the verbal noun, read as the topic".into());
    } else if let Some(u) = nearest_before {
        a.source = u.entities.clone();
        a.notes.push("source: the pronoun on the verbal noun, read as the actor just named".into());
    }
    true
}

pub(crate) fn visitor_after_lam<'s>(_cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) -> bool {
    if !(f.def.pos == Pos::Noun && f.def.mode.as_deref() == Some("visit")) {
        return false;
    }
    let Some(u) = f.first_after.filter(|u| u.prep.as_deref() == Some("ل") && u.tokens.start - f.end <= 1) else {
        return false;
    };
    // `زيارة للأسد`, `زيارة رسمية للرئيس`: the ل names the visitor.
    a.source = u.entities.clone();
    a.visitor_by_lam = true;
    a.notes.push("source: the visitor after ل".into());
    true
}

pub(crate) fn nisba_agent<'s>(_cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) -> bool {
    if f.def.pos != Pos::Noun {
        return false;
    }
    let Some(u) = f.first_after.filter(|u| u.agent_nisba && u.tokens.start == f.end) else {
        return false;
    };
    // `الغارة الإسرائيلية على …`, `الانسحاب الأمريكي من …`: the nisba is the agent.
    a.source = u.entities.clone();
    a.notes.push("source: the nisba of the verbal noun".into());
    true
}

pub(crate) fn genitive_of_verbal_noun<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) -> bool {
    let inp = cx.inp;
    let toks = cx.inp.tokens;
    let def = f.def;
    let end = &f.end;
    if f.def.pos != Pos::Noun {
        return false;
    }
    // Verbal noun: the genitive right after it.
    if let Some(u) = f.first_after.filter(|u| u.prep.is_none() && u.tokens.start - *end <= 1) {
        let place_genitive = !u.capitals.is_empty() || u.entities.iter().all(|&e| inp.kb.entity(e).kind == EntityKind::Country);
        if def.mode.as_deref() == Some("visit") && place_genitive {
            // `يعتزم ماكرون زيارة المغرب`: the genitive of a visit is the visited country.
            a.target_unit = Some(u);
            a.notes.push("target: the visited country, genitive of the verbal noun".into());
            if let Some(b) = f.before {
                a.source = b.entities.clone();
                a.notes.push("source: the subject before the verbal noun".into());
            }
        } else if let Some(leader) = f.after.iter().find(|x| {
            x.tokens.start > u.tokens.end && x.tokens.start - u.tokens.end <= 2 && Class::LedBy.contains(&toks[u.tokens.end].key.as_str())
        }) {
            // `مطالبة المجلس العسكري بقيادة تياني بانسحاب …`: a genitive described by its
            // leader is the one acting, and the leader acts with it.
            a.source = u.entities.clone();
            a.source.extend(leader.entities.iter().copied().filter(|e| !u.entities.contains(e)));
            a.leader_end = Some(leader.tokens.end);
            a.notes.push("source: the genitive of the verbal noun and its leader (بقيادة)".into());
        } else if (def.takes_obj() || def.mode.as_deref() == Some("host")) && def.mode.as_deref() != Some("visit") {
            a.target_unit = Some(u);
            a.notes.push("target: genitive of the verbal noun".into());
            // The agent: the next bare unit after it, or the unit before.
            if let Some(x) = f.after.iter().find(|x| x.tokens.start >= u.tokens.end && x.prep.is_none()) {
                a.source = x.entities.clone();
                a.both |= x.both_sides;
                a.notes.push("source: the noun phrase after the genitive".into());
            } else if let Some(b) = f.before {
                a.source = b.entities.clone();
                a.subject_read = true;
                a.notes.push("source: subject before the verbal noun".into());
            }
        } else if def.event_type == EventType::Consult && !u.capitals.is_empty() && u.entities.len() == 1 {
            // `محادثات أنقرة`, `قمة جدة`: a capital after talks or a summit is where they are held.
            a.notes.push("the capital after the verbal noun is its place, not its actor".into());
        } else {
            a.source = u.entities.clone();
            a.both |= u.both_sides;
            a.notes.push("source: genitive of the verbal noun".into());
        }
    }
    true
}

pub(crate) fn svo_subject<'s>(_cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) -> bool {
    let Some(b) = f.before else {
        return false;
    };
    a.source = b.entities.clone();
    a.both |= b.both_sides;
    a.subject_read = true;
    a.notes.push("source: subject before the verb (SVO)".into());
    true
}

pub(crate) fn vso_subject<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) -> bool {
    let inp = cx.inp;
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    let end = &f.end;
    let gap_ok = |u: &Unit| {
        toks[*end..u.tokens.start].iter().all(|t| {
            Class::Adverbs.contains(&t.key.as_str())
                || times_in(inp, s).iter().any(|x| x.span.contains(t.span))
                || t.key == "،"
                || is_rank(&t.key)
                || t.key == "مع"
                // (`شنت مقاتلات التحالف غارات`: the forces of the subject.)
                || Class::ForceHeads.contains(&t.key.as_str())
        }) && u.tokens.start - *end <= 5
    };
    // A unit opened by the conjunction و (`فصائل عراقية تتبنى الهجوم والقيادة الأمريكية تتحدث …`)
    // starts another clause: a subject after its verb never does.
    let conjoined = |u: &Unit| {
        let t = &toks[u.tokens.start];
        mentions_in(inp, s).iter().any(|m| {
            m.tokens.start == u.tokens.start && m.span.start > t.span.start && matches!(&inp.text[t.span.start..m.span.start], "و" | "ف")
        })
    };
    let Some(u) =
        f.first_after.filter(|u| u.prep.is_none() && gap_ok(u) && !conjoined(u) && !f.pro_drop_marker && !f.plural_verb && !f.dual_verb)
    else {
        return false;
    };
    let more = f
        .after
        .iter()
        .any(|x| x.tokens.start >= u.tokens.end && (x.prep.is_none() || x.prep.as_deref().is_some_and(|p| def.takes_prep(p))));
    // A definite noun phrase or a demonstrative right after the unit is the object, so the
    // unit is the subject (`وثمن العاهل المغربي هذا الموقف`, `أدان الرئيس الهجوم`).
    // So is an indefinite accusative noun (`ونسف عناصر التنظيم جسرا`): its tanwin alif marks the object.
    let object_follows = toks.get(u.tokens.end).filter(|_| u.tokens.end < s.tokens.end).is_some_and(|t| {
        let covered_by_mention = mentions_in(inp, s).iter().any(|m| m.tokens.contains(&u.tokens.end));
        let accusative = t.kind == TokenKind::Arabic
            && t.key.ends_with('ا')
            && t.key.chars().count() >= 4
            && !t.key.starts_with("ال")
            && !Class::Adverbs.contains(&t.key.as_str())
            && !times_in(inp, s).iter().any(|x| x.span.contains(t.span));
        !covered_by_mention
            && (Class::Demonstratives.contains(&t.key.as_str())
                || accusative
                || (t.key.starts_with("ال") && t.key.chars().count() > 3 && !Class::Prepositions.contains(&t.key.as_str())))
    });
    if more || object_follows || f.head_pronoun || !def.takes_obj() || f.topic_here.is_none() {
        a.source = u.entities.clone();
        a.both |= u.both_sides;
        a.subject_read = true;
        a.notes.push("source: subject after the verb (VSO)".into());
    }
    true
}

pub(crate) fn light_verb_carrier<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    let start = &f.start;
    // A verbal noun carried by a light or aspectual verb takes that verb's subject:
    // `بدأت القوات الإريترية الانسحاب`, `نفذ الجيش هجوما`.
    if a.source.is_empty() && !a.both && (def.pos == Pos::Noun || f.nominal_phrase) {
        let is_light = |i: usize| readings(&toks[i].key).iter().any(|r| Class::LightVerbs.contains(&r.rest.as_str()));
        // The light verb just before the noun, with its subject after it (VSO) or before it (SVO).
        // (Further back when a measure stands between, with no clause break: `قدمت مصر نحو
        // ثلاثة آلاف طن من المساعدات`.)
        let lv = (start.saturating_sub(4).max(s.tokens.start)..*start).rev().find(|&i| is_light(i)).or_else(|| {
            (start.saturating_sub(9).max(s.tokens.start)..start.saturating_sub(4)).rev().find(|&i| is_light(i)).filter(|&i| {
                toks[i + 1..*start]
                    .iter()
                    .all(|t| !CLAUSE_BREAKS.contains(&t.key.as_str()) && !Class::ClauseStarts.contains(&t.key.as_str()))
            })
        });
        let subject = lv.and_then(|v| {
            cx.units
                .iter()
                .filter(|u| cx.usable(u))
                .filter(|u| !u.place_only)
                .find(|u| u.tokens.start == v + 1 && u.tokens.end <= *start && u.prep.is_none())
                .or_else(|| {
                    cx.units.iter().filter(|u| cx.usable(u)).filter(|u| !u.place_only).rfind(|u| {
                        u.tokens.end <= v
                            && v - u.tokens.end <= 1
                            && u.prep.is_none()
                            && (v + 1..*start).all(|k| !is_word(&toks[k]) || is_light(k))
                    })
                })
                // (A relative clause's light verb: `الغزواني، الذي يقوم بزيارة`.)
                .or_else(|| {
                    (v > s.tokens.start && Class::Relatives.contains(&toks[v - 1].key.as_str()) && v + 1 == *start)
                        .then(|| {
                            cx.units
                                .iter()
                                .filter(|u| cx.usable(u))
                                .filter(|u| !u.place_only)
                                .rfind(|u| u.tokens.end < v && toks[u.tokens.end..v - 1].iter().all(|t| !is_word(t)))
                        })
                        .flatten()
                })
        });
        if let Some(b) = subject {
            a.source = b.entities.clone();
            a.notes.push("source: the subject of the verb that carries the verbal noun".into());
        }
    }
}

pub(crate) fn aim_actor<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    let start = &f.start;
    // An aim (`تحركات موسكو بالتنسيق مع حفتر لإنشاء قاعدة`) is the aim of the actor just named
    // in its clause.
    if a.source.is_empty()
        && !a.both
        && def.pos == Pos::Noun
        && readings(&toks[*start].key).iter().any(|r| r.proclitics.last() == Some(&"ل"))
    {
        let clause_from = (s.tokens.start..*start)
            .rev()
            .find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str()) || Class::ClauseStarts.contains(&toks[i].key.as_str()))
            .map_or(s.tokens.start, |i| i + 1);
        if let Some(u) = cx
            .units
            .iter()
            .filter(|u| cx.usable(u))
            .filter(|u| !u.place_only)
            .rfind(|u| u.tokens.end <= *start && u.tokens.start >= clause_from && u.prep.is_none() && *start - u.tokens.end <= 8)
        {
            a.source = u.entities.clone();
            a.notes.push("source: the actor just named in the clause of the aim (ل + verbal noun)".into());
        }
    }
}

pub(crate) fn between_parties<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let toks = cx.inp.tokens;
    let end = &f.end;
    // `اشتباكات بين الجيش وقوات الدعم السريع`, `وقف إطلاق النار بين إسرائيل وحزب الله`, `تم توقيع
    // اتفاقيات بين مصر وقبرص`: with no actor of its own, an act between two parties is theirs.
    if (a.source.is_empty() || f.passive) && a.target.is_empty() && a.target_unit.is_none()
        && let Some(u) = f.after.iter().copied().find(|u| u.prep.as_deref() == Some("بين") && u.tokens.start >= *end && u.tokens.start - *end <= 6 && u.entities.len() >= 2)
        // (`تناول اللقاء العلاقات الثنائية بين روسيا والجزائر`: the pair of a topic noun standing
        // between is the topic's, not the act's.)
        && !toks[*end..u.tokens.start].iter().any(|t| Class::RelationNouns.contains(&t.key.trim_start_matches('و')))
    {
        a.source = u.entities.clone();
        a.between_unit = Some(u);
        a.notes.push("source: the parties after بين".into());
    }
}

pub(crate) fn framing_talks<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, out: &[EventMention]) {
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    let start = &f.start;
    let end = &f.end;
    // Talks during which something else happened (`قد يتفقان … خلال محادثات أنقرة`) are those
    // actors' talks.
    if a.source.is_empty()
        && !a.both
        && def.event_type == EventType::Consult
        && def.pos == Pos::Noun
        && !matches!(def.mode.as_deref(), Some("visit" | "host"))
        && *start > s.tokens.start
        && Class::FramingPrepositions.contains(&toks[*start - 1].key.as_str())
        && let Some(prev) = out[cx.sentence_start..].last()
    {
        // (With its own partner, `خلال اتصال هاتفي مع المنفي`, only the subject carries over.)
        let partner = f.after.iter().any(|u| {
            u.tokens.start >= *end
                && u.tokens.start - *end <= 2
                && u.prep.as_deref().is_some_and(|w| Class::PartnerPrepositions.contains(&w))
        });
        a.source = if partner { prev.source.clone() } else { prev.source.iter().chain(prev.target.iter()).copied().collect() };
        a.notes.push("source: the actors of the act these talks framed".into());
    }
}

pub(crate) fn dropped_subject<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, out: &[EventMention]) {
    let inp = cx.inp;
    let toks = cx.inp.tokens;
    let si = cx.si;
    let def = f.def;
    let start = &f.start;
    // A dropped subject is a verb's affair: a verbal noun without an actor is not an event mention.
    // (A plural verb's dropped subject is not one person: `وقال الوزير إنهم يدعمون …`.)
    let one_person = |t: &Vec<EntityId>| t.len() == 1 && inp.kb.entity(t[0]).kind == EntityKind::Person;
    if a.source.is_empty()
        && !a.both
        && def.pos != Pos::Noun
        && !f.nominal_phrase
        && !f.after_relative
        && let Some(t) = f.topic_here.clone().filter(|t| !(t.is_empty() || (f.plural_verb && one_person(t))))
    {
        a.source = t;
        a.notes.push("source: the sentence's topic (dropped subject)".into());
        // A dual verb (`ناقشا`, `يبحثان`) has the two actors just named as its subject.
        let k = toks[*start].key.as_str();
        let k = readings(k).into_iter().map(|r| r.rest).find(|r| inp.lexicon.forms.contains_key(r)).unwrap_or_else(|| k.to_string());
        let dual = [("ا", ""), ("ان", ""), ("تا", "ت")].iter().any(|(suf, rep)| {
            k.strip_suffix(suf).is_some_and(|stem| stem.chars().count() >= 3 && inp.lexicon.forms.contains_key(&format!("{stem}{rep}")))
        });
        if dual && a.source.len() == 1 && a.target.is_empty() {
            let pair = recent_pair(out, si);
            if pair.len() == 2 && pair.contains(&a.source[0]) {
                a.target = pair.into_iter().filter(|e| !a.source.contains(e)).collect();
                a.notes.push("the dual verb's subject: the two actors just named".into());
            }
        }
    }
}

pub(crate) fn before_relative<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let start = &f.start;
    // …and, with no topic, the subject is the actor named before it (`أبلغها الرئيس ماكرون
    // للقادة الذين اتصل بهم`).
    if f.resumptive && a.source.is_empty() && !a.both {
        let before_rel = f.antecedent.map_or(*start - 1, |a| a.tokens.start);
        if let Some(u) = cx
            .units
            .iter()
            .filter(|u| cx.usable(u))
            .filter(|u| !u.place_only)
            .rfind(|u| u.tokens.end <= before_rel && u.prep.is_none() && f.antecedent.is_none_or(|a| a.entities != u.entities))
        {
            a.source = u.entities.clone();
            a.notes.push("source: the actor named before the relative clause".into());
        }
    }
}
