//! What every request and answer passes: the request body is read (bounded; the phone's
//! picture upload has a larger bound of its own) before
//! any handler answers, so an early answer never leaves unread bytes on a kept-alive
//! connection; answers get the security headers.

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::Error;
use crate::sessions::captures::routes::UPLOAD_PATH;
use crate::state::AppState;

const HSTS: HeaderValue = HeaderValue::from_static("max-age=31536000");
const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");

/// Reads the whole body (at most the body limit) before the handler runs. A larger
/// body is refused and the connection closed, since its rest is never read.
pub async fn read_body_first(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let upload = parts.extensions.get::<MatchedPath>().is_some_and(|path| path.as_str() == UPLOAD_PATH);
    let limit = if upload { state.settings.max_upload_bytes } else { state.settings.max_body_bytes };
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(_) => {
            let mut response = Error::PayloadTooLarge.into_response();
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            response
        }
    }
}

/// `Strict-Transport-Security` when the server is reached over HTTPS; API answers
/// (sign-in, CSRF and guest tokens among them) are never stored by caches.
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if state.settings.public_url.scheme() == "https" {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    if api && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, NO_STORE);
    }
    response
}
