//! `rasd export`: the merged events in the field's formats.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use rasd_store::ExportFormat;

use crate::query::{FilterArgs, open_existing};

#[derive(Copy, Clone, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One merged event per line, with its member events and evidence.
    Jsonl,
    /// rasd's flat table.
    Csv,
    /// Points for events placed at city or site precision.
    Geojson,
    /// The directed actor network.
    Graphml,
    /// POLECAT's 40 tab-separated columns.
    Polecat,
    /// ACLED's CSV columns (the types ACLED codes).
    Acled,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    format: Format,
    #[command(flatten)]
    filter: FilterArgs,
    #[arg(long, default_value = rasd_store::DEFAULT_DB)]
    db: String,
}

pub fn run(args: ExportArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let store = open_existing(&args.db)?;
    args.filter.check(&store)?;
    let format = match args.format {
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Csv => ExportFormat::Csv,
        Format::Geojson => ExportFormat::Geojson,
        Format::Graphml => ExportFormat::Graphml,
        Format::Polecat => ExportFormat::Polecat,
        Format::Acled => ExportFormat::Acled,
    };
    let n = store.export(format, &args.filter.filter(), out)?;
    out.flush()?;
    eprintln!("rasd: {n} {} exported", if format == ExportFormat::Graphml { "edges" } else { "records" });
    Ok(ExitCode::SUCCESS)
}
