//! The owner's side of internal invitations: whom it can invite, sending, the
//! session's invitations, revoking.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sightline_wire::InvitationView;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, Invite, Status, Target};
use crate::accounts::presence::{self, Available};
use crate::accounts::technicians::{self, Technician};
use crate::accounts::store::{categories as category_store, teams as team_store};
use crate::accounts::{categories, teams, validate};
use crate::auth::{secret, Caller, Member};
use crate::db::new_id;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::mail::{self, Mail};
use crate::sessions::seat::{self, Seat};
use crate::sessions::{audit, notify};
use crate::state::AppState;

/// Attempts at drawing a code no active invitation holds.
const CODE_ATTEMPTS: usize = 8;
const MAX_COMMENT_CHARS: usize = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(invitation_targets))
        .routes(routes!(list_invitations, send_invitation))
        .routes(routes!(revoke_invitation))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NamedTarget {
    pub id: String,
    pub name: String,
}

/// Whom the owner can invite now.
#[derive(Debug, Serialize, ToSchema)]
pub struct Targets {
    /// Technicians online in the console or with extended availability, not in the session.
    pub technicians: Vec<Available>,
    pub teams: Vec<NamedTarget>,
    /// Issue categories that offer request help (routed to their team).
    pub categories: Vec<NamedTarget>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInvitation {
    pub target: Target,
    /// The technician's, team's or category's id.
    pub id: String,
    /// Shown to the invitee before they join.
    #[serde(default)]
    pub comment: String,
}

/// The owner's seat and the technician behind it, checked for the right to invite.
async fn inviter<'m>(state: &AppState, member: &'m Member, session_id: &str) -> Result<(Seat, &'m Caller)> {
    let (_, seat, caller) = seat::for_inviter(&state.db, member, session_id).await?;
    Ok((seat, caller))
}

