//! The target of an event mention: an ordered table of named rules.
//!
//! Rules, in order: the antecedent a relative clause resumes, the object pronoun (`استقبله الملك`),
//! the object inside a discontinuous phrase (`حمّلت الوزارة الاحتلالَ المسؤولية`), the unit the
//! trigger's frame takes (`هاجم المسلحون الثكنة`, `دعا إلى`), the owner of a facility acted on
//! (`استهدف مقر الشرطة`), the addressee of a letter or call, the actor of «the step»
//! (`رحب الوزير بالخطوة`), parties a host mediates between, a cooperation's partner (`بالتنسيق مع`),
//! the actor of the phrase the trigger's preposition opens, the place a pronoun resumes, those
//! forces are sent against, the body whose session is called for, a nisba on the object
//! (`سفينة إيرانية`), and `الجانبان`.

use crate::*;

/// The target rules, in order: each reads what the ones before left.
pub(crate) const TARGET_RULES: [(&str, Step); 15] = [
    ("the antecedent resumed by the object pronoun", antecedent_object),
    ("the object pronoun, the one just talked of", object_pronoun),
    ("the object inside a discontinuous phrase", object_in_phrase),
    ("the unit the trigger's frame takes", frame_target),
    ("the owner of a facility acted on", facility_owner),
    ("the addressee of a letter or call", letter_addressee),
    ("the actor of «the step»", the_step),
    ("the parties a host mediates between", host_mediates),
    ("the partner after بالتنسيق مع", cooperation_partner),
    ("the actor of the trigger's prepositional phrase", preposition_phrase),
    ("the place a pronoun on the preposition resumes", resumed_place),
    ("those forces are sent against", mobilized_against),
    ("the body whose session is called for", session_body),
    ("the nisba of the object", nisba_target),
    ("الجانبان: the two sides", both_sides),
];

pub(crate) fn read_target<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, out: &[EventMention]) {
    for (_, rule) in TARGET_RULES {
        rule(cx, f, a, out);
    }
}

pub(crate) fn antecedent_object<'s>(_cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    if let Some(ant) = f.antecedent
        && a.target.is_empty()
        && a.target_unit.is_none()
        && ant.entities != a.source
    {
        a.target_unit = Some(ant);
        a.notes.push("target: the antecedent of the relative pronoun, resumed by the object pronoun".into());
    }
}

pub(crate) fn object_pronoun<'s>(_cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let def = f.def;
    if f.head_pronoun
        && a.target.is_empty()
        && a.target_unit.is_none()
        && def.mode.as_deref() != Some("host")
        && !a.source.is_empty()
        && let Some(t) =
            f.topic_here.clone().map(|t| t.into_iter().filter(|e| !a.source.contains(e)).collect::<Vec<_>>()).filter(|t| !t.is_empty())
    {
        a.target = t;
        a.notes.push("target: the object pronoun, read as the one just talked of".into());
    }
}

pub(crate) fn object_in_phrase<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let inp = cx.inp;
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    let tm = f.tm;
    let end = &f.end;
    // Target: the first unit after the source (or trigger) that the trigger's frame accepts.
    // For a discontinuous phrase the subject sits inside it, and the target comes after its last word.
    a.src_unit_end = a
        .leader_end
        .or(a.between_unit.map(|u| u.tokens.end))
        .unwrap_or_else(|| f.after.iter().find(|u| !a.source.is_empty() && u.entities == a.source).map_or(*end, |u| u.tokens.end));
    a.src_end = a.src_unit_end.max(if tm.end > *end { tm.end } else { 0 });
    // VSO inside a discontinuous phrase: after the subject comes the object
    // (`حملت الخارجية إسرائيل المسؤولية`, `طالب البيت الأبيض حماس بالإفراج عن …`), or a
    // phrase word falls inside the object (`رحلت السلطات مئات المهاجرين`).
    if tm.end > *end
        && a.target_unit.is_none()
        && a.target.is_empty()
        && !a.source.is_empty()
        && let Some(u) = f.after.iter().copied().find(|u| {
            let coordinated = toks[u.tokens.start].key.starts_with('و')
                && mentions_in(inp, s).iter().any(|m| m.tokens.start == u.tokens.start && m.proclitics.first() == Some(&"و"))
                || (u.tokens.start > 0 && toks[u.tokens.start - 1].key == "و");
            let frame_prep = u.prep.as_deref().is_none_or(|p| def.takes_prep(p) || p == "الي");
            // (A unit in a relative clause on the subject is its own clause's: `شنت مقاتلات التحالف
            // الذي تقوده السعودية غارات`.)
            let relative =
                toks[a.src_unit_end.min(u.tokens.start)..u.tokens.start].iter().any(|t| Class::Relatives.contains(&t.key.as_str()));
            u.tokens.start >= a.src_unit_end && u.tokens.start < tm.end && u.entities != a.source && frame_prep && !coordinated && !relative
        })
    {
        a.target_unit = Some(u);
        a.notes.push("target: the object inside the phrase".into());
    }
}

