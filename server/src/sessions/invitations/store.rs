//! Internal invitations as stored, and the ways they stop being active.

use serde::Serialize;
use sightline_wire::{Incoming, InvitationView};
use utoipa::ToSchema;

use crate::accounts::store::{categories, teams, technicians};
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
    match &invitation.team_id {
        Some(team_id) => teams::has_member(db, team_id, technician_id).await,
        None => Ok(false),
    }
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
        "SELECT id, target, technician_id, team_id, category_id, comment, code, status, accepted_by, created_at, closed_at \
         FROM invitations WHERE session_id = $1",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    let mut views = Vec::new();
    for row in rows {
        let code = Some(row.code.clone()).filter(|_| row.status == Status::Active.as_str());
        let accepted_by = match &row.accepted_by {
            Some(id) => technicians::fetch(&db.pool, id).await?.map(|technician| technician.display_name),
            None => None,
        };
        let target_name = target_name(db, &row).await?;
        views.push(InvitationView {
            target_name,
            link: code.as_deref().map(|code| invitation_link(settings, code)),
            code,
            id: row.id,
            target: row.target,
            comment: row.comment,
            status: row.status,
            accepted_by,
            created_at: row.created_at,
            closed_at: row.closed_at,
        });
    }
    let people = participants::of_session(db, session_id).await?;
    for guest in guest_store::sent_in(db, session_id).await? {
        // A guest invitation is accepted by the seat its guest took, and closed when that seat was left.
        let seat = guest.participant_id.as_ref().and_then(|id| people.iter().find(|p| &p.id == id));
        let left_at = seat.and_then(|seat| seat.left_at);
        let used = guest_store::is_used(&guest.status, left_at.is_some());
        views.push(InvitationView {
            id: guest.id,
            target: "guest".to_owned(),
            target_name: format!("{} <{}>", guest.name, guest.email),
            comment: guest.comment,
            link: None,
            code: None,
            status: if used { "used".to_owned() } else { guest.status },
            accepted_by: seat.map(|seat| seat.display_name.clone()),
            created_at: guest.created_at,
            closed_at: guest.revoked_at.or(left_at),
        });
    }
    views.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
    Ok(views)
}

/// Whom an invitation names: its technician, else its category, else its team.
async fn target_name(db: &Db, row: &ViewRow) -> Result<String> {
    if let Some(id) = &row.technician_id {
        if let Some(technician) = technicians::fetch(&db.pool, id).await? {
            return Ok(technician.display_name);
        }
    }
    if let Some(id) = &row.category_id {
        if let Some(name) = categories::name(db, id).await? {
            return Ok(name);
        }
    }
    match &row.team_id {
        Some(id) => Ok(teams::name(db, id).await?.unwrap_or_default()),
        None => Ok(String::new()),
    }
}

#[derive(sqlx::FromRow)]
struct ViewRow {
    id: String,
    target: String,
    technician_id: Option<String>,
    team_id: Option<String>,
    category_id: Option<String>,
    comment: String,
    code: String,
    status: String,
    accepted_by: Option<String>,
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
    let mut rows: Vec<IncomingRow> = sqlx::query_as(&format!("{INCOMING_SELECT} AND i.technician_id = $1 {NOT_DISMISSED_BY_1}"))
        .bind(technician_id)
        .fetch_all(&db.pool)
        .await?;
    for team_id in teams::of_member(db, technician_id).await? {
        let queued: Vec<IncomingRow> =
            sqlx::query_as(&format!("{INCOMING_SELECT} AND i.technician_id IS NULL AND i.team_id = $2 {NOT_DISMISSED_BY_1}"))
                .bind(technician_id)
                .bind(&team_id)
                .fetch_all(&db.pool)
                .await?;
        rows.extend(queued);
    }
    rows.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
    let already_in = participants::sessions_of(db, technician_id).await?;
    let mut incoming = Vec::new();
    for row in rows.into_iter().filter(|row| !already_in.contains(&row.session_id)) {
        let inviter = technicians::fetch(&db.pool, &row.inviter_id).await?.ok_or(Error::NotFound("technician"))?;
        let category = match &row.category_id {
            Some(id) => categories::name(db, id).await?,
            None => None,
        };
        let via = match (category, &row.team_id) {
            (Some(category), _) => Some(category),
            (None, Some(team_id)) => teams::name(db, team_id).await?,
            (None, None) => None,
        };
        incoming.push(Incoming {
            link: invitation_link(settings, &row.code),
            id: row.id,
            session_id: row.session_id,
            code: row.code,
            inviter_name: inviter.display_name,
            comment: row.comment,
            target: row.target,
            via,
            created_at: row.created_at,
        });
    }
    Ok(incoming)
}

/// The active invitations of `incoming`, before picking whose they are.
const INCOMING_SELECT: &str = "SELECT i.id, i.session_id, i.code, i.inviter_id, i.comment, i.target, i.team_id, i.category_id, \
     i.created_at FROM invitations i WHERE i.status = 'active'";
/// Leaves out the invitations technician `$1` declined.
const NOT_DISMISSED_BY_1: &str =
    "AND NOT EXISTS (SELECT 1 FROM invitation_dismissals d WHERE d.invitation_id = i.id AND d.technician_id = $1)";

#[derive(sqlx::FromRow)]
struct IncomingRow {
    id: String,
    session_id: String,
    code: String,
    inviter_id: String,
    comment: String,
    target: String,
    team_id: Option<String>,
    category_id: Option<String>,
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
