//! rasd's knowledge base.
//!
//! The sources are TSV files under `data/` (see `data/README.md`), reviewed like
//! code. [`Kb::embedded`] compiles the copies embedded in the binary, once per
//! process, into lookup tables keyed by normalised phrase keys (see
//! `rasd_text::normalize`): names → entities, role titles → roles, demonyms →
//! countries, and terms of office by date.
//!
//! [`Kb::from_sources`] compiles other copies of the same files (e.g. a user's
//! extended knowledge base), reporting every malformed row as `file:line: message`.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use rasd_core::Date;
use rasd_text::{key, phrase_key};

mod tsv;

/// Version of the compiled form. Bump when the meaning of the source columns changes.
pub const KB_FORMAT_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Person,
    Organization,
    Country,
    Place,
    Region,
    Group,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Country => "country",
            EntityKind::Place => "place",
            EntityKind::Region => "region",
            EntityKind::Group => "group",
        }
    }

    /// Whether entities of this kind can act (be an event's source or target).
    pub fn can_act(self) -> bool {
        matches!(self, EntityKind::Person | EntityKind::Organization | EntityKind::Country | EntityKind::Group)
    }

    pub fn is_place(self) -> bool {
        matches!(self, EntityKind::Country | EntityKind::Place | EntityKind::Region)
    }
}

/// Finer kinds of places, from `places.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    City,
    Division,
    Region,
    Sea,
    Site,
}

impl PlaceKind {
    /// The `location.precision` of an event placed here.
    pub fn precision(self) -> &'static str {
        match self {
            PlaceKind::Site => "site",
            PlaceKind::City => "city",
            PlaceKind::Division | PlaceKind::Region | PlaceKind::Sea => "region",
        }
    }
}

/// Index of an entity in [`Kb::entities`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u32);

#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub id: String,
    pub name_en: String,
    pub name_ar: String,
    pub kind: EntityKind,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    pub sector: Option<String>,
    pub wikidata: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub population: Option<u64>,
    pub place_kind: Option<PlaceKind>,
    /// For a capital city: the country it is the capital of (it may stand for that government).
    pub capital_of: Option<EntityId>,
}

/// How a name refers to its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A full name or an organisation's name.
    Full,
    /// A surname or other short form of a person, used once the person is named.
    Short,
    /// A nisba adjective (`الروسي`, `روسية`) of a country.
    Demonym,
    /// A plural or collective demonym (`الروس`, `الأمريكيون`): the people or state as an actor.
    DemonymPlural,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameHit {
    pub entity: EntityId,
    pub kind: NameKind,
}

/// Index of a role in [`Kb::roles`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RoleId(pub u16);

#[derive(Clone, Debug)]
pub struct Role {
    pub key: String,
    pub name_en: String,
    pub sector: Option<String>,
    pub single_holder: bool,
    /// The title names the only office of its kind (`خادم الحرمين الشريفين`, the Saudi king; `المرشد
    /// الأعلى`, Iran's leader): bare, it names the holder at the date. `single_holder` is `world`.
    pub unique_in_world: bool,
}

/// One term of office.
#[derive(Clone, Debug)]
pub struct Office {
    pub role: RoleId,
    /// The country the office belongs to (an entity of kind Country), if any.
    pub country: Option<EntityId>,
    /// The organisation the office belongs to, if any.
    pub org: Option<EntityId>,
    pub holder: EntityId,
    pub start: Option<Date>,
    /// Inclusive; None = still in office.
    pub end: Option<Date>,
}

impl Office {
    /// Whether the term covers `date` (an unknown date matches a current term only).
    pub fn covers(&self, date: Option<Date>) -> bool {
        match date {
            Some(d) => self.start.is_none_or(|s| s <= d) && self.end.is_none_or(|e| d <= e),
            None => self.end.is_none(),
        }
    }
}

/// A malformed source row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for KbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for KbError {}

/// The source files of a knowledge base, by name.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    pub countries: String,
    pub places: String,
    pub people: String,
    pub orgs: String,
    pub roles: String,
    pub offices: String,
}

impl Sources {
    /// The copies embedded in the binary.
    pub fn embedded() -> Sources {
        Sources {
            countries: include_str!("../data/countries.tsv").into(),
            places: include_str!("../data/places.tsv").into(),
            people: include_str!("../data/people.tsv").into(),
            orgs: include_str!("../data/orgs.tsv").into(),
            roles: include_str!("../data/roles.tsv").into(),
            offices: include_str!("../data/offices.tsv").into(),
        }
    }
}

