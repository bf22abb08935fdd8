//! The JSON API. Every list is paged (`limit` clamped to the server's cap, `total` before
//! paging); every filter is validated (see [`crate::params`]); errors are `{"error": "…"}` with a
//! 4xx/5xx status. [`ROUTES`] is the list `/openapi.json` documents (a test keeps them equal).

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use rasd_store::views::TimelineBucket;
use rasd_store::{CodedDocument, EventSummary, Graph};

use crate::article::{ArticleView, DocInfo};
use crate::params::{FILTER_PARAMS, Params, SORT_PARAMS, words};
use crate::{ApiError, App};

type AppState = State<Arc<App>>;
type ApiResult<T> = Result<Json<T>, ApiError>;

/// (method, path) of every API route, in OpenAPI's path syntax.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/stats"),
    ("get", "/api/events"),
    ("get", "/api/events/{id}"),
    ("get", "/api/entities/{id}"),
    ("get", "/api/actors"),
    ("get", "/api/counterparts"),
    ("get", "/api/resolve"),
    ("get", "/api/graph"),
    ("get", "/api/timeline"),
    ("get", "/api/places"),
    ("get", "/api/documents/{id}"),
    ("get", "/api/search"),
    ("get", "/api/export"),
    ("post", "/api/analyze"),
    ("get", "/openapi.json"),
];

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/api/stats", get(stats))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/entities/{id}", get(entity))
        .route("/api/actors", get(actors))
        .route("/api/counterparts", get(counterparts))
        .route("/api/resolve", get(resolve))
        .route("/api/graph", get(graph))
        .route("/api/timeline", get(timeline))
        .route("/api/places", get(places))
        .route("/api/documents/{id}", get(document))
        .route("/api/search", get(search))
        .route("/api/export", get(crate::export::export))
        .route("/api/analyze", post(analyze))
        .route("/openapi.json", get(openapi))
}

const PAGE: &[&str] = &["limit", "offset"];

#[derive(Serialize)]
struct Stats {
    version: &'static str,
    documents: usize,
    sources: usize,
    entities: usize,
    events: usize,
    merged_events: usize,
    writes: bool,
    limits: crate::Limits,
    max_body: usize,
    max_analyze_bytes: usize,
    analyze_in_flight: usize,
    /// The earliest start date of an event that happened (asserted or reported).
    dated_from: Option<String>,
    /// Where the dense period starts: the 5th percentile of those dates.
    dense_from: Option<String>,
    dated_to: Option<String>,
}

async fn stats(State(app): AppState) -> ApiResult<Stats> {
    let c = app.read(|b| Ok(b.counts()?)).await?;
    let happened =
        rasd_store::EventFilter { modalities: rasd_store::HAPPENED.iter().map(|m| m.to_string()).collect(), ..Default::default() };
    let span = app.read(move |b| Ok(b.date_span(&happened)?)).await?;
    Ok(Json(Stats {
        version: rasd_pipeline::report::RASD_VERSION,
        documents: c.documents,
        sources: c.sources,
        entities: c.entities,
        events: c.events,
        merged_events: c.merged_events,
        writes: app.backend.writable(),
        limits: app.config.limits.clone(),
        max_body: app.config.max_body,
        max_analyze_bytes: app.config.max_analyze_bytes,
        analyze_in_flight: app.config.analyze_in_flight,
        dated_from: span.first,
        dense_from: span.dense_from,
        dated_to: span.last,
    }))
}

#[derive(Serialize)]
struct EventPage {
    total: usize,
    limit: usize,
    offset: usize,
    events: Vec<EventSummary>,
}

async fn events(State(app): AppState, RawQuery(q): RawQuery) -> ApiResult<EventPage> {
    let p = Params::parse(q.as_deref(), &[FILTER_PARAMS, PAGE, SORT_PARAMS])?;
    let filter = p.filter(&app.config.limits)?;
    let page = p.page(50, &app.config.limits)?;
    let sort = p.sort()?;
    let (total, events) = app.read(move |b| Ok(b.events(&filter, sort, page)?)).await?;
    Ok(Json(EventPage { total, limit: page.limit, offset: page.offset, events }))
}

fn parse_id(id: &str, what: &str) -> Result<i64, ApiError> {
    id.trim().parse::<i64>().map_err(|_| ApiError::bad(format!("{what} id {id:?} is not a number")))
}

/// The server's file path of a stored article is the operator's business, not the reader's.
fn hide_path(d: &mut rasd_store::DocRef) {
    d.path.clear();
}

