//! The captures' HTTP routes: the phone's upload, and the gallery list and download,
//! each checked by the caller's seat.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sightline_wire::signal::{CaptureKind, CaptureView};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{feature, file_name, store, upload, visible_to};
use crate::auth::Member;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::sessions::rights::Feature;
use crate::sessions::seat;
use crate::state::AppState;

/// The path of the phone's upload; its body may be as large as `max_upload_bytes`.
pub const UPLOAD_PATH: &str = "/api/live/captures/{command_id}";
/// What a downloaded picture may do in a browser: nothing.
const DOWNLOAD_POLICY: HeaderValue = HeaderValue::from_static("default-src 'none'; sandbox");

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload_capture)).routes(routes!(list_snapshots)).routes(routes!(download_capture))
}

/// The phone uploads the picture a command asked for (body: JPEG or PNG bytes), with
/// `Authorization: Bearer` and the customer token from `joined`.
#[utoipa::path(post, path = "/api/live/captures/{command_id}", tag = "customer", params(("command_id" = String, Path)),
    responses((status = 201, body = CaptureView), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_capture(State(state): State<AppState>, headers: HeaderMap, ApiPath(command_id): ApiPath<String>, body: Body) -> Result<(StatusCode, ApiJson<CaptureView>)> {
    // `guard::read_body_first` has already read and bounded the body.
    let body = axum::body::to_bytes(body, usize::MAX).await.map_err(|_| Error::PayloadTooLarge)?;
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or(Error::Unauthenticated)?;
    Ok((StatusCode::CREATED, ApiJson(upload(&state, token, &command_id, &body).await?)))
}

/// The session's snapshots, oldest first.
#[utoipa::path(get, path = "/api/sessions/{id}/snapshots", tag = "sessions", params(("id" = String, Path)),
    responses((status = 200, body = Vec<CaptureView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_snapshots(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Vec<CaptureView>>> {
    let (session, seat) = seat::for_member(&state.db, &member, &id).await?;
    seat.require(feature(CaptureKind::Snapshot))?;
    let captures = store::of_session(&state.db, &session.id, CaptureKind::Snapshot).await?;
    Ok(ApiJson(captures.into_iter().map(|capture| capture.view).collect()))
}

/// One capture's JPEG, as a download.
#[utoipa::path(get, path = "/api/sessions/{id}/captures/{capture_id}", tag = "sessions", params(("id" = String, Path), ("capture_id" = String, Path)),
    responses((status = 200, content_type = "image/jpeg", description = "The JPEG"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn download_capture(State(state): State<AppState>, member: Member, ApiPath((id, capture_id)): ApiPath<(String, String)>) -> Result<Response> {
    let (session, seat) = seat::for_member(&state.db, &member, &id).await?;
    let capture = store::fetch(&state.db, &session.id, &capture_id).await?;
    // A seat without the snapshot right learns nothing, not even whether a snapshot exists.
    if !capture.as_ref().is_some_and(|capture| visible_to(&seat, capture.view.kind)) {
        seat.require(capture.as_ref().map_or(Feature::Snapshot, |capture| feature(capture.view.kind)))?;
    }
    // A still taken for live text is visible to no seat, even one that may read text.
    let capture = capture.filter(|capture| visible_to(&seat, capture.view.kind)).ok_or(Error::NotFound("capture"))?;
    let jpeg = state.blobs.get(&capture.blob_key).await?;
    let disposition = HeaderValue::try_from(format!("attachment; filename=\"{}\"", file_name(&capture.view)))
        .map_err(|err| Error::Internal(err.to_string()))?;
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CONTENT_SECURITY_POLICY, DOWNLOAD_POLICY),
    ];
    Ok((headers, jpeg).into_response())
}
