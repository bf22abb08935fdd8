//! Per-trigger facts: coding one sentence's triggers into event mentions.
//!
//! Rules:
//! - each trigger's stretch runs to the next trigger not inside a prepositional phrase;
//! - a passive is a form only the passive has (`اغتيل`), a damma on a past verb, or `تم`/`جرى` + verbal
//!   noun (`تم اعتقال الصحفي`);
//! - a verb's plural or dual suffix (`يدعمون`, `يبحثان`) keeps its subject inside it;
//! - the source, then the target, then the place, modality and date are read in that order;
//! - an accusation right after a denial is aimed at the denier: `نفى الجيش الاتهامات الموجهة إليه`.

use crate::*;

pub(crate) fn code_sentence(inp: &Input, si: usize, s: &Sentence, out: &mut Vec<EventMention>) {
    let toks = inp.tokens;
    // Tokens inside mentions (indexed from the sentence's first token) are never triggers.
    let mut covered = vec![false; s.tokens.len()];
    for m in mentions_in(inp, s) {
        for i in m.tokens.clone() {
            if let Some(c) = i.checked_sub(s.tokens.start).and_then(|k| covered.get_mut(k)) {
                *c = true;
            }
        }
    }
    // …and so are the words of time expressions: `فجر اليوم` is dawn, not `فجّر` (blew up).
    for t in times_in(inp, s) {
        for i in s.tokens.clone() {
            if t.span.contains(toks[i].span) {
                covered[i - s.tokens.start] = true;
            }
        }
    }
    let mut triggers: Vec<Match> = find_triggers(inp, s, &covered).into_iter().filter_map(|m| nominal_filter(inp, s, m)).collect();
    // Where a denial's content begins, if a denial opens the sentence's acts.
    let denial_at = triggers.iter().find_map(|m| {
        let denial = m.defs.iter().any(|&d| inp.lexicon.triggers[d].event_type == EventType::Reject)
            && readings(&toks[m.start].key)
                .iter()
                .any(|r| r.rest.starts_with("نف") || r.rest.starts_with("ينف") || r.rest.starts_with("تنف"));
        if denial { denied_from(toks, s, m) } else { None }
    });
    drop_complements(inp, s, &covered, &mut triggers);
    if triggers.is_empty() {
        return;
    }
    let units = units(inp, s);
    let trigger_ranges: Vec<std::ops::Range<usize>> = triggers.iter().map(|t| t.start..t.end).collect();
    let (reporters, reporter_units) = attribution(inp, s, &units, &trigger_ranges);
    let sentence_start = out.len();
    let mut produced: Vec<usize> = Vec::new();
    // The previous sentence's subject carries over only to a verb that opens this sentence
    // (`وأكد …`, `كما أضاف …`); inside the sentence, the subject of its first event does.
    let previous_subject: Option<Vec<EntityId>> = out.iter().rev().find(|m| m.sentence + 1 == si).map(|m| m.source.clone());
    let mut topic: Option<Vec<EntityId>> = None;
    for (ti, tm) in triggers.iter().enumerate() {
        let (start, end, defs, future_prefix) = (&tm.start, &tm.head_end, &tm.defs, &tm.future);
        let def = &inp.lexicon.triggers[defs[0]];
        // A passive: a form only the passive has (`اغتيل`), or `تم`/`جرى` + verbal noun (`تم اعتقال`).
        let passive = readings(&toks[*start].key).iter().any(|r| PASSIVE_FORMS.contains(&r.rest.as_str()))
            || (def.pos == Pos::Verb && vocalised_passive(&inp.text[toks[*start].span.range()]))
            || (*start > s.tokens.start && PASSIVE_AUXILIARIES.contains(&toks[*start - 1].key.as_str()) && def.pos != Pos::Verb);
        // The stretch of this trigger ends at the next one, unless that one sits in a
        // prepositional phrase (`لم يلتق X خلال زيارته Y`).
        let next_trigger = triggers[ti + 1..]
            .iter()
            .find(|t| {
                !(t.start > s.tokens.start && matches!(toks[t.start - 1].key.as_str(), "خلال" | "اثناء" | "في" | "عقب" | "بعد" | "قبل"))
            })
            .map_or(s.tokens.end, |t| t.start);
        // (Triggers nest when a discontinuous phrase holds a temporal phrase: the previous trigger
        // is the last one that ends before this one.)
        let prev_trigger = triggers[..ti].iter().rev().find(|t| t.end <= *start).map_or(s.tokens.start, |t| t.end);
        let mut notes = Vec::new();
        let topic_here: Option<Vec<EntityId>> =
            topic.clone().or_else(|| if tm.start <= s.tokens.start + 2 { previous_subject.clone() } else { None });
        let usable = |u: &&Unit| !reporter_units.contains(&u.tokens.start);
        let actor_unit = |u: &&Unit| !u.place_only;
        // Units after the trigger within its stretch, and the nearest before it in the same clause.
        let after_all: Vec<&Unit> =
            units.iter().filter(usable).filter(|u| u.tokens.start >= *end && u.tokens.start < next_trigger).collect();
        // (Sources come from actors only; place units are for targets.)
        let after: Vec<&Unit> = after_all.iter().copied().filter(actor_unit).collect();
        // (A phrase row may open with a noun: `قطيعة`, `بعد قطع العلاقات`, `الإبادة الجماعية`: a ة,
        // the article or a temporal preposition before it shows it. A noun has no subject before it.)
        let first_word = &inp.text[toks[*start].span.range()];
        let nominal_phrase = def.pos == Pos::Phrase
            && (first_word.ends_with('ة')
                || toks[*start].key.starts_with("ال")
                || (*start > s.tokens.start && matches!(toks[*start - 1].key.as_str(), "بعد" | "قبل" | "منذ" | "اثر" | "عقب" | "خلال")));
        // …unless a light verb carries it and its subject stands between them: `أطلقت قوات الأمن
        // الغاز المسيل للدموع`, `شنت الطائرات غارات`.
        let light_verb_subject = |u: &Unit| {
            u.tokens.start > s.tokens.start
                && readings(&toks[u.tokens.start - 1].key).iter().any(|r| LIGHT_VERBS.contains(&r.rest.as_str()))
        };
        let before: Option<&Unit> = units
            .iter()
            .filter(usable)
            .filter(actor_unit)
            .filter(|u| !nominal_phrase || light_verb_subject(u))
            .filter(|u| u.tokens.end <= *start && u.tokens.start >= prev_trigger && u.prep.is_none())
            .rfind(|u| {
                !toks[u.tokens.end..*start]
                    .iter()
                    .any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()) || CLAUSE_OPENERS.contains(&t.key.as_str()))
                    && *start - u.tokens.end <= 4
            });
        let first_after = after.first().copied();
        let gap_ok = |u: &Unit| {
            toks[*end..u.tokens.start].iter().all(|t| {
                ADVERBS.contains(&t.key.as_str())
                    || times_in(inp, s).iter().any(|x| x.span.contains(t.span))
                    || t.key == "،"
                    || is_rank(&t.key)
                    || t.key == "مع"
            }) && u.tokens.start - *end <= 5
        };
        let pro_drop_marker = toks.get(*end).is_some_and(|t| {
            rasd_text::clitics::enclitic_readings(&t.key)
                .iter()
                .any(|(stem, e)| e.is_some() && matches!(*stem, "خلال" | "مع" | "ب" | "في" | "عند" | "ل" | "الي" | "علي"))
        });
        // A verb that carries a plural or dual subject (`يدعمون`, `دعموا`, `يبحثان`) has its subject in it
        // or before it: in verb-first order the verb stays singular, so the noun after it is its object.
        let (plural_verb, dual_verb) = if def.pos == Pos::Verb { subject_suffix(&toks[*start].key) } else { (false, false) };
        let mut source: Vec<EntityId> = Vec::new();
        let mut visitor_by_lam = false;
        // Where a source described by its leader (`المجلس العسكري بقيادة تياني`) ends.
        let mut leader_end: Option<usize> = None;
        let mut target_unit: Option<&Unit> = None;
        let mut both = false;
        let mut target: Vec<EntityId> = Vec::new();
        let pronoun = pronoun_on_trigger(inp, tm);
        // An object pronoun on the verb (`منحته حق اللجوء`, `ما نفته أبوظبي`): the unit after the
        // verb is then its subject, and the pronoun the one just talked of.
        let head_pronoun = def.pos != Pos::Noun
            && rasd_text::clitics::enclitic_readings(&toks[*start].key).iter().any(|(stem, e)| {
                e.is_some_and(|e| matches!(e, "ه" | "ها" | "هم" | "هما"))
                    && (inp.lexicon.forms.contains_key(*stem) || inp.lexicon.phrase_heads.contains_key(*stem))
            });
        // `التي تدعو`: the relative pronoun is the subject. With a resumptive object pronoun
        // (`موسكو التي وصلها`) it is the object, and the dropped subject is the topic.
        let after_relative = *start > s.tokens.start && RELATIVES.contains(&toks[*start - 1].key.as_str()) && !pronoun;
        // `الرئيس الإيراني حسن روحاني الذي هاتفه الأحد`: with a resumptive pronoun on the verb the
        // antecedent is its object, and the subject is the topic the sentence is about.
        // (Also on the verb's preposition: `ترامب الذي اتصل به`.)
        let resumed_by_prep = toks.get(*end).is_some_and(|t| {
            matches!(t.key.as_str(), "به" | "بها" | "بهم" | "بهما" | "معه" | "معها" | "معهم" | "معهما" | "اليه" | "اليها" | "اليهم")
        });
        let resumptive = def.pos != Pos::Noun
            && (head_pronoun || resumed_by_prep)
            && *start > s.tokens.start
            && RELATIVES.contains(&toks[*start - 1].key.as_str());
        let antecedent = before.filter(|_| resumptive);
        let before = if resumptive { None } else { before };
        let after_relative = after_relative && !resumptive;
        if pronoun && def.mode.as_deref() == Some("host") {
            // `كان في استقباله X`: the pronoun is the guest (the topic), X the host.
            // The host may follow a place phrase: `كان في استقباله بمطار القاهرة نظيره`.
            let host_gap_ok = |u: &Unit| {
                u.tokens.start >= tm.end
                    && u.tokens.start - tm.end <= 10
                    && !toks[tm.end..u.tokens.start].iter().any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()))
            };
            if let Some(u) = first_after.filter(|u| u.prep.is_none() && host_gap_ok(u)) {
                source = u.entities.clone();
                notes.push("source: the host named after the pronoun-suffixed trigger".into());
            }
            if let Some(t) = topic_here.clone() {
                target = t;
                notes.push("target: the pronoun, read as the sentence's topic".into());
            }
        } else if pronoun && def.pos == Pos::Noun {
            // `زيارته`: the pronoun is the genitive; the agent is the topic, or the actor named
            // just before in the sentence (`أعرب ماكرون خلال زيارته`).
            let nearest_before = units.iter().filter(usable).rfind(|u| u.tokens.end <= *start && u.prep.is_none());
            if def.takes_obj() && !matches!(def.mode.as_deref(), Some("visit" | "host")) {
                // A verbal noun whose genitive is its patient (`اعتقاله`, `اغتياله`, `طردهم`): the
                // pronoun is the one the act falls on.
                if let Some(u) = nearest_before {
                    target_unit = Some(u);
                    notes.push("target: the pronoun on the verbal noun (its patient), read as the actor just named".into());
                } else if let Some(t) = topic_here.clone() {
                    target = t;
                    notes.push("target: the pronoun on the verbal noun (its patient), read as the topic".into());
                }
            } else if let Some(t) = topic_here.clone() {
                source = t;
                notes.push("source: the pronoun on the verbal noun, read as the topic".into());
            } else if let Some(u) = nearest_before {
                source = u.entities.clone();
                notes.push("source: the pronoun on the verbal noun, read as the actor just named".into());
            }
        } else if def.pos == Pos::Noun
            && def.mode.as_deref() == Some("visit")
            && let Some(u) = first_after.filter(|u| u.prep.as_deref() == Some("ل") && u.tokens.start - *end <= 1)
        {
            // `زيارة للأسد`, `زيارة رسمية للرئيس`: the ل names the visitor.
            source = u.entities.clone();
            visitor_by_lam = true;
            notes.push("source: the visitor after ل".into());
        } else if def.pos == Pos::Noun
            && let Some(u) = first_after.filter(|u| u.agent_nisba && u.tokens.start == *end)
        {
            // `الغارة الإسرائيلية على …`, `الانسحاب الأمريكي من …`: the nisba is the agent.
            source = u.entities.clone();
            notes.push("source: the nisba of the verbal noun".into());
        } else if def.pos == Pos::Noun {
            // Verbal noun: the genitive right after it.
            if let Some(u) = first_after.filter(|u| u.prep.is_none() && u.tokens.start - *end <= 1) {
                let place_genitive = !u.capitals.is_empty() || u.entities.iter().all(|&e| inp.kb.entity(e).kind == EntityKind::Country);
                if def.mode.as_deref() == Some("visit") && place_genitive {
                    // `يعتزم ماكرون زيارة المغرب`: the genitive of a visit is the visited country.
                    target_unit = Some(u);
                    notes.push("target: the visited country, genitive of the verbal noun".into());
                    if let Some(b) = before {
                        source = b.entities.clone();
                        notes.push("source: the subject before the verbal noun".into());
                    }
                } else if let Some(leader) = after.iter().find(|x| {
                    x.tokens.start > u.tokens.end
                        && x.tokens.start - u.tokens.end <= 2
                        && matches!(toks[u.tokens.end].key.as_str(), "بقياده" | "برئاسه" | "بزعامه")
                }) {
                    // `مطالبة المجلس العسكري بقيادة تياني بانسحاب …`: a genitive described by its
                    // leader is the one acting, and the leader acts with it.
                    source = u.entities.clone();
                    source.extend(leader.entities.iter().copied().filter(|e| !u.entities.contains(e)));
                    leader_end = Some(leader.tokens.end);
                    notes.push("source: the genitive of the verbal noun and its leader (بقيادة)".into());
                } else if (def.takes_obj() || def.mode.as_deref() == Some("host")) && def.mode.as_deref() != Some("visit") {
                    target_unit = Some(u);
                    notes.push("target: genitive of the verbal noun".into());
                    // The agent: the next bare unit after it, or the unit before.
                    if let Some(a) = after.iter().find(|x| x.tokens.start >= u.tokens.end && x.prep.is_none()) {
                        source = a.entities.clone();
                        both |= a.both_sides;
                        notes.push("source: the noun phrase after the genitive".into());
                    } else if let Some(b) = before {
                        source = b.entities.clone();
                        notes.push("source: subject before the verbal noun".into());
                    }
                } else if def.event_type == EventType::Consult && !u.capitals.is_empty() && u.entities.len() == 1 {
                    // `محادثات أنقرة`, `قمة جدة`: a capital after talks or a summit is where they are held.
                    notes.push("the capital after the verbal noun is its place, not its actor".into());
                } else {
                    source = u.entities.clone();
                    both |= u.both_sides;
                    notes.push("source: genitive of the verbal noun".into());
                }
            }
        } else if let Some(b) = before {
            source = b.entities.clone();
            both |= b.both_sides;
            notes.push("source: subject before the verb (SVO)".into());
        } else if let Some(u) = first_after.filter(|u| u.prep.is_none() && gap_ok(u) && !pro_drop_marker && !plural_verb && !dual_verb) {
            let more = after
                .iter()
                .any(|x| x.tokens.start >= u.tokens.end && (x.prep.is_none() || x.prep.as_deref().is_some_and(|p| def.takes_prep(p))));
            // A definite noun phrase or a demonstrative right after the unit is the object, so the
            // unit is the subject (`وثمن العاهل المغربي هذا الموقف`, `أدان الرئيس الهجوم`).
            let object_follows = toks.get(u.tokens.end).is_some_and(|t| {
                let covered_by_mention = mentions_in(inp, s).iter().any(|m| m.tokens.contains(&u.tokens.end));
                !covered_by_mention
                    && (matches!(t.key.as_str(), "هذا" | "هذه" | "ذلك" | "تلك" | "هذين" | "هاتين" | "هولاء")
                        || (t.key.starts_with("ال") && t.key.chars().count() > 3 && !PREPOSITIONS.contains(&t.key.as_str())))
            });
            if more || object_follows || head_pronoun || !def.takes_obj() || topic_here.is_none() {
                source = u.entities.clone();
                both |= u.both_sides;
                notes.push("source: subject after the verb (VSO)".into());
            }
        }
        // A verbal noun carried by a light or aspectual verb takes that verb's subject:
        // `بدأت القوات الإريترية الانسحاب`, `نفذ الجيش هجوما`.
        if source.is_empty() && !both && (def.pos == Pos::Noun || nominal_phrase) {
            let is_light = |i: usize| readings(&toks[i].key).iter().any(|r| LIGHT_VERBS.contains(&r.rest.as_str()));
            // The light verb just before the noun, with its subject after it (VSO) or before it (SVO).
            // (Further back when a measure stands between, with no clause break: `قدمت مصر نحو
            // ثلاثة آلاف طن من المساعدات`.)
            let lv = (start.saturating_sub(4).max(s.tokens.start)..*start).rev().find(|&i| is_light(i)).or_else(|| {
                (start.saturating_sub(9).max(s.tokens.start)..start.saturating_sub(4)).rev().find(|&i| is_light(i)).filter(|&i| {
                    toks[i + 1..*start]
                        .iter()
                        .all(|t| !CLAUSE_BREAKS.contains(&t.key.as_str()) && !matches!(t.key.as_str(), "،" | "," | "ان" | "بان"))
                })
            });
            let subject = lv.and_then(|v| {
                units
                    .iter()
                    .filter(usable)
                    .filter(actor_unit)
                    .find(|u| u.tokens.start == v + 1 && u.tokens.end <= *start && u.prep.is_none())
                    .or_else(|| {
                        units.iter().filter(usable).filter(actor_unit).rfind(|u| {
                            u.tokens.end <= v
                                && v - u.tokens.end <= 1
                                && u.prep.is_none()
                                && (v + 1..*start).all(|k| !is_word(&toks[k]) || is_light(k))
                        })
                    })
                    // (A relative clause's light verb: `الغزواني، الذي يقوم بزيارة`.)
                    .or_else(|| {
                        (v > s.tokens.start && RELATIVES.contains(&toks[v - 1].key.as_str()) && v + 1 == *start)
                            .then(|| {
                                units
                                    .iter()
                                    .filter(usable)
                                    .filter(actor_unit)
                                    .rfind(|u| u.tokens.end < v && toks[u.tokens.end..v - 1].iter().all(|t| !is_word(t)))
                            })
                            .flatten()
                    })
            });
            if let Some(b) = subject {
                source = b.entities.clone();
                notes.push("source: the subject of the verb that carries the verbal noun".into());
            }
        }
        // An aim (`تحركات موسكو بالتنسيق مع حفتر لإنشاء قاعدة`) is the aim of the actor just named
        // in its clause.
        if source.is_empty()
            && !both
            && def.pos == Pos::Noun
            && readings(&toks[*start].key).iter().any(|r| r.proclitics.last() == Some(&"ل"))
        {
            let clause_from = (s.tokens.start..*start)
                .rev()
                .find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str()) || matches!(toks[i].key.as_str(), "،" | "," | "ان" | "بان"))
                .map_or(s.tokens.start, |i| i + 1);
            if let Some(u) = units
                .iter()
                .filter(usable)
                .filter(actor_unit)
                .rfind(|u| u.tokens.end <= *start && u.tokens.start >= clause_from && u.prep.is_none() && *start - u.tokens.end <= 8)
            {
                source = u.entities.clone();
                notes.push("source: the actor just named in the clause of the aim (ل + verbal noun)".into());
            }
        }
        // `اشتباكات بين الجيش وقوات الدعم السريع`, `وقف إطلاق النار بين إسرائيل وحزب الله`, `تم توقيع
        // اتفاقيات بين مصر وقبرص`: with no actor of its own, an act between two parties is theirs.
        let mut between_unit: Option<&Unit> = None;
        if (source.is_empty() || passive) && target.is_empty() && target_unit.is_none()
            && let Some(u) = after.iter().copied().find(|u| u.prep.as_deref() == Some("بين") && u.tokens.start >= *end && u.tokens.start - *end <= 6 && u.entities.len() >= 2)
            // (`تناول اللقاء العلاقات الثنائية بين روسيا والجزائر`: the pair of a topic noun standing
            // between is the topic's, not the act's.)
            && !toks[*end..u.tokens.start].iter().any(|t| RELATION_NOUNS.contains(&t.key.trim_start_matches('و')))
        {
            source = u.entities.clone();
            between_unit = Some(u);
            notes.push("source: the parties after بين".into());
        }
        // Talks during which something else happened (`قد يتفقان … خلال محادثات أنقرة`) are those
        // actors' talks.
        if source.is_empty()
            && !both
            && def.event_type == EventType::Consult
            && def.pos == Pos::Noun
            && !matches!(def.mode.as_deref(), Some("visit" | "host"))
            && *start > s.tokens.start
            && matches!(toks[*start - 1].key.as_str(), "خلال" | "اثناء" | "في")
            && let Some(prev) = out[sentence_start..].last()
        {
            // (With its own partner, `خلال اتصال هاتفي مع المنفي`, only the subject carries over.)
            let partner =
                after.iter().any(|u| u.tokens.start >= *end && u.tokens.start - *end <= 2 && matches!(u.prep.as_deref(), Some("مع" | "ب")));
            source = if partner { prev.source.clone() } else { prev.source.iter().chain(prev.target.iter()).copied().collect() };
            notes.push("source: the actors of the act these talks framed".into());
        }
        // A dropped subject is a verb's affair: a verbal noun without an actor is not an event mention.
        // (A plural verb's dropped subject is not one person: `وقال الوزير إنهم يدعمون …`.)
        let one_person = |t: &Vec<EntityId>| t.len() == 1 && inp.kb.entity(t[0]).kind == EntityKind::Person;
        if source.is_empty()
            && !both
            && def.pos != Pos::Noun
            && !nominal_phrase
            && !after_relative
            && let Some(t) = topic_here.clone().filter(|t| !(t.is_empty() || (plural_verb && one_person(t))))
        {
            source = t;
            notes.push("source: the sentence's topic (dropped subject)".into());
            // A dual verb (`ناقشا`, `يبحثان`) has the two actors just named as its subject.
            let k = toks[*start].key.as_str();
            let k = readings(k).into_iter().map(|r| r.rest).find(|r| inp.lexicon.forms.contains_key(r)).unwrap_or_else(|| k.to_string());
            let dual = [("ا", ""), ("ان", ""), ("تا", "ت")].iter().any(|(suf, rep)| {
                k.strip_suffix(suf).is_some_and(|stem| stem.chars().count() >= 3 && inp.lexicon.forms.contains_key(&format!("{stem}{rep}")))
            });
            if dual && source.len() == 1 && target.is_empty() {
                let pair = recent_pair(out, si);
                if pair.len() == 2 && pair.contains(&source[0]) {
                    target = pair.into_iter().filter(|e| !source.contains(e)).collect();
                    notes.push("the dual verb's subject: the two actors just named".into());
                }
            }
        }
        // …and, with no topic, the subject is the actor named before it (`أبلغها الرئيس ماكرون
        // للقادة الذين اتصل بهم`).
        if resumptive && source.is_empty() && !both {
            let before_rel = antecedent.map_or(*start - 1, |a| a.tokens.start);
            if let Some(u) = units
                .iter()
                .filter(usable)
                .filter(actor_unit)
                .rfind(|u| u.tokens.end <= before_rel && u.prep.is_none() && antecedent.is_none_or(|a| a.entities != u.entities))
            {
                source = u.entities.clone();
                notes.push("source: the actor named before the relative clause".into());
            }
        }
        if let Some(a) = antecedent
            && target.is_empty()
            && target_unit.is_none()
            && a.entities != source
        {
            target_unit = Some(a);
            notes.push("target: the antecedent of the relative pronoun, resumed by the object pronoun".into());
        }
        if head_pronoun
            && target.is_empty()
            && target_unit.is_none()
            && def.mode.as_deref() != Some("host")
            && !source.is_empty()
            && let Some(t) =
                topic_here.clone().map(|t| t.into_iter().filter(|e| !source.contains(e)).collect::<Vec<_>>()).filter(|t| !t.is_empty())
        {
            target = t;
            notes.push("target: the object pronoun, read as the one just talked of".into());
        }
        // Target: the first unit after the source (or trigger) that the trigger's frame accepts.
        // For a discontinuous phrase the subject sits inside it, and the target comes after its last word.
        let src_unit_end = leader_end
            .or(between_unit.map(|u| u.tokens.end))
            .unwrap_or_else(|| after.iter().find(|u| !source.is_empty() && u.entities == source).map_or(*end, |u| u.tokens.end));
        let src_end = src_unit_end.max(if tm.end > *end { tm.end } else { 0 });
        // VSO inside a discontinuous phrase: after the subject comes the object
        // (`حملت الخارجية إسرائيل المسؤولية`, `طالب البيت الأبيض حماس بالإفراج عن …`), or a
        // phrase word falls inside the object (`رحلت السلطات مئات المهاجرين`).
        if tm.end > *end
            && target_unit.is_none()
            && target.is_empty()
            && !source.is_empty()
            && let Some(u) = after.iter().copied().find(|u| {
                let coordinated = toks[u.tokens.start].key.starts_with('و')
                    && mentions_in(inp, s).iter().any(|m| m.tokens.start == u.tokens.start && m.proclitics.first() == Some(&"و"))
                    || (u.tokens.start > 0 && toks[u.tokens.start - 1].key == "و");
                let frame_prep = u.prep.as_deref().is_none_or(|p| def.takes_prep(p) || p == "الي");
                u.tokens.start >= src_unit_end && u.tokens.start < tm.end && u.entities != source && frame_prep && !coordinated
            })
        {
            target_unit = Some(u);
            notes.push("target: the object inside the phrase".into());
        }
        // A phrase ending in its preposition (`انسحابها الفوري من`) introduces its target directly.
        let phrase_prep = (tm.end - tm.start > 1).then(|| toks[tm.end - 1].key.as_str()).filter(|k| PREPOSITIONS.contains(k));
        if target_unit.is_none() && target.is_empty() {
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
                                u.tokens.start == src_end
                                    || (u.tokens.start > 0 && PLACE_HEADS.contains(&toks[u.tokens.start - 1].key.as_str()))
                            }
                        }
            };
            target_unit = after_all.iter().copied().filter(|u| place_ok(u)).find(|u| {
                // An object follows closely; a prepositional target may sit a little further.
                let reach = if u.prep.is_none() { 4 } else { 7 };
                u.tokens.start >= src_end
                    && u.tokens.start - src_end <= reach
                    && (phrase_prep.is_some_and(|p| u.prep.as_deref() == Some(p) && u.tokens.start == tm.end)
                        // …or, ending in a noun (`علق … عضوية`), takes its target as that noun's genitive.
                        || (tm.end - tm.start > 1 && phrase_prep.is_none() && u.prep.is_none() && u.tokens.start == tm.end)
                        || match u.prep.as_deref() {
                        None => def.takes_obj() || def.target.is_empty() || (def.mode.as_deref() == Some("visit") && u.entities.iter().all(|&e| inp.kb.entity(e).kind.is_place())),
                        // A withdrawal `في مالي` is a withdrawal from Mali.
                        Some(p) => def.takes_prep(p) || (def.event_type == EventType::Retreat && matches!(p, "في" | "من")),
                    }
                    && (u.prep.as_deref() != Some("في") || def.takes_prep("في") || def.event_type == EventType::Retreat))
            });
            if let Some(u) = target_unit {
                notes.push(format!("target: {}", u.prep.as_deref().map_or("object".to_string(), |p| format!("after {p}"))));
            }
        }
        if target.is_empty() {
            target = target_unit.map(|u| u.entities.clone()).unwrap_or_default();
        }
        // An act on a facility of someone (`هجوما على موقع للجيش النيجري`, `استهدف مقر الشرطة`,
        // `هاجموا دورية للجيش`) falls on its owner.
        if target.is_empty() && target_unit.is_none() && !source.is_empty() {
            let clause_end = clause_limit(toks, *end, s.tokens.end);
            let facility = (src_end.max(*end)..(src_end.max(*end) + 3).min(clause_end)).find(|&i| {
                readings(&toks[i].key).iter().any(|r| FACILITIES.contains(&r.rest.as_str()))
                    && (i == src_end.max(*end)
                        || def.takes_prep(toks[i - 1].key.as_str())
                        || PREPOSITIONS.contains(&toks[i - 1].key.as_str()))
            });
            if let Some(f) = facility
                && let Some(u) = units.iter().filter(usable).filter(|u| !u.place_only).find(|u| {
                    u.tokens.start > f && u.tokens.start <= f + 2 && u.prep.as_deref().is_none_or(|p| p == "ل") && u.entities != source
                })
            {
                target = u.entities.clone();
                notes.push("target: the owner of the facility acted on".into());
            }
        }
        // A statement made in a letter or a call to someone (`ثمن الملك هذا الموقف في رسالة إلى
        // الرئيس ماكرون`) is addressed to them.
        if target.is_empty()
            && target_unit.is_none()
            && !source.is_empty()
            && matches!(
                def.event_type,
                EventType::Support | EventType::Accuse | EventType::Request | EventType::Reject | EventType::Threaten
            )
        {
            let clause_end = clause_limit(toks, *end, s.tokens.end);
            let medium = (*end..clause_end).find(|&i| {
                readings(&toks[i].key).iter().any(|r| {
                    matches!(r.rest.as_str(), "رساله" | "برقيه" | "اتصال" | "مكالمه" | "خطاب") && r.proclitics.last() == Some(&"ب")
                }) || (toks[i].key == "في"
                    && toks.get(i + 1).is_some_and(|t| matches!(t.key.as_str(), "رساله" | "برقيه" | "اتصال" | "مكالمه" | "خطاب")))
            });
            if let Some(m) = medium
                && let Some(u) = units.iter().filter(usable).filter(|u| !u.place_only).find(|u| {
                    u.tokens.start > m
                        && u.tokens.start <= m + 5
                        && matches!(u.prep.as_deref(), Some("الي" | "مع" | "ل"))
                        && u.entities != source
                })
            {
                target = u.entities.clone();
                notes.push("target: the one the letter or call was addressed to".into());
            }
        }
        // Welcoming, condemning or rejecting "the step" (`رحب عقيلة صالح بالخطوة`) is about the one
        // whose act was just reported.
        if target.is_empty()
            && target_unit.is_none()
            && !source.is_empty()
            && matches!(def.event_type, EventType::Support | EventType::Accuse | EventType::Reject)
        {
            let at = src_end.max(*end);
            let anaphor = toks.get(at).is_some_and(|t| readings(&t.key).iter().any(|r| ANAPHORIC_ACTS.contains(&r.rest.as_str())))
                || toks.get(at).is_some_and(|t| matches!(t.key.as_str(), "هذا" | "هذه" | "بهذا" | "بهذه"))
                    && toks.get(at + 1).is_some_and(|t| ANAPHORIC_ACTS.contains(&t.key.as_str()));
            if anaphor
                && let Some(prev) = out.last().filter(|p| p.sentence + 1 >= si && !p.source.is_empty())
                && prev.source != source
            {
                // (An agreement or talks belong to both their sides: `أشاد بالاتفاق`.)
                target = prev.source.clone();
                if matches!(prev.event_type, EventType::Agree | EventType::Consult | EventType::Cooperate) {
                    target.extend(prev.target.iter().copied().filter(|e| !source.contains(e)));
                }
                target.retain(|e| !source.contains(e));
                notes.push("target: the actor of the act just reported, referred to as «the step»".into());
            }
        }
        both |= target_unit.is_some_and(|u| u.both_sides);
        // Hosting talks between two parties (`استضافت عمان محادثات بين واشنطن وطهران`) is mediation.
        let mut mode = def.mode.clone();
        if def.mode.as_deref() == Some("host") && target.is_empty() && target_unit.is_none() {
            let clause_end = clause_limit(toks, *end, s.tokens.end);
            if let Some(u) = units.iter().filter(usable).filter(|u| !u.place_only).find(|u| {
                u.prep.as_deref() == Some("بين") && u.tokens.start >= *end && u.tokens.start < clause_end && u.entities.len() >= 2
            }) {
                target = u.entities.clone();
                mode = Some("mediate".into());
                notes.push("mode mediate: hosting talks between the parties after بين".into());
            }
        }
        // `بالتنسيق مع قوات حفتر`, `بالتعاون مع`: the partner of a cooperation is its target.
        if matches!(def.event_type, EventType::Cooperate) {
            let clause_end = clause_limit(toks, *end, s.tokens.end);
            // (The phrase may also come just before the act: `تحركات موسكو بالتنسيق مع حفتر لإنشاء قاعدة`.)
            let clause_start =
                (s.tokens.start..*start).rev().find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str())).map_or(s.tokens.start, |i| i + 1);
            let partner = (clause_start.max(start.saturating_sub(6))..clause_end.saturating_sub(1)).find(|&i| {
                readings(&toks[i].key).iter().any(|r| matches!(r.rest.as_str(), "التنسيق" | "التعاون" | "الاشتراك" | "الشراكه"))
                    && readings(&toks[i].key).iter().any(|r| r.proclitics.contains(&"ب"))
                    && toks[i + 1].key == "مع"
            });
            if let Some(at) = partner
                && let Some(u) = units.iter().filter(usable).filter(|u| !u.place_only).find(|u| u.tokens.start == at + 2)
            {
                target = u.entities.clone();
                target_unit = None;
                notes.push("target: the partner named after بالتنسيق مع".into());
            }
        }
        if target.is_empty() && target_unit.is_none() && !def.target.is_empty() {
            let frame_word = (src_end..clause_limit(toks, src_end, s.tokens.end).min(src_end + 6)).find(|&i| {
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
                            .any(|r| r.proclitics.iter().any(|p| matches!(*p, "ل" | "ب")) && r.rest.starts_with("ت"));
                        if new_pp {
                            return true;
                        }
                        let k = t.key.trim_start_matches('و');
                        // (`بين` names the parties of the phrase's noun: `بالاتفاق الموقع بين أذربيجان وأرمينيا`.)
                        (PREPOSITIONS.contains(&k) && k != "بين")
                            || matches!(k, "خلال" | "بشان" | "حول" | "بسبب" | "اثناء" | "عبر" | "قبل" | "بعد")
                    })
                };
                let unit = units
                    .iter()
                    .filter(usable)
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
                    (Some(u), Some(n)) if n.tokens.start < u.tokens.start && !source.contains(&n.entity.expect("filtered")) => {
                        target = vec![n.entity.expect("filtered")];
                        notes.push("target: the nisba of the phrase the trigger's preposition introduces".into());
                    }
                    (Some(u), _) => {
                        target = u.entities.clone();
                        notes.push("target: the actor of the phrase the trigger's preposition introduces".into());
                    }
                    _ => {}
                }
            }
        }
        // Still no target: a nisba on the object or on the noun after the trigger's preposition names
        // the state acted on (`قصفت … منشآت نووية إيرانية`, `باتجاه مدمرة أمريكية`, `على الواردات الأمريكية`).
        // A pronoun on the act's preposition that resumes a place (`حاصرت المدينة ومنعت دخول
        // المساعدات إليها`) makes the act fall on that place's country, as a place target does.
        if target.is_empty()
            && target_unit.is_none()
            && matches!(def.event_type, EventType::Coerce | EventType::Assault | EventType::Aid)
            && (tm.end..(tm.end + 3).min(s.tokens.end)).any(|i| matches!(toks[i].key.as_str(), "اليها" | "منها" | "عليها" | "فيها"))
            && let Some(place) = mentions_in(inp, s)
                .iter()
                .rfind(|m| m.tokens.end <= *start && m.entity.is_some_and(|e| inp.kb.entity(e).kind.is_place()))
                .and_then(|m| m.entity)
            && let Some(c) = host_of(inp.kb, place)
            && !source.contains(&c)
        {
            target = vec![c];
            notes.push("target: the country of the place the pronoun on the preposition resumes".into());
        }
        // Forces sent against someone (`أرسل الجيش تعزيزات … تحسبا لهجوم من قوات الدعم السريع`,
        // `حشد قواته لمواجهة الحوثيين`) are mobilised against them.
        if target.is_empty() && target_unit.is_none() && def.event_type == EventType::Mobilize {
            let clause_end = clause_limit(toks, src_end, s.tokens.end);
            let against = (src_end..clause_end).find(|&i| {
                readings(&toks[i].key)
                    .iter()
                    .any(|r| matches!(r.rest.as_str(), "تحسبا" | "مواجهه" | "لمواجهه" | "صد" | "تصديا" | "ردع" | "التصدي"))
            });
            if let Some(a) = against
                && let Some(u) = units
                    .iter()
                    .filter(usable)
                    .filter(|u| !u.place_only)
                    .find(|u| u.tokens.start > a && u.tokens.start <= a + 6 && u.entities != source)
            {
                target = u.entities.clone();
                notes.push("target: the one the forces are sent against".into());
            }
        }
        // A call for a session of a body (`دعت روسيا إلى عقد جلسة طارئة لمجلس الأمن`) asks that body.
        if target.is_empty() && target_unit.is_none() && def.event_type == EventType::Request {
            let session = (src_end..(src_end + 4).min(s.tokens.end)).find(|&i| {
                readings(&toks[i].key).iter().any(|r| matches!(r.rest.as_str(), "جلسه" | "اجتماع" | "دوره" | "قمه" | "الجلسه" | "الاجتماع"))
            });
            if let Some(at) = session
                && let Some(u) = units
                    .iter()
                    .filter(usable)
                    .filter(|u| !u.place_only)
                    .find(|u| u.prep.as_deref() == Some("ل") && u.tokens.start > at && u.tokens.start <= at + 2 && u.entities != source)
            {
                target = u.entities.clone();
                notes.push("target: the body whose session is called for".into());
            }
        }
        if target.is_empty() && target_unit.is_none() && def.event_type != EventType::Consult {
            // (Not past an aim that opens an act of its own: `… لبحث الضربات الإسرائيلية`.)
            let aim = (src_end..s.tokens.end).find(|&i| {
                readings(&toks[i].key).iter().any(|r| r.proclitics.last() == Some(&"ل") && inp.lexicon.forms.contains_key(&r.rest))
            });
            let limit = clause_limit(toks, src_end, s.tokens.end).min(src_end + 8).min(aim.unwrap_or(usize::MAX));
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
            let after_fi = |m: &Mention| !falls_on_places && toks[src_end..m.tokens.start].iter().any(|t| t.key == "في");
            if let Some(m) = mentions_in(inp, s).iter().find(|m| {
                m.kind == MentionKind::Demonym && m.tokens.start >= src_end && m.tokens.start < limit && m.entity.is_some() && !after_fi(m)
            }) {
                let e = m.entity.expect("filtered");
                if !source.contains(&e) {
                    target = vec![e];
                    notes.push("target: the nisba of the object's noun phrase".into());
                }
            }
        }
        if both {
            let sides = recent_pair(out, si);
            if sides.len() == 2 {
                if source.is_empty() {
                    source = sides;
                } else {
                    target.extend(sides.into_iter().filter(|e| !source.contains(e)));
                }
                notes.push("الجانبان: the two actors of the previous event".into());
            }
        }
        // A passive with its agent: `استقبل X من قبل Y`, `اغتيل X على يد Y` — Y acted on X.
        let agent_at = (tm.end + 1..next_trigger.min(toks.len()))
            .find(|&i| (toks[i].key == "قبل" && toks[i - 1].key == "من") || (toks[i].key == "يد" && toks[i - 1].key == "علي"));
        let agent = agent_at.and_then(|at| after.iter().find(|u| u.tokens.start > at && u.tokens.start <= at + 3));
        if let (Some(at), Some(agent)) = (agent_at, agent) {
            if let Some(patient) = after.iter().find(|u| u.tokens.start < at && u.prep.is_none()) {
                target = patient.entities.clone();
            } else if !source.is_empty() {
                target = std::mem::take(&mut source);
            }
            source = agent.entities.clone();
            notes.push("passive: the agent after من قبل is the source".into());
        } else if passive && between_unit.is_none() {
            // `اغتيل رئيس المكتب السياسي …`, `تم اعتقال المعارض …`: what follows is the patient; who
            // acted is not said (the source stays empty rather than invented).
            if target.is_empty() {
                target = std::mem::take(&mut source);
            } else {
                source.clear();
            }
            notes.push("passive: the unit after the verb is the target; no agent named".into());
        }
        // `تلقى X اتصالا من Y`: the grammatical subject received; the one it came from acted.
        let head_key = readings(&toks[tm.start].key).into_iter().map(|r| r.rest).find(|k| RECEIVING_HEADS.contains(&k.as_str()));
        if head_key.is_some() && !target.is_empty() {
            std::mem::swap(&mut source, &mut target);
            notes.push("receiving verb: source and target swapped".into());
        }
        source.retain(|e| !target.contains(e));
        // Reciprocal events with all actors on one side: the first is the source.
        if target.is_empty()
            && source.len() >= 2
            && matches!(def.event_type, EventType::Consult | EventType::Agree | EventType::Cooperate)
            && def.mode.as_deref() != Some("multilateral")
        {
            target = source.split_off(1);
            notes.push("reciprocal: first actor as source".into());
        }
        // Places as targets: a visited place gives the location and its country as the target.
        // The clause: from the trigger to the first clause break after its last argument.
        let args_end = target_unit.map_or(*end, |u| u.tokens.end).max(tm.end);
        let clause_end = (args_end..next_trigger).find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str())).unwrap_or(next_trigger);
        // After a verb of discussing, `في غزة` names the subject, not where the talks were.
        let discuss = def.mode.as_deref() == Some("discuss");
        // After a verbal act (a promise, a demand, praise, an accusation), a place is what the words
        // are about (`أكدا رغبتهما في تحقيق الأمن في الشرق الأوسط`), not where they were said.
        let verbal = matches!(
            def.event_type,
            EventType::Agree
                | EventType::Request
                | EventType::Support
                | EventType::Accuse
                | EventType::Reject
                | EventType::Threaten
                | EventType::Concede
        ) && def.pos != Pos::Noun;
        let mut location = if discuss || verbal {
            None
        } else {
            place_in_clause(inp, s, *end, clause_end).map(|e| Location { entity: e, basis: "clause" })
        };
        let places: Vec<EntityId> = target.iter().copied().filter(|&e| inp.kb.entity(e).kind.is_place()).collect();
        // Places acted on whose country became the target.
        let mut place_targets: Vec<EntityId> = Vec::new();
        if !places.is_empty() && inp.kb.entity(places[0]).kind != EntityKind::Country || def.mode.as_deref() == Some("visit") {
            for p in &places {
                if location.is_none() || inp.kb.entity(*p).kind != EntityKind::Country {
                    location = Some(Location { entity: *p, basis: "clause" });
                }
            }
            if def.mode.as_deref() != Some("visit") {
                place_targets.extend(places.iter().copied().filter(|&p| inp.kb.entity(p).kind != EntityKind::Country));
            }
            target = target.iter().map(|&e| host_of(inp.kb, e).unwrap_or(e)).collect();
            target.dedup();
        }
        let pronoun_object = rasd_text::clitics::enclitic_readings(&toks[tm.head_end - 1].key)
            .iter()
            .any(|(stem, e)| e.is_some() && inp.lexicon.forms.contains_key(*stem));
        if def.mode.as_deref() == Some("visit") && location.is_none() {
            // `زار الرئيس الرياض`: a place as the direct object.
            location = mentions_in(inp, s)
                .iter()
                .find(|m| {
                    m.tokens.start >= src_end && m.tokens.start <= src_end + 2 && m.entity.is_some_and(|e| inp.kb.entity(e).kind.is_place())
                })
                .map(|m| Location { entity: m.entity.unwrap(), basis: "clause" });
        }
        if def.mode.as_deref() == Some("visit") && target.is_empty() {
            // The destination: a place in the clause, or, for `وصلها` (a pronoun object), one in the sentence.
            // (Also for a visit noun with its visitor but no destination: `في أول زيارة خارجية للأسد`
            // after `استقبله بوتين في الكرملين` was a visit there.)
            let sentence_place = || {
                if pronoun_object || visitor_by_lam {
                    place_in_clause(inp, s, s.tokens.start, s.tokens.end).map(|e| Location { entity: e, basis: "sentence" })
                } else {
                    None
                }
            };
            if let Some(l) = location.clone().or_else(sentence_place) {
                target = host_of(inp.kb, l.entity).into_iter().collect();
                location = Some(l);
                notes.push("target: the host of the visited place".into());
            }
        }
        // `زار نيامي`: the visited capital is the place, its country the target.
        if let Some(c) = target_unit.and_then(|u| u.capitals.first())
            && location.as_ref().is_none_or(|l| inp.kb.entity(l.entity).kind == EntityKind::Country)
        {
            location = Some(Location { entity: *c, basis: "clause" });
        }
        if location.is_none() {
            let clause_start =
                (prev_trigger..*start).rev().find(|&i| CLAUSE_BREAKS.contains(&toks[i].key.as_str())).map_or(prev_trigger, |i| i + 1);
            location = place_in_clause(inp, s, clause_start, *start).map(|e| Location { entity: e, basis: "clause" });
        }
        // The troops a force mobilises are its means, not its target (`استدعاء جنود الاحتياط`).
        if def.event_type == EventType::Mobilize {
            target.retain(|&e| {
                let id = &inp.kb.entity(e).id;
                !(id.starts_with("generic:soldiers:") || id.starts_with("generic:security_forces:") || id.starts_with("generic:police:"))
            });
        }
        // A protest with no named target is aimed at the protesters' own state (PLOVER codes the
        // government a crowd protests against): `تظاهر آلاف السودانيين` → Sudan.
        if (def.event_type == EventType::Protest
            || (def.event_type == EventType::Request && source.iter().any(|&e| inp.kb.entity(e).id.starts_with("generic:protesters:"))))
            && target.is_empty()
            && let Some(c) = source.iter().find_map(|&e| {
                let ent = inp.kb.entity(e);
                if ent.id.starts_with("generic:") { ent.country.as_deref().and_then(|iso| inp.kb.country(iso)) } else { None }
            })
        {
            target.push(c);
            notes.push("target: the protesters' own state".into());
        }
        source.retain(|&e| inp.kb.entity(e).kind.can_act());
        // A place acted on (`المساعدات لقطاع غزة`, `حاصرت مدينة الفاشر`) stands for its country, as
        // ICEWS codes it; the place itself is the event's location.
        for t in target.iter_mut() {
            let ent = inp.kb.entity(*t);
            if !ent.kind.can_act()
                && let Some(c) = host_of(inp.kb, *t)
            {
                place_targets.push(*t);
                *t = c;
            }
        }
        if location.is_none()
            && let Some(&p) = place_targets.first()
        {
            location = Some(Location { entity: p, basis: "clause" });
        }
        target.dedup();
        target.retain(|&e| inp.kb.entity(e).kind.can_act() && !source.contains(&e));
        // (A capital named as the place struck, `على الضاحية الجنوبية لبيروت`, is as weak.)
        let capital_target = target_unit.is_some_and(|u| !u.capitals.is_empty() && u.prep.is_some());
        let target_from_place = (!place_targets.is_empty() || capital_target)
            && target.iter().all(|&t| {
                place_targets.iter().chain(target_unit.map(|u| &u.capitals).into_iter().flatten()).any(|&p| host_of(inp.kb, p) == Some(t))
            });
        if target_from_place {
            notes.push("target: the country of the place acted on (a named target in the sentence replaces it)".into());
        }
        // A circumstantial participle (`محذرا من عواقب`, `مطالبين برحيل`) acts on the object of the
        // verb it goes with.
        let participle = {
            let k = &toks[*start].key;
            k.starts_with('م') && (k.ends_with('ا') || k.ends_with("ين")) && k.chars().count() >= 5 && def.pos == Pos::Verb
        };
        if participle
            && target.is_empty()
            && let Some(prev) = out[sentence_start..].last().filter(|p| p.source == source)
        {
            target = prev.target.clone();
            notes.push("target: the object of the verb the participle goes with".into());
        }
        // `جمعت القمة X وY`: bringing together needs two.
        if def.event_type == EventType::Consult
            && target.is_empty()
            && readings(&toks[*start].key)
                .iter()
                .any(|r| r.rest.starts_with("جمع") || r.rest.starts_with("يجمع") || r.rest.starts_with("تجمع"))
            && def.pos == Pos::Verb
        {
            continue;
        }
        // (A passive with a patient stands without an agent.)
        if source.is_empty() && (!passive || target.is_empty()) {
            continue;
        }
        // A visit goes somewhere: without a destination (`وصول الملك إلى الحكم`) it is no visit.
        if def.mode.as_deref() == Some("visit") && target.is_empty() && location.is_none() && def.pos != Pos::Noun {
            continue;
        }
        let mut modality = modality(inp, s, *start, *future_prefix, !reporters.is_empty());
        if denial_at.is_some_and(|at| *start > at) {
            modality = Modality::Negated;
            notes.push("modality negated: inside what a denial denies".into());
        }
        // An aim (`تحركات موسكو … لإنشاء قاعدة عسكرية`) is an act still to come.
        let aim = def.pos == Pos::Noun
            && readings(&toks[*start].key).iter().any(|r| r.proclitics.last() == Some(&"ل") && r.proclitics.len() <= 2);
        if aim && matches!(modality, Modality::Asserted | Modality::Reported) {
            modality = Modality::Future;
            notes.push("modality future: an aim (ل + verbal noun)".into());
        }
        produced.push(ti);
        if topic.is_none() || notes.iter().any(|n| n.starts_with("source: subject")) {
            // A reciprocal pair stays the topic as a pair: `التقيا … وبحثا` has both as subject.
            let mut t = source.clone();
            if notes.iter().any(|n| n.starts_with("reciprocal")) {
                t.extend(target.iter().copied());
            }
            topic = Some(t);
        }
        out.push(EventMention {
            sentence: si,
            sentence_span: s.span,
            trigger: Span::new(toks[*start].span.start, toks[tm.end - 1].span.end),
            rule: defs[0],
            event_type: def.event_type,
            mode,
            source,
            target,
            date: None,
            location,
            modality,
            reported_by: reporters.clone(),
            notes,
            target_from_place,
        });
    }
    // `نفى الجيش السوداني الاتهامات الأمريكية`: an accusation denied by X was made against X.
    for k in 1..produced.len() {
        let (prev_t, cur_t) = (&triggers[produced[k - 1]], &triggers[produced[k]]);
        let (prev, cur) = (&out[sentence_start + k - 1], &out[sentence_start + k]);
        let close = cur_t.start >= prev_t.end
            && cur_t.start - prev_t.end <= 5
            && !toks[prev_t.end..cur_t.start].iter().any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()));
        if prev.event_type == EventType::Reject && cur.event_type == EventType::Accuse && cur.target.is_empty() && close {
            let denier = prev.source.clone();
            let m = &mut out[sentence_start + k];
            m.target = denier.into_iter().filter(|e| !m.source.contains(e)).collect();
            m.notes.push("target: the one who denies the accusation".into());
        }
    }
    // Dates go to the triggers that became event mentions: a time expression next to a
    // trigger without actors (`في زيارة`) still dates the verb it belongs with.
    // But a background act after منذ/بعد/قبل (`منذ تعليق عضوية بلاده عام 2011`) keeps its own date,
    // even when it is not coded: it never dates the event before it.
    let background =
        |m: &Match| m.start > s.tokens.start && matches!(toks[m.start - 1].key.as_str(), "منذ" | "بعد" | "قبل" | "اثر" | "عقب");
    let mut owners: Vec<Match> = Vec::new();
    let mut slot: Vec<usize> = Vec::new();
    for (ti, m) in triggers.iter().enumerate() {
        if produced.contains(&ti) {
            slot.push(owners.len());
            owners.push(m.clone());
        } else if background(m) {
            owners.push(m.clone());
        }
    }
    for (k, &o) in slot.iter().enumerate() {
        out[sentence_start + k].date = date_for(inp, s, &owners, o);
    }
}

