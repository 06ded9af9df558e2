//! The STUN/TURN servers the relay uses and hands to every participant, with their TURN
//! credentials: none, one static pair for everyone, or short-lived ones made per participant
//! from a secret shared with the TURN server (the "TURN REST API" scheme that coturn checks
//! with `use-auth-secret`): the user name is `expiry:peer`, the password
//! base64(HMAC-SHA1(secret, user name)). A leaked pair then names who it was made for and
//! stops working at its expiry; the secret itself never leaves the server.

use std::fmt;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sightline_wire::signal::IceServer;

use crate::error::{Error, Result};

/// The servers and how their TURN credentials are made.
#[derive(Debug, Clone, Default)]
pub struct IceServers {
    urls: Vec<String>,
    turn_auth: TurnAuth,
}

/// How `turn:` and `turns:` servers are signed in to.
#[derive(Debug, Clone, Default)]
pub enum TurnAuth {
    /// No credentials (STUN only, or an open TURN server).
    #[default]
    None,
    /// The same user name and password for every participant.
    Static { username: String, password: String },
    /// Credentials per participant, valid for a while, from a shared secret.
    Shared(SharedSecret),
}

/// The secret shared with the TURN server, and how long the credentials made from it last.
#[derive(Clone)]
pub struct SharedSecret {
    /// HMAC-SHA1 keyed with the secret, cloned for each credential.
    keyed: Hmac<Sha1>,
    lifetime: Duration,
}

impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedSecret").field("secret", &"<hidden>").field("lifetime", &self.lifetime).finish()
    }
}

impl SharedSecret {
    /// `secret` as the TURN server's `static-auth-secret` holds it.
    pub fn new(secret: &str, lifetime: Duration) -> Result<SharedSecret> {
        if secret.is_empty() {
            return Err(Error::TurnSecret("the TURN secret is empty".into()));
        }
        if lifetime.is_zero() {
            return Err(Error::TurnSecret("TURN credentials must last longer than zero seconds".into()));
        }
        let keyed = <Hmac<Sha1> as Mac>::new_from_slice(secret.as_bytes())
            .map_err(|err| Error::TurnSecret(format!("the TURN secret cannot key HMAC-SHA1: {err}")))?;
        Ok(SharedSecret { keyed, lifetime })
    }

    /// The secret in the file at `path` (its first line; surrounding white space is ignored).
    pub fn from_file(path: &Path, lifetime: Duration) -> Result<SharedSecret> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| Error::TurnSecret(format!("cannot read {}: {err}", path.display())))?;
        SharedSecret::new(text.lines().next().unwrap_or_default().trim(), lifetime)
    }

    /// A user name and password for `peer`, valid until `now` + the lifetime.
    pub fn credentials(&self, peer: &str, now: SystemTime) -> (String, String) {
        let expiry = now.duration_since(UNIX_EPOCH).unwrap_or_default().saturating_add(self.lifetime).as_secs();
        let username = format!("{expiry}:{peer}");
        let mut mac = self.keyed.clone();
        mac.update(username.as_bytes());
        let password = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        (username, password)
    }
}

impl IceServers {
    pub fn new(urls: Vec<String>, turn_auth: TurnAuth) -> IceServers {
        IceServers { urls, turn_auth }
    }

    /// The servers as `peer` (a participant id, or the relay itself) is to use them now.
    pub fn for_peer(&self, peer: &str, now: SystemTime) -> Vec<IceServer> {
        let credentials = match &self.turn_auth {
            TurnAuth::None => None,
            TurnAuth::Static { username, password } => Some((username.clone(), password.clone())),
            TurnAuth::Shared(secret) => Some(secret.credentials(peer, now)),
        };
        self.urls
            .iter()
            .map(|url| {
                let (username, credential) = match &credentials {
                    Some((username, password)) if is_turn(url) => (Some(username.clone()), Some(password.clone())),
                    _ => (None, None),
                };
                IceServer { urls: vec![url.clone()], username, credential }
            })
            .collect()
    }
}

fn is_turn(url: &str) -> bool {
    url.starts_with("turn:") || url.starts_with("turns:")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn shared_secret_credentials_follow_the_turn_rest_api() {
        // Reference value: HMAC-SHA1 over "1700086400:participant-1" with key "north-wind",
        // computed independently with `openssl dgst -sha1 -hmac north-wind -binary | base64`.
        let secret = SharedSecret::new("north-wind", Duration::from_secs(86_400)).unwrap();
        let (username, password) = secret.credentials("participant-1", at(1_700_000_000));
        assert_eq!(username, "1700086400:participant-1");
        assert_eq!(password, "lJEvcExYdP2Vw1IJTibMJMee7/A=");
    }

    #[test]
    fn only_turn_servers_carry_credentials_and_each_peer_gets_its_own() {
        let secret = SharedSecret::new("north-wind", Duration::from_secs(600)).unwrap();
        let servers = IceServers::new(
            vec!["stun:stun.example.org:3478".into(), "turn:turn.example.org:3478".into()],
            TurnAuth::Shared(secret),
        );
        let first = servers.for_peer("a", at(1_000));
        let second = servers.for_peer("b", at(1_000));
        assert_eq!((first[0].username.as_deref(), first[0].credential.as_deref()), (None, None));
        assert_eq!(first[1].username.as_deref(), Some("1600:a"));
        assert_ne!(first[1].credential, second[1].credential);
    }

    #[test]
    fn an_empty_secret_is_refused() {
        assert!(matches!(SharedSecret::new("", Duration::from_secs(1)), Err(Error::TurnSecret(_))));
    }
}
