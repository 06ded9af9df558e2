//! Internal invitations as stored, and the ways they stop being active.

use serde::Serialize;
use sightline_wire::{Incoming, InvitationView};
use utoipa::ToSchema;

use crate::db::{self, now_ms, Db};
use crate::error::{Error, Result};
use crate::guests::store as guest_store;
use crate::sessions::store::participants;
use crate::settings::Settings;

/// Who an invitation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A named technician (their personal queue).
    Technician,
    /// Any technician of a team: the first to accept takes it.
    Team,
    /// Request help on an issue category: its team's queue.
    Category,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Technician => "technician",
            Target::Team => "team",
            Target::Category => "category",
        }
    }
}

/// Why an invitation is no longer active (or that it still is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    Accepted,
    Declined,
    Revoked,
    InviterLeft,
    OwnershipTransferred,
    SessionEnded,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Accepted => "accepted",
            Status::Declined => "declined",
            Status::Revoked => "revoked",
            Status::InviterLeft => "inviter_left",
            Status::OwnershipTransferred => "ownership_transferred",
            Status::SessionEnded => "session_ended",
        }
    }
}

/// A stored invitation.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub id: String,
    pub session_id: String,
    pub org_id: String,
    pub inviter_id: String,
    pub technician_id: Option<String>,
    /// The team whose queue holds it (the category's team for request help).
    pub team_id: Option<String>,
    pub comment: String,
    pub code: String,
    pub active: bool,
}

const COLUMNS: &str = "id, session_id, org_id, inviter_id, technician_id, team_id, comment, code, status";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    session_id: String,
    org_id: String,
    inviter_id: String,
    technician_id: Option<String>,
    team_id: Option<String>,
    comment: String,
    code: String,
    status: String,
}

impl From<Row> for Invitation {
    fn from(row: Row) -> Self {
        Invitation {
            active: row.status == Status::Active.as_str(),
            id: row.id,
            session_id: row.session_id,
            org_id: row.org_id,
            inviter_id: row.inviter_id,
            technician_id: row.technician_id,
            team_id: row.team_id,
            comment: row.comment,
            code: row.code,
        }
    }
}

pub async fn fetch(db: &Db, id: &str) -> Result<Option<Invitation>> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM invitations WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(Invitation::from))
}

/// The active invitation holding `code`.
pub async fn fetch_active_by_code(db: &Db, code: &str) -> Result<Option<Invitation>> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM invitations WHERE code = $1 AND status = 'active'"))
        .bind(code)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(Invitation::from))
}

/// Whether `technician_id` may take the invitation: its named invitee, or a member
/// of the team whose queue holds it.
pub async fn is_for(db: &Db, invitation: &Invitation, technician_id: &str) -> Result<bool> {
    if let Some(named) = &invitation.technician_id {
        return Ok(named == technician_id);
    }
    let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM team_members WHERE team_id = $1 AND technician_id = $2")
        .bind(&invitation.team_id)
        .bind(technician_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(members > 0)
}

/// An invitation about to be sent, active from now.
#[derive(Debug, Clone, Copy)]
pub struct Invite<'a> {
    pub id: &'a str,
    pub session_id: &'a str,
    pub org_id: &'a str,
    pub inviter_id: &'a str,
    pub target: Target,
    pub technician_id: Option<&'a str>,
    pub team_id: Option<&'a str>,
    pub category_id: Option<&'a str>,
    pub comment: &'a str,
    pub code: &'a str,
}

/// Stores an active invitation; false when its code, or an active invitation of the
/// same technician to the session, is already there.
pub async fn insert<'e, E>(executor: E, invite: Invite<'_>) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let inserted = sqlx::query(
        "INSERT INTO invitations (id, session_id, org_id, inviter_id, target, technician_id, team_id, category_id, \
         comment, code, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(invite.id)
    .bind(invite.session_id)
    .bind(invite.org_id)
    .bind(invite.inviter_id)
    .bind(invite.target.as_str())
    .bind(invite.technician_id)
    .bind(invite.team_id)
    .bind(invite.category_id)
    .bind(invite.comment)
    .bind(invite.code)
    .bind(Status::Active.as_str())
    .bind(now_ms())
    .execute(executor)
    .await;
    db::inserted(inserted)
}

