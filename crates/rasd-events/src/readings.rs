//! Which trigger readings stand: the nominal filter, complements and the scope of a denial.
//!
//! Rules:
//! - after a preposition, an article, a construct head or a ب/ل/ك proclitic a word is a noun, so verb
//!   rows drop (`في إطار تعاون مشترك`); a verbal noun with the purpose ل states an aim;
//! - a trigger governed by a blocking head is no event (`دعا إلى وقف القتال`);
//! - readings that the context rules out drop: `بحث عن` is searching, `تعد` is "is counted",
//!   `نشر بيانا` publishes, `اثنا عشر` is twelve, `تحتل المرتبة` is a rank;
//! - the act a demand, threat, refusal or promise is about is not an event of its own:
//!   `هددت الحركة باستئناف الهجمات` is one threat; a conditional after it is dropped too;
//! - a denial (`نفت الوزارة أن يكون الوفد قد التقى`) negates what follows its `أن`.

use crate::*;

/// Keeps a trigger match only where its reading fits the context:
/// - after a preposition, an article or a ب/ل/ك proclitic a word is a noun, so only noun and phrase rows apply;
/// - a verbal noun with the purpose ل (`لإنشاء قاعدة`, `للقاء الرئيس`) states an aim, not an event;
/// - a trigger governed by a blocking head (`وقف إطلاق النار`) is no event.
pub(crate) fn nominal_filter(inp: &Input, s: &Sentence, mut m: Match) -> Option<Match> {
    let toks = inp.tokens;
    let head = &toks[m.start];
    let prev = (m.start > s.tokens.start).then(|| toks[m.start - 1].key.as_str());
    let blocking = |k: &str| readings(k).iter().any(|r| Class::BlockingHeads.contains(&r.rest.as_str()));
    if prev.is_some_and(blocking) || blocking(&head.key) {
        return None;
    }
    // `بحث عن` is to search for, not to discuss; `صادر عن` is issued by, not confiscated.
    let next = toks.get(m.end).map(|t| t.key.as_str());
    if next == Some("عن") && matches!(inp.lexicon.triggers[m.defs[0]].mode.as_deref(), Some("discuss" | "confiscate")) {
        return None;
    }
    let def0 = &inp.lexicon.triggers[m.defs[0]];
    // The tokens of the next `n` after the trigger, within the sentence.
    let after = |n: usize| m.end..(m.end + n).min(s.tokens.end);
    // `يحقق العبادي وعوده` is to fulfil; investigating takes في or مع (`حققت النيابة مع مسؤولين`).
    if def0.mode.as_deref() == Some("investigate")
        && def0.pos == Pos::Verb
        && !after(6).any(|i| Class::InvestigationPrepositions.contains(&toks[i].key.as_str()))
    {
        return None;
    }
    // `في بلدة حضر`, `قرية نصر`: a verb right after a place noun is that place's name.
    if def0.pos == Pos::Verb && prev.is_some_and(|p| readings(p).iter().any(|r| Class::PlaceNouns.contains(&r.rest.as_str()))) {
        return None;
    }
    // `تحالف` and `تعاون` are also their verbal nouns (`وهي تحالف عربي-كردي`, `في إطار تعاون`): as
    // verbs they take مع.
    if def0.pos == Pos::Verb
        && Class::VerbsAlsoNouns.contains(&head.key.trim_start_matches(['و', 'ف']))
        && !after(6).any(|i| toks[i].key == "مع")
    {
        return None;
    }
    // `تعد قوات الدعم السريع أبرز قوة`: تُعدّ "is counted" is no promise (وعد بـ / وعد أن).
    if Class::CountedForms.contains(&head.key.trim_start_matches('و')) && def0.event_type == EventType::Agree {
        let promise = after(7).any(|i| {
            let k = toks[i].key.as_str();
            Class::PromiseLinks.contains(&k)
                || (k.starts_with('ب')
                    && readings(k).iter().any(|r| r.proclitics.last() == Some(&"ب") && inp.lexicon.forms.contains_key(&r.rest)))
        });
        if !promise {
            return None;
        }
    }
    // `نشر الجيش في صفحته تغريدة`: publishing a post is no deployment.
    if def0.event_type == EventType::Mobilize
        && readings(&head.key).iter().any(|r| Class::PublishingStems.forms().iter().any(|p| r.rest.starts_with(p.as_str())))
        && (m.start..(m.end + 8).min(s.tokens.end))
            .any(|i| readings(&toks[i].key).iter().any(|r| Class::PublishedItems.contains(&r.rest.as_str())))
    {
        return None;
    }
    // `اثني عشر موظفا` is twelve, not praise (أثنى).
    if Class::TwelveForms.contains(&head.key.as_str()) && next == Some("عشر") {
        return None;
    }
    // `بما تصل قيمته إلى`: an amount that reaches a sum is no arrival.
    let amount_next = toks.get(m.end).is_some_and(|t| {
        Class::AmountStems.forms().iter().any(|p| t.key.starts_with(p.as_str()) && t.key.chars().count() <= p.chars().count() + 3)
    });
    if amount_next && def0.mode.as_deref() == Some("visit") {
        return None;
    }
    // `تحتل البرازيل المرتبة الثالثة`: to occupy a rank is no occupation.
    let rank_next = after(3).any(|i| Class::RankNouns.contains(&toks[i].key.as_str()));
    if rank_next && def0.event_type == EventType::Coerce {
        return None;
    }
    // After a noun that takes a genitive (`اتفاقيات تعاون`, `سبل تعاون`) the word is a noun too.
    let construct = prev.is_some_and(|p| readings(p).iter().any(|r| Class::ConstructHeads.contains(&r.rest.as_str())));
    let prep_before = construct || prev.is_some_and(|p| Class::Prepositions.contains(&p.trim_start_matches('و')));
    let proclitic = readings(&head.key).into_iter().find(|r| !r.proclitics.is_empty() && inp.lexicon.forms.contains_key(&r.rest));
    let attached_prep = proclitic.as_ref().is_some_and(|r| r.proclitics.iter().any(|p| Class::AttachedPrepositions.contains(p)));
    let nominal = prep_before || attached_prep;
    if nominal {
        m.defs.retain(|&d| inp.lexicon.triggers[d].pos != Pos::Verb);
        if m.defs.is_empty() {
            return None;
        }
        let purpose = proclitic.as_ref().is_some_and(|r| r.proclitics.last() == Some(&"ل"));
        if purpose && inp.lexicon.triggers[m.defs[0]].pos == Pos::Noun {
            return None;
        }
    }
    Some(m)
}

