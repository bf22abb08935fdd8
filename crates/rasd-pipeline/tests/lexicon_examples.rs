//! Every `example` cell of `triggers.tsv` is run through the whole pipeline: the row must fire on
//! its example (an event mention coded by that row). Rows that do not fire today are listed below
//! as known exceptions; the test fails when one of them starts to fire (take it off the list) or
//! when another row stops firing. (`cues.tsv` has no example column: kind, forms, note.)

mod common;

use rasd_events::Lexicon;

/// Rows of `triggers.tsv` (by type and first form, so that inserting a row moves nothing) whose
/// example does not fire its row today, with the reason found.
/// `shadowed`: another row with the same form codes the example; `other`: the example codes a
/// different row (a longer or earlier match); `none`: no event is coded from it (no actor in the
/// example, or a context filter drops it).
const KNOWN: &[(&str, &str)] = &include!("lexicon_examples_known.in");

fn doc(text: &str) -> rasd_core::Document {
    rasd_read::text_document("example.txt", text.to_string())
}

#[test]
fn every_trigger_example_fires_its_row() {
    let src = include_str!("../../rasd-events/data/triggers.tsv");
    let lx = Lexicon::embedded();
    let lines: Vec<&str> = src.lines().collect();
    let header: Vec<&str> = lines.iter().find(|l| !l.starts_with('#') && !l.trim().is_empty()).unwrap().split('\t').collect();
    let col = header.iter().position(|h| *h == "example").expect("example column");
    let mut failing: Vec<(String, String)> = Vec::new();
    // A row's stable name: its type and first form.
    let name = |line: usize| {
        let c: Vec<&str> = lines[line - 1].split('\t').collect();
        format!("{} {}", c[0], c.get(4).and_then(|f| f.split('|').next()).unwrap_or(""))
    };
    let mut run = 0;
    for (rule, t) in lx.triggers.iter().enumerate() {
        let cells: Vec<&str> = lines[t.line - 1].split('\t').collect();
        let example = cells.get(col).map_or("", |c| c.trim());
        if example.is_empty() || example == "-" {
            continue;
        }
        run += 1;
        let a = common::analyze_default(doc(example));
        let mentions: Vec<&rasd_events::EventMention> = a.events.iter().flat_map(|e| &e.mentions).collect();
        if mentions.iter().any(|m| m.rule == rule) {
            continue;
        }
        let same_form = |r: usize| lx.forms.values().any(|v| v.contains(&rule) && v.contains(&r));
        let reason = match mentions.iter().find(|m| same_form(m.rule)) {
            Some(m) => format!("shadowed by {}", name(lx.triggers[m.rule].line)),
            None => match mentions.first() {
                Some(m) => format!("other: {}", name(lx.triggers[m.rule].line)),
                None => "none".to_string(),
            },
        };
        failing.push((name(t.line), reason));
    }
    assert!(run > 300, "only {run} examples found");
    let known: Vec<&str> = KNOWN.iter().map(|(l, _)| *l).collect();
    let now: Vec<&str> = failing.iter().map(|(l, _)| l.as_str()).collect();
    let newly_failing: Vec<&(String, String)> = failing.iter().filter(|(l, _)| !known.contains(&l.as_str())).collect();
    let now_firing: Vec<&str> = known.iter().copied().filter(|l| !now.contains(l)).collect();
    if std::env::var_os("RASD_PRINT_EXAMPLES").is_some() {
        for (l, r) in &failing {
            println!("    ({l:?}, {r:?}),");
        }
    }
    assert!(newly_failing.is_empty(), "rows that no longer fire on their example (type and first form, reason): {newly_failing:?}");
    assert!(now_firing.is_empty(), "known exceptions that now fire (take them off the list): {now_firing:?}");
    eprintln!("{run} examples run, {} known exceptions", known.len());
}
