//! Exports of merged events in the field's formats.
//!
//! - `jsonl`: one merged event per line with its member events and evidence ([`EventDetail`]);
//! - `csv`: rasd's flat table, one merged event per row;
//! - `geojson`: a FeatureCollection of Points — only events placed at city or site precision
//!   (a region's or a country's centre drawn as a point would be a false pin);
//! - `graphml`: the directed actor network (edge weight = merged events), for networkx, Gephi…;
//! - `polecat`: POLECAT's 40 tab-separated columns, as its weekly files name them;
//! - `acled`: ACLED's CSV columns, for the types ACLED codes (political violence, demonstrations,
//!   strategic developments); the other types are left out.
//!
//! Fields rasd does not know (COW codes, GeoNames ids…) are written empty, never guessed.
//!
//! Casualties: `jsonl` (`fatalities`, `injured` as `{count, exact}` on the merged event and with
//! their words on each member), `csv` (`fatalities`, `fatalities_exact`, `injured`,
//! `injured_exact`) and `geojson` (the same two objects as properties) carry the merged event's
//! figures (the latest report's, [`crate::tolls`]). ACLED's `fatalities` is that count — for a
//! lower bound ("at least 10", "dozens") the bound, as ACLED codes them — and is **empty when no
//! report gives a figure**: ACLED writes 0 only for a known zero, so an unknown toll is never
//! written as 0. ACLED has no injured column; its `notes` say "6 killed, 10+ injured".

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use crate::filter::EventSort;
use crate::query::{EventDetail, EventFilter, EventSummary, Page};
use crate::{Error, Result, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Geojson,
    Graphml,
    Polecat,
    Acled,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        Some(match s.to_ascii_lowercase().as_str() {
            "jsonl" | "json" => ExportFormat::Jsonl,
            "csv" => ExportFormat::Csv,
            "geojson" => ExportFormat::Geojson,
            "graphml" => ExportFormat::Graphml,
            "polecat" => ExportFormat::Polecat,
            "acled" => ExportFormat::Acled,
            _ => return None,
        })
    }
}

/// POLECAT's columns, in the order of its weekly TSV files.
pub const POLECAT_COLUMNS: [&str; 40] = [
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Event Intensity",
    "Quad Code",
    "Contexts",
    "Actor Name",
    "Actor Country",
    "Actor COW",
    "Primary Actor Sector",
    "Actor Sectors",
    "Actor Title",
    "Actor Name Raw",
    "Wikipedia Actor ID",
    "Recipient Name",
    "Recipient Country",
    "Recipient COW",
    "Primary Recipient Sector",
    "Recipient Sectors",
    "Recipient Title",
    "Recipient Name Raw",
    "Wikipedia Recipient ID",
    "Placename",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
    "GeoNames ID",
    "Raw Placename",
    "Feature Type",
    "Source",
    "Publication Date",
    "Story People",
    "Story Organizations",
    "Story Locations",
    "Language",
    "Version",
];

/// ACLED's columns, in the order of its CSV exports.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// rasd's flat CSV columns.
pub const CSV_COLUMNS: [&str; 29] = [
    "id",
    "key",
    "type",
    "mode",
    "date_start",
    "date_end",
    "date_precision",
    "source_ids",
    "source_names",
    "target_ids",
    "target_names",
    "location_id",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "location_precision",
    "modality",
    "confidence",
    "events",
    "documents",
    "n_sources",
    "mentions",
    "sources",
    "first_published",
    "fatalities",
    "fatalities_exact",
    "injured",
    "injured_exact",
];

/// PLOVER's quad class of a type.
pub fn quad_code(event_type: &str) -> &'static str {
    match event_type {
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" => "VERBAL COOPERATION",
        "COOPERATE" | "AID" | "RETREAT" => "MATERIAL COOPERATION",
        "REQUEST" | "ACCUSE" | "REJECT" | "THREATEN" => "VERBAL CONFLICT",
        _ => "MATERIAL CONFLICT",
    }
}

fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::from(io),
        k => Error::msg(format!("writing CSV: {k:?}")),
    }
}

/// A text cell made safe for spreadsheets (OWASP, "CSV injection"): a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula by Excel, LibreOffice
/// or Google Sheets (`=cmd|' /C calc'!A0`, `=HYPERLINK(…)`), so it gets a leading apostrophe,
/// which spreadsheets show as a text marker. Only for text columns: numbers (a negative latitude)
/// are written as they are. News outlets, titles and names come from documents, so any of them
/// can start that way.
pub fn csv_text(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s }
}

