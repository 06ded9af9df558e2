//! The signaling connection to the server: a WebSocket carrying `sightline_wire` messages.

use futures_util::{SinkExt, StreamExt};
use sightline_wire::signal::{ClientMessage, ServerMessage, PROTOCOL_VERSION};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::{Error, Result};

pub struct Signaling {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// What arrived on the signaling connection.
pub enum Incoming {
    Message(ServerMessage),
    /// The connection is gone.
    Closed,
}

impl Signaling {
    /// Connects to the server's customer endpoint (`/api/live`) at `server_url` (http or https),
    /// naming the session once it is known: a balancer in front of several nodes hashes on it,
    /// so the phone reaches the node its session's technicians reach.
    pub async fn connect(server_url: &str, session_id: Option<&str>) -> Result<Signaling> {
        let url = live_url(server_url, session_id)?;
        let (socket, _) = tokio_tungstenite::connect_async(url.as_str())
            .await
            .map_err(|err| Error::Signaling(format!("cannot reach {url}: {err}")))?;
        Ok(Signaling { socket })
    }

    pub async fn send(&mut self, message: &ClientMessage) -> Result<()> {
        self.socket
            .send(Message::text(message.to_json()))
            .await
            .map_err(|err| Error::Signaling(format!("sending failed: {err}")))
    }

    /// The next server message; unreadable messages are reported, not fatal.
    pub async fn recv(&mut self) -> Incoming {
        loop {
            match self.socket.next().await {
                Some(Ok(Message::Text(text))) => match ServerMessage::parse(text.as_str()) {
                    Ok(message) => return Incoming::Message(message),
                    Err(err) => tracing::warn!(%err, "unreadable message from the server"),
                },
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return Incoming::Closed,
                Some(Ok(_)) => {}
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}

/// A connection to the session's own live endpoint, greeted with the session's token.
pub async fn session_connection(server_url: &str, session_id: &str, token: &str) -> Result<Signaling> {
    let mut signaling = Signaling::connect(server_url, Some(session_id)).await?;
    signaling.send(&ClientMessage::Hello { token: token.to_owned(), protocol: PROTOCOL_VERSION }).await?;
    Ok(signaling)
}

/// `http://host:port/...` → `ws://host:port/api/live` (https → wss), with `?session=ID` when given.
pub fn live_url(server_url: &str, session_id: Option<&str>) -> Result<url::Url> {
    let mut url = url::Url::parse(server_url).map_err(|err| Error::InvalidConfig(format!("server URL {server_url:?}: {err}")))?;
    let scheme = match url.scheme() {
        "http" | "ws" => "ws",
        "https" | "wss" => "wss",
        other => return Err(Error::InvalidConfig(format!("server URL scheme {other:?}: use http or https"))),
    };
    url.set_scheme(scheme).map_err(|()| Error::InvalidConfig("cannot build the live URL".into()))?;
    url.set_path("/api/live");
    url.set_query(None);
    if let Some(session_id) = session_id {
        url.query_pairs_mut().append_pair("session", session_id);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_urls_follow_the_server_scheme() {
        assert_eq!(live_url("http://127.0.0.1:8080", None).expect("url").as_str(), "ws://127.0.0.1:8080/api/live");
        assert_eq!(live_url("https://help.example.org/x?y", None).expect("url").as_str(), "wss://help.example.org/api/live");
        assert_eq!(live_url("https://help.example.org/x?y", Some("a b")).expect("url").as_str(), "wss://help.example.org/api/live?session=a+b");
        assert!(matches!(live_url("ftp://x", None), Err(Error::InvalidConfig(_))));
        assert!(live_url("not a url", None).is_err());
    }
}
