//! The application state every handler receives.

use std::sync::Arc;

use crate::db::Db;
use crate::metrics::Metrics;
use crate::settings::Settings;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(db: Db, settings: Settings) -> AppState {
        AppState { db, settings: Arc::new(settings), metrics: Arc::new(Metrics::new()) }
    }
}
