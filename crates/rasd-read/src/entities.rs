//! HTML character references in metadata that arrives as plain text: a JSON Lines title taken
//! from a web page often still says `&#8220;` or `&quot;`. Only titles are decoded — a document's
//! text is never rewritten (its byte offsets are what every span points into).

use std::borrow::Cow;

/// `s` with its numeric (`&#8220;`, `&#x201C;`) and common named (`&quot;`, `&amp;`, `&lt;`,
/// `&gt;`, `&apos;`, `&nbsp;`) character references decoded; anything else, a reference to an
/// invalid code point included, is left as written.
pub fn decode_references(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let decoded = tail.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &tail[1..end];
            let c = match name {
                "quot" => Some('"'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let n = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse::<u32>().ok())
                    };
                    n.and_then(char::from_u32).filter(|c| *c != '\0')
                }
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_decoded_and_the_rest_is_kept() {
        assert_eq!(decode_references("&#8220;قمة&#8221; الرياض"), "\u{201c}قمة\u{201d} الرياض");
        assert_eq!(decode_references("&quot;a&quot; &amp; &lt;b&gt; &#x41;"), "\"a\" & <b> A");
        assert_eq!(decode_references("R&D &unknown; &#0; &#xZZ; & ;"), "R&D &unknown; &#0; &#xZZ; & ;");
        assert!(matches!(decode_references("بلا مراجع"), Cow::Borrowed(_)));
    }

    #[test]
    fn titles_of_records_and_headers_are_decoded_but_never_the_text() {
        let r = crate::Record { title: Some("&#8220;قمة&#8221;".into()), text: "نص &amp; نص".into(), ..Default::default() };
        let d = crate::record_document("x.jsonl:1", r);
        assert_eq!(d.meta.title.as_deref(), Some("\u{201c}قمة\u{201d}"));
        assert_eq!(d.text, "نص &amp; نص", "the text keeps its bytes");
        let d = crate::text_document("x.txt", "title: أ &quot;ب&quot;\n\nنص".into());
        assert_eq!(d.meta.title.as_deref(), Some("أ \"ب\""));
    }
}
