//! The application state every handler receives.

use std::sync::Arc;

use crate::db::Db;
use crate::error::Result;
use crate::media::Relay;
use crate::metrics::Metrics;
use crate::settings::Settings;
use crate::signaling::Connections;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
    /// This node's media relay.
    pub relay: Arc<Relay>,
    /// This node's live signaling connections.
    pub connections: Arc<Connections>,
}

impl AppState {
    pub fn new(db: Db, settings: Settings) -> Result<AppState> {
        let relay = Relay::new(settings.relay.clone())?;
        Ok(AppState {
            db,
            settings: Arc::new(settings),
            metrics: Arc::new(Metrics::new()),
            relay: Arc::new(relay),
            connections: Arc::new(Connections::default()),
        })
    }
}
