//! `GET /api/export?format=…&<filters>`: the matching merged events as a file in one of the
//! field's formats (the same writers as `rasd export`), streamed while the database is read.
//!
//! Bounded three ways: at most `limits.max_export` events (the earliest by date; the response's
//! `X-Rasd-Total` and `X-Rasd-Exported` headers say how many matched and how many were written),
//! at most `limits.export_time` for the whole export (a client that stops reading is cut off when
//! it runs out), and one read connection for as long as it runs. An error after the first bytes
//! aborts the response, so a download is never silently cut short.

use std::io::Write;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use tokio::sync::mpsc;

use rasd_store::{EventSort, ExportFormat, Page};

use crate::params::{FILTER_PARAMS, Params};
use crate::{ApiError, App};

/// The formats the API exports (the actor network's GraphML is the CLI's only).
pub const FORMATS: &[&str] = &["csv", "jsonl", "geojson", "acled", "polecat"];

/// (format, Content-Type, file name) for each exported format.
fn describe(format: &str) -> Option<(ExportFormat, &'static str, &'static str)> {
    Some(match format {
        "csv" => (ExportFormat::Csv, "text/csv; charset=utf-8", "rasd-events.csv"),
        "jsonl" => (ExportFormat::Jsonl, "application/x-ndjson; charset=utf-8", "rasd-events.jsonl"),
        "geojson" => (ExportFormat::Geojson, "application/geo+json", "rasd-events.geojson"),
        "acled" => (ExportFormat::Acled, "text/csv; charset=utf-8", "rasd-acled.csv"),
        "polecat" => (ExportFormat::Polecat, "text/tab-separated-values; charset=utf-8", "rasd-polecat.tsv"),
        _ => return None,
    })
}

/// A `Write` that hands 64 KiB chunks to the response body; a closed body (the client left) is
/// an error that stops the export.
struct ChannelWriter {
    buf: Vec<u8>,
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
}

impl ChannelWriter {
    const CHUNK: usize = 64 << 10;

    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        self.tx.blocking_send(Ok(chunk)).map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= Self::CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// The response body: chunks as the export writes them.
struct ChannelBody(mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl http_body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        self.0.poll_recv(cx).map(|x| x.map(|r| r.map(http_body::Frame::data)))
    }
}

pub async fn export(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), &[FILTER_PARAMS, &["format"]])?;
    let Some(name) = p.one("format")?.map(|f| f.trim().to_ascii_lowercase()) else {
        return Err(ApiError::bad(format!("format is required ({})", FORMATS.join(", "))));
    };
    let Some((format, mime, file)) = describe(&name) else {
        return Err(ApiError::bad(format!("format={name:?}: expected one of {}", FORMATS.join(", "))));
    };
    let filter = p.filter(&app.config.limits)?;
    let max = app.config.limits.max_export;
    let time = app.config.limits.export_time;
    // The count first, so the headers can say whether the bound cut the export.
    let counted = filter.clone();
    let (total, _) = app.read(move |b| Ok(b.events(&counted, EventSort::default(), Page { limit: 0, offset: 0 })?)).await?;
    let permit = app
        .readers
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down"))?;
    let (tx, rx) = mpsc::channel(4);
    let backend = app.backend.clone();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut w = ChannelWriter { buf: Vec::with_capacity(ChannelWriter::CHUNK), tx: tx.clone() };
        let r = backend
            .export(format, &filter, max, time, &mut w)
            .map_err(|e| e.to_string())
            .and_then(|_| w.flush().map_err(|e| e.to_string()));
        if let Err(e) = r {
            eprintln!("rasd serve: export ({name}) stopped: {e}");
            let _ = tx.blocking_send(Err(std::io::Error::other(e)));
        }
    });
    let mut res = (StatusCode::OK, axum::body::Body::new(ChannelBody(rx))).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")).expect("a plain file name is a valid header"),
    );
    h.insert("x-rasd-total", HeaderValue::from(total as u64));
    h.insert("x-rasd-exported", HeaderValue::from(total.min(max) as u64));
    Ok(res)
}
