//! Saved web pages: main-content extraction with boilerplate removed.
//!
//! The page is parsed by `dom_query` (html5ever: the browsers' error recovery, so unclosed tags
//! and stray bytes still give a tree). Elements that are boilerplate by their tag (`nav`,
//! `footer`, `aside`, `form`, `button`, `iframe`…, a page `header`), ARIA role, or a word of
//! their `class`/`id` (`cookie`, `share`, `related`, `comments`, `ad`, `newsletter`, `sidebar`…)
//! are removed first — unless they hold the article (`article`, `main`, `itemprop=articleBody`,
//! or most of the page's paragraph text). Then `dom_smoothie` (Mozilla Readability's algorithm)
//! picks the main content and its metadata: the cleaned title, `og:site_name`, the JSON-LD or
//! `article:published_time` date.
//!
//! The document text is the extracted main text, one paragraph per block, paragraphs separated
//! by a blank line; the title goes to `meta.title`, not into the text. Spans index this text.
//! Publication date: JSON-LD / meta tags, else the first `<time datetime>` (or its text, such as
//! `الثلاثاء 12 نوفمبر 2024`, read by rasd's own date-line parser), with basis `header`.

use dom_query::Document as Dom;
use rasd_core::{DocMeta, Document, PublishedBasis};

use crate::{ReadError, charset, parse_date_text};

/// Tags whose elements are never article text.
const BOILERPLATE_TAGS: &str = "nav, footer, aside, form, button, select, iframe, noscript, svg, canvas, dialog, template, [role=navigation], [role=contentinfo], [role=complementary], [role=banner], [role=search], [role=dialog], [role=alert], [aria-hidden=true], [hidden]";

/// Words of a `class` or `id` (split at `-`, `_` and spaces) that mark boilerplate.
const BOILERPLATE_WORDS: [&str; 46] = [
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "share",
    "sharing",
    "sharer",
    "social",
    "socials",
    "related",
    "recommended",
    "recommendations",
    "comment",
    "comments",
    "newsletter",
    "subscribe",
    "subscription",
    "advert",
    "advertisement",
    "ads",
    "ad",
    "adv",
    "advertising",
    "banner",
    "promo",
    "sponsored",
    "breadcrumb",
    "breadcrumbs",
    "tags",
    "popup",
    "modal",
    "menu",
    "nav",
    "navbar",
    "navigation",
    "sidebar",
    "widget",
    "footer",
    "trending",
    "popular",
    "mostread",
    "outbrain",
    "taboola",
    "paywall",
    "signup",
    "login",
];

/// Extracted main content of one page.
pub struct Extracted {
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub site_name: Option<String>,
    pub text: String,
    /// What the reader wants the user to know (a page cut at [`MAX_ELEMENTS`]).
    pub warnings: Vec<String>,
}

/// Most elements of a page that are parsed: a page with more is cut before the next start tag,
/// with a warning. Every step after parsing (boilerplate weights, selectors, Readability) walks
/// the whole tree, some several times: a 16 MiB page of 2.1 million `<p>a</p>` took 12 s of CPU
/// and 950 MB. A news page has a few thousand elements.
pub const MAX_ELEMENTS: usize = 100_000;

/// The byte offset of the start tag (`<` and an ASCII letter) past the first `max`, if any.
/// Counts what looks like a start tag in scripts and comments too, so it errs towards cutting.
fn element_cut(html: &str, max: usize) -> Option<usize> {
    let b = html.as_bytes();
    let mut n = 0;
    let mut at = 0;
    while let Some(i) = b[at..].iter().position(|&c| c == b'<') {
        let i = at + i;
        if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            n += 1;
            if n > max {
                return Some(i);
            }
        }
        at = i + 1;
    }
    None
}

fn class_words(v: &str) -> impl Iterator<Item = String> + '_ {
    v.split(|c: char| c == '-' || c == '_' || c.is_whitespace()).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase())
}

/// Per element of the tree as it stands: the text length of the `<p>` elements below it, and
/// whether it is or holds the article (`article`, `main`, `[itemprop=articleBody]`). Computed in
/// one pass, so that deciding about each boilerplate candidate costs nothing more: asking its
/// subtree instead made a page of 500 nested `<div class="ad">` around a million small elements
/// cost a minute.
struct Weights {
    below: std::collections::HashMap<dom_query::NodeId, (usize, bool)>,
    total: usize,
}

