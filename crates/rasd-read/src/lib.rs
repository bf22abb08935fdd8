//! Reading articles into [`Document`]s.
//!
//! Inputs: plain-text articles (optionally opening with a `key: value` header block), JSON
//! Lines (`{id?, title?, date?, source?, url?, text}` per line), saved web pages ([`html`]:
//! main content, boilerplate removed), RSS/Atom feeds ([`feed`]: one document per item), WARC
//! files ([`warc`]: one document per HTML response), any of them gzip-compressed, directories
//! (recursive) and `-` for stdin.
//!
//! Reading never fails a batch: every input yields documents or [`ReadError`]s that name the
//! input (and the line, item or record: `news.jsonl:17`, `feed.rss:item 3`,
//! `crawl.warc.gz:record 12`), and reading carries on. JSON Lines and WARC are streamed record by
//! record in constant memory; other formats are read whole (up to [`MAX_FILE_BYTES`]).
//!
//! A text file's document text is kept byte for byte as read; nothing is trimmed or
//! re-encoded, so spans computed later index the input itself. For HTML, feed items and WARC
//! records the document text is the *extracted* main text (paragraphs separated by blank lines),
//! and spans index that.

use std::collections::HashSet;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rasd_core::{Date, DocMeta, Document, PublishedBasis};

pub mod attrs;
pub mod charset;
pub mod entities;
pub mod feed;
pub mod gz;
pub mod html;
pub mod warc;

/// A problem with one input (or one record of it). The batch carries on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The input: a path, `-`, or `path:line` / `path:item N` / `path:record N` for one record.
    pub input: String,
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.input, self.message)
    }
}

impl std::error::Error for ReadError {}

/// How to interpret an input file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension (see [`format_of_path`]), else by content (see [`sniff`]), else text.
    #[default]
    Auto,
    Text,
    Jsonl,
    Html,
    /// RSS 2.0, RSS 1.0 or Atom.
    Feed,
    Warc,
}

/// Largest input read whole — a text file or a feed, after gzip — (bigger ones are refused with
/// an error, never half-read). JSON Lines and WARC are streamed and have no such limit; their
/// records have theirs ([`MAX_JSONL_RECORD_BYTES`], [`warc::MAX_RECORD_BYTES`]).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Largest web page parsed: a file, or a WARC record's payload after its content encoding is
/// undone (bigger ones are refused with an error: an HTML tree costs many times its bytes).
pub const MAX_HTML_BYTES: usize = 16 << 20;

/// Deepest element nesting of a page or feed item accepted (deeper ones are refused with an
/// error: the HTML tree's walkers recurse, and 10,000 nested elements would overflow a stack).
pub const MAX_HTML_DEPTH: usize = html::MAX_DEPTH;

/// Longest JSON Lines record (one line); a longer one is skipped, without being held in
/// memory, with an error naming its line, and reading resumes at the next line.
pub const MAX_JSONL_RECORD_BYTES: usize = 16 << 20;

/// Most text analysed per document. A longer text is cut at the last paragraph break (else line
/// break, else space) before this many bytes, with a warning in `document.warnings`; the
/// document's text is then that prefix, so spans still index it. News articles are a few KB;
/// analysis is linear, about 3 MB/s per core.
pub const MAX_DOCUMENT_BYTES: usize = 2 << 20;

/// File name endings picked up when walking a directory.
const DIR_EXTENSIONS: [&str; 13] =
    [".txt", ".text", ".jsonl", ".ndjson", ".json", ".html", ".htm", ".xhtml", ".rss", ".atom", ".xml", ".warc", ".warc.gz"];

/// The format a file name implies (`.warc.gz` → WARC; `.html` → HTML; `.jsonl.gz` → JSON Lines);
/// `Auto` when it implies none.
pub fn format_of_path(path: &Path) -> InputFormat {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("jsonl" | "ndjson") => InputFormat::Jsonl,
        Some("html" | "htm" | "xhtml") => InputFormat::Html,
        Some("rss" | "atom" | "xml") => InputFormat::Feed,
        Some("warc") => InputFormat::Warc,
        _ => InputFormat::Auto,
    }
}

