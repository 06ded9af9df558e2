//! The session's chat, as the app shows it.

use sightline_sdk_core::session::{ChatListener as CoreChatListener, ChatMessage};

use crate::listeners::Slot;

/// One message of the session's chat.
#[uniffi::remote(Record)]
pub struct ChatMessage {
    /// The message's place in the session's chat (increasing).
    pub seq: i64,
    /// The sender's participant id and name in the session.
    pub author_id: String,
    pub author_name: String,
    /// Whether this phone sent it.
    pub from_customer: bool,
    pub text: String,
    /// When the server received it, in milliseconds since the Unix epoch.
    pub sent_at_ms: i64,
    /// The sender's own id for the message (for this phone's: what `send_chat` returned).
    pub client_id: String,
}

/// What the app hears of the chat: each message once, in order (the technicians', and the
/// customer's own once the server stored them). Called from the SDK's threads.
#[uniffi::export(foreign)]
pub trait ChatListener: Send + Sync {
    fn on_chat_message(&self, message: ChatMessage);
}

impl CoreChatListener for Slot<dyn ChatListener> {
    fn on_chat_message(&self, message: ChatMessage) {
        self.deliver("on_chat_message", |listener| listener.on_chat_message(message));
    }
}