impl Weights {
    fn of(dom: &Dom) -> Weights {
        let root = dom.root();
        let mut order = Vec::new();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            order.push(n);
            let mut c = n.first_child();
            while let Some(ch) = c {
                if ch.is_element() {
                    stack.push(ch);
                }
                c = ch.next_sibling();
            }
        }
        let mut below: std::collections::HashMap<dom_query::NodeId, (usize, bool)> = std::collections::HashMap::with_capacity(order.len());
        let mut body_len = 0;
        // Children come after their parent in `order`, so walking it backwards visits them first.
        for n in order.iter().rev() {
            let (len, art) = below.get(&n.id).copied().unwrap_or((0, false));
            let is_article = n.has_name("article") || n.has_name("main") || n.attr("itemprop").is_some_and(|v| &*v == "articleBody");
            if n.has_name("body") {
                body_len = body_len.max(len);
            }
            if let Some(parent) = n.parent() {
                let own = if n.has_name("p") { n.text().len() } else { 0 };
                let e = below.entry(parent.id).or_insert((0, false));
                e.0 += len + own;
                e.1 |= art || is_article;
            }
            below.entry(n.id).or_insert((0, false)).1 |= is_article;
        }
        Weights { below, total: body_len }
    }

    /// Whether removing this element would remove the article: it is or holds an `article`,
    /// `main` or `[itemprop=articleBody]`, or most of the page's paragraph text.
    fn holds_article(&self, node: &dom_query::NodeRef) -> bool {
        let (len, art) = self.below.get(&node.id).copied().unwrap_or((0, false));
        art || (self.total > 0 && len * 2 > self.total)
    }
}

/// Removes boilerplate elements in place (see the module docs).
fn strip_boilerplate(dom: &Dom) {
    let w = Weights::of(dom);
    for node in dom.select(BOILERPLATE_TAGS).nodes() {
        if !w.holds_article(node) {
            node.remove_from_parent();
        }
    }
    // A page header (logo, menu), not an article's own header.
    let w = Weights::of(dom);
    for node in dom.select("header").nodes() {
        let sel = dom_query::Selection::from(*node);
        if !sel.ancestors(None).is("article") && !w.holds_article(node) {
            node.remove_from_parent();
        }
    }
    let w = Weights::of(dom);
    for node in dom.select("[class], [id]").nodes() {
        let hit =
            ["class", "id"].iter().any(|a| node.attr(a).is_some_and(|v| class_words(&v).any(|w| BOILERPLATE_WORDS.contains(&w.as_str()))));
        if hit && !w.holds_article(node) {
            node.remove_from_parent();
        }
    }
}