/// The format the first bytes of an input suggest (a BOM and leading whitespace are skipped).
pub fn sniff(head: &[u8]) -> InputFormat {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    if head.starts_with(b"WARC/") {
        return InputFormat::Warc;
    }
    if head.starts_with(b"<") {
        let lower: Vec<u8> = head.iter().take(2048).map(|b| b.to_ascii_lowercase()).collect();
        let has = |n: &[u8]| lower.windows(n.len()).any(|w| w == n);
        if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
            return InputFormat::Feed;
        }
        if has(b"<html") || has(b"<!doctype html") || has(b"<head") || has(b"<body") {
            return InputFormat::Html;
        }
    }
    let first = head.split(|&b| b == b'\n').next().unwrap_or(b"");
    let first = first.strip_prefix(UTF8_BOM).unwrap_or(first);
    if first.starts_with(b"{") && serde_json::from_slice::<serde_json::Value>(first).is_ok_and(|v| v.get("text").is_some()) {
        return InputFormat::Jsonl;
    }
    InputFormat::Text
}

/// The UTF-8 byte-order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads every input and calls `sink` with each document or error, in input order.
pub fn read_inputs(inputs: &[String], format: InputFormat, sink: &mut dyn FnMut(Result<Document, ReadError>)) {
    for input in inputs {
        if input == "-" {
            let stdin = io::stdin();
            guarded("-", sink, &mut |sink| read_stream("-", Box::new(BufReader::with_capacity(BUF_BYTES, stdin.lock())), format, sink));
            continue;
        }
        let path = Path::new(input);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let mut files = Vec::new();
                let mut seen = HashSet::new();
                walk(path, &mut files, &mut seen, sink);
                for f in files {
                    guarded(&f.display().to_string(), sink, &mut |sink| read_file(&f, format, sink));
                }
            }
            Ok(_) => guarded(input, sink, &mut |sink| read_file(path, format, sink)),
            Err(e) => sink(Err(ReadError { input: input.clone(), message: format!("cannot open: {e}") })),
        }
    }
}

/// Runs one input's reader; should it panic (a bug in rasd or a parser it uses), the input gets
/// an error and the batch carries on with the next one. (Fuzzing looks for such bugs; this is
/// the second line of defence. A stack overflow cannot be caught: hence the depth limits.)
#[allow(clippy::type_complexity)]
fn guarded(
    name: &str,
    sink: &mut dyn FnMut(Result<Document, ReadError>),
    read: &mut dyn FnMut(&mut dyn FnMut(Result<Document, ReadError>)),
) {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&mut *sink)));
    if let Err(p) = r {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        sink(Err(ReadError {
            input: name.to_string(),
            message: format!("internal error while reading ({msg}); the rest of this input was not read"),
        }));
    }
}

/// Collects readable files under `dir`, sorted, following no directory twice (symlink loops);
/// special files (FIFOs, sockets, devices) are reported, not opened.
fn walk(dir: &Path, files: &mut Vec<PathBuf>, seen: &mut HashSet<PathBuf>, sink: &mut dyn FnMut(Result<Document, ReadError>)) {
    let canon = match dir.canonicalize() {
        Ok(c) => c,
        Err(e) => {
            sink(Err(ReadError { input: dir.display().to_string(), message: format!("cannot open directory: {e}") }));
            return;
        }
    };
    if !seen.insert(canon) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            sink(Err(ReadError { input: dir.display().to_string(), message: format!("cannot list directory: {e}") }));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(&p, files, seen, sink);
        } else if readable_name(&name) {
            // A FIFO, socket or device named like an article would block or never end.
            match std::fs::metadata(&p) {
                Ok(m) if !m.is_file() => sink(Err(ReadError {
                    input: p.display().to_string(),
                    message: "not a regular file (a FIFO, socket or device): not read".into(),
                })),
                _ => files.push(p),
            }
        }
    }
}

const BUF_BYTES: usize = 1 << 20;

/// Whether a file found in a directory is read: by its name's ending, looking through a final `.gz`.
fn readable_name(lower_name: &str) -> bool {
    let inner = lower_name.strip_suffix(".gz").unwrap_or(lower_name);
    DIR_EXTENSIONS.iter().any(|e| lower_name.ends_with(e) || inner.ends_with(e))
}

fn read_file(path: &Path, format: InputFormat, sink: &mut dyn FnMut(Result<Document, ReadError>)) {
    let name = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            sink(Err(ReadError { input: name, message: format!("cannot open: {e}") }));
            return;
        }
    };
    let format = match format {
        InputFormat::Auto => format_of_path(path),
        f => f,
    };
    read_stream(&name, Box::new(BufReader::with_capacity(BUF_BYTES, file)), format, sink);
}

