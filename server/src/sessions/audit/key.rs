//! The key that seals the audit trail: 32 random bytes kept outside the database, in a
//! file of their own (created with owner-only permissions on first start), so whoever can
//! write to the database cannot make a seal that verifies.

use std::io::Write;
use std::path::Path;

use rand::rngs::OsRng;
use rand::RngCore;

use crate::error::{Error, Result};

/// How many bytes a key has.
pub const KEY_BYTES: usize = 32;

#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey([u8; KEY_BYTES]);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

impl AuditKey {
    /// A fresh random key.
    pub fn generate() -> AuditKey {
        let mut bytes = [0; KEY_BYTES];
        OsRng.fill_bytes(&mut bytes);
        AuditKey(bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The key in the file at `path`, which must hold exactly 32 bytes.
    pub fn load(path: &Path) -> Result<AuditKey> {
        let bytes = std::fs::read(path).map_err(|err| Error::AuditKey(format!("cannot read {}: {err}", path.display())))?;
        let bytes: [u8; KEY_BYTES] = bytes
            .try_into()
            .map_err(|bytes: Vec<u8>| Error::AuditKey(format!("{} holds {} bytes, not {KEY_BYTES}", path.display(), bytes.len())))?;
        Ok(AuditKey(bytes))
    }

    /// The key in the file at `path`, created there (readable by its owner only) if there is none.
    pub fn load_or_create(path: &Path) -> Result<AuditKey> {
        if path.exists() {
            return AuditKey::load(path);
        }
        let key = AuditKey::generate();
        key.save(path)?;
        Ok(key)
    }

    /// Writes the key to a new file at `path` (never over an existing one), owner-only.
    pub fn save(&self, path: &Path) -> Result<()> {
        let failed = |err: std::io::Error| Error::AuditKey(format!("cannot create {}: {err}", path.display()));
        if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(failed)?;
        file.write_all(&self.0).and_then(|()| file.sync_all()).map_err(failed)
    }
}
