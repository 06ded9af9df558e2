//! The one error type of the SDK core; the scanner's errors are one variant of it.

/// Everything that can go wrong in the SDK core, as a caller can act on it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A frame that does not describe a valid picture, or a barcode decode that timed out, was
    /// refused while the scanner is busy, or failed: the frames-and-scanner crate's error.
    #[error(transparent)]
    Scan(#[from] sightline_scan_core::Error),
    /// The video codec (libvpx) refused a setting or failed on a frame.
    #[error("video codec error: {0}")]
    Codec(String),
    /// The app pushed media the publisher cannot send (for example H.264 samples on a VP8 track).
    #[error("unsupported media input: {0}")]
    UnsupportedInput(String),
    /// The WebRTC stack failed (bad SDP or candidate, closed connection, ...).
    #[error("WebRTC error: {0}")]
    WebRtc(#[from] webrtc::Error),
    /// A setting that cannot work (for example STUN servers with loopback-only ICE).
    #[error("invalid configuration: {0}")]
    InvalidConfig(String),
    /// The publisher was closed; it takes no more frames or signaling.
    #[error("publisher closed")]
    PublisherClosed,
    /// The device has no torch (flash) on the active camera.
    #[error("this device has no torch")]
    NoTorch,
    /// A zoom ratio outside what the camera supports.
    #[error("zoom {requested}× is beyond this camera's {min}–{max}×")]
    ZoomOutOfRange { requested: f32, min: f32, max: f32 },
    /// The device has no camera facing that way.
    #[error("this device has no {0:?} camera")]
    NoCameraFacing(crate::camera::CameraFacing),
    /// The operation needs a started camera.
    #[error("the camera is not started")]
    CameraNotStarted,
    /// The signaling connection to the server failed or broke the protocol.
    #[error("signaling: {0}")]
    Signaling(String),
    /// The server refused to join the session (invalid or expired code, outdated SDK).
    #[error("the session cannot be joined: {0:?}")]
    JoinRefused(crate::session::EndReason),
    /// A picture could not be uploaded to the server (unreachable, or refused).
    #[error("upload failed: {0}")]
    Upload(String),
    /// A pushed audio frame is not 20 ms of 48 kHz mono.
    #[error("an audio frame holds {expected} samples (20 ms at 48 kHz), not {samples}")]
    InvalidAudioFrame { samples: usize, expected: usize },
    /// Audio was pushed to a session joined without audio.
    #[error("this session was joined without audio")]
    AudioNotEnabled,
    /// The voice codec (Opus) failed.
    #[error("voice codec error: {0}")]
    Voice(String),
    /// The session has ended; it takes no more media or messages.
    #[error("the session has ended")]
    SessionEnded,
    /// A chat message the server would refuse (empty, or too long).
    #[error("invalid chat message: {0}")]
    InvalidChatMessage(String),
    /// The app's camera failed (permission denied, hardware busy, ...).
    #[error("camera failure: {0}")]
    CameraFailure(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

