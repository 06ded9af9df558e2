//! Ending sign-ins: the stored sign-in goes, and so does every live connection it
//! opened (session sockets and the console feed), told why: on this node at once, on the
//! others through a hint.

use sightline_wire::signal::EndReason;

use super::store;
use crate::db::now_ms;
use crate::error::Result;
use crate::live::Hint;
use crate::state::AppState;

/// Ends one sign-in (by the hash of its token) of the technician.
pub async fn end_one(state: &AppState, technician_id: &str, sign_in: &str, reason: EndReason) -> Result<()> {
    store::delete_sign_in(&state.db, sign_in).await?;
    end_connections(state, reason, &[sign_in.to_owned()]);
    tell_other_nodes(state, technician_id, reason).await;
    Ok(())
}

/// Ends every sign-in of a technician but `keep` (the caller's own, if any).
pub async fn end_all(state: &AppState, technician_id: &str, keep: Option<&str>, reason: EndReason) -> Result<()> {
    store::delete_sign_ins_of(&state.db, technician_id, keep).await?;
    let ends = |technician: Option<&str>, sign_in: Option<&str>| technician == Some(technician_id) && sign_in != keep;
    state.connections.end_where(reason, |holder| ends(holder.opener.technician_id.as_deref(), holder.opener.sign_in.as_deref()));
    state.inboxes.end_where(reason, |technician, sign_in| ends(Some(technician), Some(sign_in)));
    tell_other_nodes(state, technician_id, reason).await;
    Ok(())
}

/// Another node ended sign-ins of the technician: the connections here that those
/// sign-ins opened end too (the sign-ins still stored keep theirs).
pub async fn ended_elsewhere(state: &AppState, technician_id: &str, reason: EndReason) -> Result<()> {
    let mut opened_by = state.connections.sign_ins_of(technician_id);
    opened_by.extend(state.inboxes.sign_ins_of(technician_id));
    opened_by.sort();
    opened_by.dedup();
    let mut gone = Vec::new();
    for sign_in in opened_by {
        if store::live_sign_in(&state.db.pool, &sign_in, now_ms()).await?.is_none() {
            gone.push(sign_in);
        }
    }
    end_connections(state, reason, &gone);
    Ok(())
}

/// Ends this node's connections opened by any of `sign_ins`, each told `reason`.
fn end_connections(state: &AppState, reason: EndReason, sign_ins: &[String]) {
    state.connections.end_where(reason, |holder| holder.opener.sign_in.as_ref().is_some_and(|s| sign_ins.contains(s)));
    state.inboxes.end_where(reason, |_, feed_sign_in| sign_ins.iter().any(|s| s == feed_sign_in));
}

async fn tell_other_nodes(state: &AppState, technician_id: &str, reason: EndReason) {
    state.hints.publish(Hint::SignIns { technician_id: technician_id.to_owned(), reason }).await;
}
