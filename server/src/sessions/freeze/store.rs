//! The `freezes` table: one row per session whose picture is held, naming the still
//! (a capture of kind `still`) the freeze produced.

use crate::db::{now_ms, Db};
use crate::error::Result;

/// Holds the session's picture at `capture_id`, replacing an earlier freeze's still.
pub async fn hold(db: &Db, session_id: &str, capture_id: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO freezes (session_id, capture_id, frozen_at) VALUES ($1, $2, $3) \
         ON CONFLICT (session_id) DO UPDATE SET capture_id = excluded.capture_id, frozen_at = excluded.frozen_at",
    )
    .bind(session_id)
    .bind(capture_id)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Ends the session's freeze, if it had one.
pub async fn release(db: &Db, session_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM freezes WHERE session_id = $1").bind(session_id).execute(&db.pool).await?;
    Ok(())
}

/// The capture id of the session's still while its picture is held.
pub async fn held(db: &Db, session_id: &str) -> Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT capture_id FROM freezes WHERE session_id = $1").bind(session_id).fetch_optional(&db.pool).await?;
    Ok(row.map(|(capture_id,)| capture_id))
}
