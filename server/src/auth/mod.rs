//! Technician authentication: passwords, cookies, CSRF, and the caller extractor.

pub mod caller;
pub mod password;
pub mod routes;
pub mod secret;

pub use caller::{Admin, Caller};
