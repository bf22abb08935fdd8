//! The committed evaluation sets, scored by the same code as `rasd eval …`.

use rasd_pipeline::{eval_events, eval_resolve};

/// Issue 4's bar: ≥ 95 % of the resolution phrases resolve to the expected entity.
#[test]
fn resolution_set_reaches_95_percent() {
    let r = eval_resolve::run(&eval_resolve::default_path()).expect("the resolution set reads");
    assert!(r.total >= 200, "{} phrases", r.total);
    assert!(r.accuracy() >= 95.0, "{}", r.render());
}

/// The event coder on its passages, now a regression set: issue 17's floor, F1 ≥ 0.88 (the rules
/// are driven by the real-news dev split; README "Status" says how the passages were written).
#[test]
fn event_passages_reach_the_bar() {
    let r = eval_events::run(&eval_events::default_path()).expect("the passages read");
    assert!(r.passages >= 120);
    assert!(r.f1() >= 0.88, "{}", r.render(true));
    assert!(r.precision() >= 0.88, "{}", r.render(false));
}