/// Share of an element's text inside links.
fn link_density(node: &dom_query::NodeRef) -> f64 {
    let total = node.text().chars().filter(|c| !c.is_whitespace()).count();
    if total == 0 {
        return 0.0;
    }
    let sel = dom_query::Selection::from(*node);
    let links: usize = sel.select("a").nodes().iter().map(|a| a.text().chars().filter(|c| !c.is_whitespace()).count()).sum();
    links as f64 / total as f64
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's paragraphs in document order: (text, whether it reads like article prose —
/// Readability's own test for a sibling paragraph: over 80 characters and link density under
/// 0.25, or shorter, without links, and ending a sentence).
fn paragraphs(dom: &Dom) -> Vec<(String, bool)> {
    dom.select("p")
        .nodes()
        .iter()
        .map(|p| {
            let t = squash(&p.text());
            let ld = link_density(p);
            let sentence_end = t.ends_with(['.', '؟', '!', '»', '"']) || t.contains(". ");
            let prose = (t.chars().count() > 80 && ld < 0.25) || (!t.is_empty() && ld == 0.0 && sentence_end);
            (t, prose)
        })
        .collect()
}

/// Readability keeps the best container; when broken markup pushed the article's last
/// paragraphs out of it (an unclosed `<p>`, a stray `</div>`), the prose paragraphs that
/// directly follow the extracted ones in document order are appended.
fn recover_following(text: &mut String, paras: &[(String, bool)]) {
    let have: std::collections::HashSet<String> = text.split("\n\n").map(squash).collect();
    let Some(last) = paras.iter().rposition(|(t, _)| have.contains(t)) else { return };
    for (t, prose) in &paras[last + 1..] {
        if !prose || have.contains(t) {
            break;
        }
        text.push_str("\n\n");
        text.push_str(t);
    }
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The first `<time>` element's date: its `datetime` attribute, else its text.
fn time_element(dom: &Dom) -> Option<String> {
    let t = dom.select("article time, time[pubdate], time[itemprop=datePublished], time");
    let first = t.nodes().first()?;
    non_empty(first.attr("datetime").map(|v| v.to_string())).or_else(|| non_empty(Some(first.text().to_string())))
}

fn meta_content(dom: &Dom, sel: &str) -> Option<String> {
    non_empty(dom.select(sel).nodes().first().and_then(|n| n.attr("content")).map(|v| v.to_string()))
}

/// Deepest element nesting accepted in a page or a feed item's content. Browsers' parsers stop
/// nesting at 512; news pages stay under 100. The HTML tree's walkers (in `dom_query` and
/// `dom_smoothie`) recurse, so a page nested 10,000 deep would overflow a thread's stack.
pub const MAX_DEPTH: usize = 512;

/// Start tags that never nest an element of their own kind's siblings (void elements, and those
/// the parser closes at the next sibling), for [`nesting_estimate`].
const NON_NESTING: [&str; 26] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p", "li", "dt", "dd",
    "option", "tr", "td", "th", "keygen", "frame", "basefont", "bgsound",
];

/// A fast upper estimate of how deep the markup nests elements: open tags minus close tags,
/// passing over void and self-closing elements, sibling-closed ones (`p`, `li`, `td`…),
/// comments, and the contents of `script`, `style`, `textarea`, `title` and CDATA sections.
/// Checked before parsing, so that a page of a million unclosed `<div>`s costs one linear scan,
/// not the parser's scope searches (linear in the depth, per tag).
pub fn nesting_estimate(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    let skip_to = |from: usize, needle: &[u8]| -> usize {
        b[from..].windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map_or(b.len(), |p| from + p + needle.len())
    };
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + p;
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = skip_to(lt + 4, b"-->");
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            i = skip_to(lt + 9, b"]]>");
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = b[name_start..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':').count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let end = b[name_start..].iter().position(|&c| c == b'>').map_or(b.len(), |q| name_start + q + 1);
        let self_closing = end >= 2 && b[end - 2] == b'/';
        i = end;
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if self_closing || NON_NESTING.contains(&name.as_str()) {
            continue;
        }
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title" | "xmp" | "noembed" | "noframes" | "plaintext") {
            i = skip_to(i, format!("</{name}").as_bytes());
            continue;
        }
        depth += 1;
        max = max.max(depth);
    }
    max
}

/// The deepest element nesting of a parsed tree, walked without recursion.
fn tree_depth(root: &dom_query::NodeRef) -> usize {
    let mut max = 0;
    let mut stack = vec![(*root, 0usize)];
    while let Some((n, d)) = stack.pop() {
        max = max.max(d);
        let mut c = n.first_child();
        while let Some(ch) = c {
            if ch.is_element() {
                stack.push((ch, d + 1));
            }
            c = ch.next_sibling();
        }
    }
    max
}

/// Refuses markup nested deeper than [`MAX_DEPTH`]: cheaply before parsing (by
/// [`nesting_estimate`], with room for the estimate's slack), exactly after.
pub(crate) fn check_depth_before(html: &str) -> Result<(), String> {
    let est = nesting_estimate(html);
    if est > 4 * MAX_DEPTH {
        return Err(format!("the markup nests elements about {est} deep; the limit is {MAX_DEPTH}"));
    }
    Ok(())
}

fn check_depth_after(root: &dom_query::NodeRef) -> Result<(), String> {
    let d = tree_depth(root);
    if d > MAX_DEPTH {
        return Err(format!("the markup nests elements {d} deep; the limit is {MAX_DEPTH}"));
    }
    Ok(())
}

/// Parses a whole page, refusing markup nested deeper than [`MAX_DEPTH`] and handing the parser
/// at most [`crate::attrs::MAX_ATTRIBUTES`] attributes per tag (the parser's duplicate check is
/// quadratic in a tag's attributes).
pub(crate) fn parse_page(html: &str) -> Result<Dom, String> {
    check_depth_before(html)?;
    let dom = Dom::from(crate::attrs::bound_attributes(html).0.as_ref());
    check_depth_after(&dom.root())?;
    Ok(dom)
}

