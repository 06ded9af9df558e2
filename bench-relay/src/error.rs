//! What can go wrong while benchmarking.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("SDK: {0}")]
    Sdk(#[from] sightline_sdk_core::Error),
    #[error("virtual phone: {0}")]
    Phone(#[from] sightline_virtual_phone::Error),
    #[error("WebRTC: {0}")]
    Webrtc(#[from] webrtc::Error),
    #[error("WebRTC setup: {0}")]
    Rtc(#[from] sightline_rtc::Error),
    #[error("HTTP: {0}")]
    Http(#[from] reqwest::Error),
    #[error("WebSocket: {0}")]
    WebSocket(Box<tokio_tungstenite::tungstenite::Error>),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("the server: {0}")]
    Server(String),
    #[error("Janus: {0}")]
    Janus(String),
    #[error("Janus's plugin refused ({code}): {message}")]
    JanusRefused { code: u64, message: String },
    #[error("signaling: {0}")]
    Signaling(String),
    #[error("/proc: {0}")]
    Proc(String),
    #[error("timed out: {0}")]
    Timeout(String),
}

impl From<tokio_tungstenite::tungstenite::Error> for Error {
    fn from(err: tokio_tungstenite::tungstenite::Error) -> Self {
        Error::WebSocket(Box::new(err))
    }
}

pub type Result<T> = std::result::Result<T, Error>;