/// Whether a verb key carries a plural subject (`يدعمون`, `تدعمون`, `دعموا`) or a dual one
/// (`يبحثان`, `تبحثان`), after an optional و/ف.
pub(crate) fn subject_suffix(key: &str) -> (bool, bool) {
    let k = key.strip_prefix('و').or_else(|| key.strip_prefix('ف')).filter(|r| r.chars().count() >= 4).unwrap_or(key);
    let n = k.chars().count();
    let present = k.starts_with(['ي', 'ت', 'ن']);
    let plural = (present && n >= 5 && k.ends_with("ون")) || (n >= 4 && k.ends_with("وا"));
    let dual = present && n >= 5 && k.ends_with("ان");
    (plural, dual)
}

/// A past verb written with the passive's damma on its first letter (`قُتل`, `قـُتلوا`, `واُعتقل`):
/// an optional و/ف before it, and tatweel, are skipped. (A present verb's damma, `يُرسل`, is no sign:
/// active verbs of several forms take it.)
pub(crate) fn vocalised_passive(word: &str) -> bool {
    let mut chars = word.chars().filter(|&c| c != '\u{0640}').peekable();
    let Some(mut first) = chars.next() else { return false };
    if matches!(first, 'و' | 'ف') && chars.peek() != Some(&'\u{064F}') {
        // (The conjunction's own vowel, `وَ`, may follow it.)
        while chars.peek().is_some_and(|&c| rasd_text::normalize::is_arabic_mark(c)) {
            chars.next();
        }
        match chars.next() {
            Some(c) => first = c,
            None => return false,
        }
    }
    !matches!(first, 'ي' | 'ت' | 'ن') && chars.peek() == Some(&'\u{064F}')
}