/// Reads one input from a stream: gzip is undone, the format is sniffed when `Auto`, WARC and
/// JSON Lines are streamed, other formats are read whole up to [`MAX_FILE_BYTES`]. An empty
/// input and a UTF-16 text are errors; documents longer than [`MAX_DOCUMENT_BYTES`] are cut.
pub fn read_stream(name: &str, r: Box<dyn BufRead + '_>, format: InputFormat, sink: &mut dyn FnMut(Result<Document, ReadError>)) {
    read_stream_inner(name, r, format, &mut |res: Result<Document, ReadError>| sink(res.map(cap_document)));
}

fn read_stream_inner(name: &str, mut r: Box<dyn BufRead + '_>, format: InputFormat, sink: &mut dyn FnMut(Result<Document, ReadError>)) {
    let head = match r.fill_buf() {
        Ok(h) => h,
        Err(e) => {
            sink(Err(ReadError { input: name.into(), message: format!("cannot read: {e}") }));
            return;
        }
    };
    if head.is_empty() {
        sink(Err(ReadError { input: name.into(), message: "empty input (0 bytes)".into() }));
        return;
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        let inner = BufReader::with_capacity(BUF_BYTES, gz::GzMembers::new(r));
        return read_stream_inner(name, Box::new(inner), format, sink);
    }
    let utf16 = charset::utf16_of(head);
    let format = match format {
        // A UTF-16 page or feed is decoded by the charset layer; sniff its decoded start.
        InputFormat::Auto => match utf16 {
            Some(enc) => sniff(enc.decode_without_bom_handling(&head[..head.len().min(4096) & !1]).0.as_bytes()),
            None => sniff(head),
        },
        f => f,
    };
    if let Some(enc) = utf16
        && matches!(format, InputFormat::Text | InputFormat::Jsonl | InputFormat::Auto)
    {
        let bom = if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) { "with" } else { "without" };
        sink(Err(ReadError {
            input: name.into(),
            message: format!(
                "the input is {} ({bom} a byte-order mark); UTF-16 is not supported: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)",
                enc.name()
            ),
        }));
        return;
    }
    match format {
        InputFormat::Warc => warc::read(name, r, sink),
        InputFormat::Jsonl => read_jsonl(name, r, sink),
        _ => {
            let limit = if format == InputFormat::Html { MAX_HTML_BYTES as u64 } else { MAX_FILE_BYTES };
            let mut bytes = Vec::new();
            if let Err(e) = r.take(limit + 1).read_to_end(&mut bytes) {
                sink(Err(ReadError { input: name.into(), message: format!("cannot read: {e}") }));
                return;
            }
            if bytes.len() as u64 > limit {
                let what = if format == InputFormat::Html { "a web page" } else { "an input read whole" };
                sink(Err(ReadError {
                    input: name.into(),
                    message: format!(
                        "more than {} MiB; the limit for {what} is {} MiB (JSON Lines and WARC are streamed)",
                        limit >> 20,
                        limit >> 20
                    ),
                }));
                return;
            }
            match format {
                InputFormat::Html => sink(html::document(name, None, &bytes, None, None)),
                InputFormat::Feed => feed::read(name, &bytes, sink),
                _ => read_text(name, bytes, sink),
            }
        }
    }
}

/// Cuts a document's text to [`MAX_DOCUMENT_BYTES`] at the last paragraph break before the
/// limit (else line break, else whitespace, else character boundary), with a warning. The text
/// kept is a prefix of the original, so offsets into it are offsets into the input.
pub fn cap_document(mut doc: Document) -> Document {
    let len = doc.text.len();
    if len <= MAX_DOCUMENT_BYTES {
        return doc;
    }
    let cut = cut_point(&doc.text, MAX_DOCUMENT_BYTES);
    doc.text.truncate(cut);
    doc.body_start = doc.body_start.min(cut);
    doc.meta.warnings.push(format!(
        "the text is {len} bytes: only its first {cut} bytes (up to a paragraph break) are analysed; the limit is {MAX_DOCUMENT_BYTES} bytes"
    ));
    doc
}

