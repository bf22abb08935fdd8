//! WARC files (`.warc`, `.warc.gz`), streamed record by record in constant memory.
//!
//! A record is a `WARC/1.x` line, `Name: value` header lines, a blank line, `Content-Length`
//! bytes of block and a blank line. `response` records whose block is an HTTP response with
//! status 2xx and an HTML content type (or `resource` records of type `text/html`) become
//! documents through [`crate::html`], with the `WARC-Target-URI` as the URL when the page names
//! no canonical one; other records (requests, metadata, images, redirects) are passed over.
//! The HTTP head is parsed by `httparse`; `Content-Encoding: gzip/deflate` and
//! `Transfer-Encoding: chunked` payloads are decoded (Common Crawl stores decoded payloads and
//! renames those headers, other crawlers do not).
//!
//! Errors are per record and name it (`news.warc.gz:record 17`): an invalid header block, a
//! missing `Content-Length`, a damaged or truncated gzip member, an oversized record. Reading
//! then resumes at the next line that starts with `WARC/` (for `.warc.gz`, at the next gzip
//! member too), so one bad record never loses the others.
//!
//! The framing is done here rather than with the `warc` crate: its reader cannot resume after a
//! bad header, reads every body line by line into a fresh 1 MiB buffer, and brings chrono, nom,
//! uuid, url and libflate with it.

use std::io::{self, BufRead, Read};

use rasd_core::Document;

use crate::{ReadError, fnv1a, html};

/// Largest record block read (larger ones are skipped with an error).
pub const MAX_RECORD_BYTES: u64 = 64 << 20;
/// Largest header block or header line.
const MAX_HEADER_BYTES: usize = 64 << 10;

struct Reader<R> {
    r: R,
    /// Bytes consumed (of the uncompressed stream).
    pos: u64,
}

enum Line {
    Eof,
    Line(Vec<u8>),
}

impl<R: BufRead> Reader<R> {
    /// One line (without its end), at most `MAX_HEADER_BYTES`.
    fn line(&mut self) -> io::Result<Line> {
        let mut buf = Vec::new();
        let n = (&mut self.r).take(MAX_HEADER_BYTES as u64 + 1).read_until(b'\n', &mut buf)?;
        self.pos += n as u64;
        if n == 0 {
            return Ok(Line::Eof);
        }
        if buf.len() > MAX_HEADER_BYTES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "header line too long"));
        }
        while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            buf.pop();
        }
        Ok(Line::Line(buf))
    }

    /// Skips lines until one starts with `WARC/`; returns it (None at end of input).
    fn resync(&mut self) -> Option<Vec<u8>> {
        loop {
            match self.line() {
                Ok(Line::Eof) => return None,
                Ok(Line::Line(l)) if l.starts_with(b"WARC/") => return Some(l),
                Ok(Line::Line(_)) => {}
                // A damaged stretch of the stream: keep looking after it.
                Err(_) => {}
            }
        }
    }
}

/// A record's WARC headers.
#[derive(Default)]
struct Head {
    warc_type: String,
    target_uri: Option<String>,
    record_id: Option<String>,
    content_type: String,
    length: Option<u64>,
}

fn header_value(line: &[u8]) -> Option<(String, String)> {
    let s = std::str::from_utf8(line).ok()?;
    let (k, v) = s.split_once(':')?;
    let k = k.trim();
    if k.is_empty() || k.contains(' ') {
        return None;
    }
    Some((k.to_ascii_lowercase(), v.trim().to_string()))
}