/// Spellings only a passive verb has (`اغتيل` was assassinated; `اغتال` assassinated).
pub(crate) const PASSIVE_FORMS: [&str; 7] = ["اغتيل", "اغتيلت", "اغتيلا", "اغتيلوا", "تم", "جري", "تمت"];

/// Auxiliaries that make a verbal noun passive: `تم اعتقال`, `جرى توقيف`, `يتم ترحيل`.
pub(crate) const PASSIVE_AUXILIARIES: [&str; 8] = ["تم", "تمت", "جري", "جرت", "يتم", "تتم", "سيتم", "يجري"];

/// Verbs whose subject receives the act (a call, a letter, an invitation).
pub(crate) const RECEIVING_HEADS: [&str; 8] = ["تلقي", "تلقت", "يتلقي", "تتلقي", "تسلم", "تسلمت", "استلم", "استلمت"];

/// Verbs that carry an act named by their object (`أطلق الغاز`, `شن غارات`, `نفذ هجوما`).
pub(crate) const LIGHT_VERBS: [&str; 72] = [
    // `قام بزيارة`
    "قام",
    "قامت",
    "يقوم",
    "تقوم",
    // giving: `قدمت مصر … المساعدات`
    "قدم",
    "قدمت",
    "قدموا",
    "يقدم",
    "تقدم",
    "منح",
    "منحت",
    "سلمت",
    // present and jussive forms: `لم تجر الجزائر وروسيا أي مناورات`
    "تجر",
    "يجر",
    "تجري",
    "يجري",
    "يشن",
    "تشن",
    "ينفذ",
    "تنفذ",
    // intent and attempt: `روسيا تعتزم إنشاء قاعدة`
    "اعتزم",
    "اعتزمت",
    "يعتزم",
    "تعتزم",
    "ينوي",
    "تنوي",
    "قرر",
    "قررت",
    "يقرر",
    "تقرر",
    "يخطط",
    "تخطط",
    "حاول",
    "حاولت",
    "يحاول",
    "تحاول",
    "اطلق",
    "اطلقت",
    "اطلقوا",
    "استخدم",
    "استخدمت",
    "استخدموا",
    "شن",
    "شنت",
    "شنوا",
    "نفذ",
    "نفذت",
    "نفذوا",
    "اجري",
    "اجرت",
    "اجروا",
    "القي",
    "القت",
    "ارسل",
    "ارسلت",
    "وجه",
    "وجهت",
    "فرض",
    "فرضت",
    "اصدر",
    // aspectual: began, continued, completed, resumed
    "بدا",
    "بدات",
    "بداوا",
    "واصل",
    "واصلت",
    "استكمل",
    "استكملت",
    "اكمل",
    "اكملت",
    "باشر",
    "باشرت",
    "استانف",
];

