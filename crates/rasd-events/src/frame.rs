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

/// What the coding of one sentence shares across its triggers.
pub(crate) struct Sent<'s, 'a> {
    pub(crate) inp: &'s Input<'a>,
    pub(crate) si: usize,
    pub(crate) s: &'s Sentence,
    pub(crate) triggers: &'s [Match],
    pub(crate) units: &'s [Unit],
    pub(crate) reporters: &'s [Reporter],
    /// Token starts of the units that report (never an argument).
    pub(crate) reporter_units: &'s [usize],
    /// Where a denial's content begins, if a denial opens the sentence's acts.
    pub(crate) denial_at: Option<usize>,
    /// The previous sentence's subject: it carries over only to a verb that opens this sentence.
    pub(crate) previous_subject: Option<Vec<EntityId>>,
    /// Index in `out` of this sentence's first event mention.
    pub(crate) sentence_start: usize,
}

impl Sent<'_, '_> {
    /// A unit that may be an argument: not a reporter.
    pub(crate) fn usable(&self, u: &Unit) -> bool {
        !self.reporter_units.contains(&u.tokens.start)
    }
}

/// The facts of one trigger that its argument rules read.
pub(crate) struct Frame<'s> {
    pub(crate) tm: &'s Match,
    pub(crate) def: &'s Trigger,
    /// The trigger's first token and the end of its head.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) passive: bool,
    /// The trigger's stretch ends at the next trigger (not in a prepositional phrase)…
    pub(crate) next_trigger: usize,
    /// …and starts after the previous one.
    pub(crate) prev_trigger: usize,
    /// The subject a dropped subject stands for.
    pub(crate) topic_here: Option<Vec<EntityId>>,
    /// Units after the trigger within its stretch, and those of them that are actors.
    pub(crate) after_all: Vec<&'s Unit>,
    pub(crate) after: Vec<&'s Unit>,
    /// A phrase row that opens with a noun.
    pub(crate) nominal_phrase: bool,
    /// The subject before the trigger in its clause (SVO).
    pub(crate) before: Option<&'s Unit>,
    pub(crate) first_after: Option<&'s Unit>,
    pub(crate) pro_drop_marker: bool,
    pub(crate) plural_verb: bool,
    pub(crate) dual_verb: bool,
    /// An object pronoun on the trigger, and on its head verb.
    pub(crate) pronoun: bool,
    pub(crate) head_pronoun: bool,
    pub(crate) after_relative: bool,
    /// A relative clause whose verb resumes its antecedent with a pronoun.
    pub(crate) resumptive: bool,
    pub(crate) antecedent: Option<&'s Unit>,
}

/// The arguments of one trigger as the rules fill them in.
#[derive(Default)]
pub(crate) struct Args<'s> {
    pub(crate) source: Vec<EntityId>,
    pub(crate) target: Vec<EntityId>,
    /// The unit the target was read from, if any.
    pub(crate) target_unit: Option<&'s Unit>,
    /// `الجانبان`: the two sides still to be filled in.
    pub(crate) both: bool,
    pub(crate) visitor_by_lam: bool,
    /// Where a source described by its leader (`المجلس العسكري بقيادة تياني`) ends.
    pub(crate) leader_end: Option<usize>,
    pub(crate) between_unit: Option<&'s Unit>,
    pub(crate) notes: Vec<String>,
    pub(crate) mode: Option<String>,
    /// Where the source unit ends, and where a target may start.
    pub(crate) src_unit_end: usize,
    pub(crate) src_end: usize,
    pub(crate) location: Option<Location>,
    /// Places acted on whose country became the target.
    pub(crate) place_targets: Vec<EntityId>,
    pub(crate) target_from_place: bool,
    /// The source was read as a grammatical subject (SVO, VSO, before a verbal noun): it becomes the topic.
    pub(crate) subject_read: bool,
    /// A reciprocal act whose actors were all on one side: the pair stays the topic.
    pub(crate) reciprocal: bool,
    /// The source claimed the act (`تبنى`, `أعلن مسؤوليته عن`, a relative clause `الذي تبنته …`).
    pub(crate) claimed: bool,
}

