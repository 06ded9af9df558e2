//! The relay's events turned into signaling: each reaches the live connection of
//! the participant it concerns.

use sightline_wire::signal::ServerMessage;

use super::Connections;
use crate::media::{MediaEvent, MediaEvents};

impl MediaEvents for Connections {
    fn report(&self, event: MediaEvent) {
        let (participant, message) = match event {
            MediaEvent::Viewers { phone, count } => (phone, ServerMessage::Viewers { count }),
            MediaEvent::PhoneState { viewer, state } => (viewer, ServerMessage::PhoneState { state }),
            MediaEvent::Offer { viewer, sdp } => (viewer, ServerMessage::Offer { sdp }),
            MediaEvent::Candidate { participant, candidate } => (participant, ServerMessage::Candidate { candidate }),
            MediaEvent::Voices { participant, voices } => (participant, ServerMessage::Voices { voices }),
        };
        self.send(&participant, message);
    }
}
