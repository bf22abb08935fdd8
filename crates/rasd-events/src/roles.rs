//! Roles settled once source and target are read, and after the place: ordered tables of named rules.
//!
//! Rules, in order: a passive's agent (`اعتُقل الصحفي على يد الشرطة`: the police acted), a receiving
//! verb swaps source and target (`تلقى الرئيس رسالة من نظيره`), a reciprocal act with all actors on
//! one side puts its first actor as source; after the place: a place acted on stands for its country
//! (`قصف الجيش مدينة حلب` → Syria as the target, Aleppo as the place), and a circumstantial participle
//! takes the object of its verb (`انتقد الوزير القرار محذرا من عواقبه`); an attack with no named attacker
//! falls on the country of the place struck when no victim is named (`انفجرت سيارة مفخخة في سوق ببغداد`
//! → Iraq), and an arrest by a state of people it does not name falls on its own country (`اعتقلت الشرطة
//! البحرينية عشرات المحتجين` → Bahrain).

use crate::*;

/// Roles settled once source and target are read.
/// The role of a generic actor (`generic:protesters:SDN` → `protesters`), or `None` for a named one.
pub(crate) fn generic_role<'k>(kb: &'k DocEntities, e: EntityId) -> Option<&'k str> {
    kb.entity(e).id.strip_prefix("generic:").and_then(|r| r.split(':').next())
}

/// A generic actor no nisba gave a country (`المدنيين`, `العمال`).
fn countryless_generic(kb: &DocEntities, e: EntityId) -> bool {
    generic_role(kb, e).is_some() && kb.entity(e).id.ends_with(":any")
}

/// The state an actor acts for: a country itself, or the country of an institution or a generic
/// actor (`الشرطة التونسية` → Tunisia).
fn acting_state(kb: &DocEntities, e: EntityId) -> Option<EntityId> {
    let ent = kb.entity(e);
    match ent.kind {
        EntityKind::Country => Some(e),
        _ if generic_role(kb, e).is_some() || ent.kind == EntityKind::Organization => ent.country.as_deref().and_then(|c| kb.country(c)),
        _ => None,
    }
}

pub(crate) const ROLE_RULES: [(&str, Step); 6] = [
    ("people who arrest no one were arrested", arrested_not_arresting),
    ("a passive's agent", passive_agent),
    ("a receiving verb", receiving_verb),
    ("a reciprocal act", reciprocal),
    ("who attacked and who was hit, from the attack's cue words", attack_cues),
    ("who claimed an attack and what it hit, from a relative clause on it", attack_relative),
];

/// `أوقف عشرات المتظاهرين`, `اعتقل صحفيون`: an unvocalised arrest verb is often a passive, and
/// protesters, journalists or students read as its subject are who was arrested, not who arrested.
pub(crate) fn arrested_not_arresting<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    if f.def.event_type != EventType::Coerce || f.def.mode.as_deref() != Some("arrest") || a.source.is_empty() {
        return;
    }
    const PATIENTS: [&str; 11] = [
        "protesters",
        "people",
        "civilians",
        "students",
        "journalists",
        "activists",
        "detainees",
        "migrants",
        "refugees",
        "workers",
        "residents",
    ];
    let kb = cx.inp.kb;
    if a.source.iter().all(|&e| generic_role(kb, e).is_some_and(|r| PATIENTS.contains(&r))) {
        let arrested = std::mem::take(&mut a.source);
        if a.target.is_empty() {
            a.target = arrested;
        }
        a.notes.push("target: people who arrest no one, read as the subject, were arrested (a passive)".into());
    }
}

