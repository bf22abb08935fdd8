//! Entity types and BIO tags.

use std::fmt;

/// The four ANERcorp entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Pers,
    Loc,
    Org,
    Misc,
}

impl EntityType {
    pub const ALL: [EntityType; 4] = [EntityType::Pers, EntityType::Loc, EntityType::Org, EntityType::Misc];

    /// The CoNLL label: `PERS`, `LOC`, `ORG`, `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Pers => "PERS",
            EntityType::Loc => "LOC",
            EntityType::Org => "ORG",
            EntityType::Misc => "MISC",
        }
    }

    /// Parses a CoNLL label, accepting the common variants (`PER`, `MIS`).
    pub fn parse(s: &str) -> Option<EntityType> {
        match s {
            "PERS" | "PER" => Some(EntityType::Pers),
            "LOC" => Some(EntityType::Loc),
            "ORG" => Some(EntityType::Org),
            "MISC" | "MIS" => Some(EntityType::Misc),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A BIO (IOB2) tag for one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    O,
    /// First word of an entity.
    B(EntityType),
    /// A following word of the same entity.
    I(EntityType),
}

/// Number of tags: `O` plus `B-`/`I-` for each type.
pub const N_TAGS: usize = 9;

impl Tag {
    /// Dense index: 0 = O, then B-PERS, I-PERS, B-LOC, I-LOC, B-ORG, I-ORG, B-MISC, I-MISC.
    pub fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(t) => 1 + 2 * t.index(),
            Tag::I(t) => 2 + 2 * t.index(),
        }
    }

    /// Inverse of [`Tag::index`].
    ///
    /// # Panics
    /// If `i >= N_TAGS`.
    pub fn from_index(i: usize) -> Tag {
        match i {
            0 => Tag::O,
            i if i < N_TAGS => {
                let t = EntityType::ALL[(i - 1) / 2];
                if i % 2 == 1 { Tag::B(t) } else { Tag::I(t) }
            }
            _ => panic!("tag index out of range: {i}"),
        }
    }

    pub fn entity_type(self) -> Option<EntityType> {
        match self {
            Tag::O => None,
            Tag::B(t) | Tag::I(t) => Some(t),
        }
    }

    /// Parses `O`, `B-PERS`, `I-LOC`… Unknown labels give `None`.
    pub fn parse(s: &str) -> Option<Tag> {
        if s == "O" {
            return Some(Tag::O);
        }
        let (bi, ty) = s.split_once('-')?;
        let ty = EntityType::parse(ty)?;
        match bi {
            "B" => Some(Tag::B(ty)),
            "I" => Some(Tag::I(ty)),
            _ => None,
        }
    }

    /// Whether `self` may follow `prev` in IOB2 (`None` = sentence start).
    pub fn may_follow(self, prev: Option<Tag>) -> bool {
        match self {
            Tag::I(t) => matches!(prev, Some(Tag::B(p) | Tag::I(p)) if p == t),
            _ => true,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::O => f.write_str("O"),
            Tag::B(t) => write!(f, "B-{t}"),
            Tag::I(t) => write!(f, "I-{t}"),
        }
    }
}

/// Rewrites IOB1 (or sloppy) tags as IOB2: an `I-X` that does not continue an `X` becomes `B-X`.
pub fn to_iob2(tags: &mut [Tag]) {
    let mut prev: Option<Tag> = None;
    for t in tags.iter_mut() {
        if let Tag::I(ty) = *t
            && !t.may_follow(prev)
        {
            *t = Tag::B(ty);
        }
        prev = Some(*t);
    }
}

/// Entity chunks `(start, end_exclusive, type)` of an IOB2 sequence.
pub fn chunks(tags: &[Tag]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, t) in tags.iter().enumerate() {
        match *t {
            Tag::I(ty) if matches!(open, Some((_, o)) if o == ty) => {}
            _ => {
                if let Some((s, ty)) = open.take() {
                    out.push((s, i, ty));
                }
                if let Some(ty) = t.entity_type() {
                    open = Some((i, ty));
                }
            }
        }
    }
    if let Some((s, ty)) = open {
        out.push((s, tags.len(), ty));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_round_trips() {
        for i in 0..N_TAGS {
            assert_eq!(Tag::from_index(i).index(), i);
            assert_eq!(Tag::parse(&Tag::from_index(i).to_string()), Some(Tag::from_index(i)));
        }
    }

    #[test]
    fn iob1_becomes_iob2_and_chunks() {
        let mut t: Vec<Tag> = ["I-PERS", "I-PERS", "O", "I-LOC", "B-LOC", "I-ORG"].iter().map(|s| Tag::parse(s).unwrap()).collect();
        to_iob2(&mut t);
        assert_eq!(t[0], Tag::B(EntityType::Pers));
        assert_eq!(t[3], Tag::B(EntityType::Loc));
        assert_eq!(t[5], Tag::B(EntityType::Org));
        assert_eq!(chunks(&t), vec![(0, 2, EntityType::Pers), (3, 4, EntityType::Loc), (4, 5, EntityType::Loc), (5, 6, EntityType::Org)]);
    }
}
