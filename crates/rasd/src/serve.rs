//! `rasd serve`: the HTTP API and web UI over an event database (see `rasd-serve`).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Result, bail};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The database: an SQLite file (built with `rasd ingest`) or `postgres://user@host/dbname`
    /// (filled by `rasd worker`s).
    #[arg(long, default_value = rasd_store::DEFAULT_DB)]
    db: String,
    /// Address to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Allow an address other than loopback (the API is then reachable from other machines).
    #[arg(long)]
    public: bool,
    /// Allow this origin (`https://host:port`, or `*`) to call the API from its pages (CORS). Off by default.
    #[arg(long)]
    cors: Option<String>,
    /// Enable the write endpoint: storing an analysed article in the database.
    #[arg(long)]
    allow_writes: bool,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    max_body: usize,
    /// Most rows per page.
    #[arg(long, default_value_t = 500)]
    max_page: usize,
    /// Time one database query may take, in milliseconds, before it is interrupted.
    #[arg(long, default_value_t = 5000)]
    query_ms: u64,
    /// Largest `near` radius, in km.
    #[arg(long, default_value_t = 2000.0)]
    max_near_km: f64,
    /// Seconds a connection may stay without a request in progress and without moving a byte,
    /// and a client has to send a request's header, before the connection is closed.
    #[arg(long, default_value_t = 20)]
    idle_secs: u64,
    /// Connections open at once (the rest wait to be accepted).
    #[arg(long, default_value_t = 512)]
    max_connections: usize,
}

pub fn run(a: ServeArgs) -> Result<ExitCode> {
    if let Some(o) = &a.cors
        && let Err(e) = rasd_serve::security::check_origin(o)
    {
        bail!(e);
    }
    if a.cors.as_deref() == Some("*") && a.allow_writes {
        crate::note!(
            "rasd: warning: --cors '*' with --allow-writes lets any web page the browser opens store articles in {} through this server; name the one origin that needs it instead",
            rasd_store::pg::redact(&a.db)
        );
    }
    if a.max_page == 0
        || a.max_body == 0
        || a.query_ms == 0
        || a.idle_secs == 0
        || a.max_connections == 0
        || a.max_near_km.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
    {
        bail!("--max-page, --max-body, --query-ms, --max-near-km, --idle-secs and --max-connections must be positive");
    }
    let mut config = rasd_serve::Config {
        addr: a.addr,
        public: a.public,
        cors: a.cors,
        allow_writes: a.allow_writes,
        max_body: a.max_body,
        timeouts: rasd_serve::conn::Timeouts {
            header_read: Duration::from_secs(a.idle_secs),
            idle: Duration::from_secs(a.idle_secs),
            max_connections: a.max_connections,
        },
        ..Default::default()
    };
    config.limits.max_page = a.max_page;
    config.limits.query_time = Duration::from_millis(a.query_ms);
    config.limits.max_near_km = a.max_near_km;
    rasd_serve::run(&a.db, config)?;
    Ok(ExitCode::SUCCESS)
}