/// Whether the technician has an active invitation to the session.
pub async fn is_invited(db: &Db, session_id: &str, technician_id: &str) -> Result<bool> {
    let active: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations WHERE session_id = $1 AND technician_id = $2 AND status = $3")
        .bind(session_id)
        .bind(technician_id)
        .bind(Status::Active.as_str())
        .fetch_one(&db.pool)
        .await?;
    Ok(active > 0)
}

/// Answers the technician's own active invitation to the session, if any, as accepted by them.
pub async fn accept_named<'e, E>(executor: E, session_id: &str, technician_id: &str) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "UPDATE invitations SET status = $1, accepted_by = $2, closed_at = $3 \
         WHERE session_id = $4 AND technician_id = $2 AND status = $5",
    )
    .bind(Status::Accepted.as_str())
    .bind(technician_id)
    .bind(now_ms())
    .bind(session_id)
    .bind(Status::Active.as_str())
    .execute(executor)
    .await?;
    Ok(())
}

/// Closes one active invitation; false when it was no longer active.
pub async fn close<'e, E>(executor: E, id: &str, status: Status, accepted_by: Option<&str>) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let closed = sqlx::query("UPDATE invitations SET status = $1, accepted_by = $2, closed_at = $3 WHERE id = $4 AND status = 'active'")
        .bind(status.as_str())
        .bind(accepted_by)
        .bind(now_ms())
        .bind(id)
        .execute(executor)
        .await?;
    Ok(closed.rows_affected() == 1)
}

/// Closes the active invitations of a session, or only those sent by `inviter_id`.
pub async fn close_all<'e, E>(executor: E, session_id: &str, inviter_id: Option<&str>, status: Status) -> Result<u64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let closed = sqlx::query(
        "UPDATE invitations SET status = $1, closed_at = $2 WHERE session_id = $3 AND status = 'active' \
         AND ($4 IS NULL OR inviter_id = $4)",
    )
    .bind(status.as_str())
    .bind(now_ms())
    .bind(session_id)
    .bind(inviter_id)
    .execute(executor)
    .await?;
    Ok(closed.rows_affected())
}

