//! Liveness, readiness and metrics endpoints for operators.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::secret::secrets_equal;
use crate::error::{Error, ErrorBody, Result};
use crate::metrics::{RequestLabels, SessionCounts};
use crate::sessions::model::SessionStatus;
use crate::sessions::store::sessions;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(healthz)).routes(routes!(readyz)).routes(routes!(metrics))
}

/// 200 while the process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = String)))]
async fn healthz() -> &'static str {
    "ok"
}

/// 200 only while the database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses((status = 200, body = String), (status = 503, body = String)))]
async fn readyz(State(state): State<AppState>) -> Response {
    if state.db.is_ready().await {
        (StatusCode::OK, "ready").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

/// Prometheus text exposition; with a metrics token set, only for `Authorization: Bearer TOKEN`.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, content_type = "application/openmetrics-text", body = String), (status = 401, body = ErrorBody), (status = 500, body = ErrorBody)))]
async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response> {
    if let Some(token) = &state.settings.metrics_token {
        let sent = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        if !sent.is_some_and(|sent| secrets_equal(sent, token)) {
            return Err(Error::Unauthenticated);
        }
    }
    let sessions = SessionCounts {
        waiting: sessions::count_with_status(&state.db, SessionStatus::Waiting).await?,
        connected: sessions::count_with_status(&state.db, SessionStatus::Connected).await?,
    };
    let text = state.metrics.render(&state.db, state.relay.counts().await, sessions).await?;
    Ok(([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text).into_response())
}

/// Counts every answered request by method and status.
pub async fn count_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let response = next.run(request).await;
    state.metrics.http_requests.get_or_create(&RequestLabels { method, status: response.status().as_u16() }).inc();
    response
}
