//! Checks shared by the fuzz targets: what must hold for every input, not only "no panic".

use rasd_core::Document;
use rasd_read::{InputFormat, ReadError, read_bytes};

/// Reads `data` as `format` and checks every document and error it yields.
pub fn read_and_check(name: &str, data: &[u8], format: InputFormat) -> usize {
    let mut n = 0;
    read_bytes(name, data.to_vec(), format, &mut |r: Result<Document, ReadError>| {
        n += 1;
        match r {
            Ok(d) => {
                assert!(
                    d.body_start <= d.text.len() && d.text.is_char_boundary(d.body_start),
                    "body_start {} in a text of {} bytes",
                    d.body_start,
                    d.text.len()
                );
                assert!(d.text.len() as u64 <= rasd_read::MAX_DOCUMENT_BYTES as u64, "document of {} bytes over the limit", d.text.len());
                assert!(!d.meta.id.is_empty(), "every document has an id");
                assert!(d.meta.path.starts_with(name), "the document names its input: {}", d.meta.path);
            }
            Err(e) => {
                assert!(e.input.starts_with(name), "the error names its input: {e}");
                assert!(!e.message.is_empty(), "the error says what is wrong");
            }
        }
    });
    n
}

/// The text core's invariants on one text (the same as `rasd-text/tests/props.rs`).
pub fn check_text(text: &str) {
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
        assert_eq!(s.tokens.start, next, "sentences partition the tokens");
        assert!(s.tokens.end > s.tokens.start);
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
        assert_eq!(pos, t.span.end, "segments cover the token");
    }
    let layout = rasd_text::layout::layout(text, 0, false, &rasd_time::parse_date_line);
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
    let _ = rasd_text::lang::identify(text);
}

/// Every `start`/`end` pair in the JSON output is the exact slice its `text` claims.
pub fn check_json_spans(v: &serde_json::Value, text: &str) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(s), Some(e), Some(t)) =
                (m.get("start").and_then(|x| x.as_u64()), m.get("end").and_then(|x| x.as_u64()), m.get("text").and_then(|x| x.as_str()))
            {
                assert_eq!(text.get(s as usize..e as usize), Some(t), "span {s}..{e}");
            }
            m.values().for_each(|x| check_json_spans(x, text));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| check_json_spans(x, text)),
        _ => {}
    }
}
