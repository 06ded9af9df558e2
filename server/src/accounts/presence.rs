//! Whether a technician's console is open, for listing who can be invited. The
//! console's live feed marks it seen when it opens and every little while after.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{now_ms, Db};
use crate::error::Result;
use crate::sessions::store::participants;

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

#[derive(sqlx::FromRow)]
struct Candidate {
    id: String,
    display_name: String,
    console_seen_at: Option<i64>,
    extended_availability: i64,
}

/// The org's enabled technicians who are online or have extended availability,
/// except those in the session now.
pub async fn available(db: &Db, org_id: &str, session_id: &str) -> Result<Vec<Available>> {
    let online_since = now_ms() - ONLINE_WINDOW_MS;
    let candidates: Vec<Candidate> = sqlx::query_as(
        "SELECT id, display_name, console_seen_at, extended_availability FROM technicians \
         WHERE org_id = $1 AND disabled = 0 AND (console_seen_at >= $2 OR extended_availability <> 0) \
         ORDER BY display_name, id",
    )
    .bind(org_id)
    .bind(online_since)
    .fetch_all(&db.pool)
    .await?;
    let present = participants::present(db, session_id).await?;
    Ok(candidates
        .into_iter()
        .filter(|candidate| !present.iter().any(|p| p.technician_id.as_ref() == Some(&candidate.id)))
        .map(|candidate| Available {
            online: candidate.console_seen_at.is_some_and(|at| at >= online_since),
            extended_availability: candidate.extended_availability != 0,
            id: candidate.id,
            display_name: candidate.display_name,
        })
        .collect())
}