/// The end of the longest prefix of `text` of at most `max` bytes that ends at a paragraph
/// break (a blank line), else a line break, else whitespace, else a character boundary — a
/// break in the last half of the allowed length only, so a cut never loses most of the text.
fn cut_point(text: &str, max: usize) -> usize {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let window = &text[..end];
    let floor = end / 2;
    if let Some(i) = window.rfind("\n\n").filter(|&i| i >= floor) {
        return i + 2;
    }
    if let Some(i) = window.rfind('\n').filter(|&i| i >= floor) {
        return i + 1;
    }
    if let Some((i, c)) = window.char_indices().rev().take_while(|&(i, _)| i >= floor).find(|(_, c)| c.is_whitespace()) {
        return i + c.len_utf8();
    }
    end
}

/// Reads one input's bytes (a file's contents or stdin).
pub fn read_bytes(name: &str, bytes: Vec<u8>, format: InputFormat, sink: &mut dyn FnMut(Result<Document, ReadError>)) {
    read_stream(name, Box::new(io::Cursor::new(bytes)), format, sink);
}

fn utf8_error(name: &str, e: &std::string::FromUtf8Error) -> ReadError {
    let at = e.utf8_error().valid_up_to();
    let b = e.as_bytes();
    let hint = if b.starts_with(&[0xFF, 0xFE]) || b.starts_with(&[0xFE, 0xFF]) {
        " (the file looks like UTF-16; convert it to UTF-8)"
    } else {
        ""
    };
    ReadError { input: name.into(), message: format!("invalid UTF-8 at byte {at}{hint}") }
}

fn read_text(name: &str, bytes: Vec<u8>, sink: &mut dyn FnMut(Result<Document, ReadError>)) {
    match String::from_utf8(bytes) {
        Ok(text) => match text.find('\0') {
            // NUL is valid UTF-8 but never in a text article: binary data, or UTF-16/32 text.
            Some(at) => sink(Err(ReadError {
                input: name.into(),
                message: format!("NUL byte at byte {at}: not a text file (binary data, or UTF-16/UTF-32 text?)"),
            })),
            None => sink(Ok(text_document(name, text))),
        },
        Err(e) => sink(Err(utf8_error(name, &e))),
    }
}

/// A plain-text article: an optional header block, then the body, kept byte for byte.
pub fn text_document(name: &str, text: String) -> Document {
    let mut meta = DocMeta { path: name.to_string(), ..DocMeta::default() };
    let body_start = parse_header(&text, &mut meta);
    if meta.id.is_empty() {
        meta.id = default_id(name, &text);
    }
    Document { meta, text, body_start }
}

/// Parses a `key: value` header block. Returns the offset where the body starts (0 if there is no header).
fn parse_header(text: &str, meta: &mut DocMeta) -> usize {
    let mut off = 0;
    let mut fields = Vec::new();
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.is_empty() {
            if fields.is_empty() {
                return 0;
            }
            off += line.len();
            break;
        }
        let Some((k, v)) = t.split_once(':') else { return 0 };
        let k = k.trim().to_ascii_lowercase();
        if !matches!(k.as_str(), "title" | "date" | "published" | "source" | "url" | "id") {
            return 0;
        }
        fields.push((k, v.trim().to_string()));
        off += line.len();
    }
    if fields.is_empty() {
        return 0;
    }
    for (k, v) in fields {
        let v = Some(v).filter(|v| !v.is_empty());
        match k.as_str() {
            "title" => meta.title = v.map(|t| entities::decode_references(&t).into_owned()),
            "date" | "published" => set_date(meta, v.as_deref(), PublishedBasis::Header),
            "source" => meta.source = v,
            "url" => meta.url = v,
            "id" => meta.id = v.unwrap_or_default(),
            _ => unreachable!("keys are filtered above"),
        }
    }
    off
}

/// Parses an ISO date (`2025-05-12`, `2025/05/12`, or an RFC 3339 timestamp's date part).
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let head = s.get(..10)?;
    let norm: String = head.chars().map(|c| if c == '/' || c == '.' { '-' } else { c }).collect();
    norm.parse::<Date>().ok().filter(|_| s.len() == 10 || !s.as_bytes()[10].is_ascii_digit())
}

/// A publication date as pages and feeds write it: ISO / RFC 3339 (`2025-03-04T09:30:00+03:00`),
/// RFC 2822 (`Tue, 04 Mar 2025 09:30:00 +0300`) — both as the local calendar day, never shifted
/// to UTC — or an Arabic date line (`الثلاثاء 12 نوفمبر 2024`, `2025/03/04`).
pub fn parse_date_text(s: &str) -> Option<Date> {
    let s = s.trim();
    parse_iso_date(s).or_else(|| jiff::fmt::rfc2822::parse(s).ok().map(|z| z.date())).or_else(|| rasd_time::parse_date_line(s))
}

