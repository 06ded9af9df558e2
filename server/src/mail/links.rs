//! The secret part of links in a mail's text: a guest link's token is the recipient's
//! secret, kept in a mail only while the mail is on its way.

/// `text` with the secret part of every link starting with `prefix` hidden.
pub(super) fn hide(text: &str, prefix: &str) -> String {
    let mut hidden = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let after = &rest[at + prefix.len()..];
        let secret_len = after.find(|c: char| c.is_whitespace()).unwrap_or(after.len());
        hidden.push_str(&rest[..at + prefix.len()]);
        hidden.push_str("(hidden)");
        rest = &after[secret_len..];
    }
    hidden.push_str(rest);
    hidden
}