pub(crate) fn frame_target<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let inp = cx.inp;
    let toks = cx.inp.tokens;
    let def = f.def;
    let tm = f.tm;
    // A phrase ending in its preposition (`انسحابها الفوري من`) introduces its target directly.
    let phrase_prep = (tm.end - tm.start > 1).then(|| toks[tm.end - 1].key.as_str()).filter(|k| Class::Prepositions.contains(k));
    if a.target_unit.is_none() && a.target.is_empty() {
        // A place is a target only as an object right after the verb's arguments or after a place
        // noun (`حاصرت مدينة الفاشر`), or after a preposition other than في (`على الضاحية`,
        // `لقطاع غزة`); `في X` is where, and `رئيس بلدية إسطنبول` names a person.
        // (Only acts that fall on a place: a deployment to a city or a summit in one is no act on it.)
        let acts_on_places = matches!(
            def.event_type,
            EventType::Assault | EventType::Coerce | EventType::Aid | EventType::Retreat | EventType::Threaten | EventType::Sanction
        );
        let place_ok = |u: &Unit| {
            !u.place_only
                || acts_on_places
                    && match u.prep.as_deref() {
                        Some(p) => p != "في",
                        None => {
                            u.tokens.start == a.src_end
                                || (u.tokens.start > 0 && Class::PlaceHeads.contains(&toks[u.tokens.start - 1].key.as_str()))
                        }
                    }
        };
        a.target_unit = f.after_all.iter().copied().filter(|u| place_ok(u)).find(|u| {
            // An object follows closely; a prepositional target may sit a little further.
            let reach = if u.prep.is_none() { 4 } else { 7 };
            u.tokens.start >= a.src_end
                && u.tokens.start - a.src_end <= reach
                && (phrase_prep.is_some_and(|p| u.prep.as_deref() == Some(p) && u.tokens.start == tm.end)
                    // …or, ending in a noun (`علق … عضوية`), takes its target as that noun's genitive.
                    || (tm.end - tm.start > 1 && phrase_prep.is_none() && u.prep.is_none() && u.tokens.start == tm.end)
                    || match u.prep.as_deref() {
                    None => def.takes_obj() || def.target.is_empty() || (def.mode.as_deref() == Some("visit") && u.entities.iter().all(|&e| inp.kb.entity(e).kind.is_place())),
                    // A withdrawal `في مالي` is a withdrawal from Mali.
                    Some(p) => def.takes_prep(p) || (def.event_type == EventType::Retreat && Class::WithdrawalPrepositions.contains(&p)),
                }
                && (u.prep.as_deref() != Some("في") || def.takes_prep("في") || def.event_type == EventType::Retreat))
        });
        if let Some(u) = a.target_unit {
            a.notes.push(format!("target: {}", u.prep.as_deref().map_or("object".to_string(), |p| format!("after {p}"))));
        }
    }
    if a.target.is_empty() {
        a.target = a.target_unit.map(|u| u.entities.clone()).unwrap_or_default();
    }
}

pub(crate) fn facility_owner<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    let end = &f.end;
    // An act on a facility of someone (`هجوما على موقع للجيش النيجري`, `استهدف مقر الشرطة`,
    // `هاجموا دورية للجيش`) falls on its owner.
    if a.target.is_empty() && a.target_unit.is_none() && !a.source.is_empty() {
        let clause_end = clause_limit(toks, *end, s.tokens.end);
        let facility = (a.src_end.max(*end)..(a.src_end.max(*end) + 3).min(clause_end)).find(|&i| {
            readings(&toks[i].key).iter().any(|r| Class::Facilities.contains(&r.rest.as_str()))
                && (i == a.src_end.max(*end)
                    || def.takes_prep(toks[i - 1].key.as_str())
                    || Class::Prepositions.contains(&toks[i - 1].key.as_str()))
        });
        if let Some(f) = facility
            && let Some(u) = cx.units.iter().filter(|u| cx.usable(u)).filter(|u| !u.place_only).find(|u| {
                u.tokens.start > f && u.tokens.start <= f + 2 && u.prep.as_deref().is_none_or(|p| p == "ل") && u.entities != a.source
            })
        {
            a.target = u.entities.clone();
            a.notes.push("target: the owner of the facility acted on".into());
        }
    }
}

