//! Which participants have a live connection on this node: a second connection of
//! the same participant replaces the first, which is told why.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use sightline_wire::signal::{EndReason, ServerMessage};

use crate::media::Outbox;

#[derive(Default)]
pub struct Connections {
    next_id: AtomicU64,
    by_participant: Mutex<HashMap<String, (u64, Outbox)>>,
}

impl Connections {
    /// Registers a connection; an older one of the same participant is ended.
    pub fn register(&self, participant_id: &str, outbox: Outbox) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let previous = self
            .by_participant
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(participant_id.to_owned(), (id, outbox));
        if let Some((_, old)) = previous {
            let _ = old.send(ServerMessage::Ended { reason: EndReason::ConnectedElsewhere });
        }
        id
    }

    /// The live connection's outbox of a participant, if it is connected to this node.
    pub fn outbox(&self, participant_id: &str) -> Option<Outbox> {
        let map = self.by_participant.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        map.get(participant_id).map(|(_, outbox)| outbox.clone())
    }

    pub fn is_connected(&self, participant_id: &str) -> bool {
        let map = self.by_participant.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        map.contains_key(participant_id)
    }

    /// Forgets a connection unless a newer one replaced it; true when it was current.
    pub fn unregister(&self, participant_id: &str, id: u64) -> bool {
        let mut map = self.by_participant.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.get(participant_id).is_some_and(|(current, _)| *current == id) {
            map.remove(participant_id);
            true
        } else {
            false
        }
    }
}
