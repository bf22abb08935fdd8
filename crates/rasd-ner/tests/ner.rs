//! Integration tests of the committed model: tagging, the file format, and the ANERcorp score.

use std::path::PathBuf;

use rasd_ner::eval::{self, ANERCORP_TEST};
use rasd_ner::{EntityType, FORMAT_VERSION, MAGIC, Model, NerErrorKind, Tag};

/// Entity spans of a sentence, as `(surface, type)`.
fn entities(text: &str) -> Vec<(String, EntityType)> {
    let tokens = rasd_text::tokenize(text);
    Model::embedded().tag_tokens(text, &tokens).into_iter().map(|(s, t)| (text[s.range()].to_string(), t)).collect()
}

#[test]
fn tags_a_sentence_with_plausible_spans() {
    let text = "التقى الرئيس الروسي فلاديمير بوتين في مدينة موسكو يوم الخميس وزير الخارجية المصري سامح شكري.";
    let ents = entities(text);
    eprintln!("{ents:?}");
    assert!(ents.iter().any(|(s, t)| *t == EntityType::Pers && s.contains("بوتين")), "{ents:?}");
    assert!(ents.iter().any(|(s, t)| *t == EntityType::Loc && s.contains("موسكو")), "{ents:?}");
    assert!(ents.iter().any(|(s, t)| *t == EntityType::Pers && s.contains("شكري")), "{ents:?}");
    // Spans are exact slices of the text and never cover the trigger words.
    assert!(!ents.iter().any(|(s, _)| s.contains("الرئيس") || s.contains("مدينة")), "{ents:?}");
}

#[test]
fn tags_are_valid_iob2() {
    let words = ["وقال", "المتحدث", "باسم", "منظمة", "الصحة", "العالمية", "طارق", "ياسارفيتش", "في", "جنيف", "."];
    let tags = Model::embedded().tag(&words);
    assert_eq!(tags.len(), words.len());
    let mut prev = None;
    for t in &tags {
        assert!(t.may_follow(prev), "{tags:?}");
        prev = Some(*t);
    }
    assert_eq!(tags[10], Tag::O);
}

#[test]
fn never_panics_on_odd_input() {
    let m = Model::embedded();
    assert!(m.tag(&[]).is_empty());
    m.tag(&["", " ", "٣٤٥", "ـــ", "ABC", "🙂", "\u{200f}"]);
    for text in ["", "   ", "...", "بوتين", "a\nb\nc", "«موسكو» – (رويترز)"] {
        let tokens = rasd_text::tokenize(text);
        for (span, _) in m.tag_tokens(text, &tokens) {
            assert!(text.get(span.range()).is_some());
        }
    }
}

#[test]
fn save_and_load_round_trip() {
    let m = Model::embedded();
    let path = std::env::temp_dir().join(format!("rasd-ner-test-{}.bin", std::process::id()));
    m.save(&path).unwrap();
    let again = Model::load(&path).unwrap();
    std::fs::remove_file(&path).ok();
    let words = ["أعلن", "رئيس", "الوزراء", "العراقي", "محمد", "شياع", "السوداني", "من", "بغداد", "."];
    assert_eq!(m.tag(&words), again.tag(&words));
}

#[test]
fn stale_or_foreign_files_say_how_to_rebuild() {
    let m = Model::embedded();
    let mut bytes = m.to_bytes();
    bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let err = Model::from_bytes(&bytes).err().expect("a newer version must be refused");
    assert!(matches!(err.kind(), NerErrorKind::Version { .. }));
    assert!(err.to_string().contains("rasd train ner"), "{err}");

    let mut bytes = m.to_bytes();
    bytes[..8].copy_from_slice(b"NOTANER\0");
    let err = Model::from_bytes(&bytes).err().expect("bad magic must be refused");
    assert!(matches!(err.kind(), NerErrorKind::BadMagic));
    assert!(err.to_string().contains("rasd train ner"), "{err}");

    let bytes = m.to_bytes();
    let err = Model::from_bytes(&bytes[..bytes.len() / 2]).err().expect("a truncated file must be refused");
    assert!(err.to_string().contains("rasd train ner"), "{err}");
    assert_eq!(&bytes[..8], MAGIC);

    let err = Model::load(&PathBuf::from("/nonexistent/ner.bin")).err().expect("missing file");
    assert!(err.to_string().contains("rasd train ner"), "{err}");
}

/// Regression floor for the committed model on the ANERcorp sequential test split.
/// Issue 6 asks for ≥ 80; the committed model does not reach it yet (74.27, see the crate
/// README), so this pins what it does reach, to catch regressions.
const ANERCORP_MICRO_F1_FLOOR: f64 = 73.5;

#[test]
fn the_model_has_a_document_stage_and_loads_from_its_bytes() {
    let m = Model::embedded();
    assert!(m.has_document_stage());
    let again = Model::from_bytes(&m.to_bytes()).unwrap();
    assert_eq!(again.nonzero_buckets(), m.nonzero_buckets());
}

#[test]
fn document_tagging_matches_sentence_by_sentence_shape() {
    // Two sentences of one document: the result has one tag list per sentence, of the right
    // length, valid IOB2, whatever the document context changes.
    let doc = [
        vec!["وصل", "المدرب", "الهولندي", "ماركو", "فيرمولين", "إلى", "الدوحة", "أمس", "."],
        vec!["وقال", "فيرمولين", "إن", "فريقه", "مستعد", "."],
    ];
    let tags = Model::embedded().tag_document(&doc);
    assert_eq!(tags.len(), 2);
    for (t, s) in tags.iter().zip(&doc) {
        assert_eq!(t.len(), s.len());
        let mut prev = None;
        for x in t {
            assert!(x.may_follow(prev), "{t:?}");
            prev = Some(*x);
        }
    }
    assert!(tags[0][6].entity_type() == Some(EntityType::Loc), "الدوحة: {:?}", tags[0]);
}

#[test]
fn anercorp_test_split_score() {
    let path = eval::default_anercorp_dir().join(ANERCORP_TEST);
    if !path.exists() {
        rasd_core::skip_unless_ci(&format!("ANERcorp test split not found at {} (it lives in ../shared/data/anercorp)", path.display()));
        return;
    }
    let rep = eval::conll(Model::embedded(), &path).unwrap();
    println!("{}", rep.render());
    assert!(rep.render().lines().last().unwrap().starts_with("micro_f1 "));
    assert!(rep.micro_f1() >= ANERCORP_MICRO_F1_FLOOR, "micro F1 {:.2} < {ANERCORP_MICRO_F1_FLOOR}", rep.micro_f1());
}
