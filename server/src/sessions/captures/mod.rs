//! Pictures of the phone's camera that technicians asked for: the phone uploads each
//! one for a pending command (authenticated by its customer token); it is checked,
//! re-encoded, put in the blob store under a key the server makes, recorded, and
//! announced to the seats that may see it. Snapshots make the session's gallery; a
//! freeze's still is not in it, and every seat that sees the video may fetch it.

pub mod routes;
pub mod store;

use serde_json::json;
use sightline_wire::signal::{CaptureKind, CaptureView, Command, ServerMessage};

use self::store::StoredCapture;
use super::model::{Role, SessionStatus};
use super::rights::Feature;
use super::seat::Seat;
use super::store::{participants, sessions};
use super::{audit, notify};
use crate::auth::secret::hash_token;
use crate::db::{new_id, now_ms};
use crate::error::{Error, Result};
use crate::state::AppState;

/// The tool a capture of `kind` belongs to: who may take, see and download it.
pub fn feature(kind: CaptureKind) -> Feature {
    match kind {
        CaptureKind::Snapshot => Feature::Snapshot,
        CaptureKind::Still => Feature::Freeze,
        CaptureKind::Text => Feature::LiveText,
    }
}

/// Whether `seat` may see and download captures of `kind`: snapshots with the snapshot
/// tool; a freeze's still with the video or the freeze tool, since it is what the held
/// video shows; a still taken for live text by no seat.
pub fn visible_to(seat: &Seat, kind: CaptureKind) -> bool {
    match kind {
        CaptureKind::Snapshot => seat.may(Feature::Snapshot),
        CaptureKind::Still => seat.may(Feature::Video) || seat.may(Feature::Freeze),
        // Only the server reads it: a guest may read text but never gets a picture.
        CaptureKind::Text => false,
    }
}

/// The picture a command asks the phone for, if it asks for one.
pub fn kind_of(command: &Command) -> Option<CaptureKind> {
    match command {
        Command::Snapshot => Some(CaptureKind::Snapshot),
        Command::Freeze => Some(CaptureKind::Still),
        Command::ReadText { .. } => Some(CaptureKind::Text),
        _ => None,
    }
}

/// The phone's upload for command `command_id`: `token` is its customer token. Refused
/// unless the command is pending in the phone's session and asks for a picture.
pub async fn upload(state: &AppState, token: &str, command_id: &str, bytes: &[u8]) -> Result<CaptureView> {
    let customer = participants::by_token(&state.db, &hash_token(token), Role::Customer).await?.ok_or(Error::Unauthenticated)?;
    let session = sessions::fetch(&state.db, &customer.session_id).await?.ok_or(Error::Unauthenticated)?;
    if session.status == SessionStatus::Ended {
        return Err(Error::SessionEnded);
    }
    let sent = audit::sent(&state.db, &session.id, command_id).await?.filter(|sent| !sent.answered).ok_or(Error::UploadNotExpected)?;
    let kind = kind_of(&sent.command).ok_or(Error::UploadNotExpected)?;
    if store::for_command(&state.db, command_id).await?.is_some() {
        return Err(Error::UploadNotExpected);
    }
    let picture = tokio::task::spawn_blocking({
        let bytes = bytes.to_vec();
        move || sightline_picture::check(&bytes)
    })
    .await
    .map_err(|err| Error::Internal(format!("the picture check stopped: {err}")))??;
    let taken_by_name = participants::by_id(&state.db, &sent.from).await?.map(|p| p.display_name).unwrap_or_default();
    let id = new_id();
    let capture = StoredCapture {
        view: CaptureView {
            id: id.clone(),
            kind,
            command_id: command_id.to_owned(),
            taken_by: sent.from,
            taken_by_name,
            taken_at: now_ms(),
            width: picture.width,
            height: picture.height,
            bytes: picture.jpeg.len() as u64,
        },
        session_id: session.id.clone(),
        blob_key: format!("captures/{}/{id}.jpg", session.id),
    };
    state.blobs.put(&capture.blob_key, picture.jpeg).await?;
    if let Err(err) = store::insert(&state.db, &capture).await {
        state.blobs.delete(&capture.blob_key).await?;
        return Err(err);
    }
    let view = capture.view;
    let detail = json!({ "id": view.id, "command_id": view.command_id, "kind": view.kind, "width": view.width, "height": view.height, "bytes": view.bytes });
    audit::record(&state.db.pool, &state.settings.audit_key, &session.id, Some(&customer.id), &format!("{}_stored", view.kind), detail).await?;
    // A snapshot joins the gallery now; a still is announced with its freeze, once the phone holds it.
    if kind == CaptureKind::Snapshot {
        let message = ServerMessage::Captured { capture: view.clone() };
        notify::to_each(state, &session.id, |seat| (seat.role != Role::Customer && visible_to(seat, kind)).then(|| message.clone())).await?;
    }
    Ok(view)
}

/// A file name for downloading a capture: made by the server, never the uploader.
pub fn file_name(capture: &CaptureView) -> String {
    let short: String = capture.id.chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    format!("{}-{}-{short}.jpg", capture.kind, capture.taken_at)
}