/// Technicians, teams and request-help categories the owner can invite now.
#[utoipa::path(get, path = "/api/sessions/{id}/invitation-targets", tag = "invitations", params(("id" = String, Path)),
    responses((status = 200, body = Targets), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn invitation_targets(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Targets>> {
    let (seat, caller) = inviter(&state, &member, &id).await?;
    let technicians = presence::available(&state.db, &caller.org_id, &seat.session_id).await?;
    let teams = team_store::in_org(&state.db, &caller.org_id).await?;
    let teams = teams.into_iter().map(|team| NamedTarget { id: team.id, name: team.name }).collect();
    let categories = category_store::in_org(&state.db, &caller.org_id).await?;
    let categories = categories
        .into_iter()
        .filter(|category| category.request_help && category.team_id.is_some())
        .map(|category| NamedTarget { id: category.id, name: category.name })
        .collect();
    Ok(ApiJson(Targets { technicians, teams, categories }))
}

/// The session's invitations, internal and guest, newest first (the owner).
#[utoipa::path(get, path = "/api/sessions/{id}/invitations", tag = "invitations", params(("id" = String, Path)),
    responses((status = 200, body = Vec<InvitationView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_invitations(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Vec<InvitationView>>> {
    let (seat, _) = inviter(&state, &member, &id).await?;
    Ok(ApiJson(store::session_views(&state.db, &state.settings, &seat.session_id).await?))
}

/// Invite a technician, a team's queue, or request help on an issue category (the owner).
#[utoipa::path(post, path = "/api/sessions/{id}/invitations", tag = "invitations", params(("id" = String, Path)), request_body = NewInvitation,
    responses((status = 201, body = InvitationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn send_invitation(
    State(state): State<AppState>,
    member: Member,
    ApiPath(id): ApiPath<String>,
    ApiJson(new): ApiJson<NewInvitation>,
) -> Result<(StatusCode, ApiJson<InvitationView>)> {
    let (seat, caller) = inviter(&state, &member, &id).await?;
    let comment = match new.comment.trim() {
        "" => String::new(),
        text => validate::text("comment", text, MAX_COMMENT_CHARS)?,
    };
    let mut email_to = None;
    let (technician_id, team_id, category_id, audit_target) = match new.target {
        Target::Technician => {
            let invitee = technicians::fetch_in_org(&state.db, &caller.org_id, &new.id).await?;
            let available = presence::available(&state.db, &caller.org_id, &seat.session_id).await?;
            if !available.iter().any(|a| a.id == invitee.id) {
                return Err(Error::Conflict(format!(
                    "{} is not available: not in the session already, and either online in the console or with extended availability",
                    invitee.display_name
                )));
            }
            let name = invitee.display_name.clone();
            let id = invitee.id.clone();
            if invitee.extended_availability {
                email_to = Some(invitee);
            }
            (Some(id), None, None, name)
        }
        Target::Team => {
            let team = teams::fetch_in_org(&state.db, &caller.org_id, &new.id).await?;
            (None, Some(team.id), None, team.name)
        }
        Target::Category => {
            let category = categories::fetch_in_org(&state.db, &caller.org_id, &new.id).await?;
            let team = category.team_id.filter(|_| category.request_help).ok_or_else(|| {
                Error::Conflict(format!("the issue category {:?} does not offer request help", category.name))
            })?;
            (None, Some(team), Some(category.id), category.name)
        }
    };
    let invitation_id = new_id();
    for attempt in 1..=CODE_ATTEMPTS {
        let code = secret::new_join_code();
        let mut tx = state.db.pool.begin().await?;
        let invitation = Invite {
            id: &invitation_id,
            session_id: &seat.session_id,
            org_id: &caller.org_id,
            inviter_id: &caller.technician_id,
            target: new.target,
            technician_id: technician_id.as_deref(),
            team_id: team_id.as_deref(),
            category_id: category_id.as_deref(),
            comment: &comment,
            code: &code,
        };
        if !store::insert(&mut *tx, invitation).await? {
            drop(tx);
            if let Some(technician_id) = &technician_id {
                if store::is_invited(&state.db, &seat.session_id, technician_id).await? {
                    return Err(Error::Conflict("this technician already has an active invitation to this session".into()));
                }
            }
            if attempt < CODE_ATTEMPTS {
                continue;
            }
            return Err(Error::Internal("no free invitation code found".into()));
        }
        let detail = json!({ "invitation_id": invitation_id, "target": new.target.as_str(), "name": audit_target });
        audit::record(&mut *tx, &state.settings.audit_key, &seat.session_id, Some(&caller.technician_id), "invitation_sent", detail).await?;
        if let Some(invitee) = &email_to {
            mail::enqueue(&mut *tx, &invitation_mail(&state, &caller, invitee, &comment, &code)).await?;
        }
        tx.commit().await?;
        break;
    }
    notify::invitations_changed(&state, &seat.session_id, &caller.org_id).await;
    let view = store::session_view(&state.db, &state.settings, &seat.session_id, &invitation_id).await?;
    Ok((StatusCode::CREATED, ApiJson(view)))
}

/// The mail that tells a technician with extended availability of an invitation.
fn invitation_mail(state: &AppState, inviter: &Caller, invitee: &Technician, comment: &str, code: &str) -> Mail {
    let mut text = format!("{} invites you to join a live Sightline session.\n\n", inviter.display_name);
    if !comment.is_empty() {
        text.push_str(&format!("Their note: {comment}\n\n"));
    }
    text.push_str(&format!(
        "Open the invitation: {}\nOr enter this code in the console: {code}\n\nThe invitation stays open while {} leads the session.\n",
        store::invitation_link(&state.settings, code),
        inviter.display_name
    ));
    Mail {
        org_id: inviter.org_id.clone(),
        to_address: invitee.email.clone(),
        to_name: invitee.display_name.clone(),
        subject: format!("{} asks for your help in a live session", inviter.display_name),
        text_body: text,
    }
}

/// Revoke an active invitation (the owner).
#[utoipa::path(post, path = "/api/invitations/{id}/revoke", tag = "invitations", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody)))]
async fn revoke_invitation(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<StatusCode> {
    let caller = member.technician("revoke invitations")?;
    let invitation =
        store::fetch(&state.db, &id).await?.filter(|i| i.org_id == caller.org_id).ok_or(Error::NotFound("invitation"))?;
    inviter(&state, &member, &invitation.session_id).await?;
    store::require_active(&invitation)?;
    let mut tx = state.db.pool.begin().await?;
    if !store::close(&mut *tx, &invitation.id, Status::Revoked, None).await? {
        return Err(Error::InvitationInactive);
    }
    audit::record(&mut *tx, &state.settings.audit_key, &invitation.session_id, Some(&caller.technician_id), "invitation_revoked", json!({ "invitation_id": invitation.id })).await?;
    tx.commit().await?;
    notify::invitations_changed(&state, &invitation.session_id, &caller.org_id).await;
    Ok(StatusCode::NO_CONTENT)
}