fn opt_f(x: Option<f64>) -> String {
    x.map(|v| format!("{v}")).unwrap_or_default()
}

fn join<T, F: Fn(&T) -> String>(xs: &[T], f: F, sep: &str) -> String {
    xs.iter().map(f).collect::<Vec<_>>().join(sep)
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// ACLED's (disorder type, event type, sub-event type) for a PLOVER type and mode, or None when
/// ACLED does not code that kind of event.
fn acled_types(t: &str, mode: Option<&str>) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match (t, mode.unwrap_or("")) {
        ("ASSAULT", "aerial") => ("Political violence", "Explosions/Remote violence", "Air/drone strike"),
        ("ASSAULT", "heavy-weapons") => ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("ASSAULT", "explosives") => ("Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("ASSAULT", "suicide-attack") => ("Political violence", "Explosions/Remote violence", "Suicide bomb"),
        ("ASSAULT", "abduct") => ("Political violence", "Violence against civilians", "Abduction/forced disappearance"),
        ("ASSAULT", "sexual") => ("Political violence", "Violence against civilians", "Sexual violence"),
        ("ASSAULT", "firearms") => ("Political violence", "Battles", "Armed clash"),
        ("ASSAULT", "destroy") => ("Strategic developments", "Strategic developments", "Looting/property destruction"),
        ("ASSAULT", _) => ("Political violence", "Violence against civilians", "Attack"),
        ("PROTEST", "riot") => ("Demonstrations", "Riots", "Violent demonstration"),
        ("PROTEST", _) => ("Demonstrations", "Protests", "Peaceful protest"),
        ("COERCE", "arrest") => ("Strategic developments", "Strategic developments", "Arrests"),
        ("COERCE", _) | ("MOBILIZE", _) | ("RETREAT", _) => {
            ("Strategic developments", "Strategic developments", "Change to group/activity")
        }
        ("AGREE", _) => ("Strategic developments", "Strategic developments", "Agreement"),
        _ => return None,
    })
}

/// ACLED's numeric actor type, where rasd's entity kind and sector say it plainly.
fn acled_inter(kind: &str, sector: Option<&str>, t: &str) -> &'static str {
    if t == "PROTEST" && matches!(kind, "group" | "organization") && sector.is_none_or(|s| !matches!(s, "GOV" | "MIL")) {
        return "6";
    }
    match (kind, sector) {
        ("group", Some("MIL" | "REB" | "UAF" | "SPY")) => "2",
        ("country", _) | (_, Some("GOV" | "MIL" | "COP" | "SPY" | "JUD")) => "1",
        (_, Some("CVL")) => "7",
        _ => "",
    }
}

struct EntityExtra {
    sector: Option<String>,
}

impl Store {
    fn extra(&self, id: &str) -> Result<EntityExtra> {
        let sector = match self.db().query_opt("SELECT sector FROM entities WHERE id = ?1", &[&id])? {
            Some(r) => r.get::<Option<String>>(0)?,
            None => None,
        };
        Ok(EntityExtra { sector })
    }

    /// Contexts of a merged event's members (sorted, distinct).
    fn merged_contexts(&self, merged: i64) -> Result<Vec<String>> {
        let mut set = BTreeSet::new();
        for r in
            self.db().query("SELECT e.contexts FROM event_merge em JOIN events e ON e.id = em.event WHERE em.merged = ?1", &[&merged])?
        {
            for x in r.get::<String>(0)?.split(',').filter(|x| !x.is_empty()) {
                set.insert(x.to_string());
            }
        }
        Ok(set.into_iter().collect())
    }

