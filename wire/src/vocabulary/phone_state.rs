//! The phone's media connection as the technicians see it.

use super::vocabulary;

vocabulary! {
    /// The phone's media connection as the technicians see it.
    pub enum PhoneState as "phone state" {
        /// No phone has joined yet.
        Absent = "absent",
        /// The phone is connected to signaling, media not yet flowing.
        Connecting = "connecting",
        /// Video is flowing from the phone.
        Live = "live",
        /// The phone lost its connection and may come back.
        Reconnecting = "reconnecting",
    }
}
