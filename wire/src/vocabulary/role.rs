//! A participant's role in a session: SPEC's role table, plus the customer.

use super::vocabulary;

vocabulary! {
    /// A participant's role in a session. What each role may do is the server's role table.
    pub enum Role as "role" {
        /// The session's owner: every feature.
        Primary = "primary",
        /// An internal technician the owner invited.
        Secondary = "secondary",
        /// An external technician invited by e-mail.
        Guest = "guest",
        /// The customer, with the app on the phone.
        Customer = "customer",
    }
}