/// After a denial verb (`نفت الرئاسة التونسية أن …`), the token of the `أن` (or `وجود`, `حدوث`)
/// that opens what is denied: at most a subject's length away, in the same clause.
pub(crate) fn denied_from(toks: &[Token], s: &Sentence, m: &Match) -> Option<usize> {
    (m.end..(m.end + 7).min(s.tokens.end))
        .take_while(|&i| !CLAUSE_BREAKS.contains(&toks[i].key.as_str()))
        .find(|&i| Class::DeniedContent.contains(&toks[i].key.as_str()))
}

/// The act that a demand, a threat, a refusal or a promise is about is not an event of its own
/// (PLOVER codes the single category: `هدد باستئناف الهجمات` is one THREATEN). A trigger that
/// follows one of those within a few linking words is dropped; the complements of condemnation
/// or praise (`دانت الغارة`) are real events and stay.
pub(crate) fn drop_complements(inp: &Input, s: &Sentence, covered: &[bool], triggers: &mut Vec<Match>) {
    let toks = inp.tokens;
    // Approving or ratifying (`صادق البرلمان على انضمام السويد`) is about an act that is not yet one.
    let approves = |m: &Match| readings(&toks[m.start].key).iter().any(|r| Class::ApprovalHeads.contains(&r.rest.as_str()));
    let governs = |m: &Match, next: &Match| {
        // What an allegation says was done with ب is alleged, not reported (`الاتهامات باستخدام أسلحة
        // كيميائية`, `اتهمت … بتزويد`); blame for an act (`المسؤولية عن اعتداءات`) and a condemnation's
        // object (`دانت الغارة`) did happen, so they stay.
        let with_bi = |i: usize| readings(&toks[i].key).iter().any(|r| r.proclitics.contains(&"ب"));
        let alleged = (m.end..=next.start).any(with_bi);
        approves(m)
            || m.defs.iter().any(|&d| {
                let t = &inp.lexicon.triggers[d];
                matches!(t.event_type, EventType::Request | EventType::Threaten | EventType::Reject | EventType::Agree)
                    || (t.event_type == EventType::Accuse && t.mode.as_deref() == Some("allege") && alleged)
            })
    };
    let mut keep = vec![true; triggers.len()];
    let mut dropped_complement = vec![false; triggers.len()];
    // A denial of an act (`نفت الرئاسة أن يكون الرئيس قد التقى`) is that act negated, not an event
    // of its own.
    for (i, m) in triggers.iter().enumerate() {
        let denial = m.defs.iter().any(|&d| inp.lexicon.triggers[d].event_type == EventType::Reject)
            && readings(&toks[m.start].key).iter().any(|r| Class::DenialStems.forms().iter().any(|p| r.rest.starts_with(p.as_str())));
        if denial
            && let Some(at) = denied_from(toks, s, m)
            && triggers[i + 1..].iter().any(|n| n.start > at)
        {
            keep[i] = false;
        }
    }
    for i in 1..triggers.len() {
        // A complement coordinated with one just dropped (`بوقف فوري لإطلاق النار ودخول المساعدات`).
        if dropped_complement[i - 1]
            && readings(&toks[triggers[i].start].key).iter().any(|r| r.proclitics.first() == Some(&"و"))
            && triggers[i].start >= triggers[i - 1].end
            && triggers[i].start - triggers[i - 1].end <= 6
            && !toks[triggers[i - 1].end..triggers[i].start].iter().any(|t| CLAUSE_BREAKS.contains(&t.key.as_str()))
        {
            keep[i] = false;
            dropped_complement[i] = true;
            continue;
        }
        // An accusative of purpose after another act (`خرجوا في مسيرات رفضا لـ…`, `أضرب عن الطعام
        // احتجاجا على…`) says why that act happened; it is no act of its own.
        let head = readings(&toks[triggers[i].start].key).into_iter().map(|r| r.rest).find(|r| Class::PurposeForms.contains(&r.as_str()));
        if head.is_some() {
            keep[i] = false;
            continue;
        }
        // The nearest earlier trigger still kept (a dropped complement passes its governor on:
        // `هدد باستئناف الهجمات إذا لم ترفع …`).
        let Some(pi) = (0..i).rev().find(|&j| keep[j]) else { continue };
        let (prev, cur) = (&triggers[pi], &triggers[i]);
        if !governs(prev, cur) || cur.start < prev.end {
            continue;
        }
        // A denied accusation was made (`نفى الجيش الاتهامات الأمريكية`): it stays an event.
        let is_type = |m: &Match, t: EventType| m.defs.iter().any(|&d| inp.lexicon.triggers[d].event_type == t);
        if is_type(prev, EventType::Reject) && is_type(cur, EventType::Accuse) {
            continue;
        }
        let gap = &toks[prev.end..cur.start];
        let link = |t: &Token| {
            Class::ComplementLinks.contains(&t.key.as_str())
                || readings(&t.key)
                    .iter()
                    .any(|r| Class::AspectLinks.contains(&r.rest.as_str()) || Class::ProposalNouns.contains(&r.rest.as_str()))
        };
        // The governing verb's own arguments may stand between (`رفضت الحكومة الإثيوبية مقترح نشر قوات`).
        let in_mention = |j: usize| covered.get(j - s.tokens.start).copied().unwrap_or(false);
        let loose = (prev.end..cur.start).filter(|&j| !in_mention(j)).count();
        // (One more word, the object the demand is put to, may stand there: `ناشدت المنظمة المانحين تقديم دعم`.)
        let other = (prev.end..cur.start).filter(|&j| !in_mention(j) && !link(&toks[j])).count();
        if gap.len() <= 8 && loose <= 3 && other <= 1 {
            keep[i] = false;
            dropped_complement[i] = true;
            continue;
        }
    }
    // The condition of a threat, a demand or a promise is no event either: `هدد باستئناف
    // الهجمات إذا لم ترفع إسرائيل الحصار`.
    for i in 1..triggers.len() {
        if !keep[i] {
            continue;
        }
        let cur = &triggers[i];
        // (A past act named with its agent, `الهجوم الإيراني الليلة الماضية`, is no condition.)
        let named_act = mentions_in(inp, s).iter().any(|m| m.tokens.start == cur.end && m.kind == MentionKind::Demonym);
        if named_act {
            continue;
        }
        let Some(g) = (0..i).rev().find(|&j| keep[j] && triggers[j].end <= cur.start && governs(&triggers[j], cur)) else { continue };
        let gap = &toks[triggers[g].end..cur.start];
        let conditional = gap.iter().any(|t| Class::ConditionWords.contains(&t.key.trim_start_matches('و')));
        if conditional && !gap.iter().any(|t| matches!(t.key.as_str(), "." | "؛" | ";")) {
            keep[i] = false;
        }
    }
    let mut k = 0;
    triggers.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}
