//! The primary's side of guest invitations: inviting by email (with an optional
//! policy narrowing the guest's rights), and revoking.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sightline_wire::InvitationView;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store;
use crate::accounts::validate;
use crate::auth::{secret, Member};
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::mail::{self, Delivery, Mail};
use crate::sessions::invitations::store as invitations;
use crate::sessions::model::{EndReason, Role, SessionStatus};
use crate::sessions::rights::{role_allows, Feature};
use crate::sessions::seat;
use crate::sessions::{audit, notify, people};
use crate::state::AppState;

const MAX_NAME_CHARS: usize = 80;
const MAX_COMMENT_CHARS: usize = 500;
const MAX_DESCRIPTION_CHARS: usize = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(invite_guest)).routes(routes!(revoke_guest_invitation))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGuestInvitation {
    /// Where the invitation link is mailed.
    pub email: String,
    /// The guest's name, as the invitation addresses them.
    pub name: String,
    /// Shown to the guest before they join.
    #[serde(default)]
    pub comment: String,
    /// What the guest is asked to help with (mailed with the link).
    #[serde(default)]
    pub description: String,
    /// Features of the guest's role the guest does not get in this session.
    #[serde(default)]
    pub withhold: Vec<String>,
}

/// A guest invitation just made: its link is shown this once (only its hash is kept).
#[derive(Debug, Serialize, ToSchema)]
pub struct GuestInvitationCreated {
    pub invitation: InvitationView,
    /// The single-use link, mailed to the guest; it can be copied from here.
    pub link: String,
    /// Whether the mail leaves the server; `local`: it waits in the outbox admins read.
    pub delivery: Delivery,
}

