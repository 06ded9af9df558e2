//! Starting and stopping a session's recording at the relay.

use std::sync::Arc;

use super::{Recorded, Recording, RecordingFormat, Tap};
use crate::error::{Error, Result};
use crate::media::SessionMedia;

impl SessionMedia {
    /// Starts recording the phone's video and the voice mix, on a key frame the phone
    /// is asked for now. `started_by` names who asked.
    pub async fn start_recording(self: &Arc<Self>, started_by: &str) -> Result<RecordingFormat> {
        let mime = {
            let inner = self.inner.lock().await;
            if inner.ended {
                return Err(Error::SessionEnded);
            }
            inner.track.as_ref().map(|track| track.codec().mime_type).ok_or_else(|| Error::Conflict("the phone sends no video yet".into()))?
        };
        let format = RecordingFormat::for_mime(&mime).ok_or_else(|| Error::Conflict(format!("video in {mime} cannot be recorded")))?;
        {
            let mut slot = self.recording.lock();
            if slot.is_some() {
                return Err(Error::Conflict("the session is being recorded already".into()));
            }
            let recording = Recording::start(format, started_by)?;
            self.voices.record(Some(recording.tap.clone()));
            *slot = Some(recording);
        }
        self.request_keyframe().await;
        Ok(format)
    }

    /// Whether the session is being recorded.
    pub fn is_recording(&self) -> bool {
        self.recording.lock().is_some()
    }

    /// Stops the recording, if one runs, and returns its complete file.
    pub async fn stop_recording(&self) -> Option<Result<Recorded>> {
        let recording = self.recording.lock().take()?;
        self.voices.record(None);
        Some(recording.finish().await)
    }

    pub(in crate::media) fn recording_tap(&self) -> Option<Arc<Tap>> {
        self.recording.lock().as_ref().map(|recording| recording.tap.clone())
    }
}
