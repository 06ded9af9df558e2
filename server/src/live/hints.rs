//! Hints between the nodes that share one PostgreSQL database. A node tells the others
//! what changed with `NOTIFY` and hears theirs with `LISTEN` on one connection of its own.
//! A hint only names what changed (a session, its chat, an org's invitations, a
//! technician's sign-ins): the node
//! that hears it reads the truth from the tables. When the listening connection is lost
//! (PostgreSQL restarted, the backend terminated, the network cut) the node connects
//! again and hears `Reconnected`: whatever it may have missed meanwhile is reloaded, so a
//! lost hint loses nothing. On SQLite (one node) nothing is sent or heard.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sightline_wire::signal::EndReason;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio::sync::mpsc;

use crate::db::Db;

/// The channel every node listens on.
pub const CHANNEL: &str = "sightline_hints";

/// The first wait before connecting again; it doubles up to `MAX_BACKOFF`.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// What changed, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Hint {
    /// The session's people, rights, invitations or state.
    Session { session_id: String },
    /// A message was added to the session's chat.
    Chat { session_id: String },
    /// The org's invitation queues.
    Org { org_id: String },
    /// Sign-ins of the technician ended (signed out, disabled, password changed): the
    /// connections they opened end too.
    SignIns { technician_id: String, reason: EndReason },
}

/// What the listening task reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// Another node's hint.
    Hint(Hint),
    /// Listening again after a lost connection: hints may have been missed.
    Reconnected,
}

/// A hint as it travels: with the node that sent it, which ignores its own.
#[derive(Serialize, Deserialize)]
struct Note {
    from: String,
    #[serde(flatten)]
    hint: Hint,
}

/// This node's side of the hints.
#[derive(Clone)]
pub struct Hints {
    node: Arc<str>,
    db: Db,
}

impl Hints {
    pub fn new(db: &Db) -> Hints {
        Hints { node: crate::db::new_id().into(), db: db.clone() }
    }

    /// This node's id, new at every start.
    pub fn node(&self) -> &str {
        &self.node
    }

    /// Tells the other nodes; a failure is logged (the change itself is stored, and a node
    /// that misses hints reloads when it reconnects).
    pub async fn publish(&self, hint: Hint) {
        if self.db.listening.is_none() {
            return;
        }
        let note = Note { from: self.node.to_string(), hint };
        let payload = match serde_json::to_string(&note) {
            Ok(payload) => payload,
            Err(err) => return tracing::error!(error = %err, "could not write a hint"),
        };
        if let Err(err) = sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&self.db.pool).await {
            tracing::warn!(error = %err, "could not send a hint to the other nodes");
        }
    }

    /// Starts listening (PostgreSQL only): the other nodes' hints and every reconnection
    /// arrive on the returned channel; the task ends when the channel is dropped.
    pub fn listen(&self) -> Option<mpsc::UnboundedReceiver<Heard>> {
        let pool = self.db.listening.clone()?;
        let (heard, receiver) = mpsc::unbounded_channel();
        tokio::spawn(listen_until_dropped(pool, self.node.clone(), heard));
        Some(receiver)
    }
}

async fn listen_until_dropped(pool: PgPool, node: Arc<str>, heard: mpsc::UnboundedSender<Heard>) {
    let mut backoff = FIRST_BACKOFF;
    let mut first = true;
    while !heard.is_closed() {
        match connect(&pool).await {
            Ok(mut listener) => {
                backoff = FIRST_BACKOFF;
                if !std::mem::replace(&mut first, false) && heard.send(Heard::Reconnected).is_err() {
                    return;
                }
                tracing::info!("listening for the other nodes' hints");
                if forward(&mut listener, &node, &heard).await.is_err() {
                    return;
                }
            }
            Err(err) => {
                first = false;
                tracing::warn!(error = %err, retry_ms = backoff.as_millis() as u64, "cannot listen for the other nodes' hints");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

async fn connect(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    // A lost connection is reported, not quietly replaced: the node must reload after it.
    listener.eager_reconnect(false);
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Passes the other nodes' hints on until the connection is lost (`Ok`) or nobody hears
/// them any more (`Err`).
async fn forward(listener: &mut PgListener, node: &str, heard: &mpsc::UnboundedSender<Heard>) -> Result<(), ()> {
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => match serde_json::from_str::<Note>(notification.payload()) {
                Ok(note) if note.from == node => {}
                Ok(note) => heard.send(Heard::Hint(note.hint)).map_err(|_| ())?,
                Err(err) => tracing::warn!(error = %err, "a hint that is not one of ours was ignored"),
            },
            Ok(None) => {
                tracing::warn!("the connection listening for hints was lost");
                return Ok(());
            }
            Err(err) => {
                tracing::warn!(error = %err, "the connection listening for hints failed");
                return Ok(());
            }
        }
    }
}
