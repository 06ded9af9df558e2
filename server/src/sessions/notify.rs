//! Telling the people in a session what changed. Each technician gets its own view
//! of the session (what its seat may see), and every message goes only to the
//! participants allowed to see it. Deliveries are to this node's live connections.

use sightline_wire::signal::{ParticipantView, SeatView, ServerMessage};

use super::invitations;
use super::model::Role;
use super::rights::Feature;
use super::seat::{self, Seat};
use crate::error::Result;
use crate::signaling::inbox;
use crate::state::AppState;

/// Sends every technician in the session its fresh view of it. Failures are
/// logged: the change itself is already stored.
pub async fn session_changed(state: &AppState, session_id: &str) {
    if let Err(err) = send_views(state, session_id).await {
        tracing::error!(error = ?err, session_id, "could not tell the session's technicians of a change");
    }
}

async fn send_views(state: &AppState, session_id: &str) -> Result<()> {
    let seats = seat::seats(&state.db, session_id).await?;
    let invitations = invitations::store::all_session_views(&state.db, &state.settings, session_id).await?;
    for seat in seats.iter().filter(|s| s.role != Role::Customer) {
        if let Some(outbox) = state.connections.outbox(&seat.participant_id) {
            let view = seat_view(state, seat, &seats, &invitations);
            let _ = outbox.send(ServerMessage::Seat { seat: view });
        }
    }
    Ok(())
}

/// What `seat` may see of the session's people and invitations.
fn seat_view(state: &AppState, seat: &Seat, seats: &[Seat], invitations: &[sightline_wire::InvitationView]) -> SeatView {
    let participants = seat.may(Feature::SessionDetails).then(|| {
        seats
            .iter()
            .map(|other| ParticipantView {
                id: other.participant_id.clone(),
                role: other.role,
                display_name: other.display_name.clone(),
                joined_at: other.joined_at,
                connected: state.connections.is_connected(&other.participant_id),
                withdrawn: (seat.is_owner() && other.role != Role::Customer)
                    .then(|| other.withdrawn.clone()),
            })
            .collect()
    });
    SeatView {
        participant_id: seat.participant_id.clone(),
        role: seat.role,
        rights: seat.rights(),
        participants,
        invitations: seat.may(Feature::InviteTechnician).then(|| invitations.to_vec()),
    }
}

/// Sends each connected participant of the session the message `build` makes for
/// its seat, if any.
pub async fn to_each(state: &AppState, session_id: &str, build: impl Fn(&Seat) -> Option<ServerMessage>) -> Result<()> {
    for seat in seat::seats(&state.db, session_id).await? {
        if let Some(outbox) = state.connections.outbox(&seat.participant_id) {
            if let Some(message) = build(&seat) {
                let _ = outbox.send(message);
            }
        }
    }
    Ok(())
}

/// Sends `message` to every connected participant whose seat may use `feature`.
pub async fn to_allowed(state: &AppState, session_id: &str, feature: Feature, message: ServerMessage) -> Result<()> {
    to_each(state, session_id, |seat| seat.may(feature).then(|| message.clone())).await
}

/// Invitations of a session changed: its technicians get fresh views, and every open
/// console of the org its fresh queue.
pub async fn invitations_changed(state: &AppState, session_id: &str, org_id: &str) {
    session_changed(state, session_id).await;
    inbox::refresh_org(state, org_id).await;
}
