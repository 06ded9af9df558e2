//! The one error type of the virtual phone.

/// What can go wrong when scripting the virtual phone.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Scene content that cannot be drawn (for example an EAN-13 with letters in it).
    #[error("invalid scene content: {0}")]
    InvalidContent(String),
    /// The typeface of the scene's text is missing or unusable.
    #[error("font: {0}")]
    Font(String),
    /// The H.264 encoder (openh264) refused a setting or a frame.
    #[error("H.264 encoder: {0}")]
    Encoder(String),
    /// An error of the SDK core (invalid frame, camera refusal, ...).
    #[error(transparent)]
    Core(#[from] sightline_sdk_core::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
