//! What a session is, as shown to the technicians allowed to see it.

use serde::Serialize;
use utoipa::ToSchema;

pub use sightline_wire::{EndReason, Role, SessionDetails};

use super::store::participants::{self, StoredParticipant};
use super::store::sessions::{self, StoredSession};
use crate::auth::Caller;
use crate::db::{now_ms, Db};
use crate::error::{Error, Result};
use crate::settings::Settings;

/// Where a session is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Waiting for the customer to join with the code.
    Waiting,
    /// The customer's app has joined.
    Connected,
    Ended,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Waiting => "waiting",
            SessionStatus::Connected => "connected",
            SessionStatus::Ended => "ended",
        }
    }

    pub(crate) fn parse(stored: &str) -> Result<SessionStatus> {
        match stored {
            "waiting" => Ok(SessionStatus::Waiting),
            "connected" => Ok(SessionStatus::Connected),
            "ended" => Ok(SessionStatus::Ended),
            other => Err(Error::Internal(format!("unknown stored session status {other:?}"))),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Participant {
    pub id: String,
    pub role: Role,
    pub technician_id: Option<String>,
    pub display_name: String,
    pub joined_at: i64,
    pub left_at: Option<i64>,
}

/// How the customer joins, shown only while the session waits for them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JoinInfo {
    /// Nine digits, for the customer to type into the app.
    pub code: String,
    /// The same code as a link; `qr_url` serves it as a QR code image.
    pub link: String,
    pub qr_url: String,
    pub expires_at: i64,
    pub expired: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Session {
    pub id: String,
    pub status: SessionStatus,
    pub created_by: String,
    pub issue_category_id: Option<String>,
    pub created_at: i64,
    pub ended_at: Option<i64>,
    pub end_reason: Option<EndReason>,
    /// Started from a phone or tablet: such a session cannot invite guests.
    pub started_from_mobile: bool,
    pub join: Option<JoinInfo>,
    pub participants: Vec<Participant>,
    /// The customer's device and network, the times and the people: only with one session
    /// asked for by a seat that may see its details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<SessionDetails>,
}

impl From<StoredParticipant> for Participant {
    fn from(stored: StoredParticipant) -> Self {
        Participant {
            id: stored.id,
            role: stored.role,
            technician_id: stored.technician_id,
            display_name: stored.display_name,
            joined_at: stored.joined_at,
            left_at: stored.left_at,
        }
    }
}

/// The session if `caller` may see it: a technician who takes part in it, or an
/// admin of its organisation. Anyone else (and every other org) gets not found.
pub async fn visible_to(db: &Db, caller: &Caller, id: &str) -> Result<StoredSession> {
    let row = sessions::fetch(db, id).await?.filter(|s| s.org_id == caller.org_id).ok_or(Error::NotFound("session"))?;
    if caller.is_admin || participants::has_taken_part(db, &row.id, &caller.technician_id).await? {
        Ok(row)
    } else {
        Err(Error::NotFound("session"))
    }
}

/// The full view of a session.
pub async fn view(db: &Db, settings: &Settings, row: StoredSession) -> Result<Session> {
    let people = participants::of_session(db, &row.id).await?;
    Ok(view_with(settings, row, people))
}

/// The full views of a list of sessions, their participants read in one query.
pub async fn views(db: &Db, settings: &Settings, rows: Vec<StoredSession>) -> Result<Vec<Session>> {
    let ids: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
    let mut people = participants::of_sessions(db, &ids).await?;
    Ok(rows.into_iter().map(|row| {
        let of_row = people.remove(&row.id).unwrap_or_default();
        view_with(settings, row, of_row)
    }).collect())
}

/// The full view of a session whose participants (`participants::of_session`) are read already.
pub fn view_with(settings: &Settings, row: StoredSession, people: Vec<StoredParticipant>) -> Session {
    let join = (row.status == SessionStatus::Waiting).then(|| JoinInfo {
        link: settings.url_for(&format!("/join/{}", row.join_code)),
        qr_url: format!("/api/sessions/{}/qr.png", row.id),
        expired: row.code_expires_at <= now_ms(),
        expires_at: row.code_expires_at,
        code: row.join_code.clone(),
    });
    Session {
        participants: people.into_iter().map(Participant::from).collect(),
        id: row.id,
        status: row.status,
        created_by: row.created_by,
        issue_category_id: row.issue_category_id,
        created_at: row.created_at,
        ended_at: row.ended_at,
        end_reason: row.end_reason,
        started_from_mobile: row.started_from_mobile,
        join,
        details: None,
    }
}
