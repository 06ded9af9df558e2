//! What the relay reports about a session's media: typed events, each addressed to
//! the participant it concerns. The relay holds no signaling connection; the live
//! layer turns each event into that participant's message.

use sightline_wire::signal::{IceCandidate, PhoneState, VoiceState};

#[derive(Debug, Clone, PartialEq)]
pub enum MediaEvent {
    /// How many technicians receive the phone's video, for the phone.
    Viewers { phone: String, count: u32 },
    /// The phone's media state, for a technician receiving its video.
    PhoneState { viewer: String, state: PhoneState },
    /// The relay's offer of video to a technician.
    Offer { viewer: String, sdp: String },
    /// One of the relay's ICE candidates for a participant's peer connection.
    Candidate { participant: String, candidate: IceCandidate },
    /// Who is in the voice channel and who speaks, for a participant in it.
    Voices { participant: String, voices: Vec<VoiceState> },
}

/// Where the relay reports its events; called in order, as they happen.
pub trait MediaEvents: Send + Sync {
    fn report(&self, event: MediaEvent);
}
