//! Starting and ending sessions: recorded in the database first, then every live
//! connection is told.

use serde_json::json;
use sightline_wire::signal::EndReason;

use super::{audit, notify};
use super::invitations::store::{self as invitations, Status};
use super::model::{self, Role};
use crate::auth::secret;
use crate::db::{new_id, now_ms};
use crate::error::{Error, Result};
use crate::state::AppState;

/// Attempts at drawing a join code that no waiting session holds.
const CODE_ATTEMPTS: usize = 8;

/// The technician who starts a session and becomes its primary.
#[derive(Debug, Clone, Copy)]
pub struct Starter<'a> {
    pub technician_id: &'a str,
    pub org_id: &'a str,
    pub display_name: &'a str,
}

/// Starts a session waiting for its customer, with a fresh join code; returns its id.
/// The category, if any, must already be checked to belong to the starter's org.
pub async fn start(state: &AppState, starter: Starter<'_>, issue_category_id: Option<&str>, from_mobile: bool) -> Result<String> {
    let now = now_ms();
    let expires = now + state.settings.join_code_ttl.as_millis() as i64;
    let id = new_id();
    for attempt in 1..=CODE_ATTEMPTS {
        let mut tx = state.db.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO sessions (id, org_id, created_by, issue_category_id, status, join_code, code_expires_at, \
             started_from_mobile, created_at) VALUES ($1, $2, $3, $4, 'waiting', $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(starter.org_id)
        .bind(starter.technician_id)
        .bind(issue_category_id)
        .bind(secret::new_join_code())
        .bind(expires)
        .bind(i64::from(from_mobile))
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(sqlx::Error::Database(err)) if err.is_unique_violation() && attempt < CODE_ATTEMPTS => continue,
            Err(err) => return Err(err.into()),
        }
        model::add_technician(&mut *tx, &id, starter.technician_id, Role::Primary, starter.display_name).await?;
        audit::record(&mut *tx, &id, Some(starter.technician_id), "session_started", json!({ "from_mobile": from_mobile })).await?;
        tx.commit().await?;
        return Ok(id);
    }
    Err(Error::Internal("no free join code found".into()))
}

/// Ends a session for `reason` (`technician_ended`, `customer_ended`, ...). Fails with
/// `SessionEnded` when it had already ended.
pub async fn end(state: &AppState, session_id: &str, actor: Option<&str>, reason: EndReason) -> Result<()> {
    let now = now_ms();
    let mut tx = state.db.pool.begin().await?;
    let ended = sqlx::query("UPDATE sessions SET status = 'ended', ended_at = $1, end_reason = $2 WHERE id = $3 AND status <> 'ended'")
        .bind(now)
        .bind(reason.as_str())
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
    if ended.rows_affected() == 0 {
        return Err(Error::SessionEnded);
    }
    sqlx::query("UPDATE participants SET left_at = $1 WHERE session_id = $2 AND left_at IS NULL")
        .bind(now)
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
    invitations::close_all(&mut *tx, session_id, None, Status::SessionEnded).await?;
    audit::record(&mut *tx, session_id, actor, "session_ended", json!({ "reason": reason })).await?;
    tx.commit().await?;
    state.relay.end(session_id).await;
    // Everyone connected hears of it, including those not receiving video.
    state.connections.end_where(reason, |holder| holder.session_id == session_id);
    if let Some(session) = model::fetch_row(&state.db, session_id).await? {
        notify::refresh_org(state, &session.org_id).await;
    }
    Ok(())
}
