//! Password hashing with argon2id, off the async threads.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::rngs::OsRng;

use crate::error::{Error, Result};

pub const MIN_PASSWORD_LEN: usize = 10;
const MAX_PASSWORD_LEN: usize = 256;

/// Checks that a chosen password is acceptable.
pub fn validate(password: &str) -> Result<()> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_LEN {
        return Err(Error::InvalidInput(format!("the password must have at least {MIN_PASSWORD_LEN} characters")));
    }
    if len > MAX_PASSWORD_LEN {
        return Err(Error::InvalidInput(format!("the password must have at most {MAX_PASSWORD_LEN} characters")));
    }
    Ok(())
}

/// Hashes a password into its PHC string (argon2id, random salt).
pub async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|err| Error::Internal(format!("password hashing failed: {err}")))
    })
    .await
    .map_err(|err| Error::Internal(format!("password hashing task failed: {err}")))?
}

/// Verifies a password against a stored PHC string. With no stored hash (unknown
/// account) it still spends the same work, so timing does not reveal which emails exist.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let stored = match stored {
            Some(stored) => stored,
            None => {
                let _ = Argon2::default().hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng));
                return Ok(false);
            }
        };
        let parsed =
            PasswordHash::new(&stored).map_err(|err| Error::Internal(format!("stored password hash unreadable: {err}")))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(|err| Error::Internal(format!("password verification task failed: {err}")))?
}

/// A random password for generated accounts (the first admin).
pub fn generate() -> String {
    super::secret::new_token()[..20].to_owned()
}
