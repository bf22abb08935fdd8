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
    let err = Lexicon::compile("type\tmode\tcontexts\tpos\tforms\ttarget\texample\nMEET\t\t\tverb\tالتقى\tobj\tx\n", "kind\tforms\tnote\n").unwrap_err();
    assert!(err.starts_with("triggers.tsv:2"), "{err}");
}