/// A step of argument reading, run in order.
pub(crate) type Step = for<'s, 'a, 'c> fn(&'c Sent<'s, 'a>, &'c Frame<'s>, &'c mut Args<'s>, &'c [EventMention]);
/// A rule of a first-match table: whether it applied.
pub(crate) type Rule = for<'s, 'a, 'c> fn(&'c Sent<'s, 'a>, &'c Frame<'s>, &'c mut Args<'s>, &'c [EventMention]) -> bool;

/// The steps that read one trigger's arguments and place, in order.
const STEPS: [(&str, Step); 5] = [
    ("source", source::read_source),
    ("target", target::read_target),
    ("roles", roles::settle_roles),
    ("place", place::locate),
    ("place targets", roles::settle_place_targets),
];

impl<'s> Frame<'s> {
    fn new(cx: &Sent<'s, '_>, ti: usize, tm: &'s Match, topic: &Option<Vec<EntityId>>) -> Frame<'s> {
        let inp = cx.inp;
        let s = cx.s;
        let toks = inp.tokens;
        let (start, end, defs) = (&tm.start, &tm.head_end, &tm.defs);
        let def = &inp.lexicon.triggers[defs[0]];
        // A passive: a form only the passive has (`اغتيل`), or `تم`/`جرى` + verbal noun (`تم اعتقال`).
        let passive = readings(&toks[*start].key).iter().any(|r| Class::PassiveForms.contains(&r.rest.as_str()))
            || (def.pos == Pos::Verb && vocalised_passive(&inp.text[toks[*start].span.range()]))
            || (*start > s.tokens.start && Class::PassiveAuxiliaries.contains(&toks[*start - 1].key.as_str()) && def.pos != Pos::Verb);
        // The stretch of this trigger ends at the next one, unless that one sits in a
        // prepositional phrase (`لم يلتق X خلال زيارته Y`).
        let next_trigger = cx.triggers[ti + 1..]
            .iter()
            .find(|t| !(t.start > s.tokens.start && Class::StretchPrepositions.contains(&toks[t.start - 1].key.as_str())))
            .map_or(s.tokens.end, |t| t.start);
        // (Triggers nest when a discontinuous phrase holds a temporal phrase: the previous trigger
        // is the last one that ends before this one.)
        let prev_trigger = cx.triggers[..ti].iter().rev().find(|t| t.end <= *start).map_or(s.tokens.start, |t| t.end);
        // (A sentence that opens on a bare verb, with no و/ف or كما before it, is a new report in
        // verb-first order — `دعا مجلس الأمن، الجمعة، إلى …` — and names its own subject.)
        let continues = tm.start > s.tokens.start
            || readings(&toks[tm.start].key).iter().any(|r| r.proclitics.first().is_some_and(|p| Class::Conj.contains(p)));
        let topic_here: Option<Vec<EntityId>> =
            topic.clone().or_else(|| if tm.start <= s.tokens.start + 2 && continues { cx.previous_subject.clone() } else { None });
        let actor_unit = |u: &&Unit| !u.place_only;
        // Units after the trigger within its stretch, and the nearest before it in the same clause.
        let after_all: Vec<&Unit> =
            cx.units.iter().filter(|u| cx.usable(u)).filter(|u| u.tokens.start >= *end && u.tokens.start < next_trigger).collect();
        // (Sources come from actors only; place units are for targets.)
        let after: Vec<&Unit> = after_all.iter().copied().filter(actor_unit).collect();
        // (A phrase row may open with a noun: `قطيعة`, `بعد قطع العلاقات`, `الإبادة الجماعية`: a ة,
        // the article or a temporal preposition before it shows it. A noun has no subject before it.)
        let first_word = &inp.text[toks[*start].span.range()];
        let nominal_phrase = def.pos == Pos::Phrase
            && (first_word.ends_with('ة')
                || toks[*start].key.starts_with("ال")
                || (*start > s.tokens.start && Class::NominalPhrasePrepositions.contains(&toks[*start - 1].key.as_str())));
        // …unless a light verb carries it and its subject stands between them: `أطلقت قوات الأمن
        // الغاز المسيل للدموع`, `شنت الطائرات غارات`.
        let light_verb_subject = |u: &Unit| {
            u.tokens.start > s.tokens.start
                && readings(&toks[u.tokens.start - 1].key).iter().any(|r| Class::LightVerbs.contains(&r.rest.as_str()))
        };
        let before: Option<&Unit> = cx
            .units
            .iter()
            .filter(|u| cx.usable(u))
            .filter(actor_unit)
            .filter(|u| !nominal_phrase || light_verb_subject(u))
            .filter(|u| u.tokens.end <= *start && u.tokens.start >= prev_trigger && u.prep.is_none())
            .rfind(|u| {
                !toks[u.tokens.end..*start]
                    .iter()
                    .any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()) || Class::ClauseOpeners.contains(&t.key.as_str()))
                    && *start - u.tokens.end <= 4
            });
        let first_after = after.first().copied();
        let pro_drop_marker = toks.get(*end).is_some_and(|t| {
            rasd_text::clitics::enclitic_readings(&t.key).iter().any(|(stem, e)| e.is_some() && Class::ProDropPrepositions.contains(stem))
        });
        // A verb that carries a plural or dual subject (`يدعمون`, `دعموا`, `يبحثان`) has its subject in it
        // or before it: in verb-first order the verb stays singular, so the noun after it is its object.
        let (plural_verb, dual_verb) = if def.pos == Pos::Verb { subject_suffix(&toks[*start].key) } else { (false, false) };
        let pronoun = pronoun_on_trigger(inp, tm);
        // An object pronoun on the verb (`منحته حق اللجوء`, `ما نفته أبوظبي`): the unit after the
        // verb is then its subject, and the pronoun the one just talked of.
        let head_pronoun = def.pos != Pos::Noun
            && rasd_text::clitics::enclitic_readings(&toks[*start].key).iter().any(|(stem, e)| {
                e.is_some_and(|e| Class::ObjectPronouns.contains(&e))
                    && (inp.lexicon.forms.contains_key(*stem) || inp.lexicon.phrase_heads.contains_key(*stem))
            });
        // `التي تدعو`: the relative pronoun is the subject. With a resumptive object pronoun
        // (`موسكو التي وصلها`) it is the object, and the dropped subject is the topic.
        let after_relative = *start > s.tokens.start && Class::Relatives.contains(&toks[*start - 1].key.as_str()) && !pronoun;
        // `الرئيس الإيراني حسن روحاني الذي هاتفه الأحد`: with a resumptive pronoun on the verb the
        // antecedent is its object, and the subject is the topic the sentence is about.
        // (Also on the verb's preposition: `ترامب الذي اتصل به`.)
        let resumed_by_prep = toks.get(*end).is_some_and(|t| Class::ResumptivePrepositions.contains(&t.key.as_str()));
        let resumptive = def.pos != Pos::Noun
            && (head_pronoun || resumed_by_prep)
            && *start > s.tokens.start
            && Class::Relatives.contains(&toks[*start - 1].key.as_str());
        let antecedent = before.filter(|_| resumptive);
        let before = if resumptive { None } else { before };
        let after_relative = after_relative && !resumptive;
        Frame {
            tm,
            def,
            start: *start,
            end: *end,
            passive,
            next_trigger,
            prev_trigger,
            topic_here,
            after_all,
            after,
            nominal_phrase,
            before,
            first_after,
            pro_drop_marker,
            plural_verb,
            dual_verb,
            pronoun,
            head_pronoun,
            after_relative,
            resumptive,
            antecedent,
        }
    }
}

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
            && readings(&toks[m.start].key).iter().any(|r| Class::DenialStems.forms().iter().any(|p| r.rest.starts_with(p.as_str())));
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
    let cx = Sent {
        inp,
        si,
        s,
        triggers: &triggers,
        units: &units,
        reporters: &reporters,
        reporter_units: &reporter_units,
        denial_at,
        previous_subject,
        sentence_start,
    };
    for (ti, tm) in triggers.iter().enumerate() {
        let f = Frame::new(&cx, ti, tm, &topic);
        let mut a = Args { mode: f.def.mode.clone(), ..Args::default() };
        for (_, step) in STEPS {
            step(&cx, &f, &mut a, out);
        }
        if !admit(&cx, &f, &a) {
            continue;
        }
        // An attack with no named attacker after another event of the sentence is that event's
        // consequence or content (`شنت الجماعة هجوما … ما أسفر عن مقتل عشرين جنديا`, `متهمة قواته
        // بارتكاب إبادة`), not a happening of its own.
        if roles::unnamed_attacker(&f, &a)
            && let Some(k) = out[sentence_start..].iter().position(|m| m.event_type == EventType::Assault)
        {
            // (Its weapon still says how: `قتل 14 شخصا في انفجار سيارة مفخخة` was a bombing.)
            let earlier = &mut out[sentence_start + k];
            if earlier.mode.is_none() {
                earlier.mode = a.mode.clone();
            }
            continue;
        }
        // And the other way round: a named attacker after a casualty word of the same sentence
        // (`وقتل 40 مدنيا بنيران الجيش`) names who did it; the victims stay its target.
        if f.def.event_type == EventType::Assault
            && !a.source.is_empty()
            && let Some(k) = out[sentence_start..].iter().position(|m| m.event_type == EventType::Assault && m.source.is_empty())
        {
            let unnamed = out.remove(sentence_start + k);
            produced.remove(k);
            if a.target.is_empty() {
                a.target = unnamed.target;
                a.notes.push("target: the victims of the casualty word before the named attacker".into());
            }
        }
        produced.push(ti);
        out.push(finish(&cx, &f, a, &mut topic));
    }
    denied_accusations(&cx, &produced, out);
    date_mentions(&cx, &produced, out);
}

