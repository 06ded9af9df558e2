//! Which nodes sharing one PostgreSQL database are alive, and which sessions each holds.
//! Every `BEAT` a node stamps its row in `nodes` with the database's clock and records the
//! sessions it has a live connection of (phone or technician) in `node_sessions`. A node
//! whose stamp is older than `EXPIRY` is gone (crashed or stopped): what it held is held by
//! nobody. A session a node starts holding is recorded within `RECORDED_WITHIN`. On SQLite
//! (one node) nothing is recorded and no other node holds anything.

use std::time::Duration;

use crate::error::Result;
use crate::state::AppState;

/// How often a node stamps its heartbeat and records what it holds.
pub const BEAT: Duration = Duration::from_secs(2);
/// How old a heartbeat may be before its node counts as gone.
pub const EXPIRY: Duration = Duration::from_secs(10);
/// How soon a session a node starts holding is recorded (a beat, with time to write it).
pub const RECORDED_WITHIN: Duration = Duration::from_secs(4);
/// Rows of nodes gone this long are deleted.
const FORGOTTEN_AFTER: Duration = Duration::from_secs(24 * 3600);

/// The database's clock in milliseconds, so that nodes on different machines agree.
const DB_NOW_MS: &str = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT";

/// Whether this node shares its database with others (PostgreSQL).
pub fn shared(state: &AppState) -> bool {
    state.db.listening.is_some()
}

/// Stamps this node's heartbeat every `BEAT` while it runs (PostgreSQL only); a failed
/// beat is logged and the next one tries again.
pub fn beat_while_running(state: &AppState) {
    if !shared(state) {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(BEAT);
        loop {
            ticks.tick().await;
            if let Err(err) = beat(&state).await {
                tracing::warn!(error = %err, "could not record this node's heartbeat");
            }
        }
    });
}

/// One heartbeat: the stamp and what this node holds now, in one transaction, so the
/// other nodes never see it holding nothing in between.
pub async fn beat(state: &AppState) -> Result<()> {
    let node = state.hints.node();
    let mut tx = state.db.pool.begin().await?;
    sqlx::query(&format!(
        "INSERT INTO nodes (id, heartbeat_at) VALUES ($1, {DB_NOW_MS}) ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at"
    ))
    .bind(node)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM node_sessions WHERE node_id = $1").bind(node).execute(&mut *tx).await?;
    for session_id in state.connections.sessions() {
        sqlx::query("INSERT INTO node_sessions (node_id, session_id) VALUES ($1, $2)").bind(node).bind(session_id).execute(&mut *tx).await?;
    }
    sqlx::query(&format!("DELETE FROM nodes WHERE heartbeat_at < {DB_NOW_MS} - $1"))
        .bind(FORGOTTEN_AFTER.as_millis() as i64)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether another node that is alive holds the session.
pub async fn held_elsewhere(state: &AppState, session_id: &str) -> Result<bool> {
    if !shared(state) {
        return Ok(false);
    }
    let holders: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM node_sessions JOIN nodes ON nodes.id = node_sessions.node_id \
         WHERE node_sessions.session_id = $1 AND nodes.id <> $2 AND nodes.heartbeat_at > {DB_NOW_MS} - $3"
    ))
    .bind(session_id)
    .bind(state.hints.node())
    .bind(EXPIRY.as_millis() as i64)
    .fetch_one(&state.db.pool)
    .await?;
    Ok(holders > 0)
}