fn set_date(meta: &mut DocMeta, v: Option<&str>, basis: PublishedBasis) {
    let Some(v) = v else { return };
    match parse_iso_date(v) {
        Some(d) => {
            meta.published = Some(d);
            meta.published_basis = basis;
        }
        None => meta.warnings.push(format!("unrecognised date {v:?}; expected YYYY-MM-DD")),
    }
}

/// One JSON Lines record (or a record handed over by a library caller, e.g. a Python dict).
#[derive(serde::Deserialize, Debug, Clone, Default)]
pub struct Record {
    /// A string or a number; absent or empty: an id derived from the input name and the text.
    #[serde(default)]
    pub id: Option<serde_json::Value>,
    #[serde(default)]
    pub title: Option<String>,
    /// The publication date (`YYYY-MM-DD`, or an RFC 3339 timestamp); an unreadable one is a warning.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    pub text: String,
}

/// The document of one record, named `input` (`news.jsonl:17`), exactly as the JSON Lines reader
/// makes it (before [`cap_document`]).
pub fn record_document(input: &str, r: Record) -> Document {
    let mut meta = DocMeta {
        path: input.to_string(),
        // A title copied from a web page may still carry `&#8220;`: decoded (titles only).
        title: r.title.filter(|t| !t.trim().is_empty()).map(|t| entities::decode_references(&t).into_owned()),
        source: r.source,
        url: r.url,
        ..DocMeta::default()
    };
    set_date(&mut meta, r.date.as_deref(), PublishedBasis::Header);
    meta.id = match r.id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => default_id(input, &r.text),
    };
    Document { meta, text: r.text, body_start: 0 }
}

/// Reads one line (with its `\n`) into `buf`, at most `max` bytes of it: a longer line is
/// consumed to its end without being kept. Returns the line's length without its `\n` and
/// whether there was a line at all (false at end of input).
fn read_line_capped(r: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<(usize, bool)> {
    let mut total = 0usize;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok((total, total > 0));
        }
        let (n, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        if buf.len() < max {
            let keep = n.min(max - buf.len());
            buf.extend_from_slice(&avail[..keep]);
        }
        r.consume(n);
        total += n;
        if done {
            return Ok((total - 1, true));
        }
    }
}

/// JSON Lines, streamed line by line (a line that is not UTF-8 or not a record, or longer than
/// [`MAX_JSONL_RECORD_BYTES`], is an error for that line).
fn read_jsonl(name: &str, mut r: Box<dyn BufRead + '_>, sink: &mut dyn FnMut(Result<Document, ReadError>)) {
    let mut buf = Vec::new();
    let mut i = 0usize;
    loop {
        buf.clear();
        let len = match read_line_capped(&mut r, &mut buf, MAX_JSONL_RECORD_BYTES + 1) {
            Ok((_, false)) => return,
            Ok((n, true)) => n,
            Err(e) => {
                sink(Err(ReadError { input: format!("{name}:{}", i + 1), message: format!("cannot read: {e}") }));
                return;
            }
        };
        i += 1;
        // A UTF-8 byte-order mark (Windows editors write one) is not part of the first record.
        if i == 1 && buf.starts_with(UTF8_BOM) {
            buf.drain(..UTF8_BOM.len());
        }
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let input = format!("{name}:{i}");
        if len > MAX_JSONL_RECORD_BYTES {
            sink(Err(ReadError {
                input,
                message: format!("record of {len} bytes skipped; the limit is {} MiB", MAX_JSONL_RECORD_BYTES >> 20),
            }));
            continue;
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l.trim_end_matches(['\n', '\r']),
            Err(e) => {
                sink(Err(ReadError { input, message: format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()) }));
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(r) => sink(Ok(record_document(&input, r))),
            Err(e) => sink(Err(ReadError { input, message: format!("invalid JSON Lines record: {e}") })),
        }
    }
}

