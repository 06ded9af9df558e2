//! Random secrets (session tokens, CSRF tokens, join codes) and how they are stored.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A URL-safe secret carrying 256 bits of randomness.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token: its SHA-256, hex. Tokens are random, so no salt is needed.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time independent of where they differ.
pub fn secrets_equal(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// A nine-digit join code for a customer, e.g. `042917385`.
pub fn new_join_code() -> String {
    format!("{:09}", OsRng.gen_range(0..1_000_000_000u32))
}

/// Normalises what a customer typed as a join code: digits only (spaces and dashes dropped).
pub fn normalise_join_code(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_and_hashes_stable() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), hash_token(&b));
    }

    #[test]
    fn join_codes_normalise() {
        assert_eq!(normalise_join_code("123-456 789").as_deref(), Some("123456789"));
        assert_eq!(normalise_join_code("12345678"), None);
        assert_eq!(normalise_join_code("12345678x"), None);
        assert!(normalise_join_code(&new_join_code()).is_some());
    }
}
