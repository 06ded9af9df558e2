//! The `chat_messages` table: a session's chat in order, one row per (sender, client id).

use crate::db::Db;
use crate::error::Result;

/// A chat message as stored; its sender is a participant of the session.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredMessage {
    /// The message's place in the session's order.
    pub id: i64,
    pub participant_id: String,
    pub body: String,
    pub sent_at: i64,
    pub client_id: String,
}

/// A message about to be stored.
#[derive(Debug, Clone, Copy)]
pub struct NewMessage<'a> {
    pub session_id: &'a str,
    pub participant_id: &'a str,
    pub client_id: &'a str,
    pub body: &'a str,
    pub sent_at: i64,
}

const SELECT: &str = "SELECT id, participant_id, body, sent_at, client_id FROM chat_messages";

/// Stores a message; false when its sender already sent one with its client id.
pub async fn insert(db: &Db, new: NewMessage<'_>) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO chat_messages (session_id, participant_id, client_id, body, sent_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (participant_id, client_id) DO NOTHING",
    )
    .bind(new.session_id)
    .bind(new.participant_id)
    .bind(new.client_id)
    .bind(new.body)
    .bind(new.sent_at)
    .execute(&db.pool)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// The message a participant sent with `client_id`.
pub async fn by_client_id(db: &Db, participant_id: &str, client_id: &str) -> Result<StoredMessage> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE participant_id = $1 AND client_id = $2"))
        .bind(participant_id)
        .bind(client_id)
        .fetch_one(&db.pool)
        .await?)
}

/// The session's messages sent at `since` or later, in order.
pub async fn of_session_since(db: &Db, session_id: &str, since: i64) -> Result<Vec<StoredMessage>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE session_id = $1 AND sent_at >= $2 ORDER BY id"))
        .bind(session_id)
        .bind(since)
        .fetch_all(&db.pool)
        .await?)
}
