//! Who is on the other end of a signaling connection.

use crate::live::Opener;
use crate::sessions::model::Role;

#[derive(Debug, Clone)]
pub struct Peer {
    pub session_id: String,
    pub participant_id: String,
    pub role: Role,
    /// The sign-in and technician behind the connection, for ending it with them.
    pub opener: Opener,
}
