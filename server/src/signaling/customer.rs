//! The customer app's live connection: the first message joins with the code, or
//! proves who it is with the token from an earlier join.

use std::time::Duration;

use axum::extract::ws::{Message, Utf8Bytes, WebSocket};
use axum::extract::State;
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use sightline_wire::signal::{ClientMessage, EndReason, ServerMessage, PROTOCOL_VERSION};

use super::connection::{self, error_message};
use super::peer::Peer;
use crate::live::Opener;
use super::technician::MAX_FRAME_BYTES;
use crate::auth::secret::hash_token;
use crate::error::{Error, ErrorBody};
use crate::extract::{ApiUpgrade, ClientAddr};
use crate::sessions::join;
use crate::sessions::model::{Role, SessionStatus};
use crate::sessions::store::{participants, sessions};
use crate::state::AppState;

/// How long the app has to send its first message.
const FIRST_MESSAGE_TIMEOUT: Duration = Duration::from_secs(10);
/// The oldest protocol this server still speaks.
const MIN_PROTOCOL: u32 = 1;

/// The customer app's live connection (WebSocket, signaling protocol; first message `join` or `hello`).
#[utoipa::path(get, path = "/api/live", tag = "signaling", responses((status = 101, description = "WebSocket upgrade"), (status = 400, body = ErrorBody)))]
pub async fn live(State(state): State<AppState>, ClientAddr(client): ClientAddr, ApiUpgrade(upgrade): ApiUpgrade) -> Response {
    upgrade.max_message_size(MAX_FRAME_BYTES).on_upgrade(move |socket| greet(state, client, socket))
}

async fn greet(state: AppState, client: String, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let first = tokio::time::timeout(FIRST_MESSAGE_TIMEOUT, stream.next()).await;
    let outcome = match first {
        Ok(Some(Ok(Message::Text(text)))) => match ClientMessage::parse(text.as_str()) {
            Ok(ClientMessage::Join { code, display_name, protocol, device }) => match check_protocol(protocol) {
                Ok(()) => join::claim(&state, &client, &code, display_name.as_deref(), device.as_ref())
                    .await
                    .map(|joined| {
                        let peer = Peer { session_id: joined.session_id.clone(), participant_id: joined.participant_id.clone(), role: Role::Customer, opener: Opener::default() };
                        let notice = ServerMessage::Joined { session_id: joined.session_id, participant_id: joined.participant_id, token: joined.token };
                        (peer, Some(notice))
                    })
                    .map_err(|err| refusal(&err)),
                Err(refused) => Err(refused),
            },
            Ok(ClientMessage::Hello { token, protocol }) => match check_protocol(protocol) {
                Ok(()) => identify(&state, &token).await.map(|peer| (peer, None)),
                Err(refused) => Err(refused),
            },
            Ok(_) => Err(ServerMessage::error("join_required", "the first message must be join (with the code) or hello (with the token)")),
            Err(err) => Err(ServerMessage::error(err.code(), err.to_string())),
        },
        Err(_) => Err(ServerMessage::error("join_required", "no join or hello arrived in time")),
        _ => return,
    };
    match outcome {
        Ok((peer, notice)) => {
            if let Some(notice) = notice {
                if sink.send(Message::Text(Utf8Bytes::from(notice.to_json()))).await.is_err() {
                    return;
                }
            }
            connection::serve(state, peer, sink, stream).await;
        }
        Err(refused) => {
            let _ = sink.send(Message::Text(Utf8Bytes::from(refused.to_json()))).await;
            let _ = sink.close().await;
        }
    }
}

fn check_protocol(protocol: u32) -> Result<(), ServerMessage> {
    if protocol < MIN_PROTOCOL {
        return Err(ServerMessage::Ended { reason: EndReason::SdkTooOld });
    }
    if protocol > PROTOCOL_VERSION {
        tracing::info!(protocol, "an SDK newer than this server connected; speaking version {PROTOCOL_VERSION}");
    }
    Ok(())
}

/// Join refusals the app shows as an end of the session rather than a passing error.
fn refusal(err: &Error) -> ServerMessage {
    match err {
        Error::InvalidJoinCode => ServerMessage::Ended { reason: EndReason::InvalidCode },
        Error::JoinCodeExpired => ServerMessage::Ended { reason: EndReason::SessionExpired },
        other => error_message(other),
    }
}

/// The customer behind a token, or the message that refuses them.
async fn identify(state: &AppState, token: &str) -> Result<Peer, ServerMessage> {
    let found = async {
        let Some(customer) = participants::by_token(&state.db, &hash_token(token), Role::Customer).await? else { return Ok(None) };
        Ok::<_, Error>(sessions::fetch(&state.db, &customer.session_id).await?.map(|session| (customer, session)))
    };
    match found.await.map_err(|err| error_message(&err))? {
        None => Err(ServerMessage::error("invalid_token", "this token does not belong to any session; join again with a code")),
        Some((_, session)) if session.status == SessionStatus::Ended => {
            Err(ServerMessage::Ended { reason: session.end_reason.unwrap_or(EndReason::TechnicianEnded) })
        }
        Some((customer, session)) => {
            Ok(Peer { session_id: session.id, participant_id: customer.id, role: Role::Customer, opener: Opener::default() })
        }
    }
}