/// The compiled knowledge base.
#[derive(Debug, Default)]
pub struct Kb {
    pub entities: Vec<Entity>,
    pub roles: Vec<Role>,
    pub offices: Vec<Office>,
    names: KeyMap<Vec<NameHit>>,
    titles: KeyMap<Vec<RoleId>>,
    /// Every name's phrase key and each of its word prefixes (what comes before each space): a
    /// phrase not in here starts no name, so a longest-match scan stops extending it.
    name_starts: KeySet,
    /// The same for the role titles.
    title_starts: KeySet,
    by_id: KeyMap<EntityId>,
    by_iso3: KeyMap<EntityId>,
    /// English adjective of each country, by ISO3 (`KEN` → `Kenyan`).
    adjectives_en: KeyMap<String>,
    /// Country → its capital city.
    capitals: HashMap<EntityId, EntityId>,
    /// Longest name, in words.
    pub max_name_words: usize,
    /// Longest role title, in words.
    pub max_title_words: usize,
}

/// The hasher of the knowledge base's phrase-key maps: FxHash-style word mixing with a final
/// avalanche. Lookups run at every token of every document (SipHash was ~9% of analysis time);
/// the keys are the knowledge base's own phrases and lookups never insert, so SipHash's
/// flooding resistance buys nothing here.
#[derive(Clone, Copy, Default)]
pub struct KeyHasher(u64);

const KEY_HASH_K: u64 = 0x517c_c1b7_2722_0a95;

impl std::hash::Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            h = (h.rotate_left(5) ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(KEY_HASH_K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(KEY_HASH_K);
        }
        self.0 = h;
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(KEY_HASH_K);
    }

    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

type KeyMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<KeyHasher>>;
type KeySet = std::collections::HashSet<String, std::hash::BuildHasherDefault<KeyHasher>>;

/// The phrase keys of `map` and every prefix of them that ends before a space.
fn phrase_starts<V>(map: &KeyMap<V>) -> KeySet {
    let mut set = KeySet::default();
    for k in map.keys() {
        for (p, _) in k.match_indices(' ') {
            set.insert(k[..p].to_string());
        }
        set.insert(k.clone());
    }
    set
}

static EMBEDDED: OnceLock<Kb> = OnceLock::new();