/// A relative clause on an attack noun says who carried it out, claimed it and what it hit:
/// `القصف الذي شنته القوات الهندية` (the subject of a light verb is the source), `الهجوم الذي تبنته
/// حركة الشباب` (the claimant is the source), `التفجير الذي استهدف حاجزا للجيش العراقي` (the one
/// hit, or the country of the place hit, is the target).
pub(crate) fn attack_relative<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    if f.def.event_type != EventType::Assault || a.both || f.def.pos == Pos::Verb {
        return;
    }
    let toks = cx.inp.tokens;
    let kb = cx.inp.kb;
    let s_end = cx.s.tokens.end;
    // The relative pronoun, right after the noun or after one adjective (`الهجوم الانتحاري الذي`).
    let end = f.tm.end.max(f.end);
    let Some(rel) =
        (end..s_end.min(end + 2)).find(|&k| matches!(toks[k].key.as_str(), "الذي" | "التي" | "اللذين" | "اللتين" | "اللذان" | "اللتان"))
    else {
        return;
    };
    let Some(verb) = toks.get(rel + 1).filter(|_| rel + 1 < s_end) else { return };
    let stem = readings(&verb.key).into_iter().map(|r| r.rest).collect::<Vec<_>>();
    let claims = stem.iter().any(|r| r.starts_with("تبن"));
    // `القصف الذي شنته القوات الهندية`: a light verb in the relative clause has the attacker as subject.
    let carried = readings(&verb.key).iter().any(|r| {
        Class::LightVerbs.contains(&r.rest.as_str())
            || rasd_text::clitics::enclitic_readings(&r.rest).iter().any(|(stem, e)| e.is_some() && Class::LightVerbs.contains(stem))
    });
    let hits = stem.iter().any(|r| r.starts_with("استهدف") || r.starts_with("ضرب") || r.starts_with("طال"));
    let clause = |u: &&Unit| {
        u.tokens.start > rel + 1
            && u.tokens.start <= rel + 8
            && !toks[rel + 1..u.tokens.start].iter().any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()))
    };
    if carried && a.source.is_empty() {
        if let Some(u) = cx.units.iter().filter(clause).find(|u| !u.place_only && u.prep.is_none() && u.tokens.start == rel + 2) {
            a.source = u.entities.clone();
            a.target.retain(|e| !u.entities.contains(e));
            a.notes.push("source: the subject of the light verb in the relative clause on the attack".into());
        }
    } else if claims && a.source.is_empty() {
        if let Some(u) = cx.units.iter().filter(clause).find(|u| !u.place_only && u.prep.is_none()) {
            a.source = u.entities.clone();
            a.claimed = true;
            a.notes.push("source: the claimant in the relative clause on the attack".into());
        }
    } else if hits && a.target.is_empty() {
        let found = cx.units.iter().filter(clause).find_map(|u| {
            if !u.place_only { Some(u.entities.clone()) } else { u.entities.first().and_then(|&p| place::host_of(kb, p)).map(|c| vec![c]) }
        });
        if let Some(t) = found {
            a.target = t;
            a.notes.push("target: what the relative clause on the attack says it hit".into());
        }
    }
}

/// `هاجم مسلحون مجهولون حافلة`: gunmen the text does not name (no group, no affiliation) are the
/// unidentified attacker ACLED codes, not an actor of their own; the victims stay the target.
pub(crate) fn unknown_gunmen<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    if f.def.event_type != EventType::Assault || a.both {
        return;
    }
    let kb = cx.inp.kb;
    // (With no victim and no place whose people were hit, the gunmen are all the text says: they stay.)
    // (A place read off the rest of the sentence does not make victims: see `unnamed_attack_target`.)
    let victims = !a.target.is_empty()
        || a.location.as_ref().is_some_and(|l| l.basis != LocationBasis::Sentence && place::host_of(kb, l.entity).is_some());
    if victims && !a.source.is_empty() && a.source.iter().all(|&e| generic_role(kb, e) == Some("gunmen")) {
        a.source.clear();
        a.notes.push("source: gunmen the text does not name are unidentified".into());
    }
}

