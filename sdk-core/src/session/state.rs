//! What the app hears about its session: typed states, end reasons and connection events.

/// Why a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndReason {
    /// A technician ended the session.
    TechnicianEnded,
    /// The customer ended it from the app.
    CustomerEnded,
    /// The join code expired before it was used.
    SessionExpired,
    /// No session waits for this code.
    InvalidCode,
    /// The same customer connected from somewhere else, which took over.
    ConnectedElsewhere,
    /// The server no longer speaks this SDK's protocol: update the app.
    SdkTooOld,
    /// The session could not go on (the server is unreachable for too long, or refused us).
    Failed { message: String },
}

impl EndReason {
    /// The reason as the server names it on the wire.
    pub fn from_wire(reason: &str) -> EndReason {
        match reason {
            "technician_ended" | "session_ended" => EndReason::TechnicianEnded,
            "customer_ended" => EndReason::CustomerEnded,
            "session_expired" => EndReason::SessionExpired,
            "invalid_code" => EndReason::InvalidCode,
            "connected_elsewhere" => EndReason::ConnectedElsewhere,
            "sdk_too_old" => EndReason::SdkTooOld,
            other => EndReason::Failed { message: format!("the session ended: {other}") },
        }
    }
}

/// Where the session is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// Connecting to the server.
    Connecting,
    /// Joined; no technician is watching yet.
    WaitingForTechnician,
    /// Video reaches at least one technician.
    Live,
    /// The connection was lost; the SDK is getting it back (same session).
    Reconnecting,
    Ended { reason: EndReason },
}

/// Finer-grained connection events, for apps that show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionEvent {
    SignalingConnected,
    SignalingLost,
    IceConnected,
    IceFailed,
    /// Media reconnected after a network change (new ICE, same session).
    IceReconnected,
    /// How many technicians are watching.
    ViewersChanged { count: u32 },
    /// The server refused something the SDK sent (a bug or a version mismatch).
    ServerError { code: String, message: String },
    /// A technician needs a key frame: an app pushing pre-encoded samples must make
    /// its encoder emit one (raw frames are handled inside).
    KeyframeRequested,
}

/// The app's listener. Called from the SDK's own threads; keep the calls short.
pub trait SessionListener: Send + Sync {
    fn on_state_changed(&self, state: SessionState);
    fn on_connection_event(&self, event: ConnectionEvent);
}
