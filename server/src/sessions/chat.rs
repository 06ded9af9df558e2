//! The session's chat: stored in order, sent live to everyone allowed to chat, and
//! idempotent per sender message id so a resend after a reconnect never duplicates.
//! Each sender is rate-limited (`Settings::chat_limit`).

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use sightline_wire::signal::{ChatMessage, ServerMessage, MAX_CHAT_TEXT_CHARS as MAX_TEXT_CHARS};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::notify;
use super::rights::Feature;
use super::seat::{self, Seat};
use super::store::participants::{self, StoredParticipant};
use super::store::chat::{self, NewMessage, StoredMessage};
use super::store::sessions;
use crate::accounts::orgs;
use crate::auth::Member;
use crate::db::now_ms;
use crate::error::{Error, ErrorBody, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::live::Hint;
use crate::rate_limit;
use crate::state::AppState;

const MAX_CLIENT_ID_CHARS: usize = 64;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(chat_history, post_chat))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewChatMessage {
    /// The sender's own id for this message: sending it again returns the stored one.
    pub client_id: String,
    pub text: String,
}

/// Stores a message from `seat` and sends it to everyone allowed to chat; a resend of
/// a stored `client_id` goes back to the sender only. Returns the stored message and
/// whether it is new.
pub async fn post(state: &AppState, seat: &Seat, client_id: &str, text: &str) -> Result<(ChatMessage, bool)> {
    seat.require(Feature::Chat)?;
    let client_id = client_id.trim();
    if client_id.is_empty() || client_id.chars().count() > MAX_CLIENT_ID_CHARS || !client_id.chars().all(|c| c.is_ascii_graphic()) {
        return Err(Error::InvalidInput(format!("client_id must be 1 to {MAX_CLIENT_ID_CHARS} visible ASCII characters")));
    }
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::InvalidInput(format!("a chat message must have 1 to {MAX_TEXT_CHARS} characters")));
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Error::InvalidInput("a chat message must not contain control characters".into()));
    }
    rate_limit::take(&state.db, &[(&format!("chat:{}", seat.participant_id), state.settings.chat_limit)]).await?;
    let new = NewMessage { session_id: &seat.session_id, participant_id: &seat.participant_id, client_id, body: text, sent_at: now_ms() };
    let inserted = chat::insert(&state.db, new).await?;
    let message = stored(state, seat, client_id).await?;
    let live = ServerMessage::Chat { message: message.clone() };
    if inserted {
        notify::to_allowed(state, &seat.session_id, Feature::Chat, live).await?;
        state.hints.publish(Hint::Chat { session_id: seat.session_id.clone() }).await;
    } else {
        state.connections.send(&seat.participant_id, live);
    }
    Ok((message, inserted))
}

/// The message as shown, with its sender's name and role (of everyone who has been in the session).
fn message(row: StoredMessage, people: &[StoredParticipant]) -> Result<ChatMessage> {
    let sender = people
        .iter()
        .find(|p| p.id == row.participant_id)
        .ok_or_else(|| Error::Internal(format!("chat message {} has no sender", row.id)))?;
    Ok(ChatMessage {
        seq: row.id,
        display_name: sender.display_name.clone(),
        role: sender.role,
        from: row.participant_id,
        text: row.body,
        sent_at: row.sent_at,
        client_id: row.client_id,
    })
}

async fn stored(state: &AppState, seat: &Seat, client_id: &str) -> Result<ChatMessage> {
    let row = chat::by_client_id(&state.db, &seat.participant_id, client_id).await?;
    message(row, &participants::of_session(&state.db, &seat.session_id).await?)
}

/// The chat `seat` may see, oldest first: all of it, or when the organisation sets
/// N minutes, from N minutes before the participant joined.
pub async fn history(state: &AppState, seat: &Seat) -> Result<Vec<ChatMessage>> {
    seat.require(Feature::Chat)?;
    let session = sessions::fetch(&state.db, &seat.session_id).await?.ok_or(Error::NotFound("session"))?;
    let minutes = orgs::fetch(&state.db, &session.org_id).await?.chat_history_minutes;
    // No setting, or 0: the whole history.
    let since = minutes.filter(|m| *m > 0).map_or(i64::MIN, |m| seat.joined_at.saturating_sub(m.saturating_mul(60_000)));
    let rows = chat::of_session_since(&state.db, &seat.session_id, since).await?;
    let people = participants::of_session(&state.db, &seat.session_id).await?;
    rows.into_iter().map(|row| message(row, &people)).collect()
}

/// Sends every participant connected here who may chat the history it may see (after
/// a message added on another node, or hints missed): the consoles and the SDK merge it by
/// `seq`, so what they had already is not repeated.
pub async fn resend_history(state: &AppState, session_id: &str) -> Result<()> {
    for seat in seat::seats(&state.db, session_id).await? {
        if seat.may(Feature::Chat) && state.connections.is_connected(&seat.participant_id) {
            state.connections.send(&seat.participant_id, ServerMessage::ChatHistory { messages: history(state, &seat).await? });
        }
    }
    Ok(())
}

/// The session's chat the caller may see, oldest first.
#[utoipa::path(get, path = "/api/sessions/{id}/chat", tag = "chat", params(("id" = String, Path)),
    responses((status = 200, body = Vec<ChatMessage>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn chat_history(State(state): State<AppState>, member: Member, ApiPath(id): ApiPath<String>) -> Result<ApiJson<Vec<ChatMessage>>> {
    let (_, seat) = seat::for_member(&state.db, &member, &id).await?;
    Ok(ApiJson(history(&state, &seat).await?))
}

/// Send a chat message (201), or get back the stored one for a `client_id` already sent (200).
#[utoipa::path(post, path = "/api/sessions/{id}/chat", tag = "chat", params(("id" = String, Path)), request_body = NewChatMessage,
    responses((status = 429, body = ErrorBody), (status = 201, body = ChatMessage), (status = 200, body = ChatMessage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_chat(
    State(state): State<AppState>,
    member: Member,
    ApiPath(id): ApiPath<String>,
    ApiJson(new): ApiJson<NewChatMessage>,
) -> Result<(StatusCode, ApiJson<ChatMessage>)> {
    let (_, seat) = seat::for_member(&state.db, &member, &id).await?;
    let (message, fresh) = post(&state, &seat, &new.client_id, &new.text).await?;
    Ok((if fresh { StatusCode::CREATED } else { StatusCode::OK }, ApiJson(message)))
}
