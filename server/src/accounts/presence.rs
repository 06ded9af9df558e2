//! Whether a technician's console is open, for listing who can be invited. The
//! console's live feed marks it seen when it opens and every little while after.

use serde::Serialize;
use utoipa::ToSchema;

use super::store::technicians;
use crate::db::{now_ms, Db};
use crate::error::Result;
use crate::sessions::store::participants;

/// A console counts as open for this long after it was last seen.
pub const ONLINE_WINDOW_MS: i64 = 60_000;

/// Marks the technician's console as open now.
pub async fn seen(db: &Db, technician_id: &str) -> Result<()> {
    technicians::set_console_seen(db, technician_id, Some(now_ms())).await
}

/// Marks the technician's console as closed.
pub async fn away(db: &Db, technician_id: &str) -> Result<()> {
    technicians::set_console_seen(db, technician_id, None).await
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
    let candidates = technicians::reachable(db, org_id, online_since).await?;
    let present = participants::present(db, session_id).await?;
    Ok(candidates
        .into_iter()
        .filter(|candidate| !present.iter().any(|p| p.technician_id.as_ref() == Some(&candidate.id)))
        .map(|candidate| Available {
            online: candidate.console_seen_at.is_some_and(|at| at >= online_since),
            extended_availability: candidate.extended_availability,
            id: candidate.id,
            display_name: candidate.display_name,
        })
        .collect())
}
