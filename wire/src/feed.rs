//! The technician's personal console feed (`/api/me/live`): JSON text messages the
//! server sends while the console is open, and the one message a console may send.

use serde::{Deserialize, Serialize};

use crate::signal::ParseError;

/// A message on the console feed.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboxMessage {
    /// Every invitation waiting for this technician now.
    Invitations { invitations: Vec<Incoming> },
    /// The feed closes: its sign-in ended (`signed_out`, `account_disabled`, ...).
    Ended { reason: crate::EndReason },
    /// The answer to the console's `ping`.
    Pong,
    /// What the console sent was refused (`malformed_message`); the feed stays open.
    Error { code: String, message: String },
}

/// What a console may send on its feed: only `ping`, answered with `pong`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FeedRequest {
    /// A struct variant, so that a `ping` with unknown fields is refused too.
    Ping {},
}

impl FeedRequest {
    /// Parses a console's message, refusing oversize or malformed text.
    pub fn parse(text: &str) -> Result<FeedRequest, ParseError> {
        crate::signal::parse(text)
    }
}

impl InboxMessage {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn error(code: &str, message: impl Into<String>) -> InboxMessage {
        InboxMessage::Error { code: code.to_owned(), message: message.into() }
    }
}

/// An invitation waiting in a technician's queue, as the invitee sees it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "utoipa", derive(utoipa::ToSchema))]
pub struct Incoming {
    pub id: String,
    pub session_id: String,
    pub code: String,
    pub link: String,
    pub inviter_name: String,
    /// The owner's comment, shown before joining.
    pub comment: String,
    pub target: String,
    /// The team or category it came through, for queue invitations.
    pub via: Option<String>,
    pub created_at: i64,
}