    /// Names of the people, organisations and places mentioned in a merged event's documents.
    fn story_entities(&self, merged: i64) -> Result<BTreeMap<String, Vec<String>>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in self.db().query(
            "SELECT DISTINCT x.kind, x.name_en FROM event_merge em JOIN events e ON e.id = em.event JOIN mentions m ON m.doc = e.doc JOIN entities x ON x.id = m.entity
             WHERE em.merged = ?1 ORDER BY x.kind, x.name_en",
            &[&merged],
        )? {
            let (k, n): (String, String) = (r.get(0)?, r.get(1)?);
            let k = match k.as_str() {
                "person" => "people",
                "organization" | "group" => "organizations",
                _ => "locations",
            };
            out.entry(k.to_string()).or_default().push(n);
        }
        Ok(out)
    }

    fn country_name(&self, iso3: &str) -> Result<Option<String>> {
        match self.db().query_opt("SELECT name_en FROM entities WHERE kind = 'country' AND country = ?1 ORDER BY id LIMIT 1", &[&iso3])? {
            Some(r) => Ok(Some(r.get(0)?)),
            None => Ok(None),
        }
    }

    /// Calls `f` for every merged event matching `filter` (the first `max` of them, by date), a
    /// page at a time. Returns how many.
    fn each_event(&self, filter: &EventFilter, max: usize, f: &mut dyn FnMut(&EventSummary) -> Result<()>) -> Result<usize> {
        let mut offset = 0;
        loop {
            let limit = 1000.min(max - offset);
            if limit == 0 {
                return Ok(offset);
            }
            let (_, page) = self.events_now(filter, EventSort::default(), Page { limit, offset })?;
            if page.is_empty() {
                return Ok(offset);
            }
            for e in &page {
                f(e)?;
            }
            offset += page.len();
        }
    }

    /// Writes the merged events matching `filter` in `format`. Returns the number of records written.
    pub fn export(&self, format: ExportFormat, filter: &EventFilter, out: &mut dyn Write) -> Result<usize> {
        self.export_bounded(format, filter, usize::MAX, out)
    }

    /// Like [`Store::export`], but with at most `max` merged events (the earliest, by date): a
    /// server's bound. (`graphml` writes the network of every matching event.)
    pub fn export_bounded(&self, format: ExportFormat, filter: &EventFilter, max: usize, out: &mut dyn Write) -> Result<usize> {
        self.snapshot(|| self.export_now(format, filter, max, out))
    }

    fn export_now(&self, format: ExportFormat, filter: &EventFilter, max: usize, out: &mut dyn Write) -> Result<usize> {
        match format {
            ExportFormat::Jsonl => {
                let mut n = 0;
                self.each_event(filter, max, &mut |e| {
                    let d: EventDetail = self.event(e.id)?.ok_or_else(|| Error::msg(format!("merged event {} vanished", e.id)))?;
                    writeln!(out, "{}", serde_json::to_string(&d).expect("plain data serialises"))?;
                    n += 1;
                    Ok(())
                })?;
                Ok(n)
            }
            ExportFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(CSV_COLUMNS).map_err(csv_err)?;
                let n = self.each_event(filter, max, &mut |e| {
                    let loc = e.location.as_ref();
                    w.write_record([
                        e.id.to_string(),
                        csv_text(e.key.clone()),
                        csv_text(e.event_type.clone()),
                        csv_text(e.mode.clone().unwrap_or_default()),
                        csv_text(e.date_start.clone().unwrap_or_default()),
                        csv_text(e.date_end.clone().unwrap_or_default()),
                        csv_text(e.date_precision.clone().unwrap_or_default()),
                        csv_text(join(&e.source, |a| a.id.clone(), ";")),
                        csv_text(join(&e.source, |a| a.name_en.clone(), ";")),
                        csv_text(join(&e.target, |a| a.id.clone(), ";")),
                        csv_text(join(&e.target, |a| a.name_en.clone(), ";")),
                        csv_text(loc.map(|l| l.id.clone()).unwrap_or_default()),
                        csv_text(loc.map(|l| l.name_en.clone()).unwrap_or_default()),
                        csv_text(loc.and_then(|l| l.country.clone()).unwrap_or_default()),
                        opt_f(loc.and_then(|l| l.lat)),
                        opt_f(loc.and_then(|l| l.lon)),
                        csv_text(loc.and_then(|l| l.precision.clone()).unwrap_or_default()),
                        csv_text(e.modality.clone()),
                        format!("{}", e.confidence),
                        e.events.to_string(),
                        e.documents.to_string(),
                        e.n_sources.to_string(),
                        e.mentions.to_string(),
                        csv_text(e.sources.join(";")),
                        csv_text(e.first_published.clone().unwrap_or_default()),
                        e.fatalities.map(|t| t.count.to_string()).unwrap_or_default(),
                        e.fatalities.map(|t| t.exact.to_string()).unwrap_or_default(),
                        e.injured.map(|t| t.count.to_string()).unwrap_or_default(),
                        e.injured.map(|t| t.exact.to_string()).unwrap_or_default(),
                    ])
                    .map_err(csv_err)
                })?;
                w.flush()?;
                Ok(n)
            }
            ExportFormat::Geojson => {
                write!(out, "{{\"type\":\"FeatureCollection\",\"features\":[")?;
                let mut n = 0;
                self.each_event(filter, max, &mut |e| {
                    let Some(l) = &e.location else { return Ok(()) };
                    let (Some(lat), Some(lon)) = (l.lat, l.lon) else { return Ok(()) };
                    if !matches!(l.precision.as_deref(), Some("city" | "site")) || !lat.is_finite() || !lon.is_finite() {
                        return Ok(());
                    }
                    let feature = serde_json::json!({
                        "type": "Feature",
                        "id": e.key,
                        "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        "properties": {
                            "id": e.id,
                            "type": e.event_type,
                            "mode": e.mode,
                            "date_start": e.date_start,
                            "date_end": e.date_end,
                            "date_precision": e.date_precision,
                            "source": join(&e.source, |a| a.name_en.clone(), "; "),
                            "target": join(&e.target, |a| a.name_en.clone(), "; "),
                            "place": l.name_en,
                            "place_ar": l.name_ar,
                            "country": l.country,
                            "precision": l.precision,
                            "modality": e.modality,
                            "documents": e.documents,
                            "sources": e.sources,
                            "fatalities": e.fatalities,
                            "injured": e.injured,
                        }
                    });
                    if n > 0 {
                        write!(out, ",")?;
                    }
                    write!(out, "\n{feature}")?;
                    n += 1;
                    Ok(())
                })?;
                writeln!(out, "\n]}}")?;
                Ok(n)
            }
            ExportFormat::Graphml => {
                let g = self.graph(filter)?;
                writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
                writeln!(
                    out,
                    r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
                )?;
                for (id, for_, name, ty) in [
                    ("name_en", "node", "name_en", "string"),
                    ("name_ar", "node", "name_ar", "string"),
                    ("kind", "node", "kind", "string"),
                    ("country", "node", "country", "string"),
                    ("events", "node", "events", "int"),
                    ("weight", "edge", "weight", "int"),
                    ("types", "edge", "types", "string"),
                ] {
                    writeln!(out, r#"  <key id="{id}" for="{for_}" attr.name="{name}" attr.type="{ty}"/>"#)?;
                }
                writeln!(out, r#"  <graph id="rasd" edgedefault="directed">"#)?;
                for n in &g.nodes {
                    let a = &n.actor;
                    writeln!(out, r#"    <node id="{}">"#, xml_escape(&a.id))?;
                    writeln!(out, r#"      <data key="name_en">{}</data>"#, xml_escape(&a.name_en))?;
                    writeln!(out, r#"      <data key="name_ar">{}</data>"#, xml_escape(&a.name_ar))?;
                    writeln!(out, r#"      <data key="kind">{}</data>"#, xml_escape(&a.kind))?;
                    if let Some(c) = &a.country {
                        writeln!(out, r#"      <data key="country">{}</data>"#, xml_escape(c))?;
                    }
                    writeln!(out, r#"      <data key="events">{}</data>"#, n.events)?;
                    writeln!(out, "    </node>")?;
                }
                for (i, e) in g.edges.iter().enumerate() {
                    writeln!(out, r#"    <edge id="e{}" source="{}" target="{}">"#, i + 1, xml_escape(&e.source), xml_escape(&e.target))?;
                    writeln!(out, r#"      <data key="weight">{}</data>"#, e.events)?;
                    let types = e.types.iter().map(|(t, n)| format!("{t}:{n}")).collect::<Vec<_>>().join(";");
                    writeln!(out, r#"      <data key="types">{}</data>"#, xml_escape(&types))?;
                    writeln!(out, "    </edge>")?;
                }
                writeln!(out, "  </graph>\n</graphml>")?;
                Ok(g.edges.len())
            }
            ExportFormat::Polecat => {
                let mut w = csv::WriterBuilder::new().delimiter(b'\t').quote_style(csv::QuoteStyle::Necessary).from_writer(out);
                w.write_record(POLECAT_COLUMNS).map_err(csv_err)?;
                let version = format!("rasd {}", rasd_pipeline::report::RASD_VERSION);
                let n = self.each_event(filter, max, &mut |e| {
                    let contexts = self.merged_contexts(e.id)?;
                    let story = self.story_entities(e.id)?;
                    let sectors = |xs: &[crate::ActorRef]| -> Result<Vec<String>> {
                        xs.iter().map(|a| Ok(self.extra(&a.id)?.sector.unwrap_or_default())).collect()
                    };
                    let (ss, ts) = (sectors(&e.source)?, sectors(&e.target)?);
                    let loc = e.location.as_ref();
                    let prec = loc.and_then(|l| l.precision.as_deref());
                    let tab_free = |s: String| s.replace(['\t', '\n', '\r'], " ");
                    let story_list =
                        |k: &str| story.get(k).map(|v| v.iter().take(30).cloned().collect::<Vec<_>>().join("; ")).unwrap_or_default();
                    let row: [String; 40] = [
                        e.key.clone(),
                        e.date_start.clone().unwrap_or_default(),
                        e.event_type.clone(),
                        e.mode.clone().unwrap_or_default(),
                        String::new(),
                        quad_code(&e.event_type).to_string(),
                        contexts.join("; "),
                        join(&e.source, |a| a.name_en.clone(), "; "),
                        join(&e.source, |a| a.country.clone().unwrap_or_default(), "; "),
                        String::new(),
                        ss.first().cloned().unwrap_or_default(),
                        ss.join("; "),
                        String::new(),
                        join(&e.source, |a| a.name_ar.clone(), "; "),
                        String::new(),
                        join(&e.target, |a| a.name_en.clone(), "; "),
                        join(&e.target, |a| a.country.clone().unwrap_or_default(), "; "),
                        String::new(),
                        ts.first().cloned().unwrap_or_default(),
                        ts.join("; "),
                        String::new(),
                        join(&e.target, |a| a.name_ar.clone(), "; "),
                        String::new(),
                        loc.map(|l| l.name_en.clone()).unwrap_or_default(),
                        if matches!(prec, Some("city")) { loc.map(|l| l.name_en.clone()).unwrap_or_default() } else { String::new() },
                        String::new(),
                        if matches!(prec, Some("region")) { loc.map(|l| l.name_en.clone()).unwrap_or_default() } else { String::new() },
                        loc.and_then(|l| l.country.clone()).unwrap_or_default(),
                        opt_f(loc.and_then(|l| l.lat)),
                        opt_f(loc.and_then(|l| l.lon)),
                        String::new(),
                        loc.map(|l| l.name_ar.clone()).unwrap_or_default(),
                        prec.unwrap_or_default().to_string(),
                        e.sources.join("; "),
                        e.first_published.clone().unwrap_or_default(),
                        story_list("people"),
                        story_list("organizations"),
                        story_list("locations"),
                        "ar".to_string(),
                        version.clone(),
                    ];
                    // Columns 28 and 29 are latitude and longitude: numbers, written as they are.
                    let row: Vec<String> =
                        row.into_iter().enumerate().map(|(i, c)| if i == 28 || i == 29 { c } else { csv_text(tab_free(c)) }).collect();
                    w.write_record(row).map_err(csv_err)
                })?;
                w.flush()?;
                Ok(n)
            }
            ExportFormat::Acled => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(ACLED_COLUMNS).map_err(csv_err)?;
                let mut n = 0;
                self.each_event(filter, max, &mut |e| {
                    let Some((disorder, ev_type, sub)) = acled_types(&e.event_type, e.mode.as_deref()) else { return Ok(()) };
                    let loc = e.location.as_ref();
                    let prec = loc.and_then(|l| l.precision.as_deref());
                    let time_precision = match e.date_precision.as_deref() {
                        Some("day") => "1",
                        Some("range" | "week") => "2",
                        Some(_) => "3",
                        None => "",
                    };
                    let geo_precision = match prec {
                        Some("site" | "city") => "1",
                        Some("region") => "2",
                        Some(_) => "3",
                        None => "",
                    };
                    let inter = |xs: &[crate::ActorRef]| -> Result<&'static str> {
                        match xs.first() {
                            Some(a) => Ok(acled_inter(&a.kind, self.extra(&a.id)?.sector.as_deref(), &e.event_type)),
                            None => Ok(""),
                        }
                    };
                    // ACLED names an actor the report does not as the "Unidentified Armed Group (Country)"
                    // (inter 3): an attacker, and the unnamed side of an arrest, a release or a deployment
                    // (ACLED has no row without actor1).
                    let unidentified = e.source.is_empty();
                    let i1 = if unidentified { "3" } else { inter(&e.source)? };
                    let i2 = inter(&e.target)?;
                    let interaction = match (i1.parse::<u8>(), i2.parse::<u8>()) {
                        (Ok(a), Ok(b)) => format!("{}{}", a.min(b), a.max(b)),
                        (Ok(a), Err(_)) | (Err(_), Ok(a)) => format!("{a}0"),
                        _ => String::new(),
                    };
                    let country = match loc.and_then(|l| l.country.clone()) {
                        Some(c) => self.country_name(&c)?.unwrap_or(c),
                        None => String::new(),
                    };
                    let names = |xs: &[crate::ActorRef]| join(xs, |a| a.name_en.clone(), "; ");
                    let notes = format!(
                        "{}{}{} → {}{}{} (rasd {}{}; {} report{} from {} outlet{})",
                        e.date_start.as_deref().map(|d| format!("On {d}: ")).unwrap_or_default(),
                        "",
                        if e.source.is_empty() { "unknown".to_string() } else { names(&e.source) },
                        if e.target.is_empty() { "unknown".to_string() } else { names(&e.target) },
                        loc.map(|l| format!(" in {}", l.name_en)).unwrap_or_default(),
                        Some(crate::tolls::describe(e.fatalities, e.injured))
                            .filter(|t| !t.is_empty())
                            .map(|t| format!(": {t}"))
                            .unwrap_or_default(),
                        e.event_type,
                        e.mode.as_deref().map(|m| format!("/{m}")).unwrap_or_default(),
                        e.documents,
                        if e.documents == 1 { "" } else { "s" },
                        e.n_sources,
                        if e.n_sources == 1 { "" } else { "s" },
                    );
                    let first = |xs: &[crate::ActorRef]| xs.first().map(|a| a.name_en.clone()).unwrap_or_default();
                    let actor1 = match (unidentified, country.is_empty()) {
                        (true, false) => format!("Unidentified Armed Group ({country})"),
                        (true, true) => "Unidentified Armed Group".to_string(),
                        (false, _) => first(&e.source),
                    };
                    let assoc = |xs: &[crate::ActorRef]| xs.iter().skip(1).map(|a| a.name_en.clone()).collect::<Vec<_>>().join("; ");
                    w.write_record([
                        csv_text(e.key.clone()),
                        csv_text(e.date_start.clone().unwrap_or_default()),
                        e.date_start.as_deref().and_then(|d| d.get(..4)).unwrap_or("").to_string(),
                        time_precision.to_string(),
                        csv_text(disorder.to_string()),
                        csv_text(ev_type.to_string()),
                        csv_text(sub.to_string()),
                        csv_text(actor1),
                        csv_text(assoc(&e.source)),
                        i1.to_string(),
                        csv_text(first(&e.target)),
                        csv_text(assoc(&e.target)),
                        i2.to_string(),
                        interaction,
                        String::new(),
                        String::new(),
                        String::new(),
                        csv_text(country),
                        csv_text(if matches!(prec, Some("region")) {
                            loc.map(|l| l.name_en.clone()).unwrap_or_default()
                        } else {
                            String::new()
                        }),
                        String::new(),
                        String::new(),
                        csv_text(loc.map(|l| l.name_en.clone()).unwrap_or_default()),
                        opt_f(loc.and_then(|l| l.lat)),
                        opt_f(loc.and_then(|l| l.lon)),
                        geo_precision.to_string(),
                        csv_text(e.sources.join("; ")),
                        String::new(),
                        csv_text(notes),
                        e.fatalities.map(|t| t.count.to_string()).unwrap_or_default(),
                        csv_text(format!("rasd:{}", e.key)),
                        String::new(),
                    ])
                    .map_err(csv_err)?;
                    n += 1;
                    Ok(())
                })?;
                w.flush()?;
                Ok(n)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_counts_are_the_documented_ones() {
        assert_eq!(POLECAT_COLUMNS.len(), 40);
        assert_eq!(POLECAT_COLUMNS.iter().collect::<BTreeSet<_>>().len(), 40, "no duplicate POLECAT column");
        assert_eq!(ACLED_COLUMNS.iter().collect::<BTreeSet<_>>().len(), ACLED_COLUMNS.len());
    }

    #[test]
    fn quad_codes_cover_every_type() {
        for t in rasd_core::EventType::ALL {
            assert!(!quad_code(t.as_str()).is_empty());
        }
        assert_eq!(quad_code("CONSULT"), "VERBAL COOPERATION");
        assert_eq!(quad_code("ASSAULT"), "MATERIAL CONFLICT");
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
