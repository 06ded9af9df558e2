//! The media relay (webrtc-rs): the phone uploads once per session; every
//! technician receives the stream from here. Keyframe requests from viewers
//! reach the phone; ICE candidates trickle both ways.

mod continuity;
mod publisher;
pub mod relay;
mod session_media;
mod viewer;

pub use relay::{Relay, RelayCounts, RelaySettings};
pub use session_media::{Outbox, SessionMedia};
