//! Freezing the phone's picture: a technician's `freeze` command makes the phone hold
//! its stream on one frame and upload a full-resolution still; once the phone answers
//! it done, the freeze is stored with that still and every technician who may see the
//! video gets it (with each view of the session, so a late joiner sees it too), the
//! phone again on every connection. `unfreeze` answered done ends it.

pub mod store;

use sightline_wire::signal::{CaptureKind, CaptureView, ServerMessage};

use super::captures::{self, store::StoredCapture};
use super::model::Role;
use super::seat::Seat;
use super::notify;
use crate::error::Result;
use crate::state::AppState;

/// Whether `seat` is told of the freeze: the technicians who may see the still. The phone
/// holds its picture by the commands, and hears the freeze only when it connects (so a
/// change elsewhere never thaws a freeze it is still uploading).
fn told(seat: &Seat) -> bool {
    seat.role != Role::Customer && captures::visible_to(seat, CaptureKind::Still)
}

/// The still the session's picture is held at, if it is frozen.
pub async fn current(state: &AppState, session_id: &str) -> Result<Option<CaptureView>> {
    Ok(held_still(state, session_id).await?.map(|capture| capture.view))
}

/// The stored still (with its blob) the session's picture is held at, if it is frozen.
pub async fn held_still(state: &AppState, session_id: &str) -> Result<Option<StoredCapture>> {
    let Some(capture_id) = store::held(&state.db, session_id).await? else { return Ok(None) };
    captures::store::fetch(&state.db, session_id, &capture_id).await
}

/// The phone answered a freeze done with `still` uploaded: stored, and everyone told.
pub async fn hold(state: &AppState, session_id: &str, still: StoredCapture) -> Result<()> {
    store::hold(&state.db, session_id, &still.view.id).await?;
    let message = ServerMessage::Freeze { still: Some(still.view) };
    notify::to_each(state, session_id, |seat| told(seat).then(|| message.clone())).await
}

/// The phone answered an unfreeze done: the video is live again for everyone.
pub async fn release(state: &AppState, session_id: &str) -> Result<()> {
    store::release(&state.db, session_id).await?;
    notify::to_each(state, session_id, |seat| told(seat).then_some(ServerMessage::Freeze { still: None })).await
}

/// The freeze for the phone that just connected, to hold its picture again (or not).
pub async fn for_phone(state: &AppState, session_id: &str) -> Result<ServerMessage> {
    Ok(ServerMessage::Freeze { still: current(state, session_id).await? })
}

/// Sends each of `seats` that is told of it the session's freeze (its still, or none).
pub async fn send_to(state: &AppState, session_id: &str, seats: &[Seat]) -> Result<()> {
    let still = current(state, session_id).await?;
    state.connections.to_each(seats, |seat| told(seat).then(|| ServerMessage::Freeze { still: still.clone() }));
    Ok(())
}