/// An attack's own cue words say who acted and who was hit: the attacker after ل on the attack
/// noun (`بغارة لطيران التحالف`) or after an instrument (`برصاص الجيش`, `بنيران القوات`), and the
/// victim before `تعرض … ل` (`تعرض موكب الوزير لإطلاق نار`: the convoy was hit, by someone unnamed).
pub(crate) fn attack_cues<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    if f.def.event_type != EventType::Assault {
        return;
    }
    let toks = cx.inp.tokens;
    let s = cx.s;
    let start = f.start;
    let has_lam = readings(&toks[start].key).iter().any(|r| r.proclitics.last() == Some(&"ل"));
    // `تعرض X ل<attack>`: X is the victim, and the text names no attacker here.
    if has_lam {
        let from = start.saturating_sub(15).max(s.tokens.start);
        let verb = (from..start)
            .rev()
            .take_while(|&k| !CLAUSE_BREAKS.contains(&toks[k].key.as_str()))
            .find(|&k| readings(&toks[k].key).iter().any(|r| Class::SufferVerbs.contains(&r.rest.as_str())));
        if let Some(v) = verb
            && let Some(victim) = cx.units.iter().find(|u| u.tokens.start > v && u.tokens.end <= start && u.prep.is_none() && !u.place_only)
        {
            a.target = victim.entities.clone();
            a.source.clear();
            a.notes.push("target: the one who suffered the attack (تعرض … ل)".into());
            return;
        }
    }
    // The attacker named by the attack's own words: ل right after the noun, or an instrument.
    // (A verb row read after a preposition is its verbal noun: `جراء قصف لقوات الدعم السريع`.)
    let as_noun = f.start > s.tokens.start && Class::NominalPhrasePrepositions.contains(&toks[f.start - 1].key.as_str());
    let by_lam = (f.def.pos == Pos::Noun || f.nominal_phrase || as_noun)
        .then(|| f.after_all.iter().find(|u| u.prep.as_deref() == Some("ل") && u.tokens.start <= f.end + 2 && !u.place_only))
        .flatten();
    let by_instrument = || {
        // (The trigger may itself be the instrument: `قتل ثلاثة متظاهرين برصاص قوات الأمن`.)
        (f.start..f.next_trigger.min(s.tokens.end))
            .take_while(|&k| !CLAUSE_BREAKS.contains(&toks[k].key.as_str()))
            .find(|&k| Class::AttackInstruments.contains(&toks[k].key.as_str()))
            .and_then(|k| cx.units.iter().find(|u| u.tokens.start > k && u.tokens.start <= k + 2 && !u.place_only))
    };
    // A nisba that is part of the attack's own words (`غارة إسرائيلية`) names the attacking state.
    if a.source.is_empty()
        && let Some(state) = mentions_in(cx.inp, s)
            .iter()
            .find(|m| m.kind == MentionKind::Demonym && m.tokens.start >= f.start && m.tokens.end <= f.end)
            .and_then(|m| m.entity)
    {
        a.source = vec![state];
        a.notes.push("source: the state of the nisba in the attack's words".into());
        return;
    }
    if let Some(attacker) = by_lam.copied().or_else(by_instrument) {
        // What was read as the actor is then the victim, when no other victim was read.
        let read_as_actor = std::mem::take(&mut a.source);
        a.target.retain(|e| !attacker.entities.contains(e));
        if a.target.is_empty() {
            a.target = read_as_actor.into_iter().filter(|e| !attacker.entities.contains(e)).collect();
        }
        a.source = attacker.entities.clone();
        a.notes.push("source: the attacker named by the attack's cue (ل, برصاص, بنيران)".into());
    }
}