/// The file stem of an input name (`news` for `dir/news.warc.gz:record 3`), `doc` for stdin.
pub(crate) fn stem(name: &str) -> &str {
    let file = name.split(':').next().unwrap_or(name);
    let file = Path::new(file).file_name().and_then(|s| s.to_str()).unwrap_or("");
    let file = file.strip_suffix(".gz").unwrap_or(file);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if stem.is_empty() || stem == "-" { "doc" } else { stem }
}

/// A stable id: the file stem and a hash of the content.
pub(crate) fn default_id(name: &str, text: &str) -> String {
    format!("{}-{:08x}", stem(name), fnv1a(text.as_bytes()) as u32)
}

/// FNV-1a, 64 bit: a content hash that is stable across runs and platforms.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(name: &str, s: &str) -> Vec<Result<Document, ReadError>> {
        let mut out = Vec::new();
        read_bytes(name, s.as_bytes().to_vec(), InputFormat::Auto, &mut |r| out.push(r));
        out
    }

    #[test]
    fn header_block() {
        let s = "title: عنوان\ndate: 2025-05-12\nsource: مصدر\nurl: https://example.org/x\n\nوصل الوفد.";
        let d = read_str("a.txt", s).pop().unwrap().unwrap();
        assert_eq!(d.meta.title.as_deref(), Some("عنوان"));
        assert_eq!(d.meta.published, Some(Date::constant(2025, 5, 12)));
        assert_eq!(d.meta.published_basis, PublishedBasis::Header);
        assert_eq!(&d.text[d.body_start..], "وصل الوفد.");
        assert_eq!(d.text, s, "the text is kept whole");
    }

    #[test]
    fn no_header_when_first_line_is_prose() {
        let s = "قال الوزير: نحن مستعدون\n\nنص";
        let d = read_str("a.txt", s).pop().unwrap().unwrap();
        assert_eq!(d.body_start, 0);
        assert!(d.meta.title.is_none());
    }

    #[test]
    fn jsonl_good_and_bad_lines() {
        let s = "{\"id\":\"x1\",\"date\":\"2018-03-01T10:00:00\",\"text\":\"نص أول\"}\n{not json}\n{\"text\":\"نص ثان\"}\n";
        let got = read_str("b.jsonl", s);
        assert_eq!(got.len(), 3);
        let d0 = got[0].as_ref().unwrap();
        assert_eq!(d0.meta.id, "x1");
        assert_eq!(d0.meta.published, Some(Date::constant(2018, 3, 1)));
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.input, "b.jsonl:2");
        assert!(got[2].as_ref().unwrap().meta.id.starts_with("b-"));
    }

    #[test]
    fn invalid_utf8_names_the_input() {
        let mut out = Vec::new();
        read_bytes("bad.txt", b"\xd9\x84\xff\xfe".to_vec(), InputFormat::Auto, &mut |r| out.push(r));
        let e = out.pop().unwrap().unwrap_err();
        assert_eq!(e.input, "bad.txt");
        assert!(e.message.contains("invalid UTF-8 at byte 2"), "{}", e.message);
    }

    #[test]
    fn gzip_files_are_read_through() {
        use std::io::Write as _;
        let dir = std::env::temp_dir().join(format!("rasd-read-gz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("news.jsonl.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all("{\"id\":\"g1\",\"text\":\"وصل الوزير إلى القاهرة.\"}\n{bad}\n".as_bytes()).unwrap();
        std::fs::write(&p, enc.finish().unwrap()).unwrap();
        std::fs::write(dir.join("broken.txt.gz"), [0x1f, 0x8b, 0x08, 0x00, 0x01]).unwrap();
        let mut out = Vec::new();
        read_inputs(&[dir.display().to_string()], InputFormat::Auto, &mut |r| out.push(r));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(out.len(), 3, "{out:?}");
        let e = out[0].as_ref().unwrap_err();
        assert!(e.input.ends_with("broken.txt.gz") && e.message.contains("gzip"), "{e}");
        assert_eq!(out[1].as_ref().unwrap().meta.id, "g1");
        assert!(out[2].as_ref().unwrap_err().input.ends_with("news.jsonl.gz:2"));
    }

    #[test]
    fn iso_dates() {
        assert_eq!(parse_iso_date("2025/05/12"), Some(Date::constant(2025, 5, 12)));
        assert_eq!(parse_iso_date("2025-05-12T08:00:00Z"), Some(Date::constant(2025, 5, 12)));
        assert_eq!(parse_iso_date("2025-05-123"), None);
        assert_eq!(parse_iso_date("12 مايو"), None);
    }
}
