//! The one error type the SDK throws to the app, with variants a caller can act on.
//!
//! The core's [`CoreError`] is mapped here once (`From`), so every exported method has the
//! same error. The camera that the app implements throws the same type back, and
//! [`SdkError::into_camera_error`] turns it into the core's typed camera errors.

use sightline_sdk_core::camera::CameraFacing;
use sightline_sdk_core::session::EndReason;
use sightline_sdk_core::scan::Error as ScanError;
use sightline_sdk_core::Error as CoreError;

/// Everything that can go wrong in the SDK, as the app can act on it.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum SdkError {
    /// The frame's size, strides or buffer do not describe a picture: a bug in the caller.
    #[error("invalid frame: {detail}")]
    InvalidFrame { detail: String },
    /// A setting that cannot work (for example STUN servers with loopback-only ICE).
    #[error("invalid configuration: {detail}")]
    InvalidConfig { detail: String },
    /// Media the stream cannot carry (for example H.264 samples on a VP8 stream).
    #[error("unsupported media input: {detail}")]
    UnsupportedInput { detail: String },
    /// The server refused to join: show the reason (invalid or expired code, update the app).
    #[error("the session cannot be joined: {reason:?}")]
    JoinRefused { reason: EndReason },
    /// The server cannot be reached or broke the protocol: check the network and try again.
    #[error("connection failed: {detail}")]
    Connection { detail: String },
    /// The stream has been closed; the session takes no more media.
    #[error("the session's stream is closed")]
    StreamClosed,
    /// The session has ended: it takes no more media or messages (join a new one).
    #[error("the session has ended")]
    SessionEnded,
    /// A chat message that cannot be sent (empty, or too long): `detail` says which.
    #[error("invalid chat message: {detail}")]
    InvalidChatMessage { detail: String },
    /// An audio frame that is not 20 ms of 48 kHz mono (`expected` samples).
    #[error("an audio frame holds {expected} samples, not {samples}")]
    InvalidAudioFrame { samples: u64, expected: u64 },
    /// Audio was used on a session joined without it (`join` instead of `join_with_audio`).
    #[error("this session was joined without audio")]
    AudioNotEnabled,
    /// A barcode decode did not finish in time and was abandoned: try the next frame.
    #[error("scan did not finish within {budget_ms} ms")]
    ScanTimedOut { budget_ms: u64 },
    /// Abandoned decodes are still running: the scanner takes frames again once they end.
    #[error("scanner busy: {stuck} abandoned decodes are still running")]
    ScannerBusy { stuck: u64 },
    /// The active camera has no torch.
    #[error("this device has no torch")]
    NoTorch,
    /// A zoom ratio outside what the camera supports.
    #[error("zoom {requested}× is beyond this camera's {min}–{max}×")]
    ZoomOutOfRange { requested: f32, min: f32, max: f32 },
    /// The device has no camera facing that way.
    #[error("this device has no {facing:?} camera")]
    NoCameraFacing { facing: CameraFacing },
    /// The operation needs a started camera.
    #[error("the camera is not started")]
    CameraNotStarted,
    /// The camera failed (permission denied, hardware busy, ...).
    #[error("camera failure: {detail}")]
    CameraFailure { detail: String },
    /// A fault inside the SDK or in a callback of the app: report it with the detail.
    #[error("internal error: {detail}")]
    Internal { detail: String },
}

