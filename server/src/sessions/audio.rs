//! The phone's microphone and audio route as the technicians see them: the phone
//! reports them (on every connection and whenever they change), the relay keeps the
//! latest, and each technician that may use the mic receives them.

use std::sync::Arc;

use sightline_wire::signal::{AudioStatus, ServerMessage};

use super::model::Role;
use super::rights::Feature;
use super::seat::{self, Seat};
use crate::error::Result;
use crate::media::SessionMedia;
use crate::state::AppState;

/// The phone reported its audio: kept by the relay and passed on.
pub async fn reported(state: &AppState, media: &Arc<SessionMedia>, session_id: &str, participant_id: &str, status: AudioStatus) -> Result<()> {
    media.report_audio(participant_id, status);
    send_to(state, session_id, &seat::seats(&state.db, session_id).await?);
    Ok(())
}

/// Sends each of `seats` that may use the mic the audio statuses the relay holds.
pub fn send_to(state: &AppState, session_id: &str, seats: &[Seat]) {
    let Some(media) = state.relay.existing(session_id) else { return };
    for (participant_id, status) in media.audio_statuses() {
        state.connections.to_each(seats, |seat| {
            (seat.role != Role::Customer && seat.may(Feature::Mic))
                .then(|| ServerMessage::AudioStatus { participant_id: participant_id.clone(), status })
        });
    }
}
