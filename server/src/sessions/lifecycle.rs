//! Starting and ending sessions: recorded in the database first, then every live
//! connection is told, on this node and (through a hint) on the others.

use serde_json::json;
use sightline_wire::signal::EndReason;

use super::{audit, notify, recording};
use super::invitations::store::{self as invitations, Status};
use super::model::Role;
use super::store::participants::{self, Newcomer, StoredParticipant};
use super::store::sessions::{self, NewSession, StoredSession};
use crate::auth::secret;
use crate::db::{new_id, now_ms};
use crate::error::{Error, Result};
use crate::live::Hint;
use crate::state::AppState;

/// Attempts at drawing a join code that no waiting session holds.
const CODE_ATTEMPTS: usize = 8;

/// The technician who starts a session and becomes its primary.
#[derive(Debug, Clone, Copy)]
pub struct Starter<'a> {
    pub technician_id: &'a str,
    pub org_id: &'a str,
    pub display_name: &'a str,
}

/// A session just started: its row and its one participant, as stored.
#[derive(Debug, Clone)]
pub struct Started {
    pub session: StoredSession,
    pub primary: StoredParticipant,
}

/// Starts a session waiting for its customer, with a fresh join code.
/// The category, if any, must already be checked to belong to the starter's org.
pub async fn start(state: &AppState, starter: Starter<'_>, issue_category_id: Option<&str>, from_mobile: bool) -> Result<Started> {
    let now = now_ms();
    let expires = now + state.settings.join_code_ttl.as_millis() as i64;
    let id = new_id();
    for _ in 0..CODE_ATTEMPTS {
        let mut tx = state.db.pool.begin().await?;
        let code = secret::new_join_code();
        let new = NewSession {
            id: &id,
            org_id: starter.org_id,
            created_by: starter.technician_id,
            issue_category_id,
            join_code: &code,
            code_expires_at: expires,
            started_from_mobile: from_mobile,
            created_at: now,
        };
        let Some(session) = sessions::insert(&mut *tx, new).await? else {
            continue;
        };
        let primary = participants::add(&mut *tx, Newcomer::technician(&id, starter.technician_id, starter.display_name, Role::Primary)).await?;
        audit::record(&mut *tx, &state.settings.audit_key, &id, Some(starter.technician_id), "session_started", json!({ "from_mobile": from_mobile })).await?;
        tx.commit().await?;
        return Ok(Started { session, primary });
    }
    Err(Error::Internal("no free join code found".into()))
}

/// Ends a session for `reason` (`technician_ended`, `customer_ended`, ...). Fails with
/// `SessionEnded` when it had already ended.
pub async fn end(state: &AppState, session_id: &str, actor: Option<&str>, reason: EndReason) -> Result<()> {
    let now = now_ms();
    let mut tx = state.db.pool.begin().await?;
    if !sessions::mark_ended(&mut *tx, session_id, reason, now).await? {
        return Err(Error::SessionEnded);
    }
    participants::leave_all(&mut *tx, session_id, now).await?;
    invitations::close_all(&mut *tx, session_id, None, Status::SessionEnded).await?;
    audit::record(&mut *tx, &state.settings.audit_key, session_id, actor, "session_ended", json!({ "reason": reason })).await?;
    tx.commit().await?;
    ended_here(state, session_id, reason).await;
    state.hints.publish(Hint::Session { session_id: session_id.to_owned() }).await;
    if let Some(session) = sessions::fetch(&state.db, session_id).await? {
        notify::refresh_org(state, &session.org_id).await;
    }
    Ok(())
}

/// What ending a session stored means on this node: its recording, if one runs here, is
/// kept, its media ends, and everyone connected here hears why, including those not
/// receiving video.
pub async fn ended_here(state: &AppState, session_id: &str, reason: EndReason) {
    recording::finish(state, session_id).await;
    state.relay.end(session_id).await;
    state.connections.end_where(reason, |holder| holder.session_id == session_id);
}
