//! The recording's HTTP routes: start, stop, the list and the download, each asking
//! the caller's seat for the Record right first (so a seat without it cannot tell an
//! existing recording from a missing one).

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, RecordingView};
use super::{file_name, start, stop};
use crate::auth::Member;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::sessions::model::SessionStatus;
use crate::sessions::rights::Feature;
use crate::sessions::seat;
use crate::state::AppState;

/// What a downloaded recording may do in a browser: be played, nothing else.
const DOWNLOAD_POLICY: HeaderValue = HeaderValue::from_static("default-src 'none'; sandbox");

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_recording))
        .routes(routes!(stop_recording))
        .routes(routes!(list_recordings))
        .routes(routes!(download_recording))
}

/// Starts recording the session's video and voices (the primary only); every
/// participant hears `recording` on.
#[utoipa::path(post, path = "/api/sessions/{id}/recording/start", tag = "sessions", params(("id" = String, Path)),
    responses((status = 204, description = "Recording"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn start_recording(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<StatusCode> {
    let (session, seat) = seat::for_member(&state.db, &member, &id).await?;
    seat.require(Feature::Record)?;
    if session.status == SessionStatus::Ended {
        return Err(Error::SessionEnded);
    }
    start(&state, &seat).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stops the session's recording and stores it; answers the stored recording.
#[utoipa::path(post, path = "/api/sessions/{id}/recording/stop", tag = "sessions", params(("id" = String, Path)),
    responses((status = 200, body = RecordingView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn stop_recording(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<RecordingView>> {
    let (_, seat) = seat::for_member(&state.db, &member, &id).await?;
    Ok(ApiJson(stop(&state, &seat).await?))
}

/// The session's recordings, oldest first.
#[utoipa::path(get, path = "/api/sessions/{id}/recordings", tag = "sessions", params(("id" = String, Path)),
    responses((status = 200, body = Vec<RecordingView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_recordings(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Vec<RecordingView>>> {
    let (session, seat) = seat::for_member(&state.db, &member, &id).await?;
    seat.require(Feature::Record)?;
    let recordings = store::of_session(&state.db, &session.id).await?;
    Ok(ApiJson(recordings.into_iter().map(|recording| recording.view).collect()))
}

/// One recording's file, as a download (the console's player streams it too).
#[utoipa::path(get, path = "/api/sessions/{id}/recordings/{recording_id}", tag = "sessions", params(("id" = String, Path), ("recording_id" = String, Path)),
    responses((status = 200, content(("video/webm"), ("video/mp4")), description = "The recording: WebM (VP8 + Opus) or MP4 (H.264 + Opus)"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn download_recording(State(state): State<AppState>, member: Member, ApiPath((id, recording_id)): ApiPath<(String, String)>) -> Result<Response> {
    let (session, seat) = seat::for_member(&state.db, &member, &id).await?;
    seat.require(Feature::Record)?;
    let recording = store::fetch(&state.db, &session.id, &recording_id).await?.ok_or(Error::NotFound("recording"))?;
    let body = Body::from_stream(state.blobs.stream(&recording.blob_key).await?);
    let disposition = HeaderValue::try_from(format!("attachment; filename=\"{}\"", file_name(&recording)))
        .map_err(|err| Error::Internal(err.to_string()))?;
    let content_type = HeaderValue::try_from(recording.view.content_type.as_str()).map_err(|err| Error::Internal(err.to_string()))?;
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (header::CONTENT_LENGTH, HeaderValue::from(recording.view.bytes)),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CONTENT_SECURITY_POLICY, DOWNLOAD_POLICY),
    ];
    Ok((headers, body).into_response())
}
