//! The invitee's side of internal invitations: its queue, opening one by code or
//! link, accepting (with the name everyone will see) and declining.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sightline_wire::{join_code, Incoming};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, Invitation, Status};
use crate::accounts::validate;
use crate::auth::Caller;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::rate_limit;
use crate::sessions::model::Role;
use crate::sessions::store::participants::{self, Newcomer};
use crate::sessions::{audit, notify};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_invitations))
        .routes(routes!(open_invitation))
        .routes(routes!(accept_invitation))
        .routes(routes!(decline_invitation))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The name everyone in the session will see.
    pub display_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    pub session_id: String,
    pub participant_id: String,
}

/// Invitations waiting for the caller: named ones and their teams' queues.
#[utoipa::path(get, path = "/api/me/invitations", tag = "invitations",
    responses((status = 200, body = Vec<Incoming>), (status = 401, body = ErrorBody)))]
async fn my_invitations(State(state): State<AppState>, caller: Caller) -> Result<ApiJson<Vec<Incoming>>> {
    Ok(ApiJson(store::incoming(&state.db, &state.settings, &caller.technician_id).await?))
}

/// Open an invitation by its code (typed, or from its link): what the owner wrote, before accepting.
/// Look-ups are rate-limited per technician (successes are given back).
#[utoipa::path(get, path = "/api/invitations/code/{code}", tag = "invitations", params(("code" = String, Path)),
    responses((status = 429, body = ErrorBody), (status = 200, body = Incoming), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn open_invitation(State(state): State<AppState>, caller: Caller, ApiPath(code): ApiPath<String>) -> Result<ApiJson<Incoming>> {
    let key = format!("invitation_code:{}", caller.technician_id);
    rate_limit::take(&state.db, &[(&key, state.settings.join_limit)]).await?;
    let found = match join_code::normalise(&code) {
        Some(code) => store::fetch_active_by_code(&state.db, &code).await?,
        None => None,
    };
    let incoming = match found {
        Some(invitation) if invitation.org_id == caller.org_id && store::is_for(&state.db, &invitation, &caller.technician_id).await? => {
            store::incoming(&state.db, &state.settings, &caller.technician_id).await?.into_iter().find(|i| i.id == invitation.id)
        }
        _ => None,
    };
    match incoming {
        Some(incoming) => {
            rate_limit::give_back(&state.db, &key).await?;
            Ok(ApiJson(incoming))
        }
        None => Err(Error::NotFound("invitation")),
    }
}

/// An invitation the caller may answer: of their org and meant for them.
async fn for_caller(state: &AppState, caller: &Caller, id: &str) -> Result<Invitation> {
    let invitation = store::fetch(&state.db, id).await?.filter(|i| i.org_id == caller.org_id).ok_or(Error::NotFound("invitation"))?;
    if !store::is_for(&state.db, &invitation, &caller.technician_id).await? {
        return Err(Error::NotFound("invitation"));
    }
    store::require_active(&invitation)?;
    Ok(invitation)
}

/// Accept an invitation and join its session as a secondary technician. Of several
/// technicians accepting a team's invitation at once, exactly one joins.
#[utoipa::path(post, path = "/api/invitations/{id}/accept", tag = "invitations", params(("id" = String, Path)), request_body = Acceptance,
    responses((status = 200, body = Accepted), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody)))]
async fn accept_invitation(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(acceptance): ApiJson<Acceptance>,
) -> Result<ApiJson<Accepted>> {
    let display_name = validate::text("display_name", &acceptance.display_name, 80)?;
    let invitation = for_caller(&state, &caller, &id).await?;
    if participants::present_technician(&state.db, &invitation.session_id, &caller.technician_id).await?.is_some() {
        return Err(Error::Conflict("you are already in this session".into()));
    }
    let mut tx = state.db.pool.begin().await?;
    if !store::close(&mut *tx, &invitation.id, Status::Accepted, Some(&caller.technician_id)).await? {
        return Err(Error::InvitationInactive);
    }
    // The caller's own named invitation, if any, is answered by joining too.
    store::accept_named(&mut *tx, &invitation.session_id, &caller.technician_id).await?;
    let newcomer = Newcomer::technician(&invitation.session_id, &caller.technician_id, &display_name, Role::Secondary);
    let participant_id = participants::add(&mut *tx, newcomer)
        .await
        .map_err(|err| match err {
            Error::Database(sqlx::Error::Database(db)) if db.is_unique_violation() => Error::Conflict("you are already in this session".into()),
            other => other,
        })?
        .id;
    let detail = json!({ "invitation_id": invitation.id, "display_name": display_name });
    audit::record(&mut *tx, &state.settings.audit_key, &invitation.session_id, Some(&caller.technician_id), "invitation_accepted", detail).await?;
    tx.commit().await?;
    notify::invitations_changed(&state, &invitation.session_id, &caller.org_id).await;
    Ok(ApiJson(Accepted { session_id: invitation.session_id, participant_id }))
}

/// Decline an invitation: a named one stops being active; a queue invitation is
/// only hidden from the caller (the rest of the team may still take it).
#[utoipa::path(post, path = "/api/invitations/{id}/decline", tag = "invitations", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody)))]
async fn decline_invitation(State(state): State<AppState>, caller: Caller, ApiPath(id): ApiPath<String>) -> Result<StatusCode> {
    let invitation = for_caller(&state, &caller, &id).await?;
    if invitation.technician_id.is_some() {
        let mut tx = state.db.pool.begin().await?;
        if !store::close(&mut *tx, &invitation.id, Status::Declined, None).await? {
            return Err(Error::InvitationInactive);
        }
        audit::record(&mut *tx, &state.settings.audit_key, &invitation.session_id, Some(&caller.technician_id), "invitation_declined", json!({ "invitation_id": invitation.id })).await?;
        tx.commit().await?;
    } else {
        store::dismiss(&state.db, &invitation.id, &caller.technician_id).await?;
    }
    notify::invitations_changed(&state, &invitation.session_id, &caller.org_id).await;
    Ok(StatusCode::NO_CONTENT)
}