/// Every invitation of a session, internal and guest, newest first, as its owner
/// sees them. A guest link itself is shown once, when it is made: only its hash is kept.
pub async fn session_views(db: &Db, settings: &Settings, session_id: &str) -> Result<Vec<InvitationView>> {
    let rows: Vec<ViewRow> = sqlx::query_as(
        "SELECT i.id, i.target, COALESCE(t.display_name, c.name, tm.name, '') AS target_name, i.comment, i.code, i.status, \
         a.display_name AS accepted_by, NULL AS guest_id, i.created_at, i.closed_at FROM invitations i \
         LEFT JOIN technicians t ON t.id = i.technician_id \
         LEFT JOIN teams tm ON tm.id = i.team_id \
         LEFT JOIN issue_categories c ON c.id = i.category_id \
         LEFT JOIN technicians a ON a.id = i.accepted_by \
         WHERE i.session_id = $1 \
         UNION ALL \
         SELECT g.id, 'guest', g.name || ' <' || g.email || '>', g.comment, NULL, g.status, \
         NULL, g.participant_id, g.created_at, g.revoked_at FROM guest_invitations g \
         WHERE g.session_id = $1 \
         ORDER BY 9 DESC, 1",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    let people = participants::of_session(db, session_id).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            // A guest invitation is accepted by the seat its guest took, and closed when that seat was left.
            let guest = row.guest_id.as_ref().and_then(|id| people.iter().find(|p| &p.id == id));
            let guest_left_at = guest.and_then(|g| g.left_at);
            let accepted_by = row.accepted_by.or_else(|| guest.map(|g| g.display_name.clone()));
            let code = row.code.filter(|_| row.status == "active");
            let used = guest_store::is_used(&row.status, guest_left_at.is_some());
            InvitationView {
                id: row.id,
                target: row.target,
                target_name: row.target_name,
                comment: row.comment,
                link: code.as_deref().map(|code| invitation_link(settings, code)),
                code,
                status: if used { "used".to_owned() } else { row.status },
                accepted_by,
                created_at: row.created_at,
                closed_at: row.closed_at.or(guest_left_at),
            }
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ViewRow {
    id: String,
    target: String,
    target_name: String,
    comment: String,
    code: Option<String>,
    status: String,
    accepted_by: Option<String>,
    /// A guest invitation's seat, once its guest joined.
    guest_id: Option<String>,
    created_at: i64,
    closed_at: Option<i64>,
}

/// One invitation of a session, internal or guest, as its owner sees it.
pub async fn session_view(db: &Db, settings: &Settings, session_id: &str, id: &str) -> Result<InvitationView> {
    let views = session_views(db, settings, session_id).await?;
    views.into_iter().find(|view| view.id == id).ok_or(Error::NotFound("invitation"))
}

/// The active invitations a technician may take, newest first: named ones and
/// those in their teams' queues, for live sessions they are not in, minus the
/// queue invitations they declined.
pub async fn incoming(db: &Db, settings: &Settings, technician_id: &str) -> Result<Vec<Incoming>> {
    let rows: Vec<IncomingRow> = sqlx::query_as(
        "SELECT i.id, i.session_id, i.code, inv.display_name AS inviter_name, i.comment, i.target, tm.name AS team, \
         c.name AS category, i.created_at \
         FROM invitations i JOIN technicians inv ON inv.id = i.inviter_id \
         LEFT JOIN teams tm ON tm.id = i.team_id LEFT JOIN issue_categories c ON c.id = i.category_id \
         WHERE i.status = 'active' \
         AND (i.technician_id = $1 OR (i.technician_id IS NULL AND i.team_id IN \
              (SELECT team_id FROM team_members WHERE technician_id = $1))) \
         AND NOT EXISTS (SELECT 1 FROM invitation_dismissals d WHERE d.invitation_id = i.id AND d.technician_id = $1) \
         ORDER BY i.created_at DESC, i.id",
    )
    .bind(technician_id)
    .fetch_all(&db.pool)
    .await?;
    let already_in = participants::sessions_of(db, technician_id).await?;
    Ok(rows
        .into_iter()
        .filter(|row| !already_in.contains(&row.session_id))
        .map(|row| Incoming {
            link: invitation_link(settings, &row.code),
            id: row.id,
            session_id: row.session_id,
            code: row.code,
            inviter_name: row.inviter_name,
            comment: row.comment,
            target: row.target,
            via: row.category.or(row.team),
            created_at: row.created_at,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct IncomingRow {
    id: String,
    session_id: String,
    code: String,
    inviter_name: String,
    comment: String,
    target: String,
    team: Option<String>,
    category: Option<String>,
    created_at: i64,
}

/// Hides a queue invitation from one technician who declined it.
pub async fn dismiss(db: &Db, invitation_id: &str, technician_id: &str) -> Result<()> {
    sqlx::query("INSERT INTO invitation_dismissals (invitation_id, technician_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(invitation_id)
        .bind(technician_id)
        .bind(now_ms())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The console page that opens an invitation by its code.
pub fn invitation_link(settings: &Settings, code: &str) -> String {
    settings.url_for(&format!("/invitations/{code}"))
}

/// Refuses an invitation that is no longer active.
pub fn require_active(invitation: &Invitation) -> Result<()> {
    if invitation.active {
        Ok(())
    } else {
        Err(Error::InvitationInactive)
    }
}
