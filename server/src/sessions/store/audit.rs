//! The `audit_events` table: a session's audit trail, appended to and read in order.

use sightline_wire::signal::Command;

use crate::db::{now_ms, Db};
use crate::error::Result;
use crate::sessions::audit::AuditEvent;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: i64,
    actor: Option<String>,
    kind: String,
    detail: String,
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

/// A command sent in the session, as the trail records it.
#[derive(Debug, Clone)]
pub struct SentCommand {
    pub command: Command,
    /// The participant id of the technician who sent it.
    pub from: String,
    /// Whether the phone has answered it.
    pub answered: bool,
}

#[derive(sqlx::FromRow)]
struct CommandRow {
    kind: String,
    actor: Option<String>,
    detail: String,
}

/// A command sent in the session, by the id it was sent with.
pub async fn sent(db: &Db, session_id: &str, id: &str) -> Result<Option<SentCommand>> {
    let rows: Vec<CommandRow> =
        sqlx::query_as("SELECT kind, actor, detail FROM audit_events WHERE session_id = $1 AND kind IN ('command', 'command_done') ORDER BY id")
            .bind(session_id)
            .fetch_all(&db.pool)
            .await?;
    let mut found: Option<SentCommand> = None;
    for row in rows {
        let Ok(detail) = serde_json::from_str::<serde_json::Value>(&row.detail) else { continue };
        if detail["id"] != id {
            continue;
        }
        match (row.kind.as_str(), &mut found) {
            ("command", None) => {
                let Ok(command) = serde_json::from_value(detail["command"].clone()) else { continue };
                found = Some(SentCommand { command, from: row.actor.unwrap_or_default(), answered: false });
            }
            ("command_done", Some(sent)) => sent.answered = true,
            _ => {}
        }
    }
    Ok(found)
}

/// The whole trail of a session, oldest first.
pub async fn list(db: &Db, session_id: &str) -> Result<Vec<AuditEvent>> {
    let rows: Vec<Row> = sqlx::query_as("SELECT id, at, actor, kind, detail FROM audit_events WHERE session_id = $1 ORDER BY id")
        .bind(session_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| AuditEvent {
            id: row.id,
            at: row.at,
            actor: row.actor,
            kind: row.kind,
            detail: serde_json::from_str(&row.detail).unwrap_or(serde_json::Value::String(row.detail)),
        })
        .collect())
}
