//! `rasd events`, `rasd event`, `rasd actors`, `rasd search`: reading the event database.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use rasd_store::{EventFilter, EventSummary, ExportFormat, Page, Store};

/// The filters shared by `events`, `actors` and `export`.
#[derive(clap::Args, Clone, Default)]
pub struct FilterArgs {
    /// An actor (entity id, English or Arabic name); repeat for events involving all of them.
    #[arg(long = "actor")]
    actors: Vec<String>,
    /// A PLOVER type (CONSULT, ASSAULT, …).
    #[arg(long = "type")]
    event_type: Option<String>,
    /// An ISO 3166 alpha-3 code: an actor of that country, or a place in it; repeatable.
    #[arg(long = "country")]
    countries: Vec<String>,
    /// Events whose dates reach this day or later (YYYY-MM-DD).
    #[arg(long, value_parser = crate::ingest::parse_date)]
    from: Option<rasd_core::Date>,
    /// Events whose dates start on this day or earlier (YYYY-MM-DD).
    #[arg(long, value_parser = crate::ingest::parse_date)]
    to: Option<rasd_core::Date>,
    /// LAT,LON,KM: events placed (city, site or region) within KM of the point.
    #[arg(long, value_parser = parse_near)]
    near: Option<(f64, f64, f64)>,
    /// Words that must all occur in the event's evidence (normalised, clitics allowed).
    #[arg(long)]
    text: Option<String>,
    /// An outlet (part of its name), e.g. BBC.
    #[arg(long = "source")]
    source: Option<String>,
}

impl FilterArgs {
    pub fn filter(&self) -> EventFilter {
        EventFilter {
            actors: self.actors.clone(),
            event_type: self.event_type.clone(),
            countries: self.countries.clone(),
            from: self.from.map(|d| d.to_string()),
            to: self.to.map(|d| d.to_string()),
            near: self.near,
            text: self.text.clone(),
            source: self.source.clone(),
            ..EventFilter::default()
        }
    }

    /// Checks values a typo would silently turn into an empty result.
    pub fn check(&self, store: &Store) -> Result<()> {
        if let Err(problem) = self.filter().check() {
            bail!("--{problem}");
        }
        for a in &self.actors {
            if store.resolve_actor(a)?.is_empty() {
                crate::note!("rasd: no actor in the database matches {a:?}");
            }
        }
        Ok(())
    }
}

fn parse_near(s: &str) -> Result<(f64, f64, f64), String> {
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{s:?}: expected LAT,LON,KM (e.g. 16.27,-0.04,200)"))?;
    match parts[..] {
        [lat, lon, km] if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && km >= 0.0 => Ok((lat, lon, km)),
        _ => Err(format!("{s:?}: expected LAT,LON,KM with -90≤LAT≤90, -180≤LON≤180, KM≥0")),
    }
}

#[derive(Copy, Clone, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
}

#[derive(clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    filter: FilterArgs,
    /// `table` (readable), `json` (JSON Lines, one merged event per line) or `csv`.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
    /// At most this many events (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
    #[arg(long, default_value = rasd_store::DEFAULT_DB)]
    db: String,
}

#[derive(clap::Args)]
pub struct EventArgs {
    /// A merged event id (as `rasd events` lists them).
    id: i64,
    /// `table` (readable) or `json`.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
    #[arg(long, default_value = rasd_store::DEFAULT_DB)]
    db: String,
}

#[derive(clap::Args)]
pub struct ActorsArgs {
    /// How many actors.
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Only events with this actor (who met Haftar most: `--with Haftar --type CONSULT`); repeatable.
    #[arg(long = "with")]
    with: Vec<String>,
    #[command(flatten)]
    filter: FilterArgs,
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
    #[arg(long, default_value = rasd_store::DEFAULT_DB)]
    db: String,
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words (Arabic or Latin); every word must occur.
    #[arg(required = true)]
    words: Vec<String>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// `table` or `json` (JSON Lines).
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
    #[arg(long, default_value = rasd_store::DEFAULT_DB)]
    db: String,
}

/// Opens an existing database (a query never creates one by accident).
/// `db` is an SQLite file or a `postgres://…` URL.
pub fn open_existing(db: &str) -> Result<Store> {
    let name = rasd_store::pg::redact(db);
    if !rasd_store::is_postgres_url(db) && !std::path::Path::new(db).exists() {
        bail!("{name}: no such database (create one with `rasd ingest FILE… --db {name}`)");
    }
    let store = Store::open_url(db).with_context(|| format!("opening {name}"))?;
    if store.merged_is_stale()? {
        crate::note!("rasd: {name}: events were stored without rebuilding the merged events; run `rasd merge --db {name}`");
    }
    Ok(store)
}

/// Actor names for a table line: the three most reported (the list comes most reported first).
fn names(xs: &[rasd_store::ActorRef]) -> String {
    if xs.is_empty() {
        return "—".into();
    }
    let shown = xs.iter().take(3).map(|a| a.name_en.as_str()).collect::<Vec<_>>().join(" + ");
    if xs.len() > 3 { format!("{shown} +{} more", xs.len() - 3) } else { shown }
}

fn date_of(e: &EventSummary) -> String {
    match (&e.date_start, &e.date_end) {
        (Some(s), Some(t)) if s == t => s.clone(),
        (Some(s), Some(t)) => format!("{s} … {t}"),
        _ => "undated".into(),
    }
}

