//! Checks on names and addresses typed by users.

use crate::error::{Error, Result};

/// A trimmed, non-empty text of at most `max` characters without control characters.
pub fn text(field: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::InvalidInput(format!("{field} must not be empty")));
    }
    if value.chars().count() > max {
        return Err(Error::InvalidInput(format!("{field} must have at most {max} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::InvalidInput(format!("{field} must not contain control characters")));
    }
    Ok(value.to_owned())
}

/// A lower-cased email address of plausible shape.
pub fn email(value: &str) -> Result<String> {
    let value = text("email", value, 254)?.to_lowercase();
    let plausible = match value.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'),
        None => false,
    };
    if !plausible || value.contains(char::is_whitespace) {
        return Err(Error::InvalidInput(format!("{value:?} is not an email address")));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_and_emails_are_checked() {
        assert_eq!(text("name", "  Ann ", 10).expect("valid"), "Ann");
        assert!(text("name", "   ", 10).is_err());
        assert!(text("name", "abcdefghijk", 10).is_err());
        assert!(text("name", "a\u{7}b", 10).is_err());
        assert_eq!(email("Ann@Example.COM").expect("valid"), "ann@example.com");
        for bad in ["ann", "ann@", "@x.org", "ann@localhost", "a b@x.org", "ann@x."] {
            assert!(email(bad).is_err(), "{bad} accepted");
        }
    }
}
