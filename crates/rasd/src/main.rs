//! The `rasd` command line: glue over the library crates.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use rasd_core::Date;
use rasd_pipeline::{Options, analyze, report};
use rasd_read::{InputFormat, read_inputs};

mod analyze;
mod export;
mod ingest;
mod query;
mod queue;
mod serve;
mod skipped;
mod submit;
mod term;
mod worker;

// The pipeline allocates many small strings (token keys, phrase keys); mimalloc spends a
// fraction of the system allocator's time on them (measured in README "Figures").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "rasd", version, about = "Arabic news → dated, geolocated, source-attributed PLOVER political events")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Copy, Clone, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Text,
}

#[derive(Copy, Clone, PartialEq, Eq, ValueEnum)]
enum InFormat {
    Auto,
    Text,
    Jsonl,
    Html,
    Feed,
    Warc,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles: files, directories (recursive), or `-` for stdin.
    Analyze {
        /// Output: `json` (one object per document, JSON Lines for several) or a readable `text` report.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Publication date for every input (YYYY-MM-DD), overriding headers and date lines.
        #[arg(long, value_parser = parse_date)]
        published: Option<Date>,
        /// How to read files: by extension and content (`auto`), plain `text`, JSON Lines, saved
        /// web pages (`html`), RSS/Atom (`feed`) or WARC (`warc`, also gzipped).
        #[arg(long = "input-format", value_enum, default_value = "auto")]
        input_format: InFormat,
        /// Code near-duplicates (syndicated copies) too, instead of linking them to the first copy.
        #[arg(long)]
        keep_duplicates: bool,
        /// Analysis threads, 1 to 256 (default: one per core); the output is the same bytes, in
        /// input order, whatever the count.
        #[arg(long, value_parser = crate::ingest::parse_threads)]
        threads: Option<usize>,
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Show, per event, the trigger, the rule that fired, and how each argument, the date and the place were found.
    Explain {
        #[arg(long, value_parser = parse_date)]
        published: Option<Date>,
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Analyse the built-in example article and print the text report (no files needed).
    Demo {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Query the knowledge base.
    Kb {
        #[command(subcommand)]
        command: KbCommand,
    },
    /// Evaluate a stage on its test set.
    Eval {
        #[command(subcommand)]
        command: EvalCommand,
    },
    /// Train a model.
    Train {
        #[command(subcommand)]
        command: TrainCommand,
    },
    /// Measure throughput.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Analyse articles into the event database (default ./rasd.db); seen articles are skipped.
    Ingest(ingest::IngestArgs),
    /// Rebuild the cross-document merged events (or undo merging with --undo).
    Merge(ingest::MergeArgs),
    /// List merged events, with filters.
    Events(query::EventsArgs),
    /// One merged event with its reports and evidence.
    Event(query::EventArgs),
    /// Actors by number of events.
    Actors(query::ActorsArgs),
    /// Full-text search over stored articles (normalised Arabic).
    Search(query::SearchArgs),
    /// Export merged events: jsonl, csv, geojson, graphml, polecat, acled.
    Export(export::ExportArgs),
    /// Publish articles to a NATS JetStream queue for `rasd worker`s.
    Submit(submit::SubmitArgs),
    /// Analyse articles from the queue into a shared database (PostgreSQL), with others.
    Worker(worker::WorkerArgs),
    /// Serve the JSON API and the web UI over a database (loopback, read-only by default).
    Serve(serve::ServeArgs),
}

#[derive(Subcommand)]
enum KbCommand {
    /// Look a name or a role phrase up (`وزير الدفاع الروسي`), at a date.
    Lookup {
        name: String,
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
    },
    /// Counts of what the knowledge base holds.
    Stats,
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The name tagger, on ANERcorp's train split (reproducible: a fixed seed); then scores it on the test split.
    Ner {
        /// The ANERcorp folder (default: ../shared/data/anercorp).
        #[arg(long)]
        data: Option<std::path::PathBuf>,
        /// Where to write the model (default: crates/rasd-ner/model/ner.bin; rebuild rasd to embed it).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Normalise + tokenise + segment + split sentences over a JSON Lines corpus on one thread.
    Text {
        /// Default: ../shared/corpus/ant-multisource/ant_intl_mideast.jsonl.gz
        path: Option<std::path::PathBuf>,
        #[arg(long)]
        max: Option<usize>,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// The name tagger: CoNLL entity-level P/R/F1 per type on ANERcorp's test split (AQMAR first, if present); last line `micro_f1 NN.NN`.
    Ner {
        #[arg(long)]
        data: Option<std::path::PathBuf>,
        /// A model file instead of the embedded one.
        #[arg(long)]
        model: Option<std::path::PathBuf>,
    },
    /// Clitic segmentation against UD Arabic-PUD's gold words (default ../shared/data/ud-arabic-pud); last line `f1 NN.NN`.
    Segmentation { path: Option<std::path::PathBuf> },
    /// Time expressions: exact-interval accuracy on the committed test set (or PATH).
    Time { path: Option<std::path::PathBuf> },
    /// Entity resolution: phrases in context → expected entities; last line `accuracy NN.NN`.
    Resolve { path: Option<std::path::PathBuf> },
    /// Events: precision, recall and F1 on the committed passages (or PATH), or with `--real` on the
    /// blind-annotated real news articles (read from ../shared at run time); last line `f1 N.NNN`.
    Events {
        path: Option<std::path::PathBuf>,
        /// List every missed and extra event.
        #[arg(long)]
        verbose: bool,
        /// Score the real-news gold set (crates/rasd-events/data/realnews) instead of the passages.
        #[arg(long)]
        real: bool,
        /// With --real: which articles (dev, test or all).
        #[arg(long, default_value = "dev", value_parser = ["dev", "test", "all"])]
        split: String,
        /// With --real: score the second annotations of the agreement articles against the first.
        #[arg(long)]
        agreement: bool,
        /// With --real: the ../shared folder (default: next to the repository, or RASD_SHARED).
        #[arg(long)]
        shared: Option<std::path::PathBuf>,
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    rasd_read::parse_iso_date(s).filter(|_| s.trim().len() == 10).ok_or_else(|| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`rasd … | head`) is not a failure.
            if e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)) {
                return ExitCode::SUCCESS;
            }
            crate::note!("rasd: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Flushes the output of a database command.
fn finish(r: Result<ExitCode>, out: &mut impl Write) -> Result<ExitCode> {
    let code = r?;
    out.flush()?;
    Ok(code)
}

fn run(cli: Cli) -> Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match cli.command {
        Command::Ingest(a) => return ingest::run(a),
        Command::Merge(a) => return ingest::merge(a),
        Command::Submit(a) => return submit::run(a),
        Command::Worker(a) => return worker::run(a),
        Command::Events(a) => return finish(query::events(a, &mut out), &mut out),
        Command::Event(a) => return finish(query::event(a, &mut out), &mut out),
        Command::Actors(a) => return finish(query::actors(a, &mut out), &mut out),
        Command::Search(a) => return finish(query::search(a, &mut out), &mut out),
        Command::Export(a) => return finish(export::run(a, &mut out), &mut out),
        Command::Serve(a) => return serve::run(a),
        Command::Analyze { format, published, input_format, keep_duplicates, threads, inputs } => {
            let fmt = match input_format {
                InFormat::Auto => InputFormat::Auto,
                InFormat::Text => InputFormat::Text,
                InFormat::Jsonl => InputFormat::Jsonl,
                InFormat::Html => InputFormat::Html,
                InFormat::Feed => InputFormat::Feed,
                InFormat::Warc => InputFormat::Warc,
            };
            let threads = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
            let s = analyze::run(&inputs, fmt, &Options { published }, keep_duplicates, format, threads, &mut out)?;
            out.flush()?;
            if s.failed > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Explain { published, inputs } => {
            let opts = Options { published };
            let mut failed = false;
            read_inputs(&inputs, InputFormat::Auto, &mut |r| match r {
                Ok(doc) => {
                    let a = analyze(doc, &opts);
                    let a = term::one_line_meta(a);
                    let _ = writeln!(out, "# {}\n{}", a.doc.meta.path, term::text(&report::to_explain(&a)));
                }
                Err(e) => {
                    failed = true;
                    crate::note!("rasd: {e}");
                }
            });
            out.flush()?;
            if failed {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Demo { format } => {
            let doc = rasd_read::text_document("demo", rasd_pipeline::DEMO_ARTICLE.to_string());
            let a = analyze(doc, &Options::default());
            match format {
                Format::Json => writeln!(out, "{}", report::to_json(&a))?,
                Format::Text => write!(out, "{}", report::to_text(&a))?,
            }
        }
        Command::Kb { command: KbCommand::Lookup { name, date } } => {
            let kb = rasd_kb::Kb::embedded();
            let hits = kb.lookup(&name, date);
            if hits.is_empty() {
                bail!("nothing in the knowledge base for {name:?}");
            }
            for (e, how) in hits {
                let ent = kb.entity(e);
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    ent.id,
                    ent.name_en,
                    ent.name_ar,
                    ent.kind.as_str(),
                    ent.country.as_deref().unwrap_or("-"),
                    how
                )?;
            }
        }
        Command::Kb { command: KbCommand::Stats } => {
            let t = std::time::Instant::now();
            let kb = rasd_kb::Kb::embedded();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            writeln!(out, "knowledge base format v{}", rasd_kb::KB_FORMAT_VERSION)?;
            for (k, v) in kb.stats() {
                writeln!(out, "{k:<20} {v}")?;
            }
            writeln!(out, "compiled in {ms:.1} ms")?;
        }
        Command::Eval { command: EvalCommand::Events { path, verbose, real, split, agreement, shared } } if real || agreement => {
            let dir = path.unwrap_or_else(rasd_pipeline::eval_real::default_dir);
            let r = if agreement {
                rasd_pipeline::eval_real::agreement(&dir)
            } else {
                let split = rasd_pipeline::eval_real::Split::parse(&split).expect("clap checked the split");
                rasd_pipeline::eval_real::run(&dir, &shared.unwrap_or_else(rasd_pipeline::eval_real::default_shared), split)
            };
            let r = r.map_err(|e| anyhow::anyhow!("eval events --real: {e}"))?;
            writeln!(out, "{}", r.render(verbose))?;
        }
        Command::Eval { command: EvalCommand::Events { path, verbose, .. } } => {
            let path = path.unwrap_or_else(rasd_pipeline::eval_events::default_path);
            let r = rasd_pipeline::eval_events::run(&path).with_context(|| format!("reading {}", path.display()))?;
            writeln!(out, "{}", r.render(verbose))?;
        }
        Command::Eval { command: EvalCommand::Ner { data, model } } => {
            let dir = data.unwrap_or_else(rasd_ner::eval::default_anercorp_dir);
            let loaded;
            let m = match model {
                Some(p) => {
                    loaded = rasd_ner::Model::load(&p).with_context(|| format!("loading {}", p.display()))?;
                    &loaded
                }
                None => rasd_ner::Model::embedded(),
            };
            let aqmar = rasd_ner::eval::default_aqmar_dir();
            if aqmar.is_dir() {
                let r = rasd_ner::eval::aqmar(m, &aqmar).with_context(|| format!("reading {}", aqmar.display()))?;
                writeln!(out, "# AQMAR (out of domain)\n{}\n", r.render())?;
            }
            let test = dir.join(rasd_ner::eval::ANERCORP_TEST);
            let r = rasd_ner::eval::conll(m, &test).with_context(|| format!("reading {}", test.display()))?;
            writeln!(out, "# ANERcorp test split\n{}", r.render())?;
        }
        Command::Eval { command: EvalCommand::Segmentation { path } } => {
            let path = path.unwrap_or_else(rasd_text::segment::eval::default_pud_path);
            let r = rasd_text::segment::eval::segmentation(&path).with_context(|| format!("reading {}", path.display()))?;
            writeln!(out, "{r}")?;
        }
        Command::Train { command: TrainCommand::Ner { data, out: model_out } } => {
            let dir = data.unwrap_or_else(rasd_ner::eval::default_anercorp_dir);
            let train = dir.join(rasd_ner::eval::ANERCORP_TRAIN);
            let dest = model_out.unwrap_or_else(|| std::path::PathBuf::from("crates/rasd-ner/model/ner.bin"));
            let gazetteer = Some(dir.join("ANERGazet")).filter(|p| p.is_dir());
            let opts = rasd_ner::TrainOptions { verbose: true, gazetteer, ..rasd_ner::TrainOptions::default() };
            let m = rasd_ner::train(&train, &opts).with_context(|| format!("training on {}", train.display()))?;
            m.save(&dest).with_context(|| format!("writing {}", dest.display()))?;
            let test = dir.join(rasd_ner::eval::ANERCORP_TEST);
            let r = rasd_ner::eval::conll(&m, &test).with_context(|| format!("reading {}", test.display()))?;
            writeln!(out, "model written to {} (rebuild rasd to embed it)\n{}", dest.display(), r.render())?;
        }
        Command::Bench { command: BenchCommand::Text { path, max } } => {
            let path = path.unwrap_or_else(rasd_text::bench::default_corpus_path);
            let r = rasd_text::bench::bench_text(&path, max).with_context(|| format!("reading {}", path.display()))?;
            writeln!(out, "{r}")?;
        }
        Command::Eval { command: EvalCommand::Resolve { path } } => {
            let path = path.unwrap_or_else(rasd_pipeline::eval_resolve::default_path);
            let r = rasd_pipeline::eval_resolve::run(&path).with_context(|| format!("reading {}", path.display()))?;
            writeln!(out, "{}", r.render())?;
        }
        Command::Eval { command: EvalCommand::Time { path } } => {
            let path = path.unwrap_or_else(rasd_time::eval::default_path);
            let r = rasd_time::eval::run(&path).with_context(|| format!("reading {}", path.display()))?;
            for f in &r.failures {
                writeln!(out, "FAIL {f}")?;
            }
            writeln!(out, "expressions {}  correct {}  elapsed_ms {:.1}", r.total, r.correct, r.elapsed.as_secs_f64() * 1000.0)?;
            writeln!(out, "accuracy {:.2}", r.accuracy())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
