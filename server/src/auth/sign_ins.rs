//! Ending sign-ins: the stored sign-in goes, and so does every live connection it
//! opened on this node (session sockets and the console feed), told why.

use sightline_wire::signal::EndReason;

use super::store;
use crate::error::Result;
use crate::state::AppState;

/// Ends one sign-in (by the hash of its token).
pub async fn end_one(state: &AppState, sign_in: &str, reason: EndReason) -> Result<()> {
    store::delete_sign_in(&state.db, sign_in).await?;
    state.connections.end_where(reason, |holder| holder.opener.sign_in.as_deref() == Some(sign_in));
    state.inboxes.end_where(reason, |_, feed_sign_in| feed_sign_in == sign_in);
    Ok(())
}

/// Ends every sign-in of a technician but `keep` (the caller's own, if any).
pub async fn end_all(state: &AppState, technician_id: &str, keep: Option<&str>, reason: EndReason) -> Result<()> {
    store::delete_sign_ins_of(&state.db, technician_id, keep).await?;
    let ends = |technician: Option<&str>, sign_in: Option<&str>| technician == Some(technician_id) && sign_in != keep;
    state.connections.end_where(reason, |holder| ends(holder.opener.technician_id.as_deref(), holder.opener.sign_in.as_deref()));
    state.inboxes.end_where(reason, |technician, sign_in| ends(Some(technician), Some(sign_in)));
    Ok(())
}
