//! The guest's side: opening the link (backend verification), joining under a
//! confirmed name, and who the guest is afterwards. The link works once: joining
//! uses it up, and only the cookie it gave (kept by that browser until it closes)
//! reconnects after a network blip.

use axum::extract::State;
use axum::http::HeaderMap;
use axum_extra::extract::CookieJar;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, GuestInvitation};
use crate::accounts::store::technicians;
use crate::accounts::validate;
use crate::auth::caller::secret_cookie;
use crate::auth::member::{guest_csrf, guest_seat, GUEST_COOKIE};
use crate::auth::{secret, Member};
use crate::device;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath, ClientAddr};
use crate::rate_limit;
use crate::sessions::model::Role;
use crate::sessions::rights::Feature;
use crate::sessions::store::participants::{self, Newcomer};
use crate::sessions::{audit, notify, seat};
use crate::state::AppState;

const MAX_NAME_CHARS: usize = 80;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(open_link)).routes(routes!(join)).routes(routes!(guest_me))
}

/// What the guest sees before joining.
#[derive(Debug, Serialize, ToSchema)]
pub struct GuestLink {
    pub inviter_name: String,
    /// The name the invitation addressed; the guest confirms or changes it.
    pub name: String,
    pub comment: String,
    pub description: String,
    /// Features the invitation's policy withholds from the guest.
    pub withheld: Vec<Feature>,
    /// Set when this browser already joined with the link and may go straight back.
    pub session_id: Option<String>,
}

/// The browser's own verdict on its device (`device.js`), for what headers cannot
/// show: Safari on iPadOS in desktop mode.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientDevice {
    pub mobile: bool,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuestJoin {
    /// The name everyone in the session sees.
    pub display_name: String,
    #[serde(default)]
    pub device: ClientDevice,
}

/// The guest in its session.
#[derive(Debug, Serialize, ToSchema)]
pub struct GuestMe {
    pub session_id: String,
    pub participant_id: String,
    pub display_name: String,
    /// Send in `X-CSRF-Token` with every state-changing request.
    pub csrf_token: String,
}

/// The invitation behind a link, refusing phones and tablets. Every look-up takes an
/// attempt of the client address; a genuine link gives it back, as join codes do.
async fn verified(state: &AppState, client: &str, headers: &HeaderMap, token: &str) -> Result<GuestInvitation> {
    let key = format!("guest-link:{client}");
    rate_limit::take(&state.db, &[(&key, state.settings.join_limit)]).await?;
    let Some(invitation) = store::by_token(&state.db, token).await? else {
        return Err(Error::GuestLinkInvalid);
    };
    // A genuine link is not a guess: its attempt is given back.
    rate_limit::give_back(&state.db, &key).await?;
    let detection = device::classify(headers);
    if detection.device.is_mobile() {
        tracing::info!(reason = detection.reason, "a guest link was opened on a mobile device");
        return Err(Error::MobileDevice);
    }
    Ok(invitation)
}

/// Refuses a guest name that is a technician's of the inviting organisation or of a
/// technician in the session (case aside): a guest never passes for a technician.
async fn require_own_name(state: &AppState, invitation: &GuestInvitation, name: &str) -> Result<()> {
    let technician = technicians::named_in_org(&state.db, &invitation.org_id, name).await?;
    if technician || participants::technician_named(&state.db, &invitation.session_id, name).await? {
        return Err(Error::InvalidInput(format!("{name:?} is the name of someone in this organisation or session; choose another")));
    }
    Ok(())
}

/// Whether this browser holds the guest cookie of the seat the link already gave.
async fn holds_seat(state: &AppState, jar: &CookieJar, invitation: &GuestInvitation) -> Result<bool> {
    let Some(cookie) = jar.get(GUEST_COOKIE) else { return Ok(false) };
    let seat = guest_seat(&state.db, cookie.value()).await?;
    Ok(seat.is_some_and(|seat| invitation.participant_id.as_ref() == Some(&seat.id)))
}

