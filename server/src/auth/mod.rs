//! Authentication: technicians' passwords and cookies, guests' cookies, CSRF, and
//! the extractors that say who is calling.

pub mod caller;
pub mod member;
pub mod password;
pub mod routes;
pub mod secret;
pub mod sign_ins;
pub mod store;
pub mod trusted_devices;

pub use caller::{Admin, Caller};
pub use member::{Guest, Member};
