//! The session's chat, on the phone's side: the customer writes to the technicians and
//! reads what they write. [`Session::send_chat`](super::Session::send_chat) queues a
//! message under an id of the phone's own; it is sent at once, and again on every
//! reconnection until the server's copy comes back (the server keeps one message per id,
//! so a resend never duplicates it). The server's messages, and the history it sends on
//! each connection, are merged by their order (`seq`): the app's [`ChatListener`] hears
//! each message once, in order.

use std::sync::Arc;

use parking_lot::Mutex;
use sightline_wire::signal::{ChatMessage as WireChatMessage, ServerMessage, MAX_CHAT_TEXT_CHARS};
use sightline_wire::Role;

use crate::{Error, Result};

/// One message of the session's chat.
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl From<WireChatMessage> for ChatMessage {
    fn from(message: WireChatMessage) -> Self {
        ChatMessage {
            seq: message.seq,
            author_id: message.from,
            author_name: message.display_name,
            from_customer: message.role == Role::Customer,
            text: message.text,
            sent_at_ms: message.sent_at,
            client_id: message.client_id,
        }
    }
}

/// The app's listener for the chat. Called from the SDK's own threads; keep the calls short.
pub trait ChatListener: Send + Sync {
    /// A message arrived (the technicians', and this phone's own once the server stored it).
    fn on_chat_message(&self, message: ChatMessage);
}

/// A message the phone wrote that the server has not confirmed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Outgoing {
    pub client_id: String,
    pub text: String,
}

#[derive(Default)]
struct Held {
    /// Every message so far, by `seq`.
    messages: Vec<ChatMessage>,
    /// The phone's messages not yet confirmed, oldest first.
    pending: Vec<Outgoing>,
    /// How many messages the phone wrote in this session (names the next one).
    written: u64,
}

/// The session's chat.
#[derive(Default)]
pub struct Chat {
    held: Mutex<Held>,
    listener: Mutex<Option<Arc<dyn ChatListener>>>,
}

impl Chat {
    /// The messages so far, oldest first.
    pub fn messages(&self) -> Vec<ChatMessage> {
        self.held.lock().messages.clone()
    }

    /// Sets the listener that hears of every later message; read [`Chat::messages`] after
    /// setting it for what is already there.
    pub fn set_listener(&self, listener: Arc<dyn ChatListener>) {
        *self.listener.lock() = Some(listener);
    }

    /// Queues a message of the customer's; refuses an empty or too long one.
    pub(super) fn write(&self, text: &str) -> Result<Outgoing> {
        let text = text.trim();
        let chars = text.chars().count();
        if chars == 0 || chars > MAX_CHAT_TEXT_CHARS {
            return Err(Error::InvalidChatMessage(format!("a chat message has 1 to {MAX_CHAT_TEXT_CHARS} characters, not {chars}")));
        }
        let mut held = self.held.lock();
        held.written += 1;
        let outgoing = Outgoing { client_id: format!("phone-{}", held.written), text: text.to_owned() };
        held.pending.push(outgoing.clone());
        Ok(outgoing)
    }

    /// The messages to send (again) on a new connection.
    pub(super) fn pending(&self) -> Vec<Outgoing> {
        self.held.lock().pending.clone()
    }

    /// Applies a chat message from the server; others are ignored.
    pub(super) fn apply(&self, message: ServerMessage) {
        let arrived = match message {
            ServerMessage::Chat { message } => vec![message],
            ServerMessage::ChatHistory { messages } => messages,
            _ => return,
        };
        let fresh = {
            let mut held = self.held.lock();
            let mut fresh: Vec<ChatMessage> = Vec::new();
            for message in arrived.into_iter().map(ChatMessage::from) {
                if held.messages.iter().chain(&fresh).any(|m| m.seq == message.seq) {
                    continue;
                }
                if message.from_customer {
                    held.pending.retain(|p| p.client_id != message.client_id);
                }
                fresh.push(message);
            }
            fresh.sort_by_key(|m| m.seq);
            held.messages.extend(fresh.iter().cloned());
            held.messages.sort_by_key(|m| m.seq);
            fresh
        };
        let listener = self.listener.lock().clone();
        let Some(listener) = listener else { return };
        for message in fresh {
            listener.on_chat_message(message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Heard(Mutex<Vec<String>>);

    impl ChatListener for Heard {
        fn on_chat_message(&self, message: ChatMessage) {
            self.0.lock().push(message.text);
        }
    }

    fn wire(seq: i64, role: Role, text: &str, client_id: &str) -> WireChatMessage {
        WireChatMessage {
            seq,
            from: format!("p{seq}"),
            display_name: "Someone".into(),
            role,
            text: text.into(),
            sent_at: 1_700_000_000_000 + seq,
            client_id: client_id.into(),
        }
    }

    #[test]
    fn the_phone_s_messages_stay_pending_until_the_server_has_them() {
        let chat = Chat::default();
        let first = chat.write("  the red light blinks \n").expect("a message");
        let second = chat.write("twice").expect("a message");
        assert_ne!(first.client_id, second.client_id);
        assert_eq!(first.text, "the red light blinks", "the text is trimmed");
        assert_eq!(chat.pending(), vec![first.clone(), second.clone()]);

        chat.apply(ServerMessage::Chat { message: wire(1, Role::Customer, "the red light blinks", &first.client_id) });
        assert_eq!(chat.pending(), vec![second], "a confirmed message is not sent again");
        // A technician's message with the same id as one of the phone's is not the phone's.
        chat.apply(ServerMessage::Chat { message: wire(2, Role::Primary, "ok", "phone-2") });
        assert_eq!(chat.pending().len(), 1);
    }

    #[test]
    fn history_and_live_messages_are_heard_once_in_order() {
        let chat = Chat::default();
        let heard = Arc::new(Heard(Mutex::new(Vec::new())));
        chat.set_listener(heard.clone());
        chat.apply(ServerMessage::Chat { message: wire(2, Role::Primary, "second", "t-2") });
        chat.apply(ServerMessage::ChatHistory {
            messages: vec![wire(3, Role::Guest, "third", "g-1"), wire(1, Role::Primary, "first", "t-1"), wire(2, Role::Primary, "second", "t-2")],
        });
        chat.apply(ServerMessage::Chat { message: wire(3, Role::Guest, "third", "g-1") });
        assert_eq!(*heard.0.lock(), vec!["second", "first", "third"], "each message once; a history in seq order");
        let texts: Vec<String> = chat.messages().into_iter().map(|m| m.text).collect();
        assert_eq!(texts, vec!["first", "second", "third"], "the chat is held in seq order");
        chat.apply(ServerMessage::Viewers { count: 1 });
        assert_eq!(chat.messages().len(), 3, "other messages are ignored");
    }

    #[test]
    fn empty_and_overlong_messages_are_refused() {
        let chat = Chat::default();
        assert!(matches!(chat.write(" \n "), Err(Error::InvalidChatMessage(_))));
        assert!(matches!(chat.write(&"x".repeat(MAX_CHAT_TEXT_CHARS + 1)), Err(Error::InvalidChatMessage(_))));
        assert!(chat.write(&"x".repeat(MAX_CHAT_TEXT_CHARS)).is_ok());
        assert_eq!(chat.pending().len(), 1, "refused messages are not queued");
    }
}
