//! Gzip streams of many members (WARC.gz: one member per record), decoded member by member.
//!
//! Like `flate2::bufread::MultiGzDecoder`, but a damaged member does not end the stream: the
//! error is returned once (naming the member's byte offset in the compressed file), then
//! decoding resumes at the next gzip header (`1f 8b 08`). Memory is constant: one decoder and
//! the read buffer.

use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;

/// A `BufRead` that counts the bytes consumed from it.
pub struct Counted<R> {
    inner: R,
    pub pos: u64,
}

impl<R: BufRead> Counted<R> {
    pub fn new(inner: R) -> Counted<R> {
        Counted { inner, pos: 0 }
    }
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = {
            let avail = self.inner.fill_buf()?;
            let n = avail.len().min(buf.len());
            buf[..n].copy_from_slice(&avail[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

const MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// Most bytes a gzip stream may inflate to per compressed byte (counted over the whole stream,
/// once it has produced [`GZIP_RATIO_FLOOR`] bytes). Text and HTML compress 3–10×; a stream
/// past this ratio is a decompression bomb: an error, and the stream ends there.
pub const MAX_GZIP_RATIO: u64 = 100;
/// Output below which the ratio is not checked (small, very repetitive inputs are fine).
pub const GZIP_RATIO_FLOOR: u64 = 16 << 20;

/// Decodes concatenated gzip members, resynchronising after a damaged one.
pub struct GzMembers<R: BufRead> {
    dec: Option<GzDecoder<Counted<R>>>,
    idle: Option<Counted<R>>,
    member_start: u64,
    resync: bool,
    /// Bytes produced so far.
    out: u64,
    /// Set once the stream passed [`MAX_GZIP_RATIO`]: nothing more is read.
    bomb: bool,
}

impl<R: BufRead> GzMembers<R> {
    pub fn new(inner: R) -> GzMembers<R> {
        GzMembers { dec: None, idle: Some(Counted::new(inner)), member_start: 0, resync: false, out: 0, bomb: false }
    }
}

/// Skips to the next gzip header; false at end of input.
fn skip_to_magic<R: BufRead>(r: &mut Counted<R>) -> io::Result<bool> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        if let Some(p) = buf.windows(3).position(|w| w == MAGIC) {
            r.consume(p);
            return Ok(true);
        }
        // Keep a possible header start at the end of the buffer; always make progress.
        let keep = if buf.ends_with(&MAGIC[..2]) {
            2
        } else if buf.ends_with(&MAGIC[..1]) {
            1
        } else {
            0
        };
        let n = if keep == buf.len() { 1 } else { buf.len() - keep };
        r.consume(n);
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() || self.bomb {
            return Ok(0);
        }
        loop {
            if let Some(d) = &mut self.dec {
                match d.read(buf) {
                    Ok(0) => {
                        self.idle = Some(self.dec.take().expect("decoding").into_inner());
                        continue;
                    }
                    Ok(n) => {
                        self.out += n as u64;
                        let consumed = d.get_ref().pos.max(1);
                        if self.out > GZIP_RATIO_FLOOR && self.out > MAX_GZIP_RATIO.saturating_mul(consumed) {
                            self.bomb = true;
                            self.dec = None;
                            return Err(io::Error::new(
                                io::ErrorKind::InvalidData,
                                format!(
                                    "gzip bomb: {consumed} compressed bytes inflate to more than {} bytes, over {MAX_GZIP_RATIO} times their size; the rest of the input is not read",
                                    self.out
                                ),
                            ));
                        }
                        return Ok(n);
                    }
                    Err(e) => {
                        let idle = self.dec.take().expect("decoding").into_inner();
                        // Where the decoder stopped reading: the end of the input for a truncated
                        // member (a member that starts at byte 0 breaks off at the file's end).
                        let stopped = idle.pos;
                        self.idle = Some(idle);
                        self.resync = true;
                        let what = if e.kind() == io::ErrorKind::UnexpectedEof {
                            format!("truncated gzip member: the compressed data breaks off at byte {stopped}")
                        } else {
                            format!("damaged gzip member: decoding failed by byte {stopped}")
                        };
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("{what} (the member starts at byte {} of the compressed file): {e}", self.member_start),
                        ));
                    }
                }
            }
            let Some(mut r) = self.idle.take() else { return Ok(0) };
            if self.resync {
                self.resync = false;
                if !skip_to_magic(&mut r)? {
                    self.idle = Some(r);
                    return Ok(0);
                }
            }
            let head = r.fill_buf()?;
            if head.is_empty() {
                self.idle = Some(r);
                return Ok(0);
            }
            if !head.starts_with(&MAGIC[..head.len().min(3)]) {
                let at = r.pos;
                self.idle = Some(r);
                self.resync = true;
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("bytes that are not gzip at byte {at} of the compressed file"),
                ));
            }
            self.member_start = r.pos;
            self.dec = Some(GzDecoder::new(r));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;