/// After the place: places acted on, and a participle's object.
pub(crate) const PLACE_TARGET_RULES: [(&str, Step); 9] = [
    ("places acted on stand for their country", place_targets),
    ("unknown gunmen are unidentified", unknown_gunmen),
    ("a participle's object", participle_object),
    ("members of a group acted on", members_of),
    ("an arrest told in the passive is by the state where it happened", implied_arresting_state),
    ("troops sent to a border face the country beyond it", border_deployment),
    ("an attack with no named attacker falls on the place's country", unnamed_attack_target),
    ("an arrest of people not named falls on the arresting state", own_people_arrested),
    ("a release of people not named is of the releasing state's own", own_people_released),
];

/// `أفرجت السلطات السورية عن دفعة من المعتقلين`, `أطلقت السلطات البحرينية سراح 1584 سجينا`:
/// prisoners a state frees without a side named are its own people (a nisba on them says otherwise:
/// `104 أسرى حوثيين`).
pub(crate) fn own_people_released<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    if f.def.event_type != EventType::Retreat || f.def.mode.as_deref() != Some("release") || a.source.len() != 1 {
        return;
    }
    let kb = cx.inp.kb;
    if !a.target.iter().all(|&e| generic_role(kb, e) == Some("detainees")) {
        return;
    }
    // (Detainees with a country, `104 أسرى حوثيين`, say whose they are: they stay.)
    if a.target.iter().any(|&e| kb.entity(e).country.is_some()) {
        return;
    }
    if let Some(own) = acting_state(kb, a.source[0]) {
        a.target = vec![own];
        a.notes.push("target: the people the releasing side freed (its own when no side is named)".into());
    }
}

/// Whether an attack has no named attacker (a passive, a casualty noun, a bombing): it is kept with
/// an unidentified source when it has a victim (see `frame::admit`).
pub(crate) fn unnamed_attacker(f: &Frame, a: &Args) -> bool {
    f.def.event_type == EventType::Assault && a.source.is_empty() && !a.both
}

pub(crate) fn unnamed_attack_target<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let kb = cx.inp.kb;
    // Victims the text names by a group noun without a country (`المدنيين`, `العمال`) are the
    // people of the place where they were hit.
    if f.def.event_type == EventType::Assault
        && !a.target.is_empty()
        && a.target.iter().all(|&e| countryless_generic(kb, e))
        && let Some(c) = a.location.as_ref().and_then(|l| place::host_of(kb, l.entity))
    {
        a.target = vec![c];
        a.notes.push("target: victims without a country are the people of the attack's place".into());
        return;
    }
    // An attack or a deployment whose target the text does not name falls on the place's country
    // (`شنت روسيا غارات على إدلب`, `أرسلت مصر قوات إلى ليبيا`); a deployment at home has none.
    // (A clash has both sides as sources and no target.)
    let siege = f.def.event_type == EventType::Coerce && matches!(f.def.mode.as_deref(), Some("restrict" | "confiscate"));
    let named_act = (matches!(f.def.event_type, EventType::Assault | EventType::Mobilize) || siege)
        && !a.source.is_empty()
        && !a.both
        && !a.reciprocal
        && a.between_unit.is_none();
    if named_act
        && a.target.is_empty()
        && let Some(c) = a.location.as_ref().and_then(|l| place::host_of(kb, l.entity))
        // (A state deploying at home aims at no one; an armed group massing near a town holds against its state.)
        && (f.def.event_type != EventType::Mobilize
            || !a.source.iter().any(|&s| {
                let ent = kb.entity(s);
                matches!(ent.kind, EntityKind::Country | EntityKind::Organization) && ent.country.as_deref() == kb.entity(c).country.as_deref()
            }))
    {
        a.target = vec![c];
        a.notes.push("target: the country of the place acted on".into());
        return;
    }
    if !unnamed_attacker(f, a) || !a.target.is_empty() {
        return;
    }
    // (Only a place of the attack's own clause: a casualty word whose place is read off the rest of
    // the sentence, `… ما أسفر عن مقتل عشرة`, is the consequence of an act told there.)
    if let Some(c) = a.location.as_ref().filter(|l| l.basis != LocationBasis::Sentence).and_then(|l| place::host_of(cx.inp.kb, l.entity)) {
        a.target = vec![c];
        a.notes.push("target: the country of the place of an attack with no named attacker".into());
    }
}

