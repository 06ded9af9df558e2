//! The `video_states` table: one row per session whose customer keeps the picture from
//! the technicians (paused, or not agreed yet); no row while the phone sends it.

use sightline_wire::VideoState;

use crate::db::{now_ms, Db};
use crate::error::Result;

/// The session's video as the phone last reported it.
pub async fn load(db: &Db, session_id: &str) -> Result<VideoState> {
    let row: Option<(String,)> = sqlx::query_as("SELECT state FROM video_states WHERE session_id = $1").bind(session_id).fetch_optional(&db.pool).await?;
    Ok(row.map(|(word,)| word.parse()).transpose()?.unwrap_or(VideoState::Sending))
}

/// Stores the phone's report; false when it is the state already stored.
pub async fn set(db: &Db, session_id: &str, state: VideoState) -> Result<bool> {
    let changed = if state == VideoState::Sending {
        sqlx::query("DELETE FROM video_states WHERE session_id = $1").bind(session_id).execute(&db.pool).await?
    } else {
        sqlx::query(
            "INSERT INTO video_states (session_id, state, changed_at) VALUES ($1, $2, $3) \
             ON CONFLICT (session_id) DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at \
             WHERE video_states.state <> excluded.state",
        )
        .bind(session_id)
        .bind(state.as_str())
        .bind(now_ms())
        .execute(&db.pool)
        .await?
    };
    Ok(changed.rows_affected() > 0)
}
