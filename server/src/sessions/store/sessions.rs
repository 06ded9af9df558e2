//! The `sessions` table: a session's row from start to end, its join code and notes.

use crate::db::{self, Db};
use crate::error::{Error, Result};
use crate::sessions::model::{EndReason, SessionStatus};
use crate::sessions::store::participants;

/// A session as stored.
#[derive(Debug, Clone)]
pub struct StoredSession {
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

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    org_id: String,
    created_by: String,
    issue_category_id: Option<String>,
    status: String,
    join_code: String,
    code_expires_at: i64,
    created_at: i64,
    ended_at: Option<i64>,
    end_reason: Option<String>,
    started_from_mobile: i64,
}

impl TryFrom<Row> for StoredSession {
    type Error = Error;

    fn try_from(row: Row) -> Result<Self> {
        Ok(StoredSession {
            status: SessionStatus::parse(&row.status)?,
            end_reason: row.end_reason.map(|stored| stored.parse()).transpose()?,
            started_from_mobile: row.started_from_mobile != 0,
            id: row.id,
            org_id: row.org_id,
            created_by: row.created_by,
            issue_category_id: row.issue_category_id,
            join_code: row.join_code,
            code_expires_at: row.code_expires_at,
            created_at: row.created_at,
            ended_at: row.ended_at,
        })
    }
}

/// The columns of `Row`, of the table aliased `s`.
const COLUMNS: &str = "s.id, s.org_id, s.created_by, s.issue_category_id, s.status, s.join_code, s.code_expires_at, \
     s.created_at, s.ended_at, s.end_reason, s.started_from_mobile";

/// A session about to start, waiting for its customer.
#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub created_by: &'a str,
    pub issue_category_id: Option<&'a str>,
    pub join_code: &'a str,
    pub code_expires_at: i64,
    pub started_from_mobile: bool,
    pub created_at: i64,
}

/// Which sessions of an organisation a list shows.
#[derive(Debug, Clone, Copy)]
pub struct Listing<'a> {
    pub org_id: &'a str,
    /// Only those this technician has been in; `None` for all (admins).
    pub taken_part_by: Option<&'a str>,
    /// Only waiting and connected ones.
    pub active_only: bool,
}

/// How many sessions a list shows at most.
const LIST_LIMIT: i64 = 200;

/// Stores a new session; the row as it now reads, or none when a waiting session already
/// holds its join code.
pub async fn insert<'e, E>(executor: E, new: NewSession<'_>) -> Result<Option<StoredSession>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let inserted = sqlx::query(
        "INSERT INTO sessions (id, org_id, created_by, issue_category_id, status, join_code, code_expires_at, \
         started_from_mobile, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new.id)
    .bind(new.org_id)
    .bind(new.created_by)
    .bind(new.issue_category_id)
    .bind(SessionStatus::Waiting.as_str())
    .bind(new.join_code)
    .bind(new.code_expires_at)
    .bind(i64::from(new.started_from_mobile))
    .bind(new.created_at)
    .execute(executor)
    .await;
    Ok(db::inserted(inserted)?.then(|| StoredSession {
        id: new.id.to_owned(),
        org_id: new.org_id.to_owned(),
        created_by: new.created_by.to_owned(),
        issue_category_id: new.issue_category_id.map(str::to_owned),
        status: SessionStatus::Waiting,
        join_code: new.join_code.to_owned(),
        code_expires_at: new.code_expires_at,
        created_at: new.created_at,
        ended_at: None,
        end_reason: None,
        started_from_mobile: new.started_from_mobile,
    }))
}

pub async fn fetch(db: &Db, id: &str) -> Result<Option<StoredSession>> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM sessions s WHERE s.id = $1")).bind(id).fetch_optional(&db.pool).await?;
    row.map(StoredSession::try_from).transpose()
}

/// The session waiting for its customer with this join code.
pub async fn waiting_with_code(db: &Db, code: &str) -> Result<Option<StoredSession>> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM sessions s WHERE s.join_code = $1 AND s.status = $2"))
        .bind(code)
        .bind(SessionStatus::Waiting.as_str())
        .fetch_optional(&db.pool)
        .await?;
    row.map(StoredSession::try_from).transpose()
}

/// The newest sessions `listing` picks, newest first.
pub async fn list(db: &Db, listing: Listing<'_>) -> Result<Vec<StoredSession>> {
    let status_filter = if listing.active_only { "AND s.status <> 'ended'" } else { "" };
    let taken_part = match listing.taken_part_by {
        Some(_) => format!("AND {}", participants::TAKEN_PART_IN_S),
        None => String::new(),
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM sessions s WHERE s.org_id = $1 {status_filter} {taken_part} \
         ORDER BY s.created_at DESC, s.id LIMIT {LIST_LIMIT}"
    );
    let mut query = sqlx::query_as(&sql).bind(listing.org_id);
    if let Some(technician_id) = listing.taken_part_by {
        query = query.bind(technician_id);
    }
    let rows: Vec<Row> = query.fetch_all(&db.pool).await?;
    rows.into_iter().map(StoredSession::try_from).collect()
}

/// Marks a waiting session as joined by its customer; false when it no longer waits
/// (so that only one customer takes a code).
pub async fn mark_connected<'e, E>(executor: E, id: &str) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let claimed = sqlx::query("UPDATE sessions SET status = $1 WHERE id = $2 AND status = $3")
        .bind(SessionStatus::Connected.as_str())
        .bind(id)
        .bind(SessionStatus::Waiting.as_str())
        .execute(executor)
        .await?;
    Ok(claimed.rows_affected() > 0)
}

/// Marks the session ended at `at` for `reason`; false when it had already ended.
pub async fn mark_ended<'e, E>(executor: E, id: &str, reason: EndReason, at: i64) -> Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let ended = sqlx::query("UPDATE sessions SET status = $1, ended_at = $2, end_reason = $3 WHERE id = $4 AND status <> $1")
        .bind(SessionStatus::Ended.as_str())
        .bind(at)
        .bind(reason.as_str())
        .bind(id)
        .execute(executor)
        .await?;
    Ok(ended.rows_affected() > 0)
}

/// Every session that has `status` now, oldest first.
pub async fn having_status(db: &Db, status: SessionStatus) -> Result<Vec<StoredSession>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM sessions s WHERE s.status = $1 ORDER BY s.created_at, s.id"))
        .bind(status.as_str())
        .fetch_all(&db.pool)
        .await?;
    rows.into_iter().map(StoredSession::try_from).collect()
}

/// How many sessions have `status` now.
pub async fn count_with_status(db: &Db, status: SessionStatus) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE status = $1").bind(status.as_str()).fetch_one(&db.pool).await?)
}

/// The session's notes.
pub async fn notes(db: &Db, id: &str) -> Result<String> {
    Ok(sqlx::query_scalar("SELECT notes FROM sessions WHERE id = $1").bind(id).fetch_one(&db.pool).await?)
}

pub async fn set_notes<'e, E>(executor: E, id: &str, text: &str) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE sessions SET notes = $1 WHERE id = $2").bind(text).bind(id).execute(executor).await?;
    Ok(())
}
