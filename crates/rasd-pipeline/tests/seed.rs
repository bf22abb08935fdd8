//! The reference article: the walking skeleton's acceptance criteria, checked on the real text.
//! Without `../shared` these tests are ignored (the reason shows in the summary), except under CI,
//! where they run and fail naming the missing file (see `build.rs`).

mod common;

use rasd_core::{Date, EventType};
use rasd_pipeline::Analysis;

fn seed() -> Analysis {
    let path = common::repo_root().join("../shared/seed/000_86d1016291de20f4.txt");
    assert!(path.exists(), "the reference article is missing: {} (../shared must be next to the repository)", path.display());
    let doc = common::read_all(&path).pop().unwrap().expect("the seed reads");
    common::analyze_default(doc)
}

fn d(y: i16, m: i8, day: i8) -> Date {
    Date::new(y, m, day).unwrap()
}

/// The CONSULT event between Haftar and `other`, if any.
fn consult<'a>(a: &'a Analysis, other: &str, mode: Option<&str>) -> Vec<&'a rasd_events::Event> {
    let kb = a.kb();
    a.events
        .iter()
        .filter(|e| e.event_type == EventType::Consult && mode.is_none_or(|m| e.mode.as_deref() == Some(m)))
        .filter(|e| {
            let names: Vec<&str> = e.source.iter().chain(&e.target).map(|&x| kb.entity(x).name_en.as_str()).collect();
            names.contains(&"Khalifa Haftar") && names.contains(&other)
        })
        .collect()
}

fn in_moscow(a: &Analysis, e: &rasd_events::Event) -> bool {
    let kb = a.kb();
    e.location
        .as_ref()
        .is_some_and(|l| matches!(kb.entity(l.entity).name_en.as_str(), "Moscow" | "Red Square") || kb.entity(l.entity).id == "org:kremlin")
}

#[test]
#[cfg_attr(rasd_no_shared, ignore = "../shared is absent: the reference article cannot be read")]
fn seed_publication_date_and_consult_events() {
    let a = seed();
    common::check_spans(&a);
    assert_eq!(a.doc.meta.published, Some(d(2025, 5, 12)));
    let day = |e: &rasd_events::Event| e.date.as_ref().map(|x| (x.start, x.end));

    let visit = consult(&a, "Russia", Some("visit"));
    assert_eq!(visit.len(), 1, "one arrival/visit event");
    assert_eq!(day(visit[0]), Some((d(2025, 5, 8), d(2025, 5, 8))));
    assert!(in_moscow(&a, visit[0]));

    let reception = consult(&a, "Yunus-Bek Yevkurov", None);
    assert_eq!(reception.len(), 1);
    assert_eq!(day(reception[0]), Some((d(2025, 5, 8), d(2025, 5, 8))));
    assert!(in_moscow(&a, reception[0]));

    for (who, date) in [("Sergei Shoigu", d(2025, 5, 9)), ("Andrei Belousov", d(2025, 5, 10))] {
        let ev = consult(&a, who, None);
        assert_eq!(ev.len(), 1, "one meeting with {who}");
        assert_eq!(day(ev[0]), Some((date, date)), "{who}");
        assert!(in_moscow(&a, ev[0]), "{who} in Moscow");
    }

    let putin = consult(&a, "Vladimir Putin", None);
    assert_eq!(putin.len(), 1, "one meeting with Putin, however often it is mentioned");
    assert!(putin[0].mentions.len() >= 3);
    let pd = putin[0].date.as_ref().expect("dated");
    assert_eq!(pd.end, d(2025, 5, 10), "reported on Saturday evening: the range ends then");
    assert!(pd.start < pd.end, "not an invented day");
    assert!(in_moscow(&a, putin[0]));
}

