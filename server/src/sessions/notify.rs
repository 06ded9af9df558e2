//! Telling the people in a session what changed. Each technician gets its own view
//! of the session (what its seat may see), and every message goes only to the
//! participants allowed to see it; open consoles get their fresh invitation queues.
//! The live layer delivers to this node's connections; a session's change and an org's
//! invitations also go as hints to the other nodes on the same PostgreSQL, which send
//! their own connections the same, read from the tables (`sessions/hints.rs`). A technician's fresh view is
//! followed by the phone camera's state as far as that seat may see it, the session's
//! freeze and whether the customer paused it (or has not agreed yet) when it may see the video, and the session's annotations when it may annotate, and the session's details when it may see them; the
//! relay's voice channel follows each seat's Mic right, and a seat with it hears how the
//! phone's microphone is; everyone hears whether the session is being recorded.

use sightline_wire::signal::{ParticipantView, SeatView, ServerMessage};
use sightline_wire::InboxMessage;

use super::{annotations, audio, camera, details, freeze, recording, video};
use super::invitations::store;
use super::model::Role;
use super::rights::Feature;
use super::seat::{self, Seat};
use crate::error::Result;
use crate::live::Hint;
use crate::state::AppState;

/// Sends every technician in the session its fresh view of it, here and on the other
/// nodes. Failures are logged: the change itself is already stored.
pub async fn session_changed(state: &AppState, session_id: &str) {
    session_changed_here(state, session_id).await;
    state.hints.publish(Hint::Session { session_id: session_id.to_owned() }).await;
}

/// `session_changed` for this node's connections only.
pub async fn session_changed_here(state: &AppState, session_id: &str) {
    if let Err(err) = send_views(state, session_id).await {
        tracing::error!(error = ?err, session_id, "could not tell the session's technicians of a change");
    }
}

async fn send_views(state: &AppState, session_id: &str) -> Result<()> {
    let seats = seat::seats(&state.db, session_id).await?;
    let invitations = store::session_views(&state.db, &state.settings, session_id).await?;
    let technicians = seats.iter().filter(|s| s.role != Role::Customer);
    state.connections.to_each(technicians, |seat| Some(ServerMessage::Seat { seat: seat_view(state, seat, &seats, &invitations) }));
    // The voice channel follows each seat's Mic right at the relay.
    if let Some(media) = state.relay.existing(session_id) {
        for seat in &seats {
            media.allow_voice(&seat.participant_id, seat.may(Feature::Mic));
        }
    }
    // What the seat may now see of the phone's camera and annotations follows its rights.
    camera::send_to(state, session_id, &seats).await?;
    freeze::send_to(state, session_id, &seats).await?;
    video::send_to(state, session_id, &seats).await?;
    annotations::send_to(state, session_id, &seats).await?;
    details::send_to(state, session_id, &seats).await?;
    audio::send_to(state, session_id, &seats);
    recording::send_to(state, session_id, &seats);
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
    state.connections.to_each(&seat::seats(&state.db, session_id).await?, build);
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
    refresh_org(state, org_id).await;
}

/// Sends every open console of the org its current invitations, here and on the other
/// nodes. Failures are logged.
pub async fn refresh_org(state: &AppState, org_id: &str) {
    refresh_org_here(state, org_id).await;
    state.hints.publish(Hint::Org { org_id: org_id.to_owned() }).await;
}

/// `refresh_org` for this node's open consoles only.
pub async fn refresh_org_here(state: &AppState, org_id: &str) {
    for (technician_id, outbox) in state.inboxes.of_org(org_id) {
        match store::incoming(&state.db, &state.settings, &technician_id).await {
            Ok(invitations) => {
                let _ = outbox.send(InboxMessage::Invitations { invitations });
            }
            Err(err) => tracing::error!(error = ?err, "could not refresh a console's invitations"),
        }
    }
}