async fn event(State(app): AppState, Path(id): Path<String>) -> ApiResult<rasd_store::EventDetail> {
    let n = parse_id(&id, "event")?;
    let mut e = app.read(move |b| b.event(n)?.ok_or_else(|| ApiError::not_found(format!("no event {n}")))).await?;
    e.members.iter_mut().for_each(|m| hide_path(&mut m.document));
    Ok(Json(e))
}

async fn entity(State(app): AppState, Path(id): Path<String>, RawQuery(q): RawQuery) -> ApiResult<rasd_store::EntityDetail> {
    let p = Params::parse(q.as_deref(), &[PAGE])?;
    let page = p.page(50, &app.config.limits)?;
    app.read(move |b| b.entity(&id, page)?.ok_or_else(|| ApiError::not_found(format!("no entity {id:?}")))).await.map(Json)
}

#[derive(Serialize)]
struct Actors {
    actors: Vec<rasd_store::ActorCount>,
}

async fn actors(State(app): AppState, RawQuery(q): RawQuery) -> ApiResult<Actors> {
    let p = Params::parse(q.as_deref(), &[FILTER_PARAMS, &["top"]])?;
    let filter = p.filter(&app.config.limits)?;
    let top = p.number("top")?.unwrap_or(20).min(app.config.limits.max_top);
    let actors = app.read(move |b| Ok(b.actors(&filter, top)?)).await?;
    Ok(Json(Actors { actors }))
}

#[derive(Serialize)]
struct Counterparts {
    /// The entity ids the actor parameters resolved to.
    actors: Vec<String>,
    counterparts: Vec<rasd_store::Counterpart>,
}

async fn counterparts(State(app): AppState, RawQuery(q): RawQuery) -> ApiResult<Counterparts> {
    let p = Params::parse(q.as_deref(), &[FILTER_PARAMS, &["top"]])?;
    let filter = p.filter(&app.config.limits)?;
    if filter.actors.is_empty() {
        return Err(ApiError::bad("actor is required: the counterparts of whom?"));
    }
    let top = p.number("top")?.unwrap_or(30).min(app.config.limits.max_top);
    let (actors, counterparts) = app.read(move |b| Ok((b.filter_actor_ids(&filter)?, b.counterparts(&filter, top)?))).await?;
    Ok(Json(Counterparts { actors, counterparts }))
}

#[derive(Serialize)]
struct Matches {
    matches: Vec<rasd_store::ActorRef>,
}

async fn resolve(State(app): AppState, RawQuery(q): RawQuery) -> ApiResult<Matches> {
    let p = Params::parse(q.as_deref(), &[&["q"]])?;
    let Some(name) = p.one("q")?.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string) else {
        return Err(ApiError::bad("q (a name to look up) is required"));
    };
    if name.chars().count() > 200 {
        return Err(ApiError::bad("q is longer than 200 characters"));
    }
    let mut matches = app.read(move |b| Ok(b.resolve_actor(&name)?)).await?;
    matches.truncate(20);
    Ok(Json(Matches { matches }))
}

#[derive(Serialize)]
struct GraphOut {
    #[serde(flatten)]
    graph: Graph,
    /// Actors in the network (after `min_ties`) before keeping the `top` most active.
    total_nodes: usize,
    /// The entity ids the actor parameters resolved to (node counts are events with them).
    focus: Vec<String>,
}

/// Drops the pairs with fewer than `min_ties` events and the actors left without a pair (but
/// never a `focus` actor), then keeps the `focus` actors and the most active others, `top` in
/// all, and the edges between them.
pub fn trim_graph(g: Graph, top: usize, min_ties: usize, focus: &[String]) -> (Graph, usize) {
    let edges: Vec<rasd_store::Edge> = g.edges.into_iter().filter(|e| e.events >= min_ties).collect();
    let linked: std::collections::HashSet<&str> = edges.iter().flat_map(|e| [e.source.as_str(), e.target.as_str()]).collect();
    let mut nodes: Vec<rasd_store::ActorCount> =
        g.nodes.into_iter().filter(|n| linked.contains(n.actor.id.as_str()) || focus.contains(&n.actor.id)).collect();
    let total = nodes.len();
    nodes.sort_by(|a, b| {
        (!focus.contains(&a.actor.id), std::cmp::Reverse(a.events), &a.actor.id).cmp(&(
            !focus.contains(&b.actor.id),
            std::cmp::Reverse(b.events),
            &b.actor.id,
        ))
    });
    nodes.truncate(top);
    let keep: std::collections::HashSet<String> = nodes.iter().map(|n| n.actor.id.clone()).collect();
    let edges = edges.into_iter().filter(|e| keep.contains(&e.source) && keep.contains(&e.target)).collect();
    (Graph { nodes, edges }, total)
}

