//! What a stored picture of the phone's camera was taken as.

use super::vocabulary;

vocabulary! {
    /// What a stored picture of the phone's camera was taken as.
    pub enum CaptureKind as "capture kind" {
        /// A technician's snapshot, kept in the session's gallery.
        Snapshot = "snapshot",
        /// The full-resolution still of a freeze, for annotation.
        Still = "still",
        /// A still taken to read its text: only the server reads it.
        Text = "text",
    }
}
