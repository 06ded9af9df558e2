//! The technicians' console feeds open on this node (`/api/me/live`), by org: the
//! one way a technician's personal messages reach its open consoles.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;
use sightline_wire::signal::EndReason;
use sightline_wire::InboxMessage;
use tokio::sync::mpsc;

/// Where messages for one open console feed go.
pub type InboxOutbox = mpsc::UnboundedSender<InboxMessage>;

struct Feed {
    technician_id: String,
    /// The sign-in (hash of its token) that opened the feed.
    sign_in: String,
    org_id: String,
    outbox: InboxOutbox,
}

#[derive(Default)]
pub struct Inboxes {
    next_id: AtomicU64,
    feeds: Mutex<HashMap<u64, Feed>>,
}

impl Inboxes {
    pub fn open(&self, technician_id: &str, sign_in: &str, org_id: &str, outbox: InboxOutbox) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let feed = Feed { technician_id: technician_id.to_owned(), sign_in: sign_in.to_owned(), org_id: org_id.to_owned(), outbox };
        self.feeds.lock().insert(id, feed);
        id
    }

    /// Closes a feed; true when the technician has no other feed open here.
    pub fn close(&self, id: u64) -> bool {
        let mut feeds = self.feeds.lock();
        let Some(closed) = feeds.remove(&id) else { return false };
        !feeds.values().any(|f| f.technician_id == closed.technician_id)
    }

    /// Ends every feed whose (technician id, sign-in) `which` picks: each is told
    /// `reason`, then closes.
    pub fn end_where(&self, reason: EndReason, which: impl Fn(&str, &str) -> bool) {
        for feed in self.feeds.lock().values().filter(|f| which(&f.technician_id, &f.sign_in)) {
            let _ = feed.outbox.send(InboxMessage::Ended { reason });
        }
    }

    /// The sign-ins (hashes of their tokens) that opened the technician's feeds here.
    pub fn sign_ins_of(&self, technician_id: &str) -> Vec<String> {
        self.feeds.lock().values().filter(|f| f.technician_id == technician_id).map(|f| f.sign_in.clone()).collect()
    }

    /// The orgs with an open feed here.
    pub fn orgs(&self) -> Vec<String> {
        let mut orgs: Vec<String> = self.feeds.lock().values().map(|f| f.org_id.clone()).collect();
        orgs.sort();
        orgs.dedup();
        orgs
    }

    /// The technicians of the org with an open feed, each with that feed's outbox.
    pub fn of_org(&self, org_id: &str) -> Vec<(String, InboxOutbox)> {
        let feeds = self.feeds.lock();
        feeds.values().filter(|f| f.org_id == org_id).map(|f| (f.technician_id.clone(), f.outbox.clone())).collect()
    }
}
