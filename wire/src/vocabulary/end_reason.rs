//! Why a session, or one participant's part in it, ended: the `reason` of `ended`.

use super::vocabulary;

vocabulary! {
    /// Why the server ended a connection's part in a session.
    ///
    /// The customer receives `technician_ended`, `customer_ended`, `no_technician`,
    /// `session_expired`, `invalid_code`, `connected_elsewhere` and `sdk_too_old`
    /// ([`EndReason::TO_CUSTOMER`]); a technician receives the session's end reasons and
    /// its own `left`, `disconnected`, `removed` and `connected_elsewhere`.
    pub enum EndReason as "end reason" {
        /// A technician ended the session.
        TechnicianEnded = "technician_ended",
        /// The customer ended it from the app.
        CustomerEnded = "customer_ended",
        /// The last internal technician left, so the session ended.
        NoTechnician = "no_technician",
        /// The join code expired before it was used.
        SessionExpired = "session_expired",
        /// No session waits for this join code.
        InvalidCode = "invalid_code",
        /// The same participant connected from somewhere else, which took over.
        ConnectedElsewhere = "connected_elsewhere",
        /// The server no longer speaks the client's protocol version.
        SdkTooOld = "sdk_too_old",
        /// The technician left the session.
        Left = "left",
        /// The technician's connection stayed lost past the reconnect grace.
        Disconnected = "disconnected",
        /// The session's owner removed the technician.
        Removed = "removed",
        /// The technician signed out: every live connection of that sign-in ends.
        SignedOut = "signed_out",
        /// An admin disabled the technician's account.
        AccountDisabled = "account_disabled",
        /// The password changed: the other sign-ins of the account end.
        PasswordChanged = "password_changed",
        /// Found after a server start with its phone gone, which did not come back within
        /// the grace (the phone went with the process that held it, e.g. an earlier demo run).
        Abandoned = "abandoned",
    }
    unknown
    /// A reason this build does not know, from a newer server. Read only: the server never sends it.
    Unknown = "unknown";
}

impl EndReason {
    /// Every reason the server can send to a customer.
    pub const TO_CUSTOMER: [EndReason; 7] = [
        EndReason::TechnicianEnded,
        EndReason::CustomerEnded,
        EndReason::NoTechnician,
        EndReason::SessionExpired,
        EndReason::InvalidCode,
        EndReason::ConnectedElsewhere,
        EndReason::SdkTooOld,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_from_a_newer_server_reads_as_unknown_but_never_parses_from_storage() {
        assert_eq!(serde_json::from_str::<EndReason>(r#""a_new_reason""#).expect("lenient"), EndReason::Unknown);
        assert!("a_new_reason".parse::<EndReason>().is_err());
        assert!("unknown".parse::<EndReason>().is_err());
        assert!(!EndReason::ALL.contains(&EndReason::Unknown));
    }
}
