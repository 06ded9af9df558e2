//! The technician web console: static files compiled into the binary, so running
//! the server needs no separate front-end build.

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::error::Error;

#[derive(rust_embed::Embed)]
#[folder = "console/"]
struct Assets;

/// Serves a console file, or the console's page for any other non-API path (the
/// console routes in the browser). Unknown API paths get a JSON 404.
pub async fn serve(uri: Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") || path == "/api" {
        return Error::NotFound("API endpoint").into_response();
    }
    let file = path.trim_start_matches('/');
    if let Some(asset) = Assets::get(file).filter(|_| !file.is_empty()) {
        let mime = asset.metadata.mimetype().to_owned();
        return ([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, "no-cache".to_owned())], asset.data).into_response();
    }
    match Assets::get("index.html") {
        Some(page) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page.data).into_response(),
        None => (StatusCode::INTERNAL_SERVER_ERROR, "console files missing from this build").into_response(),
    }
}
