//! What the app hears about its session: typed states, end reasons and connection events.

use sightline_wire::signal::AudioStatus;
use sightline_wire::EndReason as WireEndReason;

use crate::scan::ScanResult;

/// Why a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndReason {
    /// A technician ended the session.
    TechnicianEnded,
    /// The customer ended it from the app.
    CustomerEnded,
    /// The last technician left the session (and did not come back within the reconnect grace).
    NoTechnician,
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
    /// The reason the server sent. Reasons the server sends only to technicians, and
    /// reasons of a newer server, end the session as `Failed` with the reason in words.
    pub fn from_wire(reason: WireEndReason) -> EndReason {
        match reason {
            WireEndReason::TechnicianEnded => EndReason::TechnicianEnded,
            WireEndReason::CustomerEnded => EndReason::CustomerEnded,
            WireEndReason::NoTechnician => EndReason::NoTechnician,
            WireEndReason::SessionExpired => EndReason::SessionExpired,
            WireEndReason::InvalidCode => EndReason::InvalidCode,
            WireEndReason::ConnectedElsewhere => EndReason::ConnectedElsewhere,
            WireEndReason::SdkTooOld => EndReason::SdkTooOld,
            WireEndReason::Left
            | WireEndReason::Disconnected
            | WireEndReason::Removed
            | WireEndReason::SignedOut
            | WireEndReason::AccountDisabled
            | WireEndReason::PasswordChanged
            | WireEndReason::Abandoned
            | WireEndReason::Unknown => {
                EndReason::Failed { message: format!("the session ended: {reason}") }
            }
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
    /// The session is being recorded (`true`), or no longer: the app must show it to
    /// the customer while it lasts. Also told on every (re)connection.
    RecordingChanged { recording: bool },
}

/// The app's listener. Called from the SDK's own threads; keep the calls short.
pub trait SessionListener: Send + Sync {
    fn on_state_changed(&self, state: SessionState);
    fn on_connection_event(&self, event: ConnectionEvent);
    /// The app reported a change of the microphone or audio route (sessions with audio).
    fn on_audio_status(&self, _status: AudioStatus) {}
    /// A technician's scan found these codes in the live picture (they go to the
    /// technicians too): the app may show the customer what was read.
    fn on_codes_found(&self, _codes: Vec<ScanResult>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_the_server_sends_a_customer_has_its_own_variant() {
        let table = [
            (WireEndReason::TechnicianEnded, EndReason::TechnicianEnded),
            (WireEndReason::CustomerEnded, EndReason::CustomerEnded),
            (WireEndReason::NoTechnician, EndReason::NoTechnician),
            (WireEndReason::SessionExpired, EndReason::SessionExpired),
            (WireEndReason::InvalidCode, EndReason::InvalidCode),
            (WireEndReason::ConnectedElsewhere, EndReason::ConnectedElsewhere),
            (WireEndReason::SdkTooOld, EndReason::SdkTooOld),
        ];
        assert_eq!(table.clone().map(|(wire, _)| wire), WireEndReason::TO_CUSTOMER);
        for (wire, sdk) in table {
            assert_eq!(EndReason::from_wire(wire), sdk, "{wire}");
        }
        let newer = EndReason::from_wire(WireEndReason::Unknown);
        assert!(matches!(&newer, EndReason::Failed { message } if message.contains("unknown")), "{newer:?}");
    }
}
