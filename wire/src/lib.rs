//! Wire types shared by the server, the SDK core and the tests: the signaling protocol and
//! the vocabulary (end reasons, roles, features, phone states, barcode formats, colours,
//! capture kinds) it speaks, join codes as customers type them, and the annotations
//! technicians draw over the picture.

pub mod annotation;
pub mod feed;
pub mod join_code;
pub mod signal;
pub mod vocabulary;

pub use feed::{FeedRequest, InboxMessage, Incoming};
pub use signal::{ChatMessage, ClientMessage, DeviceInfo, PersonTimes, SessionDetails, InvitationView, ParticipantView, SeatView, IceCandidate, ParseError, ServerMessage, PROTOCOL_VERSION};
pub use annotation::{Annotation, NewAnnotation, Shape};
pub use vocabulary::{BarcodeFormat, CaptureKind, Colour, EndReason, Feature, NetworkType, PhoneState, Role, UnknownWord, VideoState};
