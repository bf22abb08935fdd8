//! Human output that cannot drive the terminal.
//!
//! Titles, outlets, ids, article text and file names come from whoever wrote the input. Printed
//! raw, an ESC sequence in a title clears the screen or retitles the window, and a newline in a
//! file name makes a stderr message look like two (a forged `rasd: …` line). Everything rasd
//! prints for people (the text reports of `analyze`, `explain`, `events`, `event`, `actors`,
//! `search`, and stderr messages) goes through [`line`] or [`text`]: control characters (C0,
//! DEL, C1) and the bidirectional embedding, override and isolate controls (which reorder how a
//! line is shown) are written as visible escapes such as `\u{1b}`. Arabic letters, and the marks
//! Arabic text uses (ZWNJ, ZWJ, LRM, RLM), pass unchanged. JSON output needs none of this:
//! serde_json writes every C0 control as `\uXXXX`.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not reach a terminal raw. `keep_layout` lets newline and tab through.
fn unsafe_char(c: char, keep_layout: bool) -> bool {
    if keep_layout && (c == '\n' || c == '\t') {
        return false;
    }
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(s: &str, keep_layout: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c, keep_layout)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if !unsafe_char(c, keep_layout) {
            out.push(c);
        } else if matches!(c, '\n' | '\r' | '\t') {
            let _ = write!(out, "{}", c.escape_default());
        } else {
            let _ = write!(out, "{}", c.escape_unicode());
        }
    }
    Cow::Owned(out)
}

/// One line of output: every control character escaped, newlines included.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// A block of output whose own layout uses newlines and tabs: every other control escaped.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// The analysis with its document's one-line fields (id, path, title, outlet, URL)
/// escaped by [`line`], for a text report: a newline in a title would otherwise start a line of
/// its own.
pub fn one_line_meta(mut a: rasd_pipeline::Analysis) -> rasd_pipeline::Analysis {
    let m = &mut a.doc.meta;
    for s in [&mut m.id, &mut m.path].into_iter().chain([&mut m.title, &mut m.source, &mut m.url].into_iter().flatten()) {
        if let Cow::Owned(clean) = line(s) {
            *s = clean;
        }
    }
    a
}

/// `eprintln!` for messages that may quote a document or a file name: the whole message is one
/// line, with its control characters escaped.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::term::line(&format!($($arg)*)))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_arabic_is_kept() {
        let hostile = "عنوان\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{7f}\u{202e}txt.exe\nrasd: fake";
        let l = line(hostile);
        assert!(!l.chars().any(|c| c.is_control() || c == '\u{202e}'), "{l}");
        assert_eq!(l, "عنوان\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\u{9b}31m\\u{7f}\\u{202e}txt.exe\\nrasd: fake");
        assert_eq!(text("سطر\nسطر\tثان\u{1b}"), "سطر\nسطر\tثان\\u{1b}");
        let arabic = "قال\u{200c}الوزير\u{200f} «نعم»";
        assert!(matches!(line(arabic), Cow::Borrowed(_)));
    }
}
