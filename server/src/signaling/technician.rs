//! A technician's live connection: authenticated by the console's cookie, or by
//! the cookie a guest's single-use link gave it.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use futures_util::StreamExt;

use super::connection;
use super::peer::Peer;
use crate::live::Opener;
use crate::auth::Member;
use crate::device;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiPath, ApiUpgrade};
use crate::sessions::model::{self, Role, SessionStatus};
use crate::sessions::store::participants;
use crate::sessions::seat;
use crate::state::AppState;

/// Largest frame the socket accepts; the protocol refuses messages over 64 KiB with a typed error.
pub const MAX_FRAME_BYTES: usize = 1024 * 1024;

/// The technician's live connection to a session (WebSocket, signaling protocol).
#[utoipa::path(get, path = "/api/sessions/{id}/live", tag = "signaling", params(("id" = String, Path)),
    responses((status = 101, description = "WebSocket upgrade"), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn live(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    ApiUpgrade(upgrade): ApiUpgrade,
) -> Result<Response> {
    check_origin(&state, &headers)?;
    let (session, peer) = if member.guest.as_ref().is_some_and(|g| g.session_id == id) {
        // Checked again here: a guest's live connection never opens from a phone or tablet.
        if device::is_mobile(&headers) {
            return Err(Error::MobileDevice);
        }
        let (session, seat) = seat::for_member(&state.db, &member, &id).await?;
        let peer = Peer { session_id: seat.session_id, participant_id: seat.participant_id, role: seat.role, opener: Opener::default() };
        (session, peer)
    } else {
        let caller = member.technician.as_ref().ok_or(Error::NotFound("session"))?;
        let session = model::visible_to(&state.db, caller, &id).await?;
        let participant = participants::present_technician(&state.db, &session.id, &caller.technician_id)
            .await?
            .ok_or(Error::Forbidden("join the session before connecting to it"))?;
        let opener = Opener { sign_in: Some(caller.token_hash.clone()), technician_id: Some(caller.technician_id.clone()) };
        let peer = Peer { session_id: session.id.clone(), participant_id: participant.id, role: participant.role, opener };
        (session, peer)
    };
    if session.status == SessionStatus::Ended {
        return Err(Error::SessionEnded);
    }
    debug_assert_ne!(peer.role, Role::Customer);
    Ok(upgrade.max_message_size(MAX_FRAME_BYTES).on_upgrade(move |socket| async move {
        let (sink, stream) = socket.split();
        connection::serve(state, peer, sink, stream).await;
    }))
}

/// A cookie-authenticated WebSocket must come from the console's own origin
/// (browsers send `Origin` on every WebSocket handshake).
pub(super) fn check_origin(state: &AppState, headers: &HeaderMap) -> Result<()> {
    let expected = state.settings.public_url.origin().ascii_serialization();
    match headers.get(axum::http::header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) if origin != expected => Err(Error::Forbidden("this connection must come from the console")),
        _ => Ok(()),
    }
}
