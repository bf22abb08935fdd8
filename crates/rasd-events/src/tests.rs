// Unit tests of the coder live in the pipeline's golden tests, which run every stage;
// here: the lexicon compiles and names its errors.
use super::*;

#[test]
fn embedded_lexicon_compiles() {
    let lx = Lexicon::embedded();
    assert!(lx.triggers.len() > 50);
    assert!(!lx.cue("وفق").is_empty());
}

#[test]
fn lexicon_errors_name_the_line() {
    let err = Lexicon::compile("type\tmode\tcontexts\tpos\tforms\ttarget\texample\nMEET\t\t\tverb\tالتقى\tobj\tx\n", "kind\tforms\tnote\n")
        .unwrap_err();
    assert!(err.starts_with("triggers.tsv:2"), "{err}");
}

#[test]
fn a_damma_on_a_past_verb_marks_the_passive() {
    for w in ["قُتل", "قـُتلوا", "وقُتل", "وَقُتل", "أُعتقل"] {
        assert!(vocalised_passive(w), "{w}");
    }
    for w in ["قتل", "قَتل", "يُرسل", "تُعلن", "وقتلوا"] {
        assert!(!vocalised_passive(w), "{w}");
    }
}

#[test]
fn subject_suffixes_of_verbs() {
    assert_eq!(subject_suffix("يدعمون"), (true, false));
    assert_eq!(subject_suffix("ودعموا"), (true, false));
    assert_eq!(subject_suffix("يبحثان"), (false, true));
    assert_eq!(subject_suffix("يدعم"), (false, false));
    assert_eq!(subject_suffix("دعا"), (false, false));
}

#[test]
fn word_classes_compile() {
    let sets = classes::compile(include_str!("../data/classes.tsv")).unwrap();
    assert!(sets.iter().all(|s| !s.set.is_empty()));
    // Forms are compiled through the phrase keys: a surface spelling matches its key.
    assert!(Class::Prepositions.contains(&"الي"));
}

#[test]
fn word_class_errors_name_the_line() {
    let err = classes::compile("class\tforms\tnote\nprepositions\tفي\t\nprepostions\tمن\t\n").unwrap_err();
    assert!(err.starts_with("classes.tsv:3: unknown class"), "{err}");
    let err = classes::compile("class\tforms\tnote\nprepositions\tفي\t\n").unwrap_err();
    assert!(err.contains("has no row"), "{err}");
}

#[test]
fn a_mode_typo_is_a_load_error() {
    let err =
        Lexicon::compile("type\tmode\tcontexts\tpos\tforms\ttarget\texample\nCONSULT\tvisti\t\tverb\tزار\tobj\tx\n", "kind\tforms\tnote\n")
            .unwrap_err();
    assert!(err.starts_with("triggers.tsv:2: unknown mode"), "{err}");
}