#[test]
#[cfg_attr(rasd_no_shared, ignore = "../shared is absent: the reference article cannot be read")]
fn seed_entities() {
    let a = seed();
    let kb = a.kb();
    let found: Vec<&str> = a.mentions.iter().filter_map(|m| m.entity).map(|e| kb.entity(e).name_en.as_str()).collect();
    for name in [
        "Khalifa Haftar",
        "Vladimir Putin",
        "Andrei Belousov",
        "Sergei Shoigu",
        "Yunus-Bek Yevkurov",
        "Mahmoud Abbas",
        "Abdel Fattah el-Sisi",
        "Wagner Group",
        "Moscow",
        "Red Square",
        "Russia",
        "Libya",
        "Mali",
        "Niger",
        "Burkina Faso",
        "Chad",
        "Sudan",
        "France",
        "Italy",
        "Egypt",
    ] {
        assert!(found.contains(&name), "{name} not found");
    }
    assert!(found.iter().any(|n| n.starts_with("Africa Corps")), "Africa Corps not found");
    let base = a
        .mentions
        .iter()
        .filter_map(|m| m.entity)
        .map(|e| kb.entity(e))
        .find(|e| e.name_en.starts_with("Maaten al-Sarra"))
        .expect("Maaten al-Sarra");
    assert!(base.lat.is_some() && base.lon.is_some());
    for e in a.mentions.iter().filter_map(|m| m.entity).map(|e| kb.entity(e)) {
        assert!(!e.name_en.is_empty() && !e.name_ar.is_empty(), "{}", e.id);
    }
}

/// Issue 3: the seed's pull-quote is recognised as a repeat of a body sentence (so it carries no
/// events), and its stray `pp` line is dropped as junk.
#[test]
#[cfg_attr(rasd_no_shared, ignore = "../shared is absent: the reference article cannot be read")]
fn seed_pull_quote_and_junk_line() {
    let a = seed();
    let text = a.doc.text.as_str();
    let kinds: Vec<(rasd_text::BlockKind, &str)> = a.layout.blocks.iter().map(|b| (b.kind, &text[b.span.range()])).collect();
    assert!(kinds.iter().any(|&(k, s)| k == rasd_text::BlockKind::Junk && s.trim() == "pp"), "{kinds:#?}");
    let quotes: Vec<&str> = kinds.iter().filter(|(k, _)| *k == rasd_text::BlockKind::PullQuote).map(|(_, s)| *s).collect();
    assert!(!quotes.is_empty(), "no pull-quote found: {kinds:#?}");
    // Most of each pull-quote's content words occur in one body block (a pull-quote may shorten).
    for q in quotes {
        let qk: Vec<String> = rasd_text::tokenize(q)
            .into_iter()
            .filter(|t| t.kind == rasd_text::TokenKind::Arabic && t.key.chars().count() >= 3)
            .map(|t| t.key)
            .collect();
        let repeated = kinds.iter().filter(|(k, _)| *k == rasd_text::BlockKind::Body).any(|(_, body)| {
            let bk: std::collections::HashSet<String> = rasd_text::tokenize(body).into_iter().map(|t| t.key).collect();
            qk.iter().filter(|w| bk.contains(*w)).count() * 10 >= qk.len() * 6
        });
        assert!(repeated, "pull-quote {q:?} repeats no body paragraph");
        // No event is coded from it.
        let span = a.layout.blocks.iter().find(|b| &text[b.span.range()] == q).unwrap().span;
        assert!(a.events.iter().all(|e| e.mentions.iter().all(|m| !span.contains(m.trigger))), "an event was coded from the pull-quote");
    }
}