/// `إلقاء القبض على 12 عنصرا من داعش`, `اعتقال قياديين في الحركة`: the members counted after the act
/// belong to the group named after من/في, which is the target.
pub(crate) fn members_of<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let kb = cx.inp.kb;
    let generic_only = a.target.iter().all(|&e| countryless_generic(kb, e));
    if !matches!(f.def.event_type, EventType::Coerce | EventType::Assault) || !generic_only {
        return;
    }
    let toks = cx.inp.tokens;
    let Some(u) = f.after.iter().find(|u| u.tokens.start > f.end && u.tokens.start <= f.end + 5 && !u.place_only) else { return };
    let member_word = |t: &Token| {
        let k = t.key.trim_start_matches('و');
        Class::ForceHeads.contains(&k)
            || matches!(
                k,
                "عنصرا"
                    | "عناصر"
                    | "اعضاء"
                    | "عضوا"
                    | "قياديا"
                    | "قياديين"
                    | "مسلحا"
                    | "مسلحين"
                    | "مقاتلا"
                    | "مقاتلين"
            )
    };
    let gap = &toks[f.end..u.tokens.start];
    if matches!(u.prep.as_deref(), Some("من" | "في"))
        && gap.iter().any(member_word)
        && !gap.iter().any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()))
    {
        a.target = u.entities.clone();
        a.notes.push("target: the group whose members were acted on".into());
    }
}

/// `اعتُقل صحفي جزائري في قسنطينة`, `تم توقيف ثلاثة أشخاص في محافظة الجيزة`: an arrest with no one
/// named who made it was made by the state of the place (or, with no place, of the people arrested).
pub(crate) fn implied_arresting_state<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    if f.def.event_type != EventType::Coerce || f.def.mode.as_deref() != Some("arrest") || !a.source.is_empty() || a.both {
        return;
    }
    let kb = cx.inp.kb;
    let state = a.location.as_ref().and_then(|l| place::host_of(kb, l.entity)).or_else(|| {
        let t = a.target.first()?;
        kb.entity(*t).country.as_deref().and_then(|iso| kb.country(iso))
    });
    if let Some(c) = state {
        a.source = vec![c];
        a.notes.push("source: the state where the arrest told in the passive was made".into());
        if a.target.is_empty() || a.target.iter().all(|&e| countryless_generic(kb, e)) {
            a.target = vec![c];
        }
    }
}

/// `دفع الجيش بتعزيزات إلى الحدود مع سوريا`, `قرب الحدود الليبية`: a deployment to a border is aimed
/// at the country beyond it.
pub(crate) fn border_deployment<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    if f.def.event_type != EventType::Mobilize || !a.target.is_empty() || a.source.is_empty() {
        return;
    }
    let toks = cx.inp.tokens;
    let kb = cx.inp.kb;
    let own: Vec<Option<&str>> = a.source.iter().map(|&e| kb.entity(e).country.as_deref()).collect();
    let end = cx.s.tokens.end.min(f.next_trigger.max(f.end));
    let Some(b) = (f.end..end).find(|&i| readings(&toks[i].key).iter().any(|r| r.rest.starts_with("الحدود") || r.rest.starts_with("حدود")))
    else {
        return;
    };
    let beyond = mentions_in(cx.inp, cx.s).iter().filter(|m| m.tokens.start > b && m.tokens.start <= b + 4).find_map(|m| {
        let e = m.entity?;
        let c = kb.entity(e).country.as_deref().and_then(|iso| kb.country(iso)).or_else(|| place::host_of(kb, e))?;
        (!own.contains(&kb.entity(c).country.as_deref())).then_some(c)
    });
    if let Some(c) = beyond {
        a.target = vec![c];
        a.notes.push("target: the country beyond the border troops were sent to".into());
    }
}

