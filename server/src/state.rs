//! The application state every handler receives.

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::blobs::Blobs;
use crate::db::Db;
use crate::error::Result;
use crate::live::{Connections, Hints, Inboxes};
use crate::mail::Mailer;
use crate::media::Relay;
use crate::metrics::Metrics;
use crate::settings::Settings;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
    /// This node's media relay; it reports to `connections`.
    pub relay: Arc<Relay>,
    /// This node's live signaling connections.
    pub connections: Arc<Connections>,
    /// This node's open console feeds.
    pub inboxes: Arc<Inboxes>,
    /// What this node tells the others sharing its PostgreSQL database, and hears from them.
    pub hints: Hints,
    /// This node's mail sender (none without SMTP settings).
    pub mailer: Mailer,
    /// Where pictures are kept.
    pub blobs: Blobs,
    /// Live text readings this node runs at once (each takes a core for seconds).
    pub text_readers: Arc<Semaphore>,
}

impl AppState {
    pub fn new(db: Db, settings: Settings) -> Result<AppState> {
        let connections = Arc::new(Connections::default());
        let relay = Relay::new(settings.relay.clone(), connections.clone())?;
        let metrics = Arc::new(Metrics::new());
        let mailer = Mailer::start(&db, &settings, &metrics)?;
        let blobs = Blobs::open(&settings.blobs)?;
        Ok(AppState {
            hints: Hints::new(&db),
            db,
            settings: Arc::new(settings),
            metrics,
            mailer,
            blobs,
            text_readers: Arc::new(Semaphore::new(crate::sessions::live_text::READERS)),
            relay: Arc::new(relay),
            connections,
            inboxes: Arc::new(Inboxes::default()),
        })
    }
}
