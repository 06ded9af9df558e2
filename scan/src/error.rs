//! The one error type of the scanner: a frame it cannot read or a decode that went wrong.

/// Everything that can go wrong while reading a frame or decoding its symbols.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A frame handed to the scanner does not describe a valid picture.
    #[error("invalid frame: {0}")]
    InvalidFrame(String),
    /// A barcode decode did not finish within its time budget and was abandoned.
    #[error("scan did not finish within {budget_ms} ms")]
    ScanTimedOut { budget_ms: u64 },
    /// Too many abandoned decodes are still running; the scanner refuses new work until they end.
    #[error("scanner busy: {stuck} abandoned decodes are still running")]
    ScannerBusy { stuck: usize },
    /// The barcode decoder failed internally (for example it panicked) on this picture.
    #[error("barcode decoder failed: {0}")]
    DecoderFailed(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
