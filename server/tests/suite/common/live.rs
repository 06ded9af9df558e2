//! Live connections over real sockets, as the phone app and the console open them.

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::Client;

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The origin the test app's console is served from.
pub const CONSOLE_ORIGIN: &str = "http://127.0.0.1:8080";

pub async fn customer_socket(addr: SocketAddr) -> Socket {
    tokio_tungstenite::connect_async(format!("ws://{addr}/api/live")).await.expect("connects").0
}

/// Opens a console WebSocket at `path` as `client`, from `origin`.
pub async fn console_socket(addr: SocketAddr, client: &Client, path: &str, origin: &str) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    let mut request = format!("ws://{addr}{path}").into_client_request().expect("request");
    request.headers_mut().insert("cookie", client.cookie.parse().expect("header"));
    request.headers_mut().insert("origin", origin.parse().expect("header"));
    tokio_tungstenite::connect_async(request).await.map(|(socket, _)| socket)
}

/// A connection kept open in the background: reading it answers the server's pings, so a
/// test that leaves it alone for longer than the server's idle limit does not lose it. The
/// connection closes when this is dropped.
pub struct KeptOpen(tokio::task::JoinHandle<()>);

pub fn keep_open(mut socket: Socket) -> KeptOpen {
    KeptOpen(tokio::spawn(async move { while let Some(Ok(_)) = socket.next().await {} }))
}

impl Drop for KeptOpen {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A technician's live connection to a session it is in.
pub async fn technician_socket(addr: SocketAddr, client: &Client, session_id: &str) -> Socket {
    console_socket(addr, client, &format!("/api/sessions/{session_id}/live"), CONSOLE_ORIGIN).await.expect("technician connects")
}

pub async fn send(socket: &mut Socket, message: Value) {
    socket.send(Message::text(message.to_string())).await.expect("send");
}

/// The next JSON message, skipping pings; `Null` when the connection closed. The bound is as
/// long as `eventually`'s: a hang fails the test, a loaded machine (a phone rendering and
/// encoding a full-resolution still in a debug build) still passes.
pub async fn next(socket: &mut Socket) -> Value {
    loop {
        match tokio::time::timeout(Duration::from_secs(60), socket.next()).await.expect("an answer in time") {
            Some(Ok(Message::Text(text))) => return serde_json::from_str(text.as_str()).expect("JSON"),
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return Value::Null,
            Some(Ok(_)) => {}
        }
    }
}

/// The next message of a given type, skipping others; `Null` when the connection closed.
pub async fn next_of(socket: &mut Socket, kind: &str) -> Value {
    next_where(socket, |m| m["type"] == kind).await
}

/// The next message for which `wanted` holds, skipping others; `Null` when the connection closed.
pub async fn next_where(socket: &mut Socket, wanted: impl Fn(&Value) -> bool) -> Value {
    loop {
        let message = next(socket).await;
        if message.is_null() || wanted(&message) {
            return message;
        }
    }
}

/// A customer joined over the live connection; returns the socket and the reconnect token.
pub async fn joined(addr: SocketAddr, code: &str) -> (Socket, String) {
    joined_as(addr, code, None).await
}

/// A customer joined over the live connection under `display_name`; returns the socket and the reconnect token.
pub async fn joined_as(addr: SocketAddr, code: &str, display_name: Option<&str>) -> (Socket, String) {
    let mut socket = customer_socket(addr).await;
    send(&mut socket, json!({"type": "join", "code": code, "display_name": display_name, "protocol": 1})).await;
    let joined = next(&mut socket).await;
    assert_eq!(joined["type"], "joined", "{joined}");
    assert_eq!(next(&mut socket).await["type"], "welcome");
    (socket, joined["token"].as_str().expect("token").to_owned())
}