impl Kb {
    /// The knowledge base embedded in the binary, compiled on first use.
    ///
    /// # Panics
    /// If the embedded sources are malformed — which `cargo test -p rasd-kb` rules out.
    pub fn embedded() -> &'static Kb {
        EMBEDDED.get_or_init(|| match Kb::from_sources(&Sources::embedded()) {
            Ok(kb) => kb,
            Err(errors) => {
                panic!("embedded knowledge base is malformed:\n{}", errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))
            }
        })
    }

    /// Compiles sources, collecting every error.
    pub fn from_sources(src: &Sources) -> Result<Kb, Vec<KbError>> {
        let mut b = tsv::Builder::default();
        b.countries(&src.countries);
        b.places(&src.places);
        b.people(&src.people);
        b.orgs(&src.orgs);
        b.roles(&src.roles);
        b.offices(&src.offices);
        b.finish()
    }

    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }

    pub fn by_id(&self, id: &str) -> Option<EntityId> {
        self.by_id.get(id).copied()
    }

    pub fn country(&self, iso3: &str) -> Option<EntityId> {
        self.by_iso3.get(iso3).copied()
    }

    /// The capital city of a country entity.
    pub fn capital(&self, country: EntityId) -> Option<EntityId> {
        self.capitals.get(&country).copied()
    }

    /// The English adjective of a country (`KEN` → `Kenyan`), for naming its people and bodies.
    pub fn adjective_en(&self, iso3: &str) -> Option<&str> {
        self.adjectives_en.get(iso3).map(String::as_str)
    }

    /// Entities whose name has this phrase key (see [`rasd_text::phrase_key`]).
    pub fn names(&self, phrase_key: &str) -> &[NameHit] {
        self.names.get(phrase_key).map_or(&[], |v| v.as_slice())
    }

    /// Whether some name's phrase key is `phrase` or starts with `phrase` and a space: when not,
    /// neither `phrase` nor any longer phrase that starts with it names anything.
    pub fn starts_name(&self, phrase: &str) -> bool {
        self.name_starts.contains(phrase)
    }

    /// [`Kb::starts_name`] for the role titles.
    pub fn starts_title(&self, phrase: &str) -> bool {
        self.title_starts.contains(phrase)
    }

    /// Builds the phrase-start sets once the names and titles are final.
    fn index_phrase_starts(&mut self) {
        self.name_starts = phrase_starts(&self.names);
        self.title_starts = phrase_starts(&self.titles);
    }

    /// Every name's phrase key (in no particular order), e.g. to build a prefilter.
    pub fn name_keys(&self) -> impl Iterator<Item = &str> {
        self.names.keys().map(String::as_str)
    }

    /// Every role title's phrase key (in no particular order).
    pub fn title_keys(&self) -> impl Iterator<Item = &str> {
        self.titles.keys().map(String::as_str)
    }

    /// Roles whose title has this phrase key.
    pub fn titles(&self, phrase_key: &str) -> &[RoleId] {
        self.titles.get(phrase_key).map_or(&[], |v| v.as_slice())
    }

    /// The holder of a role that is unique in the world, at a date.
    pub fn only_holder(&self, role: RoleId, date: Option<Date>) -> Option<EntityId> {
        if !self.role(role).unique_in_world {
            return None;
        }
        let mut holders = self.offices.iter().filter(|o| o.role == role && o.covers(date)).map(|o| o.holder);
        let first = holders.next()?;
        holders.all(|h| h == first).then_some(first)
    }

    pub fn role(&self, id: RoleId) -> &Role {
        &self.roles[id.0 as usize]
    }

    /// Holders of a role in a country (or organisation) at a date, most recent term first.
    pub fn holders(&self, role: RoleId, country: Option<EntityId>, org: Option<EntityId>, date: Option<Date>) -> Vec<EntityId> {
        let mut terms: Vec<&Office> = self
            .offices
            .iter()
            .filter(|o| {
                o.role == role
                    && (country.is_none() || o.country == country)
                    && (org.is_none() || o.org == org)
                    && (country.is_some() || org.is_some())
                    && o.covers(date)
            })
            .collect();
        // A country's own office wins over a sub-national or parallel body's office of the same
        // role (Iraq's prime minister, not the Kurdistan Region's) when no organisation is named.
        if country.is_some() && org.is_none() && terms.iter().any(|o| o.org.is_none()) {
            terms.retain(|o| o.org.is_none());
        }
        terms.sort_by_key(|o| std::cmp::Reverse(o.start));
        let mut out: Vec<EntityId> = Vec::new();
        for t in terms {
            if !out.contains(&t.holder) {
                out.push(t.holder);
            }
        }
        out
    }

    /// Offices a person holds at a date.
    pub fn offices_of(&self, person: EntityId, date: Option<Date>) -> impl Iterator<Item = &Office> {
        self.offices.iter().filter(move |o| o.holder == person && o.covers(date))
    }

    /// Looks a phrase up: names first, then a role phrase (`وزير الدفاع الروسي`) resolved at `date`.
    pub fn lookup(&self, phrase: &str, date: Option<Date>) -> Vec<(EntityId, String)> {
        let k = phrase_key(phrase);
        let mut out: Vec<(EntityId, String)> =
            self.names(&k).iter().map(|h| (h.entity, format!("{:?} name", h.kind).to_lowercase())).collect();
        if out.is_empty() {
            let words: Vec<&str> = k.split(' ').collect();
            for cut in (1..words.len()).rev() {
                let title = words[..cut].join(" ");
                let rest = words[cut..].join(" ");
                let roles = self.titles(&title);
                if roles.is_empty() {
                    continue;
                }
                let scope: Vec<EntityId> =
                    self.names(&rest).iter().filter(|h| matches!(h.kind, NameKind::Demonym | NameKind::Full)).map(|h| h.entity).collect();
                for &r in roles {
                    for &s in &scope {
                        let (country, org) = if self.entity(s).kind == EntityKind::Country { (Some(s), None) } else { (None, Some(s)) };
                        for h in self.holders(r, country, org, date) {
                            out.push((h, format!("role {} of {}", self.role(r).name_en, self.entity(s).name_en)));
                        }
                    }
                }
                if !out.is_empty() {
                    break;
                }
            }
        }
        out
    }

    /// Counts for `rasd kb stats`.
    pub fn stats(&self) -> Vec<(String, usize)> {
        let mut by_kind: HashMap<&str, usize> = HashMap::new();
        for e in &self.entities {
            let k = match (e.kind, e.place_kind) {
                (_, Some(p)) => match p {
                    PlaceKind::City => "places: cities",
                    PlaceKind::Division => "places: divisions",
                    PlaceKind::Region => "places: regions",
                    PlaceKind::Sea => "places: seas",
                    PlaceKind::Site => "places: sites",
                },
                (EntityKind::Country, _) => "countries",
                (EntityKind::Person, _) => "people",
                (EntityKind::Organization, _) => "organisations",
                (EntityKind::Group, _) => "groups",
                (k, _) => k.as_str(),
            };
            *by_kind.entry(k).or_default() += 1;
        }
        let mut out: Vec<(String, usize)> = by_kind.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        out.sort();
        out.push(("roles".into(), self.roles.len()));
        out.push(("terms of office".into(), self.offices.len()));
        out.push(("name keys".into(), self.names.len()));
        out
    }
}

