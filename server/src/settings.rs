//! Resolved runtime settings shared by every handler.

use std::time::Duration;

use url::Url;

use crate::blobs::BlobLocation;
use crate::mail::SmtpSettings;
use crate::media::RelaySettings;
use crate::rate_limit::Limit;
use crate::sessions::audit::key::AuditKey;


const MINUTE: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
pub struct Settings {
    /// The address customers and technicians reach this server at (links, QR codes, cookies).
    pub public_url: Url,
    /// How long a join code stays valid while no customer has used it.
    pub join_code_ttl: Duration,
    /// How long a technician stays signed in.
    pub login_ttl: Duration,
    /// Sign-in attempts per (account, client address).
    pub login_limit: Limit,
    /// Sign-in attempts per client address, whatever the account.
    pub login_client_limit: Limit,
    /// Join-code and guest-link look-ups per client address.
    pub join_limit: Limit,
    /// Chat messages per sender.
    pub chat_limit: Limit,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Largest picture the phone may upload, in bytes.
    pub max_upload_bytes: usize,
    /// Where pictures are kept (the command line's default: beside the SQLite data).
    pub blobs: BlobLocation,
    /// How long a technician's live connection may stay away before they count as
    /// having left the session (a network blip or a page reload is not leaving).
    pub reconnect_grace: Duration,
    /// How the media relay reaches phones and browsers.
    pub relay: RelaySettings,
    /// The bearer token `/metrics` requires; `None` leaves it open.
    pub metrics_token: Option<String>,
    /// Where mail goes out; `None` keeps it in the local outbox.
    pub smtp: Option<SmtpSettings>,
    /// The key that seals the audit trail (kept outside the database).
    pub audit_key: AuditKey,
}

impl Settings {
    pub fn new(public_url: Url, audit_key: AuditKey) -> Settings {
        Settings {
            public_url,
            join_code_ttl: Duration::from_secs(15 * 60),
            login_ttl: Duration::from_secs(12 * 60 * 60),
            login_limit: Limit { free: 5, first_delay: MINUTE, quiet: 15 * MINUTE },
            login_client_limit: Limit { free: 20, first_delay: MINUTE, quiet: 15 * MINUTE },
            join_limit: Limit { free: 20, first_delay: MINUTE, quiet: 10 * MINUTE },
            chat_limit: Limit { free: 20, first_delay: Duration::from_secs(1), quiet: Duration::from_secs(5) },
            // Room for the longest texts (20,000 characters) even when every one is JSON-escaped.
            max_body_bytes: 256 * 1024,
            max_upload_bytes: 24 * 1024 * 1024,
            blobs: BlobLocation::Memory,
            reconnect_grace: Duration::from_secs(30),
            relay: RelaySettings::default(),
            metrics_token: None,
            smtp: None,
            audit_key,
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
