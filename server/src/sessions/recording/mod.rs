//! Recording a session (Record: the primary only). Starting and stopping, over HTTP
//! or the live connection, asks the seat first; the relay records (`media::recording`)
//! and the file goes to the blob store with a row in `recordings`. That a recording
//! runs is public: every participant, the phone included, gets `recording` when it
//! starts and stops and on connecting. The recordings themselves, their list and
//! every word about them go to the seats with the Record right only.

pub mod routes;
pub mod store;

use serde_json::json;
use sightline_wire::signal::ServerMessage;

use self::store::{RecordingView, StoredRecording};
use super::rights::Feature;
use super::seat::Seat;
use super::store::participants;
use super::{audit, notify};
use crate::db::{new_id, now_ms};
use crate::error::{Error, Result};
use crate::media::recording::{Recorded, RecordingFormat};
use crate::state::AppState;

/// Starts recording the session for `seat`, which must hold the Record right.
pub async fn start(state: &AppState, seat: &Seat) -> Result<()> {
    seat.require(Feature::Record)?;
    let media = state.relay.existing(&seat.session_id).ok_or_else(|| Error::Conflict("the phone sends no video yet".into()))?;
    let format = media.start_recording(&seat.participant_id).await?;
    audit::record(&state.db.pool, &state.settings.audit_key, &seat.session_id, Some(&seat.participant_id), "recording_started", json!({ "format": format.as_str() })).await?;
    announce(state, &seat.session_id, true).await
}

/// Stops the session's recording for `seat` and stores it.
pub async fn stop(state: &AppState, seat: &Seat) -> Result<RecordingView> {
    seat.require(Feature::Record)?;
    let recorded = match state.relay.existing(&seat.session_id) {
        Some(media) => media.stop_recording().await,
        None => None,
    };
    let recorded = recorded.ok_or_else(|| Error::Conflict("the session is not being recorded".into()))?;
    audit::record(&state.db.pool, &state.settings.audit_key, &seat.session_id, Some(&seat.participant_id), "recording_stopped", json!({})).await?;
    let kept = keep(state, &seat.session_id, recorded).await;
    announce(state, &seat.session_id, false).await?;
    Ok(kept?.view)
}

/// The session ended: its recording, if one runs, is stopped and kept.
pub async fn finish(state: &AppState, session_id: &str) {
    let Some(media) = state.relay.existing(session_id) else { return };
    let Some(recorded) = media.stop_recording().await else { return };
    let outcome = match audit::record(&state.db.pool, &state.settings.audit_key, session_id, None, "recording_stopped", json!({ "reason": "session_ended" })).await {
        Ok(()) => keep(state, session_id, recorded).await.map(drop),
        Err(err) => Err(err),
    };
    if let Err(err) = outcome {
        tracing::error!(error = ?err, session_id, "the recording of an ended session was not kept");
    }
}

/// Whether the session is being recorded, as every participant hears it.
pub fn message(state: &AppState, session_id: &str) -> ServerMessage {
    ServerMessage::Recording { on: state.relay.existing(session_id).is_some_and(|media| media.is_recording()) }
}

/// Sends each of `seats` whether the session is being recorded.
pub fn send_to(state: &AppState, session_id: &str, seats: &[Seat]) {
    let message = message(state, session_id);
    state.connections.to_each(seats, |_| Some(message.clone()));
}

async fn announce(state: &AppState, session_id: &str, on: bool) -> Result<()> {
    notify::to_each(state, session_id, |_| Some(ServerMessage::Recording { on })).await
}

/// Puts a finished recording in the blob store and records it.
async fn keep(state: &AppState, session_id: &str, recorded: Result<Recorded>) -> Result<StoredRecording> {
    let recorded = recorded?;
    let id = new_id();
    let blob_key = format!("recordings/{session_id}/{id}.{}", recorded.format.extension());
    state.blobs.put_file(&blob_key, &recorded.file).await?;
    let started_by_name = participants::by_id(&state.db, &recorded.started_by).await?.map(|p| p.display_name).unwrap_or_default();
    let started_at = recorded.started_at.duration_since(std::time::UNIX_EPOCH).map_or_else(|_| now_ms(), |at| at.as_millis() as i64);
    let recording = StoredRecording {
        view: RecordingView {
            id,
            started_by: recorded.started_by,
            started_by_name,
            started_at,
            duration_ms: recorded.counts.duration_ms,
            bytes: recorded.bytes,
            format: recorded.format.as_str().to_owned(),
            content_type: recorded.format.content_type().to_owned(),
        },
        session_id: session_id.to_owned(),
        blob_key,
    };
    if let Err(err) = store::insert(&state.db, &recording).await {
        state.blobs.delete(&recording.blob_key).await?;
        return Err(err);
    }
    let view = &recording.view;
    let detail = json!({
        "id": view.id, "format": view.format, "bytes": view.bytes, "duration_ms": view.duration_ms,
        "video_frames": recorded.counts.video_frames, "audio_frames": recorded.counts.audio_frames, "dropped": recorded.dropped,
    });
    audit::record(&state.db.pool, &state.settings.audit_key, session_id, None, "recording_stored", detail).await?;
    Ok(recording)
}

/// The content type of a stored format word.
fn content_type(format: &str) -> Result<&'static str> {
    RecordingFormat::parse(format).map(RecordingFormat::content_type).ok_or_else(|| Error::Internal(format!("a stored recording has the format {format}")))
}

/// A file name for downloading a recording: made by the server.
fn file_name(recording: &StoredRecording) -> String {
    let short: String = recording.view.id.chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    let extension = RecordingFormat::parse(&recording.view.format).map_or("bin", RecordingFormat::extension);
    format!("recording-{}-{short}.{extension}", recording.view.started_at)
}
