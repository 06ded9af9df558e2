//! The session's audit trail: every join, leave and action, in order.

use std::collections::HashSet;

use serde::Serialize;
use sightline_wire::signal::Command;
use utoipa::ToSchema;

use crate::db::{now_ms, Db};
use crate::error::Result;
use crate::sessions::rights::Feature;
use crate::sessions::seat::Seat;
use crate::signaling::commands;

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
    } else if kind == "snapshot_stored" {
        Some(Feature::Snapshot)
    } else {
        None
    }
}

/// What `seat` may see of the trail: nothing of a feature it may not use. A command and
/// its outcome go with the command's tool; scanned codes each with their scan tool.
pub fn visible_to(seat: &Seat, events: Vec<AuditEvent>) -> Vec<AuditEvent> {
    let heard: HashSet<String> = events
        .iter()
        .filter(|event| event.kind == "command")
        .filter_map(|event| {
            let command: Command = serde_json::from_value(event.detail["command"].clone()).ok()?;
            commands::hears_of(seat, &command).then(|| event.detail["id"].as_str().map(str::to_owned)).flatten()
        })
        .collect();
    events
        .into_iter()
        .filter(|event| needs(&event.kind).is_none_or(|feature| seat.may(feature)))
        .filter_map(|mut event| match event.kind.as_str() {
            "command" | "command_done" => event.detail["id"].as_str().is_some_and(|id| heard.contains(id)).then_some(event),
            "scan_results" => {
                let codes = event.detail["codes"].as_array_mut()?;
                codes.retain(|code| {
                    code["format"].as_str().and_then(|format| format.parse().ok()).is_some_and(|format| seat.may(commands::scan_feature(format)))
                });
                (!codes.is_empty()).then_some(event)
            }
            _ => Some(event),
        })
        .collect()
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

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    at: i64,
    actor: Option<String>,
    kind: String,
    detail: String,
}

/// The whole trail of a session, oldest first.
pub async fn list(db: &Db, session_id: &str) -> Result<Vec<AuditEvent>> {
    let rows: Vec<EventRow> =
        sqlx::query_as("SELECT id, at, actor, kind, detail FROM audit_events WHERE session_id = $1 ORDER BY id")
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
