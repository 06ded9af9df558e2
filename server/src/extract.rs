//! Request extractors whose rejections answer with the API's JSON errors.

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::error::Error;

/// A JSON body; malformed, oversize or mistyped bodies become typed API errors.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Error> {
        if !is_json(request.headers()) {
            return Err(Error::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|err| Error::from(JsonRejection::from(err)))?;
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            // serde reports some mistyped values (a number where a name belongs) as syntax
            // errors: JSON that parses is the wrong shape, not malformed.
            Err(JsonRejection::JsonSyntaxError(err)) if serde_json::from_slice::<IgnoredAny>(&bytes).is_ok() => {
                Err(Error::InvalidInput(err.body_text()))
            }
            Err(rejection) => Err(rejection.into()),
        }
    }
}

/// `application/json` or `application/*+json`, as `axum::Json` accepts.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(mime) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = mime.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Path parameters; unparsable ones become typed API errors.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(Error))]
pub struct ApiPath<T>(pub T);

/// Bytes read from a live connection at a time. tungstenite's default (128 KiB, allocated
/// when the connection opens) suits a few busy sockets; a live connection carries small
/// messages (an SDP is a few KiB) and a node holds one per participant, so that default
/// was a large part of what a participant costs. Larger frames still grow the buffer.
const LIVE_READ_BUFFER_BYTES: usize = 8 * 1024;

/// A WebSocket upgrade; a plain HTTP request to a live route is a typed API error.
pub struct ApiUpgrade(pub WebSocketUpgrade);

impl<S: Send + Sync> FromRequestParts<S> for ApiUpgrade {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let upgrade = WebSocketUpgrade::from_request_parts(parts, state).await?;
        Ok(ApiUpgrade(upgrade.read_buffer_size(LIVE_READ_BUFFER_BYTES)))
    }
}

/// Query parameters; unparsable ones become typed API errors.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Error))]
pub struct ApiQuery<T>(pub T);

/// The peer address of the connection, or `unknown` when the server was not
/// started with connection info (as in router tests).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned());
        Ok(ClientAddr(addr))
    }
}