/// Issue 7: event F1 on the seed against what it states — the five CONSULT events of the walking
/// skeleton, the planned base at Maaten al-Sarra with Haftar, France's withdrawal from Mali, Niger
/// and Burkina Faso, Belousov's praise of Haftar, the affirmed wish to strengthen military
/// cooperation — plus the two other happenings the article states (Haftar attending the Victory Day
/// parade; the hedged report that the Russians discussed security files with him). A predicted
/// event matches a stated one of the same type when each side shares an actor (either way round for
/// meetings); no stated event may be matched twice (no duplicates).
#[test]
#[cfg_attr(rasd_no_shared, ignore = "../shared is absent: the reference article cannot be read")]
fn seed_event_f1() {
    let a = seed();
    let kb = a.kb();
    // (type, mode if it matters, actors on one side, actors on the other)
    #[allow(clippy::type_complexity)]
    let stated: [(&str, Option<&str>, &[&str], &[&str]); 11] = [
        ("CONSULT", Some("visit"), &["Khalifa Haftar"], &["Russia"]),
        ("CONSULT", Some("host"), &["Yunus-Bek Yevkurov"], &["Khalifa Haftar"]),
        ("CONSULT", None, &["Khalifa Haftar"], &["Sergei Shoigu"]),
        ("CONSULT", None, &["Khalifa Haftar"], &["Andrei Belousov"]),
        ("CONSULT", None, &["Khalifa Haftar"], &["Vladimir Putin"]),
        ("CONSULT", Some("multilateral"), &["Khalifa Haftar"], &[]),
        ("CONSULT", Some("discuss"), &["Russia"], &["Khalifa Haftar"]),
        ("COOPERATE", None, &["Russia"], &["Khalifa Haftar", "Libyan National Army (General Command of the Libyan Armed Forces)", "Libya"]),
        ("RETREAT", None, &["France"], &["Mali", "Niger", "Burkina Faso"]),
        ("SUPPORT", None, &["Andrei Belousov", "Russia"], &["Khalifa Haftar"]),
        ("AGREE", None, &["Andrei Belousov", "Russia", "Khalifa Haftar"], &["Khalifa Haftar", "Andrei Belousov", "Libya", "Russia"]),
    ];
    let names = |v: &[rasd_kb::EntityId]| v.iter().map(|&e| kb.entity(e).name_en.clone()).collect::<Vec<_>>();
    let overlaps = |have: &[String], want: &[&str]| (have.is_empty() && want.is_empty()) || have.iter().any(|h| want.contains(&h.as_str()));
    let mut used = [false; 11];
    let mut matched = 0;
    let mut unmatched = Vec::new();
    for e in &a.events {
        let (src, tgt) = (names(&e.source), names(&e.target));
        let hit = stated.iter().enumerate().position(|(i, (t, mode, s, g))| {
            !used[i]
                && e.event_type.as_str() == *t
                && mode.is_none_or(|m| e.mode.as_deref() == Some(m))
                && ((overlaps(&src, s) && overlaps(&tgt, g)) || (*t == "CONSULT" && overlaps(&src, g) && overlaps(&tgt, s)))
        });
        match hit {
            Some(i) => {
                used[i] = true;
                matched += 1;
            }
            None => unmatched.push(format!("{} {:?} {src:?} → {tgt:?}", e.event_type.as_str(), e.mode)),
        }
    }
    let p = matched as f64 / a.events.len().max(1) as f64;
    let r = matched as f64 / stated.len() as f64;
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    let missed: Vec<String> =
        stated.iter().zip(used).filter(|(_, u)| !u).map(|((t, m, s, g), _)| format!("{t} {m:?} {s:?} → {g:?}")).collect();
    eprintln!("seed events: P {p:.3} R {r:.3} F1 {f1:.3}; not stated: {unmatched:?}; missed: {missed:?}");
    assert!(f1 >= 0.9, "seed event F1 {f1:.3} < 0.9; not stated: {unmatched:#?}; missed: {missed:#?}");
    // The base is a plan reported by InsideOver, not a fact.
    let base = a.events.iter().find(|e| e.event_type == EventType::Cooperate).expect("the base event");
    assert_ne!(base.modality, rasd_core::Modality::Asserted);
    assert!(base.reported_by.iter().any(|&e| kb.entity(e).name_en == "InsideOver"), "reported by InsideOver");
}