fn table_line(e: &EventSummary) -> String {
    format!(
        "{:>6}  {:<24} {:<22} {} → {}{}  [{}]  {} doc{} / {} source{}",
        e.id,
        date_of(e),
        format!("{}{}", e.event_type, e.mode.as_deref().map(|m| format!("/{m}")).unwrap_or_default()),
        names(&e.source),
        names(&e.target),
        e.location.as_ref().map(|l| format!(" @ {}", l.name_en)).unwrap_or_default(),
        e.modality,
        e.documents,
        if e.documents == 1 { "" } else { "s" },
        e.n_sources,
        if e.n_sources == 1 { "" } else { "s" },
    )
}

pub fn events(args: EventsArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    args.filter.check(&store)?;
    let filter = args.filter.filter();
    match args.format {
        ListFormat::Csv => {
            if args.limit != 50 || args.offset != 0 {
                crate::note!("rasd: --format csv lists every matching event (--limit/--offset apply to table and json)");
            }
            store.export(ExportFormat::Csv, &filter, out)?;
        }
        ListFormat::Json | ListFormat::Table => {
            let page = Page { limit: if args.limit == 0 { usize::MAX / 4 } else { args.limit }, offset: args.offset };
            let (total, evs) = store.events(&filter, page)?;
            if args.format == ListFormat::Json {
                for e in &evs {
                    writeln!(out, "{}", serde_json::to_string(e)?)?;
                }
            } else {
                for e in &evs {
                    put(out, &table_line(e))?;
                }
                writeln!(
                    out,
                    "({} of {total} merged events{})",
                    evs.len(),
                    if args.offset > 0 { format!(", from {}", args.offset + 1) } else { String::new() }
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn event(args: EventArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let Some(d) = store.event(args.id)? else { bail!("no merged event {} in {}", args.id, rasd_store::pg::redact(&args.db)) };
    if args.format == ListFormat::Json {
        writeln!(out, "{}", serde_json::to_string(&d)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    put(out, &table_line(&d.summary))?;
    put(out, &format!("        sources: {}", if d.summary.sources.is_empty() { "—".into() } else { d.summary.sources.join(", ") }))?;
    let tolls = rasd_store::tolls::describe(d.summary.fatalities, d.summary.injured);
    if !tolls.is_empty() {
        writeln!(out, "        casualties: {tolls} (the latest report's figures)")?;
    }
    for m in &d.members {
        put(
            out,
            &format!(
                "  ─ {} ({}, {}, {})  {}",
                m.coding_id,
                m.document.source.as_deref().unwrap_or("no source"),
                m.document.published.as_deref().unwrap_or("undated"),
                m.modality,
                m.document.title.as_deref().unwrap_or("")
            ),
        )?;
        let stated = |t: &Option<rasd_store::StatedToll>, what: &str| {
            t.as_ref().map(|t| format!("{}{} {what} «{}»", t.count, if t.exact { "" } else { "+" }, t.text))
        };
        let tolls: Vec<String> = [stated(&m.fatalities, "killed"), stated(&m.injured, "injured")].into_iter().flatten().collect();
        if !tolls.is_empty() {
            put(out, &format!("      casualties: {}", tolls.join(", ")))?;
        }
        for ev in &m.evidence {
            let excerpt: String = ev.text.chars().take(160).collect();
            let more = if ev.text.chars().count() > 160 { "…" } else { "" };
            put(out, &format!("      «{}» {}{more}", ev.trigger, excerpt.replace('\n', " ")))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn actors(args: ActorsArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let mut f = args.filter.clone();
    f.actors.extend(args.with.iter().cloned());
    f.check(&store)?;
    let list = store.actors(&f.filter(), args.top)?;
    match args.format {
        ListFormat::Json => {
            for a in &list {
                writeln!(out, "{}", serde_json::to_string(a)?)?;
            }
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(["id", "name_en", "name_ar", "kind", "country", "events", "documents"])?;
            for a in &list {
                let text = |s: &str| rasd_store::export::csv_text(s.to_string());
                w.write_record([
                    text(&a.actor.id),
                    text(&a.actor.name_en),
                    text(&a.actor.name_ar),
                    text(&a.actor.kind),
                    text(a.actor.country.as_deref().unwrap_or("")),
                    a.events.to_string(),
                    a.documents.to_string(),
                ])?;
            }
            w.flush()?;
        }
        ListFormat::Table => {
            for (i, a) in list.iter().enumerate() {
                put(
                    out,
                    &format!(
                        "{:>4}. {:<36} {:<26} {:<12} {:<4} {:>6} events {:>6} docs  {}",
                        i + 1,
                        a.actor.name_en,
                        a.actor.name_ar,
                        a.actor.kind,
                        a.actor.country.as_deref().unwrap_or("-"),
                        a.events,
                        a.documents,
                        a.actor.id
                    ),
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes one line of human output, its control characters escaped (see `term`).
fn put(out: &mut dyn Write, line: &str) -> std::io::Result<()> {
    writeln!(out, "{}", crate::term::line(line))
}

pub fn search(args: SearchArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    let words = args.words.join(" ");
    let (total, hits) = store.search(&words, Page { limit: args.limit, offset: args.offset })?;
    for h in &hits {
        if args.format == ListFormat::Json {
            writeln!(out, "{}", serde_json::to_string(h)?)?;
        } else {
            put(
                out,
                &format!(
                    "{:>6}  {}  {}  {}",
                    h.document.id,
                    h.document.published.as_deref().unwrap_or("undated   "),
                    h.document.source.as_deref().unwrap_or("-"),
                    h.document.title.as_deref().unwrap_or(&h.document.doc_id),
                ),
            )?;
            let [before, word, after] = &h.snippet_parts;
            put(out, &format!("        {before}«{word}»{after}"))?;
        }
    }
    if args.format == ListFormat::Table {
        writeln!(out, "({} of {total} documents)", hits.len())?;
    }
    Ok(ExitCode::SUCCESS)
}
