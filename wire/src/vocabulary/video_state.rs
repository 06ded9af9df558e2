//! Whether the customer lets the phone's picture reach the technicians.

use super::vocabulary;

vocabulary! {
    /// Whether the customer lets the phone's picture reach the technicians.
    pub enum VideoState as "video state" {
        /// The phone sends its picture.
        Sending = "sending",
        /// The customer paused the video; the phone sends no picture until it resumes.
        Paused = "paused",
        /// The customer has not agreed to stream yet; the phone sends no picture until it does.
        AwaitingConsent = "awaiting_consent",
    }
}
