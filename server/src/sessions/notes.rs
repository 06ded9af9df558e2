//! The session's notes: read and written by whoever holds the notes right (the owner).

use axum::extract::State;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::audit;
use super::rights::Feature;
use super::seat;
use super::store::sessions;
use crate::auth::Member;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;

const MAX_NOTES_CHARS: usize = 20_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_notes, put_notes))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    pub text: String,
}

/// The session's notes.
#[utoipa::path(get, path = "/api/sessions/{id}/notes", tag = "sessions", params(("id" = String, Path)),
    responses((status = 200, body = Notes), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_notes(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Notes>> {
    let (session, seat) = seat::for_member(&state.db, &member, &id).await?;
    seat.require(Feature::Notes)?;
    Ok(ApiJson(Notes { text: sessions::notes(&state.db, &session.id).await? }))
}

/// Replace the session's notes.
#[utoipa::path(put, path = "/api/sessions/{id}/notes", tag = "sessions", params(("id" = String, Path)), request_body = Notes,
    responses((status = 200, body = Notes), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_notes(
    State(state): State<AppState>,
    member: Member,
    ApiPath(id): ApiPath<String>,
    ApiJson(notes): ApiJson<Notes>,
) -> Result<ApiJson<Notes>> {
    let (session, seat) = seat::for_member(&state.db, &member, &id).await?;
    seat.require(Feature::Notes)?;
    if notes.text.chars().count() > MAX_NOTES_CHARS {
        return Err(Error::InvalidInput(format!("notes must have at most {MAX_NOTES_CHARS} characters")));
    }
    let mut tx = state.db.pool.begin().await?;
    sessions::set_notes(&mut *tx, &session.id, &notes.text).await?;
    audit::record(&mut *tx, &state.settings.audit_key, &session.id, Some(&seat.participant_id), "notes_updated", json!({ "chars": notes.text.chars().count() })).await?;
    tx.commit().await?;
    Ok(ApiJson(notes))
}
