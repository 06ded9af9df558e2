//! The session's audit trail: every join, leave and action, in order.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{now_ms, Db};
use crate::error::Result;
use crate::sessions::rights::Feature;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEvent {
    pub id: i64,
    pub at: i64,
    /// Participant or technician id of whoever acted, if anyone.
    pub actor: Option<String>,
    pub kind: String,
    /// Event-specific details.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

/// Appends one event to a session's trail.
pub async fn record<'e, E>(executor: E, session_id: &str, actor: Option<&str>, kind: &str, detail: serde_json::Value) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO audit_events (session_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)")
        .bind(session_id)
        .bind(now_ms())
        .bind(actor)
        .bind(kind)
        .bind(detail.to_string())
        .execute(executor)
        .await?;
    Ok(())
}

/// The feature a participant must hold to see an event of `kind` in the trail:
/// what a role may not see is not shown to it there either.
pub fn needs(kind: &str) -> Option<Feature> {
    if kind.starts_with("invitation_") || matches!(kind, "guest_invited" | "guest_invitation_revoked" | "guest_link_opened") {
        Some(Feature::InviteTechnician)
    } else if kind.starts_with("notes_") {
        Some(Feature::Notes)
    } else {
        None
    }
}

/// The whole trail of a session, oldest first.
pub async fn list(db: &Db, session_id: &str) -> Result<Vec<AuditEvent>> {
    let rows: Vec<(i64, i64, Option<String>, String, String)> =
        sqlx::query_as("SELECT id, at, actor, kind, detail FROM audit_events WHERE session_id = $1 ORDER BY id")
            .bind(session_id)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at, actor, kind, detail)| AuditEvent {
            id,
            at,
            actor,
            kind,
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
        })
        .collect())
}
