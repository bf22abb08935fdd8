//! Property tests of the text core's invariants on arbitrary text: tokens are ordered,
//! disjoint and on char boundaries; sentences partition the tokens; segments cover each token;
//! layout blocks are ordered lines of the text; the lossless layer maps back monotonically.

use proptest::prelude::*;

fn check(text: &str) {
    let toks = rasd_text::tokenize(text);
    let mut last = 0;
    for t in &toks {
        assert!(t.span.start >= last && t.span.start < t.span.end && t.span.end <= text.len());
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        last = t.span.end;
    }
    let sents = rasd_text::split_sentences(text, &toks);
    let mut next = 0;
    for s in &sents {
        assert_eq!(s.tokens.start, next, "sentences must partition the tokens");
        assert!(s.tokens.end > s.tokens.start);
        assert_eq!(s.span.start, toks[s.tokens.start].span.start);
        assert_eq!(s.span.end, toks[s.tokens.end - 1].span.end);
        next = s.tokens.end;
    }
    assert_eq!(next, toks.len());
    let segs = rasd_text::segment::segment_tokens(text, &toks);
    let mut si = 0;
    for t in &toks {
        let mut pos = t.span.start;
        while si < segs.len() && segs[si].span.start < t.span.end {
            assert_eq!(segs[si].span.start, pos);
            assert!(segs[si].span.end > pos && text.is_char_boundary(segs[si].span.end));
            pos = segs[si].span.end;
            si += 1;
        }
        assert_eq!(pos, t.span.end, "segments must cover the token");
    }
    let layout = rasd_text::layout::layout(text, 0, false, &|_| None);
    let mut end = 0;
    for b in &layout.blocks {
        assert!(
            b.span.start >= end && b.span.end <= text.len() && text.is_char_boundary(b.span.start) && text.is_char_boundary(b.span.end)
        );
        end = b.span.end;
    }
    let n = rasd_text::normalize::lossless(text);
    let mut prev = 0;
    for at in (0..=n.text.len()).filter(|&i| n.text.is_char_boundary(i)) {
        let o = n.orig_offset(at);
        assert!(o >= prev && o <= text.len() && text.is_char_boundary(o));
        prev = o;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn any_unicode(s in "\\PC{0,300}") {
        check(&s);
    }

    #[test]
    fn arabic_news_like(s in "[ \\n\\.،؛؟!«»“”\"()\\-_#%٪:0-9٠-٩۰-۹ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةىـًٌٍَُِّْ\u{0670}\u{0654}\u{200F}\u{200C}\u{FEFB}ﷺA-Za-z@/]{0,400}") {
        check(&s);
    }
}
