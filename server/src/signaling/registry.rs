//! Which participants have a live connection on this node: a second connection of
//! the same participant replaces the first, which is told why. Each connection
//! remembers the sign-in and technician that opened it, so ending a sign-in or
//! disabling a technician ends its connections at once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use sightline_wire::signal::ServerMessage;

use crate::media::Outbox;

/// Who opened a live connection: the sign-in (hash of its token) and technician,
/// none for a guest or the customer.
#[derive(Debug, Clone, Default)]
pub struct Opener {
    pub sign_in: Option<String>,
    pub technician_id: Option<String>,
}

struct Live {
    id: u64,
    outbox: Outbox,
    opener: Opener,
}

#[derive(Default)]
pub struct Connections {
    next_id: AtomicU64,
    by_participant: Mutex<HashMap<String, Live>>,
}

impl Connections {
    /// Registers a connection; an older one of the same participant is ended.
    pub fn register(&self, participant_id: &str, outbox: Outbox, opener: Opener) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let previous = self
            .by_participant
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(participant_id.to_owned(), Live { id, outbox, opener });
        if let Some(old) = previous {
            let _ = old.outbox.send(ServerMessage::Ended { reason: "connected_elsewhere".into() });
        }
        id
    }

    /// Ends every connection whose opener `ends` picks, telling it `reason`; the
    /// connection loop closes on `Ended`.
    pub fn end_where(&self, ends: impl Fn(&Opener) -> bool, reason: &str) {
        let map = self.by_participant.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for live in map.values().filter(|live| ends(&live.opener)) {
            let _ = live.outbox.send(ServerMessage::Ended { reason: reason.to_owned() });
        }
    }

    /// The live connection's outbox of a participant, if it is connected to this node.
    pub fn outbox(&self, participant_id: &str) -> Option<Outbox> {
        let map = self.by_participant.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        map.get(participant_id).map(|live| live.outbox.clone())
    }

    pub fn is_connected(&self, participant_id: &str) -> bool {
        let map = self.by_participant.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        map.contains_key(participant_id)
    }

    /// Forgets a connection unless a newer one replaced it; true when it was current.
    pub fn unregister(&self, participant_id: &str, id: u64) -> bool {
        let mut map = self.by_participant.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.get(participant_id).is_some_and(|live| live.id == id) {
            map.remove(participant_id);
            true
        } else {
            false
        }
    }
}