/// Invite a guest technician by email (the primary).
#[utoipa::path(post, path = "/api/sessions/{id}/guest-invitations", tag = "invitations", params(("id" = String, Path)),
    request_body = NewGuestInvitation,
    responses((status = 201, body = GuestInvitationCreated), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn invite_guest(
    State(state): State<AppState>,
    member: Member,
    ApiPath(id): ApiPath<String>,
    ApiJson(new): ApiJson<NewGuestInvitation>,
) -> Result<(StatusCode, ApiJson<GuestInvitationCreated>)> {
    let (session, seat, caller) = seat::for_inviter(&state.db, &member, &id).await?;
    if session.status == SessionStatus::Ended {
        return Err(Error::SessionEnded);
    }
    if session.started_from_mobile {
        return Err(Error::MobileSession);
    }
    let email = validate::email(&new.email)?;
    let name = validate::text("name", &new.name, MAX_NAME_CHARS)?;
    let optional = |field: &str, text: &str, max: usize| match text.trim() {
        "" => Ok(String::new()),
        text => validate::text(field, text, max),
    };
    let comment = optional("comment", &new.comment, MAX_COMMENT_CHARS)?;
    let description = optional("description", &new.description, MAX_DESCRIPTION_CHARS)?;
    let withheld = policy(&new.withhold)?;

    let token = secret::new_token();
    let link = state.settings.url_for(&format!("/guest/{token}"));
    let token_hash = secret::hash_token(&token);
    let mut tx = state.db.pool.begin().await?;
    let guest = store::NewGuest {
        session_id: &session.id,
        org_id: &session.org_id,
        inviter_id: &caller.technician_id,
        email: &email,
        name: &name,
        comment: &comment,
        description: &description,
        withheld: &withheld,
        token_hash: &token_hash,
    };
    let invitation_id = store::insert(&mut *tx, guest).await?;
    let detail = json!({ "invitation_id": invitation_id, "email": email, "withheld": audit_list(&withheld) });
    audit::record(&mut *tx, &state.settings.audit_key, &session.id, Some(&seat.participant_id), "guest_invited", detail).await?;
    let text = invitation_text(&caller.display_name, &comment, &description, &withheld, &link);
    let subject = format!("{} invites you to help in a live Sightline session", caller.display_name);
    mail::enqueue(&mut *tx, &Mail { org_id: session.org_id.clone(), to_address: email, to_name: name, subject, text_body: text }).await?;
    tx.commit().await?;

    notify::session_changed(&state, &session.id).await;
    let invitation = invitations::session_view(&state.db, &state.settings, &session.id, &invitation_id).await?;
    Ok((StatusCode::CREATED, ApiJson(GuestInvitationCreated { invitation, link, delivery: state.mailer.delivery() })))
}

/// A policy as the audit trail records it: feature names, comma-separated.
fn audit_list(withheld: &[Feature]) -> String {
    withheld.iter().map(|feature| feature.as_str()).collect::<Vec<_>>().join(",")
}

/// The features a policy withholds: each must be a feature a guest could have.
fn policy(names: &[String]) -> Result<Vec<Feature>> {
    let mut withheld = Vec::new();
    for name in names {
        let feature: Feature = name.parse().map_err(|_| Error::InvalidInput(format!("{name:?} is not a feature of the role table")))?;
        if !role_allows(Role::Guest, feature) {
            return Err(Error::InvalidInput(format!("guests never have {name}; there is nothing to withhold")));
        }
        if !withheld.contains(&feature) {
            withheld.push(feature);
        }
    }
    Ok(withheld)
}

fn invitation_text(inviter: &str, comment: &str, description: &str, withheld: &[Feature], link: &str) -> String {
    let mut text = format!("{inviter} invites you to join a live remote assistance session as a guest technician.\n\n");
    if !description.is_empty() {
        text.push_str(&format!("What it is about: {description}\n\n"));
    }
    if !comment.is_empty() {
        text.push_str(&format!("Their note: {comment}\n\n"));
    }
    if !withheld.is_empty() {
        let names: Vec<&str> = withheld.iter().map(|f| f.as_str()).collect();
        text.push_str(&format!("In this session you will not have: {}.\n\n", names.join(", ")));
    }
    text.push_str(&format!(
        "Join from a browser on a desktop or laptop computer (phones and tablets are not supported):\n{link}\n\n\
         The link works once: after you leave the session it can no longer be used.\n"
    ));
    text
}

/// Revoke a guest invitation (the primary); a guest already in the session is removed from it.
#[utoipa::path(post, path = "/api/guest-invitations/{id}/revoke", tag = "invitations", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody)))]
async fn revoke_guest_invitation(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<StatusCode> {
    let caller = member.technician("revoke guest invitations")?;
    let invitation =
        store::by_id(&state.db, &id).await?.filter(|i| i.org_id == caller.org_id).ok_or(Error::NotFound("invitation"))?;
    let (session, owner, _) = seat::for_inviter(&state.db, &member, &invitation.session_id).await?;
    if invitation.is_used() {
        // Its guest has come and gone: the link is used up, there is nothing left to withdraw.
        return Err(Error::GuestLinkUsed);
    }
    let mut tx = state.db.pool.begin().await?;
    if !store::revoke(&mut *tx, &invitation.id).await? {
        return Err(Error::GuestLinkRevoked);
    }
    audit::record(&mut *tx, &state.settings.audit_key, &session.id, Some(&owner.participant_id), "guest_invitation_revoked", json!({ "invitation_id": invitation.id }))
        .await?;
    tx.commit().await?;
    let in_session = match invitation.participant_id.filter(|_| !invitation.guest_left) {
        Some(guest) => match seat::of_participant(&state.db, &guest).await {
            Ok(guest) => Some(guest),
            Err(Error::NotInSession) => None,
            Err(err) => return Err(err),
        },
        None => None,
    };
    // Removing the guest tells everyone; otherwise the owner's list changed.
    match in_session {
        Some(guest) => people::leave(&state, &guest, EndReason::Removed).await?,
        None => notify::session_changed(&state, &session.id).await,
    }
    Ok(StatusCode::NO_CONTENT)
}