/// Reads a WARC stream; every HTML response becomes a document or an error.
pub fn read(name: &str, r: impl BufRead, sink: &mut dyn FnMut(Result<Document, ReadError>)) {
    let mut rd = Reader { r, pos: 0 };
    let mut n = 0usize;
    let mut pending: Option<Vec<u8>> = None;
    let mut body = Vec::new();
    loop {
        // The version line (blank lines between records are tolerated).
        let first = match pending.take() {
            Some(l) => l,
            None => match rd.line() {
                Ok(Line::Eof) => return,
                Ok(Line::Line(l)) if l.is_empty() => continue,
                Ok(Line::Line(l)) => l,
                Err(e) => {
                    n += 1;
                    sink(Err(ReadError { input: format!("{name}:record {n}"), message: e.to_string() }));
                    match rd.resync() {
                        Some(l) => {
                            pending = Some(l);
                            continue;
                        }
                        None => return,
                    }
                }
            },
        };
        n += 1;
        let input = format!("{name}:record {n}");
        let at = rd.pos - first.len() as u64;
        let fail = |message: String| ReadError { input: input.clone(), message };
        if !first.starts_with(b"WARC/") {
            let shown: String = String::from_utf8_lossy(&first).chars().take(40).collect();
            sink(Err(fail(format!("invalid WARC header at byte {at}: expected a WARC/1.x line, found {shown:?}"))));
            match rd.resync() {
                Some(l) => pending = Some(l),
                None => return,
            }
            continue;
        }
        // Header lines up to the blank line.
        let mut head = Head::default();
        let mut bad: Option<String> = None;
        let mut size = 0usize;
        loop {
            match rd.line() {
                Ok(Line::Eof) => {
                    bad = Some("the input ends inside the record header".into());
                    break;
                }
                Ok(Line::Line(l)) if l.is_empty() => break,
                Ok(Line::Line(l)) => {
                    size += l.len();
                    if size > MAX_HEADER_BYTES {
                        bad = Some("header block too long".into());
                        break;
                    }
                    if l.starts_with(b"WARC/") {
                        // A new record began before this one's header ended.
                        bad = Some("header block not ended by a blank line".into());
                        pending = Some(l);
                        break;
                    }
                    if l[0] == b' ' || l[0] == b'\t' {
                        continue; // a folded continuation line
                    }
                    match header_value(&l) {
                        Some((k, v)) => match k.as_str() {
                            "warc-type" => head.warc_type = v.to_ascii_lowercase(),
                            "warc-target-uri" => head.target_uri = Some(v.trim_matches(['<', '>']).to_string()),
                            "warc-record-id" => head.record_id = Some(v),
                            "content-type" => head.content_type = v.to_ascii_lowercase(),
                            "content-length" => head.length = v.parse().ok(),
                            _ => {}
                        },
                        None => {
                            let shown: String = String::from_utf8_lossy(&l).chars().take(40).collect();
                            bad = Some(format!("invalid WARC header line {shown:?}"));
                            break;
                        }
                    }
                }
                Err(e) => {
                    bad = Some(e.to_string());
                    break;
                }
            }
        }
        let Some(len) = head.length.filter(|_| bad.is_none()) else {
            let why = bad.unwrap_or_else(|| "no valid Content-Length".into());
            sink(Err(fail(format!("invalid WARC header (record at byte {at}): {why}"))));
            if pending.is_none() {
                match rd.resync() {
                    Some(l) => pending = Some(l),
                    None => return,
                }
            }
            continue;
        };
        if len > MAX_RECORD_BYTES {
            let skipped = io::copy(&mut (&mut rd.r).take(len), &mut io::sink());
            rd.pos += skipped.as_ref().copied().unwrap_or(0);
            sink(Err(fail(format!("record of {len} bytes skipped; the limit is {} MiB", MAX_RECORD_BYTES >> 20))));
            if skipped.is_err() {
                match rd.resync() {
                    Some(l) => pending = Some(l),
                    None => return,
                }
            }
            continue;
        }
        body.clear();
        match (&mut rd.r).take(len).read_to_end(&mut body) {
            Ok(got) => {
                rd.pos += got as u64;
                if (got as u64) < len {
                    sink(Err(fail(format!("the input ends inside the record: {got} of {len} bytes"))));
                    return;
                }
            }
            Err(e) => {
                rd.pos += body.len() as u64;
                sink(Err(fail(format!("cannot read the record: {e}"))));
                match rd.resync() {
                    Some(l) => pending = Some(l),
                    None => return,
                }
                continue;
            }
        }
        if let Some(r) = record(&input, &head, &body) {
            sink(r);
        }
    }
}

