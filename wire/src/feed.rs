//! The technician's personal console feed (`/api/me/live`): JSON text messages the
//! server sends while the console is open.

use serde::Serialize;

/// A message on the console feed.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboxMessage {
    /// Every invitation waiting for this technician now.
    Invitations { invitations: Vec<Incoming> },
    /// The feed closes: its sign-in ended (`signed_out`, `account_disabled`, ...).
    Ended { reason: crate::EndReason },
}

impl InboxMessage {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
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
