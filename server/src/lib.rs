//! Sightline server: accounts, sessions, the customer join, and the technician console.

pub mod accounts;
pub mod app;
pub mod auth;
pub mod blobs;
pub mod cli;
mod console;
pub mod db;
pub mod device;
pub mod error;
pub mod extract;
pub mod guests;
mod guard;
pub mod mail;
pub mod media;
pub mod memory;
mod health;
pub mod live;
pub mod metrics;
pub mod openapi;
pub mod rate_limit;
pub mod sessions;
pub mod settings;
pub mod signaling;
pub mod state;

pub use app::app;
pub use error::{Error, Result};
pub use state::AppState;