pub(crate) fn letter_addressee<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    let end = &f.end;
    // A statement made in a letter or a call to someone (`ثمن الملك هذا الموقف في رسالة إلى
    // الرئيس ماكرون`) is addressed to them.
    if a.target.is_empty()
        && a.target_unit.is_none()
        && !a.source.is_empty()
        && matches!(def.event_type, EventType::Support | EventType::Accuse | EventType::Request | EventType::Reject | EventType::Threaten)
    {
        let clause_end = clause_limit(toks, *end, s.tokens.end);
        let medium = (*end..clause_end).find(|&i| {
            readings(&toks[i].key).iter().any(|r| Class::MessageNouns.contains(&r.rest.as_str()) && r.proclitics.last() == Some(&"ب"))
                || (toks[i].key == "في" && toks.get(i + 1).is_some_and(|t| Class::MessageNouns.contains(&t.key.as_str())))
        });
        if let Some(m) = medium
            && let Some(u) = cx.units.iter().filter(|u| cx.usable(u)).filter(|u| !u.place_only).find(|u| {
                u.tokens.start > m
                    && u.tokens.start <= m + 5
                    && u.prep.as_deref().is_some_and(|w| Class::AddresseePrepositions.contains(&w))
                    && u.entities != a.source
            })
        {
            a.target = u.entities.clone();
            a.notes.push("target: the one the letter or call was addressed to".into());
        }
    }
}

pub(crate) fn the_step<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, out: &[EventMention]) {
    let toks = cx.inp.tokens;
    let si = cx.si;
    let def = f.def;
    let end = &f.end;
    // Welcoming, condemning or rejecting "the step" (`رحب عقيلة صالح بالخطوة`) is about the one
    // whose act was just reported.
    if a.target.is_empty()
        && a.target_unit.is_none()
        && !a.source.is_empty()
        && matches!(def.event_type, EventType::Support | EventType::Accuse | EventType::Reject)
    {
        let at = a.src_end.max(*end);
        let anaphor = toks.get(at).is_some_and(|t| readings(&t.key).iter().any(|r| Class::AnaphoricActs.contains(&r.rest.as_str())))
            || toks.get(at).is_some_and(|t| Class::StepDemonstratives.contains(&t.key.as_str()))
                && toks.get(at + 1).is_some_and(|t| Class::AnaphoricActs.contains(&t.key.as_str()));
        if anaphor
            && let Some(prev) = out.last().filter(|p| p.sentence + 1 >= si && !p.source.is_empty())
            && prev.source != a.source
        {
            // (An agreement or talks belong to both their sides: `أشاد بالاتفاق`.)
            a.target = prev.source.clone();
            if matches!(prev.event_type, EventType::Agree | EventType::Consult | EventType::Cooperate) {
                a.target.extend(prev.target.iter().copied().filter(|e| !a.source.contains(e)));
            }
            a.target.retain(|e| !a.source.contains(e));
            a.notes.push("target: the actor of the act just reported, referred to as «the step»".into());
        }
    }
}

pub(crate) fn host_mediates<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    let end = &f.end;
    a.both |= a.target_unit.is_some_and(|u| u.both_sides);
    // Hosting talks between two parties (`استضافت عمان محادثات بين واشنطن وطهران`) is mediation.
    a.mode = def.mode.clone();
    if def.mode.as_deref() == Some("host") && a.target.is_empty() && a.target_unit.is_none() {
        let clause_end = clause_limit(toks, *end, s.tokens.end);
        if let Some(u) =
            cx.units.iter().filter(|u| cx.usable(u)).filter(|u| !u.place_only).find(|u| {
                u.prep.as_deref() == Some("بين") && u.tokens.start >= *end && u.tokens.start < clause_end && u.entities.len() >= 2
            })
        {
            a.target = u.entities.clone();
            a.mode = Some("mediate".into());
            a.notes.push("mode mediate: hosting talks between the parties after بين".into());
        }
    }
}

