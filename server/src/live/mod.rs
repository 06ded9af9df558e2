//! Live delivery: the one place messages leave the server for open connections.
//! It owns every participant's outbox (`Connections`, fanned out by seat) and every
//! open console feed (`Inboxes`), turns the relay's events into signaling, and runs
//! the WebSocket loop every live connection shares; the other nodes on the same
//! PostgreSQL hear what changed through `hints`. It knows no feature above it:
//! sessions decide what each seat hears, this layer delivers it.

mod connections;
pub mod hints;
mod inboxes;
pub mod liveness;
pub mod pump;
mod relay_events;

pub use connections::{Connections, Holder, Opener, Outbox, Recipient};
pub use hints::{Heard, Hint, Hints};
pub use inboxes::{InboxOutbox, Inboxes};
