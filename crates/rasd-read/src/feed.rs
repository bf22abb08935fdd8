//! RSS 2.0, RSS 1.0 and Atom feeds: one document per item.
//!
//! One malformed item must not lose the others, and `feed-rs` fails a whole feed on the first
//! XML error. So the feed is first cut into items (`<item>…</item>`, `<entry>…</entry>`, skipping
//! CDATA sections and comments), and each item is parsed by `feed-rs` inside a copy of the
//! feed's root element (which carries the namespace declarations). A broken item is a
//! [`ReadError`] naming `feed.rss:item N`; the next item is read.
//!
//! Per item: title → `meta.title`; link → `meta.url`; the channel's title → `meta.source`;
//! content (`content:encoded`, Atom `content`) or, if longer, the summary/description, as plain
//! paragraphs → the text (an item with neither has its title as text, with a warning). Dates
//! are read from the item's own text (`pubDate`, `published`, `updated`, `dc:date`): RFC 2822
//! and RFC 3339 give the local calendar day, and a non-standard date such as
//! `الثلاثاء 12 نوفمبر 2024`, which `feed-rs` silently drops, goes to rasd's date-line parser;
//! an unreadable date is a warning on that item.

use rasd_core::{DocMeta, Document, PublishedBasis};

use crate::{ReadError, charset, fnv1a, html, parse_date_text};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Rss,
    Rdf,
    Atom,
}

/// Finds `needle` in `hay` from `from`.
fn find_from(hay: &str, from: usize, needle: &str) -> Option<usize> {
    hay.get(from..)?.find(needle).map(|i| from + i)
}

