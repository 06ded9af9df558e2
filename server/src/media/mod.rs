//! The media relay (webrtc-rs): the phone uploads once per session; every
//! technician receives the stream from here, and everyone's voice is mixed for
//! everyone else. Keyframe requests from viewers
//! reach the phone; their NACKs are answered from the forwarded track's one history;
//! ICE candidates trickle both ways. The relay holds peer
//! connections and tracks only: what participants must hear it reports as events.

mod continuity;
mod events;
mod forwarded_track;
mod ice_servers;
mod participants;
mod publisher;
pub mod recording;
pub mod relay;
mod session_media;
mod viewer;
mod voice_mix;
mod voice_out;
mod voices;

pub use events::{MediaEvent, MediaEvents};
pub use ice_servers::{IceServers, SharedSecret, TurnAuth};
pub use relay::{Relay, RelayCounts, RelaySettings};
pub use session_media::SessionMedia;
