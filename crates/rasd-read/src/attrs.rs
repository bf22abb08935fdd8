//! A linear pre-pass that bounds how many attributes one tag hands to the HTML parser.
//!
//! html5ever (under `dom_query`) drops a repeated attribute name as the HTML standard says, by
//! comparing each new attribute with every attribute the tag already has
//! (`Tokenizer::finish_attribute`): a tag with *n* distinct attributes costs n²/2 comparisons, so
//! one `<div>` with 300,000 attributes (a 3.5 MB page) took a minute. The tree builder does the
//! same when it copies the attributes of a repeated `<html>` or `<body>` start tag onto the first
//! one (`add_attrs_if_missing`), so many such tags add up the same way.
//!
//! [`bound_attributes`] cuts every attribute past [`MAX_ATTRIBUTES`] out of a tag (start or end
//! tag: the tokenizer reads attributes on both), and, page-wide, past [`MAX_ATTRIBUTES`] on all
//! `<html>` tags together and on all `<body>` tags together. News pages put a few dozen
//! attributes on a tag at most, so a real page is handed to the parser unchanged.
//!
//! The cut must find every tag the parser will read, so it follows the tokenizer's states
//! (tags, attributes and their quoting, comments, bogus comments, doctypes). Where a region is
//! text or markup depends on the tree builder (`<script>`, `<style>`, `<title>`, `<textarea>`…
//! hold text in HTML but markup inside `<svg>`), so the page is scanned twice: once skipping the
//! text of those elements as the parser does in HTML, once reading it as markup; a tag is cut when
//! either scan finds it too long. Cutting inside what the parser takes for text only shortens
//! that text.

use std::borrow::Cow;

/// Most attributes handed to the parser on one tag, and on all `<html>` (or all `<body>`) start
/// tags of a page together.
pub const MAX_ATTRIBUTES: usize = 256;

/// Elements whose content the HTML tokenizer reads as text up to their end tag.
const RAW_TEXT: [&str; 9] = ["script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title"];

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The page with every attribute past the limits cut out, and how many attributes were cut.
/// Borrowed (and 0) when no tag reaches a limit. Element names past the distinct-name limit
/// become `span` (see [`MAX_DISTINCT_NAMES`]).
pub fn bound_attributes(html: &str) -> (Cow<'_, str>, usize) {
    let mut cuts = scan(html.as_bytes(), true);
    cuts.extend(scan(html.as_bytes(), false));
    if cuts.is_empty() {
        return (Cow::Borrowed(html), 0);
    }
    cuts.sort_unstable();
    let mut out = String::with_capacity(html.len());
    let (mut at, mut dropped) = (0usize, 0usize);
    for (start, end, with, n) in cuts {
        if end <= at {
            continue;
        }
        let start = start.max(at);
        out.push_str(&html[at..start]);
        out.push_str(with);
        at = end;
        dropped += n;
    }
    out.push_str(&html[at..]);
    (Cow::Owned(out), dropped)
}

/// Where the text of a raw-text element opened before `from` ends: at its end tag
/// (`</name` followed by a space, `/` or `>`), else at the end of the page.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(p) = b[i..].windows(2).position(|w| w == b"</") {
        let lt = i + p;
        let n = lt + 2;
        if b.len() >= n + name.len()
            && b[n..n + name.len()].eq_ignore_ascii_case(name)
            && b.get(n + name.len()).is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return lt;
        }
        i = lt + 1;
    }
    b.len()
}

/// Where a comment opened by `<!--` (its text starting at `from`) ends, after its `-->`, `--!>`,
/// or the abrupt `>` / `->` right after the opening.
fn comment_end(b: &[u8], from: usize) -> usize {
    if b[from..].starts_with(b">") {
        return from + 1;
    }
    if b[from..].starts_with(b"->") {
        return from + 2;
    }
    let mut i = from;
    while let Some(p) = b[i..].windows(2).position(|w| w == b"--") {
        let d = i + p;
        if b[d + 2..].starts_with(b">") {
            return d + 3;
        }
        if b[d + 2..].starts_with(b"!>") {
            return d + 4;
        }
        i = d + 1;
    }
    b.len()
}

/// One tag read from its `<`: where it ends (after its `>`, or the page's end), where its name
/// is, whether it is an end tag, and each attribute's start, name end and end.
struct Tag {
    end: usize,
    name: (usize, usize),
    closing: bool,
    attrs: Vec<(usize, usize, usize)>,
}

/// Reads a tag as the tokenizer does, from the `<` at `lt` (followed by an ASCII letter, or `/`
/// and a letter).
fn read_tag(b: &[u8], lt: usize) -> Tag {
    let closing = b[lt + 1] == b'/';
    let mut i = lt + 1 + usize::from(closing);
    let name_start = i;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = (name_start, i);
    let mut attrs = Vec::new();
    loop {
        // Before an attribute name (spaces and stray `/` pass).
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return Tag { end: b.len(), name, closing, attrs };
        }
        if b[i] == b'>' {
            return Tag { end: i + 1, name, closing, attrs };
        }
        // Attribute name: a leading `=` belongs to it.
        let start = i;
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name_end = i;
        // After the name: spaces, then maybe `=` and a value.
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    i = b[j + 1..].iter().position(|&c| c == q).map_or(b.len(), |p| j + 1 + p + 1);
                }
                Some(b'>') | None => i = j,
                Some(_) => {
                    i = j;
                    while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
        attrs.push((start, name_end, i));
    }
}

