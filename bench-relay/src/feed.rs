//! The timed camera: renders the virtual camera at its frame rate on its own thread,
//! prints each frame's number and capture time, and hands the frame to a sink
//! (the session or the publisher), as a phone's camera callback would.
//!
//! "Capture time" is the moment the rendered frame is handed to the SDK, read from
//! the wall clock, so the browser's paint time of the same frame number gives the
//! glass-to-glass latency (rendering the synthetic picture itself is excluded).

use std::sync::Arc;
use std::time::Duration;

use sightline_sdk_core::media::MediaInput;
use sightline_virtual_phone::{counter, VirtualCamera};

use crate::pace::{self, Paced};
use crate::report;

/// Starts the feed; it stops when the returned handle is dropped.
pub fn start<S>(camera: Arc<VirtualCamera>, fps: u32, sink: S) -> Paced
where
    S: Fn(MediaInput) -> sightline_sdk_core::Result<()> + Send + 'static,
{
    pace::spawn(Duration::from_secs(1) / fps.max(1), move |_| match camera.next_frame() {
        Ok(frame) => {
            let capture_ms = report::unix_ms();
            if let Some(number) = counter::read(&frame) {
                report::line(serde_json::json!({ "frame": number, "capture_ms": capture_ms }));
            }
            if let Err(err) = sink(MediaInput::Raw(frame)) {
                tracing::warn!(%err, "a frame was refused");
            }
        }
        Err(err) => tracing::debug!(%err, "camera not ready"),
    })
}
