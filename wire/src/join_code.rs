//! Join codes as customers give them: nine digits, typed with spaces or dashes, or the
//! join link that ends with them. The server also reads internal invitations' codes so.

/// The code's digits, if `typed` is nine digits once spaces and dashes are dropped.
pub fn normalise(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    (digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The code in what a customer typed or pasted: the code itself or a link whose last
/// path segment is the code (a trailing slash and surrounding space allowed).
pub fn from_code_or_link(typed: &str) -> Option<String> {
    normalise(typed.trim().trim_end_matches('/').rsplit('/').next().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_normalise_and_links_give_their_code() {
        assert_eq!(normalise("123-456 789").as_deref(), Some("123456789"));
        assert_eq!(normalise("12345678"), None);
        assert_eq!(normalise("12345678x"), None);
        assert_eq!(normalise("١٢٣٤٥٦٧٨٩"), None, "digits of other scripts are not a code");
        assert_eq!(from_code_or_link(" https://help.example/join/123-456-789/ ").as_deref(), Some("123456789"));
        assert_eq!(from_code_or_link("123456789").as_deref(), Some("123456789"));
        assert_eq!(from_code_or_link("https://help.example/join/123456789/extra"), None);
        assert_eq!(from_code_or_link("/"), None);
    }
}
