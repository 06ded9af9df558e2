//! Wire types shared by the server, the SDK core and the tests: the signaling protocol and
//! the vocabulary (end reasons, roles, features, phone states, barcode formats, capture kinds) it speaks.

pub mod feed;
pub mod signal;
pub mod vocabulary;

pub use feed::{FeedRequest, InboxMessage, Incoming};
pub use signal::{ChatMessage, ClientMessage, InvitationView, ParticipantView, SeatView, IceCandidate, ParseError, ServerMessage, PROTOCOL_VERSION};
pub use vocabulary::{BarcodeFormat, CaptureKind, EndReason, Feature, PhoneState, Role, UnknownWord};
