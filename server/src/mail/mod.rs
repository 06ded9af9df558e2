//! Outgoing mail. Every mail is first written to the persistent outbox (in the
//! caller's transaction if it likes); this node's sender then delivers it over
//! SMTP, retrying with backoff while the SMTP server is unreachable. Without SMTP
//! settings nothing is sent: the outbox is the local outbox admins read in the console.

mod links;
mod outbox;
mod routes;
mod sender;
mod settings;
mod smtp;

pub use outbox::{enqueue, unsent_counts, Mail, MailState, OutboxEntry};
pub use routes::router;
pub use sender::{Delivery, Mailer};
pub use settings::{SmtpArgs, SmtpCredentials, SmtpSecurity, SmtpSettings};
