//! Reading CoNLL-style `word TAG` files (blank line between sentences).

use std::io;
use std::path::Path;

use crate::tag::{EntityType, Tag, to_iob2};

/// One annotated sentence, tags in IOB2.
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    pub words: Vec<String>,
    pub tags: Vec<Tag>,
}

impl Sentence {
    pub fn word_refs(&self) -> Vec<&str> {
        self.words.iter().map(String::as_str).collect()
    }
}

/// Reads a `word TAG` file: the first field is the word, the last the tag, blank lines end
/// sentences. `map` turns a raw label into a tag; IOB1 input is rewritten as IOB2.
pub fn read_conll_with(path: &Path, map: fn(&str) -> Tag) -> io::Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path)?;
    Ok(parse_conll_with(&text, map))
}

/// [`read_conll_with`] for standard labels (`O`, `B-PERS`…; unknown labels read as `O`).
pub fn read_conll(path: &Path) -> io::Result<Vec<Sentence>> {
    read_conll_with(path, standard_tag)
}

pub fn standard_tag(s: &str) -> Tag {
    Tag::parse(s).unwrap_or(Tag::O)
}

pub fn parse_conll_with(text: &str, map: fn(&str) -> Tag) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let flush = |cur: &mut Sentence, out: &mut Vec<Sentence>| {
        if !cur.words.is_empty() {
            to_iob2(&mut cur.tags);
            out.push(std::mem::take(cur));
        }
    };
    for line in text.lines() {
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else {
            flush(&mut cur, &mut out);
            continue;
        };
        let tag = fields.next_back().map_or(Tag::O, map);
        cur.words.push(word.to_string());
        cur.tags.push(tag);
    }
    flush(&mut cur, &mut out);
    out
}

/// AQMAR labels → ANERcorp types:
/// `PER` → PERS, `LOC` → LOC, `ORG` → ORG, and the article-specific miscellaneous classes
/// `MIS0`–`MIS3` (and their noisy spellings `MIS`, `MIS-1`, `MISS1`, a trailing backquote) → MISC.
/// Other labels (`IO`, `OO`, `B-ENGLISH`, `B-SPANISH`) → `O`; `I--ORG` reads as `I-ORG`.
pub fn aqmar_tag(s: &str) -> Tag {
    let s = s.trim_end_matches('`');
    let Some((bi, rest)) = s.split_once('-') else { return Tag::O };
    let rest = rest.trim_start_matches('-');
    let ty = if rest.starts_with("PER") {
        EntityType::Pers
    } else if rest.starts_with("LOC") {
        EntityType::Loc
    } else if rest.starts_with("ORG") {
        EntityType::Org
    } else if rest.starts_with("MIS") {
        EntityType::Misc
    } else {
        return Tag::O;
    };
    match bi {
        "B" => Tag::B(ty),
        "I" => Tag::I(ty),
        _ => Tag::O,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sentences_and_fixes_iob1() {
        let s = parse_conll_with("أعلن O\nاتحاد I-ORG\nالكرة I-ORG\n\nفي O\nمصر B-LOC\n", standard_tag);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tags[1], Tag::B(EntityType::Org));
        assert_eq!(s[0].tags[2], Tag::I(EntityType::Org));
    }

    #[test]
    fn aqmar_labels() {
        assert_eq!(aqmar_tag("B-PER"), Tag::B(EntityType::Pers));
        assert_eq!(aqmar_tag("I--ORG"), Tag::I(EntityType::Org));
        assert_eq!(aqmar_tag("B-MIS2"), Tag::B(EntityType::Misc));
        assert_eq!(aqmar_tag("B-MIS1`"), Tag::B(EntityType::Misc));
        assert_eq!(aqmar_tag("B-ENGLISH"), Tag::O);
        assert_eq!(aqmar_tag("OO"), Tag::O);
    }
}
