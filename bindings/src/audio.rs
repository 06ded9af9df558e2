//! Two-way voice: the app's microphone and loudspeaker (AudioRecord/AudioTrack,
//! AVAudioEngine), for sessions joined with `join_with_audio`.

use std::sync::Arc;

use sightline_sdk_core::audio::{AudioDevice as CoreAudioDevice, AudioRoute, AudioStatus, MicStatus};
use sightline_sdk_core::{Error as CoreError, Result as CoreResult};

use crate::listeners::guarded;
use crate::SdkError;

/// Whether the phone's microphone can be used.
#[uniffi::remote(Enum)]
pub enum MicStatus {
    Available,
    /// Another app (a phone call, a recorder) holds the microphone.
    Busy,
    /// The user refused the app the microphone.
    PermissionDenied,
}

/// Where the phone plays the technicians' voices.
#[uniffi::remote(Enum)]
pub enum AudioRoute {
    Speaker,
    Earpiece,
    /// Wired or Bluetooth headset.
    Headset,
}

/// The phone's audio as the app reports it (`audio_status_changed`).
#[uniffi::remote(Record)]
pub struct AudioStatus {
    pub mic: MicStatus,
    pub route: AudioRoute,
}

/// The app's microphone and loudspeaker. Audio is 48 kHz mono in frames of 20 ms (960
/// samples): the app pushes each captured frame with `push_audio`, and the SDK hands each
/// frame of the technicians' voices to `play`. Called from the SDK's threads.
#[uniffi::export(foreign)]
pub trait AudioDevice: Send + Sync {
    /// Starts capturing (at the join).
    fn start_capture(&self) -> Result<(), SdkError>;
    /// Stops capturing (the session ended).
    fn stop_capture(&self) -> Result<(), SdkError>;
    /// Plays one frame of the technicians' voices.
    fn play(&self, frame: Vec<i16>);
}

/// The samples of one audio frame (20 ms at 48 kHz).
#[uniffi::export]
pub fn audio_frame_samples() -> u32 {
    sightline_sdk_core::audio::FRAME_SAMPLES as u32
}

/// The app's audio device, seen by the core.
pub(crate) struct AppAudio(pub(crate) Arc<dyn AudioDevice>);

fn audio_failure(error: SdkError) -> CoreError {
    CoreError::Voice(format!("the app's audio device failed: {error}"))
}

impl CoreAudioDevice for AppAudio {
    fn start_capture(&self) -> CoreResult<()> {
        self.0.start_capture().map_err(audio_failure)
    }

    fn stop_capture(&self) -> CoreResult<()> {
        self.0.stop_capture().map_err(audio_failure)
    }

    fn play(&self, frame: Vec<i16>) {
        guarded("play", || self.0.play(frame));
    }
}