/// The document (or error) of one record; None for records that are not HTML pages.
fn record(input: &str, head: &Head, block: &[u8]) -> Option<Result<Document, ReadError>> {
    let err = |message: String| Some(Err(ReadError { input: input.to_string(), message }));
    let id = head.record_id.as_ref().map(|r| format!("{}-{:016x}", crate::stem(input), fnv1a(r.as_bytes())));
    let url = head.target_uri.as_deref();
    match head.warc_type.as_str() {
        "response" if head.content_type.starts_with("application/http") => {}
        // A record that does not say what it holds: read as an HTTP response if it is one,
        // else reported (silently skipping it would lose a page without a word).
        "response" | "resource" if head.content_type.is_empty() => {
            if !block.starts_with(b"HTTP/") {
                return err(format!("a {} record without a Content-Type that is not an HTTP response: not read", head.warc_type));
            }
        }
        "resource" if is_html_type(&head.content_type) => {
            return Some(html::document(input, id, block, charset_of(&head.content_type), url));
        }
        _ => return None,
    }
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut resp = httparse::Response::new(&mut headers);
    let head_len = match resp.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return err("the HTTP response head is incomplete".into()),
        Err(e) => return err(format!("invalid HTTP response head: {e}")),
    };
    let status = resp.code.unwrap_or(0);
    if !(200..300).contains(&status) {
        return None;
    }
    let get = |name: &str| {
        resp.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let ctype = get("content-type").unwrap_or_default();
    let payload = &block[head_len..];
    if ctype.is_empty() {
        let start: Vec<u8> = payload.iter().take(512).map(|b| b.to_ascii_lowercase()).collect();
        if !(start.windows(5).any(|w| w == b"<html") || start.windows(9).any(|w| w == b"<!doctype")) {
            return None;
        }
    } else if !is_html_type(&ctype) {
        return None;
    }
    let mut data = std::borrow::Cow::Borrowed(payload);
    if get("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        match dechunk(&data) {
            Some(d) => data = d.into(),
            None => return err("malformed chunked transfer encoding".into()),
        }
    }
    match get("content-encoding").as_deref() {
        None | Some("") | Some("identity") => {}
        Some("gzip") | Some("x-gzip") => match inflate(flate2::read::MultiGzDecoder::new(&data[..])) {
            Ok(d) => data = d.into(),
            Err(e) => return err(format!("cannot decode the gzip content: {e}")),
        },
        Some("deflate") => match inflate(flate2::read::ZlibDecoder::new(&data[..])) {
            Ok(d) => data = d.into(),
            Err(_) => match inflate(flate2::read::DeflateDecoder::new(&data[..])) {
                Ok(d) => data = d.into(),
                Err(e) => return err(format!("cannot decode the deflate content: {e}")),
            },
        },
        Some(other) => return err(format!("unsupported Content-Encoding {other:?}")),
    }
    Some(html::document(input, id, &data, charset_of(&ctype), url))
}

/// Undoes a payload's content encoding, up to [`crate::MAX_HTML_BYTES`] (a page that inflates
/// beyond it — a compression bomb among them — is an error, never silently cut).
fn inflate(r: impl Read) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    r.take(crate::MAX_HTML_BYTES as u64 + 1).read_to_end(&mut out)?;
    if out.len() > crate::MAX_HTML_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("it inflates to more than {} MiB, the limit for a web page", crate::MAX_HTML_BYTES >> 20),
        ));
    }
    Ok(out)
}

fn is_html_type(ct: &str) -> bool {
    ct.starts_with("text/html") || ct.starts_with("application/xhtml")
}

fn charset_of(ct: &str) -> Option<&str> {
    ct.split(';').find_map(|p| p.trim().strip_prefix("charset=")).map(|c| c.trim_matches('"'))
}

/// Decodes `Transfer-Encoding: chunked`.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let nl = b.iter().position(|&c| c == b'\n')?;
        let size_line = std::str::from_utf8(&b[..nl]).ok()?.trim();
        let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = &b[size..];
        b = b.strip_prefix(b"\r\n").or_else(|| b.strip_prefix(b"\n")).unwrap_or(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked() {
        assert_eq!(dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n").unwrap(), b"Wikipedia");
        assert!(dechunk(b"zz\r\nabc").is_none());
    }

    #[test]
    fn charset_labels() {
        assert_eq!(charset_of("text/html; charset=windows-1256"), Some("windows-1256"));
        assert_eq!(charset_of("text/html"), None);
    }
}
