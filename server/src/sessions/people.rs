//! Who is in a session and with what rights: leaving, ownership passing on, and the
//! owner's per-collaborator rights switches.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::invitations::store::{self as invitations, Status};
use super::lifecycle;
use super::model::{EndReason, Role};
use super::rights::Feature;
use super::seat::{self, Seat};
use super::store::participants;
use super::store::sessions;
use super::audit::{self, key::AuditKey};
use super::notify;
use crate::auth::Member;
use crate::guests;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(leave_session))
        .routes(routes!(transfer_ownership))
        .routes(routes!(set_right))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The secondary technician (participant id) who becomes the owner.
    pub participant_id: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RightSwitch {
    pub allowed: bool,
}

/// A collaborator's rights after a change.
#[derive(Debug, Serialize, ToSchema)]
pub struct CollaboratorRights {
    pub participant_id: String,
    /// Features of the role table this collaborator may use now.
    pub rights: Vec<Feature>,
    pub withdrawn: Vec<Feature>,
}

/// Leave the session. A collaborator leaving never ends it; the owner leaving
/// passes ownership to a secondary still there, or ends it when none is left.
#[utoipa::path(post, path = "/api/sessions/{id}/leave", tag = "sessions", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn leave_session(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<StatusCode> {
    let (_, seat) = seat::for_member(&state.db, &member, &id).await?;
    leave(&state, &seat, EndReason::Left).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes `seat` out of its session (`how`: left, disconnected, removed), closes its live
/// connection, and keeps the session owned, or ends it when no internal technician is left.
pub async fn leave(state: &AppState, seat: &Seat, how: EndReason) -> Result<()> {
    let next_owner = if seat.is_owner() { successor(state, &seat.session_id, &seat.participant_id).await? } else { None };
    let mut tx = state.db.pool.begin().await?;
    if !participants::leave(&mut *tx, &seat.participant_id).await? {
        return Err(Error::NotInSession);
    }
    audit::record(&mut *tx, &state.settings.audit_key, &seat.session_id, Some(&seat.participant_id), "participant_left", json!({ "how": how, "role": seat.role }))
        .await?;
    if seat.is_owner() {
        close_sent_by(&mut tx, &seat.session_id, seat.technician_id.as_deref(), Status::InviterLeft).await?;
        if let Some(next) = &next_owner {
            make_owner(&mut tx, &state.settings.audit_key, seat, next).await?;
        }
    }
    tx.commit().await?;
    state.connections.end_where(how, |holder| holder.participant_id == seat.participant_id);
    let internal_left = seat::seats(&state.db, &seat.session_id).await?.iter().any(Seat::is_internal);
    if !internal_left {
        return match lifecycle::end(state, &seat.session_id, None, EndReason::NoTechnician).await {
            Ok(()) | Err(Error::SessionEnded) => Ok(()),
            Err(err) => Err(err),
        };
    }
    let session = sessions::fetch(&state.db, &seat.session_id).await?.ok_or(Error::NotFound("session"))?;
    notify::invitations_changed(state, &session.id, &session.org_id).await;
    Ok(())
}

/// The secondary who takes over from a leaving owner: one whose console is
/// connected if any, else the longest in the session.
async fn successor(state: &AppState, session_id: &str, leaving: &str) -> Result<Option<Seat>> {
    let secondaries: Vec<Seat> = seat::seats(&state.db, session_id)
        .await?
        .into_iter()
        .filter(|s| s.role == Role::Secondary && s.participant_id != leaving)
        .collect();
    let connected = secondaries.iter().position(|s| state.connections.is_connected(&s.participant_id));
    Ok(connected.or((!secondaries.is_empty()).then_some(0)).map(|i| secondaries[i].clone()))
}

/// Closes what an owner who stops being one sent: its active internal invitations
/// (as `status`) and its guest links no guest has used (SPEC "Invitations").
async fn close_sent_by(tx: &mut sqlx::Transaction<'_, sqlx::Any>, session_id: &str, inviter: Option<&str>, status: Status) -> Result<()> {
    invitations::close_all(&mut **tx, session_id, inviter, status).await?;
    if let Some(inviter) = inviter {
        guests::store::revoke_unused_of(&mut **tx, session_id, inviter).await?;
    }
    Ok(())
}