pub(crate) fn cooperation_partner<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    let start = &f.start;
    let end = &f.end;
    // `بالتنسيق مع قوات حفتر`, `بالتعاون مع`: the partner of a cooperation is its target.
    if matches!(def.event_type, EventType::Cooperate) {
        let clause_end = clause_limit(toks, *end, s.tokens.end);
        // (The phrase may also come just before the act: `تحركات موسكو بالتنسيق مع حفتر لإنشاء قاعدة`.)
        let clause_start =
            (s.tokens.start..*start).rev().find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str())).map_or(s.tokens.start, |i| i + 1);
        let partner = (clause_start.max(start.saturating_sub(6))..clause_end.saturating_sub(1)).find(|&i| {
            readings(&toks[i].key).iter().any(|r| Class::CoordinationNouns.contains(&r.rest.as_str()))
                && readings(&toks[i].key).iter().any(|r| r.proclitics.contains(&"ب"))
                && toks[i + 1].key == "مع"
        });
        if let Some(at) = partner
            && let Some(u) = cx.units.iter().filter(|u| cx.usable(u)).filter(|u| !u.place_only).find(|u| u.tokens.start == at + 2)
        {
            a.target = u.entities.clone();
            a.target_unit = None;
            a.notes.push("target: the partner named after بالتنسيق مع".into());
        }
    }
}

pub(crate) fn preposition_phrase<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let inp = cx.inp;
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    if a.target.is_empty() && a.target_unit.is_none() && !def.target.is_empty() {
        let frame_word = (a.src_end..clause_limit(toks, a.src_end, s.tokens.end).min(a.src_end + 6)).find(|&i| {
            let k = &toks[i].key;
            def.target
                .iter()
                .any(|p| p != "obj" && (k == p || (p.chars().count() == 1 && k.starts_with(p.as_str()) && k.chars().count() > 3)))
        });
        let sentence_end = s.tokens.end;
        if let Some(fw) = frame_word {
            let limit = clause_limit(toks, fw, sentence_end);
            // The actor must sit in the preposition's own phrase: no other preposition between
            // (`اتفقا على صيغة بشأن منفذ خلال محادثات أنقرة` has no actor after على).
            let own_phrase = |u: &Unit| {
                !toks[fw + 1..u.tokens.start].iter().any(|t| {
                    // (A word carrying ل or ب opens a phrase of its own: `لأي مخطط لتهجير الفلسطينيين`.)
                    let new_pp = readings(&t.key)
                        .iter()
                        .any(|r| r.proclitics.iter().any(|p| Class::PhraseProclitics.contains(p)) && r.rest.starts_with("ت"));
                    if new_pp {
                        return true;
                    }
                    let k = t.key.trim_start_matches('و');
                    // (`بين` names the parties of the phrase's noun: `بالاتفاق الموقع بين أذربيجان وأرمينيا`.)
                    (Class::Prepositions.contains(&k) && k != "بين") || Class::PhrasePrepositions.contains(&k)
                })
            };
            let unit = cx
                .units
                .iter()
                .filter(|u| cx.usable(u))
                .filter(|u| !u.place_only)
                .find(|u| u.tokens.start > fw && u.tokens.start - fw <= 8 && u.tokens.start < limit && own_phrase(u));
            // A nisba nearer than any actor names the state of that phrase's noun
            // (`اعترفت فرنسا بخطة الحكم الذاتي المغربية … الصحراء الغربية` → Morocco).
            let nisba = mentions_in(inp, s).iter().find(|m| {
                m.kind == MentionKind::Demonym
                    && m.entity.is_some()
                    && m.tokens.start > fw
                    && m.tokens.start - fw <= 4
                    && m.tokens.start < limit
                    && m.proclitics.is_empty()
            });
            match (unit, nisba) {
                (Some(u), Some(n)) if n.tokens.start < u.tokens.start && !a.source.contains(&n.entity.expect("filtered")) => {
                    a.target = vec![n.entity.expect("filtered")];
                    a.notes.push("target: the nisba of the phrase the trigger's preposition introduces".into());
                }
                (Some(u), _) => {
                    a.target = u.entities.clone();
                    a.notes.push("target: the actor of the phrase the trigger's preposition introduces".into());
                }
                _ => {}
            }
        }
    }
}

pub(crate) fn resumed_place<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let inp = cx.inp;
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    let tm = f.tm;
    let start = &f.start;
    // Still no target: a nisba on the object or on the noun after the trigger's preposition names
    // the state acted on (`قصفت … منشآت نووية إيرانية`, `باتجاه مدمرة أمريكية`, `على الواردات الأمريكية`).
    // A pronoun on the act's preposition that resumes a place (`حاصرت المدينة ومنعت دخول
    // المساعدات إليها`) makes the act fall on that place's country, as a place target does.
    if a.target.is_empty()
        && a.target_unit.is_none()
        && matches!(def.event_type, EventType::Coerce | EventType::Assault | EventType::Aid)
        && (tm.end..(tm.end + 3).min(s.tokens.end)).any(|i| Class::PlaceResumingPrepositions.contains(&toks[i].key.as_str()))
        && let Some(place) = mentions_in(inp, s)
            .iter()
            .rfind(|m| m.tokens.end <= *start && m.entity.is_some_and(|e| inp.kb.entity(e).kind.is_place()))
            .and_then(|m| m.entity)
        && let Some(c) = host_of(inp.kb, place)
        && !a.source.contains(&c)
    {
        a.target = vec![c];
        a.notes.push("target: the country of the place the pronoun on the preposition resumes".into());
    }
}