pub(crate) fn own_people_arrested<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    if f.def.event_type != EventType::Coerce || f.def.mode.as_deref() != Some("arrest") || !a.target.is_empty() || a.source.len() != 1 {
        return;
    }
    let kb = cx.inp.kb;
    let toks = cx.inp.tokens;
    // (`أوقفت الحكومة المساعدات` stopped something: `أوقف` arrests only a count of people.)
    if readings(&toks[f.start].key).iter().any(|r| r.rest.starts_with("اوقف"))
        && !(a.src_end..cx.s.tokens.end.min(a.src_end + 3)).any(|i| {
            crate::casualties::count_at(&toks[..cx.s.tokens.end], i).is_some()
                || crate::casualties::people_noun(crate::casualties::bare(&toks[i]))
        })
    {
        return;
    }
    if let Some(c) = acting_state(kb, a.source[0]) {
        a.target = vec![c];
        a.notes.push("target: people the arresting state does not name are its own".into());
    }
}

pub(crate) fn settle_roles<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, out: &[EventMention]) {
    for (_, rule) in ROLE_RULES {
        rule(cx, f, a, out);
    }
}

pub(crate) fn settle_place_targets<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, out: &[EventMention]) {
    for (_, rule) in PLACE_TARGET_RULES {
        rule(cx, f, a, out);
    }
}

pub(crate) fn passive_agent<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let toks = cx.inp.tokens;
    let tm = f.tm;
    // A passive with its agent: `استقبل X من قبل Y`, `اغتيل X على يد Y` — Y acted on X.
    let agent_at = (tm.end + 1..f.next_trigger.min(toks.len()))
        .find(|&i| (toks[i].key == "قبل" && toks[i - 1].key == "من") || (toks[i].key == "يد" && toks[i - 1].key == "علي"));
    let agent = agent_at.and_then(|at| f.after.iter().find(|u| u.tokens.start > at && u.tokens.start <= at + 3));
    if let (Some(at), Some(agent)) = (agent_at, agent) {
        if let Some(patient) = f.after.iter().find(|u| u.tokens.start < at && u.prep.is_none()) {
            a.target = patient.entities.clone();
        } else if !a.source.is_empty() {
            a.target = std::mem::take(&mut a.source);
        }
        a.source = agent.entities.clone();
        a.notes.push("passive: the agent after من قبل is the source".into());
    } else if f.passive && a.between_unit.is_none() {
        // `اغتيل رئيس المكتب السياسي …`, `تم اعتقال المعارض …`: what follows is the patient; who
        // acted is not said (the source stays empty rather than invented).
        if a.target.is_empty() {
            a.target = std::mem::take(&mut a.source);
        } else {
            a.source.clear();
        }
        a.notes.push("passive: the unit after the verb is the target; no agent named".into());
    }
}

pub(crate) fn receiving_verb<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let toks = cx.inp.tokens;
    let tm = f.tm;
    // `تلقى X اتصالا من Y`: the grammatical subject received; the one it came from acted.
    let head_key = readings(&toks[tm.start].key).into_iter().map(|r| r.rest).find(|k| Class::ReceivingHeads.contains(&k.as_str()));
    if head_key.is_some() && !a.target.is_empty() {
        std::mem::swap(&mut a.source, &mut a.target);
        a.notes.push("receiving verb: source and target swapped".into());
    }
}

pub(crate) fn reciprocal<'s>(_cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let def = f.def;
    a.source.retain(|e| !a.target.contains(e));
    // Reciprocal events with all actors on one side: the first is the source.
    if a.target.is_empty()
        && a.source.len() >= 2
        && matches!(def.event_type, EventType::Consult | EventType::Agree | EventType::Cooperate)
        && def.mode.as_deref() != Some("multilateral")
    {
        a.target = a.source.split_off(1);
        a.reciprocal = true;
        a.notes.push("reciprocal: first actor as source".into());
    }
}

