//! Unit tests of cross-document merging (`merge.rs`): compatibility, clustering order, the
//! one-sided events of issue 21.

use super::*;

#[test]
fn day_numbers() {
    assert_eq!(day_number("1970-01-01"), Some(0));
    assert_eq!(day_number("2025-05-12").unwrap() - day_number("2025-05-08").unwrap(), 4);
    assert_eq!(day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(), 2);
    assert_eq!(day_number("2025-13-01"), None);
    assert_eq!(day_number("nope"), None);
}

fn ev(id: i64, doc: i64, t: &str, src: &[&str], tgt: &[&str], date: Option<(&str, &str)>) -> Ev {
    let date_iv = date.map(|(a, b)| (day_number(a).unwrap(), day_number(b).unwrap()));
    Ev {
        id,
        key: format!("h{doc}:{id}").into(),
        doc,
        event_type: t.into(),
        mode: None,
        modality: "asserted".into(),
        negated: false,
        date: date_iv,
        date_text: date.map(|(a, b)| (a.into(), b.into(), "day".into())),
        eff: date_iv,
        published: None,
        source_id: None,
        location: None,
        loc_precision: None,
        loc_country: None,
        loc_lat: None,
        loc_lon: None,
        specific: false,
        mentions: 1,
        confidence: 0.5,
        source: src.iter().map(|&s| Rc::from(s)).collect(),
        target: tgt.iter().map(|&s| Rc::from(s)).collect(),
        fatalities: None,
        injured: None,
    }
}

#[test]
fn reversed_meeting_merges_but_reversed_attack_does_not() {
    let d = Some(("2025-05-09", "2025-05-09"));
    let a = ev(1, 1, "CONSULT", &["A"], &["B"], d);
    let b = ev(2, 2, "CONSULT", &["B"], &["A"], d);
    assert!(compatible(&a, &b).is_some());
    let a = ev(1, 1, "ASSAULT", &["A"], &["B"], d);
    let b = ev(2, 2, "ASSAULT", &["B"], &["A"], d);
    assert!(compatible(&a, &b).is_none());
}

/// The case from issue 21: four articles say only that Obama voiced support (no target), a
/// fifth that Obama supported Putin in Kenya. Merged together they read "Obama SUPPORT Putin
/// @ Kenya, 5 reports", an actor four of the reports never name.
#[test]
fn events_without_a_target_never_take_one_from_another_report() {
    let d = Some(("2016-07-08", "2016-07-08"));
    let mut evs: Vec<Ev> = (1..=4).map(|i| ev(i, i, "SUPPORT", &["USA_obama"], &[], d)).collect();
    let mut with_target = ev(5, 5, "SUPPORT", &["USA_obama"], &["RUS_putin"], d);
    with_target.location = Some("KEN".into());
    with_target.loc_country = Some("KEN".into());
    evs.push(with_target);
    let groups = cluster(&evs.iter().collect::<Vec<_>>());
    let with_putin = groups.iter().find(|g| g.contains(&4)).expect("every event is in a group");
    assert_eq!(with_putin, &vec![4], "the event with a target stays alone: {groups:?}");
    for g in &groups {
        let has_target: Vec<bool> = g.iter().map(|&i| !evs[i].target.is_empty()).collect();
        assert!(has_target.iter().all(|&x| x == has_target[0]), "a group mixes targeted and targetless events: {groups:?}");
    }
    // Four targetless reports of one week glued into one event (the rest of the case): without
    // dates of their own, or with different places, one-sided events stay apart.
    let mut undated: Vec<Ev> = (1..=3).map(|i| ev(i, i, "SUPPORT", &["USA_obama"], &[], None)).collect();
    for e in &mut undated {
        e.eff = Some((day_number("2015-07-19").unwrap(), day_number("2015-07-22").unwrap()));
    }
    let mut kenya = ev(4, 4, "SUPPORT", &["USA_obama"], &[], Some(("2015-07-21", "2015-07-22")));
    kenya.location = Some("KEN".into());
    kenya.loc_country = Some("KEN".into());
    undated.push(kenya);
    undated.push(ev(5, 5, "SUPPORT", &["USA_obama"], &[], Some(("2015-07-21", "2015-07-22"))));
    assert!(
        cluster(&undated.iter().collect::<Vec<_>>()).iter().all(|g| g.len() == 1),
        "{:?}",
        cluster(&undated.iter().collect::<Vec<_>>())
    );
    let same = [ev(1, 1, "SUPPORT", &["A"], &[], d), ev(2, 2, "SUPPORT", &["A"], &[], d)];
    assert_eq!(cluster(&same.iter().collect::<Vec<_>>()).len(), 1, "dated, same place (none): one event");
    // Two outlets' undated reports of a protest in one city are one protest.
    let mut protest: Vec<Ev> = (1..=2).map(|i| ev(i, i, "PROTEST", &["P"], &[], None)).collect();
    for e in &mut protest {
        e.eff = Some((day_number("2015-07-19").unwrap(), day_number("2015-07-22").unwrap()));
        e.location = Some("city:cairo".into());
        e.loc_country = Some("EGY".into());
        e.specific = true;
    }
    assert_eq!(cluster(&protest.iter().collect::<Vec<_>>()).len(), 1, "{:?}", cluster(&protest.iter().collect::<Vec<_>>()));
    // Nor does a reversed meeting lend a missing side: "B met" and "A met B" stay apart.
    let a = ev(1, 1, "CONSULT", &["A"], &["B"], d);
    let b = ev(2, 2, "CONSULT", &["B"], &[], d);
    assert!(compatible(&a, &b).is_none());
    let c = ev(3, 3, "CONSULT", &["B"], &["A"], d);
    assert!(compatible(&a, &c).is_some());
}

