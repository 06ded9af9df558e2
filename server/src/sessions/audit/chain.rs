//! The seals that chain a session's trail. An entry's seal is
//! HMAC-SHA256(key, previous entry's seal ‖ the entry's canonical encoding): every field
//! length-prefixed, the detail as the compact JSON it is stored as, so an edit of any field, a
//! move to another place or another session, or a different key gives another seal. The
//! head's seal covers the session, its last seq and the last seal, so the trail's end is
//! sealed too.

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

use super::key::AuditKey;

/// One entry of the trail as it is sealed and exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Its place in the session's trail: 1, 2, 3…
    pub seq: i64,
    /// When it happened (ms since the Unix epoch).
    pub at: i64,
    /// Participant or technician id of whoever acted, if anyone.
    pub actor: Option<String>,
    pub kind: String,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    /// Hex HMAC-SHA256; none for entries written before the trail was chained.
    pub seal: Option<String>,
}

/// The end of a session's trail: the last seq handed out and its seal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Head {
    pub seq: i64,
    pub seal: Option<String>,
}

/// Field tags, so an entry's encoding can never be read as a head's.
const ENTRY: &[u8] = b"sightline-audit-entry-v1";
const HEAD: &[u8] = b"sightline-audit-head-v1";

/// An HMAC being fed length-prefixed fields.
struct Sealer(Hmac<Sha256>);

impl Sealer {
    fn new(key: &AuditKey, tag: &[u8]) -> Sealer {
        // HMAC pads a key shorter than the hash's block with zeros: the same MAC as the
        // 32-byte key, from a constructor that cannot fail.
        let mut block = [0u8; 64];
        block[..key.as_bytes().len()].copy_from_slice(key.as_bytes());
        let mut mac = <Hmac<Sha256> as KeyInit>::new(&block.into());
        mac.update(tag);
        Sealer(mac)
    }

    fn field(mut self, bytes: &[u8]) -> Sealer {
        self.0.update(&(bytes.len() as u64).to_be_bytes());
        self.0.update(bytes);
        self
    }

    fn optional(self, value: Option<&str>) -> Sealer {
        match value {
            Some(value) => self.field(b"1").field(value.as_bytes()),
            None => self.field(b"0"),
        }
    }

    fn finish(self) -> String {
        hex::encode(self.0.finalize().into_bytes())
    }
}

/// The seal of `entry` (its own `seal` aside) following `previous`, the seal of the entry
/// before it (none for the first, or after unsealed entries).
pub fn seal(key: &AuditKey, session_id: &str, previous: Option<&str>, entry: &Entry) -> String {
    Sealer::new(key, ENTRY)
        .optional(previous)
        .field(session_id.as_bytes())
        .field(&entry.seq.to_be_bytes())
        .field(&entry.at.to_be_bytes())
        .optional(entry.actor.as_deref())
        .field(entry.kind.as_bytes())
        .field(entry.detail.to_string().as_bytes())
        .finish()
}

/// The seal of a session's head: its last `seq` and the seal of the entry there.
pub fn head_seal(key: &AuditKey, session_id: &str, seq: i64, last: Option<&str>) -> String {
    Sealer::new(key, HEAD).field(session_id.as_bytes()).field(&seq.to_be_bytes()).optional(last).finish()
}
