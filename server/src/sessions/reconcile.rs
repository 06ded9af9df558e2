//! What a start (and, with several nodes, every round after it) finds in the database:
//! sessions whose phone had joined but that nobody holds any more: the phone is not
//! connected to this node, and no other node that is alive (`live::liveness`) has a
//! connection of it. Those still not held when a grace has passed are ended as
//! `abandoned` (the phone went with the process that held it). A session held by a live
//! node is never ended here. Sessions still waiting for their customer are left to their
//! join code.

use std::time::Duration;

use tokio::time::Instant;

use super::lifecycle;
use super::model::{EndReason, Role, SessionStatus};
use super::store::{participants, sessions};
use crate::error::{Error, Result};
use crate::live::liveness;
use crate::state::AppState;

/// How often the grace checks whether the phones came back.
const POLL: Duration = Duration::from_millis(250);

/// The joined sessions a round found held by nobody.
#[derive(Debug)]
pub struct LeftBehind {
    ids: Vec<String>,
}

impl LeftBehind {
    /// Every joined session whose phone is not connected to this node now and that no
    /// other live node holds.
    pub async fn find(state: &AppState) -> Result<LeftBehind> {
        let joined = sessions::having_status(&state.db, SessionStatus::Connected).await?;
        Ok(LeftBehind { ids: unheld(state, joined.into_iter().map(|session| session.id).collect()).await? })
    }

    /// The sessions found, oldest first.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Waits until every session is held again (its phone back here, or a live node
    /// holding it) or `grace` has passed, then ends those still held by nobody as
    /// `abandoned`; returns the ids it ended. Without a grace it ends every session found.
    pub async fn end_unless_back(self, state: &AppState, grace: Duration) -> Result<Vec<String>> {
        let deadline = Instant::now() + grace;
        let mut missing = self.ids;
        while !missing.is_empty() && Instant::now() < deadline {
            tokio::time::sleep(POLL.min(deadline.saturating_duration_since(Instant::now()))).await;
            missing = unheld(state, missing).await?;
        }
        let mut ended = Vec::with_capacity(missing.len());
        for session_id in missing {
            match lifecycle::end(state, &session_id, None, EndReason::Abandoned).await {
                Ok(()) => ended.push(session_id),
                // Ended by someone else meanwhile: nothing left to do.
                Err(Error::SessionEnded) => {}
                Err(err) => return Err(err),
            }
        }
        Ok(ended)
    }
}

/// Finds the sessions left behind and ends those whose phone is not back within `grace`.
pub async fn end_abandoned(state: &AppState, grace: Duration) -> Result<Vec<String>> {
    LeftBehind::find(state).await?.end_unless_back(state, grace).await
}

/// The sessions of `ids` whose customer has no live connection on this node and that no
/// other live node holds.
async fn unheld(state: &AppState, ids: Vec<String>) -> Result<Vec<String>> {
    let mut missing = Vec::new();
    for id in ids {
        let present = participants::present(&state.db, &id).await?;
        let phone_here = present.iter().any(|p| p.role == Role::Customer && state.connections.is_connected(&p.id));
        if !phone_here && !liveness::held_elsewhere(state, &id).await? {
            missing.push(id);
        }
    }
    Ok(missing)
}
