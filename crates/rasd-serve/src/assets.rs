//! The web UI, embedded in the binary from `ui/dist` (built by `ui/build.mjs`, committed).
//!
//! Paths are looked up in the embedded set only — there is no file system underneath to escape
//! into — and a path whose decoded form has a `..` or `.` segment, a backslash or a NUL is refused
//! outright, so `/../x`, `/%2e%2e/x` and `/a/..%2fx` never reach the lookup.

use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use rust_embed::RustEmbed;

use crate::ApiError;

#[derive(RustEmbed)]
#[folder = "ui/dist"]
struct Ui;

/// The decoded, checked path of an asset (`index.html` for `/`), or why it is refused.
pub fn asset_path(raw: &str) -> Result<String, &'static str> {
    let decoded = percent_decode_str(raw).decode_utf8().map_err(|_| "the path is not UTF-8")?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err("the path has a backslash or NUL");
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err("the path has a dot segment");
    }
    let p = decoded.trim_start_matches('/');
    Ok(if p.is_empty() { "index.html".to_string() } else { p.to_string() })
}

/// Every embedded file's path (for tests and the OpenAPI document's notes).
pub fn files() -> Vec<String> {
    Ui::iter().map(|f| f.to_string()).collect()
}

/// The fallback handler: API paths that matched no route are JSON 404s; everything else is an
/// embedded file or a 404.
pub async fn static_file(method: Method, uri: Uri) -> Response {
    if uri.path() == "/api" || uri.path().starts_with("/api/") {
        return ApiError::not_found(format!("no API endpoint {} {} (see /openapi.json)", method, uri.path())).into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")], "static files are read with GET\n").into_response();
    }
    let path = match asset_path(uri.path()) {
        Ok(p) => p,
        Err(why) => return (StatusCode::BAD_REQUEST, format!("bad path: {why}\n")).into_response(),
    };
    match Ui::get(&path) {
        Some(file) => {
            let mime = file.metadata.mimetype();
            let mut res = (StatusCode::OK, file.data.into_owned()).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_str(mime).unwrap_or(HeaderValue::from_static("application/octet-stream")));
            // Revalidate: the files change with the binary.
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            h.insert(
                header::ETAG,
                HeaderValue::from_str(&format!("\"{}\"", hex(&file.metadata.sha256_hash()[..12]))).expect("hex is a valid header"),
            );
            res
        }
        None => (StatusCode::NOT_FOUND, format!("no such file: /{path}\n")).into_response(),
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_are_refused_in_every_spelling() {
        for p in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/assets/..%2f..%2fCargo.toml",
            "/a/./b",
            "/..",
            "/x/%2e",
            "/..\\x",
            "/a%5c..%5cb",
            "/a%00.js",
        ] {
            assert!(asset_path(p).is_err(), "{p}");
        }
        assert_eq!(asset_path("/").unwrap(), "index.html");
        assert_eq!(asset_path("/app.js").unwrap(), "app.js");
        assert_eq!(asset_path("/vendor/leaflet.css").unwrap(), "vendor/leaflet.css");
        // Double encoding decodes once: a literal "%2e%2e" name, which simply does not exist.
        assert_eq!(asset_path("/%252e%252e/x").unwrap(), "%2e%2e/x");
    }

    #[test]
    fn the_ui_is_embedded() {
        let f = files();
        for needed in [
            "index.html",
            "app.js",
            "app.css",
            "vendor/leaflet.js",
            "vendor/cytoscape.min.js",
            "vendor/topojson-client.min.js",
            "world/countries-50m.json",
            "LICENSES.txt",
        ] {
            assert!(f.iter().any(|x| x == needed), "{needed} is not in ui/dist (run `npm ci && npm run build` in crates/rasd-serve/ui)");
        }
    }
}