/// Names the parser interns in its global atom table (`string_cache`): names longer than 7
/// bytes that are not among its static ones. The table has a fixed number of buckets, so each
/// lookup costs in proportion to the distinct names alive: a page of a million distinct names
/// is quadratic too. Past [`MAX_DISTINCT_NAMES`] long names, a new attribute name is dropped and
/// a new element name becomes `span` (which the tree builder treats as it treats any unknown
/// element).
struct Names<'a> {
    seen: std::collections::HashSet<Vec<u8>>,
    bytes: &'a [u8],
}

impl Names<'_> {
    /// Whether the name at `range` may go to the parser (remembering it if so).
    fn admit(&mut self, range: (usize, usize)) -> bool {
        let name = &self.bytes[range.0..range.1];
        if name.len() <= 7 {
            return true;
        }
        let key = name.to_ascii_lowercase();
        if self.seen.contains(&key) {
            return true;
        }
        if self.seen.len() >= MAX_DISTINCT_NAMES {
            return false;
        }
        self.seen.insert(key);
        true
    }
}

/// Most distinct long names (attribute or element names over 7 bytes) handed to the parser per
/// page; see [`Names`].
pub const MAX_DISTINCT_NAMES: usize = 4096;

/// A change one scan asks for: replace `start..end` by `with`; `dropped` attributes go.
type Cut = (usize, usize, &'static str, usize);

/// The changes one scan asks for. `skip_raw_text` reads the text of `<script>`, `<style>`… as
/// text, as the parser does in HTML content.
fn scan(b: &[u8], skip_raw_text: bool) -> Vec<Cut> {
    let mut cuts: Vec<Cut> = Vec::new();
    let (mut html_left, mut body_left, mut unlimited) = (MAX_ATTRIBUTES, MAX_ATTRIBUTES, usize::MAX);
    let mut names = Names { seen: Default::default(), bytes: b };
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + p;
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = comment_end(b, lt + 4);
            continue;
        }
        let next = rest.get(1).copied().unwrap_or(0);
        let tag_start = next.is_ascii_alphabetic() || (next == b'/' && rest.get(2).is_some_and(u8::is_ascii_alphabetic));
        if !tag_start {
            // `<!…>`, `<?…>` and `</` + non-letter are bogus comments up to the next `>`; a `<`
            // followed by anything else is text.
            i = if matches!(next, b'!' | b'?' | b'/') {
                b[lt + 1..].iter().position(|&c| c == b'>').map_or(b.len(), |q| lt + 1 + q + 1)
            } else {
                lt + 1
            };
            continue;
        }
        let tag = read_tag(b, lt);
        let name = b[tag.name.0..tag.name.1].to_ascii_lowercase();
        if !names.admit(tag.name) {
            cuts.push((tag.name.0, tag.name.1, "span", 0));
        }
        let budget = match (tag.closing, name.as_slice()) {
            (false, b"html") => &mut html_left,
            (false, b"body") => &mut body_left,
            _ => &mut unlimited,
        };
        let limit = MAX_ATTRIBUTES.min(*budget);
        let mut kept = 0;
        let mut last_cut: Option<usize> = None;
        for (k, &(start, name_end, end)) in tag.attrs.iter().enumerate() {
            if kept < limit && names.admit((start, name_end)) {
                kept += 1;
                continue;
            }
            match last_cut {
                // Neighbouring attributes dropped together make one cut.
                Some(c) if k > 0 && cuts[c].1 == tag.attrs[k - 1].2 => {
                    cuts[c].1 = end;
                    cuts[c].3 += 1;
                }
                _ => {
                    cuts.push((start, end, "", 1));
                    last_cut = Some(cuts.len() - 1);
                }
            }
        }
        if *budget != usize::MAX {
            *budget -= kept;
        }
        i = tag.end;
        if name == b"plaintext" && !tag.closing && skip_raw_text {
            break;
        }
        if skip_raw_text && !tag.closing && RAW_TEXT.contains(&std::str::from_utf8(&name).unwrap_or("")) {
            i = raw_text_end(b, i, &name);
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(n: usize, name: &str) -> String {
        tag_named(n, name, "a")
    }

    fn tag_named(n: usize, name: &str, prefix: &str) -> String {
        let attrs: Vec<String> = (0..n).map(|i| format!("{prefix}{i}=\"v\"")).collect();
        format!("<{name} {}>", attrs.join(" "))
    }

    /// How many attributes the parser's tree holds on its element named `name`.
    fn parsed_attrs(html: &str, name: &str) -> Vec<usize> {
        let dom = dom_query::Document::from(html);
        dom.select(name).nodes().iter().map(|n| n.attrs().len()).collect()
    }

    #[test]
    fn the_parser_is_handed_at_most_the_limit_per_tag() {
        // Before this pre-pass, the parser read (and duplicate-checked) all 5,000 attributes.
        let page = format!("<html><body>{}<p>نص عربي في فقرة.</p></body></html>", tag(5_000, "div"));
        let dom = crate::html::parse_page(&page).unwrap();
        let counts: Vec<usize> = dom.select("div").nodes().iter().map(|n| n.attrs().len()).collect();
        assert_eq!(counts, [MAX_ATTRIBUTES]);
        assert!(crate::html::extract(&page, None).unwrap().text.contains("نص عربي"));
    }

    #[test]
    fn a_page_within_the_limits_is_unchanged() {
        let page = format!("<html lang=ar><body>{}<p title='a > b' class=\"x\">نص</p></body></html>", tag(MAX_ATTRIBUTES, "div"));
        let (out, n) = bound_attributes(&page);
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(n, 0);
    }

    #[test]
    fn attributes_past_the_limit_are_cut_and_the_rest_kept() {
        let page = format!("{}<p>نص</p>{}<p>بعد</p>", tag(5_000, "div"), tag(MAX_ATTRIBUTES + 1, "span/"));
        let (out, n) = bound_attributes(&page);
        assert_eq!(n, 5_000 - MAX_ATTRIBUTES + 1);
        assert_eq!(parsed_attrs(&out, "div"), [MAX_ATTRIBUTES]);
        assert!(out.contains("<p>نص</p>") && out.contains("<p>بعد</p>"), "text around the tags is kept");
        assert!(out.contains(&format!("a{}=\"v\" >", MAX_ATTRIBUTES - 1)), "the tag still closes");
    }

    #[test]
    fn quoted_values_holding_markup_do_not_hide_a_tag() {
        // A `>` or a `<div` inside a quoted value is part of the value, as in the parser.
        let page = format!("<a title=\"x > y <div\" href='>'>a</a>{}<p>نص</p>", tag(1_000, "div"));
        let (out, _) = bound_attributes(&page);
        assert_eq!(parsed_attrs(&out, "div"), [MAX_ATTRIBUTES]);
        assert_eq!(parsed_attrs(&out, "a"), [2]);
    }

    #[test]
    fn end_tags_repeated_html_and_body_tags_and_foreign_content_are_bounded() {
        let half = MAX_ATTRIBUTES / 2 + 10;
        let page = format!(
            "<html><body><p>نص</p>{}{}{}{}<svg><title>{}</title></svg><script>var a = '<b c=\"';</script>{}<!-->{}",
            tag_named(half, "body", "a"),
            tag_named(half, "body", "b"),
            tag_named(half, "html", "a"),
            tag_named(half, "html", "b"),
            tag(1_000, "div"),
            tag(1_000, "i"),
            tag(1_000, "u"),
        );
        let (out, _) = bound_attributes(&page);
        assert_eq!(parsed_attrs(&out, "body"), [MAX_ATTRIBUTES]);
        assert_eq!(parsed_attrs(&out, "html"), [MAX_ATTRIBUTES]);
        for name in ["div", "i", "u"] {
            assert!(parsed_attrs(&out, name).iter().all(|&n| n <= MAX_ATTRIBUTES), "{name}: {:?}", parsed_attrs(&out, name));
        }
        let end = format!("<p>x</p{}", &tag(1_000, "")[1..]);
        assert!(bound_attributes(&end).1 > 0, "attributes on an end tag are read by the tokenizer too");
    }

    #[test]
    fn distinct_long_names_are_bounded_page_wide() {
        // 40 tags of 200 distinct 10-byte attribute names, then 5,000 distinct element names.
        let mut page = String::from("<p>نص</p>");
        for t in 0..40 {
            page.push_str(&tag_named(200, "i", &format!("data-{t:03}-")));
        }
        for t in 0..5_000 {
            page.push_str(&format!("<custom-el-{t}>x</custom-el-{t}>"));
        }
        let (out, _) = bound_attributes(&page);
        let dom = dom_query::Document::from(out.as_ref());
        let mut attr_names = std::collections::HashSet::new();
        let mut tag_names = std::collections::HashSet::new();
        for n in dom.select("*").nodes() {
            tag_names.insert(n.node_name().unwrap_or_default().to_string());
            attr_names.extend(n.attrs().iter().map(|a| a.name.local.to_string()));
        }
        assert!(attr_names.len() <= MAX_DISTINCT_NAMES && attr_names.len() > MAX_DISTINCT_NAMES - 200, "{}", attr_names.len());
        assert!(tag_names.len() <= MAX_DISTINCT_NAMES + 10, "{}", tag_names.len());
        assert_eq!(dom.select("p").text().as_ref(), "نص");
    }

    #[test]
    fn a_tag_left_open_at_the_end_is_cut_too() {
        let page = format!("<p>نص</p>{}", tag(2_000, "div").trim_end_matches('>'));
        assert_eq!(bound_attributes(&page).1, 2_000 - MAX_ATTRIBUTES);
    }
}
