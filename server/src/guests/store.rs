//! Guest invitations as stored (`guest_invitations`, and the features each policy
//! withholds in `guest_invitation_withheld`): looking one up by its link's token, the
//! single-use state machine (sent → opened → joined, or revoked), a session's list.

use crate::auth::secret::{hash_token, secrets_equal};
use crate::accounts::store::technicians;
use crate::db::{new_id, now_ms, Db};
use crate::error::{Error, Result};
use crate::sessions::model::SessionStatus;
use crate::sessions::store::{participants, sessions};
use crate::sessions::rights::Feature;

/// A stored guest invitation.
#[derive(Debug, Clone)]
pub struct GuestInvitation {
    pub id: String,
    pub session_id: String,
    pub org_id: String,
    pub inviter_name: String,
    /// The name the invitation addresses the guest by.
    pub name: String,
    pub comment: String,
    pub description: String,
    /// What the invitation's policy withholds from the guest, beyond its role's ceiling.
    pub withheld: Vec<Feature>,
    pub status: String,
    /// The guest's seat once it joined.
    pub participant_id: Option<String>,
    /// Whether that seat has been left (the link is then used up).
    pub guest_left: bool,
    pub session_status: SessionStatus,
}

const COLUMNS: &str = "id, session_id, org_id, inviter_id, name, comment, description, status, participant_id, token_hash";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    session_id: String,
    org_id: String,
    inviter_id: String,
    name: String,
    comment: String,
    description: String,
    status: String,
    participant_id: Option<String>,
    token_hash: String,
}

/// The invitation with what its session and its guest's seat say now.
async fn with_state(db: &Db, row: Row) -> Result<GuestInvitation> {
    let session = sessions::fetch(db, &row.session_id).await?.ok_or(Error::NotFound("session"))?;
    let guest_left = match &row.participant_id {
        Some(id) => participants::by_id(db, id).await?.is_some_and(|guest| guest.left_at.is_some()),
        None => false,
    };
    let inviter = technicians::fetch(&db.pool, &row.inviter_id).await?.ok_or(Error::NotFound("technician"))?;
    Ok(GuestInvitation {
        withheld: withheld(db, &row.id).await?,
        inviter_name: inviter.display_name,
        id: row.id,
        session_id: row.session_id,
        org_id: row.org_id,
        name: row.name,
        comment: row.comment,
        description: row.description,
        status: row.status,
        participant_id: row.participant_id,
        guest_left,
        session_status: session.status,
    })
}

/// What the invitation's policy withholds, in the policy's order.
async fn withheld(db: &Db, id: &str) -> Result<Vec<Feature>> {
    let features: Vec<String> =
        sqlx::query_scalar("SELECT feature FROM guest_invitation_withheld WHERE invitation_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&db.pool)
            .await?;
    Ok(features.iter().map(|name| name.parse()).collect::<Result<_, _>>()?)
}

/// The invitation whose link carries `token`, compared in constant time.
pub async fn by_token(db: &Db, token: &str) -> Result<Option<GuestInvitation>> {
    let hash = hash_token(token);
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM guest_invitations WHERE token_hash = $1"))
        .bind(&hash)
        .fetch_optional(&db.pool)
        .await?;
    match row {
        Some(row) if secrets_equal(&row.token_hash, &hash) => with_state(db, row).await.map(Some),
        _ => Ok(None),
    }
}

pub async fn by_id(db: &Db, id: &str) -> Result<Option<GuestInvitation>> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM guest_invitations WHERE id = $1")).bind(id).fetch_optional(&db.pool).await?;
    match row {
        Some(row) => with_state(db, row).await.map(Some),
        None => Ok(None),
    }
}

/// A joined guest that has left has used its link up (shown to the owner as `used`).
pub fn is_used(status: &str, guest_left: bool) -> bool {
    status == "joined" && guest_left
}

impl GuestInvitation {
    pub fn is_used(&self) -> bool {
        is_used(&self.status, self.guest_left)
    }