/// Whether the trigger with its arguments is an event mention.
fn admit(cx: &Sent, f: &Frame, a: &Args) -> bool {
    let toks = cx.inp.tokens;
    let (def, start) = (f.def, &f.start);
    // `جمعت القمة X وY`: bringing together needs two.
    if def.event_type == EventType::Consult
        && a.target.is_empty()
        && readings(&toks[*start].key).iter().any(|r| Class::GatheringStems.forms().iter().any(|p| r.rest.starts_with(p.as_str())))
        && def.pos == Pos::Verb
    {
        return false;
    }
    // Backing named in a relative clause describes an actor (`القوات الكردية التي تدعمها واشنطن`,
    // the US-backed Kurdish forces); it is no news of support.
    if f.resumptive && matches!(def.event_type, EventType::Support | EventType::Aid | EventType::Cooperate) {
        return false;
    }
    // A passive with a patient stands without an agent, and so does an attack on a victim by
    // someone the text does not name (its source is `unidentified` in the output).
    if a.source.is_empty() && a.target.is_empty() {
        return false;
    }
    if a.source.is_empty() && !f.passive && !roles::unnamed_attacker(f, a) {
        return false;
    }
    // `أوقف` is also "stopped" (`أوقفت الحكومة المساعدات`): an arrest needs someone arrested.
    if def.event_type == EventType::Coerce && a.target.is_empty() && readings(&toks[*start].key).iter().any(|r| r.rest.starts_with("اوقف"))
    {
        return false;
    }
    // Deaths in an earthquake, a flood or a road accident are no attack.
    if roles::unnamed_attacker(f, a)
        && toks[cx.s.tokens.clone()].iter().any(|t| readings(&t.key).iter().any(|r| Class::DisasterWords.contains(&r.rest.as_str())))
    {
        return false;
    }
    // A visit goes somewhere: without a destination (`وصول الملك إلى الحكم`) it is no visit.
    if def.mode.as_deref() == Some("visit") && a.target.is_empty() && a.location.is_none() && def.pos != Pos::Noun {
        return false;
    }
    true
}

