//! Ending a session: recorded once in the database, then every live connection is told.

use serde_json::json;

use super::audit;
use crate::db::now_ms;
use crate::error::{Error, Result};
use crate::state::AppState;

/// Ends a session for `reason` (`technician_ended`, `customer_ended`, ...). Fails with
/// `SessionEnded` when it had already ended.
pub async fn end(state: &AppState, session_id: &str, actor: Option<&str>, reason: &str) -> Result<()> {
    let now = now_ms();
    let mut tx = state.db.pool.begin().await?;
    let ended = sqlx::query("UPDATE sessions SET status = 'ended', ended_at = $1, end_reason = $2 WHERE id = $3 AND status <> 'ended'")
        .bind(now)
        .bind(reason)
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
    audit::record(&mut *tx, session_id, actor, "session_ended", json!({ "reason": reason })).await?;
    tx.commit().await?;
    state.relay.end(session_id, reason).await;
    Ok(())
}