    /// `Ok` while the link may still let a guest in: genuine (found), never joined,
    /// not revoked, its session not ended.
    pub fn require_usable(&self) -> Result<()> {
        match self.status.as_str() {
            "revoked" => Err(Error::GuestLinkRevoked),
            "joined" => Err(Error::GuestLinkUsed),
            _ if self.session_status == SessionStatus::Ended => Err(Error::SessionEnded),
            _ => Ok(()),
        }
    }
}

/// A guest invitation about to be mailed.
#[derive(Debug, Clone, Copy)]
pub struct NewGuest<'a> {
    pub session_id: &'a str,
    pub org_id: &'a str,
    pub inviter_id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub comment: &'a str,
    pub description: &'a str,
    pub withheld: &'a [Feature],
    /// The hash of the link's token.
    pub token_hash: &'a str,
}

/// Stores a sent guest invitation and its policy; returns its id.
pub async fn insert(conn: &mut sqlx::AnyConnection, guest: NewGuest<'_>) -> Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO guest_invitations (id, session_id, org_id, inviter_id, email, name, comment, description, \
         token_hash, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'sent', $10)",
    )
    .bind(&id)
    .bind(guest.session_id)
    .bind(guest.org_id)
    .bind(guest.inviter_id)
    .bind(guest.email)
    .bind(guest.name)
    .bind(guest.comment)
    .bind(guest.description)
    .bind(guest.token_hash)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    for (position, feature) in (0_i64..).zip(guest.withheld) {
        sqlx::query("INSERT INTO guest_invitation_withheld (invitation_id, position, feature) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(position)
            .bind(feature.as_str())
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

/// Records the first opening of a link (true); later openings change nothing.
pub async fn mark_opened(db: &Db, id: &str) -> Result<bool> {
    let opened = sqlx::query("UPDATE guest_invitations SET status = 'opened', opened_at = $1 WHERE id = $2 AND status = 'sent'")
        .bind(now_ms())
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(opened.rows_affected() == 1)
}

/// Takes the link's single use for `participant_id`; false when another request
/// took it first (or it was revoked meanwhile).
pub async fn claim<'e, E>(executor: E, id: &str, participant_id: &str) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let claimed = sqlx::query(
        "UPDATE guest_invitations SET status = 'joined', joined_at = $1, participant_id = $2 \
         WHERE id = $3 AND status IN ('sent', 'opened')",
    )
    .bind(now_ms())
    .bind(participant_id)
    .bind(id)
    .execute(executor)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

/// Revokes the invitation; false when it already was.
pub async fn revoke<'e, E>(executor: E, id: &str) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let revoked = sqlx::query("UPDATE guest_invitations SET status = 'revoked', revoked_at = $1 WHERE id = $2 AND status <> 'revoked'")
        .bind(now_ms())
        .bind(id)
        .execute(executor)
        .await?;
    Ok(revoked.rows_affected() == 1)
}

/// Withdraws the links `inviter_id` sent in the session that no guest has used yet
/// (the inviter left or handed over ownership), as its internal invitations close.
pub async fn revoke_unused_of<'e, E>(executor: E, session_id: &str, inviter_id: &str) -> Result<u64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let revoked = sqlx::query(
        "UPDATE guest_invitations SET status = 'revoked', revoked_at = $1 \
         WHERE session_id = $2 AND inviter_id = $3 AND status IN ('sent', 'opened')",
    )
    .bind(now_ms())
    .bind(session_id)
    .bind(inviter_id)
    .execute(executor)
    .await?;
    Ok(revoked.rows_affected())
}

/// A guest invitation as its session's list shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SentGuest {
    pub id: String,
    pub name: String,
    pub email: String,
    pub comment: String,
    pub status: String,
    /// The guest's seat once it joined.
    pub participant_id: Option<String>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// The guest invitations sent in a session.
pub async fn sent_in(db: &Db, session_id: &str) -> Result<Vec<SentGuest>> {
    Ok(sqlx::query_as(
        "SELECT id, name, email, comment, status, participant_id, created_at, revoked_at FROM guest_invitations WHERE session_id = $1",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?)
}