/// Modality, the topic for the next triggers, and the event mention.
fn finish(cx: &Sent, f: &Frame, a: Args, topic: &mut Option<Vec<EntityId>>) -> EventMention {
    let (inp, s, toks, si) = (cx.inp, cx.s, cx.inp.tokens, cx.si);
    let (def, tm, start) = (f.def, f.tm, &f.start);
    let Args { source, target, mode, location, notes, target_from_place, subject_read, reciprocal, claimed, .. } = a;
    let mut notes = notes;
    let mut modality = modality(inp, s, *start, tm.future, !cx.reporters.is_empty());
    if cx.denial_at.is_some_and(|at| *start > at) {
        modality = Modality::Negated;
        notes.push("modality negated: inside what a denial denies".into());
    }
    // An aim (`تحركات موسكو … لإنشاء قاعدة عسكرية`) is an act still to come.
    let aim =
        def.pos == Pos::Noun && readings(&toks[*start].key).iter().any(|r| r.proclitics.last() == Some(&"ل") && r.proclitics.len() <= 2);
    if aim && matches!(modality, Modality::Asserted | Modality::Reported) {
        modality = Modality::Future;
        notes.push("modality future: an aim (ل + verbal noun)".into());
    }
    if topic.is_none() || subject_read {
        // A reciprocal pair stays the topic as a pair: `التقيا … وبحثا` has both as subject.
        let mut t = source.clone();
        if reciprocal {
            t.extend(target.iter().copied());
        }
        *topic = Some(t);
    }
    // A claim row (`أعلن مسؤوليته عن`, `تبنى الهجوم`) or a claimant read from a relative clause.
    let claimed = def.event_type == EventType::Assault
        && (claimed || (*start..tm.end).any(|k| readings(&toks[k].key).iter().any(|r| Class::ClaimWords.contains(&r.rest.as_str()))));
    EventMention {
        sentence: si,
        sentence_span: s.span,
        trigger: Span::new(toks[*start].span.start, toks[tm.end - 1].span.end),
        rule: tm.defs[0],
        event_type: def.event_type,
        mode,
        source,
        target,
        date: None,
        location,
        modality,
        reported_by: cx.reporters.to_vec(),
        notes,
        target_from_place,
        claimed,
    }
}

/// `نفى الجيش السوداني الاتهامات الأمريكية`: an accusation denied by X was made against X.
fn denied_accusations(cx: &Sent, produced: &[usize], out: &mut [EventMention]) {
    let (toks, triggers, sentence_start) = (cx.inp.tokens, cx.triggers, cx.sentence_start);
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
}

/// Dates go to the triggers that became event mentions: a time expression next to a
/// trigger without actors (`في زيارة`) still dates the verb it belongs with.
/// But a background act after منذ/بعد/قبل (`منذ تعليق عضوية بلاده عام 2011`) keeps its own date,
/// even when it is not coded: it never dates the event before it.
fn date_mentions(cx: &Sent, produced: &[usize], out: &mut [EventMention]) {
    let (inp, s, toks, triggers, sentence_start) = (cx.inp, cx.s, cx.inp.tokens, cx.triggers, cx.sentence_start);
    let background = |m: &Match| m.start > s.tokens.start && Class::BackgroundPrepositions.contains(&toks[m.start - 1].key.as_str());
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