    fn gz(s: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(s).unwrap();
        e.finish().unwrap()
    }

    /// Reads to the end, collecting the data and the errors.
    fn drain(mut r: impl Read) -> (Vec<u8>, Vec<String>) {
        let (mut out, mut errs) = (Vec::new(), Vec::new());
        let mut buf = [0u8; 7];
        loop {
            match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => errs.push(e.to_string()),
            }
            assert!(errs.len() < 10, "no endless errors");
        }
        (out, errs)
    }

    #[test]
    fn members_and_damage() {
        let (a, b, c) = (gz(b"first member\n"), gz(b"second member\n"), gz(b"third member\n"));
        let whole = [a.clone(), b.clone(), c.clone()].concat();
        let (out, errs) = drain(GzMembers::new(&whole[..]));
        assert_eq!(out, b"first member\nsecond member\nthird member\n");
        assert!(errs.is_empty());

        // The middle member damaged: one error naming its offset, the third still read.
        let mut bad_b = b.clone();
        let mid = bad_b.len() / 2;
        for x in &mut bad_b[10..mid + 2] {
            *x ^= 0x5a;
        }
        let damaged = [a.clone(), bad_b, c.clone()].concat();
        let (out, errs) = drain(GzMembers::new(&damaged[..]));
        assert!(out.starts_with(b"first member\n") && out.ends_with(b"third member\n"), "{:?}", String::from_utf8_lossy(&out));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].contains(&format!("at byte {}", a.len())), "{errs:?}");

        // Truncated last member.
        let cut = [a.clone(), b[..b.len() - 6].to_vec()].concat();
        let (out, errs) = drain(GzMembers::new(&cut[..]));
        assert!(out.starts_with(b"first member\n"));
        assert_eq!(errs.len(), 1);
        assert!(errs[0].contains("truncated gzip member"), "{errs:?}");

        // Garbage between members.
        let junk = [a, b"junk!".to_vec(), c].concat();
        let (out, errs) = drain(GzMembers::new(&junk[..]));
        assert_eq!(out, b"first member\nthird member\n");
        assert_eq!(errs.len(), 1);
    }

    #[test]
    fn a_decompression_bomb_is_stopped_early() {
        // 1 GiB of zeros compresses to about 1 MiB (1,000×): reading stops soon after the floor.
        let mut e = GzEncoder::new(Vec::new(), Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..1024 {
            e.write_all(&zeros).unwrap();
        }
        let bomb = e.finish().unwrap();
        let mut r = GzMembers::new(&bomb[..]);
        let mut buf = vec![0u8; 1 << 16];
        let mut total = 0u64;
        let err = loop {
            match r.read(&mut buf) {
                Ok(0) => panic!("the bomb was read to its end ({total} bytes)"),
                Ok(n) => total += n as u64,
                Err(e) => break e,
            }
        };
        assert!(err.to_string().contains("gzip bomb"), "{err}");
        assert!(total <= GZIP_RATIO_FLOOR + (1 << 20), "stopped after {total} bytes");
        assert_eq!(r.read(&mut buf).unwrap(), 0, "nothing more after the error");
        // Ordinary text, 40 MB of words in varying order, is not a bomb.
        let words = [
            "وصل",
            "وزير",
            "الخارجية",
            "إلى",
            "العاصمة",
            "في",
            "زيارة",
            "رسمية",
            "تستمر",
            "يومين",
            "وبحث",
            "مع",
            "نظيره",
            "الأوضاع",
            "الإقليمية",
            "2025",
            "،",
            ".",
        ];
        let mut text = String::new();
        let mut x: u64 = 7;
        while text.len() < 40 << 20 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            text.push_str(words[(x >> 33) as usize % words.len()]);
            text.push(if x.is_multiple_of(13) { '\n' } else { ' ' });
        }
        let packed = gz(text.as_bytes());
        let mut r = GzMembers::new(&packed[..]);
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!(out.len(), text.len());
    }
}
