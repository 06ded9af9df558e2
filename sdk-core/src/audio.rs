//! The phone's microphone and loudspeaker as the app provides them to the core.
//!
//! Audio is opt-in: an app that wants two-way voice joins with
//! [`Session::join_with_audio`](crate::session::Session::join_with_audio) and an
//! [`AudioDevice`] over the platform's audio (AudioRecord/AudioTrack, AVAudioEngine).
//! The core starts and stops capture with the session; the app pushes each captured
//! 20 ms frame to [`Session::push_audio`](crate::session::Session::push_audio), the core
//! encodes it to Opus and sends it, and decodes what the technicians say into frames it
//! hands to [`AudioDevice::play`]. When the microphone becomes busy, is refused, or the
//! route changes, the app tells the session (`audio_status_changed`), which tells its
//! listener and the technicians. Shaped as a uniffi callback interface like
//! [`Camera`](crate::camera::Camera): `Send + Sync`, `&self` methods, plain records.

pub use sightline_rtc::voice::{FRAME_DURATION, FRAME_SAMPLES, SAMPLE_RATE};
pub use sightline_wire::signal::{AudioRoute, AudioStatus, MicStatus};

use crate::{Error, Result};

/// The platform's microphone and loudspeaker.
pub trait AudioDevice: Send + Sync {
    /// Starts capturing: 48 kHz mono, pushed in frames of [`FRAME_SAMPLES`] samples.
    fn start_capture(&self) -> Result<()>;
    /// Stops capturing (the session ended).
    fn stop_capture(&self) -> Result<()>;
    /// Plays one frame of the technicians' voices: [`FRAME_SAMPLES`] samples, 48 kHz mono.
    /// While nobody speaks no frames come: the device plays silence when its buffer runs dry.
    fn play(&self, frame: Vec<i16>);
}

/// Refuses a frame of the wrong length.
pub(crate) fn check_frame(frame: &[i16]) -> Result<()> {
    if frame.len() == FRAME_SAMPLES {
        Ok(())
    } else {
        Err(Error::InvalidAudioFrame { samples: frame.len(), expected: FRAME_SAMPLES })
    }
}
