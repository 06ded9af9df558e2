//! The one error type of the SDK core.

/// Everything that can go wrong in the SDK core, as a caller can act on it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A frame handed to the core does not describe a valid picture.
    #[error("invalid frame: {0}")]
    InvalidFrame(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
