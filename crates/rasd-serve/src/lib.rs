//! `rasd serve`: a JSON API over the event database and the web UI, in one process.
//!
//! - [`backend`]: what the server needs from a store ([`Backend`]), and its SQLite implementation
//!   (read-only connections; a writer only with `--allow-writes`).
//! - [`api`]: the handlers (`/api/…`), [`params`]: query strings → validated filters and pages,
//!   [`article`]: a document's text with the spans to highlight, [`openapi`]: `/openapi.json`.
//! - [`assets`]: the UI (`ui/dist`, built with npm at development time and committed), embedded
//!   in the binary; nothing is fetched at run time.
//! - [`metrics`]: `/metrics` in the Prometheus text format (requests, errors, database counts).
//! - [`security`]: response headers (a strict Content-Security-Policy), the Host check that keeps
//!   a loopback server from being reached through DNS rebinding, CORS only when asked.
//!
//! Safety defaults: loopback address, read-only database connections, write endpoints off,
//! request bodies and page sizes capped, every query bounded in time, `near` radius bounded,
//! static paths never leave the embedded files, no CORS header unless an origin is given.

// The OpenAPI document is one large `json!` literal.
#![recursion_limit = "512"]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

pub mod api;
pub mod article;
pub mod assets;
pub mod backend;
pub mod conn;
pub mod export;
pub mod metrics;
pub mod openapi;
pub mod params;
pub mod security;

pub use backend::{Backend, SqliteBackend, StoreBackend};

/// How the server runs. [`Config::default`] is the safe default `rasd serve` starts with.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    /// Allow binding an address other than loopback.
    pub public: bool,
    /// The one origin allowed to call the API from another site (`Access-Control-Allow-Origin`);
    /// `None`: no CORS headers at all.
    pub cors: Option<String>,
    /// Enable the write endpoint (storing an analysed article).
    pub allow_writes: bool,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Read connections (and read calls at once).
    pub readers: usize,
    /// Analyses (`POST /api/analyze`) at once.
    pub analyses: usize,
    /// Analyses in progress, waiting or having their response sent, at once; beyond: 503. Each
    /// holds its response (about 25 bytes per byte of text) until the client has read it.
    pub analyze_in_flight: usize,
    /// Largest article text `POST /api/analyze` codes, in bytes (413 beyond).
    pub max_analyze_bytes: usize,
    /// Header-read and idle timeouts, the connection cap.
    pub timeouts: conn::Timeouts,
    pub limits: Limits,
}

/// Bounds on what one request may ask of the database.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Limits {
    /// Rows per page (`limit` is clamped to it).
    pub max_page: usize,
    /// Largest `offset`.
    pub max_offset: usize,
    /// Largest `near` radius, km.
    pub max_near_km: f64,
    /// Time one query may run before it is interrupted (503).
    #[serde(rename = "query_time_ms", serialize_with = "ser_ms")]
    pub query_time: Duration,
    /// Most nodes in `/api/graph`, actors in `/api/actors`, places in `/api/places`.
    pub max_top: usize,
    /// Most events in one `/api/export`.
    pub max_export: usize,
    /// Time one export may take, from its first query to its last byte handed to the client.
    #[serde(rename = "export_time_ms", serialize_with = "ser_ms")]
    pub export_time: Duration,
}

fn ser_ms<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_page: 500,
            max_offset: 100_000,
            max_near_km: 2_000.0,
            query_time: Duration::from_secs(5),
            max_top: 500,
            max_export: 20_000,
            export_time: Duration::from_secs(120),
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public: false,
            cors: None,
            allow_writes: false,
            max_body: 1 << 20,
            readers: std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8) * 2,
            analyses: std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4),
            analyze_in_flight: 8,
            max_analyze_bytes: 256 << 10,
            timeouts: conn::Timeouts::default(),
            limits: Limits::default(),
        }
    }
}

/// A server error: a message (an address that cannot be bound, a database that cannot be opened).
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// An API error: a status and a message, sent as `{"error": "…"}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }
    pub fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<backend::StoreError> for ApiError {
    fn from(e: backend::StoreError) -> ApiError {
        if e.is_timeout() {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the query took longer than the server allows; narrow the filters")
        } else {
            // The message names what failed; the SQLite detail underneath goes to the log only.
            eprintln!("rasd serve: {e:#}");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("database error: {e}"))
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(serde_json::json!({ "error": self.message }))).into_response()
    }
}