async fn graph(State(app): AppState, RawQuery(q): RawQuery) -> ApiResult<GraphOut> {
    let p = Params::parse(q.as_deref(), &[FILTER_PARAMS, &["top", "min_ties"]])?;
    let filter = p.filter(&app.config.limits)?;
    let top = p.number("top")?.unwrap_or(100).min(app.config.limits.max_top);
    let min_ties = p.number("min_ties")?.unwrap_or(1).max(1);
    let (g, focus) = app.read(move |b| Ok((b.graph(&filter)?, b.filter_actor_ids(&filter)?))).await?;
    let (graph, total_nodes) = trim_graph(g, top, min_ties, &focus);
    Ok(Json(GraphOut { graph, total_nodes, focus }))
}

async fn timeline(State(app): AppState, RawQuery(q): RawQuery) -> ApiResult<rasd_store::Timeline> {
    let p = Params::parse(q.as_deref(), &[FILTER_PARAMS, &["bucket"]])?;
    let filter = p.filter(&app.config.limits)?;
    let bucket = match p.one("bucket")? {
        None => TimelineBucket::Week,
        Some(b) => TimelineBucket::parse(b).ok_or_else(|| ApiError::bad(format!("bucket={b:?}: expected week or month")))?,
    };
    app.read(move |b| Ok(b.timeline(&filter, bucket)?)).await.map(Json)
}

#[derive(Serialize)]
struct Places {
    places: Vec<rasd_store::PlaceCount>,
}

async fn places(State(app): AppState, RawQuery(q): RawQuery) -> ApiResult<Places> {
    let p = Params::parse(q.as_deref(), &[FILTER_PARAMS, &["top"]])?;
    let filter = p.filter(&app.config.limits)?;
    let top = p.number("top")?.unwrap_or(200).min(app.config.limits.max_top);
    let places = app.read(move |b| Ok(b.places(&filter, top)?)).await?;
    Ok(Json(Places { places }))
}

async fn document(State(app): AppState, Path(id): Path<String>) -> ApiResult<ArticleView> {
    if id.len() > 300 {
        return Err(ApiError::bad("document id is too long"));
    }
    let d = app.read(move |b| b.document(&id)?.ok_or_else(|| ApiError::not_found(format!("no document {id:?}")))).await?;
    let coding: Value = serde_json::from_str(&d.coding).unwrap_or(Value::Null);
    let merged: Vec<Option<i64>> = d.events.iter().map(|(_, m)| *m).collect();
    let info = DocInfo {
        id: Some(d.document.id),
        doc_id: d.document.doc_id,
        title: d.document.title,
        published: d.document.published,
        source: d.document.source,
        url: d.document.url,
        language: Some(d.language),
    };
    Ok(Json(ArticleView::build(info, d.text, &coding, &merged)))
}

#[derive(Serialize)]
struct SearchOut {
    total: usize,
    limit: usize,
    offset: usize,
    hits: Vec<rasd_store::SearchHit>,
}

async fn search(State(app): AppState, RawQuery(q): RawQuery) -> ApiResult<SearchOut> {
    let p = Params::parse(q.as_deref(), &[&["q"], PAGE])?;
    let Some(w) = p.one("q")?.map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(ApiError::bad("q (words to search for) is required"));
    };
    let w = words(w, "q")?;
    let page = p.page(20, &app.config.limits)?;
    let (total, mut hits) = app.read(move |b| Ok(b.search(&w, page)?)).await?;
    hits.iter_mut().for_each(|h| hide_path(&mut h.document));
    Ok(Json(SearchOut { total, limit: page.limit, offset: page.offset, hits }))
}

/// `POST /api/analyze`: an article to code.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeRequest {
    pub text: String,
    #[serde(default)]
    pub title: Option<String>,
    /// `YYYY-MM-DD`: relative dates ("on Thursday") are resolved against it.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Store the article in the database (needs `--allow-writes`).
    #[serde(default)]
    pub store: bool,
}

#[derive(Serialize)]
struct AnalyzeOut {
    /// The JSON contract, exactly as `rasd analyze --format json` prints it.
    coding: Value,
    article: ArticleView,
    stored: Option<crate::backend::Stored>,
}

