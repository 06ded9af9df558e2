//! The customer app's live connection: the first message proves who it is with
//! the token from its join.

use std::time::Duration;

use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use sightline_wire::signal::{ClientMessage, ServerMessage, PROTOCOL_VERSION};

use super::connection::{self, Peer};
use super::technician::MAX_FRAME_BYTES;
use crate::auth::secret::hash_token;
use crate::error::ErrorBody;
use crate::sessions::model::Role;
use crate::state::AppState;

/// How long the app has to send its `hello`.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);
/// The oldest protocol this server still speaks.
const MIN_PROTOCOL: u32 = 1;

/// The customer app's live connection (WebSocket, signaling protocol; first message `hello`).
#[utoipa::path(get, path = "/api/live", tag = "signaling", responses((status = 101, description = "WebSocket upgrade"), (status = 400, body = ErrorBody)))]
pub async fn live(State(state): State<AppState>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.max_message_size(MAX_FRAME_BYTES).on_upgrade(move |socket| greet(state, socket))
}

async fn greet(state: AppState, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let first = tokio::time::timeout(HELLO_TIMEOUT, stream.next()).await;
    let refusal = match first {
        Ok(Some(Ok(Message::Text(text)))) => match ClientMessage::parse(text.as_str()) {
            Ok(ClientMessage::Hello { token, protocol }) => match identify(&state, &token, protocol).await {
                Ok(peer) => return connection::serve(state, peer, sink, stream).await,
                Err(refusal) => refusal,
            },
            Ok(_) => ServerMessage::error("hello_required", "the first message must be hello with the join token"),
            Err(err) => ServerMessage::error(err.code(), err.to_string()),
        },
        Err(_) => ServerMessage::error("hello_required", "no hello arrived in time"),
        _ => return,
    };
    let _ = sink.send(Message::Text(Utf8Bytes::from(refusal.to_json()))).await;
    let _ = sink.close().await;
}

/// The customer behind a token, or the message that refuses them.
async fn identify(state: &AppState, token: &str, protocol: u32) -> Result<Peer, ServerMessage> {
    if protocol < MIN_PROTOCOL {
        return Err(ServerMessage::Ended { reason: "sdk_too_old".into() });
    }
    if protocol > PROTOCOL_VERSION {
        tracing::info!(protocol, "an SDK newer than this server connected; speaking version {PROTOCOL_VERSION}");
    }
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT p.id, p.session_id, s.status FROM participants p JOIN sessions s ON s.id = p.session_id \
         WHERE p.token_hash = $1 AND p.role = 'customer'",
    )
    .bind(hash_token(token))
    .fetch_optional(&state.db.pool)
    .await
    .map_err(|err| connection::error_message(&err.into()))?;
    match row {
        None => Err(ServerMessage::error("invalid_token", "this token does not belong to any session; join again with a code")),
        Some((_, _, status)) if status == "ended" => Err(ServerMessage::Ended { reason: "session_ended".into() }),
        Some((participant_id, session_id, _)) => Ok(Peer { session_id, participant_id, role: Role::Customer }),
    }
}