#[test]
fn a_daily_series_does_not_chain_into_one_event() {
    let days = ["2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05"];
    let evs: Vec<Ev> = days.iter().enumerate().map(|(i, d)| ev(i as i64, i as i64, "ASSAULT", &["A"], &["B"], Some((d, d)))).collect();
    let groups = cluster(&evs.iter().collect::<Vec<_>>());
    assert!(groups.iter().all(|g| g.len() <= 2), "{:?}", groups);
    assert!(groups.len() >= 3);
}

/// Many equal-score pairs that cannot all join (two events of one article never merge): which
/// pairs win must depend on content keys only, never on where the events sit in the table.
#[test]
fn ties_are_broken_by_content_not_by_position() {
    let d = Some(("2025-05-09", "2025-05-09"));
    let mut base = Vec::new();
    for k in 0..12i64 {
        // Six articles with two meetings each, all between the same two actors on one day.
        let (src, tgt) = if k % 3 == 0 { (["A"], ["B"]) } else { (["B"], ["A"]) };
        let mut e = ev(k, k / 2, "CONSULT", &src, &tgt, d);
        e.key = format!("h{:02}:{}", (k * 7) % 12, k % 2 + 1).into();
        base.push(e);
    }
    let groups_of = |order: &[usize]| {
        let evs: Vec<Ev> = order
            .iter()
            .enumerate()
            .map(|(pos, &i)| {
                let b = &base[i];
                let mut e = ev(
                    pos as i64,
                    b.doc,
                    "CONSULT",
                    &b.source.iter().map(|s| &**s).collect::<Vec<_>>(),
                    &b.target.iter().map(|s| &**s).collect::<Vec<_>>(),
                    d,
                );
                e.key = b.key.clone();
                e
            })
            .collect();
        let mut groups: Vec<Vec<String>> = cluster(&evs.iter().collect::<Vec<_>>())
            .into_iter()
            .map(|g| {
                let mut k: Vec<String> = g.into_iter().map(|i| evs[i].key.to_string()).collect();
                k.sort();
                k
            })
            .collect();
        groups.sort();
        groups
    };
    let identity: Vec<usize> = (0..base.len()).collect();
    let want = groups_of(&identity);
    let mut order = identity.clone();
    let mut x = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..40 {
        for i in (1..order.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            order.swap(i, (x % (i as u64 + 1)) as usize);
        }
        assert_eq!(groups_of(&order), want, "order {order:?}");
    }
}

#[test]
fn clustering_ignores_storage_order() {
    let mk = |order: &[usize]| {
        let base = [
            ev(0, 0, "CONSULT", &["A"], &["B"], Some(("2025-05-09", "2025-05-09"))),
            ev(1, 1, "CONSULT", &["A"], &["B"], Some(("2025-05-10", "2025-05-10"))),
            ev(2, 2, "CONSULT", &["A"], &[], Some(("2025-05-11", "2025-05-11"))),
            ev(3, 3, "CONSULT", &["B"], &["A"], Some(("2025-05-09", "2025-05-10"))),
        ];
        let evs: Vec<Ev> = order
            .iter()
            .map(|&i| {
                ev(
                    base[i].id,
                    base[i].doc,
                    "CONSULT",
                    &base[i].source.iter().map(|s| &**s).collect::<Vec<_>>(),
                    &base[i].target.iter().map(|s| &**s).collect::<Vec<_>>(),
                    base[i].date_text.as_ref().map(|t| (&*t.0, &*t.1)),
                )
            })
            .collect();
        let mut groups: Vec<Vec<String>> = cluster(&evs.iter().collect::<Vec<_>>())
            .into_iter()
            .map(|g| {
                let mut k: Vec<String> = g.into_iter().map(|i| evs[i].key.to_string()).collect();
                k.sort();
                k
            })
            .collect();
        groups.sort();
        groups
    };
    assert_eq!(mk(&[0, 1, 2, 3]), mk(&[3, 2, 1, 0]));
    assert_eq!(mk(&[0, 1, 2, 3]), mk(&[2, 0, 3, 1]));
}
