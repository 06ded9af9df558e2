//! The features of SPEC's role table, by the names the console and the API use. Which
//! role may use which is the server's decision (its role table), not the vocabulary's.

use super::vocabulary;

vocabulary! {
    /// A feature of the role table (one of its rows), in the table's order.
    pub enum Feature as "feature" {
        Chat = "chat",
        Video = "video",
        Annotation = "annotation",
        Zoom = "zoom",
        Notes = "notes",
        Snapshot = "snapshot",
        LiveText = "live_text",
        Freeze = "freeze",
        Record = "record",
        Mic = "mic",
        InviteTechnician = "invite_technician",
        SessionDetails = "session_details",
        Flash = "flash",
        Qr = "qr",
        Barcode = "barcode",
    }
}