/// The entities of one document: the knowledge base's, plus names found in the text that it
/// does not know (from the name tagger). Local ids continue after the knowledge base's, so an
/// [`EntityId`] stays a plain index; everything else derefs to the [`Kb`].
#[derive(Debug)]
pub struct DocEntities<'a> {
    pub kb: &'a Kb,
    pub local: Vec<Entity>,
}

impl<'a> DocEntities<'a> {
    pub fn new(kb: &'a Kb) -> DocEntities<'a> {
        DocEntities { kb, local: Vec::new() }
    }

    /// The entity, from the knowledge base or from this document.
    pub fn entity(&self, id: EntityId) -> &Entity {
        let n = self.kb.entities.len();
        let i = id.0 as usize;
        if i < n { &self.kb.entities[i] } else { &self.local[i - n] }
    }

    /// Whether the entity comes from this document rather than the knowledge base.
    pub fn is_local(&self, id: EntityId) -> bool {
        id.0 as usize >= self.kb.entities.len()
    }

    /// Adds a document entity, or returns the one with the same id.
    pub fn add(&mut self, e: Entity) -> EntityId {
        let n = self.kb.entities.len();
        if let Some(i) = self.local.iter().position(|x| x.id == e.id) {
            return EntityId((n + i) as u32);
        }
        self.local.push(e);
        EntityId((n + self.local.len() - 1) as u32)
    }
}

impl std::ops::Deref for DocEntities<'_> {
    type Target = Kb;
    fn deref(&self) -> &Kb {
        self.kb
    }
}

/// The regular forms of a nisba adjective (masculine singular key, e.g. `روسي`).
pub fn demonym_forms(base: &str) -> (Vec<String>, Vec<String>) {
    let b = key(base);
    let words: Vec<&str> = b.split(' ').filter(|w| !w.is_empty()).collect();
    // (Feminine plural `إسرائيليات` agrees with a plural noun: `محتجزات إسرائيليات`; the
    // indefinite accusative `فلسطينيا` follows a counted noun: `تسعين أسيرا فلسطينيا`.)
    const ADJ: [&str; 7] = ["", "ه", "تان", "تين", "ان", "ات", "ا"];
    const PLURAL: [&str; 2] = ["ون", "ين"];
    // A compound nisba inflects every adjective in it (`كوري شمالي` → `الكورية الشمالية`); a
    // noun before the nisba stays (`جنوب أفريقي` → `جنوب أفريقية`, `الجنوب أفريقية`).
    let all_adjectives = words.iter().all(|w| w.ends_with('ي'));
    let inflect = |suffix: &str, article: bool| -> String {
        let n = words.len();
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let adjective = i + 1 == n || w.ends_with('ي');
                // With a noun first, only it takes the article: `الجنوب أفريقية`.
                let art = if article && (i == 0 || (adjective && all_adjectives)) { "ال" } else { "" };
                let suf = if adjective { suffix } else { "" };
                format!("{art}{w}{suf}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut adj = Vec::new();
    let mut plural = Vec::new();
    for s in ADJ {
        adj.push(inflect(s, true));
        adj.push(inflect(s, false));
    }
    for s in PLURAL {
        plural.push(inflect(s, true));
        plural.push(inflect(s, false));
    }
    (adj, plural)
}

#[cfg(test)]
mod tests;