/// Is there an element start `<name` at `i` (followed by space, `>` or `/`)?
fn starts_element(s: &str, i: usize, name: &str) -> bool {
    let b = s.as_bytes();
    b.get(i) == Some(&b'<')
        && s.get(i + 1..i + 1 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name))
        && matches!(b.get(i + 1 + name.len()), Some(b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r'))
}

/// The root element's start tag and the feed kind.
fn root(s: &str) -> Option<(Kind, &str, usize)> {
    let mut i = 0;
    while let Some(lt) = find_from(s, i, "<") {
        if s[lt..].starts_with("<?") || s[lt..].starts_with("<!") {
            let close = if s[lt..].starts_with("<!--") { "-->" } else { ">" };
            i = find_from(s, lt, close)? + close.len();
            continue;
        }
        let end = find_from(s, lt, ">")? + 1;
        let kind = if starts_element(s, lt, "rss") {
            Kind::Rss
        } else if starts_element(s, lt, "feed") {
            Kind::Atom
        } else if starts_element(s, lt, "rdf:RDF") {
            Kind::Rdf
        } else {
            return None;
        };
        return Some((kind, &s[lt..end], end));
    }
    None
}

/// Byte ranges of the items: (start, Some(end)) for a closed item, (start, None) for one whose
/// closing tag is missing (it runs to the next item).
fn items(s: &str, from: usize, tag: &str) -> Vec<(usize, Option<usize>)> {
    let close = format!("</{tag}>");
    let mut out: Vec<(usize, Option<usize>)> = Vec::new();
    let mut open: Option<usize> = None;
    let mut i = from;
    while let Some(lt) = find_from(s, i, "<") {
        let rest = &s[lt..];
        if rest.starts_with("<![CDATA[") {
            i = find_from(s, lt, "]]>").map_or(s.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<!--") {
            i = find_from(s, lt, "-->").map_or(s.len(), |e| e + 3);
            continue;
        }
        if starts_element(s, lt, tag) {
            if let Some(o) = open.take() {
                out.push((o, None));
            }
            open = Some(lt);
        } else if rest.len() >= close.len()
            && rest.as_bytes()[..close.len()].eq_ignore_ascii_case(close.as_bytes())
            && let Some(o) = open.take()
        {
            out.push((o, Some(lt + close.len())));
        }
        i = lt + 1;
    }
    if let Some(o) = open {
        out.push((o, None));
    }
    out
}

/// The text of the first `<name>…</name>` element in an item's XML (CDATA unwrapped, entities
/// decoded), for the raw date.
fn raw_element(chunk: &str, names: &[&str]) -> Option<String> {
    for name in names {
        let Some(open) = (0..chunk.len()).find(|&i| chunk.is_char_boundary(i) && starts_element(chunk, i, name)) else { continue };
        let start = find_from(chunk, open, ">")? + 1;
        let end = find_from(chunk, start, &format!("</{name}>"))?;
        let v = chunk[start..end].trim();
        let v = v.strip_prefix("<![CDATA[").and_then(|v| v.strip_suffix("]]>")).unwrap_or(v);
        let v = v.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
        if !v.trim().is_empty() {
            return Some(v.trim().to_string());
        }
    }
    None
}

fn wrap(kind: Kind, root_tag: &str, inner: &str) -> String {
    match kind {
        Kind::Rss => format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{root_tag}<channel>{inner}</channel></rss>"),
        Kind::Rdf => format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{root_tag}{inner}</rdf:RDF>"),
        Kind::Atom => format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{root_tag}{inner}</feed>"),
    }
}

fn parse(xml: &str) -> Result<feed_rs::model::Feed, String> {
    feed_rs::parser::Builder::new().sanitize_content(false).build().parse(xml.as_bytes()).map_err(|e| e.to_string())
}

/// Reads a feed's bytes; every item becomes a document or an error.
pub fn read(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Result<Document, ReadError>)) {
    let (s, warning) = charset::decode_html(bytes, None);
    let Some((kind, root_tag, body)) = root(&s) else {
        sink(Err(ReadError { input: name.into(), message: "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root element)".into() }));
        return;
    };
    let tag = if kind == Kind::Atom { "entry" } else { "item" };
    let spans = items(&s, body, tag);
    // The channel: everything before the first item (its title names the source).
    let head_end = spans.first().map_or(s.len(), |(a, _)| *a);
    let head = &s[body..head_end];
    let head = match kind {
        Kind::Rss => head.trim_start().strip_prefix("<channel>").or_else(|| head.find('>').map(|i| &head[i + 1..])).unwrap_or(head),
        _ => head,
    };
    let channel = html::check_depth_before(head).ok().and_then(|_| parse(&wrap(kind, root_tag, head)).ok());
    let source =
        channel.as_ref().and_then(|f| f.title.as_ref()).and_then(|t| html::fragment_text(&t.content).ok()).filter(|t| !t.is_empty());
    if spans.is_empty() {
        sink(Err(ReadError { input: name.into(), message: format!("the feed has no <{tag}> elements") }));
        return;
    }
    for (n, (start, end)) in spans.iter().enumerate() {
        let input = format!("{name}:item {}", n + 1);
        let Some(end) = *end else {
            sink(Err(ReadError { input, message: format!("malformed item: <{tag}> is never closed") }));
            continue;
        };
        let chunk = &s[*start..end];
        sink(item(&input, kind, root_tag, chunk, source.as_deref(), warning.as_deref()));
    }
}

fn item(input: &str, kind: Kind, root_tag: &str, chunk: &str, source: Option<&str>, warning: Option<&str>) -> Result<Document, ReadError> {
    let err = |message: String| ReadError { input: input.to_string(), message };
    // feed-rs walks nested XML by recursion: a deeply nested item is refused before it.
    html::check_depth_before(chunk).map_err(|e| err(format!("malformed item: {e}")))?;
    let feed = parse(&wrap(kind, root_tag, chunk)).map_err(|e| err(format!("malformed item: {e}")))?;
    let Some(entry) = feed.entries.into_iter().next() else { return Err(err("malformed item: no entry found".into())) };
    let mut meta = DocMeta { path: input.to_string(), source: source.map(str::to_string), ..DocMeta::default() };
    meta.warnings.extend(warning.map(str::to_string));
    let text_of = |html: &str| html::fragment_text(html).map_err(|e| err(format!("malformed item: {e}")));
    meta.title = entry.title.as_ref().map(|t| text_of(&t.content)).transpose()?.filter(|t| !t.is_empty());
    meta.url =
        entry.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate")).or(entry.links.first()).map(|l| l.href.clone());
    let content = entry.content.as_ref().and_then(|c| c.body.as_deref()).map(text_of).transpose()?.unwrap_or_default();
    let summary = entry.summary.as_ref().map(|t| text_of(&t.content)).transpose()?.unwrap_or_default();
    let mut text = if summary.len() > content.len() { summary } else { content };
    if text.is_empty() {
        match &meta.title {
            Some(t) => {
                text = t.clone();
                meta.warnings.push("the item has no content or summary: its title is the text".into());
            }
            None => return Err(err("the item has no title, content or summary".into())),
        }
    }
    let raw = raw_element(chunk, &["pubDate", "published", "dc:date", "updated", "dc:created"]);
    match (raw.as_deref().and_then(parse_date_text), &raw) {
        (Some(d), _) => {
            meta.published = Some(d);
            meta.published_basis = PublishedBasis::Header;
        }
        (None, Some(r)) => meta.warnings.push(format!("unrecognised date {r:?}")),
        (None, None) => {}
    }
    let guid = Some(entry.id).filter(|g| !g.is_empty() && raw_element(chunk, &["guid", "id"]).is_some());
    meta.id = match guid {
        Some(g) => format!("{}-{:016x}", crate::stem(input), fnv1a(g.as_bytes())),
        None => crate::default_id(input, &text),
    };
    Ok(Document { meta, text, body_start: 0 })
}