/// What every handler shares.
pub struct App {
    pub backend: Arc<dyn Backend>,
    pub config: Config,
    /// Read calls at once (the backend's connections).
    pub readers: Arc<Semaphore>,
    pub analyses: Semaphore,
    /// Analyses in flight, their responses included ([`Config::analyze_in_flight`]).
    pub analyze_slots: Arc<Semaphore>,
    /// What `/metrics` reports.
    pub metrics: metrics::ServerMetrics,
}

impl App {
    pub fn new(backend: Arc<dyn Backend>, config: Config) -> Arc<App> {
        let readers = Arc::new(Semaphore::new(backend.readers().max(1)));
        let analyses = Semaphore::new(config.analyses.max(1));
        let analyze_slots = Arc::new(Semaphore::new(config.analyze_in_flight.max(1)));
        Arc::new(App { backend, config, readers, analyses, analyze_slots, metrics: metrics::ServerMetrics::default() })
    }

    /// Runs a blocking backend call on a blocking thread, once a read slot is free.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Backend) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit =
            self.readers.acquire().await.map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down"))?;
        let backend = self.backend.clone();
        tokio::task::spawn_blocking(move || f(backend.as_ref()))
            .await
            .unwrap_or_else(|e| Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("internal error: {e}"))))
    }
}

/// The whole service: API, OpenAPI document, UI, with the security layers.
pub fn router(app: Arc<App>) -> Router {
    let config = app.config.clone();
    let r = api::routes()
        .route("/metrics", axum::routing::get(metrics::metrics))
        .with_state(app.clone())
        .fallback(assets::static_file)
        .layer(axum::middleware::from_fn_with_state(app, metrics::count));
    security::layers(r, &config)
}

/// Checks the address against the loopback rule.
pub fn check_addr(config: &Config) -> Result<(), Error> {
    if !config.addr.ip().is_loopback() && !config.public {
        return Err(Error(format!(
            "{} is not a loopback address: the API would be reachable from other machines; pass --public to allow it",
            config.addr
        )));
    }
    Ok(())
}

/// Serves on `listener` until `shutdown` completes (connections under [`Config::timeouts`]).
pub async fn serve(
    app: Arc<App>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let timeouts = app.config.timeouts.clone();
    conn::serve_router(router(app), listener, timeouts, shutdown).await
}

/// `rasd serve`: opens the database, binds the address, prints where it listens on stderr and
/// serves until Ctrl-C.
/// `db` is an SQLite file or a `postgres://…` URL.
pub fn run(db: &str, mut config: Config) -> Result<(), Error> {
    check_addr(&config)?;
    let backend =
        StoreBackend::open_url(db, config.readers, config.limits.query_time, config.allow_writes).map_err(|e| Error(format!("{e:#}")))?;
    let shown = if rasd_store::is_postgres_url(db) { rasd_store::pg::redact(db) } else { db.to_string() };
    if backend.merged_is_stale().unwrap_or(false) {
        eprintln!(
            "rasd serve: note: events were stored after the last merge; run `rasd merge --db {shown}` to bring the merged events up to date"
        );
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| Error(format!("starting the runtime: {e}")))?;
    rt.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(config.addr).await.map_err(|e| Error(format!("cannot listen on {}: {e}", config.addr)))?;
        let bound = listener.local_addr().map_err(|e| Error(e.to_string()))?;
        config.addr = bound;
        eprintln!(
            "rasd serve: {shown} on http://{bound}/ ({}; CORS {}; body ≤ {} bytes; page ≤ {} rows)",
            if config.allow_writes { "writes allowed" } else { "read-only" },
            config.cors.as_deref().unwrap_or("off"),
            config.max_body,
            config.limits.max_page,
        );
        let app = App::new(Arc::new(backend), config);
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("rasd serve: shutting down");
        };
        serve(app, listener, shutdown).await.map_err(|e| Error(format!("serving: {e}")))
    })
}
