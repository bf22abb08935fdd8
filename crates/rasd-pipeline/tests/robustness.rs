//! No input panics, and spans always round-trip.

mod common;

use proptest::prelude::*;
use rasd_read::{InputFormat, read_bytes};

fn run_bytes(bytes: Vec<u8>) {
    let mut docs = Vec::new();
    read_bytes("prop", bytes, InputFormat::Auto, &mut |r| docs.push(r));
    for d in docs.into_iter().flatten() {
        let a = common::analyze_default(d);
        common::check_spans(&a);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        run_bytes(bytes);
    }

    #[test]
    fn arabic_like_text_never_panics(s in "[ \\n\\.،؛؟«»“”\\-0-9٠-٩ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةىـًٌٍَُِّْ\u{0670}\u{200F}\u{200C}A-Za-z:]{0,600}") {
        run_bytes(s.into_bytes());
    }

    #[test]
    fn header_text_never_panics(title in "[ابتثج ]{0,30}", date in "[0-9\\-/]{0,12}", body in "[ \\nابتثجحخدذرز\\.،الخميس]{0,300}") {
        run_bytes(format!("title: {title}\ndate: {date}\n\n{body}").into_bytes());
    }
}

#[test]
fn empty_input() {
    run_bytes(Vec::new());
}

#[test]
fn one_ten_megabyte_line() {
    let unit = "التقى الرئيس الروسي فلاديمير بوتين نظيره المصري في موسكو مساء الخميس، ";
    let mut s = String::with_capacity(10 << 20);
    while s.len() < 10 << 20 {
        s.push_str(unit);
    }
    // Read from a file, the text is cut to the analysis limit at a space, with a warning…
    let mut docs = Vec::new();
    read_bytes("big", s.clone().into_bytes(), InputFormat::Text, &mut |r| docs.push(r));
    let cut = docs.pop().unwrap().unwrap();
    assert!(
        cut.text.len() <= rasd_read::MAX_DOCUMENT_BYTES && cut.text.len() > rasd_read::MAX_DOCUMENT_BYTES / 2,
        "{} bytes kept",
        cut.text.len()
    );
    assert!(s.starts_with(&cut.text) && cut.text.ends_with(' '), "the kept text is a prefix of the input, cut at a space");
    assert!(cut.meta.warnings.iter().any(|w| w.contains("are analysed; the limit is")), "{:?}", cut.meta.warnings);
    // …but the pipeline itself takes any text, however long, in linear time.
    let d = rasd_read::text_document("big", s);
    let a = rasd_pipeline::analyze(d, &rasd_pipeline::Options { published: Some(rasd_core::Date::constant(2025, 5, 12)) });
    assert!(a.tokens.len() > 500_000, "{} tokens", a.tokens.len());
    assert!(!a.events.is_empty());
}

#[test]
fn invalid_utf8_is_an_error_not_a_panic() {
    let mut out = Vec::new();
    read_bytes("bad", b"\xd8\xa7\xff\xfe\xd8\xa8".to_vec(), InputFormat::Auto, &mut |r| out.push(r));
    assert!(out.pop().unwrap().is_err());
}