pub(crate) fn place_targets<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, _out: &[EventMention]) {
    let inp = cx.inp;
    let def = f.def;
    // The troops a force mobilises are its means, not its target (`استدعاء جنود الاحتياط`).
    if def.event_type == EventType::Mobilize {
        a.target.retain(|&e| {
            let id = &inp.kb.entity(e).id;
            !(id.starts_with("generic:soldiers:") || id.starts_with("generic:security_forces:") || id.starts_with("generic:police:"))
        });
    }
    // A protest with no named target is aimed at the protesters' own state (PLOVER codes the
    // government a crowd protests against): `تظاهر آلاف السودانيين` → Sudan, and a union's strike
    // (`نفذ الاتحاد العام التونسي للشغل إضرابا عاما`) → Tunisia.
    if (def.event_type == EventType::Protest
        || (def.event_type == EventType::Request && a.source.iter().any(|&e| inp.kb.entity(e).id.starts_with("generic:protesters:"))))
        && a.target.is_empty()
        && let Some(c) = a.source.iter().find_map(|&e| {
            let ent = inp.kb.entity(e);
            let protest_org = def.event_type == EventType::Protest && matches!(ent.kind, EntityKind::Organization | EntityKind::Group);
            if ent.id.starts_with("generic:") || protest_org { ent.country.as_deref().and_then(|iso| inp.kb.country(iso)) } else { None }
        })
    {
        a.target.push(c);
        a.notes.push("target: the protesters' own state".into());
    }
    a.source.retain(|&e| inp.kb.entity(e).kind.can_act());
    // A place acted on (`المساعدات لقطاع غزة`, `حاصرت مدينة الفاشر`) stands for its country, as
    // ICEWS codes it; the place itself is the event's location.
    for t in a.target.iter_mut() {
        let ent = inp.kb.entity(*t);
        if !ent.kind.can_act()
            && let Some(c) = host_of(inp.kb, *t)
        {
            a.place_targets.push(*t);
            *t = c;
        }
    }
    if a.location.is_none()
        && let Some(&p) = a.place_targets.first()
    {
        a.location = Some(Location { entity: p, basis: LocationBasis::Clause });
    }
    a.target.dedup();
    a.target.retain(|&e| inp.kb.entity(e).kind.can_act() && !a.source.contains(&e));
    // (A capital named as the place struck, `على الضاحية الجنوبية لبيروت`, is as weak.)
    let capital_target = a.target_unit.is_some_and(|u| !u.capitals.is_empty() && u.prep.is_some());
    a.target_from_place = (!a.place_targets.is_empty() || capital_target)
        && a.target.iter().all(|&t| {
            a.place_targets.iter().chain(a.target_unit.map(|u| &u.capitals).into_iter().flatten()).any(|&p| host_of(inp.kb, p) == Some(t))
        });
    if a.target_from_place {
        a.notes.push("target: the country of the place acted on (a named target in the sentence replaces it)".into());
    }
}

pub(crate) fn participle_object<'s>(cx: &Sent<'s, '_>, f: &Frame<'s>, a: &mut Args<'s>, out: &[EventMention]) {
    let toks = cx.inp.tokens;
    let def = f.def;
    let start = &f.start;
    // A circumstantial participle (`محذرا من عواقب`, `مطالبين برحيل`) acts on the object of the
    // verb it goes with.
    let participle = {
        let k = &toks[*start].key;
        k.starts_with('م') && (k.ends_with('ا') || k.ends_with("ين")) && k.chars().count() >= 5 && def.pos == Pos::Verb
    };
    if participle
        && a.target.is_empty()
        && let Some(prev) = out[cx.sentence_start..].last().filter(|p| p.source == a.source)
    {
        a.target = prev.target.clone();
        a.notes.push("target: the object of the verb the participle goes with".into());
    }
}
