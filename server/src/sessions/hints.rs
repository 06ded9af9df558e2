//! What this node does with the other nodes' hints (`live::hints`): each names a session
//! or an org, and the node sends its own connections what the tables now say, as if the
//! change had happened here. After its listening connection comes back it does the same
//! for every session and org it serves, since it may have missed hints meanwhile.

use super::model::SessionStatus;
use super::store::sessions::{self, StoredSession};
use super::{chat, lifecycle, notify};
use crate::auth::sign_ins;
use crate::error::Result;
use crate::live::{Heard, Hint};
use crate::state::AppState;

/// Follows the other nodes' hints while the node runs (PostgreSQL only).
pub fn follow(state: &AppState) {
    let Some(mut heard) = state.hints.listen() else { return };
    let state = state.clone();
    tokio::spawn(async move {
        while let Some(heard) = heard.recv().await {
            let outcome = match heard {
                Heard::Hint(hint) => act(&state, hint).await,
                Heard::Reconnected => reload(&state).await,
            };
            if let Err(err) = outcome {
                tracing::error!(error = ?err, "could not act on another node's hint");
            }
        }
    });
}

async fn act(state: &AppState, hint: Hint) -> Result<()> {
    match hint {
        Hint::Session { session_id } => session(state, &session_id).await,
        Hint::Chat { session_id } if state.connections.holds_session(&session_id) => chat::resend_history(state, &session_id).await,
        Hint::Chat { .. } => Ok(()),
        Hint::Org { org_id } => {
            notify::refresh_org_here(state, &org_id).await;
            Ok(())
        }
        Hint::SignIns { technician_id, reason } => sign_ins::ended_elsewhere(state, &technician_id, reason).await,
    }
}

/// Every session and org served here, told what the tables say now.
async fn reload(state: &AppState) -> Result<()> {
    tracing::info!("listening for hints again: reloading what may have been missed");
    for session_id in state.connections.sessions() {
        session(state, &session_id).await?;
        chat::resend_history(state, &session_id).await?;
    }
    for org_id in state.inboxes.orgs() {
        notify::refresh_org_here(state, &org_id).await;
    }
    Ok(())
}

/// A session changed elsewhere: ended, or its technicians here get fresh views.
async fn session(state: &AppState, session_id: &str) -> Result<()> {
    if !state.connections.holds_session(session_id) && state.relay.existing(session_id).is_none() {
        return Ok(());
    }
    match sessions::fetch(&state.db, session_id).await? {
        Some(StoredSession { status: SessionStatus::Ended, end_reason: Some(reason), .. }) => lifecycle::ended_here(state, session_id, reason).await,
        Some(_) => notify::session_changed_here(state, session_id).await,
        None => {}
    }
    Ok(())
}