/// Places that belong to an actor, for the owner of a facility acted on (matching keys, with ال).
pub(crate) const FACILITIES: [&str; 18] = [
    "موقع",
    "موقعا",
    "مواقع",
    "مقر",
    "مقرا",
    "مقرات",
    "قاعده",
    "ثكنه",
    "مركز",
    "مركزا",
    "نقطه",
    "دوريه",
    "قافله",
    "رتل",
    "ارتال",
    "الموقع",
    "المقر",
    "الدوريه",
];

/// Nouns that refer back to an act just reported (`رحب بالخطوة`, `أدان هذا القرار`).
pub(crate) const ANAPHORIC_ACTS: [&str; 12] =
    ["الخطوه", "القرار", "الاعلان", "الموقف", "المبادره", "الاجراء", "الاتفاق", "الاعتراف", "التصريحات", "الهجوم", "الاعتداء", "العمليه"];

/// Nouns naming the ties between two parties (matching keys): `العلاقات بين X وY` is a topic.
pub(crate) const RELATION_NOUNS: [&str; 10] =
    ["العلاقات", "العلاقه", "التعاون", "الشراكه", "الروابط", "الصلات", "التنسيق", "المبادلات", "التبادل", "علاقات"];

/// The actors of the most recent two-sided event in this or the previous three sentences.
pub(crate) fn recent_pair(prev: &[EventMention], si: usize) -> Vec<EntityId> {
    for m in prev.iter().rev().take(CONTEXT_WINDOW) {
        if m.sentence + 3 < si {
            break;
        }
        let mut all: Vec<EntityId> = m.source.iter().chain(m.target.iter()).copied().collect();
        all.dedup();
        if all.len() == 2 {
            return all;
        }
    }
    Vec::new()
}
