//! `GET /metrics`: the server's Prometheus metrics (text format, see `rasd-metrics`) — requests
//! by status class, time spent answering, query timeouts and database errors, and what the
//! database holds (read at each scrape).

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rasd_metrics::{Counter, Gauge, Registry};

use crate::App;

/// The server's metric handles, in one registry.
pub struct ServerMetrics {
    pub registry: Arc<Registry>,
    requests: [Counter; 4],
    seconds: Counter,
    timeouts: Counter,
    internal: Counter,
    documents: Gauge,
    events: Gauge,
    merged_events: Gauge,
    stale: Gauge,
    scrape_errors: Counter,
}

impl Default for ServerMetrics {
    fn default() -> ServerMetrics {
        let r = Arc::new(Registry::new());
        let req = |c: &str| r.counter("rasd_serve_requests_total", "HTTP requests answered, by status class.", &[("status", c)]);
        let requests = [req("2xx"), req("3xx"), req("4xx"), req("5xx")];
        let err = |k: &str| {
            r.counter(
                "rasd_serve_errors_total",
                "Requests that failed on the server's side, by kind (query_timeout: 503, a query past the time bound; internal: 500).",
                &[("kind", k)],
            )
        };
        let (timeouts, internal) = (err("query_timeout"), err("internal"));
        let m = ServerMetrics {
            seconds: r.counter("rasd_serve_request_seconds_total", "Seconds spent answering requests.", &[]),
            documents: r.gauge("rasd_store_documents", "Documents stored in the database (read at scrape time).", &[]),
            events: r.gauge("rasd_store_events", "Per-document events stored (read at scrape time).", &[]),
            merged_events: r.gauge("rasd_store_merged_events", "Merged events (read at scrape time).", &[]),
            stale: r.gauge("rasd_store_merged_stale", "1 when events were stored after the merged events were last rebuilt.", &[]),
            scrape_errors: r.counter("rasd_serve_metrics_database_errors_total", "Scrapes that could not read the database counts.", &[]),
            registry: r.clone(),
            requests,
            timeouts,
            internal,
        };
        r.gauge("rasd_serve_start_time_seconds", "Start time of the server, seconds since the Unix epoch.", &[])
            .set(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64()));
        m
    }
}

/// Middleware: counts every response by status class and the time it took.
pub async fn count(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let t = Instant::now();
    let res = next.run(req).await;
    let m = &app.metrics;
    let s = res.status();
    let class = (s.as_u16() / 100).clamp(2, 5) as usize - 2;
    m.requests[class].inc();
    if s == StatusCode::SERVICE_UNAVAILABLE {
        m.timeouts.inc();
    } else if s == StatusCode::INTERNAL_SERVER_ERROR {
        m.internal.inc();
    }
    m.seconds.inc_by(t.elapsed().as_secs_f64());
    res
}

/// `GET /metrics`.
pub async fn metrics(State(app): State<Arc<App>>) -> Response {
    let counts = app.read(|b| Ok((b.counts()?, b.merged_is_stale()?))).await;
    let m = &app.metrics;
    match counts {
        Ok((c, stale)) => {
            m.documents.set(c.documents as f64);
            m.events.set(c.events as f64);
            m.merged_events.set(c.merged_events as f64);
            m.stale.set(if stale { 1.0 } else { 0.0 });
        }
        Err(_) => m.scrape_errors.inc(),
    }
    ([(header::CONTENT_TYPE, rasd_metrics::CONTENT_TYPE)], m.registry.render()).into_response()
}