pub(crate) fn mobilized_against<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    // Forces sent against someone (`أرسل الجيش تعزيزات … تحسبا لهجوم من قوات الدعم السريع`,
    // `حشد قواته لمواجهة الحوثيين`) are mobilised against them.
    if a.target.is_empty() && a.target_unit.is_none() && def.event_type == EventType::Mobilize {
        let clause_end = clause_limit(toks, a.src_end, s.tokens.end);
        let against =
            (a.src_end..clause_end).find(|&i| readings(&toks[i].key).iter().any(|r| Class::AgainstWords.contains(&r.rest.as_str())));
        if let Some(at) = against
            && let Some(u) = cx
                .units
                .iter()
                .filter(|u| cx.usable(u))
                .filter(|u| !u.place_only)
                .find(|u| u.tokens.start > at && u.tokens.start <= at + 6 && u.entities != a.source)
        {
            a.target = u.entities.clone();
            a.notes.push("target: the one the forces are sent against".into());
        }
    }
}

pub(crate) fn session_body<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    // A call for a session of a body (`دعت روسيا إلى عقد جلسة طارئة لمجلس الأمن`) asks that body.
    if a.target.is_empty() && a.target_unit.is_none() && def.event_type == EventType::Request {
        let session = (a.src_end..(a.src_end + 4).min(s.tokens.end))
            .find(|&i| readings(&toks[i].key).iter().any(|r| Class::SessionNouns.contains(&r.rest.as_str())));
        if let Some(at) = session
            && let Some(u) = cx
                .units
                .iter()
                .filter(|u| cx.usable(u))
                .filter(|u| !u.place_only)
                .find(|u| u.prep.as_deref() == Some("ل") && u.tokens.start > at && u.tokens.start <= at + 2 && u.entities != a.source)
        {
            a.target = u.entities.clone();
            a.notes.push("target: the body whose session is called for".into());
        }
    }
}

pub(crate) fn nisba_target<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let inp = cx.inp;
    let s = cx.s;
    let toks = cx.inp.tokens;
    let def = f.def;
    if a.target.is_empty() && a.target_unit.is_none() && def.event_type != EventType::Consult {
        // (Not past an aim that opens an act of its own: `… لبحث الضربات الإسرائيلية`.)
        let aim = (a.src_end..s.tokens.end)
            .find(|&i| readings(&toks[i].key).iter().any(|r| r.proclitics.last() == Some(&"ل") && inp.lexicon.forms.contains_key(&r.rest)));
        let limit = clause_limit(toks, a.src_end, s.tokens.end).min(a.src_end + 8).min(aim.unwrap_or(usize::MAX));
        // (For acts that do not fall on a place, a nisba after في is where: `وقفا لإطلاق النار في
        // جميع الأراضي الليبية`.)
        let falls_on_places = matches!(
            def.event_type,
            EventType::Assault
                | EventType::Coerce
                | EventType::Aid
                | EventType::Retreat
                | EventType::Threaten
                | EventType::Sanction
                | EventType::Mobilize
        );
        let after_fi = |m: &Mention| !falls_on_places && toks[a.src_end..m.tokens.start].iter().any(|t| t.key == "في");
        if let Some(m) = mentions_in(inp, s).iter().find(|m| {
            m.kind == MentionKind::Demonym && m.tokens.start >= a.src_end && m.tokens.start < limit && m.entity.is_some() && !after_fi(m)
        }) {
            let e = m.entity.expect("filtered");
            if !a.source.contains(&e) {
                a.target = vec![e];
                a.notes.push("target: the nisba of the object's noun phrase".into());
            }
        }
    }
}

pub(crate) fn both_sides<'s>(cx: &Sent<'s, '_>, _f: &Frame<'s>, a: &mut Args<'s>, out: &[EventMention]) {
    let si = cx.si;
    if a.both {
        let sides = recent_pair(out, si);
        if sides.len() == 2 {
            if a.source.is_empty() {
                a.source = sides;
            } else {
                a.target.extend(sides.into_iter().filter(|e| !a.source.contains(e)));
            }
            a.notes.push("الجانبان: the two actors of the previous event".into());
        }
    }
}