impl From<CoreError> for SdkError {
    fn from(error: CoreError) -> Self {
        match error {
            CoreError::Scan(ScanError::InvalidFrame(detail)) => SdkError::InvalidFrame { detail },
            CoreError::InvalidConfig(detail) => SdkError::InvalidConfig { detail },
            CoreError::UnsupportedInput(detail) => SdkError::UnsupportedInput { detail },
            CoreError::JoinRefused(reason) => SdkError::JoinRefused { reason },
            CoreError::Signaling(detail) => SdkError::Connection { detail },
            CoreError::WebRtc(error) => SdkError::Connection { detail: error.to_string() },
            CoreError::PublisherClosed => SdkError::StreamClosed,
            CoreError::Scan(ScanError::ScanTimedOut { budget_ms }) => SdkError::ScanTimedOut { budget_ms },
            CoreError::Scan(ScanError::ScannerBusy { stuck }) => SdkError::ScannerBusy { stuck: stuck as u64 },
            CoreError::NoTorch => SdkError::NoTorch,
            CoreError::ZoomOutOfRange { requested, min, max } => SdkError::ZoomOutOfRange { requested, min, max },
            CoreError::NoCameraFacing(facing) => SdkError::NoCameraFacing { facing },
            CoreError::CameraNotStarted => SdkError::CameraNotStarted,
            CoreError::CameraFailure(detail) => SdkError::CameraFailure { detail },
            CoreError::SessionEnded => SdkError::SessionEnded,
            CoreError::InvalidChatMessage(detail) => SdkError::InvalidChatMessage { detail },
            CoreError::InvalidAudioFrame { samples, expected } => {
                SdkError::InvalidAudioFrame { samples: samples as u64, expected: expected as u64 }
            }
            CoreError::AudioNotEnabled => SdkError::AudioNotEnabled,
            // Codec, voice and upload faults, and whatever the core adds later.
            other => SdkError::Internal { detail: other.to_string() },
        }
    }
}

/// An exception of the app's callback that is not an [`SdkError`].
impl From<uniffi::UnexpectedUniFFICallbackError> for SdkError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        SdkError::Internal { detail: format!("the app's callback failed: {}", error.reason) }
    }
}

impl SdkError {
    /// The core's error for a failure of the app's camera: camera variants keep their type,
    /// anything else the camera threw becomes a [`CoreError::CameraFailure`].
    pub(crate) fn into_camera_error(self) -> CoreError {
        match self {
            SdkError::NoTorch => CoreError::NoTorch,
            SdkError::ZoomOutOfRange { requested, min, max } => CoreError::ZoomOutOfRange { requested, min, max },
            SdkError::NoCameraFacing { facing } => CoreError::NoCameraFacing(facing),
            SdkError::CameraNotStarted => CoreError::CameraNotStarted,
            SdkError::CameraFailure { detail } => CoreError::CameraFailure(detail),
            other => CoreError::CameraFailure(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_actionable_type() {
        let refused = SdkError::from(CoreError::JoinRefused(EndReason::InvalidCode));
        assert_eq!(refused, SdkError::JoinRefused { reason: EndReason::InvalidCode });
        assert_eq!(SdkError::from(CoreError::Signaling("closed".into())), SdkError::Connection { detail: "closed".into() });
        assert_eq!(SdkError::from(CoreError::Scan(ScanError::ScannerBusy { stuck: 2 })), SdkError::ScannerBusy { stuck: 2 });
        assert_eq!(SdkError::from(CoreError::SessionEnded), SdkError::SessionEnded);
        let audio = SdkError::from(CoreError::InvalidAudioFrame { samples: 10, expected: 960 });
        assert_eq!(audio, SdkError::InvalidAudioFrame { samples: 10, expected: 960 });
        let codec = SdkError::from(CoreError::Codec("vpx refused".into()));
        assert_eq!(codec, SdkError::Internal { detail: "video codec error: vpx refused".into() });
    }

    #[test]
    fn camera_errors_round_trip_and_others_become_camera_failures() {
        let zoom = SdkError::ZoomOutOfRange { requested: 9.0, min: 1.0, max: 4.0 };
        assert!(matches!(zoom.into_camera_error(), CoreError::ZoomOutOfRange { requested, .. } if requested == 9.0));
        let facing = SdkError::NoCameraFacing { facing: CameraFacing::Front }.into_camera_error();
        assert!(matches!(facing, CoreError::NoCameraFacing(CameraFacing::Front)));
        let thrown = SdkError::from(uniffi::UnexpectedUniFFICallbackError::new("RuntimeError: busy"));
        match thrown.into_camera_error() {
            CoreError::CameraFailure(message) => assert!(message.contains("RuntimeError: busy"), "{message}"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
