//! Live text: the printed text in a still of the phone's camera (one taken for a
//! `read_text` command, or the frozen still), read on the server by `sightline-ocr` off
//! the async threads, a few at a time, under a time limit. The lines go to the technician
//! who asked, while it still may use live text; the trail records how many were found.

use std::time::Duration;

use image::ImageReader;
use serde_json::json;
use sightline_wire::signal::{LiveTextResult, ServerMessage, TextLine, TextRegion};

use super::captures::store::StoredCapture;
use super::rights::Feature;
use super::{audit, notify};
use crate::error::{Error, Result};
use crate::state::AppState;

/// Readings one node runs at once.
pub const READERS: usize = 2;
/// A reading that takes longer than this is given up (`timed_out`).
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// Checks a region the technician drew: inside the picture, not empty.
pub fn check_region(region: &TextRegion) -> Result<()> {
    if !region.lies_inside() {
        return Err(Error::InvalidInput("the region must be a non-empty part of the picture: left, top, width, height in 0..1".into()));
    }
    Ok(())
}

/// Why a picture's text could not be read, as the technician's result says it.
fn failed(code: &str, message: impl Into<String>) -> LiveTextResult {
    LiveTextResult::Failed { code: code.to_owned(), message: message.into() }
}

/// Reads `still`'s text for command `id` of participant `asker` and sends the result to it.
pub async fn read_and_send(state: &AppState, session_id: &str, id: &str, asker: &str, still: &StoredCapture, region: Option<TextRegion>) -> Result<()> {
    let result = read(state, still, region).await?;
    send(state, session_id, id, asker, region, result).await
}

/// Sends `result` for command `id` to the technician `asker` (while it may use live text),
/// and records it: a line count or the failure's code, never the text.
pub async fn send(state: &AppState, session_id: &str, id: &str, asker: &str, region: Option<TextRegion>, result: LiveTextResult) -> Result<()> {
    let detail = match &result {
        LiveTextResult::Read { lines } => json!({ "id": id, "lines": lines.len() }),
        LiveTextResult::Failed { code, .. } => json!({ "id": id, "error": code }),
    };
    audit::record(&state.db.pool, &state.settings.audit_key, session_id, None, "live_text_read", detail).await?;
    let message = ServerMessage::LiveText { id: id.to_owned(), region, result };
    notify::to_each(state, session_id, |seat| (seat.participant_id == asker && seat.may(Feature::LiveText)).then(|| message.clone())).await
}

/// The text of `still` (or of `region` of it); failures of the picture or the engine are
/// results, failures of the server errors.
async fn read(state: &AppState, still: &StoredCapture, region: Option<TextRegion>) -> Result<LiveTextResult> {
    let jpeg = state.blobs.get(&still.blob_key).await?;
    // The permit goes with the blocking work, so a reading given up still counts until it ends.
    let permit = state.text_readers.clone().acquire_owned().await.map_err(|err| Error::Internal(format!("live text readers closed: {err}")))?;
    let reading = tokio::task::spawn_blocking(move || -> std::result::Result<Vec<TextLine>, LiveTextResult> {
        let _permit = permit;
        let picture = ImageReader::with_format(std::io::Cursor::new(jpeg), image::ImageFormat::Jpeg)
            .decode()
            .map_err(|err| failed("engine_failed", format!("the stored still does not decode: {err}")))?;
        sightline_ocr::read(&picture, region).map_err(|err| {
            let code = match &err {
                sightline_ocr::Error::EmptyPicture => "empty_picture",
                sightline_ocr::Error::PictureTooLarge { .. } => "picture_too_large",
                sightline_ocr::Error::BadRegion { .. } => "bad_region",
                sightline_ocr::Error::EngineMissing(_) => "engine_missing",
                sightline_ocr::Error::Engine(_) => "engine_failed",
            };
            failed(code, err.to_string())
        })
    });
    let lines = match tokio::time::timeout(TIME_LIMIT, reading).await {
        Err(_) => return Ok(failed("timed_out", format!("reading the text took longer than {} seconds", TIME_LIMIT.as_secs()))),
        Ok(Err(err)) => return Err(Error::Internal(format!("the text reader stopped: {err}"))),
        Ok(Ok(Err(result))) => return Ok(result),
        Ok(Ok(Ok(lines))) => lines,
    };
    Ok(LiveTextResult::Read { lines })
}
