//! The `audit_events` and `audit_heads` tables: a session's audit trail, appended to as a
//! chain and read in order.

use sightline_wire::signal::Command;

use crate::db::{now_ms, Db};
use crate::error::Result;
use crate::sessions::audit::chain::{self, Entry, Head};
use crate::sessions::audit::key::AuditKey;
use crate::sessions::audit::AuditEvent;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    seq: i64,
    at: i64,
    actor: Option<String>,
    kind: String,
    detail: String,
    seal: Option<String>,
}

impl Row {
    fn detail(&self) -> serde_json::Value {
        serde_json::from_str(&self.detail).unwrap_or_else(|_| serde_json::Value::String(self.detail.clone()))
    }
}

/// Appends one event to a session's trail, sealed with `key` after the entry before it.
/// The next place comes from the session's head, taken and resealed in the same
/// transaction (a nested one inside the caller's), so concurrent appends queue on the head
/// row and the chain cannot fork.
pub async fn record<'c, A>(conn: A, key: &AuditKey, session_id: &str, actor: Option<&str>, kind: &str, detail: serde_json::Value) -> Result<()>
where
    A: sqlx::Acquire<'c, Database = sqlx::Any>,
{
    let mut tx = conn.begin().await?;
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO audit_heads (session_id, seq) VALUES ($1, 1) \
         ON CONFLICT (session_id) DO UPDATE SET seq = audit_heads.seq + 1 RETURNING seq",
    )
    .bind(session_id)
    .fetch_one(&mut *tx)
    .await?;
    // Places start at 1: the first entry has none before it to read.
    let previous: Option<String> = if seq == 1 {
        None
    } else {
        sqlx::query_scalar("SELECT seal FROM audit_events WHERE session_id = $1 AND seq = $2")
            .bind(session_id)
            .bind(seq - 1)
            .fetch_optional(&mut *tx)
            .await?
            .flatten()
    };
    let entry = Entry { seq, at: now_ms(), actor: actor.map(str::to_owned), kind: kind.to_owned(), detail, seal: None };
    let seal = chain::seal(key, session_id, previous.as_deref(), &entry);
    sqlx::query("INSERT INTO audit_events (session_id, seq, at, actor, kind, detail, seal) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(session_id)
        .bind(seq)
        .bind(entry.at)
        .bind(actor)
        .bind(kind)
        .bind(entry.detail.to_string())
        .bind(&seal)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE audit_heads SET seal = $1 WHERE session_id = $2")
        .bind(chain::head_seal(key, session_id, seq, Some(&seal)))
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
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
        sqlx::query_as("SELECT kind, actor, detail FROM audit_events WHERE session_id = $1 AND kind IN ('command', 'command_done') ORDER BY seq")
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

async fn rows(db: &Db, session_id: &str) -> Result<Vec<Row>> {
    Ok(sqlx::query_as("SELECT id, seq, at, actor, kind, detail, seal FROM audit_events WHERE session_id = $1 ORDER BY seq")
        .bind(session_id)
        .fetch_all(&db.pool)
        .await?)
}

/// The whole trail of a session, oldest first.
pub async fn list(db: &Db, session_id: &str) -> Result<Vec<AuditEvent>> {
    Ok(rows(db, session_id)
        .await?
        .into_iter()
        .map(|row| AuditEvent { id: row.id, seq: row.seq, at: row.at, detail: row.detail(), actor: row.actor, kind: row.kind })
        .collect())
}

/// The whole trail of a session with its seals, in the order of its places.
pub async fn entries(db: &Db, session_id: &str) -> Result<Vec<Entry>> {
    Ok(rows(db, session_id)
        .await?
        .into_iter()
        .map(|row| Entry { seq: row.seq, at: row.at, detail: row.detail(), actor: row.actor, kind: row.kind, seal: row.seal })
        .collect())
}

#[derive(sqlx::FromRow)]
struct HeadRow {
    seq: i64,
    seal: Option<String>,
}

/// The session's head: the last place handed out and its seal (none before the first entry).
pub async fn head(db: &Db, session_id: &str) -> Result<Option<Head>> {
    let row: Option<HeadRow> =
        sqlx::query_as("SELECT seq, seal FROM audit_heads WHERE session_id = $1").bind(session_id).fetch_optional(&db.pool).await?;
    Ok(row.map(|row| Head { seq: row.seq, seal: row.seal }))
}
