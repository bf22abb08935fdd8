//! The layers every response passes through: security headers, the Host check, the body-size
//! limit, gzip, and CORS only when an origin was given.

use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::{ApiError, Config};

/// No inline script or style, nothing from another origin; the page may only talk to this server.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
                       base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Whole-request time bound (an analysis of the largest body allowed takes about a second).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

pub fn layers(r: Router, config: &Config) -> Router {
    let host_rule = HostRule { open: config.public };
    let mut r = r
        .layer(middleware::from_fn_with_state(host_rule, check_host))
        .layer(RequestBodyLimitLayer::new(config.max_body))
        .layer(CompressionLayer::new())
        .layer(middleware::map_response(headers))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT));
    if let Some(origin) = &config.cors {
        r = r.layer(cors(origin));
    }
    r
}

/// CORS for exactly one origin (or `*`), for GET and POST with a JSON body.
fn cors(origin: &str) -> CorsLayer {
    let allow = if origin == "*" {
        AllowOrigin::any()
    } else {
        AllowOrigin::list([HeaderValue::from_str(origin).unwrap_or_else(|_| HeaderValue::from_static("null"))])
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600))
}

/// Checks a `--cors` value: `*` or an origin such as `https://example.org:8443` (scheme, host,
/// optional port; no path).
pub fn check_origin(origin: &str) -> Result<(), String> {
    if origin == "*" {
        return Ok(());
    }
    let rest = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .ok_or_else(|| format!("--cors {origin:?}: an origin starts with http:// or https://"))?;
    if rest.is_empty() || rest.contains('/') || rest.contains(char::is_whitespace) || HeaderValue::from_str(origin).is_err() {
        return Err(format!("--cors {origin:?}: expected scheme://host[:port] with no path (or *)"));
    }
    Ok(())
}

async fn headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}

#[derive(Clone, Copy)]
struct HostRule {
    /// `--public`: any Host.
    open: bool,
}

/// Whether a Host header names this machine's loopback interface.
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim();
    // Strip the port: `[::1]:8080`, `127.0.0.1:8080`, `localhost:8080`.
    let name = if let Some(rest) = h.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inside, after)) if after.is_empty() || after.starts_with(':') => inside,
            _ => return false,
        }
    } else {
        h.rsplit_once(':').map_or(h, |(n, port)| if port.chars().all(|c| c.is_ascii_digit()) { n } else { h })
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A loopback server answers only requests addressed to loopback names: a web page elsewhere
/// cannot reach it by pointing its own domain at 127.0.0.1 (DNS rebinding).
async fn check_host(State(rule): State<HostRule>, req: Request, next: Next) -> Response {
    if !rule.open
        && let Some(host) = req.headers().get(header::HOST)
    {
        let ok = host.to_str().is_ok_and(is_loopback_host);
        if !ok {
            return ApiError::new(
                StatusCode::MISDIRECTED_REQUEST,
                "this server answers only requests to localhost (start it with --public to serve other names)",
            )
            .into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost",
            "localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1",
            "127.8.9.1:80",
            "[::1]:8080",
            "[::1]",
            "LOCALHOST.",
            "app.localhost:3000",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "evil.example",
            "evil.example:8080",
            "127.0.0.1.evil.example",
            "10.0.0.1:8080",
            "[::2]:80",
            "[::1]x",
            "localhost.evil.example",
            "",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn cors_origins() {
        assert!(check_origin("http://localhost:3000").is_ok());
        assert!(check_origin("https://analyst.example.org").is_ok());
        assert!(check_origin("*").is_ok());
        assert!(check_origin("analyst.example.org").is_err());
        assert!(check_origin("https://analyst.example.org/app").is_err());
        assert!(check_origin("https://").is_err());
    }
}