/// Open a guest invitation link: checks it is genuine, unused, not revoked, its
/// session live and the browser a desktop one.
#[utoipa::path(get, path = "/api/guest/invitations/{token}", tag = "guests", params(("token" = String, Path)),
    responses((status = 429, body = ErrorBody), (status = 200, body = GuestLink), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 410, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn open_link(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
    ApiPath(token): ApiPath<String>,
) -> Result<ApiJson<GuestLink>> {
    let invitation = verified(&state, &client, &headers, &token).await?;
    let back = holds_seat(&state, &jar, &invitation).await?;
    if !back {
        invitation.require_usable()?;
        if store::mark_opened(&state.db, &invitation.id).await? {
            audit::record(&state.db.pool, &state.settings.audit_key, &invitation.session_id, None, "guest_link_opened", json!({ "invitation_id": invitation.id })).await?;
            notify::session_changed(&state, &invitation.session_id).await;
        }
    }
    Ok(ApiJson(GuestLink {
        session_id: back.then(|| invitation.session_id.clone()),
        inviter_name: invitation.inviter_name,
        name: invitation.name,
        comment: invitation.comment,
        description: invitation.description,
        withheld: invitation.withheld.clone(),
    }))
}

/// Join the session with a guest link, under the confirmed name. Uses the link up.
#[utoipa::path(post, path = "/api/guest/invitations/{token}/join", tag = "guests", params(("token" = String, Path)), request_body = GuestJoin,
    responses((status = 429, body = ErrorBody), (status = 200, body = GuestMe), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 410, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn join(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
    ApiPath(token): ApiPath<String>,
    ApiJson(request): ApiJson<GuestJoin>,
) -> Result<(CookieJar, ApiJson<GuestMe>)> {
    let invitation = verified(&state, &client, &headers, &token).await?;
    if request.device.mobile {
        tracing::info!(reason = %request.device.reason, "a guest's browser reported a mobile device");
        return Err(Error::MobileDevice);
    }
    invitation.require_usable()?;
    let display_name = validate::text("display name", &request.display_name, MAX_NAME_CHARS)?;
    require_own_name(&state, &invitation, &display_name).await?;

    let seat_token = secret::new_token();
    let seat_hash = secret::hash_token(&seat_token);
    let mut tx = state.db.pool.begin().await?;
    let participant_id = participants::add(&mut *tx, Newcomer::holding(&invitation.session_id, Role::Guest, &display_name, &seat_hash)).await?.id;
    if !store::claim(&mut *tx, &invitation.id, &participant_id).await? {
        drop(tx);
        // Another request used (or the owner revoked) the link meanwhile: say which.
        let now = store::by_id(&state.db, &invitation.id).await?.ok_or(Error::GuestLinkInvalid)?;
        now.require_usable()?;
        return Err(Error::GuestLinkUsed);
    }
    for feature in &invitation.withheld {
        participants::switch_right(&mut *tx, &participant_id, *feature, false).await?;
    }
    let detail = json!({ "invitation_id": invitation.id, "display_name": display_name });
    audit::record(&mut *tx, &state.settings.audit_key, &invitation.session_id, Some(&participant_id), "guest_joined", detail).await?;
    tx.commit().await?;
    notify::session_changed(&state, &invitation.session_id).await;

    // A browser-session cookie: closing the browser ends it, and with it the way back in.
    let cookie = secret_cookie(&state.settings, GUEST_COOKIE, seat_token.clone());
    let me = GuestMe { session_id: invitation.session_id, participant_id, display_name, csrf_token: guest_csrf(&seat_token) };
    Ok((jar.add(cookie), ApiJson(me)))
}

/// The guest behind this browser, while it is in its session.
#[utoipa::path(get, path = "/api/guest/me", tag = "guests",
    responses((status = 200, body = GuestMe), (status = 401, body = ErrorBody)))]
async fn guest_me(State(state): State<AppState>, member: Member) -> Result<ApiJson<GuestMe>> {
    let guest = member.guest.ok_or(Error::Unauthenticated)?;
    let seat = seat::of_participant(&state.db, &guest.participant_id).await?;
    Ok(ApiJson(GuestMe {
        session_id: guest.session_id,
        participant_id: guest.participant_id,
        display_name: seat.display_name,
        csrf_token: guest.csrf_token,
    }))
}
