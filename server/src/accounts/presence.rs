//! Whether a technician's console is open, for listing who can be invited. The
//! console's live feed marks it seen when it opens and every little while after.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{now_ms, Db};
use crate::error::Result;

/// A console counts as open for this long after it was last seen.
pub const ONLINE_WINDOW_MS: i64 = 60_000;

/// Marks the technician's console as open now.
pub async fn seen(db: &Db, technician_id: &str) -> Result<()> {
    sqlx::query("UPDATE technicians SET console_seen_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(technician_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Marks the technician's console as closed.
pub async fn away(db: &Db, technician_id: &str) -> Result<()> {
    sqlx::query("UPDATE technicians SET console_seen_at = NULL WHERE id = $1").bind(technician_id).execute(&db.pool).await?;
    Ok(())
}

/// A technician who can be invited now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Available {
    pub id: String,
    pub display_name: String,
    /// The console is open now.
    pub online: bool,
    /// Not online, but reachable by email.
    pub extended_availability: bool,
}

/// The org's enabled technicians who are online or have extended availability,
/// except those in the session now.
pub async fn available(db: &Db, org_id: &str, session_id: &str) -> Result<Vec<Available>> {
    let online_since = now_ms() - ONLINE_WINDOW_MS;
    let rows: Vec<(String, String, Option<i64>, i64)> = sqlx::query_as(
        "SELECT t.id, t.display_name, t.console_seen_at, t.extended_availability FROM technicians t \
         WHERE t.org_id = $1 AND t.disabled = 0 AND (t.console_seen_at >= $2 OR t.extended_availability <> 0) \
         AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.session_id = $3 AND p.technician_id = t.id AND p.left_at IS NULL) \
         ORDER BY t.display_name, t.id",
    )
    .bind(org_id)
    .bind(online_since)
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, display_name, seen_at, extended)| Available {
            id,
            display_name,
            online: seen_at.is_some_and(|at| at >= online_since),
            extended_availability: extended != 0,
        })
        .collect())
}
