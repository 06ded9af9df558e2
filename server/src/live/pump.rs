//! The one loop every live WebSocket runs: it writes what the connection's outbox
//! holds, hands what the client sends to the connection's handler, pings on a
//! clock, and closes a connection that stayed silent too long.

use std::future::Future;
use std::time::Duration;

use axum::extract::ws::{Message, Utf8Bytes};
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use sightline_wire::{InboxMessage, ServerMessage};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::{interval, Instant};

/// A connection closes when nothing arrived for this long (pings keep it alive).
const IDLE_LIMIT: Duration = Duration::from_secs(45);

/// A message a live connection writes.
pub trait Outgoing {
    fn to_text(&self) -> String;
    /// The connection closes once this message is written.
    fn is_last(&self) -> bool;
}

impl Outgoing for ServerMessage {
    fn to_text(&self) -> String {
        self.to_json()
    }

    fn is_last(&self) -> bool {
        matches!(self, ServerMessage::Ended { .. })
    }
}

impl Outgoing for InboxMessage {
    fn to_text(&self) -> String {
        self.to_json()
    }

    fn is_last(&self) -> bool {
        matches!(self, InboxMessage::Ended { .. })
    }
}

/// What one kind of connection does with what the client sends, and on its clock.
pub trait Handler {
    /// A text message arrived.
    fn text(&mut self, text: &str) -> impl Future<Output = ()> + Send;
    /// A binary message arrived.
    fn binary(&mut self);
    /// The clock ticked and the connection is still alive (its ping went out).
    fn tick(&mut self) -> impl Future<Output = ()> + Send;
}

/// Serves a connection until either side closes it, its last message was written,
/// or it stayed silent past the idle limit; then closes the socket.
pub async fn pump<M, S, R, H>(mut sink: S, mut stream: R, mut outgoing: UnboundedReceiver<M>, tick_every: Duration, handler: &mut H)
where
    M: Outgoing,
    S: Sink<Message> + Unpin + Send,
    R: Stream<Item = Result<Message, axum::Error>> + Unpin + Send,
    H: Handler,
{
    let mut clock = interval(tick_every);
    let mut last_heard = Instant::now();
    loop {
        tokio::select! {
            message = outgoing.recv() => {
                let Some(message) = message else { break };
                let last = message.is_last();
                if sink.send(Message::Text(Utf8Bytes::from(message.to_text()))).await.is_err() || last {
                    break;
                }
            }
            incoming = stream.next() => {
                match incoming {
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                    Some(Ok(Message::Text(text))) => handler.text(text.as_str()).await,
                    Some(Ok(Message::Binary(_))) => handler.binary(),
                    Some(Ok(_)) => {}
                }
                last_heard = Instant::now();
            }
            _ = clock.tick() => {
                if last_heard.elapsed() > IDLE_LIMIT {
                    tracing::debug!("closing an idle connection");
                    break;
                }
                if sink.send(Message::Ping(Default::default())).await.is_err() {
                    break;
                }
                handler.tick().await;
            }
        }
    }
    let _ = sink.close().await;
}