/// Extracts a page's main content (see the module docs).
pub fn extract(html: &str, url_hint: Option<&str>) -> Result<Extracted, String> {
    let mut warnings = Vec::new();
    let html = match element_cut(html, MAX_ELEMENTS) {
        Some(at) => {
            warnings.push(format!(
                "the page has more than {MAX_ELEMENTS} elements: only its first {at} of {} bytes (before element {}) are read",
                html.len(),
                MAX_ELEMENTS + 1
            ));
            &html[..at]
        }
        None => html,
    };
    // A page that yields nothing after the cut says it was cut.
    let with_cut = |e: String| if warnings.is_empty() { e } else { format!("{e}; {}", warnings.join("; ")) };
    let dom = parse_page(html).map_err(with_cut)?;
    // Metadata the cleaning or Readability may drop.
    let time = time_element(&dom);
    let canonical = non_empty(dom.select("link[rel=canonical]").nodes().first().and_then(|n| n.attr("href")).map(|v| v.to_string()))
        .or_else(|| meta_content(&dom, "meta[property='og:url']"));
    let meta_date = meta_content(
        &dom,
        "meta[itemprop=datePublished], meta[name=pubdate], meta[name=publishdate], meta[name=date], meta[name='dc.date'], meta[name='DC.date.issued']",
    );
    strip_boilerplate(&dom);
    let paras = paragraphs(&dom);
    let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    // Readability wants an absolute URL or none.
    let abs = url_hint.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let mut r =
        dom_smoothie::Readability::with_document(dom, abs, Some(cfg)).map_err(|e| with_cut(format!("cannot read the page: {e}")))?;
    let article = r.parse().map_err(|e| with_cut(format!("no main content found ({e})")))?;
    let mut text = tidy(&article.text_content);
    recover_following(&mut text, &paras);
    if text.is_empty() {
        return Err(with_cut("no main content found (the page has no text)".into()));
    }
    Ok(Extracted {
        title: non_empty(Some(article.title)),
        published: non_empty(article.published_time).or(meta_date).or(time),
        url: canonical.or_else(|| non_empty(article.url)).or_else(|| url_hint.map(str::to_string)),
        site_name: non_empty(article.site_name),
        text,
        warnings,
    })
}

/// Paragraphs trimmed, one blank line between them, no empty ones.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for para in text.split("\n\n") {
        let lines: Vec<&str> = para.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&lines.join("\n"));
    }
    out
}

/// The plain text of an HTML fragment (a feed item's content): paragraphs separated by blank
/// lines. Markup nested deeper than [`MAX_DEPTH`] is an error.
pub fn fragment_text(html: &str) -> Result<String, String> {
    check_depth_before(html)?;
    let dom = Dom::fragment(crate::attrs::bound_attributes(html).0.as_ref());
    check_depth_after(&dom.root())?;
    dom.select("script, style, iframe, noscript").remove();
    strip_boilerplate(&dom);
    // Paragraphs that are only links ("share", "read more") are not article text.
    for node in dom.select("p, div, li").nodes() {
        if link_density(node) > 0.5 {
            node.remove_from_parent();
        }
    }
    Ok(tidy(&dom.formatted_text()))
}

/// A document from one page's bytes. `name` names the input (a path, `file.warc.gz:record 7`);
/// `charset` is the HTTP header's, if any; `url` the address it was fetched from, if known.
pub fn document(
    name: &str,
    id: Option<String>,
    bytes: &[u8],
    charset_label: Option<&str>,
    url: Option<&str>,
) -> Result<Document, ReadError> {
    let err = |message: String| ReadError { input: name.to_string(), message };
    if bytes.len() > crate::MAX_HTML_BYTES {
        return Err(err(format!("a web page of {} bytes; the limit is {} MiB", bytes.len(), crate::MAX_HTML_BYTES >> 20)));
    }
    let (html, warning) = charset::decode_html(bytes, charset_label);
    let x = extract(&html, url).map_err(err)?;
    let mut meta = DocMeta { path: name.to_string(), title: x.title, url: x.url, source: x.site_name, ..DocMeta::default() };
    meta.warnings.extend(warning);
    meta.warnings.extend(x.warnings);
    if let Some(p) = &x.published {
        match parse_date_text(p) {
            Some(d) => {
                meta.published = Some(d);
                meta.published_basis = PublishedBasis::Header;
            }
            None => meta.warnings.push(format!("unrecognised publication date {p:?} in the page")),
        }
    }
    meta.id = id.unwrap_or_else(|| crate::default_id(name, &x.text));
    Ok(Document { meta, text: x.text, body_start: 0 })
}