fn opt(s: Option<String>) -> Option<String> {
    s.map(|x| x.trim().to_string()).filter(|x| !x.is_empty())
}

async fn analyze(
    State(app): AppState,
    body: Result<Json<AnalyzeRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(req) =
        body.map_err(|e| ApiError::new(e.status(), format!("the request body is not an analysis request: {}", e.body_text())))?;
    if req.store && !app.backend.writable() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "storing is disabled: this server is read-only (start rasd serve with --allow-writes)",
        ));
    }
    if req.text.trim().is_empty() {
        return Err(ApiError::bad("text is empty"));
    }
    let max = app.config.max_analyze_bytes;
    if req.text.len() > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "text is {} bytes; this server analyses articles of at most {max} bytes (max_analyze_bytes; use rasd ingest for longer texts)",
                req.text.len()
            ),
        ));
    }
    let published = match opt(req.published) {
        None => None,
        Some(d) => Some(
            rasd_read::parse_iso_date(&d)
                .filter(|_| d.len() == 10)
                .ok_or_else(|| ApiError::bad(format!("published={d:?} is not a date of the form YYYY-MM-DD")))?,
        ),
    };
    // A slot is held from here until the client has read the whole response (it lives in the
    // body): slow readers cannot make the server hold more than `analyze_in_flight` responses.
    let slot = app.analyze_slots.clone().try_acquire_owned().map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("{} analyses are in progress or being sent (analyze_in_flight); try again shortly", app.config.analyze_in_flight),
        )
    })?;
    let _permit =
        app.analyses.acquire().await.map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down"))?;
    let (title, source, url, store) = (opt(req.title), opt(req.source), opt(req.url), req.store);
    let text = req.text;
    let (coded, coding, view) = tokio::task::spawn_blocking(move || {
        let mut doc = rasd_read::text_document("pasted", text);
        if title.is_some() {
            doc.meta.title = title;
        }
        if source.is_some() {
            doc.meta.source = source;
        }
        if url.is_some() {
            doc.meta.url = url;
        }
        if let Some(d) = published {
            doc.meta.published = Some(d);
            doc.meta.published_basis = rasd_core::PublishedBasis::Option;
        }
        let hash = rasd_store::content_hash(&doc);
        let a = rasd_pipeline::analyze(doc, &rasd_pipeline::Options { published });
        let coding: Value = serde_json::from_str(&rasd_pipeline::report::to_json(&a)).unwrap_or(Value::Null);
        let m = &a.doc.meta;
        let info = DocInfo {
            id: None,
            doc_id: m.id.clone(),
            title: m.title.clone(),
            published: m.published.map(|d| d.to_string()),
            source: m.source.clone(),
            url: m.url.clone(),
            language: Some(a.language.to_string()),
        };
        let view = ArticleView::build(info, a.doc.text.clone(), &coding, &[]);
        let coded = if store { Some(CodedDocument::from_analysis(&a, hash)) } else { None };
        (coded, coding, view)
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("the analysis failed (internal error: {e})")))?;
    drop(_permit);
    let mut article = view;
    let stored = match coded {
        Some(doc) => {
            let now = now_rfc3339();
            let s = app.read(move |b| Ok(b.store(doc, &now)?)).await?;
            article.document.id = s.document;
            Some(s)
        }
        None => None,
    };
    let bytes = serde_json::to_vec(&AnalyzeOut { coding, article, stored })
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("internal error: {e}")))?;
    let body = SlotBody { data: bytes::Bytes::from(bytes), _slot: slot };
    Ok(([(header::CONTENT_TYPE, "application/json")], axum::body::Body::new(body)).into_response())
}

/// A response body that holds its analysis slot until the client has taken the last byte (or
/// gone), handed to hyper in chunks so that it is written as the client reads.
struct SlotBody {
    data: bytes::Bytes,
    _slot: tokio::sync::OwnedSemaphorePermit,
}

impl http_body::Body for SlotBody {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        const CHUNK: usize = 64 << 10;
        if self.data.is_empty() {
            return std::task::Poll::Ready(None);
        }
        let n = self.data.len().min(CHUNK);
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(self.data.split_to(n)))))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.data.len() as u64)
    }
}

/// The wall-clock time for the `ingested_at` bookkeeping column (RFC 3339, UTC).
fn now_rfc3339() -> String {
    jiff::Timestamp::now().to_string()
}

async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}
