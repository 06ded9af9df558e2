//! Resolved runtime settings shared by every handler.

use std::time::Duration;

use url::Url;

use crate::mail::SmtpSettings;
use crate::media::RelaySettings;

/// A fixed-window limit: at most `max` counted events per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window: Duration,
}

#[derive(Debug, Clone)]
pub struct Settings {
    /// The address customers and technicians reach this server at (links, QR codes, cookies).
    pub public_url: Url,
    /// How long a join code stays valid while no customer has used it.
    pub join_code_ttl: Duration,
    /// How long a technician stays signed in.
    pub login_ttl: Duration,
    /// Failed sign-ins allowed per account and per client address.
    pub login_limit: Limit,
    /// Failed join-code look-ups allowed per client address.
    pub join_limit: Limit,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long a technician's live connection may stay away before they count as
    /// having left the session (a network blip or a page reload is not leaving).
    pub reconnect_grace: Duration,
    /// How the media relay reaches phones and browsers.
    pub relay: RelaySettings,
    /// Where mail goes out; `None` keeps it in the local outbox.
    pub smtp: Option<SmtpSettings>,
}

impl Settings {
    pub fn new(public_url: Url) -> Settings {
        Settings {
            public_url,
            join_code_ttl: Duration::from_secs(15 * 60),
            login_ttl: Duration::from_secs(12 * 60 * 60),
            login_limit: Limit { max: 5, window: Duration::from_secs(15 * 60) },
            join_limit: Limit { max: 20, window: Duration::from_secs(10 * 60) },
            max_body_bytes: 64 * 1024,
            reconnect_grace: Duration::from_secs(30),
            relay: RelaySettings::default(),
            smtp: None,
        }
    }

    /// Cookies carry `Secure` unless the server is reached over plain HTTP on a
    /// non-loopback host (where a browser would drop them).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
            || matches!(self.public_url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"))
    }

    /// The absolute URL of a path on this server.
    pub fn url_for(&self, path: &str) -> String {
        let base = self.public_url.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }
}
