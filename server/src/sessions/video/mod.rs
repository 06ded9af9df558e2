//! The customer's say over the picture: the phone reports whether it sends it, paused it
//! or waits for the customer's consent (on every connection and on each change). The
//! report is stored, a change is audited, and every technician who may see the video is
//! told (also with each view of the session, so a late joiner sees why no picture comes).

pub mod store;

use serde_json::json;
use sightline_wire::signal::ServerMessage;
use sightline_wire::VideoState;

use super::audit;
use super::model::Role;
use super::notify;
use super::rights::Feature;
use super::seat::Seat;
use crate::error::Result;
use crate::state::AppState;

fn told(seat: &Seat) -> bool {
    seat.role != Role::Customer && seat.may(Feature::Video)
}

/// The phone reported its video: stored, audited when it changed, and passed on.
pub async fn reported(state: &AppState, session_id: &str, participant_id: &str, video: VideoState) -> Result<()> {
    if store::set(&state.db, session_id, video).await? {
        audit::record(&state.db.pool, &state.settings.audit_key, session_id, Some(participant_id), "video_changed", json!({ "state": video })).await?;
        let message = ServerMessage::Video { state: video };
        notify::to_each(state, session_id, |seat| told(seat).then(|| message.clone())).await?;
    }
    Ok(())
}

/// Sends each of `seats` that may see the video whether the customer lets it through.
pub async fn send_to(state: &AppState, session_id: &str, seats: &[Seat]) -> Result<()> {
    if !seats.iter().any(told) {
        return Ok(());
    }
    let video = store::load(&state.db, session_id).await?;
    state.connections.to_each(seats, |seat| told(seat).then_some(ServerMessage::Video { state: video }));
    Ok(())
}
