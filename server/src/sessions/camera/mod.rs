//! The phone camera's torch and zoom as the technicians see them: the phone's reports
//! (on every connection, and in the outcome of each torch or zoom command) are
//! checked and stored, and each technician receives the parts its seat may use.

pub mod store;

use sightline_wire::signal::{CameraState, Command, ServerMessage, TorchState, ZoomState};

use super::model::Role;
use super::rights::Feature;
use super::seat::{self, Seat};
use crate::error::{Error, Result};
use crate::state::AppState;

/// The largest zoom ratio a phone may report or a technician ask for.
pub const MAX_ZOOM: f32 = 100.0;

/// The parts of `camera` that `seat` may see: the torch with the flash, the zoom with
/// the zoom tool; `None` when that leaves nothing.
pub fn visible_to(seat: &Seat, camera: &CameraState) -> Option<CameraState> {
    let visible = CameraState {
        torch: camera.torch.filter(|_| seat.may(Feature::Flash)),
        zoom: camera.zoom.filter(|_| seat.may(Feature::Zoom)),
    };
    (seat.role != Role::Customer && visible != CameraState::default()).then_some(visible)
}

/// Refuses a report that no camera could make.
pub fn check(camera: &CameraState) -> Result<()> {
    if let Some(TorchState { available: false, on: true }) = camera.torch {
        return Err(Error::InvalidInput("a torch that is not available cannot be on".into()));
    }
    if let Some(ZoomState { min, max, ratio }) = camera.zoom {
        let sane = [min, max, ratio].iter().all(|z| z.is_finite()) && 0.0 < min && min <= max && max <= MAX_ZOOM;
        if !sane || !(min..=max).contains(&ratio) {
            return Err(Error::InvalidInput(format!("zoom must be a ratio within min..=max, where 0 < min <= max <= {MAX_ZOOM}")));
        }
    }
    Ok(())
}

/// The phone's full report on connecting: checked, stored, and passed on.
pub async fn reported(state: &AppState, session_id: &str, camera: &CameraState) -> Result<()> {
    if camera.torch.is_none() || camera.zoom.is_none() {
        return Err(Error::InvalidInput("the camera state must report both the torch and the zoom".into()));
    }
    check(camera)?;
    store::merge(&state.db, session_id, camera).await?;
    tell(state, session_id).await
}

/// The part of a command's acknowledgement that its tool set: the torch of a torch
/// command, the zoom of a zoom command; whatever else the phone added is dropped.
pub fn acknowledged(command: &Command, camera: &CameraState) -> Option<CameraState> {
    let part = match command {
        Command::Torch { .. } => CameraState { torch: camera.torch, zoom: None },
        Command::Zoom { .. } => CameraState { torch: None, zoom: camera.zoom },
        Command::Scan { .. } | Command::StopScan | Command::Snapshot | Command::Freeze | Command::Unfreeze | Command::ReadText { .. } => return None,
    };
    (part != CameraState::default()).then_some(part)
}

/// Sends every technician in the session the stored camera state, as far as it may see it.
pub async fn tell(state: &AppState, session_id: &str) -> Result<()> {
    send_to(state, session_id, &seat::seats(&state.db, session_id).await?).await
}

/// Sends each of `seats` the session's stored camera state, as far as it may see it.
pub async fn send_to(state: &AppState, session_id: &str, seats: &[Seat]) -> Result<()> {
    let Some(camera) = store::load(&state.db, session_id).await? else { return Ok(()) };
    state.connections.to_each(seats, |seat| visible_to(seat, &camera).map(|camera| ServerMessage::CameraState { camera }));
    Ok(())
}
