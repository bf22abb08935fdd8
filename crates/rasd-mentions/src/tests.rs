use super::*;
use rasd_text::layout::layout;
use rasd_text::{split_sentences, tokenize};

fn mentions(text: &str, date: Option<Date>) -> Vec<(String, Option<String>, MentionKind)> {
    let kb = Kb::embedded();
    let tokens = tokenize(text);
    let sentences = split_sentences(text, &tokens);
    let lay = layout(text, 0, true, &|_| None);
    find_mentions(kb, &tokens, &sentences, &lay, date, text)
        .into_iter()
        .map(|m| {
            assert_eq!(&text[m.span.range()], &text[m.span.range()]);
            (text[m.span.range()].to_string(), m.entity.map(|e| kb.entity(e).name_en.clone()), m.kind)
        })
        .collect()
}

fn names(text: &str, date: Option<Date>) -> Vec<(String, String)> {
    mentions(text, date).into_iter().filter_map(|(s, e, _)| Some((s, e?))).collect()
}

const D2025: Option<Date> = Some(Date::constant(2025, 5, 12));

#[test]
fn proclitics_are_outside_the_span_and_names_stay_whole() {
    let got = names("وصل الوفد إلى بغداد ثم توجه وبعدها إلى لبنان، والتقى بالرئيس الروسي في موسكو.", D2025);
    assert!(got.contains(&("بغداد".into(), "Baghdad".into())), "{got:?}");
    assert!(got.iter().any(|(s, e)| s == "لبنان" && e == "Lebanon"), "{got:?}");
    assert!(got.contains(&("الرئيس الروسي".into(), "Vladimir Putin".into())), "{got:?}");
}

#[test]
fn role_phrases_follow_the_date() {
    let t = "واستقبل وزير الدفاع الروسي الوفد.";
    assert_eq!(names(t, Some(Date::constant(2018, 4, 1)))[0].1, "Sergei Shoigu");
    assert_eq!(names(t, D2025)[0].1, "Andrei Belousov");
}

#[test]
fn a_name_after_a_role_decides() {
    let got = names("واستقبله نائب وزير الدفاع الروسي، الفريق أول يونس بك يفكيروف.", D2025);
    assert!(got.iter().all(|(_, e)| e == "Yunus-Bek Yevkurov"), "{got:?}");
    assert_eq!(got.len(), 2, "{got:?}");
}

#[test]
fn bare_title_hides_inner_organisation() {
    let got = mentions("التقى سكرتير مجلس الأمن سيرغي شويغو.", D2025);
    assert!(!got.iter().any(|(_, e, _)| e.as_deref() == Some("United Nations Security Council")), "{got:?}");
    assert!(got.iter().any(|(_, e, _)| e.as_deref() == Some("Sergei Shoigu")), "{got:?}");
}

#[test]
fn counterpart_resolves_through_the_office() {
    let got = names("التقى الرئيس الروسي فلاديمير بوتين نظيره المصري في سوتشي.", D2025);
    assert!(got.iter().any(|(s, e)| s == "نظيره المصري" && e == "Abdel Fattah el-Sisi"), "{got:?}");
}

#[test]
fn sides() {
    let got = mentions("وأكد الجانب الروسي أن الجانبين ناقشا التعاون.", D2025);
    assert!(got.iter().any(|(s, e, k)| s == "الجانب الروسي" && e.as_deref() == Some("Russia") && *k == MentionKind::Side), "{got:?}");
    assert!(got.iter().any(|(s, _, k)| s == "الجانبين" && *k == MentionKind::BothSides), "{got:?}");
}

#[test]
fn a_deputy_or_relative_of_an_office_holder_is_not_the_holder() {
    let d2015 = Some(Date::constant(2015, 8, 1));
    for t in [
        "وزار نائب المستشارة الألمانية طهران.",
        "والتقى مبعوث الرئيس الأمريكي بالوفد.",
        "وحضر نجل الرئيس المصري الحفل.",
        "وحضرت شقيقة الزعيم كيم جونغ أون الحفل.",
        "وقال مستشار بوتين إن الزيارة ناجحة.",
    ] {
        let got = mentions(t, d2015);
        assert!(
            got.iter().all(|(_, e, _)| !matches!(
                e.as_deref(),
                Some("Angela Merkel" | "Mohammed bin Nayef" | "Barack Obama" | "Abdel Fattah el-Sisi" | "Kim Jong Un" | "Vladimir Putin")
            )),
            "{t}: {got:?}"
        );
        assert!(
            got.iter().any(|(_, e, k)| e.is_none() && matches!(k, MentionKind::Role(_))),
            "{t}: the deputy is a role of nobody known: {got:?}"
        );
    }
    // A text that ends with the office (nothing after it to read as a name).
    for t in ["وصل نائب الرئيس", "وصل نائب المستشارة الألمانية", "نجل", "وحضر مستشار الرئيس", "قال نجل الأمير", "مساعد وزير الخارجية"]
    {
        let _ = mentions(t, d2015);
    }
    // The deputy crown prince is an office of its own, with its dated holders.
    let got = names("ووصل ولي ولي العهد السعودي إلى القاهرة.", d2015);
    assert!(got.iter().any(|(s, e)| s == "ولي ولي العهد السعودي" && e == "Mohammed bin Salman"), "{got:?}");
    // The office itself still resolves.
    let got = names("وزار المستشارة الألمانية طهران.", d2015);
    assert!(got.iter().any(|(_, e)| e == "Angela Merkel"), "{got:?}");
}

/// The longest-phrase search with the knowledge base's phrase-start sets finds what the search
/// without them finds, at every token of the fixture articles (names and titles, with every
/// proclitic reading).
#[test]
fn pruned_longest_matches_the_plain_search() {
    let kb = Kb::embedded();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/articles");
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    texts.push("وللرئيس الروسي فلاديمير بوتين ووزير الخارجية الأمريكي وبالعاصمة السعودية الرياض وللأمم المتحدة".into());
    let mut found = 0;
    for text in &texts {
        let tokens = tokenize(text);
        for i in 0..tokens.len() {
            let names = |k: &str| {
                let h = kb.names(k);
                (!h.is_empty()).then(|| h.to_vec())
            };
            let titles = |k: &str| {
                let r = kb.titles(k);
                (!r.is_empty()).then(|| r.to_vec())
            };
            let pruned = longest(&tokens, i, kb.max_name_words, |k| kb.starts_name(k), names);
            assert_eq!(pruned, longest(&tokens, i, kb.max_name_words, |_| true, names), "name at token {i} of {:.40}", text);
            found += usize::from(pruned.is_some());
            let pruned = longest(&tokens, i, kb.max_title_words, |k| kb.starts_title(k), titles);
            assert_eq!(pruned, longest(&tokens, i, kb.max_title_words, |_| true, titles), "title at token {i}");
            found += usize::from(pruned.is_some());
        }
    }
    assert!(found > 100, "only {found} phrases found: the comparison checked little");
}
