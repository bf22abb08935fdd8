//! Character encodings of web pages and feeds.
//!
//! The label comes from, in order: a byte-order mark, the HTTP `Content-Type` charset, a
//! `<meta charset>` / `http-equiv` or `<?xml encoding?>` declaration in the first 2 KB; else
//! UTF-8. Decoding uses `encoding_rs` (the WHATWG encodings: `windows-1256`, `ISO-8859-6`…).
//! Invalid bytes become U+FFFD with a warning; a page that declares nothing and is mostly not
//! UTF-8 is read as `windows-1256`, the legacy encoding of Arabic sites, with a warning.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1256};

/// The charset a document declares in its first 2 KB (`<meta charset=…>`, `content="…; charset=…"`,
/// `<?xml … encoding="…"?>`).
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    for key in [&b"charset"[..], &b"encoding"[..]] {
        let mut from = 0;
        while let Some(i) = find(&lower[from..], key) {
            let mut j = from + i + key.len();
            while j < lower.len() && (lower[j] == b' ' || lower[j] == b'=' || lower[j] == b'"' || lower[j] == b'\'') {
                j += 1;
            }
            let end = lower[j..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':' || b == b'.'))
                .map_or(lower.len(), |p| j + p);
            if end > j
                && let Some(e) = Encoding::for_label(&lower[j..end])
            {
                return Some(e);
            }
            from = from + i + key.len();
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether bytes are UTF-16 text: a UTF-16 byte-order mark, or (without one) the pattern of
/// UTF-16 Latin and Arabic text in the first 4 KB — in one byte of every pair a high byte
/// 0x00–0x06 (U+0000–U+06FF), in the other almost never. UTF-8 text never has that pattern
/// (its Arabic bytes are 0x80–0xFF; NUL and the controls 0x01–0x06 do not occur in text).
pub fn utf16_of(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some(UTF_16LE);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(UTF_16BE);
    }
    let head = &bytes[..bytes.len().min(4096)];
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let low = |b: u8| b <= 0x06;
    let even = head.chunks_exact(2).filter(|p| low(p[0])).count();
    let odd = head.chunks_exact(2).filter(|p| low(p[1])).count();
    if odd * 10 >= pairs * 6 && even * 20 <= pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 6 && odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decodes a page's bytes; returns the text and a warning when bytes had to be replaced or guessed.
pub fn decode_html(bytes: &[u8], http_label: Option<&str>) -> (String, Option<String>) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (t, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (t.into_owned(), had_errors.then(|| format!("invalid {} bytes replaced", enc.name())));
    }
    // UTF-16 without a byte-order mark (whatever the page declares: a UTF-16 page's declaration
    // is itself UTF-16, and an ASCII-compatible one would not have this byte pattern).
    if let Some(enc) = utf16_of(bytes) {
        let (t, had_errors) = enc.decode_without_bom_handling(bytes);
        return (
            t.into_owned(),
            Some(format!("read as {} (no byte-order mark){}", enc.name(), if had_errors { "; invalid bytes replaced" } else { "" })),
        );
    }
    let label = http_label.and_then(|l| Encoding::for_label(l.trim().as_bytes())).or_else(|| declared(bytes));
    // A page that says it is UTF-16 but has no BOM is in fact ASCII-compatible (HTML's rule).
    let enc = label.map(|e| e.output_encoding());
    match enc {
        Some(e) => {
            let (t, had_errors) = e.decode_without_bom_handling(bytes);
            (t.into_owned(), had_errors.then(|| format!("invalid {} bytes replaced by U+FFFD", e.name())))
        }
        None => match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), None),
            Err(_) => {
                let (t, _) = UTF_8.decode_without_bom_handling(bytes);
                let bad = t.chars().filter(|&c| c == '\u{FFFD}').count();
                if bad * 20 > t.chars().count() {
                    let (t, _) = WINDOWS_1256.decode_without_bom_handling(bytes);
                    (t.into_owned(), Some("not UTF-8 and no charset declared: read as windows-1256".into()))
                } else {
                    (t.into_owned(), Some(format!("{bad} invalid UTF-8 sequence(s) replaced by U+FFFD")))
                }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_fallbacks() {
        let page = "<html><head><meta charset=\"windows-1256\"></head><body><p>وصل الوفد</p></body></html>";
        let (bytes, _, _) = WINDOWS_1256.encode(page);
        let (t, w) = decode_html(&bytes, None);
        assert!(t.contains("وصل الوفد") && w.is_none(), "{t} {w:?}");
        // The HTTP label wins over nothing; undeclared legacy bytes are guessed with a warning.
        let bare = WINDOWS_1256.encode("<p>وصل الوفد إلى القاهرة</p>").0;
        assert!(decode_html(&bare, Some("windows-1256")).0.contains("وصل"));
        let (t, w) = decode_html(&bare, None);
        assert!(t.contains("وصل") && w.unwrap().contains("windows-1256"));
        // A few stray bytes in a UTF-8 page are replaced, the rest kept.
        let mut b = "<p>وصل الوفد إلى القاهرة صباح اليوم</p>".as_bytes().to_vec();
        b.insert(3, 0xFF);
        let (t, w) = decode_html(&b, None);
        assert!(t.contains("القاهرة") && w.unwrap().contains("1 invalid UTF-8"));
    }

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn utf16_is_recognised_with_and_without_a_bom() {
        let text = "وصل وزير الخارجية إلى العاصمة صباح اليوم في زيارة رسمية.\n";
        let le = utf16le(text);
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(utf16_of(&le), Some(UTF_16LE));
        assert_eq!(utf16_of(&be), Some(UTF_16BE));
        assert_eq!(utf16_of(&[&[0xFF, 0xFE][..], &le].concat()), Some(UTF_16LE));
        assert_eq!(utf16_of(&utf16le("The minister arrived in the capital this morning.")), Some(UTF_16LE));
        // UTF-8 Arabic, English and windows-1256 are not UTF-16.
        assert_eq!(utf16_of(text.as_bytes()), None);
        assert_eq!(utf16_of(b"The minister arrived in the capital this morning."), None);
        assert_eq!(utf16_of(&WINDOWS_1256.encode(text).0), None);
        // A BOM-less UTF-16 page is decoded.
        let page = utf16le("<html><body><p>وصل الوفد إلى القاهرة</p></body></html>");
        let (t, w) = decode_html(&page, None);
        assert!(t.contains("وصل الوفد") && w.unwrap().contains("UTF-16LE"), "{t}");
    }
}
