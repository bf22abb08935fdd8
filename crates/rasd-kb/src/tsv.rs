//! Compiling the TSV sources into a [`Kb`].

use rasd_core::Date;
use rasd_text::phrase_key;

use crate::{Entity, EntityId, EntityKind, Kb, KbError, NameHit, NameKind, Office, PlaceKind, Role, RoleId, demonym_forms};

/// The rows of one TSV file, with its columns looked up by header name.
struct Table<'a> {
    file: &'static str,
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    fn parse(file: &'static str, text: &'a str, required: &[&str], errors: &mut Vec<KbError>) -> Table<'a> {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            if header.is_empty() {
                header = cells;
                for r in required {
                    if !header.contains(r) {
                        errors.push(KbError { file: file.into(), line: i + 1, message: format!("missing column {r:?}") });
                    }
                }
                continue;
            }
            if cells.len() != header.len() {
                errors.push(KbError {
                    file: file.into(),
                    line: i + 1,
                    message: format!("{} cells, expected {}", cells.len(), header.len()),
                });
                continue;
            }
            rows.push((i + 1, cells));
        }
        Table { file, header, rows }
    }

    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| *h == name)
    }
}

/// Reads one cell by column name; empty → None.
fn cell<'a>(t: &Table<'a>, row: &[&'a str], name: &str) -> Option<&'a str> {
    t.col(name).and_then(|c| row.get(c).copied()).filter(|s| !s.is_empty())
}

fn list(s: Option<&str>) -> Vec<&str> {
    s.map(|s| s.split('|').map(str::trim).filter(|x| !x.is_empty()).collect()).unwrap_or_default()
}

/// A date cell: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `end` selects the last day of a partial date.
pub(crate) fn parse_partial_date(s: &str, end: bool) -> Option<Date> {
    let parts: Vec<&str> = s.split('-').collect();
    let y: i16 = parts.first()?.parse().ok()?;
    match parts.len() {
        1 => Date::new(y, if end { 12 } else { 1 }, if end { 31 } else { 1 }).ok(),
        2 => {
            let m: i8 = parts[1].parse().ok()?;
            let first = Date::new(y, m, 1).ok()?;
            Some(if end { first.last_of_month() } else { first })
        }
        3 => Date::new(y, parts[1].parse().ok()?, parts[2].parse().ok()?).ok(),
        _ => None,
    }
}

/// A country's capital as `countries.tsv` gives it: (country, Arabic names, English name, lat, lon).
type Capital = (EntityId, Vec<String>, String, Option<f64>, Option<f64>);

#[derive(Default)]
pub(crate) struct Builder {
    kb: Kb,
    errors: Vec<KbError>,
    /// (iso3 of country, capital names, lat, lon) to link or create capital cities.
    capitals: Vec<Capital>,
    pending_offices: Vec<(usize, Vec<String>)>,
}

impl Builder {
    fn err(&mut self, file: &str, line: usize, message: String) {
        self.errors.push(KbError { file: file.into(), line, message });
    }

    fn add_entity(&mut self, file: &str, line: usize, e: Entity) -> Option<EntityId> {
        if self.kb.by_id.contains_key(&e.id) {
            self.err(file, line, format!("duplicate id {:?}", e.id));
            return None;
        }
        if e.name_en.is_empty() || e.name_ar.is_empty() {
            self.err(file, line, format!("{:?} needs name_en and an Arabic name", e.id));
            return None;
        }
        let id = EntityId(self.kb.entities.len() as u32);
        self.kb.by_id.insert(e.id.clone(), id);
        self.kb.entities.push(e);
        Some(id)
    }

    fn add_name(&mut self, name: &str, hit: NameHit) {
        let k = phrase_key(name);
        if k.is_empty() {
            return;
        }
        self.kb.max_name_words = self.kb.max_name_words.max(k.split(' ').count());
        let v = self.kb.names.entry(k).or_default();
        if !v.contains(&hit) {
            v.push(hit);
        }
    }

    fn coord(&mut self, file: &str, line: usize, s: Option<&str>, max: f64) -> Option<f64> {
        let v = s?.parse::<f64>();
        match v {
            Ok(v) if v.abs() <= max => Some(v),
            _ => {
                self.err(file, line, format!("bad coordinate {:?}", s.unwrap_or("")));
                None
            }
        }
    }

    pub(crate) fn countries(&mut self, text: &str) {
        let mut errs = Vec::new();
        let t = Table::parse("countries.tsv", text, &["iso3", "name_en", "names_ar", "demonym_ar"], &mut errs);
        self.errors.extend(errs);
        for (line, row) in &t.rows {
            let Some(iso3) = cell(&t, row, "iso3") else {
                self.err(t.file, *line, "missing iso3".into());
                continue;
            };
            let names = list(cell(&t, row, "names_ar"));
            let lat = self.coord(t.file, *line, cell(&t, row, "lat"), 90.0);
            let lon = self.coord(t.file, *line, cell(&t, row, "lon"), 180.0);
            let e = Entity {
                id: format!("country:{iso3}"),
                name_en: cell(&t, row, "name_en").unwrap_or("").into(),
                name_ar: names.first().copied().unwrap_or("").into(),
                kind: EntityKind::Country,
                country: Some(iso3.into()),
                sector: None,
                wikidata: cell(&t, row, "wikidata").map(Into::into),
                lat,
                lon,
                population: None,
                place_kind: None,
                capital_of: None,
            };
            let Some(id) = self.add_entity(t.file, *line, e) else { continue };
            self.kb.by_iso3.insert(iso3.into(), id);
            match cell(&t, row, "adjective_en") {
                Some(a) => {
                    self.kb.adjectives_en.insert(iso3.into(), a.into());
                }
                None => self.err(t.file, *line, "missing adjective_en".into()),
            }
            for n in &names {
                self.add_name(n, NameHit { entity: id, kind: NameKind::Full });
            }
            for d in list(cell(&t, row, "demonym_ar")) {
                let (adj, plural) = demonym_forms(d);
                for f in adj {
                    self.add_name(&f, NameHit { entity: id, kind: NameKind::Demonym });
                }
                for f in plural {
                    self.add_name(&f, NameHit { entity: id, kind: NameKind::DemonymPlural });
                }
            }
            for d in list(cell(&t, row, "demonyms_extra_ar")) {
                self.add_name(d, NameHit { entity: id, kind: NameKind::DemonymPlural });
            }
            let cap_names: Vec<String> = list(cell(&t, row, "capital_ar")).into_iter().map(String::from).collect();
            if !cap_names.is_empty() {
                let clat = self.coord(t.file, *line, cell(&t, row, "capital_lat"), 90.0);
                let clon = self.coord(t.file, *line, cell(&t, row, "capital_lon"), 180.0);
                self.capitals.push((id, cap_names, cell(&t, row, "capital_en").unwrap_or("").into(), clat, clon));
            }
        }
    }

    pub(crate) fn places(&mut self, text: &str) {
        let mut errs = Vec::new();
        let t = Table::parse("places.tsv", text, &["id", "kind", "name_en", "names_ar", "lat", "lon"], &mut errs);
        self.errors.extend(errs);
        for (line, row) in &t.rows {
            let pk = match cell(&t, row, "kind") {
                Some("city") => PlaceKind::City,
                Some("division") => PlaceKind::Division,
                Some("region") => PlaceKind::Region,
                Some("sea") => PlaceKind::Sea,
                Some("site") => PlaceKind::Site,
                other => {
                    self.err(t.file, *line, format!("unknown place kind {other:?}"));
                    continue;
                }
            };
            let names = list(cell(&t, row, "names_ar"));
            let lat = self.coord(t.file, *line, cell(&t, row, "lat"), 90.0);
            let lon = self.coord(t.file, *line, cell(&t, row, "lon"), 180.0);
            if lat.is_none() || lon.is_none() {
                self.err(t.file, *line, "a place needs lat and lon".into());
                continue;
            }
            let e = Entity {
                id: cell(&t, row, "id").unwrap_or("").into(),
                name_en: cell(&t, row, "name_en").unwrap_or("").into(),
                name_ar: names.first().copied().unwrap_or("").into(),
                kind: if matches!(pk, PlaceKind::Region | PlaceKind::Sea) { EntityKind::Region } else { EntityKind::Place },
                country: cell(&t, row, "country").map(Into::into),
                sector: None,
                wikidata: cell(&t, row, "wikidata").map(Into::into),
                lat,
                lon,
                population: cell(&t, row, "population").and_then(|p| p.parse().ok()),
                place_kind: Some(pk),
                capital_of: None,
            };
            let Some(id) = self.add_entity(t.file, *line, e) else { continue };
            for n in names {
                self.add_name(n, NameHit { entity: id, kind: NameKind::Full });
            }
        }
    }

    pub(crate) fn people(&mut self, text: &str) {
        let mut errs = Vec::new();
        let t = Table::parse("people.tsv", text, &["id", "name_en", "names_ar"], &mut errs);
        self.errors.extend(errs);
        for (line, row) in &t.rows {
            let names = list(cell(&t, row, "names_ar"));
            let e = Entity {
                id: cell(&t, row, "id").unwrap_or("").into(),
                name_en: cell(&t, row, "name_en").unwrap_or("").into(),
                name_ar: names.first().copied().unwrap_or("").into(),
                kind: EntityKind::Person,
                country: cell(&t, row, "country").map(Into::into),
                sector: cell(&t, row, "sector").map(Into::into),
                wikidata: cell(&t, row, "wikidata").map(Into::into),
                lat: None,
                lon: None,
                population: None,
                place_kind: None,
                capital_of: None,
            };
            let Some(id) = self.add_entity(t.file, *line, e) else { continue };
            for n in names {
                self.add_name(n, NameHit { entity: id, kind: NameKind::Full });
            }
            for n in list(cell(&t, row, "short_names_ar")) {
                self.add_name(n, NameHit { entity: id, kind: NameKind::Short });
            }
        }
    }

    pub(crate) fn orgs(&mut self, text: &str) {
        let mut errs = Vec::new();
        let t = Table::parse("orgs.tsv", text, &["id", "kind", "name_en", "names_ar"], &mut errs);
        self.errors.extend(errs);
        for (line, row) in &t.rows {
            let kind = match cell(&t, row, "kind") {
                Some("organization") => EntityKind::Organization,
                Some("group") => EntityKind::Group,
                other => {
                    self.err(t.file, *line, format!("unknown organisation kind {other:?}"));
                    continue;
                }
            };
            let names = list(cell(&t, row, "names_ar"));
            let e = Entity {
                id: cell(&t, row, "id").unwrap_or("").into(),
                name_en: cell(&t, row, "name_en").unwrap_or("").into(),
                name_ar: names.first().copied().unwrap_or("").into(),
                kind,
                country: cell(&t, row, "country").map(Into::into),
                sector: cell(&t, row, "sector").map(Into::into),
                wikidata: cell(&t, row, "wikidata").map(Into::into),
                lat: None,
                lon: None,
                population: None,
                place_kind: None,
                capital_of: None,
            };
            let Some(id) = self.add_entity(t.file, *line, e) else { continue };
            for n in names {
                self.add_name(n, NameHit { entity: id, kind: NameKind::Full });
            }
        }
    }

    pub(crate) fn roles(&mut self, text: &str) {
        let mut errs = Vec::new();
        let t = Table::parse("roles.tsv", text, &["role", "name_en", "titles_ar", "single_holder"], &mut errs);
        self.errors.extend(errs);
        for (line, row) in &t.rows {
            let Some(key) = cell(&t, row, "role") else {
                self.err(t.file, *line, "missing role".into());
                continue;
            };
            if self.kb.roles.iter().any(|r| r.key == key) {
                self.err(t.file, *line, format!("duplicate role {key:?}"));
                continue;
            }
            let id = RoleId(self.kb.roles.len() as u16);
            self.kb.roles.push(Role {
                key: key.into(),
                name_en: cell(&t, row, "name_en").unwrap_or(key).into(),
                sector: cell(&t, row, "sector").map(Into::into),
                single_holder: matches!(cell(&t, row, "single_holder"), Some("yes" | "world")),
                unique_in_world: cell(&t, row, "single_holder") == Some("world"),
            });
            for title in list(cell(&t, row, "titles_ar")) {
                let k = phrase_key(title);
                self.kb.max_title_words = self.kb.max_title_words.max(k.split(' ').count());
                let v = self.kb.titles.entry(k).or_default();
                if !v.contains(&id) {
                    v.push(id);
                }
            }
        }
    }

    pub(crate) fn offices(&mut self, text: &str) {
        let mut errs = Vec::new();
        let t = Table::parse("offices.tsv", text, &["role", "country", "org", "holder", "start", "end"], &mut errs);
        self.errors.extend(errs);
        for (line, row) in &t.rows {
            self.pending_offices.push((
                *line,
                ["role", "country", "org", "holder", "start", "end"].iter().map(|c| cell(&t, row, c).unwrap_or("").to_string()).collect(),
            ));
        }
    }

    pub(crate) fn finish(mut self) -> Result<Kb, Vec<KbError>> {
        // Capitals: link to a city row of places.tsv, or create one.
        for (country, names, name_en, lat, lon) in std::mem::take(&mut self.capitals) {
            let iso = self.kb.entities[country.0 as usize].country.clone();
            let existing = names.iter().find_map(|n| {
                self.kb.names(&phrase_key(n)).iter().find(|h| {
                    let e = &self.kb.entities[h.entity.0 as usize];
                    e.place_kind == Some(PlaceKind::City) && e.country == iso
                })
            });
            let city = match existing {
                Some(h) => h.entity,
                None => {
                    let (Some(lat), Some(lon)) = (lat, lon) else { continue };
                    let slug: String = name_en.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
                    let e = Entity {
                        id: format!("place:{slug}-{}", iso.as_deref().unwrap_or("").to_lowercase()),
                        name_en: name_en.clone(),
                        name_ar: names[0].clone(),
                        kind: EntityKind::Place,
                        country: iso.clone(),
                        sector: None,
                        wikidata: None,
                        lat: Some(lat),
                        lon: Some(lon),
                        population: None,
                        place_kind: Some(PlaceKind::City),
                        capital_of: None,
                    };
                    let Some(id) = self.add_entity("countries.tsv", 0, e) else { continue };
                    for n in &names {
                        self.add_name(n, NameHit { entity: id, kind: NameKind::Full });
                    }
                    id
                }
            };
            self.kb.entities[city.0 as usize].capital_of = Some(country);
            self.kb.capitals.insert(country, city);
        }
        for (line, c) in std::mem::take(&mut self.pending_offices) {
            let f = "offices.tsv";
            let Some(role) = self.kb.roles.iter().position(|r| r.key == c[0]) else {
                self.err(f, line, format!("unknown role {:?}", c[0]));
                continue;
            };
            let country = if c[1].is_empty() {
                None
            } else if let Some(&id) = self.kb.by_iso3.get(&c[1]) {
                Some(id)
            } else {
                self.err(f, line, format!("unknown country {:?}", c[1]));
                continue;
            };
            let org = if c[2].is_empty() {
                None
            } else if let Some(&id) = self.kb.by_id.get(&c[2]) {
                Some(id)
            } else {
                self.err(f, line, format!("unknown organisation {:?}", c[2]));
                continue;
            };
            let Some(&holder) = self.kb.by_id.get(&c[3]) else {
                self.err(f, line, format!("unknown holder {:?}", c[3]));
                continue;
            };
            let start = if c[4].is_empty() { None } else { parse_partial_date(&c[4], false) };
            let end = if c[5].is_empty() { None } else { parse_partial_date(&c[5], true) };
            if (!c[4].is_empty() && start.is_none()) || (!c[5].is_empty() && end.is_none()) {
                self.err(f, line, format!("bad date in {:?}..{:?}", c[4], c[5]));
                continue;
            }
            if let (Some(s), Some(e)) = (start, end)
                && s > e
            {
                self.err(f, line, format!("term ends before it starts: {s}..{e}"));
                continue;
            }
            self.kb.offices.push(Office { role: RoleId(role as u16), country, org, holder, start, end });
        }
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        self.kb.index_phrase_starts();
        Ok(self.kb)
    }
}
