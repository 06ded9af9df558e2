//! Wire types shared by the server, the SDK core and the tests.

pub mod feed;
pub mod signal;

pub use feed::{InboxMessage, Incoming};
pub use signal::{ChatMessage, ClientMessage, InvitationView, ParticipantView, SeatView, IceCandidate, ParseError, ServerMessage, PROTOCOL_VERSION};