/// Makes `next` the owner in place of `from`: rights restored in full, the old owner's invitations closed.
async fn make_owner(tx: &mut sqlx::Transaction<'_, sqlx::Any>, key: &AuditKey, from: &Seat, next: &Seat) -> Result<()> {
    // A leaving owner has already left and keeps its role in the record.
    participants::change_role(&mut **tx, &from.participant_id, None, Role::Secondary).await?;
    if !participants::change_role(&mut **tx, &next.participant_id, Some(Role::Secondary), Role::Primary).await? {
        return Err(Error::Conflict("that technician is no longer a secondary in this session".into()));
    }
    participants::restore_all_rights(&mut **tx, &next.participant_id).await?;
    let detail = json!({ "from": from.participant_id, "to": next.participant_id });
    audit::record(&mut **tx, key, &from.session_id, Some(&from.participant_id), "ownership_transferred", detail).await?;
    Ok(())
}

/// Give ownership to a secondary technician in the session (the owner).
#[utoipa::path(post, path = "/api/sessions/{id}/transfer", tag = "sessions", params(("id" = String, Path)), request_body = Transfer,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn transfer_ownership(
    State(state): State<AppState>,
    member: Member,
    ApiPath(id): ApiPath<String>,
    ApiJson(transfer): ApiJson<Transfer>,
) -> Result<StatusCode> {
    let (session, owner) = seat::for_member(&state.db, &member, &id).await?;
    owner.require_owner("transfer ownership")?;
    let next = seat::seats(&state.db, &session.id)
        .await?
        .into_iter()
        .find(|s| s.participant_id == transfer.participant_id)
        .ok_or(Error::NotFound("participant"))?;
    if next.role != Role::Secondary {
        return Err(Error::Conflict("ownership can only pass to a secondary technician of the organisation".into()));
    }
    let mut tx = state.db.pool.begin().await?;
    if !participants::holds_role(&mut *tx, &owner.participant_id, Role::Primary).await? {
        return Err(Error::NotOwner("transfer ownership"));
    }
    close_sent_by(&mut tx, &session.id, owner.technician_id.as_deref(), Status::OwnershipTransferred).await?;
    make_owner(&mut tx, &state.settings.audit_key, &owner, &next).await?;
    tx.commit().await?;
    notify::invitations_changed(&state, &session.id, &session.org_id).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraw (`allowed: false`) or restore one right of a collaborator (the owner).
#[utoipa::path(put, path = "/api/sessions/{id}/participants/{participant_id}/rights/{feature}", tag = "sessions",
    params(("id" = String, Path), ("participant_id" = String, Path), ("feature" = String, Path)), request_body = RightSwitch,
    responses((status = 200, body = CollaboratorRights), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_right(
    State(state): State<AppState>,
    member: Member,
    ApiPath((id, participant_id, feature)): ApiPath<(String, String, String)>,
    ApiJson(switch): ApiJson<RightSwitch>,
) -> Result<ApiJson<CollaboratorRights>> {
    let (session, owner) = seat::for_member(&state.db, &member, &id).await?;
    owner.require_owner("change a collaborator's rights")?;
    let feature: Feature = feature.parse().map_err(|_| Error::InvalidInput(format!("{feature:?} is not a feature of the role table")))?;
    let target = seat::seats(&state.db, &session.id)
        .await?
        .into_iter()
        .find(|s| s.participant_id == participant_id)
        .ok_or(Error::NotFound("participant"))?;
    if matches!(target.role, Role::Primary | Role::Customer) {
        return Err(Error::InvalidInput("rights can be changed only for secondary and guest technicians".into()));
    }
    let mut tx = state.db.pool.begin().await?;
    if participants::switch_right(&mut *tx, &target.participant_id, feature, switch.allowed).await? {
        let kind = if switch.allowed { "right_restored" } else { "right_withdrawn" };
        audit::record(&mut *tx, &state.settings.audit_key, &session.id, Some(&owner.participant_id), kind, json!({ "participant_id": target.participant_id, "feature": feature }))
            .await?;
    }
    tx.commit().await?;
    let target = seat::of_participant(&state.db, &target.participant_id).await?;
    if feature == Feature::Video {
        apply_video_right(&state, &target).await;
    }
    notify::session_changed(&state, &session.id).await;
    Ok(ApiJson(CollaboratorRights {
        participant_id: target.participant_id.clone(),
        rights: target.rights(),
        withdrawn: target.withdrawn.clone(),
    }))
}

/// Stops or restarts a collaborator's video at once after its right changed.
async fn apply_video_right(state: &AppState, seat: &Seat) {
    let media = state.relay.session(&seat.session_id);
    if !seat.may(Feature::Video) {
        media.unsubscribe(&seat.participant_id).await;
    } else if state.connections.is_connected(&seat.participant_id) {
        if let Err(err) = media.subscribe(&seat.participant_id).await {
            tracing::warn!(error = ?err, "could not restart a collaborator's video");
        }
    }
}
