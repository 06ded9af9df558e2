//! What a session is, as stored and as shown to the technicians allowed to see it.

use serde::Serialize;
use utoipa::ToSchema;

pub use sightline_wire::{EndReason, Role};

use crate::auth::Caller;
use crate::db::{new_id, now_ms, Db};
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
}

/// The stored row of a session.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub id: String,
    pub org_id: String,
    pub created_by: String,
    pub issue_category_id: Option<String>,
    pub status: SessionStatus,
    pub join_code: String,
    pub code_expires_at: i64,
    pub created_at: i64,
    pub ended_at: Option<i64>,
    pub end_reason: Option<EndReason>,
    pub started_from_mobile: bool,
}

pub type RowTuple = (String, String, String, Option<String>, String, String, i64, i64, Option<i64>, Option<String>, i64);
pub const SESSION_COLUMNS: &str =
    "id, org_id, created_by, issue_category_id, status, join_code, code_expires_at, created_at, ended_at, end_reason, started_from_mobile";

pub fn from_row(row: RowTuple) -> Result<SessionRow> {
    let (id, org_id, created_by, issue_category_id, status, join_code, code_expires_at, created_at, ended_at, end_reason, from_mobile) = row;
    Ok(SessionRow {
        id,
        org_id,
        created_by,
        issue_category_id,
        status: SessionStatus::parse(&status)?,
        join_code,
        code_expires_at,
        created_at,
        ended_at,
        end_reason: end_reason.map(|stored| stored.parse()).transpose()?,
        started_from_mobile: from_mobile != 0,
    })
}

pub async fn fetch_row(db: &Db, id: &str) -> Result<Option<SessionRow>> {
    let row: Option<RowTuple> = sqlx::query_as(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(from_row).transpose()
}

pub async fn participants(db: &Db, session_id: &str) -> Result<Vec<Participant>> {
    let rows: Vec<(String, String, Option<String>, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, role, technician_id, display_name, joined_at, left_at FROM participants \
         WHERE session_id = $1 ORDER BY joined_at, id",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(id, role, technician_id, display_name, joined_at, left_at)| {
            Ok(Participant { id, role: role.parse()?, technician_id, display_name, joined_at, left_at })
        })
        .collect()
}

/// The technician's place in the session, if they are in it now (joined, not left).
pub async fn active_participant(db: &Db, session_id: &str, technician_id: &str) -> Result<Option<Participant>> {
    Ok(participants(db, session_id)
        .await?
        .into_iter()
        .find(|p| p.technician_id.as_deref() == Some(technician_id) && p.left_at.is_none()))
}

/// Adds a technician to a session with `role`; returns the participant id.
pub async fn add_technician<'e, E>(executor: E, session_id: &str, technician_id: &str, role: Role, display_name: &str) -> Result<String>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let id = new_id();
    sqlx::query(
        "INSERT INTO participants (id, session_id, technician_id, kind, role, display_name, joined_at) \
         VALUES ($1, $2, $3, 'technician', $4, $5, $6)",
    )
    .bind(&id)
    .bind(session_id)
    .bind(technician_id)
    .bind(role.as_str())
    .bind(display_name)
    .bind(now_ms())
    .execute(executor)
    .await?;
    Ok(id)
}

/// The session if `caller` may see it: a technician who takes part in it, or an
/// admin of its organisation. Anyone else (and every other org) gets not found.
pub async fn visible_to(db: &Db, caller: &Caller, id: &str) -> Result<SessionRow> {
    let row = fetch_row(db, id).await?.filter(|s| s.org_id == caller.org_id).ok_or(Error::NotFound("session"))?;
    if caller.is_admin {
        return Ok(row);
    }
    let (taking_part,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM participants WHERE session_id = $1 AND technician_id = $2")
            .bind(&row.id)
            .bind(&caller.technician_id)
            .fetch_one(&db.pool)
            .await?;
    if taking_part == 0 {
        return Err(Error::NotFound("session"));
    }
    Ok(row)
}

/// The full view of a session.
pub async fn view(db: &Db, settings: &Settings, row: SessionRow) -> Result<Session> {
    let join = (row.status == SessionStatus::Waiting).then(|| JoinInfo {
        link: settings.url_for(&format!("/join/{}", row.join_code)),
        qr_url: format!("/api/sessions/{}/qr.png", row.id),
        expired: row.code_expires_at <= now_ms(),
        expires_at: row.code_expires_at,
        code: row.join_code.clone(),
    });
    Ok(Session {
        participants: participants(db, &row.id).await?,
        id: row.id,
        status: row.status,
        created_by: row.created_by,
        issue_category_id: row.issue_category_id,
        created_at: row.created_at,
        ended_at: row.ended_at,
        end_reason: row.end_reason,
        started_from_mobile: row.started_from_mobile,
        join,
    })
}
