//! Every participant's live connection on this node, by participant: the one
//! way a message reaches a session's participants. A second connection of the
//! same participant replaces the first, which is told why.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;
use sightline_wire::signal::{EndReason, ServerMessage};
use tokio::sync::mpsc;

/// Where messages for one participant's signaling connection go.
pub type Outbox = mpsc::UnboundedSender<ServerMessage>;

/// Who holds a live connection.
#[derive(Debug, Clone)]
pub struct Holder {
    pub session_id: String,
    pub participant_id: String,
    /// The sign-in and technician that opened it, for ending it with them.
    pub opener: Opener,
}

/// Who opened a live connection: the sign-in (hash of its token) and technician;
/// none for a guest or the customer.
#[derive(Debug, Clone, Default)]
pub struct Opener {
    pub sign_in: Option<String>,
    pub technician_id: Option<String>,
}

/// Someone of a session a message can be addressed to.
pub trait Recipient {
    fn participant_id(&self) -> &str;
}

struct Line {
    id: u64,
    holder: Holder,
    outbox: Outbox,
}

#[derive(Default)]
pub struct Connections {
    next_id: AtomicU64,
    by_participant: Mutex<HashMap<String, Line>>,
}

impl Connections {
    /// Registers a connection; an older one of the same participant is ended.
    pub fn register(&self, holder: Holder, outbox: Outbox) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let line = Line { id, holder, outbox };
        let previous = self.by_participant.lock().insert(line.holder.participant_id.clone(), line);
        if let Some(old) = previous {
            end(&old.outbox, EndReason::ConnectedElsewhere);
        }
        id
    }

    pub fn is_connected(&self, participant_id: &str) -> bool {
        self.by_participant.lock().contains_key(participant_id)
    }

    /// Whether any participant of the session has a live connection here.
    pub fn holds_session(&self, session_id: &str) -> bool {
        self.by_participant.lock().values().any(|line| line.holder.session_id == session_id)
    }

    /// The sessions with a live connection here.
    pub fn sessions(&self) -> Vec<String> {
        let mut sessions: Vec<String> = self.by_participant.lock().values().map(|line| line.holder.session_id.clone()).collect();
        sessions.sort();
        sessions.dedup();
        sessions
    }

    /// The sign-ins (hashes of their tokens) that opened the technician's connections here.
    pub fn sign_ins_of(&self, technician_id: &str) -> Vec<String> {
        let lines = self.by_participant.lock();
        lines.values().filter(|line| line.holder.opener.technician_id.as_deref() == Some(technician_id)).filter_map(|line| line.holder.opener.sign_in.clone()).collect()
    }

    /// Sends to a participant's live connection; false when it has none here (or it just closed).
    pub fn send(&self, participant_id: &str, message: ServerMessage) -> bool {
        self.outbox(participant_id).is_some_and(|outbox| outbox.send(message).is_ok())
    }

    /// Sends each recipient with a live connection the message `build` makes for it, if any.
    pub fn to_each<'r, R: Recipient + 'r>(&self, recipients: impl IntoIterator<Item = &'r R>, build: impl Fn(&R) -> Option<ServerMessage>) {
        for recipient in recipients {
            if let Some(outbox) = self.outbox(recipient.participant_id()) {
                if let Some(message) = build(recipient) {
                    let _ = outbox.send(message);
                }
            }
        }
    }

    /// Ends every live connection `which` picks: each is told `reason`, then closes.
    pub fn end_where(&self, reason: EndReason, which: impl Fn(&Holder) -> bool) {
        for line in self.by_participant.lock().values().filter(|line| which(&line.holder)) {
            end(&line.outbox, reason);
        }
    }

    /// Forgets a connection unless a newer one replaced it; true when it was current.
    pub fn unregister(&self, participant_id: &str, id: u64) -> bool {
        let mut lines = self.by_participant.lock();
        if lines.get(participant_id).is_some_and(|line| line.id == id) {
            lines.remove(participant_id);
            true
        } else {
            false
        }
    }

    fn outbox(&self, participant_id: &str) -> Option<Outbox> {
        self.by_participant.lock().get(participant_id).map(|line| line.outbox.clone())
    }
}

fn end(outbox: &Outbox, reason: EndReason) {
    let _ = outbox.send(ServerMessage::Ended { reason });
}
